package cli_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/callboard/callboard/webex"
	"github.com/callboard/callboard/webex/sim"
)

// requests of a method and path logged after mark.
func (h *harness) logged(mark int, method, path string) []sim.RequestRecord {
	var out []sim.RequestRecord
	for _, r := range h.since(mark) {
		if r.Method == method && r.Path == path {
			out = append(out, r)
		}
	}
	return out
}

func TestPeopleVerb(t *testing.T) {
	h := newHarness(t)
	o := h.run("people", "pri")
	if o.code != 0 || !strings.Contains(o.stdout, "Priya Shah") || !strings.Contains(o.stdout, "Priyanka Iyer") ||
		!strings.Contains(o.stdout, "103") || !strings.Contains(o.stdout, "San Francisco") {
		t.Fatalf("people pri:\n%s", o)
	}
	o = h.run("people", "lobby", "--json")
	var list struct {
		Items []struct{ Name, Extension, Kind string }
	}
	if err := json.Unmarshal([]byte(o.stdout), &list); err != nil || len(list.Items) != 1 ||
		list.Items[0].Name != "Lobby Phone" || list.Items[0].Kind != "place" || list.Items[0].Extension != "150" {
		t.Errorf("people lobby --json: %v\n%s", err, o)
	}
	if o := h.run("people", "zzzz"); o.code != 0 || !strings.Contains(o.stdout, "no one in the directory matches zzzz") {
		t.Errorf("people zzzz:\n%s", o)
	}
}

// Every verb that takes a destination takes a name that means one person;
// an ambiguous name is a usage error listing the matches, nothing sent.
func TestVerbsTakeNames(t *testing.T) {
	h := newHarness(t)
	id := h.connected("Ada Lovelace", "+14085550142")
	mark := h.mark()
	o := h.run("transfer", id, "--to", "pri")
	if o.code != 2 || !strings.Contains(o.stderr, "Priya Shah (103), Priyanka Iyer (215)") || !strings.Contains(o.stderr, "nothing sent") {
		t.Errorf("an ambiguous name:\n%s", o)
	}
	if n := len(h.logged(mark, "POST", "/v1/telephony/calls/transfer")); n != 0 {
		t.Fatalf("an ambiguous name sent %d transfers", n)
	}
	o = h.run("transfer", id, "--to", "nobody here")
	if o.code != 2 || !strings.Contains(o.stderr, "no one in the directory matches") {
		t.Errorf("an unknown name:\n%s", o)
	}
	o = h.run("transfer", id, "--to", "Priya Shah")
	if o.code != 0 {
		t.Fatalf("transfer to Priya Shah:\n%s", o)
	}
	tr := h.logged(mark, "POST", "/v1/telephony/calls/transfer")
	if len(tr) != 1 || body(t, tr[0].Body)["destination"] != "103" {
		t.Errorf("transfer requests %+v, want one to 103", tr)
	}
	mark = h.mark()
	if o := h.run("dial", "maria"); o.code != 0 {
		t.Fatalf("dial maria:\n%s", o)
	}
	if d := h.logged(mark, "POST", "/v1/telephony/calls/dial"); len(d) != 1 || body(t, d[0].Body)["destination"] != "105" {
		t.Errorf("dial requests %+v, want one to 105", d)
	}
	other := h.ringing(sim.Inbound{Name: "Bob Stone", Number: "+14155550199"})
	mark = h.mark()
	if o := h.run("divert", other, "--to", "Tom Becker", "--voicemail"); o.code != 0 {
		t.Fatalf("divert to Tom's voicemail:\n%s", o)
	}
	d := h.logged(mark, "POST", "/v1/telephony/calls/divert")
	if len(d) != 1 || body(t, d[0].Body)["destination"] != "106" || body(t, d[0].Body)["toVoicemail"] != true {
		t.Errorf("divert requests %+v, want one to 106's voicemail", d)
	}
}

