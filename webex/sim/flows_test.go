package sim

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/callboard/callboard/webex"
)

func TestDialLifecycle(t *testing.T) {
	h := newHarness(t)
	nc := h.newCall("dial", webex.DialRequest{Destination: "101"})

	c := h.wantState(nc.CallID, webex.StateAlerting)
	if c.Personality != webex.PersonalityClickToDial || c.Appearance != 1 || c.MuteCapable || !c.Answered.IsZero() {
		t.Errorf("new click-to-dial call: %+v", c)
	}
	if c.RemoteParty.Name != "Jordan Lee" || c.RemoteParty.CallType != webex.CallTypeLocation || c.RemoteParty.PersonID == "" {
		t.Errorf("remote party of a call to 101: %+v", c.RemoteParty)
	}
	if c.CallSessionID != nc.CallSessionID {
		t.Errorf("session %s, dial said %s", c.CallSessionID, nc.CallSessionID)
	}
	if n := len(h.history(webex.HistoryPlaced)); n != 0 {
		t.Errorf("%d placed records before the device answered", n)
	}

	h.advance(DefaultDeviceAnswerDelay)
	c = h.wantState(nc.CallID, webex.StateConnecting)
	if c.Personality != webex.PersonalityOriginator || !c.MuteCapable {
		t.Errorf("after the device answered: %+v", c)
	}
	placed := h.history(webex.HistoryPlaced)
	if len(placed) != 1 || placed[0].Name != "Jordan Lee" || !placed[0].Time.Equal(epoch.Add(DefaultDeviceAnswerDelay)) {
		t.Errorf("placed history: %+v", placed)
	}

	h.advance(DefaultRemoteAnswerDelay)
	c = h.wantState(nc.CallID, webex.StateConnected)
	if want := epoch.Add(DefaultDeviceAnswerDelay + DefaultRemoteAnswerDelay); !c.Answered.Equal(want) {
		t.Errorf("answered %v, want %v", c.Answered, want)
	}

	h.advance(DefaultTalkTime - time.Second)
	h.wantState(nc.CallID, webex.StateConnected)
	h.advance(time.Second)
	if h.listed(nc.CallID) {
		t.Error("the call is still listed after the far end hung up")
	}
	if r := h.do(http.MethodGet, "/v1/telephony/calls/"+nc.CallID, nil); r.status != http.StatusBadRequest {
		t.Errorf("get an ended call: %d", r.status)
	}
}

func TestDialEndpoints(t *testing.T) {
	tests := []struct {
		name        string
		req         webex.DialRequest
		muteCapable bool
	}{
		{"all devices, the app picks up", webex.DialRequest{Destination: "+13125550178"}, true},
		{"the Webex App", webex.DialRequest{Destination: "+13125550178", EndpointID: WebexAppEndpointID}, true},
		{"the desk phone", webex.DialRequest{Destination: "+13125550178", EndpointID: DeskPhoneEndpointID}, false},
		{"the mobile", webex.DialRequest{Destination: "+13125550178", SingleNumberReachPhoneNumber: "tel:" + MobileNumber}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t)
			nc := h.newCall("dial", tc.req)
			h.advance(DefaultDeviceAnswerDelay)
			if c := h.wantState(nc.CallID, webex.StateConnecting); c.MuteCapable != tc.muteCapable {
				t.Errorf("muteCapable %v, want %v", c.MuteCapable, tc.muteCapable)
			}
		})
	}
}

func TestDialAnsweredThroughAPI(t *testing.T) {
	h := newHarness(t)
	nc := h.newCall("dial", webex.DialRequest{Destination: "102", EndpointID: DeskPhoneEndpointID})
	h.must(http.StatusNoContent, "answer", webex.AnswerRequest{CallID: nc.CallID, EndpointID: DeskPhoneEndpointID})
	c := h.wantState(nc.CallID, webex.StateConnecting)
	if c.Personality != webex.PersonalityOriginator || c.MuteCapable {
		t.Errorf("click-to-dial answered on the desk phone: %+v", c)
	}
}

