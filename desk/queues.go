package desk

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/callboard/callboard/model"
)

// AgentState is the operator's state as a call queue agent, in Webex's
// words: whether the queues offer them calls.
type AgentState string

// The agent states.
const (
	AgentAvailable   AgentState = "AVAILABLE"   // the queues offer calls
	AgentUnavailable AgentState = "UNAVAILABLE" // signed in, no queue calls
	AgentWrapUp      AgentState = "WRAP_UP"     // finishing the last queue call: no queue calls yet
	AgentSignedIn    AgentState = "SIGN_IN"     // signed in, not yet available
	AgentSignedOut   AgentState = "SIGN_OUT"    // signed out: no queue calls
)

// AgentStates are the states the operator may choose, in the order the
// queues pane offers them.
func AgentStates() []AgentState {
	return []AgentState{AgentAvailable, AgentUnavailable, AgentWrapUp, AgentSignedOut}
}

// Word is the state as the operator reads it: "available", "wrap-up".
func (a AgentState) Word() string {
	switch a {
	case AgentAvailable:
		return "available"
	case AgentUnavailable:
		return "unavailable"
	case AgentWrapUp:
		return "wrap-up"
	case AgentSignedIn:
		return "signed in"
	case AgentSignedOut:
		return "signed out"
	case "":
		return "unknown"
	}
	return strings.ToLower(string(a))
}

// ParseAgentState reads a state as the operator types it ("available",
// "wrap-up", "signed out") or as Webex writes it ("WRAP_UP").
func ParseAgentState(text string) (AgentState, bool) {
	norm := strings.Join(strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return r == ' ' || r == '-' || r == '_'
	}), "")
	for _, a := range append(AgentStates(), AgentSignedIn) {
		if norm == strings.ReplaceAll(strings.ToLower(string(a)), "_", "") ||
			norm == strings.NewReplacer(" ", "", "-", "").Replace(a.Word()) {
			return a, true
		}
	}
	switch norm {
	case "signout", "signoff", "loggedout", "logout":
		return AgentSignedOut, true
	case "wrapup", "wrap":
		return AgentWrapUp, true
	}
	return "", false
}

// Queue is a call queue the operator is an agent of.
type Queue struct {
	ID        string
	Name      string // "" until a caller or an offered call names it
	Number    string
	Extension string
	Joined    bool // the operator has joined it: it offers them calls while they are available
	CanLeave  bool // agents may join and leave it themselves
}

// Title is the queue as the operator reads it: its name, else its
// extension or number.
func (q Queue) Title() string {
	switch {
	case q.Name != "":
		return q.Name
	case q.Extension != "":
		return "queue " + q.Extension
	case q.Number != "":
		return "queue " + q.Number
	}
	return "queue " + q.ID
}

// matches reports whether text names the queue: its id, name (or a word
// of it, "sales"), extension or number.
func (q Queue) matches(text string) bool {
	text = strings.TrimSpace(text)
	if text == "" {
		return false
	}
	if text == q.ID || text == q.Extension || text == q.Number {
		return true // ids are case-sensitive
	}
	t, name := strings.ToLower(text), strings.ToLower(q.Name)
	return t == name || slices.Contains(strings.Fields(name), t)
}

// QueueCaller is a caller waiting in a queue.
type QueueCaller struct {
	CallID    string
	Caller    model.Party
	Added     time.Time     // when they entered this queue
	Preserved time.Duration // the wait they brought from another queue
	Priority  string        // highest, high, medium, low; "" when the queue has none
	Bounced   bool          // offered to an agent who did not answer
	Offered   bool          // ringing an agent now
}

// Waited is how long the caller has waited at now, the wait brought from
// another queue included.
func (c QueueCaller) Waited(now time.Time) time.Duration {
	d := c.Preserved
	if !c.Added.IsZero() && now.After(c.Added) {
		d += now.Sub(c.Added)
	}
	return d
}

// QueuesRead is the reply to a Read of ReadQueues.
type QueuesRead struct {
	Seq     uint64
	Agent   AgentState
	Queues  []Queue
	Failure *Failure
}

