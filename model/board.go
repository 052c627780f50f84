package model

import (
	"slices"
	"time"
)

// DefaultEndedLinger is how long an ended call stays on the board, greyed,
// when BoardOptions.EndedLinger is zero.
const DefaultEndedLinger = 5 * time.Second

// BoardOptions configure a Board.
type BoardOptions struct {
	// HoldLimit raises HeldTooLong for a call on hold this long; 0 turns the
	// warning off.
	HoldLimit time.Duration
	// EndedLinger is how long an ended call stays visible before it is
	// removed. Zero means DefaultEndedLinger; a negative value removes ended
	// calls at once (their Ended change is still reported).
	EndedLinger time.Duration
	// AutoSelectRinging lets a newly ringing incoming call take the selection
	// when the operator is not busy with another call (see Board).
	AutoSelectRinging bool
	// Order is how rows are ordered; the zero value is OrderAppearance.
	Order Order
}

// Row is one line of the call list: the call as last polled, plus what the
// Board knows that the API does not say.
type Row struct {
	Call Call
	// FirstSeen is the time of the poll that first reported the call.
	FirstSeen time.Time
	// HeldSince is the time of the first poll in which the call was held
	// (State Held) in the current hold episode; zero when it is not on hold.
	// The API does not say when a hold began.
	HeldSince time.Time
	// HeldSinceSeen reports whether the Board saw the call unheld before
	// this hold, so HeldSince is when the hold began (to a poll's interval).
	// When the call was first seen already held, the hold began earlier and
	// HeldFor is a lower bound.
	HeldSinceSeen bool
	// WasAnswered reports whether a poll has shown the call answered.
	WasAnswered bool
	// EndedAt is when the Board saw the call end (it disappeared from a poll
	// or was reported disconnected); zero while it lives. An ended row's
	// Call.State is StateDisconnected.
	EndedAt time.Time
}

// Ended reports whether the row's call has ended.
func (r Row) Ended() bool { return !r.EndedAt.IsZero() }

// Duration is the call's Duration, frozen at EndedAt once the call ended.
func (r Row) Duration(now time.Time) time.Duration {
	if r.Ended() && r.EndedAt.Before(now) {
		now = r.EndedAt
	}
	return r.Call.Duration(now)
}

// HeldFor returns how long the call has been on hold; 0 when it is not held
// or has ended.
func (r Row) HeldFor(now time.Time) time.Duration {
	if r.Ended() || r.HeldSince.IsZero() {
		return 0
	}
	return max(now.Sub(r.HeldSince), 0)
}

// Changes is what one Apply noticed, each list of call ids in display order.
type Changes struct {
	// Arrived lists new calls that ring in (incoming and alerting when first
	// seen): ring the bell, notify.
	Arrived []string
	// Answered lists calls answered since the previous poll: alerting or
	// connecting before, connected, held or remotely held now. A call is
	// reported answered at most once, and never for the poll that first
	// reports it.
	Answered []string
	// Ended lists calls that ended in this poll (they disappeared or were
	// reported disconnected).
	Ended []string
	// HeldTooLong lists calls whose hold reached HoldLimit, once per hold
	// episode.
	HeldTooLong []string
	// Recalled lists calls carrying a recall (a parked call coming back) for
	// the first time. A recalled call that rings is in Arrived as well.
	Recalled []string
	// Held lists calls put on hold (State Held) since the previous poll, and
	// Resumed calls taken off hold (connected again).
	Held, Resumed []string
}

// Empty reports whether nothing changed.
func (c Changes) Empty() bool {
	return len(c.Arrived) == 0 && len(c.Answered) == 0 && len(c.Ended) == 0 &&
		len(c.HeldTooLong) == 0 && len(c.Recalled) == 0 && len(c.Held) == 0 && len(c.Resumed) == 0
}