func TestNoAnswer(t *testing.T) {
	for _, dest := range []string{NoAnswerExtension, NoAnswerNumber, "4321"} {
		t.Run(dest, func(t *testing.T) {
			h := newHarness(t)
			nc := h.newCall("dial", webex.DialRequest{Destination: dest})
			h.advance(DefaultDeviceAnswerDelay + DefaultRingTimeout - time.Second)
			h.wantState(nc.CallID, webex.StateConnecting)
			h.advance(time.Second)
			if h.listed(nc.CallID) {
				t.Error("a call nobody answers is still listed after RingTimeout")
			}
			if n := len(h.history(webex.HistoryPlaced)); n != 1 {
				t.Errorf("%d placed records, want 1", n)
			}
		})
	}
}

func TestIncomingAnswered(t *testing.T) {
	h := newHarness(t)
	id := h.inbound(Inbound{Name: "Olivia Bennett", Number: "+12065550123", RedirectedFrom: "102", RedirectReason: webex.ReasonNoAnswer})
	c := h.wantState(id, webex.StateAlerting)
	if c.Personality != webex.PersonalityTerminator || c.RemoteParty.Name != "Olivia Bennett" || c.RemoteParty.CallType != webex.CallTypeExternal {
		t.Errorf("incoming call: %+v", c)
	}
	if len(c.Redirections) != 1 || c.Redirections[0].Reason != webex.ReasonNoAnswer || c.Redirections[0].RedirectingParty.Name != "Sam Rivera" {
		t.Errorf("redirections: %+v", c.Redirections)
	}
	h.advance(5 * time.Second)
	h.must(http.StatusNoContent, "answer", webex.AnswerRequest{CallID: id})
	c = h.wantState(id, webex.StateConnected)
	if !c.MuteCapable || c.Redirections != nil || !c.Answered.Equal(epoch.Add(5*time.Second)) {
		t.Errorf("answered incoming call: %+v", c)
	}
	rec := h.history(webex.HistoryReceived)
	if len(rec) != 1 || rec[0].Name != "Olivia Bennett" || !rec[0].Time.Equal(epoch.Add(5*time.Second)) {
		t.Errorf("received history: %+v", rec)
	}
	// Answering stopped the ring timeout.
	h.advance(DefaultRingTimeout)
	h.wantState(id, webex.StateConnected)
	if n := len(h.history(webex.HistoryMissed)); n != 0 {
		t.Errorf("%d missed records for an answered call", n)
	}
	// The caller hangs up TalkTime after the answer.
	h.advance(DefaultTalkTime - DefaultRingTimeout - time.Second)
	h.wantState(id, webex.StateConnected)
	h.advance(time.Second)
	if h.listed(id) {
		t.Error("the caller never hung up")
	}
}

func TestIncomingEndings(t *testing.T) {
	tests := []struct {
		name   string
		act    func(h *harness, id string)
		missed int
	}{
		{"ring timeout", func(h *harness, id string) { h.advance(DefaultRingTimeout) }, 1},
		{"reject busy", func(h *harness, id string) { h.must(204, "reject", webex.RejectRequest{CallID: id}) }, 1},
		{"reject temporarily unavailable", func(h *harness, id string) {
			h.must(204, "reject", webex.RejectRequest{CallID: id, Action: webex.RejectTemporarilyUnavailable})
		}, 1},
		{"hangup while alerting", func(h *harness, id string) { h.must(204, "hangup", webex.CallRequest{CallID: id}) }, 1},
		{"caller hangs up", func(h *harness, id string) { h.remote(id, RemoteHangup) }, 1},
		{"divert", func(h *harness, id string) {
			h.must(204, "divert", webex.DivertRequest{CallID: id, Destination: "103"})
		}, 0},
		{"divert to voicemail", func(h *harness, id string) { h.must(204, "divert", webex.DivertRequest{CallID: id, ToVoicemail: true}) }, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t)
			id := h.inbound(Inbound{Name: "Zoe Adams", Number: "+16465550108"})
			tc.act(h, id)
			if h.listed(id) {
				t.Fatal("the call is still listed")
			}
			missed := h.history(webex.HistoryMissed)
			if len(missed) != tc.missed {
				t.Fatalf("%d missed records, want %d", len(missed), tc.missed)
			}
			if tc.missed == 1 && missed[0].Name != "Zoe Adams" {
				t.Errorf("missed record: %+v", missed[0])
			}
		})
	}
}

