package model

import (
	"fmt"
	"strings"
	"testing"
)

// situation is a column of the action matrix: a call in one of the states
// the operator can meet, or no call at all.
type situation struct {
	name string
	call *Call
}

// situations returns fresh columns for the action matrix.
func situations() []situation {
	return []situation{
		{"ringing", &Call{ID: "in", State: StateAlerting, Personality: PersonalityTerminator}},
		{"ringing your phone", &Call{ID: "ctd", State: StateAlerting, Personality: PersonalityClickToDial}},
		{"connecting", &Call{ID: "out", State: StateConnecting, Personality: PersonalityOriginator}},
		{"connected", &Call{ID: "talk", State: StateConnected, Personality: PersonalityTerminator}},
		{"on hold", &Call{ID: "held", State: StateHeld, Personality: PersonalityTerminator}},
		{"held by remote", &Call{ID: "rheld", State: StateRemoteHeld, Personality: PersonalityOriginator}},
		{"ended", &Call{ID: "gone", State: StateDisconnected, Personality: PersonalityTerminator}},
		{"unknown state", &Call{ID: "odd", State: StateUnknown, Personality: PersonalityTerminator}},
		{"no call", nil},
	}
}

func TestAllowedMatrix(t *testing.T) {
	// One character per situation, in the order of situations():
	// x = allowed, . = not. Mute and unmute need muteCapable (false here);
	// the recording actions start from no recording. Both have their own
	// tests below.
	want := map[Action]string{
		ActionAnswer:       "x........",
		ActionReject:       "x........",
		ActionDivert:       "x........",
		ActionHangup:       "xxxxxx.x.",
		ActionHold:         "...x.x...",
		ActionResume:       "....x....",
		ActionTransfer:     "...xxx...",
		ActionJoinTransfer: "...xxx...",
		ActionConsult:      "...xxx...",
		ActionPark:         "...xxx...",
		ActionMute:         ".........",
		ActionUnmute:       ".........",
		ActionRecordStart:  "...x.....",
		ActionRecordStop:   ".........",
		ActionRecordPause:  ".........",
		ActionRecordResume: ".........",
		ActionDTMF:         "...x.....",
		ActionPush:         "...xx....",
		ActionDial:         "xxxxxxxxx",
		ActionRetrieve:     "xxxxxxxxx",
		ActionPickup:       "xxxxxxxxx",
		ActionBargeIn:      "xxxxxxxxx",
		ActionPull:         "xxxxxxxxx",

		ActionConferenceStart:    "...xxx...",
		ActionConferenceAdd:      "...xxx...",
		ActionConferenceMute:     "...xxx...",
		ActionConferenceUnmute:   "...xxx...",
		ActionConferenceDeafen:   "...xxx...",
		ActionConferenceUndeafen: "...xxx...",
		ActionConferenceHold:     "xxxxxxxxx",
		ActionConferenceResume:   "xxxxxxxxx",
		ActionConferenceRelease:  "xxxxxxxxx",
		ActionConferenceLeave:    "xxxxxxxxx",
		ActionDoNotDisturb:       "xxxxxxxxx",
		ActionNightService:       "xxxxxxxxx",
		ActionWrapUp:             "xxxxxxxxx",
		ActionQueueJoin:          "xxxxxxxxx",
		ActionQueueLeave:         "xxxxxxxxx",
		ActionAgentState:         "xxxxxxxxx",
	}
	if len(want) != len(Actions()) {
		t.Fatalf("matrix covers %d actions, Actions() has %d", len(want), len(Actions()))
	}
	for _, a := range Actions() {
		row, ok := want[a]
		if !ok {
			t.Errorf("%v missing from the matrix", a)
			continue
		}
		for i, s := range situations() {
			wantOK := row[i] == 'x'
			if got := Allowed(a, s.call); got != wantOK {
				t.Errorf("Allowed(%v, %s) = %v, want %v", a, s.name, got, wantOK)
			}
			why := Why(a, s.call)
			if (why == "") != wantOK {
				t.Errorf("Why(%v, %s) = %q, but Allowed = %v", a, s.name, why, wantOK)
			}
			if why != "" && why != noCall && !strings.HasPrefix(why, a.String()+": ") {
				t.Errorf("Why(%v, %s) = %q, want it to start with the verb", a, s.name, why)
			}
		}
	}
}

