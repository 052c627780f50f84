package journal

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// The behaviour both stores share, run against each: one table of tests
// taking a backend.
var suite = []struct {
	name string
	run  func(t *testing.T, b backend)
}{
	{"CallLifecycle", testCallLifecycle},
	{"ReplayIsIdempotent", testReplayIsIdempotent},
	{"StartMidCall", testStartMidCall},
	{"MissedCallsFormTheWorklist", testMissedCallsFormTheWorklist},
	{"CallbackClosesItselfWhenReached", testCallbackClosesItselfWhenReached},
	{"ClaimAndDone", testClaimAndDone},
	{"ConcurrentClaimsOneWins", testConcurrentClaimsOneWins},
	{"ParkRetrieveAndSession", testParkRetrieveAndSession},
	{"RecallUnparks", testRecallUnparks},
	{"StateSurvivesRestart", testStateSurvivesRestart},
	{"NotesMessagesAndCallerMemory", testNotesMessagesAndCallerMemory},
	{"ContactsNameNumbers", testContactsNameNumbers},
	{"Search", testSearch},
	{"SearchManyCallers", testSearchManyCallers},
	{"Stats", testStats},
	{"Prune", testPrune},
	{"Forget", testForget},
	{"Export", testExport},
	{"ChangesInProcess", testChangesInProcess},
	{"InvalidInput", testInvalidInput},
	{"RetentionAtOpen", testRetentionAtOpen},
	{"RecordBatch", testRecordBatch},
	{"CallerBeforeACall", testCallerBeforeACall},
	{"MessageNotSentWithAReason", testMessageNotSentWithAReason},
}

func TestSQLite(t *testing.T) { runSuite(t, sqliteBackend) }

func TestPostgres(t *testing.T) {
	pgURL(t)
	runSuite(t, postgresBackend)
}

func runSuite(t *testing.T, b backend) {
	for _, tc := range suite {
		t.Run(tc.name, func(t *testing.T) { tc.run(t, b) })
	}
}

// openOne makes a database and opens one store on it.
func openOne(t *testing.T, b backend) Store {
	t.Helper()
	clock := &fixedClock{t: at(time.Hour)}
	return b.newDB(t).open(t, Options{Name: "test", Now: clock.now})
}

func testCallLifecycle(t *testing.T, b backend) {
	s := openOne(t, b)
	ctx := context.Background()
	ev := incoming("c1", jane, at(0))
	ev.Queue = "Reception queue"
	if !rec(t, s, ev) {
		t.Error("a new call was not recorded")
	}
	rec(t, s, next(ev, KindAnswered, at(12*time.Second)))
	rec(t, s, next(ev, KindHeld, at(30*time.Second)))
	rec(t, s, next(ev, KindResumed, at(50*time.Second)))
	rec(t, s, next(ev, KindHeld, at(60*time.Second)))
	holds, err := s.OpenHolds(ctx)
	must(t, err)
	if len(holds) != 1 || holds[0].CallID != "c1" || !holds[0].Since.Equal(at(60*time.Second)) || holds[0].Party.Name != "Jane Roe" {
		t.Errorf("open holds = %+v, want c1 held since 60 s", holds)
	}
	rec(t, s, next(ev, KindEnded, at(90*time.Second)))

	c, err := s.Call(ctx, "c1")
	must(t, err)
	want := Call{ID: c.ID, CallID: "c1", SessionID: "s-c1", Direction: DirectionIn, Party: jane, Line: front,
		Queue: "Reception queue", Rang: at(0), Answered: at(12 * time.Second), Ended: at(90 * time.Second),
		Outcome: OutcomeAnswered, Held: 50 * time.Second, Holds: 2}
	if !sameCall(c, want) {
		t.Errorf("call =\n%+v\nwant\n%+v", c, want)
	}
	holds, err = s.OpenHolds(ctx)
	must(t, err)
	if len(holds) != 0 {
		t.Errorf("open holds after the call ended = %+v", holds)
	}
	if _, err := s.Call(ctx, "nope"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Call(unknown) error = %v, want ErrNotFound", err)
	}

	// The ways a call leaves the line.
	for i, tc := range []struct {
		kind    EventKind
		outcome Outcome
		target  string
		want    Outcome
	}{
		{KindTransferred, "", "1002", OutcomeTransferred},
		{KindDiverted, "", "+14155550999", OutcomeDiverted},
		{KindDiverted, OutcomeVoicemail, "", OutcomeVoicemail},
		{KindEnded, OutcomeRejected, "", OutcomeRejected},
	} {
		id := fmt.Sprintf("leave-%d", i)
		e := incoming(id, omar, at(time.Duration(i)*time.Minute))
		rec(t, s, e)
		leave := next(e, tc.kind, e.At.Add(5*time.Second))
		leave.Target, leave.Outcome = tc.target, tc.outcome
		rec(t, s, leave)
		c, err := s.Call(ctx, id)
		must(t, err)
		if c.Outcome != tc.want || c.Target != tc.target || !c.Ended.Equal(e.At.Add(5*time.Second)) {
			t.Errorf("%s %s: outcome %q target %q ended %v, want %q %q", tc.kind, tc.outcome, c.Outcome, c.Target, c.Ended, tc.want, tc.target)
		}
	}
	out := Event{Kind: KindRang, CallID: "out-1", At: at(time.Hour), Direction: DirectionOut, Party: omar}
	rec(t, s, out)
	rec(t, s, next(out, KindEnded, at(time.Hour+20*time.Second)))
	if c, _ := s.Call(ctx, "out-1"); c.Outcome != OutcomeUnanswered {
		t.Errorf("a placed call nobody answered ended %q, want %q", c.Outcome, OutcomeUnanswered)
	}
}

// sameCall compares calls, times by instant.
func sameCall(a, b Call) bool {
	ta := []time.Time{a.Rang, a.Answered, a.Ended, a.HoldSince}
	tb := []time.Time{b.Rang, b.Answered, b.Ended, b.HoldSince}
	for i := range ta {
		if !ta[i].Equal(tb[i]) {
			return false
		}
	}
	a.Rang, a.Answered, a.Ended, a.HoldSince = time.Time{}, time.Time{}, time.Time{}, time.Time{}
	b.Rang, b.Answered, b.Ended, b.HoldSince = time.Time{}, time.Time{}, time.Time{}, time.Time{}
	return a == b
}

