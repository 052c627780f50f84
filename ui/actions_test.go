package ui

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/callboard/callboard/keymap"
	"github.com/callboard/callboard/webex"
)

// TestKeyNames checks that the key presses the tests build read as the key
// names the key map uses, and reach the default bindings.
func TestKeyNames(t *testing.T) {
	km := keymap.Default()
	tests := []struct {
		msg     tea.KeyPressMsg
		name    string
		binding key.Binding
	}{
		{keyPress("enter"), "enter", km.Answer},
		{keyPress("esc"), "esc", key.NewBinding(key.WithKeys("esc"))},
		{keyPress("tab"), "tab", km.SwitchView},
		{keyPress("space"), "space", km.HoldResume},
		{keyPress("ctrl+r"), "ctrl+r", km.Refresh},
		{keyPress("ctrl+c"), "ctrl+c", km.Quit},
		{keyPress("T"), "T", km.Consult},
		{keyPress("#"), "#", km.DTMF},
		{keyPress("up"), "up", km.Up},
		{keyPress("a"), "a", km.Answer},
		{keyPress("?"), "?", km.Help},
		{keyPress(":"), ":", km.Command},
		{keyPress("/"), "/", km.Filter},
		{keyPress("1"), "1", km.SpeedDial[0]},
		// A shifted letter as a terminal with the kitty keyboard protocol
		// reports it.
		{tea.KeyPressMsg{Code: 't', ShiftedCode: 'T', Mod: tea.ModShift, Text: "T"}, "T", km.Consult},
		{tea.KeyPressMsg{Code: '3', ShiftedCode: '#', Mod: tea.ModShift, Text: "#"}, "#", km.DTMF},
	}
	for _, tc := range tests {
		if got := tc.msg.String(); got != tc.name {
			t.Errorf("%+v reads %q, want %q", tc.msg, got, tc.name)
		}
		if !key.Matches(tc.msg, tc.binding) {
			t.Errorf("%q does not reach its binding %v", tc.name, tc.binding.Keys())
		}
	}
}

// actionCase is one key sequence on a board and what it must send.
type actionCase struct {
	name  string
	calls []webex.Call // on the board; the first in display order is selected
	keys  []string     // key names; "text:..." types the rest
	want  []request    // actions sent, in order
	// status, when set, is what the status line must say (after nothing was
	// sent, the reason).
	status string
	// promptOpen says the prompt stays open (the answer was refused).
	promptOpen bool
}

