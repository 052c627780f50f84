package sim

import (
	"time"

	"github.com/callboard/callboard/webex"
)

// scheduleScenario sets the random scenario's next event: exponentially
// distributed around InboundEvery, clamped to a tenth to five times of it.
func (e *engine) scheduleScenario() {
	mean := e.cfg.inboundEvery
	d := time.Duration(e.rnd.ExpFloat64() * float64(mean))
	d = max(d, mean/10, time.Millisecond)
	d = min(d, 5*mean)
	e.timers.schedule(scenarioOwner, tScenario, e.after(d))
}

// scenarioStep plays one random event of a busy office, then schedules the next.
func (e *engine) scenarioStep() {
	switch r := e.rnd.Float64(); {
	case r < 0.55:
		e.randomInbound()
	case r < 0.75:
		e.randomPeerRing()
	default:
		e.randomPeerCall()
	}
	e.scheduleScenario()
}

// randomExternal is a random caller from outside the organisation.
func (e *engine) randomExternal() webex.Party {
	c := externalCallers[e.rnd.IntN(len(externalCallers))]
	return webex.Party{Name: c.name, Number: c.number, CallType: webex.CallTypeExternal}
}

// randomCaller is who calls the user: mostly outside callers, some
// colleagues, the odd caller with privacy on.
func (e *engine) randomCaller() webex.Party {
	switch r := e.rnd.Float64(); {
	case r < 0.10:
		return webex.Party{PrivacyEnabled: true, CallType: webex.CallTypeExternal}
	case r < 0.35:
		idx := colleagueIndexes()
		return directory[idx[e.rnd.IntN(len(idx))]].party()
	}
	return e.randomExternal()
}

// randomRedirection is why a call reached the user: a hunt group, a call
// queue, or a colleague forwarding it.
func (e *engine) randomRedirection() []webex.Redirection {
	idx := colleagueIndexes()
	colleague := directory[idx[e.rnd.IntN(len(idx))]].party()
	switch e.rnd.IntN(5) {
	case 0:
		return []webex.Redirection{{Reason: webex.ReasonHuntGroup, RedirectingParty: lookupExtension("5000").party()}}
	case 1:
		return []webex.Redirection{{Reason: webex.ReasonCallQueue, RedirectingParty: lookupExtension("5100").party()}}
	case 2:
		return []webex.Redirection{{Reason: webex.ReasonNoAnswer, RedirectingParty: colleague}}
	case 3:
		return []webex.Redirection{{Reason: webex.ReasonBusy, RedirectingParty: colleague}}
	}
	return []webex.Redirection{{Reason: webex.ReasonUnconditional, RedirectingParty: colleague}}
}

// randomInbound rings the user. Some calls are for the executive, some were
// redirected, and some callers give up before RingTimeout.
func (e *engine) randomInbound() {
	from := e.randomCaller()
	var redirections []webex.Redirection
	forExecutive := false
	switch r := e.rnd.Float64(); {
	case r < 0.10 && from.CallType == webex.CallTypeExternal && !from.PrivacyEnabled:
		forExecutive = true
	case r < 0.35:
		redirections = e.randomRedirection()
	}
	giveUp := e.rnd.Float64() < 0.2
	giveUpAfter := e.between(e.cfg.ringTimeout/4, e.cfg.ringTimeout/2)
	// A few calls ring the front desk's main number instead (their own
	// stream of choices, so the rest of the scenario is as it was).
	line := ""
	if e.qrnd.IntN(6) == 0 {
		line = MainLineExtension
	}
	id, outcome, err := e.arrive(line, from, redirections, forExecutive)
	if err != nil {
		// The line is full: the caller gets busy, the user a missed call.
		e.hist.add(webex.HistoryMissed, from, e.now)
		return
	}
	if giveUp && outcome == OutcomeRinging {
		e.timers.schedule(id, tGiveUp, e.after(giveUpAfter))
	}
}

// idleColleague picks a colleague without a call, preferring the user's
// pickup group when pickupFirst; nil when everyone is busy.
func (e *engine) idleColleague(pickupFirst bool) *entry {
	var idle, pickup []*entry
	for _, i := range colleagueIndexes() {
		ent := &directory[i]
		if e.busy[ent.key()] != "" {
			continue
		}
		idle = append(idle, ent)
		if ent.pickupGroup {
			pickup = append(pickup, ent)
		}
	}
	if pickupFirst && len(pickup) > 0 {
		idle = pickup
	}
	if len(idle) == 0 {
		return nil
	}
	return idle[e.rnd.IntN(len(idle))]
}

// randomPeerRing rings a colleague (a pickup target); half the time the
// colleague answers after a while, otherwise it rings out.
func (e *engine) randomPeerRing() {
	owner := e.idleColleague(e.rnd.Float64() < 0.7)
	from := e.randomExternal()
	answers := e.rnd.Float64() < 0.5
	answerAfter := e.between(5*time.Second, 10*time.Second)
	if owner == nil {
		return
	}
	p, err := e.ringPeer(owner, from)
	if err != nil {
		return
	}
	if answers {
		e.timers.schedule(p.id, tPeerAnswer, e.after(answerAfter))
	}
}

// randomPeerCall puts a colleague on a call (a barge-in target).
func (e *engine) randomPeerCall() {
	owner := e.idleColleague(false)
	from := e.randomExternal()
	if owner == nil {
		return
	}
	if p, err := e.ringPeer(owner, from); err == nil {
		e.connectPeer(p)
	}
}
