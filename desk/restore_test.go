package desk

import (
	"testing"
	"time"

	"github.com/callboard/callboard/model"
)

// effectsOf returns the effects of type T the desk asked for so far.
func effectsOf[T Effect](r *rig) []T {
	var out []T
	for _, e := range r.all {
		if v, ok := e.(T); ok {
			out = append(out, v)
		}
	}
	return out
}

// A console killed with a call parked and calls missed, started again: the
// desk restored from what the first one left knows the same.
func TestRestoreAfterRestart(t *testing.T) {
	first := newRig(t, Config{}, connected("c", 0), ringing("m", 0))
	first.step(Intent{Actions: []model.Action{model.ActionPark}, CallID: "c"})
	first.reply(model.ActionPark, Result{ParkedAt: model.Party{Name: "Call Park 7001", Number: "7001"}}, nil)
	first.pollNow() // the parked call leaves; the ringing one stops unanswered
	if first.d.Missed() != 1 || len(first.d.Parked()) != 1 {
		t.Fatalf("before the restart: %d missed, parked %+v", first.d.Missed(), first.d.Parked())
	}
	parked := first.d.Parked()
	if parked[0].CallID != "c" {
		t.Errorf("the parked entry does not name its call: %+v", parked[0])
	}

	// The journal kept them; the new console steps them in first.
	second := &rig{t: t, d: New(Config{Order: model.OrderRingingFirst}), now: epoch().Add(time.Minute)}
	second.step(Restore{Parked: parked, Missed: first.d.Missed()})
	if len(second.polls) != 1 {
		t.Errorf("the restore did not start polling: polls %v", second.polls)
	}
	second.answerPoll()
	if got := second.d.Parked(); len(got) != 1 || got[0] != parked[0] {
		t.Errorf("parked after the restart = %+v, want %+v", got, parked)
	}
	if second.d.Missed() != 1 {
		t.Errorf("missed after the restart = %d, want 1", second.d.Missed())
	}
	// The same parked call restored twice is one parked call; more missed
	// calls add up.
	second.step(Restore{Parked: parked, Missed: 2})
	if len(second.d.Parked()) != 1 || second.d.Missed() != 3 {
		t.Errorf("after a second restore: parked %+v, missed %d", second.d.Parked(), second.d.Missed())
	}
	// P offers the restored park, and retrieving it forgets it.
	second.step(Intent{Actions: []model.Action{model.ActionRetrieve}, Args: Args{Dest: "7001"}})
	second.reply(model.ActionRetrieve, Result{CallID: "c2", SessionID: "s-c"}, nil)
	if len(second.d.Parked()) != 0 {
		t.Errorf("the restored park is still remembered after its retrieve: %+v", second.d.Parked())
	}
}

// Opening and closing the history says the missed calls were seen, so the
// journal's count restarts from there.
func TestHistorySaysMissedCallsWereSeen(t *testing.T) {
	r := newRig(t, Config{})
	r.step(Restore{Missed: 4})
	r.step(HistoryShown{Open: true})
	if r.d.Missed() != 0 {
		t.Errorf("missed = %d with the history open", r.d.Missed())
	}
	r.now = r.now.Add(time.Minute)
	r.step(HistoryShown{Open: false})
	seen := effectsOf[MissedSeen](r)
	if len(seen) != 2 || !seen[0].At.Equal(epoch()) || !seen[1].At.Equal(epoch().Add(time.Minute)) {
		t.Errorf("MissedSeen = %+v, want one at opening and one at closing", seen)
	}
}

// A hold the console saw begin before the restart counts from when it
// began: the hold time and the hold-limit warning.
func TestRestoredHoldCountsFromItsStart(t *testing.T) {
	r := &rig{t: t, d: New(Config{Order: model.OrderRingingFirst, HoldLimit: 2 * time.Minute}), now: epoch()}
	began := epoch().Add(-3 * time.Minute)
	r.step(Restore{Holds: []HoldStart{{CallID: "h", Since: began}, {CallID: "gone", Since: began}, {CallID: "resumed", Since: began}}})
	r.answerPoll(onHold("h", -10*time.Minute), connected("resumed", -10*time.Minute))
	row, _ := r.d.Board().Find("h")
	if !row.HeldSince.Equal(began) || !row.HeldSinceSeen {
		t.Errorf("held since %v (seen %v), want the restored %v", row.HeldSince, row.HeldSinceSeen, began)
	}
	if got := HoldText(row, r.now); got != "3:00" {
		t.Errorf("hold shows %q, want 3:00 without ≥", got)
	}
	if row, _ := r.d.Board().Find("resumed"); !row.HeldSince.IsZero() {
		t.Errorf("a call no longer held took the restored hold: %+v", row)
	}
	// Past the limit already: the warning comes with the next tick.
	r.advance(time.Second)
	r.wantSaid("has been on hold for 3:01")
	// The call that ended while the console was away is forgotten after a
	// few polls.
	for range restoreHoldPolls {
		r.pollNow(onHold("h", -10*time.Minute))
	}
	if len(r.d.restoredHolds) != 0 {
		t.Errorf("restored holds still pending: %+v", r.d.restoredHolds)
	}
}

// A restored hold never shortens a hold the console saw begin itself.
func TestRestoredHoldKeepsAHoldSeenBeginning(t *testing.T) {
	r := newRig(t, Config{}, connected("h", 0))
	r.now = r.now.Add(10 * time.Second)
	r.pollNow(onHold("h", 0))
	seen, _ := r.d.Board().Find("h")
	r.step(Restore{Holds: []HoldStart{{CallID: "h", Since: epoch().Add(-time.Hour)}}})
	row, _ := r.d.Board().Find("h")
	if !row.HeldSince.Equal(seen.HeldSince) {
		t.Errorf("held since %v, want the %v the console saw", row.HeldSince, seen.HeldSince)
	}
}

// What Webex returned for an operation is reported for the journal: where
// a call was parked.
func TestSucceededReportsWhatWebexReturned(t *testing.T) {
	r := newRig(t, Config{}, connected("c", 0))
	r.step(Intent{Actions: []model.Action{model.ActionPark}, CallID: "c"})
	if len(effectsOf[Succeeded](r)) != 0 {
		t.Fatal("Succeeded before the reply")
	}
	r.reply(model.ActionPark, Result{ParkedAt: model.Party{Number: "7001"}}, nil)
	got := effectsOf[Succeeded](r)
	if len(got) != 1 || got[0].Op.Action != model.ActionPark || got[0].Op.CallID != "c" || got[0].Result.ParkedAt.Number != "7001" {
		t.Errorf("Succeeded = %+v", got)
	}
	r.step(Intent{Actions: []model.Action{model.ActionDial}, Args: Args{Dest: "101"}})
	r.reply(model.ActionDial, Result{}, &Failure{Kind: FailRefused, Status: 400, Text: "no"})
	if len(effectsOf[Succeeded](r)) != 1 {
		t.Error("a refused operation was reported as carried out")
	}
}
