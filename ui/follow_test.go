package ui

import (
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/callboard/callboard/desk"
)

// followed records what a follower is told.
type followed struct {
	mu      sync.Mutex
	effects []desk.Effect
}

func (f *followed) Follow(_ time.Time, _ *desk.Desk, effects []desk.Effect) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.effects = append(f.effects, effects...)
}

// names lists what the follower heard: happenings by name, operator states
// as "operator:STATE".
func (f *followed) names() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for _, e := range f.effects {
		switch e := e.(type) {
		case desk.Happened:
			out = append(out, e.What.String())
		case desk.OperatorChanged:
			out = append(out, "operator:"+e.State.String())
		}
	}
	return out
}

func TestFollowersHearTheLine(t *testing.T) {
	f := &followed{}
	h := newHarness(t, 120, 40, func(o *Options) { o.Followers = []Follower{f} })
	h.poll(ringing("c1", "Ada Lovelace", "+14155550111", epoch()))
	h.key("a")
	h.poll(connected("c1", "Ada Lovelace", "+14155550111", epoch()))
	h.poll()
	want := []string{"operator:idle", "ringing", "operator:ringing", "answered", "operator:on-call", "ended", "operator:idle"}
	if got := f.names(); !slices.Equal(got, want) {
		t.Errorf("followers heard %q, want %q", got, want)
	}
}

func TestOutsideReportsReachTheStatusLine(t *testing.T) {
	reports := make(chan string, 1)
	reports <- "hook busy light failed: exit status 1"
	close(reports) // the harness runs commands to the end: nothing more will come
	h := newHarness(t, 120, 40, func(o *Options) { o.Reports = reports })
	if got := h.statusText(); got != "hook busy light failed: exit status 1" {
		t.Errorf("status %q", got)
	}
	h.wantScreen("hook busy light failed")
}

func TestTerminalNotificationGoesToTheTerminal(t *testing.T) {
	h := newHarness(t, 120, 40, func(o *Options) {
		o.NotifyTerminal = func(title, body string) string { return "\x1b]9;" + title + ": " + body + "\a" }
	})
	h.poll(ringing("c1", "Ada Lovelace", "+14155550111", epoch()))
	want := tea.RawMsg{Msg: "\x1b]9;Incoming call: Ada Lovelace +14155550111\a"}
	if !slices.Contains(h.out, tea.Msg(want)) {
		t.Errorf("no notification written to the terminal; out: %q", h.out)
	}
}

func TestAcknowledgeKeySilencesTheRepeatingBell(t *testing.T) {
	h := newHarness(t, 120, 40, func(o *Options) {
		o.Desk.RingAlarm = 20 * time.Second
		o.Desk.BellRepeat = 10 * time.Second
	})
	h.poll(ringing("c1", "Ada Lovelace", "+14155550111", epoch()))
	h.noScreen("! silence bell")
	start := h.bells()
	h.advance(25 * time.Second)
	h.wantScreen("Ada Lovelace has been ringing for 0:20", "! silence bell")
	h.advance(10 * time.Second)
	if got := h.bells() - start; got != 2 {
		t.Errorf("%d bells in 35 s of ringing, want 2 (at 20 and 30 s)", got)
	}
	h.key("!")
	if !strings.Contains(h.statusText(), "bell silenced for Ada Lovelace") {
		t.Errorf("status %q", h.statusText())
	}
	before := h.bells()
	h.advance(time.Minute)
	if h.bells() != before {
		t.Errorf("%d bells after the acknowledgement", h.bells()-before)
	}
	h.noScreen("! silence bell")
}

func TestReadOnlyConsoleRefusesAndSaysSo(t *testing.T) {
	h := newHarness(t, 120, 40, func(o *Options) {
		o.Desk.ReadOnly = true
		o.SpeedDial = []SpeedDial{{Label: "Front desk", Destination: "1000"}}
	})
	h.poll(ringing("c1", "Ada Lovelace", "+14155550111", epoch()))
	h.wantScreen("READ-ONLY")
	h.key("a")
	h.key("d") // opens no prompt
	if h.app.prompt != nil {
		t.Error("a read-only console asked for a destination it could never dial")
	}
	h.key("1") // nor a speed dial's confirmation
	if h.app.prompt != nil {
		t.Error("a read-only console asked to confirm a speed dial it could never send")
	}
	h.key(":")
	h.typeText("hangup")
	h.key("enter")
	if n := len(h.api.sent(false)); n != 0 {
		t.Errorf("a read-only console sent %d requests", n)
	}
	if !strings.Contains(h.statusText(), "read-only") {
		t.Errorf("status %q: the refusal must say why", h.statusText())
	}
}

// News nobody asked for (here the other lines found, which can come a
// moment after start) waits while the status line answers a key: a read-only
// console's refusal was swept away unread by "watching 2 lines".
func TestNewsWaitsBehindTheAnswerToAKey(t *testing.T) {
	h := newHarness(t, 120, 40, func(o *Options) { o.Desk.ReadOnly = true })
	h.poll(ringing("c1", "Ada Lovelace", "+14155550111", epoch()))
	h.key("a")
	refusal := h.statusText()
	if !strings.Contains(refusal, "read-only") {
		t.Fatalf("status %q, want the refusal", refusal)
	}
	h.send(linesMsg{lines: []desk.Line{{ID: "vl-main", Label: "Main Line", Number: "500"}}})
	if got := h.statusText(); got != refusal {
		t.Fatalf("status %q a moment after the refusal, want the refusal still", got)
	}
	h.advance(problemTTL)
	if got := h.statusText(); !strings.Contains(got, "watching 2 lines") {
		t.Fatalf("status %q once the refusal went, want the lines found", got)
	}
	h.advance(infoTTL)
	if got := h.statusText(); got != "" {
		t.Errorf("status %q after the notice's time, want it gone", got)
	}
}