func TestRejectIgnore(t *testing.T) {
	h := newHarness(t)
	id := h.inbound(Inbound{Name: "Ethan Park", Number: "+14045550192"})
	h.advance(10 * time.Second)
	h.must(http.StatusNoContent, "reject", webex.RejectRequest{CallID: id, Action: webex.RejectIgnore})
	if h.listed(id) {
		t.Fatal("an ignored call is still listed")
	}
	if r := h.do(http.MethodGet, "/v1/telephony/calls/"+id, nil); r.status != http.StatusBadRequest {
		t.Errorf("get an ignored call: %d", r.status)
	}
	// The caller still hears ringback until the ring timeout.
	if st := h.state(); len(st.IgnoredCalls) != 1 || st.IgnoredCalls[0].ID != id {
		t.Errorf("ignored calls: %+v", st.IgnoredCalls)
	}
	if n := len(h.history(webex.HistoryMissed)); n != 0 {
		t.Errorf("missed before the caller gave up: %d", n)
	}
	h.advance(DefaultRingTimeout - 10*time.Second)
	missed := h.history(webex.HistoryMissed)
	if len(missed) != 1 || !missed[0].Time.Equal(epoch.Add(DefaultRingTimeout)) {
		t.Errorf("missed history after the ring timeout: %+v", missed)
	}
	if st := h.state(); len(st.IgnoredCalls) != 0 {
		t.Errorf("ignored call outlived the ring timeout: %+v", st.IgnoredCalls)
	}
}

func TestHoldResumeAndRemoteHold(t *testing.T) {
	h := newHarness(t)
	id := h.answeredInbound("Jordan Lee", "101")
	steps := []struct {
		do   func()
		want webex.CallState
	}{
		{func() { h.must(204, "hold", webex.CallRequest{CallID: id}) }, webex.StateHeld},
		{func() { h.must(204, "resume", webex.CallRequest{CallID: id}) }, webex.StateConnected},
		{func() { h.remote(id, RemoteHold) }, webex.StateRemoteHeld},
		{func() { h.must(204, "hold", webex.CallRequest{CallID: id}) }, webex.StateHeld},
		{func() { h.must(204, "resume", webex.CallRequest{CallID: id}) }, webex.StateRemoteHeld},
		{func() { h.remote(id, RemoteResume) }, webex.StateConnected},
	}
	for i, s := range steps {
		s.do()
		if got := h.call(id).State; got != s.want {
			t.Fatalf("step %d: state %s, want %s", i, got, s.want)
		}
	}
}

func TestMuteUnmute(t *testing.T) {
	h := newHarness(t)
	id := h.answeredInbound("Jordan Lee", "101")
	h.must(204, "mute", webex.CallRequest{CallID: id})
	if c := h.call(id); !c.Muted {
		t.Fatal("not muted after mute")
	}
	if r := h.post("mute", webex.CallRequest{CallID: id}); r.status != 400 || !strings.Contains(r.message(), "already muted") {
		t.Errorf("mute twice: %d %s", r.status, r.body)
	}
	h.must(204, "unmute", webex.CallRequest{CallID: id})
	if c := h.call(id); c.Muted {
		t.Fatal("still muted after unmute")
	}
}

func TestConsultTransfer(t *testing.T) {
	h := newHarness(t)
	a := h.answeredInbound("Olivia Bennett", "+12065550123")
	h.must(204, "hold", webex.CallRequest{CallID: a})
	b := h.connectedOutbound("103")
	h.wantState(a, webex.StateHeld)
	h.must(http.StatusNoContent, "transfer", webex.TransferRequest{CallID1: a, CallID2: b.CallID})
	if calls := h.list(); len(calls) != 0 {
		t.Errorf("calls left after a consult transfer: %+v", calls)
	}
}

func TestTransferTheOnlyTwoCalls(t *testing.T) {
	h := newHarness(t)
	a := h.answeredInbound("Olivia Bennett", "+12065550123")
	h.must(204, "hold", webex.CallRequest{CallID: a})
	h.connectedOutbound("103")
	h.must(http.StatusNoContent, "transfer", map[string]string{})
	if calls := h.list(); len(calls) != 0 {
		t.Errorf("calls left: %+v", calls)
	}
}

