package sim

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/callboard/callboard/webex"
)

// memberCalls lists a member's calls over the API.
func (h *harness) memberCalls(memberID string) []webex.Call {
	h.t.Helper()
	var l webex.CallList
	h.get("/v1/telephony/calls/members/"+memberID+"/calls", &l)
	return l.Items
}

// colleague returns a colleague's state by extension.
func (h *harness) colleague(ext string) ColleagueState {
	h.t.Helper()
	for _, c := range h.state().Colleagues {
		if c.Extension == ext {
			return c
		}
	}
	h.t.Fatalf("no colleague %s", ext)
	return ColleagueState{}
}

// TestMemberCallsFollowColleagues: a colleague's line shows idle, ringing
// (who is calling) and on a call (with whom, since when), and the call goes
// when it ends; pickup acts on what the list shows.
func TestMemberCallsFollowColleagues(t *testing.T) {
	h := newHarness(t, func(o *Options) { o.TalkTime = time.Hour })
	sam := personID("102")
	if calls := h.memberCalls(sam); len(calls) != 0 {
		t.Fatalf("idle colleague has calls: %+v", calls)
	}
	id := h.inbound(Inbound{Name: "Zoe Adams", Number: "+16465550108", To: "102"})
	calls := h.memberCalls(sam)
	if len(calls) != 1 || calls[0].ID != id || calls[0].State != webex.StateAlerting || calls[0].Personality != webex.PersonalityTerminator ||
		calls[0].RemoteParty.Name != "Zoe Adams" || !calls[0].Created.Equal(epoch) || !calls[0].Answered.IsZero() {
		t.Fatalf("ringing colleague: %+v", calls)
	}
	h.advance(4 * time.Second)
	h.remote(id, RemoteAnswer)
	calls = h.memberCalls(sam)
	if len(calls) != 1 || calls[0].State != webex.StateConnected || !calls[0].Answered.Equal(epoch.Add(4*time.Second)) {
		t.Fatalf("answered: %+v", calls)
	}
	h.remote(id, RemoteHangup)
	if calls := h.memberCalls(sam); len(calls) != 0 {
		t.Errorf("the ended call is still listed: %+v", calls)
	}
	// Picking up what the list shows.
	id = h.inbound(Inbound{Name: "Zoe Adams", Number: "+16465550108", To: "102"})
	shown := h.memberCalls(sam)[0]
	nc := h.newCall("pickup", webex.PickupRequest{Target: "102"})
	if nc.CallSessionID != shown.CallSessionID || len(h.memberCalls(sam)) != 0 {
		t.Errorf("pickup of %+v gave %+v; Sam still has %+v", shown, nc, h.memberCalls(sam))
	}
	if h.listed(id) {
		t.Error("the colleague's call id became the user's")
	}
	// The long call is always there to barge in on.
	maria := h.memberCalls(personID(LongCallExtension))
	if len(maria) != 1 || maria[0].State != webex.StateConnected || maria[0].RemoteParty.Name != "Northwind Traders" ||
		!maria[0].Answered.Equal(epoch.Add(-12*time.Minute)) {
		t.Errorf("Maria: %+v", maria)
	}
	barge := h.newCall("bargeIn", webex.BargeInRequest{Target: LongCallExtension})
	if barge.CallSessionID != maria[0].CallSessionID {
		t.Errorf("barge-in session %s, Maria's %s", barge.CallSessionID, maria[0].CallSessionID)
	}
	if len(h.memberCalls(personID(LongCallExtension))) != 1 {
		t.Error("barging in added a call to Maria's line")
	}
}

