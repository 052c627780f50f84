package desk

import (
	"slices"
	"strings"
	"time"

	"github.com/callboard/callboard/model"
)

// Outcome is why a call left the line.
type Outcome uint8

// The outcomes.
const (
	OutcomeNone        Outcome = iota // the call has not left, or nobody knows why
	OutcomeEnded                      // hung up, by either side
	OutcomeMissed                     // rang and stopped unanswered
	OutcomeRejected                   // the operator rejected it
	OutcomeDiverted                   // the operator diverted it
	OutcomeVoicemail                  // sent to voicemail
	OutcomeTransferred                // transferred or joined
	OutcomeParked                     // parked
	OutcomePushed                     // pushed to the executive
	OutcomeReoffered                  // a queue's or hunt group's offer that rang out: the caller waits on
)

// Word is the outcome as an ended row reads.
func (o Outcome) Word() string {
	switch o {
	case OutcomeMissed:
		return "missed"
	case OutcomeRejected:
		return "rejected"
	case OutcomeDiverted:
		return "diverted"
	case OutcomeVoicemail:
		return "to voicemail"
	case OutcomeTransferred:
		return "transferred"
	case OutcomeParked:
		return "parked"
	case OutcomePushed:
		return "pushed"
	case OutcomeReoffered:
		return "back to the queue"
	}
	return "ended"
}

// outcomeOf is the outcome a successful operation gives its call, if it
// makes the call leave the line.
func outcomeOf(o *op) Outcome {
	switch o.Action {
	case model.ActionReject:
		return OutcomeRejected
	case model.ActionDivert:
		if o.Args.Voicemail {
			return OutcomeVoicemail
		}
		return OutcomeDiverted
	case model.ActionPark:
		return OutcomeParked
	case model.ActionPush:
		return OutcomePushed
	case model.ActionJoinTransfer, model.ActionConferenceLeave:
		return OutcomeTransferred
	case model.ActionHangup:
		return OutcomeEnded // by the operator: not missed, and nobody hung up on them
	}
	return OutcomeNone
}

// Outcome returns why an ended call left the line: what the operator did
// to it, "missed" for an incoming call nobody answered (unless a queue
// offered it: the caller waits on in the queue), else "ended".
func (d *Desk) Outcome(r model.Row) Outcome {
	if o, ok := d.outcomes[r.Call.ID]; ok {
		return o
	}
	if r.Call.Incoming() && r.Call.Answered.IsZero() && !r.WasAnswered {
		if offeredByGroup(r.Call) {
			return OutcomeReoffered
		}
		return OutcomeMissed
	}
	return OutcomeEnded
}

// offeredByGroup reports whether a call queue or hunt group offered the
// call to the line.
func offeredByGroup(c model.Call) bool {
	return slices.ContainsFunc(c.Redirections, func(r model.Redirection) bool {
		return r.Reason == model.RedirectCallQueue || r.Reason == model.RedirectHuntGroup
	})
}

// consultation is a consultative transfer in progress: the caller on hold
// (original) and the call to the consult party (leg, known once the dial
// returns).
type consultation struct {
	line          string // the line of both calls
	original, leg string
	legSeen       bool // the leg has been on the list
	dest          string
	caller        string // the original caller's name, for messages
}

// ConsultInfo describes the consult in progress, for the screen.
type ConsultInfo struct {
	Original, Leg string // the call ids; Leg is "" until the dial returns
	Caller, Dest  string // who is on hold, who is consulted
}

// Consult returns the consult in progress.
func (d *Desk) Consult() (ConsultInfo, bool) {
	c := d.consult
	if c == nil {
		return ConsultInfo{}, false
	}
	return ConsultInfo{Original: c.original, Leg: c.leg, Caller: c.caller, Dest: c.dest}, true
}

// InConsult reports whether the call is one of the live consult's two.
func (d *Desk) InConsult(id string) bool {
	c := d.liveConsult()
	return c != nil && id != "" && (id == c.original || id == c.leg)
}

