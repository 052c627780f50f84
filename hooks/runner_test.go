package hooks

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// pollDeadline only ever ends a failing test.
const pollDeadline = 10 * time.Second

// waitFor polls cond until it holds, failing the test after pollDeadline.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(pollDeadline)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

// fakeExec records the processes a runner would start. While held, each
// run blocks until released (or its context ends), so a test sees how many
// would run at once.
type fakeExec struct {
	mu      sync.Mutex
	held    bool
	release chan struct{}
	fail    func(argv []string) error
	running int
	most    int
	runs    []fakeRun
}

type fakeRun struct {
	argv []string
	env  map[string]string
}

func newFakeExec(held bool) *fakeExec { return &fakeExec{held: held, release: make(chan struct{})} }

func (f *fakeExec) exec(ctx context.Context, argv, env []string) error {
	f.mu.Lock()
	f.running++
	f.most = max(f.most, f.running)
	f.runs = append(f.runs, fakeRun{argv: argv, env: envMap(env)})
	held, fail := f.held, f.fail
	f.mu.Unlock()
	defer func() {
		f.mu.Lock()
		f.running--
		f.mu.Unlock()
	}()
	if held {
		select {
		case <-f.release:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	if fail != nil {
		return fail(argv)
	}
	return nil
}

// letGo releases every held run, now and later.
func (f *fakeExec) letGo() {
	f.mu.Lock()
	f.held = false
	f.mu.Unlock()
	close(f.release)
}

func (f *fakeExec) snapshot() (runs []fakeRun, running, most int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.runs), f.running, f.most
}

// reports collects what a runner reports for the status line.
type reports struct {
	mu    sync.Mutex
	lines []string
}

func (r *reports) add(s string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.lines = append(r.lines, s)
}

func (r *reports) all() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.lines)
}

