package model

import "testing"

// In a burst, the caller who has rung longest is on top, whatever the
// appearances say; answered calls follow in line order.
func TestRingingFirstLongestWaitingOnTop(t *testing.T) {
	b := NewBoard(BoardOptions{Order: OrderRingingFirst})
	var burst []Call
	for i, id := range []string{"k", "l", "m", "n"} {
		c := mk(id, StateAlerting, 4-i, sec(10*(4-i))) // n rang first, but has appearance 1
		burst = append(burst, c)
	}
	burst = append(burst, mk("t", StateConnected, 1, 0))
	b.Apply(burst, at(sec(60)))
	wantOrder(t, b, "n", "m", "l", "k", "t")

	// m is answered: it joins the others by its appearance; n stays on top.
	burst[2].State = StateConnected
	b.Apply(burst, at(sec(61)))
	wantOrder(t, b, "n", "l", "k", "t", "m")
}

func TestAppearanceOrderNeverMovesRows(t *testing.T) {
	b := NewBoard(BoardOptions{Order: OrderAppearance})
	b.Apply([]Call{mk("a", StateConnected, 1, 0), mk("b", StateAlerting, 2, sec(1))}, at(sec(5)))
	wantOrder(t, b, "a", "b")
}

// A new ringing call takes the selection from a held call, not from a
// connected one: the operator talking to someone keeps their selection.
func TestRingingTakesSelectionFromAHeldCall(t *testing.T) {
	b := NewBoard(BoardOptions{AutoSelectRinging: true, Order: OrderRingingFirst})
	b.Apply([]Call{held("h", 0)}, at(sec(1)))
	b.Apply([]Call{held("h", 0), ring("r", sec(2))}, at(sec(3)))
	if b.SelectedID() != "r" {
		t.Errorf("selected %q after a call rang in while the selection was held, want r", b.SelectedID())
	}

	b = NewBoard(BoardOptions{AutoSelectRinging: true, Order: OrderRingingFirst})
	b.Apply([]Call{talk("c", 0)}, at(sec(1)))
	b.Apply([]Call{talk("c", 0), ring("r", sec(2))}, at(sec(3)))
	if b.SelectedID() != "c" {
		t.Errorf("selected %q after a call rang in during a conversation, want c", b.SelectedID())
	}
}

// A hold the board saw begin is exact; one that began before the board
// first saw the call is a lower bound.
func TestHoldStartSeenOrNot(t *testing.T) {
	b := NewBoard(BoardOptions{})
	b.Apply([]Call{held("late", 0), talk("seen", 0)}, at(sec(10)))
	b.Apply([]Call{held("late", 0), held("seen", 0)}, at(sec(12)))
	late, _ := b.Find("late")
	seen, _ := b.Find("seen")
	if late.HeldSinceSeen {
		t.Error("a call first seen held reports its hold start as seen")
	}
	if !seen.HeldSinceSeen || !seen.HeldSince.Equal(at(sec(12))) {
		t.Errorf("seen hold: since %v, seen %v; want %v, true", seen.HeldSince, seen.HeldSinceSeen, at(sec(12)))
	}
}

func TestNextChange(t *testing.T) {
	b := NewBoard(BoardOptions{HoldLimit: sec(60), EndedLinger: sec(5)})
	if !b.NextChange().IsZero() {
		t.Errorf("an empty board has a change due at %v", b.NextChange())
	}
	b.Apply([]Call{talk("a", 0), talk("h", 0)}, at(sec(10)))
	b.Apply([]Call{held("h", 0)}, at(sec(20))) // a ends, h held
	if got, want := b.NextChange(), at(sec(25)); !got.Equal(want) {
		t.Errorf("NextChange() = %v, want the ended row leaving at %v", got, want)
	}
	b.Expire(at(sec(25)))
	if got, want := b.NextChange(), at(sec(80)); !got.Equal(want) {
		t.Errorf("NextChange() = %v, want the hold limit at %v", got, want)
	}
}

func TestSecondaryHidesANumberTheNameShows(t *testing.T) {
	p := Party{Name: "Call Park 7001", Number: "7001"}
	if got := p.Describe(); got != "Call Park 7001" {
		t.Errorf("Describe() = %q, want the park place once", got)
	}
}

func TestRingingFrom(t *testing.T) {
	for _, order := range []Order{OrderAppearance, OrderRingingFirst} {
		b := NewBoard(BoardOptions{Order: order})
		b.Apply([]Call{talk("t1", 0), ring("r1", sec(1)), talk("t2", sec(2)), ring("r2", sec(3))}, at(sec(10)))
		if got := b.RingingFrom(0); got != 2 {
			t.Errorf("%v: RingingFrom(0) = %d, want 2", order, got)
		}
		if got := b.RingingFrom(b.Len()); got != 0 {
			t.Errorf("%v: RingingFrom(end) = %d, want 0", order, got)
		}
	}
}
