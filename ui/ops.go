package ui

import (
	"context"

	"github.com/callboard/callboard/model"
	"github.com/callboard/callboard/webex"
)

// The operations the console sends. Each takes what it acts on as values
// captured when the operator pressed the key.

// simple builds an operation whose request is just the call id.
func (a *App) simple(c model.Call, verb, progress, done string, run func(API, context.Context, webex.CallRequest) error) operation {
	who := c.Remote.Display()
	req := webex.CallRequest{CallID: c.ID, LineOwnerID: a.opts.LineOwnerID}
	return operation{
		verb: verb, callID: c.ID, subject: who, progress: progress + " " + who, done: done + " " + who,
		run: func(ctx context.Context, api API) (any, error) { return nil, run(api, ctx, req) },
	}
}

func (a *App) opAnswer(c model.Call) operation {
	op := a.simple(c, "answer", "answering", "answered", func(api API, ctx context.Context, r webex.CallRequest) error {
		return api.Answer(ctx, webex.AnswerRequest{CallID: r.CallID, LineOwnerID: r.LineOwnerID})
	})
	op.act = model.ActionAnswer
	return op
}

func (a *App) opReject(c model.Call, action webex.RejectAction) operation {
	op := a.simple(c, "reject", "rejecting", "rejected", func(api API, ctx context.Context, r webex.CallRequest) error {
		return api.Reject(ctx, webex.RejectRequest{CallID: r.CallID, Action: action, LineOwnerID: r.LineOwnerID})
	})
	if action != webex.RejectBusy {
		op.done += " (" + string(action) + ")"
	}
	op.outcome, op.act = "rejected", model.ActionReject
	return op
}

func (a *App) opHangup(c model.Call) operation {
	return a.withAct(a.simple(c, "hang up", "hanging up", "hung up", API.Hangup), model.ActionHangup)
}

func (a *App) opHold(c model.Call) operation {
	return a.withAct(a.simple(c, "hold", "holding", "held", API.Hold), model.ActionHold)
}

func (a *App) opResume(c model.Call) operation {
	return a.withAct(a.simple(c, "resume", "resuming", "resumed", API.Resume), model.ActionResume)
}

func (a *App) opMute(c model.Call) operation {
	return a.withAct(a.simple(c, "mute", "muting", "muted", API.Mute), model.ActionMute)
}

func (a *App) opUnmute(c model.Call) operation {
	return a.withAct(a.simple(c, "unmute", "unmuting", "unmuted", API.Unmute), model.ActionUnmute)
}

// withAct records the action an operation performs, to re-check before a resend.
func (a *App) withAct(op operation, act model.Action) operation {
	op.act = act
	return op
}

func (a *App) opPush(c model.Call) operation {
	op := a.simple(c, "push", "pushing", "pushed to the executive:", API.Push)
	op.outcome, op.act = "pushed", model.ActionPush
	return op
}

func (a *App) opRecord(c model.Call, action model.Action) operation {
	var op operation
	switch action {
	case model.ActionRecordStart:
		op = a.simple(c, "start recording", "starting the recording of", "recording", API.StartRecording)
	case model.ActionRecordStop:
		op = a.simple(c, "stop recording", "stopping the recording of", "stopped recording", API.StopRecording)
	case model.ActionRecordPause:
		op = a.simple(c, "pause recording", "pausing the recording of", "paused the recording of", API.PauseRecording)
	default:
		op = a.simple(c, "resume recording", "resuming the recording of", "resumed the recording of", API.ResumeRecording)
	}
	return a.withAct(op, action)
}

func (a *App) opDTMF(c model.Call, digits string) operation {
	op := a.simple(c, "send DTMF", "sending "+digits+" to", "sent "+digits+" to", func(api API, ctx context.Context, r webex.CallRequest) error {
		return api.TransmitDTMF(ctx, webex.DTMFRequest{CallID: r.CallID, DTMF: digits, LineOwnerID: r.LineOwnerID})
	})
	return a.withAct(op, model.ActionDTMF)
}

func (a *App) opDivert(c model.Call, dest string, voicemail bool) operation {
	where := model.DivertPlace(dest, voicemail)
	op := a.simple(c, "divert", "diverting", "diverted", func(api API, ctx context.Context, r webex.CallRequest) error {
		return api.Divert(ctx, webex.DivertRequest{CallID: r.CallID, Destination: dest, ToVoicemail: voicemail, LineOwnerID: r.LineOwnerID})
	})
	op.progress += " to " + where
	op.done += " to " + where
	op.dest = dest
	op.outcome, op.act = "diverted", model.ActionDivert
	return op
}

// opBlindTransfer "mute transfers" c to dest: Webex completes it when dest answers.
func (a *App) opBlindTransfer(c model.Call, dest string) operation {
	owner := a.opts.LineOwnerID
	who := c.Remote.Display()
	return operation{
		verb: "transfer", callID: c.ID, subject: who, dest: dest, act: model.ActionTransfer,
		progress: "transferring " + who + " to " + dest,
		done:     "transferring " + who + " to " + dest + ": it completes when " + dest + " answers",
		run: func(ctx context.Context, api API) (any, error) {
			n, err := api.Transfer(ctx, webex.TransferRequest{CallID1: c.ID, Destination: dest, LineOwnerID: owner})
			return n, err
		},
	}
}

