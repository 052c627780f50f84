package training

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/callboard/callboard/desk"
	"github.com/callboard/callboard/internal/headless"
	"github.com/callboard/callboard/model"
	"github.com/callboard/callboard/webex"
	"github.com/callboard/callboard/webex/sim"
)

// pollDeadline only ever ends a failing test.
const pollDeadline = 30 * time.Second

// trainee plays a scenario through a desk on the simulator, as the
// console's keys would: intents stepped into a headless desk whose effects
// the runner follows.
type trainee struct {
	t      *testing.T
	srv    *sim.Server
	runner *Runner
	keys   chan desk.Event

	mu    sync.Mutex
	shown map[string]model.Call // the live calls the desk lists: what a trainee sees
}

// seeing notes the calls the desk lists after each of its steps.
func (tr *trainee) seeing(d *desk.Desk) error {
	shown := map[string]model.Call{}
	for _, r := range d.Board().Rows() {
		if !r.Ended() {
			shown[r.Call.ID] = r.Call
		}
	}
	tr.mu.Lock()
	defer tr.mu.Unlock()
	tr.shown = shown
	return nil
}

// allows reports whether the call, as the desk lists it, takes the action:
// a trainee acts on what the screen shows, which may lag the world.
func (tr *trainee) allows(act model.Action, id string) bool {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	c, ok := tr.shown[id]
	return ok && model.Allowed(act, &c)
}

// shows reports whether the desk lists a call with who in the status.
func (tr *trainee) shows(who string, st model.Status) bool {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	for _, c := range tr.shown {
		if strings.Contains(c.Remote.Name, who) && c.Status() == st {
			return true
		}
	}
	return false
}

func startPractice(t *testing.T, name string) *trainee {
	t.Helper()
	sc, err := Builtin(name)
	if err != nil {
		t.Fatal(err)
	}
	opts := WorldOptions(1)
	opts.Token = "training-test"
	opts.RemoteAnswerDelay, opts.RemoteAnswerSpread = 300*time.Millisecond, -1 // colleagues answer at once
	srv, err := sim.Start(context.Background(), "127.0.0.1:0", opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	client, err := webex.New(srv.BaseURL, oauth2.StaticTokenSource(&oauth2.Token{AccessToken: srv.Token, TokenType: "Bearer"}))
	if err != nil {
		t.Fatal(err)
	}
	tr := &trainee{t: t, srv: srv, runner: NewRunner(srv.Sim, sc, nil), keys: make(chan desk.Event)}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{}, 2)
	go func() { tr.runner.Run(ctx); done <- struct{}{} }()
	go func() {
		_ = headless.Run(ctx, headless.Options{API: client, Events: tr.keys, Follow: tr.runner.Follow, Check: tr.seeing,
			Desk: desk.Config{PollFast: 50 * time.Millisecond, PollIdle: 100 * time.Millisecond, Order: model.OrderRingingFirst}})
		done <- struct{}{}
	}()
	t.Cleanup(func() { cancel(); <-done; <-done })
	return tr
}

