package ui

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/callboard/callboard/desk"
	"github.com/callboard/callboard/internal/textsafe"
	"github.com/callboard/callboard/model"
	"github.com/callboard/callboard/ui/theme"
	"github.com/callboard/callboard/webex"
)

// The smallest terminal the console draws in; below it says so instead.
const (
	minWidth  = 60
	minHeight = 14
	// sideBySide is the width from which the detail pane sits beside the
	// list: below it the list needs the whole width for its columns.
	sideBySide = 160
	// paneSideBySide is the width from which a side pane sits beside the
	// calls; below it, under them.
	paneSideBySide = 140
	// detailSideWidth is the detail pane's width beside the list.
	detailSideWidth = 56
	// maxBannerLines bounds the banner so the list always keeps its place.
	maxBannerLines = 2
	// offlineAfter is how many failed polls in a row raise the offline
	// banner: one lost poll is noise, and a banner that comes and goes
	// moves every row.
	offlineAfter = 2
)

// layout is where everything goes for the current size and state. It is a
// pure function of the App, so key and mouse handling use the geometry of
// the last frame.
type layout struct {
	tooSmall     bool
	banner       []string // the banner's lines, already wrapped
	strip        bool     // the ringing strip shows (calls ring while they are not on screen)
	mainTop      int      // screen row of the main area (the list's heading)
	mainRows     int      // lines of the main area
	listWidth    int
	listRows     int // lines of the list, heading included
	detailWidth  int
	detailHeight int
	side         bool // the detail sits beside the list
	paneWidth    int  // the side pane's room; 0 when none shows
	paneHeight   int
	paneSide     bool // the pane sits beside the calls (else under them)
	extra        int  // the consult/parked summary line
	promptHeight int
	statusHeight int
}

func (a *App) layout() layout {
	l := layout{listWidth: a.width}
	if a.width < minWidth || a.height < minHeight {
		l.tooSmall = true
		return l
	}
	if text := a.bannerText(); text != "" {
		l.banner = clip(theme.Wrap(text, a.width), maxBannerLines, a.width)
	}
	l.strip = (a.screen != screenCalls || a.showHelp || a.statsShown()) && a.ringingCount() > 0
	if a.prompt != nil {
		l.promptHeight = a.prompt.Lines()
	}
	l.statusHeight = max(len(a.status.lines(a.width)), 1)
	if _, consult := a.desk.Consult(); a.screen == screenCalls && (len(a.desk.Parked()) > 0 || consult || a.frontDeskSummary() != "") {
		l.extra = 1
	}
	l.mainTop = 1 + len(l.banner)
	if l.strip {
		l.mainTop++
	}
	// below the main area: the summary, the prompt, the status, the key help
	l.mainRows = max(a.height-l.mainTop-l.extra-l.promptHeight-l.statusHeight-1, 0)
	l.listRows = l.mainRows
	if a.screen != screenCalls || a.showHelp || a.statsShown() {
		return l
	}
	rows, width := l.mainRows, a.width
	if _, ok := a.pane(); ok {
		switch {
		case a.width >= paneSideBySide:
			l.paneSide = true
			l.paneWidth = min(max(a.width/3, 40), 64)
			l.paneHeight = rows
			width = a.width - l.paneWidth - 1
		case rows >= 14:
			l.paneWidth = a.width
			l.paneHeight = max(rows/3, 5)
			rows -= l.paneHeight
		}
	}
	l.listWidth, l.listRows = width, rows
	if a.desk.Board().Len() == 0 {
		return l
	}
	if width >= sideBySide {
		l.side = true
		l.detailWidth = detailSideWidth
		l.listWidth = width - detailSideWidth - 1
		l.detailHeight = rows
		return l
	}
	// Stacked, the detail takes what its lines need, at most a third of the
	// room, and goes when the room is too small for both.
	if rows < 10 {
		return l
	}
	need := a.detail.Count(a.shownTime()) + 1
	l.detailWidth = width
	l.detailHeight = min(need, max(rows/3, 3))
	l.listRows = rows - l.detailHeight
	return l
}

// resize lays the console out after an update and hands the components
// their sizes for the next frame, which draws that layout.
func (a *App) resize() {
	l := a.layout()
	a.laid = l
	a.list.SetSize(l.listWidth, l.listRows)
	a.detail.SetSize(l.detailWidth, l.detailHeight)
	a.history.SetSize(a.width, l.mainRows)
	a.help.SetSize(a.width, l.mainRows)
	if a.journal != nil {
		a.journal.stats.SetSize(a.width, l.mainRows)
	}
	if p, ok := a.pane(); ok {
		p.SetSize(l.paneWidth, l.paneHeight-a.tabRows())
	}
	if a.showHelp {
		a.help.SetContent(a.helpContent())
	}
	if a.prompt != nil {
		a.prompt.SetWidth(a.width)
	}
}

