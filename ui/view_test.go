package ui

import (
	"context"
	"errors"
	"fmt"
	"image/color"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/callboard/callboard/model"
	"github.com/callboard/callboard/webex"
)

// Every frame is exactly the terminal's size at every size, with every kind
// of call on screen, the help open or a prompt.
func TestFramesAtManySizes(t *testing.T) {
	for _, size := range [][2]int{{60, 14}, {60, 15}, {72, 20}, {80, 24}, {100, 30}, {120, 40}, {159, 45}, {160, 45}, {250, 60}, {59, 30}, {200, 10}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			h := newHarness(t, size[0], size[1])
			h.poll(everyKindOfCall(epoch())...)
			h.key("j", "j")
			h.key("?")
			h.key("esc")
			h.key("t")
			h.key("esc")
			h.key("tab")
			h.key("tab")
		})
	}
}

// Bug: the detail pane took 10 rows at any size: at 80×24 only 11 were left
// for calls, at 60×15 three.
func TestDetailLeavesRoomForCalls(t *testing.T) {
	for _, tt := range []struct{ w, h, minCalls int }{{80, 24, 12}, {60, 15, 8}} {
		h := newHarness(t, tt.w, tt.h)
		var calls []webex.Call
		for i := range 20 {
			calls = append(calls, connected(fmt.Sprint("c", i), fmt.Sprint("Caller ", i), fmt.Sprint(1000+i), epoch()))
		}
		h.poll(calls...)
		shown := strings.Count(h.screen(), "Caller ")
		if shown < tt.minCalls {
			t.Errorf("%d×%d shows %d calls, want at least %d:\n%s", tt.w, tt.h, shown, tt.minCalls, h.screen())
		}
	}
}

// The ids hide behind a key.
func TestIDsBehindAKey(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.poll(connected("Y2lzY29zcGFyazovL3VzL0NBTEwvMQ", "Jane Roe", "+14155550123", epoch()))
	h.noScreen("Y2lzY29zcGFyazovL3VzL0NBTEwvMQ")
	h.wantScreen("i shows the ids")
	h.key("i")
	h.wantScreen("Y2lzY29zcGFyazovL3VzL0NBTEwvMQ")
}

// Columns follow the width: a narrow list has a narrow state column, a wide
// one shows long names whole.
func TestColumnsFollowTheWidth(t *testing.T) {
	long := "Bartholomew Featherstonehaugh-Cholmondeley of Wolverhampton Logistics"
	h := newHarness(t, 250, 30)
	h.poll(connected("c", long, "+14155550123", epoch()))
	h.wantScreen(long)

	h = newHarness(t, 60, 20)
	h.poll(connected("c", "Jane Roe", "+14155550123", epoch()))
	line := lineWith(h.screen(), "Jane Roe")
	if i := ansi.StringWidth(line[:strings.Index(line, "Jane Roe")]); i > 18 {
		t.Errorf("at 60 columns the name starts at column %d: the state column is too wide:\n%s", i, line)
	}
}

// Bug: one failed poll flashed the offline banner and moved every row; the
// banner needs two in a row.
func TestOfflineBannerNeedsTwoFailures(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.poll(connected("c", "Jane Roe", "+14155550123", epoch()))
	row := rowOf(h.screen(), "Jane Roe")
	h.api.failNext("ListCalls", errors.New("dial tcp: connection refused"))
	h.poll(connected("c", "Jane Roe", "+14155550123", epoch()))
	h.noScreen("offline")
	if got := rowOf(h.screen(), "Jane Roe"); got != row {
		t.Errorf("one failed poll moved the row from line %d to %d", row, got)
	}
	h.api.failNext("ListCalls", errors.New("dial tcp: connection refused"), errors.New("dial tcp: connection refused"))
	h.poll()
	h.advance(2 * time.Second)
	h.wantScreen("offline: cannot reach Webex", "connection refused", "retrying by itself", "Jane Roe")
}

