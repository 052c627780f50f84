package desk

import (
	"slices"
	"time"

	"github.com/callboard/callboard/model"
)

// schedule is when the desk next reads one source (a line's calls, the
// queue settings, a queue's callers, a setting, a conference) and how the
// last reads went. One read of a source is in flight at a time; a read
// asked for meanwhile goes out when it returns.
type schedule struct {
	sent     uint64    // Seq of the newest read sent
	inFlight bool      // a read is out
	again    bool      // another read was asked for while one was out
	due      time.Time // when the next read goes out by itself; zero: not scheduled
	failures int       // consecutive failed reads
	last     *Failure  // the last read's failure; nil after a success
	lastOK   time.Time // when the last successful read was sent
	sentAt   time.Time // when the read in flight was sent
	// urgent marks a read asked for (ctrl+r, an action's reply): it goes
	// before the routine ones.
	urgent bool
}

// poller decides when to ask Webex for one line's calls.
type poller struct {
	schedule
	applied uint64       // Seq of the newest reply applied
	busy    time.Time    // poll fast until then
	line    Line         // the line; its ID is "" for the operator's own
	calls   []model.Call // the line's calls as last listed, Line set
}

// rateLimit is a 429 in force: nothing goes out before until, except the
// actions waiting for it, which go first.
type rateLimit struct {
	until  time.Time
	asked  time.Duration // what Webex asked for
	capped bool          // the wait was cut to RateLimit.MaxWait
}

// limited reports whether a rate limit holds requests back now.
func (d *Desk) limited() bool { return d.now.Before(d.limit.until) }

// paceAfterLimit is how long after a rate limit polls keep a fast interval
// from the previous request: Webex has shown how little it allows.
const paceAfterLimit = time.Minute

// shared reports whether several sources share the request budget: with
// one line and nothing else to read, the line polls as it always has.
func (d *Desk) shared() bool { return len(d.polls)+len(d.readers) > 1 }

// gap is the least time between two reads of any sources when they share
// the budget (Config.Budget reads a minute).
func (d *Desk) gap() time.Duration { return time.Minute / time.Duration(d.cfg.Budget) }

// dueAt is when a source's due read may go: not before the rate limit
// ends, for a while after one not sooner than a fast interval after the
// last request (an action's resend goes first), and, when sources share
// the budget, not sooner than the budget's gap after the last read.
func (d *Desk) dueAt(s *schedule) time.Time {
	at := s.due
	if at.IsZero() {
		return at
	}
	if u := d.limit.until; !u.IsZero() && d.now.Sub(u) < paceAfterLimit {
		at = latest(at, u, d.lastRequest.Add(d.cfg.PollFast))
	}
	if d.shared() && !d.lastRead.IsZero() {
		at = latest(at, d.lastRead.Add(d.gap()))
	}
	return at
}

// pollAt is when the operator's own line's due poll may go.
func (d *Desk) pollAt() time.Time { return d.dueAt(&d.poll.schedule) }

// latest returns the latest of times.
func latest(ts ...time.Time) time.Time {
	var out time.Time
	for _, t := range ts {
		if t.After(out) {
			out = t
		}
	}
	return out
}

// request asks for a read of s now, or as soon as the one in flight (or
// the rate limit, or the budget) allows.
func (d *Desk) request(s *schedule) {
	s.urgent = true
	if s.inFlight {
		s.again = true
		return
	}
	s.due = d.now
}

// requestPollOf asks for a poll of a line now (an action on it replied).
func (d *Desk) requestPollOf(line string) {
	if p := d.pollerOf(line); p != nil {
		d.request(&p.schedule)
	}
}

// refreshAll asks for every line and every read now (ctrl+r): with a
// shared budget they go one after the other, the lines first.
func (d *Desk) refreshAll() {
	for _, p := range d.polls {
		d.request(&p.schedule)
	}
	for _, r := range d.readers {
		switch {
		case r.every == 0 && r.kind == ReadConference:
			// No conference: nothing to read.
		case r.inFlight:
			r.again = true
		default:
			// Due now, but after the lines and what an action asked for.
			r.due = d.now
		}
	}
}

