package training

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/callboard/callboard/desk"
	"github.com/callboard/callboard/model"
	"github.com/callboard/callboard/webex"
	"github.com/callboard/callboard/webex/sim"
)

// Penalties, in points.
const (
	penaltyMissed  = 3 // a caller rang out unanswered
	penaltyRefused = 1 // Webex refused an action (the wrong key for the call)
)

// absentGrace is how long a goal's caller may be missing from the world
// before the step fails: a transfer completes on the simulator a poll
// before the console sees the call end.
const absentGrace = 5 * time.Second

// maxNotes bounds the feedback lines the coach keeps.
const maxNotes = 5

// Observation is what the coach is shown at each look: what the desk
// reported since the last one, the simulated world now, and the requests
// it received since.
type Observation struct {
	Effects  []desk.Effect
	State    *sim.State // nil: not looked at this time
	Requests []sim.RequestRecord
}

// StepResult is how one step went.
type StepResult struct {
	Task   string
	Points int // earned
	Max    int
	Took   time.Duration
	Failed bool
	Why    string // why it failed
}

// Penalty is points lost outside a step's task.
type Penalty struct {
	Points int
	Why    string
}

// Progress is the practice as the practice pane shows it.
type Progress struct {
	Title, Intro string
	Step, Steps  int // the current step, from 1; Step is Steps+1 once done
	Task, Hint   string
	Par          time.Duration
	Notes        []string // feedback, newest last
	Score        int      // earned so far, penalties taken off
	Possible     int      // what the whole scenario is worth
	Done         bool
	Results      []StepResult
	Penalties    []Penalty
}

// Percent is the final score out of 100.
func (p Progress) Percent() int {
	if p.Possible == 0 {
		return 0
	}
	return max(p.Score, 0) * 100 / p.Possible
}

// Verdict is a word on the final score.
func (p Progress) Verdict() string {
	switch pct := p.Percent(); {
	case pct >= 90:
		return "excellent"
	case pct >= 75:
		return "good"
	case pct >= 50:
		return "keep practising"
	}
	return "try it again"
}

// Coach follows a trainee through a scenario: it says which of the
// scenario's actions fall due, checks the goals against what the desk
// reported and the simulated world shows, and keeps the score. It does no
// I/O: the runner shows it the world and carries out its actions, so a
// practice can be replayed in a test.
type Coach struct {
	sc        Scenario
	started   bool
	step      int       // index of the current step; len(Steps) once done
	stepStart time.Time // when the current step began
	performed []bool    // the current step's actions already due

	happened []desk.Happened     // the desk's reports since the step began
	held     map[string]bool     // call id → held, as the desk last reported it
	requests []sim.RequestRecord // every request of the practice
	state    sim.State           // the world at the last look
	absent   map[int]time.Time   // goal index → since when its caller is nowhere
	missed   []string            // call ids already penalised for ringing out
	results  []StepResult        // finished steps
	penalty  []Penalty           // points lost outside tasks
	notes    []string            // feedback, newest last
	version  uint64              // changes whenever Progress would
}

// NewCoach starts a coach on a scenario; the first Advance starts the
// first step.
func NewCoach(sc Scenario) *Coach {
	return &Coach{sc: sc, absent: map[int]time.Time{}, held: map[string]bool{}}
}

// Version changes whenever the progress does, so a runner redraws only then.
func (c *Coach) Version() uint64 { return c.version }

// Note adds a feedback line (a runner's trouble, say).
func (c *Coach) Note(text string) {
	c.notes = append(c.notes, text)
	if len(c.notes) > maxNotes {
		c.notes = c.notes[len(c.notes)-maxNotes:]
	}
	c.version++
}

// Done reports whether the scenario is over.
func (c *Coach) Done() bool { return c.started && c.step >= len(c.sc.Steps) }

