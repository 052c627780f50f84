package e2e

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/callboard/callboard/webex"
	"github.com/callboard/callboard/webex/sim"
)

// lineWith returns the screen line that shows text ("" when none does):
// the call list's parser stops at the TIME column, before the tags.
func lineWith(s screen, text string) string {
	for _, l := range s.lines {
		if strings.Contains(l, text) {
			return l
		}
	}
	return ""
}

// simClient is a client of srv, for what happens on another device.
func simClient(t *testing.T, srv *sim.Server) *webex.Client {
	t.Helper()
	c, err := webex.New(srv.BaseURL, oauth2.StaticTokenSource(&oauth2.Token{AccessToken: srv.Token}))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// The front desk's day with queues, a conference and every line, tried as
// a new operator would on the simulator (issue 12's "done when").

// queueCaller puts a caller in one of the user's queues.
func queueCaller(t *testing.T, srv *sim.Server, queue string, in sim.QueueCaller) string {
	t.Helper()
	id, err := srv.Sim.QueueCaller(queue, in)
	if err != nil {
		t.Fatalf("queue caller %s in %s: %v", in.Name, queue, err)
	}
	return id
}

// They see "Support Queue: 3 waiting, longest 1:12"; join Sales with one
// key; answer the queue call offered to them and tag a wrap-up reason.
func TestQueuesAsAnOperator(t *testing.T) {
	t.Parallel()
	srv := newSim(t)
	c := consoleWith(t, srv, "[queues]\nwrap_up_reasons = [\"Billing\", \"Resolved\"]\n")
	c.showPane("queues")
	c.waitText("agent: available")
	// Ann brings 45 s from another queue; Sales has a caller too, which
	// names it (Webex gives agents no queue names).
	queueCaller(t, srv, "5100", sim.QueueCaller{Name: "Ann Lee", Number: "+12065550101", WaitedSeconds: 45})
	queueCaller(t, srv, "5100", sim.QueueCaller{Name: "Bo Chen", Number: "+12065550102"})
	queueCaller(t, srv, "5100", sim.QueueCaller{Name: "Cy Diaz", Number: "+12065550103"})
	queueCaller(t, srv, "5200", sim.QueueCaller{Name: "Dee Park", Number: "+12065550104"})
	c.press("C-r")
	c.waitText("Support Queue: 3 waiting, longest ")
	c.waitText("Sales Queue: 1 waiting")
	// Ann's wait counts on, second by second, the wait she brought included.
	const longest = "Support Queue: 3 waiting, longest 1:12"
	if s, ok := c.await(45*time.Second, func(s screen) bool { return s.has(longest) }); !ok {
		t.Fatalf("the pane never said %q; the screen was:\n%s", longest, s)
	}

	// One key joins Sales, once the pane has the keys.
	c.press("w", "j")
	c.waitText("enter join Sales Queue")
	c.press("Enter")
	c.waitFor("Sales joined", func(s screen) bool {
		return regexp.MustCompile(`Sales Queue: .*· joined`).MatchString(strings.Join(s.lines, "\n"))
	})
	st := srv.Sim.State()
	if !slices.ContainsFunc(st.Queues, func(q sim.QueueState) bool { return q.Extension == "5200" && q.Joined }) {
		t.Fatalf("the simulator's queues: %+v", st.Queues)
	}

	// The queue's offer rings the user, its row naming the queue. A call
	// ringing in takes the keys back from the pane; one that rang before
	// the keys went there leaves them.
	var offer callRow
	c.waitFor("a queue's offer", func(s screen) bool {
		for _, r := range s.calls() {
			if r.state == "ringing" && strings.Contains(lineWith(s, r.remote+" ·"), "Queue →") {
				offer = r
				return true
			}
		}
		return false
	})
	c.focusCalls()
	c.press("a")
	c.waitCall(offer.remote, "connected")
	c.press("e")
	c.waitText("wrap-up: ")
	c.press("Y")
	c.waitText("Billing · Resolved")
	c.typeText("Billing")
	c.press("Enter")
	c.waitText("tagged")
	if w := srv.Sim.State().WrapUp; !w.FromQueue || !slices.Equal(w.Reasons, []string{"Billing"}) {
		t.Errorf("the simulator's wrap-up: %+v", w)
	}
}

// They conference a colleague into a call with one key, confirmed, and
// step out leaving the two talking.
func TestConferenceAsAnOperator(t *testing.T) {
	t.Parallel()
	srv := newSim(t)
	// Queue calls would ring in the middle: this operator takes none.
	c := consoleWith(t, srv, "[queues]\nenabled = false\n")
	ring(t, srv, "Ada Lovelace", "+14155551815")
	c.waitCall("Ada Lovelace", "ringing")
	c.press("a")
	c.waitCall("Ada Lovelace", "connected")
	c.press("d")
	c.typeText("101")
	c.press("Enter")
	c.waitCall("Jordan Lee", "connecting")
	farEndAnswers(t, srv, "Jordan Lee")
	c.waitCall("Jordan Lee", "connected")
	c.waitCall("Ada Lovelace", "on hold")
	c.press("C")
	c.waitFor("a confirmation naming both", func(s screen) bool {
		return s.has("conference: you, Jordan Lee") && s.has("Ada Lovelace") && s.has("all talk together?")
	})
	c.press("y")
	c.waitFor("the conference as one group", func(s screen) bool {
		return strings.Contains(lineWith(s, "Jordan Lee ·"), "◆ conference") && strings.Contains(lineWith(s, "Ada Lovelace ·"), "◆ conference") &&
			s.has("╭") && s.has("╰")
	})
	if got := srv.Sim.State().Conferences[""]; len(got.Participants) != 2 {
		t.Fatalf("the simulator's conference: %+v", got)
	}
	c.press("C")
	c.waitText("conference with")
	c.typeText("leave")
	c.press("Enter")
	c.waitText("step out of the conference")
	c.press("y")
	c.waitGone("Ada Lovelace")
	c.waitGone("Jordan Lee")
	body := onePost(t, srv, "transfer")
	if body["callId1"] == nil || body["callId2"] == nil {
		t.Errorf("stepping out sent %v, want both calls transferred to each other", body)
	}
}

// They see a call ringing on the main line beside their own, each row
// naming its line, answer it on the main line, and L shows one line.
func TestMainLineBesideTheirOwn(t *testing.T) {
	t.Parallel()
	srv := newSim(t)
	c := consoleOn(t, srv)
	c.waitText("LINE")
	ring(t, srv, "Ada Lovelace", "+14155551815")
	if _, err := srv.Sim.Inbound(sim.Inbound{Name: "Grace Hopper", Number: "+14155551906", Line: "500"}); err != nil {
		t.Fatal(err)
	}
	s := c.waitFor("both calls ringing, each on its line", func(s screen) bool {
		var own, main bool
		for _, r := range s.calls() {
			own = own || (r.remote == "Ada Lovelace" && r.state == "ringing" && r.line == "mine")
			main = main || (r.remote == "Grace Hopper" && r.state == "ringing" && r.line == "Main Line")
		}
		return own && main
	})
	for !slices.ContainsFunc(s.calls(), func(r callRow) bool { return r.remote == "Grace Hopper" && r.selected }) {
		c.press("j")
		s = c.screen()
	}
	c.press("a")
	c.waitCall("Grace Hopper", "connected")
	answer := onePost(t, srv, "answer")
	var main string
	for _, l := range srv.Sim.State().Lines {
		if l.Extension == "500" {
			main = l.OwnerID
		}
	}
	if main == "" || answer["lineOwnerId"] != main {
		t.Errorf("the answer went with %v, want the main line's lineOwnerId %q", answer["lineOwnerId"], main)
	}
	c.press("L", "L")
	c.waitText("line Main Line only")
	c.waitFor("the own line's ringing call still shows", func(s screen) bool {
		return len(s.callsWith("Ada Lovelace")) == 1 && len(s.callsWith("Grace Hopper")) == 1
	})
}

// Do not disturb and the night service, one key each, confirmed, always
// in the header; a change made elsewhere shows.
func TestDoNotDisturbAndNightService(t *testing.T) {
	t.Parallel()
	srv := newSim(t)
	c := consoleWith(t, srv, "[night]\nforward_to = \"2000\"\n\n[poll]\nsettings = \"10s\"\n")
	c.waitText("DND off · night off")
	c.press("N")
	c.waitText("turn do not disturb on")
	c.press("y")
	c.waitText("DND on")
	c.press("F")
	c.waitText("night service on: forward every call to 2000?")
	c.press("y")
	c.waitText("night → 2000")
	st := srv.Sim.State()
	if !st.DoNotDisturb.Enabled || !st.CallForwarding.CallForwarding.Always.Enabled {
		t.Fatalf("the simulator's settings: %+v, %+v", st.DoNotDisturb, st.CallForwarding.CallForwarding.Always)
	}
	// Turned off from another device: the header follows.
	client := simClient(t, srv)
	if err := client.SetDoNotDisturb(t.Context(), webex.DoNotDisturb{}); err != nil {
		t.Fatal(err)
	}
	c.waitText("DND off")
}

// Under a rate limit of one request a second and latency, the lines, the
// queues and the settings stay within it and an answer still goes through.
func TestEveryLineUnderARateLimit(t *testing.T) {
	t.Parallel()
	srv := newSim(t)
	c := consoleOn(t, srv)
	c.waitText("LINE")
	if err := srv.Sim.SetFaults(sim.Faults{LatencyMs: 100, RateLimitPerSecond: 1, RetryAfterSeconds: 1}); err != nil {
		t.Fatal(err)
	}
	if _, err := srv.Sim.Inbound(sim.Inbound{Name: "Radia Perlman", Number: "+14155551951", Line: "500"}); err != nil {
		t.Fatal(err)
	}
	// One request a second is shared by every line, the colleagues'
	// presence and the settings: the other line's poll waits its turn behind
	// them, and under the race detector on a loaded machine that turn can
	// come after waitLimit.
	const rateLimited = 3 * waitLimit
	c.waitCallWithin(rateLimited, "Radia Perlman", "ringing")
	for !slices.ContainsFunc(c.screen().calls(), func(r callRow) bool { return r.remote == "Radia Perlman" && r.selected }) {
		c.press("j")
	}
	c.press("a")
	c.waitCallWithin(rateLimited, "Radia Perlman", "connected")
	if got := statuses(srv, "answer"); !slices.Contains(got, 204) || slices.Index(got, 204) != len(got)-1 {
		t.Errorf("POST /answer answered %v, want it to succeed once", got)
	}
}
