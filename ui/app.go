package ui

import (
	"context"
	"errors"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/callboard/callboard/desk"
	"github.com/callboard/callboard/internal/convert"
	"github.com/callboard/callboard/internal/dispatch"
	"github.com/callboard/callboard/keymap"
	"github.com/callboard/callboard/model"
	"github.com/callboard/callboard/ui/calllist"
	"github.com/callboard/callboard/ui/detail"
	"github.com/callboard/callboard/ui/helpview"
	"github.com/callboard/callboard/ui/history"
	"github.com/callboard/callboard/ui/pane"
	"github.com/callboard/callboard/ui/prompt"
	"github.com/callboard/callboard/ui/theme"
	"github.com/callboard/callboard/webex"
)

// screen is what the main area shows.
type screen int

const (
	screenCalls screen = iota
	screenHistory
)

// App is the root model of the console. It routes: the window size once,
// then keys (an open prompt, the help, the global keys, the verbs, then the
// focused component), then app messages (replies, timers). The workflows
// live in the desk; the components draw and move.
type App struct {
	ctx    context.Context
	opts   Options
	keys   keymap.KeyMap
	styles *theme.Styles
	desk   *desk.Desk

	list    calllist.Model
	detail  detail.Model
	history history.Model
	help    helpview.Model
	prompt  *prompt.Model
	journal *journalUI // nil without a journal
	panes   []pane.Pane
	shown   int                       // the pane shown, an index in panes; -1 for none
	tabs    struct{ key, out string } // the pane tabs last drawn, by what they say
	keyHelp keyHelpLine               // the key help line last drawn
	onPane  bool                      // the shown pane has the keys
	status  statusLine
	office  officeState

	width, height int
	laid          layout // as the last update left the console
	screen        screen
	showHelp      bool
	me            *webex.Person
	wake          wakeTimer
	// viewedAt is the shown time of the last view; unchanged says the last
	// update left that view as it was (see Unchanged).
	viewedAt  time.Time
	unchanged bool
	// closed is the key that closed a prompt (or called back from the
	// history) and when: the same key pressed again at once is the
	// operator's double press, not a new command.
	closed struct {
		key string
		at  time.Time
	}
}

// wakeTimer is the one timer the console keeps: at the desk's next due
// time, or the next second while something on screen counts time.
type wakeTimer struct {
	gen uint64
	at  time.Time
}

// New builds the console. ctx bounds every request it sends; cancelling it
// stops them (quitting never touches a call).
func New(ctx context.Context, opts Options) *App {
	opts.setDefaults()
	st := theme.New(opts.Theme != ThemeLight)
	a := &App{ctx: ctx, opts: opts, keys: opts.Keys, styles: &st, desk: desk.New(opts.Desk)}
	k := opts.Keys
	a.list = calllist.New(a.desk, a.step, calllist.KeyMap{Up: k.Up, Down: k.Down, Top: k.Top, Bottom: k.Bottom}, a.styles, opts.Desk.HoldLimit)
	a.detail = detail.New(a.desk, detail.KeyMap{IDs: k.IDs}, a.styles, opts.Desk.HoldLimit)
	a.history = history.New(history.KeyMap{
		Up: k.Up, Down: k.Down, Top: k.Top, Bottom: k.Bottom,
		Prev:     key.NewBinding(key.WithKeys("left"), key.WithHelp("←", "previous tab")),
		Next:     key.NewBinding(key.WithKeys("right"), key.WithHelp("→", "next tab")),
		CallBack: key.NewBinding(key.WithKeys(append([]string{"enter"}, k.Verb("dial").Keys()...)...), key.WithHelp("enter", "call back")),
	}, a.styles, a.callBack)
	a.help = helpview.New(helpview.KeyMap{Up: k.Up, Down: k.Down}, a.styles)
	a.journal = a.newJournalUI()
	a.shown = -1
	for _, build := range opts.Panes {
		a.panes = append(a.panes, build(a))
	}
	if len(a.panes) > 0 {
		a.shown = 0
	}
	return a
}

func (a *App) now() time.Time { return a.opts.Clock.Now() }

// shownTime is the time the screen shows: the desk's last beat. Durations,
// waits and countdowns move together once a second, so a frame drawn between
// beats (a poll's answer, a key) shows the same figures as the beat's.
func (a *App) shownTime() time.Time { return a.desk.OnBeat(a.now()) }

// Init asks who is signed in, polls, and asks the terminal's background.
func (a *App) Init() tea.Cmd {
	cmds := []tea.Cmd{a.fetchMe(), a.step(desk.Tick{}), a.discoverLines(), a.journalInit()}
	for _, p := range a.panes {
		cmds = append(cmds, p.Init())
	}
	if a.opts.Theme == ThemeAuto {
		// Raw, so that whoever draws the frames writes the query at once.
		cmds = append(cmds, tea.Raw(ansi.RequestBackgroundColor))
	}
	if len(a.opts.Warnings) > 0 {
		cmds = append(cmds, a.status.set(a.opts.Clock, desk.Problem, "config: "+a.opts.Warnings[0]))
	}
	cmds = append(cmds, a.awaitReport())
	return tea.Batch(cmds...)
}