func TestActionKeys(t *testing.T) {
	t0 := epoch().Add(-3 * time.Minute)
	ring := ringing("c1", "Jane Roe", "+14155550123", t0)
	conn := connected("c1", "Jane Roe", "+14155550123", t0)
	hold := held("c1", "Jane Roe", "+14155550123", t0)
	remote := talking("c1", webex.StateRemoteHeld, "Jane Roe", "+14155550123", t0)
	muted := conn
	muted.Muted = true
	noMute := conn
	noMute.MuteCapable = false
	recording := conn
	recording.RecordingState = webex.RecordingStarted
	paused := conn
	paused.RecordingState = webex.RecordingPaused
	other := connected("c2", "Bob Smith", "1002", t0.Add(time.Minute))
	ringYourPhone := wcall("c1", webex.StateAlerting, webex.PersonalityClickToDial, "", "1002", t0)
	call := func(id string) webex.CallRequest { return webex.CallRequest{CallID: id} }

	tests := []actionCase{
		// answer, reject
		{name: "a answers", calls: onBoard(ring), keys: pressing("a"), want: sends("Answer", webex.AnswerRequest{CallID: "c1"})},
		{name: "enter answers", calls: onBoard(ring), keys: pressing("enter"), want: sends("Answer", webex.AnswerRequest{CallID: "c1"})},
		{name: "a on a connected call", calls: onBoard(conn), keys: pressing("a"), status: "answer: the call is connected, not ringing"},
		{name: "a on a call ringing your phone", calls: onBoard(ringYourPhone), keys: pressing("a"), status: "answer: the call is ringing your own phone — pick it up there"},
		{name: "a with no call", keys: pressing("a"), status: "no call selected"},
		{name: "r rejects busy", calls: onBoard(ring), keys: pressing("r"), want: sends("Reject", webex.RejectRequest{CallID: "c1", Action: webex.RejectBusy})},
		{name: "r on a connected call", calls: onBoard(conn), keys: pressing("r"), status: "reject: the call is connected, not ringing"},
		// hang up
		{name: "e hangs up", calls: onBoard(conn), keys: pressing("e"), want: sends("Hangup", call("c1"))},
		{name: "e hangs up a ringing call", calls: onBoard(ring), keys: pressing("e"), want: sends("Hangup", call("c1"))},
		{name: "e with no call", keys: pressing("e"), status: "no call selected"},
		// hold, resume
		{name: "h holds", calls: onBoard(conn), keys: pressing("h"), want: sends("Hold", call("c1"))},
		{name: "space holds", calls: onBoard(conn), keys: pressing("space"), want: sends("Hold", call("c1"))},
		{name: "h resumes a held call", calls: onBoard(hold), keys: pressing("h"), want: sends("Resume", call("c1"))},
		{name: "space resumes a held call", calls: onBoard(hold), keys: pressing("space"), want: sends("Resume", call("c1"))},
		{name: "h holds a call held by remote", calls: onBoard(remote), keys: pressing("h"), want: sends("Hold", call("c1"))},
		{name: "h on a ringing call", calls: onBoard(ring), keys: pressing("h"), status: "hold: the call is ringing — answer it first"},
		// mute
		{name: "m mutes", calls: onBoard(conn), keys: pressing("m"), want: sends("Mute", call("c1"))},
		{name: "m unmutes", calls: onBoard(muted), keys: pressing("m"), want: sends("Unmute", call("c1"))},
		{name: "m on a call that cannot be muted", calls: onBoard(noMute), keys: pressing("m"), status: "mute: the call cannot be muted from here"},
		{name: "m on a ringing call", calls: onBoard(ring), keys: pressing("m"), status: "mute: the call is ringing — answer it first"},
		// recording
		{name: "o starts recording", calls: onBoard(conn), keys: pressing("o"), want: sends("StartRecording", call("c1"))},
		{name: "o stops recording", calls: onBoard(recording), keys: pressing("o"), want: sends("StopRecording", call("c1"))},
		{name: "o on a held call", calls: onBoard(hold), keys: pressing("o"), status: "record start: the call is on hold — resume it first"},
		{name: "O pauses recording", calls: onBoard(recording), keys: pressing("O"), want: sends("PauseRecording", call("c1"))},
		{name: "O resumes recording", calls: onBoard(paused), keys: pressing("O"), want: sends("ResumeRecording", call("c1"))},
		{name: "O when not recording", calls: onBoard(conn), keys: pressing("O"), status: "record pause: the call is not being recorded"},
		// DTMF
		{name: "# sends digits", calls: onBoard(conn), keys: pressing("#", "text:1,234", "enter"),
			want: sends("TransmitDTMF", webex.DTMFRequest{CallID: "c1", DTMF: "1,234"})},
		{name: "# upper-cases a-d", calls: onBoard(conn), keys: pressing("#", "text:*9a#", "enter"),
			want: sends("TransmitDTMF", webex.DTMFRequest{CallID: "c1", DTMF: "*9A#"})},
		{name: "# on a held call", calls: onBoard(hold), keys: pressing("#"), status: "dtmf: the call is on hold — resume it first"},
		// divert
		{name: "v diverts", calls: onBoard(ring), keys: pressing("v", "text:1002", "enter"),
			want: sends("Divert", webex.DivertRequest{CallID: "c1", Destination: "1002"})},
		{name: "v vm diverts to voicemail", calls: onBoard(ring), keys: pressing("v", "text:vm", "enter"),
			want: sends("Divert", webex.DivertRequest{CallID: "c1", ToVoicemail: true})},
		{name: "v vm DEST diverts to their voicemail", calls: onBoard(ring), keys: pressing("v", "text:vm 1002", "enter"),
			want: sends("Divert", webex.DivertRequest{CallID: "c1", Destination: "1002", ToVoicemail: true})},
		{name: "v on a connected call", calls: onBoard(conn), keys: pressing("v"), status: "divert: the call is connected, not ringing"},
		// park, retrieve
		{name: "p parks on the own line", calls: onBoard(conn), keys: pressing("p", "enter"), want: sends("Park", webex.ParkRequest{CallID: "c1"})},
		{name: "p group parks in the group", calls: onBoard(conn), keys: pressing("p", "text:group", "enter"),
			want: sends("Park", webex.ParkRequest{CallID: "c1", IsGroupPark: true})},
		{name: "p parks on an extension", calls: onBoard(conn), keys: pressing("p", "text:7001", "enter"),
			want: sends("Park", webex.ParkRequest{CallID: "c1", Destination: "7001"})},
		{name: "p on a ringing call", calls: onBoard(ring), keys: pressing("p"), status: "park: the call is ringing — answer it first"},
		{name: "P retrieves from the own line", keys: pressing("P", "enter"), want: sends("Retrieve", webex.RetrieveRequest{})},
		{name: "P retrieves from an extension", keys: pressing("P", "text:7001", "enter"),
			want: sends("Retrieve", webex.RetrieveRequest{Destination: "7001"})},
		// dial, pickup, barge
		{name: "d dials", keys: pressing("d", "text:+1 (415) 555-0100", "enter"),
			want: sends("Dial", webex.DialRequest{Destination: "+14155550100"})},
		{name: "d dials while a call rings", calls: onBoard(ring), keys: pressing("d", "text:1002", "enter"),
			want: sends("Dial", webex.DialRequest{Destination: "1002"})},
		{name: "d with nothing typed", keys: pressing("d", "enter"), status: "enter a number, extension or address", promptOpen: true},
		{name: "u picks up in the group", keys: pressing("u", "enter"), want: sends("Pickup", webex.PickupRequest{})},
		{name: "u picks up for a colleague", keys: pressing("u", "text:1003", "enter"),
			want: sends("Pickup", webex.PickupRequest{Target: "1003"})},
		{name: "b barges in", keys: pressing("b", "text:1003", "enter"), want: sends("BargeIn", webex.BargeInRequest{Target: "1003"})},
		// transfer
		{name: "t transfers blind", calls: onBoard(conn), keys: pressing("t", "text:1002", "enter"),
			want: sends("Transfer", webex.TransferRequest{CallID1: "c1", Destination: "1002"})},
		{name: "t transfers a held call", calls: onBoard(hold), keys: pressing("t", "text:sip:bob@example.com", "enter"),
			want: sends("Transfer", webex.TransferRequest{CallID1: "c1", Destination: "sip:bob@example.com"})},
		{name: "t enter joins the two answered calls", calls: onBoard(hold, other), keys: pressing("t", "enter"),
			want: sends("Transfer", webex.TransferRequest{CallID1: "c1", CallID2: "c2"})},
		{name: "t joins from the other call", calls: onBoard(hold, other), keys: pressing("j", "t", "enter"),
			want: sends("Transfer", webex.TransferRequest{CallID1: "c2", CallID2: "c1"})},
		{name: "t with two calls still transfers to what is typed", calls: onBoard(hold, other), keys: pressing("t", "text:1003", "enter"),
			want: sends("Transfer", webex.TransferRequest{CallID1: "c1", Destination: "1003"})},
		{name: "t on a ringing call", calls: onBoard(ring), keys: pressing("t"), status: "transfer: the call is ringing — answer it first, or divert it"},
		// consult
		{name: "T holds and dials", calls: onBoard(conn), keys: pressing("T", "text:1002", "enter"),
			want: append(sends("Hold", call("c1")), sends("Dial", webex.DialRequest{Destination: "1002"})...)},
		{name: "T on a held call only dials", calls: onBoard(hold), keys: pressing("T", "text:1002", "enter"),
			want: sends("Dial", webex.DialRequest{Destination: "1002"})},
		{name: "T on a ringing call", calls: onBoard(ring), keys: pressing("T"), status: "consult: the call is ringing — answer it first"},
		// speed dial
		{name: "1 transfers the call to entry 1", calls: onBoard(conn), keys: pressing("1"),
			want: sends("Transfer", webex.TransferRequest{CallID1: "c1", Destination: "+14155550199"})},
		{name: "2 transfers the call to entry 2", calls: onBoard(hold), keys: pressing("2"),
			want: sends("Transfer", webex.TransferRequest{CallID1: "c1", Destination: "7001"})},
		{name: "1 dials with no call", keys: pressing("1"), want: sends("Dial", webex.DialRequest{Destination: "+14155550199"})},
		{name: "1 on a ringing call sends nothing", calls: onBoard(ring), keys: pressing("1"),
			status: "transfer: the call is ringing — answer it first, or divert it"},
		{name: "1 dials on an empty board", keys: pressing("1"), want: sends("Dial", webex.DialRequest{Destination: "+14155550199"})},
		{name: "3 is not configured", calls: onBoard(conn), keys: pressing("3")},
		// the command line
		{name: ":dtmf", calls: onBoard(conn), keys: pressing(":", "text:dtmf 1,234", "enter"),
			want: sends("TransmitDTMF", webex.DTMFRequest{CallID: "c1", DTMF: "1,234"})},
		{name: ":push", calls: onBoard(conn), keys: pressing(":", "text:push", "enter"), want: sends("Push", call("c1"))},
		{name: ":pull", keys: pressing(":", "text:pull", "enter"), want: sends("Pull", webex.PullRequest{})},
		{name: ":park 7001", calls: onBoard(conn), keys: pressing(":", "text:park 7001", "enter"),
			want: sends("Park", webex.ParkRequest{CallID: "c1", Destination: "7001"})},
		{name: ":divert vm", calls: onBoard(ring), keys: pressing(":", "text:divert vm", "enter"),
			want: sends("Divert", webex.DivertRequest{CallID: "c1", ToVoicemail: true})},
		{name: ":reject ignore", calls: onBoard(ring), keys: pressing(":", "text:reject ignore", "enter"),
			want: sends("Reject", webex.RejectRequest{CallID: "c1", Action: webex.RejectIgnore})},
		{name: ":record pause", calls: onBoard(recording), keys: pressing(":", "text:record pause", "enter"), want: sends("PauseRecording", call("c1"))},
		{name: ":transfer with two calls joins", calls: onBoard(hold, other), keys: pressing(":", "text:transfer", "enter"),
			want: sends("Transfer", webex.TransferRequest{CallID1: "c1", CallID2: "c2"})},
		{name: ":dial", keys: pressing(":", "text:dial 1002", "enter"), want: sends("Dial", webex.DialRequest{Destination: "1002"})},
		{name: ":hold on a ringing call", calls: onBoard(ring), keys: pressing(":", "text:hold", "enter"), status: "hold: the call is ringing — answer it first"},
		{name: ":push on a ringing call", calls: onBoard(ring), keys: pressing(":", "text:push", "enter"), status: "push: the call is ringing — answer it first"},
		{name: ":copy", calls: onBoard(conn), keys: pressing(":", "text:copy", "enter"), status: "copied the call id of Jane Roe"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			hs := newHarness(t, 100, 30, func(o *Options) {
				o.SpeedDial = []SpeedDial{{Label: "front desk", Destination: "+14155550199"}, {Destination: "7001"}}
			})
			hs.api.setResult("Dial", webex.NewCall{CallID: "c9", CallSessionID: "s9"})
			hs.poll(tc.calls...)
			hs.api.reset()
			press(hs, tc.keys...)
			if got := hs.api.sent(false); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("sent %v, want %v", got, tc.want)
			}
			if tc.status != "" && hs.statusText() != tc.status {
				t.Errorf("status %q, want %q", hs.statusText(), tc.status)
			}
			// A refused action opens a prompt that only says why: not a working one.
			if open := hs.app.prompt != nil && hs.app.prompt.kind != promptRefused; open != tc.promptOpen {
				t.Errorf("prompt open %v, want %v", open, tc.promptOpen)
			}
		})
	}
}

