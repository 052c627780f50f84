package desk

import (
	"testing"
	"time"

	"github.com/callboard/callboard/model"
)

// Bug: a double press sent a call-changing request twice, because the guard
// ended with the reply instead of when the list showed the effect.
func TestDoublePressSendsOnce(t *testing.T) {
	t.Run("answer", func(t *testing.T) {
		r := newRig(t, Config{}, ringing("a", 0))
		r.key("a", model.ActionAnswer)
		r.ok(model.ActionAnswer)       // 204 at once…
		r.key("a", model.ActionAnswer) // …but the list still shows it ringing
		r.answerPoll(ringing("a", 0))  // a poll sent before the reply
		r.key("a", model.ActionAnswer) // still the same double tap
		if n := r.count(model.ActionAnswer); n != 1 {
			t.Fatalf("answer sent %d times, want once", n)
		}
		r.wantSaid("already sent")
	})
	t.Run("dial to one destination", func(t *testing.T) {
		r := newRig(t, Config{})
		dial := Intent{Actions: []model.Action{model.ActionDial}, Args: Args{Dest: "101"}}
		r.step(dial)
		r.reply(model.ActionDial, Result{CallID: "new", SessionID: "s-new"}, nil)
		r.now = r.now.Add(220 * time.Millisecond)
		r.step(dial)
		if n := r.count(model.ActionDial); n != 1 {
			t.Fatalf("dial sent %d times, want once: a second dial is a second real call", n)
		}
		// The new call shows: the guard lifts, a deliberate second dial goes.
		c := outgoing("new", "101")
		c.SessionID = "s-new"
		r.answerPoll(c)
		r.step(dial)
		if n := r.count(model.ActionDial); n != 2 {
			t.Fatalf("dial sent %d times after the first showed, want 2", n)
		}
	})
	t.Run("transfer", func(t *testing.T) {
		r := newRig(t, Config{}, connected("c", 0))
		tr := Intent{Actions: []model.Action{model.ActionTransfer}, CallID: "c", Args: Args{Dest: "101"}}
		r.step(tr)
		r.reply(model.ActionTransfer, Result{CallID: "leg"}, nil)
		r.step(tr)
		if n := r.count(model.ActionTransfer); n != 1 {
			t.Fatalf("transfer sent %d times, want once", n)
		}
	})
	t.Run("the guard lifts after a clear timeout", func(t *testing.T) {
		c := connected("c", 0)
		c.MuteCapable = true
		r := newRig(t, Config{Settle: 5 * time.Second}, c)
		r.key("c", model.ActionMute)
		r.ok(model.ActionMute)
		r.advance(5 * time.Second)
		r.key("c", model.ActionMute)
		if n := r.count(model.ActionMute); n != 2 {
			t.Fatalf("mute sent %d times after the settle timeout, want 2", n)
		}
	})
}

// Bug: a key pressed while an action on the same call was in flight was
// dropped (answer then hold: no hold was sent and the caller heard the
// room). Keys on a call go in order once the earlier action shows.
func TestKeysOnACallGoInOrder(t *testing.T) {
	r := newRig(t, Config{}, ringing("a", 0))
	r.key("a", model.ActionAnswer)
	r.now = r.now.Add(150 * time.Millisecond)
	r.key("a", model.ActionHold, model.ActionResume)
	if n := r.count(model.ActionHold); n != 0 {
		t.Fatalf("hold sent before the answer showed")
	}
	r.wantSaid("queued")
	r.ok(model.ActionAnswer)
	r.answerPoll(connected("a", 0)) // the poll the reply asked for shows it answered
	if n := r.count(model.ActionHold); n != 1 {
		t.Fatalf("hold sent %d times once the answer showed, want 1", n)
	}
}

