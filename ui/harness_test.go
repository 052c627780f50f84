package ui

import (
	"os"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/callboard/callboard/desk"
	"github.com/callboard/callboard/keymap"
	"github.com/callboard/callboard/model"
	"github.com/callboard/callboard/webex"
)

// TestMain pins the local time zone so clock times on screen are stable.
func TestMain(m *testing.M) {
	time.Local = time.UTC
	os.Exit(m.Run())
}

// epoch is the fake clock's start: a Monday morning.
func epoch() time.Time { return time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC) }

// maxDepth bounds how many rounds of command → message → command the
// harness follows after one input.
const maxDepth = 8

// blockedAfter is how long a command may run before the harness calls it
// stuck. Commands that reach the fake API return at once; this only turns a
// hang into a failure with a message.
const blockedAfter = 30 * time.Second

// fakeClock is the console's clock in tests: it moves only when told, and
// its timers are kept, not run, until the test moves time past them.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// After returns a command the harness recognises by its message: the
// timer's message and when it falls due.
func (c *fakeClock) After(d time.Duration, msg tea.Msg) tea.Cmd {
	at := c.Now().Add(d)
	return func() tea.Msg { return timerSet{at: at, msg: msg} }
}

func (c *fakeClock) set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

// timerSet is a timer the console started on the fake clock.
type timerSet struct {
	at  time.Time
	msg tea.Msg
}

// harness drives an App as the Bubble Tea runtime would, without a terminal:
// it feeds messages to Update, runs the returned commands, feeds their
// messages back, keeps the timers until the test moves the clock past them,
// and checks every frame drawn.
type harness struct {
	t     testing.TB
	app   *App
	api   *fakeAPI
	clock *fakeClock

	timers    []timerSet
	delivered []tea.Msg // the package's own messages fed back to Update
	out       []tea.Msg // messages for the runtime: bells, clipboard, quit
}

// newHarness builds an App of size w×h on a fake API and clock and runs
// Init, whose first poll finds no calls; tests then poll what they need.
func newHarness(t testing.TB, w, h int, configure ...func(*Options)) *harness {
	t.Helper()
	return newHarnessWith(t, newFakeAPI(), w, h, configure...)
}

// newHarnessWith is newHarness on a fake the test prepared.
func newHarnessWith(t testing.TB, api *fakeAPI, w, h int, configure ...func(*Options)) *harness {
	t.Helper()
	clock := &fakeClock{now: epoch()}
	opts := Options{
		API:   api,
		Keys:  keymap.Default(),
		Theme: ThemeDark,
		Clock: clock,
		Desk:  desk.Config{Order: model.OrderRingingFirst, SelectRinging: true, Bell: true},
	}
	for _, c := range configure {
		c(&opts)
	}
	hs := &harness{t: t, api: api, clock: clock, app: New(t.Context(), opts)}
	hs.send(tea.WindowSizeMsg{Width: w, Height: h})
	hs.run(hs.app.Init(), 0)
	return hs
}

// update feeds one message to Update and checks the frame; it returns the
// command without running it.
func (h *harness) update(msg tea.Msg) tea.Cmd {
	h.t.Helper()
	_, cmd := h.app.Update(msg)
	h.checkFrame()
	return cmd
}

// send feeds one message and runs what follows from it.
func (h *harness) send(msg tea.Msg) {
	h.t.Helper()
	h.run(h.update(msg), 0)
}

// key presses keys by name ("a", "enter", "ctrl+r", "T").
func (h *harness) key(names ...string) {
	h.t.Helper()
	for _, n := range names {
		h.send(keyPress(n))
	}
}

