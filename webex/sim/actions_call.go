package sim

import (
	"strings"

	"github.com/callboard/callboard/webex"
)

// answer answers an alerting call on an endpoint (default: the primary
// device, the Webex App).
func (e *engine) answer(req webex.AnswerRequest) error {
	c, err := e.lookup(req.LineOwnerID, "callId", req.CallID)
	if err != nil {
		return err
	}
	endpoint := WebexAppEndpointID
	if req.EndpointID != "" {
		if err := checkEndpoint(req.EndpointID); err != nil {
			return err
		}
		endpoint = req.EndpointID
	}
	switch {
	case c.phase == phaseAnswered:
		return badRequest("cannot answer: the call is already answered (it is %s)", c.state())
	case c.phase == phaseConnecting:
		return badRequest("cannot answer: the call is an outgoing call still connecting to the far end")
	case c.personality == webex.PersonalityClickToDial:
		// The user's devices alert for a click-to-dial or pull call; answering
		// one of them is what the device would do.
		if c.ringOn != "" && c.ringOn != endpoint {
			return badRequest("cannot answer on %s: only %s is alerting for this call", endpointName(endpoint), endpointName(c.ringOn))
		}
		e.deviceAnswered(c, endpoint)
		return nil
	}
	c.phase = phaseAnswered
	c.answered = e.now
	c.endpoint = endpoint
	e.holdOthers(c)
	e.timers.cancel(c.id, tRingTimeout)
	e.timers.cancel(c.id, tGiveUp)
	e.timers.cancel(c.id, tQueueBounce)
	e.timers.cancel(c.id, tForwardNoAnswer)
	if c.queueCaller != "" {
		e.queueCallAnswered(c)
	}
	e.hist.add(webex.HistoryReceived, c.remote, e.now)
	e.timers.schedule(c.id, tTalkEnd, e.after(e.talkTime()))
	return nil
}

// reject refuses an unanswered incoming call.
func (e *engine) reject(req webex.RejectRequest) error {
	action := req.Action
	if action == "" {
		action = webex.RejectBusy
	}
	switch action {
	case webex.RejectBusy, webex.RejectTemporarilyUnavailable, webex.RejectIgnore:
	default:
		return badRequest("action %q is invalid; use busy, temporarilyUnavailable or ignore", req.Action)
	}
	c, err := e.lookup(req.LineOwnerID, "callId", req.CallID)
	if err != nil {
		return err
	}
	if !c.incomingAlerting() {
		if c.personality == webex.PersonalityClickToDial {
			return badRequest("cannot reject: only an unanswered incoming call can be rejected; this is a click-to-dial call, hang it up instead")
		}
		return badRequest("cannot reject: only an unanswered incoming call can be rejected (the call is %s); hang it up instead", c.state())
	}
	if action == webex.RejectIgnore {
		// The caller keeps hearing ringback until RingTimeout (or until they
		// give up); the user's devices stop alerting and the call leaves the list.
		c.hidden = true
		c.appearance = 0
		return nil
	}
	e.endCall(c, true)
	return nil
}

// hangup ends a call; on an unanswered incoming call it rejects to busy.
func (e *engine) hangup(req webex.CallRequest) error {
	c, err := e.lookup(req.LineOwnerID, "callId", req.CallID)
	if err != nil {
		return err
	}
	e.endCall(c, c.incomingAlerting())
	return nil
}

// notAnsweredError explains why an action needing an answered call is refused.
func notAnsweredError(verb string, c *call) error {
	if c.phase == phaseConnecting {
		return badRequest("cannot %s: the call is still connecting to the far end", verb)
	}
	return badRequest("cannot %s: the call is alerting and has not been answered", verb)
}