// opJoin joins two calls (attended transfer): both leave the operator's line.
func (a *App) opJoin(first, second model.Call, kind opKind) operation {
	owner := a.opts.LineOwnerID
	one, two := first.Remote.Display(), second.Remote.Display()
	return operation{
		kind: kind, verb: "transfer", callID: first.ID, other: second.ID, subject: one, outcome: "transferred",
		progress: "joining " + one + " and " + two,
		done:     "transferred: " + one + " and " + two + " are connected",
		run: func(ctx context.Context, api API) (any, error) {
			_, err := api.Transfer(ctx, webex.TransferRequest{CallID1: first.ID, CallID2: second.ID, LineOwnerID: owner})
			return nil, err
		},
	}
}

func (a *App) opPark(c model.Call, dest string, group bool) operation {
	where := "your line"
	switch {
	case group:
		where = "your park group"
	case dest != "":
		where = dest
	}
	owner := a.opts.LineOwnerID
	who := c.Remote.Display()
	return operation{
		kind: opPark, verb: "park", callID: c.ID, subject: who, dest: dest, outcome: "parked", act: model.ActionPark,
		progress: "parking " + who + " on " + where,
		done:     "parked " + who,
		run: func(ctx context.Context, api API) (any, error) {
			return api.Park(ctx, webex.ParkRequest{CallID: c.ID, Destination: dest, IsGroupPark: group, LineOwnerID: owner})
		},
	}
}

// newCallOp builds an operation that creates a call (dial, retrieve, pickup,
// barge in): there is no call to name, only a destination.
func (a *App) newCallOp(kind opKind, verb, progress, done, dest string, run func(ctx context.Context, api API) (webex.NewCall, error)) operation {
	return operation{
		kind: kind, verb: verb, subject: dest, dest: dest, progress: progress, done: done,
		run: func(ctx context.Context, api API) (any, error) { return run(ctx, api) },
	}
}

func (a *App) opDial(dest string) operation {
	owner := a.opts.LineOwnerID
	return a.newCallOp(opNewCall, "dial", "dialing "+dest, "dialing "+dest+": answer your phone to place the call", dest,
		func(ctx context.Context, api API) (webex.NewCall, error) {
			return api.Dial(ctx, webex.DialRequest{Destination: dest, LineOwnerID: owner})
		})
}

func (a *App) opRetrieve(dest string) operation {
	where := dest
	if where == "" {
		where = "your line"
	}
	owner := a.opts.LineOwnerID
	return a.newCallOp(opRetrieve, "retrieve", "retrieving the call parked on "+where, "retrieved the call parked on "+where, dest,
		func(ctx context.Context, api API) (webex.NewCall, error) {
			return api.Retrieve(ctx, webex.RetrieveRequest{Destination: dest, LineOwnerID: owner})
		})
}

func (a *App) opPickup(target string) operation {
	whose := "your pickup group"
	if target != "" {
		whose = target
	}
	owner := a.opts.LineOwnerID
	return a.newCallOp(opNewCall, "pick up", "picking up a call ringing for "+whose, "picked up the call ringing for "+whose, target,
		func(ctx context.Context, api API) (webex.NewCall, error) {
			return api.Pickup(ctx, webex.PickupRequest{Target: target, LineOwnerID: owner})
		})
}

func (a *App) opBarge(target string) operation {
	owner := a.opts.LineOwnerID
	return a.newCallOp(opNewCall, "barge in", "barging in on "+target, "barged in on "+target, target,
		func(ctx context.Context, api API) (webex.NewCall, error) {
			return api.BargeIn(ctx, webex.BargeInRequest{Target: target, LineOwnerID: owner})
		})
}

func (a *App) opPull() operation {
	owner := a.opts.LineOwnerID
	return a.newCallOp(opNewCall, "pull", "pulling your call to another device", "pulled: answer the device that rings", "",
		func(ctx context.Context, api API) (webex.NewCall, error) {
			return api.Pull(ctx, webex.PullRequest{LineOwnerID: owner})
		})
}

// Consultative transfer: hold the call, dial the consult party, then join
// the two (T on either leg) or abort (e on the consult leg: hang it up and
// resume the caller).

func (a *App) opConsultHold(c model.Call, dest string) operation {
	op := a.opHold(c)
	op.kind, op.dest = opConsultHold, dest
	op.progress = "consult: holding " + c.Remote.Display()
	return op
}

func (a *App) opConsultDial(original model.Call, dest string) operation {
	op := a.opDial(dest)
	op.kind, op.other, op.verb = opConsultDial, original.ID, "consult"
	op.progress = "consult: dialing " + dest
	op.done = "consulting " + dest + ": answer your phone · T joins " + original.Remote.Display() + " with " + dest + " · e on the new call aborts"
	return op
}

func (a *App) opAbortConsult(leg, original model.Call) operation {
	op := a.opHangup(leg)
	op.kind, op.other = opAbortHangup, original.ID
	op.progress = "aborting the consult: hanging up " + leg.Remote.Display()
	return op
}