func TestWhy(t *testing.T) {
	s := situations()
	ringing, ctd, connecting, connected := s[0].call, s[1].call, s[2].call, s[3].call
	held, remoteHeld, ended, unknown := s[4].call, s[5].call, s[6].call, s[7].call
	tests := []struct {
		a    Action
		c    *Call
		want string
	}{
		{ActionHold, ringing, "hold: the call is ringing — answer it first"},
		{ActionAnswer, ended, "answer: the call has already ended"},
		{ActionHold, nil, "no call selected"},
		{ActionAnswer, nil, "no call selected"},
		{ActionDial, nil, ""},
		{ActionAnswer, ringing, ""},
		{ActionAnswer, ctd, "answer: the call is ringing your own phone — pick it up there"},
		{ActionAnswer, connected, "answer: the call is connected, not ringing"},
		{ActionReject, held, "reject: the call is on hold, not ringing"},
		{ActionDivert, connecting, "divert: the call is connecting, not ringing"},
		{ActionAnswer, unknown, "answer: the call's state is unknown"},
		{ActionAnswer, &Call{State: StateAlerting}, "answer: the call's direction is unknown"},
		{ActionHangup, ended, "hangup: the call has already ended"},
		{ActionHold, held, "hold: the call is already on hold"},
		{ActionHold, ctd, "hold: the call is ringing your phone — pick it up first"},
		{ActionHold, connecting, "hold: the call is still connecting"},
		{ActionResume, connected, "resume: the call is not on hold"},
		{ActionResume, remoteHeld, "resume: the other party put the call on hold — only they can resume it"},
		{ActionTransfer, ringing, "transfer: the call is ringing — answer it first, or divert it"},
		{ActionPark, ringing, "park: the call is ringing — answer it first"},
		{ActionConsult, ended, "consult: the call has already ended"},
		{ActionDTMF, held, "dtmf: the call is on hold — resume it first"},
		{ActionDTMF, remoteHeld, "dtmf: the other party has put the call on hold"},
		{ActionPush, unknown, "push: the call's state is unknown"},
		{ActionJoinTransfer, connecting, "join: the call is still connecting"},
		{ActionRecordStart, held, "record start: the call is on hold — resume it first"},
		{ActionMute, connected, "mute: the call cannot be muted from here"},
		{ActionUnmute, connected, "unmute: the call cannot be unmuted from here"},
		{Action(0), connected, "action(0): unknown action"},
		{Action(200), nil, "action(200): unknown action"},
	}
	for _, tt := range tests {
		if got := Why(tt.a, tt.c); got != tt.want {
			t.Errorf("Why(%v, %v) = %q, want %q", tt.a, tt.c, got, tt.want)
		}
		if Allowed(tt.a, tt.c) != (tt.want == "") {
			t.Errorf("Allowed(%v, %v) disagrees with Why %q", tt.a, tt.c, tt.want)
		}
	}
}

