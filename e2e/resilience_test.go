package e2e

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/callboard/callboard/webex"
	"github.com/callboard/callboard/webex/sim"
)

// When Webex fails mid-session the offline banner appears and the call list
// stays; when it recovers the banner goes and the list updates again by
// itself, without a restart.
func TestOfflineBannerAndRecovery(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		faults sim.Faults
		banner string // what the banner says
		header string // what the header says
	}{
		{"every request refused with 500", sim.Faults{ErrorRate: 1}, "✗ Webex answers with an error (500", "✗ Webex error"},
		{"every connection dropped", sim.Faults{DropRate: 1}, "✗ offline: cannot reach Webex", "✗ offline"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := newSim(t)
			ring(t, srv, "Margaret Hamilton", "+14155557777")
			c := consoleOn(t, srv)
			c.waitCall("Margaret Hamilton", "ringing")
			c.press("a")
			c.waitCall("Margaret Hamilton", "connected")

			if err := srv.Sim.SetFaults(tt.faults); err != nil {
				t.Fatal(err)
			}
			s := c.waitText(tt.banner)
			if rows := s.callsWith("Margaret Hamilton"); len(rows) != 1 || rows[0].state != "connected" {
				t.Errorf("the offline banner hid the call list: rows %+v; the screen:\n%s", rows, s)
			}
			// The header says how old the list is and that a retry is coming.
			if h := s.lines[0]; !strings.Contains(h, tt.header) || !strings.Contains(h, "old") || !strings.Contains(h, "retry in") {
				t.Errorf("the header does not say the data is stale and a retry is coming:\n%s", s)
			}

			srv.Sim.ClearFaults()
			c.waitNoText(tt.header)
			c.waitText("● online")
			ring(t, srv, "Alan Turing", "+14155558888")
			s = c.waitCall("Alan Turing", "ringing")
			if rows := s.callsWith("Margaret Hamilton"); len(rows) != 1 || rows[0].state != "connected" {
				t.Errorf("after recovery the first call shows as %+v; the screen:\n%s", rows, s)
			}
		})
	}
}

// Quitting ends the console cleanly and leaves every call as it was: the
// calls live on the phones, not in callboard.
func TestQuitLeavesCallsAlone(t *testing.T) {
	t.Parallel()
	for _, key := range []string{"q", "C-c"} {
		t.Run(key, func(t *testing.T) {
			t.Parallel()
			srv := newSim(t)
			ring(t, srv, "Dennis Ritchie", "+14155559999")
			ring(t, srv, "Frances Allen", "+14155550001")
			c := consoleOn(t, srv)
			c.waitCall("Dennis Ritchie", "ringing")
			c.waitCall("Frances Allen", "ringing")
			// Answer the selected call (the first), so one is connected and one rings.
			c.press("a")
			c.waitCall("Dennis Ritchie", "connected")
			before := srv.Sim.State().Calls
			if len(before) != 2 {
				t.Fatalf("the simulator has %d calls before quitting, want 2: %+v", len(before), before)
			}
			sent := len(srv.Sim.Requests())

			c.press(key)
			if status := c.waitExit(); status != 0 {
				t.Fatalf("the console exited with status %d; the screen:\n%s", status, c.screen())
			}
			if s := c.screen(); s.has("STATE") || s.has("online") {
				t.Errorf("the console's screen is still up after it quit (alternate screen not left):\n%s", s)
			}

			// List the calls after quitting, with callboard's own verb.
			var listed webex.CallList
			if err := json.Unmarshal([]byte(c.verb("calls", "--json")), &listed); err != nil {
				t.Fatalf("callboard calls --json: %v", err)
			}
			if !sameCalls(before, listed.Items) {
				t.Errorf("quitting changed the calls:\nbefore %+v\nafter  %+v", before, listed.Items)
			}
			for _, r := range srv.Sim.Requests()[sent:] {
				if r.Method != "GET" {
					t.Errorf("quitting sent %s %s %s", r.Method, r.Path, r.Body)
				}
			}
		})
	}
}

// sameCalls compares two call lists by id and state.
func sameCalls(a, b []webex.Call) bool {
	key := func(cs []webex.Call) []string {
		var out []string
		for _, c := range cs {
			out = append(out, c.ID+" "+string(c.State)+" "+c.RemoteParty.Name)
		}
		slices.Sort(out)
		return out
	}
	return slices.Equal(key(a), key(b))
}