// View draws the console.
func (a *App) View() tea.View {
	a.viewedAt = a.shownTime()
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
	l := a.laid
	if l.tooSmall {
		msg := fmt.Sprintf("terminal too small: %d×%d — callboard needs at least %d×%d", a.width, a.height, minWidth, minHeight)
		return theme.Frame(theme.Wrap(msg, a.width), a.width, a.height)
	}
	now := a.shownTime()
	st := a.styles
	lines := []string{a.header(now)}
	style := st.BannerError
	if a.desk.Connection().Limited {
		style = st.Banner
	}
	for _, b := range l.banner {
		lines = append(lines, style.Render(theme.PadRight(b, a.width)))
	}
	if l.strip {
		lines = append(lines, a.ringingStrip(now))
	}
	var main string
	switch {
	case a.showHelp:
		main = a.help.View()
	case a.statsShown():
		main = a.journal.stats.View()
	case a.screen == screenHistory:
		main = a.history.View(now)
	default:
		main = a.withPane(l, a.callsArea(l, now), now)
	}
	lines = append(lines, theme.FitTo(strings.Split(main, "\n"), l.mainRows)...)
	if l.extra > 0 {
		lines = append(lines, a.summary(now))
	}
	if a.prompt != nil {
		lines = append(lines, strings.Split(a.prompt.View(st), "\n")...)
	}
	lines = append(lines, a.status.view(st, a.width)...)
	lines = append(lines, a.shortHelp())
	return theme.Frame(lines, a.width, a.height)
}

// callsArea draws the list and the detail pane.
func (a *App) callsArea(l layout, now time.Time) string {
	list := a.list.View(now, a.emptyText())
	if l.detailHeight == 0 {
		return list
	}
	detail := a.detail.View(now)
	if !l.side {
		return list + "\n" + detail
	}
	rows := l.listRows
	ll := theme.FitTo(strings.Split(list, "\n"), rows)
	dl := theme.FitTo(strings.Split(detail, "\n"), rows)
	out := make([]string, len(ll))
	for i := range ll {
		out[i] = theme.PadRight(theme.Truncate(ll[i], l.listWidth, ""), l.listWidth) + " " + dl[i]
	}
	return strings.Join(out, "\n")
}

// withPane puts the side pane beside or under the calls.
func (a *App) withPane(l layout, calls string, now time.Time) string {
	p, ok := a.pane()
	if !ok || l.paneWidth == 0 {
		return calls
	}
	view := p.View(now, a.onPane)
	if a.tabRows() > 0 {
		view = a.paneTabs(l.paneWidth) + "\n" + view
	}
	if !l.paneSide {
		return strings.Join(theme.FitTo(strings.Split(calls, "\n"), l.mainRows-l.paneHeight), "\n") + "\n" + view
	}
	cl := theme.FitTo(strings.Split(calls, "\n"), l.mainRows)
	pl := theme.FitTo(strings.Split(view, "\n"), l.mainRows)
	width := a.width - l.paneWidth - 1
	out := make([]string, len(cl))
	for i := range cl {
		out[i] = theme.PadRight(theme.Truncate(cl[i], width, ""), width) + " " + pl[i]
	}
	return strings.Join(out, "\n")
}

// tabRows is the room the pane tabs take: a line whenever a pane shows.
func (a *App) tabRows() int {
	if len(a.panes) > 0 {
		return 1
	}
	return 0
}

