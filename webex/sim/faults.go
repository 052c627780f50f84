package sim

import (
	"math/rand/v2"
	"net/http"
	"time"
)

// Faults are failures injected into /v1 requests (never into /_sim). An
// injected failure refuses the request before it acts, so it never changes
// the world. The zero value injects nothing.
type Faults struct {
	// LatencyMs delays every response; a client that gives up meanwhile gets nothing.
	LatencyMs int `json:"latencyMs"`
	// ErrorRate is the fraction (0 to 1) of requests refused with ErrorStatus.
	ErrorRate float64 `json:"errorRate"`
	// ErrorStatus is the status of injected errors, 400-599; default 500.
	ErrorStatus int `json:"errorStatus"`
	// RateLimitPerSecond allows that many requests per second (a token
	// bucket on the simulator's clock); the rest get 429. 0 = no limit.
	RateLimitPerSecond int `json:"rateLimitPerSecond"`
	// RetryAfterSeconds is the Retry-After of 429 (and injected 423 and 503)
	// responses; default 1.
	RetryAfterSeconds int `json:"retryAfterSeconds"`
	// DropRate is the fraction (0 to 1) of requests whose connection is
	// closed without a response.
	DropRate float64 `json:"dropRate"`
}

// maxLatency bounds LatencyMs: ten minutes.
const maxLatency = 10 * time.Minute

func (f Faults) validate() error {
	switch {
	case f.LatencyMs < 0 || time.Duration(f.LatencyMs)*time.Millisecond > maxLatency:
		return badRequest("latencyMs must be between 0 and %d", maxLatency.Milliseconds())
	case f.ErrorRate < 0 || f.ErrorRate > 1:
		return badRequest("errorRate must be between 0 and 1")
	case f.DropRate < 0 || f.DropRate > 1:
		return badRequest("dropRate must be between 0 and 1")
	case f.ErrorStatus != 0 && (f.ErrorStatus < 400 || f.ErrorStatus > 599):
		return badRequest("errorStatus must be an HTTP error status (400-599)")
	case f.RateLimitPerSecond < 0:
		return badRequest("rateLimitPerSecond must not be negative")
	case f.RetryAfterSeconds < 0 || f.RetryAfterSeconds > 3600:
		return badRequest("retryAfterSeconds must be between 0 and 3600")
	}
	return nil
}

// withDefaults fills ErrorStatus and RetryAfterSeconds.
func (f Faults) withDefaults() Faults {
	if f.ErrorStatus == 0 {
		f.ErrorStatus = http.StatusInternalServerError
	}
	if f.RetryAfterSeconds == 0 {
		f.RetryAfterSeconds = 1
	}
	return f
}

// faultState applies Faults to requests.
type faultState struct {
	f      Faults
	rnd    *rand.Rand
	tokens float64
	last   time.Time
}

func newFaultState(seed int64) *faultState {
	return &faultState{rnd: rand.New(rand.NewPCG(uint64(seed), 0xfa017))}
}

// set replaces the faults; the rate limit starts with a full bucket.
func (fs *faultState) set(f Faults, now time.Time) {
	fs.f = f.withDefaults()
	fs.tokens = float64(f.RateLimitPerSecond)
	fs.last = now
}

func (fs *faultState) latency() time.Duration {
	return time.Duration(fs.f.LatencyMs) * time.Millisecond
}

// judge decides the fate of one request at now: dropped, refused with an
// error, or let through (false, nil).
func (fs *faultState) judge(now time.Time) (drop bool, refusal error) {
	if rate := float64(fs.f.RateLimitPerSecond); rate > 0 {
		if elapsed := now.Sub(fs.last); elapsed > 0 {
			fs.tokens = min(rate, fs.tokens+elapsed.Seconds()*rate)
		}
		fs.last = now
		if fs.tokens < 1 {
			return false, &Error{
				Status:     http.StatusTooManyRequests,
				Message:    "Too many requests have been sent in a given amount of time and the request has been rate limited. A Retry-After header should be present that specifies how many seconds you need to wait before a successful request can be made.",
				retryAfter: fs.f.RetryAfterSeconds,
			}
		}
		fs.tokens--
	}
	if fs.f.DropRate > 0 && fs.rnd.Float64() < fs.f.DropRate {
		return true, nil
	}
	if fs.f.ErrorRate > 0 && fs.rnd.Float64() < fs.f.ErrorRate {
		status := fs.f.ErrorStatus
		e := &Error{Status: status, Message: "Simulated failure (fault injection): " + http.StatusText(status)}
		switch status {
		case http.StatusTooManyRequests, http.StatusLocked, http.StatusServiceUnavailable:
			e.retryAfter = fs.f.RetryAfterSeconds
		}
		return false, e
	}
	return false, nil
}
