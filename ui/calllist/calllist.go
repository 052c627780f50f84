// Package calllist is the console's call list: one row per call, in the
// desk's order, with the selection, the rows scrolled off screen counted,
// and everything the operator must know about a call at a glance.
package calllist

import (
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/callboard/callboard/desk"
	"github.com/callboard/callboard/model"
	"github.com/callboard/callboard/ui/theme"
)

// Source is what the list shows: the desk's board and what the desk knows
// about each call beyond it. *desk.Desk implements it.
type Source interface {
	Board() *model.Board
	Outcome(model.Row) desk.Outcome
	Session(model.Row) (desk.Session, bool)
	TransferOf(id string) (string, bool)
	TransferLegOf(id string) (string, bool)
	InConsult(id string) bool
	Activity(id string) string
	// MultiLine reports whether several lines are watched: rows then say
	// which one they are on.
	MultiLine() bool
	LineOf(id string) (desk.Line, bool)
	LineShown() (desk.Line, bool)
	QueueOf(id string) string // the queue a call came from
	ConferenceOf(id string) (desk.ConferenceInfo, bool)
}

// Step applies an event to the desk at once and returns the command that
// carries out its effects. Moving the selection goes through it, so a key
// pressed right after a move acts on the call the move selected.
type Step func(desk.Event) tea.Cmd

// KeyMap is the list's own keys.
type KeyMap struct {
	Up, Down, Top, Bottom key.Binding
}

// Recall says what the console remembers of a row's caller (from the
// journal): a name for a number Webex does not name, and a few words for
// the flags column ("↺ yesterday: the invoice"). Either may be "".
type Recall func(model.Row) (name, flag string)

// Model is the call list.
type Model struct {
	src       Source
	recall    Recall
	step      Step
	keys      KeyMap
	styles    *theme.Styles
	holdLimit time.Duration
	width     int
	height    int // rows of calls, under the heading
	scroll    theme.Scroll
}

// New returns the list of src's calls.
func New(src Source, step Step, keys KeyMap, styles *theme.Styles, holdLimit time.Duration) Model {
	return Model{src: src, step: step, keys: keys, styles: styles, holdLimit: holdLimit}
}

// SetSize sets the list's width and its height in lines, the heading
// included.
func (m *Model) SetSize(width, height int) {
	m.width, m.height = width, max(height-1, 0)
	m.follow()
}

// SetStyles changes the look (a new background).
func (m *Model) SetStyles(st *theme.Styles) { m.styles = st }

// SetRecall has the rows show what the console remembers of their callers.
func (m *Model) SetRecall(r Recall) { m.recall = r }

// KeyMap returns the list's keys, enabled when they can move the selection.
func (m Model) KeyMap() KeyMap {
	k := m.keys
	n := m.src.Board().VisibleLen() > 1
	for _, b := range []*key.Binding{&k.Up, &k.Down, &k.Top, &k.Bottom} {
		b.SetEnabled(n)
	}
	return k
}

// Update moves the selection with the keys and the mouse.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	var cmd tea.Cmd
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, m.keys.Up):
			cmd = m.step(desk.Move{By: -1})
		case key.Matches(msg, m.keys.Down):
			cmd = m.step(desk.Move{By: 1})
		case key.Matches(msg, m.keys.Top):
			cmd = m.step(desk.Jump{})
		case key.Matches(msg, m.keys.Bottom):
			cmd = m.step(desk.Jump{Last: true})
		}
	case tea.MouseClickMsg:
		if id, ok := m.CallAt(msg.Y); ok && msg.Button == tea.MouseLeft {
			cmd = m.step(desk.Select{ID: id})
		}
	case tea.MouseWheelMsg:
		by := 1
		if msg.Button == tea.MouseWheelUp {
			by = -1
		}
		cmd = m.step(desk.Move{By: by})
	}
	m.follow()
	return m, cmd
}

// CallAt returns the call on screen line y of the list (0 is the heading).
func (m Model) CallAt(y int) (string, bool) {
	b := m.src.Board()
	i := m.scroll.Offset + y - 1
	if y < 1 || y > m.height || i >= b.VisibleLen() {
		return "", false
	}
	return b.VisibleRow(i).Call.ID, true
}

