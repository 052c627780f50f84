package desk

import (
	"time"

	"github.com/callboard/callboard/model"
)

// Config tunes a Desk. Zero values take the defaults noted.
type Config struct {
	PollFast time.Duration // while anything rings or just changed; default 1 s
	PollIdle time.Duration // otherwise; default 2 s
	// RateLimit is the 429 policy; its MaxWait (poll.max_backoff, default
	// 30 s) also caps the back-off after failed polls.
	RateLimit RateLimit
	// Settle is how long an action's effect may take to show on the list
	// before the guard against sending it twice lifts anyway; default 10 s.
	Settle        time.Duration
	HoldLimit     time.Duration // a hold this long alerts; 0: never
	SelectRinging bool          // a new ringing call takes an idle selection
	Order         model.Order   // how rows are ordered
	Bell          bool          // ring the terminal bell for new calls and long holds
	Notify        bool          // desktop notifications for new calls
	EndedLinger   time.Duration // how long an ended row stays; default model.DefaultEndedLinger

	// Lines are the lines to watch besides the operator's own (configured;
	// LinesFound adds those discovered). With one line only, it is polled
	// exactly as it always was.
	Lines []Line
	// PollQuiet is how often another line is polled while nothing happens
	// on it; default 3 × PollIdle. A line where something rings or just
	// changed is polled every PollFast, like the operator's own.
	PollQuiet time.Duration
	// Budget is how many reads a minute every line, queue and setting
	// share at most, whenever there is more than one thing to read; the
	// reads are spaced out evenly (default 120: one every half second).
	// Actions never wait for it.
	Budget int

	// Queues reads the operator's call queues and their waiting callers
	// every QueuePoll (default 10 s); the agent state and membership every
	// SettingsEvery.
	Queues    bool
	QueuePoll time.Duration
	// QueueAlarm raises the wait alarm for a caller who has waited this
	// long in a queue (0: never): a bell every QueueAlarmRepeat (default
	// 30 s) until the operator acknowledges it or the caller is answered.
	QueueAlarm       time.Duration
	QueueAlarmRepeat time.Duration

	// Settings reads the operator's do not disturb and call forwarding every
	// SettingsEvery (default 1 min), so the header shows them even when
	// they change elsewhere.
	Settings      bool
	SettingsEvery time.Duration
	// NightForward is where the night service forwards every call ("" for
	// no night service).
	NightForward string

	// Conference reads each line's conference once at the start, then while
	// one is in progress, every PollIdle.
	Conference bool
	// RingAlarm is how long a call may ring before the bell repeats for it
	// (every BellRepeat, until acknowledged); 0: never. A hold past
	// HoldLimit repeats the bell the same way.
	RingAlarm  time.Duration
	BellRepeat time.Duration // default DefaultBellRepeat
	// ReadOnly refuses every verb: the desk watches the line and never acts
	// (for supervisors and wallboards).
	ReadOnly bool
	// CampOnLimit is how long a caller waits for a colleague before the
	// operator is alerted; default DefaultCampOnLimit.
	CampOnLimit time.Duration
}

func (c *Config) setDefaults() {
	if c.PollFast <= 0 {
		c.PollFast = time.Second
	}
	if c.PollIdle < c.PollFast {
		c.PollIdle = max(2*time.Second, c.PollFast)
	}
	if c.RateLimit.MaxWait < c.PollIdle {
		c.RateLimit.MaxWait = max(30*time.Second, c.PollIdle)
	}
	if c.RateLimit.MaxTries <= 0 {
		c.RateLimit.MaxTries = 5
	}
	if c.Settle <= 0 {
		c.Settle = 10 * time.Second
	}
	if c.PollQuiet < c.PollIdle {
		c.PollQuiet = 3 * c.PollIdle
	}
	if c.Budget <= 0 {
		c.Budget = 120
	}
	if c.QueuePoll < c.PollFast {
		c.QueuePoll = max(10*time.Second, c.PollFast)
	}
	if c.QueueAlarmRepeat <= 0 {
		c.QueueAlarmRepeat = 30 * time.Second
	}
	if c.SettingsEvery < c.PollIdle {
		c.SettingsEvery = max(time.Minute, c.PollIdle)
	}
	if c.BellRepeat <= 0 {
		c.BellRepeat = DefaultBellRepeat
	}
	if c.CampOnLimit <= 0 {
		c.CampOnLimit = DefaultCampOnLimit
	}
}

