package e2e

import (
	"strings"
	"testing"

	"github.com/callboard/callboard/webex"
	"github.com/callboard/callboard/webex/sim"
)

// The office, from the keyboard alone: names where destinations go, the
// colleagues pane following the simulated office, camp-on, and a token
// without the new scopes. The office token reads colleagues' lines; it goes
// in the environment, never in a file the secret scan reads.

// officeConsole starts the console on srv with the simulator's token as the
// office's administrator token too, and waits until the colleagues pane
// shows the monitoring list.
func officeConsole(t *testing.T, srv *sim.Server) *console {
	t.Helper()
	c := newWorkspace(t, "", "WEBEX_TOKEN="+srv.Token, "WEBEX_BASE_URL="+srv.BaseURL, "CALLBOARD_OFFICE_TOKEN="+srv.Token).start()
	c.waitText("● online")
	c.waitText("Maria Garcia")
	return c
}

// paneLine returns the screen line of the colleagues pane that names who.
func (s screen) paneLine(who string) string {
	for _, l := range s.lines {
		if strings.Contains(l, who) && strings.Contains(l, " 1") { // an extension follows the name
			return l
		}
	}
	return ""
}

// waitRow waits until the pane's row for who shows text.
func (c *console) waitRow(who, text string) screen {
	c.t.Helper()
	return c.waitFor(who+"'s row to show "+text, func(s screen) bool { return strings.Contains(s.paneLine(who), text) })
}

// transfersTo returns the destinations of the transfers the simulator
// accepted.
func transfersTo(srv *sim.Server) []string {
	var out []string
	for _, r := range posts(srv, "transfer") {
		if r.Status >= 200 && r.Status < 300 {
			if d := jsonField(r.Body, "destination"); d != "" {
				out = append(out, d)
			}
		}
	}
	return out
}

// jsonField reads one string field of a JSON body, "" when absent.
func jsonField(body []byte, name string) string {
	key := `"` + name + `":"`
	i := strings.Index(string(body), key)
	if i < 0 {
		return ""
	}
	rest := string(body[i+len(key):])
	return rest[:strings.IndexByte(rest, '"')]
}

// waitTransferTo waits until the simulator accepted a transfer to dest.
func (c *console) waitTransferTo(srv *sim.Server, dest string) {
	c.t.Helper()
	c.waitFor("a transfer to "+dest, func(screen) bool {
		for _, d := range transfersTo(srv) {
			if d == dest {
				return true
			}
		}
		return false
	})
}

// "Transfer Ada to Priya" is t, pri, enter: typed at once, the first match
// goes.
func TestOfficeTransferByName(t *testing.T) {
	t.Parallel()
	srv := newSim(t)
	ring(t, srv, "Ada Lovelace", "+14085550142")
	c := officeConsole(t, srv)
	c.waitCall("Ada Lovelace", "ringing")
	c.press("a")
	c.waitCall("Ada Lovelace", "connected")
	c.press("t")
	c.typeText("pri")
	c.press("Enter")
	c.waitCall("Priya Shah", "connecting")
	if got := transfersTo(srv); len(got) != 1 || got[0] != "103" {
		t.Fatalf("transfers %q, want one to 103", got)
	}
}

// The colleagues pane shows who is on a call and who is in a meeting, and
// follows them as they change.
func TestOfficeColleaguesPaneFollows(t *testing.T) {
	t.Parallel()
	srv := newSim(t)
	if err := srv.Sim.SetPresence("103", webex.PresenceMeeting, 0); err != nil {
		t.Fatal(err)
	}
	c := officeConsole(t, srv)
	c.waitRow("Maria Garcia", "on a call with Northwind Traders")
	c.waitRow("Priya Shah", "in a meeting")
	if err := srv.Sim.SetPresence("103", webex.PresenceDoNotDisturb, 0); err != nil {
		t.Fatal(err)
	}
	c.waitRow("Priya Shah", "do not disturb")
	maria := colleagueState(t, srv, "105")
	if err := srv.Sim.Remote(maria.CallID, sim.RemoteHangup); err != nil {
		t.Fatalf("Maria's caller hangs up: %v", err)
	}
	c.waitRow("Maria Garcia", "line idle")
	// Ring a colleague: the pane says who is calling them.
	if _, err := srv.Sim.Inbound(sim.Inbound{Name: "Olivia Bennett", Number: "+12065550123", To: "101"}); err != nil {
		t.Fatal(err)
	}
	c.waitRow("Jordan Lee", "ringing: Olivia Bennett")
}

// colleagueState is a colleague as the simulator sees them now.
func colleagueState(t *testing.T, srv *sim.Server, ext string) sim.ColleagueState {
	t.Helper()
	for _, col := range srv.Sim.State().Colleagues {
		if col.Extension == ext {
			return col
		}
	}
	t.Fatalf("no colleague at %s", ext)
	return sim.ColleagueState{}
}

