package headless

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/callboard/callboard/desk"
	"github.com/callboard/callboard/webex"
	"github.com/callboard/callboard/webex/sim"
)

// pollDeadline only ever ends a failing test.
const pollDeadline = 20 * time.Second

// world starts a scripted simulator (nothing happens unless the test says)
// and a client for it.
func world(t *testing.T) (*sim.Server, *webex.Client) {
	t.Helper()
	srv, err := sim.Start(context.Background(), "127.0.0.1:0", sim.Options{
		Token: "headless-test", Seed: 1, RemoteAnswerDelay: time.Hour, RemoteAnswerSpread: -1,
		TalkTime: time.Hour, TalkTimeSpread: -1, RingTimeout: time.Hour,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	c, err := webex.New(srv.BaseURL, oauth2.StaticTokenSource(&oauth2.Token{AccessToken: srv.Token, TokenType: "Bearer"}))
	if err != nil {
		t.Fatal(err)
	}
	return srv, c
}

// recorder keeps what the host hands on.
type recorder struct {
	mu      sync.Mutex
	effects []desk.Effect
	conns   []desk.Connection
}

func (r *recorder) follow(_ time.Time, _ *desk.Desk, effects []desk.Effect) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, e := range effects {
		switch e.(type) {
		case desk.Poll, desk.Send:
		default:
			r.effects = append(r.effects, e)
		}
	}
}

func (r *recorder) check(d *desk.Desk) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.conns = append(r.conns, d.Connection())
	return nil
}

// has reports whether an effect satisfying ok was handed on.
func (r *recorder) has(ok func(desk.Effect) bool) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, e := range r.effects {
		if ok(e) {
			return true
		}
	}
	return false
}

// limited reports whether the desk has been rate limited.
func (r *recorder) limited() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, c := range r.conns {
		if c.Limited {
			return true
		}
	}
	return false
}

func (r *recorder) waitFor(t *testing.T, what string, ok func(desk.Effect) bool) {
	t.Helper()
	deadline := time.Now().Add(pollDeadline)
	for !r.has(ok) {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func happened(what desk.Happening) func(desk.Effect) bool {
	return func(e desk.Effect) bool { h, ok := e.(desk.Happened); return ok && h.What == what }
}

func operator(s desk.OperatorState) func(desk.Effect) bool {
	return func(e desk.Effect) bool { c, ok := e.(desk.OperatorChanged); return ok && c.State == s }
}

func fastDesk() desk.Config {
	return desk.Config{PollFast: 20 * time.Millisecond, PollIdle: 40 * time.Millisecond}
}

// start runs a host until the test ends, and returns Run's result.
func start(t *testing.T, opts Options) <-chan error {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Run(ctx, opts) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run after cancel: %v", err)
		}
	})
	return done
}

func TestHostFollowsTheLine(t *testing.T) {
	srv, client := world(t)
	rec := &recorder{}
	start(t, Options{API: client, Desk: fastDesk(), Follow: rec.follow, Check: rec.check})
	rec.waitFor(t, "the first list: idle", operator(desk.OperatorIdle))

	id, err := srv.Sim.Inbound(sim.Inbound{Name: "Ada Lovelace", Number: "+14155550111"})
	if err != nil {
		t.Fatal(err)
	}
	rec.waitFor(t, "the call ringing", happened(desk.Rang))
	rec.waitFor(t, "the operator ringing", operator(desk.OperatorRinging))
	if err := client.Answer(context.Background(), webex.AnswerRequest{CallID: id}); err != nil {
		t.Fatal(err)
	}
	rec.waitFor(t, "the call answered", happened(desk.Answered))
	rec.waitFor(t, "the operator on a call", operator(desk.OperatorOnCall))
	if err := srv.Sim.Remote(id, sim.RemoteHangup); err != nil {
		t.Fatal(err)
	}
	rec.waitFor(t, "the call ended", happened(desk.Ended))
}

// Under a rate limit the host waits as the desk says, and keeps following.
func TestHostWaitsOutARateLimit(t *testing.T) {
	srv, client := world(t)
	rec := &recorder{}
	start(t, Options{API: client, Desk: fastDesk(), Follow: rec.follow, Check: rec.check})
	rec.waitFor(t, "the first list", operator(desk.OperatorIdle))
	if err := srv.Sim.SetFaults(sim.Faults{RateLimitPerSecond: 2, RetryAfterSeconds: 1}); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(pollDeadline)
	for !rec.limited() {
		if time.Now().After(deadline) {
			t.Fatal("polling every 20 ms against 2 requests a second never met the rate limit")
		}
		time.Sleep(10 * time.Millisecond)
	}
	if _, err := srv.Sim.Inbound(sim.Inbound{Name: "Grace Hopper", Number: "+14155550112"}); err != nil {
		t.Fatal(err)
	}
	rec.waitFor(t, "the call ringing through the rate limit", happened(desk.Rang))
	// Polls waited out Retry-After instead of hammering Webex.
	var throttled int
	for _, r := range srv.Sim.Requests() {
		if r.Status == 429 {
			throttled++
		}
	}
	if throttled > 10 {
		t.Errorf("%d requests refused with 429: the host did not wait as asked", throttled)
	}
}

func TestCheckEndsRun(t *testing.T) {
	_, client := world(t)
	boom := errors.New("enough")
	polls := 0
	err := Run(context.Background(), Options{API: client, Desk: fastDesk(), Check: func(d *desk.Desk) error {
		if d.Connection().Polled {
			polls++
		}
		if polls == 3 {
			return boom
		}
		return nil
	}})
	if !errors.Is(err, boom) {
		t.Errorf("Run = %v, want Check's error", err)
	}
	err = Run(context.Background(), Options{API: client, Desk: fastDesk(), Check: func(d *desk.Desk) error {
		if d.Connection().Polled {
			return ErrStopped
		}
		return nil
	}})
	if err != nil {
		t.Errorf("Run stopped with ErrStopped = %v, want nil", err)
	}
}

func TestDescribe(t *testing.T) {
	if got := Describe(desk.Connection{Polled: true}); got != "" {
		t.Errorf("a healthy line: %q", got)
	}
	if got := Describe(desk.Connection{SignedOut: true}); got == "" {
		t.Error("signed out says nothing")
	}
	if got := Describe(desk.Connection{Failures: 2, Failure: &desk.Failure{Kind: desk.FailNetwork, Text: "connection refused"}}); got == "" {
		t.Error("offline says nothing")
	}
}