func TestMuteTransfer(t *testing.T) {
	h := newHarness(t)
	orig := h.answeredInbound("Olivia Bennett", "+12065550123")
	origCall := h.call(orig)
	leg := h.newCall("transfer", webex.TransferRequest{CallID1: orig, Destination: "104"})
	if leg.CallSessionID != origCall.CallSessionID {
		t.Errorf("leg session %s, original %s", leg.CallSessionID, origCall.CallSessionID)
	}
	h.wantState(orig, webex.StateHeld)
	c := h.wantState(leg.CallID, webex.StateConnecting)
	if c.Personality != webex.PersonalityOriginator || c.RemoteParty.Name != "Chen Wei" {
		t.Errorf("transfer leg: %+v", c)
	}
	if r := h.post("transfer", webex.TransferRequest{CallID1: orig, Destination: "105"}); r.status != 400 {
		t.Errorf("second transfer of the same call: %d %s", r.status, r.body)
	}
	h.advance(DefaultRemoteAnswerDelay)
	if calls := h.list(); len(calls) != 0 {
		t.Errorf("calls left after the destination answered: %+v", calls)
	}
}

func TestMuteTransferNoAnswer(t *testing.T) {
	h := newHarness(t)
	orig := h.answeredInbound("Olivia Bennett", "+12065550123")
	leg := h.newCall("transfer", webex.TransferRequest{CallID1: orig, Destination: NoAnswerNumber})
	h.advance(DefaultTransferTimeout - time.Second)
	h.wantState(leg.CallID, webex.StateConnecting)
	h.advance(time.Second)
	if h.listed(leg.CallID) {
		t.Error("the transfer leg outlived TransferTimeout")
	}
	h.wantState(orig, webex.StateHeld)
	// The original call can be transferred again afterwards.
	h.newCall("transfer", webex.TransferRequest{CallID1: orig, Destination: "104"})
}

func TestMuteTransferLegHangup(t *testing.T) {
	h := newHarness(t)
	orig := h.answeredInbound("Olivia Bennett", "+12065550123")
	leg := h.newCall("transfer", webex.TransferRequest{CallID1: orig, Destination: "104"})
	h.must(204, "hangup", webex.CallRequest{CallID: leg.CallID})
	h.wantState(orig, webex.StateHeld)
	// Hanging up the original abandons its pending transfer too.
	leg = h.newCall("transfer", webex.TransferRequest{CallID1: orig, Destination: "104"})
	h.must(204, "hangup", webex.CallRequest{CallID: orig})
	if h.listed(leg.CallID) {
		t.Error("the transfer leg outlived its original call")
	}
}

func TestParkAndRetrieve(t *testing.T) {
	h := newHarness(t)
	id := h.answeredInbound("Olivia Bennett", "+12065550123")
	orig := h.call(id)
	var res webex.ParkResult
	h.must(http.StatusOK, "park", webex.ParkRequest{CallID: id}).decode(t, &res)
	if p := res.ParkedAgainst; p.Name != UserName || p.Number != UserNumber || p.PersonID == "" {
		t.Errorf("parked against %+v, want the user", p)
	}
	if h.listed(id) {
		t.Fatal("a parked call is still listed")
	}
	other := h.answeredInbound("Liam Carter", "+13125550178")
	if r := h.post("park", webex.ParkRequest{CallID: other, Destination: UserExtension}); r.status != 400 || !strings.Contains(r.message(), "already parked against Alex Morgan") {
		t.Errorf("park twice against the user: %d %s", r.status, r.body)
	}
	h.advance(10 * time.Second)
	nc := h.newCall("retrieve", webex.RetrieveRequest{Destination: res.ParkedAgainst.Number})
	c := h.wantState(nc.CallID, webex.StateConnected)
	if nc.CallID == id || c.CallSessionID != orig.CallSessionID || c.Personality != webex.PersonalityOriginator ||
		c.RemoteParty.Name != "Olivia Bennett" || !c.Answered.Equal(epoch.Add(10*time.Second)) || !c.MuteCapable {
		t.Errorf("retrieved call: %+v (parked %s)", c, id)
	}
	// Nothing is left to recall.
	h.advance(DefaultParkRecall)
	for _, c := range h.list() {
		if c.Recall != nil {
			t.Errorf("a retrieved call was recalled: %+v", c)
		}
	}
}