// Advance takes what happened since the last look and returns the
// scenario's actions due now, for the runner to carry out.
func (c *Coach) Advance(now time.Time, obs Observation) []Action {
	if !c.started {
		c.started = true
		c.begin(0, now)
	}
	c.absorb(obs)
	if c.Done() {
		return nil
	}
	var due []Action
	st := c.sc.Steps[c.step]
	for i, a := range st.Do {
		if c.performed[i] || now.Before(c.stepStart.Add(a.After.Duration)) {
			continue
		}
		c.performed[i] = true
		if a.Say != "" {
			c.Note(a.Say)
			continue
		}
		due = append(due, a)
	}
	c.judge(now)
	return due
}

// begin starts step i at now.
func (c *Coach) begin(i int, now time.Time) {
	c.step, c.stepStart = i, now
	c.happened = nil
	c.absent = map[int]time.Time{}
	if i < len(c.sc.Steps) {
		c.performed = make([]bool, len(c.sc.Steps[i].Do))
	}
	c.version++
}

// absorb takes in an observation and its penalties.
func (c *Coach) absorb(obs Observation) {
	for _, e := range obs.Effects {
		h, ok := e.(desk.Happened)
		if !ok {
			continue
		}
		c.happened = append(c.happened, h)
		switch h.What {
		case desk.Held:
			c.held[h.Row.Call.ID] = true
		case desk.Resumed, desk.Answered:
			c.held[h.Row.Call.ID] = false
		}
		if h.What == desk.Missed && !slices.Contains(c.missed, h.Row.Call.ID) {
			c.missed = append(c.missed, h.Row.Call.ID)
			c.lose(penaltyMissed, "missed a call from "+h.Row.Call.Remote.Display())
		}
	}
	for _, r := range obs.Requests {
		c.requests = append(c.requests, r)
		if r.Method == "POST" && strings.HasPrefix(r.Path, "/v1/telephony/calls/") && r.Status >= 400 {
			op := strings.TrimPrefix(r.Path, "/v1/telephony/calls/")
			c.lose(penaltyRefused, "Webex refused "+op+" ("+fmt.Sprint(r.Status)+")")
		}
	}
	if obs.State != nil {
		c.state = *obs.State
	}
}

// lose takes points off.
func (c *Coach) lose(points int, why string) {
	c.penalty = append(c.penalty, Penalty{Points: points, Why: why})
	c.Note(fmt.Sprintf("−%d: %s", points, why))
}

// judge completes or fails the current step.
func (c *Coach) judge(now time.Time) {
	st := c.sc.Steps[c.step]
	took := now.Sub(c.stepStart)
	allMet := true
	for i, g := range st.Goals {
		if c.met(g) {
			delete(c.absent, i)
			continue
		}
		allMet = false
		if why := c.impossible(i, g, now); why != "" {
			c.finish(StepResult{Task: st.Task, Max: points(st), Took: took, Failed: true, Why: why}, now)
			return
		}
	}
	switch {
	case allMet:
		earned := score(st, took)
		c.finish(StepResult{Task: st.Task, Points: earned, Max: points(st), Took: took}, now)
	case took >= limit(st):
		c.finish(StepResult{Task: st.Task, Max: points(st), Took: took, Failed: true, Why: "out of time"}, now)
	}
}

// finish records a step's result and moves on.
func (c *Coach) finish(r StepResult, now time.Time) {
	c.results = append(c.results, r)
	if r.Failed {
		c.Note(fmt.Sprintf("✗ %s — %s", r.Task, r.Why))
	} else {
		c.Note(fmt.Sprintf("✓ %s (+%d in %s)", r.Task, r.Points, model.FormatDuration(r.Took)))
	}
	c.begin(c.step+1, now)
	if c.Done() {
		p := c.Progress()
		c.Note(fmt.Sprintf("scenario complete: score %d/%d (%d%%, %s)", max(p.Score, 0), p.Possible, p.Percent(), p.Verdict()))
	}
}

// points, par and limit are a step's, defaults filled in.
func points(st Step) int {
	if st.Points > 0 {
		return st.Points
	}
	return DefaultPoints
}

func par(st Step) time.Duration {
	if st.Par.Duration > 0 {
		return st.Par.Duration
	}
	return DefaultPar
}

