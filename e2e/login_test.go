package e2e

import (
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/callboard/callboard/auth"
	"github.com/callboard/callboard/webex/sim"
)

// Signing in for real, on loopback: `callboard login` against the
// simulator's OAuth endpoints, with the test as the browser; the console
// then runs on the stored sign-in alone; `callboard logout` forgets it. The
// tokens the simulator issued join the secrets the whole suite is scanned for.
func TestLoginConsoleLogout(t *testing.T) {
	t.Parallel()
	srv := newSim(t)
	recordSecret(t, "OAuth client secret", sim.DefaultOAuthClientSecret)
	// No WEBEX_TOKEN anywhere: the console can only use the stored sign-in.
	ws := newWorkspace(t, fmt.Sprintf("[oauth]\nredirect_port = %d\n", freePort(t)))
	onSim := []string{"--base-url", srv.BaseURL}

	login := ws.background(append([]string{"login", "--no-browser"}, onSim...)...)
	authURL := login.waitOutput("the sign-in address", func(out string) (string, bool) {
		for _, line := range strings.Split(out, "\n") {
			if u := strings.TrimSpace(line); strings.HasPrefix(u, srv.BaseURL+"/authorize?") {
				return u, true
			}
		}
		return "", false
	})
	code := browse(t, authURL)
	recordSecret(t, "OAuth authorization code", code)
	if out := login.wait(); !strings.Contains(out, "Signed in as Alex Morgan") {
		t.Errorf("callboard login did not say who signed in:\n%s", out)
	}

	store := auth.NewFileStore(filepath.Join(ws.dir, "state", "callboard"), srv.BaseURL)
	tok, err := store.Load()
	if err != nil {
		t.Fatalf("the sign-in is not in the token file (a system keyring should not exist here): %v", err)
	}
	recordSecret(t, "OAuth access token", tok.AccessToken)
	recordSecret(t, "OAuth refresh token", tok.RefreshToken)
	if tok.AccessToken == srv.Token {
		t.Fatal("the stored sign-in is the simulator's static token, not an issued one")
	}

	ring(t, srv, "Hedy Lamarr", "+14155550042")
	c := ws.start(onSim...)
	c.waitCall("Hedy Lamarr", "ringing")
	// Who is signed in comes with its own request, maybe a frame later.
	s := c.waitFor("the signed-in user in the header", func(s screen) bool { return strings.Contains(s.lines[0], "Alex Morgan") })
	if h := s.lines[0]; !strings.Contains(h, "● online") || !strings.Contains(h, "Alex Morgan") || strings.Contains(h, "DEMO") {
		t.Errorf("on the stored sign-in the header should say online as Alex Morgan, without DEMO:\n%s", s)
	}
	for _, r := range srv.Sim.Requests() {
		if r.Status < 200 || r.Status > 299 {
			t.Errorf("the simulator refused the stored sign-in: %s %s → %d", r.Method, r.Path, r.Status)
		}
	}
	c.press("q")
	if status := c.waitExit(); status != 0 {
		t.Fatalf("the console exited with status %d; the screen:\n%s", status, c.screen())
	}

	if out := ws.verb(append([]string{"logout"}, onSim...)...); !strings.Contains(out, "Signed out") {
		t.Errorf("callboard logout did not say it signed out:\n%s", out)
	}
	if _, err := os.Stat(store.Path()); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the token file is still there after logout: %v", err)
	}
	// Signed out, a verb has no credentials left: the console had used the stored ones.
	_, errOut, err := ws.callboard(append([]string{"calls"}, onSim...)...)
	if ee := (*exec.ExitError)(nil); !errors.As(err, &ee) || ee.ExitCode() != 2 || !strings.Contains(errOut, "callboard login") {
		t.Errorf("after logout `callboard calls` = %v, want exit status 2 and a hint to sign in; stderr:\n%s", err, errOut)
	}
}