// hold holds an answered call.
func (e *engine) hold(req webex.CallRequest) error {
	c, err := e.lookup(req.LineOwnerID, "callId", req.CallID)
	if err != nil {
		return err
	}
	switch {
	case c.phase != phaseAnswered:
		return notAnsweredError("hold", c)
	case e.conferenceOf(c) != nil:
		return badRequest("cannot hold: the call is in a conference; hold the conference instead")
	case c.userHeld:
		return badRequest("cannot hold: the call is already held")
	}
	c.userHeld = true
	return nil
}

// resume takes a held call off hold.
func (e *engine) resume(req webex.CallRequest) error {
	c, err := e.lookup(req.LineOwnerID, "callId", req.CallID)
	if err != nil {
		return err
	}
	if c.phase != phaseAnswered || !c.userHeld {
		return badRequest("cannot resume: the call is not held (it is %s)", c.state())
	}
	if e.conferenceOf(c) != nil {
		return badRequest("cannot resume: the call is in a conference; resume the conference instead")
	}
	e.holdOthers(c)
	c.userHeld = false
	return nil
}

// setMuted mutes or unmutes a mute-capable call. Muting a muted call (or
// unmuting an unmuted one) is refused rather than ignored, so a client that
// lost track of the state hears about it.
func (e *engine) setMuted(req webex.CallRequest, muted bool) error {
	verb := "mute"
	if !muted {
		verb = "unmute"
	}
	c, err := e.lookup(req.LineOwnerID, "callId", req.CallID)
	if err != nil {
		return err
	}
	switch {
	case !c.muteCapable():
		return badRequest("cannot %s: the call is not mute capable (muteCapable is false; only calls on the Webex App are)", verb)
	case c.muted == muted:
		return badRequest("cannot %s: the call is already %sd", verb, verb)
	}
	c.muted = muted
	return nil
}

// divert sends a call elsewhere (a blind transfer) or to voicemail.
func (e *engine) divert(req webex.DivertRequest) error {
	if req.CallID == "" {
		return badRequest("callId is required")
	}
	if !req.ToVoicemail && req.Destination == "" {
		return badRequest("destination is required unless toVoicemail is true")
	}
	var t target
	if req.Destination != "" {
		var err error
		if t, err = resolveDestination("destination", req.Destination); err != nil {
			return err
		}
	}
	c, err := e.lookup(req.LineOwnerID, "callId", req.CallID)
	if err != nil {
		return err
	}
	if !c.incomingAlerting() && c.phase != phaseAnswered {
		return badRequest("cannot divert: only an incoming alerting call or an answered call can be diverted (the call is %s)", c.state())
	}
	if t.isUser() && !req.ToVoicemail {
		return badRequest("cannot divert a call to the user's own line")
	}
	e.endCall(c, false)
	return nil
}

// dtmfChars are the characters transmitDtmf accepts; "," is a pause.
const dtmfChars = "0123456789*#ABCD,"

// transmitDTMF sends digits on a connected call.
func (e *engine) transmitDTMF(req webex.DTMFRequest) error {
	if req.CallID == "" {
		return badRequest("callId is required")
	}
	if req.DTMF == "" {
		return badRequest("dtmf is required")
	}
	for _, r := range req.DTMF {
		if !strings.ContainsRune(dtmfChars, r) {
			return badRequest("dtmf %q has an invalid character %q; use 0-9, *, #, A-D and \",\" (a pause)", req.DTMF, r)
		}
	}
	c, err := e.lookup(req.LineOwnerID, "callId", req.CallID)
	if err != nil {
		return err
	}
	if !c.talking() {
		return badRequest("cannot send DTMF: the call is %s; DTMF needs a connected call", c.state())
	}
	return nil
}

// push hands a call the user took for their executive to the executive.
func (e *engine) push(req webex.CallRequest) error {
	c, err := e.lookup(req.LineOwnerID, "callId", req.CallID)
	if err != nil {
		return err
	}
	if !c.forExecutive {
		return badRequest("cannot push: the call is not associated with an executive the user assists")
	}
	e.endCall(c, false)
	return nil
}
