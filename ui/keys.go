package ui

import (
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/callboard/callboard/desk"
	"github.com/callboard/callboard/model"
	"github.com/callboard/callboard/ui/prompt"
)

// doublePress is how soon after a key closed a prompt the same key counts
// as the same press repeated: a second enter meant for the prompt must not
// answer a call.
const doublePress = 400 * time.Millisecond

// handleKey routes a key: a prompt takes every key; then the help; then the
// global keys; then the verbs on the selected call; then the focused screen.
func (a *App) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	if a.prompt != nil {
		return a.updatePrompt(msg)
	}
	if s := msg.String(); s == a.closed.key && a.now().Sub(a.closed.at) < doublePress {
		a.closed.key = ""
		return a.say(desk.Info, s+" ignored: it closed the prompt a moment ago")
	}
	if prompt.EscapedKey(msg) {
		// A terminal sends esc then a key typed quickly as alt+key.
		return tea.Batch(a.handleKey(tea.KeyPressMsg{Code: tea.KeyEscape}), a.handleKey(prompt.Unescaped(msg)))
	}
	k := a.keys
	if a.layout().tooSmall {
		// The calls are not on screen: no key may act on one.
		if key.Matches(msg, k.Quit) {
			return tea.Quit
		}
		return nil
	}
	if a.showHelp {
		switch {
		case key.Matches(msg, k.Quit):
			return tea.Quit
		case key.Matches(msg, k.Ack):
			return a.step(desk.Acknowledge{})
		case key.Matches(msg, k.Help), msg.String() == "esc":
			a.showHelp = false
			return nil
		}
		var cmd tea.Cmd
		a.help, cmd = a.help.Update(msg)
		return cmd
	}
	if cmd, ok := a.journalKey(msg); ok {
		return cmd
	}
	switch {
	case key.Matches(msg, k.Quit):
		return tea.Quit // calls live on the phones: quitting touches none of them
	case key.Matches(msg, k.Help):
		a.showHelp = true
		return nil
	case key.Matches(msg, k.SwitchView):
		return a.toggleScreen()
	case key.Matches(msg, k.Focus) && len(a.panes) > 0:
		return a.moveFocus()
	case key.Matches(msg, k.NextPane) && len(a.panes) > 0:
		return a.nextPane()
	case key.Matches(msg, k.Ack):
		return a.step(desk.Acknowledge{})
	case key.Matches(msg, k.Refresh):
		if a.screen == screenHistory {
			return tea.Batch(a.step(desk.Refresh{}), a.fetchHistory())
		}
		return a.step(desk.Refresh{})
	case key.Matches(msg, k.Command):
		return a.openCommandLine()
	case key.Matches(msg, k.Filter):
		return a.openFilter()
	case key.Matches(msg, k.Line):
		return a.step(desk.NextLine{})
	case key.Matches(msg, k.Device):
		return a.chooseDevice()
	case msg.String() == "esc":
		return a.escape()
	}
	if a.screen == screenHistory {
		var cmd tea.Cmd
		a.history, cmd = a.history.Update(msg)
		return cmd
	}
	if p, ok := a.pane(); ok && a.onPane {
		return p.Update(msg)
	}
	if cmd, ok := a.verbKey(msg); ok {
		return cmd
	}
	var cmd tea.Cmd
	a.detail, _ = a.detail.Update(msg)
	a.list, cmd = a.list.Update(msg)
	return cmd
}

// escape cancels what waits, then clears the filter.
func (a *App) escape() tea.Cmd {
	switch {
	case a.desk.Connection().Waiting > 0:
		return a.step(desk.CancelWaiting{})
	case a.screen == screenHistory && a.history.Filter() != "":
		a.history.SetFilter("")
		return a.journalHistory("")
	case a.screen == screenCalls && a.desk.Board().Filter() != "":
		return a.step(desk.Filter{})
	}
	return nil
}

// updatePrompt passes a message to the open prompt and, when it closes,
// remembers the key that closed it and routes the key typed with esc.
func (a *App) updatePrompt(msg tea.Msg) tea.Cmd {
	if a.prompt == nil {
		return nil
	}
	cur := a.prompt
	p, cmd := cur.Update(msg)
	if a.prompt != cur {
		// Its Submit opened another prompt (a command line that asks for a
		// confirmation): that one takes over.
		a.closed.key, a.closed.at = p.ClosedBy(), a.now()
		return cmd
	}
	a.prompt = &p
	if p.Open() {
		return cmd
	}
	a.prompt = nil
	a.closed.key, a.closed.at = p.ClosedBy(), a.now()
	if left, ok := p.Leftover(); ok {
		a.closed.key = ""
		return tea.Batch(cmd, a.handleKey(left))
	}
	return cmd
}

