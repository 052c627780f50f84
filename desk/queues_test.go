package desk

import (
	"slices"
	"testing"
	"time"

	"github.com/callboard/callboard/model"
)

// reads counts the Reads of kind and key asked for so far.
func (r *rig) reads(kind ReadKind, key string) int {
	n := 0
	for _, e := range r.all {
		if rd, ok := e.(Read); ok && rd.What == kind && rd.Key == key {
			n++
		}
	}
	return n
}

// same answers a read with what the desk already knows: nothing changed.
func (r *rig) same(rd Read) Event {
	d := r.d
	switch rd.What {
	case ReadQueues:
		return QueuesRead{Seq: rd.Seq, Agent: d.queues.agent, Queues: d.queues.queues}
	case ReadQueueCallers:
		return QueueCallersRead{Seq: rd.Seq, Queue: rd.Key, Callers: d.queues.callers[rd.Key]}
	case ReadDoNotDisturb:
		return DoNotDisturbRead{Seq: rd.Seq, On: d.settings.dnd}
	case ReadForwarding:
		return ForwardingRead{Seq: rd.Seq, On: d.settings.fwd, To: d.settings.fwdTo}
	case ReadConference:
		var c Conference
		if conf, ok := d.confs[rd.Key]; ok && !conf.started {
			c = conf.Conference
		}
		return ConferenceRead{Seq: rd.Seq, Line: rd.Key, Conference: c}
	}
	r.t.Fatalf("no answer for %+v", rd)
	return nil
}

// openReads returns the reads in flight.
func (r *rig) openReads() []Read {
	var out []Read
	for _, rd := range r.d.readers {
		if rd.inFlight {
			out = append(out, Read{Seq: rd.sent, What: rd.kind, Key: rd.key})
		}
	}
	return out
}

// serveReads answers every read in flight but those of kind and key (0:
// none kept) with nothing new.
func (r *rig) serveReads(kind ReadKind, key string) {
	r.t.Helper()
	for _, rd := range r.openReads() {
		if rd.What != kind || rd.Key != key {
			r.step(r.same(rd))
		}
	}
}

// waitRead moves the clock until a read of kind and key is in flight
// (answering the polls and the other reads on the way with nothing new)
// and returns it.
func (r *rig) waitRead(kind ReadKind, key string) Read {
	r.t.Helper()
	for range 6000 {
		for _, rd := range r.openReads() {
			if rd.What == kind && rd.Key == key {
				return rd
			}
		}
		r.answerSame()
		r.serveReads(kind, key)
		r.advance(100 * time.Millisecond)
	}
	r.t.Fatalf("no read of %s %q within ten minutes", kind, key)
	return Read{}
}

// answerSame answers every poll out with the line's calls as last
// listed: nothing new.
func (r *rig) answerSame() {
	r.t.Helper()
	for len(r.polls) > 0 {
		line := r.lineOf(r.polls[0])
		r.answerLine(line, r.d.pollerOf(line).calls...)
	}
}

// idle moves the clock for d answering every poll and every read with
// nothing new.
func (r *rig) idle(d time.Duration) {
	r.t.Helper()
	for end := r.now.Add(d); r.now.Before(end); {
		r.answerSame()
		r.serveReads(0, "")
		r.advance(100 * time.Millisecond)
	}
}

// pollOwn asks for a poll and answers the own line's with calls, serving
// the reads that go out meanwhile.
func (r *rig) pollOwn(calls ...model.Call) {
	r.t.Helper()
	r.step(Refresh{})
	for range 100 {
		for _, seq := range r.polls {
			if r.lineOf(seq) == "" {
				r.answerLine("", calls...)
				return
			}
		}
		r.serveReads(0, "")
		r.advance(100 * time.Millisecond)
	}
	r.t.Fatal("no poll of the own line within 10 s")
}

// happened returns the Happened effects of one kind, in order.
func (r *rig) happened(what Happening) []Happened {
	var out []Happened
	for _, e := range r.all {
		if h, ok := e.(Happened); ok && h.What == what {
			out = append(out, h)
		}
	}
	return out
}

// The queues of the tests: Support (joined) and Sales (not).
func twoQueues() []Queue {
	return []Queue{
		{ID: "Q-Support", Number: "+14155550510", Extension: "5100", Joined: true, CanLeave: true},
		{ID: "Q-Sales", Number: "+14155550520", Extension: "5200", CanLeave: true},
	}
}

// queueRig is a desk reading two queues, their settings read.
func queueRig(t *testing.T, cfg Config) *rig {
	t.Helper()
	cfg.Queues = true
	r := newRig(t, cfg)
	rd := r.waitRead(ReadQueues, "")
	r.step(QueuesRead{Seq: rd.Seq, Agent: AgentAvailable, Queues: twoQueues()})
	return r
}

