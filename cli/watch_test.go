package cli_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/callboard/callboard/cli"
	"github.com/callboard/callboard/webex"
	"github.com/callboard/callboard/webex/sim"
)

// running is a command started in the background.
type running struct {
	stdout, stderr *syncBuffer
	cancel         context.CancelFunc
	done           chan int
}

// start runs callboard in the background with the harness's
// configuration and environment, until it exits or the test cancels it.
func (h *harness) start(args ...string) *running {
	ctx, cancel := context.WithCancel(h.t.Context())
	r := &running{stdout: &syncBuffer{}, stderr: &syncBuffer{}, cancel: cancel, done: make(chan int, 1)}
	env := h.env()
	go func() {
		r.done <- cli.Main(ctx, append([]string{"--config", h.config}, args...), cli.Env{
			Stdin: strings.NewReader(""), Stdout: r.stdout, Stderr: r.stderr,
			Getenv: func(k string) string { return env[k] },
		})
	}()
	h.t.Cleanup(func() {
		cancel()
		<-r.done
		h.collect(r.stdout.String(), r.stderr.String())
	})
	return r
}

// events decodes the JSON lines written so far.
func events(t *testing.T, out string) []map[string]any {
	t.Helper()
	var evs []map[string]any
	for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if line == "" {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("not a JSON line: %q: %v", line, err)
		}
		evs = append(evs, m)
	}
	return evs
}

func hasEvent(evs []map[string]any, event, callID string) bool {
	for _, e := range evs {
		if e["event"] == event && (callID == "" || e["call_id"] == callID) {
			return true
		}
	}
	return false
}

const fastPolls = "[poll]\nfast = \"250ms\"\nidle = \"250ms\"\n"

// `callboard watch --once answered --call ID` returns when that call is
// answered, having printed the events of that call on the way.
func TestWatchOnceAnswered(t *testing.T) {
	h := newHarness(t)
	h.writeConfig(fastPolls)
	other := h.ringing(sim.Inbound{Name: "Somebody Else", Number: "+14155550199"})
	id := h.ringing(sim.Inbound{Name: "Ada Lovelace", Number: "+14155550111"})
	w := h.start("watch", "--once", "answered", "--call", id)
	waitFor(t, "the ringing call in the stream", func() bool { return hasEvent(events(t, w.stdout.String()), "ringing", id) })
	// Another call answered is not the one waited for.
	h.must(h.client.Answer(t.Context(), webex.AnswerRequest{CallID: other}))
	h.must(h.client.Answer(t.Context(), webex.AnswerRequest{CallID: id}))
	code := <-w.done
	w.done <- code // for the cleanup
	if code != cli.ExitOK {
		t.Fatalf("watch --once answered exited %d\n%s", code, w.stderr.String())
	}
	evs := events(t, w.stdout.String())
	last := evs[len(evs)-1]
	if last["event"] != "answered" || last["call_id"] != id || last["caller_name"] != "Ada Lovelace" ||
		last["caller_number"] != "+14155550111" || last["state"] != "on-call" || last["direction"] != "incoming" {
		t.Errorf("the last event = %v", last)
	}
	for _, e := range evs {
		if e["call_id"] != id {
			t.Errorf("--call %s printed another call's event: %v", id, e)
		}
	}
}

// The stream without --once prints every event, the operator's state
// included, until interrupted; then it exits 0.
func TestWatchStreamsUntilInterrupted(t *testing.T) {
	h := newHarness(t)
	h.writeConfig(fastPolls)
	w := h.start("watch")
	waitFor(t, "the operator's state at start", func() bool { return hasEvent(events(t, w.stdout.String()), "operator", "") })
	id := h.connected("Grace Hopper", "+14155550112")
	waitFor(t, "the operator on a call", func() bool {
		for _, e := range events(t, w.stdout.String()) {
			if e["event"] == "operator" && e["state"] == "on-call" {
				return true
			}
		}
		return false
	})
	h.must(h.srv.Sim.Remote(id, sim.RemoteHangup))
	waitFor(t, "the call ended", func() bool { return hasEvent(events(t, w.stdout.String()), "ended", id) })
	w.cancel()
	if code := <-w.done; code != cli.ExitOK {
		t.Errorf("an interrupted watch exited %d, want 0\n%s", code, w.stderr.String())
	}
	w.done <- 0
}

func TestWatchOnceInterruptedFails(t *testing.T) {
	h := newHarness(t)
	h.writeConfig(fastPolls)
	w := h.start("watch", "--once", "answered")
	waitFor(t, "the stream to start", func() bool { return hasEvent(events(t, w.stdout.String()), "operator", "") })
	w.cancel()
	code := <-w.done
	w.done <- code
	if code != cli.ExitError || !strings.Contains(w.stderr.String(), `interrupted before the first "answered" event`) {
		t.Errorf("exit %d, stderr %q; want 1 and why", code, w.stderr.String())
	}
}

