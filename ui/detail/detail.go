// Package detail is the console's detail pane: everything known about the
// selected call, most important first, so a short pane still shows what
// matters; the ids an operator rarely needs appear on request.
package detail

import (
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/callboard/callboard/desk"
	"github.com/callboard/callboard/internal/textsafe"
	"github.com/callboard/callboard/model"
	"github.com/callboard/callboard/ui/calllist"
	"github.com/callboard/callboard/ui/theme"
)

// KeyMap is the pane's keys.
type KeyMap struct {
	IDs key.Binding // show or hide the call and session ids
}

// Field is one labelled line of the pane.
type Field struct{ Label, Value string }

// Recall gives the lines about what the console remembers of a call's
// caller (from the journal): the last call, the last note, messages, the
// call-back.
type Recall func(model.Row) []Field

// Model is the detail pane.
type Model struct {
	src       calllist.Source
	recall    Recall
	keys      KeyMap
	styles    *theme.Styles
	holdLimit time.Duration
	showIDs   bool
	width     int
	height    int
}

// New returns the pane for src's selected call.
func New(src calllist.Source, keys KeyMap, styles *theme.Styles, holdLimit time.Duration) Model {
	return Model{src: src, keys: keys, styles: styles, holdLimit: holdLimit}
}

// SetSize sets the pane's size.
func (m *Model) SetSize(width, height int) { m.width, m.height = width, height }

// SetStyles changes the look.
func (m *Model) SetStyles(st *theme.Styles) { m.styles = st }

// SetRecall has the pane show what the console remembers of the caller.
func (m *Model) SetRecall(r Recall) { m.recall = r }

// KeyMap returns the pane's keys, described by what they do now.
func (m Model) KeyMap() KeyMap {
	k := m.keys
	if m.showIDs {
		k.IDs.SetHelp(k.IDs.Help().Key, "hide ids")
	}
	_, ok := m.src.Board().Selected()
	k.IDs.SetEnabled(ok)
	return k
}

// ShowingIDs reports whether the ids are shown.
func (m Model) ShowingIDs() bool { return m.showIDs }

// Update toggles the ids.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok && key.Matches(k, m.keys.IDs) {
		m.showIDs = !m.showIDs
	}
	return m, nil
}

// Lines returns the pane's content for the selected call, most important
// first, without the title; the caller keeps as many as fit.
func (m Model) Lines(now time.Time) []string { return m.lines(now, true) }

// Count is how many lines Lines draws, without drawing them: the layout
// asks after every message.
func (m Model) Count(now time.Time) int { return len(m.lines(now, false)) }