// Bug: the error banner wrapped mid-word at 120 columns.
func TestBannerWrapsAtWords(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.api.failNext("ListCalls",
		&webex.APIError{StatusCode: 503, Message: "The service is temporarily unavailable because the upstream calling platform is being upgraded tonight", TrackingID: "ROUTER_0123456789"},
		&webex.APIError{StatusCode: 503, Message: "The service is temporarily unavailable because the upstream calling platform is being upgraded tonight", TrackingID: "ROUTER_0123456789"})
	h.poll()
	h.advance(2 * time.Second)
	lines := strings.Split(h.screen(), "\n")
	for i := 1; i <= 2; i++ {
		l := strings.TrimRight(lines[i], " ")
		if l == "" {
			continue
		}
		if next := strings.TrimSpace(lines[i+1]); i == 1 && next != "" && !strings.HasSuffix(l, " ") {
			last := l[strings.LastIndex(l, " ")+1:]
			first := strings.Fields(next)[0]
			if strings.Contains(h.app.bannerText(), last+first) {
				t.Errorf("the banner broke the word %q across lines:\n%s\n%s", last+first, l, next)
			}
		}
	}
	h.wantScreen("Webex answers with an error")
}

// Ended rows lose what no longer applies (REC, muted) and say why they
// ended; a call that rang out is missed.
func TestEndedRows(t *testing.T) {
	h := newHarness(t, 120, 40)
	rec := connected("rec", "Bob Smith", "1002", epoch())
	rec.RecordingState = webex.RecordingStarted
	rec.Muted = true
	h.poll(rec, ringing("ring", "Jane Roe", "+14155550123", epoch()))
	h.poll()
	bob := lineWith(h.screen(), "Bob Smith")
	if strings.Contains(bob, "REC") || strings.Contains(bob, "muted") {
		t.Errorf("an ended row keeps its flags: %q", bob)
	}
	if jane := lineWith(h.screen(), "Jane Roe"); !strings.Contains(jane, "missed") {
		t.Errorf("a call that rang out reads %q, want missed", jane)
	}
}

// Bug: the time of an ended call jumped back (0:07 to 0:02).
func TestEndedCallTimeFreezes(t *testing.T) {
	h := newHarness(t, 120, 40)
	c := ringing("c", "Jane Roe", "+14155550123", epoch())
	h.poll(c)
	h.advance(7 * time.Second)
	before := timeOf(lineWith(h.screen(), "Jane Roe"))
	c.State = webex.StateDisconnected
	h.poll(c)
	after := timeOf(lineWith(h.screen(), "Jane Roe"))
	if after < before {
		t.Errorf("the ended call's time went from %s to %s", fmtDur(before), fmtDur(after))
	}
}

// A hold that began before the console saw the call is a lower bound.
func TestHoldTimeMarksWhatIsNotKnown(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.poll(held("c", "Jane Roe", "+14155550123", epoch()))
	h.advance(2 * time.Second)
	h.wantScreen("held ≥ 0:02")
}

// Bug: an answer that brought nothing new redrew the screen. A hold first
// seen in an answer that came a moment after the desk's second counted from
// that moment, so its figure moved when the next answer came, not on the
// beat with the durations: every idle poll cost a frame.
func TestAnAnswerWithNothingNewChangesNothingOnScreen(t *testing.T) {
	h := newHarness(t, 120, 40)
	calls := []webex.Call{
		held("c-held", "Jane Roe", "+14155550123", epoch()),
		connected("c-talk", "Max Mustermann", "+4930901820", epoch()),
	}
	const latency = 7 * time.Millisecond
	h.clock.set(h.clock.Now().Add(latency)) // the answer comes after the beat
	h.poll(calls...)
	h.advance(3*time.Second - latency) // on a beat: the durations move
	before := h.screen()
	h.clock.set(h.clock.Now().Add(latency))
	h.poll(calls...)
	if after := h.screen(); after != before {
		t.Errorf("the same calls, polled again between beats, changed the screen:\n%s\n----\n%s", before, after)
	}
	h.advance(time.Second - latency)
	if h.screen() == before {
		t.Errorf("the next beat left the durations as they were:\n%s", before)
	}
}