func limit(st Step) time.Duration {
	if st.Limit.Duration > 0 {
		return st.Limit.Duration
	}
	return DefaultLimit
}

// score is what a step done in took earns: everything within par, a point
// less for every 5 s past it, never less than half.
func score(st Step, took time.Duration) int {
	p := points(st)
	late := took - par(st)
	if late <= 0 {
		return p
	}
	lost := int((late + 5*time.Second - 1) / (5 * time.Second))
	return max(p-lost, (p+1)/2)
}

// Progress describes the practice now.
func (c *Coach) Progress() Progress {
	p := Progress{Title: c.sc.Title, Intro: c.sc.Intro, Step: c.step + 1, Steps: len(c.sc.Steps),
		Notes: slices.Clone(c.notes), Done: c.Done(), Results: slices.Clone(c.results), Penalties: slices.Clone(c.penalty)}
	for _, st := range c.sc.Steps {
		p.Possible += points(st)
	}
	for _, r := range c.results {
		p.Score += r.Points
	}
	for _, pen := range c.penalty {
		p.Score -= pen.Points
	}
	if !p.Done && c.step < len(c.sc.Steps) {
		st := c.sc.Steps[c.step]
		p.Task, p.Hint, p.Par = st.Task, st.Hint, par(st)
	}
	return p
}

// matches reports whether a party is the caller a goal names: a piece of
// the name or number, in any case.
func matches(name, number, who string) bool {
	who = strings.ToLower(strings.TrimSpace(who))
	return who != "" && (strings.Contains(strings.ToLower(name), who) || strings.Contains(strings.ToLower(number), who))
}

func wireMatches(p webex.Party, who string) bool { return matches(p.Name, p.Number, who) }

func rowMatches(r model.Row, who string) bool {
	return matches(r.Call.Remote.Name, r.Call.Remote.Number, who)
}

// callOf returns the trainee's call with the caller, if one is listed.
func (c *Coach) callOf(who string, state webex.CallState) bool {
	return slices.ContainsFunc(c.state.Calls, func(call webex.Call) bool {
		return wireMatches(call.RemoteParty, who) && (state == "" || call.State == state)
	})
}

// heldAsShown reports whether the caller's call is held (or, with held
// false, connected) in the world and as the desk last reported it: the
// next task must not ask to resume a call the trainee's screen still shows
// connected.
func (c *Coach) heldAsShown(who string, held bool) bool {
	state := webex.StateConnected
	if held {
		state = webex.StateHeld
	}
	return slices.ContainsFunc(c.state.Calls, func(call webex.Call) bool {
		shown, reported := c.held[call.ID]
		return wireMatches(call.RemoteParty, who) && call.State == state && reported && shown == held
	})
}

// parked reports whether the caller waits in park.
func (c *Coach) parked(who string) bool {
	return slices.ContainsFunc(c.state.Parked, func(p sim.ParkedCall) bool { return wireMatches(p.RemoteParty, who) })
}

// ended reports whether the desk saw the caller's call end with one of the
// outcomes, since the step began.
func (c *Coach) ended(who string, outcomes ...desk.Outcome) bool {
	return slices.ContainsFunc(c.happened, func(h desk.Happened) bool {
		return h.What == desk.Ended && rowMatches(h.Row, who) && slices.Contains(outcomes, h.Outcome)
	})
}

// met reports whether a goal is met.
func (c *Coach) met(g Goal) bool {
	kind, who := g.kind()
	switch kind {
	case "answer":
		return slices.ContainsFunc(c.happened, func(h desk.Happened) bool { return h.What == desk.Answered && rowMatches(h.Row, who) })
	case "hold":
		return c.heldAsShown(who, true)
	case "resume":
		return c.heldAsShown(who, false)
	case "transfer":
		return c.ended(who, desk.OutcomeTransferred) && (c.sent("transfer", g.To) || c.sent("dial", g.To))
	case "consult":
		return c.callOf(who, webex.StateHeld) && slices.ContainsFunc(c.state.Calls, func(call webex.Call) bool {
			return c.isDestination(g.To, call.RemoteParty)
		})
	case "park":
		return c.parked(who)
	case "retrieve":
		return !c.parked(who) && c.callOf(who, webex.StateConnected)
	case "divert":
		if g.To == "vm" {
			return c.ended(who, desk.OutcomeVoicemail)
		}
		return c.ended(who, desk.OutcomeDiverted) && c.sent("divert", g.To)
	case "pickup":
		return c.callOf(who, webex.StateConnected)
	case "hang_up":
		return c.ended(who, desk.OutcomeEnded)
	case "idle":
		return len(c.state.Calls) == 0
	}
	return false
}

