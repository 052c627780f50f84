package e2e

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/callboard/callboard/webex"
	"github.com/callboard/callboard/webex/sim"
)

const (
	// soakSeed makes the soak's script repeatable: the same faults, callers,
	// far-end moves and keys at the same moments.
	soakSeed = 20260302
	// soakLength is how long faults, callers and keys go on.
	soakLength = 60 * time.Second
	// soakPhase is how long one fault setting lasts.
	soakPhase = 6 * time.Second
	// settleLimit bounds the wait for the screen to match the simulator once
	// the faults are gone: the console may be backing off (30 s at most by
	// default) when they clear.
	settleLimit = 60 * time.Second
	// frozenLimit is how long a screen showing a live call may stay
	// unchanged: its duration alone turns over every second.
	frozenLimit = 20 * time.Second
	// resendWindow is how long after an action the console could still send
	// it again (its action timeout is 15 s; a 429 is resent within seconds).
	resendWindow = 30 * time.Second
	// soakLogLimit keeps the whole soak in the simulator's request log.
	soakLogLimit = 100_000
	// crowded is the number of calls above which the far ends hang up, so
	// the list stays on screen.
	crowded = 6
)

// The fault soak: the real console against a simulator whose faults go on
// and off (latency, 5xx errors, dropped connections, 429 bursts) while
// callers ring, far ends answer, hold, resume and hang up, and the operator
// presses keys throughout, many of them on calls in the wrong state. Then
// the faults clear, and: the console is alive, its call list converges to
// the simulator's, and no action reached the simulator twice.
func TestFaultSoak(t *testing.T) {
	t.Parallel()
	opts := scriptedWorld()
	opts.Seed = soakSeed
	opts.DeviceAnswerDelay = time.Second
	opts.RequestLogLimit = soakLogLimit
	srv := startSim(t, opts)
	c := consoleOn(t, srv)

	script := soakScript(soakSeed)
	t.Logf("seed %d: %d scripted events over %s", soakSeed, len(script), soakLength)
	r := &soakRun{t: t, srv: srv, c: c}
	r.play(script)

	srv.Sim.ClearFaults()
	// Keys are read in order, so once ? shows the help every key the
	// operator pressed has been handled: the list can settle.
	cleared := time.Now()
	r.alive()
	r.converge(cleared)
	r.checkRequests()
}

// soakRun is the soak while it runs.
type soakRun struct {
	t   *testing.T
	srv *sim.Server
	c   *console

	lastScreen string    // the last screen seen while a live call was on it
	changed    time.Time // when that screen last changed
	longest    time.Duration
	farEnd     map[string]int // far-end moves: done, or refused by a state change meanwhile
}

// soakEvent is one scripted moment of the soak.
type soakEvent struct {
	at     time.Duration
	faults *sim.Faults   // switch the faults to these
	caller *sim.Inbound  // a call rings in
	farEnd bool          // a far end acts on one of the calls
	roll   uint64        // which far end, and what it does
	step   *operatorStep // the operator presses keys
}

// operatorStep is what the operator types for one action.
type operatorStep struct {
	name string
	// aim, when set, makes the operator first move the selection (j, k) to
	// the first row in one of these states, as read from the screen. The
	// screen may be out of date by the time the keys land: fine.
	aim   []string
	input []keyInput
}

// keyInput is one tmux send-keys: key names, or literal text.
type keyInput struct {
	keys []string
	text string
}

func press(keys ...string) keyInput { return keyInput{keys: keys} }
func typed(text string) keyInput    { return keyInput{text: text} }

