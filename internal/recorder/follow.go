package recorder

import (
	"time"

	"github.com/callboard/callboard/desk"
	"github.com/callboard/callboard/journal"
	"github.com/callboard/callboard/model"
)

// Sink is where a Follower sends what it learns; *Writer is one.
type Sink interface {
	Record(ev journal.Event)
	MissedSeen(at time.Time)
}

// maxRemembered bounds what a Follower keeps about calls between effects
// (where a call was parked or transferred, which call a retrieve made,
// whose session a leg belongs to): entries are removed when their call
// ends or leaves the list, and this only guards against calls the desk
// never reports again.
const maxRemembered = 1024

// Follower turns the desk's effects into journal events. It runs on the
// console's loop after every step and only appends to its Sink; it is not
// safe for concurrent use.
type Follower struct {
	sink Sink
	// line is the operator's own line, where the desk lists calls without
	// a line of their own.
	line journal.Line
	// seen are the calls on the list already recorded as present.
	seen map[string]bool
	// targets are where calls went, by call id, from what Webex returned:
	// the park place, the transfer or divert destination.
	targets map[string]string
	// retrieved are the calls a retrieve created, by id: the place the
	// parked call was retrieved from.
	retrieved map[string]string
	// legs are the calls recorded as a leg of a caller's call (a
	// retrieve, a consult, a blind transfer's new leg), by call id: every
	// event of such a call carries the same session and direction.
	legs map[string]leg
	// parked are the sessions of the calls parked from the line, by
	// callSessionId, until a later leg of the session appears.
	parked map[string]parkedCall
}

// leg is how a call that carries on a caller's call is recorded: in the
// caller's session, and which way it goes.
type leg struct {
	session   string
	direction journal.Direction
}

// parkedCall is a call parked from the line: where, and which way it
// was recorded going.
type parkedCall struct {
	place     string
	direction journal.Direction
}

// NewFollower returns a Follower recording the calls the desk lists into
// sink: the calls of the operator's own line as on line, the calls of the
// desk's other lines on those lines.
func NewFollower(sink Sink, line journal.Line) *Follower {
	return &Follower{sink: sink, line: line, seen: map[string]bool{}, targets: map[string]string{},
		retrieved: map[string]string{}, legs: map[string]leg{}, parked: map[string]parkedCall{}}
}

// Follow records what one step of the desk changed: the effects it
// returned, and the calls on its list not recorded yet (calls placed,
// calls already under way when the console started).
func (f *Follower) Follow(now time.Time, d *desk.Desk, effects []desk.Effect) {
	for _, e := range effects {
		switch e := e.(type) {
		case desk.Happened:
			f.happened(now, d, e)
		case desk.Succeeded:
			f.succeeded(d, e)
		case desk.MissedSeen:
			f.sink.MissedSeen(e.At)
		}
	}
	b := d.Board()
	for i := range b.Len() {
		if r := b.Row(i); !r.Ended() && !f.seen[r.Call.ID] {
			f.present(d, r)
		}
	}
	for id := range f.seen {
		if _, ok := b.Find(id); !ok {
			delete(f.seen, id)
			delete(f.legs, id)
		}
	}
}

// happened records a change the desk reported.
func (f *Follower) happened(now time.Time, d *desk.Desk, h desk.Happened) {
	r := h.Row
	switch h.What {
	case desk.Rang, desk.Answered, desk.Held, desk.Resumed, desk.Ended:
	default:
		return // not a change of a call on the line (a queue's caller waiting)
	}
	if !f.seen[r.Call.ID] {
		// Recorded first as it was found, so that what follows is
		// recorded with the same session, direction and line.
		f.present(d, r)
	}
	switch h.What {
	case desk.Answered:
		ev := f.event(d, journal.KindAnswered, r, now)
		if !r.Call.Answered.IsZero() {
			ev.At = r.Call.Answered
		}
		f.sink.Record(ev)
	case desk.Held:
		ev := f.event(d, journal.KindHeld, r, now)
		if !r.HeldSince.IsZero() {
			ev.At = r.HeldSince
		}
		f.sink.Record(ev)
	case desk.Resumed:
		f.sink.Record(f.event(d, journal.KindResumed, r, now))
	case desk.Ended:
		ev := f.ended(d, r, h.Outcome, now)
		f.sink.Record(ev)
		delete(f.targets, r.Call.ID)
		if ev.Kind == journal.KindParked && ev.SessionID != "" {
			if len(f.parked) >= maxRemembered {
				clear(f.parked)
			}
			f.parked[ev.SessionID] = parkedCall{place: ev.Target, direction: ev.Direction}
		}
	}
}

