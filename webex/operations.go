package webex

import (
	"context"
	"errors"
	"net/http"
	"net/url"
)

// callsPath is the root of the Call Controls operations.
const callsPath = "/telephony/calls"

// post sends an action that answers 204 No Content.
func (c *Client) post(ctx context.Context, op, action string, body any) error {
	_, err := c.do(ctx, op, http.MethodPost, callsPath+"/"+action, nil, body, nil)
	return err
}

// postNewCall sends an action that answers 201 with the new call's ids.
func (c *Client) postNewCall(ctx context.Context, op, action string, body any) (NewCall, error) {
	var out NewCall
	_, err := c.do(ctx, op, http.MethodPost, callsPath+"/"+action, nil, body, &out)
	return out, err
}

func opFor(verb, callID string) string {
	if callID == "" {
		return verb
	}
	return verb + " " + callID
}

// Dial places a click-to-dial call: the user's devices (or EndpointID) ring
// first, and the call to Destination starts when one is answered.
func (c *Client) Dial(ctx context.Context, req DialRequest) (NewCall, error) {
	return c.postNewCall(ctx, opFor("dial", req.Destination), "dial", req)
}

// Answer answers an incoming call on the primary device or req.EndpointID.
func (c *Client) Answer(ctx context.Context, req AnswerRequest) error {
	return c.post(ctx, opFor("answer", req.CallID), "answer", req)
}

// Reject rejects an unanswered incoming call.
func (c *Client) Reject(ctx context.Context, req RejectRequest) error {
	return c.post(ctx, opFor("reject", req.CallID), "reject", req)
}

// Hangup ends a call (an unanswered incoming call is rejected as busy).
func (c *Client) Hangup(ctx context.Context, req CallRequest) error {
	return c.post(ctx, opFor("hangup", req.CallID), "hangup", req)
}

// Hold holds a connected call.
func (c *Client) Hold(ctx context.Context, req CallRequest) error {
	return c.post(ctx, opFor("hold", req.CallID), "hold", req)
}

// Resume resumes a held call.
func (c *Client) Resume(ctx context.Context, req CallRequest) error {
	return c.post(ctx, opFor("resume", req.CallID), "resume", req)
}

// Mute mutes a call that reports muteCapable.
func (c *Client) Mute(ctx context.Context, req CallRequest) error {
	return c.post(ctx, opFor("mute", req.CallID), "mute", req)
}

// Unmute unmutes a call that reports muteCapable.
func (c *Client) Unmute(ctx context.Context, req CallRequest) error {
	return c.post(ctx, opFor("unmute", req.CallID), "unmute", req)
}

// Divert sends a call to a destination or to voicemail without waiting for an answer.
func (c *Client) Divert(ctx context.Context, req DivertRequest) error {
	return c.post(ctx, opFor("divert", req.CallID), "divert", req)
}

// Transfer joins two calls (204: it returns nil) or mute-transfers CallID1 to
// Destination (201: it returns the new call to the destination).
func (c *Client) Transfer(ctx context.Context, req TransferRequest) (*NewCall, error) {
	var out NewCall
	status, err := c.do(ctx, opFor("transfer", req.CallID1), http.MethodPost, callsPath+"/transfer", nil, req, &out)
	if err != nil || status == http.StatusNoContent {
		return nil, err
	}
	return &out, nil
}

// Park parks a call; the result's number retrieves it.
func (c *Client) Park(ctx context.Context, req ParkRequest) (ParkResult, error) {
	var out ParkResult
	_, err := c.do(ctx, opFor("park", req.CallID), http.MethodPost, callsPath+"/park", nil, req, &out)
	return out, err
}

// Retrieve retrieves a parked call as a new call.
func (c *Client) Retrieve(ctx context.Context, req RetrieveRequest) (NewCall, error) {
	return c.postNewCall(ctx, opFor("retrieve", req.Destination), "retrieve", req)
}

// StartRecording starts recording a call (recording mode "On Demand").
func (c *Client) StartRecording(ctx context.Context, req CallRequest) error {
	return c.post(ctx, opFor("start recording", req.CallID), "startRecording", req)
}

// StopRecording stops recording a call.
func (c *Client) StopRecording(ctx context.Context, req CallRequest) error {
	return c.post(ctx, opFor("stop recording", req.CallID), "stopRecording", req)
}

// PauseRecording pauses a call's recording.
func (c *Client) PauseRecording(ctx context.Context, req CallRequest) error {
	return c.post(ctx, opFor("pause recording", req.CallID), "pauseRecording", req)
}

// ResumeRecording resumes a paused recording.
func (c *Client) ResumeRecording(ctx context.Context, req CallRequest) error {
	return c.post(ctx, opFor("resume recording", req.CallID), "resumeRecording", req)
}

// TransmitDTMF sends DTMF digits on a connected call.
func (c *Client) TransmitDTMF(ctx context.Context, req DTMFRequest) error {
	return c.post(ctx, opFor("dtmf", req.CallID), "transmitDtmf", req)
}

// Push pushes a call from an executive assistant to the executive.
func (c *Client) Push(ctx context.Context, req CallRequest) error {
	return c.post(ctx, opFor("push", req.CallID), "push", req)
}

// Pickup picks up a call ringing for req.Target or in the user's pickup group.
func (c *Client) Pickup(ctx context.Context, req PickupRequest) (NewCall, error) {
	return c.postNewCall(ctx, opFor("pickup", req.Target), "pickup", req)
}

// BargeIn joins req.Target's answered call.
func (c *Client) BargeIn(ctx context.Context, req BargeInRequest) (NewCall, error) {
	return c.postNewCall(ctx, opFor("barge in", req.Target), "bargeIn", req)
}

// Pull moves the user's active call to req.EndpointID.
func (c *Client) Pull(ctx context.Context, req PullRequest) (NewCall, error) {
	return c.postNewCall(ctx, "pull", "pull", req)
}

func lineOwnerQuery(lineOwnerID string) url.Values {
	if lineOwnerID == "" {
		return nil
	}
	return url.Values{"lineOwnerId": {lineOwnerID}}
}

// ListCalls returns the user's active calls.
func (c *Client) ListCalls(ctx context.Context, lineOwnerID string) ([]Call, error) {
	var out CallList
	if _, err := c.do(ctx, "list calls", http.MethodGet, callsPath, lineOwnerQuery(lineOwnerID), nil, &out); err != nil {
		return nil, err
	}
	return out.Items, nil
}

// GetCall returns one active call.
func (c *Client) GetCall(ctx context.Context, callID, lineOwnerID string) (Call, error) {
	var out Call
	if callID == "" {
		return out, errors.New("get call: no call id")
	}
	_, err := c.do(ctx, "get call "+callID, http.MethodGet, callsPath+"/"+url.PathEscape(callID), lineOwnerQuery(lineOwnerID), nil, &out)
	return out, err
}

// ListHistory returns the user's call history of type t ("" = all types),
// newest first, at most 20 records per type.
func (c *Client) ListHistory(ctx context.Context, t HistoryType) ([]HistoryRecord, error) {
	var q url.Values
	if t != "" {
		q = url.Values{"type": {string(t)}}
	}
	var out HistoryList
	if _, err := c.do(ctx, "list call history", http.MethodGet, callsPath+"/history", q, nil, &out); err != nil {
		return nil, err
	}
	return out.Items, nil
}

// Me returns the signed-in user (GET /people/me).
func (c *Client) Me(ctx context.Context) (Person, error) {
	var out Person
	_, err := c.do(ctx, "get signed-in user", http.MethodGet, "/people/me", nil, nil, &out)
	return out, err
}
