package webex_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/callboard/callboard/webex"
)

// TestGetCallEscapesID: call ids are opaque; '/', '+', '=' and '%' must reach
// the server as one path segment that decodes back to the id.
func TestGetCallEscapesID(t *testing.T) {
	ids := []string{
		"Y2lzY29zcGFyazovL3VzL0NBTEwv+QkNMRC9j/YWxsaGFsZi00ODg6MA==",
		"a/b/c",
		"++==",
		"ends/",
		"/starts",
		"50%off",
		"with space",
	}
	for _, id := range ids {
		t.Run(id, func(t *testing.T) {
			h := newHarness(t, always(exampleReply(t, "getcalldetails", 200)))
			if _, err := h.client.GetCall(context.Background(), id, lineOwner); err != nil {
				t.Fatal(err)
			}
			reqs := h.api.requests()
			if len(reqs) != 1 {
				t.Fatalf("server saw %d requests", len(reqs))
			}
			const root = "/telephony/calls/"
			path := reqs[0].Path
			if !strings.HasPrefix(path, root) {
				t.Fatalf("path %q is not below %s", path, root)
			}
			segment := strings.TrimPrefix(path, root)
			if strings.Contains(segment, "/") {
				t.Fatalf("call id became several path segments: %q", segment)
			}
			got, err := url.PathUnescape(segment)
			if err != nil || got != id {
				t.Errorf("segment %q decodes to %q (%v), want %q", segment, got, err, id)
			}
			if reqs[0].RawQuery != lineOwnerQuery {
				t.Errorf("query %q, want %q", reqs[0].RawQuery, lineOwnerQuery)
			}
		})
	}
}

func TestGetCallNeedsID(t *testing.T) {
	h := newHarness(t, always(exampleReply(t, "getcalldetails", 200)))
	_, err := h.client.GetCall(context.Background(), "", "")
	wantError(t, err)
	if n := len(h.api.requests()); n != 0 {
		t.Errorf("server saw %d requests; an empty id would have listed all calls", n)
	}
}

// TestBaseURL: the base may carry a trailing slash; everything else the
// client needs is checked when it is built.
func TestBaseURL(t *testing.T) {
	h := newHarness(t, always(exampleReply(t, "listcalls", 200)))
	c, err := webex.New(h.api.URL()+"/", staticTokens(testToken), webex.WithUserAgent(testUA))
	if err != nil {
		t.Fatal(err)
	}
	if c.BaseURL() != h.api.URL() {
		t.Errorf("BaseURL %q, want %q", c.BaseURL(), h.api.URL())
	}
	if _, err := c.ListCalls(context.Background(), ""); err != nil {
		t.Fatal(err)
	}
	if p := h.api.requests()[0].Path; p != "/telephony/calls" {
		t.Errorf("path %q, want /telephony/calls", p)
	}

	if c, err := webex.New(webex.DefaultBaseURL, staticTokens(testToken)); err != nil || c.BaseURL() != "https://webexapis.com/v1" {
		t.Errorf("default base: %v, %v", c, err)
	}
	for _, bad := range []string{"", "webexapis.com/v1", "ftp://webexapis.com/v1", "https://", "http://[::1", "/v1"} {
		if _, err := webex.New(bad, staticTokens(testToken)); err == nil {
			t.Errorf("New(%q) accepted", bad)
		}
	}
	if _, err := webex.New(webex.DefaultBaseURL, nil); err == nil {
		t.Error("New accepted a nil token source")
	}
}