// ended is the event of a call leaving the line, as the desk explains it.
func (f *Follower) ended(d *desk.Desk, r model.Row, out desk.Outcome, now time.Time) journal.Event {
	ev := f.event(d, journal.KindEnded, r, now)
	if !r.EndedAt.IsZero() {
		ev.At = r.EndedAt
	}
	target := f.targets[r.Call.ID]
	switch out {
	case desk.OutcomeRejected:
		ev.Outcome = journal.OutcomeRejected
	case desk.OutcomeDiverted:
		ev.Kind, ev.Target = journal.KindDiverted, target
	case desk.OutcomeVoicemail:
		ev.Kind, ev.Outcome = journal.KindDiverted, journal.OutcomeVoicemail
	case desk.OutcomeTransferred, desk.OutcomePushed:
		ev.Kind, ev.Target = journal.KindTransferred, target
	case desk.OutcomeParked:
		ev.Kind, ev.Target = journal.KindParked, target
	case desk.OutcomeReoffered:
		// The queue took the caller back to offer elsewhere: not missed.
		ev.Kind, ev.Target = journal.KindDiverted, queueOf(r.Call)
	}
	// Ended and missed are the journal's to tell: answered or not, which
	// way the call went.
	return ev
}

// succeeded remembers what Webex returned that the list will not say.
func (f *Follower) succeeded(d *desk.Desk, s desk.Succeeded) {
	op := s.Op
	if len(f.targets) >= maxRemembered {
		clear(f.targets)
	}
	if len(f.retrieved) >= maxRemembered {
		clear(f.retrieved)
	}
	switch op.Action {
	case model.ActionPark:
		f.targets[op.CallID] = firstOf(s.Result.ParkedAt.Number, s.Result.ParkedAt.Name)
	case model.ActionTransfer, model.ActionDivert:
		if op.Args.Voicemail {
			f.targets[op.CallID] = "voicemail"
		} else {
			f.targets[op.CallID] = op.Args.Dest
		}
	case model.ActionJoinTransfer:
		if other, ok := d.Board().Find(op.With); ok {
			f.targets[op.CallID] = firstOf(other.Call.Remote.Number, other.Call.Remote.Name)
		}
		if other, ok := d.Board().Find(op.CallID); ok && op.With != "" {
			f.targets[op.With] = firstOf(other.Call.Remote.Number, other.Call.Remote.Name)
		}
	case model.ActionRetrieve:
		if s.Result.CallID != "" {
			f.retrieved[s.Result.CallID] = op.Args.Dest
		}
	}
}

// present records a call first seen on the list, with what is already
// true of it: answered, on hold. A call that carries on a caller's call
// (a retrieve, a consult, a blind transfer's new leg) is recorded as a
// leg of the caller's session, never as a call the operator placed.
func (f *Follower) present(d *desk.Desk, r model.Row) {
	f.seen[r.Call.ID] = true
	c := r.Call
	start := c.Created
	if start.IsZero() {
		start = r.FirstSeen
	}
	place, retrieved := f.retrieve(d, r)
	if !retrieved {
		f.link(d, r)
	}
	ev := f.event(d, journal.KindRang, r, start)
	if retrieved {
		ev.Kind, ev.Target = journal.KindRetrieved, place
		if !c.Answered.IsZero() {
			ev.At = c.Answered
		}
	}
	f.sink.Record(ev)
	if ev.Kind == journal.KindRang && (r.WasAnswered || !c.Answered.IsZero()) {
		at := c.Answered
		if at.IsZero() {
			at = r.FirstSeen
		}
		f.sink.Record(f.event(d, journal.KindAnswered, r, at))
	}
	if c.State == model.StateHeld && !r.HeldSince.IsZero() {
		f.sink.Record(f.event(d, journal.KindHeld, r, r.HeldSince))
	}
}

