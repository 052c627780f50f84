package notify

import (
	"strings"
	"testing"
)

func TestTerminalSequence(t *testing.T) {
	tests := []struct {
		name        string
		p           Protocol
		tmux        bool
		title, body string
		want        string
	}{
		{"osc 9", OSC9, false, "Incoming call", "Ada Lovelace +14155550111", "\x1b]9;Incoming call: Ada Lovelace +14155550111\a"},
		{"osc 777", OSC777, false, "Incoming call", "Ada; Lovelace", "\x1b]777;notify;Incoming call;Ada, Lovelace\a"},
		{"osc 9 in tmux", OSC9, true, "Incoming call", "Ada", "\x1bPtmux;\x1b\x1b]9;Incoming call: Ada\a\x1b\\"},
		{"osc 777 in tmux", OSC777, true, "T", "B", "\x1bPtmux;\x1b\x1b]777;notify;T;B\a\x1b\\"},
		{"off", ProtocolOff, true, "T", "B", ""},
		{"a number first is not a progress report", OSC9, false, "4", "1", "\x1b]9;callboard: 4: 1\a"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := TerminalSequence(tt.p, tt.tmux, tt.title, tt.body); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// A caller's name cannot end the sequence and smuggle in its own: no BEL,
// ESC, ST or other control survives, and in tmux the only ESCs are the
// wrapper's and the doubled one that opens the notification.
func TestTerminalSequenceHostileText(t *testing.T) {
	hostile := "Eve\a\x1b]52;c;cm0gLXJmIH4=\a\x1b\\\u009c\x1b[2J\nNext line" + strings.Repeat("z", 500)
	for _, p := range []Protocol{OSC9, OSC777} {
		plain := TerminalSequence(p, false, "Incoming call", hostile)
		inner := plain[1 : len(plain)-1]
		if strings.ContainsAny(inner, "\x1b\a\u009c\n") {
			t.Errorf("protocol %d: a control character survived: %q", p, plain)
		}
		if len([]rune(plain)) > 2*maxTerminalText+32 {
			t.Errorf("protocol %d: %d runes, want the texts bounded", p, len([]rune(plain)))
		}
		wrapped := TerminalSequence(p, true, hostile, hostile)
		if n := strings.Count(wrapped, "\x1b"); n != 4 {
			t.Errorf("protocol %d in tmux: %d ESCs, want 4 (DCS, the doubled OSC opener, ST)", p, n)
		}
		if !strings.HasPrefix(wrapped, "\x1bPtmux;\x1b\x1b]") || !strings.HasSuffix(wrapped, "\a\x1b\\") {
			t.Errorf("protocol %d: not wrapped for tmux: %q", p, wrapped)
		}
	}
}

func TestParseProtocol(t *testing.T) {
	for name, want := range map[string]Protocol{"off": ProtocolOff, "": ProtocolOff, "osc9": OSC9, "osc777": OSC777} {
		if got, ok := ParseProtocol(name); !ok || got != want {
			t.Errorf("ParseProtocol(%q) = %v, %v", name, got, ok)
		}
	}
	if _, ok := ParseProtocol("OSC9"); ok {
		t.Error("names are lower case")
	}
}
