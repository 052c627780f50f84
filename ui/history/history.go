// Package history is the console's call history screen: placed, missed and
// received calls in tabs, filterable, with call-back on enter.
package history

import (
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/callboard/callboard/model"
	"github.com/callboard/callboard/ui/theme"
)

// tabCount is the number of tabs: all, missed, received, placed.
const tabCount = 4

// tab is the record type the i-th tab shows; 0 (the first tab) is all.
func tab(i int) model.HistoryType {
	switch i {
	case 1:
		return model.HistoryMissed
	case 2:
		return model.HistoryReceived
	case 3:
		return model.HistoryPlaced
	}
	return 0
}

// KeyMap is the screen's keys.
type KeyMap struct {
	Up, Down, Top, Bottom key.Binding
	Prev, Next            key.Binding // tabs
	CallBack              key.Binding
}

// CallBack places a call to a record's number; it returns the command that
// carries it out.
type CallBack func(rec model.HistoryRecord) tea.Cmd

// Model is the history screen.
type Model struct {
	keys     KeyMap
	styles   *theme.Styles
	callBack CallBack

	records []model.HistoryRecord // newest first
	loaded  bool
	loading bool
	problem string
	tab     int
	filter  string
	shown   []int // indices into records that pass the tab and the filter
	cursor  int   // index in shown
	scroll  theme.Scroll
	width   int
	height  int
}

// New returns an empty history screen.
func New(keys KeyMap, styles *theme.Styles, callBack CallBack) Model {
	return Model{keys: keys, styles: styles, callBack: callBack}
}

// SetSize sets the screen's size.
func (m *Model) SetSize(width, height int) { m.width, m.height = width, height }

// SetStyles changes the look.
func (m *Model) SetStyles(st *theme.Styles) { m.styles = st }

// SetLoading marks the records as being fetched.
func (m *Model) SetLoading() { m.loading = true }

// Loading reports whether the records are being fetched.
func (m Model) Loading() bool { return m.loading }

// SetRecords replaces the records (newest first), keeping the cursor on the
// record it was on: a new call at the top must not move enter onto
// somebody else.
func (m *Model) SetRecords(records []model.HistoryRecord, err error) {
	m.loading = false
	if err != nil {
		m.problem = "could not load the history: " + err.Error()
		return
	}
	m.problem = ""
	current, had := m.Selected()
	m.records, m.loaded = records, true
	m.refilter()
	if had {
		for i, idx := range m.shown {
			if r := m.records[idx]; r.Type == current.Type && r.Time.Equal(current.Time) && r.Number == current.Number {
				m.cursor = i
				break
			}
		}
	}
}

// SetFilter narrows the records to those matching q.
func (m *Model) SetFilter(q string) {
	m.filter = q
	m.refilter()
}

// Filter is the filter in force.
func (m Model) Filter() string { return m.filter }

// Len is the number of records shown.
func (m Model) Len() int { return len(m.shown) }

func (m *Model) refilter() {
	m.shown = m.shown[:0]
	kind := tab(m.tab)
	for i, r := range m.records {
		if (kind == 0 || r.Type == kind) && r.Matches(m.filter) {
			m.shown = append(m.shown, i)
		}
	}
	m.cursor = max(0, min(m.cursor, len(m.shown)-1))
}

// Selected returns the record under the cursor.
func (m Model) Selected() (model.HistoryRecord, bool) {
	if m.cursor < 0 || m.cursor >= len(m.shown) {
		return model.HistoryRecord{}, false
	}
	return m.records[m.shown[m.cursor]], true
}

// KeyMap returns the keys that can act now.
func (m Model) KeyMap() KeyMap {
	k := m.keys
	many := len(m.shown) > 1
	for _, b := range []*key.Binding{&k.Up, &k.Down, &k.Top, &k.Bottom} {
		b.SetEnabled(many)
	}
	r, ok := m.Selected()
	k.CallBack.SetEnabled(ok && r.Number != "")
	return k
}

