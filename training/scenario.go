package training

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/pelletier/go-toml/v2"
)

// Scenario is one practice: steps the trainee follows in order,
// each a task with what the simulated world does and what completes it.
type Scenario struct {
	Name  string `toml:"name"`  // what --scenario takes; the file's name when empty
	Title string `toml:"title"` // shown at the top of the practice pane
	Intro string `toml:"intro"` // shown before the first task
	Steps []Step `toml:"steps"`
}

// Step is one task.
type Step struct {
	Task   string   `toml:"task"`   // what to do, in a sentence: "Transfer the caller from Acme to Priya"
	Hint   string   `toml:"hint"`   // how, in keys: "press t, type 103, enter"
	Points int      `toml:"points"` // what the step is worth; 0 means DefaultPoints
	Par    Duration `toml:"par"`    // full points within this; 0 means DefaultPar
	Limit  Duration `toml:"limit"`  // the step fails after this; 0 means DefaultLimit
	Do     []Action `toml:"do"`     // what the world does, from the step's start
	Goals  []Goal   `toml:"goals"`  // all of them complete the step
}

// Defaults of a step.
const (
	DefaultPoints = 10
	DefaultPar    = 30 * time.Second
	DefaultLimit  = 3 * time.Minute
)

// Action is one thing the simulated world does, After the step starts.
// Exactly one of its kinds is set.
type Action struct {
	After Duration `toml:"after"`
	// Ring rings the trainee's line.
	Ring *Caller `toml:"ring"`
	// RingColleague rings a colleague's phone (something to pick up).
	RingColleague *Caller `toml:"ring_colleague"`
	// Queue puts a caller in a call queue the trainee works in.
	Queue *Caller `toml:"queue"`
	// FarEnd makes a caller on the line act: answer, hangup, hold, resume.
	FarEnd *FarEnd `toml:"far_end"`
	// Presence sets a colleague's presence for a while.
	Presence *Presence `toml:"presence"`
	// Say shows the trainee a line, as a colleague might say it.
	Say string `toml:"say"`
}

// Caller is someone calling in.
type Caller struct {
	Name   string `toml:"name"`
	Number string `toml:"number"`
	// To is, for ring_colleague, whose phone rings (an extension).
	To string `toml:"to"`
	// Queue is, for queue, the queue (its extension: 5100, 5200).
	Queue string `toml:"queue"`
	// Priority and Waited are, for queue, the caller's priority (highest,
	// high, medium, low) and the wait they bring from elsewhere.
	Priority string   `toml:"priority"`
	Waited   Duration `toml:"waited"`
}

// FarEnd is a caller on the line doing something.
type FarEnd struct {
	Caller string `toml:"caller"` // matches the caller's name or number
	Action string `toml:"action"` // answer, hangup, hold or resume
}

// Presence is a colleague's presence, set for a while.
type Presence struct {
	Who     string `toml:"who"`     // extension
	Status  string `toml:"status"`  // meeting, DoNotDisturb, OutOfOffice, ...
	Minutes int    `toml:"minutes"` // 0: until the scenario ends
}

// Goal is one thing the trainee must get done. Exactly one kind is set,
// naming the caller it is about: a piece of their name or number ("Acme").
type Goal struct {
	Answer   string `toml:"answer"`   // the caller's call was answered
	Hold     string `toml:"hold"`     // the caller is on hold
	Resume   string `toml:"resume"`   // the caller is connected again
	Transfer string `toml:"transfer"` // the caller was transferred To
	Consult  string `toml:"consult"`  // the caller is on hold while a call to To is up
	Park     string `toml:"park"`     // the caller is parked
	Retrieve string `toml:"retrieve"` // the caller, parked, is back and connected
	Divert   string `toml:"divert"`   // the caller was diverted To ("vm": to voicemail)
	Pickup   string `toml:"pickup"`   // the caller, ringing a colleague, is connected to the trainee
	HangUp   string `toml:"hang_up"`  // the caller's call ended (hung up)
	Idle     bool   `toml:"idle"`     // no call left on the line
	// To is where transfer, consult and divert go: an extension, a number,
	// or "vm" for a divert to voicemail.
	To string `toml:"to"`
}