func TestParkDestinations(t *testing.T) {
	h := newHarness(t)
	tests := []struct {
		req      webex.ParkRequest
		wantName string
		wantNum  string
	}{
		{webex.ParkRequest{Destination: "jordan.lee@example.com"}, "Jordan Lee", "+14155550101"},
		{webex.ParkRequest{IsGroupPark: true, Destination: "999"}, "Call Park 7001", "7001"},
		{webex.ParkRequest{IsGroupPark: true}, "Call Park 7002", "7002"},
		{webex.ParkRequest{Destination: "7004"}, "Call Park 7004", "7004"},
		{webex.ParkRequest{IsGroupPark: true}, "Call Park 7003", "7003"},
		{webex.ParkRequest{Destination: "+12065550999"}, "", "+12065550999"},
	}
	for _, tc := range tests {
		id := h.answeredInbound("Olivia Bennett", "+12065550123")
		tc.req.CallID = id
		var res webex.ParkResult
		h.must(http.StatusOK, "park", tc.req).decode(t, &res)
		if res.ParkedAgainst.Name != tc.wantName || res.ParkedAgainst.Number != tc.wantNum {
			t.Errorf("park %+v: parked against %+v", tc.req, res.ParkedAgainst)
		}
	}
	id := h.answeredInbound("Olivia Bennett", "+12065550123")
	if r := h.post("park", webex.ParkRequest{CallID: id, IsGroupPark: true}); r.status != 400 || !strings.Contains(r.message(), "every extension of the call park group") {
		t.Errorf("group park with the group full: %d %s", r.status, r.body)
	}
	if n := len(h.state().Parked); n != 6 {
		t.Errorf("%d parked calls, want 6", n)
	}
	h.newCall("retrieve", webex.RetrieveRequest{Destination: "tel:+14155550101"})
	h.newCall("retrieve", webex.RetrieveRequest{Destination: "7002", EndpointID: DeskPhoneEndpointID})
}

func TestParkRecall(t *testing.T) {
	h := newHarness(t)
	id := h.answeredInbound("Olivia Bennett", "+12065550123")
	session := h.call(id).CallSessionID
	var res webex.ParkResult
	h.must(http.StatusOK, "park", webex.ParkRequest{CallID: id, Destination: "7003"}).decode(t, &res)
	h.advance(DefaultParkRecall - time.Second)
	if calls := h.list(); len(calls) != 0 {
		t.Fatalf("calls before the recall: %+v", calls)
	}
	h.advance(time.Second)
	calls := h.list()
	if len(calls) != 1 {
		t.Fatalf("after ParkRecall: %+v", calls)
	}
	c := calls[0]
	if c.State != webex.StateAlerting || c.Personality != webex.PersonalityTerminator || c.Recall == nil ||
		c.Recall.Type != webex.RecallTypePark || c.Recall.Party == nil || c.Recall.Party.Number != "7003" ||
		c.RemoteParty.Name != "Olivia Bennett" || c.CallSessionID != session {
		t.Errorf("recall: %+v (recall %+v)", c, c.Recall)
	}
	if r := h.post("retrieve", webex.RetrieveRequest{Destination: "7003"}); r.status != 400 {
		t.Errorf("retrieve after the recall: %d", r.status)
	}
	h.advance(DefaultRingTimeout)
	if missed := h.history(webex.HistoryMissed); len(missed) != 1 || missed[0].Name != "Olivia Bennett" {
		t.Errorf("unanswered recall: missed %+v", missed)
	}
}

func TestPickup(t *testing.T) {
	h := newHarness(t)
	first := h.inbound(Inbound{Name: "Isabella Rossi", Number: "+17025550116", To: "103"})
	h.advance(time.Second)
	h.inbound(Inbound{Name: "Ethan Park", Number: "+14045550192", To: "101"})
	h.inbound(Inbound{Name: "Harbor Dental", Number: "+14155550131", To: "107"}) // not in the pickup group

	nc := h.newCall("pickup", map[string]string{})
	c := h.wantState(nc.CallID, webex.StateConnected)
	if c.RemoteParty.Name != "Isabella Rossi" || c.Personality != webex.PersonalityTerminator {
		t.Errorf("picked up %+v, want the oldest call of the group", c)
	}
	st := h.state()
	for _, col := range st.Colleagues {
		if col.Extension == "103" && (col.Status != ColleagueIdle || col.CallID == first) {
			t.Errorf("Priya Shah after the pickup: %+v", col)
		}
	}
	nc = h.newCall("pickup", map[string]string{})
	if c := h.call(nc.CallID); c.RemoteParty.Name != "Ethan Park" {
		t.Errorf("second pickup got %+v", c.RemoteParty)
	}
	if r := h.post("pickup", map[string]string{}); r.status != 400 {
		t.Errorf("third group pickup: %d, want 400 (only Aisha's phone rings and she is not in the group)", r.status)
	}
	nc = h.newCall("pickup", webex.PickupRequest{Target: "aisha.okafor@example.com", EndpointID: DeskPhoneEndpointID})
	if c := h.call(nc.CallID); c.RemoteParty.Name != "Harbor Dental" || c.MuteCapable {
		t.Errorf("directed pickup on the desk phone: %+v", c)
	}
	if n := len(h.history(webex.HistoryReceived)); n != 3 {
		t.Errorf("%d received records after three pickups", n)
	}
}

