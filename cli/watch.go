package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/callboard/callboard/auth"
	"github.com/callboard/callboard/config"
	"github.com/callboard/callboard/desk"
	"github.com/callboard/callboard/hooks"
	"github.com/callboard/callboard/internal/headless"
	"github.com/callboard/callboard/internal/textsafe"
	"github.com/callboard/callboard/model"
)

// deskConfig is the desk the configuration describes, as the console and
// `callboard watch` both run it.
func deskConfig(cfg config.Config) desk.Config {
	order, _ := model.ParseOrder(cfg.UI.Order)
	return desk.Config{
		PollFast:      cfg.Poll.Fast.Duration,
		PollIdle:      cfg.Poll.Idle.Duration,
		RateLimit:     rateLimit(cfg),
		HoldLimit:     cfg.Alerts.HoldLimit.Duration,
		SelectRinging: cfg.Alerts.SelectRinging,
		Order:         order,
		Bell:          cfg.Alerts.Bell,
		RingAlarm:     cfg.Alerts.RingAlarm.Duration,
		BellRepeat:    cfg.Alerts.BellRepeat.Duration,
		CampOnLimit:   cfg.Office.CampOnLimit.Duration,
	}
}

// watchFlags are the options of `callboard watch`.
type watchFlags struct {
	once  string
	call  string
	hooks bool
}

// watchCommand prints the line's events as JSON lines, for scripts.
func (a *app) watchCommand() *cobra.Command {
	var f watchFlags
	cmd := &cobra.Command{
		Use:   "watch",
		Short: "Print the line's events, one JSON object a line, until interrupted",
		Long: strings.TrimSpace(`
Follow the line without the console and print every event as one JSON object
a line (NDJSON): the same events and fields event hooks get (ringing,
answered, held, resumed, held-too-long, ended, missed, recalled, queue-wait,
operator). It polls, backs off and waits out rate limits as the console does.

  callboard watch                          # until ctrl+c
  callboard watch --once answered --call ID   # until that call is answered (at once if it is)
  callboard watch --hooks >/dev/null       # run the configured hooks, no console

--once exits 0 at the first matching event; 1 if interrupted first or if Webex
refuses the sign-in.

With --call, the first list of the line's calls settles two things at once.
A call that is not on the line (it has ended, or the id is wrong) ends the
watch with exit 1 and nothing on stdout. A call already in the state the
--once event leads to is reported at once, as that event, and watch exits 0:
answered when the call is connected or on hold (either side), held when you
hold it, ringing while it rings in; a parked call that came back is recalled
from the first list on. The other events (resumed, ended, missed,
held-too-long, queue-wait) mark a moment, not a state: watch waits for the
next one. If the call leaves the line before the --once event comes, watch
prints its end and exits 1, saying how it left.`),
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return a.watch(cmd.Context(), f) },
	}
	fl := cmd.Flags()
	fl.StringVar(&f.once, "once", "", "exit at the first event of this name (with --call, of that call)")
	fl.StringVar(&f.call, "call", "", "only the events of this call id")
	fl.BoolVar(&f.hooks, "hooks", false, "also run the hooks of the configuration file")
	return cmd
}