// Typing "a h j a h j a" fast on three ringing calls answers all three and
// holds the first two, in order.
func TestFastKeysOnThreeCalls(t *testing.T) {
	r := newRig(t, Config{}, ringing("x", 0), ringing("y", time.Second), ringing("z", 2*time.Second))
	for _, id := range []string{"x", "y"} {
		r.key(id, model.ActionAnswer)
		r.key(id, model.ActionHold, model.ActionResume)
	}
	r.key("z", model.ActionAnswer)
	if got := r.count(model.ActionAnswer); got != 3 {
		t.Fatalf("%d answers sent at once, want 3 (one per call)", got)
	}
	for range 3 {
		r.ok(model.ActionAnswer)
	}
	// The first poll was sent after the first reply only; the second, sent
	// when it returned, after all three.
	answered := []model.Call{connected("x", 0), connected("y", time.Second), connected("z", 2*time.Second)}
	r.answerPoll(answered...)
	r.answerPoll(answered...)
	if got := r.count(model.ActionHold); got != 2 {
		t.Fatalf("%d holds sent after the answers showed, want 2", got)
	}
}

// A queued key the call no longer allows is refused with a message that
// stays (a problem), not dropped in silence.
func TestQueuedKeyRefusedVisibly(t *testing.T) {
	r := newRig(t, Config{}, ringing("a", 0))
	r.key("a", model.ActionAnswer)
	r.key("a", model.ActionHold, model.ActionResume)
	r.ok(model.ActionAnswer)
	r.answerPoll() // the caller hung up meanwhile
	if r.count(model.ActionHold) != 0 {
		t.Fatal("hold sent for a call that ended")
	}
	if s := r.lastSaid(); s.Level != Problem {
		t.Errorf("last message %+v, want a problem saying the hold was not sent", s)
	}
	r.wantSaid("not sent")
}

// A failed action drops the keys queued behind it, saying so.
func TestFailureDropsQueuedKeys(t *testing.T) {
	r := newRig(t, Config{}, ringing("a", 0))
	r.key("a", model.ActionAnswer)
	r.key("a", model.ActionHold, model.ActionResume)
	r.reply(model.ActionAnswer, Result{}, &Failure{Kind: FailRefused, Status: 400, Text: "bad"})
	r.pollNow(ringing("a", 0))
	if r.count(model.ActionHold) != 0 {
		t.Fatal("hold sent after the answer failed")
	}
	r.wantSaid("hold Caller a not sent")
}

// An action on a call that ended between poll and key press says so and
// sends nothing.
func TestCallEndedBetweenPollAndKey(t *testing.T) {
	r := newRig(t, Config{}, connected("c", 0))
	r.pollNow()
	r.key("c", model.ActionHold, model.ActionResume)
	if len(r.sent) != 0 {
		t.Fatalf("sent %v for an ended call", r.sent)
	}
	r.wantSaid("call already ended")
}

// A stale or unknown call answered by Webex as gone reads "call already
// ended".
func TestGoneReadsAlreadyEnded(t *testing.T) {
	r := newRig(t, Config{}, connected("c", 0))
	r.key("c", model.ActionHold, model.ActionResume)
	r.reply(model.ActionHold, Result{}, &Failure{Kind: FailGone, Status: 400, Text: "Call not found"})
	r.wantSaid("call already ended")
}

// A lost reply may mean it happened: never resent by itself.
func TestLostReplyIsNotResent(t *testing.T) {
	r := newRig(t, Config{})
	r.step(Intent{Actions: []model.Action{model.ActionDial}, Args: Args{Dest: "101"}})
	r.reply(model.ActionDial, Result{}, &Failure{Kind: FailNetwork, Text: "context deadline exceeded"})
	r.advance(time.Minute)
	if n := r.count(model.ActionDial); n != 1 {
		t.Fatalf("dial sent %d times after a lost reply, want 1", n)
	}
	r.wantSaid("the call may be ringing — check the list before trying again")
}

// A toggle key queued behind another action keeps the meaning it had when
// pressed: h on a connected call holds; if the call is held by then, the
// hold is refused rather than turned into a resume.
func TestQueuedToggleKeepsItsMeaning(t *testing.T) {
	r := newRig(t, Config{}, connected("c", 0))
	r.step(Intent{Actions: []model.Action{model.ActionConsult}, CallID: "c", Args: Args{Dest: "101"}})
	r.key("c", model.ActionHold, model.ActionResume) // meant: hold
	r.ok(model.ActionHold)                           // the consult's hold
	r.reply(model.ActionDial, Result{CallID: "leg"}, nil)
	r.pollNow(onHold("c", 0), outgoing("leg", "101"))
	if n := r.count(model.ActionResume); n != 0 {
		t.Fatalf("a hold key queued during a consult resumed the caller")
	}
	r.wantSaid("already on hold")
}
