package desk

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/callboard/callboard/model"
)

func TestConsultCompletes(t *testing.T) {
	r := newRig(t, Config{}, connected("c", 0))
	r.step(Intent{Actions: []model.Action{model.ActionConsult}, CallID: "c", Args: Args{Dest: "101"}})
	hold := r.ok(model.ActionHold)
	if hold.CallID != "c" {
		t.Fatalf("consult held %q, want c", hold.CallID)
	}
	dial := r.reply(model.ActionDial, Result{CallID: "leg", SessionID: "s-leg"}, nil)
	if dial.Args.Dest != "101" {
		t.Fatalf("consult dialled %q, want 101", dial.Args.Dest)
	}
	leg := outgoing("leg", "101")
	leg.SessionID = "s-leg"
	r.pollNow(onHold("c", 0), leg)
	if !r.d.InConsult("c") || !r.d.InConsult("leg") {
		t.Fatal("the consult does not know its calls")
	}
	// T on either call, with no destination, completes it.
	r.key("leg", model.ActionConsult)
	join := r.ok(model.ActionJoinTransfer)
	if join.CallID != "c" || join.With != "leg" {
		t.Fatalf("joined %q with %q, want c with leg", join.CallID, join.With)
	}
	r.pollNow()
	if _, ok := r.d.Consult(); ok {
		t.Error("the consult is still on after it completed")
	}
	for _, id := range []string{"c", "leg"} {
		row, _ := r.d.Board().Find(id)
		if got := r.d.Outcome(row); got != OutcomeTransferred {
			t.Errorf("%s ended as %q, want transferred", id, got.Word())
		}
	}
}

func TestConsultAbortResumesTheCaller(t *testing.T) {
	r := newRig(t, Config{}, connected("c", 0))
	r.step(Intent{Actions: []model.Action{model.ActionConsult}, CallID: "c", Args: Args{Dest: "101"}})
	r.ok(model.ActionHold)
	r.reply(model.ActionDial, Result{CallID: "leg"}, nil)
	r.pollNow(onHold("c", 0), outgoing("leg", "101"))
	r.key("leg", model.ActionHangup)
	r.ok(model.ActionHangup)
	resume := r.ok(model.ActionResume)
	if resume.CallID != "c" {
		t.Fatalf("resumed %q after the abort, want the caller", resume.CallID)
	}
}

// A second consult while one is on is refused, naming the one in progress.
func TestSecondConsultRefused(t *testing.T) {
	r := newRig(t, Config{}, connected("c", 0), connected("d", time.Second))
	r.step(Intent{Actions: []model.Action{model.ActionConsult}, CallID: "c", Args: Args{Dest: "101"}})
	r.ok(model.ActionHold)
	r.reply(model.ActionDial, Result{CallID: "leg"}, nil)
	r.pollNow(onHold("c", 0), connected("d", time.Second), outgoing("leg", "101"))
	r.step(Intent{Actions: []model.Action{model.ActionConsult}, CallID: "d", Args: Args{Dest: "102"}})
	if r.count(model.ActionHold) != 1 {
		t.Fatal("a second consult held another call")
	}
	r.wantSaid("already in progress")
}

// Bug: an empty transfer prompt joined two strangers. Joining is its own
// verb and names both calls.
func TestJoinNeedsBothCallsAnswered(t *testing.T) {
	r := newRig(t, Config{}, onHold("a", 0), ringing("b", time.Second))
	r.step(Intent{Actions: []model.Action{model.ActionJoinTransfer}, CallID: "a", Name: "Caller a", Args: Args{With: "b"}})
	if len(r.sent) != 0 {
		t.Fatalf("joined a ringing call: %v", r.sent)
	}
	r.wantSaid("cannot be joined")

	r = newRig(t, Config{}, onHold("a", 0), connected("b", time.Second))
	if p, ok := r.d.JoinPartner("b"); !ok || p.ID != "a" {
		t.Fatalf("JoinPartner(b) = %q, %v; want a", p.ID, ok)
	}
	r.step(Intent{Actions: []model.Action{model.ActionJoinTransfer}, CallID: "b", Args: Args{With: "a"}})
	if got := r.count(model.ActionJoinTransfer); got != 1 {
		t.Fatalf("join sent %d times, want 1", got)
	}
}

