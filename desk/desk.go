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
	poll  poller

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
	operator  OperatorState // as of the last list of calls
	bell      bellState     // the repeating bell
	// restoredHolds are holds the journal remembered, waiting for their
	// calls to be listed.
	restoredHolds []pendingHold
	out           []Effect // effects of the current Step
}

// New returns a desk with an empty list; its first Step (usually a Tick)
// asks for the first poll.
func New(cfg Config) *Desk {
	cfg.setDefaults()
	return &Desk{
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
	}
}

// Step applies one event at now and returns what the host must do. It is
// the desk's only way to change.
func (d *Desk) Step(now time.Time, ev Event) []Effect {
	d.now = now
	d.out = nil
	if d.poll.sent == 0 && d.poll.due.IsZero() {
		d.poll.due = now // the first Step asks for the first poll
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
		d.requestPoll()
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
	}
	d.repeatBell()
	d.noticeOperator()
	d.pumpPoll()
	out := d.out
	d.out = nil
	return out
}

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
	if !d.poll.inFlight {
		earliest(d.pollAt())
	}
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
