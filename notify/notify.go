// Package notify shows desktop notifications for new calls without letting
// a burst of calls, or a caller's chosen name, do harm: caller text is made
// plain and its markup escaped (notification servers render a subset of
// HTML in the body), at most a few notification processes run at once, a
// burst is coalesced into one notification ("5 new calls: …"), every run
// has a timeout, and every goroutine ends with the notifier's context.
// TerminalSequence encodes a notification as a terminal escape sequence
// instead, for a console that runs over SSH or inside tmux.
package notify

import (
	"context"
	"errors"
	"fmt"
	"html"
	"os/exec"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/callboard/callboard/internal/textsafe"
)

// Runner runs a program with arguments and waits for it. It must return
// once ctx is done. ExecRunner is the real one; tests count calls instead.
type Runner func(ctx context.Context, name string, args ...string) error

// Defaults for the zero Options.
const (
	DefaultMaxRunning = 1
	DefaultTimeout    = 5 * time.Second
	DefaultMaxNames   = 3
)

// maxText bounds a title or a caller's text in a notification.
const maxText = 120

// Options configure a Notifier. The zero value is usable.
type Options struct {
	Run        Runner             // nil uses ExecRunner
	MaxRunning int                // notification processes at once; 0 means DefaultMaxRunning
	Timeout    time.Duration      // how long one process may take; 0 means DefaultTimeout
	MaxNames   int                // bodies listed in a coalesced notification; 0 means DefaultMaxNames
	Summary    func(n int) string // the title of n coalesced posts; nil gives "n new calls"
	OnError    func(err error)    // told about each failed run (not on the terminal: it belongs to the console); nil ignores
	GOOS       string             // which platform's tool to use; "" means runtime.GOOS
}

// Notifier queues posts and shows them with the platform's tool. It is safe
// for concurrent use.
type Notifier struct {
	opts   Options
	cancel context.CancelFunc
	wg     sync.WaitGroup
	wake   chan struct{} // a post is waiting; one token is enough

	mu      sync.Mutex
	pending batch
}

// post is one notification asked for.
type post struct{ title, body string }

// batch is what waits to be shown: how many posts, and the first few.
type batch struct {
	count int
	first []post // the first MaxNames of them
}

// Start returns a notifier whose workers run until ctx is done or Close is
// called.
func Start(ctx context.Context, opts Options) *Notifier {
	if opts.Run == nil {
		opts.Run = ExecRunner
	}
	if opts.MaxRunning <= 0 {
		opts.MaxRunning = DefaultMaxRunning
	}
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.MaxNames <= 0 {
		opts.MaxNames = DefaultMaxNames
	}
	if opts.Summary == nil {
		opts.Summary = func(n int) string { return fmt.Sprintf("%d new calls", n) }
	}
	if opts.GOOS == "" {
		opts.GOOS = runtime.GOOS
	}
	ctx, cancel := context.WithCancel(ctx)
	n := &Notifier{opts: opts, cancel: cancel, wake: make(chan struct{}, 1)}
	for range opts.MaxRunning {
		n.wg.Add(1)
		go n.work(ctx)
	}
	return n
}

// Post queues a notification and returns at once. Posts that arrive while
// every worker is busy are shown together as one.
func (n *Notifier) Post(title, body string) {
	n.mu.Lock()
	n.pending.count++
	if len(n.pending.first) < n.opts.MaxNames {
		n.pending.first = append(n.pending.first, post{title: title, body: body})
	}
	n.mu.Unlock()
	select {
	case n.wake <- struct{}{}:
	default: // a worker is already due to look
	}
}

// Close stops the workers, ending any notification process still running,
// drops what is queued, and waits for the workers to return.
func (n *Notifier) Close() {
	n.cancel()
	n.wg.Wait()
}

// work shows queued notifications, one process at a time, until ctx ends.
func (n *Notifier) work(ctx context.Context) {
	defer n.wg.Done()
	for {
		b, ok := n.take(ctx)
		if !ok {
			return
		}
		title, body := n.render(b)
		if err := n.show(ctx, title, body); err != nil && ctx.Err() == nil && n.opts.OnError != nil {
			n.opts.OnError(err)
		}
	}
}

// take waits for queued posts and takes all of them.
func (n *Notifier) take(ctx context.Context) (batch, bool) {
	for {
		n.mu.Lock()
		b := n.pending
		n.pending = batch{}
		n.mu.Unlock()
		if b.count > 0 {
			return b, true
		}
		select {
		case <-ctx.Done():
			return batch{}, false
		case <-n.wake:
		}
	}
}

// render makes one notification of a batch: the post itself, or a summary
// title and the first few bodies.
func (n *Notifier) render(b batch) (title, body string) {
	if b.count == 1 {
		return plain(b.first[0].title), plain(b.first[0].body)
	}
	names := make([]string, 0, len(b.first))
	for _, p := range b.first {
		if s := plain(p.body); s != "" {
			names = append(names, s)
		}
	}
	body = strings.Join(names, ", ")
	if more := b.count - len(b.first); more > 0 {
		body += fmt.Sprintf(" and %d more", more)
	}
	return plain(n.opts.Summary(b.count)), body
}

// plain makes text from a caller one short line with nothing a terminal or
// a notification server would act on.
func plain(s string) string { return textsafe.Clip(textsafe.Line(s), maxText) }

// errNoTool reports a platform without a notification tool callboard knows.
var errNoTool = errors.New("no desktop notification tool is known on this platform")

// show runs the platform's tool for one notification, within the timeout.
func (n *Notifier) show(ctx context.Context, title, body string) error {
	name, args, err := command(n.opts.GOOS, title, body)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, n.opts.Timeout)
	defer cancel()
	if err := n.opts.Run(ctx, name, args...); err != nil {
		return fmt.Errorf("desktop notification: %w", err)
	}
	return nil
}

// command is the program and arguments showing one notification. Title and
// body are passed as arguments of their own, never inside a script, and
// after "--" where options end, so no text is taken for an option or code.
func command(goos, title, body string) (string, []string, error) {
	switch goos {
	case "darwin":
		// The text reaches the script as its arguments, not spliced in.
		return "osascript", []string{"-e", "on run argv", "-e",
			"display notification (item 2 of argv) with title (item 1 of argv)", "-e", "end run", title, body}, nil
	case "windows", "plan9", "js", "wasip1", "ios", "android":
		return "", nil, errNoTool
	}
	// The body of a freedesktop notification is markup: a caller named
	// <img src=file:…> or <a href=…> would be rendered, so it is escaped.
	return "notify-send", []string{"--app-name=callboard", "--", title, html.EscapeString(body)}, nil
}

// maxOutput bounds what a failing tool may say in an error.
const maxOutput = 200

// ExecRunner runs the program, ending it when ctx is done. What it writes
// is kept, briefly, for the error of a failed run.
func ExecRunner(ctx context.Context, name string, args ...string) error {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.WaitDelay = time.Second // a child keeping the pipes open must not hold the worker
	out, err := cmd.CombinedOutput()
	if err != nil {
		if msg := textsafe.Clip(textsafe.Line(string(out)), maxOutput); msg != "" {
			return fmt.Errorf("%s: %w: %s", name, err, msg)
		}
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}
