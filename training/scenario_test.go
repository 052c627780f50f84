package training

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestBuiltinsParse(t *testing.T) {
	if len(BuiltinNames()) < 3 {
		t.Fatalf("%d built-in scenarios, want at least 3", len(BuiltinNames()))
	}
	for _, name := range BuiltinNames() {
		sc, err := Builtin(name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if sc.Name != name || sc.Title == "" || len(sc.Steps) < 4 {
			t.Errorf("%s: name %q, title %q, %d steps", name, sc.Name, sc.Title, len(sc.Steps))
		}
		for i, st := range sc.Steps {
			if st.Hint == "" {
				t.Errorf("%s step %d has no hint: a new operator needs the keys", name, i+1)
			}
		}
		src, err := BuiltinSource(name)
		if err != nil || !strings.Contains(string(src), "[[steps]]") {
			t.Errorf("%s: source %v", name, err)
		}
	}
	if _, err := Builtin("nope"); err == nil {
		t.Error("an unknown built-in scenario loaded")
	}
}

func TestParseAScenario(t *testing.T) {
	sc, err := Parse("mine.toml", []byte(`
title = "Mine"
[[steps]]
task = "Answer Zed"
points = 20
par = "10s"
limit = "1m"
do = [
  { after = "1s", ring = { name = "Zed", number = "+15555550100" } },
  { after = "3s", far_end = { caller = "Zed", action = "hangup" } },
  { queue = { queue = "5100", name = "Q", number = "+15555550101", priority = "high", waited = "30s" } },
  { ring_colleague = { to = "102", name = "P", number = "+15555550102" } },
  { presence = { who = "103", status = "meeting", minutes = 30 } },
  { say = "hello" },
]
goals = [{ answer = "Zed" }, { transfer = "Q", to = "103" }, { idle = true }]
`))
	if err != nil {
		t.Fatal(err)
	}
	if sc.Name != "mine" {
		t.Errorf("name %q, want the file's", sc.Name)
	}
	st := sc.Steps[0]
	if st.Points != 20 || st.Par.Duration != 10*time.Second || st.Limit.Duration != time.Minute || len(st.Do) != 6 || len(st.Goals) != 3 {
		t.Errorf("step %+v", st)
	}
	if st.Do[2].Queue.Waited.Duration != 30*time.Second || st.Do[1].FarEnd.Action != "hangup" {
		t.Errorf("actions %+v", st.Do)
	}
}

func TestParseRefusesWhatCannotRun(t *testing.T) {
	tests := []struct{ name, doc, want string }{
		{"unknown key with its place", "title = \"x\"\n[[steps]]\ntask = \"t\"\ngoals = [{ answer = \"a\" }]\ncolour = \"red\"\n", "mine.toml: 5:1: unknown key steps.colour"},
		{"not TOML", "title = \n", "mine.toml: 1:"},
		{"no title", "[[steps]]\ntask = \"t\"\ngoals = [{ answer = \"a\" }]\n", "no title"},
		{"no steps", "title = \"x\"\n", "no steps"},
		{"no goals", "title = \"x\"\n[[steps]]\ntask = \"t\"\n", "step 1: no goals"},
		{"two kinds in a goal", "title = \"x\"\n[[steps]]\ntask = \"t\"\ngoals = [{ answer = \"a\", hold = \"a\" }]\n", "step 1 goal 1: more than one kind"},
		{"transfer without a destination", "title = \"x\"\n[[steps]]\ntask = \"t\"\ngoals = [{ transfer = \"a\" }]\n", "transfer needs to"},
		{"an empty action", "title = \"x\"\n[[steps]]\ntask = \"t\"\ngoals = [{ idle = true }]\ndo = [{ after = \"1s\" }]\n", "step 1 action 1: set exactly one"},
		{"a far end doing the impossible", "title = \"x\"\n[[steps]]\ntask = \"t\"\ngoals = [{ idle = true }]\ndo = [{ far_end = { caller = \"a\", action = \"dance\" } }]\n", "far_end action must be"},
		{"a bad duration", "title = \"x\"\n[[steps]]\ntask = \"t\"\npar = \"soon\"\ngoals = [{ idle = true }]\n", "is not a duration"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("mine.toml", []byte(tt.doc))
			var se *Error
			if !errors.As(err, &se) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Parse error = %v, want it to say %q", err, tt.want)
			}
		})
	}
}

func TestLoadByNameOrPath(t *testing.T) {
	if sc, err := Load("basics"); err != nil || sc.Name != "basics" {
		t.Errorf("Load(basics) = %q, %v", sc.Name, err)
	}
	path := filepath.Join(t.TempDir(), "drill.toml")
	if err := os.WriteFile(path, []byte("title = \"Drill\"\n[[steps]]\ntask = \"t\"\ngoals = [{ idle = true }]\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if sc, err := Load(path); err != nil || sc.Name != "drill" || sc.Title != "Drill" {
		t.Errorf("Load(%s) = %+v, %v", path, sc, err)
	}
	if _, err := Load(filepath.Join(t.TempDir(), "missing.toml")); err == nil {
		t.Error("a missing file loaded")
	}
}
