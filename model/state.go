package model

// Personality is the user's role in a call, as the API reports it.
type Personality uint8

// The personalities. The zero value is PersonalityUnknown: the API did not
// say, or said something this version does not know.
const (
	PersonalityUnknown     Personality = iota
	PersonalityOriginator              // an outgoing call placed by the user
	PersonalityTerminator              // an incoming call
	PersonalityClickToDial             // the user's devices alert for a Dial; becomes Originator once picked up
)

// ParsePersonality maps the API's personality string ("originator",
// "terminator", "clickToDial") to a Personality. Anything else, including "",
// is PersonalityUnknown.
func ParsePersonality(s string) Personality {
	switch s {
	case "originator":
		return PersonalityOriginator
	case "terminator":
		return PersonalityTerminator
	case "clickToDial":
		return PersonalityClickToDial
	}
	return PersonalityUnknown
}

// String returns the API's name for the personality, or "unknown".
func (p Personality) String() string {
	switch p {
	case PersonalityOriginator:
		return "originator"
	case PersonalityTerminator:
		return "terminator"
	case PersonalityClickToDial:
		return "clickToDial"
	}
	return "unknown"
}

// State is the state of a call as the API reports it.
type State uint8

// The call states. The zero value is StateUnknown.
const (
	StateUnknown      State = iota
	StateConnecting         // the remote party is being alerted
	StateAlerting           // the user's devices are alerting (incoming or click-to-dial)
	StateConnected          // talking
	StateHeld               // the user put the call on hold
	StateRemoteHeld         // the remote party (same organisation) put the call on hold
	StateDisconnected       // the call has ended
)

// ParseState maps the API's state string ("connecting", "alerting",
// "connected", "held", "remoteHeld", "disconnected") to a State. Anything
// else, including "", is StateUnknown.
func ParseState(s string) State {
	switch s {
	case "connecting":
		return StateConnecting
	case "alerting":
		return StateAlerting
	case "connected":
		return StateConnected
	case "held":
		return StateHeld
	case "remoteHeld":
		return StateRemoteHeld
	case "disconnected":
		return StateDisconnected
	}
	return StateUnknown
}

// String returns the API's name for the state, or "unknown".
func (s State) String() string {
	switch s {
	case StateConnecting:
		return "connecting"
	case StateAlerting:
		return "alerting"
	case StateConnected:
		return "connected"
	case StateHeld:
		return "held"
	case StateRemoteHeld:
		return "remoteHeld"
	case StateDisconnected:
		return "disconnected"
	}
	return "unknown"
}

// answeredLive reports whether a call in this state has been answered and
// has not ended: the states in which a call can be held, transferred or
// parked.
func (s State) answeredLive() bool {
	return s == StateConnected || s == StateHeld || s == StateRemoteHeld
}

// Status is what the operator reads in the call list: a word derived from
// the call's state and personality.
type Status uint8

// The statuses. StatusUnknown covers a state this version does not know.
const (
	StatusUnknown          Status = iota
	StatusRinging                 // an incoming call is alerting the user's devices
	StatusRingingYourPhone        // a click-to-dial call is alerting the user's own devices
	StatusConnecting              // the remote party is being alerted
	StatusConnected               // talking
	StatusOnHold                  // the user put the call on hold
	StatusHeldByRemote            // the remote party put the call on hold
	StatusEnded                   // the call has ended
)

// Word returns the status as the call list shows it: "ringing", "ringing
// your phone", "connecting", "connected", "on hold", "held by remote",
// "ended", or "unknown".
func (s Status) Word() string {
	switch s {
	case StatusRinging:
		return "ringing"
	case StatusRingingYourPhone:
		return "ringing your phone"
	case StatusConnecting:
		return "connecting"
	case StatusConnected:
		return "connected"
	case StatusOnHold:
		return "on hold"
	case StatusHeldByRemote:
		return "held by remote"
	case StatusEnded:
		return "ended"
	}
	return "unknown"
}

// String returns Word.
func (s Status) String() string { return s.Word() }

// statusOf derives the Status from a state and a personality. An alerting
// call the user placed (click-to-dial, or an originator, which the API should
// not report but might) rings the user's own phone; any other alerting call
// is ringing in.
func statusOf(s State, p Personality) Status {
	switch s {
	case StateAlerting:
		if p == PersonalityClickToDial || p == PersonalityOriginator {
			return StatusRingingYourPhone
		}
		return StatusRinging
	case StateConnecting:
		return StatusConnecting
	case StateConnected:
		return StatusConnected
	case StateHeld:
		return StatusOnHold
	case StateRemoteHeld:
		return StatusHeldByRemote
	case StateDisconnected:
		return StatusEnded
	}
	return StatusUnknown
}
