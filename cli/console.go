package cli

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/spf13/cobra"

	"github.com/callboard/callboard/config"
	"github.com/callboard/callboard/desk"
	"github.com/callboard/callboard/internal/textsafe"
	"github.com/callboard/callboard/notify"
	"github.com/callboard/callboard/ui"
	"github.com/callboard/callboard/ui/screen"
)

// runConsole starts the interactive console on real Webex, or on the
// embedded simulator when there are no credentials (or with --demo).
func (a *app) runConsole(cmd *cobra.Command, _ []string) error {
	ctx := cmd.Context()
	cfg, warnings, err := a.settings(true)
	if err != nil {
		return err
	}
	keys, err := cfg.KeyMap()
	if err != nil {
		return usageError{err}
	}
	log, closer, err := a.logger(cfg)
	if err != nil {
		return err
	}
	defer closer.Close()
	if err := a.chooseScenario(); err != nil {
		return err
	}
	be, err := a.consoleBackend(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer be.close()

	// Requests stop when the console quits; the calls themselves carry on.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	opts := ui.Options{
		API:         be.client,
		Demo:        be.demo,
		LineOwnerID: cfg.Webex.LineOwnerID,
		Keys:        keys,
		SpeedDial:   speedDial(cfg),
		Desk:        deskConfig(cfg),
		Theme:       theme(cfg.UI.Theme),
		Mouse:       cfg.UI.Mouse,
		Logger:      log,
	}
	withFrontDesk(&opts, cfg, be.client, keys)
	if be.demo {
		// A configured line is real Webex's: the simulator's own lines are
		// discovered.
		opts.LineOwnerID, opts.Desk.Lines = "", nil
	}
	opts.Desk.ReadOnly = a.readOnly
	stopFollowing, err := a.follow(ctx, cfg, &opts, log)
	if err != nil {
		return err
	}
	defer stopFollowing()
	office, officePanes := a.officeConsole(ctx, cfg, be, keys, log)
	// The colleagues first, then the queues and the call-backs; a
	// practice's pane goes before them all.
	opts.Office, opts.Panes = office, append(officePanes, opts.Panes...)
	defer a.practise(ctx, be, &opts, log)()
	if cfg.Alerts.Desktop {
		// A burst of calls is shown as one notification, by at most one
		// process at a time; failures go to the debug log, never the screen.
		n := notify.Start(ctx, notify.Options{OnError: func(err error) {
			log.Debug("desktop notification", "error", err.Error())
		}})
		defer n.Close()
		opts.Notify = func(_ context.Context, title, body string) error {
			n.Post(title, body)
			return nil
		}
	}
	for _, w := range warnings {
		opts.Warnings = append(opts.Warnings, w.String())
	}
	// The journal records the line and remembers; without it (a team's
	// database that does not answer) the console still runs, and says so.
	jr, err := openConsoleJournal(ctx, cfg, be.demo, log)
	if err != nil {
		log.Warn("journal", "error", err.Error())
		opts.Warnings = append(opts.Warnings, "[journal] could not be opened, calls are not recorded this time: "+textsafe.ErrorLine(err))
	} else {
		defer jr.close()
		jr.wire(&opts, be.client)
	}
	log.Info("console starting", "demo", be.demo, "baseURL", be.client.BaseURL())
	defer oneProcessorAfter(startupSettle, a.env.Getenv)()
	run := screen.Options{In: a.env.Stdin, Out: a.env.Stdout, FPS: cfg.UI.FPS}
	if jr != nil {
		run.Started = jr.forward
	}
	if err := screen.Run(ctx, ui.New(ctx, opts), run); err != nil && !errors.Is(err, tea.ErrProgramKilled) && !errors.Is(err, tea.ErrInterrupted) {
		return fmt.Errorf("console: %w", err)
	}
	return nil
}

// startupSettle is how long the console starts on every processor: it
// reads its configuration, journal, directory cache and first call list at
// once.
const startupSettle = 3 * time.Second

// oneProcessorAfter runs the console on one processor once settle has
// passed, unless GOMAXPROCS says otherwise, and returns what puts the
// processors back. The console is an event loop that works a fraction of a
// millisecond a second; with a second processor idle, every wake-up of an
// idle console also woke a thread to look for work that was not there (on
// two cores: 18–22 thread switches a second instead of 12–15, and about a
// fifth more CPU). Starting on one processor was slower (first frame p95 148 ms
// against 109 ms), so the switch waits until the start is done.
func oneProcessorAfter(settle time.Duration, getenv func(string) string) (restore func()) {
	procs := runtime.GOMAXPROCS(0)
	if procs == 1 || getenv("GOMAXPROCS") != "" {
		return func() {}
	}
	settled := make(chan struct{})
	timer := time.AfterFunc(settle, func() {
		runtime.GOMAXPROCS(1)
		close(settled)
	})
	return func() {
		if !timer.Stop() {
			<-settled // it ran, or runs: put the processors back after it
		}
		runtime.GOMAXPROCS(procs)
	}
}

// rateLimit is the one 429 policy, for the console and the one-shot verbs.
func rateLimit(cfg config.Config) desk.RateLimit {
	return desk.RateLimit{MaxWait: cfg.Poll.MaxBackoff.Duration, MaxTries: 5}
}

func speedDial(cfg config.Config) []ui.SpeedDial {
	out := make([]ui.SpeedDial, len(cfg.SpeedDial))
	for i, sd := range cfg.SpeedDial {
		out[i] = ui.SpeedDial{Label: sd.Label, Destination: sd.Destination}
	}
	return out
}

func theme(name string) ui.Theme {
	switch name {
	case config.ThemeDark:
		return ui.ThemeDark
	case config.ThemeLight:
		return ui.ThemeLight
	}
	return ui.ThemeAuto
}