// liveConsult returns the consult in progress while both its calls live.
func (d *Desk) liveConsult() *consultation {
	c := d.consult
	if c == nil {
		return nil
	}
	if row, ok := d.board.Find(c.original); !ok || row.Ended() {
		return nil
	}
	if row, ok := d.board.Find(c.leg); ok && row.Ended() {
		return nil
	}
	return c
}

// consultIntent starts a consult, or completes the one in progress when
// the intent is on one of its calls and names no destination.
func (d *Desk) consultIntent(in Intent, c model.Call) {
	if cs := d.liveConsult(); cs != nil {
		if in.Args.Dest == "" && (c.ID == cs.original || c.ID == cs.leg) {
			d.completeConsult(cs)
			return
		}
		d.say(Problem, "a consult is already in progress ("+cs.caller+" ↔ "+cs.dest+"): T on either call completes it, e on "+cs.dest+" aborts it")
		return
	}
	if in.Args.Dest == "" {
		d.say(Problem, "consult: enter who to consult — nothing sent")
		return
	}
	if !model.Allowed(model.ActionConsult, &c) {
		d.say(Problem, model.Why(model.ActionConsult, &c)+" — nothing sent")
		return
	}
	v, _ := VerbOf(model.ActionConsult)
	d.consult = &consultation{line: c.Line, original: c.ID, dest: in.Args.Dest, caller: c.Remote.Display()}
	if c.State == model.StateHeld {
		d.consultDial(v)
		return
	}
	d.send(&op{
		Operation: Operation{Action: model.ActionHold, CallID: c.ID},
		verb:      v, purpose: consultHold, subject: c.Remote.Display(),
	})
}

// consultDial is the consult's second step: call the consult party.
func (d *Desk) consultDial(v Verb) {
	// The consult party is called on the caller's line: only two calls of
	// one line can be joined.
	d.send(&op{
		Operation: Operation{Action: model.ActionDial, Args: Args{Dest: d.consult.dest}, Line: d.consult.line},
		verb:      v, purpose: consultDial, subject: d.consult.dest,
	})
}

// completeConsult joins the caller with the consult party.
func (d *Desk) completeConsult(cs *consultation) {
	orig, okO := d.board.Find(cs.original)
	leg, okL := d.board.Find(cs.leg)
	if !okO || !okL {
		d.say(Info, "consult: the call to "+cs.dest+" is not on the list yet")
		return
	}
	if !model.CanJoin(&orig.Call, &leg.Call) {
		d.say(Info, "consult: wait until "+cs.dest+" answers, then press T again to complete")
		return
	}
	v, _ := VerbOf(model.ActionJoinTransfer)
	d.send(&op{
		Operation: Operation{Action: model.ActionJoinTransfer, CallID: orig.Call.ID, With: leg.Call.ID},
		verb:      v, purpose: consultJoin, subject: cs.caller + " and " + cs.dest,
	})
}

// abortConsult hangs up the consult leg; the caller is resumed after.
func (d *Desk) abortConsult(leg model.Call) {
	v, _ := VerbOf(model.ActionHangup)
	d.send(&op{
		Operation: Operation{Action: model.ActionHangup, CallID: leg.ID},
		verb:      v, purpose: consultAbort, subject: leg.Remote.Display(),
	})
}

// transfer is a blind ("mute") transfer in progress: Webex completes it
// when the destination answers the new leg.
type transfer struct {
	leg, dest string
}

// TransferOf returns the destination a call is being blind-transferred to.
func (d *Desk) TransferOf(id string) (dest string, ok bool) {
	t, ok := d.transfers[id]
	return t.dest, ok
}

// TransferLegOf returns the caller a transfer leg is for: the call being
// transferred over it.
func (d *Desk) TransferLegOf(id string) (callerCall string, ok bool) {
	for orig, t := range d.transfers {
		if t.leg == id {
			return orig, true
		}
	}
	return "", false
}