// Update moves the cursor, switches tabs and calls back.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, m.keys.Up):
			m.move(-1)
		case key.Matches(msg, m.keys.Down):
			m.move(1)
		case key.Matches(msg, m.keys.Top):
			m.cursor = 0
		case key.Matches(msg, m.keys.Bottom):
			m.cursor = max(0, len(m.shown)-1)
		case key.Matches(msg, m.keys.Prev):
			m.tab = (m.tab + tabCount - 1) % tabCount
			m.refilter()
		case key.Matches(msg, m.keys.Next):
			m.tab = (m.tab + 1) % tabCount
			m.refilter()
		case key.Matches(msg, m.keys.CallBack):
			if msg.IsRepeat {
				return m, nil
			}
			r, ok := m.Selected()
			if !ok {
				return m, nil
			}
			return m, m.callBack(r)
		}
	case tea.MouseClickMsg:
		if i := msg.Y - 1; msg.Button == tea.MouseLeft && i >= 0 && m.scroll.Offset+i < len(m.shown) && i < m.height-1 {
			m.cursor = m.scroll.Offset + i
		}
	case tea.MouseWheelMsg:
		if msg.Button == tea.MouseWheelUp {
			m.move(-1)
		} else {
			m.move(1)
		}
	}
	return m, nil
}

func (m *Model) move(delta int) {
	m.cursor = max(0, min(m.cursor+delta, len(m.shown)-1))
}

// glyph marks a record's type without colour.
func glyph(t model.HistoryType) string {
	switch t {
	case model.HistoryMissed:
		return "✗"
	case model.HistoryReceived:
		return "↙"
	case model.HistoryPlaced:
		return "↗"
	}
	return "?"
}

// View draws the screen.
func (m *Model) View(now time.Time) string {
	st := m.styles
	tabs := make([]string, tabCount)
	for i := range tabCount {
		name := "all"
		if t := tab(i); t != 0 {
			name = t.Label()
		}
		if i == m.tab {
			tabs[i] = st.TabActive.Render(name)
		} else {
			tabs[i] = st.Tab.Render(name)
		}
	}
	title := strings.Join(tabs, "") + st.Dim.Render("  ←/→ type · enter calls back")
	if m.filter != "" {
		title += st.Dim.Render(" · filter: " + m.filter)
	}
	lines := []string{ansi.Truncate(title, m.width, "…")}
	rows := m.height - 1
	switch {
	case m.problem != "":
		lines = append(lines, st.Error.Render(ansi.Truncate(m.problem, m.width, "…")))
	case !m.loaded:
		lines = append(lines, st.Dim.Render("loading the call history…"))
	case len(m.shown) == 0:
		lines = append(lines, st.Dim.Render("no calls in this view"))
	default:
		m.scroll.Follow(m.cursor, rows, len(m.shown))
		nameWidth := min(max(m.width-40, 12), 40)
		for i := m.scroll.Offset; i < len(m.shown) && i < m.scroll.Offset+rows; i++ {
			r := m.records[m.shown[i]]
			text := glyph(r.Type) + " " + theme.Cell(r.Type.Label(), 10) + theme.Cell(when(r.Time, now), 12) +
				theme.Cell(r.Display(), nameWidth) + r.Secondary()
			line := theme.Truncate(text, m.width-2, "…")
			if i == m.cursor {
				line = st.Selected.Render(theme.PadRight("› "+line, m.width))
			} else {
				line = "  " + line
			}
			lines = append(lines, line)
		}
	}
	return strings.Join(theme.FitTo(lines, m.height), "\n")
}

// when shows a history time compactly: the clock today, the date before.
func when(t, now time.Time) string {
	if t.IsZero() {
		return "-"
	}
	local, today := t.Local(), now.Local()
	if y, mo, d := local.Date(); y == today.Year() && mo == today.Month() && d == today.Day() {
		return local.Format("15:04:05")
	}
	return local.Format("Jan 2 15:04")
}