// paneTabs names every pane, the one shown marked, the others with their
// summaries: what waits on a hidden pane ("2 to call back") stays in view.
// Where that is too wide it drops the key's hint, then the summaries, then
// the other panes: the shown pane's name always shows. The candidates are
// measured as plain text and only the one chosen is styled, the last one
// kept: the tabs are drawn every frame and rarely change.
func (a *App) paneTabs(width int) string {
	shown := a.panes[max(a.shown, 0)].Name()
	if a.onPane {
		shown += " ◂ keys here" // where the keys go, whatever the pane draws
	}
	shown = " ▸ " + shown + " "
	tabs := func(summaries bool) []string {
		parts := make([]string, 0, len(a.panes))
		for i, p := range a.panes {
			if i == a.shown {
				parts = append(parts, shown)
				continue
			}
			name := p.Name()
			if s := p.Summary(); s != "" && summaries {
				name += ": " + s
			}
			parts = append(parts, " "+name+" ")
		}
		return parts
	}
	hint := ""
	if k := a.keys.NextPane.Help().Key; k != "" {
		hint = "  " + k + " next"
	}
	type candidate struct {
		parts []string
		hint  string
	}
	full, names := tabs(true), tabs(false)
	choice := candidate{parts: []string{shown}}
	for _, c := range []candidate{{full, hint}, {full, ""}, {names, hint}, {names, ""}, {[]string{shown}, hint}} {
		if theme.Width(strings.Join(c.parts, "│")+c.hint) <= width {
			choice = c
			break
		}
	}
	key := strings.Join(choice.parts, "│") + "\x00" + choice.hint + "\x00" + strconv.Itoa(width)
	if key == a.tabs.key {
		return a.tabs.out
	}
	st := a.styles
	styled := make([]string, len(choice.parts))
	for i, part := range choice.parts {
		if part == shown {
			styled[i] = st.Selected.Render(part)
		} else {
			styled[i] = st.Dim.Render(part)
		}
	}
	out := theme.Truncate(strings.Join(styled, st.Dim.Render("│"))+st.Dim.Render(choice.hint), width, "…")
	a.tabs.key, a.tabs.out = key, out
	return out
}

// emptyText is what an empty list says.
func (a *App) emptyText() string {
	c := a.desk.Connection()
	switch {
	case c.SignedOut:
		return "signed out: no calls can be shown until Webex accepts the sign-in (see above)"
	case a.desk.Board().Filter() != "":
		return "no call matches the filter · / changes it · esc clears it"
	case !c.Polled:
		return "waiting for the call list…"
	}
	return "no calls · d dials · u picks up · P retrieves a parked call"
}

// header: who is signed in, the DEMO badge, the missed calls, the line.
func (a *App) header(now time.Time) string {
	st := a.styles
	left := st.Inline.Title.Apply("callboard")
	if a.opts.Demo {
		left += " " + st.Inline.Demo.Apply("DEMO")
	}
	if a.opts.Desk.ReadOnly {
		left += " " + st.Inline.Demo.Apply("READ-ONLY")
	}
	if n := a.desk.Missed(); n > 0 {
		left += " " + st.Inline.Warn.Apply("✗ "+strconv.Itoa(n)+" missed")
	}
	if a.me != nil {
		left += " " + st.Inline.Who.Apply(whoText(a.me))
	}
	if d := a.deviceName(); d != "" {
		left += " " + st.Inline.Age.Apply("· on "+d)
	}
	right := a.connection(now)
	if set := a.settingsText(); set != "" {
		right = set + "  " + right
	}
	gap := a.width - ansi.StringWidth(left) - ansi.StringWidth(right)
	if gap < 1 {
		left = ansi.Truncate(left, max(a.width-ansi.StringWidth(right)-1, 0), "…")
		gap = max(a.width-ansi.StringWidth(left)-ansi.StringWidth(right), 1)
	}
	return left + strings.Repeat(" ", gap) + right
}

// connection says whether the list is live. The age shows only when the
// data is older than two idle polls: a number that changes every frame on a
// healthy console would only wake it.
func (a *App) connection(now time.Time) string {
	st := a.styles
	c := a.desk.Connection()
	wait := ""
	if !c.NextPoll.IsZero() && c.NextPoll.After(now) {
		wait = " · retry in " + seconds(c.NextPoll.Sub(now))
	}
	stale := ""
	if c.Polled && (c.Failures >= offlineAfter || now.Sub(c.LastOK) > 2*a.opts.Desk.PollIdle+a.opts.ActionTimeout) {
		stale = " · data " + seconds(now.Sub(c.LastOK)) + " old"
	}
	switch {
	case c.SignedOut:
		return st.Inline.Offline.Apply("✗ signed out")
	case c.Limited:
		return st.Inline.Offline.Apply("◷ rate limited") + st.Inline.Age.Apply(wait)
	case c.Failures >= offlineAfter && c.Failure.Kind == desk.FailBadReply:
		return st.Inline.Offline.Apply("✗ unreadable reply") + st.Inline.Age.Apply(stale+wait)
	case c.Failures >= offlineAfter && c.Failure.Status != 0:
		return st.Inline.Offline.Apply("✗ Webex error") + st.Inline.Age.Apply(stale+wait)
	case c.Failures >= offlineAfter:
		return st.Inline.Offline.Apply("✗ offline") + st.Inline.Age.Apply(stale+wait)
	case !c.Polled:
		return st.Inline.Age.Apply("connecting…")
	}
	return st.Inline.Online.Apply("● online") + st.Inline.Age.Apply(stale)
}

