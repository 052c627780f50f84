// The runtime's monitor would read the cgroup's CPU limit once a second all
// day to follow changes to it; a console on a desk has no use for that, and
// an idle one pays for it (GOMAXPROCS is still set from the limit at start).
//go:debug updatemaxprocs=0

// Command callboard is a keyboard-driven console for Webex Calling.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/callboard/callboard/cli"
)

// graceAfterSignal is how long a command has, once SIGINT or SIGTERM has
// cancelled its context, to finish on its own (restore the terminal, close
// the sign-in listener) before the process exits anyway.
const graceAfterSignal = time.Second

func main() {
	signals := make(chan os.Signal, 2)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	env := cli.Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv}
	os.Exit(run(context.Background(), os.Args[1:], env, signals, graceAfterSignal, cli.Main))
}

// command is what run runs: cli.Main in production.
type command func(ctx context.Context, args []string, env cli.Env) int

// run runs cmd and returns its exit code. The first signal cancels cmd's
// context; cmd then has grace to return. Whatever cmd is doing, even work
// that never looks at its context (a keyring that does not answer, say),
// the process ends by then, or at once on a second signal: ctrl+c never has
// to be pressed twice, and never in vain.
func run(ctx context.Context, args []string, env cli.Env, signals <-chan os.Signal, grace time.Duration, cmd command) int {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	done := make(chan int, 1) // buffered: the goroutine never blocks, and ends with cmd
	go func() { done <- cmd(ctx, args, env) }()
	var sig os.Signal
	select {
	case code := <-done:
		return code
	case sig = <-signals:
	}
	cancel()
	timer := time.NewTimer(grace)
	defer timer.Stop()
	select {
	case code := <-done:
		return code
	case <-timer.C:
	case sig = <-signals:
	}
	return signalExitCode(sig)
}

// signalExitCode is the shell's exit status for a process ended by sig:
// 128 plus the signal number (130 for SIGINT, 143 for SIGTERM).
func signalExitCode(sig os.Signal) int {
	if s, ok := sig.(syscall.Signal); ok {
		return 128 + int(s)
	}
	return 1
}