// waitUntil polls cond, failing the test after pollDeadline.
func (tr *trainee) waitUntil(what string, cond func() bool) {
	tr.t.Helper()
	deadline := time.Now().Add(pollDeadline)
	for !cond() {
		if time.Now().After(deadline) {
			tr.t.Fatalf("gave up waiting for %s; progress %+v", what, tr.runner.Progress())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// atStep waits until the practice is at step n.
func (tr *trainee) atStep(n int) {
	tr.t.Helper()
	tr.waitUntil("step "+string(rune('0'+n)), func() bool { return tr.runner.Progress().Step == n })
}

// call waits for the trainee's call with who in the state, and returns its id.
func (tr *trainee) call(who string, state webex.CallState) string {
	tr.t.Helper()
	var id string
	tr.waitUntil(who+" "+string(state), func() bool {
		for _, c := range tr.srv.Sim.State().Calls {
			if strings.Contains(c.RemoteParty.Name, who) && c.State == state {
				id = c.ID
				return true
			}
		}
		return false
	})
	return id
}

// press acts on a call as a verb's key (and its prompt's text) would,
// once the list the trainee sees shows the call ready for it.
func (tr *trainee) press(act model.Action, id, text string) {
	tr.t.Helper()
	if id != "" && !(act == model.ActionConsult && text == "") {
		tr.waitUntil("the call ready to "+act.String(), func() bool { return tr.allows(act, id) })
	}
	v, _ := desk.VerbOf(act)
	if act == model.ActionConsult && text == "" {
		// T on a call of the consult completes it, as the console's key does.
		tr.keys <- desk.Intent{Actions: []model.Action{act}, CallID: id}
		return
	}
	args, problem := v.Arg.Parse(text)
	if problem != "" {
		tr.t.Fatalf("%s %q: %s", v.Name, text, problem)
	}
	tr.keys <- desk.Intent{Actions: []model.Action{act}, CallID: id, Args: args}
}

// A trainee plays the basics scenario through, and gets full marks.
func TestPracticeBasics(t *testing.T) {
	tr := startPractice(t, "basics")
	acme := tr.call("Acme", webex.StateAlerting)
	tr.press(model.ActionAnswer, acme, "")
	tr.atStep(2)
	tr.press(model.ActionHold, acme, "")
	tr.atStep(3)
	tr.press(model.ActionResume, acme, "")
	tr.atStep(4)
	tr.press(model.ActionTransfer, acme, "103")
	tr.atStep(5)
	felix := tr.call("Felix", webex.StateAlerting)
	tr.press(model.ActionDivert, felix, "vm")
	tr.waitUntil("the end", func() bool { return tr.runner.Progress().Done })
	p := tr.runner.Progress()
	for _, r := range p.Results {
		if r.Failed {
			t.Errorf("step %q failed: %s", r.Task, r.Why)
		}
	}
	if p.Score != p.Possible || p.Percent() != 100 || len(p.Penalties) != 0 {
		t.Errorf("score %d/%d, penalties %+v", p.Score, p.Possible, p.Penalties)
	}
	if !strings.Contains(p.Notes[len(p.Notes)-1], "scenario complete") {
		t.Errorf("notes %q", p.Notes)
	}
}

// The consult and park scenario, through the desk's consult workflow.
func TestPracticeConsultAndPark(t *testing.T) {
	tr := startPractice(t, "consult-park")
	olivia := tr.call("Northwind", webex.StateAlerting)
	tr.press(model.ActionAnswer, olivia, "")
	tr.atStep(2)
	tr.press(model.ActionConsult, olivia, "101")
	tr.atStep(3)
	tr.waitUntil("Jordan connected on the list", func() bool { return tr.shows("Jordan", model.StatusConnected) })
	tr.press(model.ActionConsult, olivia, "") // T again completes
	tr.atStep(4)
	marco := tr.call("Swift", webex.StateAlerting)
	tr.press(model.ActionAnswer, marco, "")
	tr.atStep(5)
	tr.press(model.ActionPark, marco, "")
	tr.atStep(6)
	tr.press(model.ActionRetrieve, "", "")
	tr.atStep(7)
	back := tr.call("Swift", webex.StateConnected)
	tr.press(model.ActionTransfer, back, "102")
	tr.waitUntil("the end", func() bool { return tr.runner.Progress().Done })
	p := tr.runner.Progress()
	for _, r := range p.Results {
		if r.Failed {
			t.Errorf("step %q failed: %s", r.Task, r.Why)
		}
	}
	if p.Percent() < 90 {
		t.Errorf("score %d/%d, penalties %+v", p.Score, p.Possible, p.Penalties)
	}
}

// The busy morning: two calls at once, a queue caller and a colleague's
// phone, then every call ended.
func TestPracticeBusyMorning(t *testing.T) {
	tr := startPractice(t, "busy-morning")
	hannah := tr.call("Globex", webex.StateAlerting)
	tr.call("Initech", webex.StateAlerting)
	tr.press(model.ActionAnswer, hannah, "")
	tr.atStep(2)
	ravi := tr.call("Initech", webex.StateAlerting)
	tr.press(model.ActionAnswer, ravi, "") // Webex holds Hannah
	tr.atStep(3)
	tr.press(model.ActionTransfer, ravi, "107")
	tr.atStep(4)
	li := tr.call("Li Wei", webex.StateAlerting)
	tr.press(model.ActionAnswer, li, "")
	tr.atStep(5)
	tr.waitUntil("Sam's phone to ring", func() bool {
		for _, c := range tr.srv.Sim.State().Colleagues {
			if c.Extension == "102" && c.Status == sim.ColleagueRinging {
				return true
			}
		}
		return false
	})
	tr.press(model.ActionPickup, "", "102")
	tr.atStep(6)
	tom := tr.call("Tom Ellis", webex.StateConnected)
	for _, id := range []string{tom, li, hannah} {
		tr.press(model.ActionHangup, id, "")
	}
	tr.waitUntil("the end", func() bool { return tr.runner.Progress().Done })
	p := tr.runner.Progress()
	for _, r := range p.Results {
		if r.Failed {
			t.Errorf("step %q failed: %s", r.Task, r.Why)
		}
	}
	if p.Percent() < 90 {
		t.Errorf("score %d/%d, penalties %+v", p.Score, p.Possible, p.Penalties)
	}
}
