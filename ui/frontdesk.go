package ui

import (
	"context"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/callboard/callboard/desk"
	"github.com/callboard/callboard/internal/dispatch"
	"github.com/callboard/callboard/model"
	"github.com/callboard/callboard/ui/prompt"
)

// withFrontDesk is the client the console sends operations with when it has
// the front desk's operations: dispatch finds them on it.
type withFrontDesk struct {
	dispatch.API
	dispatch.FrontDesk
}

// sender is what operations go through: the call operations, and the
// front desk's when there are.
func (a *App) sender() dispatch.API {
	if a.opts.FrontDesk == nil {
		return a.opts.API
	}
	return withFrontDesk{API: a.opts.API, FrontDesk: a.opts.FrontDesk}
}

// read carries out one of the desk's reads in a command.
func (a *App) read(rd desk.Read) tea.Cmd {
	fd, ctx, timeout, log := a.opts.FrontDesk, a.ctx, a.opts.ActionTimeout, a.opts.Logger
	if fd == nil {
		return nil
	}
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		ev := dispatch.Read(ctx, fd, rd)
		if ev == nil {
			log.Debug("read has no request", "read", rd.What.String())
			return nil
		}
		return readMsg{ev: ev}
	}
}

// discoverLines finds the lines on the operator's devices, once at the
// start.
func (a *App) discoverLines() tea.Cmd {
	if !a.opts.DiscoverLines {
		return nil
	}
	fd, ctx, timeout, primary := a.opts.FrontDesk, a.ctx, a.opts.ActionTimeout, a.opts.LineOwnerID
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		lines, err := dispatch.Lines(ctx, fd, primary)
		return linesMsg{lines: lines, err: err}
	}
}

// linesFound watches the lines found, or says why none could be.
func (a *App) linesFound(msg linesMsg) tea.Cmd {
	if msg.err != nil {
		a.opts.Logger.Debug("discover lines", "error", msg.err.Error())
		f := dispatch.Classify(msg.err)
		if f.Scope != "" {
			return a.say(desk.Notice, "your other lines cannot be found with this sign-in (it lacks "+f.Scope+
				"): run `callboard login` again to watch them, or list them under [lines] in the configuration")
		}
		return nil
	}
	if len(msg.lines) == 0 {
		return nil
	}
	return a.step(desk.LinesFound{Lines: msg.lines})
}

// conferenceKey is the conference key: in a conference, its actions on
// the command line; on one of two answered calls of a line, a
// confirmation naming both before they become a conference.
func (a *App) conferenceKey(row model.Row, ok bool, text string) tea.Cmd {
	if !ok || row.Ended() {
		return a.say(desk.Info, "conference: select one of the two calls to bring together")
	}
	if info, in := a.desk.ConferenceOf(row.Call.ID); in && text == "" {
		return a.conferenceMenu(row, info)
	}
	return a.confirmPair(row, model.ActionConferenceStart, "conference", a.desk.ConferencePartner, func(one, two string) string {
		return "conference: you, " + one + " and " + two + " all talk together?"
	})
}

// conferenceVerbs are the conference's actions the menu offers, by the
// word after "conference".
func conferenceVerbs() []string {
	return []string{"add", "mute", "unmute", "deafen", "undeafen", "hold", "resume", "release", "leave"}
}

// conferenceMenu opens the command line on the conference's actions, bound
// to the selected call.
func (a *App) conferenceMenu(row model.Row, info desk.ConferenceInfo) tea.Cmd {
	var names []string
	for _, p := range info.Participants {
		if r, ok := a.desk.Board().Find(p.CallID); ok {
			names = append(names, r.Call.Remote.Display())
		}
	}
	var suggestions []string
	for _, w := range conferenceVerbs() {
		suggestions = append(suggestions, "conference "+w)
	}
	return a.openPrompt(prompt.Spec{
		Title: "conference with " + strings.Join(names, ", ") + " — on " + row.Call.Remote.Display(),
		Hint:  "mute · unmute · deafen · undeafen (this call) · hold · resume · release (ends every call) · leave (they talk on) · add (another call)",
		Value: "conference ", Suggestions: suggestions, Validate: commandProblem,
		Footer: "enter runs · esc cancels · tab completes",
		Submit: func(line string) tea.Cmd { return a.runCommand(line, row, true) },
	})
}

