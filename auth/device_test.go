package auth

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/oauth2"
)

// statusRecorder passes requests on and records the status each path got.
type statusRecorder struct {
	next http.RoundTripper

	mu       sync.Mutex
	statuses map[string][]int
}

func (r *statusRecorder) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := r.next.RoundTrip(req)
	if err == nil {
		r.mu.Lock()
		r.statuses[req.URL.Path] = append(r.statuses[req.URL.Path], resp.StatusCode)
		r.mu.Unlock()
	}
	return resp, err
}

func (r *statusRecorder) of(path string) []int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]int(nil), r.statuses[path]...)
}

// deviceResult is what DeviceLogin returned.
type deviceResult struct {
	tok *oauth2.Token
	err error
}

// startDeviceLogin runs DeviceLogin against the simulator in the
// background and returns the address the operator is told to open.
func startDeviceLogin(t *testing.T, s *simSignIn) (*statusRecorder, string, <-chan deviceResult) {
	t.Helper()
	rec := &statusRecorder{next: s.cfg.HTTPClient.Transport, statuses: map[string][]int{}}
	cfg := s.cfg
	cfg.HTTPClient = &http.Client{Transport: rec}
	out := s.c.writer("out")
	done := make(chan deviceResult, 1)
	go func() {
		tok, err := DeviceLogin(context.Background(), DeviceLoginOptions{Config: cfg, Out: out, Store: s.store, Timeout: time.Minute})
		s.c.addErr(err)
		if tok != nil {
			s.remember(tok.AccessToken, tok.RefreshToken)
		}
		done <- deviceResult{tok, err}
	}()
	var verify string
	waitUntil(t, "the address to approve at", func() bool {
		for _, f := range strings.Fields(s.c.text("out")) {
			if strings.Contains(f, "/device/verify?user_code=") {
				verify = f
				return true
			}
		}
		return false
	})
	return rec, verify, done
}

// waitUntil polls cond; the deadline only ever ends a failing test.
func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestSimDeviceLogin: the device grant end to end against the simulator:
// the operator is told where to go and which code to enter, callboard polls
// through Webex's 428 answers, and once the operator approves, the token is
// stored and works.
func TestSimDeviceLogin(t *testing.T) {
	s := newSimSignIn(t)
	rec, verify, done := startDeviceLogin(t, s)
	waitUntil(t, "a poll answered 428", func() bool { return len(rec.of("/v1/device/token")) > 0 })
	resp, err := s.b.client.Get(verify)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	r := <-done
	if r.err != nil {
		t.Fatalf("DeviceLogin: %v", r.err)
	}
	polls := rec.of("/v1/device/token")
	if polls[0] != http.StatusPreconditionRequired || polls[len(polls)-1] != http.StatusOK {
		t.Errorf("token endpoint answered %v, want 428 first and 200 last", polls)
	}
	if saved, _ := s.store.stored(); saved == nil || saved.AccessToken != r.tok.AccessToken || r.tok.RefreshToken == "" {
		t.Fatalf("stored %+v, want the new token with its refresh token", saved)
	}
	req, _ := http.NewRequest(http.MethodGet, s.srv.BaseURL+"/telephony/calls", nil)
	req.Header.Set("Authorization", "Bearer "+r.tok.AccessToken)
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != http.StatusOK {
		t.Errorf("the token on the API: %v %v", resp, err)
	} else {
		resp.Body.Close()
	}
	out := s.c.text("out")
	for _, want := range []string{"/device/verify", "enter the code", "Signed in to " + s.srv.BaseURL} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

// TestSimDeviceLoginDeclined: an operator who declines ends the wait with
// ErrAccessDenied and nothing stored.
func TestSimDeviceLoginDeclined(t *testing.T) {
	s := newSimSignIn(t)
	s.srv.Sim.SetDenyConsent(true)
	_, verify, done := startDeviceLogin(t, s)
	resp, err := s.b.client.Get(verify)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if r := <-done; !errors.Is(r.err, ErrAccessDenied) {
		t.Fatalf("DeviceLogin: %v, want ErrAccessDenied", r.err)
	}
	if saved, _ := s.store.stored(); saved != nil {
		t.Error("a declined sign-in stored a token")
	}
}

// TestDeviceLoginEndsWithTheContext: cancelling stops the polling at once.
func TestDeviceLoginEndsWithTheContext(t *testing.T) {
	s := newSimSignIn(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := DeviceLogin(ctx, DeviceLoginOptions{Config: s.cfg, Out: s.c.writer("out"), Store: s.store})
		done <- err
	}()
	waitUntil(t, "the instructions", func() bool { return strings.Contains(s.c.text("out"), "enter the code") })
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("DeviceLogin after cancel: %v", err)
	}
}