func testReplayIsIdempotent(t *testing.T, b backend) {
	s := openOne(t, b)
	ctx := context.Background()
	ev := incoming("c1", jane, at(0))
	events := []Event{ev, next(ev, KindAnswered, at(5*time.Second)), next(ev, KindHeld, at(10*time.Second)),
		next(ev, KindResumed, at(20*time.Second)), next(ev, KindEnded, at(30*time.Second))}
	for _, e := range events {
		if !rec(t, s, e) {
			t.Errorf("%s was not recorded the first time", e.Kind)
		}
	}
	before, err := s.Call(ctx, "c1")
	must(t, err)
	// After a restart the console sees it all again, some of it later.
	for _, e := range events {
		if rec(t, s, e) {
			t.Errorf("%s recorded twice", e.Kind)
		}
		e.At = e.At.Add(3 * time.Second)
		if rec(t, s, e) {
			t.Errorf("%s seen again later recorded twice", e.Kind)
		}
	}
	after, err := s.Call(ctx, "c1")
	must(t, err)
	if !sameCall(before, after) {
		t.Errorf("replay changed the call:\n%+v\n%+v", before, after)
	}

	// A hold seen twice while it lasts is one hold.
	h := incoming("c2", omar, at(time.Minute))
	rec(t, s, h)
	rec(t, s, next(h, KindAnswered, at(time.Minute+time.Second)))
	if !rec(t, s, next(h, KindHeld, at(2*time.Minute))) {
		t.Error("hold not recorded")
	}
	if rec(t, s, next(h, KindHeld, at(2*time.Minute+40*time.Second))) {
		t.Error("a hold seen again while it lasts was recorded as a second hold")
	}
	rec(t, s, next(h, KindResumed, at(3*time.Minute)))
	if rec(t, s, next(h, KindResumed, at(3*time.Minute+5*time.Second))) {
		t.Error("a resume without a hold was recorded")
	}
	c, err := s.Call(ctx, "c2")
	must(t, err)
	if c.Holds != 1 || c.Held != time.Minute {
		t.Errorf("holds %d, held %v; want 1 hold of 1m", c.Holds, c.Held)
	}
	// Missed once is one missed call on the worklist, however often seen.
	m := incoming("c3", zoe, at(4*time.Minute))
	rec(t, s, m)
	rec(t, s, next(m, KindEnded, at(5*time.Minute)))
	rec(t, s, next(m, KindEnded, at(5*time.Minute)))
	rec(t, s, next(m, KindEnded, at(6*time.Minute)))
	list, err := s.Worklist(ctx, WorklistFilter{})
	must(t, err)
	if len(list) != 1 || list[0].Calls != 1 {
		t.Errorf("worklist after a replayed missed call = %+v, want one item for one call", list)
	}
}

func testStartMidCall(t *testing.T, b backend) {
	s := openOne(t, b)
	ctx := context.Background()
	// The console started while the call was on hold: the first event it
	// records is the hold, with what it knew.
	ev := Event{Kind: KindHeld, CallID: "mid", At: at(0), Direction: DirectionIn, Party: Party{Number: jane.Number}}
	if !rec(t, s, ev) {
		t.Fatal("a hold on an unknown call was not recorded")
	}
	// Later events complete what was not known.
	later := next(ev, KindResumed, at(10*time.Second))
	later.Party.Name, later.SessionID, later.Queue = jane.Name, "s-mid", "Reception queue"
	rec(t, s, later)
	c, err := s.Call(ctx, "mid")
	must(t, err)
	if c.Party.Name != jane.Name || c.SessionID != "s-mid" || c.Queue != "Reception queue" || c.Held != 10*time.Second {
		t.Errorf("call = %+v, want the name, session and queue filled in and 10 s held", c)
	}
	// A name already known is not overwritten by a later, different one.
	again := next(ev, KindEnded, at(20*time.Second))
	again.Party.Name = "Somebody Else"
	rec(t, s, again)
	if c, _ := s.Call(ctx, "mid"); c.Party.Name != jane.Name {
		t.Errorf("name = %q after a later event, want %q kept", c.Party.Name, jane.Name)
	}
}

// missed records an incoming call nobody answered.
func missed(t *testing.T, s Store, callID string, p Party, when time.Time) {
	t.Helper()
	ev := incoming(callID, p, when)
	rec(t, s, ev)
	rec(t, s, next(ev, KindEnded, when.Add(20*time.Second)))
}

func testMissedCallsFormTheWorklist(t *testing.T, b backend) {
	s := openOne(t, b)
	ctx := context.Background()
	missed(t, s, "m1", jane, at(0))
	missed(t, s, "m2", omar, at(time.Minute))
	missed(t, s, "m3", Party{Name: "Jane R.", Number: "+1 (415) 555-0123"}, at(2*time.Minute))
	missed(t, s, "m4", Party{Name: "Private"}, at(3*time.Minute)) // no number: nobody to call back

	list, err := s.Worklist(ctx, WorklistFilter{})
	must(t, err)
	if len(list) != 2 {
		t.Fatalf("worklist = %+v, want Jane and Omar", list)
	}
	if list[0].Number != jane.Number || list[0].Name != "Jane Roe" || list[0].Calls != 2 || list[0].Reason != CallbackMissed ||
		list[0].CallID != "m1" || !list[0].Last.Equal(at(2*time.Minute+20*time.Second)) {
		t.Errorf("first item = %+v, want Jane (oldest first) standing for 2 missed calls", list[0])
	}
	if list[1].Number != omar.Number || list[1].Calls != 1 {
		t.Errorf("second item = %+v, want Omar", list[1])
	}

	mc, err := s.Missed(ctx, "alice")
	must(t, err)
	if mc.Count != 4 || !mc.AckedAt.IsZero() {
		t.Errorf("missed = %+v, want 4, never acknowledged", mc)
	}
	must(t, s.AckMissed(ctx, "alice", at(2*time.Minute+30*time.Second)))
	must(t, s.AckMissed(ctx, "alice", at(time.Minute))) // older: ignored
	mc, err = s.Missed(ctx, "alice")
	must(t, err)
	if mc.Count != 1 || !mc.AckedAt.Equal(at(2*time.Minute+30*time.Second)) {
		t.Errorf("missed after acknowledging = %+v, want 1 (the private caller after the ack)", mc)
	}
	if mc, _ := s.Missed(ctx, "bob"); mc.Count != 4 {
		t.Errorf("bob's missed count = %d, want 4: acknowledgements are per operator", mc.Count)
	}

	flagged, err := s.FlagCallback(ctx, Callback{Number: "+49 30 1234 56789", Name: zoe.Name, Note: "wants a quote"})
	must(t, err)
	if flagged.Reason != CallbackFlagged || flagged.Note != "wants a quote" || !flagged.Open() || flagged.ID == 0 {
		t.Errorf("flagged = %+v", flagged)
	}
	again, err := s.FlagCallback(ctx, Callback{Number: zoe.Number, Note: "second flag"})
	must(t, err)
	if again.ID != flagged.ID || again.Note != "wants a quote" {
		t.Errorf("flagging an open number again = %+v, want the open item %d unchanged", again, flagged.ID)
	}
	list, _ = s.Worklist(ctx, WorklistFilter{})
	if len(list) != 3 {
		t.Errorf("worklist has %d items, want 3", len(list))
	}
}

func testCallbackClosesItselfWhenReached(t *testing.T, b backend) {
	s := openOne(t, b)
	ctx := context.Background()
	missed(t, s, "m1", jane, at(0))
	missed(t, s, "m2", omar, at(time.Minute))

	// The operator calls Jane back, dialling her number another way, and
	// she answers.
	out := Event{Kind: KindRang, CallID: "cb1", At: at(10 * time.Minute), Direction: DirectionOut,
		Party: Party{Number: "tel:+1-415-555-0123"}}
	rec(t, s, out)
	rec(t, s, next(out, KindAnswered, at(10*time.Minute+8*time.Second)))
	list, err := s.Worklist(ctx, WorklistFilter{IncludeDone: true})
	must(t, err)
	if len(list) != 2 || list[0].Number != omar.Number || !list[0].Open() {
		t.Fatalf("worklist = %+v, want Omar open first", list)
	}
	if list[1].Number != jane.Number || list[1].Open() || list[1].Resolution != ResolutionReached {
		t.Errorf("Jane's item = %+v, want closed as reached", list[1])
	}
	// Omar rings again and is answered: his item closes too.
	in := incoming("in2", omar, at(20*time.Minute))
	rec(t, s, in)
	rec(t, s, next(in, KindAnswered, at(20*time.Minute+3*time.Second)))
	open, _ := s.Worklist(ctx, WorklistFilter{})
	if len(open) != 0 {
		t.Errorf("open items = %+v, want none", open)
	}
	// A call answered before the missed call does not close it.
	missed(t, s, "m3", zoe, at(30*time.Minute))
	early := Event{Kind: KindRang, CallID: "early", At: at(25 * time.Minute), Direction: DirectionOut, Party: zoe}
	rec(t, s, early)
	rec(t, s, next(early, KindAnswered, at(26*time.Minute)))
	if open, _ := s.Worklist(ctx, WorklistFilter{}); len(open) != 1 {
		t.Errorf("an answer older than the missed call closed it: %+v", open)
	}
	n, err := s.Reached(ctx, "+49 30 123456789", at(31*time.Minute), "alice")
	must(t, err)
	if n != 1 {
		t.Errorf("Reached closed %d, want 1", n)
	}
	all, _ := s.Worklist(ctx, WorklistFilter{IncludeDone: true})
	if len(all) != 3 || all[0].Number != zoe.Number || all[0].DoneBy != "alice" || all[0].Resolution != ResolutionReached {
		t.Errorf("worklist = %+v, want Zoë closed by alice first (newest closed first)", all)
	}
}

