package sim

import (
	"net/http"
	"slices"
	"time"

	"github.com/callboard/callboard/webex"
)

// conference is the user's conference on one line: the host (the user)
// talking to every participant call at once.
type conference struct {
	line         string
	created      time.Time
	appearance   int
	held         bool // the host has held the conference
	hostMuted    bool
	participants []*participant
}

// participant is one call in a conference.
type participant struct {
	callID   string
	muted    bool
	deafened bool
}

// find returns the participant for a call id, or nil.
func (cf *conference) find(callID string) *participant {
	for _, p := range cf.participants {
		if p.callID == callID {
			return p
		}
	}
	return nil
}

// wire is the conference as Get Conference Details returns it.
func (cf *conference) wire() webex.Conference {
	out := webex.Conference{State: webex.ConferenceConnected, Appearance: cf.appearance, Created: webex.NewTimestamp(cf.created),
		Muted: cf.hostMuted, Participants: []webex.ConferenceParticipant{}}
	if cf.held {
		out.State = webex.ConferenceHeld
	}
	for _, p := range cf.participants {
		out.Participants = append(out.Participants, webex.ConferenceParticipant{CallID: p.callID, Muted: p.muted, Deafened: p.deafened})
	}
	return out
}

// conferenceOf returns the conference a call is in, or nil.
func (e *engine) conferenceOf(c *call) *conference {
	if cf := e.confs[c.line]; cf != nil && cf.find(c.id) != nil {
		return cf
	}
	return nil
}

// conferenceCall checks that a call of the request's line can join a
// conference: answered and not in it already.
func (e *engine) conferenceCall(lineOwnerID, id string) (*call, error) {
	c, err := e.lookup(lineOwnerID, "callId", id)
	if err != nil {
		return nil, err
	}
	switch {
	case c.phase != phaseAnswered:
		return nil, notAnsweredError("join a conference", c)
	case c.transferLeg != "" || c.transferOf != "":
		return nil, badRequest("cannot join a conference: call %s is being transferred", c.id)
	case e.conferenceOf(c) != nil:
		return nil, badRequest("call %s is already in the conference", c.id)
	}
	return c, nil
}

// startConference joins two or more answered calls of a line into a
// conference. The calls stay on the line, connected; the host talks to all
// of them at once, and every other call of the user's goes on hold.
func (e *engine) startConference(req webex.ConferenceStartRequest) error {
	if len(req.CallIDs) < 2 {
		return badRequest("callIds must list at least two calls; it lists %d", len(req.CallIDs))
	}
	if err := checkLineOwner(req.LineOwnerID); err != nil {
		return err
	}
	line := lineKey(req.LineOwnerID)
	if e.confs[line] != nil {
		return newError(http.StatusConflict, "a conference is already in progress on this line: add the call to it")
	}
	var calls []*call
	for _, id := range req.CallIDs {
		if slices.ContainsFunc(calls, func(c *call) bool { return c.id == id }) {
			return badRequest("callIds lists %s twice", id)
		}
		c, err := e.conferenceCall(req.LineOwnerID, id)
		if err != nil {
			return err
		}
		calls = append(calls, c)
	}
	cf := &conference{line: line, created: e.now, appearance: e.freeAppearance()}
	for _, c := range calls {
		cf.participants = append(cf.participants, &participant{callID: c.id})
	}
	e.confs[line] = cf
	e.talkInConference(cf)
	return nil
}

// talkInConference puts the host back into the conference: its calls are
// connected, every other answered call of the user's is held.
func (e *engine) talkInConference(cf *conference) {
	cf.held = false
	var first *call
	for _, p := range cf.participants {
		if c := e.calls[p.callID]; c != nil {
			c.userHeld = false
			if first == nil {
				first = c
			}
		}
	}
	for _, o := range e.calls {
		if o.phase == phaseAnswered && !o.hidden && e.conferenceOf(o) != cf {
			o.userHeld = true
		}
	}
	e.heldConferences(cf)
}

// heldConferences marks held every conference other than except one of
// whose calls the user held by taking up another call, and holds all its
// calls: the host left it as a whole.
func (e *engine) heldConferences(except *conference) {
	for _, cf := range e.confs {
		if cf == except {
			continue
		}
		for _, p := range cf.participants {
			if c := e.calls[p.callID]; c != nil && c.userHeld {
				cf.held = true
			}
		}
		if cf.held {
			for _, p := range cf.participants {
				if c := e.calls[p.callID]; c != nil {
					c.userHeld = true
				}
			}
		}
	}
}

