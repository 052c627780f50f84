package sim

import (
	"cmp"
	"net/http"
	"net/url"
	"slices"
	"time"

	"github.com/callboard/callboard/webex"
)

// Call queue limits and timings.
const (
	// maxQueueCallers is how many callers one queue holds; more get busy. It
	// also bounds the simulator's memory.
	maxQueueCallers = 20
	// DefaultQueueOfferTimeout is how long a queue call rings the user before
	// it bounces back to the queue.
	DefaultQueueOfferTimeout = 15 * time.Second
	// queueScenarioOwner owns the random queue arrivals' timer.
	queueScenarioOwner = "queue-scenario"
)

// queueDef is one of the user's call queues as the world starts. Read only.
type queueDef struct {
	extension string
	joined    bool // the user has joined it
	skill     int
}

// userQueues are the queues the user is an agent of. Read only.
var userQueues = [...]queueDef{
	{extension: "5100", joined: true, skill: 1}, // Support Queue
	{extension: SalesQueueExtension, joined: false, skill: 2},
}

// queueCaller is a caller waiting in a call queue.
type queueCaller struct {
	id        string // the caller's call id, as the queue lists it
	session   string
	seq       uint64 // arrival order
	queue     *callQueue
	party     webex.Party
	added     time.Time     // when the call entered the queue (again, after a bounce)
	preserved time.Duration // wait carried over: from another queue, or before a bounce
	bounced   bool
	priority  webex.QueuePriority
	offer     string // the user's alerting call while the queue offers this caller to them
}

// waited is how long the caller has waited at now.
func (q *queueCaller) waited(now time.Time) time.Duration { return q.preserved + now.Sub(q.added) }

// callQueue is one of the user's call queues.
type callQueue struct {
	ent     *entry
	joined  bool
	skill   int
	callers []*queueCaller // arrival order
}

// newQueues is the user's queues as the world starts.
func newQueues() []*callQueue {
	out := make([]*callQueue, 0, len(userQueues))
	for _, d := range userQueues {
		out = append(out, &callQueue{ent: lookupExtension(d.extension), joined: d.joined, skill: d.skill})
	}
	return out
}

// queueSettings is the user's agent state and queues, as Get My Call Center
// Settings answers.
func (e *engine) queueSettings() webex.QueueSettings {
	out := webex.QueueSettings{AgentACDState: e.agent, Queues: []webex.QueueMembership{}}
	for _, q := range e.queues {
		out.Queues = append(out.Queues, webex.QueueMembership{
			ID: q.ent.id(), Available: q.joined, SkillLevel: q.skill, PhoneNumber: q.ent.number,
			Extension: q.ent.extension, AllowLogOffEnabled: true,
		})
	}
	return out
}

// validAgentState reports whether s is an agent state Webex knows.
func validAgentState(s webex.AgentACDState) bool {
	switch s {
	case webex.AgentSignIn, webex.AgentSignOut, webex.AgentAvailable, webex.AgentUnavailable, webex.AgentWrapUp:
		return true
	}
	return false
}

// updateQueues changes the agent state and joins or leaves queues. Nothing
// changes unless everything in the request is valid.
func (e *engine) updateQueues(req webex.QueueSettingsUpdate) error {
	if req.AgentACDState != "" && !validAgentState(req.AgentACDState) {
		return badRequest("agentACDState %q is invalid; use SIGN_IN, SIGN_OUT, AVAILABLE, UNAVAILABLE or WRAP_UP", req.AgentACDState)
	}
	seen := map[string]bool{}
	for _, j := range req.Queues {
		switch {
		case j.ID == "":
			return badRequest("queues[].id is required")
		case e.queueByID(j.ID) == nil:
			return badRequest("queue %q is not one of the user's call queues", j.ID)
		case seen[j.ID]:
			return badRequest("queue %q is listed twice", j.ID)
		}
		seen[j.ID] = true
	}
	if req.AgentACDState != "" {
		e.agent = req.AgentACDState
	}
	for _, j := range req.Queues {
		e.queueByID(j.ID).joined = j.Available
	}
	return nil
}