// conferenceVerb runs a verb on a whole conference: the conference of the
// selected call's line (the operator's own line without one), confirmed
// first when it ends calls.
func (a *App) conferenceVerb(v desk.Verb, row model.Row, bound bool) tea.Cmd {
	in := desk.Intent{Actions: []model.Action{v.Action}}
	line := ""
	if bound {
		in.CallID, in.Name, line = row.Call.ID, row.Call.Remote.Display(), row.Call.Line
	}
	if !v.Confirm {
		return a.step(in)
	}
	info, ok := a.desk.ConferenceOn(line)
	if !ok {
		return a.step(in) // the desk says there is none
	}
	var names []string
	for _, p := range info.Participants {
		if r, ok := a.desk.Board().Find(p.CallID); ok {
			names = append(names, r.Call.Remote.Display())
		}
	}
	title := "end the conference and every call in it (" + strings.Join(names, ", ") + ")?"
	if v.Action == model.ActionConferenceLeave {
		title = "step out of the conference, leaving " + strings.Join(names, " and ") + " talking to each other?"
	}
	return a.openPrompt(prompt.Spec{Title: title, Confirm: true, Submit: func(string) tea.Cmd { return a.step(in) }})
}

// userVerb runs a verb on the operator's own settings: do not disturb and
// the night service toggle after a confirmation; wrap-up, queues and the
// agent state ask for their argument unless it was typed.
func (a *App) userVerb(v desk.Verb, text string) tea.Cmd {
	in := desk.Intent{Actions: []model.Action{v.Action}}
	if text != "" || v.Arg == desk.ArgNone {
		if v.Confirm {
			args, problem := v.Arg.Parse(text)
			if problem != "" {
				return a.say(desk.Problem, v.Name+": "+problem+" — nothing sent")
			}
			return a.confirmSetting(v, args.On)
		}
		return a.intent(in, v, text)
	}
	switch v.Action {
	case model.ActionDoNotDisturb, model.ActionNightService:
		on, why := a.toggleState(v.Action)
		if why != "" {
			return a.say(desk.Info, why)
		}
		return a.confirmSetting(v, on)
	case model.ActionWrapUp:
		return a.askWrapUp(v)
	case model.ActionAgentState:
		var words []string
		for _, s := range desk.AgentStates() {
			words = append(words, s.Word())
		}
		return a.openPrompt(prompt.Spec{Title: "agent state", Hint: v.PromptHint(), Suggestions: words,
			Validate: func(s string) string { _, problem := v.Arg.Parse(s); return problem },
			Submit:   func(s string) tea.Cmd { return a.intent(in, v, s) }})
	}
	return a.askFor(v, in, "")
}

// toggleState is the state a toggle key turns a setting to: the opposite
// of what the header shows.
func (a *App) toggleState(act model.Action) (on bool, why string) {
	s := a.desk.Settings()
	switch act {
	case model.ActionDoNotDisturb:
		if !s.DNDKnown {
			return false, "do not disturb: its state is not known yet — :dnd on or :dnd off sets it"
		}
		return !s.DND, ""
	default:
		if s.NightTo == "" {
			return false, "night service: no destination configured — set forward_to in the [night] table"
		}
		if !s.ForwardKnown {
			return false, "night service: your forwarding is not known yet — :night on or :night off sets it"
		}
		return !s.Night, ""
	}
}