func testClaimAndDone(t *testing.T, b backend) {
	s := openOne(t, b)
	ctx := context.Background()
	missed(t, s, "m1", jane, at(0))
	list, _ := s.Worklist(ctx, WorklistFilter{})
	id := list[0].ID

	must(t, s.Claim(ctx, id, "alice"))
	must(t, s.Claim(ctx, id, "alice")) // already hers: fine
	err := s.Claim(ctx, id, "bob")
	var ce *ClaimedError
	if !errors.Is(err, ErrClaimed) || !errors.As(err, &ce) || ce.By != "alice" || !ce.Since.Equal(at(time.Hour)) {
		t.Errorf("bob's claim: %v, want claimed by alice at the store's clock", err)
	}
	if err := s.Done(ctx, id, "bob"); !errors.Is(err, ErrClaimed) {
		t.Errorf("bob's done on alice's item: %v, want ErrClaimed", err)
	}
	if err := s.Release(ctx, id, "bob"); !errors.Is(err, ErrClaimed) {
		t.Errorf("bob's release of alice's claim: %v, want ErrClaimed", err)
	}
	list, _ = s.Worklist(ctx, WorklistFilter{})
	if list[0].ClaimedBy != "alice" {
		t.Errorf("claimed by %q, want alice", list[0].ClaimedBy)
	}
	must(t, s.Release(ctx, id, "alice"))
	must(t, s.Claim(ctx, id, "bob"))
	must(t, s.Done(ctx, id, "bob"))
	if err := s.Done(ctx, id, "bob"); !errors.Is(err, ErrDone) {
		t.Errorf("done twice: %v, want ErrDone", err)
	}
	if err := s.Claim(ctx, id, "alice"); !errors.Is(err, ErrDone) {
		t.Errorf("claim after done: %v, want ErrDone", err)
	}
	if err := s.Claim(ctx, 987654, "alice"); !errors.Is(err, ErrNotFound) {
		t.Errorf("claim of an unknown item: %v, want ErrNotFound", err)
	}
	if err := s.Claim(ctx, id, " "); !errors.Is(err, ErrInvalid) {
		t.Errorf("claim without a name: %v, want ErrInvalid", err)
	}
	all, _ := s.Worklist(ctx, WorklistFilter{IncludeDone: true})
	if len(all) != 1 || all[0].DoneBy != "bob" || all[0].Resolution != ResolutionDone || all[0].Open() {
		t.Errorf("worklist = %+v, want done by bob", all)
	}
	// An unclaimed item can be done at once; a new missed call from the
	// same number then opens a new item.
	missed(t, s, "m2", jane, at(time.Hour))
	open, _ := s.Worklist(ctx, WorklistFilter{})
	if len(open) != 1 || open[0].ID == id {
		t.Fatalf("open = %+v, want a new item", open)
	}
	must(t, s.Done(ctx, open[0].ID, "carol"))
}

func testConcurrentClaimsOneWins(t *testing.T, b backend) {
	db := b.newDB(t)
	a := db.open(t, Options{Name: "console-a"})
	c := db.open(t, Options{Name: "console-b"})
	ctx := context.Background()
	const items = 5
	for i := range items {
		missed(t, a, fmt.Sprintf("m%d", i), Party{Number: fmt.Sprintf("+1415555%04d", i)}, at(time.Duration(i)*time.Minute))
	}
	list, err := c.Worklist(ctx, WorklistFilter{})
	must(t, err)
	if len(list) != items {
		t.Fatalf("the second store sees %d items, want %d", len(list), items)
	}
	for _, item := range list {
		for _, op := range []struct {
			name  string
			apply func(Store, int64, string) error
		}{
			{"claim", func(s Store, id int64, who string) error { return s.Claim(ctx, id, who) }},
			{"done", func(s Store, id int64, who string) error { return s.Done(ctx, id, who) }},
		} {
			if op.name == "done" {
				// Release so that the done race starts from an unclaimed item.
				cur, _ := a.Worklist(ctx, WorklistFilter{})
				for _, x := range cur {
					if x.ID == item.ID && x.ClaimedBy != "" {
						must(t, a.Release(ctx, x.ID, x.ClaimedBy))
					}
				}
			}
			var wg sync.WaitGroup
			errs := make([]error, 8)
			for i := range errs {
				wg.Go(func() {
					s := a
					if i%2 == 1 {
						s = c
					}
					errs[i] = op.apply(s, item.ID, fmt.Sprintf("op%d", i))
				})
			}
			wg.Wait()
			wins := 0
			for _, err := range errs {
				switch {
				case err == nil:
					wins++
				case op.name == "claim" && errors.Is(err, ErrClaimed), op.name == "done" && (errors.Is(err, ErrDone) || errors.Is(err, ErrClaimed)):
				default:
					t.Errorf("%s of item %d: unexpected error %v", op.name, item.ID, err)
				}
			}
			if wins != 1 {
				t.Errorf("%s of item %d: %d winners, want exactly 1 (%v)", op.name, item.ID, wins, errs)
			}
		}
	}
	open, _ := c.Worklist(ctx, WorklistFilter{})
	if len(open) != 0 {
		t.Errorf("open items after every done = %+v", open)
	}
}

func testParkRetrieveAndSession(t *testing.T, b backend) {
	s := openOne(t, b)
	ctx := context.Background()
	a := incoming("leg-a", jane, at(0))
	a.SessionID = "sess-1"
	rec(t, s, a)
	rec(t, s, next(a, KindAnswered, at(10*time.Second)))
	rec(t, s, next(a, KindHeld, at(20*time.Second)))
	park := next(a, KindParked, at(40*time.Second))
	park.Target = "7001"
	if !rec(t, s, park) {
		t.Fatal("park not recorded")
	}
	parked, err := s.Parked(ctx)
	must(t, err)
	if len(parked) != 1 || parked[0].Place != "7001" || parked[0].Party.Name != jane.Name || !parked[0].Since.Equal(at(40*time.Second)) ||
		parked[0].SessionID != "sess-1" {
		t.Fatalf("parked = %+v, want Jane at 7001", parked)
	}
	c, _ := s.Call(ctx, "leg-a")
	if c.Outcome != OutcomeParked || c.Target != "7001" || c.Held != 20*time.Second {
		t.Errorf("parked leg = %+v, want outcome parked at 7001 after 20 s held", c)
	}
	// Retrieved two minutes later on a new leg of the same session.
	r := Event{Kind: KindRetrieved, CallID: "leg-b", SessionID: "sess-1", At: at(160 * time.Second), Direction: DirectionIn,
		Party: jane, Line: front, Target: "7001"}
	if !rec(t, s, r) {
		t.Fatal("retrieve not recorded")
	}
	if parked, _ := s.Parked(ctx); len(parked) != 0 {
		t.Errorf("parked after retrieve = %+v", parked)
	}
	rec(t, s, next(r, KindEnded, at(200*time.Second)))
	sess, err := s.Session(ctx, "sess-1")
	must(t, err)
	if len(sess.Legs) != 2 || sess.Legs[0].CallID != "leg-a" || sess.Legs[1].RetrievedFrom != "7001" {
		t.Fatalf("session legs = %+v", sess.Legs)
	}
	// 10 s ringing + 20 s on hold + 120 s parked.
	if sess.Wait != 150*time.Second {
		t.Errorf("wait = %v, want 2m30s", sess.Wait)
	}
	if _, err := s.Session(ctx, "nope"); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown session: %v, want ErrNotFound", err)
	}
	// Without a session id, the place tells which parked call came back.
	p := incoming("leg-c", omar, at(300*time.Second))
	p.SessionID = ""
	rec(t, s, p)
	pk := next(p, KindParked, at(310*time.Second))
	pk.Target = "7002"
	rec(t, s, pk)
	rec(t, s, Event{Kind: KindRetrieved, CallID: "leg-d", At: at(330 * time.Second), Direction: DirectionIn, Party: omar, Target: "7002"})
	if parked, _ := s.Parked(ctx); len(parked) != 0 {
		t.Errorf("parked after a retrieve by place = %+v", parked)
	}
}

