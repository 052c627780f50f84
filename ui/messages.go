package ui

import (
	"github.com/callboard/callboard/desk"
	"github.com/callboard/callboard/model"
	"github.com/callboard/callboard/webex"
)

// pollMsg is the reply to one List Calls request.
type pollMsg struct {
	seq     uint64
	line    string // the desk's line ("" for the operator's own)
	calls   []model.Call
	failure *desk.Failure
}

// readMsg is the reply to one of the desk's reads, as the event it steps.
type readMsg struct{ ev desk.Event }

// linesMsg is the lines found on the operator's devices.
type linesMsg struct {
	lines []desk.Line
	err   error
}

// actionMsg is the reply to one operation: what it created, or why it
// failed.
type actionMsg struct {
	id      desk.OpID
	result  desk.Result
	failure *desk.Failure
}

// wakeMsg is the console's one timer: the desk has something due, or the
// screen's clocks turn over. Only the newest scheduled one counts.
type wakeMsg struct{ gen uint64 }

// meMsg is the signed-in user.
type meMsg struct {
	person webex.Person
	err    error
}

// historyMsg is the reply to List Call History.
type historyMsg struct {
	records []model.HistoryRecord
	err     error
}

// statusExpiredMsg clears the status line if it still shows message id.
type statusExpiredMsg struct{ id uint64 }

// notifiedMsg reports a desktop notification that could not be shown.
type notifiedMsg struct{ err error }
