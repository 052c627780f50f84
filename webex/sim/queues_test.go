package sim

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/callboard/callboard/webex"
)

// The user's two queues.
var (
	supportQueue = callQueueID("5100")
	salesQueue   = callQueueID(SalesQueueExtension)
)

// queueCaller puts a caller in a queue through the control plane.
func (h *harness) queueCaller(queue string, in QueueCaller) string {
	h.t.Helper()
	r := h.do(http.MethodPost, "/_sim/queues/"+queue+"/callers", in)
	if r.status != http.StatusCreated {
		h.t.Fatalf("queue caller %+v: %d %s", in, r.status, r.body)
	}
	var out inboundResult
	r.decode(h.t, &out)
	if out.Outcome != OutcomeQueued {
		h.t.Fatalf("outcome %q", out.Outcome)
	}
	return out.CallID
}

// queueCalls lists a queue's callers.
func (h *harness) queueCalls(queueID string) []webex.QueueCall {
	h.t.Helper()
	var l webex.QueueCallList
	h.get("/v1/telephony/queues/"+queueID+"/calls", &l)
	return l.Items
}

// queueSettings fetches the user's queue settings.
func (h *harness) queueSettings() webex.QueueSettings {
	h.t.Helper()
	var s webex.QueueSettings
	h.get("/v1/telephony/config/people/me/settings/queues", &s)
	return s
}

// putQueues changes the user's queue settings and wants want.
func (h *harness) putQueues(u webex.QueueSettingsUpdate, want int) response {
	h.t.Helper()
	r := h.do(http.MethodPut, "/v1/telephony/config/people/me/settings/queues", u)
	if r.status != want {
		h.t.Fatalf("PUT queues %+v: %d %s, want %d", u, r.status, r.body, want)
	}
	return r
}

// offered returns the user's alerting call offered by a queue, if any.
func (h *harness) offered() (webex.Call, bool) {
	h.t.Helper()
	for _, c := range h.list() {
		if c.State == webex.StateAlerting && len(c.Redirections) > 0 && c.Redirections[0].Reason == webex.ReasonCallQueue {
			return c, true
		}
	}
	return webex.Call{}, false
}

// TestQueueSettings: the user belongs to two queues, has joined one, and
// PUT changes the agent state and membership; a bad request changes nothing.
func TestQueueSettings(t *testing.T) {
	h := newHarness(t)
	s := h.queueSettings()
	if s.AgentACDState != webex.AgentAvailable || len(s.Queues) != 2 {
		t.Fatalf("settings %+v", s)
	}
	if q := s.Queues[0]; q.ID != supportQueue || !q.Available || q.Extension != "5100" || q.PhoneNumber != "+14155550510" || !q.AllowLogOffEnabled {
		t.Errorf("support queue %+v", q)
	}
	if q := s.Queues[1]; q.ID != salesQueue || q.Available || q.Extension != SalesQueueExtension {
		t.Errorf("sales queue %+v", q)
	}
	h.putQueues(webex.QueueSettingsUpdate{AgentACDState: webex.AgentUnavailable, Queues: []webex.QueueJoin{{ID: salesQueue, Available: true}}}, http.StatusNoContent)
	if s := h.queueSettings(); s.AgentACDState != webex.AgentUnavailable || !s.Queues[0].Available || !s.Queues[1].Available {
		t.Errorf("after PUT %+v", s)
	}
	for name, raw := range map[string]string{
		"unknown queue": `{"agentACDState":"AVAILABLE","queues":[{"id":"nope","available":true}]}`,
		"bad state":     `{"agentACDState":"BUSY"}`,
		"twice":         `{"queues":[{"id":"` + salesQueue + `","available":false},{"id":"` + salesQueue + `","available":true}]}`,
		"no id":         `{"queues":[{"available":false}]}`,
		"unknown field": `{"agentState":"AVAILABLE"}`,
	} {
		if r := h.do(http.MethodPut, "/v1/telephony/config/people/me/settings/queues", raw); r.status != http.StatusBadRequest {
			t.Errorf("%s: %d %s", name, r.status, r.body)
		}
	}
	if s := h.queueSettings(); s.AgentACDState != webex.AgentUnavailable || !s.Queues[1].Available {
		t.Errorf("a refused PUT changed the settings: %+v", s)
	}
}

