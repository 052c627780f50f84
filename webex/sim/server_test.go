package sim

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/callboard/callboard/webex"
)

// eventually polls cond until it holds or a generous deadline passes.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestServerRealClock checks that with the real clock the world moves on
// by itself (nobody polls), and that Close stops the server.
func TestServerRealClock(t *testing.T) {
	srv, err := Start(context.Background(), "127.0.0.1:0", Options{
		TickEvery:          5 * time.Millisecond,
		DeviceAnswerDelay:  20 * time.Millisecond,
		RemoteAnswerDelay:  20 * time.Millisecond,
		RemoteAnswerSpread: -1,
	})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(srv.BaseURL, "http://127.0.0.1:") || !strings.HasSuffix(srv.BaseURL, "/v1") || srv.Token == "" {
		t.Errorf("server %q token %q", srv.BaseURL, srv.Token)
	}
	v := newValidator(t)
	client := &http.Client{}
	r, err := httpDo(t, v, client, http.MethodPost, srv.BaseURL+"/telephony/calls/dial", srv.Token, webex.DialRequest{Destination: "101"})
	if err != nil || r.status != http.StatusCreated {
		t.Fatalf("dial: %v %d %s", err, r.status, r.body)
	}
	// No request from here on: only the background ticker can move the call.
	eventually(t, "the call to connect", func() bool {
		calls := srv.Sim.State().Calls
		return len(calls) == 1 && calls[0].State == webex.StateConnected
	})
	if err := srv.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}
	if err := srv.Close(); err != nil {
		t.Fatalf("second close: %v", err)
	}
	client.CloseIdleConnections()
	if _, err := httpDo(t, v, client, http.MethodGet, srv.BaseURL+"/telephony/calls", srv.Token, nil); err == nil {
		t.Error("the server still answers after Close")
	}
}

// TestServerStopsWithContext checks that ending Start's context stops the server.
func TestServerStopsWithContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	srv, err := Start(ctx, "127.0.0.1:0", Options{Token: testToken})
	if err != nil {
		t.Fatal(err)
	}
	v := newValidator(t)
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	if r, err := httpDo(t, v, client, http.MethodGet, srv.BaseURL+"/people/me", testToken, nil); err != nil || r.status != 200 {
		t.Fatalf("people/me: %v %d", err, r.status)
	}
	cancel()
	eventually(t, "the server to stop", func() bool {
		_, err := httpDo(t, v, client, http.MethodGet, srv.BaseURL+"/people/me", testToken, nil)
		return err != nil
	})
	if err := srv.Close(); err != nil {
		t.Errorf("close after the context ended: %v", err)
	}
}

// TestServerCloseInterruptsLatency checks that Close does not wait out an
// injected latency.
func TestServerCloseInterruptsLatency(t *testing.T) {
	srv, err := Start(context.Background(), "127.0.0.1:0", Options{Token: testToken, Clock: NewFakeClock(epoch)})
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Sim.SetFaults(Faults{LatencyMs: int(maxLatency.Milliseconds())}); err != nil {
		t.Fatal(err)
	}
	v := newValidator(t)
	done := make(chan error, 1)
	go func() {
		_, err := httpDo(t, v, &http.Client{}, http.MethodGet, srv.BaseURL+"/telephony/calls", testToken, nil)
		done <- err
	}()
	eventually(t, "the request to wait in the latency", func() bool { return srv.Sim.State().Delayed == 1 })
	if err := srv.Close(); err != nil {
		t.Errorf("close: %v", err)
	}
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("a delayed request outlived Close")
	}
}

func TestListenError(t *testing.T) {
	if _, err := Start(context.Background(), "256.0.0.1:0", Options{}); err == nil {
		t.Fatal("listening on an impossible address succeeded")
	}
}
