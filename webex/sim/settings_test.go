package sim

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/callboard/callboard/webex"
)

const (
	dndPath = "/v1/telephony/config/people/me/settings/doNotDisturb"
	fwdPath = "/v1/telephony/config/people/me/settings/callForwarding"
)

// arrival rings the user through the control plane and returns the outcome.
func (h *harness) arrival(in Inbound) inboundResult {
	h.t.Helper()
	r := h.do(http.MethodPost, "/_sim/inbound", in)
	if r.status != http.StatusCreated {
		h.t.Fatalf("inbound %+v: %d %s", in, r.status, r.body)
	}
	var out inboundResult
	r.decode(h.t, &out)
	return out
}

// put sends a PUT and wants want.
func (h *harness) put(target string, body any, want int) response {
	h.t.Helper()
	r := h.do(http.MethodPut, target, body)
	if r.status != want {
		h.t.Fatalf("PUT %s %v: %d %s, want %d", target, body, r.status, r.body, want)
	}
	return r
}

// TestDoNotDisturb: with DND on, a call to the user does not ring; it goes
// to voicemail and leaves a missed record. Calls on the main line still ring.
func TestDoNotDisturb(t *testing.T) {
	h := newHarness(t)
	var d webex.DoNotDisturb
	h.get(dndPath, &d)
	if d.Enabled {
		t.Fatal("DND is on as the world starts")
	}
	h.put(dndPath, `{"enabled":true}`, http.StatusBadRequest) // webexGoOverrideEnabled is required
	h.put(dndPath, webex.DoNotDisturb{Enabled: true, RingSplashEnabled: true}, http.StatusNoContent)
	h.get(dndPath, &d)
	if !d.Enabled || !d.RingSplashEnabled {
		t.Errorf("DND %+v", d)
	}
	out := h.arrival(Inbound{Name: "Olivia Bennett", Number: "+12065550123"})
	if out.Outcome != OutcomeDoNotDisturb || out.CallID == "" || len(h.list()) != 0 {
		t.Errorf("with DND: %+v, calls %q", out, ids(h.list()))
	}
	if m := h.history(webex.HistoryMissed); len(m) != 1 || m[0].Name != "Olivia Bennett" {
		t.Errorf("missed %+v", m)
	}
	if out := h.arrival(Inbound{Name: "Liam Carter", Number: "+13125550178", Line: MainLineExtension}); out.Outcome != OutcomeRinging {
		t.Errorf("main line with DND: %+v", out)
	}
	// Queue calls follow the agent state, not DND.
	h.queueCaller("5100", QueueCaller{Name: "Emma Novak", Number: "+16175550112"})
	if _, ok := h.offered(); !ok {
		t.Error("DND kept a queue call from an available agent")
	}
	h.put(dndPath, `{"enabled":false,"webexGoOverrideEnabled":false}`, http.StatusNoContent)
	h.get(dndPath, &d)
	if d.Enabled || !d.RingSplashEnabled {
		t.Errorf("a PUT without ringSplashEnabled changed it: %+v", d)
	}
}