// TestQueueOfferBounceAnswerWrapUp: a caller in a joined queue rings the
// user with the queue as redirecting party; unanswered, the call bounces
// back (bounced, its wait preserved) and is offered again; answered, it
// leaves the queue; the wrap-up applies to it once it ends.
func TestQueueOfferBounceAnswerWrapUp(t *testing.T) {
	h := newHarness(t)
	if r := h.post("members/me/wrapupreasons", webex.WrapUpRequest{WrapUpReasons: []string{"Sale"}}); r.status != http.StatusBadRequest ||
		!strings.Contains(r.message(), "no completed call") {
		t.Errorf("wrap-up before any call: %d %s", r.status, r.body)
	}
	caller := h.queueCaller("5100", QueueCaller{Name: "Olivia Bennett", Number: "+12065550123", Priority: webex.PriorityHigh})
	c, ok := h.offered()
	if !ok {
		t.Fatalf("no offer: %+v", h.list())
	}
	rd := c.Redirections[0].RedirectingParty
	if rd.Name != "Support Queue" || rd.Number != "+14155550510" || c.RemoteParty.Name != "Olivia Bennett" || c.Personality != webex.PersonalityTerminator {
		t.Errorf("offer %+v", c)
	}
	waiting := h.queueCalls(supportQueue)
	if len(waiting) != 1 || waiting[0].CallID != caller || waiting[0].AnsweringCallID != c.ID || waiting[0].AnsweringAgentID != personID(UserExtension) ||
		waiting[0].QueueName != "Support Queue" || waiting[0].Priority != webex.PriorityHigh || waiting[0].Bounced {
		t.Errorf("queue while offered %+v", waiting)
	}
	// Unanswered: it bounces after the offer timeout, and rings again.
	h.advance(DefaultQueueOfferTimeout)
	if h.listed(c.ID) {
		t.Fatal("the offer is still ringing after the offer timeout")
	}
	waiting = h.queueCalls(supportQueue)
	if len(waiting) != 1 || !waiting[0].Bounced || waiting[0].PreservedWaitTimeMs != DefaultQueueOfferTimeout.Milliseconds() {
		t.Errorf("queue after the bounce %+v", waiting)
	}
	if len(h.history(webex.HistoryMissed)) != 1 {
		t.Errorf("the bounce left no missed record")
	}
	again, ok := h.offered()
	if !ok || again.ID == c.ID || again.CallSessionID != c.CallSessionID {
		t.Fatalf("not offered again in the same session: %+v", again)
	}
	// Rejected: it bounces at once, and rings again.
	h.must(http.StatusNoContent, "reject", webex.RejectRequest{CallID: again.ID})
	third, ok := h.offered()
	if !ok || third.ID == again.ID {
		t.Fatal("not offered again after a reject")
	}
	// Answered: the caller leaves the queue.
	h.must(http.StatusNoContent, "answer", webex.AnswerRequest{CallID: third.ID})
	if w := h.queueCalls(supportQueue); len(w) != 0 {
		t.Errorf("answered caller still waits: %+v", w)
	}
	h.must(http.StatusNoContent, "hangup", webex.CallRequest{CallID: third.ID})
	h.must(http.StatusNoContent, "members/me/wrapupreasons", webex.WrapUpRequest{WrapUpReasons: []string{"Sale", "Follow-up"}})
	if st := h.state(); st.WrapUp.CallID != third.ID || !st.WrapUp.FromQueue || len(st.WrapUp.Reasons) != 2 {
		t.Errorf("wrap-up %+v", st.WrapUp)
	}
	// After a call that did not come from a queue, wrap-up is refused.
	other := h.answeredInbound("Liam Carter", "+13125550178")
	h.must(http.StatusNoContent, "hangup", webex.CallRequest{CallID: other})
	if r := h.post("members/me/wrapupreasons", webex.WrapUpRequest{WrapUpReasons: []string{"Sale"}}); r.status != http.StatusBadRequest ||
		!strings.Contains(r.message(), "did not come from a call queue") {
		t.Errorf("wrap-up of a direct call: %d %s", r.status, r.body)
	}
	if r := h.post("members/me/wrapupreasons", `{"wrapupReasons":[]}`); r.status != http.StatusBadRequest {
		t.Errorf("no reasons: %d", r.status)
	}
}

