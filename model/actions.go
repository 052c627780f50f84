package model

import (
	"strconv"
	"strings"
)

// Action is something the operator can do. Actions on a call take the
// selected call; the others (Dial, Retrieve, Pickup, BargeIn, Pull) need none.
type Action uint8

// The operator's actions. The zero value is not an action.
const (
	ActionAnswer       Action = iota + 1 // answer a ringing incoming call
	ActionReject                         // reject a ringing incoming call
	ActionHangup                         // end a call (cancels a click-to-dial; rejects a ringing incoming call)
	ActionHold                           // put a connected call on hold
	ActionResume                         // take a held call off hold
	ActionTransfer                       // blind-transfer a call to a destination
	ActionJoinTransfer                   // join two of the user's calls and drop out
	ActionConsult                        // hold this call and dial a consult party
	ActionDivert                         // send a ringing call elsewhere (or to voicemail)
	ActionPark                           // park a call
	ActionRetrieve                       // retrieve a parked call
	ActionDial                           // place a call (click to dial)
	ActionPickup                         // pick up a call ringing for someone else
	ActionBargeIn                        // join another user's answered call
	ActionMute                           // mute a call
	ActionUnmute                         // unmute a call
	ActionRecordStart                    // start recording
	ActionRecordStop                     // stop recording
	ActionRecordPause                    // pause recording
	ActionRecordResume                   // resume a paused recording
	ActionDTMF                           // send DTMF digits
	ActionPush                           // push an assistant's call to the executive
	ActionPull                           // pull the user's call to another device

	ActionConferenceStart    // join two answered calls into a three-way conference
	ActionConferenceAdd      // add an answered call to the conference
	ActionConferenceMute     // mute a participant: the others stop hearing them
	ActionConferenceUnmute   // unmute a participant
	ActionConferenceDeafen   // deafen a participant: they stop hearing the conference
	ActionConferenceUndeafen // undeafen a participant
	ActionConferenceHold     // hold the conference: the others keep talking
	ActionConferenceResume   // come back into a held conference
	ActionConferenceRelease  // end the conference and every call in it
	ActionConferenceLeave    // drop out, leaving the others talking
	ActionDoNotDisturb       // turn the user's do not disturb on or off
	ActionNightService       // turn the configured call forwarding (night service) on or off
	ActionWrapUp             // tag the last queue call with wrap-up reasons
	ActionQueueJoin          // join a call queue
	ActionQueueLeave         // leave a call queue
	ActionAgentState         // change the call queue agent state

	actionEnd // one past the last action
)

// Actions returns every action, in declaration order. The slice is new on
// every call.
func Actions() []Action {
	all := make([]Action, 0, actionEnd-1)
	for a := ActionAnswer; a < actionEnd; a++ {
		all = append(all, a)
	}
	return all
}

// String returns the verb the command line uses for the action: "answer",
// "reject", "hangup", "hold", "resume", "transfer", "join", "consult",
// "divert", "park", "retrieve", "dial", "pickup", "barge", "mute", "unmute",
// "record start", "record stop", "record pause", "record resume", "dtmf",
// "push", "pull", "conference start" (and add, mute, unmute, deafen,
// undeafen, hold, resume, release, leave), "dnd", "night", "wrapup",
// "queue join", "queue leave", "agent".
func (a Action) String() string {
	switch a {
	case ActionAnswer:
		return "answer"
	case ActionReject:
		return "reject"
	case ActionHangup:
		return "hangup"
	case ActionHold:
		return "hold"
	case ActionResume:
		return "resume"
	case ActionTransfer:
		return "transfer"
	case ActionJoinTransfer:
		return "join"
	case ActionConsult:
		return "consult"
	case ActionDivert:
		return "divert"
	case ActionPark:
		return "park"
	case ActionRetrieve:
		return "retrieve"
	case ActionDial:
		return "dial"
	case ActionPickup:
		return "pickup"
	case ActionBargeIn:
		return "barge"
	case ActionMute:
		return "mute"
	case ActionUnmute:
		return "unmute"
	case ActionRecordStart:
		return "record start"
	case ActionRecordStop:
		return "record stop"
	case ActionRecordPause:
		return "record pause"
	case ActionRecordResume:
		return "record resume"
	case ActionDTMF:
		return "dtmf"
	case ActionPush:
		return "push"
	case ActionPull:
		return "pull"
	case ActionConferenceStart:
		return "conference start"
	case ActionConferenceAdd:
		return "conference add"
	case ActionConferenceMute:
		return "conference mute"
	case ActionConferenceUnmute:
		return "conference unmute"
	case ActionConferenceDeafen:
		return "conference deafen"
	case ActionConferenceUndeafen:
		return "conference undeafen"
	case ActionConferenceHold:
		return "conference hold"
	case ActionConferenceResume:
		return "conference resume"
	case ActionConferenceRelease:
		return "conference release"
	case ActionConferenceLeave:
		return "conference leave"
	case ActionDoNotDisturb:
		return "dnd"
	case ActionNightService:
		return "night"
	case ActionWrapUp:
		return "wrapup"
	case ActionQueueJoin:
		return "queue join"
	case ActionQueueLeave:
		return "queue leave"
	case ActionAgentState:
		return "agent"
	}
	return "action(" + strconv.Itoa(int(a)) + ")"
}

