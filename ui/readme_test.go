package ui

import (
	"flag"
	"os"
	"strings"
	"testing"

	"github.com/callboard/callboard/desk"
	"github.com/callboard/callboard/keymap"
)

var updateReadme = flag.Bool("update-readme", false, "rewrite the README's key table from the verb table")

// The README's key table marks, between which the table is generated.
const (
	keysBegin = "<!-- keys: generated from the verb table by `go test ./ui -run TestReadmeKeyTable -update-readme` -->"
	keysEnd   = "<!-- end of keys -->"
)

// keyTable renders the default keys as the README shows them: the
// navigation keys, every verb of the desk's table with its keys, what it
// does and when, then the console's own keys.
func keyTable() string {
	km := keymap.Default()
	var b strings.Builder
	b.WriteString("| key | action | offered when |\n|---|---|---|\n")
	row := func(keys, action, when string) { b.WriteString("| " + keys + " | " + action + " | " + when + " |\n") }
	row("↑/k ↓/j, g/G", "move the selection", "always")
	for _, name := range desk.KeyNames() {
		var words, whens []string
		for _, act := range desk.KeyGroup(name) {
			v, _ := desk.VerbOf(act)
			words = append(words, v.Summary)
			whens = append(whens, v.When)
		}
		row(km.Verb(name).Help().Key, strings.Join(words, "; "), strings.Join(whens, " / "))
	}
	row("1–9", "speed-dial entry: transfer the selected call there (asks first); with no call on the line, dial it", "configured entries")
	for _, name := range []string{keymap.ActionHistory, keymap.ActionFocus, keymap.ActionPane, keymap.ActionDevice, keymap.ActionFilter, keymap.ActionLine, keymap.ActionIDs,
		keymap.ActionNote, keymap.ActionMessage, keymap.ActionStats, keymap.ActionCommand, keymap.ActionRefresh, keymap.ActionAck, keymap.ActionHelp, keymap.ActionQuit} {
		bind, _ := km.Binding(name)
		when := "always"
		switch name {
		case keymap.ActionNote, keymap.ActionMessage, keymap.ActionStats:
			when = "a journal is kept (the default)"
		}
		row(bind.Help().Key, consoleKeyWords[name], when)
	}
	return b.String()
}

// consoleKeyWords says what the console's own keys do, for the README.
var consoleKeyWords = map[string]string{
	keymap.ActionHistory: "calls ↔ history (enter calls back)",
	keymap.ActionFocus:   "move the keys between the call list and the side pane",
	keymap.ActionPane:    "show the next side pane, or none",
	keymap.ActionDevice:  "choose the device answer, dial, retrieve, pick up and pull ring on (by name)",
	keymap.ActionFilter:  "filter the list (a ringing call always shows)",
	keymap.ActionLine:    "show one line's calls, then the next line, then every line (a ringing call always shows)",
	keymap.ActionIDs:     "show or hide the selected call's ids",
	keymap.ActionNote:    "a note on the selected call (or history entry), kept in the journal",
	keymap.ActionMessage: "take a message for a colleague: `Priya: wants the invoice !` (`!` urgent); sent by Webex when allowed",
	keymap.ActionStats:   "today's and this week's figures: answered, missed, time to answer, on hold",
	keymap.ActionCommand: "command line: any verb by name (`:dtmf 1,234`, `:transfer vm`, `:join`, `:copy`)",
	keymap.ActionRefresh: "refresh now",
	keymap.ActionAck:     "silence the repeating bell (a call ringing too long, a hold past its limit)",
	keymap.ActionHelp:    "full help: the keys that act now",
	keymap.ActionQuit:    "quit (calls carry on; ctrl+c in a prompt only closes it)",
}

// The README's key table is the verb table's: it cannot drift from what
// the keys do.
func TestReadmeKeyTable(t *testing.T) {
	const path = "../README.md"
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)
	i, j := strings.Index(readme, keysBegin), strings.Index(readme, keysEnd)
	if i < 0 || j < i {
		t.Fatalf("README.md has no generated key table between %q and %q", keysBegin, keysEnd)
	}
	want := keysBegin + "\n" + keyTable() + keysEnd
	got := readme[i : j+len(keysEnd)]
	if got == want {
		return
	}
	if *updateReadme {
		if err := os.WriteFile(path, []byte(readme[:i]+want+readme[j+len(keysEnd):]), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("README.md's key table differs from the verb table; run go test ./ui -run TestReadmeKeyTable -update-readme\n%s", want)
}
