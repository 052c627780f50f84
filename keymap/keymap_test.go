package keymap

import (
	"slices"
	"strconv"
	"testing"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

func TestActionsAreTheConfigContract(t *testing.T) {
	want := []string{"up", "down", "top", "bottom", "answer", "reject", "hangup", "hold", "transfer", "join",
		"consult", "divert", "park", "retrieve", "dial", "pickup", "barge", "mute", "record",
		"record_pause", "dtmf", "conference", "dnd", "night", "wrapup", "history", "focus", "pane", "device", "filter", "line",
		"ids", "note", "message", "stats", "command", "refresh", "acknowledge", "help", "quit"}
	if got := Actions(); !slices.Equal(got, want) {
		t.Fatalf("Actions() = %v, want %v", got, want)
	}
	m := Default()
	for _, a := range want {
		b, ok := m.Binding(a)
		if !ok || !b.Enabled() || b.Help().Desc == "" {
			t.Errorf("Binding(%q) = %+v, %v; want an enabled binding with help", a, b.Help(), ok)
		}
	}
	for _, bad := range []string{"", "speed_dial", "Answer", "switch"} {
		if _, ok := m.Binding(bad); ok {
			t.Errorf("Binding(%q) found a binding", bad)
		}
	}
}

func TestDefaultKeysAndHelp(t *testing.T) {
	m := Default()
	tests := []struct {
		b        key.Binding
		keys     []string
		helpKey  string
		helpDesc string
	}{
		{m.Up, []string{"up", "k"}, "↑/k", "up"},
		{m.Down, []string{"down", "j"}, "↓/j", "down"},
		{m.Top, []string{"g"}, "g", "first call"},
		{m.Bottom, []string{"G"}, "G", "last call"},
		{m.Verb("answer"), []string{"a", "enter"}, "a/enter", "answer"},
		{m.Verb("reject"), []string{"r"}, "r", "reject"},
		{m.Verb("hangup"), []string{"e"}, "e", "hang up"},
		{m.Verb("hold"), []string{"h", "space"}, "h/space", "hold/resume"},
		{m.Verb("transfer"), []string{"t"}, "t", "transfer"},
		{m.Verb("consult"), []string{"T"}, "T", "consult"},
		{m.Verb("divert"), []string{"v"}, "v", "divert"},
		{m.Verb("park"), []string{"p"}, "p", "park"},
		{m.Verb("retrieve"), []string{"P"}, "P", "retrieve parked"},
		{m.Verb("dial"), []string{"d"}, "d", "dial"},
		{m.Verb("pickup"), []string{"u"}, "u", "pick up"},
		{m.Verb("barge"), []string{"b"}, "b", "barge in"},
		{m.Verb("mute"), []string{"m"}, "m", "mute/unmute"},
		{m.Verb("join"), []string{"J"}, "J", "join two calls"},
		{m.Verb("record"), []string{"o"}, "o", "record/stop recording"},
		{m.Verb("record_pause"), []string{"O"}, "O", "pause recording/resume recording"},
		{m.IDs, []string{"i"}, "i", "show ids"},
		{m.Verb("dtmf"), []string{"#"}, "#", "send DTMF"},
		{m.SpeedDial[0], []string{"1"}, "1", "speed dial 1"},
		{m.SpeedDial[8], []string{"9"}, "9", "speed dial 9"},
		{m.SwitchView, []string{"tab"}, "tab", "calls/history"},
		{m.Filter, []string{"/"}, "/", "filter"},
		{m.Command, []string{":"}, ":", "command"},
		{m.Refresh, []string{"ctrl+r"}, "ctrl+r", "refresh"},
		{m.Ack, []string{"!"}, "!", "silence bell"},
		{m.Help, []string{"?"}, "?", "help"},
		{m.Quit, []string{"q", "ctrl+c"}, "q/ctrl+c", "quit"},
	}
	for _, tt := range tests {
		if !slices.Equal(tt.b.Keys(), tt.keys) {
			t.Errorf("keys = %q, want %q", tt.b.Keys(), tt.keys)
		}
		if h := tt.b.Help(); h.Key != tt.helpKey || h.Desc != tt.helpDesc {
			t.Errorf("help for %q = %q %q, want %q %q", tt.keys, h.Key, h.Desc, tt.helpKey, tt.helpDesc)
		}
	}
}

// TestDefaultKeysMatchRealKeyPresses checks the default key strings against
// the strings Bubble Tea produces for the key presses an operator makes.
func TestDefaultKeysMatchRealKeyPresses(t *testing.T) {
	m := Default()
	tests := []struct {
		press tea.KeyPressMsg
		want  string // action, or "speed dial N"
	}{
		{tea.KeyPressMsg{Code: tea.KeyUp}, ActionUp},
		{tea.KeyPressMsg{Code: 'k', Text: "k"}, ActionUp},
		{tea.KeyPressMsg{Code: tea.KeyDown}, ActionDown},
		{tea.KeyPressMsg{Code: 'g', Text: "g"}, ActionTop},
		{tea.KeyPressMsg{Code: 'g', ShiftedCode: 'G', Mod: tea.ModShift, Text: "G"}, ActionBottom},
		{tea.KeyPressMsg{Code: tea.KeyEnter}, "answer"},
		{tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}, "hold"},
		{tea.KeyPressMsg{Code: 't', ShiftedCode: 'T', Mod: tea.ModShift, Text: "T"}, "consult"},
		{tea.KeyPressMsg{Code: 'p', ShiftedCode: 'P', Mod: tea.ModShift, Text: "P"}, "retrieve"},
		{tea.KeyPressMsg{Code: '#', Text: "#"}, "dtmf"},
		{tea.KeyPressMsg{Code: tea.KeyTab}, ActionHistory},
		{tea.KeyPressMsg{Code: '/', Text: "/"}, ActionFilter},
		{tea.KeyPressMsg{Code: 'L', Text: "L"}, ActionLine},
		{tea.KeyPressMsg{Code: 'C', Text: "C"}, "conference"},
		{tea.KeyPressMsg{Code: 'N', Text: "N"}, "dnd"},
		{tea.KeyPressMsg{Code: 'F', Text: "F"}, "night"},
		{tea.KeyPressMsg{Code: 'Y', Text: "Y"}, "wrapup"},
		{tea.KeyPressMsg{Code: ':', Text: ":"}, ActionCommand},
		{tea.KeyPressMsg{Code: 'r', Mod: tea.ModCtrl}, ActionRefresh},
		{tea.KeyPressMsg{Code: '?', Text: "?"}, ActionHelp},
		{tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}, ActionQuit},
		{tea.KeyPressMsg{Code: '3', Text: "3"}, "speed dial 3"},
	}
	for _, tt := range tests {
		var got []string
		for _, b := range m.All() {
			if key.Matches(tt.press, b.Key) {
				name := b.Action
				if b.Slot > 0 {
					name = "speed dial " + strconv.Itoa(b.Slot)
				}
				got = append(got, name)
			}
		}
		if len(got) != 1 || got[0] != tt.want {
			t.Errorf("%q matches %v, want just %s", tt.press.String(), got, tt.want)
		}
	}
}

func TestAll(t *testing.T) {
	m, err := Default().Apply(nil, []int{1, 2})
	if err != nil {
		t.Fatal(err)
	}
	all := m.All()
	seen := map[string]int{}
	slots := 0
	prev := GroupNavigation
	for _, b := range all {
		if b.Group < prev {
			t.Errorf("%s (%s) comes after group %s: All is not grouped", b.Action, b.Group, prev)
		}
		prev = b.Group
		if b.Action == ActionSpeedDial {
			slots++
			if b.Group != GroupNewCall {
				t.Errorf("speed dial %d in group %s", b.Slot, b.Group)
			}
			continue
		}
		seen[b.Action]++
	}
	for _, a := range Actions() {
		if seen[a] != 1 {
			t.Errorf("action %s appears %d times in All", a, seen[a])
		}
	}
	if slots != SpeedDialSlots {
		t.Errorf("All has %d speed-dial entries, want %d", slots, SpeedDialSlots)
	}
}
