package sim

import (
	"encoding/binary"
	"hash/fnv"
	"time"

	"github.com/callboard/callboard/webex"
)

// How a colleague's day goes. Each colleague's presence is a pure function of
// the seed, the colleague and the time, so it changes as the (injectable)
// clock moves, is the same for the same seed, and costs no memory or timers:
//
//   - out of office for a whole day, on about one day in sixteen;
//   - lunch (inactive) for 45 minutes starting between 11:30 and 13:30 UTC;
//   - in a meeting for a half hour slot, one slot in six, presenting in a
//     quarter of those;
//   - do not disturb for a quarter hour slot, one in twenty;
//   - otherwise active.
//
// On top of that, "call" replaces active and inactive while the colleague is
// on a call; do not disturb, meeting, out of office and presenting outrank
// it, as in Webex. A control-plane override replaces the schedule.
const (
	oooPerMille       = 60
	lunchEarliest     = 11*time.Hour + 30*time.Minute
	lunchWindow       = 2 * time.Hour
	lunchLength       = 45 * time.Minute
	meetingSlot       = 30 * time.Minute
	meetingPercent    = 16
	presentingPercent = 4 // of all slots, within the meeting ones
	dndSlot           = 15 * time.Minute
	dndPercent        = 5
)

// presenceOverride is a presence set through the control plane.
type presenceOverride struct {
	status webex.Presence
	until  time.Time // zero: until cleared or the world is reset
}

// settablePresence reports whether status can be set through the control
// plane: every documented status but "call", which follows the person's
// calls.
func settablePresence(status webex.Presence) bool {
	switch status {
	case webex.PresenceActive, webex.PresenceInactive, webex.PresenceMeeting, webex.PresencePresenting,
		webex.PresenceDoNotDisturb, webex.PresenceOutOfOffice, webex.PresencePending, webex.PresenceUnknown:
		return true
	}
	return false
}

// draw is a deterministic number in [0, n) for the seed, a person, what is
// being decided and a time slot.
func draw(seed uint64, key, what string, slot int64, n uint64) uint64 {
	h := fnv.New64a()
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], seed)
	h.Write(b[:])
	h.Write([]byte(key))
	h.Write([]byte{0})
	h.Write([]byte(what))
	binary.LittleEndian.PutUint64(b[:], uint64(slot))
	h.Write(b[:])
	return h.Sum64() % n
}

// slotStart is the start of the slot of length d that t falls in.
func slotStart(t time.Time, d time.Duration) (int64, time.Time) {
	n := t.UnixNano() / int64(d)
	return n, time.Unix(0, n*int64(d)).UTC()
}

// scheduledPresence is what a colleague's day says they are doing at t, and
// since when (their last activity).
func scheduledPresence(seed uint64, key string, t time.Time) (webex.Presence, time.Time) {
	day, dayStart := slotStart(t, 24*time.Hour)
	if draw(seed, key, "ooo", day, 1000) < oooPerMille {
		return webex.PresenceOutOfOffice, dayStart.Add(-15 * time.Hour)
	}
	lunch := dayStart.Add(lunchEarliest + time.Duration(draw(seed, key, "lunch", day, uint64(lunchWindow/time.Minute)))*time.Minute)
	if !t.Before(lunch) && t.Before(lunch.Add(lunchLength)) {
		return webex.PresenceInactive, lunch
	}
	slot, start := slotStart(t, meetingSlot)
	switch r := draw(seed, key, "meeting", slot, 100); {
	case r < presentingPercent:
		return webex.PresencePresenting, start
	case r < meetingPercent:
		return webex.PresenceMeeting, start
	}
	slot, start = slotStart(t, dndSlot)
	if draw(seed, key, "dnd", slot, 100) < dndPercent {
		return webex.PresenceDoNotDisturb, start
	}
	// Active: last seen within the last few minutes.
	minute, start := slotStart(t, time.Minute)
	return webex.PresenceActive, start.Add(-time.Duration(draw(seed, key, "seen", minute, 4)) * time.Minute)
}

