package hooks

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/callboard/callboard/desk"
)

// Defaults of a Runner.
const (
	DefaultMaxRunning = 4  // hook processes at once, all hooks together
	DefaultMaxPending = 32 // runs waiting in one group; older ones are skipped beyond
)

// Exec runs one hook process and waits for it: argv[0] with its arguments,
// in exactly the environment env. It must end the process (and whatever
// it started) when ctx is done. ExecProcess is the real one.
type Exec func(ctx context.Context, argv, env []string) error

// Options configure a Runner.
type Options struct {
	Hooks []Hook
	// Line is the secondary line the console watches ("" for the
	// operator's own), for the events' line field.
	Line       string
	MaxRunning int // 0 means DefaultMaxRunning
	MaxPending int // 0 means DefaultMaxPending
	// Environ is what every hook inherits before the event's variables;
	// nil means this process's environment. WEBEX_TOKEN and CALLBOARD_*
	// are always left out: a hook gets the event, never the sign-in.
	Environ []string
	// Shell runs shell = true hooks; "" means /bin/sh.
	Shell string
	// Exec runs a process; nil means ExecProcess.
	Exec Exec
	// Report is told, once per failing spell of a hook, a line for the
	// status line. It must not block. nil ignores.
	Report func(text string)
	// Log gets every failure and skip; nil discards.
	Log *slog.Logger
}

// Runner runs the hooks for events as they come, never blocking the
// caller: at most MaxRunning processes at once; one run at a time per
// group, in order; a burst coalesced (a newer event of the same kind and
// call replaces one still waiting, and beyond MaxPending the oldest
// waiting runs are skipped and counted); every run bounded by its timeout,
// after which it is killed with everything it started. It is safe for
// concurrent use; Close stops it.
type Runner struct {
	opts   Options
	hooks  []compiled
	env    []string
	cancel context.CancelFunc
	wg     sync.WaitGroup
	wake   chan struct{} // a group may be ready; one token is enough

	mu      sync.Mutex
	groups  []*group
	ready   []*group // groups with runs waiting and none running, oldest first
	closed  bool
	failing []bool // per hook: a failure was reported and no run has succeeded since
}

// compiled is a hook ready to run.
type compiled struct {
	Hook
	args  []template
	group *group
}

// job is one run waiting: a hook and the event it runs for.
type job struct {
	hook int
	ev   Event
}

// key is what coalescing compares: the kind of event and its call.
func (j job) key() string { return j.ev.Event + "\x00" + j.ev.CallID }

// group is a queue of runs that go one at a time.
type group struct {
	name    string
	pending []job
	running bool
	queued  bool // in Runner.ready
	skipped int  // runs dropped since the last run, passed on as CALLBOARD_SKIPPED
	slow    bool // a skip was reported and the queue has not drained since
}