// queueByID finds one of the user's queues by its id.
func (e *engine) queueByID(id string) *callQueue {
	for _, q := range e.queues {
		if q.ent.id() == id {
			return q
		}
	}
	return nil
}

// findQueue resolves a queue named by id, extension or number.
func (e *engine) findQueue(value string) (*callQueue, error) {
	if q := e.queueByID(value); q != nil {
		return q, nil
	}
	if t, err := resolveDestination("queue", value); err == nil && t.entry != nil {
		for _, q := range e.queues {
			if q.ent == t.entry {
				return q, nil
			}
		}
	}
	return nil, notFound("call queue %q not found: the user's queues are 5100 (Support Queue) and %s (Sales Queue)", value, SalesQueueExtension)
}

// priorityRank orders priorities, highest first; none counts as medium.
func priorityRank(p webex.QueuePriority) int {
	switch p {
	case webex.PriorityHighest:
		return 0
	case webex.PriorityHigh:
		return 1
	case webex.PriorityLow:
		return 3
	}
	return 2
}

// validPriority reports whether p is a documented priority (or none).
func validPriority(p webex.QueuePriority) bool {
	switch p {
	case "", webex.PriorityHighest, webex.PriorityHigh, webex.PriorityMedium, webex.PriorityLow:
		return true
	}
	return false
}

// byPriorityThenWait orders callers as a queue serves them: higher priority
// first, then the longest wait, then arrival.
func (e *engine) byPriorityThenWait(a, b *queueCaller) int {
	return cmp.Or(
		cmp.Compare(priorityRank(a.priority), priorityRank(b.priority)),
		cmp.Compare(b.waited(e.now), a.waited(e.now)),
		cmp.Compare(a.seq, b.seq),
	)
}

// queueCalls is List Call Queue Calls for q: every caller waiting, in the
// order the queue serves them; one ringing the user names the user as the
// answering agent.
func (e *engine) queueCalls(q *callQueue) []webex.QueueCall {
	callers := slices.Clone(q.callers)
	slices.SortFunc(callers, e.byPriorityThenWait)
	out := []webex.QueueCall{}
	for _, c := range callers {
		w := webex.QueueCall{
			CallID: c.id, CallSessionID: c.session, RemoteParty: c.party, AddTime: webex.NewTimestamp(c.added),
			Bounced: c.bounced, PreservedWaitTimeMs: c.preserved.Milliseconds(), QueueNumber: q.ent.number,
			QueueName: q.ent.name, Priority: c.priority,
		}
		if c.offer != "" {
			w.AnsweringAgentID, w.AnsweringAgentType, w.AnsweringCallID = personID(UserExtension), webex.MemberPeople, c.offer
		}
		out = append(out, w)
	}
	return out
}

// queueCallsReply answers List Call Queue Calls.
func (s *Simulator) queueCallsReply(escaped string) reply {
	id, err := url.PathUnescape(escaped)
	if err != nil {
		return fail(notFound("call queue %q not found", escaped))
	}
	q := s.eng.queueByID(id)
	if q == nil {
		return fail(notFound("call queue %q not found", id))
	}
	return ok(http.StatusOK, webex.QueueCallList{Items: s.eng.queueCalls(q)})
}

// QueueCaller is a caller for a call queue (POST /_sim/queues/{queue}/callers).
type QueueCaller struct {
	Name     string              `json:"name,omitempty"`
	Number   string              `json:"number,omitempty"` // required unless Privacy
	Privacy  bool                `json:"privacy,omitempty"`
	Priority webex.QueuePriority `json:"priority,omitempty"` // highest, high, medium (default) or low
	// WaitedSeconds is the wait the caller brings from another queue: the
	// queue reports it as preservedWaitTime.
	WaitedSeconds int `json:"waitedSeconds,omitempty"`
}