func TestBargeIn(t *testing.T) {
	h := newHarness(t)
	st := h.state()
	var maria ColleagueState
	for _, c := range st.Colleagues {
		if c.Extension == LongCallExtension {
			maria = c
		}
	}
	if maria.Status != ColleagueOnCall {
		t.Fatalf("the long call is missing: %+v", maria)
	}
	nc := h.newCall("bargeIn", webex.BargeInRequest{Target: LongCallExtension})
	c := h.wantState(nc.CallID, webex.StateConnected)
	if c.RemoteParty.Name != "Maria Garcia" || c.CallSessionID != maria.CallSessionID || c.Personality != webex.PersonalityOriginator {
		t.Errorf("barge-in call: %+v", c)
	}
	// A colleague who answers a call becomes a barge-in target; when their
	// call ends, the barge-in call ends with it.
	peer := h.inbound(Inbound{Name: "Zoe Adams", Number: "+16465550108", To: "106"})
	if r := h.post("bargeIn", webex.BargeInRequest{Target: "106"}); r.status != 400 {
		t.Errorf("barge in on a ringing colleague: %d", r.status)
	}
	if r := h.remote(peer, RemoteAnswer); r.status != 204 {
		t.Fatalf("colleague answers: %d %s", r.status, r.body)
	}
	nc2 := h.newCall("bargeIn", webex.BargeInRequest{Target: "tom.becker@example.com"})
	if r := h.remote(peer, RemoteHangup); r.status != 204 {
		t.Fatalf("colleague's caller hangs up: %d %s", r.status, r.body)
	}
	if h.listed(nc2.CallID) {
		t.Error("the barge-in call outlived the call it joined")
	}
	// The second barge-in held the first; it stays held until resumed.
	h.wantState(nc.CallID, webex.StateHeld)
}

func TestRecording(t *testing.T) {
	h := newHarness(t)
	id := h.answeredInbound("Olivia Bennett", "+12065550123")
	if c := h.call(id); c.RecordingState != "" {
		t.Fatalf("recordingState %q before recording was invoked", c.RecordingState)
	}
	steps := []struct {
		action string
		step   time.Duration
		want   webex.RecordingState
	}{
		{"startRecording", 0, webex.RecordingPending},
		{"", DefaultRecordingStartDelay, webex.RecordingStarted},
		{"pauseRecording", 0, webex.RecordingPaused},
		{"resumeRecording", 0, webex.RecordingStarted},
		{"stopRecording", 0, webex.RecordingStopped},
		{"startRecording", 0, webex.RecordingPending},
		{"stopRecording", 0, webex.RecordingStopped},
		{"", DefaultRecordingStartDelay, webex.RecordingStopped},
	}
	for i, s := range steps {
		if s.action != "" {
			h.must(http.StatusNoContent, s.action, webex.CallRequest{CallID: id})
		}
		h.advance(s.step)
		if got := h.call(id).RecordingState; got != s.want {
			t.Fatalf("step %d (%s): recordingState %q, want %q", i, s.action, got, s.want)
		}
	}
}

func TestDTMF(t *testing.T) {
	h := newHarness(t)
	id := h.answeredInbound("Contoso Billing", "+18005550134")
	h.must(http.StatusNoContent, "transmitDtmf", webex.DTMFRequest{CallID: id, DTMF: "1,234*#ABCD"})
}