// Parked is a call the operator parked, remembered so P retrieves it.
type Parked struct {
	At     model.Party // where it is parked: its number retrieves it
	Caller string      // who was parked
	Since  time.Time
	CallID string // the parked call's id, when known
}

// Parked returns the calls the operator parked, oldest first.
func (d *Desk) Parked() []Parked { return slices.Clone(d.parked) }

// parkedAt returns the parked entry for number ("" = the operator's own line).
func (d *Desk) parkedAt(number string) int {
	return slices.IndexFunc(d.parked, func(p Parked) bool {
		return p.At.Number == number || (number == "" && d.me.is(p.At))
	})
}

// forgetParked drops the parked entry for number.
func (d *Desk) forgetParked(number string) {
	if i := d.parkedAt(number); i >= 0 {
		d.parked = slices.Delete(d.parked, i, i+1)
	}
}

// succeeded follows up on an operation that worked.
func (d *Desk) succeeded(o *op, res Result) {
	d.emit(Succeeded{Op: o.Operation, Result: res})
	d.settingDone(o)
	d.conferenceDone(o)
	if out := outcomeOf(o); out != OutcomeNone && o.CallID != "" {
		d.outcomes[o.CallID] = out
		if o.With != "" {
			d.outcomes[o.With] = out
		}
	}
	done := strings.TrimSpace(o.verb.Done + " " + o.subject)
	switch {
	case o.purpose == consultHold:
		if _, ok := d.board.Find(o.CallID); ok && d.consult != nil {
			d.consultDial(o.verb)
			return
		}
		d.consult = nil
		return
	case o.purpose == consultDial:
		if d.consult != nil {
			d.consult.leg = res.CallID
			d.expect(o, res.CallID)
		}
		done = "consulting " + o.subject + ": answer your phone · T joins " + d.consultCaller() + " with " + o.subject + " · e on the new call aborts"
	case o.purpose == consultJoin:
		d.consult = nil
		done = "transferred: " + o.subject + " are connected"
	case o.purpose == consultAbort:
		cs := d.consult
		d.consult = nil
		if cs != nil {
			if orig, ok := d.board.Find(cs.original); ok && model.Allowed(model.ActionResume, &orig.Call) {
				v, _ := VerbOf(model.ActionResume)
				d.say(Info, "consult with "+o.subject+" aborted: resuming "+orig.Call.Remote.Display())
				d.send(&op{Operation: Operation{Action: model.ActionResume, CallID: orig.Call.ID}, verb: v, subject: orig.Call.Remote.Display()})
				return
			}
		}
		done = "consult with " + o.subject + " aborted"
	case o.Action == model.ActionPark:
		d.parked = append(d.parked, Parked{At: res.ParkedAt, Caller: o.subject, Since: d.now, CallID: o.CallID})
		done = "parked " + o.subject + " on " + res.ParkedAt.Describe() + " — P retrieves"
	case o.Action == model.ActionRetrieve:
		if i := d.parkedAt(o.Args.Dest); i >= 0 {
			done = "retrieved " + d.parked[i].Caller + " from " + o.Args.Where()
		}
		d.forgetParked(o.Args.Dest)
		d.expect(o, res.CallID)
	case o.Action == model.ActionTransfer:
		if res.CallID != "" {
			d.transfers[o.CallID] = transfer{leg: res.CallID, dest: o.Args.Dest}
			done = "transferring " + o.subject + " to " + o.Args.Dest + ": it completes when " + o.Args.Dest + " answers"
		}
	case o.Action == model.ActionDivert:
		done = o.verb.Done + " " + o.subject + " to " + o.Args.Where()
		if o.verb.Action == model.ActionTransfer {
			done = "sent " + o.subject + " to " + o.Args.Where()
		}
	case o.Action == model.ActionDial:
		done = "dialing " + o.subject + ": answer your phone to place the call"
		d.expect(o, res.CallID)
	case o.CallID == "":
		d.expect(o, res.CallID)
	}
	d.say(Success, done)
}

