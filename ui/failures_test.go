package ui

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/callboard/callboard/webex"
)

// notFound is Webex's reply for a call that no longer exists.
func notFound() error {
	return &webex.APIError{StatusCode: 404, Message: "Call not found", TrackingID: "ROUTER_404"}
}

// unauthorized is Webex's reply to a token it does not accept.
func unauthorized() error {
	return &webex.APIError{StatusCode: 401, Message: "The request requires a valid access token set in the Authorization request header."}
}

func TestCallEndedBetweenPollAndKey(t *testing.T) {
	hs := newHarness(t, 100, 30)
	hs.poll(connected("c1", "Jane Roe", "1001", hs.clock.Now()))
	hs.poll() // ended: the row lingers, greyed
	hs.api.reset()
	for _, k := range []string{"h", "e", "t", "T", "p", "m", "#", "o"} {
		hs.key(k)
		if got := hs.api.sent(false); len(got) != 0 {
			t.Fatalf("%s on an ended call sent %v", k, got)
		}
		if !strings.HasSuffix(hs.statusText(), "Jane Roe: call already ended") {
			t.Errorf("%s on an ended call: status %q", k, hs.statusText())
		}
		if p := hs.app.prompt; p != nil {
			if p.kind != promptRefused {
				t.Fatalf("%s opened a working prompt on an ended call", k)
			}
			hs.key("esc")
		}
	}
}

func TestActionReplies(t *testing.T) {
	tests := []struct {
		name   string
		err    error
		status string
		banner string // a line the screen must show, when set
		// pollErr fails the poll that follows the action, as a bad token would.
		pollErr error
	}{
		{"404 reads call already ended", notFound(), "hold Jane Roe: call already ended", "", nil},
		{"401 says how to sign in", unauthorized(),
			"hold refused: Webex does not accept the sign-in: run `callboard login` (or set a fresh WEBEX_TOKEN) and restart callboard",
			"✗ signed out", unauthorized()},
		{"other API errors name status and tracking ID",
			&webex.APIError{StatusCode: 400, Message: "Invalid call state", Details: []string{"The call cannot be held in its current state"}, TrackingID: "ROUTER_1"},
			"hold Jane Roe failed: The call cannot be held in its current state (400 · tracking ID ROUTER_1)", "", nil},
		{"network error", errNetwork,
			"hold Jane Roe: no answer from Webex (connection refused); it may or may not have happened — check the list before trying again", "", nil},
		{"cancelled", context.Canceled, "hold cancelled", "", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			hs := newHarness(t, 200, 30)
			hs.poll(connected("c1", "Jane Roe", "1001", hs.clock.Now()))
			hs.api.failNext("Hold", tc.err)
			if tc.pollErr != nil {
				hs.api.failNext("ListCalls", tc.pollErr)
			}
			polls := hs.api.count("ListCalls")
			hs.key("h")
			if got := hs.api.count("Hold"); got != 1 {
				t.Fatalf("Hold sent %d times, want 1 (never resent)", got)
			}
			if hs.statusText() != tc.status {
				t.Errorf("status %q\nwant   %q", hs.statusText(), tc.status)
			}
			if hs.api.count("ListCalls") != polls+1 {
				t.Error("a failed action did not poll to show the truth")
			}
			if tc.banner != "" && !strings.Contains(hs.screen(), tc.banner) {
				t.Errorf("screen lacks %q:\n%s", tc.banner, hs.screen())
			}
		})
	}
}

func TestFailureRetryOnlyRateLimits(t *testing.T) {
	op := operation{verb: "hold", callID: "c1", subject: "Jane Roe"}
	tests := []struct {
		name    string
		err     error
		attempt int
		retry   time.Duration
	}{
		{"429 waits its Retry-After", rateLimited(3 * time.Second), 0, 3 * time.Second},
		{"429 waits at least a second", rateLimited(0), 0, time.Second},
		{"429 on the third resend", rateLimited(3 * time.Second), 2, 3 * time.Second},
		{"429 after three resends gives up", rateLimited(3 * time.Second), 3, 0},
		{"network error", errNetwork, 0, 0},
		{"deadline", context.DeadlineExceeded, 0, 0},
		{"404", notFound(), 0, 0},
		{"401", unauthorized(), 0, 0},
		{"500", &webex.APIError{StatusCode: 500, Message: "Internal Server Error"}, 0, 0},
	}
	for _, tc := range tests {
		op.attempt = tc.attempt
		if _, retry := failure(op, tc.err); retry != tc.retry {
			t.Errorf("%s: retry after %v, want %v", tc.name, retry, tc.retry)
		}
	}
}

