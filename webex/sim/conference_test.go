package sim

import (
	"net/http"
	"net/url"
	"slices"
	"testing"

	"github.com/callboard/callboard/webex"
)

// conference fetches the conference of a line ("" for the user's own).
func (h *harness) conference(lineOwnerID string) webex.Conference {
	h.t.Helper()
	target := "/v1/telephony/conference"
	if lineOwnerID != "" {
		target += "?lineOwnerId=" + url.QueryEscape(lineOwnerID)
	}
	var c webex.Conference
	h.get(target, &c)
	return c
}

// conf sends a Conference Controls request and wants want.
func (h *harness) conf(want int, method, action, query string, body any) response {
	h.t.Helper()
	target := "/v1/telephony/conference"
	if action != "" {
		target += "/" + action
	}
	if query != "" {
		target += "?" + query
	}
	r := h.do(method, target, body)
	if r.status != want {
		h.t.Fatalf("%s %s %v: %d %s, want %d", method, target, body, r.status, r.body, want)
	}
	return r
}

// participants lists a conference's call ids.
func participants(c webex.Conference) []string {
	var out []string
	for _, p := range c.Participants {
		out = append(out, p.CallID)
	}
	return out
}

// TestConferenceLifecycle: two answered calls become a conference; a third
// joins; participants are muted and deafened; the host holds and resumes;
// a participant who hangs up leaves; releasing ends every call.
func TestConferenceLifecycle(t *testing.T) {
	h := newHarness(t)
	if r := h.do(http.MethodGet, "/v1/telephony/conference", nil); r.status != http.StatusOK || string(r.body) != "{}" {
		t.Fatalf("no conference: %d %s", r.status, r.body)
	}
	a := h.answeredInbound("Olivia Bennett", "+12065550123")
	b := h.connectedOutbound("102").CallID
	h.wantState(a, webex.StateHeld)
	h.conf(http.StatusNoContent, http.MethodPost, "", "", webex.ConferenceStartRequest{CallIDs: []string{a, b}})
	c := h.conference("")
	if c.State != webex.ConferenceConnected || !slices.Equal(participants(c), []string{a, b}) || c.Created.IsZero() || c.Appearance == 0 {
		t.Errorf("conference %+v", c)
	}
	// The calls stay listed, connected: the host talks to both.
	h.wantState(a, webex.StateConnected)
	h.wantState(b, webex.StateConnected)
	if r := h.post("hold", webex.CallRequest{CallID: a}); r.status != http.StatusBadRequest {
		t.Errorf("hold a participant's call alone: %d", r.status)
	}
	// A third call joins.
	d := h.inbound(Inbound{Name: "Liam Carter", Number: "+13125550178"})
	h.conf(http.StatusBadRequest, http.MethodPost, "addParticipant", "", webex.ConferenceCallRequest{CallID: d})
	h.must(http.StatusNoContent, "answer", webex.AnswerRequest{CallID: d})
	if c := h.conference(""); c.State != webex.ConferenceHeld {
		t.Errorf("answering another call did not hold the conference: %s", c.State)
	}
	h.wantState(a, webex.StateHeld)
	h.conf(http.StatusNoContent, http.MethodPost, "addParticipant", "", webex.ConferenceCallRequest{CallID: d})
	h.conf(http.StatusNoContent, http.MethodPost, "resume", "", nil)
	for _, id := range []string{a, b, d} {
		h.wantState(id, webex.StateConnected)
	}
	// Mute, deafen, and the host.
	h.conf(http.StatusNoContent, http.MethodPost, "mute", "", map[string]string{"callId": b})
	h.conf(http.StatusBadRequest, http.MethodPost, "mute", "", map[string]string{"callId": b})
	h.conf(http.StatusNoContent, http.MethodPost, "deafen", "", map[string]string{"callId": d})
	h.conf(http.StatusNoContent, http.MethodPost, "mute", "", nil)
	c = h.conference("")
	if !c.Muted || !c.Participants[1].Muted || !c.Participants[2].Deafened || c.Participants[0].Muted || len(c.Participants) != 3 {
		t.Errorf("after mute and deafen %+v", c)
	}
	h.conf(http.StatusNoContent, http.MethodPost, "unmute", "", map[string]string{"callId": b})
	h.conf(http.StatusNoContent, http.MethodPost, "undeafen", "", map[string]string{"callId": d})
	h.conf(http.StatusNoContent, http.MethodPost, "unmute", "", nil)
	h.conf(http.StatusBadRequest, http.MethodPost, "deafen", "", nil)
	// Hold and resume the host.
	h.conf(http.StatusNoContent, http.MethodPost, "hold", "", nil)
	h.conf(http.StatusBadRequest, http.MethodPost, "hold", "", nil)
	if c := h.conference(""); c.State != webex.ConferenceHeld {
		t.Errorf("held conference is %s", c.State)
	}
	h.wantState(b, webex.StateHeld)
	h.conf(http.StatusNoContent, http.MethodPost, "resume", "", nil)
	h.wantState(b, webex.StateConnected)
	// A participant hangs up: they leave, the others stay.
	h.remote(d, RemoteHangup)
	if got := participants(h.conference("")); !slices.Equal(got, []string{a, b}) {
		t.Errorf("after a hang-up %q", got)
	}
	// Release ends every call of the conference.
	h.conf(http.StatusNoContent, http.MethodDelete, "", "", nil)
	if h.listed(a) || h.listed(b) {
		t.Error("released calls are still listed")
	}
	if r := h.conf(http.StatusOK, http.MethodGet, "", "", nil); string(r.body) != "{}" {
		t.Errorf("after release: %s", r.body)
	}
	h.conf(http.StatusBadRequest, http.MethodDelete, "", "", nil)
}