// Update routes one message.
func (a *App) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	a.unchanged = false
	var cmd tea.Cmd
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		a.width, a.height = msg.Width, msg.Height
	case tea.BackgroundColorMsg:
		if a.opts.Theme == ThemeAuto {
			*a.styles = theme.New(msg.IsDark())
			a.tabs.key, a.keyHelp = "", keyHelpLine{} // drawn in the old look
		}
	case tea.KeyPressMsg:
		cmd = a.handleKey(msg)
	case tea.PasteMsg, prompt.LookupMsg:
		cmd = a.updatePrompt(msg)
	case tea.MouseClickMsg, tea.MouseWheelMsg:
		cmd = a.handleMouse(msg)
	case pollMsg:
		cmd = a.polled(msg)
	case readMsg:
		cmd = a.step(msg.ev)
	case linesMsg:
		cmd = a.linesFound(msg)
	case actionMsg:
		cmd = a.step(desk.Replied{ID: msg.id, Result: msg.result, Failure: msg.failure})
	case wakeMsg:
		if msg.gen == a.wake.gen {
			a.wake.at = time.Time{}
			cmd = a.step(desk.Tick{})
		}
	case meMsg:
		cmd = a.handleMe(msg)
	case historyMsg:
		a.setWebexHistory(msg.records, msg.err)
	case journalMsg:
		cmd = a.updateJournal(msg)
	case JournalChange:
		cmd = a.journalChange(msg)
	case statusExpiredMsg:
		cmd = a.status.expire(a.opts.Clock, msg.id)
	case notifiedMsg:
		a.opts.Logger.Debug("desktop notification failed", "error", msg.err.Error())
	case reportMsg:
		cmd = tea.Batch(a.say(desk.Problem, msg.text), a.awaitReport())
	default:
		if c, ok := a.officeMsg(msg); ok {
			cmd = c
			break
		}
		// A pane's own replies and timers.
		cmds := make([]tea.Cmd, 0, len(a.panes))
		for _, p := range a.panes {
			cmds = append(cmds, p.Update(msg))
		}
		cmd = tea.Batch(cmds...)
	}
	if !a.unchanged {
		a.resize() // else laid out as it is
	}
	return a, tea.Batch(cmd, a.schedule(), a.recallCallers())
}

// step applies an event to the desk now and returns the command that
// carries out its effects.
func (a *App) step(ev desk.Event) tea.Cmd {
	now := a.now()
	effects := a.desk.Step(now, a.withDevice(ev))
	for _, f := range a.opts.Followers {
		f.Follow(now, a.desk, effects)
	}
	cmds := make([]tea.Cmd, 0, len(effects)+1)
	for _, e := range effects {
		cmds = append(cmds, a.carryOut(e))
	}
	a.list.Follow()
	return tea.Batch(cmds...)
}

// polled applies a poll's answer. One with nothing new in it, in the second
// the last view showed, leaves that view as it was: on an idle console that
// is every poll.
func (a *App) polled(msg pollMsg) tea.Cmd {
	shown := a.shownTime()
	revision, connection := a.desk.Revision(), a.connection(shown)
	cmd := a.step(desk.Polled{Seq: msg.seq, Line: msg.line, Calls: msg.calls, Failure: msg.failure})
	// The header's age of the data is the view's own judgement: an answer
	// after a long wait takes it away.
	a.unchanged = a.desk.Revision() == revision && shown.Equal(a.viewedAt) && a.connection(shown) == connection
	return cmd
}

// Unchanged reports whether the last Update left the view as it was when it
// was last asked for, so that a host drawing only changed views need not ask
// for it again (see screen.Steady).
func (a *App) Unchanged() bool { return a.unchanged }

// carryOut turns one of the desk's effects into a command.
func (a *App) carryOut(e desk.Effect) tea.Cmd {
	switch e := e.(type) {
	case desk.Send:
		return a.send(e.Op)
	case desk.Poll:
		return a.poll(e.Seq, e.Line)
	case desk.Read:
		return a.read(e)
	case desk.Say:
		return a.status.set(a.opts.Clock, e.Level, e.Text)
	case desk.Bell:
		return tea.Raw("\a")
	case desk.Notify:
		return tea.Batch(a.notifyDesktop(e), a.notifyTerminal(e))
	case desk.HistoryStale:
		if a.screen == screenHistory {
			return a.fetchHistory()
		}
	case desk.Happened:
		a.opts.Logger.Debug("line", "event", e.What.String(), "call", e.Row.Call.ID, "queue", e.Queue)
		if e.What == desk.Rang && a.opts.Desk.SelectRinging {
			// The new call is selected: the keys come back to the call
			// list with it, so a and enter answer it rather than act in a
			// pane.
			a.onPane = false
		}
	}
	return nil
}