// Board is the call list: every call of the latest poll plus recently ended
// ones, in a stable order, with a selection that follows the operator's call.
//
// Order. With OrderAppearance, calls with an appearance number come first,
// ascending, then calls without one; ties go by created time, then by id. A
// row's place is fixed when its call first appears: if the API later changes
// the appearance (or assigns one), the row stays where it is. New calls are
// slotted in among the existing rows by their own appearance, created time
// and id. With OrderRingingFirst, the calls ringing in come first, the one
// that has rung longest on top, then every other row as above: a caller
// who has waited longest is the first the operator sees. A row moves only
// when its call starts or stops ringing; the selection follows its call.
//
// Ending. A call missing from a poll, or reported disconnected, is marked
// ended (EndedAt, status "ended"), keeps its place, and stays visible for
// EndedLinger; it is removed by the first Apply or Expire after that. A call
// that reappears while it lingers (a flaky poll) comes back to life in
// place; its hold episode carries on if it is still held. A call first seen
// already disconnected is ignored. Calls without an id are ignored, and when
// a poll lists an id twice the first occurrence counts.
//
// Selection. The selection is a call id and follows that call across polls:
// rows added or removed above it never move it to another call. Whenever the
// board has rows, one is selected (it may be hidden by the filter, below): a
// call arriving on an empty board is selected (the first in display order
// when several arrive together). When the selected call is finally removed,
// the selection goes to the row that took its place, or to the previous row
// when it was the last; with a filter set, to the nearest such row the filter
// shows. With AutoSelectRinging, a call arriving in this poll that rings in
// takes the selection when the operator is not busy with another call:
// there is no selection, or the selected call has ended or is on hold; of
// several, the first in display order that the filter shows (else the
// first).
//
// Filter. SetFilter narrows what the operator sees (VisibleLen, VisibleRow) with
// Call.Matches. The selection stays on its id even when the filter hides it:
// Selected then reports no usable selection (so a key never acts on a call
// the operator cannot see), SelectionHidden reports true, and SelectedIndex
// is -1. Move, First and Last move among the visible rows; Move from a
// hidden selection goes to the nearest visible row in that direction.
// ShowLine narrows the rows the same way to the calls of one line.
//
// Groups. SetGroups keeps calls together (a conference's participants): a
// group's rows follow one another, in the group's order, where the first
// of them would be.
//
// A Board is not safe for concurrent use; the user interface owns it.
type Board struct {
	opts BoardOptions
	// rows are in display order. They are pointers so that slotting a row in
	// or taking one out moves 8 bytes per row, not a whole Call.
	rows    []*entry
	index   map[string]*entry // call id -> row, new calls of the current Apply included
	gen     uint64            // Apply counter, to mark the rows a poll reported
	fresh   []*entry          // scratch: calls new in the current Apply
	sel     string            // selected call id; "" only when the board is empty
	filter  query
	visible []int // positions of the rows the filter shows, ascending; used only when a filter is set
	// line is the one line shown when lineOnly is set (see ShowLine).
	line     string
	lineOnly bool
	// groups are calls kept together in the order given (see SetGroups),
	// and grouped maps each of their ids to its group.
	groups  [][]string
	grouped map[string]int
}

// entry is a Row with the Board's bookkeeping.
type entry struct {
	Row
	key      sortKey // frozen when the call first appeared
	pos      int     // index in Board.rows, kept current as rows move
	seen     uint64  // the Apply that last reported the call
	fresh    bool    // first reported by the current Apply
	recalled bool    // Recalled has fired for this call
	warned   bool    // HeldTooLong has fired for the current hold episode
	unheld   bool    // a poll has shown the call not held
	ringing  bool    // the call rang in when the rows were last ordered
	listed   State   // the state the last poll that listed the call reported
}

// NewBoard returns an empty Board.
func NewBoard(opts BoardOptions) *Board {
	if opts.EndedLinger == 0 {
		opts.EndedLinger = DefaultEndedLinger
	}
	return &Board{opts: opts, index: make(map[string]*entry)}
}

// Apply takes the full list of calls from one poll, made at now, and reports
// what changed. The Board keeps the calls' Redirections and Recall as given:
// do not modify them afterwards.
func (b *Board) Apply(calls []Call, now time.Time) Changes {
	b.gen++
	b.collect(calls, now)
	if len(b.fresh) > 0 {
		b.merge()
	}
	ch := b.observe(now)
	if b.opts.Order == OrderRingingFirst && b.reorder(len(b.fresh) > 0) {
		slices.SortFunc(ch.Arrived, func(x, y string) int { return b.index[x].pos - b.index[y].pos })
	}
	b.gather()
	if b.opts.AutoSelectRinging && len(ch.Arrived) > 0 && b.selectionIdle() {
		b.sel = b.pickArrival(ch.Arrived)
	}
	anchor := b.removeExpired(now)
	b.refreshVisible()
	b.settleSelection(anchor)
	return ch
}

// collect updates the rows the poll reports and gathers new calls into
// b.fresh.
func (b *Board) collect(calls []Call, now time.Time) {
	b.fresh = b.fresh[:0]
	for i := range calls {
		c := &calls[i]
		if c.ID == "" {
			continue
		}
		if e, ok := b.index[c.ID]; ok {
			if e.seen == b.gen {
				continue // listed twice: the first occurrence counts
			}
			e.Call = *c
			e.seen = b.gen
			continue
		}
		if c.Ended() {
			continue // never seen alive: nothing to show
		}
		e := &entry{Row: Row{Call: *c, FirstSeen: now}, key: keyOf(c), seen: b.gen, fresh: true}
		b.index[c.ID] = e
		b.fresh = append(b.fresh, e)
	}
}

