package ui

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/callboard/callboard/model"
	"github.com/callboard/callboard/webex"
)

func TestHelpShowsOnlyValidActions(t *testing.T) {
	recording := janeConnected()
	recording.RecordingState = webex.RecordingStarted
	tests := []struct {
		name    string
		call    webex.Call
		offered []string // help descriptions that must be listed
		absent  []string // and those that must not
	}{
		{"ringing", ringing("c1", "Jane Roe", "1001", epoch()),
			[]string{"answer", "reject", "divert", "hang up"},
			[]string{"hold", "resume", "transfer", "consult", "park", "mute", "record", "send DTMF"}},
		{"connected", janeConnected(),
			[]string{"hang up", "hold", "transfer", "consult", "park", "mute", "record", "send DTMF"},
			[]string{"answer", "reject", "divert", "resume", "unmute", "stop recording"}},
		{"on hold", janeHeld(),
			[]string{"hang up", "resume", "transfer", "consult", "park"},
			[]string{"answer", "reject", "divert", "send DTMF", "record"}},
		{"recording", recording,
			[]string{"stop recording", "pause recording"},
			[]string{"resume recording"}},
		{"ringing your phone", wcall("c1", webex.StateAlerting, webex.PersonalityClickToDial, "", "1002", epoch()),
			[]string{"hang up"},
			[]string{"answer", "reject", "divert", "hold", "transfer"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			hs := newHarness(t, 160, 40)
			hs.poll(tc.call)
			hs.key("?")
			if !hs.app.showHelp {
				t.Fatal("? did not open the help")
			}
			enabled := map[string]bool{}
			for _, b := range hs.app.contextKeys().All() {
				if b.Key.Enabled() {
					enabled[b.Key.Help().Desc] = true
				}
			}
			scr := hs.screen()
			for _, d := range tc.offered {
				if !enabled[d] {
					t.Errorf("help does not offer %q (offers %v)", d, keysOf(enabled))
				}
				if !strings.Contains(scr, " "+d) {
					t.Errorf("the help screen does not show %q:\n%s", d, scr)
				}
			}
			for _, d := range tc.absent {
				if enabled[d] {
					t.Errorf("help offers %q, which would fail", d)
				}
			}
			hs.key("esc")
			if hs.app.showHelp {
				t.Error("esc did not close the help")
			}
		})
	}
}