func testRecallUnparks(t *testing.T, b backend) {
	s := openOne(t, b)
	ctx := context.Background()
	a := incoming("leg-a", omar, at(0))
	rec(t, s, a)
	rec(t, s, next(a, KindAnswered, at(5*time.Second)))
	pk := next(a, KindParked, at(10*time.Second))
	pk.Target = "7003"
	rec(t, s, pk)
	// Nobody retrieves it: it rings back on the line, same session.
	recall := incoming("leg-r", omar, at(70*time.Second))
	recall.SessionID = a.SessionID
	rec(t, s, recall)
	if parked, _ := s.Parked(ctx); len(parked) != 0 {
		t.Errorf("parked after a recall = %+v", parked)
	}
	// A replayed park of the first leg does not park it again.
	if rec(t, s, pk) {
		t.Error("a replayed park was recorded")
	}
	if parked, _ := s.Parked(ctx); len(parked) != 0 {
		t.Errorf("parked after a replayed park = %+v", parked)
	}
}

func testStateSurvivesRestart(t *testing.T, b backend) {
	db := b.newDB(t)
	ctx := context.Background()
	s := db.open(t, Options{})
	a := incoming("p1", jane, at(0))
	rec(t, s, a)
	rec(t, s, next(a, KindAnswered, at(time.Second)))
	pk := next(a, KindParked, at(time.Minute))
	pk.Target = "7001"
	rec(t, s, pk)
	h := incoming("h1", omar, at(0))
	rec(t, s, h)
	rec(t, s, next(h, KindAnswered, at(time.Second)))
	rec(t, s, next(h, KindHeld, at(2*time.Minute)))
	missed(t, s, "m1", zoe, at(3*time.Minute))
	must(t, s.AckMissed(ctx, "alice", at(90*time.Second)))
	must(t, s.Close())
	if err := s.AckMissed(ctx, "alice", at(0)); !errors.Is(err, ErrClosed) {
		t.Errorf("write after Close: %v, want ErrClosed", err)
	}

	s2 := db.open(t, Options{})
	parked, err := s2.Parked(ctx)
	must(t, err)
	if len(parked) != 1 || parked[0].CallID != "p1" || parked[0].Place != "7001" {
		t.Errorf("parked after restart = %+v", parked)
	}
	holds, err := s2.OpenHolds(ctx)
	must(t, err)
	if len(holds) != 1 || holds[0].CallID != "h1" || !holds[0].Since.Equal(at(2*time.Minute)) {
		t.Errorf("holds after restart = %+v", holds)
	}
	mc, err := s2.Missed(ctx, "alice")
	must(t, err)
	if mc.Count != 1 || !mc.AckedAt.Equal(at(90*time.Second)) {
		t.Errorf("missed after restart = %+v", mc)
	}
}

func testNotesMessagesAndCallerMemory(t *testing.T, b backend) {
	s := openOne(t, b)
	ctx := context.Background()
	mem, err := s.Caller(ctx, jane.Number)
	must(t, err)
	if mem.LastCall != nil || mem.Calls != 0 || mem.LastNote != nil || len(mem.OpenMessages) != 0 || mem.Contact != nil {
		t.Errorf("memory of an unknown caller = %+v, want empty", mem)
	}

	ev := incoming("c1", jane, at(-26*time.Hour))
	rec(t, s, ev)
	rec(t, s, next(ev, KindAnswered, at(-26*time.Hour+5*time.Second)))
	rec(t, s, next(ev, KindEnded, at(-26*time.Hour+3*time.Minute)))
	first, err := s.AddNote(ctx, Note{CallID: "c1", Text: "asked about the March invoice", Author: "alice", Created: at(-26 * time.Hour)})
	must(t, err)
	if first.Number != jane.Number || first.ID == 0 {
		t.Errorf("note = %+v, want the call's number filled in", first)
	}
	_, err = s.AddNote(ctx, Note{Number: "+1 415-555-0123", Text: "  prefers e-mail  ", Author: "bob", Created: at(-25 * time.Hour)})
	must(t, err)
	msg, err := s.TakeMessage(ctx, Message{For: "Priya Natarajan", ForID: "person-priya", CallID: "c1", CallerName: jane.Name,
		Text: "please call back about the invoice", Urgency: UrgencyUrgent, CreatedBy: "alice"})
	must(t, err)
	if msg.State != MessageNotSent || msg.Number != jane.Number || !msg.Open() || !msg.Created.Equal(at(time.Hour)) {
		t.Errorf("message = %+v, want not sent, Jane's number, stamped by the store's clock", msg)
	}
	sent, err := s.TakeMessage(ctx, Message{For: "Sam", Number: jane.Number, Text: "FYI", CreatedBy: "alice", Created: at(-time.Hour)})
	must(t, err)
	must(t, s.SetMessageState(ctx, sent.ID, MessageSent, "ignored for sent"))
	if err := s.SetMessageState(ctx, msg.ID, MessageFailed, ""); !errors.Is(err, ErrInvalid) {
		t.Errorf("failed without a reason: %v, want ErrInvalid", err)
	}
	must(t, s.SetMessageState(ctx, msg.ID, MessageFailed, "no permission to send messages"))
	if err := s.SetMessageState(ctx, 424242, MessageSent, ""); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown message: %v, want ErrNotFound", err)
	}

	// Jane rings again: the console asks what the journal knows, with the
	// number as Webex formats it today.
	mem, err = s.Caller(ctx, "tel:+1 (415) 555-0123")
	must(t, err)
	if mem.Number != jane.Number || mem.Name != jane.Name || mem.Calls != 1 {
		t.Errorf("memory = %+v", mem)
	}
	if mem.LastCall == nil || mem.LastCall.CallID != "c1" || mem.LastCall.Outcome != OutcomeAnswered || !mem.LastCall.Rang.Equal(at(-26*time.Hour)) {
		t.Errorf("last call = %+v", mem.LastCall)
	}
	if mem.LastNote == nil || mem.LastNote.Text != "prefers e-mail" || mem.LastNote.Author != "bob" {
		t.Errorf("last note = %+v, want bob's, trimmed", mem.LastNote)
	}
	if len(mem.OpenMessages) != 1 || mem.OpenMessages[0].ID != msg.ID || mem.OpenMessages[0].State != MessageFailed ||
		mem.OpenMessages[0].Reason != "no permission to send messages" || mem.OpenMessages[0].Urgency != UrgencyUrgent ||
		mem.OpenMessages[0].For != "Priya Natarajan" {
		t.Errorf("open messages = %+v, want the failed one for Priya", mem.OpenMessages)
	}
	msgs, err := s.Messages(ctx, MessageFilter{Number: jane.Number})
	must(t, err)
	if len(msgs) != 2 || msgs[0].ID != msg.ID || msgs[1].State != MessageSent || msgs[1].Reason != "" {
		t.Errorf("messages = %+v, want both, newest first, the sent one without a reason", msgs)
	}
	open, _ := s.Messages(ctx, MessageFilter{OpenOnly: true})
	if len(open) != 1 {
		t.Errorf("open messages = %+v", open)
	}
	missed(t, s, "c2", jane, at(0))
	mem, _ = s.Caller(ctx, jane.Number)
	if mem.Calls != 2 || mem.LastCall.CallID != "c2" || mem.LastCall.Outcome != OutcomeMissed || mem.Callback == nil || mem.Callback.Calls != 1 {
		t.Errorf("memory after a missed call = %+v (callback %+v)", mem, mem.Callback)
	}
}