// confirmSetting asks before turning do not disturb or the night service
// on or off: both change how every call reaches the operator.
func (a *App) confirmSetting(v desk.Verb, on bool) tea.Cmd {
	in := desk.Intent{Actions: []model.Action{v.Action}, Args: desk.Args{On: on}}
	title := "turn do not disturb " + map[bool]string{true: "on: calls to your line go to voicemail", false: "off: calls ring again"}[on] + "?"
	if v.Action == model.ActionNightService {
		dest := a.desk.Settings().NightTo
		title = "night service on: forward every call to " + dest + "?"
		if !on {
			title = "night service off: stop forwarding calls to " + dest + "?"
		}
	}
	return a.openPrompt(prompt.Spec{Title: title, Confirm: true, Submit: func(string) tea.Cmd { return a.step(in) }})
}

// askWrapUp asks for the wrap-up reasons of the last queue call, offering
// the configured ones.
func (a *App) askWrapUp(v desk.Verb) tea.Cmd {
	title := "wrap-up reasons"
	if w, ok := a.desk.WrapUp(); ok {
		title = "wrap-up: " + w.Queue + " call with " + w.Caller
	}
	hint := "one or more reasons, separated by commas"
	if len(a.opts.WrapUpReasons) > 0 {
		hint = strings.Join(a.opts.WrapUpReasons, " · ") + " — tab completes; several separated by commas"
	}
	in := desk.Intent{Actions: []model.Action{v.Action}}
	return a.openPrompt(prompt.Spec{Title: title, Hint: hint, Suggestions: a.opts.WrapUpReasons, List: true,
		Validate: func(s string) string { _, problem := v.Arg.Parse(s); return problem },
		Submit:   func(s string) tea.Cmd { return a.intent(in, v, s) }})
}

// lineName names a line for messages.
func (a *App) lineName(id string) string {
	for _, l := range a.desk.Lines() {
		if l.ID == id {
			if id == "" {
				return "your line"
			}
			return l.Name()
		}
	}
	return "your line"
}

// settingsText is the header's do not disturb and night service, always
// shown once read: "DND on · night → 2000".
func (a *App) settingsText() string {
	s := a.desk.Settings()
	if !s.Enabled {
		return ""
	}
	st := a.styles
	var parts []string
	switch {
	case s.DNDPending != "":
		parts = append(parts, st.Inline.Age.Apply("DND "+s.DNDPending+"…"))
	case !s.DNDKnown && s.DNDFailure != nil:
		parts = append(parts, st.Inline.Age.Apply("DND ?"))
	case !s.DNDKnown:
	case s.DND:
		parts = append(parts, st.Inline.Warn.Apply("DND on"))
	default:
		parts = append(parts, st.Inline.Age.Apply("DND off"))
	}
	switch {
	case s.NightPending != "":
		parts = append(parts, st.Inline.Age.Apply("night "+s.NightPending+"…"))
	case !s.ForwardKnown:
	case s.Night:
		parts = append(parts, st.Inline.Warn.Apply("night → "+s.ForwardTo))
	case s.Forward:
		parts = append(parts, st.Inline.Warn.Apply("forwarded → "+s.ForwardTo))
	case s.NightTo != "":
		parts = append(parts, st.Inline.Age.Apply("night off"))
	}
	return strings.Join(parts, st.Inline.Age.Apply(" · "))
}

// frontDeskSummary is the summary line's part about the queues: the wrap-up
// waiting for its reasons (nothing waits for it).
func (a *App) frontDeskSummary() string {
	w, ok := a.desk.WrapUp()
	if !ok {
		return ""
	}
	st := a.styles
	text := st.Label.Render("wrap-up: ") + st.Value.Render(w.Queue+" call with "+w.Caller)
	if k := a.keys.Verb("wrapup").Help().Key; k != "" {
		text += st.Dim.Render(" — " + k + " tags a reason")
	}
	return text
}

// queueWaiting reports whether a caller waits in a queue: the queues pane
// counts their wait every second.
func (a *App) queueWaiting() bool {
	for _, q := range a.desk.Queues().Queues {
		if len(q.Callers) > 0 {
			return true
		}
	}
	return false
}