// observe walks the rows once in display order, marks ended and revived
// calls, tracks holds and collects the changes.
func (b *Board) observe(now time.Time) Changes {
	var ch Changes
	for _, e := range b.rows {
		id := e.Call.ID
		if e.seen != b.gen {
			if !e.Ended() {
				e.EndedAt = now
				e.Call.State = StateDisconnected
				ch.Ended = append(ch.Ended, id)
			}
			continue
		}
		isNew := e.fresh
		e.fresh = false
		switch {
		case isNew:
			if e.Call.Ringing() {
				ch.Arrived = append(ch.Arrived, id)
			}
		case e.Call.Ended():
			if !e.Ended() {
				e.EndedAt = now
				ch.Ended = append(ch.Ended, id)
			}
		case e.Ended():
			e.EndedAt = time.Time{} // back from a flaky poll
		}
		live := e.Call.State.answeredLive()
		if live && !e.WasAnswered && !isNew {
			ch.Answered = append(ch.Answered, id)
		}
		e.WasAnswered = e.WasAnswered || live
		if e.Call.Recall != nil && !e.recalled {
			e.recalled = true
			ch.Recalled = append(ch.Recalled, id)
		}
		held := e.Call.State == StateHeld
		if !isNew && held && e.listed != StateHeld && !e.Ended() {
			ch.Held = append(ch.Held, id)
		}
		if !isNew && e.listed == StateHeld && e.Call.State == StateConnected {
			ch.Resumed = append(ch.Resumed, id)
		}
		e.listed = e.Call.State
		if !held {
			e.HeldSince, e.warned, e.unheld = time.Time{}, false, true
		} else if e.HeldSince.IsZero() {
			e.HeldSince, e.HeldSinceSeen = now, e.unheld
		}
		if b.holdDue(e, now) {
			e.warned = true
			ch.HeldTooLong = append(ch.HeldTooLong, id)
		}
	}
	return ch
}

// CheckHolds returns the calls whose hold reached HoldLimit by now and were
// not reported yet in their current hold episode, for a timer between polls.
// It shares the once-per-episode rule with Apply's HeldTooLong.
func (b *Board) CheckHolds(now time.Time) []string {
	var ids []string
	for _, e := range b.rows {
		if b.holdDue(e, now) {
			e.warned = true
			ids = append(ids, e.Call.ID)
		}
	}
	return ids
}

// holdDue reports whether a live held row has reached the hold limit without
// a warning yet in this episode.
func (b *Board) holdDue(e *entry, now time.Time) bool {
	return b.opts.HoldLimit > 0 && !e.warned && !e.Ended() && !e.HeldSince.IsZero() &&
		now.Sub(e.HeldSince) >= b.opts.HoldLimit
}

// Expire removes ended rows whose linger time has passed by now and reports
// whether any went, so a timer between polls can clear them.
func (b *Board) Expire(now time.Time) bool {
	n := len(b.rows)
	anchor := b.removeExpired(now)
	if len(b.rows) == n {
		return false
	}
	b.refreshVisible()
	b.settleSelection(anchor)
	return true
}

// removeExpired drops ended rows past their linger time, keeping the order.
// When the selected row goes it returns the position of the row that took
// its place (which may be len(rows) when it was last), else -1.
func (b *Board) removeExpired(now time.Time) int {
	anchor := -1
	w := 0
	for i, e := range b.rows {
		if e.Ended() && now.Sub(e.EndedAt) >= b.opts.EndedLinger {
			delete(b.index, e.Call.ID)
			if e.Call.ID == b.sel {
				anchor = w
			}
			continue
		}
		if w != i {
			b.rows[w], e.pos = e, w
		}
		w++
	}
	if w == len(b.rows) {
		return -1
	}
	clear(b.rows[w:]) // drop references to removed calls
	b.rows = b.rows[:w]
	if anchor >= 0 {
		b.sel = ""
	}
	return anchor
}

// Len returns the number of rows, lingering ended ones included, whatever
// the filter.
func (b *Board) Len() int { return len(b.rows) }

// Row returns the i-th row in display order, whatever the filter, without
// copying the others.
func (b *Board) Row(i int) Row { return b.rows[i].Row }

// NextChange returns when time alone next changes the board: an ended row
// leaves, or a hold reaches HoldLimit. The zero time means nothing is due.
func (b *Board) NextChange() time.Time {
	var next time.Time
	for _, e := range b.rows {
		var t time.Time
		switch {
		case e.Ended():
			t = e.EndedAt.Add(b.opts.EndedLinger)
		case b.opts.HoldLimit > 0 && !e.warned && !e.HeldSince.IsZero():
			t = e.HeldSince.Add(b.opts.HoldLimit)
		default:
			continue
		}
		if next.IsZero() || t.Before(next) {
			next = t
		}
	}
	return next
}

// Rows returns every row in display order, lingering ended ones included,
// whatever the filter.
func (b *Board) Rows() []Row {
	rows := make([]Row, len(b.rows))
	for i, e := range b.rows {
		rows[i] = e.Row
	}
	return rows
}

// Live returns the rows whose calls have not ended, in display order,
// whatever the filter.
func (b *Board) Live() []Row {
	var rows []Row
	for _, e := range b.rows {
		if !e.Ended() {
			rows = append(rows, e.Row)
		}
	}
	return rows
}

// Find returns the row of a call, whatever the filter.
func (b *Board) Find(id string) (Row, bool) {
	e, ok := b.index[id]
	if !ok {
		return Row{}, false
	}
	return e.Row, true
}
