package cli_test

import (
	"net"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/callboard/callboard/webex"
	"github.com/callboard/callboard/webex/sim"
)

// trackingID matches the tracking ID callboard sends and the simulator echoes.
var trackingID = regexp.MustCompile(`tracking ID CALLBOARD_[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}`)

// TestUsageErrors: a mistake in the command line exits 2, says what is
// wrong, and sends nothing, even where the call exists and the action would
// succeed.
func TestUsageErrors(t *testing.T) {
	h := newHarness(t)
	ring := h.ringing(olivia)
	talk := h.connected(liam.Name, liam.Number)
	fill := func(args []string) []string {
		out := make([]string, len(args))
		for i, a := range args {
			out[i] = strings.NewReplacer("{ring}", ring, "{talk}", talk).Replace(a)
		}
		return out
	}
	desk, mobile := sim.DeskPhoneEndpointID, sim.MobileNumber
	for _, c := range []struct {
		name string
		args []string
		want string // in stderr
	}{
		{"missing argument", []string{"hold"}, "hold needs a call id: `callboard calls` lists the ids"},
		{"extra argument", []string{"hold", "{talk}", "{ring}"}, "hold takes ID, not 2 arguments"},
		{"argument to a verb without any", []string{"calls", "{talk}"}, "unknown command"},
		{"missing DTMF digits", []string{"dtmf", "{talk}"}, "dtmf needs the digits to send"},
		{"unknown verb", []string{"frobnicate", "{talk}"}, `unknown command "frobnicate"`},
		{"unknown flag", []string{"hold", "{talk}", "--bogus"}, "unknown flag: --bogus"},
		{"unknown global flag", []string{"--bogus", "calls"}, "unknown flag: --bogus"},
		{"bad flag value", []string{"hold", "{talk}", "--timeout", "soon"}, `invalid argument "soon"`},
		{"bad destination", []string{"dial", "12a4"}, "dial:"},
		{"bad transfer destination", []string{"transfer", "{talk}", "--to", "user@"}, "transfer --to:"},
		{"bad divert destination", []string{"divert", "{ring}", "--to", "12a4"}, "divert --to:"},
		{"bad park place", []string{"park", "{talk}", "--at", "7o01"}, "park --at:"},
		{"bad retrieve place", []string{"retrieve", "12a4"}, "retrieve:"},
		{"bad pickup target", []string{"pickup", "user@"}, "pickup:"},
		{"bad barge target", []string{"barge", "user@"}, "barge:"},
		{"bad SNR number", []string{"dial", "101", "--snr", "12a4"}, "--snr:"},
		{"bad DTMF", []string{"dtmf", "{talk}", "12x4"}, `dtmf: `},
		{"empty DTMF", []string{"dtmf", "{talk}", " "}, "dtmf: "},
		{"unknown recording action", []string{"record", "bogus", "{talk}"}, `record "bogus": use start, stop, pause or resume`},
		{"unknown reject action", []string{"reject", "{ring}", "--action", "nope"}, `--action "nope"`},
		{"divert without a place", []string{"divert", "{ring}"}, "divert needs --to DEST or --voicemail"},
		{"dial with --endpoint and --snr", []string{"dial", "101", "--endpoint", desk, "--snr", mobile}, "--endpoint and --snr cannot be used together"},
		{"pickup with --endpoint and --snr", []string{"pickup", "--endpoint", desk, "--snr", mobile}, "--endpoint and --snr cannot be used together"},
		{"retrieve with --endpoint and --snr", []string{"retrieve", "--endpoint", desk, "--snr", mobile}, "--endpoint and --snr cannot be used together"},
		{"barge with --endpoint and --snr", []string{"barge", "105", "--endpoint", desk, "--snr", mobile}, "--endpoint and --snr cannot be used together"},
		{"transfer with --to and --with", []string{"transfer", "{talk}", "--to", "101", "--with", "{ring}"}, "either --to/--voicemail or --with, not both"},
		{"transfer without a place", []string{"transfer", "{talk}"}, "needs --to DEST"},
		{"transfer --to without a call", []string{"transfer", "--to", "101"}, "needs a call id"},
		{"transfer to itself", []string{"transfer", "{talk}", "--with", "{talk}"}, "cannot transfer a call to itself"},
		{"park --group with --at", []string{"park", "{talk}", "--group", "--at", "7001"}, "--group picks the park place itself"},
		{"history of an unknown type", []string{"history", "--type", "all"}, `--type "all": use placed, missed or received`},
		{"empty call id", []string{"hold", " "}, "empty call id"},
		{"call id with spaces", []string{"hold", "{talk} x"}, "contains spaces"},
		{"bad base URL", []string{"--base-url", "ftp://example.com/v1", "calls"}, "--base-url"},
		{"zero timeout", []string{"hold", "{talk}", "--timeout", "0s"}, "--timeout"},
		{"negative timeout", []string{"hold", "{talk}", "--timeout", "-5s"}, "--timeout"},
		{"login to Webex without an integration", []string{"login", "--no-browser", "--base-url", "https://webexapis.com/v1"}, "no Webex integration configured"},
	} {
		t.Run(c.name, func(t *testing.T) {
			mark := h.mark()
			args := fill(c.args)
			out := h.run(args...)
			if out.code != 2 {
				t.Errorf("callboard %q: %v\nwant exit 2", args, out)
			}
			if !strings.HasPrefix(out.stderr, "callboard: ") || !strings.Contains(out.stderr, c.want) {
				t.Errorf("stderr = %q, want callboard: ...%s...", out.stderr, c.want)
			}
			if out.stdout != "" {
				t.Errorf("stdout = %q, want nothing", out.stdout)
			}
			if reqs := h.since(mark); len(reqs) != 0 {
				t.Errorf("a usage error sent %d requests: %+v", len(reqs), reqs)
			}
		})
	}
	// Nothing happened to the calls either.
	if got := h.call(ring).State; got != webex.StateAlerting {
		t.Errorf("the ringing call is %s now", got)
	}
	if got := h.call(talk).State; got != webex.StateConnected {
		t.Errorf("the connected call is %s now", got)
	}
}

