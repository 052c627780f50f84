package ui

import (
	"slices"
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
// problem, expiring by itself. Notices wait behind any other message.
type statusLine struct {
	level   desk.Level
	text    string
	id      uint64   // identifies the message for its expiry
	notices []string // notices waiting for the line, oldest first
}

// maxNotices bounds the notices waiting: older ones are dropped, the news
// they carried shows elsewhere on the screen (the header, the list).
const maxNotices = 3

// set shows text and returns the command that expires it. A notice that
// comes while another kind of message shows waits until that one goes: a
// reply to a key is never replaced by news the operator did not ask for.
func (s *statusLine) set(clock Clock, level desk.Level, text string) tea.Cmd {
	if level == desk.Notice && s.text != "" && s.level != desk.Notice {
		if !slices.Contains(s.notices, text) {
			s.notices = append(s.notices, text)
			if len(s.notices) > maxNotices {
				s.notices = s.notices[len(s.notices)-maxNotices:]
			}
		}
		return nil
	}
	if text == "" && len(s.notices) > 0 {
		level, text = desk.Notice, s.notices[0]
		s.notices = s.notices[1:]
	}
	s.id++
	s.level, s.text = level, text
	if text == "" {
		return nil // cleared: nothing to expire
	}
	var ttl time.Duration
	switch level {
	case desk.Success:
		ttl = successTTL
	case desk.Info, desk.Notice:
		ttl = infoTTL
	case desk.Problem:
		ttl = problemTTL
	default:
		return nil // busy: stays until the reply replaces it
	}
	return clock.After(ttl, statusExpiredMsg{id: s.id})
}

// expire clears the message if it is still the one the expiry was for, and
// shows the next notice waiting.
func (s *statusLine) expire(clock Clock, id uint64) tea.Cmd {
	if id != s.id {
		return nil
	}
	return s.set(clock, desk.Info, "")
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