// An empty transfer destination is refused by the verb's own argument.
func TestTransferNeedsADestination(t *testing.T) {
	v, _ := VerbOf(model.ActionTransfer)
	if _, problem := v.Arg.Parse(""); problem == "" {
		t.Fatal("transfer accepts an empty destination")
	}
	if a, problem := v.Arg.Parse("vm"); problem != "" || !a.Voicemail {
		t.Fatalf("transfer vm: %+v, %q", a, problem)
	}
}

// t vm sends the caller to voicemail: it goes as a divert, and the row
// says "to voicemail" as the message does.
func TestTransferToVoicemail(t *testing.T) {
	r := newRig(t, Config{}, connected("c", 0))
	r.step(Intent{Actions: []model.Action{model.ActionTransfer}, CallID: "c", Args: Args{Voicemail: true, Dest: "101"}})
	op := r.ok(model.ActionDivert)
	if !op.Args.Voicemail || op.Args.Dest != "101" {
		t.Fatalf("sent %+v, want a divert to 101's voicemail", op)
	}
	r.wantSaid("the voicemail of 101")
	r.pollNow()
	row, _ := r.d.Board().Find("c")
	if got := r.d.Outcome(row).Word(); got != "to voicemail" {
		t.Errorf("the row reads %q, want to voicemail", got)
	}
}

func TestBlindTransferFollowed(t *testing.T) {
	r := newRig(t, Config{}, connected("c", 0))
	r.step(Intent{Actions: []model.Action{model.ActionTransfer}, CallID: "c", Args: Args{Dest: "101"}})
	r.reply(model.ActionTransfer, Result{CallID: "leg"}, nil)
	if dest, ok := r.d.TransferOf("c"); !ok || dest != "101" {
		t.Fatalf("TransferOf(c) = %q, %v", dest, ok)
	}
	leg := outgoing("leg", "101")
	leg.State = model.StateConnecting
	r.pollNow(onHold("c", 0), leg)
	if orig, ok := r.d.TransferLegOf("leg"); !ok || orig != "c" {
		t.Fatalf("TransferLegOf(leg) = %q, %v", orig, ok)
	}
	r.pollNow() // the destination answered: both left
	row, _ := r.d.Board().Find("c")
	if got := r.d.Outcome(row); got != OutcomeTransferred {
		t.Errorf("outcome %q, want transferred", got.Word())
	}
}

func TestBlindTransferNotAnswered(t *testing.T) {
	r := newRig(t, Config{}, connected("c", 0))
	r.step(Intent{Actions: []model.Action{model.ActionTransfer}, CallID: "c", Args: Args{Dest: "199"}})
	r.reply(model.ActionTransfer, Result{CallID: "leg"}, nil)
	r.pollNow(onHold("c", 0), outgoing("leg", "199"))
	r.pollNow(onHold("c", 0)) // the leg gave up
	r.wantSaid("transfer to 199 not completed")
}

func TestParkRememberedAndRetrieved(t *testing.T) {
	r := newRig(t, Config{}, connected("c", 0))
	r.step(Intent{Actions: []model.Action{model.ActionPark}, CallID: "c", Args: Args{Group: true}})
	r.reply(model.ActionPark, Result{ParkedAt: model.Party{Name: "Call Park 7001", Number: "7001"}}, nil)
	r.wantSaid("parked Caller c on Call Park 7001 — P retrieves")
	if p := r.d.Parked(); len(p) != 1 || p[0].At.Number != "7001" || p[0].Caller != "Caller c" {
		t.Fatalf("parked = %+v", p)
	}
	r.pollNow()
	r.step(Intent{Actions: []model.Action{model.ActionRetrieve}, Args: Args{Dest: "7001"}})
	r.reply(model.ActionRetrieve, Result{CallID: "back", SessionID: "s-c"}, nil)
	r.wantSaid("retrieved Caller c from 7001")
	if len(r.d.Parked()) != 0 {
		t.Error("the parked call is still remembered after its retrieve")
	}
}

// Bug: a retrieved call came back as an outgoing call at 0:01 and a park
// recall restarted at 0:00. The session keeps the caller and the start.
func TestSessionKeepsCallerAndStart(t *testing.T) {
	first := connected("c", 0) // created at the epoch
	r := newRig(t, Config{}, first)
	r.now = r.now.Add(90 * time.Second)
	r.pollNow() // parked elsewhere: the call left
	back := outgoing("back", "7001")
	back.SessionID = first.SessionID
	back.Created = r.now
	r.now = r.now.Add(2 * time.Second)
	r.pollNow(back)
	row, _ := r.d.Board().Find("back")
	s, ok := r.d.Session(row)
	if !ok {
		t.Fatal("the retrieved call is not linked to its session")
	}
	if !s.Since.Equal(first.Created) || s.Caller.Name != "Caller c" || !s.Incoming || s.Legs != 2 {
		t.Errorf("session = %+v, want the first call's start, caller and direction", s)
	}
	other, _ := r.d.Board().Find("back")
	other.Call.SessionID = "unrelated"
	if _, ok := r.d.Session(other); ok {
		t.Error("an unrelated call is linked to a session")
	}
}

