package dispatch_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/callboard/callboard/desk"
	"github.com/callboard/callboard/internal/dispatch"
	"github.com/callboard/callboard/model"
	"github.com/callboard/callboard/webex"
	"github.com/callboard/callboard/webex/sim"
)

// deskEnv is a client of a simulator in a scripted world: far ends act
// only when told, and time moves only when the test moves it.
type deskEnv struct {
	t      *testing.T
	ctx    context.Context
	srv    *sim.Server
	clock  *sim.FakeClock
	client *webex.Client
}

func newDeskEnv(t *testing.T) *deskEnv {
	t.Helper()
	clock := sim.NewFakeClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	srv, err := sim.Start(t.Context(), "127.0.0.1:0", sim.Options{
		Token: "dispatch-test", Seed: 1, Clock: clock,
		RemoteAnswerDelay: time.Hour, RemoteAnswerSpread: -1, TalkTime: time.Hour, TalkTimeSpread: -1,
		RingTimeout: time.Hour, QueueOfferTimeout: time.Hour,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	return &deskEnv{t: t, ctx: t.Context(), srv: srv, clock: clock, client: clientOf(t, srv, srv.Token)}
}

func clientOf(t *testing.T, srv *sim.Server, token string) *webex.Client {
	t.Helper()
	c, err := webex.New(srv.BaseURL, oauth2.StaticTokenSource(&oauth2.Token{AccessToken: token}))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// run sends one operation and fails the test if it fails.
func (e *deskEnv) run(op desk.Operation) {
	e.t.Helper()
	if _, err := dispatch.Run(e.ctx, e.client, op); err != nil {
		e.t.Fatalf("%s: %v", op.Action, err)
	}
}

// read reads one thing and returns the event.
func (e *deskEnv) read(what desk.ReadKind, key string) desk.Event {
	e.t.Helper()
	return dispatch.Read(e.ctx, e.client, desk.Read{Seq: 7, What: what, Key: key})
}

// The lines on the user's devices are found with their owners, the
// executive's marked; the primary line is left out.
func TestDiscoverLines(t *testing.T) {
	e := newDeskEnv(t)
	lines, err := dispatch.Lines(e.ctx, e.client, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(lines) != 2 || lines[0].Label != "Main Line" || lines[0].Number != "500" || lines[0].Executive ||
		lines[1].Label != "Dana Whitfield" || !lines[1].Executive {
		t.Fatalf("lines %+v", lines)
	}
	rest, err := dispatch.Lines(e.ctx, e.client, lines[0].ID)
	if err != nil || len(rest) != 1 || rest[0].ID != lines[1].ID {
		t.Errorf("with the main line as primary: %+v, %v", rest, err)
	}
}

// Queues: read with the agent state; the callers with the wait brought from
// another queue and the queue's name; join by extension and agent state
// read back.
func TestQueuesOnTheSimulator(t *testing.T) {
	e := newDeskEnv(t)
	ev := e.read(desk.ReadQueues, "").(desk.QueuesRead)
	if ev.Failure != nil || ev.Agent != desk.AgentAvailable || len(ev.Queues) != 2 || !ev.Queues[0].Joined || ev.Queues[1].Joined {
		t.Fatalf("queues %+v", ev)
	}
	support, sales := ev.Queues[0], ev.Queues[1]
	if _, err := e.srv.Sim.QueueCaller("5200", sim.QueueCaller{Name: "Ann Lee", Number: "+12065550101", WaitedSeconds: 60}); err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(12 * time.Second)
	callers := e.read(desk.ReadQueueCallers, sales.ID).(desk.QueueCallersRead)
	if callers.Failure != nil || callers.Name != "Sales Queue" || len(callers.Callers) != 1 {
		t.Fatalf("callers %+v", callers)
	}
	if got := model.FormatDuration(callers.Callers[0].Waited(e.clock.Now())); got != "1:12" {
		t.Errorf("Ann has waited %s, want 1:12", got)
	}
	e.run(desk.Operation{Action: model.ActionQueueJoin, Args: desk.Args{Queue: "5200"}})
	e.run(desk.Operation{Action: model.ActionAgentState, Args: desk.Args{Agent: string(desk.AgentUnavailable)}})
	ev = e.read(desk.ReadQueues, "").(desk.QueuesRead)
	if ev.Agent != desk.AgentUnavailable || !ev.Queues[1].Joined || !ev.Queues[0].Joined {
		t.Errorf("after the join: %+v", ev)
	}
	e.run(desk.Operation{Action: model.ActionQueueLeave, Args: desk.Args{Queue: support.ID}})
	if ev = e.read(desk.ReadQueues, "").(desk.QueuesRead); ev.Queues[0].Joined {
		t.Error("support still joined after the leave")
	}
	if _, err := dispatch.Run(e.ctx, e.client, desk.Operation{Action: model.ActionQueueJoin, Args: desk.Args{Queue: "9999"}}); err == nil {
		t.Error("joined a queue the user is no agent of")
	}
}

// A sign-in without the scope for a queue's callers gets a failure naming
// the scope; the queues themselves still read.
func TestQueueCallersWithoutTheScope(t *testing.T) {
	e := newDeskEnv(t)
	token, err := e.srv.Sim.MintToken([]string{"spark:telephony_config_read"})
	if err != nil {
		t.Fatal(err)
	}
	c := clientOf(t, e.srv, token)
	ev := dispatch.Read(e.ctx, c, desk.Read{What: desk.ReadQueues}).(desk.QueuesRead)
	if ev.Failure != nil || len(ev.Queues) != 2 {
		t.Fatalf("queues %+v", ev)
	}
	callers := dispatch.Read(e.ctx, c, desk.Read{What: desk.ReadQueueCallers, Key: ev.Queues[0].ID}).(desk.QueueCallersRead)
	if f := callers.Failure; f == nil || f.Status != 403 || f.Scope != "spark:calls_read" || f.Kind != desk.FailRefused {
		t.Errorf("callers failure %+v, want a 403 naming spark:calls_read", f)
	}
}

// Do not disturb and the night service change one field and read back.
func TestSettingsOnTheSimulator(t *testing.T) {
	e := newDeskEnv(t)
	if ev := e.read(desk.ReadDoNotDisturb, "").(desk.DoNotDisturbRead); ev.On || ev.Failure != nil {
		t.Fatalf("dnd %+v", ev)
	}
	e.run(desk.Operation{Action: model.ActionDoNotDisturb, Args: desk.Args{On: true}})
	if ev := e.read(desk.ReadDoNotDisturb, "").(desk.DoNotDisturbRead); !ev.On {
		t.Error("do not disturb still off")
	}
	e.run(desk.Operation{Action: model.ActionNightService, Args: desk.Args{On: true, Dest: "+14155550300"}})
	if ev := e.read(desk.ReadForwarding, "").(desk.ForwardingRead); !ev.On || ev.To != "+14155550300" {
		t.Errorf("forwarding %+v", ev)
	}
	e.run(desk.Operation{Action: model.ActionNightService, Args: desk.Args{Dest: "+14155550300"}})
	if ev := e.read(desk.ReadForwarding, "").(desk.ForwardingRead); ev.On {
		t.Errorf("forwarding still on: %+v", ev)
	}
	if st := e.srv.Sim.State(); !st.DoNotDisturb.Enabled || st.CallForwarding.CallForwarding.Always.Enabled {
		t.Errorf("the simulator holds %+v / %+v", st.DoNotDisturb, st.CallForwarding.CallForwarding.Always)
	}
}

// The conference: started from two answered calls, read with its
// participants, one muted, held and resumed, then left with the other two
// talking.
func TestConferenceOnTheSimulator(t *testing.T) {
	e := newDeskEnv(t)
	var ids []string
	for _, who := range []sim.Inbound{{Name: "Ann Lee", Number: "+12065550101"}, {Name: "Bo Chen", Number: "+12065550102"}} {
		id, err := e.srv.Sim.Inbound(who)
		if err != nil {
			t.Fatal(err)
		}
		e.run(desk.Operation{Action: model.ActionAnswer, CallID: id})
		ids = append(ids, id)
	}
	e.run(desk.Operation{Action: model.ActionConferenceStart, CallID: ids[1], With: ids[0]})
	conf := e.read(desk.ReadConference, "").(desk.ConferenceRead)
	if conf.Failure != nil || conf.Conference.State != desk.ConferenceConnected || len(conf.Conference.Participants) != 2 {
		t.Fatalf("conference %+v", conf)
	}
	e.run(desk.Operation{Action: model.ActionConferenceMute, CallID: ids[0]})
	e.run(desk.Operation{Action: model.ActionConferenceHold})
	conf = e.read(desk.ReadConference, "").(desk.ConferenceRead)
	i := slices.IndexFunc(conf.Conference.Participants, func(p desk.Participant) bool { return p.CallID == ids[0] })
	if conf.Conference.State != desk.ConferenceHeld || i < 0 || !conf.Conference.Participants[i].Muted {
		t.Errorf("after mute and hold: %+v", conf.Conference)
	}
	e.run(desk.Operation{Action: model.ActionConferenceResume})
	e.run(desk.Operation{Action: model.ActionConferenceLeave, CallID: ids[0], With: ids[1]})
	if calls, err := e.client.ListCalls(e.ctx, ""); err != nil || len(calls) != 0 {
		t.Errorf("after stepping out the line has %d calls (%v)", len(calls), err)
	}
	if conf = e.read(desk.ReadConference, "").(desk.ConferenceRead); conf.Conference.State != "" {
		t.Errorf("the conference outlives the step out: %+v", conf)
	}
}

// A queue call answered and ended takes wrap-up reasons.
func TestWrapUpOnTheSimulator(t *testing.T) {
	e := newDeskEnv(t)
	if _, err := e.srv.Sim.QueueCaller("5100", sim.QueueCaller{Name: "Ann Lee", Number: "+12065550101"}); err != nil {
		t.Fatal(err)
	}
	calls, err := e.client.ListCalls(e.ctx, "")
	if err != nil || len(calls) != 1 || len(calls[0].Redirections) == 0 || calls[0].Redirections[0].RedirectingParty.Name != "Support Queue" {
		t.Fatalf("the queue's offer: %+v, %v", calls, err)
	}
	e.run(desk.Operation{Action: model.ActionAnswer, CallID: calls[0].ID})
	e.run(desk.Operation{Action: model.ActionHangup, CallID: calls[0].ID})
	e.run(desk.Operation{Action: model.ActionWrapUp, Args: desk.Args{Reasons: "Billing,Resolved"}})
	if w := e.srv.Sim.State().WrapUp; !w.FromQueue || !slices.Equal(w.Reasons, []string{"Billing", "Resolved"}) {
		t.Errorf("wrap-up %+v", w)
	}
}

// A client without the front desk operations refuses their verbs and still
// runs every call verb.
func TestFrontDeskNeedsTheOperations(t *testing.T) {
	var api callsOnly
	if _, err := dispatch.Run(context.Background(), api, desk.Operation{Action: model.ActionDoNotDisturb}); err == nil {
		t.Error("do not disturb ran on a client without settings")
	}
}

// callsOnly is a client with the call operations only.
type callsOnly struct{ dispatch.API }
