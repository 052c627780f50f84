package sim

import (
	"net/http"
	"runtime"
	"testing"
	"time"

	"github.com/callboard/callboard/internal/spec"
	"github.com/callboard/callboard/webex"
)

// randomWorld makes a harness running the random scenario with the default
// (random) timings.
func randomWorld(t testing.TB, v *spec.Validator, seed int64) *harness {
	return newHarnessWith(t, v, func(o *Options) {
		o.Seed = seed
		o.InboundEvery = 20 * time.Second
		o.RemoteAnswerSpread = 0
		o.TalkTimeSpread = 0
	})
}

// operate plays a user who answers most ringing calls (and lets the rest
// ring out), holds and hangs up now and then, and dials once in a while; the
// choices depend only on the step and the calls listed.
func operate(h *harness, step int, calls []webex.Call) {
	for i, c := range calls {
		switch {
		case c.State == webex.StateAlerting && c.Personality == webex.PersonalityTerminator && c.Created.Second()%4 != 0 && step%3 != 0:
			h.post("answer", webex.AnswerRequest{CallID: c.ID})
			return
		case c.State == webex.StateConnected && step%17 == i:
			h.post("hold", webex.CallRequest{CallID: c.ID})
			return
		case c.State == webex.StateHeld && step%11 == 0:
			h.post("hangup", webex.CallRequest{CallID: c.ID})
			return
		}
	}
	if step%97 == 0 {
		h.post("dial", webex.DialRequest{Destination: "+13125550178"})
	}
}

// run plays a scenario for d in 1 s steps and returns every List Calls body.
func run(t testing.TB, v *spec.Validator, seed int64, d time.Duration) (frames []string, h *harness) {
	h = randomWorld(t, v, seed)
	for step := range int(d / time.Second) {
		h.advance(time.Second)
		r := h.do(http.MethodGet, "/v1/telephony/calls", nil)
		frames = append(frames, string(r.body))
		var l webex.CallList
		r.decode(t, &l)
		operate(h, step, l.Items)
	}
	return frames, h
}

func TestScenarioDeterministic(t *testing.T) {
	v := newValidator(t)
	a, ha := run(t, v, 42, 15*time.Minute)
	b, hb := run(t, v, 42, 15*time.Minute)
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("step %d differs with the same seed:\n%s\n%s", i, a[i], b[i])
		}
	}
	if ra, rb := ha.history(""), hb.history(""); len(ra) != len(rb) {
		t.Errorf("history differs: %d and %d records", len(ra), len(rb))
	}
	c, _ := run(t, v, 43, 15*time.Minute)
	same := 0
	for i := range a {
		if a[i] == c[i] {
			same++
		}
	}
	if same == len(a) {
		t.Error("a different seed played the same scenario")
	}
}

// TestScenarioVariety checks that the random scenario exercises what it
// promises: redirected and private callers, colleagues ringing and on calls,
// missed and received calls.
func TestScenarioVariety(t *testing.T) {
	h := randomWorld(t, newValidator(t), 7)
	var redirected, private, ringing, onCall bool
	for step := range 3600 {
		h.advance(time.Second)
		calls := h.list()
		for _, c := range calls {
			redirected = redirected || len(c.Redirections) > 0
			private = private || c.RemoteParty.PrivacyEnabled
		}
		if step%30 == 0 {
			for _, c := range h.sim.State().Colleagues {
				ringing = ringing || c.Status == ColleagueRinging
				onCall = onCall || (c.Status == ColleagueOnCall && c.Extension != LongCallExtension)
			}
		}
		operate(h, step, calls)
	}
	if !redirected || !private || !ringing || !onCall {
		t.Errorf("an hour without variety: redirected %v, private %v, colleague ringing %v, colleague on a call %v",
			redirected, private, ringing, onCall)
	}
	if len(h.history(webex.HistoryMissed)) == 0 || len(h.history(webex.HistoryReceived)) == 0 {
		t.Error("an hour without missed or received calls")
	}
}

