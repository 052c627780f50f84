package cli_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/callboard/callboard/cli"
	"github.com/callboard/callboard/webex"
	"github.com/callboard/callboard/webex/sim"
)

// testToken is the bearer token of the test simulators. No output of any
// test may contain it, nor its distinctive middle.
const testToken = "cbtest_7d1e0f5a9b3c_4e2f8a6d"

// tokenFragment is enough of testToken to notice a truncated leak.
const tokenFragment = "7d1e0f5a9b3c"

// pollDeadline bounds how long a test waits for something that should
// happen almost at once; it only ever ends a failing test.
const pollDeadline = 10 * time.Second

// unknownCallID is shaped like a simulator call id but names no call.
var unknownCallID = base64.RawURLEncoding.EncodeToString([]byte("ciscospark://us/CALL/BCLD/callhalf-987654:0"))

// harness is one simulator on 127.0.0.1 with a fake clock, an empty
// configuration file of its own, and every output of the command line
// collected for the token check that runs when the test ends.
type harness struct {
	t      *testing.T
	srv    *sim.Server
	clock  *sim.FakeClock
	dir    string
	config string
	// client sets up state directly, so that setups do not depend on the
	// verbs under test.
	client *webex.Client

	mu      sync.Mutex
	outputs []string
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	clock := sim.NewFakeClock(time.Now().Truncate(time.Second))
	srv, err := sim.Start(t.Context(), "127.0.0.1:0", sim.Options{Token: testToken, Seed: 1, InboundEvery: 0, Clock: clock})
	if err != nil {
		t.Fatalf("start simulator: %v", err)
	}
	t.Cleanup(func() {
		if err := srv.Close(); err != nil {
			t.Errorf("close simulator: %v", err)
		}
	})
	dir := t.TempDir()
	cfg := filepath.Join(dir, "config.toml")
	if err := os.WriteFile(cfg, nil, 0o600); err != nil {
		t.Fatalf("write config: %v", err)
	}
	client, err := webex.New(srv.BaseURL, oauth2.StaticTokenSource(&oauth2.Token{AccessToken: testToken, TokenType: "Bearer"}))
	if err != nil {
		t.Fatalf("setup client: %v", err)
	}
	h := &harness{t: t, srv: srv, clock: clock, dir: dir, config: cfg, client: client}
	t.Cleanup(h.checkNoTokenLeak)
	return h
}

// writeConfig replaces the harness's configuration file.
func (h *harness) writeConfig(content string) {
	h.t.Helper()
	if err := os.WriteFile(h.config, []byte(content), 0o600); err != nil {
		h.t.Fatalf("write config: %v", err)
	}
}

// collect keeps text for the token check.
func (h *harness) collect(texts ...string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.outputs = append(h.outputs, texts...)
}

func (h *harness) checkNoTokenLeak() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, out := range h.outputs {
		if strings.Contains(out, tokenFragment) {
			h.t.Errorf("an output shows the access token:\n%s", out)
		}
	}
}

// env is the environment of a signed-in run against the simulator.
func (h *harness) env() map[string]string {
	return map[string]string{"WEBEX_TOKEN": testToken, "WEBEX_BASE_URL": h.srv.BaseURL}
}

// outcome is what one run of the command line did.
type outcome struct {
	code           int
	stdout, stderr string
}

func (o outcome) String() string {
	return fmt.Sprintf("exit %d\n--- stdout\n%s--- stderr\n%s", o.code, o.stdout, o.stderr)
}

// run runs callboard with the harness's configuration and environment.
func (h *harness) run(args ...string) outcome {
	return h.runWith(h.env(), args...)
}

// runWith runs callboard with the harness's configuration and env.
func (h *harness) runWith(env map[string]string, args ...string) outcome {
	var stdout, stderr bytes.Buffer
	full := append([]string{"--config", h.config}, args...)
	code := cli.Main(h.t.Context(), full, cli.Env{
		Stdin:  strings.NewReader(""),
		Stdout: &stdout,
		Stderr: &stderr,
		Getenv: func(k string) string { return env[k] },
	})
	o := outcome{code: code, stdout: stdout.String(), stderr: stderr.String()}
	h.collect(o.stdout, o.stderr)
	return o
}

// mark is how many requests the simulator has logged so far.
func (h *harness) mark() int { return len(h.srv.Sim.Requests()) }

// since returns the requests logged after mark.
func (h *harness) since(mark int) []sim.RequestRecord {
	return h.srv.Sim.Requests()[mark:]
}

// ringing starts an incoming call from a caller and returns its id.
func (h *harness) ringing(in sim.Inbound) string {
	h.t.Helper()
	id, err := h.srv.Sim.Inbound(in)
	if err != nil {
		h.t.Fatalf("inbound %+v: %v", in, err)
	}
	return id
}

// connected answers a new incoming call on the Webex App (so it is mute
// capable) and returns its id.
func (h *harness) connected(name, number string) string {
	h.t.Helper()
	id := h.ringing(sim.Inbound{Name: name, Number: number})
	if err := h.client.Answer(h.t.Context(), webex.AnswerRequest{CallID: id}); err != nil {
		h.t.Fatalf("answer %s: %v", id, err)
	}
	return id
}

// callReq is the request of an action on one call.
func (h *harness) callReq(id string) webex.CallRequest { return webex.CallRequest{CallID: id} }

// must fails the test on a setup error.
func (h *harness) must(err error) {
	h.t.Helper()
	if err != nil {
		h.t.Fatalf("setup: %v", err)
	}
}

// calls is the user's line as the simulator sees it now.
func (h *harness) calls() []webex.Call {
	h.srv.Sim.Advance()
	return h.srv.Sim.State().Calls
}

// call returns the call with id, failing the test when it is not listed.
func (h *harness) call(id string) webex.Call {
	h.t.Helper()
	for _, c := range h.calls() {
		if c.ID == id {
			return c
		}
	}
	h.t.Fatalf("call %s is not on the line", id)
	return webex.Call{}
}

// gone reports whether no listed call has id.
func (h *harness) gone(id string) bool {
	return !slices.ContainsFunc(h.calls(), func(c webex.Call) bool { return c.ID == id })
}

// colleague returns the state of the colleague at ext.
func (h *harness) colleague(ext string) sim.ColleagueState {
	h.t.Helper()
	for _, c := range h.srv.Sim.State().Colleagues {
		if c.Extension == ext {
			return c
		}
	}
	h.t.Fatalf("no colleague at %s", ext)
	return sim.ColleagueState{}
}

// body decodes a logged request body; nil for none.
func body(t *testing.T, raw json.RawMessage) map[string]any {
	t.Helper()
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatalf("request body %s: %v", raw, err)
	}
	return m
}

// sameBody compares a logged body with the expected one.
func sameBody(t *testing.T, raw json.RawMessage, want map[string]any) bool {
	t.Helper()
	return reflect.DeepEqual(body(t, raw), want)
}

// keysOf returns the sorted top-level keys of a JSON object.
func keysOf(t *testing.T, data []byte) []string {
	t.Helper()
	var m map[string]json.RawMessage
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatalf("stdout is not a JSON object: %v\n%s", err, data)
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// waitFor polls cond until it holds, failing the test after pollDeadline.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(pollDeadline)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// syncBuffer is a bytes.Buffer that a command writes to while the test reads.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