// consultCaller names the caller of the consult in progress.
func (d *Desk) consultCaller() string {
	if d.consult == nil {
		return "the caller"
	}
	return d.consult.caller
}

// pendingSelection is a call an action created: it takes the selection
// when it first appears, if the operator has not moved the selection
// meanwhile, and only for a few polls: a selection that jumps later would
// send the next key to the wrong call.
type pendingSelection struct {
	id    string
	from  string
	polls int
}

// pendingPolls is how many polls a pending selection waits for its call.
const pendingPolls = 3

// expect arranges for the call an operation created to be selected.
func (d *Desk) expect(o *op, id string) {
	if id != "" {
		d.pending = pendingSelection{id: id, from: o.selected}
	}
}

// settleSelection selects the expected call once it appears.
func (d *Desk) settleSelection() {
	p := &d.pending
	if p.id == "" {
		return
	}
	if _, ok := d.board.Find(p.id); ok {
		if sel := d.board.SelectedID(); sel == p.from || p.from == "" {
			d.board.Select(p.id)
		}
		*p = pendingSelection{}
		return
	}
	if p.polls++; p.polls >= pendingPolls {
		*p = pendingSelection{}
	}
}

// react handles what a poll of a line changed: alerts, outcomes,
// workflows.
func (d *Desk) react(ch model.Changes, p *poller) {
	if !ch.Empty() {
		p.busy = d.now.Add(busyWindow)
	}
	d.sessions.observe(d.board, d.now)
	d.announce(ch.Arrived)
	for _, id := range ch.Answered {
		d.happened(Answered, id)
	}
	for _, id := range ch.Held {
		d.happened(Held, id)
	}
	for _, id := range ch.Resumed {
		d.happened(Resumed, id)
	}
	for _, id := range ch.HeldTooLong {
		d.warnHeld(id)
	}
	for _, id := range ch.Recalled {
		if row, ok := d.board.Find(id); ok && row.Call.Recall != nil {
			d.forgetParked(row.Call.Recall.Party.Number)
			d.say(Info, "park recall: "+row.Call.Remote.Display()+" is back from "+row.Call.Recall.Party.Display())
			d.happened(Recalled, id)
		}
	}
	d.settleSelection()
	d.followTransfers(ch.Ended)
	d.followConsult(ch.Ended)
	d.followQueueCalls(ch.Ended)
	d.followConference(ch.Ended)
	d.followCampOns(ch.Ended)
	d.noticeEnds(ch.Ended)
	d.forgetGone()
}

// happened reports a change for whatever follows the line.
func (d *Desk) happened(what Happening, id string) {
	if row, ok := d.board.Find(id); ok {
		h := Happened{What: what, Row: row, Operator: OperatorStateOf(d.board)}
		if what == Ended || what == Missed {
			h.Outcome = d.Outcome(row)
		}
		d.emit(h)
	}
}

// announce rings the bell and notifies for newly ringing calls.
func (d *Desk) announce(ids []string) {
	if len(ids) == 0 {
		return
	}
	if d.cfg.Bell {
		d.emit(Bell{})
	}
	for _, id := range ids {
		row, ok := d.board.Find(id)
		if !ok {
			continue
		}
		if d.cfg.Notify {
			body := row.Call.Remote.Display()
			if s := row.Call.Remote.Secondary(); s != "" {
				body += " " + s
			}
			d.emit(Notify{Title: "Incoming call", Body: body})
		}
		d.happened(Rang, id)
	}
}

// warnHeld alerts for a hold that reached the limit.
func (d *Desk) warnHeld(id string) {
	row, ok := d.board.Find(id)
	if !ok {
		return
	}
	d.say(Problem, row.Call.Remote.Display()+" has been on hold for "+HoldText(row, d.now))
	if d.cfg.Bell {
		d.emit(Bell{})
	}
	d.happened(HeldTooLong, id)
}

