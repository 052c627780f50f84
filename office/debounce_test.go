package office

import (
	"testing"
	"time"
)

func TestDebounce(t *testing.T) {
	b := Debounce{Gap: 150 * time.Millisecond}
	now := t0()
	// A first keystroke after a pause goes at once.
	g1, at := b.Typed(now)
	if !at.Equal(now) || !b.Due(g1, now) {
		t.Fatalf("the first keystroke waits until %v", at)
	}
	// The next ones within the gap wait for it, and only the last goes.
	g2, at2 := b.Typed(now.Add(40 * time.Millisecond))
	g3, at3 := b.Typed(now.Add(80 * time.Millisecond))
	if !at2.Equal(now.Add(150*time.Millisecond)) || !at3.Equal(at2) {
		t.Errorf("keystrokes within the gap go at %v and %v, want 150 ms after the first search", at2, at3)
	}
	if b.Due(g2, at2) {
		t.Errorf("a superseded text was searched")
	}
	if b.Current(g1) || b.Current(g2) || !b.Current(g3) {
		t.Errorf("only the text typed last is current")
	}
	if !b.Due(g3, at3) || b.Due(g3, at3) {
		t.Errorf("the last text must go exactly once")
	}
	// After a pause, at once again.
	g4, at4 := b.Typed(now.Add(time.Second))
	if !at4.Equal(now.Add(time.Second)) || !b.Due(g4, at4) {
		t.Errorf("after a pause the search waits until %v", at4)
	}
}
