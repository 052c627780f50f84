// Package cli is callboard's command line: the console by default, the
// simulator, sign-in, and one-shot verbs for scripts. It wires configuration,
// credentials and the Webex client together; the work itself lives in the
// packages it calls.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/callboard/callboard/config"
	"github.com/callboard/callboard/internal/textsafe"
	"github.com/callboard/callboard/webex"
)

// Exit codes, part of the command line's contract.
const (
	ExitOK    = 0 // success
	ExitError = 1 // an API or network error: the request may have reached Webex
	ExitUsage = 2 // a usage or validation error: nothing was sent
)

// Env is what the command line needs from the process.
type Env struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string
}

// usageError marks a mistake in how callboard was invoked; nothing was sent.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error { return usageError{fmt.Errorf(format, args...)} }

// Main runs the command line with args (without the program name) and returns
// the process exit code.
func Main(ctx context.Context, args []string, env Env) int {
	a := &app{env: env}
	root := a.rootCommand()
	root.SetArgs(args)
	root.SetIn(env.Stdin)
	root.SetOut(env.Stdout)
	root.SetErr(env.Stderr)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return ExitOK
	}
	fmt.Fprintln(env.Stderr, "callboard: "+describe(err))
	var usage usageError
	if errors.As(err, &usage) || !isRuntime(err) {
		return ExitUsage
	}
	return ExitError
}

// runtimeError marks a failure after a request may have been sent.
type runtimeError struct{ err error }

func (e runtimeError) Error() string { return e.err.Error() }
func (e runtimeError) Unwrap() error { return e.err }

func isRuntime(err error) bool {
	var r runtimeError
	return errors.As(err, &r)
}

// describe renders an error for the terminal, adding the remedy where there
// is one. The error's own text goes through textsafe.ErrorLine: it may quote
// what the network sent (a certificate's names, a header, a message).
func describe(err error) string {
	msg := textsafe.ErrorLine(err)
	var limited *webex.RateLimitError
	var refused *config.Error
	var unsure unsureError
	switch {
	case errors.As(err, &unsure):
		// Before any other remedy: raising --timeout, or trying again, could
		// place a second call.
		msg += "\n  " + unsure.remedy()
	case errors.As(err, &refused):
		// One problem a line, each as safe as any other error.
		lines := make([]string, len(refused.Problems))
		for i, p := range refused.Problems {
			lines[i] = textsafe.Clip(textsafe.Line(p.String()), 300)
		}
		msg = strings.Join(lines, "\n")
	case isScope(err):
		msg += "\n  sign in again with `callboard login`: it asks for the scopes callboard needs ([oauth] scopes)"
	case errors.Is(err, webex.ErrUnauthenticated):
		msg += "\n  sign in with `callboard login`, or set WEBEX_TOKEN to a personal access token"
	case errors.As(err, &limited):
		msg += fmt.Sprintf("\n  Webex is rate limiting this account: try again in %s", limited.RetryAfter)
	case errors.Is(err, webex.ErrCallNotFound):
		msg += "\n  the call already ended: `callboard calls` lists the calls on the line"
	case errors.Is(err, webex.ErrBadReply):
		msg += "\n  the network works, but the reply is not what Webex sends (a proxy in the way?); quote the tracking ID to Webex support"
	case errors.Is(err, context.DeadlineExceeded):
		msg += "\n  Webex did not answer in time; check the network or raise --timeout"
	}
	return msg
}

// rootCommand builds the command tree.
func (a *app) rootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:   "callboard",
		Short: "A keyboard-driven console for Webex Calling",
		Long: strings.TrimSpace(`
callboard shows every call on your Webex Calling line live and drives your desk
phone or Webex App from the keyboard: answer, hold, transfer, park, divert,
pick up, barge in, record and more. The audio stays on your phone.

Without a Webex token it runs on a built-in simulator (a DEMO badge says so).`),
		SilenceUsage:  true,
		SilenceErrors: true,
		Args:          cobra.NoArgs,
		RunE:          a.runConsole,
	}
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	pf := root.PersistentFlags()
	pf.StringVar(&a.configPath, "config", "", "configuration file (default: the callboard config in your XDG config directory)")
	pf.StringVar(&a.baseURLFlag, "base-url", "", "Webex API base URL (env WEBEX_BASE_URL; default "+webex.DefaultBaseURL+")")
	pf.StringVar(&a.lineOwner, "line-owner", "", "act on a secondary line: the ID of the person, workspace or virtual line owning it")
	pf.BoolVar(&a.debug, "debug", false, "write a debug log to the log file (never to the terminal)")
	root.Flags().BoolVar(&a.demo, "demo", false, "run on the built-in simulator even when a token is configured")
	root.Flags().BoolVar(&a.readOnly, "read-only", false, "watch the line, never act: every verb is refused (for supervisors and wallboards)")
	root.Flags().StringVar(&a.scenario, "scenario", "", "practise this scenario on the simulator: a built-in name (callboard scenarios) or a TOML file; \"free\" for random callers (implies --demo; --demo alone practises basics)")

	root.AddGroup(&cobra.Group{ID: "verbs", Title: "Call verbs (one-shot, for scripts; exit 0 ok, 1 API or network error, 2 usage error):"})
	root.AddCommand(a.verbCommands()...)
	root.AddCommand(a.loginCommand(), a.logoutCommand(), a.configCommand(), a.simCommand(), a.versionCommand())
	root.AddCommand(a.journalCommand())
	root.AddCommand(a.watchCommand(), a.scenariosCommand())
	for _, c := range root.Commands() {
		c.SetFlagErrorFunc(root.FlagErrorFunc())
	}
	return root
}

// isScope reports whether err is a 403 for a scope the token lacks.
func isScope(err error) bool {
	_, ok := webex.MissingScope(err)
	return ok
}