// TestMemberCallsShowCallsWithTheUser: a colleague the user calls rings,
// then talks; the user holding shows remoteHeld on their side.
func TestMemberCallsShowCallsWithTheUser(t *testing.T) {
	h := newHarness(t, func(o *Options) { o.TalkTime = time.Hour })
	priya := personID("103")
	nc := h.newCall("dial", webex.DialRequest{Destination: "103"})
	if calls := h.memberCalls(priya); len(calls) != 0 {
		t.Errorf("Priya's phone rings before the user's device picked up: %+v", calls)
	}
	h.advance(DefaultDeviceAnswerDelay)
	calls := h.memberCalls(priya)
	if len(calls) != 1 || calls[0].State != webex.StateAlerting || calls[0].RemoteParty.Name != UserName ||
		calls[0].CallSessionID != nc.CallSessionID || calls[0].Personality != webex.PersonalityTerminator || calls[0].ID == nc.CallID {
		t.Fatalf("Priya's side while it rings: %+v", calls)
	}
	if c := h.colleague("103"); c.Status != ColleagueRinging || c.CallID != calls[0].ID {
		t.Errorf("state while it rings: %+v", c)
	}
	// The far end (Priya) answers through her side of the call.
	if r := h.remote(calls[0].ID, RemoteAnswer); r.status != http.StatusNoContent {
		t.Fatalf("Priya answers: %d %s", r.status, r.body)
	}
	h.wantState(nc.CallID, webex.StateConnected)
	h.must(http.StatusNoContent, "hold", webex.CallRequest{CallID: nc.CallID})
	if calls := h.memberCalls(priya); len(calls) != 1 || calls[0].State != webex.StateRemoteHeld {
		t.Errorf("held by the user: %+v", calls)
	}
	if c := h.colleague("103"); c.Status != ColleagueOnCall || c.Caller == nil || c.Caller.Name != UserName {
		t.Errorf("state while held: %+v", c)
	}
	// The user's own member call list is their line.
	mine := h.memberCalls(personID(UserExtension))
	if len(mine) != 1 || mine[0].ID != nc.CallID || mine[0].State != webex.StateHeld {
		t.Errorf("the user's calls by member id: %+v", mine)
	}
	h.must(http.StatusNoContent, "hangup", webex.CallRequest{CallID: nc.CallID})
	if calls := h.memberCalls(priya); len(calls) != 0 {
		t.Errorf("after the user hung up: %+v", calls)
	}
	// Workspaces and virtual lines have no calls.
	for _, id := range []string{placeID("150"), virtualLineID("160")} {
		if calls := h.memberCalls(id); len(calls) != 0 {
			t.Errorf("%s has calls: %+v", id, calls)
		}
	}
}