// ParseAction finds the action a verb names. It ignores case and treats
// runs of spaces, "-" and "_" as one space, so "record-start" and
// "Record  Start" both name ActionRecordStart; "barge in" and "bargein" are
// accepted for ActionBargeIn.
func ParseAction(verb string) (Action, bool) {
	norm := strings.Join(strings.FieldsFunc(strings.ToLower(verb), func(r rune) bool {
		return r == ' ' || r == '-' || r == '_' || r == '\t'
	}), " ")
	if norm == "barge in" || norm == "bargein" {
		return ActionBargeIn, true
	}
	for a := ActionAnswer; a < actionEnd; a++ {
		if a.String() == norm {
			return a, true
		}
	}
	return 0, false
}

// NeedsCall reports whether the action applies to a selected call. Dial,
// Retrieve, Pickup, BargeIn and Pull create a new call and need none; the
// actions on a whole conference (hold, resume, release, leave) act on the
// conference of a line, and the settings (do not disturb, night service,
// wrap-up, queues, agent state) on the user.
func (a Action) NeedsCall() bool {
	switch a {
	case ActionDial, ActionRetrieve, ActionPickup, ActionBargeIn, ActionPull,
		ActionConferenceHold, ActionConferenceResume, ActionConferenceRelease, ActionConferenceLeave,
		ActionDoNotDisturb, ActionNightService, ActionWrapUp, ActionQueueJoin, ActionQueueLeave, ActionAgentState:
		return false
	}
	return true
}

// valid reports whether a is one of the declared actions.
func (a Action) valid() bool { return a >= ActionAnswer && a < actionEnd }

// Allowed reports whether the action can be offered for call c (nil: no call
// selected). The rules follow the API's own: Answer, Reject and Divert need
// a ringing incoming call; Hangup any call that has not ended; Hold a
// connected (or remotely held) call; Resume a held one; Transfer, Consult,
// Park and JoinTransfer an answered, live call; Mute and Unmute a call the
// API reports muteCapable; the recording actions follow the recording state;
// DTMF needs a connected call and Push a connected or held one. The API may
// still refuse (Push, say, when the call is not an executive's), but an
// action Allowed refuses would certainly fail.
func Allowed(a Action, c *Call) bool { return reason(a, c) == "" }

// Why explains, for the status line, why the action is not allowed for call
// c: "hold: the call is ringing — answer it first", "answer: the call has
// already ended", "no call selected". It returns "" when the action is
// allowed.
func Why(a Action, c *Call) string {
	r := reason(a, c)
	if r == "" || r == noCall {
		return r
	}
	return a.String() + ": " + r
}

// CanJoin reports whether two calls can be joined (a transfer of two calls,
// after which the user drops out): two distinct calls, both answered and
// neither ringing, connecting nor ended.
func CanJoin(a, b *Call) bool {
	return a != nil && b != nil && a.ID != b.ID &&
		a.State.answeredLive() && b.State.answeredLive()
}

// noCall is the reason for an action that needs a call when none is selected.
const noCall = "no call selected"

// The reasons shared by several actions.
const (
	reasonEnded   = "the call has already ended"
	reasonUnknown = "the call's state is unknown"
)

