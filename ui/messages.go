package ui

import (
	"time"

	"github.com/callboard/callboard/webex"
)

// pollMsg is the reply to one List Calls request.
type pollMsg struct {
	seq   uint64 // replies older than the newest applied one are dropped
	calls []webex.Call
	at    time.Time // when the request was sent
	err   error
}

// pollTickMsg is a scheduled poll; only the newest scheduled one fires.
type pollTickMsg struct{ gen uint64 }

// tickMsg advances the clock on screen (durations, data age, hold alerts).
type tickMsg time.Time

// meMsg is the signed-in user.
type meMsg struct {
	person webex.Person
	err    error
}

// historyMsg is the reply to List Call History.
type historyMsg struct {
	records []webex.HistoryRecord
	err     error
}

// actionMsg is the reply to an action.
type actionMsg struct {
	op     operation
	result any // webex.NewCall, *webex.NewCall or webex.ParkResult; nil for 204s
	err    error
}

// retryMsg resends an operation that Webex refused with 429 (it was not
// acted on), unless esc cancelled the resends of its generation.
type retryMsg struct {
	op  operation
	gen uint64
}

// statusExpiredMsg clears the status line if it still shows message id.
type statusExpiredMsg struct{ id uint64 }

// notifiedMsg reports a desktop notification that could not be shown.
type notifiedMsg struct{ err error }
