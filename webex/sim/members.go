package sim

import "github.com/callboard/callboard/webex"

// memberCalls is what List Calls by Member ID shows for a person, workspace
// or virtual line: the user's own line, or a colleague's line (their own
// call, and their side of any call they have with the user). The owner of
// one of the user's secondary lines also has the calls on that line, which
// the user's devices carry too. Other workspaces and virtual lines have no
// calls in the simulated world.
func (e *engine) memberCalls(ent *entry) []webex.Call {
	if ent.kind == kindUser {
		return e.wireCalls("")
	}
	out := []webex.Call{}
	if isSecondaryLine(ent) {
		out = append(out, e.wireCalls(ent.key())...)
	}
	if p := e.peers[e.busy[ent.key()]]; p != nil {
		out = append(out, p.wire())
	}
	id := personID(ent.key())
	for _, c := range e.listed() {
		if c.remote.PersonID != id || c.bargeOf != "" {
			continue
		}
		if m, ok := c.mirror(); ok {
			out = append(out, m)
		}
	}
	return out
}

// wire is a colleague's call as their member call list shows it: an
// incoming call, ringing or answered.
func (p *peerCall) wire() webex.Call {
	c := webex.Call{
		ID:            p.id,
		CallSessionID: p.session,
		Personality:   webex.PersonalityTerminator,
		State:         webex.StateAlerting,
		RemoteParty:   p.caller,
		Appearance:    1,
		Created:       webex.NewTimestamp(p.created),
	}
	if p.bargeOf != "" {
		c.Personality = webex.PersonalityOriginator
	}
	if p.answered {
		c.State = webex.StateConnected
		c.Answered = webex.NewTimestamp(p.since)
	}
	return c
}

// mirror is the colleague's side of one of the user's calls with them. A
// click-to-dial call has no other side until the user's device picks up.
func (c *call) mirror() (webex.Call, bool) {
	m := webex.Call{
		ID:            mirrorCallID(c.id),
		CallSessionID: c.session,
		RemoteParty:   userEntry().party(),
		Appearance:    1,
		Created:       webex.NewTimestamp(c.created),
	}
	switch c.personality {
	case webex.PersonalityOriginator:
		m.Personality = webex.PersonalityTerminator
	case webex.PersonalityTerminator:
		m.Personality = webex.PersonalityOriginator
	default:
		return webex.Call{}, false
	}
	switch {
	case c.phase == phaseConnecting:
		m.State = webex.StateAlerting
	case c.phase == phaseAlerting:
		m.State = webex.StateConnecting
	case c.remoteHeld:
		m.State = webex.StateHeld
	case c.userHeld:
		m.State = webex.StateRemoteHeld
	default:
		m.State = webex.StateConnected
	}
	if c.phase == phaseAnswered {
		m.Answered = webex.NewTimestamp(c.answered)
	}
	return m, true
}

// hasCall reports whether a colleague's line is in use: a call of their own
// or one with the user.
func (e *engine) hasCall(ent *entry) bool {
	if e.busy[ent.key()] != "" {
		return true
	}
	id := personID(ent.key())
	for _, c := range e.listed() {
		if c.remote.PersonID == id && c.bargeOf == "" {
			if _, ok := c.mirror(); ok {
				return true
			}
		}
	}
	return false
}

// actingMember checks that member can pick up or barge in: a person, and for
// a colleague, one whose line is free, without an endpoint or Single Number
// Reach phone (the simulator knows only the user's).
func (e *engine) actingMember(member *entry, endpointID, snr string) error {
	switch {
	case !member.isPerson():
		return badRequest("%s is not a person: only a person's line can pick up or barge in", member.label())
	case member.kind == kindUser:
		return nil
	case endpointID != "":
		return badRequest("endpointId %q is not one of %s's endpoints", endpointID, member.name)
	case snr != "":
		return badRequest("singleNumberReachPhoneNumber %q is not one of %s's Single Number Reach numbers", snr, member.name)
	case e.hasCall(member):
		return newError(409, "%s is already on a call", member.label())
	}
	return nil
}

