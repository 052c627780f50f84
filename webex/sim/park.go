package sim

import (
	"time"

	"github.com/callboard/callboard/webex"
)

// parkedCall is a call waiting in park.
type parkedCall struct {
	id      string // the parked call's id (it owns the recall timer)
	session string
	remote  webex.Party // who is waiting
	against webex.Party // where it is parked
	key     string      // target key of where it is parked
	line    string      // the line it was parked from, which a recall rings
	since   time.Time
}

func (e *engine) findParkedByID(id string) *parkedCall {
	for _, p := range e.parked {
		if p.id == id {
			return p
		}
	}
	return nil
}

func (e *engine) findParkedByKey(key string) *parkedCall {
	for _, p := range e.parked {
		if p.key == key {
			return p
		}
	}
	return nil
}

func (e *engine) removeParked(p *parkedCall) {
	for i, q := range e.parked {
		if q == p {
			e.parked = append(e.parked[:i], e.parked[i+1:]...)
			break
		}
	}
	e.timers.cancelOwner(p.id)
}

// park parks an answered call against the user, a destination, or the first
// free extension of the user's call park group.
func (e *engine) park(req webex.ParkRequest) (webex.ParkResult, error) {
	c, err := e.lookup(req.LineOwnerID, "callId", req.CallID)
	if err != nil {
		return webex.ParkResult{}, err
	}
	if c.phase != phaseAnswered {
		if c.incomingAlerting() {
			return webex.ParkResult{}, badRequest("cannot park: the call is alerting; only an answered call can be parked")
		}
		return webex.ParkResult{}, notAnsweredError("park", c)
	}
	var t target
	switch {
	case req.IsGroupPark:
		// The destination is ignored for a group park, as the API documents.
		found := false
		for i := range directory {
			if directory[i].kind == kindPark && e.findParkedByKey(directory[i].key()) == nil {
				t, found = entryTarget(&directory[i]), true
				break
			}
		}
		if !found {
			return webex.ParkResult{}, badRequest("cannot park: every extension of the call park group already holds a parked call")
		}
	case req.Destination == "":
		t = userTarget()
	default:
		if t, err = resolveDestination("destination", req.Destination); err != nil {
			return webex.ParkResult{}, err
		}
	}
	if e.findParkedByKey(t.key) != nil {
		return webex.ParkResult{}, badRequest("cannot park: a call is already parked against %s", t.label())
	}
	p := &parkedCall{id: c.id, session: c.session, remote: c.remote, against: t.party, key: t.key, line: c.line, since: e.now}
	e.endCall(c, false)
	e.parked = append(e.parked, p)
	e.timers.schedule(p.id, tParkRecall, e.after(e.cfg.parkRecall))
	return webex.ParkResult{ParkedAgainst: t.party}, nil
}

// retrieve brings back a parked call as a new connected call.
func (e *engine) retrieve(req webex.RetrieveRequest) (webex.NewCall, error) {
	endpoint, err := newCallEndpoint(req.EndpointID, req.SingleNumberReachPhoneNumber)
	if err != nil {
		return webex.NewCall{}, err
	}
	t := userTarget()
	if req.Destination != "" {
		if t, err = resolveDestination("destination", req.Destination); err != nil {
			return webex.NewCall{}, err
		}
	}
	p := e.findParkedByKey(t.key)
	if p == nil {
		return webex.NewCall{}, badRequest("cannot retrieve: no call is parked against %s", t.label())
	}
	if err := e.roomForCall(); err != nil {
		return webex.NewCall{}, err
	}
	e.removeParked(p)
	c := e.answeredCall(lineKey(req.LineOwnerID), webex.PersonalityOriginator, p.remote, p.session, orPrimary(endpoint))
	e.timers.schedule(c.id, tTalkEnd, e.after(e.talkTime()))
	return webex.NewCall{CallID: c.id, CallSessionID: c.session}, nil
}

// recall rings the user back with a call that stayed parked too long.
func (e *engine) recall(p *parkedCall) {
	e.removeParked(p)
	c := e.newCall(p.line, webex.PersonalityTerminator, phaseAlerting, p.remote, p.session)
	against := p.against
	c.recall = &webex.Recall{Type: webex.RecallTypePark, Party: &against}
	e.timers.schedule(c.id, tRingTimeout, e.after(e.cfg.ringTimeout))
}
