package main

import (
	"context"
	"io"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/callboard/callboard/cli"
)

// testEnv is an environment that reads and writes nothing.
func testEnv() cli.Env {
	return cli.Env{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: io.Discard, Getenv: func(string) string { return "" }}
}

// stuck is a command that never looks at its context; it returns only when
// release is closed (when the test ends).
func stuck(release <-chan struct{}) command {
	return func(context.Context, []string, cli.Env) int {
		<-release
		return 0
	}
}

// runAsync starts run and returns where its exit code will arrive.
func runAsync(signals <-chan os.Signal, grace time.Duration, cmd command) <-chan int {
	out := make(chan int, 1)
	go func() { out <- run(context.Background(), nil, testEnv(), signals, grace, cmd) }()
	return out
}

// TestSignalEndsACommandThatIgnoresIt: SIGINT ends a command busy with work
// that never checks its context, once the grace has passed.
func TestSignalEndsACommandThatIgnoresIt(t *testing.T) {
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	signals := make(chan os.Signal, 2)
	code := runAsync(signals, time.Millisecond, stuck(release))
	signals <- syscall.SIGINT
	if got := <-code; got != 130 {
		t.Errorf("exit %d after SIGINT, want 130", got)
	}
}

// TestSecondSignalEndsAtOnce: with a grace that would outlast the test, a
// second SIGTERM ends the command at once.
func TestSecondSignalEndsAtOnce(t *testing.T) {
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	signals := make(chan os.Signal, 2)
	code := runAsync(signals, time.Hour, stuck(release))
	signals <- syscall.SIGTERM
	signals <- syscall.SIGTERM
	if got := <-code; got != 143 {
		t.Errorf("exit %d after two SIGTERMs, want 143", got)
	}
}

// TestSignalCancelsTheContext: a command that honours its context returns
// its own code as soon as the signal cancels it, without waiting the grace
// (an hour here: waiting it would hang the test).
func TestSignalCancelsTheContext(t *testing.T) {
	signals := make(chan os.Signal, 2)
	code := runAsync(signals, time.Hour, func(ctx context.Context, _ []string, _ cli.Env) int {
		<-ctx.Done()
		return cli.ExitError
	})
	signals <- syscall.SIGINT
	if got := <-code; got != cli.ExitError {
		t.Errorf("exit %d, want the command's own %d", got, cli.ExitError)
	}
}

// TestNoSignal: without a signal the command's code is the process's.
func TestNoSignal(t *testing.T) {
	code := runAsync(make(chan os.Signal), time.Hour, func(ctx context.Context, args []string, _ cli.Env) int {
		if ctx.Err() != nil {
			return 99
		}
		return cli.ExitUsage
	})
	if got := <-code; got != cli.ExitUsage {
		t.Errorf("exit %d, want %d", got, cli.ExitUsage)
	}
}
