package desk

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/callboard/callboard/model"
)

// opState is where an operation stands.
type opState uint8

const (
	opSending  opState = iota // the request is out, no reply yet
	opWaiting                 // refused with 429, or held back by a rate limit: sent at resendAt
	opSettling                // it succeeded; the list does not show it yet
)

// purpose says which workflow an operation is a step of.
type purpose uint8

const (
	plain        purpose = iota
	consultHold          // consult step 1: hold the caller
	consultDial          // consult step 2: call the consult party
	consultJoin          // consult completed: join the two
	consultAbort         // consult aborted: hang up the consult leg, then resume the caller
)

// op is an operation in progress with what the desk needs to follow it.
//
// The guard: while an operation on a call is sending, waiting or settling,
// the same action on that call is refused and any other action on it waits
// in the queue; a new call to the same destination is refused. The guard
// lifts when the list shows the operation's effect (a poll sent after the
// reply), after two such polls whatever they show, or Config.Settle after
// the reply: a double tap must never become two calls, and a key pressed
// while the first action travels must still happen, in order.
type op struct {
	Operation
	verb      Verb    // the verb the operator used (Consult for a consult's hold)
	purpose   purpose // the workflow it is a step of
	subject   string  // who: "Jane Roe", or the destination of a new call
	state     opState
	attempts  int
	resendAt  time.Time
	repliedAt time.Time
	replySeq  uint64 // the newest poll sent when the reply came
	polls     int    // polls applied since that were sent after the reply
	selected  string // the selection when the operator acted
	result    Result // what a successful reply returned
}

// queued is an intent waiting for an earlier action on its call.
type queued struct {
	in   Intent
	verb Verb // the verb of its first candidate, for messages
}

// maxQueued bounds the keys that may wait behind one call's action.
const maxQueued = 3

// opOn returns the operation in progress on call id (as its call or the
// second call of a join), or nil.
func (d *Desk) opOn(id string) *op {
	for _, o := range d.ops {
		if id != "" && (o.CallID == id || o.With == id) {
			return o
		}
	}
	return nil
}

// findOp returns the operation with the id, or nil.
func (d *Desk) findOp(id OpID) *op {
	for _, o := range d.ops {
		if o.ID == id {
			return o
		}
	}
	return nil
}

// removeOp forgets an operation.
func (d *Desk) removeOp(o *op) {
	d.ops = slices.DeleteFunc(d.ops, func(x *op) bool { return x == o })
}

// queuedFor returns the intents waiting for call id.
func (d *Desk) queuedFor(id string) []queued {
	var out []queued
	for _, q := range d.queue {
		if q.in.CallID == id {
			out = append(out, q)
		}
	}
	return out
}

// intend handles what the operator meant.
func (d *Desk) intend(in Intent) {
	if len(in.Actions) == 0 {
		return
	}
	v, ok := VerbOf(in.Actions[0])
	if !ok {
		return
	}
	if d.cfg.ReadOnly {
		d.say(Problem, v.Name+" refused: this console is read-only (--read-only): it watches the line and never acts — nothing sent")
		return
	}
	switch v.Target {
	case NewCall:
		d.newCall(v, in)
	case TwoCalls:
		if v.Action == model.ActionConferenceStart {
			d.startConference(v, in)
			return
		}
		d.join(v, in)
	case OnConference:
		d.onConference(v, in)
	case OnUser:
		d.setting(v, in)
	default:
		d.onCall(v, in)
	}
}

// resolve returns the first candidate the call allows, or 0.
func resolve(actions []model.Action, c *model.Call) model.Action {
	for _, a := range actions {
		if model.Allowed(a, c) {
			return a
		}
	}
	return 0
}