// TestMemberActions: pickup and barge-in for the user act on the user's
// line; for a colleague, on theirs.
func TestMemberActions(t *testing.T) {
	h := newHarness(t, func(o *Options) { o.TalkTime = time.Hour })
	member := func(who, action string, body any) response {
		t.Helper()
		return h.do(http.MethodPost, "/v1/telephony/calls/members/"+who+"/"+action, body)
	}
	// For the user: the user-level operations.
	h.inbound(Inbound{Name: "Zoe Adams", Number: "+16465550108", To: "104"})
	r := member(personID(UserExtension), "pickup", map[string]string{"target": "104"})
	if r.status != http.StatusCreated {
		t.Fatalf("pickup for the user: %d %s", r.status, r.body)
	}
	var nc webex.NewCall
	r.decode(t, &nc)
	h.wantState(nc.CallID, webex.StateConnected)
	// For a colleague: Jordan picks up Sam's call; Sam goes idle, Jordan talks.
	h.inbound(Inbound{Name: "Liam Carter", Number: "+13125550178", To: "102"})
	r = member(personID("101"), "pickup", map[string]string{"target": "102"})
	if r.status != http.StatusCreated {
		t.Fatalf("Jordan picks up Sam's call: %d %s", r.status, r.body)
	}
	r.decode(t, &nc)
	jordan := h.memberCalls(personID("101"))
	if len(jordan) != 1 || jordan[0].ID != nc.CallID || jordan[0].State != webex.StateConnected || jordan[0].RemoteParty.Name != "Liam Carter" ||
		len(h.memberCalls(personID("102"))) != 0 {
		t.Errorf("after Jordan's pickup: Jordan %+v, Sam %+v", jordan, h.memberCalls(personID("102")))
	}
	// Jordan is busy now.
	h.inbound(Inbound{Name: "Emma Novak", Number: "+16175550112", To: "103"})
	if r := member(personID("101"), "pickup", map[string]string{"target": "103"}); r.status != http.StatusConflict {
		t.Errorf("a busy colleague picks up: %d %s", r.status, r.body)
	}
	// Chen (in the pickup group, idle since the user took his call) picks up
	// in the group: Priya's ringing call.
	r = member(personID("104"), "pickup", map[string]any{})
	if r.status != http.StatusCreated || len(h.memberCalls(personID("103"))) != 0 || len(h.memberCalls(personID("104"))) != 1 {
		t.Errorf("group pickup by Chen: %d %s", r.status, r.body)
	}
	// Tom barges in on Maria's call, and leaves with it.
	r = member(personID("106"), "bargeIn", map[string]string{"target": LongCallExtension})
	if r.status != http.StatusCreated {
		t.Fatalf("Tom barges in: %d %s", r.status, r.body)
	}
	tom := h.memberCalls(personID("106"))
	if len(tom) != 1 || tom[0].RemoteParty.Name != "Maria Garcia" || tom[0].Personality != webex.PersonalityOriginator {
		t.Errorf("Tom's barge-in: %+v", tom)
	}
	h.remote(h.colleague(LongCallExtension).CallID, RemoteHangup)
	if calls := h.memberCalls(personID("106")); len(calls) != 0 {
		t.Errorf("Tom's barge-in outlived Maria's call: %+v", calls)
	}
	// A colleague picks up a call ringing on the user's line: it leaves the
	// user's line, answered elsewhere, not missed.
	ringing := h.inbound(Inbound{Name: "Ava Martinez", Number: "+13055550187"})
	missed := len(h.history(webex.HistoryMissed))
	r = member(personID("107"), "pickup", map[string]string{"target": UserExtension})
	if r.status != http.StatusCreated || h.listed(ringing) || len(h.history(webex.HistoryMissed)) != missed {
		t.Errorf("Aisha picks up the user's call: %d %s; still listed %v", r.status, r.body, h.listed(ringing))
	}
	if aisha := h.memberCalls(personID("107")); len(aisha) != 1 || aisha[0].RemoteParty.Name != "Ava Martinez" {
		t.Errorf("Aisha's line: %+v", aisha)
	}
	refusals := []struct {
		who, action string
		body        any
		status      int
		msg         string
	}{
		{personID("108"), "bargeIn", map[string]string{"target": UserExtension}, 409, "barge-in exempt"},
		{personID("108"), "bargeIn", map[string]string{"target": "102"}, 400, "not on an answered call"},
		{personID("108"), "bargeIn", map[string]string{}, 400, "target is required"},
		{personID("108"), "pickup", map[string]string{"target": "108"}, 400, "own line"},
		{personID("108"), "pickup", map[string]string{}, 400, "in no call pickup group"},
		{personID("108"), "pickup", map[string]string{"target": "102", "endpointId": DeskPhoneEndpointID}, 400, "not one of Lucas Martin's endpoints"},
		{personID("108"), "pickup", map[string]string{"target": "102", "lineOwnerId": personID("108")}, 400, `unknown field "lineOwnerId"`},
		{placeID("150"), "pickup", map[string]string{"target": "102"}, 400, "not a person"},
		{personID("999"), "pickup", map[string]string{"target": "102"}, 404, "not found"},
		{personID("108"), "hold", map[string]string{"callId": "x"}, 404, "no such operation"},
		{"me", "pickup", map[string]string{}, 404, "could not be found"},
	}
	for _, tc := range refusals {
		r := member(tc.who, tc.action, tc.body)
		if r.status != tc.status || !strings.Contains(r.message(), tc.msg) {
			t.Errorf("%s %s %v: %d %q, want %d and %q", tc.who, tc.action, tc.body, r.status, r.message(), tc.status, tc.msg)
		}
	}
	if r := h.do(http.MethodGet, "/v1/telephony/calls/members/"+personID("101")+"/calls?orgId=someone-else", nil); r.status != http.StatusBadRequest {
		t.Errorf("another organisation: %d", r.status)
	}
	if r := h.do(http.MethodGet, "/v1/telephony/calls/members/"+personID("101")+"/calls?orgId="+url.QueryEscape(orgID()), nil); r.status != http.StatusOK {
		t.Errorf("the organisation's own id: %d %s", r.status, r.body)
	}
	if r := h.do(http.MethodPost, "/v1/telephony/calls/members/"+personID("101")+"/calls", "{}"); r.status != http.StatusMethodNotAllowed {
		t.Errorf("POST member calls: %d", r.status)
	}
}
