package e2e

import (
	"slices"
	"testing"
)

// The receptionist's main flows, from the keyboard alone. Each test has its
// own simulator and console; callers ring before the console starts, so the
// first poll shows them.

// Incoming call → answer → hold → resume → blind transfer to a colleague:
// the call leaves the list once the colleague answers, after exactly one
// transfer request.
func TestBlindTransfer(t *testing.T) {
	t.Parallel()
	srv := newSim(t)
	id := ring(t, srv, "Ada Lovelace", "+14155551234")
	c := consoleOn(t, srv)

	c.waitCall("Ada Lovelace", "ringing")
	c.press("a")
	c.waitCall("Ada Lovelace", "connected")
	c.press("h")
	c.waitCall("Ada Lovelace", "on hold")
	c.press("h")
	c.waitCall("Ada Lovelace", "connected")

	c.press("t")
	c.waitText("transfer Ada Lovelace to")
	c.typeText("101")
	c.press("Enter")
	// The caller waits on hold while the colleague's phone rings.
	s := c.waitCall("Jordan Lee", "connecting")
	if rows := s.callsWith("Ada Lovelace"); len(rows) != 1 || rows[0].state != "on hold" {
		t.Errorf("while the transfer rings, Ada Lovelace's rows are %+v, want one on hold; the screen:\n%s", rows, s)
	}
	farEndAnswers(t, srv, "Jordan Lee")
	c.waitGone("Ada Lovelace")
	c.waitGone("Jordan Lee")

	for _, op := range []string{"answer", "hold", "resume"} {
		if got := onePost(t, srv, op)["callId"]; got != id {
			t.Errorf("%s callId = %v, want %s", op, got, id)
		}
	}
	body := onePost(t, srv, "transfer")
	if body["callId1"] != id || body["destination"] != "101" || body["callId2"] != nil {
		t.Errorf("transfer body = %v, want callId1 %s and destination 101", body, id)
	}
	if got := srv.Sim.State().Calls; len(got) != 0 {
		t.Errorf("after the transfer the line still has calls: %+v", got)
	}
}

// Incoming call → answer → park on the operator's own line: the parked line
// shows; retrieve it with P and enter: the call is back, connected.
func TestParkAndRetrieve(t *testing.T) {
	t.Parallel()
	srv := newSim(t)
	id := ring(t, srv, "Grace Hopper", "+14155552222")
	c := consoleOn(t, srv)

	c.waitCall("Grace Hopper", "ringing")
	c.press("a")
	c.waitCall("Grace Hopper", "connected")
	c.press("p")
	c.waitText("park Grace Hopper on")
	c.press("Enter")
	// The parked line shows, and the call has left the line (it may linger, ended).
	c.waitFor("Grace Hopper parked and off the line", func(s screen) bool {
		return s.has("parked: Grace Hopper on Alex Morgan") && !slices.ContainsFunc(s.callsWith("Grace Hopper"),
			func(r callRow) bool { return r.state != "ended" })
	})
	park := onePost(t, srv, "park")
	if park["callId"] != id || park["destination"] != nil || park["isGroupPark"] == true {
		t.Errorf("park body = %v, want callId %s and no destination (own line)", park, id)
	}

	c.press("P")
	c.waitText("retrieve the call parked on")
	c.press("Enter")
	c.waitCall("Grace Hopper", "connected")
	// The parked line goes, and the call that came back is the one selected.
	c.waitFor("the retrieved call selected and no parked line", func(s screen) bool {
		return !s.has("parked: ") && slices.ContainsFunc(s.callsWith("Grace Hopper"),
			func(r callRow) bool { return r.state == "connected" && r.selected })
	})
	if got := onePost(t, srv, "retrieve")["destination"]; got != "+14155550100" {
		t.Errorf("retrieve destination = %v, want the operator's own line +14155550100", got)
	}
	if got := srv.Sim.State().Parked; len(got) != 0 {
		t.Errorf("calls still parked after the retrieve: %+v", got)
	}
}

// Dial → "ringing your phone" → the far end answers → connected → hang up → gone.
func TestDialAndHangUp(t *testing.T) {
	t.Parallel()
	srv := newSim(t)
	c := consoleOn(t, srv)

	c.press("d")
	c.waitText("your phone rings first")
	c.typeText("102")
	c.press("Enter")
	c.waitCall("Sam Rivera", "ringing your phone")
	c.waitCall("Sam Rivera", "connecting")
	farEndAnswers(t, srv, "Sam Rivera")
	s := c.waitCall("Sam Rivera", "connected")
	if rows := s.callsWith("Sam Rivera"); len(rows) != 1 || !rows[0].selected {
		t.Fatalf("the dialled call should be the selected row, got %+v; the screen:\n%s", rows, s)
	}
	id := simCall(t, srv, "Sam Rivera").ID
	c.press("e")
	c.waitGone("Sam Rivera")

	if got := onePost(t, srv, "dial")["destination"]; got != "102" {
		t.Errorf("dial destination = %v, want 102", got)
	}
	if got := onePost(t, srv, "hangup")["callId"]; got != id {
		t.Errorf("hangup callId = %v, want %s", got, id)
	}
}

