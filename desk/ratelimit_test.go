package desk

import (
	"strings"
	"testing"
	"time"

	"github.com/callboard/callboard/model"
)

func limited(after time.Duration) *Failure {
	return &Failure{Kind: FailRateLimited, Status: 429, Text: "Too Many Requests", RetryAfter: after}
}

// Bug: with 1 request a second allowed, every answer resend landed just
// after the console's own poll and got 429 again, until the answer was
// abandoned and the caller rang out. While an action waits out a
// Retry-After, polling yields to it.
func TestPollingYieldsToAWaitingAction(t *testing.T) {
	r := newRig(t, Config{PollFast: time.Second}, ringing("a", 0))
	r.key("a", model.ActionAnswer)
	r.reply(model.ActionAnswer, Result{}, limited(time.Second))
	if !r.d.Connection().Limited {
		t.Error("the connection does not say rate limited while an action waits")
	}
	for range 10 {
		r.advance(250 * time.Millisecond)
		if len(r.open) > 0 {
			break
		}
		if len(r.polls) > 0 {
			t.Fatalf("a poll went out at %v, before the waiting answer", r.now.Sub(epoch()))
		}
	}
	if got := r.count(model.ActionAnswer); got != 2 {
		t.Fatalf("answer sent %d times, want the resend", got)
	}
	if len(r.polls) > 0 {
		t.Fatal("a poll went out together with the resend")
	}
	r.ok(model.ActionAnswer)
	if len(r.polls) > 0 {
		t.Fatal("the poll after the answer ignored the rate limit's pace")
	}
}

// The poll's own 429 holds everything back, and the next poll waits what
// Webex asked.
func TestRateLimitedPollWaits(t *testing.T) {
	r := newRig(t, Config{})
	r.advance(2 * time.Second)
	r.failPoll(limited(7 * time.Second))
	r.key("x", model.ActionAnswer) // no such call: says so, sends nothing
	if got := r.d.NextWake().Sub(r.now); got != 7*time.Second {
		t.Errorf("next wake in %v, want the 7 s Webex asked", got)
	}
	r.advance(6 * time.Second)
	if len(r.polls) != 0 {
		t.Fatal("polled before Retry-After")
	}
	r.advance(time.Second)
	if len(r.polls) != 1 {
		t.Fatal("no poll after Retry-After")
	}
}

// Issue: one absurd Retry-After stopped the console for days. Every wait
// is capped at the policy's maximum, and the operator is told so.
func TestAbsurdRetryAfterIsCapped(t *testing.T) {
	cfg := Config{RateLimit: RateLimit{MaxWait: 30 * time.Second}}
	t.Run("poll", func(t *testing.T) {
		r := newRig(t, cfg)
		r.advance(2 * time.Second)
		r.failPoll(limited(999999 * time.Second))
		c := r.d.Connection()
		if !c.LimitCapped || c.LimitUntil.Sub(r.now) != 30*time.Second {
			t.Errorf("limit until +%v capped %v, want +30s capped", c.LimitUntil.Sub(r.now), c.LimitCapped)
		}
		r.advance(30 * time.Second)
		if len(r.polls) != 1 {
			t.Fatal("no poll 30 s after an absurd Retry-After")
		}
	})
	t.Run("action", func(t *testing.T) {
		r := newRig(t, cfg, ringing("a", 0))
		r.key("a", model.ActionAnswer)
		r.reply(model.ActionAnswer, Result{}, limited(999999*time.Second))
		r.wantSaid("waits at most 30 s")
		r.advance(30 * time.Second)
		if got := r.count(model.ActionAnswer); got != 2 {
			t.Fatalf("answer sent %d times, want a resend after 30 s", got)
		}
	})
}

// An action refused MaxTries times is given up, saying so.
func TestRateLimitGivesUp(t *testing.T) {
	r := newRig(t, Config{RateLimit: RateLimit{MaxTries: 2}}, ringing("a", 0))
	r.key("a", model.ActionAnswer)
	r.reply(model.ActionAnswer, Result{}, limited(time.Second))
	r.advance(time.Second)
	r.reply(model.ActionAnswer, Result{}, limited(time.Second))
	r.advance(time.Minute)
	if got := r.count(model.ActionAnswer); got != 2 {
		t.Fatalf("answer sent %d times, want 2", got)
	}
	if s := r.lastSaid(); s.Level != Problem || !strings.Contains(s.Text, "still rate limiting") {
		t.Errorf("last message %+v, want the give-up", s)
	}
}

// A resend is checked first: the call may have ended or changed.
func TestResendCheckedFirst(t *testing.T) {
	r := newRig(t, Config{}, ringing("a", 0))
	r.key("a", model.ActionAnswer)
	r.reply(model.ActionAnswer, Result{}, limited(5*time.Second))
	r.advance(5 * time.Second) // the answer is due, before any poll
	r.ok(model.ActionAnswer)
	r.step(Refresh{})
	if len(r.polls) != 0 {
		t.Fatal("polled during the rate limit's pace")
	}

	r2 := newRig(t, Config{}, ringing("b", 0))
	r2.key("b", model.ActionAnswer)
	r2.reply(model.ActionAnswer, Result{}, limited(time.Second))
	r2.d.board.Apply(nil, r2.now) // the caller gave up meanwhile
	r2.advance(time.Second)
	if got := r2.count(model.ActionAnswer); got != 1 {
		t.Fatalf("answer resent for a call that ended")
	}
	r2.wantSaid("not sent")
}

// Esc cancels what waits out a rate limit; nothing more is sent.
func TestCancelWaiting(t *testing.T) {
	r := newRig(t, Config{}, ringing("a", 0))
	r.key("a", model.ActionAnswer)
	r.reply(model.ActionAnswer, Result{}, limited(3*time.Second))
	r.step(CancelWaiting{})
	r.advance(time.Minute)
	if got := r.count(model.ActionAnswer); got != 1 {
		t.Fatalf("answer sent %d times after cancel, want 1", got)
	}
	r.wantSaid("nothing more will be sent")
}

// A new action during a rate limit waits for it instead of being refused.
func TestActionDuringRateLimitWaits(t *testing.T) {
	r := newRig(t, Config{}, connected("c", 0))
	r.advance(2 * time.Second)
	r.failPoll(limited(4 * time.Second))
	r.key("c", model.ActionHold, model.ActionResume)
	if len(r.sent) != 0 {
		t.Fatal("sent into a rate limit")
	}
	r.wantSaid("waits for Webex's rate limit")
	r.advance(4 * time.Second)
	if got := r.count(model.ActionHold); got != 1 {
		t.Fatalf("hold sent %d times after the limit, want 1", got)
	}
}

func TestRateLimitDecide(t *testing.T) {
	p := RateLimit{MaxWait: 30 * time.Second, MaxTries: 3}
	tests := []struct {
		attempt            int
		asked              time.Duration
		wait               time.Duration
		capped, retryAgain bool
	}{
		{1, 0, time.Second, false, true},
		{1, 5 * time.Second, 5 * time.Second, false, true},
		{2, time.Hour, 30 * time.Second, true, true},
		{3, time.Second, time.Second, false, false},
	}
	for _, tt := range tests {
		wait, capped, retry := p.Decide(tt.attempt, tt.asked)
		if wait != tt.wait || capped != tt.capped || retry != tt.retryAgain {
			t.Errorf("Decide(%d, %v) = %v, %v, %v; want %v, %v, %v", tt.attempt, tt.asked, wait, capped, retry, tt.wait, tt.capped, tt.retryAgain)
		}
	}
}