// kind names the goal's kind and its caller.
func (g Goal) kind() (kind, caller string) {
	for _, k := range []struct{ kind, caller string }{
		{"answer", g.Answer}, {"hold", g.Hold}, {"resume", g.Resume}, {"transfer", g.Transfer},
		{"consult", g.Consult}, {"park", g.Park}, {"retrieve", g.Retrieve}, {"divert", g.Divert},
		{"pickup", g.Pickup}, {"hang_up", g.HangUp},
	} {
		if k.caller != "" {
			return k.kind, k.caller
		}
	}
	if g.Idle {
		return "idle", ""
	}
	return "", ""
}

// Duration is a time.Duration written as a string: "20s", "2m".
type Duration struct{ time.Duration }

// UnmarshalText reads "20s".
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(strings.TrimSpace(string(b)))
	if err != nil {
		return fmt.Errorf("%q is not a duration: write a number and a unit, like \"20s\" or \"2m\"", b)
	}
	d.Duration = v
	return nil
}

// Error lists what is wrong with a scenario file, each with its place.
type Error struct {
	File     string
	Problems []string
}

// Error writes one problem a line, each after the file's name.
func (e *Error) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = e.File + ": " + p
	}
	return strings.Join(lines, "\n")
}

// maxScenarioSize bounds a scenario file: a real one is a few kilobytes.
const maxScenarioSize = 256 << 10

// Parse reads a scenario from TOML; name is the file name problems carry
// and, without a name in the file, the scenario's name.
func Parse(name string, data []byte) (Scenario, error) {
	if len(data) > maxScenarioSize {
		return Scenario{}, &Error{File: name, Problems: []string{fmt.Sprintf("larger than %d KiB: a scenario is a few kilobytes", maxScenarioSize>>10)}}
	}
	var sc Scenario
	dec := toml.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&sc); err != nil {
		return Scenario{}, &Error{File: name, Problems: decodeProblems(err)}
	}
	if sc.Name == "" {
		sc.Name = strings.TrimSuffix(path.Base(name), ".toml")
	}
	if p := sc.problems(); len(p) > 0 {
		return Scenario{}, &Error{File: name, Problems: p}
	}
	return sc, nil
}

// decodeProblems turns a TOML error into "line:col: message" lines.
func decodeProblems(err error) []string {
	var strict *toml.StrictMissingError
	if errors.As(err, &strict) {
		var out []string
		for _, e := range strict.Errors {
			line, col := e.Position()
			out = append(out, fmt.Sprintf("%d:%d: unknown key %s", line, col, strings.Join(e.Key(), ".")))
		}
		return out
	}
	var de *toml.DecodeError
	if errors.As(err, &de) {
		line, col := de.Position()
		return []string{fmt.Sprintf("%d:%d: %s", line, col, strings.TrimPrefix(de.Error(), "toml: "))}
	}
	return []string{strings.TrimPrefix(err.Error(), "toml: ")}
}

// problems checks what the TOML types cannot.
func (sc Scenario) problems() []string {
	var out []string
	add := func(format string, args ...any) { out = append(out, fmt.Sprintf(format, args...)) }
	if strings.TrimSpace(sc.Title) == "" {
		add("no title: give the scenario a title")
	}
	if len(sc.Steps) == 0 {
		add("no steps: a scenario needs at least one [[steps]]")
	}
	for i, st := range sc.Steps {
		n := i + 1
		if strings.TrimSpace(st.Task) == "" {
			add("step %d: no task: say what the trainee must do", n)
		}
		if st.Points < 0 || st.Par.Duration < 0 || st.Limit.Duration < 0 {
			add("step %d: points, par and limit must not be negative", n)
		}
		if len(st.Goals) == 0 {
			add("step %d: no goals: say what completes the step, like goals = [{ answer = \"Acme\" }]", n)
		}
		for j, g := range st.Goals {
			if p := g.problem(); p != "" {
				add("step %d goal %d: %s", n, j+1, p)
			}
		}
		for j, a := range st.Do {
			if p := a.problem(); p != "" {
				add("step %d action %d: %s", n, j+1, p)
			}
		}
	}
	return out
}