// openPrompt opens a prompt.
func (a *App) openPrompt(spec prompt.Spec) tea.Cmd {
	p := prompt.New(spec, a.width)
	a.prompt = &p
	return p.Init()
}

// say shows a message on the status line.
func (a *App) say(level desk.Level, text string) tea.Cmd {
	return a.status.set(a.opts.Clock, level, text)
}

// verbKey acts on a verb key: at once when the verb needs nothing more,
// through a prompt bound to the selected call when it does. A key the
// selected call cannot take says why and opens nothing.
func (a *App) verbKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	for i, b := range a.keys.SpeedDial {
		if i < len(a.opts.SpeedDial) && key.Matches(msg, b) {
			if msg.IsRepeat {
				return nil, true
			}
			if a.opts.Desk.ReadOnly {
				// The desk refuses it and says why: nothing to confirm.
				return a.step(desk.Intent{Actions: []model.Action{model.ActionDial}}), true
			}
			return a.speedDial(a.opts.SpeedDial[i]), true
		}
	}
	for _, name := range desk.KeyNames() {
		if !key.Matches(msg, a.keys.Verb(name)) {
			continue
		}
		if msg.IsRepeat {
			// A key held down repeats: moving is fine, acting twice is not.
			return nil, true
		}
		return a.verb(desk.KeyGroup(name), ""), true
	}
	return nil, false
}

// verb starts the verb whose candidates are actions, on the selected call.
// text, when given (the command line), is the argument already typed.
func (a *App) verb(actions []model.Action, text string) tea.Cmd {
	if a.opts.Desk.ReadOnly {
		// Nothing to ask for: the desk refuses every verb and says why.
		return a.step(desk.Intent{Actions: actions})
	}
	v, _ := desk.VerbOf(actions[0])
	switch v.Target {
	case desk.NewCall:
		if text != "" || v.Arg == desk.ArgNone {
			return a.intent(desk.Intent{Actions: actions}, v, text)
		}
		return a.askFor(v, desk.Intent{Actions: actions}, "")
	case desk.TwoCalls:
		if v.Action == model.ActionConferenceStart {
			row, ok := a.desk.Board().Selected()
			return a.conferenceKey(row, ok, text)
		}
		return a.confirmJoin()
	case desk.OnConference:
		row, ok := a.desk.Board().Selected()
		return a.conferenceVerb(v, row, ok)
	case desk.OnUser:
		return a.userVerb(v, text)
	}
	row, ok := a.desk.Board().Selected()
	switch {
	case !ok:
		return a.say(desk.Info, v.Name+": no call selected")
	case row.Ended():
		return a.say(desk.Info, v.Name+" "+row.Call.Remote.Display()+": call already ended")
	}
	in := desk.Intent{Actions: actions, CallID: row.Call.ID, Name: row.Call.Remote.Display()}
	if v.Action == model.ActionConsult && a.desk.InConsult(row.Call.ID) {
		return a.step(in) // T on either call of the consult completes it
	}
	if v.Action == model.ActionAnswer && !row.Call.Ringing() {
		if ring, ok := a.longestRinging(); ok {
			// Only the selected call is ever answered; say where the
			// ringing one is.
			return a.say(desk.Info, "answer: "+row.Call.Remote.Display()+" is "+row.Call.Status().Word()+" — "+
				ring.Remote.Display()+" is ringing: "+a.keys.Up.Help().Key+" selects it")
		}
	}
	if v.Arg == desk.ArgNone || v.Arg == desk.ArgReject || text != "" {
		return a.intent(in, v, text)
	}
	if resolveAllowed(actions, &row.Call) == 0 {
		return a.say(desk.Info, model.Why(actions[0], &row.Call))
	}
	return a.askFor(v, in, row.Call.Remote.Display())
}

// longestRinging returns the call that has rung longest.
func (a *App) longestRinging() (model.Call, bool) {
	b := a.desk.Board()
	var first *model.Call
	for i := range b.Len() {
		r := b.Row(i)
		if r.Call.Ringing() && !r.Ended() && (first == nil || r.Call.Created.Before(first.Created)) {
			first = &r.Call
		}
	}
	if first == nil {
		return model.Call{}, false
	}
	return *first, true
}

