package desk

import (
	"testing"
	"time"

	"github.com/callboard/callboard/model"
)

// operatorChanges returns the operator states the desk reported, in order.
func (r *rig) operatorChanges() []OperatorState {
	var out []OperatorState
	for _, e := range r.all {
		if c, ok := e.(OperatorChanged); ok {
			out = append(out, c.State)
		}
	}
	return out
}

// happenings returns the Happened effects of the kind, in order.
func (r *rig) happenings(what Happening) []Happened {
	var out []Happened
	for _, e := range r.all {
		if h, ok := e.(Happened); ok && h.What == what {
			out = append(out, h)
		}
	}
	return out
}

func TestOperatorStateFollowsTheLine(t *testing.T) {
	d := New(Config{Order: model.OrderRingingFirst})
	now := epoch()
	if out := d.Step(now, Tick{}); len(out) != 1 {
		t.Fatalf("the first Step should only ask for a poll, got %v", out)
	}
	if d.Operator() != OperatorUnknown {
		t.Fatalf("before any list the operator is %v, want unknown", d.Operator())
	}

	r := newRig(t, Config{})
	if got := r.operatorChanges(); len(got) != 1 || got[0] != OperatorIdle {
		t.Fatalf("after an empty first list: changes %v, want [idle]", got)
	}
	steps := []struct {
		calls []model.Call
		want  OperatorState
	}{
		{[]model.Call{ringing("a", 0)}, OperatorRinging},
		{[]model.Call{connected("a", 0)}, OperatorOnCall},
		// A second call ringing while talking keeps the light red.
		{[]model.Call{connected("a", 0), ringing("b", time.Second)}, OperatorOnCall},
		// Holding the first with the second still ringing: free to answer.
		{[]model.Call{onHold("a", 0), ringing("b", time.Second)}, OperatorRinging},
		{[]model.Call{onHold("a", 0)}, OperatorOnHold},
		{nil, OperatorIdle},
	}
	want := []OperatorState{OperatorIdle}
	for _, s := range steps {
		r.now = r.now.Add(time.Second)
		r.pollNow(s.calls...)
		if r.d.Operator() != s.want {
			t.Errorf("with %d calls the operator is %v, want %v", len(s.calls), r.d.Operator(), s.want)
		}
		if want[len(want)-1] != s.want {
			want = append(want, s.want)
		}
	}
	got := r.operatorChanges()
	if len(got) != len(want) {
		t.Fatalf("operator changes %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("operator changes %v, want %v", got, want)
		}
	}
}

func TestHappenedCarriesTheOperatorState(t *testing.T) {
	r := newRig(t, Config{}, ringing("a", 0))
	r.now = r.now.Add(time.Second)
	r.pollNow(connected("a", 0))
	r.now = r.now.Add(time.Second)
	r.pollNow()
	rang, answered, ended := r.happenings(Rang), r.happenings(Answered), r.happenings(Ended)
	if len(rang) != 1 || len(answered) != 1 || len(ended) != 1 {
		t.Fatalf("happenings: rang %d, answered %d, ended %d; want one each", len(rang), len(answered), len(ended))
	}
	if rang[0].Operator != OperatorRinging || answered[0].Operator != OperatorOnCall || ended[0].Operator != OperatorIdle {
		t.Errorf("operator with the happenings: rang %v, answered %v, ended %v; want ringing, on-call, idle",
			rang[0].Operator, answered[0].Operator, ended[0].Operator)
	}
}

func TestOperatorStateIgnoresEndedRowsAndRemoteHolds(t *testing.T) {
	b := model.NewBoard(model.BoardOptions{})
	held := connected("r", 0)
	held.State = model.StateRemoteHeld
	b.Apply([]model.Call{held, ringing("x", 0)}, epoch())
	if got := OperatorStateOf(b); got != OperatorOnCall {
		t.Errorf("held by the far end: %v, want on-call (the operator is still on the call)", got)
	}
	b.Apply(nil, epoch().Add(time.Second)) // both end, and linger on screen
	if got := OperatorStateOf(b); got != OperatorIdle {
		t.Errorf("only ended rows: %v, want idle", got)
	}
	for _, s := range OperatorStates() {
		if s.String() == "" || s.String() == OperatorUnknown.String() {
			t.Errorf("state %d has no name of its own: %q", s, s.String())
		}
	}
}

func TestReadOnlyRefusesEveryVerb(t *testing.T) {
	r := newRig(t, Config{ReadOnly: true}, ringing("a", 0), connected("b", 0))
	for _, v := range Verbs() {
		id := "b"
		if v.Action == model.ActionAnswer || v.Action == model.ActionReject || v.Action == model.ActionDivert {
			id = "a"
		}
		if v.Target == NewCall {
			id = ""
		}
		r.step(Intent{Actions: []model.Action{v.Action}, CallID: id, Args: Args{Dest: "1234", Digits: "1"}})
		if last := r.lastSaid(); last.Level != Problem || last.Text == "" {
			t.Errorf("%s in read-only: said %+v, want a refusal", v.Name, last)
		}
	}
	if len(r.sent) != 0 {
		t.Errorf("a read-only desk sent %v", r.sent)
	}
	r.wantSaid("read-only")
}
