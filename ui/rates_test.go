package ui

import (
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/callboard/callboard/webex"
)

// rateRun is one simulated hour of a console watching three lines and two
// queues, with do not disturb, forwarding and conferences read, on the
// console's clock: every request it sends, by endpoint.
func rateRun(t *testing.T, sc rateScenario) map[string]int {
	t.Helper()
	busy := sc == everyLineBusy
	h, fd := frontDeskHarness(t, 160, 40, func(o *fakeFrontDesk) {
		if !busy {
			return
		}
		o.byLine[mainLine] = []webex.Call{ringing("m1", "Main Caller", "+12065550199", epoch())}
		o.byLine[execLine] = []webex.Call{ringing("e1", "Exec Caller", "+12065550188", epoch())}
		for _, q := range []string{"Q-Support", "Q-Sales"} {
			o.callers[q] = []webex.QueueCall{{CallID: "w-" + q, RemoteParty: webex.Party{Name: "Waiting", Number: "+12065550100"},
				AddTime: webex.NewTimestamp(epoch()), QueueName: q}}
		}
	}, func(o *Options) { o.Desk.QueueAlarm = 0 })
	if sc != idle {
		h.api.setCalls(ringing("a", "Own Caller", "+12065550177", epoch()))
	}
	_ = fd
	start := len(h.api.sent(true))
	h.advance(time.Hour)
	counts := map[string]int{}
	for _, r := range h.api.sent(true)[start:] {
		name := r.method
		switch {
		case r.method == "ListCalls" && r.req == "":
			name = "List Calls, own line"
		case r.method == "ListCalls" && r.req == mainLine:
			name = "List Calls, main line"
		case r.method == "ListCalls":
			name = "List Calls, executive's line"
		case r.method == "QueueCalls":
			name = "queue callers, " + strings.TrimPrefix(r.req.(string), "Q-")
		case r.method == "QueueSettings":
			name = "queue settings"
		case r.method == "DoNotDisturb":
			name = "do not disturb"
		case r.method == "CallForwarding":
			name = "forwarding"
		case r.method == "Conference":
			name = "conference"
		}
		counts[name]++
	}
	return counts
}

// rateScenario is what happens during the measured hour.
type rateScenario int

const (
	idle          rateScenario = iota // nothing rings, nobody waits
	ownLineBusy                       // a call rings on the operator's own line
	everyLineBusy                     // a call rings on every line, a caller waits in each queue
)

func (s rateScenario) String() string {
	switch s {
	case ownLineBusy:
		return "busy: a call ringing on your own line"
	case everyLineBusy:
		return "busy: a call ringing on every line, a caller waiting in each queue"
	}
	return "idle"
}

// TestRequestRates measures what a console watching three lines and two
// queues asks of Webex in an hour, idle and busy, and holds it to the
// budget: never more than poll.budget (120) reads a minute, the own line as
// often as ever while idle, every line and queue still read while busy.
// go test ./ui -run TestRequestRates -v prints the figures BENCHMARKS.md
// quotes.
func TestRequestRates(t *testing.T) {
	for _, sc := range []rateScenario{idle, ownLineBusy, everyLineBusy} {
		counts := rateRun(t, sc)
		total := 0
		for _, n := range counts {
			total += n
		}
		name := sc.String()
		var names []string
		for k := range counts {
			names = append(names, k)
		}
		sort.Strings(names)
		var b strings.Builder
		fmt.Fprintf(&b, "%s: %d requests in an hour\n", name, total)
		for _, k := range names {
			fmt.Fprintf(&b, "  %-32s %5d\n", k, counts[k])
		}
		t.Log(b.String())
		if total > 120*60 {
			t.Errorf("%s: %d requests in an hour, over the budget of 7,200", name, total)
		}
		for _, k := range []string{"List Calls, own line", "List Calls, main line", "List Calls, executive's line",
			"queue callers, Support", "queue callers, Sales", "queue settings", "do not disturb", "forwarding"} {
			if counts[k] == 0 {
				t.Errorf("%s: %s never read", name, k)
			}
		}
		switch sc {
		case ownLineBusy:
			if own := counts["List Calls, own line"]; own < 3590 {
				t.Errorf("%s: the own line polled %d times an hour, want every second as with one line", name, own)
			}
		case idle:
			if own := counts["List Calls, own line"]; own < 1790 || own > 1810 {
				t.Errorf("idle: the own line polled %d times an hour, want 1,800 as with one line", own)
			}
			if q := counts["List Calls, main line"]; q > 610 {
				t.Errorf("idle: a quiet line polled %d times an hour, want about 600", q)
			}
		}
	}
}