// resolveAllowed returns the first of actions the call allows, or 0.
func resolveAllowed(actions []model.Action, c *model.Call) model.Action {
	for _, act := range actions {
		if model.Allowed(act, c) {
			return act
		}
	}
	return 0
}

// intent parses text as the verb's argument and steps the desk with it;
// a bad argument is refused with nothing sent.
func (a *App) intent(in desk.Intent, v desk.Verb, text string) tea.Cmd {
	args, problem := v.Arg.Parse(text)
	if name, isName := v.Arg.NameIn(text); problem != "" && isName {
		return a.resolveName(in, v, text, name, nil)
	}
	if problem != "" {
		return a.say(desk.Problem, v.Name+": "+problem+" — nothing sent")
	}
	in.Args = args
	return a.step(in)
}

// askFor opens the prompt for a verb's argument, bound to the intent's call:
// its answer acts on that call even if the selection moves meanwhile.
func (a *App) askFor(v desk.Verb, in desk.Intent, who string) tea.Cmd {
	title := strings.TrimSpace(v.Name + " " + who)
	switch v.Arg {
	case desk.ArgDestination, desk.ArgOptionalDestination, desk.ArgTransfer, desk.ArgDivert:
		title += " to"
	case desk.ArgPark:
		title += " on"
	}
	if v.Action == model.ActionConsult {
		title = "consult: hold " + who + " and call"
	}
	suggestions := a.desk.Recent()
	value, hint := "", v.PromptHint()
	if v.Action == model.ActionRetrieve {
		title = "retrieve the call parked on"
		if parked := a.desk.Parked(); len(parked) > 0 {
			last := parked[len(parked)-1]
			value = last.At.Number
			hint = "enter: " + last.Caller + ", parked on " + last.At.Display() + " · ↑/↓ other parked calls"
			suggestions = nil
			for i := len(parked) - 1; i >= 0; i-- {
				suggestions = append(suggestions, parked[i].At.Number)
			}
			suggestions = append(suggestions, a.desk.Recent()...)
		}
	}
	look := a.nameLookup(v)
	if look != nil {
		hint = "a name searches the directory · " + hint
	}
	return a.openPrompt(prompt.Spec{
		Title: title, Hint: hint, Value: value, Suggestions: suggestions,
		Validate: func(s string) string { _, problem := v.Arg.Parse(s); return problem },
		Submit:   func(s string) tea.Cmd { return a.intent(in, v, s) },
		Lookup:   look,
	})
}

// confirmJoin asks before joining the selected call with the one other
// answered call, naming both: joining two people is irreversible.
func (a *App) confirmJoin() tea.Cmd {
	row, ok := a.desk.Board().Selected()
	if !ok || row.Ended() {
		return a.say(desk.Info, "join: select one of the two calls to connect")
	}
	return a.confirmPair(row, model.ActionJoinTransfer, "join", a.desk.JoinPartner, func(one, two string) string {
		return "join " + one + " with " + two + "? They talk to each other and you drop out"
	})
}

// confirmPair asks before an action that brings the selected call and the
// one other answered call of its line together (join, conference), naming
// both with their states: it cannot be undone.
func (a *App) confirmPair(row model.Row, action model.Action, word string, partnerOf func(string) (model.Call, bool), title func(one, two string) string) tea.Cmd {
	if !model.Allowed(action, &row.Call) {
		return a.say(desk.Info, model.Why(action, &row.Call))
	}
	partner, ok := partnerOf(row.Call.ID)
	if !ok {
		return a.say(desk.Info, word+" needs exactly one other answered call on "+a.lineName(row.Call.Line)+" besides "+row.Call.Remote.Display())
	}
	one := row.Call.Remote.Display()
	in := desk.Intent{Actions: []model.Action{action}, CallID: row.Call.ID, Name: one, Args: desk.Args{With: partner.ID}}
	return a.openPrompt(prompt.Spec{
		Title:   title(one+" ("+row.Call.Status().Word()+")", partner.Remote.Display()+" ("+partner.Status().Word()+")"),
		Confirm: true,
		Submit:  func(string) tea.Cmd { return a.step(in) },
	})
}