// Follow keeps the selected row on screen; call it after the desk changed.
func (m *Model) Follow() { m.follow() }

func (m *Model) follow() {
	b := m.src.Board()
	m.scroll.Follow(b.SelectedIndex(), m.height, b.VisibleLen())
}

// columns are the list's column widths for one width. The remote column
// holds the name and the number; TYPE and DIR come in when there is room;
// the flags (how long a call has been held, recording, consult, transfer)
// keep room before the remote column grows.
type columns struct {
	state, line, remote, kind, dir, dur, flags int
}

const (
	marker   = 2   // the selection column ("› ")
	withKind = 105 // from this width TYPE and DIR have columns of their own
	wideList = 100 // from this width the state column holds the long words
	narrow   = 72  // below this width TYPE and DIR go
)

func columnsFor(width int, multiLine bool) columns {
	c := columns{state: 15, dur: 8}
	if width >= wideList {
		c.state = 21
	}
	if multiLine {
		// A short label of the line: "Main Line", "Dana Whitf…".
		c.line = 10
		if width >= wideList {
			c.line = 14
		}
	}
	switch {
	case width >= withKind:
		c.kind, c.dir = 10, 4
	case width >= narrow:
		c.kind = 9 // type and direction in one short column: "ext in"
	}
	rest := width - marker - c.state - c.line - c.dur - c.kind - c.dir
	c.flags = min(max(rest*2/5, 12), 40)
	c.remote = rest - c.flags
	return c
}

// View draws the heading and the rows on screen. It touches only the rows
// it draws, so its cost grows with the screen, not with the calls.
func (m Model) View(now time.Time, emptyText string) string {
	st := m.styles
	cols := columnsFor(m.width, m.src.MultiLine())
	heading := strings.Repeat(" ", marker) + theme.Cell("STATE", cols.state)
	if cols.line > 0 {
		heading += theme.Cell("LINE", cols.line)
	}
	heading += theme.Cell("REMOTE", cols.remote)
	switch {
	case cols.dir > 0:
		heading += theme.Cell("TYPE", cols.kind) + theme.Cell("DIR", cols.dir)
	case cols.kind > 0:
		heading += theme.Cell("TYPE DIR", cols.kind) // one column: "ext in"
	}
	heading += theme.Cell("TIME", cols.dur)
	lines := []string{st.Inline.ListHeader.Apply(heading) + st.Inline.Dim.Apply(theme.Truncate(m.title(), cols.flags, "…"))}
	b := m.src.Board()
	n := b.VisibleLen()
	if n == 0 {
		lines = append(lines, "  "+st.Inline.Dim.Apply(emptyText))
		return strings.Join(theme.FitTo(lines, m.height+1), "\n")
	}
	sel := b.SelectedIndex()
	for i := m.scroll.Offset; i < n && i < m.scroll.Offset+m.height; i++ {
		lines = append(lines, m.row(b.VisibleRow(i), cols, i == sel, now))
	}
	return strings.Join(theme.FitTo(lines, m.height+1), "\n")
}

// title says what the list does not show: rows scrolled off above or below
// (and how many of those ring), and what a filter hides.
func (m Model) title() string {
	b := m.src.Board()
	n := b.VisibleLen()
	var parts []string
	if m.scroll.Offset > 0 {
		parts = append(parts, "↑"+strconv.Itoa(m.scroll.Offset))
	}
	if below := n - m.scroll.Offset - m.height; below > 0 {
		text := "↓" + strconv.Itoa(below)
		if ringing := b.RingingFrom(m.scroll.Offset + m.height); ringing > 0 {
			text += " (" + strconv.Itoa(ringing) + " ringing)"
		}
		parts = append(parts, text)
	}
	if q := b.Filter(); q != "" {
		parts = append(parts, "filter "+q+": "+strconv.Itoa(n)+" of "+strconv.Itoa(b.Len()))
	}
	if l, ok := m.src.LineShown(); ok {
		if l.ID == "" {
			parts = append(parts, "your line only")
		} else {
			parts = append(parts, "line "+l.Name()+" only")
		}
	}
	return strings.Join(parts, " ")
}