// Consultative transfer: answer → T and an extension → the caller goes on
// hold and the consult leg appears → the colleague answers → T completes:
// both calls leave, after one transfer request joining the two.
func TestConsultativeTransfer(t *testing.T) {
	t.Parallel()
	srv := newSim(t)
	original := ring(t, srv, "Ken Thompson", "+14155553333")
	c := consoleOn(t, srv)

	c.waitCall("Ken Thompson", "ringing")
	c.press("a")
	c.waitCall("Ken Thompson", "connected")
	c.press("T")
	c.waitText("consult: hold Ken Thompson and call")
	c.typeText("103")
	c.press("Enter")
	c.waitCall("Ken Thompson", "on hold")
	c.waitCall("Priya Shah", "connecting")
	c.waitText("consult: Ken Thompson on hold")
	farEndAnswers(t, srv, "Priya Shah")
	s := c.waitCall("Priya Shah", "connected")
	if rows := s.callsWith("Priya Shah"); !rows[0].selected {
		t.Fatalf("the consult leg should be selected, got %+v; the screen:\n%s", rows, s)
	}
	leg := simCall(t, srv, "Priya Shah").ID
	if n := len(posts(srv, "transfer")); n != 0 {
		t.Fatalf("%d transfer requests before T completed the consult", n)
	}

	c.press("T")
	c.waitGone("Ken Thompson")
	c.waitGone("Priya Shah")
	body := onePost(t, srv, "transfer")
	if body["callId1"] != original || body["callId2"] != leg || body["destination"] != nil {
		t.Errorf("transfer body = %v, want callId1 %s and callId2 %s", body, original, leg)
	}
	if got := onePost(t, srv, "dial")["destination"]; got != "103" {
		t.Errorf("consult dial destination = %v, want 103", got)
	}
	if got := srv.Sim.State().Calls; len(got) != 0 {
		t.Errorf("after the transfer the line still has calls: %+v", got)
	}
}

// A ringing call diverted to voicemail leaves the list.
func TestDivertToVoicemail(t *testing.T) {
	t.Parallel()
	srv := newSim(t)
	id := ring(t, srv, "Linus Torvalds", "+14155554444")
	c := consoleOn(t, srv)

	c.waitCall("Linus Torvalds", "ringing")
	c.press("v")
	c.waitText("divert Linus Torvalds to")
	c.typeText("vm")
	c.press("Enter")
	c.waitGone("Linus Torvalds")

	body := onePost(t, srv, "divert")
	if body["callId"] != id || body["toVoicemail"] != true || body["destination"] != nil {
		t.Errorf("divert body = %v, want callId %s and toVoicemail true", body, id)
	}
}

// A rejected call leaves the list; the caller hears busy.
func TestReject(t *testing.T) {
	t.Parallel()
	srv := newSim(t)
	id := ring(t, srv, "Rob Pike", "+14155555555")
	c := consoleOn(t, srv)

	c.waitCall("Rob Pike", "ringing")
	c.press("r")
	c.waitGone("Rob Pike")

	body := onePost(t, srv, "reject")
	if body["callId"] != id || body["action"] != "busy" {
		t.Errorf("reject body = %v, want callId %s and action busy", body, id)
	}
}

// A bad destination in the transfer prompt: the reason shows, enter sends
// nothing and leaves the prompt open; esc closes it.
func TestTransferRefusesBadDestination(t *testing.T) {
	t.Parallel()
	srv := newSim(t)
	id := ring(t, srv, "Barbara Liskov", "+14155556666")
	c := consoleOn(t, srv)

	c.waitCall("Barbara Liskov", "ringing")
	c.press("a")
	c.waitCall("Barbara Liskov", "connected")
	c.press("t")
	c.waitText("transfer Barbara Liskov to")
	c.typeText("12a4")
	s := c.waitText(`✗ "12a4"`)
	if !s.has("only contain digits") {
		t.Errorf("the refusal does not say what is wrong with 12a4:\n%s", s)
	}
	c.press("Enter")
	// The prompt still takes keys after enter: it stayed open.
	c.typeText("5")
	s = c.waitText("› 12a45")
	if !s.has("transfer Barbara Liskov to") {
		t.Errorf("the transfer prompt lost its title after enter:\n%s", s)
	}
	c.press("Escape")
	c.waitNoText("transfer Barbara Liskov to")
	// Hold the call: once its request is in, an earlier transfer would be too.
	c.press("h")
	c.waitCall("Barbara Liskov", "on hold")
	if got := onePost(t, srv, "hold")["callId"]; got != id {
		t.Errorf("hold callId = %v, want %s", got, id)
	}
	if reqs := posts(srv, "transfer"); len(reqs) != 0 {
		t.Errorf("a refused destination reached the simulator: %s", describeRequests(reqs))
	}
}
