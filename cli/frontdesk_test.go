package cli_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/callboard/callboard/webex"
	"github.com/callboard/callboard/webex/sim"
)

// ok runs a verb that must succeed and returns its output.
func (h *harness) ok(args ...string) string {
	h.t.Helper()
	out := h.run(args...)
	if out.code != 0 || out.stderr != "" {
		h.t.Fatalf("callboard %s: %v", strings.Join(args, " "), out)
	}
	return out.stdout
}

// The conference as one-shot verbs: start from two calls, mute one, hold
// and resume, then step out with the two still talking.
func TestConferenceVerbs(t *testing.T) {
	h := newHarness(t)
	first := h.connected(olivia.Name, olivia.Number)
	second := h.connected(liam.Name, liam.Number)
	if out := h.ok("conference", "start", first, second); !strings.Contains(out, "conference: "+first+" and "+second) {
		t.Errorf("start said %q", out)
	}
	conf := h.srv.Sim.State().Conferences[""]
	if len(conf.Participants) != 2 {
		t.Fatalf("the simulator's conference %+v", conf)
	}
	h.ok("conference", "mute", first)
	if conf = h.srv.Sim.State().Conferences[""]; !slices.ContainsFunc(conf.Participants, func(p webex.ConferenceParticipant) bool { return p.CallID == first && p.Muted }) {
		t.Errorf("after the mute %+v", conf)
	}
	if out := h.ok("conference", "hold"); !strings.Contains(out, "held the conference") {
		t.Errorf("hold said %q", out)
	}
	h.ok("conference", "resume")
	if out := h.ok("conference", "leave"); !strings.Contains(out, "stepped out") {
		t.Errorf("leave said %q", out)
	}
	if h.gone(first) != true || h.gone(second) != true {
		t.Error("the calls stayed on the line after stepping out")
	}
	if out := h.run("conference", "start", first); out.code != 2 || !strings.Contains(out.stderr, "ID2") {
		t.Errorf("start with one call: %v", out)
	}
	if out := h.run("conference", "shout"); out.code != 2 {
		t.Errorf("an unknown conference verb: %v", out)
	}
}

// Do not disturb, the night service, queues, the agent state and wrap-up
// as one-shot verbs.
func TestSettingsVerbs(t *testing.T) {
	h := newHarness(t)
	h.writeConfig("[night]\nforward_to = \"2000\"\n")
	if out := h.ok("dnd", "on"); !strings.Contains(out, "do not disturb on") {
		t.Errorf("dnd said %q", out)
	}
	if !h.srv.Sim.State().DoNotDisturb.Enabled {
		t.Error("do not disturb is off")
	}
	if out := h.ok("night", "on"); !strings.Contains(out, "every call goes to 2000") {
		t.Errorf("night said %q", out)
	}
	if f := h.srv.Sim.State().CallForwarding.CallForwarding.Always; !f.Enabled || f.Destination != "2000" {
		t.Errorf("forwarding %+v", f)
	}
	h.ok("night", "off")
	if h.srv.Sim.State().CallForwarding.CallForwarding.Always.Enabled {
		t.Error("night service still on")
	}
	if out := h.run("dnd", "maybe"); out.code != 2 {
		t.Errorf("dnd maybe: %v", out)
	}
	h.ok("queue", "join", "5200")
	h.ok("agent", "unavailable")
	st := h.srv.Sim.State()
	if st.Agent != webex.AgentUnavailable || !slices.ContainsFunc(st.Queues, func(q sim.QueueState) bool { return q.Extension == "5200" && q.Joined }) {
		t.Errorf("agent %s, queues %+v", st.Agent, st.Queues)
	}
	if out := h.run("queue", "join", "9999"); out.code != 1 || !strings.Contains(out.stderr, "none of your queues") {
		t.Errorf("joining a stranger's queue: %v", out)
	}
	h.ok("agent", "available")
	if _, err := h.srv.Sim.QueueCaller("5100", sim.QueueCaller{Name: "Ann Lee", Number: "+12065550101"}); err != nil {
		t.Fatal(err)
	}
	calls := h.calls()
	if len(calls) != 1 {
		t.Fatalf("the queue's offer: %+v", calls)
	}
	h.must(h.client.Answer(t.Context(), webex.AnswerRequest{CallID: calls[0].ID}))
	h.must(h.client.Hangup(t.Context(), h.callReq(calls[0].ID)))
	if out := h.ok("wrapup", "Billing", "Resolved"); !strings.Contains(out, "Billing, Resolved") {
		t.Errorf("wrapup said %q", out)
	}
	if w := h.srv.Sim.State().WrapUp; !slices.Equal(w.Reasons, []string{"Billing", "Resolved"}) {
		t.Errorf("wrap-up %+v", w)
	}
	if out := h.run("wrapup"); out.code != 2 {
		t.Errorf("wrapup without a reason: %v", out)
	}
}

// The night service without a destination is refused, nothing sent.
func TestNightWithoutDestination(t *testing.T) {
	h := newHarness(t)
	mark := h.mark()
	out := h.run("night", "on")
	if out.code == 0 || !strings.Contains(out.stderr, "forward_to") {
		t.Errorf("night on without a destination: %v", out)
	}
	if n := len(h.since(mark)); n != 0 {
		t.Errorf("%d requests sent", n)
	}
}