// memberPickup picks up, for member, a call ringing for the target (a
// colleague or the user), or in the user's call pickup group when the member
// is in it and the target is empty.
func (e *engine) memberPickup(member *entry, req webex.PickupRequest) (webex.NewCall, error) {
	if member.kind == kindUser {
		return e.pickup(req)
	}
	if err := e.actingMember(member, req.EndpointID, req.SingleNumberReachPhoneNumber); err != nil {
		return webex.NewCall{}, err
	}
	if req.Target != "" {
		t, err := resolveDestination("target", req.Target)
		if err != nil {
			return webex.NewCall{}, err
		}
		if t.isUser() {
			return e.pickupFromUser(member)
		}
	}
	var p *peerCall
	if req.Target == "" {
		if !member.pickupGroup {
			return webex.NewCall{}, badRequest("nothing to pick up: %s is in no call pickup group", member.label())
		}
		for _, q := range e.peers {
			if !q.answered && q.owner.pickupGroup && q.owner != member && (p == nil || q.seq < p.seq) {
				p = q
			}
		}
		if p == nil {
			return webex.NewCall{}, badRequest("nothing to pick up: no call is ringing in %s's call pickup group", member.name)
		}
	} else {
		owner, err := peerTarget("target", req.Target)
		if err != nil {
			return webex.NewCall{}, err
		}
		if owner == member {
			return webex.NewCall{}, badRequest("target %q is %s's own line: answer it instead", req.Target, member.name)
		}
		if p = e.peers[e.busy[owner.key()]]; p == nil || p.answered {
			return webex.NewCall{}, badRequest("nothing to pick up: no call is ringing for %s", owner.label())
		}
	}
	caller, session := p.caller, p.session
	e.endPeer(p)
	return e.answeredPeer(member, caller, session, ""), nil
}

// pickupFromUser lets a colleague pick up the call that has rung longest on
// the user's line: it leaves the user's line (answered elsewhere, so not
// missed) and continues on the colleague's.
func (e *engine) pickupFromUser(member *entry) (webex.NewCall, error) {
	var oldest *call
	for _, c := range e.listedOn("") {
		if c.incomingAlerting() && (oldest == nil || c.seq < oldest.seq) {
			oldest = c
		}
	}
	if oldest == nil {
		return webex.NewCall{}, badRequest("nothing to pick up: no call is ringing for %s", userEntry().label())
	}
	caller, session := oldest.remote, oldest.session
	if qc := e.findCaller(oldest.queueCaller); qc != nil {
		// A queue's offer: the colleague answered the caller, who leaves
		// the queue (which ends the offer).
		e.removeCaller(qc, false)
	} else {
		e.endCall(oldest, false)
	}
	return e.answeredPeer(member, caller, session, ""), nil
}

// memberBargeIn joins, for member, the target colleague's answered call. The
// user is barge-in exempt, as a receptionist usually is: nobody barges in on
// the front desk.
func (e *engine) memberBargeIn(member *entry, req webex.BargeInRequest) (webex.NewCall, error) {
	if member.kind == kindUser {
		return e.bargeIn(req)
	}
	if err := e.actingMember(member, req.EndpointID, req.SingleNumberReachPhoneNumber); err != nil {
		return webex.NewCall{}, err
	}
	t, err := resolveDestination("target", req.Target)
	if err != nil {
		return webex.NewCall{}, err
	}
	if t.isUser() {
		return webex.NewCall{}, newError(409, "cannot barge in: %s is barge-in exempt", userEntry().label())
	}
	owner, err := peerTarget("target", req.Target)
	if err != nil {
		return webex.NewCall{}, err
	}
	p := e.peers[e.busy[owner.key()]]
	if p == nil || !p.answered {
		return webex.NewCall{}, badRequest("cannot barge in: %s is not on an answered call", owner.label())
	}
	return e.answeredPeer(member, owner.party(), p.session, p.id), nil
}

// answeredPeer puts a colleague on an answered call with remote (a pickup,
// or a barge-in joining the call bargeOf). The far end hangs up after
// TalkTime; a barge-in ends with the call it joined.
func (e *engine) answeredPeer(owner *entry, remote webex.Party, session, bargeOf string) webex.NewCall {
	p := &peerCall{id: e.ids.callID(), session: session, seq: e.nextSeq(), owner: owner, caller: remote,
		answered: true, created: e.now, since: e.now, bargeOf: bargeOf}
	e.peers[p.id] = p
	e.busy[owner.key()] = p.id
	if bargeOf == "" {
		e.timers.schedule(p.id, tPeerTalkEnd, e.after(e.talkTime()))
	}
	return webex.NewCall{CallID: p.id, CallSessionID: p.session}
}

// colleagueLine is what a colleague's line is doing, for State: their own
// call, or else their side of their oldest call with the user.
func (e *engine) colleagueLine(ent *entry) (webex.Call, bool) {
	calls := e.memberCalls(ent)
	if len(calls) == 0 {
		return webex.Call{}, false
	}
	return calls[0], true
}
