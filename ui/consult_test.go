package ui

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/callboard/callboard/webex"
)

// consulting starts a consult from Jane (c1, connected) to 1002; the
// consult leg is c2. It returns the harness after the hold and the dial
// went through, before the leg shows in a poll.
func consulting(t *testing.T) *harness {
	t.Helper()
	hs := newHarness(t, 100, 30)
	hs.poll(janeConnected())
	hs.api.setResult("Dial", webex.NewCall{CallID: "c2", CallSessionID: "s2"})
	hs.api.setCalls(janeHeld())
	hs.api.reset()
	press(hs, "T", "text:1002", "enter")
	want := []request{
		{"Hold", webex.CallRequest{CallID: "c1"}},
		{"Dial", webex.DialRequest{Destination: "1002"}},
	}
	if got := hs.api.sent(false); !reflect.DeepEqual(got, want) {
		t.Fatalf("consult sent %v, want %v", got, want)
	}
	return hs
}

func janeConnected() webex.Call {
	return connected("c1", "Jane Roe", "+14155550123", epoch().Add(-3*time.Minute))
}
func janeHeld() webex.Call {
	return held("c1", "Jane Roe", "+14155550123", epoch().Add(-3*time.Minute))
}

// bobLeg is the consult leg to 1002, in state.
func bobLeg(state webex.CallState) webex.Call {
	c := wcall("c2", state, webex.PersonalityOriginator, "Bob Smith", "1002", epoch())
	if state == webex.StateConnected || state == webex.StateHeld {
		c.Answered = webex.NewTimestamp(epoch().Add(3 * time.Second))
	}
	return c
}

func TestConsult(t *testing.T) {
	t.Run("summary and selection", func(t *testing.T) {
		hs := consulting(t)
		if c := hs.app.consult; c == nil || c.original != "c1" || c.leg != "c2" || c.dest != "1002" {
			t.Fatalf("consult state %+v", hs.app.consult)
		}
		hs.poll(janeHeld(), bobLeg(webex.StateConnecting))
		if id := hs.app.board.SelectedID(); id != "c2" {
			t.Errorf("selection %q, want the consult leg", id)
		}
		scr := hs.screen()
		if !strings.Contains(scr, "consult: Jane Roe on hold ↔ 1002 — T joins them · e on 1002 aborts") {
			t.Errorf("no consult summary:\n%s", scr)
		}
		if n := strings.Count(scr, "consult "); n < 2 {
			t.Errorf("both legs should carry the consult flag:\n%s", scr)
		}
	})

	t.Run("T before the leg answers", func(t *testing.T) {
		hs := consulting(t)
		hs.poll(janeHeld(), bobLeg(webex.StateConnecting))
		hs.api.reset()
		hs.key("T")
		if got := hs.api.sent(false); len(got) != 0 {
			t.Fatalf("T sent %v before the consult party answered", got)
		}
		if want := "wait until 1002 answers, then press T again to complete"; hs.statusText() != want {
			t.Errorf("status %q", hs.statusText())
		}
	})

	for _, on := range []string{"leg", "original"} {
		t.Run("T on the "+on+" joins", func(t *testing.T) {
			hs := consulting(t)
			hs.poll(janeHeld(), bobLeg(webex.StateConnected))
			if on == "original" {
				hs.key("g")
			}
			hs.api.reset()
			hs.key("T")
			want := []request{{"Transfer", webex.TransferRequest{CallID1: "c1", CallID2: "c2"}}}
			if got := hs.api.sent(false); !reflect.DeepEqual(got, want) {
				t.Fatalf("sent %v, want %v", got, want)
			}
			if hs.app.consult != nil {
				t.Error("the consult is still on after the join")
			}
			if want := "transferred: Jane Roe and Bob Smith are connected"; hs.statusText() != want {
				t.Errorf("status %q", hs.statusText())
			}
		})
	}

	t.Run("e on the leg aborts and resumes", func(t *testing.T) {
		hs := consulting(t)
		hs.poll(janeHeld(), bobLeg(webex.StateConnected))
		hs.api.reset()
		hs.key("e")
		want := []request{
			{"Hangup", webex.CallRequest{CallID: "c2"}},
			{"Resume", webex.CallRequest{CallID: "c1"}},
		}
		if got := hs.api.sent(false); !reflect.DeepEqual(got, want) {
			t.Fatalf("sent %v, want %v", got, want)
		}
		if hs.app.consult != nil {
			t.Error("the consult is still on after the abort")
		}
	})

	t.Run("e on the original only hangs it up", func(t *testing.T) {
		hs := consulting(t)
		hs.poll(janeHeld(), bobLeg(webex.StateConnected))
		hs.key("g")
		hs.api.reset()
		hs.key("e")
		want := []request{{"Hangup", webex.CallRequest{CallID: "c1"}}}
		if got := hs.api.sent(false); !reflect.DeepEqual(got, want) {
			t.Fatalf("sent %v, want %v", got, want)
		}
	})

	t.Run("the caller hangs up", func(t *testing.T) {
		hs := consulting(t)
		hs.poll(janeHeld(), bobLeg(webex.StateConnected))
		hs.poll(bobLeg(webex.StateConnected))
		if hs.app.liveConsult() != nil {
			t.Fatal("the consult outlived its caller")
		}
		if want := "consult over: Jane Roe hung up"; hs.statusText() != want {
			t.Errorf("status %q", hs.statusText())
		}
	})

	t.Run("the consult party hangs up", func(t *testing.T) {
		hs := consulting(t)
		hs.poll(janeHeld(), bobLeg(webex.StateConnected))
		hs.poll(janeHeld())
		if hs.app.liveConsult() != nil {
			t.Fatal("the consult outlived its leg")
		}
		if want := "consult over: 1002 hung up; Jane Roe is still on hold"; hs.statusText() != want {
			t.Errorf("status %q", hs.statusText())
		}
	})

	t.Run("the dial fails", func(t *testing.T) {
		hs := newHarness(t, 100, 30)
		hs.poll(janeConnected())
		hs.api.setCalls(janeHeld())
		hs.api.failNext("Dial", &webex.APIError{StatusCode: 400, Message: "Invalid destination"})
		press(hs, "T", "text:1002", "enter")
		if hs.app.consult != nil {
			t.Error("a consult whose dial failed is still on")
		}
		if !strings.Contains(hs.statusText(), "Invalid destination") {
			t.Errorf("status %q", hs.statusText())
		}
	})

	t.Run("a rate-limited hold still dials once resent", func(t *testing.T) {
		hs := newHarness(t, 100, 30)
		hs.poll(janeConnected())
		hs.api.setResult("Dial", webex.NewCall{CallID: "c2", CallSessionID: "s2"})
		hs.api.failNext("Hold", rateLimited(time.Second))
		hs.api.reset()
		press(hs, "T", "text:1002", "enter")
		last, ok := hs.lastAction()
		if !ok || last.err == nil {
			t.Fatal("the hold was not refused")
		}
		hs.api.setCalls(janeHeld())
		hs.send(retryMsg{op: last.op})
		want := []request{
			{"Hold", webex.CallRequest{CallID: "c1"}},
			{"Hold", webex.CallRequest{CallID: "c1"}},
			{"Dial", webex.DialRequest{Destination: "1002"}},
		}
		if got := hs.api.sent(false); !reflect.DeepEqual(got, want) {
			t.Fatalf("sent %v, want %v", got, want)
		}
		if c := hs.app.consult; c == nil || c.leg != "c2" {
			t.Errorf("consult state %+v after the resend", c)
		}
	})
}