// soakScript builds the whole script from seed. Destinations are unique, so
// that two accepted requests with the same body can only be a resend.
func soakScript(seed uint64) []soakEvent {
	rnd := rand.New(rand.NewPCG(seed, 0x50a4))
	var script []soakEvent
	between := func(lo, hi time.Duration) time.Duration { return lo + time.Duration(rnd.Int64N(int64(hi-lo)+1)) }

	// Fault phases: each cycle switches to every setting once, in a
	// shuffled order, so that each follows different others.
	settings := []func() sim.Faults{
		func() sim.Faults { return sim.Faults{LatencyMs: 300 + rnd.IntN(1201)} },
		func() sim.Faults { return sim.Faults{ErrorRate: 0.3, ErrorStatus: []int{500, 503}[rnd.IntN(2)]} },
		func() sim.Faults { return sim.Faults{DropRate: 0.3} },
		func() sim.Faults { return sim.Faults{RateLimitPerSecond: 1, RetryAfterSeconds: 1 + rnd.IntN(2)} },
		func() sim.Faults { return sim.Faults{} }, // all off
	}
	for at := time.Duration(0); at < soakLength; {
		rnd.Shuffle(len(settings), func(i, j int) { settings[i], settings[j] = settings[j], settings[i] })
		for _, setting := range settings {
			if at >= soakLength {
				break
			}
			f := setting()
			script = append(script, soakEvent{at: at, faults: &f})
			at += soakPhase
		}
	}
	for at, n := 500*time.Millisecond, 1; at < soakLength; at, n = at+between(2500*time.Millisecond, 4500*time.Millisecond), n+1 {
		script = append(script, soakEvent{at: at, caller: &sim.Inbound{
			Name: fmt.Sprintf("Caller %02d", n), Number: fmt.Sprintf("+1415556%04d", 1000+n),
		}})
	}
	for at := time.Second; at < soakLength; at += between(800*time.Millisecond, 1800*time.Millisecond) {
		script = append(script, soakEvent{at: at, farEnd: true, roll: rnd.Uint64()})
	}
	// The operator's keys, most of them aimed at a call in the right state.
	// When the selected call refuses a prompt's key, the text typed after it
	// acts as keys of its own (m mutes, enter answers), as an operator's
	// fumbles do.
	ringing, answered := []string{"ringing"}, []string{"connected", "on hold"}
	live := []string{"ringing", "ringing your phone", "connecting", "connected", "on hold", "held by remote"}
	dials, transfers := 0, 0
	for at := 1500 * time.Millisecond; at < soakLength; at += between(400*time.Millisecond, 900*time.Millisecond) {
		var s operatorStep
		switch w := rnd.IntN(100); {
		case w < 20:
			s = operatorStep{"answer", ringing, []keyInput{press("a")}}
		case w < 34:
			s = operatorStep{"hold or resume", answered, []keyInput{press("h")}}
		case w < 42:
			s = operatorStep{"park", answered, []keyInput{press("p", "Enter")}}
		case w < 50:
			s = operatorStep{"retrieve", nil, []keyInput{press("P", "Enter")}}
		case w < 57:
			dials++
			s = operatorStep{"dial", nil, []keyInput{press("d"), typed(fmt.Sprintf("+1415555%04d", 2000+dials)), press("Enter")}}
		case w < 66:
			transfers++
			s = operatorStep{"transfer", answered, []keyInput{press("t"), typed(fmt.Sprintf("+1415555%04d", 3000+transfers)), press("Enter")}}
		case w < 72:
			s = operatorStep{"divert to voicemail", ringing, []keyInput{press("v"), typed("vm"), press("Enter")}}
		case w < 78:
			s = operatorStep{"reject", ringing, []keyInput{press("r")}}
		case w < 88:
			s = operatorStep{"hang up", live, []keyInput{press("e")}}
		case w < 94:
			s = operatorStep{"down", nil, []keyInput{press("j")}}
		default:
			s = operatorStep{"up", nil, []keyInput{press("k")}}
		}
		if rnd.IntN(10) < 3 {
			s.aim = nil // the key lands on whatever is selected
		}
		script = append(script, soakEvent{at: at, step: &s})
	}
	slices.SortStableFunc(script, func(a, b soakEvent) int { return cmp.Compare(a.at, b.at) })
	return script
}

// play runs the script in real time. The waits between events pace the
// script; they do not wait for anything to happen.
func (r *soakRun) play(script []soakEvent) {
	r.t.Helper()
	r.farEnd = make(map[string]int)
	steps := make(map[string]int)
	var lag time.Duration // how late the script's last action was, at most
	start := time.Now()
	r.changed = start
	for _, ev := range script {
		if d := time.Until(start.Add(ev.at)); d > 0 {
			timer := time.NewTimer(d)
			<-timer.C
		}
		switch {
		case ev.faults != nil:
			if err := r.srv.Sim.SetFaults(*ev.faults); err != nil {
				r.t.Fatalf("set faults %+v: %v", *ev.faults, err)
			}
			r.t.Logf("%5.1fs faults %s", ev.at.Seconds(), describeFaults(*ev.faults))
		case ev.caller != nil:
			if _, err := r.srv.Sim.Inbound(*ev.caller); err != nil {
				r.t.Logf("%5.1fs %s could not ring: %v", ev.at.Seconds(), ev.caller.Name, err)
			}
		case ev.farEnd:
			r.farEndActs(ev.roll)
		case ev.step != nil:
			steps[ev.step.name]++
			r.closePrompt()
			r.aim(ev.step.aim)
			for _, in := range ev.step.input {
				if len(in.keys) > 0 {
					r.c.press(in.keys...)
				}
				if in.text != "" {
					r.c.typeText(in.text)
				}
			}
		}
		r.watch()
		lag = max(lag, time.Since(start)-ev.at)
	}
	r.t.Logf("operator steps: %v; far-end moves: %v", steps, r.farEnd)
	r.t.Logf("the script ran at most %s behind; the longest a screen with a live call stayed unchanged: %s",
		lag.Round(time.Millisecond), r.longest.Round(time.Millisecond))
}

