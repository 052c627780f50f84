package model

import "sort"

// SetFilter sets the filter query typed after "/" ("" shows every row). The
// selection stays on its call even when the filter hides it.
func (b *Board) SetFilter(q string) {
	b.filter = newQuery(q)
	b.refreshVisible()
}

// Filter returns the filter query as the Board applies it (trimmed, lower
// case); "" when no filter is set.
func (b *Board) Filter() string { return b.filter.text }

// refreshVisible recomputes which rows the filter shows. It runs after every
// change of rows or filter, since a poll can change a call's status word.
func (b *Board) refreshVisible() {
	b.visible = b.visible[:0]
	if b.filter.empty() {
		return
	}
	for i, e := range b.rows {
		// A call ringing in is never filtered out: a filter typed minutes ago
		// must not let a caller ring unseen.
		if b.filter.matchCall(&e.Call) || (e.Call.Ringing() && !e.Ended()) {
			b.visible = append(b.visible, i)
		}
	}
}

// visibleLen returns the number of rows the filter shows.
func (b *Board) visibleLen() int {
	if b.filter.empty() {
		return len(b.rows)
	}
	return len(b.visible)
}

// visibleAt returns the position in rows of the n-th visible row.
func (b *Board) visibleAt(n int) int {
	if b.filter.empty() {
		return n
	}
	return b.visible[n]
}

// rank returns how many visible rows come before position pos, and whether
// the row at pos is visible itself.
func (b *Board) rank(pos int) (int, bool) {
	if b.filter.empty() {
		return pos, true
	}
	n := sort.SearchInts(b.visible, pos)
	return n, n < len(b.visible) && b.visible[n] == pos
}

// selectedPos returns the selected row's position in rows.
func (b *Board) selectedPos() (int, bool) {
	e, ok := b.index[b.sel]
	if !ok {
		return 0, false
	}
	return e.pos, true
}

// Selected returns the selected row. ok is false when nothing is selected or
// the filter hides the selection: an action must not reach a call the
// operator cannot see.
func (b *Board) Selected() (Row, bool) {
	pos, ok := b.selectedPos()
	if !ok {
		return Row{}, false
	}
	if _, vis := b.rank(pos); !vis {
		return Row{}, false
	}
	return b.rows[pos].Row, true
}

// SelectedID returns the selected call's id, hidden by the filter or not; ""
// when the board is empty.
func (b *Board) SelectedID() string { return b.sel }

// SelectionHidden reports whether a call is selected but the filter hides it.
func (b *Board) SelectionHidden() bool {
	pos, ok := b.selectedPos()
	if !ok {
		return false
	}
	_, vis := b.rank(pos)
	return !vis
}

// SelectedIndex returns the selected row's index among the visible rows (all
// rows when no filter is set), or -1 when nothing is selected or the filter hides
// the selection.
func (b *Board) SelectedIndex() int {
	pos, ok := b.selectedPos()
	if !ok {
		return -1
	}
	n, vis := b.rank(pos)
	if !vis {
		return -1
	}
	return n
}

// Select selects a call by id, whether or not the filter shows it, and
// reports whether the board has it; the selection is unchanged otherwise.
func (b *Board) Select(id string) bool {
	if _, ok := b.index[id]; !ok {
		return false
	}
	b.sel = id
	return true
}

// Move moves the selection delta rows down (negative: up) among the visible
// rows, stopping at the first and last. From a selection the filter hides,
// it moves to the nearest visible row in that direction (then on by the rest
// of delta), or the nearest in the other direction when there is none.
func (b *Board) Move(delta int) {
	n := b.visibleLen()
	if n == 0 || delta == 0 {
		return
	}
	pos, ok := b.selectedPos()
	if !ok {
		b.First()
		return
	}
	target, vis := b.rank(pos)
	switch {
	case vis:
		target += delta
	case delta > 0:
		target += delta - 1 // the first visible row after pos has rank target
	default:
		target += delta // the last visible row before pos has rank target-1
	}
	b.sel = b.rows[b.visibleAt(min(max(target, 0), n-1))].Call.ID
}

// First selects the first visible row.
func (b *Board) First() {
	if b.visibleLen() > 0 {
		b.sel = b.rows[b.visibleAt(0)].Call.ID
	}
}

// Last selects the last visible row.
func (b *Board) Last() {
	if n := b.visibleLen(); n > 0 {
		b.sel = b.rows[b.visibleAt(n-1)].Call.ID
	}
}

// selectionIdle reports whether the operator is not busy with the
// selected call, for AutoSelectRinging: no selection, or the selected call
// has ended or is on hold.
func (b *Board) selectionIdle() bool {
	pos, ok := b.selectedPos()
	return !ok || b.rows[pos].Ended() || b.rows[pos].Call.State == StateHeld
}

// pickArrival chooses which of the arrived calls takes the selection: the
// first the filter shows, else the first.
func (b *Board) pickArrival(ids []string) string {
	for _, id := range ids {
		if e, ok := b.index[id]; ok && b.filter.matchCall(&e.Call) {
			return id
		}
	}
	return ids[0]
}

// settleSelection restores the rule that a board with rows has a selection.
// anchor is where the removed selected row was (see removeExpired), or -1.
func (b *Board) settleSelection(anchor int) {
	if _, ok := b.selectedPos(); ok {
		return
	}
	b.sel = ""
	if len(b.rows) == 0 {
		return
	}
	b.sel = b.rows[b.nearest(max(anchor, 0))].Call.ID
}

// nearest returns the position of the first visible row at or after pos,
// else the last visible row before it; with no visible row, pos itself
// clamped to the rows.
func (b *Board) nearest(pos int) int {
	n, _ := b.rank(pos) // rows visible before pos; the one at rank n is at or after pos
	switch {
	case n < b.visibleLen():
		return b.visibleAt(n)
	case n > 0:
		return b.visibleAt(n - 1)
	}
	return min(pos, len(b.rows)-1)
}

// VisibleLen is the number of rows the filter shows (all rows without one).
func (b *Board) VisibleLen() int { return b.visibleLen() }

// VisibleRow returns the i-th row the filter shows, in display order, without
// copying the others: a view draws only the rows that fit on screen.
func (b *Board) VisibleRow(i int) Row { return b.rows[b.visibleAt(i)].Row }

// RingingFrom counts the visible rows from index i on whose calls ring in,
// for a heading that says how many ring off screen. With OrderRingingFirst
// those rows come first, so the count stops at the first that does not
// ring: a long list costs no more than a short one.
func (b *Board) RingingFrom(i int) int {
	n := 0
	for ; i < b.visibleLen(); i++ {
		e := b.rows[b.visibleAt(i)]
		if e.Call.Ringing() && !e.Ended() {
			n++
		} else if b.opts.Order == OrderRingingFirst {
			break
		}
	}
	return n
}