// QueueCallersRead is the reply to a Read of ReadQueueCallers.
type QueueCallersRead struct {
	Seq     uint64
	Queue   string // the queue's id
	Name    string // the queue's name, when the callers' records give it
	Callers []QueueCaller
	Failure *Failure
}

// AckQueueAlarm acknowledges the queue wait alarm: the bell stops for the
// callers waiting too long now; one who crosses the limit later rings
// again.
type AckQueueAlarm struct{}

func (QueuesRead) event()       {}
func (QueueCallersRead) event() {}
func (AckQueueAlarm) event()    {}

// queueState is what the desk knows of the operator's queues.
type queueState struct {
	known   bool
	agent   AgentState
	queues  []Queue
	callers map[string][]QueueCaller // by queue id, longest wait first
	read    map[string]bool          // queues whose callers have been read
	names   map[string]string        // names learned, by queue id
	// origin names the queue a call on the operator's line came from, by
	// call id: Webex gives the redirection only while the call rings.
	origin  map[string]string
	alarmed map[string]bool // callers the alarm has fired for, by call id
	acked   map[string]bool // callers whose alarm was acknowledged, by call id
	bellAt  time.Time       // when the alarm bell rings next, while it repeats
	wrapUp  *WrapUp
	expect  AgentState // the state the operator's own change should read back as
}

func (q *queueState) init() {
	q.callers = map[string][]QueueCaller{}
	q.read = map[string]bool{}
	q.names = map[string]string{}
	q.origin = map[string]string{}
	q.alarmed = map[string]bool{}
	q.acked = map[string]bool{}
}

// QueueView is one queue as the screen shows it.
type QueueView struct {
	Queue
	Callers     []QueueCaller // longest wait first
	CallersRead bool          // the callers have been read at least once
	// CallersFailure is why the callers cannot be read now (a missing
	// scope: Failure.Scope says which).
	CallersFailure *Failure
	Over           int    // callers waiting longer than the alarm
	Pending        string // "joining…", "leaving…": an action on its way
}

// Longest is the longest wait in the queue at now; 0 without callers.
func (v QueueView) Longest(now time.Time) time.Duration {
	if len(v.Callers) == 0 {
		return 0
	}
	return v.Callers[0].Waited(now)
}

// Queues is the operator's queues as the screen shows them.
type Queues struct {
	Enabled bool       // the desk reads queues at all
	Known   bool       // the settings have been read
	Agent   AgentState // the agent state
	Queues  []QueueView
	Failure *Failure // the settings could not be read
	// AgentPending is the agent state on its way, "" when none is.
	AgentPending AgentState
	Alarm        bool          // the wait alarm rings
	AlarmAfter   time.Duration // Config.QueueAlarm
}

// Queues returns the operator's queues, the agent state and the callers
// waiting.
func (d *Desk) Queues() Queues {
	q := &d.queues
	out := Queues{Enabled: d.cfg.Queues, Known: q.known, Agent: q.agent, Failure: d.readFailure(ReadQueues, ""),
		AlarmAfter: d.cfg.QueueAlarm, Alarm: !q.bellAt.IsZero()}
	for _, o := range d.ops {
		if o.Action == model.ActionAgentState {
			out.AgentPending = AgentState(o.Args.Agent)
		}
	}
	for _, qu := range q.queues {
		v := QueueView{Queue: qu, Callers: q.callers[qu.ID], CallersRead: q.read[qu.ID],
			CallersFailure: d.readFailure(ReadQueueCallers, qu.ID)}
		for _, c := range v.Callers {
			if d.over(c) {
				v.Over++
			}
		}
		for _, o := range d.ops {
			switch {
			case o.Action == model.ActionQueueJoin && o.Args.Queue == qu.ID:
				v.Pending = "joining…"
			case o.Action == model.ActionQueueLeave && o.Args.Queue == qu.ID:
				v.Pending = "leaving…"
			}
		}
		out.Queues = append(out.Queues, v)
	}
	return out
}

