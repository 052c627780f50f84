package hooks

import (
	"fmt"
	"net/url"
	"path"
	"slices"
	"sort"
	"strings"
	"time"
)

// Defaults and bounds of a hook.
const (
	DefaultTimeout = 10 * time.Second // a run that takes longer is killed
	MaxTimeout     = 10 * time.Minute
	MaxHooks       = 64
)

// Hook is one configured hook: on these events (passing the filter), run
// this command.
type Hook struct {
	// Name names the hook in messages; "" names it by its command.
	Name string
	// Events are the event names that run it (see Events).
	Events []string
	// Command is the program and its arguments, run without a shell. An
	// argument may hold placeholders, {caller_number} or, percent-encoded
	// for a URL, {caller_number:url}; {{ and }} are literal braces. With
	// Shell, Command is one string: a script for /bin/sh -c, which reads
	// the event from its environment only (no placeholders: a caller's
	// name never becomes part of a script).
	Command []string
	Shell   bool
	// Timeout bounds one run; 0 means DefaultTimeout.
	Timeout time.Duration
	// Filter narrows the events by field (see Fields): every entry must
	// match its field's value, a glob ("+44*") with | between alternatives
	// ("on-call|on-hold").
	Filter map[string]string
	// Group makes hooks share one queue: their runs go one at a time, in
	// the order of the events, and a newer event of the same kind and call
	// replaces one still waiting. Hooks that drive one device (a busy light
	// with a hook per colour) belong in one group; "" puts the hook in a
	// group of its own.
	Group string
}

// Label is how messages name the hook: its name, or its command.
func (h Hook) Label() string {
	if h.Name != "" {
		return clean(h.Name)
	}
	return clean(strings.Join(h.Command, " "))
}

// Problem is one thing wrong with a hook. Key names the setting ("events",
// "command", "filter"), Index the element of a list (-1 for none), and Sub
// the filter's field.
type Problem struct {
	Key     string
	Index   int
	Sub     string
	Message string
}

// Problems checks a hook as configured and returns everything wrong with it.
func (h Hook) Problems() []Problem {
	var out []Problem
	add := func(key string, i int, sub, format string, args ...any) {
		out = append(out, Problem{Key: key, Index: i, Sub: sub, Message: fmt.Sprintf(format, args...)})
	}
	if len(h.Events) == 0 {
		add("events", -1, "", "no events: name at least one of %s", strings.Join(Events(), ", "))
	}
	for i, e := range h.Events {
		if !IsEvent(e) {
			add("events", i, "", "%q is not an event: the events are %s", e, strings.Join(Events(), ", "))
		}
	}
	switch {
	case len(h.Command) == 0 || strings.TrimSpace(h.Command[0]) == "":
		add("command", -1, "", "no command: give the program and its arguments as a list, like [\"notify-send\", \"{caller_name}\"]")
	case h.Shell && len(h.Command) != 1:
		add("command", -1, "", "with shell = true the command is one string, the script for /bin/sh -c: it reads the event from $CALLBOARD_... variables")
	case h.Shell:
		if hasPlaceholder(h.Command[0]) {
			add("command", 0, "", "a shell script takes no placeholders (a caller's name must never become part of a script): use \"$CALLBOARD_CALLER_NAME\" and the like")
		}
	default:
		for i, a := range h.Command {
			if _, err := compileArg(a); err != nil {
				add("command", i, "", "%v", err)
			}
		}
		if strings.ContainsAny(h.Command[0], " \t") && !strings.Contains(h.Command[0], "/") {
			add("command", 0, "", "%q is not a program name: split the command into a list, like [\"notify-send\", \"hello\"], or set shell = true to run it as a script", h.Command[0])
		}
	}
	if h.Timeout < 0 || h.Timeout > MaxTimeout {
		add("timeout", -1, "", "timeout %s is out of range: give a duration up to %s (default %s)", h.Timeout, MaxTimeout, DefaultTimeout)
	}
	keys := make([]string, 0, len(h.Filter))
	for k := range h.Filter {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if !IsField(k) {
			names := make([]string, 0, len(Fields()))
			for _, f := range Fields() {
				names = append(names, f.Name)
			}
			add("filter", -1, k, "%q is not a field: filter on one of %s", k, strings.Join(names, ", "))
			continue
		}
		for _, alt := range strings.Split(h.Filter[k], "|") {
			if _, err := path.Match(alt, ""); err != nil {
				add("filter", -1, k, "%q is not a pattern: %v", alt, err)
			}
		}
	}
	return out
}

// hasPlaceholder reports whether s holds a {field} placeholder.
func hasPlaceholder(s string) bool {
	t, err := compileArg(s)
	if err != nil {
		return false
	}
	return slices.ContainsFunc(t, func(p piece) bool { return p.field != "" })
}

// matches reports whether the event runs the hook.
func (h Hook) matches(e *Event) bool {
	if !slices.Contains(h.Events, e.Event) {
		return false
	}
	for k, pattern := range h.Filter {
		v := e.Value(k)
		if !slices.ContainsFunc(strings.Split(pattern, "|"), func(alt string) bool {
			ok, _ := path.Match(alt, v)
			return ok
		}) {
			return false
		}
	}
	return true
}

// piece is part of an argument: literal text, or a field's value.
type piece struct {
	text  string
	field string
	url   bool // percent-encode the value for a URL
}

// template is an argument with its placeholders found.
type template []piece

// compileArg finds the placeholders of one argument.
func compileArg(s string) (template, error) {
	var out template
	var lit strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '{' && i+1 < len(s) && s[i+1] == '{':
			lit.WriteByte('{')
			i++
		case c == '}' && i+1 < len(s) && s[i+1] == '}':
			lit.WriteByte('}')
			i++
		case c == '}':
			return nil, fmt.Errorf("argument %q: a lone } (write }} for a literal brace)", s)
		case c == '{':
			end := strings.IndexByte(s[i:], '}')
			if end < 0 {
				return nil, fmt.Errorf("argument %q: { without } (write {{ for a literal brace)", s)
			}
			name, mod, hasMod := strings.Cut(s[i+1:i+end], ":")
			if !IsField(name) {
				return nil, fmt.Errorf("argument %q: {%s} is not a field (see CALLBOARD_... in the documentation)", s, name)
			}
			if hasMod && mod != "url" {
				return nil, fmt.Errorf("argument %q: {%s:%s}: the only modifier is :url", s, name, mod)
			}
			if lit.Len() > 0 {
				out = append(out, piece{text: lit.String()})
				lit.Reset()
			}
			out = append(out, piece{field: name, url: hasMod})
			i += end
		default:
			lit.WriteByte(c)
		}
	}
	if lit.Len() > 0 || len(out) == 0 {
		out = append(out, piece{text: lit.String()})
	}
	return out, nil
}

// expand fills in the placeholders with the event's values. A value is
// one argument's part, never split and never seen by a shell.
func (t template) expand(e *Event) string {
	var b strings.Builder
	for _, p := range t {
		switch {
		case p.field == "":
			b.WriteString(p.text)
		case p.url:
			b.WriteString(url.QueryEscape(e.Value(p.field)))
		default:
			b.WriteString(e.Value(p.field))
		}
	}
	return b.String()
}