// Start checks the hooks and starts a runner whose workers run until ctx
// is done or Close is called.
func Start(ctx context.Context, opts Options) (*Runner, error) {
	if len(opts.Hooks) > MaxHooks {
		return nil, fmt.Errorf("hooks: %d configured, at most %d", len(opts.Hooks), MaxHooks)
	}
	if opts.MaxRunning <= 0 {
		opts.MaxRunning = DefaultMaxRunning
	}
	if opts.MaxPending <= 0 {
		opts.MaxPending = DefaultMaxPending
	}
	if opts.Shell == "" {
		opts.Shell = "/bin/sh"
	}
	if opts.Exec == nil {
		opts.Exec = ExecProcess
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	if opts.Environ == nil {
		opts.Environ = os.Environ()
	}
	ctx, cancel := context.WithCancel(ctx)
	r := &Runner{opts: opts, cancel: cancel, wake: make(chan struct{}, 1), failing: make([]bool, len(opts.Hooks))}
	r.env = inherited(opts.Environ)
	byName := map[string]*group{}
	for i, h := range opts.Hooks {
		if p := h.Problems(); len(p) > 0 {
			cancel()
			return nil, fmt.Errorf("hook %d (%s): %s", i+1, h.Label(), p[0].Message)
		}
		if h.Timeout == 0 {
			h.Timeout = DefaultTimeout
		}
		c := compiled{Hook: h}
		if !h.Shell {
			for _, a := range h.Command {
				t, _ := compileArg(a) // checked by Problems
				c.args = append(c.args, t)
			}
		}
		name := h.Group
		if name == "" {
			name = "\x00" + strconv.Itoa(i) // a group of its own
		}
		g, ok := byName[name]
		if !ok {
			g = &group{name: name}
			byName[name] = g
			r.groups = append(r.groups, g)
		}
		c.group = g
		r.hooks = append(r.hooks, c)
	}
	for range opts.MaxRunning {
		r.wg.Add(1)
		go r.work(ctx)
	}
	return r, nil
}

// inherited is the environment hooks start from: the parent's, without
// the sign-in and without any CALLBOARD_ variable an event would set.
func inherited(environ []string) []string {
	var out []string
	for _, kv := range environ {
		name, _, _ := strings.Cut(kv, "=")
		if name == "WEBEX_TOKEN" || strings.HasPrefix(name, "CALLBOARD_") {
			continue
		}
		out = append(out, kv)
	}
	return out
}

// Follow runs the hooks for the events among the effects of one step of
// the desk (the console and the headless host call it after every step).
// It returns at once.
func (r *Runner) Follow(now time.Time, _ *desk.Desk, effects []desk.Effect) {
	for _, e := range effects {
		if ev, ok := FromEffect(now, e, r.opts.Line); ok {
			r.Fire(ev)
		}
	}
}

// Fire queues the runs of every hook the event matches and returns at once.
func (r *Runner) Fire(ev Event) {
	r.mu.Lock()
	if r.closed {
		r.mu.Unlock()
		return
	}
	var skips []string
	for i := range r.hooks {
		h := &r.hooks[i]
		if !h.matches(&ev) {
			continue
		}
		g := h.group
		j := job{hook: i, ev: ev}
		// A newer event of the same kind and call makes a waiting run
		// pointless: the hook will hear the newer one.
		kept := g.pending[:0]
		for _, p := range g.pending {
			if p.key() == j.key() {
				g.skipped++
				continue
			}
			kept = append(kept, p)
		}
		g.pending = append(kept, j)
		if over := len(g.pending) - r.opts.MaxPending; over > 0 {
			g.pending = append(g.pending[:0], g.pending[over:]...)
			g.skipped += over
			if !g.slow {
				g.slow = true
				skips = append(skips, h.Label())
			}
		}
		if !g.running && !g.queued {
			g.queued = true
			r.ready = append(r.ready, g)
		}
	}
	r.mu.Unlock()
	for _, label := range skips {
		r.opts.Log.Warn("hook is slower than the line: events skipped", "hook", label)
		r.report("hook " + label + " is slower than the line: some events were skipped")
	}
	r.signal()
}

// signal wakes a worker, if none is already due to look.
func (r *Runner) signal() {
	select {
	case r.wake <- struct{}{}:
	default:
	}
}

// report passes a line to the status line.
func (r *Runner) report(text string) {
	if r.opts.Report != nil {
		r.opts.Report(text)
	}
}

// Close stops the runner: runs still waiting are dropped, processes still
// running are killed, and Close returns once every worker has.
func (r *Runner) Close() {
	r.mu.Lock()
	r.closed = true
	r.mu.Unlock()
	r.cancel()
	r.wg.Wait()
}

// work runs waiting runs until ctx ends.
func (r *Runner) work(ctx context.Context) {
	defer r.wg.Done()
	for {
		g, j, skipped, ok := r.take(ctx)
		if !ok {
			return
		}
		err := r.run(ctx, j, skipped)
		r.finish(g, j, err, ctx.Err() != nil)
	}
}

// take waits for a group with a run waiting and takes its first run.
func (r *Runner) take(ctx context.Context) (*group, job, int, bool) {
	for {
		r.mu.Lock()
		if len(r.ready) > 0 {
			g := r.ready[0]
			r.ready = r.ready[1:]
			g.queued, g.running = false, true
			j := g.pending[0]
			g.pending = g.pending[1:]
			skipped := g.skipped
			g.skipped = 0
			more := len(r.ready) > 0
			r.mu.Unlock()
			if more {
				r.signal() // another worker may take the next group
			}
			return g, j, skipped, true
		}
		r.mu.Unlock()
		select {
		case <-ctx.Done():
			return nil, job{}, 0, false
		case <-r.wake:
		}
	}
}

// finish records how a run went and puts its group back in line.
func (r *Runner) finish(g *group, j job, err error, closing bool) {
	h := &r.hooks[j.hook]
	r.mu.Lock()
	g.running = false
	if len(g.pending) > 0 {
		g.queued = true
		r.ready = append(r.ready, g)
	} else {
		g.slow = false
	}
	first := false
	switch {
	case err == nil:
		r.failing[j.hook] = false
	case !closing && !r.failing[j.hook]:
		r.failing[j.hook] = true
		first = true
	}
	r.mu.Unlock()
	r.signal()
	if err == nil || closing {
		return
	}
	r.opts.Log.Warn("hook failed", "hook", h.Label(), "event", j.ev.Event, "call", j.ev.CallID, "error", err.Error())
	if first {
		r.report("hook " + h.Label() + " failed: " + clean(err.Error()))
	}
}

// run runs one hook for one event, within its timeout.
func (r *Runner) run(ctx context.Context, j job, skipped int) error {
	h := &r.hooks[j.hook]
	var argv []string
	if h.Shell {
		argv = []string{r.opts.Shell, "-c", h.Command[0], "callboard-hook"}
	} else {
		for _, t := range h.args {
			argv = append(argv, t.expand(&j.ev))
		}
	}
	env := append(append(append([]string(nil), r.env...), j.ev.Env()...), "CALLBOARD_SKIPPED="+strconv.Itoa(skipped))
	ctx, cancel := context.WithTimeout(ctx, h.Timeout)
	defer cancel()
	err := r.opts.Exec(ctx, argv, env)
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return fmt.Errorf("killed after %s: it did not finish in time (timeout)", h.Timeout)
	}
	return err
}
