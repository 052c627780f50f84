package webex_test

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/callboard/callboard/desk"
	"github.com/callboard/callboard/webex"
)

// policy is callboard's 429 policy with the given tries and longest wait.
func policy(tries int, maxWait time.Duration) webex.Option {
	return webex.WithRateLimit(desk.RateLimit{MaxWait: maxWait, MaxTries: tries}.Decide)
}

const tooManyBody = `{"message":"Too Many Requests","errors":[{"description":"Too Many Requests"}],"trackingId":"ROUTER_429"}`

func tooMany(retryAfter string) reply {
	h := map[string]string{}
	if retryAfter != "" {
		h["Retry-After"] = retryAfter
	}
	return errorReply(http.StatusTooManyRequests, tooManyBody, h)
}

// TestRateLimitRetry: after a 429 the client waits out Retry-After (seconds
// or an HTTP date) and then sends the same request again, with a new
// TrackingID; POSTs included, since Webex did not act on a 429.
func TestRateLimitRetry(t *testing.T) {
	tests := []struct {
		name       string
		retryAfter func() string
		minWait    time.Duration
		maxWait    time.Duration
	}{
		{name: "seconds", retryAfter: func() string { return "3" }, minWait: 3 * time.Second, maxWait: 3 * time.Second},
		{name: "zero seconds", retryAfter: func() string { return "0" }, minWait: time.Second, maxWait: time.Second},
		{name: "missing", retryAfter: func() string { return "" }, minWait: webex.DefaultRetryAfter, maxWait: webex.DefaultRetryAfter},
		{name: "garbage", retryAfter: func() string { return "soon" }, minWait: webex.DefaultRetryAfter, maxWait: webex.DefaultRetryAfter},
		{
			// An HTTP date has one-second resolution and the client reads it
			// against its own clock, so allow for the truncation and for a slow run.
			name:       "HTTP date",
			retryAfter: func() string { return time.Now().Add(30 * time.Second).UTC().Format(http.TimeFormat) },
			minWait:    25 * time.Second, maxWait: 30 * time.Second,
		},
		{
			name:       "HTTP date in the past",
			retryAfter: func() string { return time.Now().Add(-time.Hour).UTC().Format(http.TimeFormat) },
			minWait:    time.Second, maxWait: time.Second,
		},
	}
	ops := []struct {
		name string
		opID string
		ok   int
		call func(*webex.Client) (any, error)
		want any
		op   string // the operation name reported to WithRateLimitNotify
	}{
		{
			name: "dial", opID: "dial", ok: 201, op: "dial " + dest,
			call: func(c *webex.Client) (any, error) {
				return c.Dial(context.Background(), webex.DialRequest{Destination: dest})
			},
			want: newCallExample(),
		},
		{
			name: "hold", opID: "hold", ok: 204, op: "hold " + callID,
			call: func(c *webex.Client) (any, error) {
				return nil, c.Hold(context.Background(), webex.CallRequest{CallID: callID})
			},
		},
		{
			name: "list call history", opID: "listcallhistory", ok: 200, op: "list call history",
			call: func(c *webex.Client) (any, error) {
				recs, err := c.ListHistory(context.Background(), webex.HistoryPlaced)
				return len(recs), err
			},
			want: 1,
		},
	}
	for _, tc := range tests {
		for _, op := range ops {
			t.Run(tc.name+"/"+op.name, func(t *testing.T) {
				var mu sync.Mutex
				var notified []string
				notify := func(name string, _, wait time.Duration) {
					mu.Lock()
					defer mu.Unlock()
					notified = append(notified, name+" "+wait.String())
				}
				// The 429 is built when the first request arrives, so that a
				// date is measured from the moment the server answers.
				var rmu sync.Mutex
				answered := 0
				respond := func(exchange) reply {
					rmu.Lock()
					defer rmu.Unlock()
					answered++
					if answered == 1 {
						return tooMany(tc.retryAfter())
					}
					return exampleReply(t, op.opID, op.ok)
				}
				h := newHarness(t, respond, policy(3, time.Minute), webex.WithRateLimitNotify(notify))
				got, err := op.call(h.client)
				if err != nil {
					t.Fatalf("%s after one 429: %v", op.name, err)
				}
				if op.want != nil && got != op.want {
					t.Errorf("result %v, want %v", got, op.want)
				}
				waits, seenAtWait := h.sleeps.recorded()
				if len(waits) != 1 || waits[0] < tc.minWait || waits[0] > tc.maxWait {
					t.Fatalf("waits %v, want one in [%v, %v]", waits, tc.minWait, tc.maxWait)
				}
				if seenAtWait[0] != 1 {
					t.Errorf("the wait began after %d requests, want 1: the retry must follow the wait", seenAtWait[0])
				}
				reqs := h.api.requests()
				if len(reqs) != 2 {
					t.Fatalf("server saw %d requests, want 2", len(reqs))
				}
				a, b := reqs[0], reqs[1]
				if a.Method != b.Method || a.Path != b.Path || a.RawQuery != b.RawQuery || !bytes.Equal(a.Body, b.Body) {
					t.Errorf("retry differs from the original:\n%s %s?%s %s\n%s %s?%s %s",
						a.Method, a.Path, a.RawQuery, a.Body, b.Method, b.Path, b.RawQuery, b.Body)
				}
				mu.Lock()
				defer mu.Unlock()
				if len(notified) != 1 || notified[0] != op.op+" "+waits[0].String() {
					t.Errorf("notified %q, want [%q]", notified, op.op+" "+waits[0].String())
				}
			})
		}
	}
}

