package sim

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/callboard/callboard/webex"
)

func TestInboundOptions(t *testing.T) {
	h := newHarness(t)
	id := h.inbound(Inbound{Number: "102"})
	c := h.call(id)
	if c.RemoteParty.Name != "Sam Rivera" || c.RemoteParty.CallType != webex.CallTypeLocation || c.RemoteParty.PersonID == "" {
		t.Errorf("a call from extension 102: %+v", c.RemoteParty)
	}
	id = h.inbound(Inbound{Name: "Branch Office", Number: "+13125550111", CallType: webex.CallTypeOrganization})
	if p := h.call(id).RemoteParty; p.Name != "Branch Office" || p.CallType != webex.CallTypeOrganization {
		t.Errorf("explicit call type: %+v", p)
	}
	id = h.inbound(Inbound{Privacy: true})
	if p := h.call(id).RemoteParty; !p.PrivacyEnabled || p.Name != "" || p.Number != "" {
		t.Errorf("private caller: %+v", p)
	}
	id = h.inbound(Inbound{Name: "Olivia Bennett", Number: "+12065550123", RedirectedFrom: "5000", RedirectReason: webex.ReasonHuntGroup})
	if r := h.call(id).Redirections; len(r) != 1 || r[0].Reason != webex.ReasonHuntGroup || r[0].RedirectingParty.Name != "Sales Hunt Group" {
		t.Errorf("hunt group redirection: %+v", r)
	}
	id = h.inbound(Inbound{Name: "Olivia Bennett", Number: "+12065550123", To: "+14155550104"})
	if h.listed(id) {
		t.Error("a call to a colleague rings the user")
	}
	st := h.state()
	for _, c := range st.Colleagues {
		if c.Extension == "104" && (c.Status != ColleagueRinging || c.CallID != id || c.Caller == nil || c.Caller.Name != "Olivia Bennett") {
			t.Errorf("Chen Wei: %+v", c)
		}
	}
}

func TestInboundErrors(t *testing.T) {
	h := newHarness(t)
	tests := []struct {
		body   string
		status int
		msg    string
	}{
		{`{"name":"x"}`, 400, "number is required"},
		{`{"number":"+12065550123","callType":"martian"}`, 400, `callType "martian" is invalid`},
		{`{"number":"not a number"}`, 400, "not a valid number"},
		{`{"number":"100"}`, 400, "user's own line"},
		{`{"number":"+12065550123","to":"7001"}`, 400, "not a colleague"},
		{`{"number":"+12065550123","to":"105"}`, 409, "Maria Garcia (105) already has a call"},
		{`{"number":"+12065550123","to":"101","forExecutive":true}`, 400, "apply only to calls to the user"},
		{`{"number":"+12065550123","redirectReason":"busy"}`, 400, "redirectReason needs redirectedFrom"},
		{`{"number":"+12065550123","redirectedFrom":"101","redirectReason":"bored"}`, 400, "redirectReason \"bored\" is invalid"},
		{`{"number":"+12065550123","colour":"red"}`, 400, `unknown field "colour"`},
	}
	for _, tc := range tests {
		r := h.do(http.MethodPost, "/_sim/inbound", tc.body)
		if r.status != tc.status || !strings.Contains(r.message(), tc.msg) {
			t.Errorf("%s: %d %q, want %d and %q", tc.body, r.status, r.message(), tc.status, tc.msg)
		}
	}
	if calls := h.list(); len(calls) != 0 {
		t.Errorf("refused inbound calls rang anyway: %+v", calls)
	}
}

func TestRemoteActions(t *testing.T) {
	h := newHarness(t)
	out := h.newCall("dial", webex.DialRequest{Destination: NoAnswerNumber})
	in := h.inbound(Inbound{Number: "+12065550123"})
	tests := []struct {
		id, action string
		status     int
		msg        string
	}{
		{in, "wave", 400, `action "wave" is invalid`},
		{"Y2lzY29zcGFyazovL3VzL0NBTEwvMQ", RemoteHangup, 404, "Call not found"},
		{in, RemoteAnswer, 400, "only answer an outgoing call that is connecting"},
		{out.CallID, RemoteAnswer, 400, "(the call is alerting)"},
		{in, RemoteHold, 400, "only hold an answered call"},
		{in, RemoteResume, 400, "has not held the call"},
	}
	for _, tc := range tests {
		r := h.remote(tc.id, tc.action)
		if r.status != tc.status || !strings.Contains(r.message(), tc.msg) {
			t.Errorf("%s %s: %d %q, want %d and %q", tc.id, tc.action, r.status, r.message(), tc.status, tc.msg)
		}
	}
	// The far end of a number that never answers can still be made to answer.
	h.advance(DefaultDeviceAnswerDelay)
	if r := h.remote(out.CallID, RemoteAnswer); r.status != http.StatusNoContent {
		t.Fatalf("remote answer: %d %s", r.status, r.body)
	}
	h.wantState(out.CallID, webex.StateConnected)
	if r := h.remote(out.CallID, RemoteHangup); r.status != http.StatusNoContent || h.listed(out.CallID) {
		t.Errorf("remote hangup: %d, still listed %v", r.status, h.listed(out.CallID))
	}
	// A parked caller can hang up.
	id := h.answeredInbound("Olivia Bennett", "+12065550123")
	h.must(200, "park", webex.ParkRequest{CallID: id})
	if r := h.remote(id, RemoteHold); r.status != 400 {
		t.Errorf("hold a parked call: %d", r.status)
	}
	if r := h.remote(id, RemoteHangup); r.status != 204 {
		t.Errorf("parked caller hangs up: %d %s", r.status, r.body)
	}
	if st := h.state(); len(st.Parked) != 0 {
		t.Errorf("parked after the caller hung up: %+v", st.Parked)
	}
}