// caller is a caller who has waited w at the rig's time, preserved of it
// brought from another queue.
func caller(r *rig, id, name string, w, preserved time.Duration) QueueCaller {
	return QueueCaller{CallID: id, Caller: model.Party{Name: name, Number: "+1206555" + id},
		Added: r.now.Add(-(w - preserved)), Preserved: preserved}
}

// The queues pane's data: each queue, joined or not, its callers longest
// first with the wait brought from another queue counted, its name from
// the callers' records; a queue whose callers the sign-in may not read says
// which scope is missing and is not asked again for a while.
func TestQueuesAndTheirCallers(t *testing.T) {
	r := queueRig(t, Config{})
	q := r.d.Queues()
	if !q.Known || q.Agent != AgentAvailable || len(q.Queues) != 2 || !q.Queues[0].Joined || q.Queues[1].Joined {
		t.Fatalf("Queues() = %+v", q)
	}
	rd := r.waitRead(ReadQueueCallers, "Q-Support")
	r.step(QueueCallersRead{Seq: rd.Seq, Queue: "Q-Support", Name: "Support Queue", Callers: []QueueCaller{
		caller(r, "2", "Bo", 30*time.Second, 0),
		caller(r, "1", "Ann", 72*time.Second, 60*time.Second),
		caller(r, "3", "Cy", 10*time.Second, 0),
	}})
	rd = r.waitRead(ReadQueueCallers, "Q-Sales")
	r.step(QueueCallersRead{Seq: rd.Seq, Queue: "Q-Sales", Failure: &Failure{Kind: FailRefused, Status: 403, Scope: "spark:calls_read", Text: "Forbidden"}})
	q = r.d.Queues()
	support, sales := q.Queues[0], q.Queues[1]
	if support.Title() != "Support Queue" || sales.Title() != "queue 5200" {
		t.Errorf("titles %q, %q", support.Title(), sales.Title())
	}
	var names []string
	for _, c := range support.Callers {
		names = append(names, c.Caller.Name)
	}
	if !slices.Equal(names, []string{"Ann", "Bo", "Cy"}) {
		t.Errorf("callers in order %v, want the longest wait first", names)
	}
	if got := model.FormatDuration(support.Longest(r.now)); got != "1:12" {
		t.Errorf("longest wait %s, want 1:12 (the wait preserved from another queue counts)", got)
	}
	if f := sales.CallersFailure; f == nil || f.Scope != "spark:calls_read" || sales.CallersRead {
		t.Errorf("sales' callers: read %v, failure %+v", sales.CallersRead, f)
	}
	before := r.reads(ReadQueueCallers, "Q-Sales")
	r.idle(5 * time.Minute)
	if r.reads(ReadQueueCallers, "Q-Sales") != before {
		t.Error("callers the sign-in may not read were asked again within minutes")
	}
	if r.reads(ReadQueueCallers, "Q-Support") < 25 {
		t.Errorf("support's callers read %d times in 5 minutes, want every 10 s", r.reads(ReadQueueCallers, "Q-Support"))
	}
}

