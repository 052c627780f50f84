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