// StateWord is what a row's state column says: the status, the outcome of
// an ended call, shortened for a narrow list.
func StateWord(src Source, r model.Row, short bool) (model.Status, string) {
	status := r.Call.Status()
	if r.Ended() {
		return model.StatusEnded, src.Outcome(r).Word()
	}
	word := status.Word()
	if short {
		switch status {
		case model.StatusRingingYourPhone:
			word = "your phone"
		case model.StatusHeldByRemote:
			word = "remote hold"
		}
	}
	return status, word
}

// row draws one call. Every cell is padded to its column, so the row is
// exactly the list's width without measuring it again.
func (m Model) row(r model.Row, cols columns, selected bool, now time.Time) string {
	rp := m.styles.Rows
	c := r.Call
	status, word := StateWord(m.src, r, cols.state < 21)
	state := theme.Glyph(status) + " " + word + strings.Repeat(" ", max(cols.state-2-len(word), 1))
	remote := c.Remote.Display()
	since, dir := c.Created, c.Direction()
	if s, ok := m.src.Session(r); ok {
		// A later leg of the same caller (retrieved, recalled): the caller's
		// total time and first direction, not the new leg's.
		since, dir = s.Since, "in"
		if !s.Incoming {
			dir = "out"
		}
		if s.Caller.Name != "" && c.Remote.Name == "" {
			remote = s.Caller.Display()
		}
	}
	var memo string
	if m.recall != nil {
		var name string
		name, memo = m.recall(r)
		if name != "" && c.Remote.Name == "" && !c.Remote.Private {
			remote = name
			if c.Remote.Number != "" {
				remote += " · " + c.Remote.Number
			}
		}
	}
	if n := c.Remote.Secondary(); n != "" {
		remote += " · " + n
	}
	var b strings.Builder
	if cols.line > 0 {
		name := "mine"
		if l, ok := m.src.LineOf(c.ID); ok {
			name = l.Name()
		}
		b.WriteString(theme.Cell(name, cols.line))
	}
	b.WriteString(theme.Cell(remote, cols.remote))
	switch {
	case cols.dir > 0:
		b.WriteString(theme.Cell(c.Remote.CallType.Label(), cols.kind))
		b.WriteString(theme.Cell(dir, cols.dir))
	case cols.kind > 0:
		b.WriteString(theme.Cell(strings.TrimSpace(shortKind(c.Remote.CallType)+" "+dir), cols.kind))
	}
	b.WriteString(theme.Cell(duration(r, since, now), cols.dur))
	flags, late := Flags(m.src, r, now, m.holdLimit)
	if memo != "" {
		flags = strings.TrimSpace(flags + " " + memo)
	}
	b.WriteString(theme.Cell(flags, cols.flags))
	rest := b.String()
	mark, group := "  ", m.groupMark(c.ID)
	if selected {
		mark = "›" + group
	} else if group != " " {
		mark = " " + group
	}
	switch {
	case selected:
		return rp.Selected.Apply(mark + state + rest)
	case r.Ended():
		return rp.Ended.Apply(mark + state + rest)
	case status == model.StatusRinging:
		return rp.Ringing.Apply(mark + state + rest)
	case late:
		return rp.Warn.Apply(mark + state + rest)
	}
	// Colour only the state; the rest stays plain to be read at a glance.
	return mark + rp.Status[status].Apply(state) + rest
}

// groupMark is the bracket that joins a conference's rows in the marker
// column: "╭" on its first row, "│" between, "╰" on its last; " " for a
// row in no group.
func (m Model) groupMark(id string) string {
	ids, place, ok := m.src.Board().Group(id)
	switch {
	case !ok || len(ids) < 2:
		return " "
	case place == 0:
		return "╭"
	case place == len(ids)-1:
		return "╰"
	}
	return "│"
}