// watch runs the stream.
func (a *app) watch(ctx context.Context, f watchFlags) error {
	if f.once != "" && !hooks.IsEvent(f.once) {
		return usagef("--once %s: not an event; the events are %s", textsafe.Line(f.once), strings.Join(hooks.Events(), ", "))
	}
	if f.call != "" {
		id, err := callID(f.call)
		if err != nil {
			return err
		}
		f.call = id
	}
	cfg, _, err := a.settings(false)
	if err != nil {
		return err
	}
	log, closer, err := a.logger(cfg)
	if err != nil {
		return err
	}
	defer closer.Close()
	tokens, err := a.credentials(ctx, cfg, log)
	if errors.Is(err, auth.ErrNoToken) {
		return usagef("no Webex sign-in: run `callboard login`, or set WEBEX_TOKEN to a personal access token " +
			"(to practise, run `callboard sim` and use the base URL and token it prints)")
	}
	if err != nil {
		return runtimeError{err}
	}
	// The desk waits out a 429 itself, as in the console.
	client, err := newClient(cfg.Webex.BaseURL, tokens, log)
	if err != nil {
		return err
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var runner *hooks.Runner
	if f.hooks && len(cfg.Hooks) > 0 {
		runner, err = hooks.Start(ctx, hooks.Options{Hooks: cfg.HookSpecs(), Line: cfg.Webex.LineOwnerID, Log: log,
			Report: func(text string) { a.stderrLine("watch: " + text) }})
		if err != nil {
			return usageError{err}
		}
		defer runner.Close()
	}
	s := &stream{out: bufio.NewWriter(a.env.Stdout), flags: f, line: cfg.Webex.LineOwnerID, hooks: runner, log: log, cancel: cancel}
	dc := deskConfig(cfg)
	dc.Bell, dc.ReadOnly = false, true // nothing to ring; watching never acts
	log.Info("watch starting", "baseURL", client.BaseURL(), "once", f.once)
	err = headless.Run(ctx, headless.Options{
		API: client, Desk: dc, Line: cfg.Webex.LineOwnerID, Timeout: a.requestTimeout(), Log: log,
		Follow: s.follow,
		Check:  func(d *desk.Desk) error { return s.check(d, a.stderrLine) },
	})
	switch {
	case err != nil:
		return runtimeError{err}
	case f.once != "" && !s.matched:
		return runtimeError{fmt.Errorf("watch: interrupted before the first %q event", f.once)}
	}
	return nil
}

// stderrLine writes one safe line to stderr, prefixed like every message.
func (a *app) stderrLine(text string) {
	fmt.Fprintln(a.env.Stderr, "callboard: "+textsafe.Line(text))
}

// requestTimeout bounds one request of a long-running command: the
// --timeout the verbs take, or the console's 15 s.
func (a *app) requestTimeout() time.Duration {
	if a.timeout > 0 {
		return a.timeout
	}
	return headless.DefaultTimeout
}

// stream writes the events of a watch and decides when it is over.
type stream struct {
	out    *bufio.Writer
	flags  watchFlags
	line   string
	hooks  *hooks.Runner
	log    *slog.Logger
	cancel context.CancelFunc

	// Only the host's goroutine (follow, then check) touches these.
	settled bool   // the first list of the calls has been looked at for --call
	absent  bool   // --call names a call the first list did not have
	ended   string // how the --call call ended before --once's event came

	mu      sync.Mutex
	matched bool   // --once met its event
	gone    bool   // the reader of the output has gone
	said    string // the kind of connection problem last told, to tell each once
}

// follow prints the events of one step of the desk (and runs the hooks
// for them).
func (s *stream) follow(now time.Time, d *desk.Desk, effects []desk.Effect) {
	if s.hooks != nil {
		s.hooks.Follow(now, d, effects)
	}
	for _, e := range effects {
		if ev, ok := hooks.FromEffect(now, e, s.line); ok {
			s.print(ev)
		}
	}
	s.settle(now, d)
}

// settle looks once, after the first successful list of the calls, for the
// call --call names: absent, the watch is over (check ends it); already in
// the state the --once event leads to, that is the event waited for. The
// desk reports a change only from one list to the next, so without this a
// script that starts watching a moment late would wait for ever.
func (s *stream) settle(now time.Time, d *desk.Desk) {
	if s.flags.call == "" || s.settled || !d.Connection().Polled {
		return
	}
	s.settled = true
	board := d.Board()
	row, ok := board.Find(s.flags.call)
	if !ok {
		s.absent = true
		return
	}
	if s.flags.once == "" {
		return
	}
	if ev, ok := hooks.Already(now, s.flags.once, row, desk.OperatorStateOf(board), s.line); ok {
		s.print(ev)
	}
}

// print prints one event, unless --call names another call.
func (s *stream) print(ev hooks.Event) {
	if s.flags.call != "" && ev.CallID != s.flags.call {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.matched || s.gone {
		return
	}
	line, err := ev.MarshalLine()
	if err == nil {
		_, err = s.out.Write(line)
	}
	if err == nil {
		err = s.out.Flush() // a script reads each event as it comes
	}
	if err != nil {
		// The reader has gone (`| head -1`): nothing left to do.
		s.log.Debug("watch: write", "error", err.Error())
		s.gone = true
		s.cancel()
		return
	}
	switch {
	case s.flags.once != "" && ev.Event == s.flags.once:
		s.matched = true
		s.cancel()
	case s.flags.once != "" && s.flags.call != "" && ev.Event == desk.Ended.String():
		// The call is gone: the event --once waits for cannot come.
		s.ended = firstNonEmpty(ev.Outcome, "ended")
	}
}

// check tells stderr once about each connection problem, and ends the
// watch when Webex refuses the sign-in or the call --call names is not on
// the line: waiting would not mend either.
func (s *stream) check(d *desk.Desk, tell func(string)) error {
	c := d.Connection()
	if c.SignedOut {
		return fmt.Errorf("signed out: %s", desk.SignInHint)
	}
	if s.ended != "" {
		return fmt.Errorf("watch --call %s: the call left the line (%s) before it was %s", s.flags.call, s.ended, s.flags.once)
	}
	if s.absent {
		return fmt.Errorf("watch --call %s: the call is not on the line (it has ended, or the id is wrong); "+
			"`callboard calls` lists the calls on the line", s.flags.call)
	}
	text, kind := headless.Describe(c), ""
	switch {
	case c.Limited:
		kind = "limited"
	case text != "":
		kind = "failing"
	}
	s.mu.Lock()
	changed := kind != s.said
	s.said = kind
	s.mu.Unlock()
	if changed && text != "" {
		tell("watch: " + text)
	}
	return nil
}
