package ui

import (
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/callboard/callboard/model"
)

// columns are the call list's column widths for one screen width. The
// remote column holds the name and the number; TYPE and DIR come in when
// there is room; the flags (how long a call has been held, recording,
// consult, transfer) keep room before the remote column grows.
type columns struct {
	state, remote, kind, dir, dur, flags int
}

const (
	// marker is the selection column ("› ").
	marker = 2
	// withKind is the list width from which TYPE and DIR have columns.
	withKind = 105
)

func columnsFor(width int) columns {
	c := columns{state: 21, dur: 8}
	if width >= withKind {
		c.kind, c.dir = 10, 4
	} else {
		c.kind = 9 // type and direction in one short column: "ext in"
	}
	rest := width - marker - c.state - c.dur - c.kind - c.dir
	c.flags = min(26, max(rest*2/5, 12))
	if rest-c.flags > 48 {
		c.flags = rest - 48 // the remote column is wide enough: the flags take the rest
	}
	c.remote = rest - c.flags
	return c
}

// callsArea draws the list and the detail pane.
func (a *App) callsArea(l layout, now time.Time) []string {
	list := a.callList(l, now)
	if l.detailHeight == 0 {
		return list
	}
	detail := a.detail(l.detailWidth, l.detailHeight, now)
	if !l.side {
		return append(list, detail...)
	}
	list = fitTo(list, l.detailHeight)
	detail = fitTo(detail, l.detailHeight)
	out := make([]string, len(list))
	for i := range list {
		out[i] = padRight(ansi.Truncate(list[i], l.listWidth, ""), l.listWidth) + " " + detail[i]
	}
	return out
}

// callList draws the heading and the rows on screen. It touches only the rows
// it draws, so its cost grows with the screen, not with the number of calls.
func (a *App) callList(l layout, now time.Time) []string {
	st := a.styles
	cols := columnsFor(l.listWidth)
	heading := strings.Repeat(" ", marker) + cell("STATE", cols.state) + cell("REMOTE", cols.remote)
	switch {
	case cols.dir > 0:
		heading += cell("TYPE", cols.kind) + cell("DIR", cols.dir)
	case cols.kind > 0:
		heading += cell("TYPE", cols.kind)
	}
	heading += cell("TIME", cols.dur)
	// What the list does not show goes where the flags column has no heading.
	lines := []string{st.ListHeader.Render(heading) + st.Dim.Render(truncate(a.listTitle(l), cols.flags, "…"))}

	n := a.board.VisibleLen()
	if n == 0 {
		lines = append(lines, "  "+st.Dim.Render(a.emptyText()))
		return fitTo(lines, l.listRows+1)
	}
	sel := a.board.SelectedIndex()
	for i := a.offset; i < n && i < a.offset+l.listRows; i++ {
		lines = append(lines, a.row(a.board.VisibleRow(i), cols, i == sel, now))
	}
	return fitTo(lines, l.listRows+1)
}

// listTitle says what the list does not show: calls scrolled off above or
// below (and whether any of them rings), and what a filter hides.
func (a *App) listTitle(l layout) string {
	var parts []string
	n := a.board.VisibleLen()
	if above := a.offset; above > 0 {
		parts = append(parts, "↑"+itoa(above))
	}
	if below := n - a.offset - l.listRows; below > 0 {
		text := "↓" + itoa(below)
		ringing := 0
		for _, i := range a.ringing {
			if i >= a.offset+l.listRows {
				ringing++
			}
		}
		if ringing > 0 {
			text += " (" + itoa(ringing) + " ringing)"
		}
		parts = append(parts, text)
	}
	if q := a.board.Filter(); q != "" {
		parts = append(parts, "filter "+q+": "+itoa(n)+" of "+itoa(a.board.Len()))
	}
	return strings.Join(parts, " ")
}

func (a *App) emptyText() string {
	switch {
	case a.authFailed:
		return "signed out: no calls can be shown until Webex accepts the sign-in (see above)"
	case a.board.Filter() != "":
		return "no call matches the filter · / changes it · esc clears it"
	case a.poll.lastOK.IsZero():
		return "waiting for the call list…"
	}
	return "no calls · d dials · u picks up · P retrieves a parked call"
}

// row draws one call. Every cell is padded to its column, so the row is
// exactly the list's width without measuring it again.
func (a *App) row(r model.Row, cols columns, selected bool, now time.Time) string {
	rp := a.styles.rows
	c := r.Call
	status := c.Status()
	if r.Ended() {
		status = model.StatusEnded
	}
	word := status.Word()
	if outcome, ok := a.outcomes[c.ID]; ok && r.Ended() {
		word = outcome
	}
	// glyph, space, word: the glyph is one cell and the word ASCII.
	state := glyph(status) + " " + word + strings.Repeat(" ", max(cols.state-2-len(word), 1))
	var b strings.Builder
	remote := c.Remote.Display()
	if n := c.Remote.Secondary(); n != "" {
		remote += " · " + n
	}
	b.WriteString(cell(remote, cols.remote))
	switch {
	case cols.dir > 0:
		b.WriteString(cell(c.Remote.CallType.Label(), cols.kind))
		b.WriteString(cell(c.Direction(), cols.dir))
	case cols.kind > 0:
		b.WriteString(cell(strings.TrimSpace(shortKind(c.Remote.CallType)+" "+c.Direction()), cols.kind))
	}
	b.WriteString(cell(model.FormatDuration(r.Duration(now)), cols.dur))
	flags, late := a.flags(r, now)
	b.WriteString(cell(flags, cols.flags))
	rest := b.String()

	switch {
	case selected:
		return rp.selected.apply("› " + state + rest)
	case r.Ended():
		return rp.ended.apply("  " + state + rest)
	case status == model.StatusRinging:
		return rp.ringing.apply("  " + state + rest)
	case late:
		return rp.warn.apply("  " + state + rest)
	}
	// Colour only the state; the rest stays plain to be read at a glance.
	return "  " + rp.status[status].apply(state) + rest
}

// flags summarises what else the operator must know about a call: how long
// it has been held, recording, mute, a park recall, a consult. late reports
// a hold longer than the limit.
func (a *App) flags(r model.Row, now time.Time) (text string, late bool) {
	c := r.Call
	var f []string
	if held := r.HeldFor(now); held > 0 {
		late = a.opts.HoldLimit > 0 && held >= a.opts.HoldLimit
		f = append(f, "held "+model.FormatDuration(held))
	}
	if cs := a.consult; cs != nil && (c.ID == cs.original || c.ID == cs.leg) {
		f = append(f, "consult")
	}
	if t, ok := a.transfers[c.ID]; ok && !r.Ended() {
		f = append(f, "→ "+t.dest)
	}
	for orig, t := range a.transfers {
		if t.leg == c.ID && !r.Ended() {
			if o, ok := a.board.Find(orig); ok {
				f = append(f, "⇢ for "+o.Call.Remote.Display())
			}
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
	if c.Recall != nil {
		f = append(f, "↩ recall")
	}
	if len(c.Redirections) > 0 {
		f = append(f, "↪ "+c.Redirections[0].Reason.Label())
	}
	return strings.Join(f, " "), late
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
