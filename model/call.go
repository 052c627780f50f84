package model

import (
	"slices"
	"time"
)

// Call is an active call on the user's line, as one poll of List Calls
// reported it.
type Call struct {
	ID          string // the callId: opaque, the key of everything
	SessionID   string // the callSessionId: shared by all legs of one session
	Personality Personality
	State       State
	Remote      Party
	Appearance  int       // line appearance, consistent with the devices; 0 = none assigned
	Created     time.Time // when the call was created
	Answered    time.Time // when it was answered; zero until then
	// Redirections lists earlier redirections, most recent first. The API
	// sends them only while the call is alerting.
	Redirections []Redirection
	Recall       *Recall // non-nil for a parked call that came back
	Recording    Recording
	MuteCapable  bool // the API can mute and unmute this call
	Muted        bool
	// Line is the lineOwnerId of the line the call is on, for a console
	// that watches several lines; "" for the operator's own line. List
	// Calls does not say it: whoever polled the line sets it.
	Line string
}

// Equal reports whether o says the same of the call as c: the same fields,
// times equal as instants.
func (c Call) Equal(o Call) bool {
	sameRecall := c.Recall == o.Recall || c.Recall != nil && o.Recall != nil && *c.Recall == *o.Recall
	return c.ID == o.ID && c.SessionID == o.SessionID && c.Personality == o.Personality && c.State == o.State &&
		c.Remote == o.Remote && c.Appearance == o.Appearance && c.Created.Equal(o.Created) &&
		c.Answered.Equal(o.Answered) && slices.Equal(c.Redirections, o.Redirections) && sameRecall &&
		c.Recording == o.Recording && c.MuteCapable == o.MuteCapable && c.Muted == o.Muted && c.Line == o.Line
}

// Status returns what the operator reads for the call, derived from its
// state and personality.
func (c Call) Status() Status { return statusOf(c.State, c.Personality) }

// Incoming reports whether the call came in (personality terminator).
func (c Call) Incoming() bool { return c.Personality == PersonalityTerminator }

// Ringing reports whether the call is an incoming call alerting the user's
// devices: the call Answer, Reject and Divert apply to.
func (c Call) Ringing() bool { return c.State == StateAlerting && c.Incoming() }

// Ended reports whether the call has ended.
func (c Call) Ended() bool { return c.State == StateDisconnected }

// Direction returns "in" for an incoming call and "out" for one the user
// placed (originator or click-to-dial); "" when the API did not say.
func (c Call) Direction() string {
	switch c.Personality {
	case PersonalityTerminator:
		return "in"
	case PersonalityOriginator, PersonalityClickToDial:
		return "out"
	}
	return ""
}

// Duration returns the talk time since Answered for an answered call, else
// the time since Created (ringing or connecting). It is never negative: the
// clocks of Webex and this machine disagree at times, and a call must not
// show minus seconds. A call with neither time reports 0.
func (c Call) Duration(now time.Time) time.Duration {
	start := c.Answered
	if start.IsZero() {
		start = c.Created
	}
	if start.IsZero() {
		return 0
	}
	return max(now.Sub(start), 0)
}

// Matches reports whether the call matches a filter query typed after "/":
// a case-insensitive substring of the remote party's name, number or
// displayed name, of the status word or of the call type label. A query made
// of digits and number punctuation ("415 555") also matches the number's
// digits ("+14155550100"). An empty or blank query matches every call.
func (c Call) Matches(query string) bool { return newQuery(query).matchCall(&c) }