// closePrompt presses Escape when a prompt is open, as an operator would
// before the next action: a prompt opened by a key whose action could not
// apply takes the typing that follows, on purpose. Escape goes on its own
// and is waited for, since Escape and a key sent together read as alt+key.
func (r *soakRun) closePrompt() {
	r.t.Helper()
	open := func(s screen) bool { return s.has("esc cancels") || s.has("esc closes") }
	if !open(r.c.screen()) {
		return
	}
	r.c.press("Escape")
	r.c.await(10*time.Second, func(s screen) bool { return !open(s) })
}

// aim moves the selection to the first row in one of states, if the
// screen shows one.
func (r *soakRun) aim(states []string) {
	r.t.Helper()
	if len(states) == 0 {
		return
	}
	rows := r.c.screen().calls()
	from := slices.IndexFunc(rows, func(row callRow) bool { return row.selected })
	to := slices.IndexFunc(rows, func(row callRow) bool { return slices.Contains(states, row.state) })
	if from < 0 || to < 0 || from == to {
		return
	}
	key, n := "j", to-from
	if n < 0 {
		key, n = "k", -n
	}
	r.c.press(slices.Repeat([]string{key}, n)...)
}

// farEndActs makes one far end act the way callers do: answer a call the
// operator placed, hold, resume, hang up, give up ringing. The roll picks
// the call and the move. On a crowded line a far end hangs up.
func (r *soakRun) farEndActs(roll uint64) {
	calls := r.srv.Sim.State().Calls
	if len(calls) == 0 {
		return
	}
	c := calls[roll%uint64(len(calls))]
	chance := (roll >> 32) % 100
	var move string
	switch {
	case len(calls) > crowded:
		move = sim.RemoteHangup
	case c.State == webex.StateConnecting && chance < 80:
		move = sim.RemoteAnswer
	case c.State == webex.StateAlerting && c.Personality == webex.PersonalityTerminator && chance < 15:
		move = sim.RemoteHangup // the caller gives up
	case c.State == webex.StateConnected && chance < 25:
		move = sim.RemoteHold
	case c.State == webex.StateConnected && chance < 45:
		move = sim.RemoteHangup
	case c.State == webex.StateRemoteHeld && chance < 60:
		move = sim.RemoteResume
	case c.State == webex.StateRemoteHeld && chance < 75, c.State == webex.StateHeld && chance < 20:
		move = sim.RemoteHangup
	default:
		return
	}
	if err := r.srv.Sim.Remote(c.ID, move); err != nil {
		// The operator's action changed the call since the snapshot.
		r.farEnd[move+" refused"]++
		return
	}
	r.farEnd[move]++
}

// watch reads the screen, which also keeps it for the secret scan, and
// fails the test when a screen with a live call on it stops changing.
func (r *soakRun) watch() {
	r.t.Helper()
	s := r.c.screen()
	if len(liveRows(s)) == 0 {
		r.lastScreen, r.changed = "", time.Now()
		return
	}
	text := strings.Join(s.lines, "\n")
	if text != r.lastScreen {
		r.lastScreen, r.changed = text, time.Now()
		return
	}
	still := time.Since(r.changed)
	r.longest = max(r.longest, still)
	if still > frozenLimit {
		r.t.Fatalf("the console froze: the screen has not changed for %s although a call's time should tick every second:\n%s", still.Round(time.Second), s)
	}
}

