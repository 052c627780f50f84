package notify

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strconv"
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

// fakeRunner records the processes a notifier would start. Each run blocks
// until release is closed (or its context ends), so that a test sees how
// many would run at once.
type fakeRunner struct {
	release chan struct{}

	mu      sync.Mutex
	running int
	most    int
	runs    [][]string // name and arguments of every run
}

func newFakeRunner() *fakeRunner { return &fakeRunner{release: make(chan struct{})} }

func (f *fakeRunner) run(ctx context.Context, name string, args ...string) error {
	f.mu.Lock()
	f.running++
	f.most = max(f.most, f.running)
	f.runs = append(f.runs, append([]string{name}, args...))
	f.mu.Unlock()
	defer func() {
		f.mu.Lock()
		f.running--
		f.mu.Unlock()
	}()
	select {
	case <-f.release:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// snapshot returns the runs so far and the most that ran at once.
func (f *fakeRunner) snapshot() (runs [][]string, running, most int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([][]string(nil), f.runs...), f.running, f.most
}

var summary = regexp.MustCompile(`^(\d+) new calls$`)

// shown counts the posts the runs showed: one for a single notification,
// n for "n new calls".
func shown(t *testing.T, runs [][]string) int {
	t.Helper()
	total := 0
	for _, r := range runs {
		title := r[len(r)-2]
		if m := summary.FindStringSubmatch(title); m != nil {
			n, _ := strconv.Atoi(m[1])
			total += n
			continue
		}
		total++
	}
	return total
}

// TestBurstIsBoundedAndCoalesced: 1,000 calls ringing at once start at most
// MaxRunning notification processes at a time, and a handful in all, which
// together account for every call.
func TestBurstIsBoundedAndCoalesced(t *testing.T) {
	for _, bound := range []int{1, 2} {
		t.Run(fmt.Sprintf("MaxRunning=%d", bound), func(t *testing.T) {
			f := newFakeRunner()
			n := Start(t.Context(), Options{Run: f.run, MaxRunning: bound, GOOS: "linux"})
			t.Cleanup(n.Close)
			post := func(i int) { n.Post("Incoming call", fmt.Sprintf("Caller %d +1415555%04d", i, i)) }
			post(0)
			waitFor(t, "the first notification", func() bool { _, running, _ := f.snapshot(); return running == 1 })
			for i := 1; i < 1000; i++ {
				post(i)
			}
			// Every worker is now stuck in a run; whatever is left waits.
			waitFor(t, "the workers to start", func() bool { _, running, _ := f.snapshot(); return running == bound })
			close(f.release)
			waitFor(t, "every call to be shown", func() bool {
				runs, _, _ := f.snapshot()
				return shown(t, runs) == 1000
			})
			runs, _, most := f.snapshot()
			if most > bound {
				t.Errorf("%d notification processes ran at once, want at most %d", most, bound)
			}
			if len(runs) > bound+1 {
				t.Errorf("%d notification processes for one burst, want at most %d", len(runs), bound+1)
			}
			// At most bound+1 runs share 1,000 posts: one of them took many.
			biggest := runs[0]
			for _, r := range runs {
				if len(biggest[len(biggest)-1]) < len(r[len(r)-1]) {
					biggest = r
				}
			}
			if body := biggest[len(biggest)-1]; !strings.HasSuffix(body, " more") || strings.Count(body, "Caller") != DefaultMaxNames {
				t.Errorf("coalesced body %q, want %d names and how many more", body, DefaultMaxNames)
			}
		})
	}
}

// TestMarkupEscaped: a caller's name with markup and escape sequences
// reaches notify-send escaped and plain, after "--".
func TestMarkupEscaped(t *testing.T) {
	f := newFakeRunner()
	close(f.release)
	n := Start(t.Context(), Options{Run: f.run, GOOS: "linux"})
	t.Cleanup(n.Close)
	n.Post("Incoming \x1b]0;pwned\x07call", `<a href="https://evil.example/">Bank</a> <img src=file:///etc/passwd> &amp; \x1b[31m`+"\u202e")
	waitFor(t, "the notification", func() bool { runs, _, _ := f.snapshot(); return len(runs) == 1 })
	runs, _, _ := f.snapshot()
	r := runs[0]
	if r[0] != "notify-send" || r[len(r)-3] != "--" {
		t.Fatalf("ran %q, want notify-send with the texts after --", r)
	}
	title, body := r[len(r)-2], r[len(r)-1]
	if strings.ContainsAny(title+body, "<>\x1b\x07\u202e") {
		t.Errorf("title %q, body %q: markup or control characters got through", title, body)
	}
	if want := "&lt;a href=&#34;https://evil.example/&#34;&gt;Bank&lt;/a&gt; &lt;img src=file:///etc/passwd&gt; &amp;amp;"; !strings.HasPrefix(body, want) {
		t.Errorf("body %q, want it to start %q", body, want)
	}
	if title != "Incoming ]0;pwnedcall" {
		t.Errorf("title %q", title)
	}
}

// TestMacOSTextIsArguments: on macOS the texts are arguments of the script,
// never part of it.
func TestMacOSTextIsArguments(t *testing.T) {
	f := newFakeRunner()
	close(f.release)
	n := Start(t.Context(), Options{Run: f.run, GOOS: "darwin"})
	t.Cleanup(n.Close)
	n.Post("Incoming call", `Bob" & do shell script "touch /tmp/x`)
	waitFor(t, "the notification", func() bool { runs, _, _ := f.snapshot(); return len(runs) == 1 })
	runs, _, _ := f.snapshot()
	r := runs[0]
	if r[0] != "osascript" || r[len(r)-1] != `Bob" & do shell script "touch /tmp/x` {
		t.Errorf("ran %q, want the body as the last argument", r)
	}
	for _, a := range r[1 : len(r)-2] {
		if strings.Contains(a, "Bob") {
			t.Errorf("the caller's text is in the script: %q", a)
		}
	}
}

// TestEachRunHasATimeout: a notification process that hangs is ended after
// Timeout, reported, and the next post is still shown.
func TestEachRunHasATimeout(t *testing.T) {
	var mu sync.Mutex
	var errs []error
	var calls int
	run := func(ctx context.Context, name string, args ...string) error {
		mu.Lock()
		calls++
		first := calls == 1
		mu.Unlock()
		if first {
			<-ctx.Done() // hangs until the timeout
			return ctx.Err()
		}
		return nil
	}
	n := Start(t.Context(), Options{Run: run, GOOS: "linux", Timeout: time.Millisecond, OnError: func(err error) {
		mu.Lock()
		errs = append(errs, err)
		mu.Unlock()
	}})
	t.Cleanup(n.Close)
	n.Post("Incoming call", "A")
	waitFor(t, "the hung run to be reported", func() bool { mu.Lock(); defer mu.Unlock(); return len(errs) == 1 })
	n.Post("Incoming call", "B")
	waitFor(t, "the next post", func() bool { mu.Lock(); defer mu.Unlock(); return calls == 2 })
	mu.Lock()
	defer mu.Unlock()
	if !errors.Is(errs[0], context.DeadlineExceeded) {
		t.Errorf("reported %v, want the deadline", errs[0])
	}
}

// TestCloseEndsEverything: Close ends a run in progress and returns once
// every worker has; posts after Close are dropped without blocking.
func TestCloseEndsEverything(t *testing.T) {
	f := newFakeRunner()
	n := Start(context.Background(), Options{Run: f.run, MaxRunning: 2, GOOS: "linux"})
	n.Post("Incoming call", "A")
	waitFor(t, "the run", func() bool { _, running, _ := f.snapshot(); return running == 1 })
	n.Close()
	if _, running, _ := f.snapshot(); running != 0 {
		t.Errorf("%d runs still going after Close", running)
	}
	n.Post("Incoming call", "B") // must not block
	if runs, _, _ := f.snapshot(); len(runs) != 1 {
		t.Errorf("%d runs, want only the one before Close", len(runs))
	}
}

// TestNoToolIsAnError: where no tool is known, each post is reported, not
// run.
func TestNoToolIsAnError(t *testing.T) {
	f := newFakeRunner()
	got := make(chan error, 1)
	n := Start(t.Context(), Options{Run: f.run, GOOS: "windows", OnError: func(err error) { got <- err }})
	t.Cleanup(n.Close)
	n.Post("Incoming call", "A")
	if err := <-got; !errors.Is(err, errNoTool) {
		t.Errorf("reported %v, want errNoTool", err)
	}
	if runs, _, _ := f.snapshot(); len(runs) != 0 {
		t.Errorf("ran %q", runs)
	}
}

// TestExecRunner runs a real program: its failure carries its output.
func TestExecRunner(t *testing.T) {
	if err := ExecRunner(t.Context(), "go", "version"); err != nil {
		t.Errorf("go version: %v", err)
	}
	err := ExecRunner(t.Context(), "go", "no-such-command")
	if err == nil || !strings.Contains(err.Error(), "unknown command") {
		t.Errorf("a failing run: %v, want its output in the error", err)
	}
}
