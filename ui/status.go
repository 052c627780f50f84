package ui

import (
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// statusKind selects the look of the status line.
type statusKind int

const (
	statusInfo statusKind = iota
	statusSuccess
	statusError
	statusBusy // an action in flight; stays until its reply replaces it
)

// How long messages stay. Errors stay longest: the operator may be talking.
const (
	successTTL = 5 * time.Second
	infoTTL    = 6 * time.Second
	errorTTL   = 15 * time.Second
)

// statusLine is the one-line feedback under the list: progress, then success
// or the Webex error, expiring by itself.
type statusLine struct {
	kind statusKind
	text string
	id   uint64 // identifies the message for its expiry
}

// set shows text and returns the command that expires it (nil for ttl 0).
func (s *statusLine) set(kind statusKind, text string, ttl time.Duration) tea.Cmd {
	s.id++
	s.kind, s.text = kind, text
	if ttl <= 0 {
		return nil
	}
	id := s.id
	return tea.Tick(ttl, func(time.Time) tea.Msg { return statusExpiredMsg{id: id} })
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
	lines := strings.Split(ansi.Wordwrap(s.text, width, ""), "\n")
	if len(lines) > maxStatusLines {
		lines = lines[:maxStatusLines]
		lines[maxStatusLines-1] = ansi.Truncate(lines[maxStatusLines-1], width-1, "") + "…"
	}
	for i, l := range lines {
		lines[i] = ansi.Truncate(l, width, "…")
	}
	return lines
}

// maxStatusLines bounds the status line: the list keeps its place.
const maxStatusLines = 2

func (s statusLine) view(st Styles, width int) []string {
	lines := s.lines(width)
	if len(lines) == 0 {
		return []string{""}
	}
	style := st.Info
	switch s.kind {
	case statusSuccess:
		style = st.Success
	case statusError:
		style = st.Error
	case statusBusy:
		style = st.Busy
	}
	for i, l := range lines {
		lines[i] = style.Render(l)
	}
	return lines
}