// The wait alarm fires once per caller (a hook-ready event, a message),
// rings the bell again until acknowledged, and again for the next caller
// who waits too long; a caller answered stops it.
func TestQueueWait(t *testing.T) {
	r := queueRig(t, Config{QueueAlarm: time.Minute, QueueAlarmRepeat: 30 * time.Second, Bell: true})
	rd := r.waitRead(ReadQueueCallers, "Q-Support")
	r.step(QueueCallersRead{Seq: rd.Seq, Queue: "Q-Support", Name: "Support Queue", Callers: []QueueCaller{caller(r, "1", "Ann", 50*time.Second, 0)}})
	if len(r.happened(QueueWait)) != 0 || r.d.Queues().Alarm {
		t.Fatal("the alarm fired before the limit")
	}
	if got := r.d.NextWake().Sub(r.now); got > 10*time.Second {
		t.Errorf("next wake in %v: the desk would miss the alarm", got)
	}
	bells := r.bells()
	r.idle(10 * time.Second)
	alarms := r.happened(QueueWait)
	if len(alarms) != 1 || alarms[0].Queue != "Support Queue" || alarms[0].Row.Call.Remote.Name != "Ann" || alarms[0].Waited < time.Minute {
		t.Fatalf("alarms %+v, want one for Ann in Support Queue", alarms)
	}
	if r.bells() != bells+1 || !r.d.Queues().Alarm || r.d.Queues().Queues[0].Over != 1 {
		t.Errorf("bells %d (was %d), alarm %v", r.bells(), bells, r.d.Queues().Alarm)
	}
	r.wantSaid("Ann has waited 1:00")
	r.idle(30 * time.Second)
	if r.bells() != bells+2 || len(r.happened(QueueWait)) != 1 {
		t.Errorf("after 30 s: %d bells, %d alarms; want the bell again, the event once", r.bells()-bells, len(r.happened(QueueWait)))
	}
	r.step(AckQueueAlarm{})
	r.idle(time.Minute)
	if r.bells() != bells+2 || r.d.Queues().Alarm {
		t.Errorf("the bell rang %d more times after the acknowledgement", r.bells()-bells-2)
	}
	// Bo crosses the limit later: the alarm rings for him.
	rd = r.waitRead(ReadQueueCallers, "Q-Support")
	r.step(QueueCallersRead{Seq: rd.Seq, Queue: "Q-Support", Callers: []QueueCaller{caller(r, "1", "Ann", 3*time.Minute, 0), caller(r, "2", "Bo", 59*time.Second, 0)}})
	r.idle(2 * time.Second)
	if len(r.happened(QueueWait)) != 2 || !r.d.Queues().Alarm {
		t.Fatalf("no alarm for the next caller: %+v", r.happened(QueueWait))
	}
	// The console's acknowledge key silences the queue alarm like any
	// repeating bell.
	if !r.d.BellRepeating() {
		t.Error("the queue alarm rings but the desk does not say the bell repeats")
	}
	bells = r.bells()
	r.step(Acknowledge{})
	r.idle(time.Minute)
	if r.bells() != bells || r.d.BellRepeating() {
		t.Errorf("the bell rang %d more times after Acknowledge", r.bells()-bells)
	}
	// Bo is answered: he leaves the queue, and the bell stops.
	rd = r.waitRead(ReadQueueCallers, "Q-Support")
	r.step(QueueCallersRead{Seq: rd.Seq, Queue: "Q-Support", Callers: []QueueCaller{caller(r, "1", "Ann", 3*time.Minute, 0)}})
	if r.d.Queues().Alarm {
		t.Error("the alarm rings on after the caller was answered")
	}
}

// Join and leave name a queue as the operator knows it; the change is read
// back from Webex; a queue that does not let agents leave, or one joined
// already, is refused with nothing sent.
func TestJoinLeaveAndAgentState(t *testing.T) {
	r := queueRig(t, Config{})
	r.step(Intent{Actions: []model.Action{model.ActionQueueJoin}, Args: Args{Queue: "5200"}})
	if v := r.d.Queues().Queues[1]; v.Pending != "joining…" {
		t.Errorf("sales pending %q", v.Pending)
	}
	op := r.ok(model.ActionQueueJoin)
	if op.Args.Queue != "Q-Sales" {
		t.Errorf("joined %q, want the sales queue's id", op.Args.Queue)
	}
	rd := r.waitRead(ReadQueues, "")
	qs := twoQueues()
	qs[1].Joined = true
	r.step(QueuesRead{Seq: rd.Seq, Agent: AgentAvailable, Queues: qs})
	if !r.d.Queues().Queues[1].Joined {
		t.Error("the read-back does not show the join")
	}
	r.step(Intent{Actions: []model.Action{model.ActionQueueJoin}, Args: Args{Queue: "Q-Sales"}}) // as the pane sends it
	r.wantSaid("already joined")
	r.step(Intent{Actions: []model.Action{model.ActionQueueLeave}, Args: Args{Queue: "nowhere"}})
	r.wantSaid("none of your queues")
	if r.count(model.ActionQueueJoin)+r.count(model.ActionQueueLeave) != 1 {
		t.Fatalf("sent %v", r.sent)
	}
	r.step(Intent{Actions: []model.Action{model.ActionAgentState}, Args: Args{Agent: string(AgentUnavailable)}})
	if got := r.d.Queues().AgentPending; got != AgentUnavailable {
		t.Errorf("agent pending %q", got)
	}
	r.step(Intent{Actions: []model.Action{model.ActionAgentState}, Args: Args{Agent: string(AgentUnavailable)}})
	if r.count(model.ActionAgentState) != 1 {
		t.Error("the same agent state went twice while the first was on its way")
	}
	r.ok(model.ActionAgentState)
	r.waitRead(ReadQueues, "")
	// Changed elsewhere: said once the read shows it.
	rd = r.waitRead(ReadQueues, "")
	r.step(QueuesRead{Seq: rd.Seq, Agent: AgentWrapUp, Queues: qs})
	r.wantSaid("changed elsewhere: now wrap-up")
}