// reason is the single source of Allowed and Why: "" when the action is
// allowed, else why not, without the verb.
func reason(a Action, c *Call) string {
	switch {
	case !a.valid():
		return "unknown action"
	case !a.NeedsCall():
		return ""
	case c == nil:
		return noCall
	case c.Ended():
		return reasonEnded
	}
	switch a {
	case ActionAnswer, ActionReject, ActionDivert:
		return needRinging(c)
	case ActionHangup:
		return ""
	case ActionHold:
		switch c.State {
		case StateConnected, StateRemoteHeld:
			return ""
		case StateHeld:
			return "the call is already on hold"
		}
	case ActionResume:
		switch c.State {
		case StateHeld:
			return ""
		case StateConnected:
			return "the call is not on hold"
		case StateRemoteHeld:
			return "the other party put the call on hold — only they can resume it"
		}
	case ActionTransfer:
		if c.Ringing() {
			// The API cannot transfer an unanswered incoming call; divert can.
			return "the call is ringing — answer it first, or divert it"
		}
		if c.State.answeredLive() {
			return ""
		}
	case ActionConsult, ActionPark, ActionJoinTransfer, ActionConferenceStart, ActionConferenceAdd:
		if c.State.answeredLive() {
			return ""
		}
	case ActionConferenceMute, ActionConferenceUnmute, ActionConferenceDeafen, ActionConferenceUndeafen:
		// Whether the call is in a conference, and muted or deafened there,
		// only the conference's details say: the desk checks that.
		if c.State.answeredLive() {
			return ""
		}
	case ActionMute:
		switch {
		case !c.MuteCapable:
			return "the call cannot be muted from here"
		case c.Muted:
			return "the call is already muted"
		case c.State.answeredLive():
			return ""
		}
	case ActionUnmute:
		switch {
		case !c.MuteCapable:
			return "the call cannot be unmuted from here"
		case !c.Muted:
			return "the call is not muted"
		}
		return ""
	case ActionRecordStart:
		if c.State == StateConnected {
			return recordStartReason(c.Recording)
		}
	case ActionRecordStop:
		if c.Recording.Active() {
			return ""
		}
		return recordingReason(c.Recording)
	case ActionRecordPause:
		switch c.Recording {
		case RecordingStarted:
			return ""
		case RecordingPaused:
			return "recording is already paused"
		case RecordingPending:
			return "recording has not started yet"
		}
		return recordingReason(c.Recording)
	case ActionRecordResume:
		switch c.Recording {
		case RecordingPaused:
			return ""
		case RecordingStarted, RecordingPending:
			return "recording is not paused"
		}
		return recordingReason(c.Recording)
	case ActionDTMF:
		if c.State == StateConnected {
			return ""
		}
	case ActionPush:
		if c.State == StateConnected || c.State == StateHeld {
			return ""
		}
	}
	return stateReason(c)
}

// needRinging is the reason for Answer, Reject and Divert.
func needRinging(c *Call) string {
	switch {
	case c.Ringing():
		return ""
	case c.State == StateAlerting && c.Personality == PersonalityUnknown:
		return "the call's direction is unknown"
	case c.State == StateAlerting:
		return "the call is ringing your own phone — pick it up there"
	case c.State == StateUnknown:
		return reasonUnknown
	}
	return "the call is " + c.Status().Word() + ", not ringing"
}

// recordStartReason is the reason for RecordStart on a connected call.
func recordStartReason(r Recording) string {
	switch r {
	case RecordingNone, RecordingStopped, RecordingFailed:
		return ""
	case RecordingPending:
		return "recording is already starting"
	case RecordingStarted:
		return "the call is already being recorded"
	case RecordingPaused:
		return "recording is paused — resume it instead"
	}
	return "the recording state is unknown"
}

// recordingReason is the reason for a recording action when no recording is
// under way.
func recordingReason(r Recording) string {
	if r == RecordingUnknown {
		return "the recording state is unknown"
	}
	return "the call is not being recorded"
}

// stateReason says why a call in its current state cannot take an action
// that needs an answered, live call.
func stateReason(c *Call) string {
	switch c.Status() {
	case StatusEnded:
		return reasonEnded
	case StatusRinging:
		return "the call is ringing — answer it first"
	case StatusRingingYourPhone:
		return "the call is ringing your phone — pick it up first"
	case StatusConnecting:
		return "the call is still connecting"
	case StatusConnected:
		return "the call is connected"
	case StatusOnHold:
		return "the call is on hold — resume it first"
	case StatusHeldByRemote:
		return "the other party has put the call on hold"
	}
	return reasonUnknown
}
