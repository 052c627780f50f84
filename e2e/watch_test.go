package e2e

import (
	"encoding/json"
	"strings"
	"testing"
)

// `callboard watch --once answered` returns when the call is answered, as a
// script waiting for it would use it.
func TestWatchOnceAnsweredReturns(t *testing.T) {
	t.Parallel()
	srv := newSim(t)
	ws := newWorkspace(t, "[poll]\nfast = \"250ms\"\nidle = \"500ms\"\n", "WEBEX_TOKEN="+srv.Token, "WEBEX_BASE_URL="+srv.BaseURL)
	id := ring(t, srv, "Ada Lovelace", "+14155550111")
	w := ws.background("watch", "--once", "answered", "--call", id)
	w.waitOutput("the ringing call in the stream", func(out string) (string, bool) {
		return "", strings.Contains(out, `"event":"ringing"`)
	})
	select {
	case err := <-w.done:
		w.done <- err
		t.Fatalf("watch --once answered ended (%v) before the call was answered:\n%s", err, w.stdout.String())
	default:
	}
	ws.verb("answer", id)
	out := w.wait() // fails the test unless watch exits 0
	lines := strings.Split(strings.TrimSpace(out), "\n")
	var last map[string]any
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &last); err != nil {
		t.Fatalf("the last line is not JSON: %v\n%s", err, out)
	}
	if last["event"] != "answered" || last["call_id"] != id || last["caller_name"] != "Ada Lovelace" || last["state"] != "on-call" {
		t.Errorf("the last event is %v", last)
	}
}
