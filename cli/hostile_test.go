package cli_test

import (
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/callboard/callboard/cli"
)

// hostileText is what a hostile server or proxy puts in any text it sends:
// an 8-bit CSI (U+009B), a bidirectional override and isolate, OSC 0 and SGR.
const hostileText = "park\u009b31m\u202eevil\u2066\x1b]0;pwned\x07\x1b[5m"

// hostileTrackingID is a Trackingid header with C1 and bidirectional
// characters, as raw UTF-8 bytes (net/http passes bytes >= 0x80).
const hostileTrackingID = "ROUTER_\xc2\x9b31m\xe2\x80\xaeevil"

// hostileCallID names the call the hostile server knows.
const hostileCallID = "Y2lzY29zcGFyazovL3VzL0NBTEwvaG9zdGlsZQ"

// activeRune returns the first character of s, other than a line break,
// that a terminal would act on or that reorders text, or -1.
func activeRune(s string) rune {
	for _, r := range s {
		switch {
		case r == '\n':
		case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f, r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069,
			r == 0x200e, r == 0x200f, r == 0x061c:
			return r
		}
	}
	return -1
}

// assertPlain fails the test when text holds a character activeRune finds.
func assertPlain(t *testing.T, what, text string) {
	t.Helper()
	if r := activeRune(text); r >= 0 {
		t.Errorf("%s holds %U:\n%q", what, r, text)
	}
}

// hostileAPI is a stand-in for Webex that puts hostileText in every field
// it can: a call's recall type and party, the signed-in user's name, and a
// tracking ID on a reply that is not JSON. It also signs anyone in.
func hostileAPI(t *testing.T) string {
	t.Helper()
	hostile, _ := json.Marshal(hostileText)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v1/telephony/calls/{id}", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"id":"`+hostileCallID+`","callSessionId":"c2Vzc2lvbg","personality":"terminator",
			"state":"connected","remoteParty":{"name":`+string(hostile)+`,"number":"+14155550142","privacyEnabled":false,
			"callType":"external"},"created":"2026-01-05T09:00:00.000Z","muteCapable":false,"muted":false,
			"recall":{"type":`+string(hostile)+`,"party":{"name":`+string(hostile)+`,"number":"7001","privacyEnabled":false}}}`)
	})
	mux.HandleFunc("GET /v1/telephony/calls", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Trackingid", hostileTrackingID)
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"items":[`)
	})
	mux.HandleFunc("GET /v1/authorize", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		back := q.Get("redirect_uri") + "?" + url.Values{"code": {"code-1"}, "state": {q.Get("state")}}.Encode()
		http.Redirect(w, r, back, http.StatusFound)
	})
	mux.HandleFunc("POST /v1/access_token", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"access_token":"hostile_access","token_type":"Bearer","expires_in":3600,"refresh_token":"hostile_refresh"}`)
	})
	mux.HandleFunc("GET /v1/people/me", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"id":"me","displayName":`+string(hostile)+`}`)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv.URL + "/v1"
}

// TestShowPrintsServerTextPlain: `callboard show` prints every field the
// server chose, the recall type included, without a control character.
func TestShowPrintsServerTextPlain(t *testing.T) {
	h := newHarness(t)
	env := map[string]string{"WEBEX_TOKEN": testToken, "WEBEX_BASE_URL": hostileAPI(t)}
	out := h.runWith(env, "show", hostileCallID)
	if out.code != 0 || !strings.Contains(out.stdout, "recall:") || !strings.Contains(out.stdout, "evil") {
		t.Fatalf("show: %v", out)
	}
	assertPlain(t, "show's output", out.stdout+out.stderr)
}

// TestJSONEscapesWhatATerminalActsOn: --json writes C1 controls and
// bidirectional characters as \uXXXX; the JSON still decodes to the value
// the server sent.
func TestJSONEscapesWhatATerminalActsOn(t *testing.T) {
	h := newHarness(t)
	env := map[string]string{"WEBEX_TOKEN": testToken, "WEBEX_BASE_URL": hostileAPI(t)}
	out := h.runWith(env, "show", hostileCallID, "--json")
	if out.code != 0 {
		t.Fatalf("show --json: %v", out)
	}
	assertPlain(t, "show --json", out.stdout)
	for _, esc := range []string{`\u009b`, `\u202e`, `\u2066`} {
		if !strings.Contains(out.stdout, esc) {
			t.Errorf("show --json lacks %s:\n%s", esc, out.stdout)
		}
	}
	var call struct {
		Recall struct {
			Type string `json:"type"`
		} `json:"recall"`
	}
	if err := json.Unmarshal([]byte(out.stdout), &call); err != nil {
		t.Fatalf("show --json is not JSON: %v\n%s", err, out.stdout)
	}
	if call.Recall.Type != hostileText {
		t.Errorf("recall.type decodes to %q, want %q", call.Recall.Type, hostileText)
	}
}