func TestPush(t *testing.T) {
	h := newHarness(t)
	id := h.inbound(Inbound{Name: "Fabrikam Logistics", Number: "+14695550121", ForExecutive: true})
	h.must(http.StatusNoContent, "answer", webex.AnswerRequest{CallID: id})
	h.must(http.StatusNoContent, "push", webex.CallRequest{CallID: id})
	if h.listed(id) {
		t.Error("a pushed call is still listed")
	}
	// Alerting executive calls can be pushed too.
	id = h.inbound(Inbound{Name: "Fabrikam Logistics", Number: "+14695550121", ForExecutive: true})
	h.must(http.StatusNoContent, "push", webex.CallRequest{CallID: id})
	if n := len(h.history(webex.HistoryMissed)); n != 0 {
		t.Errorf("a pushed call left %d missed records", n)
	}
}

func TestPull(t *testing.T) {
	h := newHarness(t)
	id := h.answeredInbound("Olivia Bennett", "+12065550123")
	orig := h.call(id)
	tmp := h.newCall("pull", map[string]string{})
	if tmp.CallID == id || tmp.CallSessionID != orig.CallSessionID {
		t.Errorf("pull call %+v for %+v", tmp, orig)
	}
	if c := h.wantState(tmp.CallID, webex.StateAlerting); c.Personality != webex.PersonalityClickToDial {
		t.Errorf("temporary pull call: %+v", c)
	}
	if r := h.post("pull", map[string]string{}); r.status != 400 {
		t.Errorf("second pull while one is alerting: %d", r.status)
	}
	h.advance(DefaultDeviceAnswerDelay)
	if h.listed(tmp.CallID) {
		t.Error("the temporary pull call was not released")
	}
	if c := h.wantState(id, webex.StateConnected); c.MuteCapable {
		t.Errorf("after a pull to the desk phone the call is still mute capable: %+v", c)
	}
	// And back to the app, named explicitly.
	h.newCall("pull", webex.PullRequest{EndpointID: WebexAppEndpointID})
	h.advance(DefaultDeviceAnswerDelay)
	if c := h.call(id); !c.MuteCapable {
		t.Errorf("after a pull to the app: %+v", c)
	}
}

func TestAppearances(t *testing.T) {
	h := newHarness(t)
	a := h.inbound(Inbound{Number: "+12065550123"})
	b := h.inbound(Inbound{Number: "+13125550178"})
	c := h.inbound(Inbound{Number: "+16175550112"})
	want := map[string]int{a: 1, b: 2, c: 3}
	for _, call := range h.list() {
		if call.Appearance != want[call.ID] {
			t.Errorf("call %s appearance %d, want %d", call.ID, call.Appearance, want[call.ID])
		}
	}
	h.must(204, "reject", webex.RejectRequest{CallID: b})
	d := h.inbound(Inbound{Number: "+17185550165"})
	if got := h.call(d).Appearance; got != 2 {
		t.Errorf("new call took appearance %d, want the freed 2", got)
	}
}

func TestHistory(t *testing.T) {
	h := newHarness(t)
	for range 25 {
		id := h.inbound(Inbound{Name: "Caller", Number: "+12065550123"})
		h.advance(time.Second)
		h.must(204, "reject", webex.RejectRequest{CallID: id})
	}
	h.advance(time.Second)
	id := h.inbound(Inbound{Number: "+19165550174", Privacy: true})
	h.advance(time.Second)
	h.must(204, "answer", webex.AnswerRequest{CallID: id})
	if c := h.call(id); !c.RemoteParty.PrivacyEnabled || c.RemoteParty.Name != "" || c.RemoteParty.Number != "" {
		t.Errorf("private caller shows %+v", c.RemoteParty)
	}
	missed := h.history(webex.HistoryMissed)
	if len(missed) != historyLimit {
		t.Errorf("%d missed records, want the cap %d", len(missed), historyLimit)
	}
	for i := 1; i < len(missed); i++ {
		if missed[i].Time.After(missed[i-1].Time.Time) {
			t.Fatalf("history not newest first at %d: %v after %v", i, missed[i].Time, missed[i-1].Time)
		}
	}
	received := h.history(webex.HistoryReceived)
	if len(received) != 1 || !received[0].PrivacyEnabled || received[0].Name != "" || received[0].Number != "" {
		t.Errorf("private received record: %+v", received)
	}
	all := h.history("")
	if len(all) != historyLimit+1 || all[0].Type != webex.HistoryReceived {
		t.Errorf("all history: %d records, first %+v", len(all), all[0])
	}
	// The raw JSON of a private record has no name or number at all.
	r := h.do(http.MethodGet, "/v1/telephony/calls/history?type=received", nil)
	if strings.Contains(string(r.body), `"name"`) || strings.Contains(string(r.body), `"number"`) {
		t.Errorf("private record leaks fields: %s", r.body)
	}
}