// HoldText shows how long a row has been held, marking a time that began
// before the console saw the hold start: "1:02", "≥ 0:02".
func HoldText(r model.Row, now time.Time) string {
	text := model.FormatDuration(r.HeldFor(now))
	if !r.HeldSinceSeen {
		return "≥ " + text
	}
	return text
}

// followTransfers settles blind transfers whose calls ended in this poll:
// when the destination answers, Webex joins the two and both leave.
func (d *Desk) followTransfers(ended []string) {
	if len(d.transfers) == 0 || len(ended) == 0 {
		return
	}
	for orig, t := range d.transfers {
		origGone := slices.Contains(ended, orig)
		legGone := slices.Contains(ended, t.leg)
		switch {
		case origGone && (legGone || d.answered(t.leg)):
			d.outcomes[orig], d.outcomes[t.leg] = OutcomeTransferred, OutcomeTransferred
		case origGone:
			// The caller hung up while the destination rang.
		case legGone:
			if row, ok := d.board.Find(orig); ok && !row.Ended() {
				d.say(Problem, "transfer to "+t.dest+" not completed: "+row.Call.Remote.Display()+
					" is still on your line ("+row.Call.Status().Word()+")")
			}
		default:
			continue
		}
		delete(d.transfers, orig)
	}
}

// answered reports whether a call is on the list and was answered.
func (d *Desk) answered(id string) bool {
	row, ok := d.board.Find(id)
	return ok && !row.Call.Answered.IsZero()
}

// followConsult says so when one of the consult's calls hung up.
func (d *Desk) followConsult(ended []string) {
	c := d.consult
	if c == nil {
		return
	}
	for _, id := range ended {
		switch {
		case id == c.original && d.outcomes[id] == OutcomeNone:
			d.say(Info, "consult over: "+c.caller+" hung up")
		case id == c.leg && d.outcomes[id] == OutcomeNone:
			d.say(Info, "consult over: "+c.dest+" hung up; "+c.caller+" is still on hold")
		}
	}
}

// noticeEnds reports calls that ended: a caller who gave up on hold, a
// missed call (counted until the history is opened).
func (d *Desk) noticeEnds(ended []string) {
	for _, id := range ended {
		row, ok := d.board.Find(id)
		if !ok {
			continue
		}
		_, byOperator := d.outcomes[id]
		if o := d.opOn(id); o != nil && outcomeOf(o) != OutcomeNone {
			// The list shows the end before the reply of the action that
			// caused it has come.
			byOperator = true
			d.outcomes[id] = outcomeOf(o)
		}
		switch {
		case byOperator:
		case !row.HeldSince.IsZero():
			d.say(Problem, row.Call.Remote.Display()+" hung up while on hold")
		case d.Outcome(row) == OutcomeMissed:
			if !d.history {
				d.missed++
			}
			d.happened(Missed, id)
		}
		d.happened(Ended, id)
	}
	if len(ended) > 0 && d.history {
		d.emit(HistoryStale{})
	}
}

// forgetGone drops what the desk remembers about calls no longer listed.
func (d *Desk) forgetGone() {
	if c := d.consult; c != nil {
		_, original := d.board.Find(c.original)
		_, leg := d.board.Find(c.leg)
		c.legSeen = c.legSeen || leg
		if !original || (c.legSeen && !leg) {
			d.consult = nil
		}
	}
	for id := range d.outcomes {
		if _, ok := d.board.Find(id); !ok {
			delete(d.outcomes, id)
		}
	}
	for id := range d.transfers {
		if _, ok := d.board.Find(id); !ok {
			delete(d.transfers, id)
		}
	}
	d.queue = slices.DeleteFunc(d.queue, func(q queued) bool {
		_, ok := d.board.Find(q.in.CallID)
		return !ok
	})
	d.sessions.prune(d.now)
}
