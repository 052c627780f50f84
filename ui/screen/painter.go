package screen

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"
)

// frameDue tells the model's loop that a frame may be drawn again and a
// changed view waits for it.
type frameDue struct{}

// painter keeps the terminal showing the model's latest view. Every method but
// the timer's send runs on Bubble Tea's event loop, one at a time.
type painter struct {
	out    io.Writer
	period time.Duration
	send   func(tea.Msg)   // the program's Send, for frames that come due
	view   func() tea.View // the model's view as it stands
	now    func() time.Time

	scr     *uv.TerminalRenderer
	cells   uv.ScreenBuffer
	pending bytes.Buffer // what scr writes, sent to out in one write a frame

	shown   tea.View      // the view on screen; its modes are the terminal's
	rows    []string      // the content on screen, a row each, when every row starts unstyled
	started bool          // whether a frame was drawn: modes are set, shown is real
	stale   bool          // the screen must be drawn whole (resized)
	credit  time.Duration // frames it may draw now, in periods: up to burst
	counted time.Time     // when credit was last brought up to date
	timer   *time.Timer
	waiting bool // a frameDue is on its way
}

func newPainter(out io.Writer, env []string, profile colorprofile.Profile, width, height int, period time.Duration) *painter {
	p := &painter{out: out, period: period, now: time.Now, send: func(tea.Msg) {}, credit: burst * period}
	p.scr = uv.NewTerminalRenderer(&p.pending, env)
	p.scr.SetColorProfile(profile)
	// Raw mode turns off the terminal's newline translation: the renderer
	// moves the cursor itself.
	p.scr.SetMapNewline(false)
	// No scrolling regions: finding them hashes every row of every frame,
	// a third of an idle frame's drawing, to save a few rows' bytes when the
	// list scrolls.
	p.scr.SetScrollOptim(false)
	p.cells = uv.NewScreenBuffer(width, height)
	return p
}

// filter sees every message before the model does: the terminal's size and
// colours are the painter's, and raw output (the bell, notifications, the
// background colour query) is written at once rather than on the library's
// one-a-second ticker.
func (p *painter) filter(_ tea.Model, msg tea.Msg) tea.Msg {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		p.resize(msg.Width, msg.Height)
	case tea.ColorProfileMsg:
		p.scr.SetColorProfile(msg.Profile)
		p.stale = true
	case tea.RawMsg:
		_, _ = io.WriteString(p.out, fmt.Sprint(msg.Msg))
		return nil
	}
	return msg
}

func (p *painter) resize(width, height int) {
	if width == p.cells.Width() && height == p.cells.Height() {
		return
	}
	p.cells.Resize(width, height)
	p.scr.Resize(width, height)
	p.scr.Erase()
	p.stale = true
}

// due is called when a frame comes due: the next offer may draw.
func (p *painter) due() { p.waiting = false }

// burst is how many frames may be drawn back to back before the rate of one a
// period applies: two, so that a key's echo just after a change is drawn at
// once; changes that keep coming are drawn once a period.
const burst = 2

// offer is told that the model may have changed, and draws its view if it
// differs from the screen: at once while the painter has a frame's credit,
// else when a frame's credit is earned back, with the view as it is by then.
// The view is asked for only when a frame may be drawn: it is most of what a
// frame costs. A change is never held back to wait for others: on an idle
// console the wake-up a timer costs is dearer than a second view.
func (p *painter) offer() {
	at := p.now()
	// Capped before it is added: since the zero time it would overflow.
	p.credit = min(p.credit+min(at.Sub(p.counted), burst*p.period), burst*p.period)
	p.counted = at
	if p.credit < p.period {
		if !p.waiting {
			// The frame that comes due draws the view as it is then.
			p.waiting = true
			p.timer = time.AfterFunc(p.period-p.credit, func() { p.send(frameDue{}) })
		}
		return
	}
	v := p.view()
	if !p.started && v.Content == "" {
		return // nothing to show yet (the size is not known): not a frame
	}
	if p.started && !p.stale && sameView(p.shown, v) {
		return
	}
	p.credit -= p.period
	p.draw(v)
}

// sameView says whether drawing b over a would change nothing: the content
// and the modes this painter keeps.
func sameView(a, b tea.View) bool {
	return a.Content == b.Content && a.AltScreen == b.AltScreen && a.WindowTitle == b.WindowTitle &&
		a.MouseMode == b.MouseMode && a.DisableBracketedPasteMode == b.DisableBracketedPasteMode
}