// An answer with nothing new needs no view at all; anything else does.
func TestOnlyAnAnswerWithNothingNewLeavesTheView(t *testing.T) {
	h := newHarness(t, 120, 40)
	calls := []webex.Call{connected("c-talk", "Max Mustermann", "+4930901820", epoch())}
	h.poll(calls...)
	h.advance(time.Second)
	h.screen()
	h.clock.set(h.clock.Now().Add(5 * time.Millisecond))
	h.poll(calls...)
	if !h.app.Unchanged() {
		t.Error("the same calls in the same second: the view is asked for again")
	}
	h.poll(held("c-talk", "Max Mustermann", "+4930901820", epoch()))
	if h.app.Unchanged() {
		t.Error("a call put on hold left the view as it was")
	}
	h.screen()
	h.poll(held("c-talk", "Max Mustermann", "+4930901820", epoch()))
	h.clock.set(h.clock.Now().Add(time.Second)) // a second passes, no view drawn in it
	h.poll(held("c-talk", "Max Mustermann", "+4930901820", epoch()))
	if h.app.Unchanged() {
		t.Error("the same calls a second after the last view: the durations moved, but the view is left")
	}
	h.screen()
	h.key("down")
	if h.app.Unchanged() {
		t.Error("a key left the view as it was")
	}
}

// Bug: CJK and emoji names were 3 columns off in the history.
func TestHistoryColumnsWithWideNames(t *testing.T) {
	h := newHarness(t, 100, 20)
	h.api.setHistory(
		webex.HistoryRecord{Type: webex.HistoryMissed, Name: "山田太郎", Number: "+81312345678", Time: webex.NewTimestamp(epoch())},
		webex.HistoryRecord{Type: webex.HistoryMissed, Name: "Ana 🙂 Lima", Number: "+5511987654321", Time: webex.NewTimestamp(epoch())},
		webex.HistoryRecord{Type: webex.HistoryMissed, Name: "Bob Smith", Number: "+14155550100", Time: webex.NewTimestamp(epoch())},
	)
	h.key("tab")
	col := -1
	for _, line := range strings.Split(h.screen(), "\n") {
		i := strings.Index(line, "+")
		if i < 0 || !strings.Contains(line, "missed") {
			continue
		}
		w := ansi.StringWidth(line[:i])
		if col >= 0 && w != col {
			t.Errorf("the number starts at column %d, not %d:\n%s", w, col, h.screen())
		}
		col = w
	}
	if col < 0 {
		t.Fatalf("no history rows:\n%s", h.screen())
	}
}

// The header says "rate limited" while an action waits out a 429, and the
// banner says when an absurd Retry-After was cut.
func TestRateLimitShown(t *testing.T) {
	h := newHarness(t, 140, 40)
	h.poll(ringing("c", "Jane Roe", "+14155550123", epoch()))
	h.api.failNext("Answer", &webex.RateLimitError{APIError: webex.APIError{StatusCode: 429}, RetryAfter: 999999 * time.Second})
	h.key("a")
	h.wantScreen("rate limited", "Webex asked to wait 277:46:39; callboard waits at most 30 s")
	h.advance(30 * time.Second)
	if got := h.api.count("Answer"); got != 2 {
		t.Fatalf("answer sent %d times, want the resend after 30 s", got)
	}
}

