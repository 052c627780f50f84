package ui

import (
	"errors"
	"fmt"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/callboard/callboard/internal/textsafe"
	"github.com/callboard/callboard/model"
	"github.com/callboard/callboard/webex"
)

// The smallest terminal the console draws in; below it says so instead.
const (
	minWidth  = 60
	minHeight = 14
	// sideBySide is the width from which the detail pane sits beside the
	// list: below it the list needs the whole width for its columns.
	sideBySide = 160
	// detailSideWidth is the detail pane's width beside the list.
	detailSideWidth = 56
	// detailStackedHeight is the detail pane's height under the list; it
	// grows to detailTallHeight on tall terminals.
	detailStackedHeight = 9
	detailTallHeight    = 12
	// maxBannerLines bounds the banner so the list always keeps its place.
	maxBannerLines = 2
)

// layout is where everything goes for the current size and state. It is a
// pure function of the App, so key and mouse handling use the same geometry
// as the last frame.
type layout struct {
	tooSmall     bool
	banner       []string // the banner's lines, already wrapped
	listTop      int      // screen row of the first list row
	listRows     int      // list rows on screen
	listWidth    int
	detailWidth  int
	detailHeight int
	side         bool // detail beside the list
	extra        int  // lines for the parked/consult summary
	promptHeight int
	statusHeight int // the status line: one line, two for a long message
}

func (a *App) layout() layout {
	l := layout{listWidth: a.width}
	if a.width < minWidth || a.height < minHeight {
		l.tooSmall = true
		return l
	}
	if text := a.bannerText(); text != "" {
		l.banner = strings.Split(wrap(text, a.width), "\n")
		if len(l.banner) > maxBannerLines {
			l.banner = l.banner[:maxBannerLines]
			l.banner[maxBannerLines-1] = ansi.Truncate(l.banner[maxBannerLines-1], a.width-1, "") + "…"
		}
	}
	if a.prompt != nil {
		l.promptHeight = 3
	}
	l.statusHeight = max(len(a.status.lines(a.width)), 1)
	if a.screen == screenCalls && (len(a.parked) > 0 || a.consult != nil) {
		l.extra = 1
	}
	// header, banner, then the list's heading row
	l.listTop = 1 + len(l.banner) + 1
	// below the list: extra, prompt, status, help
	free := a.height - l.listTop - l.extra - l.promptHeight - l.statusHeight - 1
	if a.screen == screenHistory || a.showHelp || a.board.Len() == 0 {
		l.listRows = free
		return l
	}
	if a.width >= sideBySide {
		l.side = true
		l.detailWidth = detailSideWidth
		l.listWidth = a.width - detailSideWidth - 1
		l.listRows = free
		l.detailHeight = free + 1
		return l
	}
	want := detailStackedHeight
	if a.height >= 36 {
		want = detailTallHeight
	}
	l.detailWidth = a.width
	l.detailHeight = min(want, max(free-3, 0))
	if l.detailHeight < 4 {
		l.detailHeight = 0
	}
	l.listRows = free - l.detailHeight
	return l
}

// View draws the console.
func (a *App) View() tea.View {
	v := tea.NewView(a.render())
	v.AltScreen = true
	v.WindowTitle = "callboard"
	if a.opts.Mouse {
		v.MouseMode = tea.MouseModeCellMotion
	}
	return v
}

// render draws the frame: exactly a.height lines, none wider than a.width.
func (a *App) render() string {
	if a.width == 0 || a.height == 0 {
		return ""
	}
	l := a.layout()
	if l.tooSmall {
		msg := fmt.Sprintf("terminal too small: %d×%d — callboard needs at least %d×%d", a.width, a.height, minWidth, minHeight)
		return fitLines(strings.Split(wrap(msg, a.width), "\n"), a.width, a.height)
	}
	now := a.now()
	lines := []string{a.header(now)}
	style := a.styles.BannerError
	if a.poll.limited > 0 {
		style = a.styles.Banner
	}
	for _, b := range l.banner {
		lines = append(lines, style.Render(padRight(b, a.width)))
	}
	switch {
	case a.showHelp:
		lines = append(lines, a.fullHelp(a.height-len(lines)-l.promptHeight-l.statusHeight-1)...)
	case a.screen == screenHistory:
		lines = append(lines, a.history.view(a.styles, a.width, l.listRows+1, now)...)
	default:
		lines = append(lines, a.callsArea(l, now)...)
	}
	lines = fitTo(lines, a.height-l.extra-l.promptHeight-l.statusHeight-1)
	if l.extra > 0 {
		lines = append(lines, a.summary(now))
	}
	if a.prompt != nil {
		lines = append(lines, strings.Split(a.prompt.View(a.styles, a.width), "\n")...)
	}
	lines = append(lines, a.status.view(a.styles, a.width)...)
	lines = append(lines, a.shortHelp())
	return fitLines(lines, a.width, a.height)
}

// header: who is signed in, the DEMO badge, connection and data age.
func (a *App) header(now time.Time) string {
	st := a.styles
	left := st.Title.Render("callboard")
	if a.opts.Demo {
		left += " " + st.Demo.Render("DEMO")
	}
	if a.missed > 0 {
		left += " " + st.Warn.Render("✗ "+itoa(a.missed)+" missed")
	}
	if a.me != nil {
		left += " " + st.Who.Render(whoText(a.me))
	}
	right := a.connection(now)
	gap := a.width - ansi.StringWidth(left) - ansi.StringWidth(right)
	if gap < 1 {
		left = ansi.Truncate(left, max(a.width-ansi.StringWidth(right)-1, 0), "…")
		gap = max(a.width-ansi.StringWidth(left)-ansi.StringWidth(right), 1)
	}
	return left + strings.Repeat(" ", gap) + right
}