// --endpoint takes a device's name; an ambiguous or unknown one is a
// usage error listing the devices.
func TestEndpointByName(t *testing.T) {
	h := newHarness(t)
	mark := h.mark()
	if o := h.run("dial", "101", "--endpoint", "8865"); o.code != 0 {
		t.Fatalf("dial on the desk phone by name:\n%s", o)
	}
	d := h.logged(mark, "POST", "/v1/telephony/calls/dial")
	if len(d) != 1 || body(t, d[0].Body)["endpointId"] != sim.DeskPhoneEndpointID {
		t.Errorf("dial requests %+v, want one on the desk phone", d)
	}
	mark = h.mark()
	o := h.run("dial", "102", "--endpoint", "alex")
	if o.code != 2 || !strings.Contains(o.stderr, "several devices") || !strings.Contains(o.stderr, "Webex App (Alex Morgan)") {
		t.Errorf("an ambiguous device:\n%s", o)
	}
	o = h.run("dial", "102", "--endpoint", "fax")
	if o.code != 2 || !strings.Contains(o.stderr, "none of your devices") {
		t.Errorf("an unknown device:\n%s", o)
	}
	if n := len(h.logged(mark, "POST", "/v1/telephony/calls/dial")); n != 0 {
		t.Errorf("%d dials sent for devices that were not found", n)
	}
	// An id goes as it is, without asking for the devices.
	mark = h.mark()
	if o := h.run("dial", "103", "--endpoint", sim.WebexAppEndpointID); o.code != 0 {
		t.Fatalf("dial by endpoint id:\n%s", o)
	}
	if n := len(h.logged(mark, "GET", "/v1/telephony/config/people/me/endpoints")); n != 0 {
		t.Errorf("an endpoint id was looked up")
	}
}

func TestColleaguesVerb(t *testing.T) {
	h := newHarness(t)
	h.must(h.srv.Sim.SetPresence("103", webex.PresenceMeeting, 0))
	o := h.run("colleagues")
	if o.code != 0 {
		t.Fatalf("colleagues:\n%s", o)
	}
	// Maria's presence follows the simulated day (a meeting or do not
	// disturb outranks her call at some hours): her line, below, is what
	// shows her call whatever the hour.
	for name, want := range map[string]string{"Priya Shah": "in a meeting", "Lobby Phone": "place"} {
		line := ""
		for _, l := range strings.Split(o.stdout, "\n") {
			if strings.Contains(l, name) {
				line = l
			}
		}
		if !strings.Contains(line, want) {
			t.Errorf("%s's line %q lacks %q", name, line, want)
		}
	}
	// With an office token, each line too.
	h.writeConfig("[office]\ntoken = \"" + testToken + "\"\n")
	o = h.run("colleagues", "--json")
	var list struct {
		Items []struct{ Name, Presence, Line string }
	}
	if err := json.Unmarshal([]byte(o.stdout), &list); err != nil {
		t.Fatalf("colleagues --json: %v\n%s", err, o)
	}
	found := false
	for _, c := range list.Items {
		if c.Name == "Maria Garcia" {
			found = strings.HasPrefix(c.Line, "on a call with Northwind Traders")
		}
	}
	if !found {
		t.Errorf("Maria's line with an office token:\n%s", o.stdout)
	}
}

// A token without the new scopes: call control keeps working, and what
// needs a scope says which and that `callboard login` fixes it.
func TestVerbsWithoutTheNewScopes(t *testing.T) {
	h := newHarness(t)
	token, err := h.srv.Sim.MintToken([]string{webex.ScopeCallsRead, webex.ScopeCallsWrite})
	if err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"WEBEX_TOKEN": token, "WEBEX_BASE_URL": h.srv.BaseURL}
	o := h.runWith(env, "people", "pri")
	if o.code != 1 || !strings.Contains(o.stderr, webex.ScopePeopleRead) || !strings.Contains(o.stderr, "callboard login") {
		t.Errorf("people without the scopes:\n%s", o)
	}
	o = h.runWith(env, "colleagues")
	if o.code != 1 || !strings.Contains(o.stderr, webex.ScopeTelephonyConfigRead) || !strings.Contains(o.stderr, "callboard login") {
		t.Errorf("colleagues without the scopes:\n%s", o)
	}
	id := h.connected("Ada Lovelace", "+14085550142")
	if o := h.runWith(env, "transfer", id, "--to", "103"); o.code != 0 {
		t.Errorf("a transfer by number without the new scopes:\n%s", o)
	}
}
