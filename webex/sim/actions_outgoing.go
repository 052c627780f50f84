package sim

import "github.com/callboard/callboard/webex"

// dial starts a click-to-dial call: the user's devices (or the one endpoint,
// or the Single Number Reach phone) alert; when one picks up, the outgoing
// call is placed.
func (e *engine) dial(req webex.DialRequest) (webex.NewCall, error) {
	ringOn, err := newCallEndpoint(req.EndpointID, req.SingleNumberReachPhoneNumber)
	if err != nil {
		return webex.NewCall{}, err
	}
	t, err := resolveDestination("destination", req.Destination)
	if err != nil {
		return webex.NewCall{}, err
	}
	if t.isUser() {
		return webex.NewCall{}, badRequest("destination %q is the user's own line", req.Destination)
	}
	if err := e.roomForCall(); err != nil {
		return webex.NewCall{}, err
	}
	c := e.newCall(lineKey(req.LineOwnerID), webex.PersonalityClickToDial, phaseAlerting, t.party, "")
	c.ringOn = ringOn
	c.neverAnswers = t.neverAnswers
	e.timers.schedule(c.id, tDeviceAnswer, e.after(e.cfg.deviceAnswer))
	return webex.NewCall{CallID: c.id, CallSessionID: c.session}, nil
}

// transfer joins two answered calls (204, nil result) or mute-transfers one
// call to a destination (201 with the new leg).
func (e *engine) transfer(req webex.TransferRequest) (*webex.NewCall, error) {
	id1, id2, dest := req.CallID1, req.CallID2, req.Destination
	switch {
	case id1 == "" && (id2 != "" || dest != ""):
		return nil, badRequest("callId1 is required when callId2 or destination is given")
	case id1 != "" && id2 != "" && dest != "":
		return nil, badRequest("give callId2 (join two calls) or destination (mute transfer), not both")
	case id1 != "" && id2 == "" && dest == "":
		return nil, badRequest("callId2 or destination is required with callId1")
	case dest != "":
		return e.muteTransfer(req.LineOwnerID, id1, dest)
	}
	var c1, c2 *call
	if id1 == "" {
		calls := e.listedOn(lineKey(req.LineOwnerID))
		if len(calls) != 2 {
			return nil, badRequest("without callId1 and callId2 the user must have exactly two calls to join; there are %d", len(calls))
		}
		c1, c2 = calls[0], calls[1]
	} else {
		if id1 == id2 {
			return nil, badRequest("callId1 and callId2 must be two different calls")
		}
		var err error
		if c1, err = e.lookup(req.LineOwnerID, "callId1", id1); err != nil {
			return nil, err
		}
		if c2, err = e.lookup(req.LineOwnerID, "callId2", id2); err != nil {
			return nil, err
		}
	}
	for _, c := range []*call{c1, c2} {
		if err := transferable(c); err != nil {
			return nil, err
		}
	}
	// The two far ends now talk to each other; both calls leave the line.
	e.endCall(c1, false)
	e.endCall(c2, false)
	return nil, nil
}

// transferable refuses a call that is not answered.
func transferable(c *call) error {
	switch {
	case c.incomingAlerting():
		return badRequest("unanswered incoming calls cannot be transferred; use divert")
	case c.phase == phaseAlerting:
		return badRequest("cannot transfer: call %s has not been picked up on a device yet", c.id)
	case c.phase == phaseConnecting:
		return badRequest("cannot transfer: call %s has not been answered by the far end yet", c.id)
	}
	return nil
}

// muteTransfer holds id and calls dest on a new leg in the same session. When
// dest answers, both calls leave the line; when it does not answer within
// TransferTimeout, the leg ends and the original call stays held.
func (e *engine) muteTransfer(lineOwnerID, id, dest string) (*webex.NewCall, error) {
	c, err := e.lookup(lineOwnerID, "callId1", id)
	if err != nil {
		return nil, err
	}
	if err := transferable(c); err != nil {
		return nil, err
	}
	if c.transferLeg != "" {
		return nil, badRequest("cannot transfer: a transfer of this call is already waiting for its destination")
	}
	t, err := resolveDestination("destination", dest)
	if err != nil {
		return nil, err
	}
	if t.isUser() {
		return nil, badRequest("cannot transfer a call to the user's own line")
	}
	if err := e.roomForCall(); err != nil {
		return nil, err
	}
	c.userHeld = true
	leg := e.newCall(c.line, webex.PersonalityOriginator, phaseConnecting, t.party, c.session)
	leg.endpoint = c.endpoint
	leg.neverAnswers = t.neverAnswers
	leg.transferOf = c.id
	c.transferLeg = leg.id
	e.ringFarEnd(leg, e.cfg.transferTimeout)
	e.timers.schedule(leg.id, tTransferTimeout, e.after(e.cfg.transferTimeout))
	return &webex.NewCall{CallID: leg.id, CallSessionID: leg.session}, nil
}

// completeMuteTransfer: the destination answered the leg; the original
// caller is connected to it and both calls leave the user's line.
func (e *engine) completeMuteTransfer(leg *call) {
	orig := e.calls[leg.transferOf]
	leg.transferOf = ""
	if orig != nil {
		orig.transferLeg = ""
		e.endCall(orig, false)
	}
	e.endCall(leg, false)
}