// duration is the TIME column: talk time once answered, else time since
// the call (or its session) began; frozen when the call ended.
func duration(r model.Row, since, now time.Time) string {
	if r.Ended() && r.EndedAt.Before(now) {
		now = r.EndedAt
	}
	if since.Before(r.Call.Created) || r.Call.Answered.IsZero() {
		if since.IsZero() {
			since = r.FirstSeen
		}
		return model.FormatDuration(now.Sub(since))
	}
	return model.FormatDuration(now.Sub(r.Call.Answered))
}

// Flags summarises what else the operator must know about a call: how long
// it has been held, what is on its way, recording, mute, a park recall, a
// consult. late reports a hold longer than holdLimit.
func Flags(src Source, r model.Row, now time.Time, holdLimit time.Duration) (text string, late bool) {
	c := r.Call
	var f []string
	if held := r.HeldFor(now); held > 0 {
		late = holdLimit > 0 && held >= holdLimit
		f = append(f, "held "+desk.HoldText(r, now))
	}
	if a := src.Activity(c.ID); a != "" {
		f = append(f, "⋯ "+a)
	}
	if info, ok := src.ConferenceOf(c.ID); ok && !r.Ended() {
		tag := "◆ " + info.Tag(c.ID)
		if info.State == desk.ConferenceHeld {
			tag += " (held)"
		}
		f = append(f, tag)
	}
	if l, ok := src.LineOf(c.ID); ok && l.Executive {
		f = append(f, "for "+l.Name())
	}
	queue := src.QueueOf(c.ID)
	if queue != "" {
		f = append(f, queue+" →")
	}
	if co, ok := src.(campOns); ok && !r.Ended() {
		if info, ok := co.CampOnOf(c.ID); ok {
			f = append(f, CampText(info, now))
		}
	}
	if src.InConsult(c.ID) {
		f = append(f, "consult")
	}
	if !r.Ended() {
		if dest, ok := src.TransferOf(c.ID); ok {
			f = append(f, "→ "+dest)
		}
		if orig, ok := src.TransferLegOf(c.ID); ok {
			if o, ok := src.Board().Find(orig); ok {
				f = append(f, "⇢ for "+o.Call.Remote.Display())
			}
		}
		switch c.Recording {
		case model.RecordingPending:
			f = append(f, "REC…")
		case model.RecordingStarted:
			f = append(f, "REC")
		case model.RecordingPaused:
			f = append(f, "REC‖")
		case model.RecordingFailed:
			f = append(f, "REC✗")
		}
		if c.Muted {
			f = append(f, "muted")
		}
	}
	if s, ok := src.Session(r); ok && s.Legs > 1 && c.Recall == nil {
		f = append(f, "↩ since "+s.Since.Local().Format("15:04"))
	}
	if c.Recall != nil {
		f = append(f, "↩ recall")
	}
	if len(c.Redirections) > 0 && queue == "" {
		f = append(f, "↪ "+c.Redirections[0].Reason.Label())
	}
	return strings.Join(f, " "), late
}

// campOns is what a source that follows camp-ons also says (the desk
// does).
type campOns interface {
	CampOnOf(callID string) (desk.CampInfo, bool)
}

// CampText shows a camp-on on its caller's row: who they wait for and how
// long until the operator is alerted, or how long past it.
func CampText(c desk.CampInfo, now time.Time) string {
	text := "⧗ for " + c.Colleague.Name + " "
	if left := c.Until.Sub(now); left > 0 && !c.Alerted {
		return text + model.FormatDuration(left)
	}
	return text + "+" + model.FormatDuration(now.Sub(c.Until)) + " pick up"
}

// shortKind is a call type in at most five letters, for narrow lists.
func shortKind(t model.CallType) string {
	switch t {
	case model.CallTypeLocation:
		return "int"
	case model.CallTypeOrganization:
		return "org"
	case model.CallTypeExternal:
		return "ext"
	case model.CallTypeEmergency:
		return "EMERG"
	case model.CallTypeRepair:
		return "rep"
	case model.CallTypeOther:
		return "other"
	}
	return ""
}