func TestPeopleMe(t *testing.T) {
	h := newHarness(t)
	r := h.do(http.MethodGet, "/v1/people/me", nil)
	if r.status != http.StatusOK {
		t.Fatalf("people/me: %d %s", r.status, r.body)
	}
	var p webex.Person
	r.decode(t, &p)
	if p.DisplayName != UserName || p.Extension != UserExtension || p.ID == "" || p.OrgID == "" ||
		len(p.Emails) != 1 || p.Emails[0] != UserEmail || len(p.PhoneNumbers) == 0 ||
		p.PhoneNumbers[0].Type != "work" || p.PhoneNumbers[0].Value != UserNumber {
		t.Errorf("people/me: %+v", p)
	}
	// The user's own id is an acceptable lineOwnerId.
	if r := h.do(http.MethodGet, "/v1/telephony/calls?lineOwnerId="+p.ID, nil); r.status != 200 {
		t.Errorf("list with the user's own lineOwnerId: %d", r.status)
	}
}

var webexTime = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$`)

func TestWireFormat(t *testing.T) {
	h := newHarness(t)
	a := h.answeredInbound("Olivia Bennett", "+12065550123")
	b := h.answeredInbound("Liam Carter", "+13125550178")
	r := h.do(http.MethodGet, "/v1/telephony/calls", nil)
	var raw struct {
		Items []map[string]any `json:"items"`
	}
	if err := json.Unmarshal(r.body, &raw); err != nil {
		t.Fatal(err)
	}
	for _, item := range raw.Items {
		for _, k := range []string{"created", "answered"} {
			if s, _ := item[k].(string); !webexTime.MatchString(s) {
				t.Errorf("%s = %q is not in Webex's time format", k, s)
			}
		}
		for _, k := range []string{"redirections", "recall", "recordingState"} {
			if _, present := item[k]; present {
				t.Errorf("%s present on a plain answered call", k)
			}
		}
	}
	for _, id := range []string{a, b} {
		dec, err := base64.RawURLEncoding.DecodeString(id)
		if err != nil || !regexp.MustCompile(`^ciscospark://us/CALL/BCLD/callhalf-\d+:0$`).Match(dec) {
			t.Errorf("call id %s decodes to %q (%v)", id, dec, err)
		}
	}
	session, err := base64.RawURLEncoding.DecodeString(h.call(a).CallSessionID)
	if err != nil || !regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`).Match(session) {
		t.Errorf("session id decodes to %q (%v)", session, err)
	}
}

func TestTrackingIDs(t *testing.T) {
	h := newHarness(t)
	r := h.do(http.MethodGet, "/v1/telephony/calls", nil, withHeader("TrackingID", "CALLBOARD_1234"))
	if got := r.header.Get("Trackingid"); got != "CALLBOARD_1234" {
		t.Errorf("tracking id %q, want the client's", got)
	}
	r = h.post("hold", webex.CallRequest{CallID: "Y2lzY29zcGFyazovL3VzL0NBTEwvMQ"}, withHeader("TrackingID", "CALLBOARD_5678"))
	var e webex.ErrorBody
	r.decode(t, &e)
	if e.TrackingID != "CALLBOARD_5678" {
		t.Errorf("error body tracking id %q", e.TrackingID)
	}
	r1 := h.do(http.MethodGet, "/v1/telephony/calls", nil)
	r2 := h.do(http.MethodGet, "/v1/telephony/calls", nil)
	id1, id2 := r1.header.Get("Trackingid"), r2.header.Get("Trackingid")
	if !strings.HasPrefix(id1, "ROUTER_") || id1 == id2 {
		t.Errorf("generated tracking ids %q and %q", id1, id2)
	}
}

func TestIDsNeverReused(t *testing.T) {
	h := newHarness(t)
	seen := map[string]bool{}
	for round := range 3 {
		for range 5 {
			id := h.inbound(Inbound{Number: "+12065550123"})
			if seen[id] {
				t.Fatalf("round %d: id %s handed out twice", round, id)
			}
			seen[id] = true
			h.must(204, "hangup", webex.CallRequest{CallID: id})
		}
		h.sim.Reset()
	}
}