func heapAfterGC() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// TestHourWithoutGrowth plays an hour of simulated time (1 s steps, random
// calls every ~20 s, List Calls polled every step) and checks that nothing
// grows without bound.
func TestHourWithoutGrowth(t *testing.T) {
	h := randomWorld(t, newValidator(t), 99)
	var heap10 uint64
	maxCallsSeen, maxEvents := 0, 0
	colleagues := colleagueIndexes()
	for step := 1; step <= 3600; step++ {
		h.advance(time.Second)
		calls := h.list()
		operate(h, step, calls)
		if step%10 == 0 {
			h.history("")
		}
		// A console watching the office: one colleague's presence and line
		// a second, the directory and the monitoring list now and then, and
		// presence set and expiring through the control plane.
		who := &directory[colleagues[step%len(colleagues)]]
		h.presenceOf(who.extension)
		h.memberCalls(personID(who.key()))
		if step%60 == 0 {
			// The queue and line panes: queue settings and callers, the
			// main line, the conference; and a caller in the Sales queue.
			h.queueSettings()
			h.queueCalls(supportQueue)
			h.listOn(mainLine)
			h.conference("")
			h.do(http.MethodPost, "/_sim/queues/5200/callers", QueueCaller{Name: "Emma Novak", Number: "+16175550112"})
			h.directory("name=a")
			h.get("/v1/telephony/config/people/me/settings/monitoring", nil)
			h.get("/v1/people?displayName=m&max=3", nil)
			h.do(http.MethodPut, "/_sim/people/"+who.extension+"/presence", map[string]any{"status": "meeting", "minutes": 1})
		}
		st := h.sim.State()
		live := len(st.Calls) + len(st.IgnoredCalls) + len(st.Parked)
		for _, l := range st.Lines {
			live += len(l.Calls)
		}
		for _, q := range st.Queues {
			live += len(q.Callers)
			if len(q.Callers) > maxQueueCallers {
				t.Fatalf("step %d: %d callers wait in %s", step, len(q.Callers), q.Name)
			}
		}
		for _, c := range st.Colleagues {
			if c.Status != ColleagueIdle {
				live++
			}
		}
		// At most one timer of each kind per live call, plus the two
		// scenarios' (calls, queue callers).
		if st.PendingEvents > int(timerKinds)*live+2 {
			t.Fatalf("step %d: %d pending events for %d live calls", step, st.PendingEvents, live)
		}
		if len(st.Calls)+len(st.IgnoredCalls)+len(st.Lines[0].Calls)+len(st.Lines[1].Calls) > maxCalls {
			t.Fatalf("step %d: %d calls", step, len(st.Calls))
		}
		for typ, n := range st.History {
			if n > historyLimit {
				t.Fatalf("step %d: %d %s records", step, n, typ)
			}
		}
		if st.RequestLog > DefaultRequestLogLimit {
			t.Fatalf("step %d: request log holds %d", step, st.RequestLog)
		}
		if n := len(h.sim.eng.overrides); n > 2 {
			t.Fatalf("step %d: %d presence overrides kept after their minute", step, n)
		}
		maxCallsSeen = max(maxCallsSeen, len(st.Calls))
		maxEvents = max(maxEvents, st.PendingEvents)
		if step == 600 {
			heap10 = heapAfterGC()
		}
	}
	heap60 := heapAfterGC()
	st := h.sim.State()
	t.Logf("heap after GC: %d KiB at minute 10, %d KiB at minute 60; at most %d calls and %d pending events; request log %d; history %v",
		heap10/1024, heap60/1024, maxCallsSeen, maxEvents, st.RequestLog, st.History)
	// The request log fills up between the two points (a few hundred bytes a
	// record); anything beyond a generous bound is a leak.
	const bound = 8 << 20
	if heap60 > heap10+bound {
		t.Errorf("heap grew from %d to %d bytes between minute 10 and minute 60", heap10, heap60)
	}
	if st.History[webex.HistoryMissed] == 0 || st.History[webex.HistoryReceived] == 0 {
		t.Errorf("the hour had no traffic: history %v", st.History)
	}
}