// bannerText is the line under the header when something is wrong; it
// never replaces the call list.
func (a *App) bannerText() string {
	c := a.desk.Connection()
	switch {
	case c.SignedOut:
		return "✗ " + desk.SignInHint
	case c.Limited:
		text := "◷ Webex is rate limiting callboard: the next request goes in " + seconds(c.LimitUntil.Sub(a.shownTime()))
		if c.LimitCapped {
			return text + " — Webex asked to wait " + seconds(c.LimitAsked) + "; callboard waits at most " +
				seconds(a.desk.Config().RateLimit.MaxWait) + " (poll.max_backoff)"
		}
		return text + ", as Webex asked"
	case c.Failures < offlineAfter:
		return "" // asked after every update: the healthy case costs nothing
	}
	asOf := ""
	if c.Polled {
		asOf = " · calls as of " + c.LastOK.Local().Format("15:04:05")
	}
	switch {
	case c.Failure.Kind == desk.FailBadReply:
		return "✗ Webex sent a reply callboard cannot read (" + c.Failure.Error() + ")" + asOf + " · retrying by itself"
	case c.Failure.Status != 0:
		return "✗ Webex answers with an error (" + textsafe.Clip(c.Failure.Error(), 80) + ")" + asOf + " · retrying by itself"
	}
	return "✗ offline: cannot reach Webex (" + textsafe.Clip(c.Failure.Text, 80) + ")" + asOf + " · retrying by itself"
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

// seconds shows a wait or age in whole seconds, or as a duration past 90 s.
func seconds(d time.Duration) string {
	switch {
	case d <= 0:
		return "0 s"
	case d < 90*time.Second:
		return strconv.Itoa(int((d+time.Second-1)/time.Second)) + " s"
	}
	return model.FormatDuration(d)
}

// ringingCount counts the calls ringing in.
func (a *App) ringingCount() int {
	n := 0
	b := a.desk.Board()
	for i := range b.Len() {
		if r := b.Row(i); r.Call.Ringing() && !r.Ended() {
			n++
		}
	}
	return n
}

// ringingStrip shows the calls ringing in while the list is not on screen.
func (a *App) ringingStrip(now time.Time) string {
	b := a.desk.Board()
	var who []string
	for i := range b.Len() {
		if r := b.Row(i); r.Call.Ringing() && !r.Ended() {
			who = append(who, r.Call.Remote.Display()+" "+model.FormatDuration(r.Duration(now)))
		}
	}
	back := a.keys.SwitchView.Help().Key
	if a.showHelp {
		back = a.keys.Help.Help().Key
	}
	text := "◉ " + strconv.Itoa(len(who)) + " ringing: " + strings.Join(who, " · ") + " — " + back + " shows the calls"
	return a.styles.Rows.Ringing.Apply(theme.PadRight(theme.Truncate(text, a.width, "…"), a.width))
}

// summary is the line under the list: the consult in progress, then the
// parked calls.
func (a *App) summary(now time.Time) string {
	st := a.styles
	var parts []string
	if c, ok := a.desk.Consult(); ok {
		text := "consult: " + c.Caller + " on hold ↔ " + c.Dest + " — T joins them · e on " + c.Dest + " aborts"
		if c.Leg == "" {
			text = "consult: " + c.Caller + " on hold, calling " + c.Dest + "…"
		}
		parts = append(parts, st.Section.Render(text))
	}
	if parked := a.desk.Parked(); len(parked) > 0 {
		var items []string
		for i := len(parked) - 1; i >= 0; i-- {
			p := parked[i]
			items = append(items, p.Caller+" on "+p.At.Display()+" "+model.FormatDuration(now.Sub(p.Since)))
		}
		parts = append(parts, st.Label.Render("parked: ")+st.Value.Render(strings.Join(items, " · "))+
			st.Dim.Render(" — "+a.keys.Verb("retrieve").Help().Key+" retrieves"))
	}
	if text := a.frontDeskSummary(); text != "" {
		parts = append(parts, text)
	}
	return ansi.Truncate(strings.Join(parts, "  "), a.width, "…")
}
