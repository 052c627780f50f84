package ui

import (
	"fmt"
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/callboard/callboard/desk"
	"github.com/callboard/callboard/internal/textsafe"
	"github.com/callboard/callboard/model"
	"github.com/callboard/callboard/ui/prompt"
)

// consoleVerb is a command-line verb of the console itself (the call verbs
// are the desk's table).
type consoleVerb struct {
	name, usage, help string
	takes             []string // the arguments it accepts besides none
	free              bool     // it takes any text as its argument
	journal           bool     // it needs the journal: help lists it only with one
	run               func(a *App, row model.Row, bound bool, arg string) tea.Cmd
}

// consoleVerbs lists the console's own verbs.
func consoleVerbs() []consoleVerb {
	return []consoleVerb{
		{name: "copy", usage: "copy [session]", help: "copy the call id (or session id)", takes: []string{"session"},
			run: func(a *App, row model.Row, bound bool, arg string) tea.Cmd {
				return a.copyID(row, bound, arg == "session")
			}},
		{name: "history", usage: "history", help: "show the call history",
			run: func(a *App, _ model.Row, _ bool, _ string) tea.Cmd {
				if a.screen != screenHistory {
					return a.toggleScreen()
				}
				return nil
			}},
		{name: "calls", usage: "calls", help: "show the calls",
			run: func(a *App, _ model.Row, _ bool, _ string) tea.Cmd {
				if a.screen != screenCalls {
					return a.toggleScreen()
				}
				return nil
			}},
		{name: "callback", usage: "callback [note]", help: "put the selected caller on the call-back worklist", free: true, journal: true,
			run: func(a *App, _ model.Row, _ bool, arg string) tea.Cmd { return a.flagCallback(arg) }},
		{name: "refresh", usage: "refresh", help: "poll now",
			run: func(a *App, _ model.Row, _ bool, _ string) tea.Cmd { return a.step(desk.Refresh{}) }},
		{name: "help", usage: "help", help: "show every key",
			run: func(a *App, _ model.Row, _ bool, _ string) tea.Cmd { a.showHelp = true; return nil }},
		{name: "quit", usage: "quit", help: "quit (calls carry on)",
			run: func(*App, model.Row, bool, string) tea.Cmd { return tea.Quit }},
	}
}

// commandNames are every verb and alias, for completion.
func commandNames() []string {
	names := desk.Names()
	for _, v := range consoleVerbs() {
		names = append(names, v.name)
	}
	return names
}

// findConsoleVerb finds a console verb by name.
func findConsoleVerb(name string) (consoleVerb, bool) {
	for _, v := range consoleVerbs() {
		if v.name == strings.ToLower(name) {
			return v, true
		}
	}
	return consoleVerb{}, false
}

// commandProblem validates a command line as the operator types. The start
// of a verb is not an error: it lists the verbs it can become.
func commandProblem(line string) string {
	fields := strings.Fields(line)
	if len(fields) == 0 {
		return "type a verb: " + strings.Join(commandNames(), " ")
	}
	if v, rest, ok := desk.Lookup(line); ok {
		if _, isName := v.Arg.NameIn(rest); isName {
			return "" // the directory finds the name when the line runs
		}
		if _, problem := v.Arg.Parse(rest); problem != "" {
			return v.Name + ": " + problem + " (" + v.Usage() + ")"
		}
		return ""
	}
	if v, ok := findConsoleVerb(fields[0]); ok {
		if !v.free && (len(fields) > 2 || (len(fields) == 2 && !slices.Contains(v.takes, fields[1]))) {
			return v.name + ": use " + v.usage
		}
		return ""
	}
	word := strings.ToLower(strings.TrimSpace(line))
	var matches []string
	for _, name := range commandNames() {
		if strings.HasPrefix(name, word) && name != word {
			matches = append(matches, name)
		}
	}
	if len(matches) > 0 {
		return prompt.Completing + strings.Join(matches, " · ") + " (tab completes)"
	}
	return fmt.Sprintf("unknown verb %q: %s", fields[0], strings.Join(commandNames(), " "))
}

// openCommandLine opens the command line, bound to the selected call: the
// command acts on the call selected now, even if another call rings in and
// takes the selection while the operator types.
func (a *App) openCommandLine() tea.Cmd {
	row, bound := a.desk.Board().Selected()
	title := "command"
	if bound {
		title += " — on " + row.Call.Remote.Display()
	}
	return a.openPrompt(prompt.Spec{
		Title: title, Hint: "any verb by name: dtmf 1,234 · push · park 7001 · transfer vm · join · copy · help",
		Suggestions: commandNames(), Validate: commandProblem,
		Footer: "enter runs · esc cancels · tab completes the verb",
		Submit: func(line string) tea.Cmd { return a.runCommand(line, row, bound) },
	})
}

// runCommand runs a validated command line on the call bound when the line
// opened.
func (a *App) runCommand(line string, row model.Row, bound bool) tea.Cmd {
	if v, rest, ok := desk.Lookup(line); ok {
		switch v.Target {
		case desk.NewCall:
			return a.intent(desk.Intent{Actions: []model.Action{v.Action}}, v, rest)
		case desk.TwoCalls:
			if v.Action == model.ActionConferenceStart {
				return a.conferenceKey(row, bound, rest)
			}
			return a.confirmJoin()
		case desk.OnConference:
			return a.conferenceVerb(v, row, bound)
		case desk.OnUser:
			return a.userVerb(v, rest)
		}
		if !bound {
			return a.say(desk.Info, v.Name+": no call selected")
		}
		in := desk.Intent{Actions: []model.Action{v.Action}, CallID: row.Call.ID, Name: row.Call.Remote.Display()}
		if v.Action == model.ActionConsult && rest == "" && a.desk.InConsult(row.Call.ID) {
			return a.step(in)
		}
		return a.intent(in, v, rest)
	}
	fields := strings.Fields(line)
	if v, ok := findConsoleVerb(fields[0]); ok {
		return v.run(a, row, bound, strings.Join(fields[1:], " "))
	}
	return a.say(desk.Problem, commandProblem(line))
}

// looksLikeID reports whether id is made of what Webex ids are made of
// (base64 in its URL-safe or standard alphabet, at most 512 characters);
// anything else is not put on the clipboard. A function, not a regular
// expression: `{1,512}` compiled at every start cost milliseconds.
func looksLikeID(id string) bool {
	if id == "" || len(id) > 512 {
		return false
	}
	for _, r := range id {
		switch {
		case r >= 'A' && r <= 'Z', r >= 'a' && r <= 'z', r >= '0' && r <= '9', strings.ContainsRune("+/=_-", r):
		default:
			return false
		}
	}
	return true
}

// copyID puts the bound call's id (or session id) on the clipboard through
// the terminal (OSC 52), when it looks like an id: a line break in it would
// paste as a command somewhere else.
func (a *App) copyID(row model.Row, bound, session bool) tea.Cmd {
	if !bound {
		return a.say(desk.Info, "copy: no call selected")
	}
	id, what := row.Call.ID, "call id"
	if session {
		id, what = row.Call.SessionID, "session id"
	}
	if !looksLikeID(id) {
		return a.say(desk.Problem, "copy: the "+what+" Webex sent is not an id ("+textsafe.Clip(textsafe.Line(id), 40)+"): nothing copied")
	}
	return tea.Batch(a.opts.clipboard(id), a.say(desk.Success, "copied the "+what+" of "+row.Call.Remote.Display()))
}