// problem says what is wrong with a goal, "" if nothing.
func (g Goal) problem() string {
	set := 0
	for _, s := range []string{g.Answer, g.Hold, g.Resume, g.Transfer, g.Consult, g.Park, g.Retrieve, g.Divert, g.Pickup, g.HangUp} {
		if s != "" {
			set++
		}
	}
	if g.Idle {
		set++
	}
	kind, _ := g.kind()
	switch {
	case set == 0:
		return "no kind: set one of answer, hold, resume, transfer, consult, park, retrieve, divert, pickup, hang_up, idle"
	case set > 1:
		return "more than one kind: a goal is one thing; list several goals instead"
	case (kind == "transfer" || kind == "consult" || kind == "divert") && g.To == "":
		return kind + " needs to: the destination (an extension, a number, or vm for a divert)"
	case g.To != "" && kind != "transfer" && kind != "consult" && kind != "divert":
		return "to is only for transfer, consult and divert"
	}
	return ""
}

// problem says what is wrong with an action, "" if nothing.
func (a Action) problem() string {
	set := 0
	for _, ok := range []bool{a.Ring != nil, a.RingColleague != nil, a.Queue != nil, a.FarEnd != nil, a.Presence != nil, a.Say != ""} {
		if ok {
			set++
		}
	}
	switch {
	case set != 1:
		return "set exactly one of ring, ring_colleague, queue, far_end, presence, say"
	case a.After.Duration < 0:
		return "after must not be negative"
	case a.Ring != nil && a.Ring.Number == "":
		return "ring needs the caller's number"
	case a.RingColleague != nil && (a.RingColleague.To == "" || a.RingColleague.Number == ""):
		return "ring_colleague needs to (the colleague's extension) and the caller's number"
	case a.Queue != nil && (a.Queue.Queue == "" || a.Queue.Number == ""):
		return "queue needs queue (5100 or 5200) and the caller's number"
	case a.FarEnd != nil && !slices.Contains([]string{"answer", "hangup", "hold", "resume"}, a.FarEnd.Action):
		return "far_end action must be answer, hangup, hold or resume"
	case a.FarEnd != nil && a.FarEnd.Caller == "":
		return "far_end needs the caller"
	case a.Presence != nil && (a.Presence.Who == "" || a.Presence.Status == ""):
		return "presence needs who and status"
	}
	return ""
}

//go:embed scenarios/*.toml
var builtin embed.FS

// BuiltinNames lists the scenarios that come with callboard, in the order
// they are best practised.
func BuiltinNames() []string { return []string{"basics", "consult-park", "busy-morning"} }

// Builtin returns the built-in scenario with the name.
func Builtin(name string) (Scenario, error) {
	data, err := fs.ReadFile(builtin, "scenarios/"+name+".toml")
	if err != nil {
		return Scenario{}, fmt.Errorf("no built-in scenario %q", name)
	}
	return Parse(name+".toml", data)
}

// BuiltinSource returns a built-in scenario's TOML, to copy and adapt.
func BuiltinSource(name string) ([]byte, error) {
	data, err := fs.ReadFile(builtin, "scenarios/"+name+".toml")
	if err != nil {
		return nil, fmt.Errorf("no built-in scenario %q", name)
	}
	return data, nil
}

// Load finds a scenario: a built-in one by name, or a TOML file by path.
func Load(nameOrPath string) (Scenario, error) {
	if !strings.ContainsAny(nameOrPath, `/\`) && !strings.HasSuffix(nameOrPath, ".toml") {
		return Builtin(nameOrPath)
	}
	f, err := os.Open(nameOrPath)
	if err != nil {
		return Scenario{}, fmt.Errorf("scenario: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxScenarioSize+1))
	if err != nil {
		return Scenario{}, fmt.Errorf("scenario %s: %w", nameOrPath, err)
	}
	return Parse(nameOrPath, data)
}
