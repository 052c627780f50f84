package training

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/callboard/callboard/desk"
	"github.com/callboard/callboard/model"
	"github.com/callboard/callboard/webex"
	"github.com/callboard/callboard/webex/sim"
)

func epoch() time.Time { return time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC) }

// replay drives a coach with observations at times after the epoch.
type replay struct {
	t       *testing.T
	c       *Coach
	actions []Action
}

func newReplay(t *testing.T, sc Scenario) *replay { return &replay{t: t, c: NewCoach(sc)} }

// at shows the coach an observation at the epoch plus d.
func (r *replay) at(d time.Duration, obs Observation) []Action {
	due := r.c.Advance(epoch().Add(d), obs)
	r.actions = append(r.actions, due...)
	return due
}

// world is a simulated world with the calls, and the colleagues scenarios
// name.
func world(calls ...webex.Call) *sim.State {
	return &sim.State{Calls: calls, Colleagues: []sim.ColleagueState{
		{Name: "Jordan Lee", Extension: "101", Number: "+14155550101"},
		{Name: "Priya Shah", Extension: "103", Number: "+14155550103"},
	}}
}

func wcall(id, name, number string, st webex.CallState) webex.Call {
	return webex.Call{ID: id, State: st, RemoteParty: webex.Party{Name: name, Number: number}}
}

func happened(what desk.Happening, id, name string, out desk.Outcome) desk.Happened {
	return desk.Happened{What: what, Outcome: out,
		Row: model.Row{Call: model.Call{ID: id, Remote: model.Party{Name: name, Number: "+14155550131"}, Personality: model.PersonalityTerminator}}}
}

func post(op, dest string, status int) sim.RequestRecord {
	body, _ := json.Marshal(map[string]string{"destination": dest})
	return sim.RequestRecord{Method: "POST", Path: "/v1/telephony/calls/" + op, Body: body, Status: status}
}

const acme = "Dana Brooks, Acme Corp"

// The basics scenario, replayed as a trainee would play it: three steps
// in time, a transfer late, and a caller left to ring out.
func TestCoachReplaysBasics(t *testing.T) {
	sc, err := Builtin("basics")
	if err != nil {
		t.Fatal(err)
	}
	r := newReplay(t, sc)
	if due := r.at(0, Observation{State: world()}); len(due) != 0 {
		t.Fatalf("actions at the start: %+v (the first ring is 2 s in)", due)
	}
	if p := r.c.Progress(); p.Step != 1 || p.Task != "Answer the call from Acme Corp" || p.Possible != 50 || p.Done {
		t.Fatalf("progress at the start: %+v", p)
	}
	due := r.at(2*time.Second, Observation{State: world()})
	if len(due) != 1 || due[0].Ring == nil || due[0].Ring.Name != acme {
		t.Fatalf("at 2 s: %+v, want Acme ringing", due)
	}
	if due := r.at(3*time.Second, Observation{State: world()}); len(due) != 0 {
		t.Fatalf("an action twice: %+v", due)
	}
	// Answered at 5 s: full points.
	r.at(5*time.Second, Observation{State: world(wcall("c1", acme, "+14155550131", webex.StateConnected)),
		Effects: []desk.Effect{happened(desk.Rang, "c1", acme, 0), happened(desk.Answered, "c1", acme, 0)}})
	if p := r.c.Progress(); p.Step != 2 || p.Score != 10 {
		t.Fatalf("after answering: step %d score %d", p.Step, p.Score)
	}
	// Still connected: not on hold yet.
	r.at(6*time.Second, Observation{State: world(wcall("c1", acme, "+14155550131", webex.StateConnected))})
	if p := r.c.Progress(); p.Step != 2 {
		t.Fatalf("the hold step completed without a hold")
	}
	// The world has the call on hold before the desk reports it: the step
	// waits for the trainee's screen to show it.
	r.at(7*time.Second, Observation{State: world(wcall("c1", acme, "+14155550131", webex.StateHeld))})
	if p := r.c.Progress(); p.Step != 2 {
		t.Fatalf("the hold step completed before the desk showed the hold")
	}
	r.at(7500*time.Millisecond, Observation{State: world(wcall("c1", acme, "+14155550131", webex.StateHeld)),
		Effects: []desk.Effect{happened(desk.Held, "c1", acme, 0)}})
	r.at(8*time.Second, Observation{State: world(wcall("c1", acme, "+14155550131", webex.StateConnected)),
		Effects: []desk.Effect{happened(desk.Resumed, "c1", acme, 0)}})
	if p := r.c.Progress(); p.Step != 4 || p.Score != 30 || !strings.Contains(p.Task, "Priya") {
		t.Fatalf("after hold and resume: %+v", p)
	}
	// The transfer: a request to 103's number, then the call ends
	// transferred, 41 s into the step (par 30 s: 11 s late, 3 points off).
	r.at(30*time.Second, Observation{State: world(wcall("c1", acme, "+14155550131", webex.StateHeld)),
		Requests: []sim.RequestRecord{post("transfer", "+14155550103", 201)}})
	r.at(49*time.Second, Observation{State: world(), Effects: []desk.Effect{happened(desk.Ended, "c1", acme, desk.OutcomeTransferred)}})
	p := r.c.Progress()
	if p.Step != 5 || p.Score != 37 || p.Results[3].Points != 7 {
		t.Fatalf("after the transfer: step %d score %d results %+v", p.Step, p.Score, p.Results)
	}
	// Felix rings, and rings out.
	if due := r.at(51*time.Second, Observation{State: world()}); len(due) != 1 || due[0].Ring.Name != "Felix Novak" {
		t.Fatalf("Felix does not ring: %+v", due)
	}
	r.at(60*time.Second, Observation{State: world(), Effects: []desk.Effect{
		happened(desk.Missed, "c2", "Felix Novak", desk.OutcomeMissed), happened(desk.Ended, "c2", "Felix Novak", desk.OutcomeMissed)}})
	p = r.c.Progress()
	if !p.Done || !r.c.Done() {
		t.Fatalf("the scenario is not over: %+v", p)
	}
	last := p.Results[4]
	if !last.Failed || !strings.Contains(last.Why, "rang out") {
		t.Errorf("the voicemail step: %+v", last)
	}
	if len(p.Penalties) != 1 || p.Penalties[0].Points != penaltyMissed {
		t.Errorf("penalties %+v, want the missed call", p.Penalties)
	}
	if p.Score != 34 || p.Percent() != 68 || p.Verdict() != "keep practising" {
		t.Errorf("final score %d (%d%%, %s), want 34 (68%%, keep practising)", p.Score, p.Percent(), p.Verdict())
	}
	if note := p.Notes[len(p.Notes)-1]; !strings.Contains(note, "scenario complete: score 34/50") {
		t.Errorf("the last note %q", note)
	}
	if due := r.at(70*time.Second, Observation{State: world()}); due != nil {
		t.Errorf("actions after the end: %+v", due)
	}
}

