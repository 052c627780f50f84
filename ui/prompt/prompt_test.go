package prompt

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/callboard/callboard/desk"
	"github.com/callboard/callboard/ui/theme"
)

// finder is a directory for the tests: cached knows some names, the source
// knows more; it records every search and can hold one until released.
type finder struct {
	mu       sync.Mutex
	cached   map[string][]Match
	source   map[string][]Match
	settled  bool
	searches []string
	block    chan struct{} // when set, Search waits for it or for ctx
}

func (f *finder) Cached(text string) Found {
	f.mu.Lock()
	defer f.mu.Unlock()
	m := f.cached[strings.ToLower(text)]
	return Found{Matches: m, Total: len(m), Settled: f.settled && len(m) > 0}
}

func (f *finder) Search(ctx context.Context, text string) (Found, error) {
	f.mu.Lock()
	f.searches = append(f.searches, text)
	block := f.block
	f.mu.Unlock()
	if block != nil {
		select {
		case <-block:
		case <-ctx.Done():
			return Found{}, ctx.Err()
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	m := f.source[strings.ToLower(text)]
	return Found{Matches: m, Total: len(m)}, nil
}

func (f *finder) searched() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.searches...)
}

var (
	priya    = Match{Label: "Priya Shah", Detail: "103 · person", Value: "103", Key: "p103", Status: "available"}
	priyanka = Match{Label: "Priyanka Iyer", Detail: "215 · person", Value: "215", Key: "p215"}
)

// timer is a debounce the prompt asked for.
type timer struct {
	at  time.Time
	msg tea.Msg
}

// rig drives a prompt as the console would: keys in, commands run at once,
// timers kept until the test fires them.
type rig struct {
	t         *testing.T
	m         Model
	now       time.Time
	timers    []timer
	submitted []string
	picked    []Match
	pending   []tea.Cmd // searches held back, run by release
	hold      bool
}

type submitMsg struct{ text string }
type pickMsg struct{ m Match }

func newRig(t *testing.T, f *finder, arg desk.Arg, pick bool) *rig {
	r := &rig{t: t, now: time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)}
	l := &Lookup{
		Finder: f, Ctx: t.Context(), Gap: 150 * time.Millisecond,
		Now: func() time.Time { return r.now },
		After: func(d time.Duration, msg tea.Msg) tea.Cmd {
			at := r.now.Add(d)
			return func() tea.Msg { return timer{at: at, msg: msg} }
		},
		Name: arg.NameIn, Resolve: arg.WithDest,
	}
	if pick {
		l.Pick = func(m Match) tea.Cmd { return func() tea.Msg { return pickMsg{m} } }
	}
	r.m = New(Spec{
		Title: "transfer to", Hint: "a number",
		Validate: func(s string) string { _, p := arg.Parse(s); return p },
		Submit:   func(s string) tea.Cmd { return func() tea.Msg { return submitMsg{s} } },
		Lookup:   l,
	}, 100)
	r.run(r.m.Init())
	return r
}

// run executes a command the way the console does, feeding the prompt's
// messages back.
func (r *rig) run(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	if r.hold {
		r.pending = append(r.pending, cmd)
		return
	}
	r.deliver(cmd())
}

func (r *rig) deliver(msg tea.Msg) {
	switch msg := msg.(type) {
	case nil:
	case tea.BatchMsg:
		for _, c := range msg {
			r.run(c)
		}
	case timer:
		r.timers = append(r.timers, msg)
	case submitMsg:
		r.submitted = append(r.submitted, msg.text)
	case pickMsg:
		r.picked = append(r.picked, msg.m)
	case LookupMsg:
		var cmd tea.Cmd
		r.m, cmd = r.m.Update(msg)
		r.run(cmd)
	}
}

// release runs the searches held back.
func (r *rig) release() {
	r.hold = false
	p := r.pending
	r.pending = nil
	for _, c := range p {
		r.run(c)
	}
}

func (r *rig) key(names ...string) {
	for _, n := range names {
		var k tea.KeyPressMsg
		switch n {
		case "enter":
			k = tea.KeyPressMsg{Code: tea.KeyEnter}
		case "up":
			k = tea.KeyPressMsg{Code: tea.KeyUp}
		case "down":
			k = tea.KeyPressMsg{Code: tea.KeyDown}
		case "backspace":
			k = tea.KeyPressMsg{Code: tea.KeyBackspace}
		case "esc":
			k = tea.KeyPressMsg{Code: tea.KeyEscape}
		default:
			k = tea.KeyPressMsg{Code: []rune(n)[0], Text: n}
		}
		var cmd tea.Cmd
		r.m, cmd = r.m.Update(k)
		r.run(cmd)
	}
}

