package desk

import "time"

// RateLimit is callboard's one answer to Webex's 429 (Too Many Requests),
// for polls, actions and one-shot verbs alike: wait what Webex asks, but
// never longer than MaxWait, and give an action up after MaxTries refusals.
// A 429 is the only failure ever sent again by itself: Webex did not act on
// the request, so sending it again cannot place a call twice.
type RateLimit struct {
	// MaxWait caps a Retry-After (poll.max_backoff): one absurd answer must
	// not stop the console for days.
	MaxWait time.Duration
	// MaxTries is how many times an action is sent before it is given up.
	MaxTries int
}

// minWait is the shortest wait after a 429, whatever Webex says: a
// Retry-After of 0 would otherwise resend at once, in a loop.
const minWait = time.Second

// Decide says what to do after the attempt-th refusal (counting from 1) of
// a request that Webex asked to retry after retryAfter: wait that long (cut
// to MaxWait, capped reports the cut) and try again, unless retry is false.
func (p RateLimit) Decide(attempt int, retryAfter time.Duration) (wait time.Duration, capped, retry bool) {
	wait = max(retryAfter, minWait)
	if p.MaxWait > 0 && wait > p.MaxWait {
		wait, capped = p.MaxWait, true
	}
	return wait, capped, attempt < p.MaxTries
}
