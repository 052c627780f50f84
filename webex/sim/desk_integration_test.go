package sim_test

import (
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/callboard/callboard/webex"
	"github.com/callboard/callboard/webex/sim"
)

// TestClientLines: the client discovers the user's secondary lines, named,
// and lists and acts on each line's calls with its lineOwnerId.
func TestClientLines(t *testing.T) {
	e := newEnv(t)
	lines, err := e.client.Lines(e.ctx)
	e.check(err)
	if len(lines) != 2 || lines[0].Name != "Main Line" || lines[0].Type != webex.MemberVirtualLine || lines[0].Extension != sim.MainLineExtension ||
		lines[0].PhoneNumber != sim.MainLineNumber || lines[1].Name != "Dana Whitfield" || lines[1].Type != webex.MemberPeople {
		t.Fatalf("lines %+v", lines)
	}
	main, exec := lines[0].OwnerID, lines[1].OwnerID
	id := e.inbound(sim.Inbound{Name: "Jane Roe", Number: "+14155550123", Line: sim.MainLineExtension})
	mine, err := e.client.ListCalls(e.ctx, "")
	e.check(err)
	onMain, err := e.client.ListCalls(e.ctx, main)
	e.check(err)
	if len(mine) != 0 || len(onMain) != 1 || onMain[0].ID != id {
		t.Fatalf("own line %+v, main line %+v", mine, onMain)
	}
	err = e.client.Answer(e.ctx, webex.AnswerRequest{CallID: id})
	if apiErr := (*webex.APIError)(nil); !errors.As(err, &apiErr) || !strings.HasPrefix(apiErr.Message, "Call not found") {
		t.Errorf("answering a main line call without its line: %v", err)
	}
	e.check(e.client.Answer(e.ctx, webex.AnswerRequest{CallID: id, LineOwnerID: main}))
	c, err := e.client.GetCall(e.ctx, id, main)
	e.check(err)
	if c.State != webex.StateConnected {
		t.Errorf("main line call is %s", c.State)
	}
	e.check(e.client.Hangup(e.ctx, webex.CallRequest{CallID: id, LineOwnerID: main}))
	assist, err := e.client.AssistantSettings(e.ctx)
	e.check(err)
	if len(assist.Executives) != 1 || assist.Executives[0].ID != exec {
		t.Errorf("executives %+v, the executive's line is %s", assist.Executives, exec)
	}
}

// TestClientQueues: the agent joins Sales, a Sales caller rings with the
// queue's name on the redirection, the call is answered and wrapped up.
func TestClientQueues(t *testing.T) {
	e := newEnv(t)
	settings, err := e.client.QueueSettings(e.ctx)
	e.check(err)
	if settings.AgentACDState != webex.AgentAvailable || len(settings.Queues) != 2 || settings.Queues[1].Available {
		t.Fatalf("settings %+v", settings)
	}
	sales := settings.Queues[1]
	e.queueCaller(sales.Extension, sim.QueueCaller{Name: "Emma Novak", Number: "+16175550112", WaitedSeconds: 30})
	waiting, err := e.client.QueueCalls(e.ctx, sales.ID)
	e.check(err)
	if len(waiting) != 1 || waiting[0].QueueName != "Sales Queue" || waiting[0].Waited(epoch) != 30*time.Second {
		t.Fatalf("waiting %+v", waiting)
	}
	if calls, _ := e.client.ListCalls(e.ctx, ""); len(calls) != 0 {
		t.Fatalf("a queue the agent has not joined rang: %+v", calls)
	}
	e.check(e.client.UpdateQueueSettings(e.ctx, webex.QueueSettingsUpdate{Queues: []webex.QueueJoin{{ID: sales.ID, Available: true}}}))
	calls := e.calls()
	if len(calls) != 1 || calls[0].Redirections[0].Reason != webex.ReasonCallQueue || calls[0].Redirections[0].RedirectingParty.Name != "Sales Queue" {
		t.Fatalf("offer %+v", calls)
	}
	e.check(e.client.Answer(e.ctx, webex.AnswerRequest{CallID: calls[0].ID}))
	e.check(e.client.Hangup(e.ctx, webex.CallRequest{CallID: calls[0].ID}))
	e.check(e.client.SetWrapUpReasons(e.ctx, []string{"Quote sent"}))
	if st := e.srv.Sim.State(); !slices.Equal(st.WrapUp.Reasons, []string{"Quote sent"}) {
		t.Errorf("wrap-up %+v", st.WrapUp)
	}
	var apiErr *webex.APIError
	e.check(e.client.UpdateQueueSettings(e.ctx, webex.QueueSettingsUpdate{AgentACDState: webex.AgentWrapUp}))
	if err := e.client.UpdateQueueSettings(e.ctx, webex.QueueSettingsUpdate{Queues: []webex.QueueJoin{{ID: "nope"}}}); !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusBadRequest {
		t.Errorf("an unknown queue: %v", err)
	}
}