// TestDecodeErrorTrackingIDIsPlain: a reply callboard cannot decode is
// reported with its tracking ID, made plain.
func TestDecodeErrorTrackingIDIsPlain(t *testing.T) {
	h := newHarness(t)
	env := map[string]string{"WEBEX_TOKEN": testToken, "WEBEX_BASE_URL": hostileAPI(t)}
	out := h.runWith(env, "calls")
	if out.code != 1 || !strings.Contains(out.stderr, "ROUTER_31mevil") {
		t.Fatalf("calls against a broken reply: %v\nwant exit 1 naming the tracking ID", out)
	}
	assertPlain(t, "stderr", out.stderr)
}

// TestLoginGreetingIsPlain: the name Webex gives for the signed-in user is
// printed as plain text.
func TestLoginGreetingIsPlain(t *testing.T) {
	h := newHarness(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	if err := ln.Close(); err != nil {
		t.Fatal(err)
	}
	h.writeConfig("[oauth]\nredirect_port = " + strconv.Itoa(port) + "\n")
	base := hostileAPI(t)
	var stdout syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- cliMain(t, []string{"--config", h.config, "--base-url", base, "login", "--no-browser"}, &stdout, io.Discard)
	}()
	var authURL string
	waitFor(t, "the sign-in address", func() bool {
		for _, f := range strings.Fields(stdout.String()) {
			if strings.HasPrefix(f, base+"/authorize?") {
				authURL = f
				return true
			}
		}
		return false
	})
	resp, err := http.Get(authURL)
	if err != nil {
		t.Fatalf("browse to the sign-in address: %v", err)
	}
	resp.Body.Close()
	if code := <-done; code != 0 {
		t.Fatalf("login: exit %d\n%s", code, stdout.String())
	}
	if !strings.Contains(stdout.String(), "Signed in as ") || !strings.Contains(stdout.String(), "evil") {
		t.Errorf("login does not greet the user:\n%s", stdout.String())
	}
	assertPlain(t, "login's output", stdout.String())
}

// cliMain runs callboard with an empty environment.
func cliMain(t *testing.T, args []string, stdout, stderr io.Writer) int {
	return cli.Main(t.Context(), args, cli.Env{
		Stdin: strings.NewReader(""), Stdout: stdout, Stderr: stderr,
		Getenv: func(string) string { return "" },
	})
}

// TestIDsWithControlCharactersRefused: an id holding a control character or
// a bidirectional override is a usage error (exit 2, nothing sent), and the
// message shows it escaped.
func TestIDsWithControlCharactersRefused(t *testing.T) {
	h := newHarness(t)
	talk := h.connected(liam.Name, liam.Number)
	for _, args := range [][]string{
		{"hold", talk + "\x1b]0;pwned\x07"},
		{"show", "\u009b31m" + talk},
		{"hangup", talk + "\u202e"},
		{"transfer", talk, "--with", "x\x1b[2J"},
		{"dial", "101", "--endpoint", "dev\u2066ice"},
		{"answer", talk, "--endpoint", "dev\x07"},
		{"pull", "--endpoint", "dev\u0085"},
	} {
		mark := h.mark()
		out := h.run(args...)
		if out.code != cli.ExitUsage || !strings.Contains(out.stderr, "control character") {
			t.Errorf("callboard %q: %v\nwant exit 2 naming the control character", args, out)
		}
		assertPlain(t, "stderr", out.stderr)
		if reqs := h.since(mark); len(reqs) != 0 {
			t.Errorf("callboard %q sent %d requests", args, len(reqs))
		}
	}
}

// TestLineOwnerWithControlCharactersRefused: --line-owner is an id too.
func TestLineOwnerWithControlCharactersRefused(t *testing.T) {
	h := newHarness(t)
	mark := h.mark()
	out := h.run("--line-owner", "owner\x1b]0;pwned\x07", "calls")
	if out.code != cli.ExitUsage || !strings.Contains(out.stderr, "control character") {
		t.Errorf("%v\nwant exit 2 naming the control character", out)
	}
	assertPlain(t, "stderr", out.stderr)
	if reqs := h.since(mark); len(reqs) != 0 {
		t.Errorf("sent %d requests", len(reqs))
	}
}