func TestWatchRefusesAnUnknownEvent(t *testing.T) {
	h := newHarness(t)
	o := h.run("watch", "--once", "rang")
	if o.code != cli.ExitUsage || !strings.Contains(o.stderr, `--once rang: not an event; the events are ringing, answered`) {
		t.Errorf("%s", o)
	}
}

// `callboard watch --hooks` runs the configured hooks without the console.
func TestWatchRunsHooks(t *testing.T) {
	h := newHarness(t)
	log := filepath.Join(h.dir, "events.log")
	h.writeConfig(fastPolls + `
[[hooks]]
events = ["ringing", "answered"]
shell = true
command = ['printf "%s %s\n" "$CALLBOARD_EVENT" "$CALLBOARD_CALLER_NAME" >>"` + log + `"']
`)
	w := h.start("watch", "--hooks")
	id := h.ringing(sim.Inbound{Name: "Ada Lovelace", Number: "+14155550111"})
	waitFor(t, "the hook to log the ringing call", func() bool {
		data, _ := os.ReadFile(log)
		return strings.Contains(string(data), "ringing Ada Lovelace\n")
	})
	h.must(h.client.Answer(t.Context(), webex.AnswerRequest{CallID: id}))
	waitFor(t, "the hook to log the answer", func() bool {
		data, _ := os.ReadFile(log)
		return strings.Contains(string(data), "answered Ada Lovelace\n")
	})
	if !hasEvent(events(t, w.stdout.String()), "answered", id) {
		t.Errorf("the stream lacks the answer:\n%s", w.stdout.String())
	}
}

// A --call id is checked as the verbs check one, before anything is sent:
// it is echoed in messages.
func TestWatchRefusesAControlCharacterInTheCallID(t *testing.T) {
	h := newHarness(t)
	mark := h.mark()
	o := h.run("watch", "--call", "c1\x1b[2J")
	if o.code != cli.ExitUsage || !strings.Contains(o.stderr, `call id "c1\x1b[2J" holds a control character`) || o.stdout != "" {
		t.Errorf("%s", o)
	}
	if sent := h.since(mark); len(sent) != 0 {
		t.Errorf("requests sent: %v", sent)
	}
}

func TestWatchNeedsASignIn(t *testing.T) {
	h := newHarness(t)
	o := h.runWith(map[string]string{}, "watch")
	if o.code != cli.ExitUsage || !strings.Contains(o.stderr, "no Webex sign-in") {
		t.Errorf("%s", o)
	}
}

// listsOfCalls counts the lists of the line's calls the simulator has
// answered since mark: the polls of a watch.
func (h *harness) listsOfCalls(mark int) int {
	n := 0
	for _, r := range h.since(mark) {
		if r.Method == "GET" && r.Path == "/v1/telephony/calls" && r.Status == 200 {
			n++
		}
	}
	return n
}

// settled waits for a watch started after mark to exit, and returns its
// exit code. One list of the line's calls is all the watch needs to
// decide: it fails the test if the watch lists them a third time instead.
func settled(t *testing.T, h *harness, w *running, mark int) int {
	t.Helper()
	code := -1
	waitFor(t, "watch to exit", func() bool {
		select {
		case code = <-w.done:
			w.done <- code // for the cleanup
			return true
		default:
		}
		if n := h.listsOfCalls(mark); n >= 3 {
			t.Fatalf("watch is still running after %d lists of the calls\n--- stdout\n%s--- stderr\n%s", n, w.stdout.String(), w.stderr.String())
		}
		return false
	})
	return code
}

// A call already in the state the --once event leads to when watch starts
// is reported at once, as that event, and watch exits 0: a script that
// starts watching a moment late is not left waiting for ever.
func TestWatchOnceReportsAStateAlreadyReached(t *testing.T) {
	for _, c := range []struct {
		name, once string
		setup      func(h *harness, id string)
		callState  string
		state      string // another call rings: it wins over a hold
	}{
		{"answered, connected", "answered", func(*harness, string) {}, "connected", "on-call"},
		{"answered, on hold", "answered", func(h *harness, id string) { h.must(h.client.Hold(h.t.Context(), h.callReq(id))) }, "on-hold", "ringing"},
		{"answered, held by the remote", "answered", func(h *harness, id string) { h.must(h.srv.Sim.Remote(id, sim.RemoteHold)) }, "held-by-remote", "on-call"},
		{"held, on hold", "held", func(h *harness, id string) { h.must(h.client.Hold(h.t.Context(), h.callReq(id))) }, "on-hold", "ringing"},
	} {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t)
			h.writeConfig(fastPolls)
			h.ringing(sim.Inbound{Name: "Somebody Else", Number: "+14155550199"})
			id := h.connected("Ada Lovelace", "+14155550111")
			c.setup(h, id)
			mark := h.mark()
			w := h.start("watch", "--once", c.once, "--call", id)
			if code := settled(t, h, w, mark); code != cli.ExitOK {
				t.Fatalf("exit %d, want 0\n%s", code, w.stderr.String())
			}
			evs := events(t, w.stdout.String())
			if len(evs) != 1 {
				t.Fatalf("want one event, got:\n%s", w.stdout.String())
			}
			e := evs[0]
			if e["event"] != c.once || e["call_id"] != id || e["caller_name"] != "Ada Lovelace" ||
				e["call_state"] != c.callState || e["state"] != c.state || e["direction"] != "incoming" {
				t.Errorf("the event = %v", e)
			}
		})
	}
}