// busyWindow is how long polling stays fast after something changed or the
// operator acted: the next change usually follows within seconds.
const busyWindow = 10 * time.Second

// Desk is the operator's desk: the call list and every workflow on it —
// the guard that sends nothing twice, keys queued behind an action on the
// same call, consults, blind transfers, parked calls, outcomes, polling and
// rate limits. It does no I/O: Step takes an event and returns effects for
// its host to carry out (send this, poll, say that), so every workflow can
// be tested by replaying events, without a terminal or a network.
//
// A Desk is not safe for concurrent use; its host steps it from one
// goroutine.
type Desk struct {
	cfg   Config
	now   time.Time
	board *model.Board
	me    Me
	// polls are the watched lines, the operator's own first; poll is it.
	polls []*poller
	poll  *poller
	// readers are the other things read within the budget.
	readers  []*reader
	seq      uint64    // the newest Seq given to a poll or a read
	lastRead time.Time // when the newest poll or read went out
	started  bool      // the first Step has asked for the first reads
	// phase is where in each second the desk's seconds begin: at the moment
	// of its first Step.
	phase time.Duration

	nextOp OpID
	ops    []*op     // sent and not yet settled, or waiting out a rate limit
	queue  []queued  // intents waiting for an earlier action on their call
	limit  rateLimit // the rate limit in force
	// lastRequest is when the newest request (poll or action) went out.
	lastRequest time.Time

	consult   *consultation
	transfers map[string]transfer // blind transfers by the transferred call's id
	parked    []Parked
	camps     []campOn           // callers waiting for a colleague to be free
	outcomes  map[string]Outcome // why a call left the line, when the operator made it leave
	sessions  sessions
	pending   pendingSelection
	missed    int
	history   bool // the history screen is open
	recent    []string
	authFail  bool
	out       []Effect      // effects of the current Step
	operator  OperatorState // as of the last list of calls
	bell      bellState     // the repeating bell
	// restoredHolds are holds the journal remembered, waiting for their
	// calls to be listed.
	restoredHolds []pendingHold

	queues   queueState
	settings settingsState
	confs    map[string]*conference // by line

	// revision counts the Steps that may have changed what the desk shows;
	// nothingNew marks the current Step as one that did not.
	revision   uint64
	nothingNew bool
}

// New returns a desk with an empty list; its first Step (usually a Tick)
// asks for the first poll.
func New(cfg Config) *Desk {
	cfg.setDefaults()
	d := &Desk{
		cfg: cfg,
		board: model.NewBoard(model.BoardOptions{
			HoldLimit:         cfg.HoldLimit,
			AutoSelectRinging: cfg.SelectRinging,
			Order:             cfg.Order,
			EndedLinger:       cfg.EndedLinger,
		}),
		transfers: make(map[string]transfer),
		outcomes:  make(map[string]Outcome),
		sessions:  make(sessions),
		poll:      &poller{},
		confs:     make(map[string]*conference),
	}
	d.polls = []*poller{d.poll}
	if cfg.Conference {
		d.addReader(ReadConference, "", 0) // once: is a conference in progress?
	}
	for _, l := range cfg.Lines {
		d.addLine(l)
	}
	d.queues.init()
	if cfg.Queues {
		d.addReader(ReadQueues, "", cfg.SettingsEvery)
	}
	if cfg.Settings {
		d.addReader(ReadDoNotDisturb, "", cfg.SettingsEvery)
		d.addReader(ReadForwarding, "", cfg.SettingsEvery)
	}
	return d
}

// Step applies one event at now and returns what the host must do. It is
// the desk's only way to change.
func (d *Desk) Step(now time.Time, ev Event) []Effect {
	d.now = now
	d.out = nil
	if !d.started {
		// The first Step asks for the first poll of every line and the
		// first of every read.
		d.started = true
		d.phase = now.Sub(now.Truncate(time.Second))
		for _, p := range d.polls {
			p.due = now
		}
		for _, r := range d.readers {
			r.due = now
		}
	}
	d.acknowledgeFor(ev)
	switch ev := ev.(type) {
	case Tick:
		d.tick()
	case Polled:
		d.polled(ev)
	case Replied:
		d.replied(ev)
	case Intent:
		d.intend(ev)
	case Move:
		d.board.Move(ev.By)
	case Jump:
		if ev.Last {
			d.board.Last()
		} else {
			d.board.First()
		}
	case Select:
		d.board.Select(ev.ID)
	case Filter:
		d.board.SetFilter(ev.Query)
		if d.board.SelectionHidden() {
			d.board.First() // the first match, so a key acts on a call the operator sees
		}
	case Identify:
		d.me = ev.Me
	case Refresh:
		d.refreshAll()
	case CancelWaiting:
		d.cancelWaiting()
	case HistoryShown:
		d.history = ev.Open
		if ev.Open {
			d.missed = 0
		}
		d.emit(MissedSeen{At: now})
	case Restore:
		d.restore(ev)
	case CampOn:
		d.campOn(ev)
	case CancelCampOn:
		d.cancelCampOn(ev.CallID)
	case Colleague:
		d.colleague(ev)
	default:
		d.stepMore(ev)
	}
	d.repeatBell()
	d.noticeOperator()
	d.pump()
	out := d.out
	d.out = nil
	if !d.nothingNew || len(out) > 0 {
		d.revision++
	}
	d.nothingNew = false
	return out
}