// activeConference returns the conference on the request's line.
func (e *engine) activeConference(lineOwnerID string) (*conference, error) {
	if err := checkLineOwner(lineOwnerID); err != nil {
		return nil, err
	}
	cf := e.confs[lineKey(lineOwnerID)]
	if cf == nil {
		return nil, badRequest("there is no conference on this line: start one with two calls or more")
	}
	return cf, nil
}

// addToConference adds an answered call of the line to its conference.
func (e *engine) addToConference(req webex.ConferenceCallRequest) error {
	cf, err := e.activeConference(req.LineOwnerID)
	if err != nil {
		return err
	}
	c, err := e.conferenceCall(req.LineOwnerID, req.CallID)
	if err != nil {
		return err
	}
	cf.participants = append(cf.participants, &participant{callID: c.id})
	c.userHeld = cf.held
	return nil
}

// releaseConference ends the conference and every call in it.
func (e *engine) releaseConference(lineOwnerID string) error {
	cf, err := e.activeConference(lineOwnerID)
	if err != nil {
		return err
	}
	delete(e.confs, cf.line)
	for _, p := range cf.participants {
		if c := e.calls[p.callID]; c != nil {
			e.endCall(c, false)
		}
	}
	return nil
}

// holdConference holds or resumes the host: held, the participants still
// talk to each other, and the host's calls show held.
func (e *engine) holdConference(lineOwnerID string, hold bool) error {
	cf, err := e.activeConference(lineOwnerID)
	if err != nil {
		return err
	}
	switch {
	case hold && cf.held:
		return badRequest("cannot hold: the conference is already held")
	case !hold && !cf.held:
		return badRequest("cannot resume: the conference is not held")
	case !hold:
		e.talkInConference(cf)
		return nil
	}
	cf.held = true
	for _, p := range cf.participants {
		if c := e.calls[p.callID]; c != nil {
			c.userHeld = true
		}
	}
	return nil
}

// conferenceParticipant finds a participant of a conference on any of the
// user's lines (mute and deafen take no lineOwnerId).
func (e *engine) conferenceParticipant(callID string) (*conference, *participant, error) {
	if callID == "" {
		return nil, nil, badRequest("callId is required")
	}
	for _, cf := range e.confs {
		if p := cf.find(callID); p != nil {
			return cf, p, nil
		}
	}
	if e.calls[callID] == nil {
		return nil, nil, callNotFound(callID)
	}
	return nil, nil, badRequest("call %s is not in a conference", callID)
}

// muteInConference mutes or unmutes a participant, or the host of the
// user's own line's conference when callID is "".
func (e *engine) muteInConference(callID string, mute bool) error {
	verb := "mute"
	if !mute {
		verb = "unmute"
	}
	if callID == "" {
		cf := e.confs[""]
		switch {
		case cf == nil:
			return badRequest("there is no conference on the user's line to %s the host of", verb)
		case cf.hostMuted == mute:
			return badRequest("cannot %s the host: the host is already %sd", verb, verb)
		}
		cf.hostMuted = mute
		return nil
	}
	_, p, err := e.conferenceParticipant(callID)
	if err != nil {
		return err
	}
	if p.muted == mute {
		return badRequest("cannot %s: the participant is already %sd", verb, verb)
	}
	p.muted = mute
	return nil
}

// deafenInConference deafens or undeafens a participant.
func (e *engine) deafenInConference(callID string, deafen bool) error {
	verb := "deafen"
	if !deafen {
		verb = "undeafen"
	}
	_, p, err := e.conferenceParticipant(callID)
	if err != nil {
		return err
	}
	if p.deafened == deafen {
		return badRequest("cannot %s: the participant is already %sed", verb, verb)
	}
	p.deafened = deafen
	return nil
}

// leaveConference takes an ended call out of its conference. A conference
// left with one call dissolves: that call goes on as an ordinary call.
func (e *engine) leaveConference(c *call) {
	cf := e.confs[c.line]
	if cf == nil {
		return
	}
	i := slices.IndexFunc(cf.participants, func(p *participant) bool { return p.callID == c.id })
	if i < 0 {
		return
	}
	cf.participants = slices.Delete(cf.participants, i, i+1)
	if len(cf.participants) < 2 {
		delete(e.confs, cf.line)
	}
}

// conferenceReply answers Get Conference Details: {} without a conference.
func (e *engine) conferenceReply(lineOwnerID string) reply {
	if err := checkLineOwner(lineOwnerID); err != nil {
		return fail(err)
	}
	cf := e.confs[lineKey(lineOwnerID)]
	if cf == nil {
		return ok(http.StatusOK, struct{}{})
	}
	return ok(http.StatusOK, cf.wire())
}
