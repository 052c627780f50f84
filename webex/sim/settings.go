package sim

import (
	"time"

	"github.com/callboard/callboard/webex"
)

// Forwarding limits, as Webex documents them.
const (
	minRings = 2
	maxRings = 20
	// ringCycle is how long one ring lasts, for no-answer forwarding.
	ringCycle = 6 * time.Second
)

// What became of a call that arrived for the user (POST /_sim/inbound).
const (
	OutcomeRinging      = "ringing"      // it rings the user's line
	OutcomeForwarded    = "forwarded"    // call forwarding sent it on; it never rang
	OutcomeDoNotDisturb = "doNotDisturb" // do not disturb sent it to voicemail: a missed call
	OutcomeQueued       = "queued"       // it waits in a call queue (POST /_sim/queues/{queue}/callers)
)

// defaultForwarding is the user's call forwarding as the world starts:
// nothing forwarded; no-answer forwarding, once enabled, after three rings.
func defaultForwarding() webex.CallForwarding {
	return webex.CallForwarding{CallForwarding: webex.ForwardingRules{
		NoAnswer: webex.ForwardNoAnswer{NumberOfRings: 3, SystemMaxNumberOfRings: maxRings},
	}}
}

// dndPut is the body of Modify Do Not Disturb Settings; webexGoOverrideEnabled
// is required, the others keep their value when absent.
type dndPut struct {
	Enabled                *bool `json:"enabled"`
	RingSplashEnabled      *bool `json:"ringSplashEnabled"`
	WebexGoOverrideEnabled *bool `json:"webexGoOverrideEnabled"`
}

// setDND changes the user's do not disturb setting.
func (e *engine) setDND(body []byte) error {
	var req dndPut
	if err := decodeJSON(body, &req); err != nil {
		return err
	}
	if req.WebexGoOverrideEnabled == nil {
		return badRequest("webexGoOverrideEnabled is required")
	}
	e.dnd.WebexGoOverrideEnabled = *req.WebexGoOverrideEnabled
	if req.Enabled != nil {
		e.dnd.Enabled = *req.Enabled
	}
	if req.RingSplashEnabled != nil {
		e.dnd.RingSplashEnabled = *req.RingSplashEnabled
	}
	return nil
}

// setForwarding changes the user's call forwarding: the fields present in
// body replace the current ones. Nothing changes unless the result is valid:
// an enabled rule has a destination that is not the user, no-answer takes 2
// to 20 rings, and the system maximum is read only.
func (e *engine) setForwarding(body []byte) error {
	next := e.fwd
	if err := decodeJSON(body, &next); err != nil {
		return err
	}
	rules := next.CallForwarding
	if rules.NoAnswer.SystemMaxNumberOfRings != maxRings {
		return badRequest("callForwarding.noAnswer.systemMaxNumberOfRings is read only")
	}
	if n := rules.NoAnswer.NumberOfRings; n < minRings || n > maxRings {
		return badRequest("callForwarding.noAnswer.numberOfRings %d must be between %d and %d", n, minRings, maxRings)
	}
	for _, r := range []struct {
		name    string
		enabled bool
		dest    string
	}{
		{"callForwarding.always", rules.Always.Enabled, rules.Always.Destination},
		{"callForwarding.busy", rules.Busy.Enabled, rules.Busy.Destination},
		{"callForwarding.noAnswer", rules.NoAnswer.Enabled, rules.NoAnswer.Destination},
		{"businessContinuity", next.BusinessContinuity.Enabled, next.BusinessContinuity.Destination},
	} {
		if r.dest == "" {
			if r.enabled {
				return badRequest("%s.destination is required when %s is enabled", r.name, r.name)
			}
			continue
		}
		t, err := resolveDestination(r.name+".destination", r.dest)
		if err != nil {
			return err
		}
		if t.isUser() {
			return badRequest("%s.destination %q is the user's own line", r.name, r.dest)
		}
	}
	e.fwd = next
	return nil
}

// lineInUse reports whether the user's own line is in use: an answered call on it.
func (e *engine) lineInUse() bool {
	for _, c := range e.calls {
		if c.line == "" && !c.hidden && c.phase == phaseAnswered {
			return true
		}
	}
	return false
}

// arrive delivers a call for a line of the user's. On their own line the
// user's settings act first: forwarding always (and busy, while the line is
// in use) sends the call on without ringing; do not disturb sends it to
// voicemail, which leaves a missed record; no-answer forwarding ends the
// ringing after its rings (a missed record). Secondary lines have settings
// of their own, which the simulator leaves off: their calls always ring.
func (e *engine) arrive(line string, from webex.Party, redirections []webex.Redirection, forExecutive bool) (string, string, error) {
	if line == "" {
		fwd := e.fwd.CallForwarding
		switch {
		case fwd.Always.Enabled, fwd.Busy.Enabled && e.lineInUse():
			return e.ids.callID(), OutcomeForwarded, nil
		case e.dnd.Enabled:
			e.hist.add(webex.HistoryMissed, from, e.now)
			return e.ids.callID(), OutcomeDoNotDisturb, nil
		}
	}
	c, err := e.ringUser(line, from, redirections, forExecutive)
	if err != nil {
		return "", "", err
	}
	if na := e.fwd.CallForwarding.NoAnswer; line == "" && na.Enabled {
		if after := time.Duration(na.NumberOfRings) * ringCycle; after < e.cfg.ringTimeout {
			e.timers.schedule(c.id, tForwardNoAnswer, e.after(after))
		}
	}
	return c.id, OutcomeRinging, nil
}
