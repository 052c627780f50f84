package cli

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/callboard/callboard/internal/convert"
	"github.com/callboard/callboard/internal/textsafe"
	"github.com/callboard/callboard/model"
	"github.com/callboard/callboard/webex"
)

// maxCell bounds a column's width: a long name is cut with "…" so the
// columns after it stay readable.
const maxCell = 32

// table renders rows as aligned columns, measured in terminal cells (a
// Japanese name or an emoji is two cells wide per character), each cell but
// the last cut to maxCell: the last is the id scripts cut out whole.
func table(header []string, rows [][]string) string {
	widths := make([]int, len(header))
	cut := func(s string) string { return ansi.Truncate(s, maxCell, "…") }
	for i, h := range header {
		widths[i] = ansi.StringWidth(h)
	}
	for _, r := range rows {
		for i := range r {
			if i < len(r)-1 {
				r[i] = cut(r[i])
			}
			widths[i] = max(widths[i], ansi.StringWidth(r[i]))
		}
	}
	var b strings.Builder
	line := func(cells []string) {
		for i, c := range cells {
			b.WriteString(c)
			if i < len(cells)-1 {
				b.WriteString(strings.Repeat(" ", widths[i]-ansi.StringWidth(c)+2))
			}
		}
		b.WriteByte('\n')
	}
	line(header)
	for _, r := range rows {
		line(r)
	}
	return b.String()
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// formatCalls lists calls in the console's order, one line each, with the id
// last so scripts can cut it.
func formatCalls(calls []webex.Call, now time.Time) string {
	if len(calls) == 0 {
		return "no active calls"
	}
	board := model.NewBoard(model.BoardOptions{})
	board.Apply(convert.Calls(calls), now)
	rows := make([][]string, 0, board.Len())
	for _, r := range board.Rows() {
		c := r.Call
		rows = append(rows, []string{
			c.Status().Word(), c.Remote.Display(), orDash(c.Remote.Secondary()), orDash(c.Remote.CallType.Label()),
			c.Direction(), model.FormatDuration(c.Duration(now)), flags(c), textsafe.Line(c.ID),
		})
	}
	return table([]string{"STATE", "REMOTE", "NUMBER", "TYPE", "DIR", "TIME", "FLAGS", "ID"}, rows)
}

// flags summarises recording, mute and recall in a short column.
func flags(c model.Call) string {
	var f []string
	if c.Recording != model.RecordingNone {
		f = append(f, "rec:"+c.Recording.Label())
	}
	if c.Muted {
		f = append(f, "muted")
	}
	if c.Recall != nil {
		f = append(f, "park-recall")
	}
	return orDash(strings.Join(f, ","))
}

func localTime(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Local().Format("2006-01-02 15:04:05")
}

// formatCall shows every field of one call.
func formatCall(wire webex.Call, now time.Time) string {
	c := convert.Call(&wire)
	lines := [][2]string{
		{"id", textsafe.Line(c.ID)},
		{"session", orDash(textsafe.Line(c.SessionID))},
		{"state", c.Status().Word()},
		{"personality", c.Personality.String()},
		{"direction", c.Direction()},
		{"remote", c.Remote.Describe()},
		{"created", localTime(c.Created)},
		{"answered", localTime(c.Answered)},
		{"duration", model.FormatDuration(c.Duration(now))},
	}
	if c.Appearance > 0 {
		lines = append(lines, [2]string{"appearance", fmt.Sprint(c.Appearance)})
	}
	for i, r := range c.Redirections {
		lines = append(lines, [2]string{fmt.Sprintf("redirected #%d", i+1), r.Reason.Label() + " by " + r.Party.Describe()})
	}
	if c.Recall != nil {
		lines = append(lines, [2]string{"recall", textsafe.Clip(textsafe.Line(c.Recall.Type), 40) + " from " + c.Recall.Party.Describe()})
	}
	if c.Recording != model.RecordingNone {
		lines = append(lines, [2]string{"recording", c.Recording.Label()})
	}
	mute := "not available"
	if c.MuteCapable {
		mute = map[bool]string{true: "muted", false: "not muted"}[c.Muted]
	}
	lines = append(lines, [2]string{"mute", mute})
	var b strings.Builder
	for _, l := range lines {
		fmt.Fprintf(&b, "%-14s %s\n", l[0]+":", l[1])
	}
	return b.String()
}

// formatHistory lists history records newest first.
func formatHistory(records []webex.HistoryRecord) string {
	if len(records) == 0 {
		return "no call history"
	}
	hist := convert.History(records)
	rows := make([][]string, 0, len(hist))
	for _, r := range hist {
		rows = append(rows, []string{localTime(r.Time), r.Type.Label(), r.Display(), orDash(r.Secondary())})
	}
	return table([]string{"TIME", "TYPE", "NAME", "NUMBER"}, rows)
}