// TestCallForwarding: forwarding always sends every call on; busy sends
// calls on while the user is on a call; no answer ends the ringing after its
// rings. Invalid settings change nothing.
func TestCallForwarding(t *testing.T) {
	h := newHarness(t)
	var f webex.CallForwarding
	h.get(fwdPath, &f)
	if f.CallForwarding.Always.Enabled || f.CallForwarding.NoAnswer.NumberOfRings != 3 || f.CallForwarding.NoAnswer.SystemMaxNumberOfRings != maxRings {
		t.Fatalf("forwarding %+v", f)
	}
	for name, body := range map[string]string{
		"always without a destination": `{"callForwarding":{"always":{"enabled":true}}}`,
		"to the user":                  `{"callForwarding":{"always":{"enabled":true,"destination":"100"}}}`,
		"one ring":                     `{"callForwarding":{"noAnswer":{"numberOfRings":1}}}`,
		"the system maximum":           `{"callForwarding":{"noAnswer":{"systemMaxNumberOfRings":5}}}`,
		"a bad destination":            `{"businessContinuity":{"enabled":true,"destination":"not a number"}}`,
		"a typo":                       `{"callForwarding":{"allways":{"enabled":true}}}`,
	} {
		if r := h.do(http.MethodPut, fwdPath, body); r.status != http.StatusBadRequest {
			t.Errorf("%s: %d %s", name, r.status, r.body)
		}
	}
	// Always: nothing rings, nothing is missed.
	h.put(fwdPath, `{"callForwarding":{"always":{"enabled":true,"destination":"+14155550199","ringReminderEnabled":true}}}`, http.StatusNoContent)
	h.get(fwdPath, &f)
	if a := f.CallForwarding.Always; !a.Enabled || a.Destination != "+14155550199" || !a.RingReminderEnabled || f.CallForwarding.NoAnswer.NumberOfRings != 3 {
		t.Errorf("after PUT %+v", f)
	}
	if out := h.arrival(Inbound{Name: "Olivia Bennett", Number: "+12065550123"}); out.Outcome != OutcomeForwarded || len(h.list()) != 0 {
		t.Errorf("forward always: %+v, calls %q", out, ids(h.list()))
	}
	if len(h.history(webex.HistoryMissed)) != 0 {
		t.Error("a forwarded call left a missed record")
	}
	// Busy: only while the user is on a call.
	h.put(fwdPath, `{"callForwarding":{"always":{"enabled":false},"busy":{"enabled":true,"destination":"102"}}}`, http.StatusNoContent)
	if out := h.arrival(Inbound{Name: "Emma Novak", Number: "+16175550112"}); out.Outcome != OutcomeRinging {
		t.Errorf("busy forwarding while idle: %+v", out)
	} else {
		h.must(http.StatusNoContent, "answer", webex.AnswerRequest{CallID: out.CallID})
	}
	if out := h.arrival(Inbound{Name: "Noah Fischer", Number: "+17185550165"}); out.Outcome != OutcomeForwarded {
		t.Errorf("busy forwarding while on a call: %+v", out)
	}
	// No answer: the call rings its rings, then is forwarded (missed).
	h.put(fwdPath, `{"callForwarding":{"busy":{"enabled":false},"noAnswer":{"enabled":true,"destination":"102","numberOfRings":2}}}`, http.StatusNoContent)
	out := h.arrival(Inbound{Name: "Ava Martinez", Number: "+13055550187"})
	if out.Outcome != OutcomeRinging {
		t.Fatalf("no-answer forwarding: %+v", out)
	}
	h.advance(2*ringCycle - time.Second)
	h.wantState(out.CallID, webex.StateAlerting)
	h.advance(time.Second)
	if h.listed(out.CallID) {
		t.Error("the call still rings after two rings")
	}
	if m := h.history(webex.HistoryMissed); len(m) != 1 || m[0].Name != "Ava Martinez" {
		t.Errorf("missed %+v", m)
	}
}

// TestConfigScopes: a token without spark:telephony_config_read and _write
// gets 403 on exactly the settings, while conference, queue calls, wrap-up
// and call control keep working; read alone cannot write.
func TestConfigScopes(t *testing.T) {
	h := newHarness(t)
	callsOnly := h.mint(ScopeCallsRead, ScopeCallsWrite)
	readOnly := h.mint(ScopeCallsRead, ScopeCallsWrite, ScopeTelephonyConfigRead)
	settings := []struct{ method, target, scope string }{
		{http.MethodGet, "/v1/telephony/config/people/me/settings/queues", ScopeTelephonyConfigRead},
		{http.MethodPut, "/v1/telephony/config/people/me/settings/queues", ScopeTelephonyConfigWrite},
		{http.MethodGet, dndPath, ScopeTelephonyConfigRead},
		{http.MethodPut, dndPath, ScopeTelephonyConfigWrite},
		{http.MethodGet, fwdPath, ScopeTelephonyConfigRead},
		{http.MethodPut, fwdPath, ScopeTelephonyConfigWrite},
		{http.MethodGet, "/v1/telephony/config/people/me/settings/executive/assistant", ScopeTelephonyConfigRead},
	}
	bodies := map[string]string{
		"/v1/telephony/config/people/me/settings/queues": `{"agentACDState":"AVAILABLE"}`,
		dndPath: `{"enabled":false,"webexGoOverrideEnabled":false}`, fwdPath: `{}`,
	}
	for _, s := range settings {
		var body any
		if s.method == http.MethodPut {
			body = bodies[s.target]
		}
		r := h.do(s.method, s.target, body, withToken(callsOnly))
		if r.status != http.StatusForbidden || !strings.Contains(string(r.body), s.scope) {
			t.Errorf("%s %s without config scopes: %d %s", s.method, s.target, r.status, r.body)
		}
		r = h.do(s.method, s.target, body, withToken(readOnly))
		switch {
		case s.scope == ScopeTelephonyConfigWrite && r.status != http.StatusForbidden:
			t.Errorf("%s %s with the read scope only: %d, want 403", s.method, s.target, r.status)
		case s.scope == ScopeTelephonyConfigRead && r.status != http.StatusOK:
			t.Errorf("%s %s with the read scope: %d %s", s.method, s.target, r.status, r.body)
		}
	}
	// Call control, conference, queue calls and wrap-up need no config scope.
	a := h.inbound(Inbound{Name: "Olivia Bennett", Number: "+12065550123"})
	if r := h.post("answer", webex.AnswerRequest{CallID: a}, withToken(callsOnly)); r.status != http.StatusNoContent {
		t.Errorf("answer: %d", r.status)
	}
	b := h.inbound(Inbound{Name: "Liam Carter", Number: "+13125550178"})
	h.post("answer", webex.AnswerRequest{CallID: b}, withToken(callsOnly))
	for _, req := range []struct {
		method, target string
		body           any
		want           int
	}{
		{http.MethodPost, "/v1/telephony/conference", webex.ConferenceStartRequest{CallIDs: []string{a, b}}, http.StatusNoContent},
		{http.MethodGet, "/v1/telephony/conference", nil, http.StatusOK},
		{http.MethodGet, "/v1/telephony/queues/" + supportQueue + "/calls", nil, http.StatusOK},
		{http.MethodPost, "/v1/telephony/calls/members/me/wrapupreasons", webex.WrapUpRequest{WrapUpReasons: []string{"Sale"}}, http.StatusBadRequest},
	} {
		if r := h.do(req.method, req.target, req.body, withToken(callsOnly)); r.status != req.want {
			t.Errorf("%s %s: %d %s, want %d", req.method, req.target, r.status, r.body, req.want)
		}
	}
	// Without spark:calls_write, the conference cannot be changed.
	readCalls := h.mint(ScopeCallsRead)
	if r := h.do(http.MethodDelete, "/v1/telephony/conference", nil, withToken(readCalls)); r.status != http.StatusForbidden {
		t.Errorf("release without calls_write: %d", r.status)
	}
}

