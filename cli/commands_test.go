package cli_test

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/callboard/callboard/auth"
	"github.com/callboard/callboard/cli"
)

// tomlLiteral quotes a path as a TOML literal string (no escapes, so
// Windows paths survive).
func tomlLiteral(s string) string { return "'" + s + "'" }

// TestDebugLog: --debug writes the requests to the configured log file and
// never the token; without --debug nothing is written, and nothing of the
// log reaches the terminal.
func TestDebugLog(t *testing.T) {
	h := newHarness(t)
	logFile := filepath.Join(h.dir, "logs", "callboard.log")
	h.writeConfig("[log]\nfile = " + tomlLiteral(logFile) + "\n")

	if out := h.run("calls"); out.code != 0 {
		t.Fatalf("calls: %v", out)
	}
	if _, err := os.Stat(logFile); !os.IsNotExist(err) {
		t.Fatalf("without --debug the log file exists (stat: %v)", err)
	}

	id := h.connected(olivia.Name, olivia.Number)
	runs := []struct {
		args []string
		code int
	}{
		{[]string{"--debug", "calls"}, 0},
		{[]string{"--debug", "hold", id}, 0},
		{[]string{"--debug", "hold", unknownCallID}, 1},
	}
	for _, r := range runs {
		out := h.run(r.args...)
		if out.code != r.code {
			t.Errorf("callboard %q: %v\nwant exit %d", r.args, out, r.code)
		}
		if strings.Contains(out.stdout+out.stderr, "webex request") {
			t.Errorf("the debug log reached the terminal:\n%v", out)
		}
	}

	data, err := os.ReadFile(logFile)
	if err != nil {
		t.Fatalf("read the debug log: %v", err)
	}
	log := string(data)
	h.collect(log)
	for _, want := range []string{
		`msg="webex request" method=GET path=/telephony/calls status=200`,
		`msg="webex request" method=POST path=/telephony/calls/hold status=204`,
		`msg="webex request" method=POST path=/telephony/calls/hold status=400`,
		"trackingId=CALLBOARD_",
	} {
		if !strings.Contains(log, want) {
			t.Errorf("the debug log lacks %q:\n%s", want, log)
		}
	}
	if strings.Contains(log, "Bearer") || strings.Contains(log, tokenFragment) {
		t.Errorf("the debug log holds credentials:\n%s", log)
	}
	if runtime.GOOS != "windows" {
		info, err := os.Stat(logFile)
		if err != nil {
			t.Fatalf("stat the debug log: %v", err)
		}
		if perm := info.Mode().Perm(); perm != 0o600 {
			t.Errorf("the debug log has mode %04o, want 0600", perm)
		}
	}
}

// simBanner matches what `callboard sim` prints first.
var simBanner = regexp.MustCompile(`(?m)^base URL: (http://127\.0\.0\.1:(\d+)/v1)$`)

// TestSimCommand: `callboard sim` prints where it serves and with which
// token, serves a working API there, and exits 0 when its context ends.
func TestSimCommand(t *testing.T) {
	const simToken = "simcmd_token_3b9e"
	h := newHarness(t) // only for its configuration and the output check
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var stdout, stderr syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- cli.Main(ctx, []string{"--config", h.config, "sim", "--listen", "127.0.0.1:0", "--token", simToken, "--inbound-every", "0"},
			cli.Env{Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stderr, Getenv: func(string) string { return "" }})
	}()

	var baseURL string
	waitFor(t, "the simulator's banner", func() bool {
		select {
		case code := <-done:
			t.Fatalf("callboard sim exited early with %d:\n%s%s", code, stdout.String(), stderr.String())
		default:
		}
		m := simBanner.FindStringSubmatch(stdout.String())
		if m == nil || !strings.Contains(stdout.String(), "\ntoken: "+simToken+"\n") {
			return false
		}
		baseURL = m[1]
		return true
	})

	// The control plane beside /v1 rings the user; the verbs see the call.
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, strings.TrimSuffix(baseURL, "/v1")+"/_sim/inbound",
		strings.NewReader(`{"name":"Olivia Bennett","number":"+12065550123"}`))
	if err != nil {
		t.Fatalf("build inbound request: %v", err)
	}
	req.Header.Set("Authorization", "Bearer "+simToken)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("inject a call: %v", err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("inject a call: %d %s", resp.StatusCode, body)
	}
	out := h.runWith(map[string]string{"WEBEX_TOKEN": simToken, "WEBEX_BASE_URL": baseURL}, "calls")
	if out.code != 0 || !strings.Contains(out.stdout, "ringing") || !strings.Contains(out.stdout, "Olivia Bennett") {
		t.Errorf("calls against `callboard sim`: %v", out)
	}
	if strings.Contains(out.stdout+out.stderr, simToken) {
		t.Errorf("a verb printed the token:\n%v", out)
	}

	cancel()
	var code int
	waitFor(t, "callboard sim to stop", func() bool {
		select {
		case code = <-done:
			return true
		default:
			return false
		}
	})
	if code != 0 {
		t.Errorf("callboard sim exited %d after its context ended, want 0; stderr:\n%s", code, stderr.String())
	}
	if s := stderr.String(); s != "" {
		t.Errorf("stderr = %q, want nothing", s)
	}
	addr := strings.TrimSuffix(strings.TrimPrefix(baseURL, "http://"), "/v1")
	if conn, err := net.Dial("tcp", addr); err == nil {
		conn.Close()
		t.Errorf("%s still accepts connections after callboard sim returned", addr)
	}
}

