package ui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/callboard/callboard/webex"
)

// The answer key on a call that is not ringing answers the call that has
// rung longest: it can only mean a ringing call.
func TestAnswerKeyFindsTheRingingCall(t *testing.T) {
	hs := newHarness(t, 100, 30)
	now := hs.clock.Now()
	hs.poll(held("c1", "Hank Hill", "1001", now),
		ringing("c3", "Ivy Ives", "1003", now.Add(2*time.Second)),
		ringing("c2", "Gus Grey", "1002", now.Add(time.Second)))
	hs.app.board.Select("c1")
	hs.api.reset()
	hs.key("a")
	want := []request{{"Answer", webex.AnswerRequest{CallID: "c2"}}}
	if got := hs.api.sent(false); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("sent %v, want %v", got, want)
	}
	if id := hs.app.board.SelectedID(); id != "c2" {
		t.Errorf("selection %q, want the answered call", id)
	}
}

// Below the minimum size the calls are not on screen: keys act on none.
func TestTooSmallIgnoresKeys(t *testing.T) {
	hs := newHarness(t, 100, 30)
	hs.poll(connected("c1", "Frank Fox", "1001", hs.clock.Now()))
	hs.send(tea.WindowSizeMsg{Width: 40, Height: 10})
	hs.api.reset()
	hs.key("e", "h", "a")
	if got := hs.api.sent(false); len(got) != 0 {
		t.Fatalf("keys on a too-small terminal sent %v", got)
	}
}

// Unanswered incoming calls are counted in the header until the history is
// opened; a caller who hangs up on hold is reported.
func TestMissedAndAbandonedCalls(t *testing.T) {
	hs := newHarness(t, 100, 30)
	now := hs.clock.Now()
	hs.poll(ringing("c1", "Jane Roe", "1001", now), held("c2", "Bob Smith", "1002", now))
	hs.poll(held("c2", "Bob Smith", "1002", now)) // Jane stopped ringing
	if s := hs.screen(); !strings.Contains(s, "✗ 1 missed") {
		t.Errorf("the header does not count the missed call:\n%s", s)
	}
	hs.poll() // Bob hung up on hold
	if got := hs.statusText(); got != "Bob Smith hung up while on hold" {
		t.Errorf("status %q", got)
	}
	hs.key("tab")
	if hs.app.missed != 0 || strings.Contains(hs.screen(), "1 missed") {
		t.Error("opening the history did not clear the missed count")
	}
}

// "vm" in the transfer prompt sends a connected caller to voicemail.
func TestTransferToVoicemail(t *testing.T) {
	hs := newHarness(t, 100, 30)
	hs.poll(connected("c1", "Jane Roe", "1001", hs.clock.Now()))
	hs.api.reset()
	press(hs, "t", "text:vm", "enter")
	want := []request{{"Divert", webex.DivertRequest{CallID: "c1", ToVoicemail: true}}}
	if got := hs.api.sent(false); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("sent %v, want %v", got, want)
	}
}

// The start of a verb is a hint listing what it can become, not an error;
// tab completes it.
func TestCommandLineCompletes(t *testing.T) {
	hs := newHarness(t, 100, 30)
	press(hs, ":", "text:h")
	s := hs.screen()
	if !strings.Contains(s, "… hangup · hold · history · help") || strings.Contains(s, "✗") {
		t.Errorf("the start of a verb should list the verbs:\n%s", s)
	}
	press(hs, "text:ol", "tab")
	if v := hs.app.prompt.value(); v != "hold" {
		t.Errorf("tab completed to %q, want hold", v)
	}
}

// The heading says how many calls are scrolled off, and whether one rings.
func TestOffScreenCallsAreCounted(t *testing.T) {
	hs := newHarness(t, 80, 20)
	now := hs.clock.Now()
	var calls []webex.Call
	for i := range 12 {
		calls = append(calls, connected(fmt.Sprintf("c%02d", i), fmt.Sprintf("Caller %02d", i), "1001", now.Add(time.Duration(i)*time.Second)))
	}
	calls = append(calls, ringing("r", "Late Ringer", "1002", now.Add(time.Minute)))
	hs.poll(calls...)
	hs.app.board.Select("c00")
	hs.send(tickMsg(now))
	if s := hs.screen(); !strings.Contains(s, "ringing)") || !strings.Contains(s, "↓") {
		t.Errorf("the heading does not say a ringing call is below:\n%s", s)
	}
}

// A long error keeps its end (the tracking ID) on a second line.
func TestLongStatusWraps(t *testing.T) {
	hs := newHarness(t, 80, 24)
	hs.poll(connected("c1", "Jane Roe", "1001", hs.clock.Now()))
	hs.api.failNext("Hold", &webex.APIError{StatusCode: 400, Message: "The call cannot be held because the device does not support it right now", TrackingID: "ROUTER_1234"})
	hs.key("h")
	if s := hs.screen(); !strings.Contains(s, "ROUTER_1234") {
		t.Errorf("the tracking ID was cut off:\n%s", s)
	}
}