// TestConferenceLeaveByTransfer: the operator leaves a three-way call by
// transferring the two calls to each other: both leave the line and the
// conference is gone.
func TestConferenceLeaveByTransfer(t *testing.T) {
	h := newHarness(t)
	a := h.answeredInbound("Olivia Bennett", "+12065550123")
	b := h.connectedOutbound("102").CallID
	h.conf(http.StatusNoContent, http.MethodPost, "", "", webex.ConferenceStartRequest{CallIDs: []string{a, b}})
	h.must(http.StatusNoContent, "transfer", webex.TransferRequest{CallID1: a, CallID2: b})
	if len(h.list()) != 0 || h.conference("").Active() {
		t.Errorf("after the transfer: calls %q, conference %+v", ids(h.list()), h.conference(""))
	}
}

// TestConferenceRefusals: what cannot be conferenced is refused, and a
// conference on the main line lives on that line.
func TestConferenceRefusals(t *testing.T) {
	h := newHarness(t)
	a := h.answeredInbound("Olivia Bennett", "+12065550123")
	ringing := h.inbound(Inbound{Name: "Liam Carter", Number: "+13125550178"})
	for name, body := range map[string]any{
		"one call":     webex.ConferenceStartRequest{CallIDs: []string{a}},
		"ringing call": webex.ConferenceStartRequest{CallIDs: []string{a, ringing}},
		"twice":        webex.ConferenceStartRequest{CallIDs: []string{a, a}},
		"no calls":     `{"lineOwnerId":""}`,
		"bad line":     webex.ConferenceStartRequest{CallIDs: []string{a, ringing}, LineOwnerID: "nobody"},
	} {
		if r := h.do(http.MethodPost, "/v1/telephony/conference", body); r.status != http.StatusBadRequest {
			t.Errorf("%s: %d %s", name, r.status, r.body)
		}
	}
	if r := h.do(http.MethodPost, "/v1/telephony/conference", webex.ConferenceStartRequest{CallIDs: []string{a, "gone"}}); r.status != notFoundStatus {
		t.Errorf("unknown call: %d", r.status)
	}
	h.conf(http.StatusBadRequest, http.MethodPost, "hold", "", nil)
	h.conf(http.StatusBadRequest, http.MethodPost, "mute", "", map[string]string{"callId": a})
	if r := h.do(http.MethodPost, "/v1/telephony/conference/kick", map[string]string{"callId": a}); r.status != http.StatusNotFound {
		t.Errorf("unknown action: %d", r.status)
	}
	// The main line's calls conference on the main line only.
	m1 := h.inbound(Inbound{Name: "Emma Novak", Number: "+16175550112", Line: MainLineExtension})
	h.must(http.StatusNoContent, "answer", webex.AnswerRequest{CallID: m1, LineOwnerID: mainLine})
	m2 := h.inbound(Inbound{Name: "Noah Fischer", Number: "+17185550165", Line: MainLineExtension})
	h.must(http.StatusNoContent, "answer", webex.AnswerRequest{CallID: m2, LineOwnerID: mainLine})
	if r := h.do(http.MethodPost, "/v1/telephony/conference", webex.ConferenceStartRequest{CallIDs: []string{m1, m2}}); r.status != notFoundStatus {
		t.Errorf("main line calls without the line: %d", r.status)
	}
	h.conf(http.StatusNoContent, http.MethodPost, "", "", webex.ConferenceStartRequest{CallIDs: []string{m1, m2}, LineOwnerID: mainLine})
	if h.conference("").Active() || !slices.Equal(participants(h.conference(mainLine)), []string{m1, m2}) {
		t.Errorf("own %+v, main %+v", h.conference(""), h.conference(mainLine))
	}
	h.conf(http.StatusConflict, http.MethodPost, "", "", webex.ConferenceStartRequest{CallIDs: []string{m1, m2}, LineOwnerID: mainLine})
	h.conf(http.StatusNoContent, http.MethodPost, "hold", "lineOwnerId="+url.QueryEscape(mainLine), nil)
	if c := h.conference(mainLine); c.State != webex.ConferenceHeld {
		t.Errorf("main line conference %s", c.State)
	}
	if st := h.state(); st.Conferences[mainLine].State != webex.ConferenceHeld {
		t.Errorf("state conferences %+v", st.Conferences)
	}
	h.conf(http.StatusNoContent, http.MethodDelete, "", "lineOwnerId="+url.QueryEscape(mainLine), nil)
	if len(h.listOn(mainLine)) != 0 {
		t.Error("released main line calls are listed")
	}
}