// pump sends the reads that are due, at the end of every Step: first
// those asked for (ctrl+r, after an action), the operator's own line first;
// then the lines' routine polls and any read overdue by readGrace; then
// the other reads — within each, the one due longest ago. Actions waiting
// out a rate limit go before any: an answer waiting for Webex must not lose
// its turn to the console's own reading.
func (d *Desk) pump() {
	if d.waitingDue() {
		return
	}
	for {
		var best *candidate
		consider := func(c candidate) {
			if c.s.inFlight {
				return
			}
			at := d.dueAt(c.s)
			if at.IsZero() || d.now.Before(at) {
				return
			}
			c.class = 2
			switch {
			case c.s.urgent:
				c.class = 0
			case c.line || d.now.Sub(c.s.due) > readGrace:
				c.class = 1
			}
			if best == nil || c.before(*best) {
				best = &c
			}
		}
		for i, p := range d.polls {
			line := p.line.ID
			consider(candidate{s: &p.schedule, pos: i, line: true, send: func(seq uint64) { d.emit(Poll{Seq: seq, Line: line}) }})
		}
		for i, r := range d.readers {
			r := r
			consider(candidate{s: &r.schedule, pos: len(d.polls) + i, send: func(seq uint64) { d.emit(Read{Seq: seq, What: r.kind, Key: r.key}) }})
		}
		if best == nil {
			return
		}
		d.seq++
		d.lastRequest, d.lastRead = d.now, d.now
		s := best.s
		s.sent = d.seq
		s.inFlight, s.again, s.urgent = true, false, false
		s.sentAt = d.now
		s.due = time.Time{}
		best.send(d.seq)
	}
}

// readGrace is how long a routine read may wait behind the lines' polls
// before it competes with them: a busy line must not starve the queues.
const readGrace = 5 * time.Second

// candidate is a source that may be read now.
type candidate struct {
	s     *schedule
	pos   int  // its place: the own line first, the other lines, then the reads
	line  bool // a line's poll
	class int  // 0 asked for, 1 routine line or overdue read, 2 other read
	send  func(seq uint64)
}

// before reports whether c goes before o: by class; then, asked-for reads
// in their place, the others due longest ago (then read longest ago: reads
// fall due on the same beat, and the first in line must not always win).
func (c candidate) before(o candidate) bool {
	if c.class != o.class {
		return c.class < o.class
	}
	if !c.s.due.Equal(o.s.due) {
		return c.s.due.Before(o.s.due)
	}
	if c.class == 0 {
		return c.pos < o.pos
	}
	return c.s.sentAt.Before(o.s.sentAt)
}

// waitingDue reports whether an action waiting out a rate limit is due to
// go (it goes first).
func (d *Desk) waitingDue() bool {
	for _, o := range d.ops {
		if o.state == opWaiting && !d.now.Before(o.resendAt) {
			return true
		}
	}
	return false
}

// pollerOf returns the poller of a line, or nil.
func (d *Desk) pollerOf(line string) *poller {
	for _, p := range d.polls {
		if p.line.ID == line {
			return p
		}
	}
	return nil
}

// accept takes a reply for s: false when it is not the answer to the
// read in flight (an older one: the newer one's answer is, or will be,
// applied). A failure is counted, a 429 puts the rate limit in force, and
// a refused sign-in shows.
func (d *Desk) accept(s *schedule, seq uint64, f *Failure) bool {
	if seq != s.sent || !s.inFlight {
		return false
	}
	s.inFlight = false
	if f != nil {
		s.failures++
		s.last = f
		d.authFail = f.Kind == FailSignedOut
		if f.Kind == FailRateLimited {
			d.limitFor(f.RetryAfter)
		}
		return true
	}
	s.failures, s.last, s.lastOK = 0, nil, s.sentAt
	d.authFail = false
	return true
}

// polled applies a poll's reply and schedules the line's next poll. The
// board holds every line's calls: a line's reply replaces that line's, the
// others stay as last listed.
func (d *Desk) polled(p Polled) {
	pl := d.pollerOf(p.Line)
	wasHealthy := pl == d.poll && pl.failures == 0 && !pl.lastOK.IsZero() && !d.authFail && !d.limited()
	if pl == nil || !d.accept(&pl.schedule, p.Seq, p.Failure) {
		return
	}
	pl.applied = p.Seq
	if p.Failure != nil {
		d.schedulePoll(pl)
		return
	}
	sameCalls := wasHealthy && d.calm() && slices.EqualFunc(p.Calls, pl.calls, model.Call.Equal)
	pl.calls = p.Calls
	if pl.line.ID != "" {
		pl.calls = make([]model.Call, len(p.Calls))
		for i, c := range p.Calls {
			c.Line = pl.line.ID
			pl.calls[i] = c
		}
	}
	changes := d.board.Apply(d.allCalls(), d.now)
	d.nothingNew = sameCalls && changes.Empty()
	d.applyRestoredHolds(true)
	d.react(changes, pl)
	d.settleByPoll(p.Seq, pl.line.ID)
	d.schedulePoll(pl)
}

// calm reports whether nothing the desk follows can move on a poll that
// lists the same calls: no action out or waiting, no consult, transfer,
// selection or remembered hold waiting for a call to show.
func (d *Desk) calm() bool {
	return len(d.ops) == 0 && len(d.queue) == 0 && d.consult == nil && len(d.transfers) == 0 &&
		d.pending.id == "" && len(d.restoredHolds) == 0
}

