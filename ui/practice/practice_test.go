package practice

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/callboard/callboard/desk"
	"github.com/callboard/callboard/model"
	"github.com/callboard/callboard/training"
	"github.com/callboard/callboard/ui/prompt"
	"github.com/callboard/callboard/ui/theme"
)

// host is the console as the pane sees it, keeping what it is told to say.
type host struct {
	styles theme.Styles
	said   []string
}

func (h *host) Step(desk.Event) tea.Cmd              { return nil }
func (h *host) Selected() (model.Row, bool)          { return model.Row{}, false }
func (h *host) Board() *model.Board                  { return model.NewBoard(model.BoardOptions{}) }
func (h *host) Desk() *desk.Desk                     { return desk.New(desk.Config{}) }
func (h *host) Ask(prompt.Spec) tea.Cmd              { return nil }
func (h *host) Now() time.Time                       { return time.Time{} }
func (h *host) Styles() *theme.Styles                { return &h.styles }
func (h *host) After(time.Duration, tea.Msg) tea.Cmd { return nil }
func (h *host) Say(_ desk.Level, text string) tea.Cmd {
	h.said = append(h.said, text)
	return nil
}

// source is a practice the test moves on by hand.
type source struct {
	progress training.Progress
	changed  chan struct{}
}

func (s *source) Progress() training.Progress { return s.progress }
func (s *source) Changed() <-chan struct{}    { return s.changed }

func (s *source) set(p training.Progress) {
	s.progress = p
	s.changed <- struct{}{}
}

// frame checks the pane's frame: exactly its height, none wider, and
// returns it without styles.
func frame(t *testing.T, p *Pane, w, h int) string {
	t.Helper()
	p.SetSize(w, h)
	view := p.View(time.Time{}, false)
	lines := strings.Split(view, "\n")
	if len(lines) != h {
		t.Fatalf("%d lines, want %d", len(lines), h)
	}
	for _, l := range lines {
		if ansi.StringWidth(l) > w {
			t.Fatalf("a line %d cells wide in a pane of %d: %q", ansi.StringWidth(l), w, ansi.Strip(l))
		}
	}
	return ansi.Strip(view)
}

func TestPaneFollowsThePractice(t *testing.T) {
	src := &source{changed: make(chan struct{}, 1), progress: training.Progress{Title: "Answer, hold and transfer", Intro: "Callers ring.",
		Step: 1, Steps: 5, Task: "Answer the call from Acme Corp", Hint: "press a", Possible: 50}}
	h := &host{styles: theme.New(true)}
	p := New(context.Background(), src)(h).(*Pane)
	view := frame(t, p, 70, 8)
	for _, want := range []string{"PRACTICE step 1/5 · score 0/50 · Answer, hold and transfer", "▶ Answer the call from Acme Corp", "press a", "Callers ring."} {
		if !strings.Contains(view, want) {
			t.Errorf("the pane does not show %q:\n%s", want, view)
		}
	}

	// News: the pane's wait delivers it, and the pane draws it.
	wait := p.Init()
	src.set(training.Progress{Title: "t", Step: 2, Steps: 5, Task: "Hold", Score: 10, Possible: 50,
		Notes: []string{"✓ Answer the call from Acme Corp (+10 in 0:05)"}})
	p.Update(wait())
	view = frame(t, p, 70, 8)
	if !strings.Contains(view, "step 2/5 · score 10/50") || !strings.Contains(view, "✓ Answer the call") {
		t.Errorf("the pane did not take the news:\n%s", view)
	}
	if len(h.said) != 0 {
		t.Errorf("said %q before the end", h.said)
	}

	wait = p.wait()
	src.set(training.Progress{Title: "t", Step: 6, Steps: 5, Score: 44, Possible: 50, Done: true,
		Results:   []training.StepResult{{Task: "Answer", Points: 10, Max: 10, Took: 5 * time.Second}, {Task: "Voicemail", Max: 10, Failed: true, Why: "rang out"}},
		Penalties: []training.Penalty{{Points: 3, Why: "missed a call from Felix"}}})
	p.Update(wait())
	view = frame(t, p, 70, 8)
	for _, want := range []string{"Scenario complete — score 44/50 (88%, good)", "✓ Answer +10/10 in 0:05", "✗ Voicemail — rang out", "−3 missed a call from Felix"} {
		if !strings.Contains(view, want) {
			t.Errorf("the final pane does not show %q:\n%s", want, view)
		}
	}
	if len(h.said) != 1 || h.said[0] != "practice complete: score 44/50 (88%, good)" {
		t.Errorf("said %q, want the final score once", h.said)
	}
	if p.Summary() != "88%" {
		t.Errorf("summary %q", p.Summary())
	}
	// Another pane's news is not this pane's.
	if cmd := p.Update(changedMsg{src: &source{}}); cmd != nil {
		t.Error("the pane took another practice's news")
	}
}

// The newest feedback stays in view when the pane is short.
func TestPaneKeepsTheNewestNotes(t *testing.T) {
	src := &source{changed: make(chan struct{}, 1), progress: training.Progress{Title: "t", Step: 3, Steps: 5, Task: "Do it", Hint: "h",
		Notes: []string{"one", "two", "three", "four", "five"}}}
	p := New(context.Background(), src)(&host{styles: theme.New(false)}).(*Pane)
	view := frame(t, p, 40, 5)
	if !strings.Contains(view, "five") || strings.Contains(view, "one") {
		t.Errorf("a short pane must keep the newest notes:\n%s", view)
	}
}

// The pane's wait ends with the console.
func TestPaneWaitEndsWithTheConsole(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	p := New(ctx, &source{changed: make(chan struct{})})(&host{styles: theme.New(true)}).(*Pane)
	wait := p.Init()
	cancel()
	if msg := wait(); msg != nil {
		t.Errorf("after the console quit the wait returned %v", msg)
	}
}