// Revision changes with every Step that may have changed what the desk
// shows. Only a Step that had nothing to say leaves it: the answer to a poll
// of the operator's own line, calm and healthy, that lists the calls exactly
// as the last one did. A host that draws the desk needs no new frame then:
// on an idle console that is every other wake-up.
func (d *Desk) Revision() uint64 { return d.revision }

// emit adds effects to the current Step's.
func (d *Desk) emit(e ...Effect) { d.out = append(d.out, e...) }

// say adds a message.
func (d *Desk) say(level Level, text string) { d.emit(Say{Level: level, Text: text}) }

// Board is the call list, for drawing. The host must not change it: every
// change goes through Step.
func (d *Desk) Board() *model.Board { return d.board }

// Config is the desk's configuration, defaults filled in.
func (d *Desk) Config() Config { return d.cfg }

// Missed counts incoming calls that stopped ringing unanswered since the
// operator last looked at the history.
func (d *Desk) Missed() int { return d.missed }

// Recent returns the destinations used lately, newest first.
func (d *Desk) Recent() []string { return d.recent }

// maxRecent bounds the remembered destinations.
const maxRecent = 20

// remember adds a destination to the recent ones.
func (d *Desk) remember(dest string) {
	if dest == "" {
		return
	}
	out := []string{dest}
	for _, r := range d.recent {
		if r != dest && len(out) < maxRecent {
			out = append(out, r)
		}
	}
	d.recent = out
}

// tick handles time passing.
func (d *Desk) tick() {
	if d.board.Expire(d.now) {
		d.forgetGone()
	}
	for _, id := range d.board.CheckHolds(d.now) {
		d.warnHeld(id)
	}
	d.settleByTime()
	d.resendDue()
	d.checkAlarm()
	d.campOnTick()
}

// NextWake returns when the desk next needs a Tick: a poll, a resend or a
// guard falls due, an ended row leaves, a hold reaches its limit. The zero
// time means never (nothing is scheduled).
func (d *Desk) NextWake() time.Time {
	var next time.Time
	earliest := func(t time.Time) {
		if !t.IsZero() && (next.IsZero() || t.Before(next)) {
			next = t
		}
	}
	for _, p := range d.polls {
		if !p.inFlight {
			earliest(d.dueAt(&p.schedule))
		}
	}
	for _, r := range d.readers {
		if !r.inFlight {
			earliest(d.dueAt(&r.schedule))
		}
	}
	earliest(d.alarmWake())
	for _, o := range d.ops {
		switch o.state {
		case opWaiting:
			earliest(latest(o.resendAt, d.limit.until))
		case opSettling:
			earliest(o.repliedAt.Add(d.cfg.Settle))
		}
	}
	earliest(d.board.NextChange())
	earliest(d.nextBell())
	earliest(d.campOnWake())
	return next
}

// NextBeat is the first of the desk's seconds after t. The desk's seconds
// begin with its first Step: a host that started its own once-a-second
// timer just before that (Bubble Tea's renderer does, and cannot be told not
// to) and redraws the durations on NextBeat wakes once a second for all of
// them, the idle polls included, rather than once for each.
func (d *Desk) NextBeat(t time.Time) time.Time { return d.OnBeat(t).Add(time.Second) }

// OnBeat is the last of the desk's seconds at or before t. It is the time a
// screen shows: every figure that counts time then moves on the beat, all
// together, and an answer that arrives between beats with nothing new in it
// changes nothing on screen.
func (d *Desk) OnBeat(t time.Time) time.Time {
	return t.Add(-d.phase).Truncate(time.Second).Add(d.phase)
}
