// Package pane is what the console's side panes (colleagues, queues, the
// park board, the call-back worklist) are to the console, and what the
// console is to them: a pane draws itself in the room it is given and
// takes the keys while it has the focus; it acts on calls only through its
// Host, so the desk stays the one place where calls change.
package pane

import (
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/callboard/callboard/desk"
	"github.com/callboard/callboard/model"
	"github.com/callboard/callboard/ui/prompt"
	"github.com/callboard/callboard/ui/theme"
)

// Pane is one side pane.
type Pane interface {
	// Name is the pane's title, and its name for the command line (":pane
	// colleagues").
	Name() string
	// Init starts what the pane fetches for itself.
	Init() tea.Cmd
	// Update takes every message the console does not handle itself (a
	// pane's own replies and timers among them: it ignores the others), and
	// the keys while the pane has the focus.
	Update(msg tea.Msg) tea.Cmd
	// View draws the pane in its size; focused says whether it has the
	// keys (it then shows its selection).
	View(now time.Time, focused bool) string
	// SetSize gives the pane its room.
	SetSize(width, height int)
	// Help lists the pane's keys, enabled when they can act now.
	Help() []key.Binding
	// Summary is a few words for the pane's tab while another pane shows
	// ("3 waiting"); "" for none.
	Summary() string
}

// Host is what a pane may ask of the console.
type Host interface {
	// Step applies an event to the desk at once (an intent on the selected
	// call, say) and returns the command that carries out its effects.
	Step(ev desk.Event) tea.Cmd
	// Selected returns the call selected in the call list.
	Selected() (model.Row, bool)
	// Board is the call list, read only.
	Board() *model.Board
	// Desk is the desk, for reading what it knows beyond the calls (the
	// queues, the lines, the conferences); it changes only through Step.
	Desk() *desk.Desk
	// Say shows a message on the status line.
	Say(level desk.Level, text string) tea.Cmd
	// Ask opens a prompt (a confirmation, a question).
	Ask(spec prompt.Spec) tea.Cmd
	// Now is the console's clock.
	Now() time.Time
	// After delivers msg after d, on the console's clock.
	After(d time.Duration, msg tea.Msg) tea.Cmd
	// Styles is the console's look.
	Styles() *theme.Styles
}

// New builds a pane on its host.
type New func(Host) Pane

// Yield is when a pane's own reading of Webex may go on, zero when it need
// not wait: while a rate limit holds, or an action waits one out, the calls
// come first. Webex limits each token, and the office's reads use another
// than the operator's, but an answer waiting for its turn matters more than
// a colleague's status a second late.
func Yield(c desk.Connection, now time.Time) time.Time {
	if !c.Limited {
		return time.Time{}
	}
	if resume := c.LimitUntil.Add(time.Second); resume.After(now) {
		return resume
	}
	return now.Add(time.Second)
}
