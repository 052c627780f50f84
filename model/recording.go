package model

// Recording is the state of a call's recording.
type Recording uint8

// The recording states. The zero value is RecordingNone: recording was never
// invoked during the call (the API then omits the field).
const (
	RecordingNone    Recording = iota
	RecordingPending           // asked to start, not yet recording
	RecordingStarted           // recording
	RecordingPaused            // recording, paused
	RecordingStopped           // stopped
	RecordingFailed            // failed
	RecordingUnknown           // a state this version does not know
)

// ParseRecording maps the API's recordingState string ("pending", "started",
// "paused", "stopped", "failed") to a Recording. "" (absent) is
// RecordingNone; anything else is RecordingUnknown.
func ParseRecording(s string) Recording {
	switch s {
	case "":
		return RecordingNone
	case "pending":
		return RecordingPending
	case "started":
		return RecordingStarted
	case "paused":
		return RecordingPaused
	case "stopped":
		return RecordingStopped
	case "failed":
		return RecordingFailed
	}
	return RecordingUnknown
}

// String returns the API's name for the state: "" for RecordingNone, as the
// API omits it, and "unknown" for RecordingUnknown.
func (r Recording) String() string {
	switch r {
	case RecordingNone:
		return ""
	case RecordingPending:
		return "pending"
	case RecordingStarted:
		return "started"
	case RecordingPaused:
		return "paused"
	case RecordingStopped:
		return "stopped"
	case RecordingFailed:
		return "failed"
	}
	return "unknown"
}

// Label returns the state in the operator's words: "not recorded",
// "recording starting", "recording", "recording paused", "recording
// stopped", "recording failed" or "recording unknown".
func (r Recording) Label() string {
	switch r {
	case RecordingNone:
		return "not recorded"
	case RecordingPending:
		return "recording starting"
	case RecordingStarted:
		return "recording"
	case RecordingPaused:
		return "recording paused"
	case RecordingStopped:
		return "recording stopped"
	case RecordingFailed:
		return "recording failed"
	}
	return "recording unknown"
}

// Active reports whether a recording is under way: pending, started or
// paused. Those are the states in which it can be stopped.
func (r Recording) Active() bool {
	return r == RecordingPending || r == RecordingStarted || r == RecordingPaused
}