// A quiet console with nothing on the line keeps no timer but the next
// poll; with calls on it, the clock turns every second.
func TestQuietConsoleSleeps(t *testing.T) {
	h := newHarness(t, 120, 40, func(o *Options) { o.Desk.PollIdle = 5 * time.Second })
	h.advance(20 * time.Second)
	if len(h.timers) != 1 || h.timers[0].at.Sub(h.clock.Now()) != 5*time.Second {
		t.Fatalf("timers on a quiet line: %+v, want one for the next poll", h.timers)
	}
	h.poll(connected("c", "Jane Roe", "+14155550123", epoch()))
	next := h.timers[len(h.timers)-1].at.Sub(h.clock.Now())
	if next > time.Second {
		t.Errorf("with a live call the next wake is in %v, want within a second (its time ticks)", next)
	}
}

func TestSnapshotTextIsSafe(t *testing.T) {
	h := newHarness(t, 120, 40)
	evil := ringing("c", "Eve\x1b]52;c;ZXZpbA==\x07\x1b[31m", "+1\u202e555", epoch())
	h.poll(evil)
	if s := h.app.View().Content; strings.Contains(s, "\x1b]52") || strings.Contains(s, "\u202e") {
		t.Fatalf("a caller's name reached the terminal raw: %q", s)
	}
}

// everyKindOfCall is one call in each state and with each flag the list shows.
func everyKindOfCall(now time.Time) []webex.Call {
	min := func(n int) time.Time { return now.Add(-time.Duration(n) * time.Minute) }
	rec := connected("c-rec", "Bob Smith", "1002", min(12))
	rec.RemoteParty.CallType = webex.CallTypeLocation
	rec.RecordingState = webex.RecordingStarted
	rec.Appearance = 1
	muted := connected("c-mute", "Priya Natarajan", "+14085550142", min(9))
	muted.Muted = true
	muted.Appearance = 2
	hold := held("c-held", "Acme Support", "+18005551234", min(8))
	hold.Appearance = 3
	remote := talking("c-remote", webex.StateRemoteHeld, "Carol Diaz", "2003", min(6))
	remote.RemoteParty.CallType = webex.CallTypeOrganization
	plain := connected("c-conn", "Wei Chen", "+16505550177", min(4))
	out := wcall("c-out", webex.StateConnecting, webex.PersonalityOriginator, "", "+442071234567", now.Add(-8*time.Second))
	c2d := wcall("c-c2d", webex.StateAlerting, webex.PersonalityClickToDial, "", "2125550199", now.Add(-6*time.Second))
	ring := ringing("c-ring", "Jane Roe", "+14155550123", now.Add(-20*time.Second))
	recall := ringing("c-recall", "Dan Park", "+13125550111", now.Add(-15*time.Second))
	recall.Recall = &webex.Recall{Type: webex.RecallTypePark, Party: &webex.Party{Name: "Call Park 7001", Number: "7001"}}
	redirected := ringing("c-redir", "山田太郎", "+81312345678", now.Add(-5*time.Second))
	redirected.Redirections = []webex.Redirection{{Reason: "callQueue", RedirectingParty: webex.Party{Name: "Support Queue", Number: "5100"}}}
	private := ringing("c-priv", "", "", now.Add(-3*time.Second))
	private.RemoteParty.PrivacyEnabled = true
	return []webex.Call{rec, muted, hold, remote, plain, out, c2d, ring, recall, redirected, private}
}

// lineWith returns the first screen line containing text.
func lineWith(screen, text string) string {
	for _, l := range strings.Split(screen, "\n") {
		if strings.Contains(l, text) {
			return l
		}
	}
	return ""
}

// rowOf returns the screen line number of the first line containing text.
func rowOf(screen, text string) int {
	for i, l := range strings.Split(screen, "\n") {
		if strings.Contains(l, text) {
			return i
		}
	}
	return -1
}

// timeOf reads the first m:ss on a line.
func timeOf(line string) time.Duration {
	for _, f := range strings.Fields(line) {
		var m, s int
		if n, _ := fmt.Sscanf(f, "%d:%d", &m, &s); n == 2 {
			return time.Duration(m)*time.Minute + time.Duration(s)*time.Second
		}
	}
	return -1
}

func fmtDur(d time.Duration) string { return model.FormatDuration(d) }