// A camp-on to a busy colleague completes by itself when they hang up.
func TestOfficeCampOnCompletesWhenFree(t *testing.T) {
	t.Parallel()
	srv := newSim(t)
	// Her presence is whatever the day says; the line decides.
	if err := srv.Sim.SetPresence("105", webex.PresenceActive, 0); err != nil {
		t.Fatal(err)
	}
	ring(t, srv, "Ada Lovelace", "+14085550142")
	c := officeConsole(t, srv)
	c.waitRow("Maria Garcia", "on a call with Northwind Traders")
	c.waitCall("Ada Lovelace", "ringing")
	c.press("a")
	c.waitCall("Ada Lovelace", "connected")
	c.press("w", "j", "j", "j", "j")
	c.waitFor("Maria selected in the pane", func(s screen) bool { return strings.Contains(s.paneLine("Maria Garcia"), "› ") })
	c.press("c")
	c.waitCall("Ada Lovelace", "on hold")
	c.waitText("⧗ for Maria Garcia")
	if got := transfersTo(srv); len(got) != 0 {
		t.Fatalf("transferred %q while Maria was busy", got)
	}
	maria := colleagueState(t, srv, "105")
	if err := srv.Sim.Remote(maria.CallID, sim.RemoteHangup); err != nil {
		t.Fatalf("Maria's caller hangs up: %v", err)
	}
	c.waitTransferTo(srv, "105")
}

// With a token that lacks the new scopes, the pane says which scope is
// missing and that `callboard login` fixes it; transfers by number work.
func TestOfficeWithoutTheNewScopes(t *testing.T) {
	t.Parallel()
	srv := newSim(t)
	token, err := srv.Sim.MintToken([]string{webex.ScopeCallsRead, webex.ScopeCallsWrite})
	if err != nil {
		t.Fatal(err)
	}
	recordSecret(t, "minted token", token)
	ring(t, srv, "Ada Lovelace", "+14085550142")
	c := newWorkspace(t, "", "WEBEX_TOKEN="+token, "WEBEX_BASE_URL="+srv.BaseURL).start()
	c.waitText("● online")
	c.waitText("the monitoring list needs the spark:telephony_config_read scope — run `callboard login`")
	c.waitCall("Ada Lovelace", "ringing")
	c.press("a")
	c.waitCall("Ada Lovelace", "connected")
	// A name cannot be looked up: the prompt says which scope is missing.
	c.press("t")
	c.typeText("pri")
	c.waitText("the directory needs the spark:people_read scope: run `callboard login`")
	c.press("Escape")
	c.waitNoText("transfer Ada Lovelace to")
	c.press("t")
	c.typeText("101")
	c.press("Enter")
	c.waitTransferTo(srv, "101")
}

// Under latency and a rate limit, typing never waits for the directory:
// the text shows as it is typed, and enter sends once Webex has answered.
func TestOfficeSearchUnderFaults(t *testing.T) {
	t.Parallel()
	srv := newSim(t)
	ring(t, srv, "Ada Lovelace", "+14085550142")
	c := officeConsole(t, srv)
	c.waitCall("Ada Lovelace", "ringing")
	c.press("a")
	c.waitCall("Ada Lovelace", "connected")
	if err := srv.Sim.SetFaults(sim.Faults{LatencyMs: 400, RateLimitPerSecond: 3, RetryAfterSeconds: 1}); err != nil {
		t.Fatal(err)
	}
	c.press("t")
	c.typeText("maria g")
	c.waitText("› maria g")
	c.press("Enter")
	c.waitTransferTo(srv, "105")
	if err := srv.Sim.SetFaults(sim.Faults{}); err != nil {
		t.Fatal(err)
	}
	// The pane stays, with the last statuses and their age.
	s := c.screen()
	if !s.has("COLLEAGUES") {
		t.Errorf("the colleagues pane left the screen under faults:\n%s", s)
	}
}

// [office] colleagues = false leaves the colleagues pane out, and the
// console asks for no one's presence; the park board stays.
func TestColleaguesPaneTurnedOff(t *testing.T) {
	t.Parallel()
	srv := newSim(t)
	c := consoleWith(t, srv, "[office]\ncolleagues = false\n")
	ring(t, srv, "Jane Roe", "+14155550123")
	c.waitCall("Jane Roe", "ringing")
	s := c.waitText("PARK BOARD")
	if s.has("COLLEAGUES") || s.has("colleagues") {
		t.Errorf("the colleagues pane shows though turned off:\n%s", s)
	}
	for _, r := range srv.Sim.Requests() {
		if r.Method == "GET" && strings.HasPrefix(r.Path, "/v1/people/") && r.Path != "/v1/people/me" {
			t.Errorf("a presence request was sent: %s %s", r.Method, r.Path)
		}
	}
}