func testContactsNameNumbers(t *testing.T, b backend) {
	s := openOne(t, b)
	ctx := context.Background()
	n, err := s.ImportContacts(ctx, "contacts.vcf", []Contact{
		{Name: "Jane Roe", Org: "Roe & Co", Numbers: []ContactNumber{{Label: "work", Number: "(415) 555-0123"}, {Label: "mobile", Number: "415.555.0199"}}},
		{Name: "Omar Haddad", Numbers: []ContactNumber{{Label: "work", Number: "020 7946 0958"}}},
		{Name: "", Numbers: []ContactNumber{{Number: "123"}}},
		{Name: "No Number"},
	})
	must(t, err)
	if n != 3 {
		t.Errorf("imported %d numbers, want 3", n)
	}
	mem, err := s.Caller(ctx, "+14155550123")
	must(t, err)
	if mem.Contact == nil || mem.Name != "Jane Roe" || mem.Contact.Org != "Roe & Co" || mem.Contact.Numbers[0].Label != "work" {
		t.Errorf("memory = %+v (contact %+v), want Jane from the contacts", mem, mem.Contact)
	}
	mem, _ = s.Caller(ctx, "+442079460958")
	if mem.Name != "Omar Haddad" {
		t.Errorf("a national UK number did not match the international one: %+v", mem)
	}
	// Webex knows the caller by another name: the contact wins.
	missed(t, s, "c1", Party{Name: "ROE JANE", Number: "+14155550199"}, at(0))
	mem, _ = s.Caller(ctx, "+14155550199")
	if mem.Name != "Jane Roe" {
		t.Errorf("name = %q, want the contact's", mem.Name)
	}
	// Importing the file again replaces it.
	n, err = s.ImportContacts(ctx, "contacts.vcf", []Contact{{Name: "Omar H.", Numbers: []ContactNumber{{Number: "+44 20 7946 0958"}}}})
	must(t, err)
	if n != 1 {
		t.Errorf("re-import: %d numbers", n)
	}
	if mem, _ := s.Caller(ctx, "+14155550123"); mem.Contact != nil {
		t.Errorf("a contact removed from the file is still known: %+v", mem.Contact)
	}
	if mem, _ := s.Caller(ctx, "+442079460958"); mem.Name != "Omar H." {
		t.Errorf("name after re-import = %q", mem.Name)
	}
	if mem, _ := s.Caller(ctx, "+14155550199"); mem.Name != "ROE JANE" {
		t.Errorf("without a contact, the name Webex gave: %q", mem.Name)
	}
}

func testSearch(t *testing.T, b backend) {
	s := openOne(t, b)
	ctx := context.Background()
	parties := []Party{jane, omar, zoe, {Name: "Ana 50% Off_Shop", Number: "1002"}}
	// 40 calls, one a minute, cycling through the parties and outcomes.
	for i := range 40 {
		p := parties[i%len(parties)]
		ev := incoming(fmt.Sprintf("c%02d", i), p, at(time.Duration(i)*time.Minute))
		if i%5 == 0 {
			ev.Direction = DirectionOut
		}
		rec(t, s, ev)
		if i%3 != 0 {
			rec(t, s, next(ev, KindAnswered, ev.At.Add(5*time.Second)))
		}
		rec(t, s, next(ev, KindEnded, ev.At.Add(30*time.Second)))
	}
	ids := func(p Page) []string {
		var out []string
		for _, c := range p.Calls {
			out = append(out, c.CallID)
		}
		return out
	}
	search := func(q Query) Page {
		t.Helper()
		p, err := s.Search(ctx, q)
		if err != nil {
			t.Fatalf("search %+v: %v", q, err)
		}
		return p
	}
	all := search(Query{Limit: 100})
	if len(all.Calls) != 40 || all.Calls[0].CallID != "c39" || all.Calls[39].CallID != "c00" || all.Next != "" {
		t.Errorf("all = %v, want 40 newest first", ids(all))
	}
	for _, tc := range []struct {
		q    Query
		want int
	}{
		{Query{Text: "jane", Limit: 100}, 10},
		{Query{Text: "ROE", Limit: 100}, 10},
		{Query{Text: "müller", Limit: 100}, 10},
		{Query{Text: "415 555", Limit: 100}, 10},
		{Query{Text: "(415) 555-0123", Limit: 100}, 10},
		{Query{Text: "20 7946", Limit: 100}, 10},
		{Query{Text: "50%", Limit: 100}, 10},
		{Query{Text: "f_s", Limit: 100}, 10},
		{Query{Text: "%", Limit: 100}, 10},
		{Query{Text: "nobody", Limit: 100}, 0},
		{Query{Kind: HistoryPlaced, Limit: 100}, 8},
		{Query{Kind: HistoryMissed, Limit: 100}, 11},   // incoming (i%5 != 0), unanswered (i%3 == 0)
		{Query{Kind: HistoryReceived, Limit: 100}, 21}, // incoming, answered
		{Query{From: at(10 * time.Minute), To: at(20 * time.Minute), Limit: 100}, 10},
		{Query{Text: "jane", Kind: HistoryMissed, From: at(0), Limit: 100}, 3},
	} {
		if got := search(tc.q); len(got.Calls) != tc.want {
			t.Errorf("search %+v: %d calls %v, want %d", tc.q, len(got.Calls), ids(got), tc.want)
		}
	}
	// Paging walks every call once, newest first.
	var seen []string
	q := Query{Limit: 7}
	for pages := 0; ; pages++ {
		p := search(q)
		seen = append(seen, ids(p)...)
		if p.Next == "" {
			break
		}
		if pages > 10 {
			t.Fatal("paging does not end")
		}
		q.Cursor = p.Next
	}
	if len(seen) != 40 || seen[0] != "c39" || seen[39] != "c00" || len(slices.Compact(slices.Clone(seen))) != 40 {
		t.Errorf("paging saw %v", seen)
	}
	if _, err := s.Search(ctx, Query{Cursor: "garbage"}); !errors.Is(err, ErrInvalid) {
		t.Errorf("bad cursor: %v, want ErrInvalid", err)
	}
	if _, err := s.Search(ctx, Query{Kind: "weird"}); !errors.Is(err, ErrInvalid) {
		t.Errorf("bad kind: %v, want ErrInvalid", err)
	}
	if p := search(Query{Limit: 0}); len(p.Calls) != 40 || p.Next != "" {
		t.Errorf("the default page (%d) holds %d calls, want all 40", DefaultPageSize, len(p.Calls))
	}
}