// Issue 10, break 1: an error whose text holds escape sequences (a TLS
// certificate name on a hostile path, say) never reaches the terminal raw,
// in the banner or in an action's failure.
func TestErrorTextIsSafe(t *testing.T) {
	evil := errors.New("tls: certificate is valid for \x1b]52;c;ZXZpbA==\x07evil\x1b]0;title\x07\x1b[41mred, not webexapis.com")
	h := newHarness(t, 140, 40)
	h.poll(connected("c", "Jane Roe", "+14155550123", epoch()))
	safe := func(where string) {
		t.Helper()
		frame := h.app.View().Content
		for _, bad := range []string{"\x1b]52", "\x1b]0", "\x1b[41m", "\a"} {
			if strings.Contains(frame, bad) {
				t.Errorf("%s: the frame carries %q from an error text", where, bad)
			}
		}
		h.wantScreen("certificate is valid for")
	}
	h.api.failNext("Hold", evil)
	h.key("h")
	safe("a failed action")
	h.api.failNext("ListCalls", evil, evil)
	h.poll(connected("c", "Jane Roe", "+14155550123", epoch()))
	h.advance(2 * time.Second)
	h.wantScreen("offline")
	safe("the banner")
}

// Issue 10, break 11: a reply callboard cannot read is not an outage: the
// banner says what happened and the list stays.
func TestUnreadableReplyIsNotOffline(t *testing.T) {
	h := newHarness(t, 140, 40)
	h.poll(connected("c", "Jane Roe", "+14155550123", epoch()))
	bad := &webex.ReplyError{StatusCode: 200, Reason: "cannot decode it: unexpected end of JSON input", TrackingID: "ROUTER_1"}
	h.api.failNext("ListCalls", bad, bad)
	h.poll()
	h.advance(2 * time.Second)
	h.wantScreen("Webex sent a reply callboard cannot read", "Jane Roe", "retrying by itself")
	h.noScreen("offline")
}

// A call ringing in rings the bell and notifies once; one that was already
// ringing does not ring again on the next poll.
func TestNewRingingCallRingsAndNotifies(t *testing.T) {
	var notes []string
	h := newHarness(t, 120, 40, func(o *Options) {
		o.Notify = func(_ context.Context, title, body string) error { notes = append(notes, title+": "+body); return nil }
	})
	c := ringing("c", "Jane Roe", "+14155550123", epoch())
	h.poll(c)
	h.poll(c)
	if h.bells() != 1 {
		t.Errorf("%d bells, want 1", h.bells())
	}
	if len(notes) != 1 || !strings.Contains(notes[0], "Jane Roe") {
		t.Errorf("notifications %q, want one naming Jane Roe", notes)
	}
}

// The key help line is kept between frames: it is drawn again when what it
// says changes, and in the new colours when the terminal's background turns
// out to be light.
func TestKeyHelpFollowsTheKeysAndTheColours(t *testing.T) {
	h := newHarness(t, 100, 30, func(o *Options) { o.Theme = ThemeAuto })
	helpLine := func() string {
		rows := strings.Split(h.app.View().Content, "\n")
		return rows[len(rows)-1]
	}
	empty := helpLine()
	h.poll(ringing("c1", "Ada Lovelace", "+14155550101", h.clock.Now()))
	ringingHelp := helpLine()
	if ansi.Strip(ringingHelp) == ansi.Strip(empty) || !strings.Contains(ansi.Strip(ringingHelp), "answer") {
		t.Fatalf("the key help did not follow the ringing call:\n%q\n%q", ansi.Strip(empty), ansi.Strip(ringingHelp))
	}
	h.send(tea.BackgroundColorMsg{Color: color.White})
	light := helpLine()
	if ansi.Strip(light) != ansi.Strip(ringingHelp) || light == ringingHelp {
		t.Fatalf("on a light background the key help kept its dark colours: %q", light)
	}
}