// addCaller puts a caller in a queue and returns their call id.
func (e *engine) addCaller(q *callQueue, in QueueCaller) (*queueCaller, error) {
	if !validPriority(in.Priority) {
		return nil, badRequest("priority %q is invalid; use highest, high, medium or low", in.Priority)
	}
	if in.WaitedSeconds < 0 {
		return nil, badRequest("waitedSeconds must not be negative")
	}
	from, err := callerParty(in.Name, in.Number, "", in.Privacy)
	if err != nil {
		return nil, err
	}
	if len(q.callers) >= maxQueueCallers {
		return nil, newError(http.StatusConflict, "%s is full: %d callers wait already", q.ent.label(), len(q.callers))
	}
	c := &queueCaller{id: e.ids.callID(), session: e.ids.sessionID(), seq: e.nextSeq(), queue: q, party: from,
		added: e.now, preserved: time.Duration(in.WaitedSeconds) * time.Second, priority: in.Priority}
	q.callers = append(q.callers, c)
	return c, nil
}

// findCaller finds a waiting caller by their call id.
func (e *engine) findCaller(id string) *queueCaller {
	for _, q := range e.queues {
		for _, c := range q.callers {
			if c.id == id {
				return c
			}
		}
	}
	return nil
}

// removeCaller takes a caller out of their queue (answered, given up) and
// cancels what they were waiting for. A call ringing the user for them ends
// (missed when the caller gave up, answered elsewhere otherwise).
func (e *engine) removeCaller(c *queueCaller, missed bool) {
	q := c.queue
	i := slices.Index(q.callers, c)
	if i < 0 {
		return
	}
	q.callers = slices.Delete(q.callers, i, i+1)
	e.timers.cancelOwner(c.id)
	if offer := e.calls[c.offer]; offer != nil {
		offer.queueCaller = ""
		c.offer = ""
		e.endCall(offer, missed)
	}
}

// agentIdle reports whether the queues may offer the user a call: available,
// no queue call already ringing, and not talking on any of their lines.
func (e *engine) agentIdle() bool {
	if e.agent != webex.AgentAvailable {
		return false
	}
	for _, c := range e.calls {
		if c.hidden {
			continue
		}
		if c.queueCaller != "" || c.talking() {
			return false
		}
	}
	return true
}

// dispatch offers the user the next queue caller when they can take one:
// the best caller of the queues they joined rings their own line with the
// queue as the redirecting party, and bounces back after the offer timeout.
func (e *engine) dispatch() {
	if !e.agentIdle() || e.roomForCall() != nil {
		return
	}
	var best *queueCaller
	for _, q := range e.queues {
		if !q.joined {
			continue
		}
		for _, c := range q.callers {
			if c.offer == "" && (best == nil || e.byPriorityThenWait(c, best) < 0) {
				best = c
			}
		}
	}
	if best == nil {
		return
	}
	call := e.newCall("", webex.PersonalityTerminator, phaseAlerting, best.party, best.session)
	call.redirections = []webex.Redirection{{Reason: webex.ReasonCallQueue, RedirectingParty: best.queue.ent.party()}}
	call.queueCaller = best.id
	best.offer = call.id
	e.timers.schedule(call.id, tQueueBounce, e.after(e.cfg.queueOffer))
}

// queueCallAnswered: the user answered a queue offer; the caller leaves the
// queue and the call is the user's.
func (e *engine) queueCallAnswered(call *call) {
	c := e.findCaller(call.queueCaller)
	call.queueCaller = ""
	call.fromQueue = true
	if c == nil {
		return
	}
	c.offer = ""
	e.removeCaller(c, false)
}

// offerEnded: a queue offer ended unanswered (bounced, rejected, hung up):
// the caller goes back to the queue, flagged bounced, keeping their wait.
func (e *engine) offerEnded(call *call) {
	c := e.findCaller(call.queueCaller)
	call.queueCaller = ""
	if c == nil || c.offer != call.id {
		return
	}
	c.offer = ""
	c.bounced = true
	c.preserved += e.now.Sub(c.added)
	c.added = e.now
}

