package cli

import (
	"context"
	"log/slog"

	"github.com/callboard/callboard/config"
	"github.com/callboard/callboard/hooks"
	"github.com/callboard/callboard/notify"
	"github.com/callboard/callboard/ui"
)

// reportBacklog is how many outside reports wait for the status line; more
// are dropped (the debug log has every one).
const reportBacklog = 8

// follow wires what follows the line besides the screen into the console's
// options: the configured hooks, and desktop notifications through the
// terminal. stop ends the hooks, killing any still running.
func (a *app) follow(ctx context.Context, cfg config.Config, opts *ui.Options, log *slog.Logger) (stop func(), err error) {
	if p := cfg.TerminalProtocol(); p != notify.ProtocolOff {
		// Inside tmux the sequence must be passed through to the terminal
		// tmux runs in, where the operator sits.
		inTmux := a.getenv("TMUX") != ""
		opts.NotifyTerminal = func(title, body string) string { return notify.TerminalSequence(p, inTmux, title, body) }
	}
	if len(cfg.Hooks) == 0 {
		return func() {}, nil
	}
	reports := make(chan string, reportBacklog)
	runner, err := hooks.Start(ctx, hooks.Options{
		Hooks: cfg.HookSpecs(),
		Line:  opts.LineOwnerID,
		Log:   log,
		Report: func(text string) {
			select {
			case reports <- text:
			default: // the status line is behind: the debug log has it
			}
		},
	})
	if err != nil {
		return nil, usageError{err}
	}
	opts.Followers = append(opts.Followers, runner)
	opts.Reports = reports
	return runner.Close, nil
}
