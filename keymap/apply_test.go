package keymap

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

func allSlots() []int { return []int{1, 2, 3, 4, 5, 6, 7, 8, 9} }

func TestDefaultHasNoCollisions(t *testing.T) {
	if _, err := Default().Apply(nil, allSlots()); err != nil {
		t.Fatalf("the default key map collides with itself: %v", err)
	}
}

func TestApplyReplacesKeysAndHelp(t *testing.T) {
	base := Default()
	m, err := base.Apply(map[string][]string{
		"answer": {"A", "ctrl+a", "A"},
		"up":     {"up", "ctrl+p"},
		"quit":   {"ctrl+q"},
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := m.Verb("answer").Keys(); !slices.Equal(got, []string{"A", "ctrl+a"}) {
		t.Errorf("answer keys = %q (repeats should be dropped)", got)
	}
	if h := m.Verb("answer").Help(); h.Key != "A/ctrl+a" || h.Desc != "answer" {
		t.Errorf("answer help = %+v", h)
	}
	if h := m.Up.Help(); h.Key != "↑/ctrl+p" {
		t.Errorf("up help = %q", h.Key)
	}
	if !key.Matches(tea.KeyPressMsg{Code: 'q', Mod: tea.ModCtrl}, m.Quit) {
		t.Error("ctrl+q does not match quit after the override")
	}
	if key.Matches(tea.KeyPressMsg{Code: 'q', Text: "q"}, m.Quit) {
		t.Error("q still matches quit after the override")
	}
	// The receiver is a value: the defaults it came from are untouched.
	if got := base.Verb("answer").Keys(); !slices.Equal(got, []string{"a", "enter"}) {
		t.Errorf("Apply changed its receiver: answer keys = %q", got)
	}
	// No speed-dial entries configured: their keys neither match nor show.
	for i, b := range m.SpeedDial {
		if b.Enabled() || len(b.Keys()) != 0 {
			t.Errorf("speed dial %d is bound with no entry configured", i+1)
		}
	}
}

func TestApplySpeedDialSlots(t *testing.T) {
	m, err := Default().Apply(map[string][]string{"answer": {"a", "7"}}, []int{1, 3})
	if err != nil {
		t.Fatalf("key 7 with speed dial 7 unconfigured should be free: %v", err)
	}
	enabled := func(i int) bool { return m.SpeedDial[i-1].Enabled() }
	if !enabled(1) || enabled(2) || !enabled(3) || enabled(7) {
		t.Errorf("speed-dial slots enabled: 1=%v 2=%v 3=%v 7=%v, want 1 and 3", enabled(1), enabled(2), enabled(3), enabled(7))
	}
}

func TestApplyProblems(t *testing.T) {
	tests := []struct {
		name      string
		overrides map[string][]string
		slots     []int
		want      []Problem // Message compared by substring
	}{
		{
			name:      "unknown action with a suggestion",
			overrides: map[string][]string{"anwser": {"x"}},
			want:      []Problem{{Action: "anwser", Index: -1, Message: `unknown action "anwser" (did you mean "answer"?)`}},
		},
		{
			name:      "unknown action without a suggestion",
			overrides: map[string][]string{"teleport": {"x"}},
			want:      []Problem{{Action: "teleport", Index: -1, Message: `unknown action "teleport"; the actions are up, down,`}},
		},
		{
			name:      "empty key list",
			overrides: map[string][]string{"park": {}},
			want:      []Problem{{Action: "park", Index: -1, Message: `no keys given for park`}},
		},
		{
			name:      "invalid key names, each with its index",
			overrides: map[string][]string{"dial": {"d", "Enter", "ctrl+"}},
			want: []Problem{
				{Action: "dial", Key: "Enter", Index: 1, Message: `dial: unknown key name "Enter": key names are lower case ("enter")`},
				{Action: "dial", Key: "ctrl+", Index: 2, Message: `dial: unknown key name "ctrl+"`},
			},
		},
		{
			name:      "collision with another action's default key",
			overrides: map[string][]string{"dial": {"x", "a"}},
			want: []Problem{{Action: "dial", Key: "a", Index: 1,
				Message: `key "a" is bound to both answer and dial (answer has it by default: give answer other keys too)`}},
		},
		{
			name:      "collision between two overrides",
			overrides: map[string][]string{"park": {"z"}, "barge": {"y", "z"}},
			want:      []Problem{{Action: "park", Key: "z", Index: 0, Message: `key "z" is bound to both park and barge`}},
		},
		{
			name:      "collision with a configured speed-dial entry",
			overrides: map[string][]string{"answer": {"a", "2"}},
			slots:     []int{1, 2},
			want: []Problem{{Action: "answer", Key: "2", Index: 1,
				Message: `key "2" is bound to both answer and speed dial 2 (keys 1 to 9 belong to the configured speed-dial entries)`}},
		},
		{
			name:      "three actions on one key",
			overrides: map[string][]string{"mute": {"x"}, "record": {"x"}, "reject": {"x"}},
			want:      []Problem{{Action: "reject", Key: "x", Index: 0, Message: `key "x" is bound to reject, mute and record`}},
		},
		{
			name:      "speed-dial slot out of range",
			overrides: nil,
			slots:     []int{10},
			want:      []Problem{{Index: -1, Message: "speed-dial slot 10 does not exist"}},
		},
		{
			name:      "every problem at once",
			overrides: map[string][]string{"bogus": {"x"}, "help": {}, "quit": {"shift+q"}},
			want: []Problem{
				{Action: "bogus", Index: -1, Message: `unknown action "bogus"`},
				{Action: "help", Index: -1, Message: "no keys given for help"},
				{Action: "quit", Key: "shift+q", Index: 0, Message: `quit: "shift+q" never matches: a shifted key arrives as its character; write "Q"`},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base := Default()
			m, err := base.Apply(tt.overrides, tt.slots)
			var oe *OverrideError
			if !errors.As(err, &oe) {
				t.Fatalf("Apply error = %v, want an *OverrideError", err)
			}
			if len(oe.Problems) != len(tt.want) {
				t.Fatalf("got %d problems %+v, want %d", len(oe.Problems), oe.Problems, len(tt.want))
			}
			for i, w := range tt.want {
				g := oe.Problems[i]
				if g.Action != w.Action || g.Key != w.Key || g.Index != w.Index || !strings.Contains(g.Message, w.Message) {
					t.Errorf("problem %d = %+v\nwant          %+v", i, g, w)
				}
				if !strings.Contains(err.Error(), g.Message) {
					t.Errorf("Error() = %q does not carry %q", err.Error(), g.Message)
				}
			}
			if !slices.Equal(m.Verb("answer").Keys(), base.Verb("answer").Keys()) || !m.SpeedDial[0].Enabled() {
				t.Error("Apply with errors must return the key map unchanged")
			}
		})
	}
}
