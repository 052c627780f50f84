package model

import (
	"slices"
	"testing"
	"time"
)

// onLine puts a call on a line.
func onLine(c Call, line string) Call {
	c.Line = line
	return c
}

// visibleIDs returns the ids of the rows shown, in order.
func visibleIDs(b *Board) []string {
	var ids []string
	for i := range b.VisibleLen() {
		ids = append(ids, b.VisibleRow(i).Call.ID)
	}
	return ids
}

// ShowLine shows one line's calls, and a call ringing in on another line
// still shows: choosing a line must not let a caller ring unseen.
func TestShowLine(t *testing.T) {
	b := NewBoard(BoardOptions{})
	b.Apply([]Call{talk("a", 0), onLine(talk("b", time.Second), "main"), onLine(ring("c", 2*time.Second), "exec")}, at(3*time.Second))
	b.ShowLine("main")
	if got := visibleIDs(b); !slices.Equal(got, []string{"b", "c"}) {
		t.Errorf("line main shows %v, want b and the ringing c", got)
	}
	if line, ok := b.LineShown(); !ok || line != "main" {
		t.Errorf("LineShown() = %q, %v", line, ok)
	}
	b.ShowLine("")
	if got := visibleIDs(b); !slices.Equal(got, []string{"a", "c"}) {
		t.Errorf("the own line shows %v, want a and the ringing c", got)
	}
	b.SetFilter("Caller c")
	if got := visibleIDs(b); !slices.Equal(got, []string{"c"}) {
		t.Errorf("line and filter show %v, want c", got)
	}
	b.SetFilter("")
	b.ShowAllLines()
	if got := visibleIDs(b); len(got) != 3 {
		t.Errorf("every line shows %v, want all three", got)
	}
	if _, ok := b.LineShown(); ok {
		t.Error("LineShown() still names a line")
	}
}

// A group's rows follow one another, where the first of them was, across
// polls and as new calls arrive; ending the groups restores the order.
func TestGroupsKeepCallsTogether(t *testing.T) {
	for _, order := range []Order{OrderAppearance, OrderRingingFirst} {
		b := NewBoard(BoardOptions{Order: order})
		calls := []Call{talk("a", 0), held("b", time.Second), talk("c", 2*time.Second)}
		b.Apply(calls, at(3*time.Second))
		b.SetGroups([][]string{{"c", "a"}})
		wantOrder(t, b, "c", "a", "b")
		if ids, place, ok := b.Group("a"); !ok || place != 1 || !slices.Equal(ids, []string{"c", "a"}) {
			t.Errorf("Group(a) = %v, %d, %v", ids, place, ok)
		}
		if _, _, ok := b.Group("b"); ok {
			t.Error("b is in a group")
		}
		b.Apply(append(calls, ring("d", 4*time.Second)), at(5*time.Second))
		if order == OrderRingingFirst {
			wantOrder(t, b, "d", "c", "a", "b")
		} else {
			wantOrder(t, b, "c", "a", "b", "d")
		}
		b.SetGroups(nil)
		if order == OrderRingingFirst {
			b.Apply(append(calls, talk("d", 4*time.Second)), at(6*time.Second))
		}
		b.Apply(append(calls, talk("d", 4*time.Second)), at(7*time.Second))
		if order == OrderAppearance {
			// Without groups nothing moves back by itself in appearance
			// order: rows keep their places.
			wantOrder(t, b, "c", "a", "b", "d")
		} else {
			wantOrder(t, b, "a", "b", "c", "d")
		}
	}
}

// A group naming a call the board does not have keeps the others together.
func TestGroupWithAnUnknownCall(t *testing.T) {
	b := NewBoard(BoardOptions{})
	b.Apply([]Call{talk("a", 0), talk("b", time.Second), talk("c", 2*time.Second)}, at(3*time.Second))
	b.SetGroups([][]string{{"a", "zz", "c"}, {"c", "b"}})
	wantOrder(t, b, "a", "c", "b")
	if _, _, ok := b.Group("zz"); !ok {
		t.Error("the unknown call lost its group")
	}
}