func start(t *testing.T, f *fakeExec, rep *reports, hs ...Hook) *Runner {
	t.Helper()
	r, err := Start(context.Background(), Options{Hooks: hs, Exec: f.exec, Report: rep.add, Environ: []string{"PATH=/bin"}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(r.Close)
	return r
}

func ringingEvent(i int) Event {
	return Event{Event: "ringing", CallID: fmt.Sprintf("call-%d", i), CallerNumber: fmt.Sprintf("+1415555%04d", i), State: "ringing"}
}

// 1,000 events at once must not become 1,000 processes: runs are bounded
// by the runner's concurrency, and what waits is bounded and coalesced.
func TestThousandEventsAtOnce(t *testing.T) {
	f := newFakeExec(true)
	rep := &reports{}
	var hs []Hook
	for i := range 8 {
		hs = append(hs, Hook{Name: fmt.Sprintf("pop %d", i), Events: []string{"ringing"}, Command: []string{"pop", "{caller_number}"}})
	}
	light := Hook{Name: "light", Events: []string{"operator"}, Command: []string{"light", "{state}"}}
	r := start(t, f, rep, append(hs, light)...)

	states := []string{"ringing", "on-call", "on-hold", "idle"}
	for i := range 1000 {
		r.Fire(ringingEvent(i))
		r.Fire(Event{Event: "operator", State: states[i%len(states)]})
	}
	waitFor(t, "the first runs to start", func() bool { _, running, _ := f.snapshot(); return running == DefaultMaxRunning })
	f.letGo()
	// Every hook ends with its last event: the newest waiting run is kept.
	waitFor(t, "the last events to reach the hooks", func() bool {
		runs, running, _ := f.snapshot()
		if running != 0 {
			return false
		}
		last := map[string]string{}
		for _, run := range runs {
			last[run.argv[0]] = run.argv[1]
		}
		return last["pop"] == "+14155550999" && last["light"] == "idle"
	})
	runs, _, most := f.snapshot()
	if most > DefaultMaxRunning {
		t.Errorf("%d hook processes ran at once, at most %d may", most, DefaultMaxRunning)
	}
	// Each pop hook: the run started at once, then at most MaxPending.
	if limit := len(hs)*(1+DefaultMaxPending) + 2; len(runs) > limit {
		t.Errorf("%d processes for 9,000 matching events, want at most %d", len(runs), limit)
	}
	lightRuns := slices.DeleteFunc(slices.Clone(runs), func(r fakeRun) bool { return r.argv[0] != "light" })
	if len(lightRuns) > 2 {
		t.Errorf("the busy light ran %d times for 1,000 state changes; coalesced, it runs for the first and the last", len(lightRuns))
	}
	if got := rep.all(); len(got) != len(hs) || !strings.Contains(got[0], "slower than the line") {
		t.Errorf("reports %q: want one per hook that skipped events", got)
	}
	skipped := 0
	for _, run := range runs {
		if run.argv[0] == "pop" {
			n := 0
			fmt.Sscan(run.env["CALLBOARD_SKIPPED"], &n)
			skipped += n
		}
	}
	if skipped == 0 {
		t.Error("no run was told CALLBOARD_SKIPPED although events were skipped")
	}
}

// A group's runs go one at a time, in the order of the events: a busy light
// with a hook per colour never ends on a colour older than the last event.
func TestGroupKeepsOrderAcrossHooks(t *testing.T) {
	f := newFakeExec(false)
	var order []string
	var mu sync.Mutex
	f.fail = func(argv []string) error {
		mu.Lock()
		defer mu.Unlock()
		order = append(order, argv[1])
		time.Sleep(time.Millisecond) // give a second worker every chance to overtake
		return nil
	}
	rep := &reports{}
	colour := func(state, c string) Hook {
		return Hook{Events: []string{"operator"}, Filter: map[string]string{"state": state}, Command: []string{"light", c}, Group: "light"}
	}
	r := start(t, f, rep, colour("ringing", "yellow"), colour("on-call|on-hold", "red"), colour("idle", "green"))
	seq := []string{"ringing", "on-call", "idle", "ringing", "on-hold", "idle"}
	want := []string{"yellow", "red", "green", "yellow", "red", "green"}
	for i, s := range seq {
		r.Fire(Event{Event: "operator", State: s})
		waitFor(t, "the run for "+s, func() bool { mu.Lock(); defer mu.Unlock(); return len(order) == i+1 })
	}
	mu.Lock()
	if !slices.Equal(order, want) {
		t.Errorf("colours %q, want %q", order, want)
	}
	mu.Unlock()
	// A burst: the last word wins.
	for _, s := range seq {
		r.Fire(Event{Event: "operator", State: s})
	}
	waitFor(t, "the burst to settle on green", func() bool {
		_, running, _ := f.snapshot()
		mu.Lock()
		defer mu.Unlock()
		return running == 0 && order[len(order)-1] == "green"
	})
	if _, _, most := f.snapshot(); most > 1 {
		t.Errorf("%d runs of one group at once", most)
	}
}

// A failing hook is reported once, not once per event, and again only
// after it has worked in between.
func TestFailingHookReportedOnce(t *testing.T) {
	f := newFakeExec(false)
	var mu sync.Mutex
	broken := true
	f.fail = func([]string) error {
		mu.Lock()
		defer mu.Unlock()
		if broken {
			return errors.New("exit status 3: no such light")
		}
		return nil
	}
	rep := &reports{}
	r := start(t, f, rep, Hook{Name: "light", Events: []string{"answered"}, Command: []string{"light"}})
	for i := range 5 {
		r.Fire(Event{Event: "answered", CallID: fmt.Sprint(i)})
	}
	waitFor(t, "five runs", func() bool { runs, running, _ := f.snapshot(); return len(runs) >= 5 && running == 0 })
	if got := rep.all(); len(got) != 1 || got[0] != "hook light failed: exit status 3: no such light" {
		t.Fatalf("reports %q, want exactly one", got)
	}
	mu.Lock()
	broken = false
	mu.Unlock()
	r.Fire(Event{Event: "answered", CallID: "ok"})
	waitFor(t, "the run that works", func() bool { runs, running, _ := f.snapshot(); return len(runs) == 6 && running == 0 })
	mu.Lock()
	broken = true
	mu.Unlock()
	r.Fire(Event{Event: "answered", CallID: "again"})
	waitFor(t, "a second report after recovering", func() bool { return len(rep.all()) == 2 })
}

// The caller is never blocked: Fire returns while every process hangs, and
// Close ends them.
func TestFireNeverBlocksAndCloseEndsRuns(t *testing.T) {
	f := newFakeExec(true)
	r, err := Start(context.Background(), Options{Exec: f.exec, MaxPending: 2,
		Hooks: []Hook{{Events: []string{"ringing"}, Command: []string{"hang"}}}})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		for i := range 10000 {
			r.Fire(ringingEvent(i))
		}
		close(done)
	}()
	<-done // would never come if Fire waited for a run
	r.Close()
	if _, running, _ := f.snapshot(); running != 0 {
		t.Errorf("%d runs still going after Close", running)
	}
	r.Fire(ringingEvent(1)) // after Close: ignored, no panic
}

func TestStartRefusesABadHook(t *testing.T) {
	_, err := Start(context.Background(), Options{Hooks: []Hook{{Events: []string{"rang"}, Command: []string{"true"}}}})
	if err == nil || !strings.Contains(err.Error(), "not an event") {
		t.Errorf("Start with a bad hook: %v", err)
	}
}

func TestInheritedEnvironmentLeavesOutTheSignIn(t *testing.T) {
	got := inherited([]string{"PATH=/bin", "WEBEX_TOKEN=secret", "CALLBOARD_EVENT=stale", "HOME=/home/op"})
	if !slices.Equal(got, []string{"PATH=/bin", "HOME=/home/op"}) {
		t.Errorf("inherited = %q", got)
	}
}
