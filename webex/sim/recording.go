package sim

import "github.com/callboard/callboard/webex"

// RecordingMode is the user's call recording mode: recording runs only when
// asked for, and can be paused and resumed.
const RecordingMode = "On Demand"

// recording reports whether the call is being recorded (pending, started or paused).
func recording(c *call) bool {
	switch c.recording {
	case webex.RecordingPending, webex.RecordingStarted, webex.RecordingPaused:
		return true
	}
	return false
}

// startRecording starts recording a connected call: pending, then started
// after RecordingStartDelay.
func (e *engine) startRecording(req webex.CallRequest) error {
	c, err := e.lookup(req.LineOwnerID, "callId", req.CallID)
	if err != nil {
		return err
	}
	switch {
	case recording(c):
		return badRequest("cannot start recording: the call is already being recorded (recordingState %s)", c.recording)
	case !c.talking():
		return badRequest("cannot start recording: the call is %s; recording starts on a connected call", c.state())
	}
	c.recording = webex.RecordingPending
	e.timers.schedule(c.id, tRecordingStart, e.after(e.cfg.recordingStart))
	return nil
}

// stopRecording stops a recording that is pending, started or paused.
func (e *engine) stopRecording(req webex.CallRequest) error {
	c, err := e.lookup(req.LineOwnerID, "callId", req.CallID)
	if err != nil {
		return err
	}
	if !recording(c) {
		return notRecording("stop", c)
	}
	c.recording = webex.RecordingStopped
	e.timers.cancel(c.id, tRecordingStart)
	return nil
}

// pauseRecording pauses a started recording.
func (e *engine) pauseRecording(req webex.CallRequest) error {
	c, err := e.lookup(req.LineOwnerID, "callId", req.CallID)
	if err != nil {
		return err
	}
	switch c.recording {
	case webex.RecordingStarted:
		c.recording = webex.RecordingPaused
		return nil
	case webex.RecordingPending:
		return badRequest("cannot pause recording: the recording has not started yet (recordingState pending)")
	case webex.RecordingPaused:
		return badRequest("cannot pause recording: the recording is already paused")
	}
	return notRecording("pause", c)
}

// resumeRecording resumes a paused recording.
func (e *engine) resumeRecording(req webex.CallRequest) error {
	c, err := e.lookup(req.LineOwnerID, "callId", req.CallID)
	if err != nil {
		return err
	}
	switch c.recording {
	case webex.RecordingPaused:
		c.recording = webex.RecordingStarted
		return nil
	case webex.RecordingPending, webex.RecordingStarted:
		return badRequest("cannot resume recording: the recording is not paused (recordingState %s)", c.recording)
	}
	return notRecording("resume", c)
}

func notRecording(verb string, c *call) error {
	if c.recording == "" {
		return badRequest("cannot %s recording: the call is not being recorded (recording was never started)", verb)
	}
	return badRequest("cannot %s recording: the call is not being recorded (recordingState %s)", verb, c.recording)
}
