// Package stats is the console's figures view: today's and this week's
// calls answered, missed and placed, the average and longest time to
// answer and the time on hold, in all and by line and by queue, as the
// journal counts them.
package stats

import (
	"strconv"
	"strings"
	"time"

	"github.com/callboard/callboard/internal/textsafe"
	"github.com/callboard/callboard/journal"
	"github.com/callboard/callboard/model"
	"github.com/callboard/callboard/ui/theme"
)

// Period is one set of figures and the time it covers.
type Period struct {
	Name  string // "today", "this week"
	Since time.Time
	Stats journal.Stats
}

// Model is the figures view.
type Model struct {
	styles  *theme.Styles
	periods []Period
	loading bool
	problem string
	width   int
	height  int
}

// New returns an empty figures view.
func New(styles *theme.Styles) Model { return Model{styles: styles} }

// SetSize sets the view's size.
func (m *Model) SetSize(width, height int) { m.width, m.height = width, height }

// SetLoading marks the figures as being counted.
func (m *Model) SetLoading() { m.loading = true }

// SetPeriods shows the figures, or why there are none.
func (m *Model) SetPeriods(periods []Period, err error) {
	m.loading = false
	if err != nil {
		m.problem = "could not count the figures: " + textsafe.ErrorLine(err)
		return
	}
	m.problem, m.periods = "", periods
}

// columns of the table: the row's name, then the figures.
var heads = []string{"ANSWERED", "MISSED", "PLACED", "AVG ANSWER", "LONGEST", "ON HOLD"}

// Lines draws the view's content, without fitting it to the height.
func (m Model) Lines() []string {
	st := m.styles
	lines := []string{st.Section.Render(theme.Truncate("figures — the calls this console's journal saw", m.width, "…"))}
	switch {
	case m.problem != "":
		return append(lines, st.Error.Render(theme.Truncate(m.problem, m.width, "…")))
	case m.loading && len(m.periods) == 0:
		return append(lines, st.Dim.Render("counting…"))
	}
	nameWidth := min(max(m.width-6*12, 16), 34)
	head := theme.Cell("", nameWidth)
	for _, h := range heads {
		head += theme.Cell(h, 12)
	}
	for _, p := range m.periods {
		lines = append(lines, "", st.Label.Render(theme.Truncate(p.Name+", since "+p.Since.Local().Format("Mon 2 Jan 15:04"), m.width, "…")))
		lines = append(lines, st.ListHeader.Render(theme.Truncate(head, m.width, "")))
		row := func(name string, f journal.Figures) {
			cells := []string{strconv.Itoa(f.Answered), strconv.Itoa(f.Missed), strconv.Itoa(f.Placed),
				model.FormatDuration(f.AvgAnswer), model.FormatDuration(f.LongestAnswer), model.FormatDuration(f.Held)}
			text := theme.Cell(theme.Truncate(name, nameWidth-1, "…"), nameWidth)
			for _, c := range cells {
				text += theme.Cell(c, 12)
			}
			lines = append(lines, theme.Truncate(text, m.width, ""))
		}
		row("all calls", p.Stats.Total)
		for _, g := range p.Stats.ByLine {
			row("line "+textsafe.Line(g.Label), g.Figures)
		}
		for _, g := range p.Stats.ByQueue {
			row("queue "+textsafe.Line(g.Label), g.Figures)
		}
	}
	return lines
}

// View draws the view in its size.
func (m Model) View() string {
	return strings.Join(theme.FitTo(m.Lines(), m.height), "\n")
}

// PeriodStart is local midnight of now's day, or of the Monday of its week.
func PeriodStart(now time.Time, week bool) time.Time {
	y, mo, d := now.Date()
	start := time.Date(y, mo, d, 0, 0, 0, 0, now.Location())
	if week {
		start = start.AddDate(0, 0, -((int(now.Weekday()) + 6) % 7))
	}
	return start
}
