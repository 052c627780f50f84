package desk

import (
	"time"

	"github.com/callboard/callboard/model"
)

// poller decides when to ask Webex for the line's calls. One poll is in
// flight at a time; a poll asked for meanwhile goes out when it returns.
type poller struct {
	sent     uint64    // Seq of the newest poll sent
	applied  uint64    // Seq of the newest reply applied
	inFlight bool      // a poll is out
	again    bool      // another poll was asked for while one was out
	due      time.Time // when the next poll goes out by itself
	failures int       // consecutive failed polls
	last     *Failure  // the last poll's failure; nil after a success
	lastOK   time.Time // when the last successful poll was sent
	sentAt   time.Time // when the poll in flight was sent
	busy     time.Time // poll fast until then
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

// pollAt is when the due poll may go: not before the rate limit ends, and
// for a while after one, not sooner than a fast interval after the last
// request (an action's resend goes first).
func (d *Desk) pollAt() time.Time {
	at := d.poll.due
	if at.IsZero() {
		return at
	}
	if u := d.limit.until; !u.IsZero() && d.now.Sub(u) < paceAfterLimit {
		at = latest(at, u, d.lastRequest.Add(d.cfg.PollFast))
	}
	return at
}

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

// requestPoll asks for a poll now, or as soon as the one in flight (or the
// rate limit) allows.
func (d *Desk) requestPoll() {
	if d.poll.inFlight {
		d.poll.again = true
		return
	}
	d.poll.due = d.now
}

// pumpPoll sends the poll that is due, at the end of every Step. Actions
// waiting out a rate limit go before it: an answer waiting for Webex must
// not lose its turn to the console's own polling.
func (d *Desk) pumpPoll() {
	at := d.pollAt()
	if d.poll.inFlight || at.IsZero() || d.now.Before(at) || d.waitingDue() {
		return
	}
	d.lastRequest = d.now
	d.poll.sent++
	d.poll.inFlight, d.poll.again = true, false
	d.poll.sentAt = d.now
	d.poll.due = time.Time{}
	d.emit(Poll{Seq: d.poll.sent})
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

// polled applies a poll's reply and schedules the next poll.
func (d *Desk) polled(p Polled) {
	if p.Seq != d.poll.sent || !d.poll.inFlight {
		// An older poll: the newer one's answer is, or will be, applied.
		return
	}
	d.poll.inFlight = false
	d.poll.applied = p.Seq
	if f := p.Failure; f != nil {
		d.poll.failures++
		d.poll.last = f
		d.authFail = f.Kind == FailSignedOut
		if f.Kind == FailRateLimited {
			d.limitFor(f.RetryAfter)
		}
		d.schedulePoll()
		return
	}
	d.poll.failures, d.poll.last, d.poll.lastOK = 0, nil, d.poll.sentAt
	d.authFail = false
	changes := d.board.Apply(p.Calls, d.now)
	d.applyRestoredHolds(true)
	d.react(changes)
	d.settleByPoll(p.Seq)
	d.schedulePoll()
}

// schedulePoll sets when the next poll goes out.
func (d *Desk) schedulePoll() {
	if d.poll.again {
		d.poll.due = d.now
		return
	}
	d.poll.due = d.now.Add(d.pollDelay())
	if !d.poll.due.Truncate(time.Second).Before(d.now) {
		// On the second, with the screen's clock: the poll and the redraw of
		// the durations then share one wake-up, which an idle console pays
		// for dearly.
		d.poll.due = d.poll.due.Truncate(time.Second)
	}
}

// pollDelay is the wait before the next poll: the rate limit's, a back-off
// after failures, fast while something happens, idle otherwise.
func (d *Desk) pollDelay() time.Duration {
	if d.limited() {
		// After the rate limit, the actions waiting for it go first; the
		// poll follows them by a fast interval.
		wait := d.limit.until.Sub(d.now)
		if d.anyWaiting() {
			wait += d.cfg.PollFast
		}
		return wait
	}
	if n := d.poll.failures; n > 0 {
		return min(d.cfg.PollFast<<min(n-1, 10), d.cfg.RateLimit.MaxWait)
	}
	if d.active() || d.now.Before(d.poll.busy) {
		return d.cfg.PollFast
	}
	return d.cfg.PollIdle
}

// active reports whether anything is in a state that changes within
// seconds: ringing, connecting, an action settling, a consult.
func (d *Desk) active() bool {
	if d.consult != nil || len(d.ops) > 0 {
		return true
	}
	b := d.board
	for i := range b.Len() {
		switch b.Row(i).Call.Status() {
		case model.StatusRinging, model.StatusRingingYourPhone, model.StatusConnecting:
			return true
		}
	}
	return false
}

// limitFor puts a rate limit in force for what Webex asked (cut to the
// policy's maximum).
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

// Connection reports how the line stands now.
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
