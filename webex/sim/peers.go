package sim

import (
	"time"

	"github.com/callboard/callboard/webex"
)

// peerCall is a colleague's call: ringing (a pickup target) or answered (a
// barge-in target). Each colleague has at most one.
type peerCall struct {
	id       string
	session  string
	seq      uint64
	owner    *entry      // the colleague
	caller   webex.Party // who is calling the colleague (for a barge-in: whose call they joined)
	answered bool
	created  time.Time // when it started ringing
	since    time.Time // when it started ringing, or when it was answered
	bargeOf  string    // a colleague's barge-in: the colleague's call it joined
}

// ringPeer makes a colleague's phone ring with a call from caller. Nobody
// answers it unless the scenario or the control plane says so; after
// RingTimeout it goes to the colleague's voicemail.
func (e *engine) ringPeer(owner *entry, from webex.Party) (*peerCall, error) {
	if id := e.busy[owner.key()]; id != "" {
		return nil, newError(409, "%s already has a call", owner.label())
	}
	p := &peerCall{id: e.ids.callID(), session: e.ids.sessionID(), seq: e.nextSeq(), owner: owner, caller: from, created: e.now, since: e.now}
	e.peers[p.id] = p
	e.busy[owner.key()] = p.id
	e.timers.schedule(p.id, tPeerRingTimeout, e.after(e.cfg.ringTimeout))
	return p, nil
}

// connectPeer: the colleague answered; the far end hangs up after TalkTime.
func (e *engine) connectPeer(p *peerCall) {
	p.answered = true
	p.since = e.now
	e.timers.cancel(p.id, tPeerRingTimeout)
	e.timers.cancel(p.id, tPeerAnswer)
	e.timers.schedule(p.id, tPeerTalkEnd, e.after(e.talkTime()))
}

// endPeer ends a colleague's call and the barge-in calls that joined it.
func (e *engine) endPeer(p *peerCall) {
	if e.peers[p.id] != p {
		return
	}
	delete(e.peers, p.id)
	delete(e.busy, p.owner.key())
	e.timers.cancelOwner(p.id)
	for _, c := range e.listed() {
		if c.bargeOf == p.id {
			e.endCall(c, false)
		}
	}
	for _, q := range e.peers {
		if q.bargeOf == p.id {
			e.endPeer(q)
		}
	}
}

func (e *engine) firePeer(p *peerCall, kind timerKind) {
	switch kind {
	case tPeerAnswer:
		if !p.answered {
			e.connectPeer(p)
		}
	case tPeerRingTimeout:
		if !p.answered {
			e.endPeer(p)
		}
	case tPeerTalkEnd:
		e.endPeer(p)
	}
}

// startLongCall seats the colleague at LongCallExtension on a call that
// began before the world did and lasts all day: a barge-in target that is
// always there.
func (e *engine) startLongCall() {
	owner := lookupExtension(LongCallExtension)
	p := &peerCall{
		id:       e.ids.callID(),
		session:  e.ids.sessionID(),
		seq:      e.nextSeq(),
		owner:    owner,
		caller:   webex.Party{Name: longCallPartner.name, Number: longCallPartner.number, CallType: webex.CallTypeExternal},
		answered: true,
		created:  e.now.Add(-12*time.Minute - 20*time.Second),
		since:    e.now.Add(-12 * time.Minute),
	}
	e.peers[p.id] = p
	e.busy[owner.key()] = p.id
}

// peerTarget resolves the target of a pickup or barge-in to a colleague.
func peerTarget(field, value string) (*entry, error) {
	t, err := resolveDestination(field, value)
	if err != nil {
		return nil, err
	}
	switch {
	case t.isUser():
		return nil, badRequest("%s %q is the user's own line", field, value)
	case t.entry == nil:
		return nil, notFound("%s %q is not a user in the organization", field, value)
	case !t.entry.isPerson():
		return nil, badRequest("%s %q is %s, not a person", field, value, t.entry.label())
	}
	return t.entry, nil
}

