package sim

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/callboard/callboard/webex"
)

// maxCalls is how many calls the user's line holds at once; a new call
// beyond it is refused (an incoming one gets busy and is missed). It also
// bounds the simulator's memory.
const maxCalls = 24

// engine is the simulated world's mutable state and its state machine: the
// user's calls, the colleagues' calls, parked calls, history and the timers
// that move them. It knows nothing of HTTP. Every method expects the
// Simulator's lock to be held.
type engine struct {
	cfg    config
	ids    *idSource
	rnd    *rand.Rand
	now    time.Time // the time the current request or timer acts at
	timers *timers
	calls  map[string]*call
	peers  map[string]*peerCall // colleagues' calls by id
	busy   map[string]string    // colleague extension → id of their call
	parked []*parkedCall
	hist   *history
	seq    uint64

	presenceSeed uint64                      // the seed colleagues' days are drawn from
	overrides    map[string]presenceOverride // presence set through the control plane, by entry key

	// The front desk: call queues, conference, the user's own settings.
	qrnd     *rand.Rand             // the queue scenario's choices, apart from rnd so that adding it changed no other stream
	agent    webex.AgentACDState    // the user's agent state
	queues   []*callQueue           // the queues the user belongs to
	lastCall wrapUp                 // the user's last completed call, for wrap-up
	confs    map[string]*conference // the conference of each line ("" for the user's own)
	dnd      webex.DoNotDisturb
	fwd      webex.CallForwarding

	messages []webex.Message // sent through POST /messages, oldest first
}

func newEngine(cfg config, ids *idSource, seed int64, now time.Time) *engine {
	e := &engine{
		cfg:    cfg,
		ids:    ids,
		rnd:    rand.New(rand.NewPCG(uint64(seed), 0x5ce7a210)),
		now:    now,
		timers: newTimers(),
		calls:  make(map[string]*call),
		peers:  make(map[string]*peerCall),
		busy:   make(map[string]string),
		hist:   newHistory(),

		presenceSeed: uint64(seed),
		overrides:    make(map[string]presenceOverride),

		qrnd:   rand.New(rand.NewPCG(uint64(seed), 0x9e0e)),
		agent:  webex.AgentAvailable,
		queues: newQueues(),
		confs:  make(map[string]*conference),
		fwd:    defaultForwarding(),
	}
	e.startLongCall()
	if cfg.inboundEvery > 0 {
		e.scheduleScenario()
		e.scheduleQueueArrival()
	}
	return e
}

// advance fires, in time order, every timer due at or before to. Each timer
// acts at its own time, so a clock that jumps still plays every step.
func (e *engine) advance(to time.Time) {
	for {
		t, ok := e.timers.popDue(to)
		if !ok {
			break
		}
		if t.at.After(e.now) {
			e.now = t.at
		}
		e.fire(t)
		e.dispatch()
	}
	if to.After(e.now) {
		e.now = to
	}
	e.dispatch()
}

// fire performs what a timer stands for. A timer whose owner has gone is
// never pending (ending an owner cancels its timers), but each case still
// checks the state it expects.
func (e *engine) fire(t *timer) {
	owner := t.key.owner
	switch t.key.kind {
	case tScenario:
		e.scenarioStep()
		return
	case tQueueArrival:
		e.queueArrival()
		return
	case tQueueAgentAnswer, tQueueGiveUp:
		if c := e.findCaller(owner); c != nil {
			e.fireCaller(c, t.key.kind)
		}
		return
	case tParkRecall:
		if p := e.findParkedByID(owner); p != nil {
			e.recall(p)
		}
		return
	case tPeerAnswer, tPeerRingTimeout, tPeerTalkEnd:
		if p := e.peers[owner]; p != nil {
			e.firePeer(p, t.key.kind)
		}
		return
	}
	c := e.calls[owner]
	if c == nil {
		return
	}
	switch t.key.kind {
	case tDeviceAnswer:
		endpoint := c.ringOn
		if endpoint == "" {
			endpoint = WebexAppEndpointID
		}
		e.deviceAnswered(c, endpoint)
	case tRemoteAnswer:
		e.remoteAnswered(c)
	case tNoAnswer, tTransferTimeout, tTalkEnd:
		e.endCall(c, false)
	case tRingTimeout, tGiveUp, tQueueBounce, tForwardNoAnswer:
		if c.incomingAlerting() {
			e.endCall(c, true)
		}
	case tRecordingStart:
		if c.recording == webex.RecordingPending {
			c.recording = webex.RecordingStarted
		}
	}
}

