package ui

import (
	"fmt"
	"slices"
	"strings"

	"github.com/callboard/callboard/model"
	"github.com/callboard/callboard/webex"
)

// command is a parsed `:` command line.
type command struct {
	verb string
	args []string
}

// commandVerb describes one verb of the command line.
type commandVerb struct {
	name    string
	aliases []string
	usage   string
	// check validates the arguments; "" when they are acceptable.
	check func(args []string) string
}

// commandVerbs lists every verb of the command line, which reaches each
// operator action by name.
func commandVerbs() []commandVerb {
	none := func(args []string) string {
		if len(args) > 0 {
			return "takes no arguments"
		}
		return ""
	}
	oneDest := func(args []string) string {
		if len(args) == 0 {
			return "needs a destination"
		}
		return destinationProblem(strings.Join(args, " "))
	}
	optDest := func(args []string) string { return optionalDestination(strings.Join(args, " ")) }
	return []commandVerb{
		{name: "answer", usage: "answer", check: none},
		{name: "reject", usage: "reject [busy|temporarilyUnavailable|ignore]", check: func(args []string) string {
			switch {
			case len(args) == 0:
				return ""
			case len(args) > 1:
				return "takes one of busy, temporarilyUnavailable, ignore"
			}
			if _, ok := rejectAction(args[0]); !ok {
				return fmt.Sprintf("%q: use busy, temporarilyUnavailable or ignore", args[0])
			}
			return ""
		}},
		{name: "hangup", aliases: []string{"end"}, usage: "hangup", check: none},
		{name: "hold", usage: "hold", check: none},
		{name: "resume", usage: "resume", check: none},
		{name: "mute", usage: "mute", check: none},
		{name: "unmute", usage: "unmute", check: none},
		{name: "divert", usage: "divert DEST | vm [DEST]", check: func(args []string) string {
			return divertProblem(strings.Join(args, " "))
		}},
		{name: "transfer", usage: "transfer DEST (or no DEST: join your two calls)", check: optDest},
		{name: "consult", usage: "consult DEST", check: oneDest},
		{name: "park", usage: "park [DEST|group]", check: func(args []string) string {
			return parkProblem(strings.Join(args, " "))
		}},
		{name: "retrieve", usage: "retrieve [DEST]", check: optDest},
		{name: "dial", aliases: []string{"call"}, usage: "dial DEST", check: oneDest},
		{name: "pickup", usage: "pickup [TARGET]", check: optDest},
		{name: "barge", aliases: []string{"bargein"}, usage: "barge TARGET", check: oneDest},
		{name: "record", usage: "record start|stop|pause|resume", check: func(args []string) string {
			if len(args) != 1 || !slices.Contains([]string{"start", "stop", "pause", "resume"}, args[0]) {
				return "use record start, stop, pause or resume"
			}
			return ""
		}},
		{name: "dtmf", usage: "dtmf DIGITS", check: func(args []string) string {
			if len(args) == 0 {
				return "needs digits: 0-9 * # A-D, a comma pauses"
			}
			return dtmfProblem(strings.Join(args, ""))
		}},
		{name: "push", usage: "push", check: none},
		{name: "pull", usage: "pull", check: none},
		{name: "copy", usage: "copy [session]", check: func(args []string) string {
			if len(args) > 1 || (len(args) == 1 && args[0] != "session") {
				return "use copy (the call id) or copy session"
			}
			return ""
		}},
		{name: "history", usage: "history", check: none},
		{name: "refresh", usage: "refresh", check: none},
		{name: "help", usage: "help", check: none},
		{name: "quit", usage: "quit", check: none},
	}
}

func rejectAction(s string) (webex.RejectAction, bool) {
	for _, a := range []webex.RejectAction{webex.RejectBusy, webex.RejectTemporarilyUnavailable, webex.RejectIgnore} {
		if strings.EqualFold(s, string(a)) {
			return a, true
		}
	}
	return "", false
}

// commandNames are the verbs and their aliases, for completion.
func commandNames() []string {
	var names []string
	for _, v := range commandVerbs() {
		names = append(names, v.name)
		names = append(names, v.aliases...)
	}
	return names
}

// parseCommand reads a command line; problem says what is wrong with it.
func parseCommand(line string) (command, string) {
	fields := strings.Fields(line)
	if len(fields) == 0 {
		return command{}, "type a verb: " + verbList()
	}
	name := strings.ToLower(fields[0])
	for _, v := range commandVerbs() {
		if v.name == name || slices.Contains(v.aliases, name) {
			cmd := command{verb: v.name, args: fields[1:]}
			if problem := v.check(cmd.args); problem != "" {
				return cmd, v.name + ": " + problem + " (" + v.usage + ")"
			}
			return cmd, ""
		}
	}
	return command{}, fmt.Sprintf("unknown verb %q: %s", fields[0], verbList())
}

func verbList() string {
	names := make([]string, 0, 24)
	for _, v := range commandVerbs() {
		names = append(names, v.name)
	}
	return strings.Join(names, " ")
}

// commandProblem validates a command line as the operator types. The start
// of a verb is not an error: it lists the verbs it can become.
func commandProblem(line string) string {
	_, problem := parseCommand(line)
	if word := strings.TrimSpace(line); problem != "" && word != "" && !strings.ContainsAny(word, " \t") {
		var matches []string
		for _, name := range commandNames() {
			if strings.HasPrefix(name, strings.ToLower(word)) && name != strings.ToLower(word) {
				matches = append(matches, name)
			}
		}
		if len(matches) > 0 {
			return completing + strings.Join(matches, " · ") + " (tab completes)"
		}
	}
	return problem
}

// callAction maps a command-line verb that acts on the selected call to its
// model action, to check it against the call's state.
func callAction(verb string, args []string) (model.Action, bool) {
	switch {
	case verb == "transfer" && len(args) == 0:
		return model.ActionJoinTransfer, true
	case verb == "record" && len(args) == 1:
		return model.ParseAction("record " + args[0])
	}
	return model.ParseAction(verb)
}
