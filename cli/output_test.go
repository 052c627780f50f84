package cli

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/callboard/callboard/desk"
	"github.com/callboard/callboard/webex"
)

// Bug: `callboard calls` put wide names 3 columns off and never cut a long
// name. Columns are measured in cells, and names are cut.
func TestCallsTableWithWideAndLongNames(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)
	mk := func(id, name string) webex.Call {
		return webex.Call{ID: id, CallSessionID: "s" + id, Personality: webex.PersonalityTerminator, State: webex.StateConnected,
			RemoteParty: webex.Party{Name: name, Number: "+14155550100"}, Created: webex.NewTimestamp(now)}
	}
	out := formatCalls([]webex.Call{
		mk("a", "山田太郎"), mk("b", "Ana 🙂 Lima"), mk("c", "Bob"),
		mk("d", strings.Repeat("Bartholomew Featherstonehaugh ", 5)),
	}, now)
	col := -1
	for _, line := range strings.Split(strings.TrimSpace(out), "\n")[1:] {
		i := strings.Index(line, "+14155550100")
		if i < 0 {
			t.Fatalf("no number on %q", line)
		}
		w := ansi.StringWidth(line[:i])
		if col >= 0 && w != col {
			t.Errorf("the number starts at cell %d, not %d:\n%s", w, col, out)
		}
		col = w
	}
	if strings.Contains(out, strings.Repeat("Bartholomew Featherstonehaugh ", 2)) {
		t.Errorf("a long name is not cut:\n%s", out)
	}
}

// Every verb of the desk's table is a one-shot command, with the table's
// summary as its help.
func TestEveryVerbIsACommand(t *testing.T) {
	a := &app{}
	root := a.rootCommand()
	for _, v := range desk.Verbs() {
		name := strings.Fields(v.Name)[0]
		cmd, _, err := root.Find([]string{name})
		if err != nil || cmd.Name() != name {
			t.Errorf("no command for the verb %q", v.Name)
		}
	}
}
