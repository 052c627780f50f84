package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/callboard/callboard/cli"
)

func TestScenariosListShowAndCheck(t *testing.T) {
	h := newHarness(t)
	o := h.run("scenarios")
	if o.code != cli.ExitOK || !strings.Contains(o.stdout, "basics") || !strings.Contains(o.stdout, "consult-park") ||
		!strings.Contains(o.stdout, "busy-morning") {
		t.Errorf("scenarios:\n%s", o)
	}
	o = h.run("scenarios", "show", "basics")
	if o.code != cli.ExitOK || !strings.Contains(o.stdout, "[[steps]]") {
		t.Errorf("scenarios show basics:\n%s", o)
	}
	mine := filepath.Join(h.dir, "mine.toml")
	if err := os.WriteFile(mine, []byte(o.stdout), 0o600); err != nil {
		t.Fatal(err)
	}
	if o := h.run("scenarios", "check", mine); o.code != cli.ExitOK || !strings.Contains(o.stdout, "5 steps") {
		t.Errorf("scenarios check on a copy of basics:\n%s", o)
	}
	if err := os.WriteFile(mine, []byte("title = \"x\"\n[[steps]]\ntask = \"t\"\ngoal = 1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if o := h.run("scenarios", "check", mine); o.code != cli.ExitUsage || !strings.Contains(o.stderr, "mine.toml: 4:1: unknown key steps.goal") {
		t.Errorf("scenarios check on a bad file:\n%s", o)
	}
	if o := h.run("scenarios", "show", "nope"); o.code != cli.ExitUsage {
		t.Errorf("scenarios show nope:\n%s", o)
	}
}

// An unknown scenario is refused before the console starts.
func TestUnknownScenarioRefused(t *testing.T) {
	h := newHarness(t)
	o := h.run("--scenario", "nope")
	if o.code != cli.ExitUsage || !strings.Contains(o.stderr, `--scenario nope: no built-in scenario "nope"`) {
		t.Errorf("%s", o)
	}
}
