package sim

import (
	"context"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/callboard/callboard/webex"
)

func (h *harness) setFaults(f Faults) {
	h.t.Helper()
	if r := h.do(http.MethodPut, "/_sim/faults", f); r.status != http.StatusOK {
		h.t.Fatalf("put faults %+v: %d %s", f, r.status, r.body)
	}
}

func TestFaultErrorRate(t *testing.T) {
	h := newHarness(t)
	id := h.answeredInbound("Olivia Bennett", "+12065550123")
	h.setFaults(Faults{ErrorRate: 1, ErrorStatus: http.StatusServiceUnavailable, RetryAfterSeconds: 7})
	before := comparable(h.sim.State())

	for _, req := range []struct {
		method, path string
		body         any
	}{
		{"POST", "/v1/telephony/calls/hold", webex.CallRequest{CallID: id}},
		{"POST", "/v1/telephony/calls/hangup", webex.CallRequest{CallID: id}},
		{"POST", "/v1/telephony/calls/dial", webex.DialRequest{Destination: "101"}},
		{"GET", "/v1/telephony/calls", nil},
		{"GET", "/v1/people/me", nil},
	} {
		r := h.do(req.method, req.path, req.body)
		if r.status != http.StatusServiceUnavailable || r.header.Get("Retry-After") != "7" || !strings.Contains(r.message(), "fault injection") {
			t.Errorf("%s %s: %d Retry-After %q %s", req.method, req.path, r.status, r.header.Get("Retry-After"), r.body)
		}
	}
	if after := comparable(h.sim.State()); !reflect.DeepEqual(before, after) {
		t.Errorf("injected errors changed the world:\n%+v\n%+v", before, after)
	}
	// The control plane is never faulted.
	if r := h.do(http.MethodGet, "/_sim/state", nil); r.status != http.StatusOK {
		t.Errorf("control plane under faults: %d", r.status)
	}
	if r := h.do(http.MethodDelete, "/_sim/faults", nil); r.status != http.StatusNoContent {
		t.Fatalf("delete faults: %d", r.status)
	}
	h.must(http.StatusNoContent, "hold", webex.CallRequest{CallID: id})
}

func TestFaultErrorRateIsAFraction(t *testing.T) {
	h := newHarness(t)
	h.setFaults(Faults{ErrorRate: 0.5})
	failed := 0
	for range 200 {
		switch r := h.do(http.MethodGet, "/v1/telephony/calls", nil); r.status {
		case http.StatusInternalServerError:
			failed++
		case http.StatusOK:
		default:
			t.Fatalf("status %d", r.status)
		}
	}
	if failed < 60 || failed > 140 {
		t.Errorf("%d of 200 requests failed at errorRate 0.5", failed)
	}
}

func TestFaultRateLimit(t *testing.T) {
	h := newHarness(t)
	h.setFaults(Faults{RateLimitPerSecond: 2, RetryAfterSeconds: 3})
	for i := range 2 {
		if r := h.do(http.MethodGet, "/v1/telephony/calls", nil); r.status != http.StatusOK {
			t.Fatalf("request %d within the limit: %d", i, r.status)
		}
	}
	r := h.do(http.MethodGet, "/v1/telephony/calls", nil)
	if r.status != http.StatusTooManyRequests || r.header.Get("Retry-After") != "3" {
		t.Fatalf("over the limit: %d Retry-After %q", r.status, r.header.Get("Retry-After"))
	}
	// A refused action does not act.
	if r := h.post("dial", webex.DialRequest{Destination: "101"}); r.status != http.StatusTooManyRequests {
		t.Fatalf("dial over the limit: %d", r.status)
	}
	if n := len(h.sim.State().Calls); n != 0 {
		t.Errorf("a rate-limited dial created %d calls", n)
	}
	h.advance(time.Second)
	if r := h.do(http.MethodGet, "/v1/telephony/calls", nil); r.status != http.StatusOK {
		t.Errorf("after a second: %d", r.status)
	}
	// Default Retry-After.
	h.setFaults(Faults{RateLimitPerSecond: 1})
	h.do(http.MethodGet, "/v1/telephony/calls", nil)
	if r := h.do(http.MethodGet, "/v1/telephony/calls", nil); r.status != 429 || r.header.Get("Retry-After") != "1" {
		t.Errorf("default Retry-After: %d %q", r.status, r.header.Get("Retry-After"))
	}
}

