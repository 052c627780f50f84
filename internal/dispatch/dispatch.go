// Package dispatch carries out the desk's operations on the Webex client and
// classifies what goes wrong, so the console and the one-shot verbs send
// exactly the same request for the same verb and read its failure the same
// way.
package dispatch

import (
	"context"
	"errors"
	"fmt"

	"github.com/callboard/callboard/desk"
	"github.com/callboard/callboard/internal/convert"
	"github.com/callboard/callboard/internal/textsafe"
	"github.com/callboard/callboard/model"
	"github.com/callboard/callboard/webex"
)

// API is the part of the Webex client that changes calls; *webex.Client
// implements it.
type API interface {
	Dial(ctx context.Context, req webex.DialRequest) (webex.NewCall, error)
	Answer(ctx context.Context, req webex.AnswerRequest) error
	Reject(ctx context.Context, req webex.RejectRequest) error
	Hangup(ctx context.Context, req webex.CallRequest) error
	Hold(ctx context.Context, req webex.CallRequest) error
	Resume(ctx context.Context, req webex.CallRequest) error
	Mute(ctx context.Context, req webex.CallRequest) error
	Unmute(ctx context.Context, req webex.CallRequest) error
	Divert(ctx context.Context, req webex.DivertRequest) error
	Transfer(ctx context.Context, req webex.TransferRequest) (*webex.NewCall, error)
	Park(ctx context.Context, req webex.ParkRequest) (webex.ParkResult, error)
	Retrieve(ctx context.Context, req webex.RetrieveRequest) (webex.NewCall, error)
	StartRecording(ctx context.Context, req webex.CallRequest) error
	StopRecording(ctx context.Context, req webex.CallRequest) error
	PauseRecording(ctx context.Context, req webex.CallRequest) error
	ResumeRecording(ctx context.Context, req webex.CallRequest) error
	TransmitDTMF(ctx context.Context, req webex.DTMFRequest) error
	Push(ctx context.Context, req webex.CallRequest) error
	Pickup(ctx context.Context, req webex.PickupRequest) (webex.NewCall, error)
	BargeIn(ctx context.Context, req webex.BargeInRequest) (webex.NewCall, error)
	Pull(ctx context.Context, req webex.PullRequest) (webex.NewCall, error)
}

// Run sends one operation and returns what it created. Whatever the verb,
// the request is the one the verb table describes: a transfer to voicemail
// goes as a divert, a join as a transfer of two calls.
func Run(ctx context.Context, api API, op desk.Operation) (desk.Result, error) {
	res, _, err := RunRaw(ctx, api, op)
	return res, err
}

// RunRaw is Run that also returns the API's reply as the client decoded it
// (webex.NewCall, *webex.NewCall or webex.ParkResult; nil for a 204), for
// output that must be the API's JSON.
func RunRaw(ctx context.Context, api API, op desk.Operation) (desk.Result, any, error) {
	a := op.Args
	call := webex.CallRequest{CallID: op.CallID, LineOwnerID: op.Line}
	simple := func(fn func(context.Context, webex.CallRequest) error) (desk.Result, any, error) {
		return desk.Result{}, nil, fn(ctx, call)
	}
	created := func(n webex.NewCall, err error) (desk.Result, any, error) {
		return desk.Result{CallID: n.CallID, SessionID: n.CallSessionID}, n, err
	}
	switch op.Action {
	case model.ActionAnswer:
		return desk.Result{}, nil, api.Answer(ctx, webex.AnswerRequest{CallID: op.CallID, EndpointID: a.Endpoint, LineOwnerID: op.Line})
	case model.ActionReject:
		return desk.Result{}, nil, api.Reject(ctx, webex.RejectRequest{CallID: op.CallID, Action: webex.RejectAction(a.Reject), LineOwnerID: op.Line})
	case model.ActionHangup:
		return simple(api.Hangup)
	case model.ActionHold:
		return simple(api.Hold)
	case model.ActionResume:
		return simple(api.Resume)
	case model.ActionMute:
		return simple(api.Mute)
	case model.ActionUnmute:
		return simple(api.Unmute)
	case model.ActionPush:
		return simple(api.Push)
	case model.ActionRecordStart:
		return simple(api.StartRecording)
	case model.ActionRecordStop:
		return simple(api.StopRecording)
	case model.ActionRecordPause:
		return simple(api.PauseRecording)
	case model.ActionRecordResume:
		return simple(api.ResumeRecording)
	case model.ActionDTMF:
		return desk.Result{}, nil, api.TransmitDTMF(ctx, webex.DTMFRequest{CallID: op.CallID, DTMF: a.Digits, LineOwnerID: op.Line})
	case model.ActionDivert:
		return desk.Result{}, nil, api.Divert(ctx, webex.DivertRequest{CallID: op.CallID, Destination: a.Dest, ToVoicemail: a.Voicemail, LineOwnerID: op.Line})
	case model.ActionTransfer:
		n, err := api.Transfer(ctx, webex.TransferRequest{CallID1: op.CallID, Destination: a.Dest, LineOwnerID: op.Line})
		if n == nil {
			return desk.Result{}, nil, err
		}
		res, _, err := created(*n, err)
		return res, n, err
	case model.ActionJoinTransfer:
		_, err := api.Transfer(ctx, webex.TransferRequest{CallID1: op.CallID, CallID2: op.With, LineOwnerID: op.Line})
		return desk.Result{}, nil, err
	case model.ActionPark:
		res, err := api.Park(ctx, webex.ParkRequest{CallID: op.CallID, Destination: a.Dest, IsGroupPark: a.Group, LineOwnerID: op.Line})
		return desk.Result{ParkedAt: convert.Party(&res.ParkedAgainst)}, res, err
	case model.ActionDial:
		return created(api.Dial(ctx, webex.DialRequest{Destination: a.Dest, EndpointID: a.Endpoint,
			SingleNumberReachPhoneNumber: a.SNR, LineOwnerID: op.Line}))
	case model.ActionRetrieve:
		return created(api.Retrieve(ctx, webex.RetrieveRequest{Destination: a.Dest, EndpointID: a.Endpoint,
			SingleNumberReachPhoneNumber: a.SNR, LineOwnerID: op.Line}))
	case model.ActionPickup:
		return created(api.Pickup(ctx, webex.PickupRequest{Target: a.Dest, EndpointID: a.Endpoint,
			SingleNumberReachPhoneNumber: a.SNR, LineOwnerID: op.Line}))
	case model.ActionBargeIn:
		return created(api.BargeIn(ctx, webex.BargeInRequest{Target: a.Dest, EndpointID: a.Endpoint,
			SingleNumberReachPhoneNumber: a.SNR, LineOwnerID: op.Line}))
	case model.ActionPull:
		return created(api.Pull(ctx, webex.PullRequest{EndpointID: a.Endpoint, LineOwnerID: op.Line}))
	}
	if isFrontDesk(op.Action) {
		return desk.Result{}, nil, runFrontDesk(ctx, api, op)
	}
	return desk.Result{}, nil, fmt.Errorf("dispatch: %s has no request", op.Action)
}