func TestMuteRules(t *testing.T) {
	tests := []struct {
		state        State
		capable      bool
		muted        bool
		mute, unmute string // "" = allowed
	}{
		{StateConnected, true, false, "", "unmute: the call is not muted"},
		{StateConnected, true, true, "mute: the call is already muted", ""},
		{StateHeld, true, false, "", "unmute: the call is not muted"},
		{StateRemoteHeld, true, true, "mute: the call is already muted", ""},
		{StateConnected, false, false, "mute: the call cannot be muted from here", "unmute: the call cannot be unmuted from here"},
		{StateConnected, false, true, "mute: the call cannot be muted from here", "unmute: the call cannot be unmuted from here"},
		{StateAlerting, true, false, "mute: the call is ringing — answer it first", "unmute: the call is not muted"},
		{StateConnecting, true, false, "mute: the call is still connecting", "unmute: the call is not muted"},
		{StateDisconnected, true, true, "mute: the call has already ended", "unmute: the call has already ended"},
	}
	for _, tt := range tests {
		c := &Call{State: tt.state, Personality: PersonalityTerminator, MuteCapable: tt.capable, Muted: tt.muted}
		name := fmt.Sprintf("%v capable=%v muted=%v", tt.state, tt.capable, tt.muted)
		if got := Why(ActionMute, c); got != tt.mute {
			t.Errorf("%s: Why(mute) = %q, want %q", name, got, tt.mute)
		}
		if got := Why(ActionUnmute, c); got != tt.unmute {
			t.Errorf("%s: Why(unmute) = %q, want %q", name, got, tt.unmute)
		}
	}
}

func TestRecordingRules(t *testing.T) {
	// Columns: start, stop, pause, resume on a connected call ("" = allowed).
	tests := []struct {
		rec                        Recording
		start, stop, pause, resume string
	}{
		{RecordingNone, "", "the call is not being recorded", "the call is not being recorded", "the call is not being recorded"},
		{RecordingPending, "recording is already starting", "", "recording has not started yet", "recording is not paused"},
		{RecordingStarted, "the call is already being recorded", "", "", "recording is not paused"},
		{RecordingPaused, "recording is paused — resume it instead", "", "recording is already paused", ""},
		{RecordingStopped, "", "the call is not being recorded", "the call is not being recorded", "the call is not being recorded"},
		{RecordingFailed, "", "the call is not being recorded", "the call is not being recorded", "the call is not being recorded"},
		{RecordingUnknown, "the recording state is unknown", "the recording state is unknown", "the recording state is unknown", "the recording state is unknown"},
	}
	for _, tt := range tests {
		c := &Call{State: StateConnected, Personality: PersonalityOriginator, Recording: tt.rec}
		for a, want := range map[Action]string{
			ActionRecordStart: tt.start, ActionRecordStop: tt.stop,
			ActionRecordPause: tt.pause, ActionRecordResume: tt.resume,
		} {
			if want != "" {
				want = a.String() + ": " + want
			}
			if got := Why(a, c); got != want {
				t.Errorf("recording %v: Why(%v) = %q, want %q", tt.rec, a, got, want)
			}
		}
	}
	// Start needs a connected call; stop, pause and resume follow the
	// recording on any live call, and nothing works once the call ended.
	held := &Call{State: StateHeld, Personality: PersonalityTerminator, Recording: RecordingStarted}
	if Allowed(ActionRecordStart, &Call{State: StateHeld, Personality: PersonalityTerminator}) {
		t.Error("record start allowed on a held call")
	}
	if !Allowed(ActionRecordStop, held) || !Allowed(ActionRecordPause, held) {
		t.Error("record stop or pause refused on a held call that is being recorded")
	}
	ended := &Call{State: StateDisconnected, Recording: RecordingPaused}
	if got, want := Why(ActionRecordResume, ended), "record resume: the call has already ended"; got != want {
		t.Errorf("Why(record resume, ended) = %q, want %q", got, want)
	}
}

