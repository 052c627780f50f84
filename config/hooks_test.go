package config

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/callboard/callboard/hooks"
	"github.com/callboard/callboard/notify"
)

func TestHooksLoad(t *testing.T) {
	cfg, warnings, err := Parse("hooks.toml", []byte(`
[alerts]
ring_alarm = "45s"
bell_repeat = "5s"
terminal = "OSC777"

[[hooks]]
name = "light: on a call"
events = "operator"
filter = { state = "on-call|on-hold" }
command = ["blink1-tool", "--red"]
group = "light"

[[hooks]]
events = ["ringing", "recalled"]
command = ["xdg-open", "https://crm.example.com/search?phone={caller_number:url}"]
timeout = "3s"

[[hooks]]
events = ["ended"]
shell = true
command = ['echo "$CALLBOARD_CALLER_NUMBER" >>"$HOME/calls.log"']
`))
	if err != nil {
		t.Fatal(err)
	}
	if len(warnings) != 0 {
		t.Errorf("warnings %v", warnings)
	}
	if cfg.Alerts.RingAlarm.Duration != 45*time.Second || cfg.Alerts.BellRepeat.Duration != 5*time.Second {
		t.Errorf("alerts %+v", cfg.Alerts)
	}
	if cfg.TerminalProtocol() != notify.OSC777 {
		t.Errorf("terminal protocol %v (from %q), want osc777", cfg.TerminalProtocol(), cfg.Alerts.Terminal)
	}
	want := []hooks.Hook{
		{Name: "light: on a call", Events: []string{"operator"}, Filter: map[string]string{"state": "on-call|on-hold"},
			Command: []string{"blink1-tool", "--red"}, Group: "light"},
		{Events: []string{"ringing", "recalled"}, Command: []string{"xdg-open", "https://crm.example.com/search?phone={caller_number:url}"},
			Timeout: 3 * time.Second},
		{Events: []string{"ended"}, Shell: true, Command: []string{`echo "$CALLBOARD_CALLER_NUMBER" >>"$HOME/calls.log"`}},
	}
	if got := cfg.HookSpecs(); !reflect.DeepEqual(got, want) {
		t.Errorf("hooks\n got  %+v\n want %+v", got, want)
	}
}

func TestHooksRefused(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		want []string
	}{
		{"unknown event in a list", "[[hooks]]\nevents = [\"answered\", \"rang\"]\ncommand = [\"true\"]\n",
			[]string{`2:23: hook 1: "rang" is not an event`}},
		{"unknown event alone", "[[hooks]]\ncommand = [\"true\"]\nevents = \"rang\"\n",
			[]string{`3:1: hook 1: "rang" is not an event`}},
		{"events of the wrong type", "[[hooks]]\nevents = 3\ncommand = [\"true\"]\n",
			[]string{`2:1: hooks #1 events: expected a name or a list of names, like "ended" or ["answered", "ended"]; got the number 3`}},
		{"no command", "[[hooks]]\nevents = \"ended\"\n",
			[]string{`1:3: hook 1: no command`}},
		{"a command line in one string", "[[hooks]]\nevents = \"ended\"\ncommand = [\"notify-send hi\"]\n",
			[]string{`3:12: hook 1: "notify-send hi" is not a program name`}},
		{"unknown placeholder", "[[hooks]]\nevents = \"ended\"\ncommand = [\"echo\", \"{who}\"]\n",
			[]string{`3:20: hook 1: argument "{who}": {who} is not a field`}},
		{"unknown filter field", "[[hooks]]\nevents = \"ended\"\ncommand = [\"true\"]\nfilter = { colour = \"red\" }\n",
			[]string{`4:12: hook 1: "colour" is not a field`}},
		{"timeout too long", "[[hooks]]\nevents = \"ended\"\ncommand = [\"true\"]\ntimeout = \"1h\"\n",
			[]string{`4:1: hook 1: timeout 1h0m0s is out of range`}},
		{"unknown key", "[[hooks]]\nevents = \"ended\"\ncommand = [\"true\"]\nargs = [\"x\"]\n",
			[]string{`4:1: unknown key "args" in [[hooks]]`}},
		{"bell repeat too short", "[alerts]\nbell_repeat = \"100ms\"\n",
			[]string{`2:1: alerts.bell_repeat: 100ms is too short: at least 1s`}},
		{"negative ring alarm", "[alerts]\nring_alarm = \"-1s\"\n",
			[]string{`2:1: alerts.ring_alarm: -1s is negative`}},
		{"unknown terminal protocol", "[alerts]\nterminal = \"osc99\"\n",
			[]string{`2:1: alerts.terminal: "osc99" is not a notification protocol: expected "off", "osc9" or "osc777"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := Parse("bad.toml", []byte(tt.doc))
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("Parse error = %v, want a *config.Error", err)
			}
			if len(ce.Problems) != len(tt.want) {
				t.Fatalf("got %d problems, want %d:\n%v", len(ce.Problems), len(tt.want), err)
			}
			lines := strings.Split(err.Error(), "\n")
			for i, w := range tt.want {
				if !strings.HasPrefix(lines[i], "bad.toml:"+w) {
					t.Errorf("problem %d:\n got  %s\n want bad.toml:%s...", i+1, lines[i], w)
				}
			}
		})
	}
}

func TestDescribeShowsHooks(t *testing.T) {
	cfg, _, err := Parse("hooks.toml", []byte("[[hooks]]\nevents = \"ended\"\ncommand = [\"logger\", \"{caller_number}\"]\nfilter = { direction = \"incoming\" }\n"))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := cfg.Describe(&b); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"ring_alarm = \"20s\"\n", "terminal = \"off\"\n",
		"[[hooks]] # 1\n", "events = [\"ended\"]\n", "command = [\"logger\", \"{caller_number}\"]\n", "filter = {direction = \"incoming\"}\n",
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("config check output lacks %q:\n%s", want, b.String())
		}
	}
	// What config check prints reads back as the same settings.
	back, _, err := Parse("described.toml", []byte(b.String()))
	if err != nil {
		t.Fatalf("the description does not read back: %v\n%s", err, b.String())
	}
	if !reflect.DeepEqual(back.HookSpecs(), cfg.HookSpecs()) {
		t.Errorf("hooks read back as %+v, want %+v", back.HookSpecs(), cfg.HookSpecs())
	}
}
