package ui

import (
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/callboard/callboard/internal/textsafe"
	"github.com/callboard/callboard/model"
)

func itoa(n int) string { return strconv.Itoa(n) }

// detail draws the selected call's every field in width × height.
func (a *App) detail(width, height int, now time.Time) []string {
	st := a.styles
	row, ok := a.selected()
	title := "─ details "
	if !ok {
		lines := []string{st.Section.Render(title + strings.Repeat("─", max(width-ansi.StringWidth(title), 0)))}
		if a.board.SelectionHidden() {
			lines = append(lines, st.Dim.Render(" the selected call is hidden by the filter"))
		}
		return fitTo(lines, height)
	}
	c := row.Call
	title = "─ " + c.Remote.Display() + " "
	lines := []string{st.Section.Render(ansi.Truncate(title+strings.Repeat("─", max(width-ansi.StringWidth(title), 0)), width, ""))}
	field := func(label, value string) {
		if value == "" {
			return
		}
		line := st.Label.Render(" "+padRight(label, 10)) + st.Value.Render(value)
		lines = append(lines, ansi.Truncate(line, width, "…"))
	}
	status := c.Status()
	if row.Ended() {
		status = model.StatusEnded
	}
	field("remote", c.Remote.Describe())
	word := status.Word()
	if outcome, ok := a.outcomes[c.ID]; ok && row.Ended() {
		word = outcome
	}
	state := glyph(status) + " " + word
	if dir := c.Direction(); dir != "" {
		state += " · " + dir
	}
	if held := row.HeldFor(now); held > 0 {
		state += " · on hold " + model.FormatDuration(held)
	}
	field("state", state)
	times := "created " + clock(c.Created)
	if !c.Answered.IsZero() {
		times += " · answered " + clock(c.Answered)
	}
	times += " · " + model.FormatDuration(row.Duration(now))
	field("time", times)
	field("role", c.Personality.String())
	for i, r := range c.Redirections {
		label := ""
		if i == 0 {
			label = "redirect" // fits the 10-cell label column with a space to spare
		}
		field(label, r.Reason.Label()+" by "+r.Party.Describe())
	}
	if c.Recall != nil {
		field("recall", "from park on "+c.Recall.Party.Describe())
	}
	media := []string{}
	if c.Recording != model.RecordingNone {
		media = append(media, c.Recording.Label()) // the label names the recording: "recording paused"
	}
	switch {
	case !c.MuteCapable:
		media = append(media, "mute not available")
	case c.Muted:
		media = append(media, "muted")
	default:
		media = append(media, "not muted")
	}
	if c.Appearance > 0 {
		media = append(media, "appearance "+itoa(c.Appearance))
	}
	field("line", strings.Join(media, " · "))
	// The ids come from the network as they are: cleaned like names, since
	// a control character in them would act on the terminal.
	field("call id", textsafe.Line(c.ID))
	field("session", textsafe.Line(c.SessionID))
	if len(lines) < height {
		lines = append(lines, st.Dim.Render(ansi.Truncate(" :copy copies the call id · :copy session the session id", width, "…")))
	}
	return fitTo(lines, height)
}

// clock shows a time of day in local time.
func clock(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Local().Format("15:04:05")
}