func (r *rig) typeText(s string) {
	for _, c := range s {
		if c == ' ' {
			var cmd tea.Cmd
			r.m, cmd = r.m.Update(tea.KeyPressMsg{Code: tea.KeySpace, Text: " "})
			r.run(cmd)
			continue
		}
		r.key(string(c))
	}
}

// advance moves the clock, firing the timers due.
func (r *rig) advance(d time.Duration) {
	r.now = r.now.Add(d)
	var keep []timer
	due := r.timers
	r.timers = nil
	for _, tm := range due {
		if tm.at.After(r.now) {
			keep = append(keep, tm)
			continue
		}
		r.deliver(tm.msg)
	}
	r.timers = append(r.timers, keep...)
}

func (r *rig) view() string {
	st := theme.New(true)
	return ansi.Strip(r.m.View(&st))
}

// "t, pri, enter": the cache lists the matches at the first keystrokes,
// the first is selected, and enter sends its extension.
func TestLookupPicksTheFirstMatch(t *testing.T) {
	f := &finder{cached: map[string][]Match{"p": {priya, priyanka}, "pr": {priya, priyanka}, "pri": {priya, priyanka}}, source: map[string][]Match{"pri": {priya, priyanka}}}
	r := newRig(t, f, desk.ArgTransfer, false)
	r.typeText("pri")
	v := r.view()
	for _, want := range []string{"› Priya Shah", "Priyanka Iyer", "103 · person · available", "enter: Priya Shah"} {
		if !strings.Contains(v, want) {
			t.Errorf("the prompt does not show %q:\n%s", want, v)
		}
	}
	if r.m.Lines() != Height+2 {
		t.Errorf("Lines = %d with two matches, want %d", r.m.Lines(), Height+2)
	}
	r.key("enter")
	if len(r.submitted) != 1 || r.submitted[0] != "103" {
		t.Fatalf("submitted %q, want 103", r.submitted)
	}
	if r.m.Open() {
		t.Errorf("the prompt stayed open")
	}
}

// ↓ chooses another match; "vm NAME" sends to that person's voicemail.
func TestLookupChooseAndVoicemail(t *testing.T) {
	f := &finder{cached: map[string][]Match{"pri": {priya, priyanka}}, settled: true}
	r := newRig(t, f, desk.ArgTransfer, false)
	r.typeText("vm pri")
	r.key("down", "enter")
	if len(r.submitted) != 1 || r.submitted[0] != "vm 215" {
		t.Fatalf("submitted %q, want vm 215", r.submitted)
	}
	for _, q := range f.searched() {
		if q == "pri" {
			t.Errorf("a name the cache settles was searched: %q", f.searched())
		}
	}
}

// Digits never wait for the directory, and list nothing.
func TestLookupDigitsAsBefore(t *testing.T) {
	f := &finder{cached: map[string][]Match{}}
	r := newRig(t, f, desk.ArgDestination, false)
	r.typeText("103")
	if strings.Contains(r.view(), "directory") || r.m.Lines() != Height {
		t.Errorf("digits show the directory:\n%s", r.view())
	}
	r.key("enter")
	if len(r.submitted) != 1 || r.submitted[0] != "103" {
		t.Errorf("submitted %q, want 103", r.submitted)
	}
	if len(f.searched()) != 0 {
		t.Errorf("digits were searched: %q", f.searched())
	}
}

// The first keystroke searches at once; those within the gap wait, the
// superseded search is cancelled, and only the last text is searched.
func TestLookupDebouncesAndCancels(t *testing.T) {
	f := &finder{cached: map[string][]Match{}, source: map[string][]Match{"mar": {{Label: "Maria Garcia", Value: "105"}}}, block: make(chan struct{})}
	r := newRig(t, f, desk.ArgDestination, false)
	r.hold = true
	r.typeText("m")
	r.typeText("a")
	r.typeText("r")
	// The search for "m" went at once, is held, and is cancelled by the
	// typing: its command returns with the context's error.
	close(f.block)
	r.release()
	if len(r.timers) != 2 {
		t.Fatalf("%d debounce timers for two keystrokes within the gap, want 2", len(r.timers))
	}
	if got := f.searched(); len(got) != 1 || got[0] != "m" {
		t.Fatalf("searched %q before the gap passed, want only m", got)
	}
	r.advance(150 * time.Millisecond)
	if got := f.searched(); len(got) != 2 || got[1] != "mar" {
		t.Fatalf("after the gap searched %q, want m then mar", got)
	}
	if !strings.Contains(r.view(), "Maria Garcia") {
		t.Errorf("the search's answer is not listed:\n%s", r.view())
	}
}