// TestRateLimitRetriesExhausted: after the configured number of retries the
// 429 is returned.
func TestRateLimitRetriesExhausted(t *testing.T) {
	for _, retries := range []int{0, 1, 2, 4} {
		t.Run(strconv.Itoa(retries), func(t *testing.T) {
			h := newHarness(t, always(tooMany("2")), policy(retries+1, time.Minute))
			_, err := h.client.Pickup(context.Background(), webex.PickupRequest{Target: "1000"})
			wantError(t, err)
			var limited *webex.RateLimitError
			if !errors.As(err, &limited) || limited.RetryAfter != 2*time.Second {
				t.Fatalf("want *RateLimitError with RetryAfter 2s, got %v", err)
			}
			if n := len(h.api.requests()); n != retries+1 {
				t.Errorf("server saw %d requests, want %d", n, retries+1)
			}
			waits, seen := h.sleeps.recorded()
			if len(waits) != retries {
				t.Errorf("waited %d times, want %d", len(waits), retries)
			}
			for i, n := range seen {
				if n != i+1 {
					t.Errorf("wait %d began after %d requests, want %d", i, n, i+1)
				}
			}
		})
	}
}

// TestRateLimitWaitCapped: a Retry-After longer than the policy's longest
// wait is cut to it (one absurd answer must not stall a command for days),
// and the notification says what Webex asked.
func TestRateLimitWaitCapped(t *testing.T) {
	tests := []struct {
		name       string
		retryAfter string
		asked      time.Duration
	}{
		{name: "seconds", retryAfter: "120", asked: 120 * time.Second},
		{name: "absurd seconds", retryAfter: "999999", asked: 999999 * time.Second},
		{name: "beyond int64", retryAfter: "99999999999999999999"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var asked []time.Duration
			h := newHarness(t, always(tooMany(tc.retryAfter)), policy(2, 10*time.Second),
				webex.WithRateLimitNotify(func(_ string, a, _ time.Duration) { asked = append(asked, a) }))
			err := h.client.Hangup(context.Background(), webex.CallRequest{CallID: callID})
			wantError(t, err)
			var limited *webex.RateLimitError
			if !errors.As(err, &limited) {
				t.Fatalf("want *RateLimitError, got %T %v", err, err)
			}
			if limited.StatusCode != http.StatusTooManyRequests || limited.TrackingID != "ROUTER_429" || limited.Message != "Too Many Requests" {
				t.Errorf("embedded APIError %+v", limited.APIError)
			}
			if n := len(h.api.requests()); n != 2 {
				t.Errorf("server saw %d requests, want 2 (one resend)", n)
			}
			if waits, _ := h.sleeps.recorded(); len(waits) != 1 || waits[0] != 10*time.Second {
				t.Errorf("client waited %v, want one wait cut to 10s", waits)
			}
			if len(asked) != 1 || (tc.asked != 0 && asked[0] != tc.asked) {
				t.Errorf("notified that Webex asked %v, want %v", asked, tc.asked)
			}
		})
	}
}