// lines builds the detail's lines, styled when draw is set (else empty
// strings, one per line).
func (m Model) lines(now time.Time, draw bool) []string {
	st := m.styles
	row, ok := m.src.Board().Selected()
	if !ok {
		if m.src.Board().SelectionHidden() {
			return []string{st.Inline.Dim.Apply(" the selected call is hidden by the filter")}
		}
		return nil
	}
	c := row.Call
	var lines []string
	field := func(label, value string) {
		if value == "" {
			return
		}
		if !draw {
			lines = append(lines, "")
			return
		}
		// The value is cut to the room the label leaves before it is
		// painted, so the line is never measured again.
		head := " " + theme.PadRight(label, 10)
		room := m.width - theme.Width(head)
		if room <= 0 {
			lines = append(lines, st.Inline.Label.Apply(theme.Truncate(head, m.width, "…")))
			return
		}
		lines = append(lines, st.Inline.Label.Apply(head)+st.Inline.Value.Apply(theme.Truncate(value, room, "…")))
	}
	status, word := calllist.StateWord(m.src, row, false)
	state := theme.Glyph(status) + " " + word
	if dir := c.Direction(); dir != "" {
		state += " · " + dir
	}
	if flags, _ := calllist.Flags(m.src, row, now, m.holdLimit); flags != "" {
		state += " · " + flags
	}
	field("state", state)
	field("remote", c.Remote.Describe())
	if l, ok := m.src.LineOf(c.ID); ok && m.src.MultiLine() {
		on := l.Name()
		if l.Number != "" && l.Number != on {
			on += " (" + l.Number + ")"
		}
		if l.Executive {
			on += " · a call for the executive you assist"
		}
		field("on line", on)
	}
	if q := m.src.QueueOf(c.ID); q != "" {
		field("queue", "offered by "+q)
	}
	if info, ok := m.src.ConferenceOf(c.ID); ok {
		for i, line := range m.conference(info, c.ID) {
			label := ""
			if i == 0 {
				label = "conf"
			}
			field(label, line)
		}
	}
	if m.recall != nil {
		for _, f := range m.recall(row) {
			field(f.Label, f.Value)
		}
	}
	if s, ok := m.src.Session(row); ok {
		field("caller", s.Caller.Describe()+" · since "+clock(s.Since)+", "+model.FormatDuration(now.Sub(s.Since))+" in all ("+strconv.Itoa(s.Legs)+" calls)")
	}
	times := "created " + clock(c.Created)
	if !c.Answered.IsZero() {
		times += " · answered " + clock(c.Answered)
	}
	if row.Ended() {
		times += " · ended " + clock(row.EndedAt)
	}
	field("time", times)
	for i, r := range c.Redirections {
		label := ""
		if i == 0 {
			label = "redirect"
		}
		field(label, r.Reason.Label()+" by "+r.Party.Describe())
	}
	if c.Recall != nil {
		field("recall", "from park on "+c.Recall.Party.Describe())
	}
	var media []string
	if c.Recording != model.RecordingNone && !row.Ended() {
		media = append(media, c.Recording.Label())
	}
	switch {
	case row.Ended():
	case !c.MuteCapable:
		media = append(media, "mute not available here")
	case c.Muted:
		media = append(media, "muted")
	}
	if c.Appearance > 0 {
		media = append(media, "appearance "+strconv.Itoa(c.Appearance))
	}
	field("line", strings.Join(media, " · "))
	field("role", c.Personality.String())
	if m.showIDs {
		// Ids come from the network as they are: cleaned like names, since
		// a control character in them would act on the terminal.
		field("call id", textsafe.Line(c.ID))
		field("session", textsafe.Line(c.SessionID))
	} else if ids := m.keys.IDs.Help().Key; ids != "" && draw {
		lines = append(lines, st.Inline.Dim.Apply(theme.Truncate(" "+ids+" shows the ids", m.width, "…")))
	} else if ids != "" {
		lines = append(lines, "")
	}
	return lines
}

// conference describes a call's conference: its state, then each
// participant with what they hear and say, this call marked.
func (m Model) conference(info desk.ConferenceInfo, self string) []string {
	state := "you are in it"
	if info.State == desk.ConferenceHeld {
		state = "you have held it: the others talk on"
	}
	if !info.Confirmed {
		state = "starting"
	}
	if info.HostMuted {
		state += " · you are muted"
	}
	lines := []string{state + " · C: its actions"}
	for _, p := range info.Participants {
		who := "a caller"
		if row, ok := m.src.Board().Find(p.CallID); ok {
			who = row.Call.Remote.Display()
		}
		if p.CallID == self {
			who = "› " + who
		}
		switch {
		case p.Muted && p.Deafened:
			who += " (muted, deafened)"
		case p.Muted:
			who += " (muted)"
		case p.Deafened:
			who += " (deafened)"
		}
		lines = append(lines, who)
	}
	return lines
}

// View draws the pane in its size: a title line, then as many lines as fit.
func (m Model) View(now time.Time) string {
	st := m.styles
	title := "─ details "
	if row, ok := m.src.Board().Selected(); ok {
		title = "─ " + row.Call.Remote.Display() + " "
	}
	lines := []string{st.Inline.Section.Apply(theme.Truncate(title+strings.Repeat("─", max(m.width-theme.Width(title), 0)), m.width, ""))}
	lines = append(lines, m.Lines(now)...)
	return strings.Join(theme.FitTo(lines, m.height), "\n")
}

// clock shows a time of day in local time.
func clock(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Local().Format("15:04:05")
}