func (e *engine) after(d time.Duration) time.Time { return e.now.Add(d) }

// between returns base plus a random amount in [0, spread].
func (e *engine) between(base, spread time.Duration) time.Duration {
	if spread <= 0 {
		return base
	}
	return base + time.Duration(e.rnd.Int64N(int64(spread)+1))
}

func (e *engine) remoteAnswerDelay() time.Duration {
	return e.between(e.cfg.remoteAnswer, e.cfg.remoteSpread)
}

func (e *engine) talkTime() time.Duration { return e.between(e.cfg.talk, e.cfg.talkSpread) }

func (e *engine) nextSeq() uint64 {
	e.seq++
	return e.seq
}

// newCall adds a call to a line of the user's ("" for their own). session
// "" starts a new session.
func (e *engine) newCall(line string, p webex.Personality, ph phase, remote webex.Party, session string) *call {
	if session == "" {
		session = e.ids.sessionID()
	}
	c := &call{
		id:          e.ids.callID(),
		line:        line,
		session:     session,
		seq:         e.nextSeq(),
		personality: p,
		phase:       ph,
		remote:      remote,
		created:     e.now,
		appearance:  e.freeAppearance(),
	}
	e.calls[c.id] = c
	return c
}

// answeredCall adds a call that is connected from the start (retrieve,
// pickup, barge-in) on endpoint; the call the user was talking on goes on
// hold. Callers schedule what ends it.
func (e *engine) answeredCall(line string, p webex.Personality, remote webex.Party, session, endpoint string) *call {
	c := e.newCall(line, p, phaseAnswered, remote, session)
	c.answered = e.now
	c.endpoint = endpoint
	e.holdOthers(c)
	return c
}

// holdOthers holds every answered call on the user's line but c that the
// user has not held already. A phone that takes up a new call (answering,
// placing, retrieving, picking up, barging in or resuming another) holds the
// one it was on, as Webex does, so the user is never connected to two
// parties at once.
func (e *engine) holdOthers(c *call) {
	for _, o := range e.calls {
		if o != c && !o.hidden && o.phase == phaseAnswered && !o.userHeld {
			o.userHeld = true
		}
	}
	e.heldConferences(nil)
}

// freeAppearance is the lowest appearance number no listed call uses.
func (e *engine) freeAppearance() int {
	used := make(map[int]bool, len(e.calls)+len(e.confs))
	for _, c := range e.calls {
		if !c.hidden {
			used[c.appearance] = true
		}
	}
	for _, cf := range e.confs {
		used[cf.appearance] = true
	}
	n := 1
	for used[n] {
		n++
	}
	return n
}

// roomForCall refuses a new call when the line is full.
func (e *engine) roomForCall() error {
	if len(e.calls) >= maxCalls {
		return badRequest("the line already has %d calls, the most it can hold; end one first", len(e.calls))
	}
	return nil
}

// listedOn returns the calls List Calls shows for a line ("" for the user's
// own), oldest first.
func (e *engine) listedOn(line string) []*call {
	out := make([]*call, 0, len(e.calls))
	for _, c := range e.calls {
		if !c.hidden && c.line == line {
			out = append(out, c)
		}
	}
	slices.SortFunc(out, bySeq)
	return out
}

// listed returns the calls of every line of the user's, oldest first.
func (e *engine) listed() []*call {
	out := make([]*call, 0, len(e.calls))
	for _, c := range e.calls {
		if !c.hidden {
			out = append(out, c)
		}
	}
	slices.SortFunc(out, bySeq)
	return out
}

// bySeq orders calls by creation.
func bySeq(a, b *call) int { return cmp.Compare(a.seq, b.seq) }

