package desk

import (
	"testing"
	"time"

	"github.com/callboard/callboard/model"
)

// The idle poll and the durations' redraw fall on the desk's beat, the
// moment within the second of its first Step, wherever that is: the host's
// own once-a-second timer, started just before, then wakes the process once
// a second for all three.
func TestIdlePollsFallOnTheDesksBeat(t *testing.T) {
	start := epoch().Add(370 * time.Millisecond)
	d := New(Config{PollIdle: 2 * time.Second, Order: model.OrderRingingFirst})
	var seq uint64
	for _, e := range d.Step(start, Tick{}) {
		if p, ok := e.(Poll); ok {
			seq = p.Seq
		}
	}
	if seq == 0 {
		t.Fatal("the first step asked for no poll")
	}
	answered := start.Add(6 * time.Millisecond)
	d.Step(answered, Polled{Seq: seq})
	if got, want := d.NextWake(), start.Add(2*time.Second); !got.Equal(want) {
		t.Errorf("next poll at %s, want %s: on the beat, not 2 s after the answer", got.Format(time.StampMilli), want.Format(time.StampMilli))
	}
	for _, c := range []struct{ at, want time.Duration }{
		{6 * time.Millisecond, time.Second},
		{999 * time.Millisecond, time.Second},
		{time.Second, 2 * time.Second},
		{2900 * time.Millisecond, 3 * time.Second},
	} {
		if got, want := d.NextBeat(start.Add(c.at)), start.Add(c.want); !got.Equal(want) {
			t.Errorf("beat after +%s = %s, want %s", c.at, got.Format(time.StampMilli), want.Format(time.StampMilli))
		}
	}
}

// A poll that lists the calls as the last one did leaves the revision, and
// only then: a host draws no frame for it, so anything that moves must move
// the revision.
func TestRevisionMovesWithAnythingNew(t *testing.T) {
	calls := []model.Call{connected("c1", 0), onHold("c2", 0)}
	r := newRig(t, Config{}, calls...)
	r.step(Refresh{})
	unchanged := func(what string, want bool, answer func()) {
		t.Helper()
		before := r.d.Revision()
		answer()
		if got := r.d.Revision() == before; got != want {
			t.Errorf("%s: revision unchanged = %v, want %v", what, got, want)
		}
	}
	unchanged("the same calls", true, func() { r.answerPoll(calls...) })
	r.step(Refresh{})
	changed := []model.Call{connected("c1", 0), connected("c2", 0)}
	unchanged("a call resumed", false, func() { r.answerPoll(changed...) })
	r.step(Refresh{})
	unchanged("a failed poll", false, func() { r.failPoll(&Failure{Kind: FailNetwork, Text: "timeout"}) })
	r.step(Refresh{})
	unchanged("the same calls after a failure", false, func() { r.answerPoll(changed...) })
	r.step(Refresh{})
	unchanged("the same calls again", true, func() { r.answerPoll(changed...) })
	unchanged("a tick", false, func() { r.advance(time.Second) })

	r.key("c1", model.ActionHold)
	if len(r.open) != 1 {
		t.Fatalf("the hold was not sent: %v", r.sent)
	}
	r.step(Refresh{})
	unchanged("the same calls while a hold is out", false, func() { r.answerPoll(changed...) })
}
