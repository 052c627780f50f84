package ui

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/callboard/callboard/webex"
)

func TestBadDestinationKeepsThePromptOpen(t *testing.T) {
	tests := []struct {
		name   string
		calls  []webex.Call
		keys   []string
		reason string
	}{
		{"transfer", onBoard(janeConnected()), pressing("t", "text:12a4", "enter"), `✗ "12a4": unexpected "a" — a number may only contain digits`},
		{"transfer to a bad scheme", onBoard(janeConnected()), pressing("t", "text:http://x", "enter"), `✗ "http://x": "http:" is not supported`},
		{"divert", onBoard(ringing("c1", "Jane Roe", "1001", epoch())), pressing("v", "text:vm 12a", "enter"), `✗ "12a": unexpected "a"`},
		{"dtmf", onBoard(janeConnected()), pressing("#", "text:12x", "enter"), `✗ "12x": unexpected "x" at position 3`},
		{"dial", nil, pressing("d", "text:bob@", "enter"), `✗ "bob@"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			hs := newHarness(t, 120, 30)
			hs.poll(tc.calls...)
			hs.api.reset()
			press(hs, tc.keys...)
			if got := hs.api.sent(false); len(got) != 0 {
				t.Fatalf("a bad destination sent %v", got)
			}
			if hs.app.prompt == nil {
				t.Fatal("the prompt closed")
			}
			if scr := hs.screen(); !strings.Contains(scr, tc.reason) {
				t.Errorf("the reason %q is not shown:\n%s", tc.reason, scr)
			}
			// Fixing the text sends it.
			for range 8 {
				hs.key("backspace")
			}
			press(hs, "text:1002", "enter")
			if hs.app.prompt != nil || len(hs.api.sent(false)) != 1 {
				t.Errorf("after fixing: prompt open %v, sent %v", hs.app.prompt != nil, hs.api.sent(false))
			}
		})
	}
}

func TestPromptEscSendsNothing(t *testing.T) {
	hs := newHarness(t, 100, 30)
	hs.poll(janeConnected())
	hs.api.reset()
	press(hs, "t", "text:1002", "esc")
	if hs.app.prompt != nil || len(hs.api.sent(false)) != 0 {
		t.Fatalf("esc: prompt open %v, sent %v", hs.app.prompt != nil, hs.api.sent(false))
	}
	// Keys typed into a prompt never act on the call.
	press(hs, "t", "text:aehq", "esc")
	if len(hs.api.sent(false)) != 0 {
		t.Fatalf("keys typed into the prompt acted: %v", hs.api.sent(false))
	}
}

func TestPromptStaysBoundToItsCall(t *testing.T) {
	hs := newHarness(t, 100, 30)
	now := hs.clock.Now()
	jane := janeConnected()
	hs.poll(jane)
	// A dial whose new call is selected when it shows up in a poll.
	hs.api.setResult("Dial", webex.NewCall{CallID: "c2", CallSessionID: "s2"})
	press(hs, "d", "text:1002", "enter")
	if hs.app.pendingSelect.id != "c2" {
		t.Fatalf("pending selection %q", hs.app.pendingSelect.id)
	}
	// The transfer prompt opens on Jane; then the poll brings c2, which
	// takes the selection.
	press(hs, "t", "text:1003")
	hs.poll(jane, wcall("c2", webex.StateAlerting, webex.PersonalityClickToDial, "", "1002", now))
	if id := hs.app.board.SelectedID(); id != "c2" {
		t.Fatalf("the selection did not move (%q); the test proves nothing", id)
	}
	hs.api.reset()
	hs.key("enter")
	want := []request{{"Transfer", webex.TransferRequest{CallID1: "c1", Destination: "1003"}}}
	if got := hs.api.sent(false); !reflect.DeepEqual(got, want) {
		t.Fatalf("sent %v, want %v", got, want)
	}
}

func TestPromptCallEndsWhileTyping(t *testing.T) {
	tests := []struct {
		name  string
		calls []webex.Call
		keys  []string
		after []webex.Call // the poll that arrives while the operator types
	}{
		{"transfer", onBoard(janeConnected()), pressing("t", "text:1002"), nil},
		{"divert", onBoard(ringing("c1", "Jane Roe", "1001", epoch())), pressing("v", "text:vm"), nil},
		{"join", onBoard(janeHeld(), connected("c2", "Bob Smith", "1002", epoch())), pressing("t"),
			onBoard(connected("c2", "Bob Smith", "1002", epoch()))},
		{"join with a partner gone", onBoard(janeHeld(), connected("c2", "Bob Smith", "1002", epoch())), pressing("t"),
			onBoard(janeHeld())},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			hs := newHarness(t, 100, 30)
			hs.poll(tc.calls...)
			press(hs, tc.keys...)
			hs.poll(tc.after...)
			hs.api.reset()
			hs.key("enter")
			if got := hs.api.sent(false); len(got) != 0 {
				t.Fatalf("sent %v for a call that ended", got)
			}
			if !strings.HasSuffix(hs.statusText(), ": call already ended") {
				t.Errorf("status %q", hs.statusText())
			}
		})
	}
}

func TestRetrieveOffersTheLastParkedCall(t *testing.T) {
	hs := newHarness(t, 120, 30)
	hs.poll(janeConnected())
	hs.api.setResult("Park", webex.ParkResult{ParkedAgainst: webex.Party{Name: "Park 7001", Number: "7001", CallType: webex.CallTypeLocation}})
	press(hs, "p", "enter")
	if want := "parked Jane Roe on Park 7001 — P retrieves"; hs.statusText() != want {
		t.Errorf("status %q, want %q", hs.statusText(), want)
	}
	hs.poll()
	if !strings.Contains(hs.screen(), "parked: Jane Roe on Park 7001 0:00 — P retrieves") {
		t.Errorf("no parked summary:\n%s", hs.screen())
	}
	hs.key("P")
	if hs.app.prompt == nil || hs.app.prompt.value() != "7001" {
		t.Fatalf("the retrieve prompt is not pre-filled with 7001")
	}
	if !strings.Contains(hs.screen(), "enter: Jane Roe, parked on Park 7001") {
		t.Errorf("the prompt does not say what enter retrieves:\n%s", hs.screen())
	}
	hs.api.reset()
	hs.key("enter")
	want := []request{{"Retrieve", webex.RetrieveRequest{Destination: "7001"}}}
	if got := hs.api.sent(false); !reflect.DeepEqual(got, want) {
		t.Fatalf("sent %v, want %v", got, want)
	}
	if len(hs.app.parked) != 0 {
		t.Errorf("the retrieved call is still listed as parked: %+v", hs.app.parked)
	}
}

func TestParkRecallForgetsTheParkedCall(t *testing.T) {
	hs := newHarness(t, 120, 30)
	hs.poll(janeConnected())
	hs.api.setResult("Park", webex.ParkResult{ParkedAgainst: webex.Party{Number: "7001"}})
	press(hs, "p", "text:7001", "enter")
	hs.clock.Advance(time.Minute)
	recall := ringing("c5", "Jane Roe", "+14155550123", hs.clock.Now())
	recall.Recall = &webex.Recall{Type: webex.RecallTypePark, Party: &webex.Party{Number: "7001"}}
	hs.poll(recall)
	if len(hs.app.parked) != 0 {
		t.Errorf("a recalled call is still listed as parked")
	}
	if want := "park recall: Jane Roe is back from 7001"; hs.statusText() != want {
		t.Errorf("status %q, want %q", hs.statusText(), want)
	}
}

func TestTransferPromptOffersTheJoin(t *testing.T) {
	hs := newHarness(t, 120, 30)
	hs.poll(janeHeld(), connected("c2", "Bob Smith", "1002", epoch()))
	hs.key("t")
	if !strings.Contains(hs.screen(), "enter: join with Bob Smith · or a destination · vm: voicemail") {
		t.Errorf("the join is not offered:\n%s", hs.screen())
	}
}

func TestRecentDestinationCompletes(t *testing.T) {
	hs := newHarness(t, 120, 30)
	press(hs, "d", "text:+14155550177", "enter")
	press(hs, "d", "text:+1415", "tab")
	if hs.app.prompt == nil || hs.app.prompt.value() != "+14155550177" {
		t.Fatalf("tab did not complete the recent destination")
	}
}

func TestCallFilter(t *testing.T) {
	hs := newHarness(t, 120, 30)
	hs.poll(janeConnected(), connected("c2", "Bob Smith", "1002", epoch()), ringing("c3", "Carol Diaz", "1003", epoch()))
	press(hs, "/", "text:ring")
	if n := hs.app.board.VisibleLen(); n != 1 {
		t.Fatalf("filter ring shows %d calls", n)
	}
	scr := hs.screen()
	if !strings.Contains(scr, "filter ring: 1 of 3") || strings.Contains(scr, "Bob Smith") {
		t.Errorf("filtered screen:\n%s", scr)
	}
	hs.key("enter")
	// The selection (Jane) would be hidden: it moves to the first match, so
	// a key never acts on a call the operator cannot see.
	if id := hs.app.board.SelectedID(); id != "c3" {
		t.Fatalf("selection %q after filtering, want the first match c3", id)
	}
	hs.api.reset()
	hs.key("a")
	want := []request{{"Answer", webex.AnswerRequest{CallID: "c3"}}}
	if got := hs.api.sent(false); !reflect.DeepEqual(got, want) {
		t.Fatalf("sent %v, want %v", got, want)
	}
	hs.key("esc")
	if hs.app.board.Filter() != "" || hs.app.board.VisibleLen() != 3 {
		t.Error("esc did not clear the filter")
	}
}
