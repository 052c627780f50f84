package office

import (
	"sync"
	"time"

	"github.com/callboard/callboard/internal/textsafe"
	"github.com/callboard/callboard/model"
	"github.com/callboard/callboard/webex"
)

// LineState is what a colleague's line is doing, as an administrator's
// token sees it.
type LineState uint8

// The line states.
const (
	LineUnknown LineState = iota // no administrator's token, or no answer yet
	LineIdle                     // no call
	LineRinging                  // a call rings them
	LineTalking                  // on an answered call
	LineHeld                     // their only calls are on hold
)

// Line is a colleague's line.
type Line struct {
	State LineState
	With  string    // who is calling or talking with them
	Since time.Time // when the ringing began or the call was answered
	Calls int       // calls on the line
}

// LineOf reads a member's calls (List Calls by Member ID): ringing wins,
// then talking, then held.
func LineOf(calls []webex.Call) Line {
	l := Line{State: LineIdle}
	for _, c := range calls {
		if c.State == webex.StateDisconnected {
			continue
		}
		l.Calls++
		who := textsafe.Clip(textsafe.Line(c.RemoteParty.Name), 60)
		if who == "" {
			who = textsafe.Clip(textsafe.Line(c.RemoteParty.Number), 40)
		}
		state, since := LineTalking, c.Answered.Time
		switch c.State {
		case webex.StateAlerting:
			state, since = LineRinging, c.Created.Time
		case webex.StateHeld, webex.StateRemoteHeld:
			state = LineHeld
		case webex.StateConnecting:
			since = c.Created.Time
		}
		if since.IsZero() {
			since = c.Created.Time
		}
		if l.State == LineIdle || lineRank(state) < lineRank(l.State) {
			l.State, l.With, l.Since = state, who, since
		}
	}
	return l
}

// lineRank orders what a line shows first: a ringing call, then talking.
func lineRank(s LineState) int {
	switch s {
	case LineRinging:
		return 0
	case LineTalking:
		return 1
	case LineHeld:
		return 2
	}
	return 3
}

// Status is what the console knows about a colleague: presence (a normal
// token) and their line (an administrator's token), each with when it came.
type Status struct {
	Presence   webex.Presence
	PresenceAt time.Time
	Line       Line
	LineAt     time.Time
}

// AsOf is when the newest part of the status came; zero when nothing did.
func (s Status) AsOf() time.Time { return latest(s.PresenceAt, s.LineAt) }

// Free reports whether a call could be put through to the colleague now,
// and whether the console knows at all. Their line decides when it is
// seen (idle, and not set to do not disturb or out of office); otherwise
// presence does: available only. A meeting or "call" is busy, and so is
// presence the colleague does not share.
func (s Status) Free() (free, known bool) {
	away := s.Presence == webex.PresenceDoNotDisturb || s.Presence == webex.PresenceOutOfOffice
	if s.Line.State != LineUnknown {
		return s.Line.State == LineIdle && !away, true
	}
	if s.Presence == "" {
		return false, false
	}
	return s.Presence == webex.PresenceActive, true
}

// PresenceWord says a presence in the operator's words.
func PresenceWord(p webex.Presence) string {
	switch p {
	case webex.PresenceActive:
		return "available"
	case webex.PresenceCall:
		return "on a call"
	case webex.PresenceDoNotDisturb:
		return "do not disturb"
	case webex.PresenceInactive:
		return "away"
	case webex.PresenceMeeting:
		return "in a meeting"
	case webex.PresenceOutOfOffice:
		return "out of office"
	case webex.PresencePending:
		return "never signed in"
	case webex.PresencePresenting:
		return "presenting"
	case "":
		return ""
	}
	return "status unknown"
}

// Word is the status in a few words, the line first when it is known:
// "ringing: Jane Roe", "on a call with Northwind Traders 12:03",
// "in a meeting".
func (s Status) Word(now time.Time) string {
	l := s.Line
	switch l.State {
	case LineRinging:
		return "ringing: " + l.With
	case LineTalking:
		return "on a call with " + l.With + " " + model.FormatDuration(now.Sub(l.Since))
	case LineHeld:
		return "holding " + l.With
	case LineIdle:
		if w := PresenceWord(s.Presence); w != "" && s.Presence != webex.PresenceActive && s.Presence != webex.PresenceCall {
			return "line idle · " + w
		}
		return "line idle"
	}
	return PresenceWord(s.Presence)
}

// Statuses holds the colleagues' statuses by id, for every part of the
// console that shows them (the colleagues pane, the directory's matches).
// It is safe for concurrent use.
type Statuses struct {
	mu sync.Mutex
	m  map[string]Status
}

// NewStatuses returns an empty store.
func NewStatuses() *Statuses { return &Statuses{m: map[string]Status{}} }

// Get returns the status of id.
func (s *Statuses) Get(id string) (Status, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	st, ok := s.m[id]
	return st, ok
}

// SetPresence records id's presence as of at.
func (s *Statuses) SetPresence(id string, p webex.Presence, at time.Time) Status {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.m[id]
	st.Presence, st.PresenceAt = p, at
	s.m[id] = st
	return st
}

// SetLine records id's line as of at.
func (s *Statuses) SetLine(id string, l Line, at time.Time) Status {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.m[id]
	st.Line, st.LineAt = l, at
	s.m[id] = st
	return st
}