// A queue that does not let its agents leave is refused.
func TestQueueThatKeepsItsAgents(t *testing.T) {
	cfg := Config{Queues: true}
	r := newRig(t, cfg)
	rd := r.waitRead(ReadQueues, "")
	qs := twoQueues()
	qs[0].CanLeave = false
	r.step(QueuesRead{Seq: rd.Seq, Agent: AgentAvailable, Queues: qs})
	r.step(Intent{Actions: []model.Action{model.ActionQueueLeave}, Args: Args{Queue: "5100"}})
	if len(r.sent) != 0 {
		t.Fatalf("sent %v", r.sent)
	}
	r.wantSaid("does not let its agents")
}

// queueOffer is a call a queue offers the operator.
func queueOffer(id string) model.Call {
	c := ringing(id, 0)
	c.Redirections = []model.Redirection{{Reason: model.RedirectCallQueue, Party: model.Party{Name: "Support Queue", Number: "+14155550510"}}}
	return c
}

// A call a queue offered keeps its queue's name after Webex stops sending
// the redirection; when it ends after being answered, a wrap-up is offered
// — and nothing waits for it: the next call is answered as ever.
func TestQueueCallAndWrapUp(t *testing.T) {
	r := queueRig(t, Config{})
	r.pollOwn(queueOffer("qc"))
	if got := r.d.QueueOf("qc"); got != "Support Queue" {
		t.Errorf("QueueOf = %q", got)
	}
	if got := r.d.Queues().Queues[0].Title(); got != "Support Queue" {
		t.Errorf("the offer did not name the queue: %q", got)
	}
	r.key("qc", model.ActionAnswer)
	r.ok(model.ActionAnswer)
	r.pollOwn(connected("qc", 0))
	if got := r.d.QueueOf("qc"); got != "Support Queue" {
		t.Errorf("after the answer QueueOf = %q", got)
	}
	if _, ok := r.d.WrapUp(); ok {
		t.Fatal("a wrap-up is offered while the call lasts")
	}
	r.pollOwn(ringing("next", time.Minute))
	w, ok := r.d.WrapUp()
	if !ok || w.Queue != "Support Queue" || w.CallID != "qc" {
		t.Fatalf("WrapUp() = %+v, %v", w, ok)
	}
	r.key("next", model.ActionAnswer)
	if r.count(model.ActionAnswer) != 2 {
		t.Fatal("the pending wrap-up held the next call back")
	}
	r.step(Intent{Actions: []model.Action{model.ActionWrapUp}})
	r.wantSaid("at least one reason")
	r.step(Intent{Actions: []model.Action{model.ActionWrapUp}, Args: Args{Reasons: "Billing,Resolved"}})
	op := r.ok(model.ActionWrapUp)
	if op.Args.Reasons != "Billing,Resolved" {
		t.Errorf("sent %+v", op.Args)
	}
	if _, ok := r.d.WrapUp(); ok {
		t.Error("the wrap-up is still offered after it was tagged")
	}
	r.wantSaid("tagged Support Queue call with Caller qc: Billing, Resolved")
}

// A call that rang and was never answered offers no wrap-up.
func TestMissedQueueCallOffersNoWrapUp(t *testing.T) {
	r := queueRig(t, Config{})
	r.pollOwn(queueOffer("qc"))
	r.pollOwn()
	if _, ok := r.d.WrapUp(); ok {
		t.Error("an unanswered queue call offers a wrap-up")
	}
}

// Wrap-up reasons parse into one comma-separated form.
func TestReasonsArgument(t *testing.T) {
	v, _ := VerbOf(model.ActionWrapUp)
	for text, want := range map[string]string{"Billing": "Billing", " a , b ,": "a,b", "Tech  support": "Tech support"} {
		if a, problem := v.Arg.Parse(text); problem != "" || a.Reasons != want {
			t.Errorf("Parse(%q) = %+v %q, want %q", text, a, problem, want)
		}
	}
	for _, bad := range []string{"", " , ", "a\x07"} {
		if _, problem := v.Arg.Parse(bad); problem == "" {
			t.Errorf("Parse(%q) accepted", bad)
		}
	}
}

// Agent states read as the operator types them.
func TestParseAgentState(t *testing.T) {
	for text, want := range map[string]AgentState{"available": AgentAvailable, "Unavailable": AgentUnavailable,
		"wrap-up": AgentWrapUp, "WRAP_UP": AgentWrapUp, "signed out": AgentSignedOut, "sign-out": AgentSignedOut} {
		if got, ok := ParseAgentState(text); !ok || got != want {
			t.Errorf("ParseAgentState(%q) = %q, %v; want %q", text, got, ok, want)
		}
	}
	if _, ok := ParseAgentState("asleep"); ok {
		t.Error("asleep is an agent state")
	}
}
