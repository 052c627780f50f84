package cli_test

import (
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/callboard/callboard/cli"
)

// actionServer is a stand-in for Webex whose actions all end the way
// answer says; it counts the requests each path gets.
type actionServer struct {
	url string

	mu   sync.Mutex
	hits map[string]int
}

func newActionServer(t *testing.T, answer func(w http.ResponseWriter, r *http.Request)) *actionServer {
	t.Helper()
	s := &actionServer{hits: map[string]int{}}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		s.mu.Lock()
		s.hits[r.URL.Path]++
		s.mu.Unlock()
		answer(w, r)
	}))
	t.Cleanup(srv.Close)
	s.url = srv.URL + "/v1"
	return s
}

func (s *actionServer) count(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}

// hang answers nothing until the client gives up.
func hang(_ http.ResponseWriter, r *http.Request) { <-r.Context().Done() }

// drop closes the connection without an answer, after reading the request.
func drop(w http.ResponseWriter, _ *http.Request) {
	conn, _, err := w.(http.Hijacker).Hijack()
	if err == nil {
		conn.Close()
	}
}

// gatewayTimeout is a proxy that gave up waiting for Webex.
func gatewayTimeout(w http.ResponseWriter, _ *http.Request) {
	http.Error(w, "upstream timed out", http.StatusGatewayTimeout)
}

// TestLostActionSaysItMayHaveHappened: when a verb that changes a call
// gets no usable answer after its request went out, stderr says what may
// have happened and to look before trying again, instead of suggesting a
// longer --timeout; the request is never sent twice.
func TestLostActionSaysItMayHaveHappened(t *testing.T) {
	for _, tc := range []struct {
		name   string
		answer func(http.ResponseWriter, *http.Request)
		args   []string
		path   string
		want   string
	}{
		{"dial timed out", hang, []string{"dial", "+14155550142", "--timeout", "300ms"}, "/v1/telephony/calls/dial", "the call may be ringing"},
		{"dial through a gateway that timed out", gatewayTimeout, []string{"dial", "101"}, "/v1/telephony/calls/dial", "the call may be ringing"},
		{"transfer connection dropped", drop, []string{"transfer", hostileCallID, "--to", "101"}, "/v1/telephony/calls/transfer", "the transfer may have happened"},
		{"hangup timed out", hang, []string{"hangup", hostileCallID, "--timeout", "300ms"}, "/v1/telephony/calls/hangup", "the call may have ended"},
		{"pickup dropped", drop, []string{"pickup"}, "/v1/telephony/calls/pickup", "a new call may be ringing"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t)
			s := newActionServer(t, tc.answer)
			out := h.runWith(map[string]string{"WEBEX_TOKEN": testToken, "WEBEX_BASE_URL": s.url}, tc.args...)
			if out.code != cli.ExitError {
				t.Errorf("%v\nwant exit 1", out)
			}
			for _, want := range []string{tc.want, "check `callboard calls` before trying again"} {
				if !strings.Contains(out.stderr, want) {
					t.Errorf("stderr lacks %q:\n%s", want, out.stderr)
				}
			}
			if strings.Contains(out.stderr, "raise --timeout") {
				t.Errorf("stderr suggests a longer timeout, which could act twice:\n%s", out.stderr)
			}
			if n := s.count(tc.path); n != 1 {
				t.Errorf("%s got %d requests, want exactly 1", tc.path, n)
			}
		})
	}
}

// TestUnsentOrReadOnlyNoWarning: a verb that only reads, a request that
// never left (nothing listening) and a refusal with a reason carry no
// warning that the action may have happened.
func TestUnsentOrReadOnlyNoWarning(t *testing.T) {
	h := newHarness(t)
	s := newActionServer(t, hang)
	out := h.runWith(map[string]string{"WEBEX_TOKEN": testToken, "WEBEX_BASE_URL": s.url}, "calls", "--timeout", "300ms")
	if out.code != cli.ExitError || !strings.Contains(out.stderr, "raise --timeout") || strings.Contains(out.stderr, "may") {
		t.Errorf("calls timed out: %v\nwant the plain timeout advice", out)
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	out = h.runWith(map[string]string{"WEBEX_TOKEN": testToken, "WEBEX_BASE_URL": "http://" + addr + "/v1"}, "dial", "101")
	if out.code != cli.ExitError || strings.Contains(out.stderr, "may be ringing") {
		t.Errorf("dial with nothing listening: %v\nwant no warning: nothing was sent", out)
	}

	out = h.run("answer", h.connected(olivia.Name, olivia.Number))
	if out.code != cli.ExitError || strings.Contains(out.stderr, "may have") {
		t.Errorf("a refused answer: %v\nwant no warning", out)
	}
}
