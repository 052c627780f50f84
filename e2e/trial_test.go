package e2e

import (
	"slices"
	"testing"
	"time"

	"github.com/callboard/callboard/webex/sim"
)

// The trial's bugs, replayed in a real terminal against a slow, rate
// limited simulator: real networks are slow, operators are fast.

// speedDialConfig gives key 1 to Jordan Lee.
const speedDialConfig = "[[speed_dial]]\nlabel = \"Jordan Lee\"\ndestination = \"101\"\n"

// consoleWith starts the console on srv with extra configuration.
func consoleWith(t *testing.T, srv *sim.Server, config string) *console {
	t.Helper()
	c := newWorkspace(t, config, "WEBEX_TOKEN="+srv.Token, "WEBEX_BASE_URL="+srv.BaseURL).start()
	c.waitText("● online")
	return c
}

// statuses returns the statuses of the simulator's answers to op, oldest
// first (0 for a dropped connection).
func statuses(srv *sim.Server, op string) []int {
	var out []int
	for _, r := range posts(srv, op) {
		out = append(out, r.Status)
	}
	return out
}

// settle lets the console catch up with what was sent: every key's request
// answered and the list polled at least twice more.
func settle(c *console) {
	c.t.Helper()
	time.Sleep(3 * time.Second)
}

// Bug 1: with 150 ms of latency, speed dial pressed twice placed two real
// calls, and a twice answered a call twice.
func TestTrialDoublePressUnderLatency(t *testing.T) {
	t.Parallel()
	t.Run("speed dial", func(t *testing.T) {
		t.Parallel()
		srv := newSim(t)
		c := consoleWith(t, srv, speedDialConfig)
		if err := srv.Sim.SetFaults(sim.Faults{LatencyMs: 150}); err != nil {
			t.Fatal(err)
		}
		c.press("1")
		time.Sleep(220 * time.Millisecond)
		c.press("1")
		c.waitText("ringing your phone")
		settle(c)
		if got := statuses(srv, "dial"); len(got) != 1 {
			t.Fatalf("POST /dial answered %v: a double press placed %d calls", got, len(got))
		}
	})
	t.Run("answer", func(t *testing.T) {
		t.Parallel()
		srv := newSim(t)
		ring(t, srv, "Ada Lovelace", "+14155551815")
		c := consoleOn(t, srv)
		c.waitCall("Ada Lovelace", "ringing")
		if err := srv.Sim.SetFaults(sim.Faults{LatencyMs: 150}); err != nil {
			t.Fatal(err)
		}
		c.press("a")
		time.Sleep(220 * time.Millisecond)
		c.press("a")
		c.waitCall("Ada Lovelace", "connected")
		settle(c)
		if got := statuses(srv, "answer"); !slices.Equal(got, []int{204}) {
			t.Fatalf("POST /answer answered %v, want one 204", got)
		}
	})
}

// Bug 2: with 400 ms of latency, a then h 150 ms later dropped the hold and
// the caller heard the room. Keys on a call go in order.
func TestTrialKeysOnACallGoInOrder(t *testing.T) {
	t.Parallel()
	srv := newSim(t)
	ring(t, srv, "Grace Hopper", "+14155551906")
	c := consoleOn(t, srv)
	c.waitCall("Grace Hopper", "ringing")
	if err := srv.Sim.SetFaults(sim.Faults{LatencyMs: 400}); err != nil {
		t.Fatal(err)
	}
	c.press("a")
	time.Sleep(150 * time.Millisecond)
	c.press("h")
	c.waitCall("Grace Hopper", "on hold")
	if a, h := statuses(srv, "answer"), statuses(srv, "hold"); !slices.Equal(a, []int{204}) || !slices.Equal(h, []int{204}) {
		t.Fatalf("answer %v, hold %v: want one of each, in order", a, h)
	}
}

// Bug 3: after a prompt closed with enter, a second enter answered a
// waiting caller.
func TestTrialEnterAfterAPromptAnswersNobody(t *testing.T) {
	t.Parallel()
	srv := newSim(t)
	c := consoleOn(t, srv)
	ring(t, srv, "Barbara Liskov", "+14155551939")
	c.waitCall("Barbara Liskov", "ringing")
	c.press("d")
	c.typeText("1234")
	c.press("Enter")
	time.Sleep(120 * time.Millisecond)
	c.press("Enter")
	c.waitText("ringing your phone")
	settle(c)
	if got := statuses(srv, "answer"); len(got) != 0 {
		t.Fatalf("the enter after the dial prompt answered a caller: POST /answer %v", got)
	}
	c.waitCall("Barbara Liskov", "ringing")
}

