package desk

import (
	"time"

	"github.com/callboard/callboard/model"
)

// session is what the desk knows of one callSessionId across its legs: a
// call parked and retrieved, a park recall, a consult. Webex gives every
// leg a new call id and its own created time; the session ties them
// together, so the operator sees the caller's total wait and who they are.
type session struct {
	start    time.Time   // the earliest created (or first seen) time of any leg
	caller   model.Party // the first leg's remote party
	incoming bool        // the first leg came in
	// legs are the session's calls seen on the line; true marks a call that
	// came after every earlier leg had left (a retrieve, a recall), false
	// one alongside a live leg (a blind transfer's new leg).
	legs map[string]bool
	seen time.Time // when a leg was last listed
}

// sessions are the sessions the desk knows, by callSessionId.
type sessions map[string]*session

// sessionKeep is how long a session is remembered after its last leg left
// the list when none of its calls is parked: long enough for a retrieve
// from another phone to be linked.
const sessionKeep = 30 * time.Minute

// maxSessions bounds the sessions remembered.
const maxSessions = 1024

// observe records every listed call's leg of its session.
func (s sessions) observe(b *model.Board, now time.Time) {
	for i := range b.Len() {
		r := b.Row(i)
		id := r.Call.SessionID
		if id == "" || r.Ended() {
			continue
		}
		start := r.Call.Created
		if start.IsZero() {
			start = r.FirstSeen
		}
		ss, ok := s[id]
		if !ok {
			if len(s) >= maxSessions {
				continue
			}
			ss = &session{start: start, caller: r.Call.Remote, incoming: r.Call.Incoming(), legs: map[string]bool{}}
			s[id] = ss
		}
		if start.Before(ss.start) {
			ss.start = start
		}
		if _, known := ss.legs[r.Call.ID]; !known {
			ss.legs[r.Call.ID] = len(ss.legs) > 0 && !otherLegLive(b, r.Call)
		}
		ss.seen = now
	}
}

// otherLegLive reports whether another call of c's session is live on the
// board.
func otherLegLive(b *model.Board, c model.Call) bool {
	for i := range b.Len() {
		r := b.Row(i)
		if r.Call.ID != c.ID && r.Call.SessionID == c.SessionID && !r.Ended() {
			return true
		}
	}
	return false
}

// prune forgets sessions nobody will come back to.
func (s sessions) prune(now time.Time) {
	for id, ss := range s {
		if now.Sub(ss.seen) > sessionKeep {
			delete(s, id)
		}
	}
}

// Session is what the desk knows of a call's session, for a row that is
// not its session's first leg.
type Session struct {
	Since    time.Time   // when the session began: the caller's total time counts from here
	Caller   model.Party // who the session's first leg was with
	Incoming bool        // the session began as an incoming call
	Legs     int         // how many calls the session has had on this line
}

// Session returns the session of a row when the row is a later leg of a
// session seen before (a retrieved call, a park recall): its start and its
// caller carry over.
func (d *Desk) Session(r model.Row) (Session, bool) {
	ss, ok := d.sessions[r.Call.SessionID]
	if !ok || !ss.legs[r.Call.ID] {
		return Session{}, false
	}
	return Session{Since: ss.start, Caller: ss.caller, Incoming: ss.incoming, Legs: len(ss.legs)}, true
}
