package ui

import (
	"fmt"
	"net"
	"net/url"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/callboard/callboard/webex"
)

// errNetwork is what a request sees when Webex cannot be reached, wrapped
// as the client wraps it.
var errNetwork = fmt.Errorf("list calls: %w", &url.Error{Op: "Get", URL: "http://127.0.0.1:9/v1/telephony/calls",
	Err: &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}})

// rateLimited is a 429 asking to wait d.
func rateLimited(d time.Duration) error {
	return &webex.RateLimitError{APIError: webex.APIError{StatusCode: 429, Message: "Too Many Requests"}, RetryAfter: d}
}

// nextPollIn is how long until the scheduled poll.
func nextPollIn(hs *harness) time.Duration { return hs.app.poll.due.Sub(hs.clock.Now()) }

// boardIDs lists the ids of the rows on the board, in order.
func boardIDs(hs *harness) []string {
	var ids []string
	for _, r := range hs.app.board.Rows() {
		ids = append(ids, r.Call.ID)
	}
	return ids
}

func TestPollAppliesReply(t *testing.T) {
	hs := newHarness(t, 100, 30)
	if hs.api.count("ListCalls") != 1 || hs.api.count("Me") != 1 {
		t.Fatalf("Init sent %v, want one List Calls and one Me", hs.api.sent(true))
	}
	now := hs.clock.Now()
	hs.poll(connected("c1", "Jane Roe", "+14155550123", now.Add(-time.Minute)),
		ringing("c2", "Bob Smith", "1002", now))
	if got := strings.Join(boardIDs(hs), ","); got != "c1,c2" {
		t.Fatalf("board %s, want c1,c2", got)
	}
	scr := hs.screen()
	for _, s := range []string{"Jane Roe", "● connected", "Bob Smith", "◉ ringing", "● online"} {
		if !strings.Contains(scr, s) {
			t.Errorf("screen lacks %q:\n%s", s, scr)
		}
	}
}

func TestPollStaleReplyDropped(t *testing.T) {
	hs := newHarness(t, 100, 30)
	now := hs.clock.Now()
	older, newer := hs.app.pollNow(), hs.app.pollNow()

	hs.api.setCalls(connected("c1", "Jane Roe", "1001", now))
	oldReply := hs.call(older)
	hs.api.setCalls(connected("c1", "Jane Roe", "1001", now), connected("c2", "Bob Smith", "1002", now))
	newReply := hs.call(newer)

	hs.run(hs.update(newReply), 0)
	if got := len(hs.app.board.Rows()); got != 2 {
		t.Fatalf("the newer reply was not applied: %d rows", got)
	}
	gen := hs.app.poll.gen
	if cmd := hs.update(oldReply); cmd != nil {
		t.Error("a stale reply scheduled something")
	}
	if got := strings.Join(boardIDs(hs), ","); got != "c1,c2" {
		t.Errorf("the stale reply moved the board back in time: %s", got)
	}
	if hs.app.poll.gen != gen {
		t.Error("a stale reply rescheduled the poll")
	}
}

func TestOnlyNewestTickPolls(t *testing.T) {
	hs := newHarness(t, 100, 30)
	hs.key("ctrl+r") // a poll out of schedule reschedules
	gen := hs.app.poll.gen
	if gen < 2 {
		t.Fatalf("gen %d after two polls", gen)
	}
	before := hs.api.count("ListCalls")
	hs.send(pollTickMsg{gen: gen - 1})
	if got := hs.api.count("ListCalls"); got != before {
		t.Fatalf("an old tick polled: %d List Calls, want %d", got, before)
	}
	hs.send(pollTickMsg{gen: gen})
	if got := hs.api.count("ListCalls"); got != before+1 {
		t.Fatalf("the newest tick did not poll: %d List Calls, want %d", got, before+1)
	}
}