// TestConfigCheck: a good file is shown with its secrets masked (exit 0);
// a bad one is refused with file:line:col (exit 2).
func TestConfigCheck(t *testing.T) {
	h := newHarness(t)
	good := filepath.Join(h.dir, "good.toml")
	content := "[webex]\nbase_url = \"http://127.0.0.1:8765/v1\"\ntoken = \"" + testToken + "\"\n"
	if err := os.WriteFile(good, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(h.dir, "bad.toml")
	if err := os.WriteFile(bad, []byte("[ui]\ntheme = \"dark\"\n\n[webex]\nbase_ulr = \"https://webexapis.com/v1\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}

	for _, args := range [][]string{{"config", "check", good}, {"--config", good, "config", "check"}} {
		out := h.runWith(nil, args...)
		if out.code != 0 {
			t.Errorf("callboard %q: %v\nwant exit 0", args, out)
		}
		for _, want := range []string{good + " is valid", `base_url = "http://127.0.0.1:8765/v1"`, `token = "********"`} {
			if !strings.Contains(out.stdout, want) {
				t.Errorf("stdout lacks %q:\n%s", want, out.stdout)
			}
		}
	}

	out := h.runWith(nil, "config", "check", bad)
	if out.code != 2 {
		t.Errorf("config check of a bad file: %v\nwant exit 2", out)
	}
	if want := bad + ":5:1:"; !strings.Contains(out.stderr, want) || !strings.Contains(out.stderr, "base_ulr") {
		t.Errorf("stderr does not point at %s base_ulr:\n%s", want, out.stderr)
	}

	// Verbs refuse a bad file too, before sending anything.
	mark := h.mark()
	if out := h.run("--config", bad, "calls"); out.code != 2 || !strings.Contains(out.stderr, bad+":5:1:") {
		t.Errorf("calls with a bad config: %v\nwant exit 2 naming %s:5:1", out, bad)
	}
	if n := len(h.since(mark)); n != 0 {
		t.Errorf("calls with a bad config sent %d requests", n)
	}
}

// TestVersion prints callboard's version and how it was built.
func TestVersion(t *testing.T) {
	h := newHarness(t)
	out := h.runWith(nil, "version")
	want := regexp.MustCompile(`^callboard \S+ \(` + regexp.QuoteMeta(fmt.Sprintf("%s, %s/%s", runtime.Version(), runtime.GOOS, runtime.GOARCH)) + `\)\n$`)
	if out.code != 0 || !want.MatchString(out.stdout) || out.stderr != "" {
		t.Errorf("version: %v\nwant stdout matching %s", out, want)
	}
}

// TestHelp lists every verb of the contract.
func TestHelp(t *testing.T) {
	h := newHarness(t)
	out := h.runWith(nil, "--help")
	if out.code != 0 {
		t.Fatalf("--help: %v", out)
	}
	for _, verb := range []string{
		"calls", "show", "history", "dial", "answer", "reject", "hangup", "hold", "resume", "mute", "unmute",
		"divert", "transfer", "park", "retrieve", "record", "dtmf", "push", "pickup", "barge", "pull",
		"login", "logout", "version", "sim", "config",
	} {
		if !regexp.MustCompile(`(?m)^  ` + verb + `\s`).MatchString(out.stdout) {
			t.Errorf("--help does not list %s:\n%s", verb, out.stdout)
		}
	}
	for _, flag := range []string{"--config", "--base-url", "--debug"} {
		if !strings.Contains(out.stdout, flag) {
			t.Errorf("--help does not mention %s", flag)
		}
	}
}

// TestLogout: with nothing stored logout says so and exits 0; with a stored
// sign-in (a token file in the isolated state directory) it removes it.
func TestLogout(t *testing.T) {
	h := newHarness(t)
	env := map[string]string{"WEBEX_BASE_URL": h.srv.BaseURL}

	out := h.runWith(env, "logout")
	if out.code != 0 || !strings.Contains(out.stdout, "Not signed in") {
		t.Errorf("logout with nothing stored: %v", out)
	}

	store := auth.NewFileStore(auth.DefaultDir(), h.srv.BaseURL)
	if err := store.Save(&oauth2.Token{AccessToken: testToken, TokenType: "Bearer", Expiry: time.Now().Add(time.Hour)}); err != nil {
		t.Fatalf("store a sign-in: %v", err)
	}
	out = h.runWith(env, "logout")
	if out.code != 0 || !strings.Contains(out.stdout, "Signed out") {
		t.Errorf("logout with a stored sign-in: %v", out)
	}
	if _, err := os.Stat(store.Path()); !os.IsNotExist(err) {
		t.Errorf("the token file %s is still there (stat: %v)", store.Path(), err)
	}
}

// TestStoredSignIn: without WEBEX_TOKEN a verb uses the sign-in stored in
// the (isolated) state directory for that API.
func TestStoredSignIn(t *testing.T) {
	h := newHarness(t)
	store := auth.NewFileStore(auth.DefaultDir(), h.srv.BaseURL)
	if err := store.Save(&oauth2.Token{AccessToken: testToken, TokenType: "Bearer", Expiry: time.Now().Add(time.Hour)}); err != nil {
		t.Fatalf("store a sign-in: %v", err)
	}
	t.Cleanup(func() { os.Remove(store.Path()) })
	id := h.ringing(olivia)
	out := h.runWith(map[string]string{"WEBEX_BASE_URL": h.srv.BaseURL}, "calls")
	if out.code != 0 || !strings.Contains(out.stdout, id) {
		t.Errorf("calls with a stored sign-in: %v", out)
	}
}

// Bug: `callboard show` with no id said "accepts 1 arg(s), received 0".
func TestShowWithoutAnID(t *testing.T) {
	h := newHarness(t)
	out := h.run("show")
	if out.code != cli.ExitUsage || !strings.Contains(out.stderr, "show needs a call id: `callboard calls` lists the ids") {
		t.Errorf("callboard show: %v", out)
	}
}