// lookup finds a listed call by the callId of a request on the line of
// lineOwnerID ("" for the user's own). A call on another line is not found:
// Webex looks a call up among the calls of the line the request names.
func (e *engine) lookup(lineOwnerID, field, id string) (*call, error) {
	if id == "" {
		return nil, badRequest("%s is required", field)
	}
	c := e.calls[id]
	if c == nil || c.hidden || c.line != lineKey(lineOwnerID) {
		return nil, callNotFound(id)
	}
	return c, nil
}

// endCall removes c from the line, with a missed record when an incoming
// call ends unanswered, and ends the calls that only exist because of it.
func (e *engine) endCall(c *call, missed bool) {
	if e.calls[c.id] != c {
		return
	}
	delete(e.calls, c.id)
	e.timers.cancelOwner(c.id)
	if missed {
		e.hist.add(webex.HistoryMissed, c.remote, e.now)
	}
	e.leaveConference(c)
	switch {
	case c.queueCaller != "":
		e.offerEnded(c)
	case c.line == "" && c.phase == phaseAnswered && c.transferOf == "" && c.pullOf == "":
		e.lastCall = wrapUp{callID: c.id, fromQueue: c.fromQueue}
	}
	if leg := e.calls[c.transferLeg]; leg != nil {
		e.endCall(leg, false)
	}
	if orig := e.calls[c.transferOf]; orig != nil && orig.transferLeg == c.id {
		orig.transferLeg = ""
	}
	if tmp := e.calls[c.pulling]; tmp != nil {
		e.endCall(tmp, false)
	}
	if orig := e.calls[c.pullOf]; orig != nil && orig.pulling == c.id {
		orig.pulling = ""
	}
}

// deviceAnswered: a device of the user picked up an alerting click-to-dial
// call (the outgoing call is placed) or a pull call (the device takes over).
func (e *engine) deviceAnswered(c *call, endpoint string) {
	if c.phase != phaseAlerting || c.personality != webex.PersonalityClickToDial {
		return
	}
	if c.pullOf != "" {
		if orig := e.calls[c.pullOf]; orig != nil {
			orig.endpoint = endpoint
			orig.muted = false
		}
		e.endCall(c, false)
		return
	}
	c.personality = webex.PersonalityOriginator
	c.phase = phaseConnecting
	c.endpoint = endpoint
	e.holdOthers(c)
	e.timers.cancel(c.id, tDeviceAnswer)
	e.hist.add(webex.HistoryPlaced, c.remote, e.now)
	e.ringFarEnd(c, e.cfg.ringTimeout)
}

// ringFarEnd schedules what the far end of a connecting call does: answer
// after a while, or ring until timeout (tNoAnswer) when it never answers.
func (e *engine) ringFarEnd(c *call, timeout time.Duration) {
	if c.neverAnswers {
		e.timers.schedule(c.id, tNoAnswer, e.after(timeout))
		return
	}
	e.timers.schedule(c.id, tRemoteAnswer, e.after(e.remoteAnswerDelay()))
}

// remoteAnswered: the far end of a connecting call picked up.
func (e *engine) remoteAnswered(c *call) {
	if c.phase != phaseConnecting {
		return
	}
	if c.transferOf != "" {
		e.completeMuteTransfer(c)
		return
	}
	c.phase = phaseAnswered
	c.answered = e.now
	e.timers.cancel(c.id, tRemoteAnswer)
	e.timers.cancel(c.id, tNoAnswer)
	e.timers.schedule(c.id, tTalkEnd, e.after(e.talkTime()))
}

// ringUser starts an incoming call on a line of the user's ("" for their
// own).
func (e *engine) ringUser(line string, from webex.Party, redirections []webex.Redirection, forExecutive bool) (*call, error) {
	if err := e.roomForCall(); err != nil {
		return nil, newError(409, "the user's line is busy: %d calls", len(e.calls))
	}
	c := e.newCall(line, webex.PersonalityTerminator, phaseAlerting, from, "")
	c.redirections = redirections
	c.forExecutive = forExecutive
	e.timers.schedule(c.id, tRingTimeout, e.after(e.cfg.ringTimeout))
	return c, nil
}