// allCalls is every line's calls as last listed.
func (d *Desk) allCalls() []model.Call {
	if len(d.polls) == 1 {
		return d.poll.calls
	}
	var all []model.Call
	for _, p := range d.polls {
		all = append(all, p.calls...)
	}
	return all
}

// schedulePoll sets when a line's next poll goes out.
func (d *Desk) schedulePoll(p *poller) {
	d.scheduleAfter(&p.schedule, d.pollDelay(p))
}

// scheduleAfter sets a source's next read after wait, or at once when one
// was asked for meanwhile.
func (d *Desk) scheduleAfter(s *schedule, wait time.Duration) {
	if s.again {
		s.due = d.now
		return
	}
	s.due = d.now.Add(wait)
	if on := d.OnBeat(s.due); !on.Before(d.now) {
		// On the beat, with the durations' redraw: they then share one
		// wake-up, which an idle console pays for dearly.
		s.due = on
	}
}

// pollDelay is the wait before a line's next poll: the rate limit's, a
// back-off after failures, fast while something happens on the line, idle
// (the operator's own line) or quiet (another line) otherwise.
func (d *Desk) pollDelay(p *poller) time.Duration {
	if wait, ok := d.failureDelay(&p.schedule); ok {
		return wait
	}
	if d.activeOn(p.line.ID) || d.now.Before(p.busy) {
		return d.cfg.PollFast
	}
	if p != d.poll {
		return d.cfg.PollQuiet
	}
	return d.cfg.PollIdle
}

// failureDelay is the wait the rate limit or failed reads impose on a
// source, if any.
func (d *Desk) failureDelay(s *schedule) (time.Duration, bool) {
	if d.limited() {
		// After the rate limit, the actions waiting for it go first; the
		// read follows them by a fast interval.
		wait := d.limit.until.Sub(d.now)
		if d.anyWaiting() {
			wait += d.cfg.PollFast
		}
		return wait, true
	}
	if n := s.failures; n > 0 {
		return min(d.cfg.PollFast<<min(n-1, 10), d.cfg.RateLimit.MaxWait), true
	}
	return 0, false
}

// activeOn reports whether anything on a line is in a state that changes
// within seconds: ringing, connecting, an action settling, a consult.
func (d *Desk) activeOn(line string) bool {
	if d.consult != nil && d.consult.line == line {
		return true
	}
	for _, o := range d.ops {
		if o.Line == line {
			return true
		}
	}
	b := d.board
	for i := range b.Len() {
		c := b.Row(i).Call
		if c.Line != line {
			continue
		}
		switch c.Status() {
		case model.StatusRinging, model.StatusRingingYourPhone, model.StatusConnecting:
			return true
		}
	}
	return false
}

// limitFor puts a rate limit in force for what Webex asked (cut to the
// policy's maximum). It holds back every line and every read: Webex's
// limit is the sign-in's, not one line's.
func (d *Desk) limitFor(asked time.Duration) {
	wait, capped, _ := d.cfg.RateLimit.Decide(1, asked)
	if until := d.now.Add(wait); until.After(d.limit.until) {
		d.limit = rateLimit{until: until, asked: asked, capped: capped}
	}
}

// anyWaiting reports whether an action waits out a rate limit.
func (d *Desk) anyWaiting() bool {
	for _, o := range d.ops {
		if o.state == opWaiting {
			return true
		}
	}
	return false
}

// Connection is how the desk's view of the line stands, for the header.
type Connection struct {
	Polled      bool          // a poll has succeeded at least once
	LastOK      time.Time     // when the newest list shown was asked for
	Failures    int           // consecutive failed polls
	Failure     *Failure      // the last poll's failure, nil after a success
	SignedOut   bool          // Webex does not accept the sign-in
	Limited     bool          // a rate limit holds requests back, or actions wait for one
	LimitUntil  time.Time     // when it ends
	LimitAsked  time.Duration // what Webex asked for
	LimitCapped bool          // the wait was cut to poll.max_backoff
	NextPoll    time.Time     // when the next poll goes out; zero while one is out
	Waiting     int           // actions waiting out a rate limit
}

// Connection reports how the operator's own line stands now (the other
// lines: Lines).
func (d *Desk) Connection() Connection {
	c := Connection{
		Polled:    !d.poll.lastOK.IsZero(),
		LastOK:    d.poll.lastOK,
		Failures:  d.poll.failures,
		Failure:   d.poll.last,
		SignedOut: d.authFail,
	}
	if !d.poll.inFlight {
		c.NextPoll = d.pollAt()
	}
	for _, o := range d.ops {
		if o.state == opWaiting {
			c.Waiting++
		}
	}
	if d.limited() || c.Waiting > 0 {
		c.Limited = true
		c.LimitUntil, c.LimitAsked, c.LimitCapped = d.limit.until, d.limit.asked, d.limit.capped
	}
	return c
}