// testSearchManyCallers takes the other way through Search: more matching
// callers than it looks up by number.
func testSearchManyCallers(t *testing.T, b backend) {
	s := openOne(t, b)
	ctx := context.Background()
	n := maxCallerKeys + 20
	for i := range n {
		ev := incoming(fmt.Sprintf("g%03d", i), Party{Name: fmt.Sprintf("Ana Garcia %d", i), Number: fmt.Sprintf("+1555000%04d", i)},
			at(time.Duration(i)*time.Minute))
		rec(t, s, ev)
		if i%2 == 0 {
			rec(t, s, next(ev, KindEnded, ev.At.Add(time.Second)))
		}
	}
	rec(t, s, incoming("other", jane, at(time.Hour*5)))
	var seen []string
	q := Query{Text: "GARCIA", Limit: 30}
	for {
		p, err := s.Search(ctx, q)
		must(t, err)
		for _, c := range p.Calls {
			seen = append(seen, c.CallID)
		}
		if p.Next == "" {
			break
		}
		q.Cursor = p.Next
	}
	if len(seen) != n || seen[0] != fmt.Sprintf("g%03d", n-1) || seen[n-1] != "g000" {
		t.Errorf("search of %d callers saw %d calls: %v", n, len(seen), seen)
	}
	missed, err := s.Search(ctx, Query{Text: "garcia", Kind: HistoryMissed, Limit: MaxPageSize})
	must(t, err)
	if len(missed.Calls) != (n+1)/2 {
		t.Errorf("missed Garcias = %d, want %d", len(missed.Calls), (n+1)/2)
	}
}

func testStats(t *testing.T, b backend) {
	s := openOne(t, b)
	ctx := context.Background()
	// On the front desk: answered after 10 s and 30 s (held 40 s), one
	// missed, one placed. On the sales line, through the sales queue:
	// answered after 20 s. A retrieved leg is no answer to count, and a
	// consult leg in the session of the caller it was for is no call
	// placed. A call the day before is outside the period.
	call := func(id string, line Line, queue string, dir Direction, ring, answer time.Duration, hold time.Duration) {
		ev := incoming(id, jane, at(ring))
		ev.Line, ev.Queue, ev.Direction = line, queue, dir
		rec(t, s, ev)
		if answer > 0 {
			rec(t, s, next(ev, KindAnswered, at(ring+answer)))
		}
		if hold > 0 {
			rec(t, s, next(ev, KindHeld, at(ring+answer+time.Second)))
			rec(t, s, next(ev, KindResumed, at(ring+answer+time.Second+hold)))
		}
		rec(t, s, next(ev, KindEnded, at(ring+5*time.Minute)))
	}
	call("a", front, "", DirectionIn, 0, 10*time.Second, 0)
	call("b", front, "", DirectionIn, time.Hour, 30*time.Second, 40*time.Second)
	call("c", front, "", DirectionIn, 2*time.Hour, 0, 0)
	call("d", front, "", DirectionOut, 3*time.Hour, 4*time.Second, 0)
	call("e", sales, "Sales queue", DirectionIn, 4*time.Hour, 20*time.Second, 0)
	call("y", front, "", DirectionIn, -24*time.Hour, 50*time.Second, 0)
	rec(t, s, Event{Kind: KindRetrieved, CallID: "r", At: at(5 * time.Hour), Direction: DirectionIn, Party: jane, Line: front, Target: "7001"})
	consult := Event{Kind: KindRang, CallID: "q", SessionID: "s-b", At: at(time.Hour + time.Minute), Direction: DirectionOut, Party: zoe, Line: front}
	rec(t, s, consult)
	rec(t, s, next(consult, KindAnswered, at(time.Hour+90*time.Second)))
	rec(t, s, next(consult, KindEnded, at(time.Hour+2*time.Minute)))

	st, err := s.Stats(ctx, at(0), at(24*time.Hour))
	must(t, err)
	want := Figures{Answered: 3, Missed: 1, Placed: 1, AvgAnswer: 20 * time.Second, LongestAnswer: 30 * time.Second, Held: 40 * time.Second}
	if st.Total != want {
		t.Errorf("total = %+v\nwant    %+v", st.Total, want)
	}
	if len(st.ByLine) != 2 || st.ByLine[0].Label != "Front desk" || st.ByLine[0].Answered != 2 || st.ByLine[0].Missed != 1 ||
		st.ByLine[0].AvgAnswer != 20*time.Second || st.ByLine[1].Key != "line-sales" || st.ByLine[1].Answered != 1 {
		t.Errorf("by line = %+v", st.ByLine)
	}
	if len(st.ByQueue) != 1 || st.ByQueue[0].Label != "Sales queue" || st.ByQueue[0].Answered != 1 || st.ByQueue[0].LongestAnswer != 20*time.Second {
		t.Errorf("by queue = %+v", st.ByQueue)
	}
	empty, err := s.Stats(ctx, at(48*time.Hour), at(72*time.Hour))
	must(t, err)
	if empty.Total != (Figures{}) || len(empty.ByLine) != 0 {
		t.Errorf("stats of an empty period = %+v", empty)
	}
}

func testPrune(t *testing.T, b backend) {
	s := openOne(t, b)
	ctx := context.Background()
	old := at(-40 * 24 * time.Hour)
	missed(t, s, "old1", jane, old)
	missed(t, s, "old2", omar, old)
	missed(t, s, "omar-again", omar, at(0)) // Omar's item stays: his last missed call is recent
	rec(t, s, incoming("new1", zoe, at(time.Minute)))
	_, err := s.AddNote(ctx, Note{Number: jane.Number, Text: "old note", Created: old})
	must(t, err)
	_, err = s.AddNote(ctx, Note{Number: jane.Number, Text: "new note", Created: at(0)})
	must(t, err)
	_, err = s.TakeMessage(ctx, Message{For: "Priya", Number: jane.Number, Text: "old", Created: old})
	must(t, err)
	_, err = s.ImportContacts(ctx, "f", []Contact{{Name: "Jane", Numbers: []ContactNumber{{Number: jane.Number}}}})
	must(t, err)

	r, err := s.Prune(ctx, at(-30*24*time.Hour))
	must(t, err)
	if r.Calls != 2 || r.Notes != 1 || r.Messages != 1 || r.Callbacks != 1 || r.Contacts != 0 {
		t.Errorf("removed = %+v", r)
	}
	for _, id := range []string{"old1", "old2"} {
		if _, err := s.Call(ctx, id); !errors.Is(err, ErrNotFound) {
			t.Errorf("%s survived the prune: %v", id, err)
		}
	}
	list, _ := s.Worklist(ctx, WorklistFilter{IncludeDone: true})
	if len(list) != 1 || list[0].Number != omar.Number || list[0].Calls != 2 {
		t.Errorf("worklist after prune = %+v, want Omar's recent item", list)
	}
	mem, _ := s.Caller(ctx, jane.Number)
	if mem.Calls != 0 || mem.LastNote == nil || mem.LastNote.Text != "new note" || mem.Contact == nil {
		t.Errorf("Jane after prune = %+v", mem)
	}
	if p, _ := s.Search(ctx, Query{Text: "jane"}); len(p.Calls) != 0 {
		t.Errorf("search finds pruned calls: %+v", p.Calls)
	}
	again, err := s.Prune(ctx, at(-30*24*time.Hour))
	must(t, err)
	if again.Total() != 0 {
		t.Errorf("second prune removed %+v", again)
	}
}