// retrieve tells whether a call just found on the list took a parked call
// back, and from where: the call a retrieve returned, or else (the list
// showed it before Webex's reply, or it was retrieved from a phone) a new
// leg of a session parked from the line that is not the park's recall
// ringing back. A retrieved call goes the way the parked call went.
func (f *Follower) retrieve(d *desk.Desk, r model.Row) (place string, ok bool) {
	c := r.Call
	place, ok = f.retrieved[c.ID]
	delete(f.retrieved, c.ID)
	p, parked := f.parked[c.SessionID]
	// Any later leg of the session ends the park: a retrieve or a recall.
	delete(f.parked, c.SessionID)
	if !ok && parked && c.Recall == nil && !c.Incoming() {
		place, ok = p.place, true
	}
	if !ok {
		return "", false
	}
	s, known := d.Session(r)
	switch {
	case parked && p.direction != "":
		f.remember(c.ID, leg{session: c.SessionID, direction: p.direction})
	case known && s.Incoming:
		f.remember(c.ID, leg{session: c.SessionID, direction: journal.DirectionIn})
	case known:
		f.remember(c.ID, leg{session: c.SessionID, direction: journal.DirectionOut})
	}
	return place, true
}

// link records a consult leg or a blind transfer's new leg in the session
// of the caller it is for: the operator's work on that call, not a call
// of its own.
func (f *Follower) link(d *desk.Desk, r model.Row) {
	c := r.Call
	orig, ok := d.TransferLegOf(c.ID)
	if cs, consulting := d.Consult(); !ok && consulting && cs.Leg == c.ID {
		orig, ok = cs.Original, true
	}
	if !ok {
		return
	}
	session := ""
	if l, ok := f.legs[orig]; ok {
		session = l.session
	} else if row, ok := d.Board().Find(orig); ok {
		session = row.Call.SessionID
	}
	if session != "" {
		f.remember(c.ID, leg{session: session, direction: journal.Direction(c.Direction())})
	}
}

// remember keeps how a call is recorded until it leaves the list.
func (f *Follower) remember(id string, l leg) {
	if len(f.legs) >= maxRemembered {
		clear(f.legs)
	}
	f.legs[id] = l
}

// event is an event of kind about a row's call, at at, with everything
// known about the call: the session and direction it was recorded with,
// the line it is on.
func (f *Follower) event(d *desk.Desk, kind journal.EventKind, r model.Row, at time.Time) journal.Event {
	c := r.Call
	l, ok := f.legs[c.ID]
	if !ok {
		l = leg{session: c.SessionID, direction: journal.Direction(c.Direction())}
	}
	return journal.Event{
		Kind:      kind,
		CallID:    c.ID,
		SessionID: l.session,
		At:        at,
		Direction: l.direction,
		Party:     journal.Party{Name: c.Remote.Name, Number: c.Remote.Number, PersonID: c.Remote.PersonID},
		Line:      f.lineOf(d, c),
		Queue:     queueOf(c),
	}
}

// lineOf is the line a call is on: the operator's own line for a call the
// desk lists without one, else the desk's line with its label (its number
// when it has none).
func (f *Follower) lineOf(d *desk.Desk, c model.Call) journal.Line {
	if c.Line == "" {
		return f.line
	}
	l := desk.Line{ID: c.Line}
	if known, ok := d.LineOf(c.ID); ok && known.ID == c.Line {
		l = known
	}
	return journal.Line{OwnerID: l.ID, Label: firstOf(l.Label, l.Number)}
}

// queueOf names the call queue or hunt group that delivered a call: the
// newest such redirection.
func queueOf(c model.Call) string {
	for _, r := range c.Redirections {
		if r.Reason == model.RedirectCallQueue || r.Reason == model.RedirectHuntGroup {
			return firstOf(r.Party.Name, r.Party.Number)
		}
	}
	return ""
}

// firstOf returns the first non-empty string.
func firstOf(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}