// Classify reads an error from the Webex client as the desk needs it. The
// text is printable: everything in it may come from the network.
func Classify(err error) *desk.Failure {
	if err == nil {
		return nil
	}
	var limited *webex.RateLimitError
	var apiErr *webex.APIError
	var bad *webex.ReplyError
	switch {
	case errors.As(err, &bad):
		return &desk.Failure{Kind: desk.FailBadReply, Status: bad.StatusCode, Text: bad.Reason, TrackingID: bad.TrackingID}
	case errors.As(err, &limited):
		return &desk.Failure{Kind: desk.FailRateLimited, Status: limited.StatusCode, Text: limited.Text(),
			TrackingID: limited.TrackingID, RetryAfter: limited.RetryAfter}
	case errors.Is(err, webex.ErrUnauthenticated):
		f := &desk.Failure{Kind: desk.FailSignedOut, Text: textsafe.ErrorLine(err)}
		if errors.As(err, &apiErr) {
			f.Status, f.Text, f.TrackingID = apiErr.StatusCode, apiErr.Text(), apiErr.TrackingID
		}
		return f
	case errors.As(err, &apiErr):
		f := &desk.Failure{Kind: desk.FailRefused, Status: apiErr.StatusCode, Text: apiErr.Text(), TrackingID: apiErr.TrackingID}
		if scope, ok := webex.MissingScope(err); ok {
			f.Scope = scope
		}
		switch {
		case errors.Is(err, webex.ErrCallNotFound):
			f.Kind = desk.FailGone
		case apiErr.StatusCode >= 500:
			f.Kind = desk.FailServer
		}
		return f
	case errors.Is(err, context.Canceled):
		return &desk.Failure{Kind: desk.FailCanceled, Text: "cancelled"}
	}
	return &desk.Failure{Kind: desk.FailNetwork, Text: textsafe.ErrorLine(innermostErr(err))}
}

// innermostErr is the innermost part of a network error, which is the
// part a person can act on ("connection refused", "context deadline
// exceeded").
func innermostErr(err error) error {
	for {
		next := errors.Unwrap(err)
		if next == nil {
			return err
		}
		err = next
	}
}

// Lister lists a line's calls; *webex.Client implements it.
type Lister interface {
	ListCalls(ctx context.Context, lineOwnerID string) ([]webex.Call, error)
}

// Poll asks for the calls of a line ("" for the user's own) and returns the
// reply as the desk takes it, for the poll with sequence number seq.
func Poll(ctx context.Context, api Lister, line string, seq uint64) desk.Polled {
	calls, err := api.ListCalls(ctx, line)
	if err != nil {
		return desk.Polled{Seq: seq, Failure: Classify(err)}
	}
	return desk.Polled{Seq: seq, Calls: convert.Calls(calls)}
}

// Reply sends one operation and returns its reply as the desk takes it.
func Reply(ctx context.Context, api API, op desk.Operation) (desk.Replied, error) {
	res, err := Run(ctx, api, op)
	return desk.Replied{ID: op.ID, Result: res, Failure: Classify(err)}, err
}
