package ui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/callboard/callboard/webex"
)

// The same action is never in flight twice: a double tap places one call.
func TestNoActionInFlightTwice(t *testing.T) {
	hs := newHarness(t, 100, 30, func(o *Options) {
		o.SpeedDial = []SpeedDial{{Label: "Front desk", Destination: "1000"}}
	})
	hs.api.setResult("Dial", webex.NewCall{CallID: "n1", CallSessionID: "s1"})
	first := hs.update(keyPress("1"))
	second := hs.update(keyPress("1"))
	if got := hs.statusText(); !strings.Contains(got, "already sent") {
		t.Errorf("status after the second press %q", got)
	}
	hs.run(first, 0)
	hs.run(second, 0)
	if n := hs.api.count("Dial"); n != 1 {
		t.Fatalf("two presses sent %d dials, want 1", n)
	}
	// Once the reply is in, the same key works again.
	hs.key("1")
	if n := hs.api.count("Dial"); n != 2 {
		t.Errorf("after the reply, a new press sent %d dials in all, want 2", n)
	}
}

// A key the terminal repeats (held down) moves the selection but acts once.
func TestRepeatedKeyDoesNotAct(t *testing.T) {
	hs := newHarness(t, 100, 30)
	hs.poll(ringing("c1", "Jane Roe", "1001", hs.clock.Now()))
	hs.send(tea.KeyPressMsg{Code: 'a', Text: "a", IsRepeat: true})
	if n := hs.api.count("Answer"); n != 0 {
		t.Errorf("a repeated key sent %d answers", n)
	}
}

// A prompt answered after its call changed state sends nothing.
func TestPromptRecheckedAtSubmit(t *testing.T) {
	hs := newHarness(t, 100, 30)
	now := hs.clock.Now()
	hs.poll(ringing("c1", "Jane Roe", "1001", now))
	press(hs, "v", "text:7001")
	hs.poll(connected("c1", "Jane Roe", "1001", now)) // a desk phone answered meanwhile
	hs.key("enter")
	if n := hs.api.count("Divert"); n != 0 {
		t.Fatalf("divert was sent for a connected call")
	}
	if got := hs.statusText(); !strings.Contains(got, "nothing sent") {
		t.Errorf("status %q", got)
	}
}

// A 429 asking for a long wait is not resent: the action would arrive long
// after the operator pressed the key.
func TestLongRateLimitNotResent(t *testing.T) {
	hs := newHarness(t, 100, 30)
	hs.poll(connected("c1", "Jane Roe", "1001", hs.clock.Now()))
	hs.api.failNext("Hold", rateLimited(10*time.Minute))
	hs.key("h")
	if got := hs.statusText(); !strings.Contains(got, "hold not sent") || !strings.Contains(got, "try again in 10:00") {
		t.Errorf("status %q", got)
	}
	if hs.app.hasResends() {
		t.Error("a resend was scheduled")
	}
}

// esc cancels a resend waiting out a 429.
func TestEscCancelsResend(t *testing.T) {
	hs := newHarness(t, 100, 30)
	hs.poll(connected("c1", "Jane Roe", "1001", hs.clock.Now()))
	hs.api.failNext("Hold", rateLimited(2*time.Second))
	hs.key("h")
	op, ok := hs.lastAction()
	if !ok || !hs.app.hasResends() {
		t.Fatal("no resend scheduled")
	}
	gen := hs.app.resendGen
	hs.key("esc")
	hs.send(retryMsg{op: op.op, gen: gen})
	if n := hs.api.count("Hold"); n != 1 {
		t.Errorf("hold sent %d times after esc, want 1", n)
	}
	// The same action can be sent again by hand.
	hs.key("h")
	if n := hs.api.count("Hold"); n != 2 {
		t.Errorf("hold sent %d times in all, want 2", n)
	}
}