func oneStep(goals ...Goal) Scenario {
	return Scenario{Title: "t", Steps: []Step{{Task: "do it", Goals: goals, Limit: Duration{time.Minute}}}}
}

func TestCoachFailsAStepOutOfTime(t *testing.T) {
	r := newReplay(t, oneStep(Goal{Answer: "Zed"}))
	r.at(0, Observation{State: world(wcall("z", "Zed", "1", webex.StateAlerting))})
	r.at(59*time.Second, Observation{State: world(wcall("z", "Zed", "1", webex.StateAlerting))})
	if r.c.Done() {
		t.Fatal("over before the limit")
	}
	r.at(time.Minute, Observation{State: world(wcall("z", "Zed", "1", webex.StateAlerting))})
	p := r.c.Progress()
	if !p.Done || !p.Results[0].Failed || p.Results[0].Why != "out of time" || p.Score != 0 {
		t.Errorf("%+v", p)
	}
}

// A caller gone from the world fails the step, but only after a grace: a
// transfer ends on the simulator a poll before the desk reports it.
func TestCoachFailsWhenTheCallerIsGone(t *testing.T) {
	r := newReplay(t, oneStep(Goal{Transfer: "Zed", To: "103"}))
	r.at(0, Observation{State: world(wcall("z", "Zed", "1", webex.StateConnected))})
	r.at(time.Second, Observation{State: world()})
	r.at(5*time.Second, Observation{State: world()})
	if r.c.Done() {
		t.Fatal("failed within the grace")
	}
	r.at(7*time.Second, Observation{State: world(), Effects: []desk.Effect{happened(desk.Ended, "z", "Zed", desk.OutcomeEnded)}})
	p := r.c.Progress()
	if !p.Done || !p.Results[0].Failed || !strings.Contains(p.Results[0].Why, "no longer on the line") {
		t.Errorf("%+v", p.Results)
	}
}

func TestCoachPenalisesRefusedActions(t *testing.T) {
	r := newReplay(t, oneStep(Goal{Idle: true}))
	r.at(0, Observation{State: world(wcall("z", "Zed", "1", webex.StateConnected)), Requests: []sim.RequestRecord{
		post("hold", "", 400), post("hold", "", 204), {Method: "GET", Path: "/v1/telephony/calls", Status: 429}}})
	p := r.c.Progress()
	if len(p.Penalties) != 1 || !strings.Contains(p.Penalties[0].Why, "Webex refused hold (400)") {
		t.Errorf("penalties %+v: only a refused action costs", p.Penalties)
	}
	r.at(time.Second, Observation{State: world()})
	if p := r.c.Progress(); !p.Done || p.Score != DefaultPoints-penaltyRefused {
		t.Errorf("score %d, want %d", p.Score, DefaultPoints-penaltyRefused)
	}
}

