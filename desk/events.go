package desk

import (
	"fmt"
	"time"

	"github.com/callboard/callboard/model"
)

// Event is something that happened to the desk: the operator meant
// something, a poll or an action came back, or time passed. Step takes one.
type Event interface{ event() }

// Tick says time has passed: ended rows leave, holds grow long, polls and
// resends fall due. The console steps the desk with one at NextWake.
type Tick struct{}

// Polled is the reply to the Poll with the same Seq.
type Polled struct {
	Seq     uint64
	Calls   []model.Call // the line's calls; nil when Failure is set
	Failure *Failure
	Line    string // the Poll's Line
}

// Replied is the reply to the Send of operation ID.
type Replied struct {
	ID      OpID
	Result  Result
	Failure *Failure
}

// Intent is the operator meaning to act: a key, a confirmed prompt, a
// command line, a one-shot verb.
type Intent struct {
	// Actions are the candidates, in order: the first the call allows is
	// done. A toggle key offers two (hold, resume); everything else one.
	Actions []model.Action
	// CallID is the call the operator acted on, bound when the key was
	// pressed or the prompt opened; "" for verbs that create a call.
	CallID string
	// Name is who the operator saw on that call, for messages after the
	// call has gone.
	Name string
	Args Args
}

// Move moves the selection By rows (negative: up) among the rows shown.
type Move struct{ By int }

// Jump selects the first (or, with Last, the last) row shown.
type Jump struct{ Last bool }

// Select selects a call by id.
type Select struct{ ID string }

// Filter narrows the rows shown to those matching Query ("" shows all).
type Filter struct{ Query string }

// Identify tells the desk who the operator is, so it knows a park on their
// own line when it sees one.
type Identify struct{ Me Me }

// Refresh asks for a poll now (ctrl+r).
type Refresh struct{}

// CancelWaiting drops the actions waiting out a rate limit (esc).
type CancelWaiting struct{}

// HistoryShown says whether the history screen is open: while it is, missed
// calls are seen as they happen and do not add to the missed count.
type HistoryShown struct{ Open bool }

func (Tick) event()          {}
func (Polled) event()        {}
func (Replied) event()       {}
func (Intent) event()        {}
func (Move) event()          {}
func (Jump) event()          {}
func (Select) event()        {}
func (Filter) event()        {}
func (Identify) event()      {}
func (Refresh) event()       {}
func (CancelWaiting) event() {}
func (HistoryShown) event()  {}

// Me is the signed-in operator, as far as the desk needs to know.
type Me struct {
	PersonID string
	Numbers  []string // extension and phone numbers
}

// is reports whether p is the operator's own line.
func (m Me) is(p model.Party) bool {
	if p.PersonID != "" && p.PersonID == m.PersonID {
		return true
	}
	for _, n := range m.Numbers {
		if p.Number != "" && p.Number == n {
			return true
		}
	}
	return false
}

// Effect is something the desk asks its host to do.
type Effect interface{ effect() }

// Send asks for an operation to be sent; its reply comes back as Replied.
type Send struct{ Op Operation }

// Poll asks for a line's calls; the reply comes back as Polled.
type Poll struct {
	Seq  uint64
	Line string // the lineOwnerId to list; "" for the operator's own line
}

// Say shows the operator a message.
type Say struct {
	Level Level
	Text  string
}

// Bell rings the terminal bell.
type Bell struct{}

// Notify shows a desktop notification.
type Notify struct{ Title, Body string }

// HistoryStale says the history screen's records are out of date (a call
// ended while it is open).
type HistoryStale struct{}

// Happened reports a change on the line, for whatever follows the line
// besides the screen (event hooks, the journal).
type Happened struct {
	What    Happening
	Row     model.Row
	Outcome Outcome // why the call left the line, for Ended
	// Operator is the operator's state once the change is applied.
	Operator OperatorState
	// Queue and Waited are, for QueueWait, the call queue the caller
	// (Row.Call) waits in and how long they have waited.
	Queue  string
	Waited time.Duration
}

func (Send) effect()         {}
func (Poll) effect()         {}
func (Say) effect()          {}
func (Bell) effect()         {}
func (Notify) effect()       {}
func (HistoryStale) effect() {}
func (Happened) effect()     {}