func TestRateLimitedActionIsResent(t *testing.T) {
	hs := newHarness(t, 200, 30)
	hs.poll(connected("c1", "Jane Roe", "1001", hs.clock.Now()))
	hs.api.failNext("Hold", rateLimited(2*time.Second), rateLimited(2*time.Second))
	timers := hs.timers
	hs.key("h")
	if hs.statusText() != "Webex is rate limiting: hold will be resent in 2 s (esc cancels)" {
		t.Fatalf("status %q", hs.statusText())
	}
	if hs.timers <= timers {
		t.Fatal("no timer was started for the resend")
	}
	for attempt := 1; attempt <= 2; attempt++ {
		last, ok := hs.lastAction()
		if !ok || last.err == nil {
			t.Fatalf("attempt %d: no failed action to resend", attempt)
		}
		hs.send(retryMsg{op: last.op}) // what the timer delivers
		if got := hs.api.count("Hold"); got != attempt+1 {
			t.Fatalf("Hold sent %d times after resend %d", got, attempt)
		}
	}
	if hs.statusText() != "held Jane Roe" {
		t.Errorf("after the resend went through: status %q", hs.statusText())
	}
}

func TestRateLimitedActionGivesUp(t *testing.T) {
	hs := newHarness(t, 200, 30)
	hs.poll(connected("c1", "Jane Roe", "1001", hs.clock.Now()))
	hs.api.failNext("Hold", rateLimited(2*time.Second), rateLimited(2*time.Second), rateLimited(2*time.Second), rateLimited(2*time.Second))
	hs.key("h")
	for range 3 {
		last, _ := hs.lastAction()
		hs.send(retryMsg{op: last.op})
	}
	if got := hs.api.count("Hold"); got != 4 {
		t.Fatalf("Hold sent %d times, want 4 (the first and 3 resends)", got)
	}
	want := "hold not sent: Webex is still rate limiting after 4 tries; try again in 2 s"
	if hs.statusText() != want {
		t.Errorf("status %q, want %q", hs.statusText(), want)
	}
	last, _ := hs.lastAction()
	if _, retry := failure(last.op, last.err); retry != 0 {
		t.Error("a fourth resend would be scheduled")
	}
}

func TestDialNetworkErrorIsNotResent(t *testing.T) {
	hs := newHarness(t, 200, 30)
	hs.api.failNext("Dial", errNetwork)
	press(hs, "d", "text:1002", "enter")
	if got := hs.api.count("Dial"); got != 1 {
		t.Fatalf("Dial sent %d times", got)
	}
	if want := "dial 1002: no answer from Webex (connection refused); it may or may not have happened — check the list before trying again"; hs.statusText() != want {
		t.Errorf("status %q", hs.statusText())
	}
}

func TestDialNotFoundIsNotCallEnded(t *testing.T) {
	hs := newHarness(t, 200, 30)
	hs.api.failNext("Dial", &webex.APIError{StatusCode: 404, Message: "Destination not found"})
	press(hs, "d", "text:1002", "enter")
	if got := hs.statusText(); strings.Contains(got, "already ended") || !strings.Contains(got, "Destination not found") {
		t.Errorf("a 404 on dial reads %q", got)
	}
}

func TestAuthBannerClearsOnRecovery(t *testing.T) {
	hs := newHarness(t, 120, 30)
	hs.api.failNext("ListCalls", unauthorized())
	hs.key("ctrl+r")
	if !strings.Contains(hs.screen(), "run `callboard login`") {
		t.Fatalf("no sign-in banner:\n%s", hs.screen())
	}
	hs.key("ctrl+r")
	if scr := hs.screen(); strings.Contains(scr, "callboard login") || strings.Contains(scr, "signed out") {
		t.Errorf("the sign-in banner stayed after a good poll:\n%s", scr)
	}
}

func TestSuccessSelectsTheNewCall(t *testing.T) {
	hs := newHarness(t, 100, 30)
	now := hs.clock.Now()
	hs.poll(connected("c1", "Jane Roe", "1001", now))
	hs.api.setResult("Dial", webex.NewCall{CallID: "c2", CallSessionID: "s2"})
	press(hs, "d", "text:1002", "enter") // the reply polls; c2 is not listed yet
	if id := hs.app.board.SelectedID(); id != "c1" {
		t.Fatalf("selection %q before the new call appears", id)
	}
	c2 := wcall("c2", webex.StateAlerting, webex.PersonalityClickToDial, "", "1002", now)
	hs.poll(connected("c1", "Jane Roe", "1001", now), c2)
	if id := hs.app.board.SelectedID(); id != "c2" {
		t.Errorf("selection %q, want the dialled call", id)
	}
	if want := []string{"1002"}; !reflect.DeepEqual(hs.app.recent, want) {
		t.Errorf("recent destinations %v, want %v", hs.app.recent, want)
	}
}
