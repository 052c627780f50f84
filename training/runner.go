package training

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/callboard/callboard/desk"
	"github.com/callboard/callboard/webex"
	"github.com/callboard/callboard/webex/sim"
)

// LookEvery is how often the runner looks at the world.
const LookEvery = 250 * time.Millisecond

// World is the simulated world a practice runs on: the simulator's Go API
// (a control plane without HTTP). *sim.Simulator implements it.
type World interface {
	State() sim.State
	Requests() []sim.RequestRecord
	Inbound(in sim.Inbound) (string, error)
	QueueCaller(queue string, in sim.QueueCaller) (string, error)
	Remote(callID, action string) error
	SetPresence(who string, status webex.Presence, d time.Duration) error
}

// WorldOptions are the simulator's settings for practice: nothing happens
// that the scenario does not script (no random callers, nobody hangs up by
// themselves), and a trainee has time to find the keys before a caller
// rings out or a parked call comes back.
func WorldOptions(seed int64) sim.Options {
	return sim.Options{
		Seed:            seed,
		InboundEvery:    0,
		TalkTime:        time.Hour,
		TalkTimeSpread:  -1,
		RingTimeout:     2 * time.Minute,
		ParkRecall:      3 * time.Minute,
		TransferTimeout: time.Minute,
	}
}

// Runner runs a practice: it shows the coach the world and what the desk
// reported, and carries out the scenario's actions on the world. The
// console tells it the desk's effects through Follow; the practice pane
// reads Progress when Changed says so. It is safe for concurrent use.
type Runner struct {
	world World
	log   *slog.Logger

	mu      sync.Mutex
	coach   *Coach
	effects []desk.Effect // reported since the last look
	seen    int           // requests already shown to the coach
	shown   uint64        // the coach's version last announced

	changed chan struct{} // the progress changed; one token is enough
}

// NewRunner prepares a practice of sc on world.
func NewRunner(world World, sc Scenario, log *slog.Logger) *Runner {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Runner{world: world, log: log, coach: NewCoach(sc), changed: make(chan struct{}, 1)}
}

// Follow takes the effects of one step of the desk (the console calls it
// after every step) and keeps what happened on the line. It returns at
// once.
func (r *Runner) Follow(_ time.Time, _ *desk.Desk, effects []desk.Effect) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, e := range effects {
		if _, ok := e.(desk.Happened); ok {
			r.effects = append(r.effects, e)
		}
	}
}

// Progress is the practice now.
func (r *Runner) Progress() Progress {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.coach.Progress()
}

// Changed receives a token when the progress has changed since it was
// last read.
func (r *Runner) Changed() <-chan struct{} { return r.changed }

// Run looks at the world every LookEvery until ctx is done or the practice
// is over.
func (r *Runner) Run(ctx context.Context) {
	tick := time.NewTicker(LookEvery)
	defer tick.Stop()
	for {
		if done := r.look(time.Now()); done {
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// look shows the coach the world once and carries out what falls due. It
// reports whether the practice is over.
func (r *Runner) look(now time.Time) bool {
	state := r.world.State()
	reqs := r.world.Requests()
	r.mu.Lock()
	if len(reqs) < r.seen {
		r.seen = 0 // the log was cut: its oldest records went
	}
	obs := Observation{Effects: r.effects, State: &state, Requests: slices.Clone(reqs[r.seen:])}
	r.effects, r.seen = nil, len(reqs)
	due := r.coach.Advance(now, obs)
	r.mu.Unlock()

	for _, a := range due {
		if err := r.perform(a, state); err != nil {
			r.log.Debug("training: action", "error", err.Error())
			r.mu.Lock()
			r.coach.Note("the practice world could not " + err.Error())
			r.mu.Unlock()
		}
	}
	r.mu.Lock()
	done := r.coach.Done()
	changed := r.coach.Version() != r.shown
	r.shown = r.coach.Version()
	r.mu.Unlock()
	if changed {
		select {
		case r.changed <- struct{}{}:
		default:
		}
	}
	return done
}

// perform carries out one action on the world.
func (r *Runner) perform(a Action, state sim.State) error {
	switch {
	case a.Ring != nil:
		if _, err := r.world.Inbound(sim.Inbound{Name: a.Ring.Name, Number: a.Ring.Number}); err != nil {
			return fmt.Errorf("ring %s: %w", a.Ring.Name, err)
		}
	case a.RingColleague != nil:
		c := a.RingColleague
		if _, err := r.world.Inbound(sim.Inbound{Name: c.Name, Number: c.Number, To: c.To}); err != nil {
			return fmt.Errorf("ring %s for %s: %w", c.To, c.Name, err)
		}
	case a.Queue != nil:
		q := a.Queue
		in := sim.QueueCaller{Name: q.Name, Number: q.Number, Priority: webex.QueuePriority(q.Priority), WaitedSeconds: int(q.Waited.Seconds())}
		if _, err := r.world.QueueCaller(q.Queue, in); err != nil {
			return fmt.Errorf("queue %s in %s: %w", q.Name, q.Queue, err)
		}
	case a.FarEnd != nil:
		for _, call := range state.Calls {
			if wireMatches(call.RemoteParty, a.FarEnd.Caller) {
				if err := r.world.Remote(call.ID, a.FarEnd.Action); err != nil {
					return fmt.Errorf("make %s %s: %w", a.FarEnd.Caller, a.FarEnd.Action, err)
				}
				return nil
			}
		}
		return fmt.Errorf("make %s %s: no such call on the line", a.FarEnd.Caller, a.FarEnd.Action)
	case a.Presence != nil:
		p := a.Presence
		if err := r.world.SetPresence(p.Who, webex.Presence(p.Status), time.Duration(p.Minutes)*time.Minute); err != nil {
			return fmt.Errorf("set %s's presence: %w", p.Who, err)
		}
	default:
		return errors.New("run an empty action")
	}
	return nil
}
