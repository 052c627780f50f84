package model

import (
	"cmp"
	"slices"
	"strings"
	"time"
)

// Order is how a Board orders its rows.
type Order uint8

// The orders.
const (
	// OrderAppearance orders rows by line appearance, then created time; a
	// row never moves.
	OrderAppearance Order = iota
	// OrderRingingFirst puts the calls ringing in first, the one that has
	// rung longest on top; the other rows follow as with OrderAppearance.
	OrderRingingFirst
)

// ParseOrder maps a configuration word ("ringing-first", "appearance") to
// an Order.
func ParseOrder(s string) (Order, bool) {
	switch s {
	case "ringing-first":
		return OrderRingingFirst, true
	case "appearance":
		return OrderAppearance, true
	}
	return 0, false
}

// String is the configuration word of the order.
func (o Order) String() string {
	if o == OrderRingingFirst {
		return "ringing-first"
	}
	return "appearance"
}

// sortKey is a row's place in the list, taken when its call first appears.
type sortKey struct {
	appearance int // 0: none, sorts after every assigned appearance
	created    time.Time
	id         string
}

// keyOf returns the sort key of a call as it is now.
func keyOf(c *Call) sortKey {
	return sortKey{appearance: c.Appearance, created: c.Created, id: c.ID}
}

// compareKeys orders rows: assigned appearances first, ascending; then
// created time; then id.
func compareKeys(a, b sortKey) int {
	if (a.appearance > 0) != (b.appearance > 0) {
		if a.appearance > 0 {
			return -1
		}
		return 1
	}
	if c := cmp.Compare(a.appearance, b.appearance); c != 0 {
		return c
	}
	if c := a.created.Compare(b.created); c != 0 {
		return c
	}
	return strings.Compare(a.id, b.id)
}

// merge slots the new calls of b.fresh into b.rows. Both are in key order
// (rows by construction, fresh once sorted), so one pass from the back
// merges them in place, in time linear in the rows; rows before the first
// new one do not move.
func (b *Board) merge() {
	slices.SortFunc(b.fresh, func(x, y *entry) int { return compareKeys(x.key, y.key) })
	old := len(b.rows)
	b.rows = slices.Grow(b.rows, len(b.fresh))[:old+len(b.fresh)]
	i, j := old-1, len(b.fresh)-1
	for k := len(b.rows) - 1; j >= 0; k-- {
		var e *entry
		if i >= 0 && compareKeys(b.rows[i].key, b.fresh[j].key) > 0 {
			e, i = b.rows[i], i-1
		} else {
			e, j = b.fresh[j], j-1
		}
		b.rows[k], e.pos = e, k
	}
	clear(b.fresh) // the rows own them now
}

// reorder puts the rows ringing in first, longest ringing on top, keeping
// the others in key order, when a call started or stopped ringing or new
// calls came. It reports whether any row moved.
func (b *Board) reorder(added bool) bool {
	changed := added
	for _, e := range b.rows {
		r := e.Call.Ringing() && !e.Ended()
		if r != e.ringing {
			e.ringing, changed = r, true
		}
	}
	if !changed {
		return false
	}
	slices.SortStableFunc(b.rows, func(x, y *entry) int {
		switch {
		case x.ringing && !y.ringing:
			return -1
		case !x.ringing && y.ringing:
			return 1
		case x.ringing:
			if c := x.Call.Created.Compare(y.Call.Created); c != 0 {
				return c
			}
			return strings.Compare(x.Call.ID, y.Call.ID)
		}
		return compareKeys(x.key, y.key)
	})
	for i, e := range b.rows {
		e.pos = i
	}
	return true
}
