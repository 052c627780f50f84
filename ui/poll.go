package ui

import (
	"context"
	"errors"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/callboard/callboard/webex"
)

// busyWindow is how long the poller stays fast after something changed or
// the operator acted: the next change usually follows within seconds.
const busyWindow = 10 * time.Second

// poller decides when to ask Webex for the call list. It holds no timers:
// the App schedules ticks, and only the newest scheduled tick (gen) fires.
type poller struct {
	fast, idle, maxBackoff time.Duration

	sent     uint64 // sequence number of the newest request sent
	applied  uint64 // sequence number of the newest reply applied
	gen      uint64 // generation of the newest scheduled tick
	failures int    // consecutive failed polls
	err      error  // the last poll's error; nil when it succeeded
	lastOK   time.Time
	busy     time.Time // stay fast until then
	due      time.Time // when the next poll is scheduled
	// limited is the wait Webex asked for in its last 429, if the last poll was one.
	limited time.Duration
}

// delay is the wait before the next poll, given whether calls are ringing or
// connecting (states that change within seconds).
func (p *poller) delay(now time.Time, active bool) time.Duration {
	if p.limited > 0 {
		return p.limited
	}
	if p.failures > 0 {
		d := p.fast << min(p.failures-1, 10)
		return min(d, p.maxBackoff)
	}
	if active || now.Before(p.busy) {
		return p.fast
	}
	return p.idle
}

// record notes a poll's outcome.
func (p *poller) record(msg pollMsg) {
	var limited *webex.RateLimitError
	p.limited = 0
	switch {
	case msg.err == nil:
		p.failures, p.err, p.lastOK = 0, nil, msg.at
	case errors.As(msg.err, &limited):
		p.failures++
		p.err = msg.err
		p.limited = max(limited.RetryAfter, time.Second)
	default:
		p.failures++
		p.err = msg.err
	}
}

// schedule returns a command that fires a poll tick after d.
func (p *poller) schedule(now time.Time, d time.Duration) tea.Cmd {
	p.gen++
	p.due = now.Add(d)
	gen := p.gen
	return tea.Tick(d, func(time.Time) tea.Msg { return pollTickMsg{gen: gen} })
}

// request returns a command sending one List Calls request.
func (p *poller) request(ctx context.Context, api API, lineOwnerID string, timeout time.Duration, now time.Time) tea.Cmd {
	p.sent++
	seq := p.sent
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		calls, err := api.ListCalls(ctx, lineOwnerID)
		return pollMsg{seq: seq, calls: calls, at: now, err: err}
	}
}

// stale reports whether msg is older than a reply already applied.
func (p *poller) stale(msg pollMsg) bool { return msg.seq <= p.applied }