// Level is how a message looks and how long it stays.
type Level uint8

// The levels.
const (
	Info    Level = iota // for information; goes soon
	Success              // an action worked
	Problem              // something failed or was refused: stays long enough to read while talking
	Busy                 // an action is on its way: stays until replaced
	// Notice is news the operator did not ask for (a change made
	// elsewhere, the lines found): it waits while the status line answers
	// a key, so a refusal or a reply is never swept away unread.
	Notice
)

// Happening is a kind of change on the line.
type Happening uint8

// The happenings.
const (
	Rang        Happening = iota + 1 // a call started ringing in
	Answered                         // a call was answered
	Held                             // a call went on hold
	Resumed                          // a held call was resumed
	Ended                            // a call left the line
	Missed                           // an incoming call stopped ringing unanswered
	HeldTooLong                      // a hold reached the limit
	Recalled                         // a parked call came back
	QueueWait                        // a caller has waited in a call queue past its alarm
)

// String names the happening as event hooks do.
func (h Happening) String() string {
	switch h {
	case Rang:
		return "ringing"
	case Answered:
		return "answered"
	case Held:
		return "held"
	case Resumed:
		return "resumed"
	case Ended:
		return "ended"
	case Missed:
		return "missed"
	case HeldTooLong:
		return "held-too-long"
	case Recalled:
		return "recalled"
	case QueueWait:
		return "queue-wait"
	}
	return fmt.Sprintf("happening(%d)", h)
}

// OpID identifies an operation the desk sent.
type OpID uint64

// Operation is one request that changes a call, described without HTTP.
type Operation struct {
	ID     OpID
	Action model.Action // what to send; a transfer to voicemail goes as ActionDivert
	CallID string       // the call acted on; "" for new calls
	With   string       // join: the second call
	Args   Args
	Line   string // the lineOwnerId the call is on; "" for the operator's own line
}

// OperationFor is the request a verb sends for a call with its argument:
// the action itself, except a transfer to voicemail, which goes as a
// divert (there is nobody to answer voicemail, and Webex's transfer has no
// voicemail form).
func OperationFor(act model.Action, callID string, args Args) Operation {
	if act == model.ActionTransfer && args.Voicemail {
		act = model.ActionDivert
	}
	return Operation{Action: act, CallID: callID, Args: args}
}

// Result is what a successful operation returned.
type Result struct {
	// CallID and SessionID are the call the operation created: dial,
	// retrieve, pick up, barge in, pull, and a blind transfer's new leg.
	CallID, SessionID string
	ParkedAt          model.Party // where a park put the call
}

// FailureKind says why a request failed, which decides what happens next.
type FailureKind uint8

// The failure kinds.
const (
	FailNetwork     FailureKind = iota + 1 // no answer: it may or may not have happened
	FailRateLimited                        // 429: Webex did not act; wait RetryAfter
	FailGone                               // the call no longer exists (404, 400 "Call not found")
	FailSignedOut                          // 401: the sign-in is not accepted
	FailRefused                            // another 4xx: Webex refused; nothing happened
	FailServer                             // 5xx: it may or may not have happened
	FailBadReply                           // a reply callboard cannot read
	FailCanceled                           // the console is quitting
)

// Failure is a request that did not succeed, classified.
type Failure struct {
	Kind       FailureKind
	Status     int           // the HTTP status; 0 when there was no answer
	Text       string        // Webex's message, or the network's cause; printable
	TrackingID string        // quote it to Webex support
	RetryAfter time.Duration // FailRateLimited: how long Webex asked to wait
	// Scope is, for a 403, the scope the request needed: signing in again
	// with it is the remedy.
	Scope string
}

// Error describes the failure in one line.
func (f *Failure) Error() string {
	text := f.Text
	if f.Status != 0 {
		text = fmt.Sprintf("%d %s", f.Status, f.Text)
	}
	if f.TrackingID != "" {
		text += " (tracking ID " + f.TrackingID + ")"
	}
	return text
}

// MayHaveHappened reports whether the request may have reached Webex and
// acted although it failed: a lost answer or a server error. Such a request
// is never sent again by itself.
func (f *Failure) MayHaveHappened() bool {
	return f.Kind == FailNetwork || f.Kind == FailServer || f.Kind == FailBadReply
}