func TestRequestLog(t *testing.T) {
	h := newHarness(t, func(o *Options) { o.RequestLogLimit = 3 })
	h.do(http.MethodGet, "/v1/telephony/calls?lineOwnerId=", nil)
	h.post("dial", `{"destination": "101"}`)
	h.post("hold", `{"callId":`)
	h.inbound(Inbound{Number: "+12065550123"}) // the control plane is not logged
	h.do(http.MethodGet, "/v1/telephony/calls/history", nil, withToken("wrong"))

	r := h.do(http.MethodGet, "/_sim/requests", nil)
	var got struct {
		Items []RequestRecord `json:"items"`
	}
	r.decode(t, &got)
	if len(got.Items) != 3 {
		t.Fatalf("%d records, want the limit 3: %+v", len(got.Items), got.Items)
	}
	want := []struct {
		method, path, body string
		status             int
	}{
		{"POST", "/v1/telephony/calls/dial", `{"destination":"101"}`, 201},
		{"POST", "/v1/telephony/calls/hold", "null", 400},
		{"GET", "/v1/telephony/calls/history", "null", 401},
	}
	for i, w := range want {
		g := got.Items[i]
		body, _ := json.Marshal(g.Body)
		if g.Method != w.method || g.Path != w.path || string(body) != w.body || g.Status != w.status || !g.Time.Equal(epoch) {
			t.Errorf("record %d: %+v (body %s), want %+v", i, g, body, w)
		}
	}
	// The raw JSON has a null body rather than an absent one.
	if !strings.Contains(string(r.body), `"body":null`) {
		t.Errorf("requests log: %s", r.body)
	}
}

func TestReset(t *testing.T) {
	h := newHarness(t)
	id := h.answeredInbound("Olivia Bennett", "+12065550123")
	h.must(200, "park", webex.ParkRequest{CallID: id})
	h.inbound(Inbound{Number: "+12065550123"})
	h.inbound(Inbound{Number: "+12065550123", To: "101"})
	h.must(204, "hangup", webex.CallRequest{CallID: h.list()[0].ID})
	if r := h.do(http.MethodPut, "/_sim/faults", Faults{LatencyMs: 5}); r.status != 200 {
		t.Fatalf("put faults: %d", r.status)
	}
	fresh := New(Options{Token: testToken, Seed: 1, Clock: h.clock}).State()

	h.advance(time.Minute)
	if r := h.do(http.MethodPost, "/_sim/reset", nil); r.status != http.StatusNoContent {
		t.Fatalf("reset: %d %s", r.status, r.body)
	}
	st := h.state()
	if len(st.Calls) != 0 || len(st.Parked) != 0 || len(st.IgnoredCalls) != 0 || st.RequestLog != 0 {
		t.Errorf("after reset: %+v", st)
	}
	for typ, n := range st.History {
		if n != 0 {
			t.Errorf("after reset %d %s records", n, typ)
		}
	}
	if len(st.Colleagues) != len(fresh.Colleagues) {
		t.Fatalf("colleagues %d, want %d", len(st.Colleagues), len(fresh.Colleagues))
	}
	for i, c := range st.Colleagues {
		if c.Status != fresh.Colleagues[i].Status {
			t.Errorf("colleague %s is %s after reset, %s in a new world", c.Name, c.Status, fresh.Colleagues[i].Status)
		}
	}
	if f := h.sim.Faults(); f.LatencyMs != 0 {
		t.Errorf("faults survived the reset: %+v", f)
	}
}

func TestControlPlaneRouting(t *testing.T) {
	h := newHarness(t)
	tests := []struct {
		method, path string
		status       int
	}{
		{http.MethodGet, "/_sim/inbound", 405},
		{http.MethodPost, "/_sim/requests", 405},
		{http.MethodGet, "/_sim/reset", 405},
		{http.MethodPost, "/_sim/faults", 405},
		{http.MethodGet, "/_sim/nothing", 404},
		{http.MethodGet, "/_sim/calls/abc/remote", 405},
		{http.MethodPost, "/_sim/calls//remote", 404},
		{http.MethodGet, "/_sim/faults", 200},
		{http.MethodGet, "/_sim/state", 200},
	}
	for _, tc := range tests {
		var body any
		if tc.method == http.MethodPost {
			body = "{}"
		}
		if r := h.do(tc.method, tc.path, body); r.status != tc.status {
			t.Errorf("%s %s: %d, want %d (%s)", tc.method, tc.path, r.status, tc.status, r.body)
		}
	}
	if r := h.do(http.MethodPost, "/_sim/inbound", `{"number":"+12065550123"}`, withHeader("Content-Type", "text/plain")); r.status != 415 {
		t.Errorf("inbound as text/plain: %d", r.status)
	}
}