// TestNoToken: with no token anywhere a verb exits 2 before sending
// anything and says how to sign in.
func TestNoToken(t *testing.T) {
	h := newHarness(t)
	id := h.connected(olivia.Name, olivia.Number)
	for _, args := range [][]string{{"calls"}, {"hold", id}} {
		mark := h.mark()
		out := h.runWith(map[string]string{"WEBEX_BASE_URL": h.srv.BaseURL}, args...)
		if out.code != 2 {
			t.Errorf("callboard %q without a token: %v\nwant exit 2", args, out)
		}
		for _, want := range []string{"callboard login", "WEBEX_TOKEN"} {
			if !strings.Contains(out.stderr, want) {
				t.Errorf("stderr lacks %q:\n%s", want, out.stderr)
			}
		}
		if reqs := h.since(mark); len(reqs) != 0 {
			t.Errorf("sent %d requests without a token", len(reqs))
		}
	}
}

// TestAPIErrors: a refusal from Webex exits 1 and stderr names the HTTP
// status, Webex's message and the tracking ID.
func TestAPIErrors(t *testing.T) {
	for _, c := range []struct {
		name   string
		setup  func(h *harness) (env map[string]string, args []string)
		status int
		want   []string
	}{
		{"hold an unknown call", func(h *harness) (map[string]string, []string) {
			return h.env(), []string{"hold", unknownCallID}
		}, 400, []string{"hold " + unknownCallID, "400 Bad Request", "Call not found", "the call already ended"}},
		{"show an unknown call", func(h *harness) (map[string]string, []string) {
			return h.env(), []string{"show", unknownCallID, "--json"}
		}, 400, []string{"400 Bad Request", "Call not found", "the call already ended"}},
		{"answer a connected call", func(h *harness) (map[string]string, []string) {
			return h.env(), []string{"answer", h.connected(olivia.Name, olivia.Number)}
		}, 400, []string{"400 Bad Request", "cannot answer: the call is already answered"}},
		{"mute a call on the desk phone", func(h *harness) (map[string]string, []string) {
			id := h.ringing(olivia)
			h.must(h.client.Answer(h.t.Context(), webex.AnswerRequest{CallID: id, EndpointID: sim.DeskPhoneEndpointID}))
			return h.env(), []string{"mute", id}
		}, 400, []string{"400 Bad Request", "not mute capable"}},
		{"pick up where nothing rings", func(h *harness) (map[string]string, []string) {
			return h.env(), []string{"pickup", "--json"}
		}, 400, []string{"400 Bad Request", "nothing to pick up"}},
		{"wrong token", func(h *harness) (map[string]string, []string) {
			env := h.env()
			env["WEBEX_TOKEN"] = "wrong_" + tokenFragment
			return env, []string{"calls"}
		}, 401, []string{"401 Unauthorized", "requires a valid access token", "callboard login", "WEBEX_TOKEN"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t)
			env, args := c.setup(h)
			mark := h.mark()
			out := h.runWith(env, args...)
			if out.code != 1 {
				t.Errorf("callboard %q: %v\nwant exit 1", args, out)
			}
			if out.stdout != "" {
				t.Errorf("stdout = %q, want nothing", out.stdout)
			}
			for _, want := range c.want {
				if !strings.Contains(out.stderr, want) {
					t.Errorf("stderr lacks %q:\n%s", want, out.stderr)
				}
			}
			if !trackingID.MatchString(out.stderr) {
				t.Errorf("stderr has no tracking ID:\n%s", out.stderr)
			}
			reqs := h.since(mark)
			if len(reqs) != 1 || reqs[0].Status != c.status {
				t.Errorf("requests = %+v, want one answered %d", reqs, c.status)
			}
		})
	}
}