// TestDefaultHeaders: without options the client names itself and makes
// unique TrackingIDs in the form Webex's SDKs use.
func TestDefaultHeaders(t *testing.T) {
	api := newFakeAPI(t, always(exampleReply(t, "hold", 204)))
	api.expectUserAgent("callboard")
	c, err := webex.New(api.URL(), staticTokens(testToken))
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if err := c.Hold(context.Background(), webex.CallRequest{CallID: callID}); err != nil {
			t.Fatal(err)
		}
	}
	form := regexp.MustCompile(`^CALLBOARD_[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	seen := map[string]bool{}
	for _, ex := range api.requests() {
		id := ex.Header.Get("TrackingID")
		if !form.MatchString(id) {
			t.Errorf("TrackingID %q is not CALLBOARD_<uuid4>", id)
		}
		seen[id] = true
	}
	if len(seen) != 3 {
		t.Errorf("%d distinct TrackingIDs over 3 requests", len(seen))
	}
}

// TestOptions: the generator, HTTP client and User-Agent given are the ones used.
func TestOptions(t *testing.T) {
	var n atomic.Int64
	ids := func() string { return fmt.Sprintf("CUSTOM_%d", n.Add(1)) }
	var trips atomic.Int64
	hc := &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		trips.Add(1)
		return http.DefaultTransport.RoundTrip(r)
	})}
	h := newHarness(t, always(exampleReply(t, "listcallhistory", 200)),
		webex.WithTrackingIDs(ids), webex.WithHTTPClient(hc))
	for _, typ := range []webex.HistoryType{webex.HistoryPlaced, webex.HistoryReceived} {
		if _, err := h.client.ListHistory(context.Background(), typ); err != nil {
			t.Fatal(err)
		}
	}
	reqs := h.api.requests()
	for i, ex := range reqs {
		if got, want := ex.Header.Get("TrackingID"), fmt.Sprintf("CUSTOM_%d", i+1); got != want {
			t.Errorf("request %d TrackingID %q, want %q", i, got, want)
		}
	}
	if trips.Load() != 2 {
		t.Errorf("the given HTTP client made %d round trips, want 2", trips.Load())
	}
	if reqs[0].RawQuery != "type=placed" || reqs[1].RawQuery != "type=received" {
		t.Errorf("queries %q, %q", reqs[0].RawQuery, reqs[1].RawQuery)
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// TestLog: each request is logged once with method, path, status and the
// tracking ID, and never with the token or the Authorization header.
func TestLog(t *testing.T) {
	h := newHarness(t, sequence(
		reply{Status: 204}, // hold: no Trackingid, the request's own is logged
		errorReply(http.StatusNotFound, `{"message":"Call not found","trackingId":"ROUTER_X"}`, map[string]string{"Trackingid": "ROUTER_X"}),
	))
	if err := h.client.Hold(context.Background(), webex.CallRequest{CallID: callID}); err != nil {
		t.Fatal(err)
	}
	_, err := h.client.GetCall(context.Background(), callID, lineOwner)
	wantError(t, err)
	reqs := h.api.requests()
	log := h.log.String()
	lines := strings.Split(strings.TrimSpace(log), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d log lines, want 2:\n%s", len(lines), log)
	}
	checks := [][]string{
		{"level=DEBUG", "method=POST", "path=/telephony/calls/hold", "status=204", "trackingId=" + reqs[0].Header.Get("TrackingID")},
		{"method=GET", "path=/telephony/calls/" + callID, "status=404", "trackingId=ROUTER_X"},
	}
	for i, want := range checks {
		for _, w := range want {
			if !strings.Contains(lines[i], w) {
				t.Errorf("log line %d %q lacks %q", i, lines[i], w)
			}
		}
	}
	for _, secret := range []string{testToken, "Authorization", "Bearer"} {
		if strings.Contains(log, secret) {
			t.Errorf("log contains %q:\n%s", secret, log)
		}
	}
}

// TestLogNeverShowsToken runs every operation, failing and succeeding, with a
// logger attached; the harness checks the log at the end.
func TestLogNeverShowsToken(t *testing.T) {
	for _, tc := range operationCases(t) {
		for _, rep := range []reply{tc.reply, errorReply(http.StatusUnauthorized, `{"message":"unauthorized"}`, nil)} {
			h := newHarness(t, always(rep))
			_, err := tc.call(context.Background(), h.client)
			if err != nil {
				assertNoSecret(t, "error", err.Error())
			}
			if !strings.Contains(h.log.String(), "path="+tc.path) {
				t.Errorf("%s: nothing logged", tc.name)
			}
		}
	}
}

// TestConcurrentUse: one client serves many goroutines (run with -race).
func TestConcurrentUse(t *testing.T) {
	h := newHarness(t, func(ex exchange) reply {
		if ex.Method == http.MethodGet {
			return exampleReply(t, "listcalls", 200)
		}
		return exampleReply(t, "hold", 204)
	})
	const n = 16
	var wg sync.WaitGroup
	errs := make(chan error, 2*n)
	for i := range n {
		wg.Add(2)
		go func() {
			defer wg.Done()
			errs <- h.client.Hold(context.Background(), webex.CallRequest{CallID: fmt.Sprintf("call-%d", i)})
		}()
		go func() {
			defer wg.Done()
			_, err := h.client.ListCalls(context.Background(), "")
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	reqs := h.api.requests()
	if len(reqs) != 2*n {
		t.Fatalf("server saw %d requests, want %d", len(reqs), 2*n)
	}
	holds := map[string]bool{}
	for _, ex := range reqs {
		if ex.Method == http.MethodPost {
			holds[string(ex.Body)] = true
		}
	}
	if len(holds) != n {
		t.Errorf("%d distinct hold bodies, want %d", len(holds), n)
	}
}

// TestParseRetryAfter reads Retry-After against a fixed clock.
func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Duration
	}{
		{"", webex.DefaultRetryAfter},
		{"   ", webex.DefaultRetryAfter},
		{"0", 0},
		{"7", 7 * time.Second},
		{" 7 ", 7 * time.Second},
		{"3600", time.Hour},
		{"-3", webex.DefaultRetryAfter},
		{"1.5", webex.DefaultRetryAfter},
		{"soon", webex.DefaultRetryAfter},
		{"Sun, 01 Mar 2026 12:00:30 GMT", 30 * time.Second},
		{"Sunday, 01-Mar-26 12:02:00 GMT", 2 * time.Minute}, // RFC 850
		{"Sun Mar  1 12:00:05 2026", 5 * time.Second},       // ANSI C
		{"Sun, 01 Mar 2026 11:59:00 GMT", 0},
		{"9223372036", 9223372036 * time.Second},
		{"9223372037", time.Duration(1<<63 - 1)},
		{"10000000000", time.Duration(1<<63 - 1)},
		{"99999999999999999999", time.Duration(1<<63 - 1)},
		{"-99999999999999999999", webex.DefaultRetryAfter},
	}
	for _, tc := range tests {
		if got := webex.ParseRetryAfter(tc.in, now); got != tc.want {
			t.Errorf("Retry-After %q: %v, want %v", tc.in, got, tc.want)
		}
	}
}
