// Package practice is the side pane of the practice desk (`callboard
// --demo`): the scenario's current task and its hint, the coach's feedback,
// the score, and at the end the final score with how each step went.
package practice

import (
	"context"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/callboard/callboard/desk"
	"github.com/callboard/callboard/model"
	"github.com/callboard/callboard/training"
	"github.com/callboard/callboard/ui/pane"
	"github.com/callboard/callboard/ui/theme"
)

// Source is the practice the pane shows; *training.Runner implements it.
type Source interface {
	Progress() training.Progress
	// Changed receives a token when the progress has changed.
	Changed() <-chan struct{}
}

// New returns the pane for a practice. ctx bounds the pane's wait for
// news: it ends when the console quits.
func New(ctx context.Context, src Source) pane.New {
	return func(h pane.Host) pane.Pane { return &Pane{ctx: ctx, host: h, src: src, progress: src.Progress()} }
}

// Pane shows a practice.
type Pane struct {
	ctx      context.Context
	host     pane.Host
	src      Source
	progress training.Progress
	told     bool // the final score went to the status line

	width, height int
}

// changedMsg says the practice's progress changed; src tells the pane's
// own messages from another pane's.
type changedMsg struct{ src Source }

// Name is the pane's title.
func (p *Pane) Name() string { return "practice" }

// Init starts listening for the practice's news.
func (p *Pane) Init() tea.Cmd { return p.wait() }

// wait waits for the next change, until the console quits.
func (p *Pane) wait() tea.Cmd {
	ctx, src := p.ctx, p.src
	return func() tea.Msg {
		select {
		case <-src.Changed():
			return changedMsg{src: src}
		case <-ctx.Done():
			return nil
		}
	}
}

// Update takes the practice's news; the pane has no keys of its own.
func (p *Pane) Update(msg tea.Msg) tea.Cmd {
	m, ok := msg.(changedMsg)
	if !ok || m.src != p.src {
		return nil
	}
	p.progress = p.src.Progress()
	cmds := []tea.Cmd{p.wait()}
	if p.progress.Done && !p.told {
		p.told = true
		cmds = append(cmds, p.host.Say(desk.Success, "practice complete: "+scoreLine(p.progress)))
	}
	return tea.Batch(cmds...)
}

// scoreLine is the final score in words.
func scoreLine(pr training.Progress) string {
	return fmt.Sprintf("score %d/%d (%d%%, %s)", max(pr.Score, 0), pr.Possible, pr.Percent(), pr.Verdict())
}

// View draws the practice in the pane's room.
func (p *Pane) View(_ time.Time, _ bool) string {
	st := p.host.Styles()
	pr := p.progress
	w := max(p.width, 1)
	var lines []string
	add := func(s string) { lines = append(lines, theme.Truncate(s, w, "…")) }
	wrap := func(style func(...string) string, text, indent string) {
		for i, l := range theme.Wrap(text, max(w-len(indent), 1)) {
			if i > 0 {
				l = indent + l
			}
			add(style(l))
		}
	}
	// The title comes last: when room is short it is what can go. A rule
	// fills the rest, as the detail pane's heading does.
	head := st.Section.Render("PRACTICE") + st.Dim.Render(" finished · ") + st.Value.Render(pr.Title)
	if !pr.Done {
		head = st.Section.Render("PRACTICE") + st.Dim.Render(fmt.Sprintf(" step %d/%d · score %d/%d · ", pr.Step, pr.Steps, max(pr.Score, 0), pr.Possible)) +
			st.Value.Render(pr.Title)
	}
	head = st.Dim.Render("─ ") + head + " "
	add(head + st.Dim.Render(strings.Repeat("─", max(w-theme.Width(head), 0))))
	switch {
	case pr.Done:
		wrap(st.Success.Render, "Scenario complete — "+scoreLine(pr), "")
		for _, r := range pr.Results {
			if r.Failed {
				add(st.Error.Render("✗ ") + st.Value.Render(r.Task) + st.Dim.Render(" — "+r.Why))
				continue
			}
			add(st.Success.Render("✓ ") + st.Value.Render(r.Task) + st.Dim.Render(fmt.Sprintf(" +%d/%d in %s", r.Points, r.Max, model.FormatDuration(r.Took))))
		}
		for _, pen := range pr.Penalties {
			add(st.Error.Render(fmt.Sprintf("−%d ", pen.Points)) + st.Dim.Render(pen.Why))
		}
		add(st.Dim.Render("q quits · callboard --demo --scenario NAME practises another (callboard scenarios lists them)"))
	default:
		if pr.Step == 1 && len(pr.Notes) == 0 && pr.Intro != "" {
			wrap(st.Dim.Render, pr.Intro, "")
		}
		wrap(st.Title.Render, "▶ "+pr.Task, "  ")
		if pr.Hint != "" {
			wrap(st.Dim.Render, "  "+pr.Hint, "  ")
		}
		// The newest feedback counts most: when room is short, the oldest goes.
		notes := pr.Notes
		if room := p.height - len(lines); len(notes) > room {
			notes = notes[len(notes)-max(room, 0):]
		}
		for _, n := range notes {
			style := st.Info.Render
			switch {
			case strings.HasPrefix(n, "✓"):
				style = st.Success.Render
			case strings.HasPrefix(n, "✗"), strings.HasPrefix(n, "−"):
				style = st.Error.Render
			}
			add(style(n))
		}
	}
	return strings.Join(theme.FitTo(lines, max(p.height, 0)), "\n")
}

// SetSize gives the pane its room.
func (p *Pane) SetSize(width, height int) { p.width, p.height = width, height }

// Help lists the pane's keys: it has none.
func (p *Pane) Help() []key.Binding { return nil }

// Summary is the pane's tab while another shows.
func (p *Pane) Summary() string {
	if p.progress.Done {
		return fmt.Sprintf("%d%%", p.progress.Percent())
	}
	return fmt.Sprintf("step %d/%d", p.progress.Step, p.progress.Steps)
}