// TestRateLimitBeyondBudget: a 429 asking for a longer wait than callboard
// accepts is not waited out: exit 1 at once, and stderr says how long to wait.
func TestRateLimitBeyondBudget(t *testing.T) {
	h := newHarness(t)
	// One request a second on a clock that never moves: the first request
	// takes the only token, the next is refused.
	h.must(h.srv.Sim.SetFaults(sim.Faults{RateLimitPerSecond: 1, RetryAfterSeconds: 120}))
	if out := h.run("calls"); out.code != 0 {
		t.Fatalf("first request: %v", out)
	}
	mark := h.mark()
	out := h.run("hold", unknownCallID)
	if out.code != 1 {
		t.Errorf("rate limited: %v\nwant exit 1", out)
	}
	for _, want := range []string{"429 Too Many Requests", "rate limited", "try again in 2m0s"} {
		if !strings.Contains(out.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, out.stderr)
		}
	}
	if !trackingID.MatchString(out.stderr) {
		t.Errorf("stderr has no tracking ID:\n%s", out.stderr)
	}
	if strings.Contains(out.stderr, "retrying in") {
		t.Errorf("callboard announced a retry it should not make:\n%s", out.stderr)
	}
	if reqs := h.since(mark); len(reqs) != 1 || reqs[0].Status != 429 {
		t.Errorf("requests = %+v, want one refused with 429 and no retry", reqs)
	}
}

// TestRateLimitRetried: a short Retry-After is waited out, said on stderr,
// and the verb then succeeds.
func TestRateLimitRetried(t *testing.T) {
	h := newHarness(t)
	id := h.connected(olivia.Name, olivia.Number)
	h.must(h.srv.Sim.SetFaults(sim.Faults{RateLimitPerSecond: 1, RetryAfterSeconds: 1}))
	if _, err := h.client.ListCalls(t.Context(), ""); err != nil {
		t.Fatalf("use up the rate limit: %v", err)
	}
	mark := h.mark()
	done := make(chan outcome, 1)
	go func() { done <- h.run("hold", id) }()
	// Once the simulator has refused the hold, let a simulated second pass so
	// that the retry finds the bucket refilled.
	waitFor(t, "the simulator to refuse the hold with 429", func() bool {
		reqs := h.since(mark)
		return len(reqs) > 0 && reqs[0].Status == 429
	})
	h.clock.Advance(1100 * time.Millisecond)
	var out outcome
	waitFor(t, "callboard hold to finish", func() bool {
		select {
		case out = <-done:
			return true
		default:
			return false
		}
	})
	if out.code != 0 {
		t.Fatalf("hold after a retry: %v", out)
	}
	if !strings.Contains(out.stderr, "rate limited by Webex, retrying in 1s") {
		t.Errorf("stderr does not announce the wait:\n%s", out.stderr)
	}
	reqs := h.since(mark)
	if len(reqs) != 2 || reqs[0].Status != 429 || reqs[1].Status != 204 {
		t.Errorf("requests = %+v, want a 429 then a 204", reqs)
	}
	if got := h.call(id).State; got != webex.StateHeld {
		t.Errorf("call is %s, want held", got)
	}
}

// TestNetworkError: an API nobody listens on exits 1 and names the address.
func TestNetworkError(t *testing.T) {
	h := newHarness(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	addr := ln.Addr().String()
	if err := ln.Close(); err != nil {
		t.Fatalf("close listener: %v", err)
	}
	env := map[string]string{"WEBEX_TOKEN": testToken, "WEBEX_BASE_URL": "http://" + addr + "/v1"}
	for _, args := range [][]string{{"calls"}, {"hold", unknownCallID, "--json"}} {
		out := h.runWith(env, args...)
		if out.code != 1 {
			t.Errorf("callboard %q with nothing listening: %v\nwant exit 1", args, out)
		}
		if !strings.Contains(out.stderr, addr) {
			t.Errorf("stderr does not name %s:\n%s", addr, out.stderr)
		}
		if out.stdout != "" {
			t.Errorf("stdout = %q, want nothing", out.stdout)
		}
	}
}