// impossible says why a goal can no longer be met: its caller rang out,
// or has been nowhere in the world for absentGrace after the step's
// actions. "" while it can.
func (c *Coach) impossible(i int, g Goal, now time.Time) string {
	_, who := g.kind()
	if who == "" {
		return ""
	}
	if slices.ContainsFunc(c.happened, func(h desk.Happened) bool { return h.What == desk.Missed && rowMatches(h.Row, who) }) {
		return who + "'s call rang out unanswered"
	}
	if slices.Contains(c.performed, false) || c.somewhere(who) {
		delete(c.absent, i)
		return ""
	}
	since, ok := c.absent[i]
	if !ok {
		c.absent[i] = now
		return ""
	}
	if now.Sub(since) < absentGrace {
		return ""
	}
	return who + " is no longer on the line"
}

// somewhere reports whether the caller is anywhere in the world: on the
// trainee's line, parked, ringing or talking to a colleague, in a queue.
func (c *Coach) somewhere(who string) bool {
	if c.callOf(who, "") || c.parked(who) {
		return true
	}
	for _, col := range c.state.Colleagues {
		if col.Caller != nil && wireMatches(*col.Caller, who) {
			return true
		}
	}
	for _, q := range c.state.Queues {
		if slices.ContainsFunc(q.Callers, func(qc webex.QueueCall) bool { return wireMatches(qc.RemoteParty, who) }) {
			return true
		}
	}
	return false
}

// sent reports whether a request of the operation (transfer, dial, divert)
// was accepted with a destination that is dest, during the practice.
func (c *Coach) sent(op, dest string) bool {
	for _, r := range c.requests {
		if r.Method != "POST" || r.Path != "/v1/telephony/calls/"+op || r.Status >= 300 {
			continue
		}
		var body struct {
			Destination string `json:"destination"`
		}
		if json.Unmarshal(r.Body, &body) == nil && c.sameDestination(body.Destination, dest) {
			return true
		}
	}
	return false
}

// colleague returns the colleague a destination names (an extension,
// number or name), if any.
func (c *Coach) colleague(dest string) (sim.ColleagueState, bool) {
	for _, col := range c.state.Colleagues {
		if col.Extension == dest || col.Number == dest || strings.EqualFold(col.Name, dest) {
			return col, true
		}
	}
	return sim.ColleagueState{}, false
}

// sameDestination reports whether what the trainee typed reaches the
// scenario's destination: the extension itself, or the colleague's number
// written any way (+14155550103, 14155550103, 4155550103).
func (c *Coach) sameDestination(typed, dest string) bool {
	typed = strings.TrimSpace(typed)
	if typed == dest {
		return true
	}
	col, ok := c.colleague(dest)
	if !ok {
		return digitsOf(typed) != "" && digitsOf(typed) == digitsOf(dest)
	}
	d := digitsOf(typed)
	return typed == col.Extension || (len(d) >= 10 && strings.HasSuffix(digitsOf(col.Number), d[len(d)-10:]))
}

// isDestination reports whether a call's far end is the destination.
func (c *Coach) isDestination(dest string, p webex.Party) bool {
	if col, ok := c.colleague(dest); ok {
		return p.Name == col.Name || c.sameDestination(p.Number, dest)
	}
	return c.sameDestination(p.Number, dest)
}

// digitsOf keeps the digits of s.
func digitsOf(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
}
