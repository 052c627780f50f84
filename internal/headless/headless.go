// Package headless runs the desk without a terminal: a loop that steps it
// with a Tick at its NextWake, carries out its Poll and Send effects on the
// Webex client (through internal/dispatch, as the console does), feeds the
// replies back, and hands every other effect to its caller. Polling, back
// off after errors and 429s all come from the desk, so `callboard watch`
// follows the line exactly as the console would.
package headless

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/callboard/callboard/desk"
	"github.com/callboard/callboard/internal/dispatch"
	"github.com/callboard/callboard/webex"
)

// API is what the host needs from the Webex client; *webex.Client
// implements it.
type API interface {
	dispatch.API
	dispatch.Lister
	Me(ctx context.Context) (webex.Person, error)
}

// DefaultTimeout bounds one request when Options.Timeout is zero.
const DefaultTimeout = 15 * time.Second

// Options configure a host.
type Options struct {
	API  API
	Desk desk.Config
	// Line is the secondary line to follow (its lineOwnerId); "" for the
	// user's own.
	Line    string
	Timeout time.Duration // one request; 0 means DefaultTimeout
	// Follow is given the effects of every step, with its time and the
	// desk, as the console gives its followers (Happened, OperatorChanged,
	// Say, Bell...). It runs on the host's goroutine: it must return soon.
	Follow func(now time.Time, d *desk.Desk, effects []desk.Effect)
	// Check runs after every step with the desk, read only; an error it
	// returns ends Run with that error (say, a sign-in Webex refuses).
	Check func(d *desk.Desk) error
	// Events are stepped as they come, as keys would be in the console (an
	// Intent acts on a call); nil for none.
	Events <-chan desk.Event
	Log    *slog.Logger // nil discards
}

// ErrStopped is what Check returns to end Run without an error.
var ErrStopped = errors.New("headless: stopped")

// Run follows the line until ctx is done (it then returns nil) or Check
// returns an error. Requests in flight when it returns have been
// cancelled and waited for.
func Run(ctx context.Context, opts Options) error {
	if opts.API == nil {
		return errors.New("headless: no API")
	}
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	if opts.Follow == nil {
		opts.Follow = func(time.Time, *desk.Desk, []desk.Effect) {}
	}
	ctx, cancel := context.WithCancel(ctx)
	h := &host{opts: opts, ctx: ctx, d: desk.New(opts.Desk), replies: make(chan desk.Event)}
	defer func() {
		cancel()
		h.inflight.Wait()
	}()
	h.fetchMe()
	if err := h.step(desk.Tick{}); err != nil {
		return stopped(err)
	}
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	events := opts.Events
	for {
		timer.Reset(h.untilWake())
		var ev desk.Event
		select {
		case <-ctx.Done():
			return nil
		case ev = <-h.replies:
		case e, ok := <-events:
			if !ok {
				events = nil // closed: no more to come
				continue
			}
			ev = e
		case <-timer.C:
			ev = desk.Tick{}
		}
		if err := h.step(ev); err != nil {
			return stopped(err)
		}
	}
}

// stopped turns Check's ErrStopped into a clean end.
func stopped(err error) error {
	if errors.Is(err, ErrStopped) {
		return nil
	}
	return err
}

// idleWake is how long the host sleeps when the desk has nothing due:
// never in practice, as a desk always has its next poll scheduled.
const idleWake = time.Minute

// host is one running loop.
type host struct {
	opts     Options
	ctx      context.Context
	d        *desk.Desk
	replies  chan desk.Event // replies to requests, from their goroutines
	inflight sync.WaitGroup
}

// untilWake is how long until the desk's next wake.
func (h *host) untilWake() time.Duration {
	at := h.d.NextWake()
	if at.IsZero() {
		return idleWake
	}
	return max(time.Until(at), 0)
}

// step applies an event now and carries out what the desk asks.
func (h *host) step(ev desk.Event) error {
	now := time.Now()
	effects := h.d.Step(now, ev)
	h.opts.Follow(now, h.d, effects)
	for _, e := range effects {
		switch e := e.(type) {
		case desk.Poll:
			h.poll(e.Seq)
		case desk.Send:
			h.send(e.Op)
		}
	}
	if h.opts.Check != nil {
		if err := h.opts.Check(h.d); err != nil {
			return err
		}
	}
	return nil
}

// request runs fn in a goroutine of its own, bounded by the timeout, and
// delivers its event to the loop unless the host is ending.
func (h *host) request(fn func(ctx context.Context) desk.Event) {
	h.inflight.Add(1)
	go func() {
		defer h.inflight.Done()
		ctx, cancel := context.WithTimeout(h.ctx, h.opts.Timeout)
		defer cancel()
		ev := fn(ctx)
		select {
		case h.replies <- ev:
		case <-h.ctx.Done():
		}
	}()
}

// poll asks for the line's calls.
func (h *host) poll(seq uint64) {
	api, line, log := h.opts.API, h.opts.Line, h.opts.Log
	h.request(func(ctx context.Context) desk.Event {
		p := dispatch.Poll(ctx, api, line, seq)
		if p.Failure != nil {
			log.Debug("poll failed", "error", p.Failure.Error())
		}
		return p
	})
}

// send sends one operation on the line.
func (h *host) send(op desk.Operation) {
	if op.Line == "" {
		op.Line = h.opts.Line
	}
	api, log := h.opts.API, h.opts.Log
	h.request(func(ctx context.Context) desk.Event {
		reply, err := dispatch.Reply(ctx, api, op)
		if err != nil {
			log.Debug("action failed", "action", op.Action.String(), "error", err.Error())
		}
		return reply
	})
}

// fetchMe tells the desk who is signed in, so it knows a park on the
// user's own line. Without the people scope the desk does without.
func (h *host) fetchMe() {
	api, log := h.opts.API, h.opts.Log
	h.request(func(ctx context.Context) desk.Event {
		p, err := api.Me(ctx)
		if err != nil {
			log.Debug("who am I", "error", err.Error())
			return desk.Identify{}
		}
		me := desk.Me{PersonID: p.ID, Numbers: []string{p.Extension}}
		for _, n := range p.PhoneNumbers {
			me.Numbers = append(me.Numbers, n.Value)
		}
		return desk.Identify{Me: me}
	})
}

// Describe says in one line how the desk's connection stands, for a
// program without a screen: "" while all is well.
func Describe(c desk.Connection) string {
	switch {
	case c.SignedOut:
		return "signed out: " + desk.SignInHint
	case c.Limited:
		return fmt.Sprintf("rate limited by Webex: waiting until %s", c.LimitUntil.Format(time.TimeOnly))
	case c.Failures >= 2 && c.Failure != nil:
		return "cannot follow the line (" + c.Failure.Error() + "): retrying by itself"
	}
	return ""
}