// TestClientConference: start from two calls, add a third, mute, deafen,
// hold and resume, and release, all through the client.
func TestClientConference(t *testing.T) {
	e := newEnv(t)
	none, err := e.client.Conference(e.ctx, "")
	e.check(err)
	if none.Active() {
		t.Fatalf("a conference before any: %+v", none)
	}
	a := e.answered("Olivia Bennett", "+12065550123")
	b := e.dialled("102").CallID
	e.check(e.client.StartConference(e.ctx, webex.ConferenceStartRequest{CallIDs: []string{a, b}}))
	c := e.answered("Liam Carter", "+13125550178")
	e.check(e.client.AddConferenceParticipant(e.ctx, webex.ConferenceCallRequest{CallID: c}))
	e.check(e.client.ResumeConference(e.ctx, ""))
	e.check(e.client.MuteConference(e.ctx, b))
	e.check(e.client.MuteConference(e.ctx, ""))
	e.check(e.client.DeafenParticipant(e.ctx, c))
	conf, err := e.client.Conference(e.ctx, "")
	e.check(err)
	if conf.State != webex.ConferenceConnected || len(conf.Participants) != 3 || !conf.Muted || !conf.Participants[1].Muted || !conf.Participants[2].Deafened {
		t.Fatalf("conference %+v", conf)
	}
	e.check(e.client.UndeafenParticipant(e.ctx, c))
	e.check(e.client.UnmuteConference(e.ctx, b))
	e.check(e.client.HoldConference(e.ctx, ""))
	e.wantState(a, webex.StateHeld)
	e.check(e.client.ResumeConference(e.ctx, ""))
	e.check(e.client.ReleaseConference(e.ctx, ""))
	for _, id := range []string{a, b, c} {
		e.wantGone(id)
	}
}

// TestClientDNDAndForwarding: the client turns do not disturb and
// forwarding on and off, and the simulator acts on them.
func TestClientDNDAndForwarding(t *testing.T) {
	e := newEnv(t)
	d, err := e.client.DoNotDisturb(e.ctx)
	e.check(err)
	d.Enabled = true
	e.check(e.client.SetDoNotDisturb(e.ctx, d))
	e.inbound(sim.Inbound{Name: "Olivia Bennett", Number: "+12065550123"})
	if calls := e.calls(); len(calls) != 0 {
		t.Errorf("a call rang through do not disturb: %+v", calls)
	}
	d.Enabled = false
	e.check(e.client.SetDoNotDisturb(e.ctx, d))
	f, err := e.client.CallForwarding(e.ctx)
	e.check(err)
	f.CallForwarding.Always = webex.ForwardAlways{Enabled: true, Destination: "+14155550199"}
	e.check(e.client.SetCallForwarding(e.ctx, f))
	e.inbound(sim.Inbound{Name: "Liam Carter", Number: "+13125550178"})
	if calls := e.calls(); len(calls) != 0 {
		t.Errorf("a call rang through forwarding always: %+v", calls)
	}
	got, err := e.client.CallForwarding(e.ctx)
	e.check(err)
	if !got.CallForwarding.Always.Enabled || got.CallForwarding.NoAnswer.SystemMaxNumberOfRings != 20 {
		t.Errorf("forwarding %+v", got)
	}
	f.CallForwarding.Always.Enabled = false
	e.check(e.client.SetCallForwarding(e.ctx, f))
	id := e.inbound(sim.Inbound{Name: "Emma Novak", Number: "+16175550112"})
	e.wantState(id, webex.StateAlerting)
	if m, _ := e.client.ListHistory(e.ctx, webex.HistoryMissed); len(m) != 1 || m[0].Name != "Olivia Bennett" {
		t.Errorf("missed %+v", m)
	}
}

// TestClientConfigScopeErrors: without the config scopes, the settings
// answer *webex.ScopeError naming the scope, and the conference, queue
// calls and call control still work.
func TestClientConfigScopeErrors(t *testing.T) {
	e := newEnv(t)
	tok, err := e.srv.Sim.MintToken([]string{sim.ScopeCallsRead, sim.ScopeCallsWrite})
	e.check(err)
	c := e.clientWith(tok)
	for name, op := range map[string]struct {
		scope string
		call  func() error
	}{
		"queues": {webex.ScopeTelephonyConfigRead, func() error { _, err := c.QueueSettings(e.ctx); return err }},
		"join": {webex.ScopeTelephonyConfigWrite, func() error {
			return c.UpdateQueueSettings(e.ctx, webex.QueueSettingsUpdate{AgentACDState: webex.AgentAvailable})
		}},
		"dnd":        {webex.ScopeTelephonyConfigRead, func() error { _, err := c.DoNotDisturb(e.ctx); return err }},
		"set dnd":    {webex.ScopeTelephonyConfigWrite, func() error { return c.SetDoNotDisturb(e.ctx, webex.DoNotDisturb{}) }},
		"forwarding": {webex.ScopeTelephonyConfigRead, func() error { _, err := c.CallForwarding(e.ctx); return err }},
		"forward":    {webex.ScopeTelephonyConfigWrite, func() error { return c.SetCallForwarding(e.ctx, webex.CallForwarding{}) }},
		"assistant":  {webex.ScopeTelephonyConfigRead, func() error { _, err := c.AssistantSettings(e.ctx); return err }},
		"lines":      {webex.ScopeTelephonyConfigRead, func() error { _, err := c.Lines(e.ctx); return err }},
	} {
		if scope, ok := webex.MissingScope(op.call()); !ok || scope != op.scope {
			t.Errorf("%s: missing scope %q %v, want %q", name, scope, ok, op.scope)
		}
	}
	a := e.answered("Olivia Bennett", "+12065550123")
	b := e.answered("Liam Carter", "+13125550178")
	e.check(c.StartConference(e.ctx, webex.ConferenceStartRequest{CallIDs: []string{a, b}}))
	if _, err := c.QueueCalls(e.ctx, e.srv.Sim.State().Queues[0].ID); err != nil {
		t.Errorf("queue calls: %v", err)
	}
	e.check(c.ReleaseConference(e.ctx, ""))
}

// queueCaller puts a caller in a queue through the control plane.
func (e *env) queueCaller(queue string, in sim.QueueCaller) {
	e.t.Helper()
	if _, err := e.srv.Sim.QueueCaller(queue, in); err != nil {
		e.t.Fatal(err)
	}
}