// TestRateLimitWaitHonoursContext: the real wait ends when the caller's
// context does, and nothing more is sent.
func TestRateLimitWaitHonoursContext(t *testing.T) {
	api := newFakeAPI(t, always(tooMany("60")))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// The notification comes just before the (real, default) wait begins.
	c, err := webex.New(api.URL(), staticTokens(testToken), webex.WithUserAgent(testUA), policy(3, time.Minute),
		webex.WithRateLimitNotify(func(string, time.Duration, time.Duration) { cancel() }))
	if err != nil {
		t.Fatal(err)
	}
	err = c.Mute(ctx, webex.CallRequest{CallID: callID})
	wantError(t, err)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("want context.Canceled, got %v", err)
	}
	if n := len(api.requests()); n != 1 {
		t.Errorf("server saw %d requests, want 1", n)
	}
}

// TestNoRetryAfterOtherFailures: a POST is sent exactly once whatever else
// goes wrong (Webex may have acted on it), even when the answer carries
// Retry-After.
func TestNoRetryAfterOtherFailures(t *testing.T) {
	tests := []struct {
		name   string
		reply  reply
		status int
	}{
		{name: "500", reply: errorReply(500, `{"message":"Internal Server Error","trackingId":"R"}`, nil), status: 500},
		{name: "502", reply: errorReply(502, "", nil), status: 502},
		{name: "503 with Retry-After", reply: errorReply(503, `{"message":"Service Unavailable"}`, map[string]string{"Retry-After": "1"}), status: 503},
		{name: "504", reply: errorReply(504, "", nil), status: 504},
		{name: "423 with Retry-After", reply: errorReply(423, `{"message":"Locked"}`, map[string]string{"Retry-After": "1"}), status: 423},
		{
			name: "connection dropped",
			reply: reply{Raw: func(w http.ResponseWriter, r *http.Request, stop <-chan struct{}) {
				conn, _, err := w.(http.Hijacker).Hijack()
				if err != nil {
					panic(err)
				}
				_ = conn.Close()
			}},
		},
	}
	calls := map[string]func(*webex.Client) error{
		"dial": func(c *webex.Client) error {
			_, err := c.Dial(context.Background(), webex.DialRequest{Destination: dest})
			return err
		},
		"transfer": func(c *webex.Client) error {
			_, err := c.Transfer(context.Background(), webex.TransferRequest{CallID1: callID, Destination: dest})
			return err
		},
		"hangup": func(c *webex.Client) error {
			return c.Hangup(context.Background(), webex.CallRequest{CallID: callID})
		},
	}
	for _, tc := range tests {
		for name, call := range calls {
			t.Run(tc.name+"/"+name, func(t *testing.T) {
				h := newHarness(t, always(tc.reply))
				err := call(h.client)
				wantError(t, err)
				if got := webex.StatusCode(err); got != tc.status {
					t.Errorf("StatusCode %d, want %d (%v)", got, tc.status, err)
				}
				var limited *webex.RateLimitError
				if errors.As(err, &limited) {
					t.Errorf("not a rate limit: %v", err)
				}
				if n := len(h.api.requests()); n != 1 {
					t.Errorf("server saw %d requests, want exactly 1", n)
				}
				if waits, _ := h.sleeps.recorded(); len(waits) != 0 {
					t.Errorf("client waited %v", waits)
				}
			})
		}
	}
}

// TestRateLimitWaitBeyondDeadline: a wait that cannot end before the
// caller's deadline is not begun; the 429 comes back at once.
func TestRateLimitWaitBeyondDeadline(t *testing.T) {
	h := newHarness(t, always(tooMany("10")), policy(3, time.Minute))
	ctx, cancel := context.WithTimeout(context.Background(), time.Hour)
	defer cancel()
	short, cancelShort := context.WithDeadline(ctx, time.Now().Add(5*time.Second))
	defer cancelShort()
	err := h.client.Hold(short, webex.CallRequest{CallID: callID})
	var limited *webex.RateLimitError
	if !errors.As(err, &limited) {
		t.Fatalf("want the 429 at once, got %v", err)
	}
	if waits, _ := h.sleeps.recorded(); len(waits) != 0 {
		t.Errorf("client began waits %v that outlast the deadline", waits)
	}
	if n := len(h.api.requests()); n != 1 {
		t.Errorf("server saw %d requests, want 1", n)
	}
}