// onCall handles an intent on a call: refused when the call has gone, a
// duplicate, or not allowed; queued behind an action on the same call;
// sent otherwise.
func (d *Desk) onCall(v Verb, in Intent) {
	row, ok := d.board.Find(in.CallID)
	name := in.Name
	if ok {
		name = row.Call.Remote.Display()
	}
	if !ok || row.Ended() {
		d.say(Problem, v.Name+" "+name+": call already ended — nothing sent")
		return
	}
	busy := d.opOn(in.CallID)
	waiting := d.queuedFor(in.CallID)
	if busy == nil && len(waiting) == 0 {
		d.run(v, in, row)
		return
	}
	act := resolve(in.Actions, &row.Call)
	if busy != nil && (act == busy.verb.Action || (act == 0 && in.Actions[0] == busy.verb.Action)) {
		d.say(Info, fmt.Sprintf("%s %s: already sent — waiting for Webex to show it", busy.verb.Name, name))
		return
	}
	for _, q := range waiting {
		if slices.Equal(q.in.Actions, in.Actions) && q.in.Args == in.Args {
			d.say(Info, fmt.Sprintf("%s %s: already waiting its turn", q.verb.Name, name))
			return
		}
	}
	if len(waiting) >= maxQueued {
		d.say(Problem, fmt.Sprintf("%s %s: not sent — %d keys already wait for this call", v.Name, name, len(waiting)))
		return
	}
	if act != 0 && len(in.Actions) > 1 {
		// A toggle means what it meant when pressed: h on a connected call
		// is a hold, even if the action before it leaves the call held.
		in.Actions = []model.Action{act}
	}
	d.queue = append(d.queue, queued{in: in, verb: v})
	after := "the keys before it"
	if busy != nil {
		after = busy.verb.Name
	}
	d.say(Info, fmt.Sprintf("%s %s: queued — it goes once %s shows", v.Name, name, after))
}

// run sends an intent on a call that nothing else is acting on.
func (d *Desk) run(v Verb, in Intent, row model.Row) {
	c := row.Call
	who := c.Remote.Display()
	if v.Action == model.ActionConsult {
		d.consultIntent(in, c)
		return
	}
	if v.Action == model.ActionHangup && d.consult != nil && d.consult.leg == c.ID {
		d.abortConsult(c)
		return
	}
	act := resolve(in.Actions, &c)
	if act == 0 {
		d.say(Problem, model.Why(in.Actions[0], &c)+" — nothing sent")
		return
	}
	if conf := d.conferenceAction(act, c); conf != act {
		// Holding a participant holds the conference: the others talk on.
		cv, _ := VerbOf(conf)
		d.onConference(cv, Intent{Actions: []model.Action{conf}, CallID: c.ID, Name: who})
		return
	}
	if why := d.conferenceCheck(act, c); why != "" {
		d.say(Problem, why+" — nothing sent")
		return
	}
	v, _ = VerbOf(act)
	d.send(&op{Operation: OperationFor(act, c.ID, in.Args), verb: v, subject: who})
}

// newCall handles an intent that creates a call: refused while the same
// one is on its way.
func (d *Desk) newCall(v Verb, in Intent) {
	for _, o := range d.ops {
		if o.CallID == "" && o.verb.Action == v.Action && o.Args.Dest == in.Args.Dest {
			d.say(Info, fmt.Sprintf("%s %s: already sent — waiting for Webex to show it", v.Name, orYourLine(v, in.Args)))
			return
		}
	}
	d.send(&op{
		Operation: Operation{Action: v.Action, Args: in.Args},
		verb:      v, subject: orYourLine(v, in.Args),
	})
}

// orYourLine names a new call's destination for messages.
func orYourLine(v Verb, a Args) string {
	switch {
	case a.Dest != "":
		return a.Dest
	case v.Action == model.ActionPickup:
		return "your pickup group"
	case v.Action == model.ActionRetrieve:
		return "your line"
	}
	return ""
}

// join connects two calls after the operator confirmed it.
func (d *Desk) join(v Verb, in Intent) {
	one, ok1 := d.board.Find(in.CallID)
	two, ok2 := d.board.Find(in.Args.With)
	switch {
	case !ok1 || one.Ended():
		d.say(Problem, "join: "+in.Name+" has hung up — nothing sent")
		return
	case !ok2 || two.Ended():
		d.say(Problem, "join: the other call has ended — nothing sent")
		return
	case d.opOn(in.CallID) != nil || d.opOn(in.Args.With) != nil:
		d.say(Problem, "join: wait until the action on one of the two calls shows — nothing sent")
		return
	case one.Call.Line != two.Call.Line:
		d.say(Problem, "join: "+one.Call.Remote.Display()+" and "+two.Call.Remote.Display()+" are on different lines: Webex joins two calls of one line only — nothing sent")
		return
	case !model.CanJoin(&one.Call, &two.Call):
		d.say(Problem, "join: "+one.Call.Remote.Display()+" and "+two.Call.Remote.Display()+" cannot be joined now (both must be answered) — nothing sent")
		return
	}
	d.send(&op{
		Operation: Operation{Action: model.ActionJoinTransfer, CallID: one.Call.ID, With: two.Call.ID},
		verb:      v, subject: one.Call.Remote.Display() + " and " + two.Call.Remote.Display(),
	})
}