// draw puts v on the screen in one write: the modes that changed, then the
// cells that changed.
func (p *painter) draw(v tea.View) {
	old, first := p.shown, !p.started
	if first {
		// The keys as Bubble Tea's renderer asks for them: modifyOtherKeys
		// and the Kitty protocol's disambiguation, so that keys like
		// ctrl+i and tab arrive apart where the terminal can tell them.
		_, _ = p.scr.WriteString(ansi.SetModifyOtherKeys2 + ansi.PushKittyKeyboard(ansi.KittyDisambiguateEscapeCodes))
	}
	if first && v.AltScreen || !first && v.AltScreen != old.AltScreen {
		if v.AltScreen {
			p.scr.EnterAltScreen()
		} else {
			p.scr.ExitAltScreen()
		}
	}
	// The cursor is never shown: the console draws its own.
	if first || v.AltScreen != old.AltScreen {
		_, _ = p.scr.WriteString(ansi.ResetModeTextCursorEnable)
	}
	if first || v.DisableBracketedPasteMode != old.DisableBracketedPasteMode {
		if v.DisableBracketedPasteMode {
			_, _ = p.scr.WriteString(ansi.ResetModeBracketedPaste)
		} else {
			_, _ = p.scr.WriteString(ansi.SetModeBracketedPaste)
		}
	}
	if first || v.MouseMode != old.MouseMode {
		_, _ = p.scr.WriteString(mouseMode(old.MouseMode, v.MouseMode))
	}
	if first && v.WindowTitle != "" || !first && v.WindowTitle != old.WindowTitle {
		_, _ = p.scr.WriteString(ansi.SetWindowTitle(v.WindowTitle))
	}

	p.paint(v.Content)
	p.scr.Render(p.cells.RenderBuffer)
	_ = p.scr.Flush() // into pending, which cannot fail
	if p.pending.Len() > 0 {
		_, _ = p.out.Write(p.pending.Bytes())
		p.pending.Reset()
	}
	p.shown, p.started, p.stale = v, true, false
}

// paint puts content in the cells. Most frames change a few rows (the
// durations, a call's state): when every row of the screen and of content
// ends with its styles reset, each starts unstyled and a row whose text did
// not change keeps its cells; the renderer then compares only the rows
// painted. Otherwise the whole content is painted, styles running on from
// row to row.
func (p *painter) paint(content string) {
	content = strings.ReplaceAll(content, "\r\n", "\n")
	rows := strings.Split(content, "\n")
	if slices.ContainsFunc(rows, func(row string) bool { return !endsUnstyled(row) }) {
		p.cells.Clear()
		uv.NewStyledString(content).Draw(p.cells, p.cells.Bounds())
		p.rows = nil
		return
	}
	width := p.cells.Width()
	for y := range p.cells.Height() {
		row, was := rowOf(rows, y), rowOf(p.rows, y)
		if p.rows != nil && !p.stale && row == was {
			continue
		}
		uv.NewStyledString(row).Draw(p.cells, uv.Rect(0, y, width, 1))
	}
	p.rows = rows
}

// rowOf is row y of rows; a row past the end is empty.
func rowOf(rows []string, y int) string {
	if y < len(rows) {
		return rows[y]
	}
	return ""
}

// endsUnstyled reports whether a row that starts unstyled ends so: it sets
// no style, or the last one it sets is a reset. A row with any other control
// sequence (a link, say) does not.
func endsUnstyled(row string) bool {
	last := strings.LastIndex(row, "\x1b")
	if last < 0 {
		return true
	}
	if strings.Contains(row, "\x1b]") || strings.Contains(row, "\x1bP") || strings.Contains(row, "\x1b_") {
		return false
	}
	seq := row[last:]
	return strings.HasPrefix(seq, "\x1b[m") || strings.HasPrefix(seq, "\x1b[0m")
}

// mouseMode is what turns mouse reports from one mode to the other.
func mouseMode(from, to tea.MouseMode) string {
	off := ansi.ResetModeMouseButtonEvent + ansi.ResetModeMouseAnyEvent + ansi.ResetModeMouseExtSgr
	switch to {
	case tea.MouseModeCellMotion:
		return off + ansi.SetModeMouseButtonEvent + ansi.SetModeMouseExtSgr
	case tea.MouseModeAllMotion:
		return off + ansi.SetModeMouseAnyEvent + ansi.SetModeMouseExtSgr
	}
	if from == tea.MouseModeNone {
		return ""
	}
	return off
}

// close puts the terminal back as the first frame found it: the main screen,
// the cursor, no mouse reports, no title, the keyboard as it was.
func (p *painter) close() error {
	if p.timer != nil {
		p.timer.Stop()
	}
	if !p.started {
		return nil
	}
	v := p.shown
	_, _ = p.scr.WriteString(ansi.ResetModifyOtherKeys + ansi.PopKittyKeyboard(1))
	p.scr.MoveTo(0, p.cells.Height()-1)
	if v.AltScreen {
		p.scr.ExitAltScreen()
	} else {
		_, _ = p.scr.WriteString(ansi.EraseScreenBelow)
	}
	_, _ = p.scr.WriteString(ansi.SetModeTextCursorEnable)
	if !v.DisableBracketedPasteMode {
		_, _ = p.scr.WriteString(ansi.ResetModeBracketedPaste)
	}
	_, _ = p.scr.WriteString(mouseMode(v.MouseMode, tea.MouseModeNone))
	if v.WindowTitle != "" {
		_, _ = p.scr.WriteString(ansi.SetWindowTitle(""))
	}
	if err := p.scr.Flush(); err != nil {
		return fmt.Errorf("leave the screen: %w", err)
	}
	_, err := p.out.Write(p.pending.Bytes())
	p.pending.Reset()
	if err != nil {
		return fmt.Errorf("leave the screen: %w", err)
	}
	return nil
}
