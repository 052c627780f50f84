package ui

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/callboard/callboard/desk"
	"github.com/callboard/callboard/ui/theme"
)

// How long messages stay. Problems stay longest: the operator may be
// talking when one appears.
const (
	successTTL = 5 * time.Second
	infoTTL    = 6 * time.Second
	problemTTL = 15 * time.Second
)

// maxStatusLines bounds the status line: the list keeps its place.
const maxStatusLines = 2

// statusLine is the feedback under the list: progress, then success or the
// problem, expiring by itself.
type statusLine struct {
	level desk.Level
	text  string
	id    uint64 // identifies the message for its expiry
}

// set shows text and returns the command that expires it.
func (s *statusLine) set(clock Clock, level desk.Level, text string) tea.Cmd {
	s.id++
	s.level, s.text = level, text
	var ttl time.Duration
	switch level {
	case desk.Success:
		ttl = successTTL
	case desk.Info:
		ttl = infoTTL
	case desk.Problem:
		ttl = problemTTL
	default:
		return nil // busy: stays until the reply replaces it
	}
	return clock.After(ttl, statusExpiredMsg{id: s.id})
}

// expire clears the message if it is still the one the expiry was for.
func (s *statusLine) expire(id uint64) {
	if id == s.id {
		s.text = ""
	}
}

// lines wraps the message to at most maxStatusLines lines of width: an
// error's tracking ID at the end must not be cut off.
func (s statusLine) lines(width int) []string {
	if s.text == "" || width <= 0 {
		return nil
	}
	return clip(theme.Wrap(s.text, width), maxStatusLines, width)
}

// clip keeps at most n lines; the last kept line ends in "…" when more were
// cut, at a word boundary.
func clip(lines []string, n, width int) []string {
	if len(lines) <= n {
		return lines
	}
	lines = lines[:n]
	last := lines[n-1]
	if w := theme.Width(last); w >= width {
		last = theme.Truncate(last, width-1, "")
	}
	lines[n-1] = last + "…"
	return lines
}

func (s statusLine) view(st *theme.Styles, width int) []string {
	lines := s.lines(width)
	if len(lines) == 0 {
		return []string{""}
	}
	style := st.Info
	switch s.level {
	case desk.Success:
		style = st.Success
	case desk.Problem:
		style = st.Error
	case desk.Busy:
		style = st.Busy
	}
	for i, l := range lines {
		lines[i] = style.Render(l)
	}
	return lines
}