// JoinPartner returns the one other answered call the call could be joined
// with, when there is exactly one.
func (d *Desk) JoinPartner(id string) (model.Call, bool) {
	self, ok := d.board.Find(id)
	if !ok {
		return model.Call{}, false
	}
	partner := -1 // an index: the screen asks every frame, so nothing escapes per row
	for i := range d.board.Len() {
		r := d.board.Row(i)
		if r.Call.ID == id || r.Ended() || !model.CanJoin(&self.Call, &r.Call) || r.Call.Line != self.Call.Line {
			continue
		}
		if partner >= 0 {
			return model.Call{}, false
		}
		partner = i
	}
	if partner < 0 {
		return model.Call{}, false
	}
	return d.board.Row(partner).Call, true
}

// send sends an operation now, or holds it back until a rate limit ends.
func (d *Desk) send(o *op) {
	if o.ID == 0 {
		d.nextOp++
		o.ID = d.nextOp
		o.selected = d.board.SelectedID()
		if o.Line == "" && o.CallID != "" {
			// Every action goes with the lineOwnerId of the row it is on.
			if row, ok := d.board.Find(o.CallID); ok {
				o.Line = row.Call.Line
			}
		}
		d.ops = append(d.ops, o)
	}
	if p := d.pollerOf(o.Line); p != nil {
		p.busy = d.now.Add(busyWindow)
	}
	if d.limited() {
		o.state, o.resendAt = opWaiting, d.limit.until
		d.say(Info, fmt.Sprintf("%s waits for Webex's rate limit: it goes in %s (esc cancels)", o.describe(), seconds(d.limit.until.Sub(d.now))))
		return
	}
	o.state = opSending
	o.attempts++
	d.lastRequest = d.now
	d.emit(Send{Op: o.Operation})
	d.say(Busy, strings.TrimSpace(o.verb.Progress+" "+o.subject)+"…")
}

// describe names the operation for messages: "hold Jane Roe".
func (o *op) describe() string { return strings.TrimSpace(o.verb.Name + " " + o.subject) }

// replied handles an operation's reply.
func (d *Desk) replied(r Replied) {
	o := d.findOp(r.ID)
	if o == nil || o.state != opSending {
		return
	}
	if f := r.Failure; f != nil {
		d.failed(o, f)
		return
	}
	o.state, o.repliedAt, o.replySeq, o.result = opSettling, d.now, d.seq, r.Result
	d.remember(o.Args.Dest)
	d.succeeded(o, r.Result)
	d.requestPollOf(o.Line)
}

// failed handles a refused or lost operation.
func (d *Desk) failed(o *op, f *Failure) {
	if f.Kind == FailRateLimited {
		wait, capped, retry := d.cfg.RateLimit.Decide(o.attempts, f.RetryAfter)
		d.limitFor(f.RetryAfter)
		if retry && d.stillMeant(o) == "" {
			o.state, o.resendAt = opWaiting, d.now.Add(wait)
			text := fmt.Sprintf("Webex is rate limiting: %s goes again in %s (esc cancels)", o.describe(), seconds(wait))
			if capped {
				text += fmt.Sprintf(" — Webex asked for %s; callboard waits at most %s (poll.max_backoff)",
					seconds(f.RetryAfter), seconds(d.cfg.RateLimit.MaxWait))
			}
			d.say(Info, text)
			return
		}
	}
	d.removeOp(o)
	d.say(Problem, d.failureText(o, f))
	d.abandon(o, o.describe()+" failed")
	if f.Kind == FailSignedOut {
		d.authFail = true
	}
	d.requestPollOf(o.Line)
}