func TestPollCadence(t *testing.T) {
	const fast, idle = time.Second, 2 * time.Second
	tests := []struct {
		name string
		run  func(hs *harness) time.Duration
		want time.Duration
	}{
		{"idle with no calls", func(hs *harness) time.Duration {
			return nextPollIn(hs)
		}, idle},
		{"idle with a connected call", func(hs *harness) time.Duration {
			hs.poll(connected("c1", "Jane Roe", "1001", hs.clock.Now()))
			return nextPollIn(hs)
		}, idle},
		{"fast while ringing", func(hs *harness) time.Duration {
			hs.poll(ringing("c1", "Jane Roe", "1001", hs.clock.Now()))
			return nextPollIn(hs)
		}, fast},
		{"fast while connecting", func(hs *harness) time.Duration {
			hs.poll(wcall("c1", webex.StateConnecting, webex.PersonalityOriginator, "", "1002", hs.clock.Now()))
			return nextPollIn(hs)
		}, fast},
		{"fast after a change", func(hs *harness) time.Duration {
			hs.poll(connected("c1", "Jane Roe", "1001", hs.clock.Now()))
			hs.poll() // c1 ended
			return nextPollIn(hs)
		}, fast},
		{"idle again once the change is old", func(hs *harness) time.Duration {
			hs.poll(connected("c1", "Jane Roe", "1001", hs.clock.Now()))
			hs.poll()
			hs.clock.Advance(busyWindow + time.Second)
			hs.poll()
			return nextPollIn(hs)
		}, idle},
		{"fast after an action", func(hs *harness) time.Duration {
			c := connected("c1", "Jane Roe", "1001", hs.clock.Now())
			hs.poll(c)
			hs.key("h") // holds; the reply polls at once
			return nextPollIn(hs)
		}, fast},
		{"a 429 waits its Retry-After", func(hs *harness) time.Duration {
			hs.api.failNext("ListCalls", rateLimited(7*time.Second))
			hs.key("ctrl+r")
			return nextPollIn(hs)
		}, 7 * time.Second},
		{"a 429 without Retry-After waits a second", func(hs *harness) time.Duration {
			hs.api.failNext("ListCalls", rateLimited(0))
			hs.key("ctrl+r")
			return nextPollIn(hs)
		}, time.Second},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			hs := newHarness(t, 100, 30)
			if got := tc.run(hs); got != tc.want {
				t.Errorf("next poll in %v, want %v", got, tc.want)
			}
		})
	}
}

func TestPollBackoff(t *testing.T) {
	hs := newHarness(t, 100, 30, func(o *Options) { o.MaxBackoff = 30 * time.Second })
	want := []time.Duration{1, 2, 4, 8, 16, 30, 30, 30}
	for i, w := range want {
		hs.api.failNext("ListCalls", errNetwork)
		hs.send(pollTickMsg{gen: hs.app.poll.gen})
		if got := nextPollIn(hs); got != w*time.Second {
			t.Fatalf("failure %d: next poll in %v, want %v", i+1, got, w*time.Second)
		}
	}
	hs.send(pollTickMsg{gen: hs.app.poll.gen}) // succeeds
	if got := nextPollIn(hs); got != 2*time.Second {
		t.Errorf("after recovery: next poll in %v, want the idle 2s", got)
	}
}

func TestOfflineBannerKeepsTheList(t *testing.T) {
	hs := newHarness(t, 100, 30)
	now := hs.clock.Now()
	calls := []webex.Call{connected("c1", "Jane Roe", "+14155550123", now.Add(-time.Minute))}
	hs.poll(calls...)

	hs.clock.Advance(3 * time.Second)
	hs.api.failNext("ListCalls", errNetwork)
	hs.key("ctrl+r")
	scr := hs.screen()
	for _, s := range []string{"✗ offline", "data 3 s old", "cannot reach Webex (connection refused)", "as of 09:30:00", "Jane Roe"} {
		if !strings.Contains(scr, s) {
			t.Errorf("offline screen lacks %q:\n%s", s, scr)
		}
	}
	if len(hs.app.board.Rows()) != 1 || hs.app.board.Rows()[0].Ended() {
		t.Error("a failed poll changed the list")
	}

	hs.key("ctrl+r")
	scr = hs.screen()
	if strings.Contains(scr, "offline") {
		t.Errorf("the banner stayed after recovery:\n%s", scr)
	}
	if !strings.Contains(scr, "● online") || !strings.Contains(scr, "Jane Roe") {
		t.Errorf("after recovery:\n%s", scr)
	}
}

func TestOfflineBeforeFirstPoll(t *testing.T) {
	api := newFakeAPI()
	api.failNext("ListCalls", errNetwork)
	hs := newHarnessWith(t, api, 100, 30)
	scr := hs.screen()
	for _, s := range []string{"✗ offline · retry in 1 s", "✗ offline: cannot reach Webex (connection refused) · retrying by itself", "waiting for the call list…"} {
		if !strings.Contains(scr, s) {
			t.Errorf("offline at start: no %q:\n%s", s, scr)
		}
	}
}

func TestRateLimitBanner(t *testing.T) {
	hs := newHarness(t, 100, 30)
	hs.api.failNext("ListCalls", rateLimited(12*time.Second))
	hs.key("ctrl+r")
	scr := hs.screen()
	if !strings.Contains(scr, "◷ rate limited") || !strings.Contains(scr, "the next update comes in 12 s, as Webex asked") {
		t.Errorf("rate-limited screen:\n%s", scr)
	}
}

