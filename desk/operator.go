package desk

import (
	"fmt"

	"github.com/callboard/callboard/model"
)

// OperatorState is what the operator is doing, as a busy light shows it:
// free, a call ringing, talking, or with a caller waiting on hold.
type OperatorState uint8

// The operator states. OperatorUnknown holds until the first list of
// calls arrives: before it, nobody knows.
const (
	OperatorUnknown OperatorState = iota // no list of calls yet
	OperatorIdle                         // no live call
	OperatorRinging                      // a call rings, nothing answered is live
	OperatorOnCall                       // talking: an answered or outgoing call is live
	OperatorOnHold                       // every answered call is on hold, nothing rings
)

// String names the state as event hooks and the event stream do.
func (s OperatorState) String() string {
	switch s {
	case OperatorUnknown:
		return "unknown"
	case OperatorIdle:
		return "idle"
	case OperatorRinging:
		return "ringing"
	case OperatorOnCall:
		return "on-call"
	case OperatorOnHold:
		return "on-hold"
	}
	return fmt.Sprintf("operator(%d)", s)
}

// OperatorStates lists the states an operator can be seen in, in the order
// of OperatorState, for documentation and validation.
func OperatorStates() []OperatorState {
	return []OperatorState{OperatorIdle, OperatorRinging, OperatorOnCall, OperatorOnHold}
}

// OperatorStateOf derives the operator's state from the call list alone.
// Talking wins over ringing (a busy light stays red while a second call
// rings), ringing over a hold (the operator is free to answer), and a hold
// over idle. Ended rows that linger on screen count for nothing.
func OperatorStateOf(b *model.Board) OperatorState {
	ringing, held := false, false
	for i := range b.Len() {
		r := b.Row(i)
		if r.Ended() {
			continue
		}
		switch r.Call.Status() {
		case model.StatusConnected, model.StatusConnecting, model.StatusHeldByRemote:
			return OperatorOnCall
		case model.StatusRinging, model.StatusRingingYourPhone:
			ringing = true
		case model.StatusOnHold:
			held = true
		}
	}
	switch {
	case ringing:
		return OperatorRinging
	case held:
		return OperatorOnHold
	}
	return OperatorIdle
}

// OperatorChanged reports that the operator's state changed, for whatever
// follows the line besides the screen (a busy light). The first list of
// calls reports the state it finds, from OperatorUnknown.
type OperatorChanged struct {
	State OperatorState
	Was   OperatorState
}

func (OperatorChanged) effect() {}

// noticeOperator emits OperatorChanged when the call list moved the
// operator to another state. Before the first successful poll the desk
// knows nothing, and says nothing.
func (d *Desk) noticeOperator() {
	if d.poll.lastOK.IsZero() {
		return
	}
	now := OperatorStateOf(d.board)
	if now == d.operator {
		return
	}
	d.emit(OperatorChanged{State: now, Was: d.operator})
	d.operator = now
}

// Operator returns the operator's state as of the last list of calls.
func (d *Desk) Operator() OperatorState { return d.operator }