// press presses keys by name; "text:..." types the rest.
func press(hs *harness, keys ...string) {
	hs.t.Helper()
	for _, k := range keys {
		if s, ok := strings.CutPrefix(k, "text:"); ok {
			hs.typeText(s)
			continue
		}
		hs.key(k)
	}
}

// onBoard, pressing and sends keep the table short: the calls, the keys,
// and one expected request.
func onBoard(calls ...webex.Call) []webex.Call { return calls }

func pressing(keys ...string) []string { return keys }

func sends(method string, req any) []request { return []request{{method: method, req: req}} }

func TestSecondaryLine(t *testing.T) {
	hs := newHarness(t, 100, 30, func(o *Options) { o.LineOwnerID = "owner-7" })
	hs.poll(connected("c1", "Jane Roe", "1001", hs.clock.Now()))
	if got := hs.api.sent(true); len(got) == 0 || got[len(got)-1].req != "owner-7" {
		t.Fatalf("List Calls did not name the line owner: %v", got)
	}
	hs.api.reset()
	press(hs, "h", "t", "text:1002", "enter", "d", "text:1003", "enter")
	want := []request{
		{"Hold", webex.CallRequest{CallID: "c1", LineOwnerID: "owner-7"}},
		{"Transfer", webex.TransferRequest{CallID1: "c1", Destination: "1002", LineOwnerID: "owner-7"}},
		{"Dial", webex.DialRequest{Destination: "1003", LineOwnerID: "owner-7"}},
	}
	if got := hs.api.sent(false); !reflect.DeepEqual(got, want) {
		t.Errorf("sent %v, want %v", got, want)
	}
}