// QueueOf names the queue a call on the operator's line came from ("" when
// it came from none): the row says so.
func (d *Desk) QueueOf(id string) string { return d.queues.origin[id] }

// over reports whether a caller has waited past the alarm.
func (d *Desk) over(c QueueCaller) bool {
	return d.cfg.QueueAlarm > 0 && c.Waited(d.now) >= d.cfg.QueueAlarm
}

// queuesRead takes the agent state and the queues.
func (d *Desk) queuesRead(ev QueuesRead) {
	if _, ok := d.readDone(ReadQueues, "", ev.Seq, ev.Failure); !ok || ev.Failure != nil {
		return
	}
	q := &d.queues
	if q.known && q.agent != ev.Agent && q.expect != ev.Agent && !d.sending(model.ActionAgentState) {
		d.say(Notice, "your agent state changed elsewhere: now "+ev.Agent.Word())
	}
	q.known, q.agent, q.expect = true, ev.Agent, ""
	q.queues = slices.Clone(ev.Queues)
	for i := range q.queues {
		qu := &q.queues[i]
		if qu.Name == "" {
			qu.Name = q.names[qu.ID]
		}
		d.addReader(ReadQueueCallers, qu.ID, d.cfg.QueuePoll)
	}
	for _, r := range slices.Clone(d.readers) {
		if r.kind == ReadQueueCallers && !slices.ContainsFunc(q.queues, func(x Queue) bool { return x.ID == r.key }) {
			d.dropReader(ReadQueueCallers, r.key)
			delete(q.callers, r.key)
		}
	}
	d.learnQueueNames()
}

// queueCallersRead takes the callers waiting in one queue.
func (d *Desk) queueCallersRead(ev QueueCallersRead) {
	if _, ok := d.readDone(ReadQueueCallers, ev.Queue, ev.Seq, ev.Failure); !ok || ev.Failure != nil {
		return
	}
	q := &d.queues
	if ev.Name != "" {
		q.names[ev.Queue] = ev.Name
		d.learnQueueNames()
	}
	callers := slices.Clone(ev.Callers)
	slices.SortStableFunc(callers, func(a, b QueueCaller) int { return cmp.Compare(b.Waited(d.now), a.Waited(d.now)) })
	q.callers[ev.Queue], q.read[ev.Queue] = callers, true
	waiting := map[string]bool{}
	for _, cs := range q.callers {
		for _, c := range cs {
			waiting[c.CallID] = true
		}
	}
	for id := range q.alarmed {
		if !waiting[id] {
			delete(q.alarmed, id)
			delete(q.acked, id)
		}
	}
	d.checkAlarm()
}

// learnQueueNames names the queues from what the desk has learned: the
// callers' records, and the calls a queue offered the operator (the queue
// is their redirecting party).
func (d *Desk) learnQueueNames() {
	q := &d.queues
	for i := range q.queues {
		qu := &q.queues[i]
		if n := q.names[qu.ID]; n != "" {
			qu.Name = n
		}
	}
}

// noticeQueueOffers remembers which queue each ringing call came from,
// and learns the queue's name from it.
func (d *Desk) noticeQueueOffers() {
	q := &d.queues
	for i := range d.board.Len() {
		c := d.board.Row(i).Call
		if len(c.Redirections) == 0 || c.Redirections[0].Reason != model.RedirectCallQueue {
			continue
		}
		by := c.Redirections[0].Party
		name := by.Display()
		for _, qu := range q.queues {
			if by.Name != "" && by.Number != "" && (by.Number == qu.Number || by.Number == qu.Extension) {
				q.names[qu.ID] = by.Name
			}
		}
		q.origin[c.ID] = name
	}
	d.learnQueueNames()
}

// WrapUp is a queue call that ended: the operator may tag it with wrap-up
// reasons, whenever they like — nothing waits for it.
type WrapUp struct {
	CallID string
	Caller string // who the call was with
	Queue  string // the queue it came from
	Ended  time.Time
}