// failureText says what a failure means for the operator.
func (d *Desk) failureText(o *op, f *Failure) string {
	what := o.describe()
	switch f.Kind {
	case FailRateLimited:
		return fmt.Sprintf("%s not sent: Webex is still rate limiting after %d tries — try again in %s", what, o.attempts, seconds(f.RetryAfter))
	case FailGone:
		if o.CallID != "" {
			return what + ": call already ended"
		}
		return fmt.Sprintf("%s failed: %s", what, f.Error())
	case FailSignedOut:
		return what + " refused: " + SignInHint
	case FailServer, FailBadReply:
		return fmt.Sprintf("%s: Webex answered %s; %s — check the list before trying again", what, f.Error(), o.verb.Unsure)
	case FailNetwork:
		return fmt.Sprintf("%s: no answer from Webex (%s); %s — check the list before trying again", what, f.Text, o.verb.Unsure)
	case FailCanceled:
		return what + " cancelled"
	}
	return fmt.Sprintf("%s failed: %s", what, f.Error())
}

// SignInHint tells the operator how to get a working sign-in.
const SignInHint = "Webex does not accept the sign-in: run `callboard login` (or set a fresh WEBEX_TOKEN) and restart callboard"

// abandon drops what depended on an operation that will not happen: the
// consult it was a step of, the keys queued behind it.
func (d *Desk) abandon(o *op, why string) {
	if o.purpose != plain && d.consult != nil {
		d.consult = nil
	}
	for _, id := range []string{o.CallID, o.With} {
		for _, q := range d.queuedFor(id) {
			d.say(Problem, fmt.Sprintf("%s %s not sent: %s", q.verb.Name, o.subject, why))
		}
		if id != "" {
			d.queue = slices.DeleteFunc(d.queue, func(q queued) bool { return q.in.CallID == id })
		}
	}
}

// stillMeant says why an operation no longer makes sense ("" when it
// does): its call has gone or changed, or its consult is over.
func (d *Desk) stillMeant(o *op) string {
	if o.CallID != "" {
		row, ok := d.board.Find(o.CallID)
		if !ok || row.Ended() {
			return o.subject + ": call already ended"
		}
		act := o.verb.Action
		if o.purpose == consultHold {
			act = model.ActionHold
		}
		if o.purpose == plain && !model.Allowed(act, &row.Call) {
			return model.Why(act, &row.Call)
		}
	}
	if o.purpose != plain && d.consult == nil {
		return "the consult is over"
	}
	return ""
}

// resendDue sends the operations whose rate-limit wait is over, after
// checking they still make sense.
func (d *Desk) resendDue() {
	if d.limited() {
		return
	}
	for _, o := range slices.Clone(d.ops) {
		if o.state != opWaiting || d.now.Before(o.resendAt) {
			continue
		}
		if why := d.stillMeant(o); why != "" {
			d.removeOp(o)
			d.say(Problem, o.describe()+" not sent: "+why)
			d.abandon(o, why)
			continue
		}
		d.send(o)
	}
}

// cancelWaiting drops every operation waiting out a rate limit.
func (d *Desk) cancelWaiting() {
	n := 0
	for _, o := range slices.Clone(d.ops) {
		if o.state == opWaiting {
			d.removeOp(o)
			d.abandon(o, "cancelled")
			n++
		}
	}
	if n > 0 {
		d.say(Info, "cancelled: nothing more will be sent")
	}
}

// settleByPoll lifts the guard of operations on a line whose effect the
// line's poll seq shows, or that two of its polls sent after their reply
// did not.
func (d *Desk) settleByPoll(seq uint64, line string) {
	for _, o := range slices.Clone(d.ops) {
		if o.state != opSettling || seq <= o.replySeq || o.Line != line {
			continue
		}
		o.polls++
		if d.effectShown(o) || o.polls >= 2 {
			d.finish(o)
		}
	}
}

// settleByTime lifts the guard of operations settling for longer than
// Config.Settle.
func (d *Desk) settleByTime() {
	for _, o := range slices.Clone(d.ops) {
		if o.state == opSettling && !d.now.Before(o.repliedAt.Add(d.cfg.Settle)) {
			d.finish(o)
		}
	}
}