// A server error on an action may have been acted on: never "failed".
func TestServerErrorOnActionMayHaveHappened(t *testing.T) {
	hs := newHarness(t, 100, 30)
	hs.poll(connected("c1", "Jane Roe", "1001", hs.clock.Now()))
	hs.api.failNext("Hold", &webex.APIError{StatusCode: 504, Message: "Gateway Timeout"})
	hs.key("h")
	if got := hs.statusText(); !strings.Contains(got, "may or may not have happened") {
		t.Errorf("status %q", got)
	}
}

// :consult cannot replace a consult in progress.
func TestSecondConsultRefused(t *testing.T) {
	hs := consulting(t)
	hs.poll(janeHeld(), bobLeg(webex.StateConnected), connected("c3", "Ann Lee", "1003", epoch()))
	hs.app.board.Select("c3")
	hs.api.reset()
	press(hs, ":", "text:consult 1004", "enter")
	if got := hs.api.sent(false); len(got) != 0 {
		t.Fatalf("a second consult sent %v", got)
	}
	if c := hs.app.liveConsult(); c == nil || c.leg != "c2" {
		t.Errorf("the consult in progress was replaced: %+v", c)
	}
}

// The call a dial creates takes the selection only if the operator has not
// moved it meanwhile.
func TestNewCallDoesNotStealAMovedSelection(t *testing.T) {
	hs := newHarness(t, 100, 30)
	now := hs.clock.Now()
	a, b := connected("c1", "Ann Lee", "1001", now), connected("c2", "Bob Smith", "1002", now.Add(time.Second))
	hs.poll(a, b)
	hs.api.setResult("Dial", webex.NewCall{CallID: "n1", CallSessionID: "s"})
	hs.api.setCalls(a, b) // the new call is not listed yet
	press(hs, "d", "text:1003", "enter")
	hs.key("j") // the operator moves on to Bob
	hs.poll(a, b, wcall("n1", webex.StateAlerting, webex.PersonalityClickToDial, "", "1003", now))
	if id := hs.app.board.SelectedID(); id != "c2" {
		t.Errorf("selection %q, want it left on c2", id)
	}
}

// A refresh of the history keeps the cursor on the same record.
func TestHistoryCursorFollowsItsRecord(t *testing.T) {
	hs := newHarness(t, 100, 30)
	now := hs.clock.Now()
	recs := historyRecords(now)
	hs.api.setHistory(recs...)
	hs.key("tab", "j") // Jane Roe, the second newest
	newest := webex.HistoryRecord{Type: webex.HistoryMissed, Name: "Newest Caller", Number: "+14155550999", Time: webex.NewTimestamp(now)}
	hs.api.setHistory(append([]webex.HistoryRecord{newest}, recs...)...)
	hs.key("ctrl+r")
	if r, ok := hs.app.history.selected(); !ok || r.Name != "Jane Roe" {
		t.Errorf("after a refresh the cursor is on %+v, want Jane Roe", r)
	}
}

// What the operator types after a refused prompt key lands in a prompt that
// accepts nothing, not on the call as keys: "vm" must not mute, enter must
// not answer.
func TestRefusedPromptSwallowsTyping(t *testing.T) {
	hs := newHarness(t, 100, 30)
	now := hs.clock.Now()
	hs.poll(connected("c1", "Jane Roe", "1001", now), ringing("c2", "Bob Smith", "1002", now.Add(time.Second)))
	hs.app.board.Select("c1")
	hs.api.reset()
	press(hs, "v", "text:vm", "enter") // divert is for ringing calls
	if got := hs.api.sent(false); len(got) != 0 {
		t.Fatalf("typing after a refused divert sent %v", got)
	}
	if p := hs.app.prompt; p == nil || p.kind != promptRefused {
		t.Fatalf("no refusing prompt open: %+v", p)
	}
	if s := hs.screen(); !strings.Contains(s, "divert: the call is connected") {
		t.Errorf("the prompt does not say why:\n%s", s)
	}
	hs.key("esc")
	if hs.app.prompt != nil {
		t.Error("esc did not close the refusing prompt")
	}
}