// presence is a person's presence now and their last activity (zero when
// Webex would leave it out).
func (e *engine) presence(ent *entry) (webex.Presence, time.Time) {
	onCall := e.onCall(ent)
	if ent.kind == kindUser {
		if onCall {
			return webex.PresenceCall, e.now
		}
		return webex.PresenceActive, e.now
	}
	status, since := scheduledPresence(e.presenceSeed, ent.key(), e.now)
	if ent.pending {
		status, since = webex.PresencePending, time.Time{}
	}
	if o, ok := e.overrides[ent.key()]; ok {
		if o.until.IsZero() || e.now.Before(o.until) {
			status, since = o.status, e.now
		} else {
			delete(e.overrides, ent.key())
		}
	}
	if onCall && (status == webex.PresenceActive || status == webex.PresenceInactive) {
		return webex.PresenceCall, e.now
	}
	if status == webex.PresencePending || status == webex.PresenceUnknown {
		since = time.Time{}
	}
	return status, since
}

// onCall reports whether the person is talking: on an answered call of
// their own, or on one of the user's answered calls with them.
func (e *engine) onCall(ent *entry) bool {
	if ent.kind == kindUser {
		for _, c := range e.calls {
			if !c.hidden && c.phase == phaseAnswered {
				return true
			}
		}
		return false
	}
	if p := e.peers[e.busy[ent.key()]]; p != nil && p.answered {
		return true
	}
	id := personID(ent.key())
	for _, c := range e.calls {
		if !c.hidden && c.phase == phaseAnswered && c.remote.PersonID == id && c.bargeOf == "" {
			return true
		}
	}
	return false
}

// setPresence overrides a person's presence for d (0: until cleared).
func (e *engine) setPresence(ent *entry, status webex.Presence, d time.Duration) error {
	if !ent.isPerson() || ent.kind == kindUser {
		return badRequest("%s is not a colleague; only colleagues' presence can be set", ent.label())
	}
	if !settablePresence(status) {
		if status == webex.PresenceCall {
			return badRequest("status call follows the person's calls: ring them (POST /_sim/inbound with \"to\") or call them instead")
		}
		return badRequest("status %q is invalid; use active, inactive, meeting, presenting, DoNotDisturb, OutOfOffice, pending or unknown", status)
	}
	o := presenceOverride{status: status}
	if d > 0 {
		o.until = e.now.Add(d)
	}
	e.overrides[ent.key()] = o
	return nil
}

// clearPresence returns a person to their schedule.
func (e *engine) clearPresence(ent *entry) { delete(e.overrides, ent.key()) }

// presenceView describes a person's presence for the control plane.
func (e *engine) presenceView(ent *entry) PersonPresence {
	status, since := e.presence(ent)
	v := PersonPresence{PersonID: personID(ent.key()), Name: ent.name, Extension: ent.extension,
		Status: status, LastActivity: webex.NewTimestamp(since)}
	if o, ok := e.overrides[ent.key()]; ok {
		v.Overridden, v.Until = true, webex.NewTimestamp(o.until)
	}
	return v
}

// PresenceOf returns a person's presence as GET /v1/people/{personId} would
// report it now; who is an extension, a number, an e-mail address or a
// person id.
func (s *Simulator) PresenceOf(who string) (PersonPresence, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.eng.advance(s.clock.Now())
	ent, err := findPerson(who)
	if err != nil {
		return PersonPresence{}, err
	}
	return s.eng.presenceView(ent), nil
}

// SetPresence overrides a colleague's presence for d (0: until cleared by
// ClearPresence or a reset); status may be any documented status but call,
// which follows their calls.
func (s *Simulator) SetPresence(who string, status webex.Presence, d time.Duration) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.eng.advance(s.clock.Now())
	ent, err := findPerson(who)
	if err != nil {
		return err
	}
	return s.eng.setPresence(ent, status, d)
}

// ClearPresence returns a colleague to their day's schedule.
func (s *Simulator) ClearPresence(who string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	ent, err := findPerson(who)
	if err != nil {
		return err
	}
	s.eng.clearPresence(ent)
	return nil
}

// findPerson resolves an extension, number, address or person id to a person.
func findPerson(who string) (*entry, error) {
	ent := lookupID(who)
	if ent == nil {
		if t, err := resolveDestination("person", who); err == nil {
			ent = t.entry
		}
	}
	if ent == nil || !ent.isPerson() {
		return nil, notFound("no person %q in the organization (give an extension, a number, an address or a person id)", who)
	}
	return ent, nil
}
