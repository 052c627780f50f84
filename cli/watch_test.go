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

func TestWatchNeedsASignIn(t *testing.T) {
	h := newHarness(t)
	o := h.runWith(map[string]string{}, "watch")
	if o.code != cli.ExitUsage || !strings.Contains(o.stderr, "no Webex sign-in") {
		t.Errorf("%s", o)
	}
}