func testForget(t *testing.T, b backend) {
	s := openOne(t, b)
	ctx := context.Background()
	ev := incoming("j1", jane, at(0))
	rec(t, s, ev)
	rec(t, s, next(ev, KindAnswered, at(time.Second)))
	rec(t, s, next(ev, KindHeld, at(2*time.Second)))
	pk := next(ev, KindParked, at(3*time.Second))
	pk.Target = "7001"
	rec(t, s, pk)
	missed(t, s, "j2", jane, at(time.Minute))
	o := incoming("o1", omar, at(2*time.Minute))
	rec(t, s, o)
	tr := next(o, KindTransferred, at(3*time.Minute))
	tr.Target = "+1 415 555 0123" // to Jane
	rec(t, s, tr)
	missed(t, s, "o2", omar, at(4*time.Minute))
	_, err := s.AddNote(ctx, Note{CallID: "j1", Text: "secret"})
	must(t, err)
	_, err = s.TakeMessage(ctx, Message{For: "Priya", Number: jane.Number, Text: "call me"})
	must(t, err)
	_, err = s.ImportContacts(ctx, "f", []Contact{{Name: "Jane", Numbers: []ContactNumber{{Number: "(415) 555-0123"}}},
		{Name: "Omar", Numbers: []ContactNumber{{Number: omar.Number}}}})
	must(t, err)

	r, err := s.Forget(ctx, "+1-415-555-0123")
	must(t, err)
	want := Removed{Calls: 2, Notes: 1, Messages: 1, Callbacks: 1, Contacts: 1, Parked: 1}
	if r != want {
		t.Errorf("removed = %+v, want %+v", r, want)
	}
	mem, err := s.Caller(ctx, jane.Number)
	must(t, err)
	if mem.Calls != 0 || mem.LastCall != nil || mem.LastNote != nil || len(mem.OpenMessages) != 0 || mem.Contact != nil || mem.Callback != nil {
		t.Errorf("Jane is remembered after forget: %+v", mem)
	}
	if p, _ := s.Search(ctx, Query{Text: "jane"}); len(p.Calls) != 0 {
		t.Errorf("search still finds Jane: %+v", p.Calls)
	}
	if p, _ := s.Parked(ctx); len(p) != 0 {
		t.Errorf("parked = %+v", p)
	}
	oc, _ := s.Call(ctx, "o1")
	if oc.Target != "" || oc.Outcome != OutcomeTransferred {
		t.Errorf("Omar's call transferred to Jane = %+v, want the target forgotten, the rest kept", oc)
	}
	if mem, _ := s.Caller(ctx, omar.Number); mem.Calls != 2 || mem.Contact == nil || mem.Callback == nil {
		t.Errorf("Omar was forgotten too: %+v", mem)
	}
	if _, err := s.Forget(ctx, "  "); !errors.Is(err, ErrInvalid) {
		t.Errorf("forget of nothing: %v, want ErrInvalid", err)
	}
}

func testExport(t *testing.T, b backend) {
	s := openOne(t, b)
	ctx := context.Background()
	ev := incoming("e1", Party{Name: "=HYPERLINK(\"x\")", Number: "+14155550123"}, at(0))
	rec(t, s, ev)
	rec(t, s, next(ev, KindAnswered, at(12*time.Second)))
	rec(t, s, next(ev, KindHeld, at(20*time.Second)))
	rec(t, s, next(ev, KindResumed, at(25*time.Second)))
	rec(t, s, next(ev, KindEnded, at(60*time.Second)))
	missed(t, s, "e2", omar, at(time.Hour))
	missed(t, s, "e0", zoe, at(-time.Hour))

	var buf bytes.Buffer
	n, err := Export(ctx, s, &buf, FormatCSV, at(0))
	must(t, err)
	rows, err := csv.NewReader(&buf).ReadAll()
	must(t, err)
	if n != 2 || len(rows) != 3 || !slices.Equal(rows[0], csvHeader) {
		t.Fatalf("CSV export: %d calls, rows %q", n, rows)
	}
	row := map[string]string{}
	for i, h := range rows[0] {
		row[h] = rows[1][i]
	}
	if row["call_id"] != "e1" || row["name"] != "'=HYPERLINK(\"x\")" || row["number"] != "+14155550123" ||
		row["rang"] != "2026-03-10T09:00:00Z" || row["wait_seconds"] != "12" || row["held_seconds"] != "5" ||
		row["outcome"] != "answered" || row["holds"] != "1" {
		t.Errorf("CSV row = %v", row)
	}
	if rows[2][0] != "e2" {
		t.Errorf("second row = %v, want e2 (oldest first)", rows[2])
	}

	buf.Reset()
	n, err = Export(ctx, s, &buf, FormatJSON, time.Time{})
	must(t, err)
	var got []map[string]any
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatalf("JSON export does not parse: %v\n%s", err, buf.String())
	}
	if n != 3 || len(got) != 3 || got[0]["call_id"] != "e0" || got[1]["name"] != "=HYPERLINK(\"x\")" || got[2]["outcome"] != "missed" {
		t.Errorf("JSON export = %v", got)
	}
	buf.Reset()
	if n, err := Export(ctx, s, &buf, FormatJSON, at(48*time.Hour)); err != nil || n != 0 || strings.TrimSpace(buf.String()) != "[\n]" {
		t.Errorf("empty JSON export: %d, %v, %q", n, err, buf.String())
	}
	if _, err := Export(ctx, s, &buf, "xml", time.Time{}); !errors.Is(err, ErrInvalid) {
		t.Errorf("unknown format: %v", err)
	}
}

func testChangesInProcess(t *testing.T, b backend) {
	s := openOne(t, b)
	ctx, cancel := context.WithCancel(context.Background())
	ch := s.Changes(ctx)
	missed(t, s, "m1", jane, at(0))
	// The ring, then the end: the call-back it opened and the call.
	for i, k := range []ChangeKind{ChangeCall, ChangeCallback, ChangeCall} {
		c := <-ch
		if c.Kind != k || c.Number != jane.Number || c.Origin != "test" || (k == ChangeCall && c.CallID != "m1") || (k == ChangeCallback && c.ID == 0) {
			t.Errorf("change %d = %+v, want %s about m1 from test", i, c, k)
		}
	}
	cancel()
	for range ch {
	}
	// A channel subscribed before Close is closed by it.
	ch2 := s.Changes(context.Background())
	must(t, s.Close())
	for range ch2 {
	}
	if _, ok := <-s.Changes(context.Background()); ok {
		t.Error("Changes after Close delivered something")
	}
}

