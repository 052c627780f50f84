package model

import "testing"

func TestCallTypeParseAndLabel(t *testing.T) {
	tests := []struct {
		in    string
		want  CallType
		label string
	}{
		{"location", CallTypeLocation, "internal"},
		{"organization", CallTypeOrganization, "org"},
		{"external", CallTypeExternal, "external"},
		{"emergency", CallTypeEmergency, "EMERGENCY"},
		{"repair", CallTypeRepair, "repair"},
		{"other", CallTypeOther, "other"},
		{"", CallTypeUnknown, "unknown"},
		{"satellite", CallTypeUnknown, "unknown"},
	}
	for _, tt := range tests {
		got := ParseCallType(tt.in)
		if got != tt.want {
			t.Errorf("ParseCallType(%q) = %v, want %v", tt.in, got, tt.want)
		}
		if got.Label() != tt.label {
			t.Errorf("%v.Label() = %q, want %q", got, got.Label(), tt.label)
		}
		if tt.want != CallTypeUnknown && got.String() != tt.in {
			t.Errorf("%v.String() = %q, want %q", got, got.String(), tt.in)
		}
	}
}

func TestPartyDisplay(t *testing.T) {
	tests := []struct {
		name      string
		party     Party
		display   string
		secondary string
	}{
		{"name and number", Party{Name: "Jane Roe", Number: "+14155550100"}, "Jane Roe", "+14155550100"},
		{"name only", Party{Name: "Jane Roe"}, "Jane Roe", ""},
		{"number only", Party{Number: "1234"}, "1234", ""},
		{"name equals number", Party{Name: "1234", Number: "1234"}, "1234", ""},
		{"private", Party{Private: true}, "private", ""},
		{"private but number known", Party{Private: true, Number: "5678"}, "5678", ""},
		{"nothing", Party{}, "unknown", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.party.Display(); got != tt.display {
				t.Errorf("Display() = %q, want %q", got, tt.display)
			}
			if got := tt.party.Secondary(); got != tt.secondary {
				t.Errorf("Secondary() = %q, want %q", got, tt.secondary)
			}
		})
	}
}

func TestRedirectReason(t *testing.T) {
	tests := []struct {
		in    string
		want  RedirectReason
		str   string
		label string
	}{
		{"busy", RedirectBusy, "busy", "busy"},
		{"noAnswer", RedirectNoAnswer, "noAnswer", "no answer"},
		{"unavailable", RedirectUnavailable, "unavailable", "unavailable"},
		{"unconditional", RedirectUnconditional, "unconditional", "forwarded (always)"},
		{"timeOfDay", RedirectTimeOfDay, "timeOfDay", "forwarded (schedule)"},
		{"divert", RedirectDivert, "divert", "diverted"},
		{"followMe", RedirectFollowMe, "followMe", "follow me"},
		{"huntGroup", RedirectHuntGroup, "huntGroup", "hunt group"},
		{"callQueue", RedirectCallQueue, "callQueue", "call queue"},
		{"unknown", RedirectUnknown, "unknown", "redirected"},
		{"", RedirectUnknown, "unknown", "redirected"},
		{"voicemail", RedirectUnknown, "unknown", "redirected"},
	}
	for _, tt := range tests {
		got := ParseRedirectReason(tt.in)
		if got != tt.want {
			t.Errorf("ParseRedirectReason(%q) = %v, want %v", tt.in, got, tt.want)
		}
		if got.String() != tt.str {
			t.Errorf("%v.String() = %q, want %q", tt.want, got.String(), tt.str)
		}
		if got.Label() != tt.label {
			t.Errorf("%v.Label() = %q, want %q", got, got.Label(), tt.label)
		}
	}
}

func TestRecording(t *testing.T) {
	tests := []struct {
		in     string
		want   Recording
		label  string
		active bool
	}{
		{"", RecordingNone, "not recorded", false},
		{"pending", RecordingPending, "recording starting", true},
		{"started", RecordingStarted, "recording", true},
		{"paused", RecordingPaused, "recording paused", true},
		{"stopped", RecordingStopped, "recording stopped", false},
		{"failed", RecordingFailed, "recording failed", false},
		{"muted", RecordingUnknown, "recording unknown", false},
	}
	for _, tt := range tests {
		got := ParseRecording(tt.in)
		if got != tt.want {
			t.Errorf("ParseRecording(%q) = %v, want %v", tt.in, got, tt.want)
		}
		if got.Label() != tt.label {
			t.Errorf("%v.Label() = %q, want %q", got, got.Label(), tt.label)
		}
		if got.Active() != tt.active {
			t.Errorf("%v.Active() = %v, want %v", got, got.Active(), tt.active)
		}
		if tt.want != RecordingUnknown && got.String() != tt.in {
			t.Errorf("%v.String() = %q, want %q", got, got.String(), tt.in)
		}
	}
}

func TestPartyDescribe(t *testing.T) {
	for _, tc := range []struct {
		p    Party
		want string
	}{
		{Party{Name: "Jane Roe", Number: "+14155550123", CallType: CallTypeExternal}, "Jane Roe +14155550123 (external)"},
		{Party{Number: "1001", CallType: CallTypeLocation}, "1001 (internal)"},
		{Party{Private: true}, "private"},
	} {
		if got := tc.p.Describe(); got != tc.want {
			t.Errorf("%+v.Describe() = %q, want %q", tc.p, got, tc.want)
		}
	}
}