// TestConfigProblemsOneALine: a refused configuration lists one problem a
// line, each plain, and never the value of a secret written unquoted.
func TestConfigProblemsOneALine(t *testing.T) {
	h := newHarness(t)
	h.writeConfig("[webex]\ntoken = 123456789\n[ui]\ntheme = \"\\u001b]0;pwned\\u0007\"\n")
	out := h.run("config", "check")
	if out.code != cli.ExitUsage {
		t.Fatalf("%v\nwant exit 2", out)
	}
	lines := strings.Split(strings.TrimSuffix(out.stderr, "\n"), "\n")
	if len(lines) != 2 || !strings.Contains(lines[0], ":2:1: webex.token") || !strings.Contains(lines[1], ":4:1: ui.theme") {
		t.Errorf("stderr is not one problem a line:\n%s", out.stderr)
	}
	if strings.Contains(out.stderr, "123456789") {
		t.Errorf("stderr shows the token:\n%s", out.stderr)
	}
	assertPlain(t, "stderr", out.stderr)
}

// TestDebugLogNeverThroughALink: --debug refuses a log path that is a
// symbolic link (someone could point it at a file of theirs, or of ours),
// leaving the target as it was.
func TestDebugLogNeverThroughALink(t *testing.T) {
	h := newHarness(t)
	target := filepath.Join(h.dir, "planted")
	if err := os.WriteFile(target, []byte("untouched\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	logPath := filepath.Join(h.dir, "debug.log")
	if err := os.Symlink(target, logPath); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	h.writeConfig("[log]\nfile = " + strconv.Quote(logPath) + "\n")
	out := h.run("--debug", "calls")
	if out.code != cli.ExitUsage || !strings.Contains(out.stderr, "symbolic link") {
		t.Errorf("%v\nwant exit 2 saying the log is a symbolic link", out)
	}
	if data, _ := os.ReadFile(target); string(data) != "untouched\n" {
		t.Errorf("the link's target now holds %q", data)
	}
}

// TestDebugLogMadePrivate: an existing debug log other users can read is
// made 0600 before anything is written to it.
func TestDebugLogMadePrivate(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no permission bits here")
	}
	h := newHarness(t)
	logPath := filepath.Join(h.dir, "debug.log")
	if err := os.WriteFile(logPath, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(logPath, 0o644); err != nil {
		t.Fatal(err)
	}
	h.writeConfig("[log]\nfile = " + strconv.Quote(logPath) + "\n")
	if out := h.run("--debug", "calls"); out.code != 0 {
		t.Fatalf("calls --debug: %v", out)
	}
	info, err := os.Stat(logPath)
	if err != nil {
		t.Fatal(err)
	}
	if perm := info.Mode().Perm(); perm != 0o600 {
		t.Errorf("debug log mode %04o, want 0600", perm)
	}
	if data, _ := os.ReadFile(logPath); !strings.Contains(string(data), "webex request") {
		t.Errorf("nothing was logged:\n%s", data)
	}
}

// TestBadReplyIsNotAnOutage: a 200 callboard cannot read is reported as
// such, with the status and tracking ID, not as a network failure.
func TestBadReplyIsNotAnOutage(t *testing.T) {
	h := newHarness(t)
	env := map[string]string{"WEBEX_TOKEN": testToken, "WEBEX_BASE_URL": hostileAPI(t)}
	out := h.runWith(env, "calls")
	if out.code != cli.ExitError || out.stdout != "" {
		t.Fatalf("%v\nwant exit 1 and nothing on stdout", out)
	}
	for _, want := range []string{"Webex sent a reply callboard cannot read (200 OK)", "tracking ID ROUTER_", "quote the tracking ID"} {
		if !strings.Contains(out.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, out.stderr)
		}
	}
}

// TestLoginWithDeviceCode: `callboard login --device` against the simulator
// prints where to approve, waits through Webex's 428 answers, stores the
// sign-in, and later verbs use it.
func TestLoginWithDeviceCode(t *testing.T) {
	h := newHarness(t)
	var stdout syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- cliMain(t, []string{"--config", h.config, "--base-url", h.srv.BaseURL, "login", "--device"}, &stdout, io.Discard)
	}()
	var verify string
	waitFor(t, "the address to approve at", func() bool {
		for _, f := range strings.Fields(stdout.String()) {
			if strings.HasPrefix(f, h.srv.BaseURL+"/device/verify?user_code=") {
				verify = f
				return true
			}
		}
		return false
	})
	resp, err := http.Get(verify)
	if err != nil {
		t.Fatalf("approve: %v", err)
	}
	resp.Body.Close()
	if code := <-done; code != 0 {
		t.Fatalf("login --device: exit %d\n%s", code, stdout.String())
	}
	h.collect(stdout.String())
	if !strings.Contains(stdout.String(), "Signed in as Alex Morgan.") {
		t.Errorf("login --device does not greet the user:\n%s", stdout.String())
	}
	out := h.runWith(map[string]string{"WEBEX_BASE_URL": h.srv.BaseURL}, "calls")
	if out.code != 0 {
		t.Errorf("calls with the stored sign-in: %v", out)
	}
}
