// Package helpview is the console's full help: the keys that act now, by
// group, and the command line's verbs, wrapped to the width and scrolled
// when they do not fit.
package helpview

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/callboard/callboard/ui/theme"
)

// Group is a heading and its keys.
type Group struct {
	Name string
	Keys []key.Binding
}

// Content is what the help shows.
type Content struct {
	Title  string
	Groups []Group
	Verbs  []string // the command line's verbs, with their arguments
}

// KeyMap is the help's keys.
type KeyMap struct {
	Up, Down key.Binding // scroll
}

// Model is the full help.
type Model struct {
	keys   KeyMap
	styles *theme.Styles
	lines  []string
	width  int
	height int
	scroll theme.Scroll
}

// New returns an empty help.
func New(keys KeyMap, styles *theme.Styles) Model { return Model{keys: keys, styles: styles} }

// SetSize sets the help's size.
func (m *Model) SetSize(width, height int) {
	m.width, m.height = width, height
	m.clamp()
}

// SetStyles changes the look.
func (m *Model) SetStyles(st *theme.Styles) { m.styles = st }

// KeyMap returns the keys that scroll, enabled when there is more to see.
func (m Model) KeyMap() KeyMap {
	k := m.keys
	k.Up.SetEnabled(m.scroll.Offset > 0)
	k.Down.SetEnabled(m.scroll.Offset+m.height < len(m.lines))
	return k
}

// SetContent lays the content out for the width.
func (m *Model) SetContent(c Content) {
	st := m.styles
	m.lines = []string{st.Section.Render(ansi.Truncate(c.Title, m.width, "…"))}
	const indent = 12
	for _, g := range c.Groups {
		var items []string
		for _, b := range g.Keys {
			if b.Enabled() && len(b.Keys()) > 0 {
				items = append(items, st.HelpKey.Render(b.Help().Key)+" "+st.HelpDesc.Render(b.Help().Desc))
			}
		}
		if len(items) == 0 {
			continue
		}
		named := false
		if ansi.StringWidth(g.Name) >= indent {
			// Too wide for the column: the name has a line of its own.
			m.lines = append(m.lines, st.Label.Render(ansi.Truncate(g.Name, m.width, "…")))
			named = true
		}
		for _, line := range theme.Wrap(strings.Join(items, st.HelpSep.Render(" · ")), max(m.width-indent, 10)) {
			label := strings.Repeat(" ", indent)
			if !named {
				label = st.Label.Render(theme.PadRight(g.Name, indent))
				named = true
			}
			m.lines = append(m.lines, label+line)
		}
	}
	m.lines = append(m.lines, "", st.Section.Render("command line (:) — every verb by name"))
	m.lines = append(m.lines, theme.Wrap(strings.Join(c.Verbs, " · "), m.width)...)
	m.clamp()
}

func (m *Model) clamp() { m.scroll.Follow(-1, m.height, len(m.lines)) }

// Update scrolls.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, m.keys.Up):
			m.scroll.Offset--
		case key.Matches(k, m.keys.Down):
			m.scroll.Offset++
		}
		m.clamp()
	}
	return m, nil
}

// View draws the lines that fit, from the scroll position.
func (m Model) View() string {
	end := min(m.scroll.Offset+m.height, len(m.lines))
	return strings.Join(theme.FitTo(m.lines[m.scroll.Offset:end], m.height), "\n")
}