// connection says whether the data is live and how old it is.
func (a *App) connection(now time.Time) string {
	st := a.styles
	p := &a.poll
	wait := ""
	if !p.due.IsZero() && p.due.After(now) {
		wait = " · retry in " + secondsText(p.due.Sub(now))
	}
	age := ""
	if !p.lastOK.IsZero() {
		age = " · data " + secondsText(now.Sub(p.lastOK)) + " old"
	}
	switch {
	case a.authFailed:
		return st.Offline.Render("✗ signed out")
	case p.limited > 0:
		return st.Offline.Render("◷ rate limited") + st.Age.Render(wait)
	case p.err != nil && webex.StatusCode(p.err) != 0:
		return st.Offline.Render("✗ Webex error") + st.Age.Render(age+wait)
	case p.err != nil:
		return st.Offline.Render("✗ offline") + st.Age.Render(age+wait)
	case p.lastOK.IsZero():
		return st.Age.Render("connecting…")
	}
	return st.Online.Render("● online") + st.Age.Render(" · updated "+ageText(now.Sub(p.lastOK))+" ago")
}

// bannerText is the line under the header when something is wrong; it never
// replaces the call list.
func (a *App) bannerText() string {
	p := &a.poll
	asOf := ""
	if !p.lastOK.IsZero() {
		asOf = " · calls as of " + p.lastOK.Local().Format("15:04:05")
	}
	switch {
	case a.authFailed:
		return "✗ " + signInHint
	case p.limited > 0:
		return "◷ Webex is rate limiting callboard: the next update comes in " + secondsText(p.limited) + ", as Webex asked"
	case webex.StatusCode(p.err) != 0:
		return "✗ Webex answers with an error (" + problemText(p.err) + ")" + asOf + " · retrying by itself"
	case p.err != nil:
		return "✗ offline: cannot reach Webex (" + shortError(p.err) + ")" + asOf + " · retrying by itself"
	}
	return ""
}

// problemText is a short description of a Webex error: its status, and its
// message cut short (the banner keeps room for when and what happens next).
func problemText(err error) string {
	var apiErr *webex.APIError
	if !errors.As(err, &apiErr) {
		return shortError(err)
	}
	text := fmt.Sprintf("%d %s", apiErr.StatusCode, apiErr.Text())
	return truncate(text, 48, "…")
}

// whoText names the signed-in user: name, number, extension.
func whoText(p *webex.Person) string {
	parts := []string{textsafe.Line(p.DisplayName)}
	if parts[0] == "" {
		parts[0] = textsafe.Line(p.FirstName + " " + p.LastName)
	}
	for _, n := range p.PhoneNumbers {
		if n.Value != "" && (n.Primary || n.Type == "work") {
			parts = append(parts, textsafe.Line(n.Value))
			break
		}
	}
	if p.Extension != "" {
		parts = append(parts, "ext "+textsafe.Line(p.Extension))
	}
	return strings.Join(parts, " · ")
}

// ageText shows a data age with a decimal under ten seconds ("0.4 s").
func ageText(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	if d < 10*time.Second {
		return fmt.Sprintf("%.1f s", d.Seconds())
	}
	return secondsText(d)
}

// secondsText shows a wait or age in whole seconds, or minutes past 90 s.
func secondsText(d time.Duration) string {
	switch {
	case d < 0:
		return "0 s"
	case d < 90*time.Second:
		return fmt.Sprintf("%d s", int((d + time.Second - 1).Seconds()))
	default:
		return model.FormatDuration(d)
	}
}

// summary is the line under the list: the consult in progress, then the parked calls.
func (a *App) summary(now time.Time) string {
	st := a.styles
	var parts []string
	if c := a.consult; c != nil {
		text := "consult: " + c.caller + " on hold ↔ " + c.dest + " — T joins them · e on " + c.dest + " aborts"
		if c.leg == "" {
			text = "consult: " + c.caller + " on hold, calling " + c.dest + "…"
		}
		parts = append(parts, st.Section.Render(text))
	}
	if n := len(a.parked); n > 0 {
		var items []string
		for i := n - 1; i >= 0; i-- {
			p := a.parked[i]
			items = append(items, p.caller+" on "+p.against.Display()+" "+model.FormatDuration(now.Sub(p.at)))
		}
		parts = append(parts, st.Label.Render("parked: ")+st.Value.Render(strings.Join(items, " · "))+st.Dim.Render(" — P retrieves"))
	}
	return ansi.Truncate(strings.Join(parts, "  "), a.width, "…")
}

// fitTo pads or cuts lines to exactly n.
func fitTo(lines []string, n int) []string {
	if n < 0 {
		n = 0
	}
	if len(lines) > n {
		return lines[:n]
	}
	for len(lines) < n {
		lines = append(lines, "")
	}
	return lines
}

// fitLines makes the frame exactly height lines, each cut to width.
func fitLines(lines []string, width, height int) string {
	lines = fitTo(lines, height)
	for i, line := range lines {
		if textWidth(line) > width {
			lines[i] = truncate(line, width, "")
		}
	}
	return strings.Join(lines, "\n")
}

// wrap breaks text into lines of at most width cells.
func wrap(text string, width int) string {
	return ansi.Wordwrap(text, width, "")
}