// converge waits until the call list shows what the simulator holds: the
// same callers in the same states, online.
func (r *soakRun) converge(cleared time.Time) {
	r.t.Helper()
	var want, got []string
	s, ok := r.c.await(settleLimit, func(s screen) bool {
		want, got = simRows(r.srv.Sim.State().Calls), liveRows(s)
		return strings.Contains(s.lines[0], "● online") && slices.Equal(want, got)
	})
	if !ok {
		r.t.Fatalf("%s after the help closed, the call list still differs from the simulator's calls:\n  simulator: %q\n  screen:    %q\nthe screen:\n%s\nthe simulator's calls: %+v",
			settleLimit, want, got, s, r.srv.Sim.State().Calls)
	}
	r.t.Logf("the call list matched the simulator %s after the faults cleared: %q", time.Since(cleared).Round(100*time.Millisecond), got)
}

// alive checks that the console still runs and answers keys: ? shows the
// help, ? again hides it. A console that fell behind while the machine was
// busy may have keys to catch up on first, hence the longer wait.
func (r *soakRun) alive() {
	r.t.Helper()
	if _, err := os.Stat(r.c.exitFile); err == nil {
		r.t.Fatalf("the console exited during the soak; the screen:\n%s", r.c.screen())
	}
	const helpTitle = "keys that act now"
	r.closePrompt() // the last step may have left one open, as it would an operator
	pressed := time.Now()
	r.c.press("?")
	if s, ok := r.c.await(settleLimit, func(s screen) bool { return s.has(helpTitle) }); !ok {
		r.t.Fatalf("the console did not show the help %s after ?; the screen:\n%s", settleLimit, s)
	}
	r.t.Logf("after the soak the console showed the help %s after ?", time.Since(pressed).Round(10*time.Millisecond))
	r.c.press("?")
	r.c.waitFor("the help to close and the call list to return", func(s screen) bool {
		return !s.has(helpTitle) && s.heading() >= 0
	})
}

// watchedActions are the actions the console must never send twice: each
// one repeated is a real phone call placed, moved or ended twice. Hold and
// resume toggle, so the same body is legitimately accepted again and again.
var watchedActions = []string{"answer", "dial", "divert", "hangup", "park", "reject", "retrieve", "transfer"}

// checkRequests reads the simulator's request log: counts by operation and
// status go to the test log, and no action was accepted twice.
func (r *soakRun) checkRequests() {
	r.t.Helper()
	reqs := r.srv.Sim.Requests()
	switch {
	case len(reqs) == 0:
		r.t.Fatal("the simulator received no requests")
	case len(reqs) >= soakLogLimit:
		r.t.Fatalf("the simulator's request log is full (%d): the oldest requests are lost", len(reqs))
	}
	for _, d := range acceptedTwice(reqs, resendWindow) {
		first, again := reqs[d[0]], reqs[d[1]]
		r.t.Errorf("%s accepted twice, %s apart: the console sent the same action again; body %s; every request with that body:%s",
			operation(again), again.Time.Sub(first.Time.Time).Round(time.Millisecond), again.Body, describeRequests(sameBody(reqs, again)))
	}

	counts := make(map[string]map[string]int)
	var refused, accepted int
	for _, q := range reqs {
		op := operation(q)
		if counts[op] == nil {
			counts[op] = make(map[string]int)
		}
		counts[op][statusWord(q.Status)]++
		if q.Status == 0 || q.Status == 429 || q.Status >= 500 {
			refused++
		}
		if q.Method == "POST" && q.Status >= 200 && q.Status <= 299 {
			accepted++
		}
	}
	ops := make([]string, 0, len(counts))
	for op := range counts {
		ops = append(ops, op)
	}
	slices.Sort(ops)
	var b strings.Builder
	for _, op := range ops {
		words := make([]string, 0, len(counts[op]))
		for w := range counts[op] {
			words = append(words, w)
		}
		slices.Sort(words)
		fmt.Fprintf(&b, "\n  %-20s", op)
		for _, w := range words {
			fmt.Fprintf(&b, " %s×%d", w, counts[op][w])
		}
	}
	r.t.Logf("%d requests, %d refused by a fault or dropped, %d actions accepted; by operation and status:%s",
		len(reqs), refused, accepted, b.String())
	if refused == 0 {
		r.t.Error("no request met a fault: the soak did not soak")
	}
	if accepted == 0 {
		r.t.Error("the simulator accepted no action: the operator's keys did nothing")
	}
}

