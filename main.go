// Command callboard is a keyboard-driven console for Webex Calling.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/callboard/callboard/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Main(ctx, os.Args[1:], cli.Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv})
	stop()
	os.Exit(code)
}