// TestQueueJoinLeaveAndAgentState: only joined queues offer calls, and only
// while the agent is available and not talking.
func TestQueueJoinLeaveAndAgentState(t *testing.T) {
	h := newHarness(t)
	h.queueCaller("5200", QueueCaller{Name: "Emma Novak", Number: "+16175550112"})
	if _, ok := h.offered(); ok {
		t.Fatal("a queue the user has not joined offered a call")
	}
	if w := h.queueCalls(salesQueue); len(w) != 1 || w[0].AnsweringCallID != "" {
		t.Errorf("sales queue %+v", w)
	}
	h.putQueues(webex.QueueSettingsUpdate{AgentACDState: webex.AgentUnavailable, Queues: []webex.QueueJoin{{ID: salesQueue, Available: true}}}, http.StatusNoContent)
	if _, ok := h.offered(); ok {
		t.Fatal("an unavailable agent was offered a call")
	}
	h.putQueues(webex.QueueSettingsUpdate{AgentACDState: webex.AgentAvailable}, http.StatusNoContent)
	c, ok := h.offered()
	if !ok || c.Redirections[0].RedirectingParty.Name != "Sales Queue" {
		t.Fatalf("joining Sales did not offer its caller: %+v", h.list())
	}
	// Leaving the queue does not take back a call already ringing; the next
	// caller is not offered.
	h.putQueues(webex.QueueSettingsUpdate{Queues: []webex.QueueJoin{{ID: salesQueue}}}, http.StatusNoContent)
	h.must(http.StatusNoContent, "answer", webex.AnswerRequest{CallID: c.ID})
	h.queueCaller(salesQueue, QueueCaller{Name: "Noah Fischer", Number: "+17185550165"})
	h.must(http.StatusNoContent, "hangup", webex.CallRequest{CallID: c.ID})
	if _, ok := h.offered(); ok {
		t.Fatal("a queue the user left offered a call")
	}
	// While talking, no offer; once free, the waiting caller rings.
	talk := h.connectedOutbound("101")
	h.queueCaller("5100", QueueCaller{Name: "Ava Martinez", Number: "+13055550187"})
	if _, ok := h.offered(); ok {
		t.Fatal("a talking agent was offered a call")
	}
	h.must(http.StatusNoContent, "hangup", webex.CallRequest{CallID: talk.CallID})
	if c, ok := h.offered(); !ok || c.RemoteParty.Name != "Ava Martinez" {
		t.Fatalf("the free agent was not offered the waiting caller: %+v", h.list())
	}
}

// TestQueueOrderAndOtherAgents: the highest priority is offered first, then
// the longest wait; a caller another agent answers, or who gives up, leaves
// the queue and stops ringing the user.
func TestQueueOrderAndOtherAgents(t *testing.T) {
	h := newHarness(t)
	h.putQueues(webex.QueueSettingsUpdate{AgentACDState: webex.AgentUnavailable}, http.StatusNoContent)
	low := h.queueCaller("5100", QueueCaller{Name: "Low", Number: "+16175550112", Priority: webex.PriorityLow})
	h.advance(time.Minute)
	medium := h.queueCaller("5100", QueueCaller{Name: "Medium", Number: "+17185550165"})
	moved := h.queueCaller("5100", QueueCaller{Name: "Moved", Number: "+13055550187", WaitedSeconds: 90})
	high := h.queueCaller("+14155550510", QueueCaller{Name: "High", Number: "+14695550121", Priority: webex.PriorityHigh})
	var order []string
	for _, w := range h.queueCalls(supportQueue) {
		order = append(order, w.CallID)
	}
	if want := []string{high, moved, medium, low}; strings.Join(order, ",") != strings.Join(want, ",") {
		t.Errorf("queue order %q, want high, moved (90 s carried over), medium, low", order)
	}
	h.putQueues(webex.QueueSettingsUpdate{AgentACDState: webex.AgentAvailable}, http.StatusNoContent)
	c, ok := h.offered()
	if !ok || c.RemoteParty.Name != "High" {
		t.Fatalf("first offer %+v", c)
	}
	// Another agent answers the caller ringing the user: the user's call
	// ends without a missed record, and the next caller rings.
	h.remote(high, RemoteAnswer)
	if h.listed(c.ID) || len(h.history(webex.HistoryMissed)) != 0 {
		t.Errorf("the call answered elsewhere still rings or was missed")
	}
	next, ok := h.offered()
	if !ok || next.RemoteParty.Name != "Moved" {
		t.Fatalf("second offer %+v", next)
	}
	// A waiting caller hangs up: they leave the queue.
	h.remote(low, RemoteHangup)
	if w := h.queueCalls(supportQueue); len(w) != 2 {
		t.Errorf("after a hang-up %d wait, want 2", len(w))
	}
	if r := h.remote(medium, RemoteHold); r.status != http.StatusBadRequest {
		t.Errorf("hold on a waiting caller: %d", r.status)
	}
}