// A ringing call that stops ringing unanswered is "missed", counted until
// the history is open; while it is, it is not counted and the history is
// told to refresh.
func TestMissedCalls(t *testing.T) {
	r := newRig(t, Config{}, ringing("a", 0))
	r.pollNow()
	row, _ := r.d.Board().Find("a")
	if got := r.d.Outcome(row).Word(); got != "missed" {
		t.Errorf("a call that rang out reads %q, want missed", got)
	}
	if r.d.Missed() != 1 {
		t.Errorf("missed = %d, want 1", r.d.Missed())
	}
	r.step(HistoryShown{Open: true})
	if r.d.Missed() != 0 {
		t.Error("opening the history did not clear the missed count")
	}
	r.pollNow(ringing("b", time.Second))
	r.pollNow()
	if r.d.Missed() != 0 {
		t.Errorf("missed rose to %d while the history was open", r.d.Missed())
	}
	if !slices.ContainsFunc(r.all, func(e Effect) bool { _, ok := e.(HistoryStale); return ok }) {
		t.Error("the open history was not told to refresh")
	}
}

func TestRejectedAndAnsweredCallsAreNotMissed(t *testing.T) {
	r := newRig(t, Config{}, ringing("a", 0), ringing("b", time.Second))
	r.key("a", model.ActionReject)
	r.ok(model.ActionReject)
	r.pollNow(connected("b", time.Second))
	r.pollNow()
	if r.d.Missed() != 0 {
		t.Errorf("missed = %d after a reject and an answer, want 0", r.d.Missed())
	}
	row, _ := r.d.Board().Find("a")
	if got := r.d.Outcome(row).Word(); got != "rejected" {
		t.Errorf("rejected call reads %q", got)
	}
}

// A new ringing call rings the bell, notifies, and reports Rang.
func TestArrivalAnnounced(t *testing.T) {
	r := newRig(t, Config{Bell: true, Notify: true})
	r.pollNow(ringing("a", 0), ringing("b", time.Second))
	var bells, notes, rang int
	for _, e := range r.all {
		switch e := e.(type) {
		case Bell:
			bells++
		case Notify:
			notes++
		case Happened:
			if e.What == Rang {
				rang++
			}
		}
	}
	if bells != 1 || notes != 2 || rang != 2 {
		t.Errorf("bells %d, notifications %d, rang %d; want 1, 2, 2", bells, notes, rang)
	}
}

// A dial's new call takes the selection when it appears, unless the
// operator moved it meanwhile.
func TestNewCallTakesTheSelection(t *testing.T) {
	r := newRig(t, Config{}, connected("c", 0))
	r.step(Intent{Actions: []model.Action{model.ActionDial}, Args: Args{Dest: "101"}})
	r.reply(model.ActionDial, Result{CallID: "new"}, nil)
	r.pollNow(connected("c", 0), outgoing("new", "101"))
	if got := r.d.Board().SelectedID(); got != "new" {
		t.Errorf("selected %q, want the new call", got)
	}
}

func TestPollCadence(t *testing.T) {
	cfg := Config{PollFast: time.Second, PollIdle: 2 * time.Second}
	r := newRig(t, cfg, connected("c", 0))
	r.now = r.now.Add(busyWindow) // quiet since the start
	r.pollNow(connected("c", 0))
	if got := r.d.NextWake().Sub(r.now); got != 2*time.Second {
		t.Errorf("idle: next wake in %v, want 2s", got)
	}
	r.pollNow(connected("c", 0), ringing("r", 0))
	if got := r.d.NextWake().Sub(r.now); got != time.Second {
		t.Errorf("ringing: next wake in %v, want 1s", got)
	}
}

