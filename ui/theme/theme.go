// Package theme holds the console's look: styles built once per background,
// the glyphs of call states, and width-aware text helpers every component
// draws with.
package theme

import (
	"strings"

	"charm.land/lipgloss/v2"

	"github.com/callboard/callboard/model"
)

// Styles are built once per background by New and passed down; nothing
// styles itself from package state.
type Styles struct {
	Title, Who, Demo, Online, Offline, Age lipgloss.Style
	Banner, BannerError                    lipgloss.Style

	ListHeader, Row, Selected, Ringing, Ended, Warn lipgloss.Style
	Status                                          map[model.Status]lipgloss.Style

	Section, Label, Value, Dim lipgloss.Style

	Info, Success, Error, Busy lipgloss.Style

	PromptLabel, PromptHint, PromptError lipgloss.Style
	HelpKey, HelpDesc, HelpSep           lipgloss.Style
	Tab, TabActive                       lipgloss.Style

	// Rows are the call list's styles as bare escape sequences: a list row is
	// drawn every second for every call on screen, and measuring it again
	// inside lipgloss would cost more than the rest of the frame.
	Rows RowPaints
	// Inline are the styles of what is drawn every second (the header, the
	// list's heading, the detail pane, the park board) as paints: lipgloss
	// measured and laid out each piece again, a quarter of an idle
	// console's view.
	Inline InlinePaints
}

// Paint wraps text in a style's escape sequences without measuring it. It
// suits single-line styles without padding, borders or width.
type Paint struct{ pre, post string }

// PaintOf captures an inline style's escape sequences.
func PaintOf(s lipgloss.Style) Paint {
	const probe = "\uE000" // a private-use character no style alters
	out := s.Render(probe)
	i := strings.Index(out, probe)
	if i < 0 {
		return Paint{}
	}
	return Paint{pre: out[:i], post: out[i+len(probe):]}
}

// Apply wraps text.
func (p Paint) Apply(text string) string { return p.pre + text + p.post }

// RowPaints are the call list's row styles as paints.
type RowPaints struct {
	Selected, Ringing, Ended, Warn Paint
	Status                         map[model.Status]Paint
}

// InlinePaints are single-line styles drawn every frame, as paints.
type InlinePaints struct {
	Title, Who, Demo, Online, Offline, Age, Warn Paint
	Section, Label, Value, Dim, ListHeader       Paint
}

// New returns the styles for a dark or light terminal background. The
// state of a call is always a glyph plus a word, so nothing depends on
// colour alone (NO_COLOR terminals read the same).
func New(isDark bool) Styles {
	ld := lipgloss.LightDark(isDark)
	var (
		text    = ld(lipgloss.Color("#1F2328"), lipgloss.Color("#E6EDF3"))
		dim     = ld(lipgloss.Color("#6E7781"), lipgloss.Color("#8B949E"))
		accent  = ld(lipgloss.Color("#0969DA"), lipgloss.Color("#58A6FF"))
		green   = ld(lipgloss.Color("#1A7F37"), lipgloss.Color("#3FB950"))
		yellow  = ld(lipgloss.Color("#9A6700"), lipgloss.Color("#D29922"))
		red     = ld(lipgloss.Color("#CF222E"), lipgloss.Color("#F85149"))
		magenta = ld(lipgloss.Color("#8250DF"), lipgloss.Color("#BC8CFF"))
		selBg   = ld(lipgloss.Color("#DDF4FF"), lipgloss.Color("#1F3A5F"))
		warnBg  = ld(lipgloss.Color("#FFF8C5"), lipgloss.Color("#3D2E00"))
		errBg   = ld(lipgloss.Color("#FFEBE9"), lipgloss.Color("#490202"))
	)
	plain := lipgloss.NewStyle()
	st := Styles{
		Title:   plain.Bold(true).Foreground(accent),
		Who:     plain.Foreground(text),
		Demo:    plain.Bold(true).Foreground(lipgloss.Color("#000000")).Background(yellow).Padding(0, 1),
		Online:  plain.Foreground(green),
		Offline: plain.Bold(true).Foreground(red),
		Age:     plain.Foreground(dim),

		Banner:      plain.Foreground(text).Background(warnBg),
		BannerError: plain.Bold(true).Foreground(red).Background(errBg),

		ListHeader: plain.Foreground(dim).Bold(true),
		Row:        plain.Foreground(text),
		Selected:   plain.Background(selBg).Bold(true),
		Ringing:    plain.Bold(true).Foreground(yellow),
		Ended:      plain.Foreground(dim).Faint(true),
		Warn:       plain.Bold(true).Foreground(red),
		Status: map[model.Status]lipgloss.Style{
			model.StatusRinging:          plain.Bold(true).Foreground(yellow),
			model.StatusRingingYourPhone: plain.Foreground(yellow),
			model.StatusConnecting:       plain.Foreground(accent),
			model.StatusConnected:        plain.Foreground(green),
			model.StatusOnHold:           plain.Foreground(magenta),
			model.StatusHeldByRemote:     plain.Foreground(magenta),
			model.StatusEnded:            plain.Foreground(dim),
			model.StatusUnknown:          plain.Foreground(dim),
		},

		Section: plain.Bold(true).Foreground(accent),
		Label:   plain.Foreground(dim),
		Value:   plain.Foreground(text),
		Dim:     plain.Foreground(dim),

		Info:    plain.Foreground(text),
		Success: plain.Foreground(green),
		Error:   plain.Bold(true).Foreground(red),
		Busy:    plain.Foreground(accent),

		PromptLabel: plain.Bold(true).Foreground(accent),
		PromptHint:  plain.Foreground(dim),
		PromptError: plain.Foreground(red),
		HelpKey:     plain.Bold(true).Foreground(text),
		HelpDesc:    plain.Foreground(dim),
		HelpSep:     plain.Foreground(dim),
		Tab:         plain.Foreground(dim).Padding(0, 1),
		TabActive:   plain.Bold(true).Foreground(accent).Underline(true).Padding(0, 1),
	}
	st.Rows = RowPaints{
		Selected: PaintOf(st.Selected), Ringing: PaintOf(st.Ringing), Ended: PaintOf(st.Ended), Warn: PaintOf(st.Warn),
		Status: make(map[model.Status]Paint, len(st.Status)),
	}
	for k, v := range st.Status {
		st.Rows.Status[k] = PaintOf(v)
	}
	st.Inline = InlinePaints{
		Title: PaintOf(st.Title), Who: PaintOf(st.Who), Demo: PaintOf(st.Demo), Online: PaintOf(st.Online),
		Offline: PaintOf(st.Offline), Age: PaintOf(st.Age), Warn: PaintOf(st.Warn),
		Section: PaintOf(st.Section), Label: PaintOf(st.Label), Value: PaintOf(st.Value), Dim: PaintOf(st.Dim),
		ListHeader: PaintOf(st.ListHeader),
	}
	return st
}

// Glyph is a state's symbol; the word always follows it.
func Glyph(s model.Status) string {
	switch s {
	case model.StatusRinging:
		return "◉"
	case model.StatusRingingYourPhone:
		return "◎"
	case model.StatusConnecting:
		return "◌"
	case model.StatusConnected:
		return "●"
	case model.StatusOnHold:
		return "‖"
	case model.StatusHeldByRemote:
		return "¦"
	case model.StatusEnded:
		return "○"
	}
	return "?"
}