func TestCommandLine(t *testing.T) {
	t.Run("unknown verb refused", func(t *testing.T) {
		hs := newHarness(t, 100, 30)
		hs.poll(connected("c1", "Jane Roe", "1001", hs.clock.Now()))
		hs.api.reset()
		press(hs, ":", "text:frobnicate", "enter")
		if got := hs.api.sent(false); len(got) != 0 {
			t.Fatalf("an unknown verb sent %v", got)
		}
		if hs.app.prompt == nil {
			t.Fatal("the prompt closed on an unknown verb")
		}
		if scr := hs.screen(); !strings.Contains(scr, `✗ unknown verb "frobnicate"`) {
			t.Errorf("the refusal is not shown:\n%s", scr)
		}
	})
	t.Run("bad arguments refused", func(t *testing.T) {
		hs := newHarness(t, 100, 30)
		hs.poll(connected("c1", "Jane Roe", "1001", hs.clock.Now()))
		hs.api.reset()
		press(hs, ":", "text:dtmf 12x", "enter")
		if got := hs.api.sent(false); len(got) != 0 || hs.app.prompt == nil {
			t.Fatalf("sent %v, prompt open %v", got, hs.app.prompt != nil)
		}
		if scr := hs.screen(); !strings.Contains(scr, `✗ dtmf: "12x": unexpected "x" at position 3`) {
			t.Errorf("the refusal is not shown:\n%s", scr)
		}
	})
	t.Run("copy puts the id on the clipboard", func(t *testing.T) {
		hs := newHarness(t, 100, 30)
		hs.poll(connected("c1", "Jane Roe", "1001", hs.clock.Now()))
		press(hs, ":", "text:copy session", "enter")
		if len(hs.out) == 0 || reflect.TypeOf(hs.out[len(hs.out)-1]) != reflect.TypeOf(tea.SetClipboard("")()) {
			t.Fatalf("no clipboard message: %v", hs.out)
		}
		if got := reflect.ValueOf(hs.out[len(hs.out)-1]).String(); got != "session-c1" {
			t.Errorf("copied %q, want the session id", got)
		}
		if hs.statusText() != "copied the session id of Jane Roe" {
			t.Errorf("status %q", hs.statusText())
		}
	})
	t.Run("help and history verbs", func(t *testing.T) {
		hs := newHarness(t, 100, 30)
		press(hs, ":", "text:help", "enter")
		if !hs.app.showHelp {
			t.Fatal(":help did not open the help")
		}
		press(hs, "esc", ":", "text:history", "enter")
		if hs.app.screen != screenHistory || hs.api.count("ListHistory") != 1 {
			t.Fatal(":history did not open the history")
		}
	})
}

func TestQuitTouchesNoCall(t *testing.T) {
	for _, k := range []string{"q", "ctrl+c"} {
		hs := newHarness(t, 100, 30)
		hs.poll(connected("c1", "Jane Roe", "1001", hs.clock.Now()))
		hs.api.reset()
		cmd := hs.update(keyPress(k))
		if cmd == nil {
			t.Fatalf("%s returned no command", k)
		}
		if _, ok := cmd().(tea.QuitMsg); !ok {
			t.Errorf("%s does not quit", k)
		}
		if got := hs.api.sent(false); len(got) != 0 {
			t.Errorf("quitting sent %v", got)
		}
	}
}