// Enter before any match came waits for the answer, and sends when exactly
// one person matches.
func TestLookupEnterWaitsForTheAnswer(t *testing.T) {
	f := &finder{cached: map[string][]Match{}, source: map[string][]Match{"maria": {{Label: "Maria Garcia", Value: "105"}}}}
	r := newRig(t, f, desk.ArgDestination, false)
	r.hold = true
	r.typeText("maria")
	r.key("enter")
	if !strings.Contains(r.view(), "searching the directory") || len(r.submitted) != 0 {
		t.Fatalf("enter before the answer:\n%s", r.view())
	}
	r.release()
	r.advance(time.Second)
	r.release()
	if len(r.submitted) != 1 || r.submitted[0] != "105" {
		t.Errorf("submitted %q once the answer came, want 105", r.submitted)
	}
}

// A name nobody has is refused, nothing sent; several matches wait for a
// choice.
func TestLookupRefusesUnknownName(t *testing.T) {
	f := &finder{cached: map[string][]Match{}, source: map[string][]Match{"pri": {priya, priyanka}}}
	r := newRig(t, f, desk.ArgDestination, false)
	r.typeText("zed")
	r.advance(time.Second)
	r.key("enter")
	if len(r.submitted) != 0 || !strings.Contains(r.view(), "no one in the directory matches") {
		t.Errorf("an unknown name: submitted %q\n%s", r.submitted, r.view())
	}
	r.key("backspace", "backspace", "backspace")
	r.hold = true
	r.typeText("pri")
	r.key("enter")
	r.release()
	r.advance(time.Second)
	r.release()
	if len(r.submitted) != 0 || !strings.Contains(r.view(), "Priyanka Iyer") {
		t.Errorf("two matches were not left to choose from: submitted %q\n%s", r.submitted, r.view())
	}
}

// A lookup with Pick hands over the match (the colleagues pane pins it).
func TestLookupPick(t *testing.T) {
	f := &finder{cached: map[string][]Match{"pri": {priya, priyanka}}, settled: true}
	r := newRig(t, f, desk.ArgDestination, true)
	r.typeText("pri")
	r.key("up", "enter")
	if len(r.picked) != 1 || r.picked[0].Key != "p215" || len(r.submitted) != 0 {
		t.Errorf("picked %v submitted %v", r.picked, r.submitted)
	}
}

// A message of a closed prompt's search changes nothing.
func TestLookupIgnoresOtherPrompts(t *testing.T) {
	f := &finder{cached: map[string][]Match{"pri": {priya}}, settled: true}
	a := newRig(t, f, desk.ArgDestination, false)
	b := newRig(t, f, desk.ArgDestination, false)
	a.typeText("pri")
	stale := searchDone{st: b.m.look, gen: 1, found: Found{Matches: []Match{priyanka}}}
	a.m, _ = a.m.Update(stale)
	if strings.Contains(a.view(), "Priyanka") {
		t.Errorf("another prompt's answer was listed:\n%s", a.view())
	}
}

// In a list, tab completes the item being typed, after the ones typed
// already.
func TestListCompletesTheLastItem(t *testing.T) {
	m := New(Spec{Title: "wrap-up", Suggestions: []string{"Billing", "Tech support"}, List: true}, 80)
	typeIn := func(text string) {
		for _, r := range text {
			m, _ = m.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
		}
	}
	typeIn("Te")
	m, _ = m.Update(tea.KeyPressMsg{Code: tea.KeyTab})
	typeIn(",Bi")
	m, _ = m.Update(tea.KeyPressMsg{Code: tea.KeyTab})
	if got := m.Value(); got != "Tech support,Billing" {
		t.Errorf("the list reads %q, want %q", got, "Tech support,Billing")
	}
}