// freePort returns a TCP port on 127.0.0.1 that nothing listens on now.
func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// browse does what the browser does with the sign-in address: it opens it,
// follows the simulator's redirect to callboard's callback on 127.0.0.1 and
// reads the page. It returns the authorization code the redirect carried.
func browse(t *testing.T, address string) string {
	t.Helper()
	var code string
	client := &http.Client{
		Timeout: waitLimit,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if req.URL.Hostname() != "127.0.0.1" || len(via) > 3 {
				return fmt.Errorf("the sign-in redirected to %s, not to the callback on 127.0.0.1", req.URL.Redacted())
			}
			code = req.URL.Query().Get("code")
			return nil
		},
	}
	resp, err := client.Get(address)
	if err != nil {
		t.Fatalf("open the sign-in address: %v", err)
	}
	defer resp.Body.Close()
	page, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("read the sign-in page: %v", err)
	}
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(page), "Signed in to Webex") {
		t.Fatalf("after the redirect the browser shows %d:\n%s", resp.StatusCode, page)
	}
	if code == "" {
		t.Fatal("the redirect to the callback carried no authorization code")
	}
	if u, err := url.Parse(address); err != nil || u.Query().Get("code_challenge_method") != "S256" {
		t.Errorf("the sign-in address does not ask for PKCE with S256: %v", err)
	}
	return code
}

// background is a callboard command running while the test acts.
type background struct {
	ws     *workspace
	args   []string
	cmd    *exec.Cmd
	stdout syncBuffer
	stderr syncBuffer
	done   chan error // receives the command's end, once

	once sync.Once
	err  error
}

// background starts callboard with the workspace's environment,
// configuration and --debug. It is killed if it still runs when the test ends.
func (ws *workspace) background(args ...string) *background {
	ws.t.Helper()
	b := &background{ws: ws, args: append([]string{"--config", ws.config, "--debug"}, args...), done: make(chan error, 1)}
	b.cmd = exec.Command(binaryPath(), b.args...)
	b.cmd.Env = ws.env
	b.cmd.Stdout, b.cmd.Stderr = &b.stdout, &b.stderr
	if err := b.cmd.Start(); err != nil {
		ws.t.Fatalf("start callboard %s: %v", strings.Join(args, " "), err)
	}
	go func() { b.done <- b.cmd.Wait() }()
	ws.t.Cleanup(func() {
		select {
		case <-b.done:
		default:
			_ = b.cmd.Process.Kill()
			<-b.done
		}
		b.record()
	})
	return b
}

// record adds what the command printed to the test's artifacts, once.
func (b *background) record() {
	b.once.Do(func() {
		b.ws.art.output(append([]string{"callboard"}, b.args...), b.stdout.String(), b.stderr.String())
	})
}

// waitOutput polls the command's standard output until find finds what it
// looks for, and returns that.
func (b *background) waitOutput(what string, find func(out string) (string, bool)) string {
	b.ws.t.Helper()
	deadline := time.Now().Add(waitLimit)
	tick := time.NewTicker(pollEvery)
	defer tick.Stop()
	for {
		if v, ok := find(b.stdout.String()); ok {
			return v
		}
		if time.Now().After(deadline) {
			b.ws.t.Fatalf("waited %s for %s from callboard; it printed:\n%s\nstderr:\n%s", waitLimit, what, b.stdout.String(), b.stderr.String())
		}
		<-tick.C
	}
}

// wait waits for the command to end, fails the test unless it succeeded,
// and returns its standard output.
func (b *background) wait() string {
	b.ws.t.Helper()
	select {
	case b.err = <-b.done:
		b.done <- b.err // for the cleanup
	case <-time.After(waitLimit):
		b.ws.t.Fatalf("callboard %s still runs after %s; it printed:\n%s", strings.Join(b.args, " "), waitLimit, b.stdout.String())
	}
	b.record()
	if b.err != nil {
		b.ws.t.Fatalf("callboard %s: %v\n%s", strings.Join(b.args, " "), b.err, b.stderr.String())
	}
	return b.stdout.String()
}

// syncBuffer collects a command's output while the test reads it.
type syncBuffer struct {
	mu  sync.Mutex
	buf strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.String()
}