// acceptedTwice finds the watched actions the simulator accepted twice with
// the same body within window, as pairs of indexes into reqs (oldest first).
//
// A request refused with 429 or an injected fault and then sent again is
// fine: the simulator refuses a faulted request before it acts (in
// Simulator.serveAPI the injected latency runs and faultState.judge decides
// before routeAPI touches the world; a request dropped by a fault, or whose
// client gave up during the latency, is logged with status 0 and was never
// acted on), so only the resend can have acted. Two ACCEPTED requests with
// the same body, though, are one action done twice. The soak's destinations
// are unique and every other watched body names a call that the action
// ends or answers, so the operator never asks for the same accepted action
// twice; the one exception is a retrieve from the same place, which is fine
// when a park was accepted in between.
func acceptedTwice(reqs []sim.RequestRecord, window time.Duration) [][2]int {
	type key struct{ path, body string }
	last := make(map[key]int) // the latest accepted request with that body
	var lastPark time.Time
	var out [][2]int
	for i, q := range reqs {
		op := operation(q)
		if q.Method != "POST" || !slices.Contains(watchedActions, op) || q.Status < 200 || q.Status > 299 {
			continue
		}
		k := key{q.Path, string(q.Body)}
		if j, ok := last[k]; ok && q.Time.Sub(reqs[j].Time.Time) <= window &&
			!(op == "retrieve" && lastPark.After(reqs[j].Time.Time)) {
			out = append(out, [2]int{j, i})
		}
		last[k] = i
		if op == "park" {
			lastPark = q.Time.Time
		}
	}
	return out
}

// operation names a request: the Call Controls action, or the method and path.
func operation(q sim.RequestRecord) string {
	if op, ok := strings.CutPrefix(q.Path, "/v1/telephony/calls/"); ok && q.Method == "POST" {
		return op
	}
	return q.Method + " " + strings.TrimPrefix(q.Path, "/v1")
}

// statusWord is a status for the counts: 0 is a request that got no answer.
func statusWord(status int) string {
	if status == 0 {
		return "dropped"
	}
	return fmt.Sprint(status)
}

// sameBody returns the requests to q's path with q's body.
func sameBody(reqs []sim.RequestRecord, q sim.RequestRecord) []sim.RequestRecord {
	var out []sim.RequestRecord
	for _, o := range reqs {
		if o.Path == q.Path && string(o.Body) == string(q.Body) {
			out = append(out, o)
		}
	}
	return out
}

func describeFaults(f sim.Faults) string {
	switch {
	case f.LatencyMs > 0:
		return fmt.Sprintf("latency %d ms", f.LatencyMs)
	case f.ErrorRate > 0:
		return fmt.Sprintf("%.0f%% refused with %d", 100*f.ErrorRate, f.ErrorStatus)
	case f.DropRate > 0:
		return fmt.Sprintf("%.0f%% of connections dropped", 100*f.DropRate)
	case f.RateLimitPerSecond > 0:
		return fmt.Sprintf("%d request/s, then 429 with Retry-After %d s", f.RateLimitPerSecond, f.RetryAfterSeconds)
	}
	return "cleared"
}

// outcomeWords are the states of rows that left the line: they linger a few
// seconds, so the comparison with the simulator skips them.
var outcomeWords = []string{"ended", "parked", "transferred", "diverted", "rejected", "pushed"}

// liveRows reads the call list as "name · state" for each call still on
// the line, sorted.
func liveRows(s screen) []string {
	var out []string
	for _, row := range s.calls() {
		if !slices.Contains(outcomeWords, row.state) {
			out = append(out, row.remote+" · "+row.state)
		}
	}
	slices.Sort(out)
	return out
}

// simRows is what the call list should show for the simulator's calls, in
// the words the design gives each state. It is written out here rather
// than taken from the console's model, so that a mapping bug there shows.
func simRows(calls []webex.Call) []string {
	out := make([]string, 0, len(calls))
	for _, c := range calls {
		name := c.RemoteParty.Name
		if name == "" {
			name = c.RemoteParty.Number
		}
		var state string
		switch c.State {
		case webex.StateAlerting:
			state = "ringing your phone"
			if c.Personality == webex.PersonalityTerminator {
				state = "ringing"
			}
		case webex.StateConnecting:
			state = "connecting"
		case webex.StateConnected:
			state = "connected"
		case webex.StateHeld:
			state = "on hold"
		case webex.StateRemoteHeld:
			state = "held by remote"
		default:
			state = string(c.State)
		}
		out = append(out, name+" · "+state)
	}
	slices.Sort(out)
	return out
}