// pickup answers a call ringing for a colleague: the target's, or the oldest
// one ringing in the user's call pickup group.
func (e *engine) pickup(req webex.PickupRequest) (webex.NewCall, error) {
	endpoint, err := newCallEndpoint(req.EndpointID, req.SingleNumberReachPhoneNumber)
	if err != nil {
		return webex.NewCall{}, err
	}
	var p *peerCall
	if req.Target == "" {
		for _, q := range e.peers {
			if !q.answered && q.owner.pickupGroup && (p == nil || q.seq < p.seq) {
				p = q
			}
		}
		if p == nil {
			return webex.NewCall{}, badRequest("nothing to pick up: no call is ringing in the user's call pickup group")
		}
	} else {
		owner, err := peerTarget("target", req.Target)
		if err != nil {
			return webex.NewCall{}, err
		}
		if p = e.peers[e.busy[owner.key()]]; p == nil || p.answered {
			return webex.NewCall{}, badRequest("nothing to pick up: no call is ringing for %s", owner.label())
		}
	}
	if err := e.roomForCall(); err != nil {
		return webex.NewCall{}, err
	}
	e.endPeer(p)
	c := e.answeredCall(lineKey(req.LineOwnerID), webex.PersonalityTerminator, p.caller, p.session, orPrimary(endpoint))
	e.hist.add(webex.HistoryReceived, c.remote, e.now)
	e.timers.schedule(c.id, tTalkEnd, e.after(e.talkTime()))
	return webex.NewCall{CallID: c.id, CallSessionID: c.session}, nil
}

// bargeIn joins a colleague's answered call. The new call's remote party is
// the colleague; it ends when their call ends.
func (e *engine) bargeIn(req webex.BargeInRequest) (webex.NewCall, error) {
	endpoint, err := newCallEndpoint(req.EndpointID, req.SingleNumberReachPhoneNumber)
	if err != nil {
		return webex.NewCall{}, err
	}
	owner, err := peerTarget("target", req.Target)
	if err != nil {
		return webex.NewCall{}, err
	}
	p := e.peers[e.busy[owner.key()]]
	if p == nil || !p.answered {
		return webex.NewCall{}, badRequest("cannot barge in: %s is not on an answered call", owner.label())
	}
	if err := e.roomForCall(); err != nil {
		return webex.NewCall{}, err
	}
	c := e.answeredCall(lineKey(req.LineOwnerID), webex.PersonalityOriginator, owner.party(), p.session, orPrimary(endpoint))
	c.bargeOf = p.id
	return webex.NewCall{CallID: c.id, CallSessionID: c.session}, nil
}

// pull moves the user's answered call to another endpoint: a temporary
// call (same session) alerts that endpoint and is released once it picks up.
func (e *engine) pull(req webex.PullRequest) (webex.NewCall, error) {
	if req.EndpointID != "" {
		if err := checkEndpoint(req.EndpointID); err != nil {
			return webex.NewCall{}, err
		}
	}
	var orig *call
	for _, c := range e.listedOn(lineKey(req.LineOwnerID)) {
		if c.phase == phaseAnswered && (orig == nil || (c.talking() && !orig.talking())) {
			orig = c
		}
	}
	if orig == nil {
		return webex.NewCall{}, badRequest("nothing to pull: the user has no answered call")
	}
	if orig.pulling != "" {
		return webex.NewCall{}, badRequest("cannot pull: a pull of this call is already in progress")
	}
	to := req.EndpointID
	if to == "" {
		// Every device alerts except the one already on the call; with two
		// endpoints that is the other one.
		to = WebexAppEndpointID
		if orig.endpoint == WebexAppEndpointID {
			to = DeskPhoneEndpointID
		}
	}
	if to == orig.endpoint {
		return webex.NewCall{}, badRequest("cannot pull: the call is already on %s", endpointName(to))
	}
	if err := e.roomForCall(); err != nil {
		return webex.NewCall{}, err
	}
	tmp := e.newCall(orig.line, webex.PersonalityClickToDial, phaseAlerting, orig.remote, orig.session)
	tmp.ringOn = to
	tmp.pullOf = orig.id
	orig.pulling = tmp.id
	e.timers.schedule(tmp.id, tDeviceAnswer, e.after(e.cfg.deviceAnswer))
	return webex.NewCall{CallID: tmp.id, CallSessionID: tmp.session}, nil
}
