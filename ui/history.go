package ui

import (
	"context"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/callboard/callboard/internal/convert"
	"github.com/callboard/callboard/model"
)

// historyTabCount is the number of the history view's tabs.
const historyTabCount = 4

// historyTab is the record type the i-th tab shows; 0 (the first tab) is all.
func historyTab(i int) model.HistoryType {
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

// historyView lists placed, missed and received calls, filterable, with
// call-back on enter.
type historyView struct {
	records []model.HistoryRecord // newest first
	loaded  bool
	loading bool
	problem string // the last fetch's error, for the operator
	tab     int    // index in historyTabs
	filter  string
	shown   []int // indices into records that pass the tab and the filter
	cursor  int   // index in shown
	offset  int   // first shown row on screen
}

func newHistoryView() historyView { return historyView{} }

func (h *historyView) refilter() {
	h.shown = h.shown[:0]
	kind := historyTab(h.tab)
	for i, r := range h.records {
		if (kind == 0 || r.Type == kind) && r.Matches(h.filter) {
			h.shown = append(h.shown, i)
		}
	}
	h.cursor = max(0, min(h.cursor, len(h.shown)-1))
}

func (h *historyView) setFilter(q string) {
	h.filter = q
	h.refilter()
}

func (h *historyView) move(delta int) {
	h.cursor = max(0, min(h.cursor+delta, len(h.shown)-1))
}

func (h *historyView) click(row int) {
	if row >= 0 && h.offset+row < len(h.shown) {
		h.cursor = h.offset + row
	}
}

// selected returns the record under the cursor.
func (h *historyView) selected() (model.HistoryRecord, bool) {
	if h.cursor < 0 || h.cursor >= len(h.shown) {
		return model.HistoryRecord{}, false
	}
	return h.records[h.shown[h.cursor]], true
}

func (a *App) fetchHistory() tea.Cmd {
	a.history.loading = true
	ctx, api, timeout := a.ctx, a.opts.API, a.opts.ActionTimeout
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		records, err := api.ListHistory(ctx, "")
		return historyMsg{records: records, err: err}
	}
}

func (a *App) handleHistory(msg historyMsg) tea.Cmd {
	h := &a.history
	h.loading = false
	if msg.err != nil {
		h.problem = "could not load the history: " + msg.err.Error()
		return nil
	}
	h.problem = ""
	// Keep the cursor on the same record: a new call at the top must not
	// move enter onto somebody else.
	current, had := h.selected()
	h.records, h.loaded = convert.History(msg.records), true
	h.refilter()
	if had {
		for i, idx := range h.shown {
			if r := h.records[idx]; r.Type == current.Type && r.Time.Equal(current.Time) && r.Number == current.Number {
				h.cursor = i
				break
			}
		}
	}
	return nil
}

// historyKey handles the history screen's keys.
func (a *App) historyKey(msg tea.KeyPressMsg) tea.Cmd {
	h := &a.history
	switch {
	case key.Matches(msg, a.keys.Up):
		h.move(-1)
	case key.Matches(msg, a.keys.Down):
		h.move(1)
	case key.Matches(msg, a.keys.Top):
		h.cursor = 0
	case key.Matches(msg, a.keys.Bottom):
		h.cursor = max(0, len(h.shown)-1)
	case msg.String() == "left":
		h.tab = (h.tab + historyTabCount - 1) % historyTabCount
		h.refilter()
	case msg.String() == "right":
		h.tab = (h.tab + 1) % historyTabCount
		h.refilter()
	case msg.String() == "esc" && h.filter != "":
		h.setFilter("")
	case msg.String() == "enter", key.Matches(msg, a.keys.Dial):
		if msg.IsRepeat {
			return nil
		}
		if h.loading {
			return a.status.set(statusInfo, "the history is being refreshed: check the selection, then press enter again", infoTTL)
		}
		r, ok := h.selected()
		if !ok {
			return nil
		}
		if r.Number == "" {
			return a.status.set(statusInfo, "cannot call back: the number is private", infoTTL)
		}
		d, err := model.ParseDestination(r.Number)
		if err != nil {
			return a.status.set(statusError, "cannot call back "+r.Number+": "+err.Error(), infoTTL)
		}
		a.screen = screenCalls // to see the call being placed
		return a.send(a.opDial(d.Value))
	}
	return nil
}

// historyGlyph marks a record's type without colour.
func historyGlyph(t model.HistoryType) string {
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

// view draws the history screen in width × height.
func (h *historyView) view(st Styles, width, height int, now time.Time) []string {
	tabs := make([]string, historyTabCount)
	for i := range historyTabCount {
		t := historyTab(i)
		name := "all"
		if t != 0 {
			name = t.Label()
		}
		if i == h.tab {
			tabs[i] = st.TabActive.Render(name)
		} else {
			tabs[i] = st.Tab.Render(name)
		}
	}
	title := strings.Join(tabs, "") + st.Dim.Render("  ←/→ type · enter calls back")
	if h.filter != "" {
		title += st.Dim.Render(" · filter: " + h.filter)
	}
	lines := []string{ansi.Truncate(title, width, "…")}
	rows := height - 1
	switch {
	case h.problem != "":
		return append(lines, st.Error.Render(ansi.Truncate(h.problem, width, "…")))
	case !h.loaded:
		return append(lines, st.Dim.Render("loading the call history…"))
	case len(h.shown) == 0:
		return append(lines, st.Dim.Render("no calls in this view"))
	}
	if h.cursor < h.offset {
		h.offset = h.cursor
	}
	if h.cursor >= h.offset+rows {
		h.offset = h.cursor - rows + 1
	}
	for i := h.offset; i < len(h.shown) && i < h.offset+rows; i++ {
		r := h.records[h.shown[i]]
		text := fmt.Sprintf("%s %-9s %-11s %-24s %s", historyGlyph(r.Type), r.Type.Label(), when(r.Time, now), ansi.Truncate(r.Display(), 24, "…"), r.Secondary())
		line := ansi.Truncate(text, width, "…")
		if i == h.cursor {
			line = st.Selected.Render(padRight("› "+line, width))
		} else {
			line = "  " + line
		}
		lines = append(lines, ansi.Truncate(line, width, ""))
	}
	return lines
}

// when shows a history time compactly: the clock today, the date before.
func when(t, now time.Time) string {
	if t.IsZero() {
		return "-"
	}
	local := t.Local()
	if y, m, d := local.Date(); y == now.Local().Year() && m == now.Local().Month() && d == now.Local().Day() {
		return local.Format("15:04:05")
	}
	return local.Format("Jan 2 15:04")
}
