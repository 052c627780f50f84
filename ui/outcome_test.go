package ui

import (
	"strings"
	"testing"

	"github.com/callboard/callboard/webex"
)

// A call that leaves the line because the operator parked, diverted,
// rejected or transferred it reads so while it lingers, not "ended".
func TestEndedRowSaysWhy(t *testing.T) {
	tests := []struct {
		name  string
		call  func(*harness) webex.Call
		keys  []string
		setup func(*fakeAPI)
		want  string
	}{
		{"park", func(h *harness) webex.Call { return connected("c1", "Jane Roe", "1001", h.clock.Now()) },
			[]string{"p", "enter"}, func(api *fakeAPI) {
				api.setResult("Park", webex.ParkResult{ParkedAgainst: webex.Party{Name: "Alex Morgan", Number: "+14155550100"}})
			}, "○ parked"},
		{"divert", func(h *harness) webex.Call { return ringing("c1", "Jane Roe", "1001", h.clock.Now()) },
			[]string{"v", "text:vm", "enter"}, nil, "○ diverted"},
		{"reject", func(h *harness) webex.Call { return ringing("c1", "Jane Roe", "1001", h.clock.Now()) },
			[]string{"r"}, nil, "○ rejected"},
		{"hang up", func(h *harness) webex.Call { return connected("c1", "Jane Roe", "1001", h.clock.Now()) },
			[]string{"e"}, nil, "○ ended"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			hs := newHarness(t, 100, 30)
			if tc.setup != nil {
				tc.setup(hs.api)
			}
			hs.poll(tc.call(hs))
			for _, k := range tc.keys {
				if text, ok := strings.CutPrefix(k, "text:"); ok {
					hs.typeText(text)
					continue
				}
				hs.key(k)
			}
			hs.poll() // the call has left the line
			if s := hs.screen(); !strings.Contains(s, tc.want) {
				t.Errorf("the ended row does not read %q:\n%s", tc.want, s)
			}
		})
	}
}

// A blind transfer waiting for the destination marks both calls, says so
// when the destination does not answer, and reads "transferred" when Webex
// joins them.
func TestBlindTransferInProgress(t *testing.T) {
	for _, answered := range []bool{true, false} {
		hs := newHarness(t, 100, 30)
		now := hs.clock.Now()
		hs.api.setResult("Transfer", &webex.NewCall{CallID: "leg", CallSessionID: "s"})
		hs.poll(connected("c1", "Jane Roe", "1001", now))
		hs.key("t")
		hs.typeText("101")
		hs.key("enter")
		leg := wcall("leg", webex.StateConnecting, webex.PersonalityOriginator, "Sam Rivera", "101", now)
		hs.poll(held("c1", "Jane Roe", "1001", now), leg)
		s := hs.screen()
		if !strings.Contains(s, "→ 101") || !strings.Contains(s, "⇢ for Jane Roe") {
			t.Fatalf("a transfer in progress is not marked:\n%s", s)
		}
		if answered {
			hs.poll()
			if s := hs.screen(); !strings.Contains(s, "○ transferred        Jane Roe") || !strings.Contains(s, "○ transferred        Sam Rivera") {
				t.Errorf("after Webex joined the calls both rows should read transferred:\n%s", s)
			}
			continue
		}
		hs.poll(held("c1", "Jane Roe", "1001", now)) // the leg gave up
		if got := hs.statusText(); !strings.Contains(got, "transfer to 101 not completed: Jane Roe is still on your line (on hold)") {
			t.Errorf("status %q", got)
		}
	}
}

// A server error is not "offline": Webex was reached and answered badly.
func TestServerErrorBanner(t *testing.T) {
	hs := newHarness(t, 100, 30)
	hs.poll(connected("c1", "Jane Roe", "1001", hs.clock.Now()))
	hs.api.failNext("ListCalls", &webex.APIError{StatusCode: 503, Message: "Service Unavailable"})
	hs.send(pollTickMsg{gen: hs.app.poll.gen})
	s := hs.screen()
	if !strings.Contains(s, "✗ Webex answers with an error (503") || !strings.Contains(s, "✗ Webex error") || strings.Contains(s, "offline") {
		t.Errorf("a 503 should read as a Webex error, not offline:\n%s", s)
	}
	if !strings.Contains(s, "Jane Roe") {
		t.Errorf("the banner hid the list:\n%s", s)
	}
}