// TestEveryLinesOperationServed sends each operation of the lines excerpt
// once in a world where it can succeed: each answers 2xx, and the harness
// holds request and response to the document.
func TestEveryLinesOperationServed(t *testing.T) {
	h := newHarness(t)
	h.must(http.StatusNoContent, "hangup", webex.CallRequest{CallID: h.acceptQueueCall()})
	a := h.answeredInbound("Olivia Bennett", "+12065550123")
	b := h.connectedOutbound("102").CallID
	c := h.answeredInbound("Liam Carter", "+13125550178")
	order := []struct {
		method, path string
		body         any
	}{
		{http.MethodGet, "/telephony/config/people/me/settings/queues", nil},
		{http.MethodPut, "/telephony/config/people/me/settings/queues", webex.QueueSettingsUpdate{Queues: []webex.QueueJoin{{ID: salesQueue, Available: true}}}},
		{http.MethodGet, "/telephony/queues/" + supportQueue + "/calls", nil},
		{http.MethodPost, "/telephony/calls/members/me/wrapupreasons", webex.WrapUpRequest{WrapUpReasons: []string{"Sale"}}},
		{http.MethodPost, "/telephony/conference", webex.ConferenceStartRequest{CallIDs: []string{a, b}}},
		{http.MethodGet, "/telephony/conference", nil},
		{http.MethodPost, "/telephony/conference/addParticipant", webex.ConferenceCallRequest{CallID: c}},
		{http.MethodPost, "/telephony/conference/mute", map[string]string{"callId": a}},
		{http.MethodPost, "/telephony/conference/unmute", map[string]string{"callId": a}},
		{http.MethodPost, "/telephony/conference/deafen", map[string]string{"callId": b}},
		{http.MethodPost, "/telephony/conference/undeafen", map[string]string{"callId": b}},
		{http.MethodPost, "/telephony/conference/hold", nil},
		{http.MethodPost, "/telephony/conference/resume", nil},
		{http.MethodDelete, "/telephony/conference", nil},
		{http.MethodGet, "/telephony/config/people/me/settings/doNotDisturb", nil},
		{http.MethodPut, "/telephony/config/people/me/settings/doNotDisturb", webex.DoNotDisturb{Enabled: true}},
		{http.MethodGet, "/telephony/config/people/me/settings/callForwarding", nil},
		{http.MethodPut, "/telephony/config/people/me/settings/callForwarding", `{"callForwarding":{"always":{"enabled":true,"destination":"102"}}}`},
		{http.MethodGet, "/telephony/config/people/me/settings/executive/assistant", nil},
	}
	served := map[string]bool{}
	for _, o := range order {
		r := h.do(o.method, "/v1"+o.path, o.body)
		if r.status < 200 || r.status > 299 {
			t.Errorf("%s %s: %d %s", o.method, o.path, r.status, r.body)
		}
		served[o.method+" "+o.path] = true
	}
	for _, op := range h.v.Operations() {
		path := strings.Replace(op.Path, "{queueId}", supportQueue, 1)
		if op.Document == "lines.openapi.json" && !served[op.Method+" "+path] {
			t.Errorf("%s %s was not exercised", op.Method, op.Path)
		}
	}
}

// acceptQueueCall puts a caller in the Support Queue and answers the offer.
func (h *harness) acceptQueueCall() string {
	h.t.Helper()
	h.queueCaller("5100", QueueCaller{Name: "Emma Novak", Number: "+16175550112"})
	c, ok := h.offered()
	if !ok {
		h.t.Fatal("no queue offer")
	}
	h.must(http.StatusNoContent, "answer", webex.AnswerRequest{CallID: c.ID})
	return c.ID
}