func testInvalidInput(t *testing.T, b backend) {
	s := openOne(t, b)
	ctx := context.Background()
	for _, ev := range []Event{
		{Kind: KindRang, At: at(0)},
		{Kind: "bounced", CallID: "x", At: at(0)},
		{Kind: KindRang, CallID: "x"},
		{Kind: KindEnded, CallID: "x", At: at(0), Outcome: "vanished"},
		{Kind: KindRang, CallID: "x", At: at(0), Direction: "sideways"},
	} {
		if _, err := s.Record(ctx, ev); !errors.Is(err, ErrInvalid) {
			t.Errorf("Record(%+v) = %v, want ErrInvalid", ev, err)
		}
	}
	if _, err := s.AddNote(ctx, Note{Number: jane.Number}); !errors.Is(err, ErrInvalid) {
		t.Errorf("empty note: %v", err)
	}
	if _, err := s.AddNote(ctx, Note{Text: "about whom?"}); !errors.Is(err, ErrInvalid) {
		t.Errorf("note on nothing: %v", err)
	}
	if _, err := s.TakeMessage(ctx, Message{Text: "for whom?"}); !errors.Is(err, ErrInvalid) {
		t.Errorf("message for nobody: %v", err)
	}
	if _, err := s.TakeMessage(ctx, Message{For: "Priya", Text: "x", Urgency: "whenever"}); !errors.Is(err, ErrInvalid) {
		t.Errorf("bad urgency: %v", err)
	}
	if _, err := s.Caller(ctx, ""); !errors.Is(err, ErrInvalid) {
		t.Errorf("caller of nothing: %v", err)
	}
	if _, err := s.FlagCallback(ctx, Callback{Name: "no number"}); !errors.Is(err, ErrInvalid) {
		t.Errorf("flag without a number: %v", err)
	}
	if _, err := s.ImportContacts(ctx, "", nil); !errors.Is(err, ErrInvalid) {
		t.Errorf("import without a source: %v", err)
	}
	if _, err := s.Session(ctx, ""); !errors.Is(err, ErrInvalid) {
		t.Errorf("empty session: %v", err)
	}
	if c, err := s.Search(ctx, Query{}); err != nil || len(c.Calls) != 0 {
		t.Errorf("nothing was written, yet search found %+v (%v)", c.Calls, err)
	}
}

func testRetentionAtOpen(t *testing.T, b backend) {
	db := b.newDB(t)
	ctx := context.Background()
	s := db.open(t, Options{})
	missed(t, s, "ancient", jane, time.Now().AddDate(0, 0, -100))
	missed(t, s, "recent", omar, time.Now().AddDate(0, 0, -2))
	must(t, s.Close())
	s2 := db.open(t, Options{RetentionDays: 30})
	if _, err := s2.Call(ctx, "ancient"); !errors.Is(err, ErrNotFound) {
		t.Errorf("a call older than the retention survived opening: %v", err)
	}
	if _, err := s2.Call(ctx, "recent"); err != nil {
		t.Errorf("a recent call was pruned: %v", err)
	}
}

// A batch is what the same events recorded one by one would be, in one
// transaction: replays inside it and across batches change nothing, and
// an invalid event writes nothing at all.
func testRecordBatch(t *testing.T, b backend) {
	db := b.newDB(t)
	batched := db.open(t, Options{Name: "batch"})
	single := b.newDB(t).open(t, Options{Name: "single"})
	ctx := context.Background()
	ev := incoming("c1", jane, at(0))
	m := incoming("c2", omar, at(time.Minute))
	events := []Event{ev, next(ev, KindAnswered, at(5*time.Second)), next(ev, KindHeld, at(10*time.Second)),
		next(ev, KindHeld, at(11*time.Second)), // seen again while it lasts
		next(ev, KindResumed, at(20*time.Second)), m, next(ev, KindEnded, at(30*time.Second)),
		next(m, KindEnded, at(2*time.Minute))}
	changes := batched.Changes(ctx)
	got, err := batched.RecordBatch(ctx, events)
	must(t, err)
	var want []bool
	for _, e := range events {
		want = append(want, rec(t, single, e))
	}
	if !slices.Equal(got, want) {
		t.Errorf("batch recorded %v, one by one %v", got, want)
	}
	for _, id := range []string{"c1", "c2"} {
		x, err := batched.Call(ctx, id)
		must(t, err)
		y, err := single.Call(ctx, id)
		must(t, err)
		y.ID = x.ID
		if !sameCall(x, y) {
			t.Errorf("%s batched:\n%+v\none by one:\n%+v", id, x, y)
		}
	}
	list, err := batched.Worklist(ctx, WorklistFilter{})
	must(t, err)
	if len(list) != 1 || list[0].Number != omar.Number {
		t.Errorf("worklist after the batch = %+v, want Omar's missed call", list)
	}
	// The batch's changes are published, as one by one.
	seen := map[ChangeKind]bool{}
	for !seen[ChangeCall] || !seen[ChangeCallback] {
		seen[(<-changes).Kind] = true
	}
	again, err := batched.RecordBatch(ctx, events)
	must(t, err)
	if slices.Contains(again, true) {
		t.Errorf("a replayed batch recorded %v", again)
	}
	bad := []Event{incoming("c3", zoe, at(time.Hour)), {Kind: KindRang, CallID: "c4"}}
	if _, err := batched.RecordBatch(ctx, bad); !errors.Is(err, ErrInvalid) {
		t.Errorf("a batch with an event without a time: %v, want ErrInvalid", err)
	}
	if _, err := batched.Call(ctx, "c3"); !errors.Is(err, ErrNotFound) {
		t.Errorf("the valid event of a refused batch was written: %v", err)
	}
	if n, err := batched.RecordBatch(ctx, nil); err != nil || len(n) != 0 {
		t.Errorf("an empty batch: %v, %v", n, err)
	}
}

// A caller ringing again: the journal tells of the calls before this one,
// even once this one is recorded.
func testCallerBeforeACall(t *testing.T, b backend) {
	s := openOne(t, b)
	ctx := context.Background()
	old := incoming("yesterday", jane, at(-24*time.Hour))
	rec(t, s, old)
	rec(t, s, next(old, KindAnswered, at(-24*time.Hour+4*time.Second)))
	rec(t, s, next(old, KindEnded, at(-24*time.Hour+2*time.Minute)))
	_, err := s.AddNote(ctx, Note{CallID: "yesterday", Text: "the invoice", Author: "alice", Created: at(-24 * time.Hour)})
	must(t, err)
	now := incoming("today", jane, at(0))
	rec(t, s, now)
	mem, err := s.CallerBefore(ctx, jane.Number, now.At)
	must(t, err)
	if mem.Calls != 1 || mem.LastCall == nil || mem.LastCall.CallID != "yesterday" || mem.LastCall.Outcome != OutcomeAnswered {
		t.Errorf("memory before today's call = %+v, want yesterday's answered call alone", mem)
	}
	if mem.LastNote == nil || mem.LastNote.Text != "the invoice" {
		t.Errorf("last note = %+v", mem.LastNote)
	}
	all, err := s.Caller(ctx, jane.Number)
	must(t, err)
	if all.Calls != 2 || all.LastCall.CallID != "today" {
		t.Errorf("memory now = %+v, want both calls, today's last", all)
	}
	if zero, _ := s.CallerBefore(ctx, jane.Number, time.Time{}); zero.Calls != 2 {
		t.Errorf("CallerBefore without a time counts %d calls, want all 2", zero.Calls)
	}
	if _, err := s.CallerBefore(ctx, "  ", at(0)); !errors.Is(err, ErrInvalid) {
		t.Errorf("no number: %v, want ErrInvalid", err)
	}
}

// A message that could not go out for want of permission keeps why.
func testMessageNotSentWithAReason(t *testing.T, b backend) {
	s := openOne(t, b)
	ctx := context.Background()
	m, err := s.TakeMessage(ctx, Message{For: "Priya", Number: jane.Number, Text: "call back"})
	must(t, err)
	must(t, s.SetMessageState(ctx, m.ID, MessageNotSent, " the sign-in lacks spark:messages_write "))
	got, err := s.Messages(ctx, MessageFilter{Number: jane.Number})
	must(t, err)
	if len(got) != 1 || got[0].State != MessageNotSent || got[0].Reason != "the sign-in lacks spark:messages_write" {
		t.Errorf("messages = %+v, want not sent with the reason", got)
	}
	must(t, s.SetMessageState(ctx, m.ID, MessageSent, "ignored"))
	got, _ = s.Messages(ctx, MessageFilter{Number: jane.Number})
	if got[0].State != MessageSent || got[0].Reason != "" {
		t.Errorf("sent message = %+v, want no reason", got[0])
	}
}