// An event that marks a moment, or a state the call is not in, is waited
// for: a connected call is not reported held, nor resumed.
func TestWatchOnceWaitsForAStateNotReached(t *testing.T) {
	h := newHarness(t)
	h.writeConfig(fastPolls)
	id := h.connected("Ada Lovelace", "+14155550111")
	mark := h.mark()
	held := h.start("watch", "--once", "held", "--call", id)
	resumed := h.start("watch", "--once", "resumed", "--call", id)
	waitFor(t, "both watches to list the calls a few times", func() bool { return h.listsOfCalls(mark) >= 6 })
	for _, w := range []*running{held, resumed} {
		select {
		case code := <-w.done:
			w.done <- code
			t.Fatalf("watch exited %d before the call changed\n--- stdout\n%s--- stderr\n%s", code, w.stdout.String(), w.stderr.String())
		default:
		}
		if out := w.stdout.String(); out != "" {
			t.Errorf("watch printed before the call changed:\n%s", out)
		}
	}
	h.must(h.client.Hold(t.Context(), h.callReq(id)))
	if code := exited(t, held); code != cli.ExitOK || !hasEvent(events(t, held.stdout.String()), "held", id) {
		t.Errorf("watch --once held: exit %d\n%s%s", code, held.stdout.String(), held.stderr.String())
	}
	// The other watch must see the hold before the call is resumed: it is
	// the only one left to list the calls.
	mark = h.mark()
	waitFor(t, "the watch to list the held call", func() bool { return h.listsOfCalls(mark) >= 1 })
	h.must(h.client.Resume(t.Context(), h.callReq(id)))
	if code := exited(t, resumed); code != cli.ExitOK || !hasEvent(events(t, resumed.stdout.String()), "resumed", id) {
		t.Errorf("watch --once resumed: exit %d\n%s%s", code, resumed.stdout.String(), resumed.stderr.String())
	}
}

// exited waits for a command started in the background to exit and
// returns its exit code.
func exited(t *testing.T, w *running) int {
	t.Helper()
	code := -1
	waitFor(t, "the command to exit", func() bool {
		select {
		case code = <-w.done:
			w.done <- code // for the cleanup
			return true
		default:
			return false
		}
	})
	return code
}

// --call naming a call that is not on the line ends the watch after the
// first list of the calls, with exit 1, why on stderr and nothing on
// stdout, --once or not.
func TestWatchCallNotOnTheLine(t *testing.T) {
	for _, args := range [][]string{
		{"watch", "--call", unknownCallID},
		{"watch", "--once", "answered", "--call", "NOPE"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			h := newHarness(t)
			h.writeConfig(fastPolls)
			h.ringing(sim.Inbound{Name: "Somebody Else", Number: "+14155550199"})
			mark := h.mark()
			w := h.start(args...)
			code := settled(t, h, w, mark)
			id := args[len(args)-1]
			if code != cli.ExitError || !strings.Contains(w.stderr.String(), "watch --call "+id+": the call is not on the line") {
				t.Errorf("exit %d, stderr %q; want 1 and why", code, w.stderr.String())
			}
			if out := w.stdout.String(); out != "" {
				t.Errorf("stdout = %q, want nothing", out)
			}
		})
	}
}

// A call that leaves the line before the --once event ends the watch,
// saying how it left: the event can no longer come.
func TestWatchOnceCallEndsFirst(t *testing.T) {
	h := newHarness(t)
	h.writeConfig(fastPolls)
	id := h.ringing(sim.Inbound{Name: "Ada Lovelace", Number: "+14155550111"})
	w := h.start("watch", "--once", "answered", "--call", id)
	waitFor(t, "the ringing call in the stream", func() bool { return hasEvent(events(t, w.stdout.String()), "ringing", id) })
	mark := h.mark()
	h.must(h.srv.Sim.Remote(id, sim.RemoteHangup))
	code := settled(t, h, w, mark)
	if code != cli.ExitError || !strings.Contains(w.stderr.String(), "watch --call "+id+": the call left the line (missed) before it was answered") {
		t.Errorf("exit %d, stderr %q; want 1 and how the call left", code, w.stderr.String())
	}
	if !hasEvent(events(t, w.stdout.String()), "ended", id) {
		t.Errorf("the end is not in the stream:\n%s", w.stdout.String())
	}
}