// Bug 4: a command typed for one call ran on the call that had taken the
// selection by the time enter was pressed.
func TestTrialCommandLineStaysOnItsCall(t *testing.T) {
	t.Parallel()
	srv := newSim(t)
	alice := ring(t, srv, "Alice Ball", "+14155551892")
	c := consoleOn(t, srv)
	c.waitCall("Alice Ball", "ringing")
	c.press("a")
	c.waitCall("Alice Ball", "connected")
	c.press(":")
	c.typeText("hangup")
	if err := srv.Sim.Remote(alice, sim.RemoteHangup); err != nil {
		t.Fatal(err)
	}
	ring(t, srv, "Bob Kahn", "+14155551938")
	c.waitFor("Bob Kahn ringing and selected", func(s screen) bool {
		rows := s.callsWith("Bob Kahn")
		return len(rows) == 1 && rows[0].selected
	})
	c.press("Enter")
	c.waitText("call already ended")
	settle(c)
	if h, r := statuses(srv, "hangup"), statuses(srv, "reject"); len(h)+len(r) != 0 {
		t.Fatalf("the command typed for Alice acted on Bob: hangup %v, reject %v", h, r)
	}
	c.waitCall("Bob Kahn", "ringing")
}

// Bug 5: t then enter joined two strangers. Joining is J, confirmed.
func TestTrialJoinIsConfirmed(t *testing.T) {
	t.Parallel()
	srv := newSim(t)
	ring(t, srv, "Katherine Johnson", "+14155551918")
	c := consoleOn(t, srv)
	c.waitCall("Katherine Johnson", "ringing")
	c.press("a")
	c.waitCall("Katherine Johnson", "connected")
	ring(t, srv, "Hedy Lamarr", "+14155551914")
	c.waitCall("Hedy Lamarr", "ringing")
	// The talking call keeps the selection: the ringing one is on top.
	c.press("a")
	c.waitText("Hedy Lamarr is ringing")
	c.press("k", "a")
	c.waitCall("Hedy Lamarr", "connected")
	c.waitCall("Katherine Johnson", "on hold") // Webex holds the first call
	c.press("t", "Enter")
	c.waitText("enter a destination")
	c.press("Escape")
	if got := statuses(srv, "transfer"); len(got) != 0 {
		t.Fatalf("an empty transfer joined the calls: %v", got)
	}
	c.press("J")
	c.waitFor("a confirmation naming both", func(s screen) bool {
		return s.has("join") && s.has("Katherine Johnson") && s.has("Hedy Lamarr") && s.has("you drop out")
	})
	c.press("y")
	c.waitGone("Katherine Johnson")
	body := onePost(t, srv, "transfer")
	if body["callId1"] == nil || body["callId2"] == nil {
		t.Errorf("the join sent %v, want both calls", body)
	}
}

// Bug 6: with one request a second allowed, the console's own polls took
// every slot, the answer was given up and the caller rang out.
func TestTrialRateLimitYieldsToActions(t *testing.T) {
	t.Parallel()
	srv := newSim(t)
	ring(t, srv, "Radia Perlman", "+14155551951")
	c := consoleOn(t, srv)
	c.waitCall("Radia Perlman", "ringing")
	if err := srv.Sim.SetFaults(sim.Faults{RateLimitPerSecond: 1, RetryAfterSeconds: 1}); err != nil {
		t.Fatal(err)
	}
	c.press("a")
	c.waitCall("Radia Perlman", "connected")
	got := statuses(srv, "answer")
	if len(got) == 0 || got[len(got)-1] != 204 {
		t.Fatalf("POST /answer answered %v, want it to end with 204", got)
	}
	srv.Sim.ClearFaults()
}

// Bug 7: ctrl+c in a prompt quit the console; esc typed quickly with a key
// left the prompt open.
func TestTrialPromptKeys(t *testing.T) {
	t.Parallel()
	srv := newSim(t)
	ring(t, srv, "Annie Easley", "+14155551933")
	c := consoleOn(t, srv)
	c.waitCall("Annie Easley", "ringing")
	c.press("a")
	c.waitCall("Annie Easley", "connected")
	c.press("t")
	c.typeText("10")
	c.press("C-c")
	c.waitNoText("transfer Annie Easley to")
	if _, err := c.run("has-session", "-t", session); err != nil {
		t.Fatalf("ctrl+c in the prompt ended the console: %v", err)
	}
	c.waitText("● online")
	// esc and h in one write: the terminal reads alt+h.
	c.press("t")
	c.waitText("transfer Annie Easley to")
	c.press("Escape", "h")
	c.waitCall("Annie Easley", "on hold")
	c.waitNoText("transfer Annie Easley to")
}