// scheduleQueueArrival sets when the random scenario's next queue caller
// arrives: on average every one and a half InboundEvery.
func (e *engine) scheduleQueueArrival() {
	mean := e.cfg.inboundEvery * 3 / 2
	d := time.Duration(e.qrnd.ExpFloat64() * float64(mean))
	d = min(max(d, mean/10, time.Millisecond), 5*mean)
	e.timers.schedule(queueScenarioOwner, tQueueArrival, e.after(d))
}

// queueArrival puts a random caller in a random queue. Most are answered by
// another agent after a while unless the user takes them first; the rest
// give up after a few minutes.
func (e *engine) queueArrival() {
	q := e.queues[e.qrnd.IntN(len(e.queues))]
	ext := externalCallers[e.qrnd.IntN(len(externalCallers))]
	in := QueueCaller{Name: ext.name, Number: ext.number}
	switch r := e.qrnd.Float64(); {
	case r < 0.05:
		in.Priority = webex.PriorityHighest
	case r < 0.20:
		in.Priority = webex.PriorityHigh
	case r < 0.90:
		in.Priority = webex.PriorityMedium
	default:
		in.Priority = webex.PriorityLow
	}
	if e.qrnd.IntN(8) == 0 {
		in.WaitedSeconds = 20 + e.qrnd.IntN(100) // moved over from another queue
	}
	elsewhere := e.qrnd.Float64() < 0.6
	answerAfter := 20*time.Second + time.Duration(e.qrnd.Int64N(int64(70*time.Second)))
	patience := 2*time.Minute + time.Duration(e.qrnd.Int64N(int64(4*time.Minute)))
	e.scheduleQueueArrival()
	c, err := e.addCaller(q, in)
	if err != nil {
		return // the queue is full: the caller hears busy
	}
	if elsewhere {
		e.timers.schedule(c.id, tQueueAgentAnswer, e.after(answerAfter))
	}
	e.timers.schedule(c.id, tQueueGiveUp, e.after(patience))
}

// fireCaller plays a waiting caller's timer.
func (e *engine) fireCaller(c *queueCaller, kind timerKind) {
	switch kind {
	case tQueueAgentAnswer:
		e.removeCaller(c, false)
	case tQueueGiveUp:
		e.removeCaller(c, true)
	}
}

// remoteCaller is the far end's action on a waiting caller: another agent
// answers them, or they hang up.
func (e *engine) remoteCaller(c *queueCaller, action string) error {
	switch action {
	case RemoteAnswer:
		e.removeCaller(c, false)
	case RemoteHangup:
		e.removeCaller(c, true)
	default:
		return badRequest("a caller waiting in a queue can only be answered (by another agent) or hang up")
	}
	return nil
}

// wrapUp is the wrap-up of the user's last completed call.
type wrapUp struct {
	callID    string
	fromQueue bool
	reasons   []string
}

// setWrapUp tags the user's last completed call, which must have come from
// a call queue.
func (e *engine) setWrapUp(req webex.WrapUpRequest) error {
	if len(req.WrapUpReasons) == 0 {
		return badRequest("wrapupReasons is required: give one reason or more")
	}
	for _, r := range req.WrapUpReasons {
		if r == "" || len(r) > 80 {
			return badRequest("wrapupReasons has an empty or overlong reason (1 to 80 characters each)")
		}
	}
	switch {
	case e.lastCall.callID == "":
		return badRequest("no completed call to wrap up: wrap-up reasons apply to the user's last completed call queue call")
	case !e.lastCall.fromQueue:
		return badRequest("the user's last completed call (%s) did not come from a call queue: wrap-up reasons apply to call queue calls", e.lastCall.callID)
	}
	e.lastCall.reasons = slices.Clone(req.WrapUpReasons)
	return nil
}