// typeText types s into whatever has focus, one key per character.
func (h *harness) typeText(s string) {
	h.t.Helper()
	for _, r := range s {
		if r == ' ' {
			h.send(keyPress("space"))
			continue
		}
		h.send(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

// poll makes List Calls return calls and polls now, as ctrl+r would (but
// whatever has the keys).
func (h *harness) poll(calls ...webex.Call) {
	h.t.Helper()
	h.api.setCalls(calls...)
	h.run(h.app.step(desk.Refresh{}), 0)
}

// advance moves the clock by d, firing every timer that falls due on the
// way, in time order.
func (h *harness) advance(d time.Duration) {
	h.t.Helper()
	end := h.clock.Now().Add(d)
	fired := map[time.Time]int{}
	for {
		slices.SortStableFunc(h.timers, func(a, b timerSet) int { return a.at.Compare(b.at) })
		if len(h.timers) == 0 || h.timers[0].at.After(end) {
			break
		}
		next := h.timers[0]
		h.timers = h.timers[1:]
		if next.at.After(h.clock.Now()) {
			h.clock.set(next.at)
		}
		// A console that keeps waking at the same instant would spin a
		// core forever in a real terminal.
		if fired[h.clock.Now()]++; fired[h.clock.Now()] > 50 {
			h.t.Fatalf("the console woke more than 50 times at %v without time passing; timers %+v", h.clock.Now(), h.timers)
		}
		h.send(next.msg)
	}
	h.clock.set(end)
}

// jump moves the clock by d at once, as a machine waking from sleep sees
// it, then fires the timers now due: each fires once, late.
func (h *harness) jump(d time.Duration) {
	h.t.Helper()
	h.clock.set(h.clock.Now().Add(d))
	h.advance(0)
}

// run executes cmd as the runtime would: batches flattened, timers kept,
// the package's messages fed back to Update (at most maxDepth rounds deep).
func (h *harness) run(cmd tea.Cmd, depth int) {
	h.t.Helper()
	if cmd == nil {
		return
	}
	msg := h.call(cmd)
	switch m := msg.(type) {
	case nil:
	case timerSet:
		h.timers = append(h.timers, m)
	case tea.BatchMsg:
		for _, c := range m {
			h.run(c, depth)
		}
	default:
		if reflect.TypeOf(m).PkgPath() == reflect.TypeOf(tea.QuitMsg{}).PkgPath() {
			h.out = append(h.out, m) // for the runtime: bells, clipboard, quit
			return
		}
		// The console's own messages and its panes'.
		if depth >= maxDepth {
			h.t.Fatalf("more than %d rounds of commands after one input: %T", maxDepth, m)
		}
		h.delivered = append(h.delivered, m)
		h.run(h.update(m), depth+1)
	}
}

// call runs one command, failing the test if it does not return.
func (h *harness) call(cmd tea.Cmd) tea.Msg {
	h.t.Helper()
	done := make(chan tea.Msg, 1)
	go func() { done <- cmd() }()
	select {
	case msg := <-done:
		return msg
	case <-time.After(blockedAfter):
		h.t.Fatalf("a command did not return")
		return nil
	}
}

// checkFrame asserts what every frame must be: exactly height lines, none
// wider than the width.
func (h *harness) checkFrame() {
	h.t.Helper()
	if msg := frameProblem(h.app); msg != "" {
		h.t.Fatal(msg)
	}
}

// frameProblem says what is wrong with the App's frame, "" if nothing.
func frameProblem(a *App) string {
	if a.width == 0 || a.height == 0 {
		return ""
	}
	content := a.View().Content
	lines := strings.Split(content, "\n")
	if len(lines) != a.height {
		return "frame has " + strconv.Itoa(len(lines)) + " lines, want " + strconv.Itoa(a.height) + ":\n" + ansi.Strip(content)
	}
	for i, l := range lines {
		if w := ansi.StringWidth(l); w > a.width {
			return "frame line " + strconv.Itoa(i) + " is " + strconv.Itoa(w) + " cells wide, more than " + strconv.Itoa(a.width) + ":\n" + ansi.Strip(l)
		}
	}
	return ""
}

// screen is the frame as text, without styles.
func (h *harness) screen() string { return ansi.Strip(h.app.View().Content) }

// statusText is the status line's current message.
func (h *harness) statusText() string { return h.app.status.text }

// wantScreen fails unless the screen shows every text.
func (h *harness) wantScreen(texts ...string) {
	h.t.Helper()
	s := h.screen()
	for _, text := range texts {
		if !strings.Contains(s, text) {
			h.t.Errorf("the screen does not show %q:\n%s", text, s)
		}
	}
}

// noScreen fails if the screen shows any text.
func (h *harness) noScreen(texts ...string) {
	h.t.Helper()
	s := h.screen()
	for _, text := range texts {
		if strings.Contains(s, text) {
			h.t.Errorf("the screen shows %q:\n%s", text, s)
		}
	}
}

// bells counts the bells rung so far.
func (h *harness) bells() int {
	n := 0
	for _, m := range h.out {
		if r, ok := m.(tea.RawMsg); ok && r.Msg == "\a" {
			n++
		}
	}
	return n
}

// quit reports whether the console asked to quit.
func (h *harness) quit() bool {
	return slices.ContainsFunc(h.out, func(m tea.Msg) bool { _, ok := m.(tea.QuitMsg); return ok })
}

// keyPress builds the key press Bubble Tea reports for a key name.
func keyPress(name string) tea.KeyPressMsg {
	special := map[string]tea.KeyPressMsg{
		"enter":     {Code: tea.KeyEnter},
		"esc":       {Code: tea.KeyEscape},
		"tab":       {Code: tea.KeyTab},
		"space":     {Code: tea.KeySpace, Text: " "},
		"backspace": {Code: tea.KeyBackspace},
		"up":        {Code: tea.KeyUp},
		"down":      {Code: tea.KeyDown},
		"left":      {Code: tea.KeyLeft},
		"right":     {Code: tea.KeyRight},
		"ctrl+r":    {Code: 'r', Mod: tea.ModCtrl},
		"ctrl+c":    {Code: 'c', Mod: tea.ModCtrl},
	}
	if k, ok := special[name]; ok {
		return k
	}
	if rest, ok := strings.CutPrefix(name, "alt+"); ok {
		r := []rune(rest)
		return tea.KeyPressMsg{Code: r[0], Mod: tea.ModAlt} // a terminal sends no text with alt
	}
	r := []rune(name)
	return tea.KeyPressMsg{Code: r[0], Text: name}
}

// Call builders: the wire calls the fake API returns.

func wcall(id string, state webex.CallState, p webex.Personality, name, number string, created time.Time) webex.Call {
	return webex.Call{
		ID:            id,
		CallSessionID: "session-" + id,
		Personality:   p,
		State:         state,
		RemoteParty:   webex.Party{Name: name, Number: number, CallType: webex.CallTypeExternal},
		Created:       webex.NewTimestamp(created),
		MuteCapable:   true,
	}
}

// ringing is an incoming call alerting the user's phones.
func ringing(id, name, number string, created time.Time) webex.Call {
	return wcall(id, webex.StateAlerting, webex.PersonalityTerminator, name, number, created)
}

// talking is an answered incoming call in state (connected, held, remoteHeld).
func talking(id string, state webex.CallState, name, number string, created time.Time) webex.Call {
	c := wcall(id, state, webex.PersonalityTerminator, name, number, created)
	c.Answered = webex.NewTimestamp(created.Add(5 * time.Second))
	return c
}

func connected(id, name, number string, created time.Time) webex.Call {
	return talking(id, webex.StateConnected, name, number, created)
}

func held(id, name, number string, created time.Time) webex.Call {
	return talking(id, webex.StateHeld, name, number, created)
}
