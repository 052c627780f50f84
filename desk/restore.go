package desk

import (
	"slices"
	"time"
)

// Restore is what the console must not forget across a restart (or a
// kill -9), read back from the journal when it starts: the calls the
// operator parked, how many calls were missed since the operator last
// looked at the history, and the holds in progress the console saw begin.
// The console steps it as soon as the journal answers, before the first
// poll can have noticed anything; what the desk already knows is kept, and
// a parked call it already remembers is not added twice.
type Restore struct {
	Parked []Parked
	Missed int
	Holds  []HoldStart
}

// HoldStart is a hold the console saw begin before it restarted.
type HoldStart struct {
	CallID string
	Since  time.Time
}

func (Restore) event() {}

// MissedSeen says the operator has seen the missed calls up to At: the
// history screen opened or closed. The journal remembers it, so the
// missed count a restart restores starts from there.
type MissedSeen struct{ At time.Time }

// Succeeded reports an operation Webex carried out and what it returned:
// where a call was parked, the call a retrieve created, where a call was
// transferred or diverted. What follows the line besides the screen (the
// journal) learns from it what the list of calls does not say.
type Succeeded struct {
	Op     Operation
	Result Result
}

func (MissedSeen) effect() {}
func (Succeeded) effect()  {}

// restoreHoldPolls is how many polls a restored hold waits for its call to
// be listed before it is dropped: a call that ended while the console was
// away never comes back.
const restoreHoldPolls = 3

// pendingHold is a restored hold waiting for its call to be listed.
type pendingHold struct {
	HoldStart
	polls int
}

// restore merges what the journal remembered.
func (d *Desk) restore(r Restore) {
	for _, p := range r.Parked {
		if slices.ContainsFunc(d.parked, func(q Parked) bool { return q.same(p) }) {
			continue
		}
		d.parked = append(d.parked, p)
	}
	slices.SortStableFunc(d.parked, func(a, b Parked) int { return a.Since.Compare(b.Since) })
	d.missed += max(r.Missed, 0)
	for _, h := range r.Holds {
		if h.CallID != "" && !h.Since.IsZero() {
			d.restoredHolds = append(d.restoredHolds, pendingHold{HoldStart: h})
		}
	}
	d.applyRestoredHolds(false)
}

// same reports whether two parked entries are one parked call.
func (p Parked) same(q Parked) bool {
	if p.CallID != "" && q.CallID != "" {
		return p.CallID == q.CallID
	}
	return p.At.Number == q.At.Number && p.Caller == q.Caller
}

// applyRestoredHolds gives the restored holds to their calls once they are
// listed; polled says a poll was just applied (one more poll waited).
func (d *Desk) applyRestoredHolds(polled bool) {
	kept := d.restoredHolds[:0]
	for _, h := range d.restoredHolds {
		if _, listed := d.board.Find(h.CallID); listed {
			d.board.RestoreHold(h.CallID, h.Since)
			continue
		}
		if polled {
			h.polls++
		}
		if h.polls < restoreHoldPolls {
			kept = append(kept, h)
		}
	}
	d.restoredHolds = kept
}