func TestPollBackoffAndRecovery(t *testing.T) {
	r := newRig(t, Config{PollFast: time.Second, RateLimit: RateLimit{MaxWait: 8 * time.Second}})
	for i, want := range []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 8 * time.Second} {
		r.advance(r.d.NextWake().Sub(r.now))
		r.failPoll(&Failure{Kind: FailNetwork, Text: "connection refused"})
		if got := r.d.NextWake().Sub(r.now); got != want {
			t.Errorf("after %d failures: next poll in %v, want %v", i+1, got, want)
		}
	}
	if c := r.d.Connection(); c.Failures != 5 || c.Failure == nil {
		t.Errorf("connection %+v, want 5 failures", c)
	}
	r.advance(r.d.NextWake().Sub(r.now))
	r.answerPoll()
	if c := r.d.Connection(); c.Failures != 0 || c.Failure != nil || !c.Polled {
		t.Errorf("after recovery %+v", c)
	}
}

// A reply to an older poll never moves the list back in time.
func TestStalePollDropped(t *testing.T) {
	r := newRig(t, Config{}, connected("c", 0))
	r.step(Polled{Seq: 0, Calls: nil})
	if _, ok := r.d.Board().Find("c"); !ok {
		t.Fatal("a stale reply removed a call")
	}
}

func TestHoldTextMarksAnUnseenStart(t *testing.T) {
	r := newRig(t, Config{}, onHold("h", 0))
	r.now = r.now.Add(2 * time.Second)
	row, _ := r.d.Board().Find("h")
	if got := HoldText(row, r.now); got != "≥ 0:02" {
		t.Errorf("HoldText = %q, want ≥ 0:02 for a hold that began before the console saw it", got)
	}
}

// A blind transfer's new leg shares its caller's session while the caller
// is still on the line: it is not a later leg of the caller.
func TestConcurrentLegIsNotLinked(t *testing.T) {
	orig := onHold("c", 0)
	r := newRig(t, Config{}, orig)
	leg := outgoing("leg", "101")
	leg.SessionID = orig.SessionID
	r.pollNow(orig, leg)
	row, _ := r.d.Board().Find("leg")
	if s, ok := r.d.Session(row); ok {
		t.Errorf("a transfer leg beside its caller is linked as a later leg: %+v", s)
	}
}

// Speed dial transfers the selected call, dials only on an empty line, and
// never places a call instead of a transfer the call cannot take.
func TestSpeedDialAction(t *testing.T) {
	r := newRig(t, Config{})
	if act, _ := r.d.SpeedDial(); act != model.ActionDial {
		t.Errorf("empty line: %v, want dial", act)
	}
	r.pollNow(connected("c", 0))
	if act, _ := r.d.SpeedDial(); act != model.ActionTransfer {
		t.Errorf("connected call: %v, want transfer", act)
	}
	r.pollNow(ringing("r", 0))
	if act, why := r.d.SpeedDial(); act != 0 || why == "" {
		t.Errorf("ringing call: %v %q, want nothing and why", act, why)
	}
}

// The operator hangs up a held call: the desk does not say the caller hung
// up on them, whether the reply comes before the list or after it.
func TestOperatorHangupOnHoldIsNotTheCallers(t *testing.T) {
	for _, replyFirst := range []bool{true, false} {
		r := newRig(t, Config{}, onHold("c", 0))
		r.key("c", model.ActionHangup)
		if replyFirst {
			r.ok(model.ActionHangup)
			r.pollNow()
		} else {
			r.pollNow()
			r.ok(model.ActionHangup)
		}
		for _, s := range r.said {
			if strings.Contains(s.Text, "hung up while on hold") {
				t.Errorf("reply first %v: the desk said %q after the operator hung up", replyFirst, s.Text)
			}
		}
		if got := r.d.Missed(); got != 0 {
			t.Errorf("reply first %v: %d missed", replyFirst, got)
		}
	}
}

// A queue's offer that rings out is not a missed call: the caller waits on
// in the queue, and another offer follows.
func TestQueueOfferRingingOutIsNotMissed(t *testing.T) {
	offer := ringing("q", 0)
	offer.Redirections = []model.Redirection{{Reason: model.RedirectCallQueue, Party: model.Party{Name: "Support Queue", Number: "5100"}}}
	r := newRig(t, Config{}, offer)
	r.advance(15 * time.Second)
	r.pollNow()
	if got := r.d.Missed(); got != 0 {
		t.Errorf("%d missed after a queue's offer rang out", got)
	}
	for _, e := range r.all {
		if h, ok := e.(Happened); ok && h.What == Missed {
			t.Errorf("a Missed happening for a queue's offer: %+v", h)
		}
		if h, ok := e.(Happened); ok && h.What == Ended && h.Outcome != OutcomeReoffered {
			t.Errorf("the offer ended %v, want back to the queue", h.Outcome.Word())
		}
	}
}
