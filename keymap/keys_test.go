package keymap

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

func TestCheckKey(t *testing.T) {
	valid := []string{"a", "T", "#", "?", "/", ":", "1", "+", "é", "enter", "space", "tab", "esc",
		"up", "pgdown", "f5", "f12", "ctrl+r", "ctrl+c", "ctrl++", "alt+a", "alt+shift+r",
		"shift+tab", "ctrl+shift+up", "ctrl+alt+shift+meta+hyper+super+x"}
	for _, k := range valid {
		if err := CheckKey(k); err != nil {
			t.Errorf("CheckKey(%q) = %v, want nil", k, err)
		}
	}
	invalid := []struct{ key, msg string }{
		{"", "an empty key name"},
		{" ", `write "space" for the space bar`},
		{"\x07", "not a printable character"},
		{"Enter", `key names are lower case ("enter")`},
		{"ctrl+Up", `key names are lower case ("ctrl+up")`},
		{"return", `unknown key name "return"`},
		{"ctrl+", `unknown key name "ctrl+"`},
		{"f0", `unknown key name "f0"`},
		{"f64", `unknown key name "f64"`},
		{"f05", `unknown key name "f05"`},
		{"ab", `unknown key name "ab"`},
		{"alt+ctrl+a", "write modifiers once each, in the order ctrl+alt+shift+meta+hyper+super"},
		{"ctrl+ctrl+a", "write modifiers once each"},
		{"shift+a", `a shifted key arrives as its character; write "A"`},
		{"ctrl+R", `after a modifier write the letter in lower case ("ctrl+r", or "ctrl+shift+r" for the shifted letter)`},
		{"alt+ ", `write "space" for the space bar`},
	}
	for _, tt := range invalid {
		err := CheckKey(tt.key)
		if err == nil || !strings.Contains(err.Error(), tt.msg) {
			t.Errorf("CheckKey(%q) = %v, want an error containing %q", tt.key, err, tt.msg)
		}
	}
}

// TestCheckKeyAcceptsWhatBubbleTeaProduces feeds CheckKey the strings Bubble
// Tea writes for real key presses: every named key, alone and with
// modifiers, and every printable ASCII character.
func TestCheckKeyAcceptsWhatBubbleTeaProduces(t *testing.T) {
	var presses []tea.KeyPressMsg
	named := []rune{tea.KeyEnter, tea.KeyTab, tea.KeyBackspace, tea.KeyEscape, tea.KeySpace}
	for c := tea.KeyUp; c <= tea.KeyIsoLevel5Shift; c++ {
		named = append(named, c)
	}
	for _, c := range named {
		presses = append(presses,
			tea.KeyPressMsg{Code: c},
			tea.KeyPressMsg{Code: c, Mod: tea.ModCtrl},
			tea.KeyPressMsg{Code: c, Mod: tea.ModCtrl | tea.ModAlt | tea.ModShift})
	}
	for c := '!'; c <= '~'; c++ {
		presses = append(presses, tea.KeyPressMsg{Code: c, Text: string(c)})
		if c >= 'a' && c <= 'z' {
			presses = append(presses,
				tea.KeyPressMsg{Code: c, Mod: tea.ModCtrl},
				tea.KeyPressMsg{Code: c, Mod: tea.ModAlt},
				tea.KeyPressMsg{Code: c, Mod: tea.ModCtrl | tea.ModShift},
				tea.KeyPressMsg{Code: c, Mod: tea.ModShift, ShiftedCode: c - 32, Text: string(c - 32)})
		}
	}
	for _, p := range presses {
		s := p.String()
		if s == "" {
			continue
		}
		if err := CheckKey(s); err != nil {
			t.Errorf("Bubble Tea produces %q but CheckKey says: %v", s, err)
		}
	}
}

// TestRejectedKeysNeverMatch shows why CheckKey refuses shift+letter and
// upper-case letters after a modifier: Bubble Tea never produces them.
func TestRejectedKeysNeverMatch(t *testing.T) {
	shiftA := tea.KeyPressMsg{Code: 'a', ShiftedCode: 'A', Mod: tea.ModShift, Text: "A"}
	if got := shiftA.String(); got != "A" {
		t.Fatalf("shift+a arrives as %q, want %q", got, "A")
	}
	ctrlShiftR := tea.KeyPressMsg{Code: 'r', Mod: tea.ModCtrl | tea.ModShift}
	if got := ctrlShiftR.String(); got != "ctrl+shift+r" {
		t.Fatalf("ctrl+shift+r arrives as %q", got)
	}
}

func TestHelpKeys(t *testing.T) {
	tests := []struct {
		keys []string
		want string
	}{
		{[]string{"up", "k"}, "↑/k"},
		{[]string{"left", "right", "down"}, "←/→/↓"},
		{[]string{"ctrl+up"}, "ctrl+up"},
		{[]string{"a", "enter"}, "a/enter"},
	}
	for _, tt := range tests {
		if got := HelpKeys(tt.keys); got != tt.want {
			t.Errorf("HelpKeys(%q) = %q, want %q", tt.keys, got, tt.want)
		}
	}
}