func TestFaultLatency(t *testing.T) {
	h := newHarness(t)
	const latency = 150 * time.Millisecond
	h.setFaults(Faults{LatencyMs: int(latency.Milliseconds())})
	start := time.Now()
	h.do(http.MethodGet, "/v1/telephony/calls", nil)
	if elapsed := time.Since(start); elapsed < latency {
		t.Errorf("response after %v, before the injected latency %v", elapsed, latency)
	}
}

func TestFaultLatencyRespectsContext(t *testing.T) {
	h := newHarness(t)
	h.setFaults(Faults{LatencyMs: int(maxLatency.Milliseconds())})
	ctx, cancel := context.WithCancel(context.Background())
	req := httptest.NewRequestWithContext(ctx, http.MethodPost, "/v1/telephony/calls/dial", strings.NewReader(`{"destination":"101"}`))
	req.Header.Set("Authorization", "Bearer "+testToken)
	req.Header.Set("Content-Type", "application/json")
	done := make(chan struct{})
	go func() {
		defer close(done)
		// A recorder cannot be hijacked, so the handler aborts the response
		// the way net/http expects; the server would close the connection.
		defer func() {
			if v := recover(); v != nil && v != http.ErrAbortHandler {
				t.Errorf("handler panicked: %v", v)
			}
		}()
		h.sim.Handler().ServeHTTP(httptest.NewRecorder(), req)
	}()
	cancel()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("the handler kept waiting after the client gave up")
	}
	if n := len(h.sim.State().Calls); n != 0 {
		t.Errorf("an abandoned request acted: %d calls", n)
	}
	reqs := h.sim.Requests()
	if len(reqs) != 1 || reqs[0].Status != 0 {
		t.Errorf("request log: %+v", reqs)
	}
}

func TestFaultDrop(t *testing.T) {
	srv, err := Start(context.Background(), "127.0.0.1:0", Options{Token: testToken, Clock: NewFakeClock(epoch)})
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := srv.Close(); err != nil {
			t.Errorf("close: %v", err)
		}
	}()
	if err := srv.Sim.SetFaults(Faults{DropRate: 1}); err != nil {
		t.Fatal(err)
	}
	v := newValidator(t)
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	send := func() (response, error) {
		return httpDo(t, v, client, http.MethodPost, srv.BaseURL+"/telephony/calls/dial", srv.Token, webex.DialRequest{Destination: "101"})
	}
	if r, err := send(); err == nil {
		t.Fatalf("a dropped request got a response: %d", r.status)
	}
	if n := len(srv.Sim.State().Calls); n != 0 {
		t.Errorf("a dropped request acted: %d calls", n)
	}
	if reqs := srv.Sim.Requests(); len(reqs) != 1 || reqs[0].Status != 0 {
		t.Errorf("request log: %+v", reqs)
	}
	srv.Sim.ClearFaults()
	r, err := send()
	if err != nil {
		t.Fatalf("after clearing faults: %v", err)
	}
	if r.status != http.StatusCreated {
		t.Errorf("after clearing faults: %d", r.status)
	}
}

func TestFaultValidation(t *testing.T) {
	h := newHarness(t)
	for _, body := range []string{
		`{"errorRate":1.5}`,
		`{"dropRate":-0.1}`,
		`{"errorStatus":302,"errorRate":1}`,
		`{"latencyMs":-1}`,
		`{"latencyMs":999999999}`,
		`{"rateLimitPerSecond":-2}`,
		`{"retryAfterSeconds":-1}`,
		`{"errorRate":"all"}`,
		`{"jitter":5}`,
	} {
		if r := h.do(http.MethodPut, "/_sim/faults", body); r.status != http.StatusBadRequest {
			t.Errorf("%s: %d, want 400", body, r.status)
		}
	}
	if f := h.sim.Faults(); f.ErrorRate != 0 || f.DropRate != 0 || f.LatencyMs != 0 {
		t.Errorf("invalid faults were applied: %+v", f)
	}
	r := h.do(http.MethodPut, "/_sim/faults", `{"errorRate":0.25}`)
	var got Faults
	r.decode(t, &got)
	if got.ErrorRate != 0.25 || got.ErrorStatus != 500 || got.RetryAfterSeconds != 1 {
		t.Errorf("faults in force: %+v", got)
	}
}
