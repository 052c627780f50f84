package sim

import (
	"github.com/callboard/callboard/webex"
)

// Inbound describes a call arriving from outside (POST /_sim/inbound).
type Inbound struct {
	// Name and Number of the caller; a Number of the directory fills in the
	// name and ids. Number is required unless Privacy is set.
	Name   string `json:"name,omitempty"`
	Number string `json:"number,omitempty"` // digits or a URI, as a destination
	// CallType defaults from the number: the organisation's numbers and
	// short extensions are "location", others "external".
	CallType webex.CallType `json:"callType,omitempty"`
	// To is a colleague's extension or number to ring instead of the user
	// (a pickup target); "" rings the user.
	To string `json:"to,omitempty"`
	// Privacy hides the caller's name and number from the user.
	Privacy bool `json:"privacy,omitempty"`
	// ForExecutive marks a call for the executive the user assists, so that
	// it can be pushed to them.
	ForExecutive bool `json:"forExecutive,omitempty"`
	// Line rings one of the user's secondary lines instead of their own: the
	// main number (500) or the executive's line (109), by extension, number
	// or lineOwnerId. A call on the executive's line can be pushed to them.
	Line string `json:"line,omitempty"`
	// RedirectedFrom is who redirected the call to the user, with
	// RedirectReason (default "unconditional").
	RedirectedFrom string                  `json:"redirectedFrom,omitempty"`
	RedirectReason webex.RedirectionReason `json:"redirectReason,omitempty"` // see RedirectedFrom
}

// The far end's actions (POST /_sim/calls/{callId}/remote).
const (
	RemoteAnswer = "answer" // a connecting outgoing call (or a colleague's ringing call) is answered
	RemoteHangup = "hangup" // the far end hangs up any call (or a parked caller gives up)
	RemoteHold   = "hold"   // the far end holds an answered call: remoteHeld
	RemoteResume = "resume" // the far end resumes: back to connected
)

func validCallType(t webex.CallType) bool {
	switch t {
	case webex.CallTypeLocation, webex.CallTypeOrganization, webex.CallTypeExternal,
		webex.CallTypeEmergency, webex.CallTypeRepair, webex.CallTypeOther:
		return true
	}
	return false
}

func validReason(r webex.RedirectionReason) bool {
	switch r {
	case webex.ReasonBusy, webex.ReasonNoAnswer, webex.ReasonUnavailable, webex.ReasonUnconditional,
		webex.ReasonTimeOfDay, webex.ReasonDivert, webex.ReasonFollowMe, webex.ReasonHuntGroup,
		webex.ReasonCallQueue, webex.ReasonUnknown:
		return true
	}
	return false
}

// callerParty is who calls: a number of the directory fills in the name and
// ids; callType defaults from the number; privacy hides name and number.
func callerParty(name, number string, callType webex.CallType, privacy bool) (webex.Party, error) {
	if callType != "" && !validCallType(callType) {
		return webex.Party{}, badRequest("callType %q is invalid; use location, organization, external, emergency, repair or other", callType)
	}
	if number == "" && !privacy {
		return webex.Party{}, badRequest("number is required unless privacy is true")
	}
	from := webex.Party{Name: name, CallType: callType}
	if number != "" {
		t, err := resolveDestination("number", number)
		if err != nil {
			return webex.Party{}, err
		}
		if t.isUser() {
			return webex.Party{}, badRequest("number %q is the user's own line", number)
		}
		from = t.party
		if name != "" {
			from.Name = name
		}
		if callType != "" {
			from.CallType = callType
		}
	}
	if from.CallType == "" {
		from.CallType = webex.CallTypeExternal
	}
	if privacy {
		from = webex.Party{PrivacyEnabled: true, CallType: from.CallType}
	}
	return from, nil
}

