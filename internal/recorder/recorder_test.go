package recorder

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/callboard/callboard/desk"
	"github.com/callboard/callboard/journal"
	"github.com/callboard/callboard/model"
)

// epoch is the tests' clock start: a Monday morning.
func epoch() time.Time { return time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC) }

// openStore opens a journal in the test's directory.
func openStore(t *testing.T) journal.Store {
	t.Helper()
	s, err := journal.OpenSQLite(context.Background(), filepath.Join(t.TempDir(), "journal.db"), journal.Options{Name: "test"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// gatedStore holds RecordBatch until the test opens the gate, and fails
// the first fail commits.
type gatedStore struct {
	journal.Store
	gate    chan struct{} // closed: commits go through
	entered chan struct{} // receives when a commit waits at the gate
	mu      sync.Mutex
	fail    int
	batches []int
}

func (g *gatedStore) RecordBatch(ctx context.Context, evs []journal.Event) ([]bool, error) {
	select {
	case g.entered <- struct{}{}:
	default:
	}
	<-g.gate
	g.mu.Lock()
	if g.fail > 0 {
		g.fail--
		g.mu.Unlock()
		return nil, errors.New("disk I/O error")
	}
	g.batches = append(g.batches, len(evs))
	g.mu.Unlock()
	return g.Store.RecordBatch(ctx, evs)
}

func ring(id string, at time.Time) journal.Event {
	return journal.Event{Kind: journal.KindRang, CallID: id, At: at, Direction: journal.DirectionIn,
		Party: journal.Party{Name: "Jane Roe", Number: "+14155550123"}}
}

// While one commit waits for the disk, what the console records queues up
// and goes in the next transaction: the console never waits.
func TestWriterCommitsWhatQueuedInOneTransaction(t *testing.T) {
	g := &gatedStore{Store: openStore(t), gate: make(chan struct{}), entered: make(chan struct{}, 1)}
	w := Start(t.Context(), g, Options{})
	defer w.Close()
	w.Record(ring("first", epoch()))
	<-g.entered // the first commit is at the disk
	for i := range 50 {
		w.Record(ring("c"+string(rune('A'+i)), epoch()))
	}
	if n, _ := w.Pending(); n != 51 {
		t.Errorf("pending = %d, want 51 while the first commit waits", n)
	}
	close(g.gate)
	if err := w.Flush(t.Context()); err != nil {
		t.Fatal(err)
	}
	g.mu.Lock()
	batches := slices.Clone(g.batches)
	g.mu.Unlock()
	if !slices.Equal(batches, []int{1, 50}) {
		t.Errorf("batches = %v, want [1 50]: the queued events in one transaction", batches)
	}
	if _, err := g.Call(t.Context(), "cX"); err != nil {
		t.Errorf("an event of the second batch is not in the journal: %v", err)
	}
}

// A commit that fails is tried again, in order, until it succeeds; the
// error is visible meanwhile.
func TestWriterRetriesAFailedCommit(t *testing.T) {
	g := &gatedStore{Store: openStore(t), gate: make(chan struct{}), entered: make(chan struct{}, 1), fail: 2}
	close(g.gate)
	w := Start(t.Context(), g, Options{})
	w.Record(ring("a", epoch()))
	w.Record(journal.Event{Kind: journal.KindEnded, CallID: "a", At: epoch().Add(time.Minute)})
	if err := w.Flush(t.Context()); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Pending(); err != nil {
		t.Errorf("the error stays after a commit succeeded: %v", err)
	}
	c, err := g.Call(t.Context(), "a")
	if err != nil || c.Outcome != journal.OutcomeMissed {
		t.Errorf("call after retries = %+v, %v; want missed", c, err)
	}
	if err := w.Close(); err != nil {
		t.Error(err)
	}
}

// Close writes what is queued; an invalid event never reaches a batch; an
// event after Close is not accepted.
func TestWriterCloseWritesWhatIsQueued(t *testing.T) {
	s := openStore(t)
	var mu sync.Mutex
	var committed int
	w := Start(t.Context(), s, Options{OnCommit: func(q []time.Time, at time.Time) {
		mu.Lock()
		defer mu.Unlock()
		committed += len(q)
		for _, t0 := range q {
			if at.Before(t0) {
				t.Errorf("committed at %v before it was queued at %v", at, t0)
			}
		}
	}})
	w.Record(journal.Event{Kind: journal.KindRang, CallID: "no time"})
	for i := range 20 {
		w.Record(ring(string(rune('a'+i)), epoch()))
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	w.Record(ring("late", epoch()))
	if err := w.Flush(t.Context()); err != nil {
		t.Errorf("Flush after Close: %v", err)
	}
	mu.Lock()
	defer mu.Unlock()
	if committed != 20 {
		t.Errorf("%d events committed, want the 20 valid ones", committed)
	}
	if _, err := s.Call(t.Context(), "late"); !errors.Is(err, journal.ErrNotFound) {
		t.Errorf("an event after Close was written: %v", err)
	}
}

// line is a desk and a Follower recording it into a journal through a
// Writer, stepped as the console steps them.
type line struct {
	t     *testing.T
	d     *desk.Desk
	f     *Follower
	w     *Writer
	s     journal.Store
	now   time.Time
	polls []desk.Poll
	ops   []desk.Operation
}

func newLine(t *testing.T, s journal.Store) *line {
	t.Helper()
	return newLineWith(t, s, desk.Config{})
}

// newLineWith is newLine with a desk configured by cfg (its other lines).
func newLineWith(t *testing.T, s journal.Store, cfg desk.Config) *line {
	t.Helper()
	w := Start(t.Context(), s, Options{Operator: "alex"})
	t.Cleanup(func() { _ = w.Close() })
	cfg.Order = model.OrderRingingFirst
	l := &line{t: t, d: desk.New(cfg), w: w, s: s, now: epoch()}
	l.f = NewFollower(w, journal.Line{Label: "Front desk"})
	return l
}

func (l *line) step(ev desk.Event) {
	l.t.Helper()
	out := l.d.Step(l.now, ev)
	for _, e := range out {
		switch e := e.(type) {
		case desk.Poll:
			l.polls = append(l.polls, e)
		case desk.Send:
			l.ops = append(l.ops, e.Op)
		}
	}
	l.f.Follow(l.now, l.d, out)
}

// poll answers a poll of the operator's own line with calls, at d after
// the start.
func (l *line) poll(at time.Duration, calls ...model.Call) {
	l.t.Helper()
	l.pollLine(at, "", calls...)
}

// pollLine answers the oldest poll out for the line with id with calls,
// at d after the start (or when the desk got round to asking for it):
// without one out, it asks for every line and wakes the desk until it
// polls the line.
func (l *line) pollLine(at time.Duration, id string, calls ...model.Call) {
	l.t.Helper()
	l.now = latest(l.now, epoch().Add(at))
	of := func(p desk.Poll) bool { return p.Line == id }
	if !slices.ContainsFunc(l.polls, of) {
		l.step(desk.Refresh{})
	}
	for range 20 {
		if slices.ContainsFunc(l.polls, of) {
			break
		}
		l.now = latest(l.now, l.d.NextWake())
		l.step(desk.Tick{})
	}
	i := slices.IndexFunc(l.polls, of)
	if i < 0 {
		l.t.Fatalf("no poll of line %q is out: %+v", id, l.polls)
	}
	p := l.polls[i]
	l.polls = slices.Delete(l.polls, i, i+1)
	l.step(desk.Polled{Seq: p.Seq, Line: id, Calls: calls})
}

// reply answers the oldest operation sent.
func (l *line) reply(res desk.Result) desk.Operation {
	l.t.Helper()
	op := l.ops[0]
	l.ops = l.ops[1:]
	l.step(desk.Replied{ID: op.ID, Result: res})
	return op
}

// latest returns the later of two times.
func latest(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

func (l *line) flush() {
	l.t.Helper()
	if err := l.w.Flush(l.t.Context()); err != nil {
		l.t.Fatal(err)
	}
}

func (l *line) call(id string) journal.Call {
	l.t.Helper()
	l.flush()
	c, err := l.s.Call(l.t.Context(), id)
	if err != nil {
		l.t.Fatalf("call %s: %v", id, err)
	}
	return c
}

// caller builds a call on the line.
func caller(id, name, number string, st model.State, p model.Personality) model.Call {
	c := model.Call{ID: id, SessionID: "s-" + id, Personality: p, State: st,
		Remote: model.Party{Name: name, Number: number}, Created: epoch()}
	if st == model.StateConnected || st == model.StateHeld {
		c.Answered = epoch().Add(4 * time.Second)
	}
	return c
}

func in(id, name, number string, st model.State) model.Call {
	return caller(id, name, number, st, model.PersonalityTerminator)
}

// A call as the desk sees it, recorded as it happens: who, which queue,
// when it rang, was answered, held, parked where; the park survives in
// the journal and the desk of a restarted console gets it back.
func TestFollowerRecordsACall(t *testing.T) {
	s := openStore(t)
	l := newLine(t, s)
	l.step(desk.Tick{})
	ringing := in("c", "Jane Roe", "+14155550123", model.StateAlerting)
	ringing.Redirections = []model.Redirection{{Reason: model.RedirectCallQueue, Party: model.Party{Name: "Sales queue", Number: "5001"}}}
	l.poll(time.Second, ringing)
	l.poll(5*time.Second, in("c", "Jane Roe", "+14155550123", model.StateConnected))
	l.poll(20*time.Second, in("c", "Jane Roe", "+14155550123", model.StateHeld))
	l.poll(50*time.Second, in("c", "Jane Roe", "+14155550123", model.StateConnected))
	l.step(desk.Intent{Actions: []model.Action{model.ActionPark}, CallID: "c", Name: "Jane Roe"})
	l.reply(desk.Result{ParkedAt: model.Party{Name: "Call Park 7001", Number: "7001"}})
	l.poll(time.Minute) // the parked call left the line
	c := l.call("c")
	want := journal.Call{ID: c.ID, CallID: "c", SessionID: "s-c", Direction: journal.DirectionIn,
		Party: journal.Party{Name: "Jane Roe", Number: "+14155550123"}, Line: journal.Line{Label: "Front desk"}, Queue: "Sales queue",
		Rang: epoch(), Answered: epoch().Add(4 * time.Second), Ended: epoch().Add(time.Minute), Outcome: journal.OutcomeParked,
		Held: 30 * time.Second, Holds: 1, Target: "7001"}
	if !sameCall(c, want) {
		t.Errorf("recorded\n%+v\nwant\n%+v", c, want)
	}
	r, err := Restore(t.Context(), s, "alex", l.now)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Parked) != 1 || r.Parked[0].At.Number != "7001" || r.Parked[0].Caller != "Jane Roe" || r.Parked[0].CallID != "c" {
		t.Errorf("restored parked calls = %+v", r.Parked)
	}
	// Hours later, Webex has recalled it long ago: not restored.
	if late, _ := Restore(t.Context(), s, "alex", l.now.Add(MaxParkAge+time.Minute)); len(late.Parked) != 0 {
		t.Errorf("a park older than %v restored: %+v", MaxParkAge, late.Parked)
	}
	// Retrieved in the same session: no longer parked.
	l.step(desk.Intent{Actions: []model.Action{model.ActionRetrieve}, Args: desk.Args{Dest: "7001"}})
	l.reply(desk.Result{CallID: "c2", SessionID: "s-c"})
	back := in("c2", "Jane Roe", "+14155550123", model.StateConnected)
	back.SessionID = "s-c"
	l.poll(80*time.Second, back)
	if c2 := l.call("c2"); c2.RetrievedFrom != "7001" || c2.Answered.IsZero() {
		t.Errorf("the retrieved leg = %+v, want retrieved from 7001 and answered", c2)
	}
	if p, _ := s.Parked(t.Context()); len(p) != 0 {
		t.Errorf("still parked after the retrieve: %+v", p)
	}
}

// A missed call goes on the worklist and counts as missed until the
// operator looks at the history; a call placed to the caller that is
// answered takes it off the worklist by itself.
func TestFollowerMissedCallAndCallBack(t *testing.T) {
	s := openStore(t)
	l := newLine(t, s)
	l.step(desk.Tick{})
	l.poll(time.Second, in("m", "Omar Haddad", "+442079460958", model.StateAlerting))
	l.poll(30 * time.Second)
	l.flush()
	list, err := s.Worklist(t.Context(), journal.WorklistFilter{})
	if err != nil || len(list) != 1 || list[0].Number != "+442079460958" {
		t.Fatalf("worklist = %+v, %v; want Omar", list, err)
	}
	if m, _ := s.Missed(t.Context(), "alex"); m.Count != 1 {
		t.Errorf("missed = %+v, want 1", m)
	}
	l.step(desk.HistoryShown{Open: true})
	l.flush()
	if m, _ := s.Missed(t.Context(), "alex"); m.Count != 0 || !m.AckedAt.Equal(l.now) {
		t.Errorf("missed after the history opened = %+v, want 0 acknowledged at %v", m, l.now)
	}
	l.step(desk.HistoryShown{Open: false})
	// The call back: placed, ringing the operator's phone, then answered.
	out := caller("b", "", "+442079460958", model.StateAlerting, model.PersonalityClickToDial)
	out.Created = epoch().Add(time.Minute)
	l.poll(61*time.Second, out)
	out.State, out.Personality = model.StateConnecting, model.PersonalityOriginator
	l.poll(64*time.Second, out)
	if list, _ := s.Worklist(t.Context(), journal.WorklistFilter{}); len(list) != 1 {
		t.Fatalf("the call-back closed before anyone answered: %+v", list)
	}
	out.State, out.Answered = model.StateConnected, epoch().Add(70*time.Second)
	l.poll(70*time.Second, out)
	l.flush()
	list, _ = s.Worklist(t.Context(), journal.WorklistFilter{IncludeDone: true})
	if len(list) != 1 || list[0].Open() || list[0].Resolution != journal.ResolutionReached {
		t.Errorf("worklist after the answered call-back = %+v, want it closed as reached", list)
	}
	if c := l.call("b"); c.Direction != journal.DirectionOut {
		t.Errorf("the call-back is recorded as %+v", c)
	}
}

// A queue's offer that rings out is not a missed call: nothing goes on the
// worklist, and the journal says the queue took the caller back.
func TestFollowerQueueOfferRingingOut(t *testing.T) {
	s := openStore(t)
	l := newLine(t, s)
	l.step(desk.Tick{})
	offer := in("q", "Ann Lee", "+12065550101", model.StateAlerting)
	offer.Redirections = []model.Redirection{{Reason: model.RedirectCallQueue, Party: model.Party{Name: "Support Queue", Number: "5100"}}}
	l.poll(time.Second, offer)
	l.poll(30 * time.Second)
	l.flush()
	if list, err := s.Worklist(t.Context(), journal.WorklistFilter{}); err != nil || len(list) != 0 {
		t.Errorf("worklist = %+v, %v; want nothing to call back", list, err)
	}
	if m, _ := s.Missed(t.Context(), "alex"); m.Count != 0 {
		t.Errorf("missed = %+v, want 0", m)
	}
	if c := l.call("q"); c.Outcome == journal.OutcomeMissed {
		t.Errorf("the offer is recorded as %+v", c)
	}
}

// A console started in the middle of a call records what is true of it
// already; a hold it saw begin is restored with its start.
func TestFollowerStartsMidCall(t *testing.T) {
	s := openStore(t)
	l := newLine(t, s)
	l.step(desk.Tick{})
	l.poll(time.Minute, in("h", "Jane Roe", "+14155550123", model.StateHeld))
	c := l.call("h")
	if !c.Rang.Equal(epoch()) || !c.Answered.Equal(epoch().Add(4*time.Second)) || !c.HoldSince.Equal(epoch().Add(time.Minute)) {
		t.Errorf("call first seen on hold = %+v", c)
	}
	r, err := Restore(t.Context(), s, "alex", l.now)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Holds) != 1 || r.Holds[0].CallID != "h" || !r.Holds[0].Since.Equal(epoch().Add(time.Minute)) {
		t.Errorf("restored holds = %+v", r.Holds)
	}
	// A blind transfer ends the call as transferred, to where it went.
	l.poll(70*time.Second, in("h", "Jane Roe", "+14155550123", model.StateConnected))
	l.step(desk.Intent{Actions: []model.Action{model.ActionTransfer}, CallID: "h", Args: desk.Args{Dest: "101"}})
	l.reply(desk.Result{CallID: "leg"})
	leg := caller("leg", "Jordan Lee", "101", model.StateConnected, model.PersonalityOriginator)
	l.poll(75*time.Second, in("h", "Jane Roe", "+14155550123", model.StateHeld), leg)
	l.poll(80 * time.Second)
	if c := l.call("h"); c.Outcome != journal.OutcomeTransferred || c.Target != "101" || c.Held != 15*time.Second {
		t.Errorf("transferred call = %+v", c)
	}
}

// A call on another line the console watches is recorded on that line,
// named as the desk names it, and counted under it; the operator's own
// calls stay on the configured line.
func TestFollowerRecordsTheLineOfEachCall(t *testing.T) {
	s := openStore(t)
	l := newLineWith(t, s, desk.Config{Lines: []desk.Line{{ID: "vl-main", Label: "Main Line", Number: "500"}}})
	l.step(desk.Tick{})
	l.pollLine(time.Second, "vl-main", in("m", "Jane Roe", "+14155550123", model.StateAlerting))
	l.pollLine(time.Second, "", in("o", "Omar Haddad", "+442079460958", model.StateAlerting))
	l.pollLine(5*time.Second, "vl-main", in("m", "Jane Roe", "+14155550123", model.StateConnected))
	l.pollLine(5*time.Second, "", in("o", "Omar Haddad", "+442079460958", model.StateConnected))
	l.pollLine(time.Minute, "vl-main")
	l.pollLine(time.Minute, "")
	main := journal.Line{OwnerID: "vl-main", Label: "Main Line"}
	if c := l.call("m"); c.Line != main || c.Outcome != journal.OutcomeAnswered {
		t.Errorf("the call on the main line = %+v, want answered on %+v", c, main)
	}
	if c := l.call("o"); c.Line != (journal.Line{Label: "Front desk"}) {
		t.Errorf("the operator's own call is on %+v, want the configured line", c.Line)
	}
	st, err := s.Stats(t.Context(), epoch(), epoch().Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, g := range st.ByLine {
		lines = append(lines, fmt.Sprintf("%s=%s:%d", g.Key, g.Label, g.Answered))
	}
	if want := []string{"=Front desk:1", "vl-main=Main Line:1"}; !slices.Equal(lines, want) {
		t.Errorf("stats by line = %v, want %v", lines, want)
	}
	var csv strings.Builder
	if _, err := journal.Export(t.Context(), s, &csv, journal.FormatCSV, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(csv.String(), ",vl-main,Main Line,") {
		t.Errorf("the export does not give the main line's id and label:\n%s", csv.String())
	}
}

// A call retrieved from a park is the parked caller's call again, even
// when the list shows it before Webex's reply to the retrieve: recorded
// as retrieved, the way the caller's call went, never as a call placed.
func TestFollowerRetrieveSeenBeforeItsReply(t *testing.T) {
	s := openStore(t)
	l := newLine(t, s)
	l.step(desk.Tick{})
	l.poll(time.Second, in("c", "Jane Roe", "+14155550123", model.StateAlerting))
	l.poll(5*time.Second, in("c", "Jane Roe", "+14155550123", model.StateConnected))
	l.step(desk.Intent{Actions: []model.Action{model.ActionPark}, CallID: "c", Name: "Jane Roe"})
	l.reply(desk.Result{ParkedAt: model.Party{Name: "Call Park 7001", Number: "7001"}})
	l.poll(30 * time.Second)
	l.step(desk.Intent{Actions: []model.Action{model.ActionRetrieve}, Args: desk.Args{Dest: "7001"}})
	back := caller("c2", "Jane Roe", "+14155550123", model.StateConnected, model.PersonalityOriginator)
	back.SessionID, back.Created, back.Answered = "s-c", epoch().Add(40*time.Second), epoch().Add(40*time.Second)
	l.poll(40*time.Second, back)
	l.reply(desk.Result{CallID: "c2", SessionID: "s-c"})
	l.poll(45*time.Second, back)
	c2 := l.call("c2")
	if c2.RetrievedFrom != "7001" || c2.SessionID != "s-c" || c2.Direction != journal.DirectionIn {
		t.Errorf("the retrieved leg = %+v, want the caller's incoming call retrieved from 7001", c2)
	}
	if p, _ := s.Parked(t.Context()); len(p) != 0 {
		t.Errorf("still parked after the retrieve: %+v", p)
	}
	wantFigures(t, s, journal.Figures{Answered: 1, Placed: 0})
}

// Transfer and consult legs are the operator's work for a caller, not
// calls they placed: each is linked to the caller's session, and only
// the call the operator dialled counts as placed.
func TestFollowerLegsAreNotPlacedCalls(t *testing.T) {
	s := openStore(t)
	l := newLine(t, s)
	l.step(desk.Tick{})
	ada := in("a", "Ada Lovelace", "+14155551815", model.StateConnected)
	l.poll(time.Second, ada)
	// A blind transfer: Webex's new leg to the colleague.
	l.step(desk.Intent{Actions: []model.Action{model.ActionTransfer}, CallID: "a", Args: desk.Args{Dest: "101"}})
	l.reply(desk.Result{CallID: "t", SessionID: "s-t"})
	held := ada
	held.State = model.StateHeld
	tleg := caller("t", "Jordan Lee", "101", model.StateConnecting, model.PersonalityOriginator)
	l.poll(5*time.Second, held, tleg)
	l.poll(10 * time.Second)
	// A consult: the caller on hold, a call to the colleague, both joined.
	ken := in("k", "Ken Thompson", "+14155553333", model.StateConnected)
	l.poll(20*time.Second, ken)
	l.step(desk.Intent{Actions: []model.Action{model.ActionConsult}, CallID: "k", Name: "Ken Thompson", Args: desk.Args{Dest: "103"}})
	l.reply(desk.Result{})
	ken.State = model.StateHeld
	l.poll(21*time.Second, ken)
	l.reply(desk.Result{CallID: "q", SessionID: "s-q"})
	qleg := caller("q", "Priya Shah", "103", model.StateConnecting, model.PersonalityOriginator)
	l.poll(22*time.Second, ken, qleg)
	qleg.State, qleg.Answered = model.StateConnected, epoch().Add(25*time.Second)
	l.poll(25*time.Second, ken, qleg)
	l.step(desk.Intent{Actions: []model.Action{model.ActionConsult}, CallID: "k", Name: "Ken Thompson"})
	if op := l.reply(desk.Result{}); op.Action != model.ActionJoinTransfer {
		t.Fatalf("the consult completed with %v, want a join", op.Action)
	}
	l.poll(30 * time.Second)
	// A call the operator dialled.
	l.step(desk.Intent{Actions: []model.Action{model.ActionDial}, Args: desk.Args{Dest: "102"}})
	l.reply(desk.Result{CallID: "d", SessionID: "s-d"})
	dialled := caller("d", "Sam Rivera", "102", model.StateConnected, model.PersonalityOriginator)
	l.poll(40*time.Second, dialled)
	l.poll(50 * time.Second)

	for id, session := range map[string]string{"t": "s-a", "q": "s-k", "d": "s-d"} {
		if c := l.call(id); c.SessionID != session || c.Direction != journal.DirectionOut {
			t.Errorf("leg %s = %+v, want an outgoing leg of session %s", id, c, session)
		}
	}
	if c := l.call("q"); c.Outcome != journal.OutcomeTransferred {
		t.Errorf("the consult leg ended %q, want transferred", c.Outcome)
	}
	if sess, err := s.Session(t.Context(), "s-k"); err != nil || len(sess.Legs) != 2 {
		t.Errorf("Ken's session = %+v, %v; want his call and the consult leg", sess, err)
	}
	wantFigures(t, s, journal.Figures{Answered: 2, Placed: 1, Held: 0})
}

// wantFigures checks the journal's totals for the tests' hour, times aside.
func wantFigures(t *testing.T, s journal.Store, want journal.Figures) {
	t.Helper()
	st, err := s.Stats(t.Context(), epoch(), epoch().Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	got := journal.Figures{Answered: st.Total.Answered, Missed: st.Total.Missed, Placed: st.Total.Placed}
	if got != (journal.Figures{Answered: want.Answered, Missed: want.Missed, Placed: want.Placed}) {
		t.Errorf("answered, missed and placed = %d, %d, %d; want %d, %d, %d",
			got.Answered, got.Missed, got.Placed, want.Answered, want.Missed, want.Placed)
	}
}

// Retention prunes at once, then keeps to it while the console runs.
func TestRetain(t *testing.T) {
	s := openStore(t)
	ctx, cancel := context.WithCancel(t.Context())
	old := ring("old", epoch().AddDate(0, 0, -40))
	recent := ring("recent", epoch().AddDate(0, 0, -10))
	if _, err := s.RecordBatch(ctx, []journal.Event{old, recent}); err != nil {
		t.Fatal(err)
	}
	changes := s.Changes(ctx)
	done := Retain(ctx, s, 30, epoch, nil)
	for c := range changes {
		if c.Kind == journal.ChangeRemoved {
			break
		}
	}
	if _, err := s.Call(ctx, "old"); !errors.Is(err, journal.ErrNotFound) {
		t.Errorf("a call older than the retention is still there: %v", err)
	}
	if _, err := s.Call(ctx, "recent"); err != nil {
		t.Errorf("a recent call went: %v", err)
	}
	cancel()
	<-done
}

// The contacts file is read into the journal, and read again replaces
// what it brought.
func TestImportContacts(t *testing.T) {
	s := openStore(t)
	path := filepath.Join(t.TempDir(), "contacts.csv")
	if err := os.WriteFile(path, []byte("Name,Phone\nAcme Front Desk,(415) 555-0123\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	n, err := ImportContacts(t.Context(), s, path)
	if err != nil || n != 1 {
		t.Fatalf("imported %d, %v", n, err)
	}
	m, err := s.Caller(t.Context(), "+14155550123")
	if err != nil || m.Contact == nil || m.Name != "Acme Front Desk" {
		t.Errorf("memory = %+v, %v; want the contact's name", m, err)
	}
	if _, err := ImportContacts(t.Context(), s, filepath.Join(t.TempDir(), "missing.csv")); err == nil {
		t.Error("a missing file imported")
	}
}

// sameCall compares calls, times by instant.
func sameCall(a, b journal.Call) bool {
	for _, p := range [][2]time.Time{{a.Rang, b.Rang}, {a.Answered, b.Answered}, {a.Ended, b.Ended}, {a.HoldSince, b.HoldSince}} {
		if !p[0].Equal(p[1]) {
			return false
		}
	}
	a.Rang, a.Answered, a.Ended, a.HoldSince = time.Time{}, time.Time{}, time.Time{}, time.Time{}
	b.Rang, b.Answered, b.Ended, b.HoldSince = time.Time{}, time.Time{}, time.Time{}, time.Time{}
	return a == b
}
