package hooks

import (
	"strings"
	"testing"
)

func TestHookProblems(t *testing.T) {
	tests := []struct {
		name string
		hook Hook
		want []string // one substring per problem, in order
	}{
		{"fine", Hook{Events: []string{"answered"}, Command: []string{"busylight", "on", "red"}}, nil},
		{"fine with placeholders and a filter", Hook{Events: []string{"ringing"},
			Command: []string{"xdg-open", "https://crm.example.com/?q={caller_number:url}&x={{1}}"},
			Filter:  map[string]string{"caller_number": "+44*|+33*", "direction": "incoming"}}, nil},
		{"fine as a script", Hook{Events: []string{"ended"}, Shell: true, Command: []string{`echo "$CALLBOARD_CALLER_NAME" >>log`}}, nil},
		{"no events", Hook{Command: []string{"true"}}, []string{"no events"}},
		{"unknown event", Hook{Events: []string{"answered", "rang"}, Command: []string{"true"}}, []string{`"rang" is not an event`}},
		{"no command", Hook{Events: []string{"ended"}}, []string{"no command"}},
		{"a command line in one string", Hook{Events: []string{"ended"}, Command: []string{"notify-send hello"}}, []string{"split the command into a list"}},
		{"a script in pieces", Hook{Events: []string{"ended"}, Shell: true, Command: []string{"echo", "hi"}}, []string{"one string"}},
		{"a placeholder in a script", Hook{Events: []string{"ended"}, Shell: true, Command: []string{"echo {caller_name}"}}, []string{"no placeholders"}},
		{"unknown placeholder", Hook{Events: []string{"ended"}, Command: []string{"echo", "{caller}"}}, []string{"{caller} is not a field"}},
		{"unknown modifier", Hook{Events: []string{"ended"}, Command: []string{"echo", "{caller_name:html}"}}, []string{"only modifier"}},
		{"lone brace", Hook{Events: []string{"ended"}, Command: []string{"echo", "a}"}}, []string{"lone }"}},
		{"open brace", Hook{Events: []string{"ended"}, Command: []string{"echo", "{caller_name"}}, []string{"{ without }"}},
		{"bad filter field", Hook{Events: []string{"ended"}, Command: []string{"true"}, Filter: map[string]string{"number": "1"}}, []string{`"number" is not a field`}},
		{"bad filter pattern", Hook{Events: []string{"ended"}, Command: []string{"true"}, Filter: map[string]string{"caller_number": "[1"}}, []string{"not a pattern"}},
		{"timeout too long", Hook{Events: []string{"ended"}, Command: []string{"true"}, Timeout: MaxTimeout + 1}, []string{"out of range"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.hook.Problems()
			if len(got) != len(tt.want) {
				t.Fatalf("problems %+v, want %d", got, len(tt.want))
			}
			for i, w := range tt.want {
				if !strings.Contains(got[i].Message, w) {
					t.Errorf("problem %d = %q, want it to say %q", i, got[i].Message, w)
				}
			}
		})
	}
}

func TestPlaceholdersExpandIntoOneArgument(t *testing.T) {
	ev := Event{Event: "ringing", CallerName: "Ada; rm -rf ~ $(id)", CallerNumber: "+1 415 555&x=1"}
	for _, tt := range []struct{ arg, want string }{
		{"{caller_name}", "Ada; rm -rf ~ $(id)"},
		{"https://crm.example.com/?q={caller_number:url}", "https://crm.example.com/?q=%2B1+415+555%26x%3D1"},
		{"{{literal}} {event}", "{literal} ringing"},
		{"plain", "plain"},
		{"", ""},
	} {
		tpl, err := compileArg(tt.arg)
		if err != nil {
			t.Fatalf("%q: %v", tt.arg, err)
		}
		if got := tpl.expand(&ev); got != tt.want {
			t.Errorf("%q expands to %q, want %q", tt.arg, got, tt.want)
		}
	}
}

func TestFilterMatches(t *testing.T) {
	h := Hook{Events: []string{"operator", "ringing"}, Command: []string{"true"}, Filter: map[string]string{"state": "on-call|on-hold"}}
	for _, tt := range []struct {
		ev   Event
		want bool
	}{
		{Event{Event: "operator", State: "on-call"}, true},
		{Event{Event: "operator", State: "on-hold"}, true},
		{Event{Event: "operator", State: "idle"}, false},
		{Event{Event: "answered", State: "on-call"}, false},
	} {
		if got := h.matches(&tt.ev); got != tt.want {
			t.Errorf("%s/%s matches = %v, want %v", tt.ev.Event, tt.ev.State, got, tt.want)
		}
	}
	glob := Hook{Events: []string{"ringing"}, Filter: map[string]string{"caller_number": "+44*"}}
	if !glob.matches(&Event{Event: "ringing", CallerNumber: "+442071234567"}) || glob.matches(&Event{Event: "ringing", CallerNumber: "+14155550100"}) {
		t.Error("a number glob does not select by prefix")
	}
}