// inbound starts an incoming call for the user or a colleague and returns
// its id and what became of it (Outcome...).
func (e *engine) inbound(in Inbound) (string, string, error) {
	from, err := callerParty(in.Name, in.Number, in.CallType, in.Privacy)
	if err != nil {
		return "", "", err
	}
	var redirections []webex.Redirection
	switch {
	case in.RedirectedFrom != "":
		reason := in.RedirectReason
		if reason == "" {
			reason = webex.ReasonUnconditional
		}
		if !validReason(reason) {
			return "", "", badRequest("redirectReason %q is invalid", in.RedirectReason)
		}
		t, err := resolveDestination("redirectedFrom", in.RedirectedFrom)
		if err != nil {
			return "", "", err
		}
		redirections = []webex.Redirection{{Reason: reason, RedirectingParty: t.party}}
	case in.RedirectReason != "":
		return "", "", badRequest("redirectReason needs redirectedFrom")
	}
	line, err := findLine(in.Line)
	if err != nil {
		return "", "", err
	}
	if in.To != "" {
		if line != "" {
			return "", "", badRequest("give to (a colleague's phone) or line (one of the user's lines), not both")
		}
		t, err := resolveDestination("to", in.To)
		if err != nil {
			return "", "", err
		}
		if !t.isUser() {
			if t.entry == nil || !t.entry.isPerson() {
				return "", "", badRequest("to %q is not a colleague of the user (a person of the directory)", in.To)
			}
			if in.ForExecutive || redirections != nil {
				return "", "", badRequest("forExecutive and redirectedFrom apply only to calls to the user")
			}
			p, err := e.ringPeer(t.entry, from)
			if err != nil {
				return "", "", err
			}
			return p.id, OutcomeRinging, nil
		}
	}
	return e.arrive(line, from, redirections, in.ForExecutive || line == ExecutiveExtension)
}

// remote performs a far end's action on a call of the user (by its id, or
// by the id of the colleague's side of it), a colleague's call or a parked
// call.
func (e *engine) remote(id, action string) error {
	switch action {
	case RemoteAnswer, RemoteHangup, RemoteHold, RemoteResume:
	case "":
		return badRequest("action is required: answer, hangup, hold or resume")
	default:
		return badRequest("action %q is invalid; use answer, hangup, hold or resume", action)
	}
	if c := e.calls[id]; c != nil {
		return e.remoteOnCall(c, action)
	}
	if p := e.peers[id]; p != nil {
		switch action {
		case RemoteAnswer:
			if p.answered {
				return badRequest("the colleague's call is already answered")
			}
			e.connectPeer(p)
		case RemoteHangup:
			e.endPeer(p)
		default:
			return badRequest("a colleague's call can only be answered or hung up")
		}
		return nil
	}
	if c := e.findCaller(id); c != nil {
		return e.remoteCaller(c, action)
	}
	if p := e.findParkedByID(id); p != nil {
		if action != RemoteHangup {
			return badRequest("the caller of a parked call can only hang up")
		}
		e.removeParked(p)
		return nil
	}
	// A colleague's side of a call with the user (as their member call list
	// shows it): the colleague is the far end of the user's call.
	for _, c := range e.listed() {
		if _, ok := c.mirror(); ok && mirrorCallID(c.id) == id {
			return e.remoteOnCall(c, action)
		}
	}
	return noSuchCall(id)
}

func (e *engine) remoteOnCall(c *call, action string) error {
	switch action {
	case RemoteAnswer:
		if c.phase != phaseConnecting {
			return badRequest("the far end can only answer an outgoing call that is connecting (the call is %s)", c.state())
		}
		e.remoteAnswered(c)
	case RemoteHangup:
		e.endCall(c, c.incomingAlerting())
	case RemoteHold:
		switch {
		case c.phase != phaseAnswered:
			return badRequest("the far end can only hold an answered call (the call is %s)", c.state())
		case c.remoteHeld:
			return badRequest("the far end already holds the call")
		}
		c.remoteHeld = true
	case RemoteResume:
		if !c.remoteHeld {
			return badRequest("the far end has not held the call")
		}
		c.remoteHeld = false
	}
	return nil
}