func TestCoachGoals(t *testing.T) {
	tests := []struct {
		name string
		goal Goal
		obs  Observation
		want bool
	}{
		{"consult: caller held, Jordan called", Goal{Consult: "Zed", To: "101"},
			Observation{State: world(wcall("z", "Zed", "1", webex.StateHeld), wcall("j", "Jordan Lee", "+14155550101", webex.StateConnecting))}, true},
		{"consult: nobody called", Goal{Consult: "Zed", To: "101"},
			Observation{State: world(wcall("z", "Zed", "1", webex.StateHeld))}, false},
		{"park", Goal{Park: "Zed"}, Observation{State: &sim.State{Parked: []sim.ParkedCall{{RemoteParty: webex.Party{Name: "Zed"}}}}}, true},
		{"retrieve: still parked", Goal{Retrieve: "Zed"}, Observation{State: &sim.State{
			Calls: []webex.Call{wcall("z", "Zed", "1", webex.StateConnected)}, Parked: []sim.ParkedCall{{RemoteParty: webex.Party{Name: "Zed"}}}}}, false},
		{"retrieve", Goal{Retrieve: "Zed"}, Observation{State: world(wcall("z2", "Zed", "1", webex.StateConnected))}, true},
		{"divert to voicemail", Goal{Divert: "Zed", To: "vm"}, Observation{State: world(),
			Effects: []desk.Effect{happened(desk.Ended, "z", "Zed", desk.OutcomeVoicemail)}}, true},
		{"divert elsewhere is not voicemail", Goal{Divert: "Zed", To: "vm"}, Observation{State: world(),
			Effects: []desk.Effect{happened(desk.Ended, "z", "Zed", desk.OutcomeDiverted)}}, false},
		{"transfer to Priya by extension", Goal{Transfer: "Zed", To: "103"}, Observation{State: world(),
			Requests: []sim.RequestRecord{post("transfer", "103", 201)}, Effects: []desk.Effect{happened(desk.Ended, "z", "Zed", desk.OutcomeTransferred)}}, true},
		{"transfer to Priya's number without +1", Goal{Transfer: "Zed", To: "103"}, Observation{State: world(),
			Requests: []sim.RequestRecord{post("transfer", "4155550103", 201)}, Effects: []desk.Effect{happened(desk.Ended, "z", "Zed", desk.OutcomeTransferred)}}, true},
		{"transfer to the wrong colleague", Goal{Transfer: "Zed", To: "103"}, Observation{State: world(),
			Requests: []sim.RequestRecord{post("transfer", "101", 201)}, Effects: []desk.Effect{happened(desk.Ended, "z", "Zed", desk.OutcomeTransferred)}}, false},
		{"a consult completed to Jordan", Goal{Transfer: "Zed", To: "101"}, Observation{State: world(),
			Requests: []sim.RequestRecord{post("dial", "101", 201)}, Effects: []desk.Effect{happened(desk.Ended, "z", "Zed", desk.OutcomeTransferred)}}, true},
		{"hung up", Goal{HangUp: "Zed"}, Observation{State: world(), Effects: []desk.Effect{happened(desk.Ended, "z", "Zed", desk.OutcomeEnded)}}, true},
		{"pickup", Goal{Pickup: "Tom"}, Observation{State: world(wcall("t", "Tom Ellis", "2", webex.StateConnected))}, true},
		{"idle with a call left", Goal{Idle: true}, Observation{State: world(wcall("t", "Tom Ellis", "2", webex.StateHeld))}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newReplay(t, oneStep(tt.goal))
			r.at(0, tt.obs)
			if got := r.c.Done() && !r.c.Progress().Results[0].Failed; got != tt.want {
				t.Errorf("goal met = %v, want %v (%+v)", got, tt.want, r.c.Progress().Results)
			}
		})
	}
}

func TestScoreForLateness(t *testing.T) {
	st := Step{Points: 10, Par: Duration{20 * time.Second}}
	for _, tt := range []struct {
		took time.Duration
		want int
	}{{10 * time.Second, 10}, {20 * time.Second, 10}, {21 * time.Second, 9}, {30 * time.Second, 8}, {10 * time.Minute, 5}} {
		if got := score(st, tt.took); got != tt.want {
			t.Errorf("score after %s = %d, want %d", tt.took, got, tt.want)
		}
	}
}