// send runs one operation in a command.
func (a *App) send(op desk.Operation) tea.Cmd {
	if op.Line == "" {
		op.Line = a.opts.LineOwnerID
	}
	ctx, api, timeout, log := a.ctx, a.sender(), a.opts.ActionTimeout, a.opts.Logger
	log.Debug("action", "action", op.Action.String(), "op", op.ID)
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		reply, err := dispatch.Reply(ctx, api, op)
		if err != nil {
			log.Debug("action failed", "action", op.Action.String(), "error", err.Error())
		}
		return actionMsg{id: reply.ID, result: reply.Result, failure: reply.Failure}
	}
}

// poll asks for a line's calls in a command. The desk's own line ("")
// is the one the console acts on: the user's, or Options.LineOwnerID.
func (a *App) poll(seq uint64, line string) tea.Cmd {
	ctx, api, timeout, log := a.ctx, a.opts.API, a.opts.ActionTimeout, a.opts.Logger
	owner := line
	if owner == "" {
		owner = a.opts.LineOwnerID
	}
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		p := dispatch.Poll(ctx, api, owner, seq)
		if p.Failure != nil {
			log.Debug("poll failed", "line", line, "error", p.Failure.Error())
		}
		return pollMsg{seq: p.Seq, line: line, calls: p.Calls, failure: p.Failure}
	}
}

// schedule keeps the one timer at the next moment anything is due: the
// desk's next wake, or its next beat while durations tick on screen (the
// desk's seconds start with Init, in step with the screen's own ticker).
// Nothing ticks on a quiet console with nothing to count.
func (a *App) schedule() tea.Cmd {
	now := a.now()
	at := a.desk.NextWake()
	if a.counting() {
		next := a.desk.NextBeat(now)
		if at.IsZero() || next.Before(at) {
			at = next
		}
	}
	if at.IsZero() || at.Equal(a.wake.at) {
		return nil
	}
	a.wake.gen++
	a.wake.at = at
	return a.opts.Clock.After(max(at.Sub(now), 0), wakeMsg{gen: a.wake.gen})
}

// counting reports whether something on screen counts time: a live call's
// duration, a parked call's wait, a countdown in the banner.
func (a *App) counting() bool {
	b := a.desk.Board()
	for i := range b.Len() {
		if !b.Row(i).Ended() {
			return true
		}
	}
	c := a.desk.Connection()
	return len(a.desk.Parked()) > 0 || c.Limited || c.Failures > 0 || a.queueWaiting()
}

func (a *App) fetchMe() tea.Cmd {
	ctx, api, timeout := a.ctx, a.opts.API, a.opts.ActionTimeout
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		p, err := api.Me(ctx)
		return meMsg{person: p, err: err}
	}
}

func (a *App) handleMe(msg meMsg) tea.Cmd {
	if msg.err != nil {
		// Not fatal: the people scope may be missing. The header says less.
		a.opts.Logger.Debug("who am I", "error", msg.err.Error())
		return nil
	}
	a.me = &msg.person
	me := desk.Me{PersonID: msg.person.ID, Numbers: []string{msg.person.Extension}}
	for _, n := range msg.person.PhoneNumbers {
		me.Numbers = append(me.Numbers, n.Value)
	}
	// Its effects are carried out: the first step of the desk asks for
	// the first poll, and who is signed in may come first.
	return a.step(desk.Identify{Me: me})
}

func (a *App) fetchHistory() tea.Cmd {
	a.history.SetLoading()
	fromJournal := a.journalHistory(a.history.Filter())
	ctx, api, timeout := a.ctx, a.opts.API, a.opts.ActionTimeout
	return tea.Batch(func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		records, err := api.ListHistory(ctx, "")
		if err != nil && !errors.Is(err, context.Canceled) {
			return historyMsg{err: dispatch.Classify(err)}
		}
		return historyMsg{records: convert.History(records), err: err}
	}, fromJournal)
}

// The App is the host of its panes.

// Step applies an event to the desk now (pane.Host).
func (a *App) Step(ev desk.Event) tea.Cmd { return a.step(ev) }

// Selected returns the call selected in the call list (pane.Host).
func (a *App) Selected() (model.Row, bool) { return a.desk.Board().Selected() }

// Board is the call list, read only (pane.Host).
func (a *App) Board() *model.Board { return a.desk.Board() }

// Desk is the desk, read only (pane.Host).
func (a *App) Desk() *desk.Desk { return a.desk }

// Say shows a message (pane.Host).
func (a *App) Say(level desk.Level, text string) tea.Cmd { return a.say(level, text) }

// Ask opens a prompt (pane.Host).
func (a *App) Ask(spec prompt.Spec) tea.Cmd { return a.openPrompt(spec) }

// Now is the console's clock (pane.Host).
func (a *App) Now() time.Time { return a.now() }

// After delivers msg after d on the console's clock (pane.Host).
func (a *App) After(d time.Duration, msg tea.Msg) tea.Cmd { return a.opts.Clock.After(d, msg) }

// Styles is the console's look (pane.Host).
func (a *App) Styles() *theme.Styles { return a.styles }

// pane returns the pane shown, if any.
func (a *App) pane() (pane.Pane, bool) {
	if a.shown < 0 || a.shown >= len(a.panes) {
		return nil, false
	}
	return a.panes[a.shown], true
}
