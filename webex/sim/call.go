package sim

import (
	"slices"
	"time"

	"github.com/callboard/callboard/webex"
)

// phase is where a call of the user's is in its life; with the hold flags it
// gives the API state.
type phase int

const (
	phaseAlerting   phase = iota // the user's devices alert (incoming, click-to-dial, pull)
	phaseConnecting              // the far end is being alerted
	phaseAnswered                // both ends are on the call
)

// snrEndpoint marks a call handled on the user's Single Number Reach phone.
const snrEndpoint = "snr:" + MobileNumber

// call is one of the user's calls (a call half, in Webex's terms).
type call struct {
	id          string
	line        string // "" for the user's own line, else the entry key of the secondary line's owner
	session     string
	seq         uint64 // creation order
	personality webex.Personality
	phase       phase
	userHeld    bool
	remoteHeld  bool
	remote      webex.Party
	created     time.Time
	answered    time.Time

	redirections []webex.Redirection
	recall       *webex.Recall
	recording    webex.RecordingState

	ringOn     string // the endpoint alerting for a click-to-dial or pull call; "" = every device
	endpoint   string // the endpoint handling the call once a device is on it
	muted      bool
	appearance int

	forExecutive bool // an incoming call for the executive the user assists: it can be pushed
	hidden       bool // rejected with "ignore": the user's devices stop alerting, the caller still hears ringback
	neverAnswers bool // the far end of an outgoing call never picks up

	transferOf  string // a mute-transfer leg: the call it transfers
	transferLeg string // a call being mute-transferred: its leg
	pullOf      string // a temporary pull call: the call it pulls
	pulling     string // a call being pulled: the temporary call
	bargeOf     string // a barge-in call: the colleague's call it joins

	queueCaller string // a call queue's offer: the waiting caller it offers the user
	fromQueue   bool   // an answered call that came from a call queue (wrap-up applies)
}

// state is the call's state as the API reports it.
func (c *call) state() webex.CallState {
	switch {
	case c.phase == phaseAlerting:
		return webex.StateAlerting
	case c.phase == phaseConnecting:
		return webex.StateConnecting
	case c.userHeld:
		return webex.StateHeld
	case c.remoteHeld:
		return webex.StateRemoteHeld
	}
	return webex.StateConnected
}

// incomingAlerting reports an unanswered incoming call (including a park recall).
func (c *call) incomingAlerting() bool {
	return c.phase == phaseAlerting && c.personality == webex.PersonalityTerminator
}

// talking reports a connected call: answered and held by nobody.
func (c *call) talking() bool { return c.phase == phaseAnswered && !c.userHeld && !c.remoteHeld }

// muteCapable reports whether the device on the call supports mute via the
// API: only the Webex App does.
func (c *call) muteCapable() bool { return c.endpoint == WebexAppEndpointID }

// wire is the call as List Calls and Get Call Details return it.
func (c *call) wire() webex.Call {
	w := webex.Call{
		ID:             c.id,
		CallSessionID:  c.session,
		Personality:    c.personality,
		State:          c.state(),
		RemoteParty:    c.remote,
		Appearance:     c.appearance,
		Created:        webex.NewTimestamp(c.created),
		RecordingState: c.recording,
		MuteCapable:    c.muteCapable(),
		Muted:          c.muted,
	}
	if c.phase == phaseAnswered {
		w.Answered = webex.NewTimestamp(c.answered)
	}
	// Redirections are only reported while the call is alerting.
	if c.phase == phaseAlerting && len(c.redirections) > 0 {
		w.Redirections = slices.Clone(c.redirections)
	}
	if c.recall != nil {
		r := *c.recall
		if r.Party != nil {
			p := *r.Party
			r.Party = &p
		}
		w.Recall = &r
	}
	return w
}