func TestCanJoin(t *testing.T) {
	s := situations()
	connected, held, remoteHeld := s[3].call, s[4].call, s[5].call
	other := &Call{ID: "talk2", State: StateConnected}
	tests := []struct {
		name string
		a, b *Call
		want bool
	}{
		{"connected and held", connected, held, true},
		{"held and remotely held", held, remoteHeld, true},
		{"two connected", connected, other, true},
		{"same call twice", connected, connected, false},
		{"same id", connected, &Call{ID: "talk", State: StateHeld}, false},
		{"one ringing", s[0].call, held, false},
		{"one ringing your phone", connected, s[1].call, false},
		{"one connecting", s[2].call, held, false},
		{"one ended", connected, s[6].call, false},
		{"one unknown", s[7].call, connected, false},
		{"nil", connected, nil, false},
		{"both nil", nil, nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CanJoin(tt.a, tt.b); got != tt.want {
				t.Errorf("CanJoin = %v, want %v", got, tt.want)
			}
			if got := CanJoin(tt.b, tt.a); got != tt.want {
				t.Errorf("CanJoin reversed = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestActionNames(t *testing.T) {
	want := map[Action]string{
		ActionAnswer: "answer", ActionReject: "reject", ActionHangup: "hangup", ActionHold: "hold",
		ActionResume: "resume", ActionTransfer: "transfer", ActionJoinTransfer: "join", ActionConsult: "consult",
		ActionDivert: "divert", ActionPark: "park", ActionRetrieve: "retrieve", ActionDial: "dial",
		ActionPickup: "pickup", ActionBargeIn: "barge", ActionMute: "mute", ActionUnmute: "unmute",
		ActionRecordStart: "record start", ActionRecordStop: "record stop", ActionRecordPause: "record pause",
		ActionRecordResume: "record resume", ActionDTMF: "dtmf", ActionPush: "push", ActionPull: "pull",
		ActionConferenceStart: "conference start", ActionConferenceAdd: "conference add",
		ActionConferenceMute: "conference mute", ActionConferenceUnmute: "conference unmute",
		ActionConferenceDeafen: "conference deafen", ActionConferenceUndeafen: "conference undeafen",
		ActionConferenceHold: "conference hold", ActionConferenceResume: "conference resume",
		ActionConferenceRelease: "conference release", ActionConferenceLeave: "conference leave",
		ActionDoNotDisturb: "dnd", ActionNightService: "night", ActionWrapUp: "wrapup",
		ActionQueueJoin: "queue join", ActionQueueLeave: "queue leave", ActionAgentState: "agent",
	}
	all := Actions()
	if len(all) != len(want) {
		t.Fatalf("Actions() has %d actions, want %d", len(all), len(want))
	}
	for _, a := range all {
		if a.String() != want[a] {
			t.Errorf("%d.String() = %q, want %q", a, a.String(), want[a])
		}
		got, ok := ParseAction(a.String())
		if !ok || got != a {
			t.Errorf("ParseAction(%q) = %v, %v", a.String(), got, ok)
		}
		wantNeeds := a != ActionDial && a != ActionRetrieve && a != ActionPickup && a != ActionBargeIn && a != ActionPull &&
			(a < ActionConferenceHold || a > ActionConferenceLeave) && a < ActionDoNotDisturb
		if a.NeedsCall() != wantNeeds {
			t.Errorf("%v.NeedsCall() = %v, want %v", a, a.NeedsCall(), wantNeeds)
		}
	}
	if got := Action(0).String(); got != "action(0)" {
		t.Errorf("Action(0).String() = %q", got)
	}
	all[0] = ActionPull
	if Actions()[0] != ActionAnswer {
		t.Error("Actions() returned a shared slice")
	}
}

func TestParseAction(t *testing.T) {
	tests := []struct {
		in   string
		want Action
		ok   bool
	}{
		{"answer", ActionAnswer, true},
		{"  HOLD ", ActionHold, true},
		{"record-start", ActionRecordStart, true},
		{"Record  Pause", ActionRecordPause, true},
		{"record_resume", ActionRecordResume, true},
		{"barge in", ActionBargeIn, true},
		{"bargein", ActionBargeIn, true},
		{"barge", ActionBargeIn, true},
		{"join", ActionJoinTransfer, true},
		{"dtmf", ActionDTMF, true},
		{"record", 0, false},
		{"recordstart", 0, false},
		{"", 0, false},
		{"answer now", 0, false},
	}
	for _, tt := range tests {
		got, ok := ParseAction(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ParseAction(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}