// effectShown reports whether the list shows what the operation did.
func (d *Desk) effectShown(o *op) bool {
	if o.CallID == "" {
		_, ok := d.board.Find(o.result.CallID)
		return o.result.CallID == "" || ok
	}
	row, ok := d.board.Find(o.CallID)
	if !ok || row.Ended() {
		return true
	}
	c := row.Call
	switch o.Action {
	case model.ActionAnswer:
		return !c.Ringing()
	case model.ActionHold:
		return c.State == model.StateHeld
	case model.ActionResume:
		return c.State == model.StateConnected
	case model.ActionMute:
		return c.Muted
	case model.ActionUnmute:
		return !c.Muted
	case model.ActionRecordStart:
		return c.Recording == model.RecordingPending || c.Recording.Active()
	case model.ActionRecordStop:
		return !c.Recording.Active() && c.Recording != model.RecordingPending
	case model.ActionRecordPause:
		return c.Recording == model.RecordingPaused
	case model.ActionRecordResume:
		return c.Recording == model.RecordingStarted
	case model.ActionTransfer:
		_, ok := d.board.Find(o.result.CallID)
		return ok
	case model.ActionDTMF, model.ActionConferenceStart, model.ActionConferenceAdd,
		model.ActionConferenceMute, model.ActionConferenceUnmute, model.ActionConferenceDeafen,
		model.ActionConferenceUndeafen:
		// The list does not show these: the conference's own read does.
		return true
	}
	return false // the call must leave the line: reject, hang up, divert, park, push, join, leave a conference
}

// finish lifts an operation's guard and lets the keys queued for its
// calls go.
func (d *Desk) finish(o *op) {
	d.removeOp(o)
	d.dequeue(o.CallID, o.subject)
	d.dequeue(o.With, o.subject)
}

// dequeue runs the keys queued for call id, in order, until one of them
// is on its way; those the call no longer allows are refused, saying why.
func (d *Desk) dequeue(id, name string) {
	for id != "" && d.opOn(id) == nil {
		i := slices.IndexFunc(d.queue, func(q queued) bool { return q.in.CallID == id })
		if i < 0 {
			return
		}
		q := d.queue[i]
		d.queue = slices.Delete(d.queue, i, i+1)
		row, ok := d.board.Find(id)
		if !ok || row.Ended() {
			d.say(Problem, fmt.Sprintf("%s %s not sent: the call has ended", q.verb.Name, name))
			continue
		}
		if q.verb.Action != model.ActionConsult && resolve(q.in.Actions, &row.Call) == 0 {
			d.say(Problem, fmt.Sprintf("%s not sent: %s", q.verb.Name, model.Why(q.in.Actions[0], &row.Call)))
			continue
		}
		d.run(q.verb, q.in, row)
	}
}

// seconds shows a wait in whole seconds, or as a duration past 90 s.
func seconds(d time.Duration) string {
	switch {
	case d <= 0:
		return "0 s"
	case d < 90*time.Second:
		return fmt.Sprintf("%d s", int((d + time.Second - 1).Seconds()))
	}
	return model.FormatDuration(d)
}

// Activity says what is on its way for a call, for its row: "answering…",
// "hold next", "answer waits for the rate limit"; "" when nothing is.
func (d *Desk) Activity(id string) string {
	if o := d.opOn(id); o != nil {
		switch o.state {
		case opWaiting:
			return o.verb.Name + " waits (rate limit)"
		case opSending:
			return o.verb.Progress + "…"
		}
	}
	if q := d.queuedFor(id); len(q) > 0 {
		return q[0].verb.Name + " next"
	}
	return ""
}

// SpeedDial says what a speed-dial key does now: transfer the selected
// call to its entry (ActionTransfer), dial the entry when no call is on the
// line (ActionDial), or nothing (0), with why. A call is never placed
// instead of the transfer the operator meant.
func (d *Desk) SpeedDial() (model.Action, string) {
	row, ok := d.board.Selected()
	switch {
	case ok && !row.Ended() && model.Allowed(model.ActionTransfer, &row.Call):
		return model.ActionTransfer, ""
	case len(d.board.Live()) == 0:
		return model.ActionDial, ""
	case !ok || row.Ended():
		return 0, "speed dial: select the call to transfer"
	}
	return 0, "speed dial transfers the selected call: " + model.Why(model.ActionTransfer, &row.Call)
}
