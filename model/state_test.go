package model

import "testing"

func TestParsePersonality(t *testing.T) {
	tests := []struct {
		in   string
		want Personality
	}{
		{"originator", PersonalityOriginator},
		{"terminator", PersonalityTerminator},
		{"clickToDial", PersonalityClickToDial},
		{"", PersonalityUnknown},
		{"Terminator", PersonalityUnknown},
		{"observer", PersonalityUnknown},
	}
	for _, tt := range tests {
		if got := ParsePersonality(tt.in); got != tt.want {
			t.Errorf("ParsePersonality(%q) = %v, want %v", tt.in, got, tt.want)
		}
		if tt.want != PersonalityUnknown && tt.want.String() != tt.in {
			t.Errorf("%v.String() = %q, want %q", tt.want, tt.want.String(), tt.in)
		}
	}
	if got := PersonalityUnknown.String(); got != "unknown" {
		t.Errorf("PersonalityUnknown.String() = %q", got)
	}
}

func TestParseState(t *testing.T) {
	tests := []struct {
		in   string
		want State
	}{
		{"connecting", StateConnecting},
		{"alerting", StateAlerting},
		{"connected", StateConnected},
		{"held", StateHeld},
		{"remoteHeld", StateRemoteHeld},
		{"disconnected", StateDisconnected},
		{"", StateUnknown},
		{"remoteheld", StateUnknown},
		{"parked", StateUnknown},
	}
	for _, tt := range tests {
		if got := ParseState(tt.in); got != tt.want {
			t.Errorf("ParseState(%q) = %v, want %v", tt.in, got, tt.want)
		}
		if tt.want != StateUnknown && tt.want.String() != tt.in {
			t.Errorf("%v.String() = %q, want %q", tt.want, tt.want.String(), tt.in)
		}
	}
	if got := State(200).String(); got != "unknown" {
		t.Errorf("State(200).String() = %q", got)
	}
}

func TestStatus(t *testing.T) {
	tests := []struct {
		state State
		pers  Personality
		want  string
	}{
		{StateAlerting, PersonalityTerminator, "ringing"},
		{StateAlerting, PersonalityClickToDial, "ringing your phone"},
		{StateAlerting, PersonalityOriginator, "ringing your phone"},
		{StateAlerting, PersonalityUnknown, "ringing"},
		{StateConnecting, PersonalityOriginator, "connecting"},
		{StateConnected, PersonalityTerminator, "connected"},
		{StateConnected, PersonalityOriginator, "connected"},
		{StateHeld, PersonalityTerminator, "on hold"},
		{StateRemoteHeld, PersonalityOriginator, "held by remote"},
		{StateDisconnected, PersonalityTerminator, "ended"},
		{StateUnknown, PersonalityTerminator, "unknown"},
	}
	for _, tt := range tests {
		c := Call{State: tt.state, Personality: tt.pers}
		if got := c.Status().Word(); got != tt.want {
			t.Errorf("Status(%v, %v).Word() = %q, want %q", tt.state, tt.pers, got, tt.want)
		}
		if c.Status().String() != c.Status().Word() {
			t.Errorf("Status.String and Word differ for %v", c.Status())
		}
	}
}

func TestDirection(t *testing.T) {
	tests := []struct {
		pers Personality
		want string
	}{
		{PersonalityTerminator, "in"},
		{PersonalityOriginator, "out"},
		{PersonalityClickToDial, "out"},
		{PersonalityUnknown, ""},
	}
	for _, tt := range tests {
		if got := (Call{Personality: tt.pers}).Direction(); got != tt.want {
			t.Errorf("Direction(%v) = %q, want %q", tt.pers, got, tt.want)
		}
	}
}