// TestQueueRefusals: unknown queues, bad callers and a full queue.
func TestQueueRefusals(t *testing.T) {
	h := newHarness(t)
	h.putQueues(webex.QueueSettingsUpdate{AgentACDState: webex.AgentSignOut}, http.StatusNoContent)
	if r := h.do(http.MethodGet, "/v1/telephony/queues/nope/calls", nil); r.status != http.StatusNotFound {
		t.Errorf("unknown queue: %d", r.status)
	}
	for body, want := range map[string]int{
		`{"number":"+12065550123","priority":"urgent"}`: http.StatusBadRequest,
		`{"name":"Nobody"}`:                             http.StatusBadRequest,
		`{"number":"+12065550123","waitedSeconds":-1}`:  http.StatusBadRequest,
	} {
		if r := h.do(http.MethodPost, "/_sim/queues/5100/callers", body); r.status != want {
			t.Errorf("%s: %d %s", body, r.status, r.body)
		}
	}
	if r := h.do(http.MethodPost, "/_sim/queues/101/callers", `{"number":"+12065550123"}`); r.status != http.StatusNotFound {
		t.Errorf("a colleague as a queue: %d", r.status)
	}
	for range maxQueueCallers {
		h.queueCaller("5100", QueueCaller{Privacy: true})
	}
	if r := h.do(http.MethodPost, "/_sim/queues/5100/callers", `{"privacy":true}`); r.status != http.StatusConflict {
		t.Errorf("a full queue: %d %s", r.status, r.body)
	}
	if w := h.queueCalls(supportQueue); len(w) != maxQueueCallers || !w[0].RemoteParty.PrivacyEnabled || w[0].RemoteParty.Name != "" {
		t.Errorf("%d waiting; first %+v", len(w), w[0])
	}
}

// TestRandomQueueCallers: with the random scenario, callers arrive in both
// queues, the joined one offers them to the user, and other agents answer
// some; the same seed plays the same way.
func TestRandomQueueCallers(t *testing.T) {
	v := newValidator(t)
	play := func() (offers int, waited []int) {
		h := randomWorld(t, v, 23)
		seen := map[string]bool{}
		for step := range 3600 {
			h.advance(time.Second)
			h.sim.Advance()
			st := h.sim.State()
			for _, c := range st.Calls {
				if len(c.Redirections) > 0 && c.Redirections[0].Reason == webex.ReasonCallQueue && !seen[c.ID] {
					seen[c.ID] = true
				}
			}
			if step%60 == 0 {
				waited = append(waited, len(st.Queues[0].Callers)+len(st.Queues[1].Callers))
			}
		}
		return len(seen), waited
	}
	offers, a := play()
	_, b := play()
	if offers == 0 {
		t.Error("an hour without a queue offer")
	}
	some := false
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("minute %d: %d and %d waiting with the same seed", i, a[i], b[i])
		}
		some = some || a[i] > 0
	}
	if !some {
		t.Error("nobody ever waited in a queue")
	}
}

// TestQueueWaitsWhileTalkingOnAnyLine: an agent talking on the main line is
// busy too; the queue offers its caller once that call ends.
func TestQueueWaitsWhileTalkingOnAnyLine(t *testing.T) {
	h := newHarness(t)
	id := h.inbound(Inbound{Name: "Liam Carter", Number: "+13125550178", Line: MainLineExtension})
	h.must(http.StatusNoContent, "answer", webex.AnswerRequest{CallID: id, LineOwnerID: mainLine})
	h.queueCaller("5100", QueueCaller{Name: "Emma Novak", Number: "+16175550112"})
	if _, ok := h.offered(); ok {
		t.Fatal("an agent talking on the main line was offered a queue call")
	}
	h.must(http.StatusNoContent, "hangup", webex.CallRequest{CallID: id, LineOwnerID: mainLine})
	if c, ok := h.offered(); !ok || c.RemoteParty.Name != "Emma Novak" {
		t.Fatalf("not offered once free: %+v", h.list())
	}
}

// TestQueueOfferPickedUpByAColleague: a colleague who picks up the queue call
// ringing the user answers the caller, who leaves the queue.
func TestQueueOfferPickedUpByAColleague(t *testing.T) {
	h := newHarness(t)
	h.queueCaller("5100", QueueCaller{Name: "Emma Novak", Number: "+16175550112"})
	c, ok := h.offered()
	if !ok {
		t.Fatal("no offer")
	}
	r := h.do(http.MethodPost, "/v1/telephony/calls/members/"+personID("101")+"/pickup", map[string]string{"target": UserExtension})
	if r.status != http.StatusCreated {
		t.Fatalf("pickup: %d %s", r.status, r.body)
	}
	if h.listed(c.ID) || len(h.queueCalls(supportQueue)) != 0 {
		t.Errorf("the picked-up caller still rings or waits: calls %q, queue %+v", ids(h.list()), h.queueCalls(supportQueue))
	}
	if _, ok := h.offered(); ok {
		t.Error("the caller was offered again")
	}
}