func keysOf(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestHelpSwallowsKeys(t *testing.T) {
	hs := newHarness(t, 100, 30)
	hs.poll(ringing("c1", "Jane Roe", "1001", epoch()))
	hs.api.reset()
	hs.key("?", "a", "e", "?")
	if got := hs.api.sent(false); len(got) != 0 {
		t.Fatalf("keys pressed in the help acted: %v", got)
	}
	if hs.app.showHelp {
		t.Error("? did not close the help")
	}
}

func TestShortHelpFollowsTheCall(t *testing.T) {
	hs := newHarness(t, 200, 30)
	hs.poll(ringing("c1", "Jane Roe", "1001", epoch()))
	last := func() string {
		lines := strings.Split(hs.screen(), "\n")
		return lines[len(lines)-1]
	}
	if l := last(); !strings.Contains(l, "a/enter answer") || strings.Contains(l, "hold") {
		t.Errorf("short help for a ringing call: %q", l)
	}
	hs.poll(janeHeld())
	hs.clock.Advance(6 * time.Second)
	hs.poll(janeHeld())
	if l := last(); !strings.Contains(l, "h/space resume") || strings.Contains(l, "answer") {
		t.Errorf("short help for a held call: %q", l)
	}
}

func TestHeldTooLongAlertsOncePerEpisode(t *testing.T) {
	hs := newHarness(t, 120, 30, func(o *Options) { o.HoldLimit = time.Minute; o.Bell = true })
	hs.poll(janeHeld())
	hs.send(tickMsg(hs.clock.Advance(59 * time.Second)))
	if hs.bells() != 0 || strings.Contains(hs.statusText(), "on hold for") {
		t.Fatalf("alert before the limit: %d bells, status %q", hs.bells(), hs.statusText())
	}
	hs.send(tickMsg(hs.clock.Advance(time.Second)))
	if hs.bells() != 1 || hs.statusText() != "Jane Roe has been on hold for 1:00" {
		t.Fatalf("at the limit: %d bells, status %q", hs.bells(), hs.statusText())
	}
	if !strings.Contains(hs.screen(), "held 1:00") {
		t.Errorf("the row does not show the hold time:\n%s", hs.screen())
	}
	for range 3 {
		hs.send(tickMsg(hs.clock.Advance(10 * time.Second)))
		hs.poll(janeHeld())
	}
	if hs.bells() != 1 {
		t.Fatalf("the alert fired again in the same hold: %d bells", hs.bells())
	}
	// Resumed, then held again: a new episode.
	hs.poll(janeConnected())
	hs.poll(janeHeld())
	hs.send(tickMsg(hs.clock.Advance(time.Minute)))
	if hs.bells() != 2 {
		t.Errorf("a new hold episode did not alert: %d bells", hs.bells())
	}
}

func TestHeldTooLongWithoutBell(t *testing.T) {
	hs := newHarness(t, 120, 30, func(o *Options) { o.HoldLimit = time.Minute })
	hs.poll(janeHeld())
	hs.send(tickMsg(hs.clock.Advance(time.Minute)))
	if hs.bells() != 0 || hs.statusText() != "Jane Roe has been on hold for 1:00" {
		t.Errorf("%d bells, status %q", hs.bells(), hs.statusText())
	}
}

func TestNewRingingCallRingsAndNotifies(t *testing.T) {
	var mu sync.Mutex
	var got []string
	hs := newHarness(t, 120, 30, func(o *Options) {
		o.Bell = true
		o.Notify = func(_ context.Context, title, body string) error {
			mu.Lock()
			defer mu.Unlock()
			got = append(got, title+": "+body)
			return errors.New("no notification daemon")
		}
	})
	hs.poll(ringing("c1", "Jane Roe", "+14155550123", epoch()))
	hs.poll(ringing("c1", "Jane Roe", "+14155550123", epoch()))
	mu.Lock()
	defer mu.Unlock()
	if len(got) != 1 || got[0] != "Incoming call: Jane Roe +14155550123" {
		t.Errorf("notifications %q, want one for Jane", got)
	}
	if hs.bells() != 1 {
		t.Errorf("%d bells, want 1", hs.bells())
	}
}

func TestMouse(t *testing.T) {
	three := []webex.Call{
		connected("c1", "Ann Lee", "1001", epoch().Add(-3*time.Minute)),
		connected("c2", "Bob Smith", "1002", epoch().Add(-2*time.Minute)),
		connected("c3", "Carol Diaz", "1003", epoch().Add(-time.Minute)),
	}
	click := func(x, y int) tea.MouseClickMsg { return tea.MouseClickMsg{X: x, Y: y, Button: tea.MouseLeft} }

	t.Run("click selects the row under the pointer", func(t *testing.T) {
		hs := newHarness(t, 100, 30, func(o *Options) { o.Mouse = true })
		hs.poll(three...)
		row := rowOf(hs, "Carol Diaz")
		hs.send(click(10, row))
		if id := hs.app.board.SelectedID(); id != "c3" {
			t.Fatalf("clicked Carol's row (y=%d), selected %q", row, id)
		}
		hs.send(click(10, 0)) // the header
		hs.send(click(10, rowOf(hs, "STATE")))
		if id := hs.app.board.SelectedID(); id != "c3" {
			t.Errorf("a click off the rows moved the selection to %q", id)
		}
		hs.send(click(10, rowOf(hs, "Carol Diaz")+1)) // an empty row below the last call
		if id := hs.app.board.SelectedID(); id != "c3" {
			t.Errorf("a click below the calls moved the selection to %q", id)
		}
	})

	t.Run("click beside the list with the detail pane", func(t *testing.T) {
		hs := newHarness(t, 170, 30, func(o *Options) { o.Mouse = true })
		hs.poll(three...)
		hs.send(click(10, rowOf(hs, "Bob Smith")))
		if id := hs.app.board.SelectedID(); id != "c2" {
			t.Fatalf("selected %q", id)
		}
		hs.send(click(160, rowOf(hs, "Ann Lee")))
		if id := hs.app.board.SelectedID(); id != "c2" {
			t.Errorf("a click on the detail pane selected %q", id)
		}
	})

	t.Run("wheel moves", func(t *testing.T) {
		hs := newHarness(t, 100, 30, func(o *Options) { o.Mouse = true })
		hs.poll(three...)
		hs.send(tea.MouseWheelMsg{Button: tea.MouseWheelDown})
		hs.send(tea.MouseWheelMsg{Button: tea.MouseWheelDown})
		if id := hs.app.board.SelectedID(); id != "c3" {
			t.Fatalf("after two wheel-downs selected %q", id)
		}
		hs.send(tea.MouseWheelMsg{Button: tea.MouseWheelUp})
		if id := hs.app.board.SelectedID(); id != "c2" {
			t.Errorf("after a wheel-up selected %q", id)
		}
	})

	t.Run("mouse off ignores the mouse", func(t *testing.T) {
		hs := newHarness(t, 100, 30)
		hs.poll(three...)
		hs.send(click(10, rowOf(hs, "Carol Diaz")))
		hs.send(tea.MouseWheelMsg{Button: tea.MouseWheelDown})
		if id := hs.app.board.SelectedID(); id != "c1" {
			t.Errorf("with the mouse off, selected %q", id)
		}
		if hs.app.View().MouseMode != tea.MouseModeNone {
			t.Error("the view asks for mouse events with the mouse off")
		}
	})

	t.Run("click in the history", func(t *testing.T) {
		hs := newHarness(t, 100, 30, func(o *Options) { o.Mouse = true })
		hs.api.setHistory(historyRecords(epoch())...)
		hs.key("tab")
		hs.send(click(10, rowOf(hs, "Bob Smith")))
		if r, ok := hs.app.history.selected(); !ok || r.Name != "Bob Smith" {
			t.Errorf("clicked Bob's record, selected %+v", r)
		}
	})
}

// rowOf is the screen row of the first line containing s.
func rowOf(hs *harness, s string) int {
	hs.t.Helper()
	for i, l := range strings.Split(hs.screen(), "\n") {
		if strings.Contains(l, s) {
			return i
		}
	}
	hs.t.Fatalf("%q is not on screen:\n%s", s, hs.screen())
	return -1
}

func TestScrollKeepsTheSelectionOnScreen(t *testing.T) {
	hs := newHarness(t, 80, 24)
	var calls []webex.Call
	for i := range 40 {
		calls = append(calls, connected(itoa(100+i), "Caller "+itoa(100+i), itoa(2000+i), epoch().Add(time.Duration(i)*time.Second)))
	}
	hs.poll(calls...)
	hs.key("G")
	if !strings.Contains(selectedLine(hs), "Caller 139") {
		t.Fatalf("the last call is not on screen after G:\n%s", hs.screen())
	}
	hs.key("g")
	if !strings.Contains(selectedLine(hs), "Caller 100") {
		t.Fatalf("the first call is not on screen after g:\n%s", hs.screen())
	}
	for range 20 {
		hs.key("j")
	}
	if !strings.Contains(selectedLine(hs), "Caller 120") {
		t.Fatalf("call 20 is not on screen:\n%s", hs.screen())
	}
}

func TestDetailShowsEveryField(t *testing.T) {
	c := janeConnected()
	c.RecordingState = webex.RecordingPaused
	c.Muted = true
	c.Appearance = 2
	hs := newHarness(t, 100, 30)
	hs.poll(c)
	scr := hs.screen()
	for _, s := range []string{
		"remote    Jane Roe +14155550123 (external)",
		"state     ● connected · in",
		"time      created 09:27:00 · answered 09:27:05 · 2:55",
		"role      terminator",
		"line      recording paused · muted · appearance 2",
		"call id   c1",
		"session   session-c1",
	} {
		if !strings.Contains(scr, s) {
			t.Errorf("detail lacks %q:\n%s", s, scr)
		}
	}
}

func TestRecordingLabelsInDetail(t *testing.T) {
	for _, r := range []model.Recording{model.RecordingPending, model.RecordingStarted, model.RecordingPaused, model.RecordingStopped, model.RecordingFailed} {
		c := janeConnected()
		c.RecordingState = webex.RecordingState(r.String())
		hs := newHarness(t, 100, 30)
		hs.poll(c)
		scr := hs.screen()
		if !strings.Contains(scr, "line      "+r.Label()+" ·") || strings.Contains(scr, "recording recording") {
			t.Errorf("recording %s: detail reads\n%s", r, scr)
		}
	}
}

func TestFramesAtManySizes(t *testing.T) {
	// Every frame is checked by the harness; this walks sizes and states
	// that stress the layout: tiny, odd, with banner, prompt, help, summary.
	sizes := [][2]int{{1, 1}, {20, 5}, {59, 13}, {60, 14}, {61, 15}, {79, 23}, {99, 30}, {100, 30}, {119, 40}, {120, 40}, {121, 41}, {250, 70}}
	for _, sz := range sizes {
		hs := newHarness(t, sz[0], sz[1], func(o *Options) { o.Demo = true; o.HoldLimit = time.Minute })
		hs.api.setMe(operator())
		hs.run(hs.app.fetchMe(), 0)
		hs.poll(everyKindOfCall(epoch())...)
		hs.api.setResult("Park", webex.ParkResult{ParkedAgainst: webex.Party{Name: "A very long park extension name indeed", Number: "7001"}})
		hs.key("j")
		press(hs, "p", "enter")
		hs.api.failNext("ListCalls", errNetwork)
		hs.key("ctrl+r", "?")
		hs.key("esc", "t")
		hs.typeText("far too long @ example.com")
		hs.key("esc", "tab", "/")
		hs.typeText("jane")
		hs.key("enter", "tab")
		for _, key := range []key.Binding{hs.app.keys.Down, hs.app.keys.Bottom} {
			hs.key(key.Keys()[0])
		}
	}
}

func TestHistoryClickBelowTheRows(t *testing.T) {
	hs := newHarness(t, 100, 20, func(o *Options) { o.Mouse = true })
	var records []webex.HistoryRecord
	for i := range 40 {
		records = append(records, webex.HistoryRecord{Type: webex.HistoryReceived, Name: "Caller " + itoa(100+i), Number: itoa(2000 + i),
			Time: webex.NewTimestamp(epoch().Add(-time.Duration(i) * time.Minute))})
	}
	hs.api.setHistory(records...)
	hs.key("tab")
	before := hs.screen()
	for _, y := range []int{18, 19} { // the status line and the key help
		hs.send(tea.MouseClickMsg{X: 5, Y: y, Button: tea.MouseLeft})
		if c := hs.app.history.cursor; c != 0 {
			t.Fatalf("a click on screen row %d moved the history cursor to %d", y, c)
		}
	}
	if hs.screen() != before {
		t.Errorf("a click below the rows changed the screen:\n%s", hs.screen())
	}
	last := rowOf(hs, "Caller 115") // the last record on screen
	hs.send(tea.MouseClickMsg{X: 5, Y: last, Button: tea.MouseLeft})
	if r, _ := hs.app.history.selected(); r.Name != "Caller 115" {
		t.Errorf("clicked Caller 115, selected %q", r.Name)
	}
}

func TestDetailRedirectAndRecall(t *testing.T) {
	calls := everyKindOfCall(epoch())
	hs := newHarness(t, 100, 40)
	hs.poll(calls...)
	hs.app.board.Select("c-redir")
	hs.send(tea.WindowSizeMsg{Width: 100, Height: 40}) // redraw
	if scr := hs.screen(); !strings.Contains(scr, "redirect  no answer by Frank Lee 1004 (internal)") {
		t.Errorf("no redirection in the detail:\n%s", scr)
	}
	hs.app.board.Select("c-recall")
	hs.send(tea.WindowSizeMsg{Width: 100, Height: 40})
	if scr := hs.screen(); !strings.Contains(scr, "recall    from park on 7001 (internal)") {
		t.Errorf("no recall in the detail:\n%s", scr)
	}
	hs.app.board.Select("c-private")
	hs.send(tea.WindowSizeMsg{Width: 100, Height: 40})
	if scr := hs.screen(); !strings.Contains(scr, "─ private ─") || !strings.Contains(scr, "remote    private (external)") {
		t.Errorf("the private caller's detail:\n%s", scr)
	}
}