// speedDial transfers the selected call to the entry after a confirmation,
// or dials the entry when no call is on the line.
func (a *App) speedDial(sd SpeedDial) tea.Cmd {
	act, why := a.desk.SpeedDial()
	if act != 0 && desk.IsName(sd.Destination) {
		// An entry may name a colleague: the directory finds the number.
		v, _ := desk.VerbOf(act)
		return a.resolveName(desk.Intent{}, v, sd.Destination, sd.Destination, &sd)
	}
	switch act {
	case model.ActionDial:
		return a.step(desk.Intent{Actions: []model.Action{model.ActionDial}, Args: desk.Args{Dest: sd.Destination}})
	case model.ActionTransfer:
		row, _ := a.desk.Board().Selected()
		who := row.Call.Remote.Display()
		in := desk.Intent{Actions: []model.Action{model.ActionTransfer}, CallID: row.Call.ID, Name: who, Args: desk.Args{Dest: sd.Destination}}
		return a.openPrompt(prompt.Spec{
			Title: "transfer " + who + " to " + sd.name() + "?", Confirm: true,
			Submit: func(string) tea.Cmd { return a.step(in) },
		})
	}
	return a.say(desk.Info, why)
}

// openFilter opens the filter of the screen shown; it applies as the
// operator types.
func (a *App) openFilter() tea.Cmd {
	if a.screen == screenHistory {
		return a.openPrompt(prompt.Spec{Title: "filter history", Hint: "name, number or type · esc clears",
			Value: a.history.Filter(), Footer: "enter keeps the filter · esc clears it",
			Change: func(s string) tea.Cmd { a.history.SetFilter(s); return a.journalHistory(s) }})
	}
	return a.openPrompt(prompt.Spec{Title: "filter calls", Hint: "name, number, state or type · a ringing call always shows · esc clears",
		Value: a.desk.Board().Filter(), Footer: "enter keeps the filter · esc clears it",
		Change: func(s string) tea.Cmd { return a.step(desk.Filter{Query: s}) }})
}

// toggleScreen switches between the calls and the history.
func (a *App) toggleScreen() tea.Cmd {
	if a.screen == screenHistory {
		a.screen = screenCalls
		return a.step(desk.HistoryShown{Open: false})
	}
	a.screen = screenHistory
	return tea.Batch(a.step(desk.HistoryShown{Open: true}), a.fetchHistory())
}

// callBack calls a history record back and shows the calls, to see it
// placed.
func (a *App) callBack(r model.HistoryRecord) tea.Cmd {
	if a.history.Loading() {
		return a.say(desk.Info, "the history is being refreshed: check the selection, then press enter again")
	}
	if r.Number == "" {
		return a.say(desk.Info, "cannot call back: the number is private")
	}
	v, _ := desk.VerbOf(model.ActionDial)
	a.screen = screenCalls
	a.closed.key, a.closed.at = "enter", a.now()
	return tea.Batch(a.step(desk.HistoryShown{Open: false}), a.intent(desk.Intent{Actions: []model.Action{model.ActionDial}}, v, r.Number))
}

// handleMouse selects what the mouse points at.
func (a *App) handleMouse(msg tea.Msg) tea.Cmd {
	if !a.opts.Mouse || a.prompt != nil || a.showHelp {
		return nil
	}
	l := a.layout()
	var cmd tea.Cmd
	switch m := msg.(type) {
	case tea.MouseClickMsg:
		m.Y -= l.mainTop
		if a.screen == screenHistory {
			a.history, cmd = a.history.Update(m)
			return cmd
		}
		if m.X >= l.listWidth {
			return nil
		}
		a.list, cmd = a.list.Update(m)
	case tea.MouseWheelMsg:
		if a.screen == screenHistory {
			a.history, cmd = a.history.Update(m)
			return cmd
		}
		a.list, cmd = a.list.Update(m)
	}
	return cmd
}

// moveFocus moves the keys between the call list and the side pane,
// showing the first pane if none shows.
func (a *App) moveFocus() tea.Cmd {
	if a.shown < 0 {
		a.shown = 0
	}
	a.onPane = !a.onPane
	return nil
}

// nextPane shows the next side pane, then none, then the first again; the
// keys follow it to the call list when no pane shows.
func (a *App) nextPane() tea.Cmd {
	a.shown++
	if a.shown >= len(a.panes) {
		a.shown = -1
		a.onPane = false
	}
	return nil
}