func TestOverduePollIsSentOnTick(t *testing.T) {
	hs := newHarness(t, 100, 30)
	before := hs.api.count("ListCalls")
	hs.send(tickMsg(hs.clock.Advance(10 * time.Second)))
	if hs.api.count("ListCalls") != before {
		t.Fatal("a tick polled although the poll is not overdue")
	}
	// The scheduled tick was lost (a suspended laptop, say): far past due, a
	// clock tick polls.
	hs.send(tickMsg(hs.clock.Advance(time.Hour)))
	if hs.api.count("ListCalls") != before+1 {
		t.Fatal("a poll overdue by an hour was not sent")
	}
}

func TestSelectionFollowsTheCall(t *testing.T) {
	hs := newHarness(t, 100, 30)
	now := hs.clock.Now()
	b := connected("b", "Bob Smith", "1002", now.Add(-2*time.Minute))
	c := connected("c", "Carol Diaz", "1003", now.Add(-time.Minute))
	hs.poll(b, c)
	hs.key("j")
	if id := hs.app.board.SelectedID(); id != "c" {
		t.Fatalf("selected %q after j, want c", id)
	}
	// A call that sorts first arrives above the selection.
	a := connected("a", "Ann Lee", "1001", now.Add(-3*time.Minute))
	hs.poll(a, b, c)
	if id := hs.app.board.SelectedID(); id != "c" {
		t.Fatalf("selection moved to %q when a row was added above", id)
	}
	if !strings.Contains(selectedLine(hs), "Carol Diaz") {
		t.Errorf("the marked row is not Carol's:\n%s", hs.screen())
	}
	// The row above goes.
	hs.poll(b, c)
	hs.clock.Advance(10 * time.Second)
	hs.poll(b, c)
	if id := hs.app.board.SelectedID(); id != "c" || len(hs.app.board.Rows()) != 2 {
		t.Fatalf("selection %q with %d rows after a row above left", id, len(hs.app.board.Rows()))
	}
}

// selectedLine is the screen line with the selection marker.
func selectedLine(hs *harness) string {
	for _, l := range strings.Split(hs.screen(), "\n") {
		if strings.HasPrefix(l, "› ") {
			return l
		}
	}
	return ""
}

func TestNewRingingCallOnEmptyListIsSelected(t *testing.T) {
	hs := newHarness(t, 100, 30)
	hs.poll(ringing("c1", "Jane Roe", "+14155550123", hs.clock.Now()))
	if id := hs.app.board.SelectedID(); id != "c1" {
		t.Fatalf("selected %q, want the new ringing call", id)
	}
	if !strings.Contains(selectedLine(hs), "Jane Roe") {
		t.Errorf("the ringing call is not marked:\n%s", hs.screen())
	}
}

func TestEndedCallsLingerThenLeave(t *testing.T) {
	hs := newHarness(t, 100, 30)
	now := hs.clock.Now()
	hs.poll(connected("c1", "Jane Roe", "+14155550123", now.Add(-time.Minute)),
		connected("c2", "Bob Smith", "1002", now.Add(-30*time.Second)))
	hs.clock.Advance(time.Second)
	hs.poll(connected("c2", "Bob Smith", "1002", now.Add(-30*time.Second)))
	scr := hs.screen()
	if !strings.Contains(scr, "○ ended") || !strings.Contains(scr, "Jane Roe") {
		t.Fatalf("the ended call does not linger, greyed:\n%s", scr)
	}
	hs.send(tickMsg(hs.clock.Advance(4 * time.Second)))
	if !strings.Contains(hs.screen(), "Jane Roe") {
		t.Fatal("the ended call left before its linger time")
	}
	hs.send(tickMsg(hs.clock.Advance(time.Second)))
	if scr := hs.screen(); strings.Contains(scr, "Jane Roe") {
		t.Fatalf("the ended call is still there after its linger time:\n%s", scr)
	}
	if id := hs.app.board.SelectedID(); id != "c2" {
		t.Errorf("selection %q, want it to move to the remaining call", id)
	}
}

// TestResize takes every size, the frames checked at each (see harness).
func TestResize(t *testing.T) {
	hs := newHarness(t, 80, 24)
	hs.poll(connected("c1", "Jane Roe", "1001", hs.clock.Now()))
	for _, sz := range [][2]int{{120, 40}, {59, 30}, {60, 14}, {200, 60}, {61, 13}, {80, 24}} {
		hs.send(tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
		if hs.app.width != sz[0] || hs.app.height != sz[1] {
			t.Fatalf("size %dx%d not taken", sz[0], sz[1])
		}
	}
}