// WrapUp returns the last queue call that ended and has not been tagged.
func (d *Desk) WrapUp() (WrapUp, bool) {
	if w := d.queues.wrapUp; w != nil {
		return *w, true
	}
	return WrapUp{}, false
}

// followQueueCalls offers the wrap-up of an answered queue call that
// ended, and forgets where the ended calls came from.
func (d *Desk) followQueueCalls(ended []string) {
	d.noticeQueueOffers()
	for _, id := range ended {
		name, ok := d.queues.origin[id]
		if !ok {
			continue
		}
		delete(d.queues.origin, id)
		row, found := d.board.Find(id)
		if !found || !row.WasAnswered || row.Call.Line != "" {
			continue
		}
		d.queues.wrapUp = &WrapUp{CallID: id, Caller: row.Call.Remote.Display(), Queue: name, Ended: d.now}
		if key := d.wrapUpHint(); key != "" {
			d.say(Info, name+" call with "+row.Call.Remote.Display()+" ended: "+key)
		}
	}
}

// wrapUpHint says how to tag the wrap-up.
func (d *Desk) wrapUpHint() string {
	v, ok := VerbOf(model.ActionWrapUp)
	if !ok || len(v.Keys) == 0 {
		return ""
	}
	return v.Keys[0] + " tags a wrap-up reason (whenever you like: nothing waits for it)"
}

// checkAlarm fires the wait alarm for callers who have waited too long,
// once each (a hook-ready Happened, a message), and rings the bell again
// every QueueAlarmRepeat while any of them waits unacknowledged.
func (d *Desk) checkAlarm() {
	q := &d.queues
	if d.cfg.QueueAlarm <= 0 {
		return
	}
	ringing, fresh := false, false
	for _, qu := range q.queues {
		for _, c := range q.callers[qu.ID] {
			if !d.over(c) || q.acked[c.CallID] {
				continue
			}
			ringing = true
			if q.alarmed[c.CallID] {
				continue
			}
			q.alarmed[c.CallID], fresh = true, true
			waited := c.Waited(d.now)
			d.say(Problem, qu.Title()+": "+c.Caller.Display()+" has waited "+model.FormatDuration(waited)+
				" — answer them, or acknowledge the alarm")
			d.emit(Happened{What: QueueWait, Queue: qu.Title(), Waited: waited,
				Row: model.Row{Call: model.Call{ID: c.CallID, Remote: c.Caller, Created: c.Added}, FirstSeen: c.Added}})
		}
	}
	switch {
	case !ringing:
		q.bellAt = time.Time{}
	case fresh || q.bellAt.IsZero() || !d.now.Before(q.bellAt):
		if d.cfg.Bell {
			d.emit(Bell{})
		}
		q.bellAt = d.now.Add(d.cfg.QueueAlarmRepeat)
	}
}

// ackAlarm acknowledges the callers waiting too long now.
func (d *Desk) ackAlarm() {
	q := &d.queues
	n := 0
	for _, cs := range q.callers {
		for _, c := range cs {
			if d.over(c) && !q.acked[c.CallID] {
				q.acked[c.CallID] = true
				n++
			}
		}
	}
	q.bellAt = time.Time{}
	if n > 0 {
		d.say(Info, "queue alarm acknowledged: it rings again for the next caller who waits too long")
	}
}

// alarmWake is when the alarm next needs a Tick: its bell's repeat, or a
// caller reaching the limit.
func (d *Desk) alarmWake() time.Time {
	q := &d.queues
	if d.cfg.QueueAlarm <= 0 {
		return time.Time{}
	}
	next := q.bellAt
	for _, cs := range q.callers {
		for _, c := range cs {
			if q.alarmed[c.CallID] || q.acked[c.CallID] || c.Added.IsZero() {
				continue
			}
			at := c.Added.Add(d.cfg.QueueAlarm - c.Preserved)
			if next.IsZero() || at.Before(next) {
				next = at
			}
		}
	}
	return next
}

// sending reports whether an operation of the action is on its way.
func (d *Desk) sending(act model.Action) bool {
	return slices.ContainsFunc(d.ops, func(o *op) bool { return o.Action == act })
}
