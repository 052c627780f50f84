package dispatch

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/callboard/callboard/desk"
	"github.com/callboard/callboard/internal/convert"
	"github.com/callboard/callboard/internal/textsafe"
	"github.com/callboard/callboard/model"
	"github.com/callboard/callboard/webex"
)

// FrontDesk is the part of the Webex client beyond call control that the
// desk's conference, queue and settings operations and its reads use;
// *webex.Client implements it. Run finds it on its API by a type
// assertion, so a client without it still runs every call verb.
type FrontDesk interface {
	StartConference(ctx context.Context, req webex.ConferenceStartRequest) error
	Conference(ctx context.Context, lineOwnerID string) (webex.Conference, error)
	ReleaseConference(ctx context.Context, lineOwnerID string) error
	AddConferenceParticipant(ctx context.Context, req webex.ConferenceCallRequest) error
	MuteConference(ctx context.Context, callID string) error
	UnmuteConference(ctx context.Context, callID string) error
	DeafenParticipant(ctx context.Context, callID string) error
	UndeafenParticipant(ctx context.Context, callID string) error
	HoldConference(ctx context.Context, lineOwnerID string) error
	ResumeConference(ctx context.Context, lineOwnerID string) error

	DoNotDisturb(ctx context.Context) (webex.DoNotDisturb, error)
	SetDoNotDisturb(ctx context.Context, d webex.DoNotDisturb) error
	CallForwarding(ctx context.Context) (webex.CallForwarding, error)
	SetCallForwarding(ctx context.Context, f webex.CallForwarding) error

	QueueSettings(ctx context.Context) (webex.QueueSettings, error)
	UpdateQueueSettings(ctx context.Context, u webex.QueueSettingsUpdate) error
	QueueCalls(ctx context.Context, queueID string) ([]webex.QueueCall, error)
	SetWrapUpReasons(ctx context.Context, reasons []string) error

	Lines(ctx context.Context) ([]webex.Line, error)
	AssistantSettings(ctx context.Context) (webex.AssistantSettings, error)
}

// errNoFrontDesk is a verb that needs the front desk operations on a client
// without them.
var errNoFrontDesk = errors.New("dispatch: this client has no conference, queue or settings operations")

// isFrontDesk reports whether an action needs the front desk operations.
func isFrontDesk(a model.Action) bool { return a >= model.ActionConferenceStart }

// runFrontDesk sends a conference, queue or settings operation. Settings
// Webex replaces whole (do not disturb, forwarding) are read first and
// sent back with only the one field changed.
func runFrontDesk(ctx context.Context, api API, op desk.Operation) error {
	o, ok := api.(FrontDesk)
	if !ok {
		return errNoFrontDesk
	}
	a := op.Args
	switch op.Action {
	case model.ActionConferenceStart:
		return o.StartConference(ctx, webex.ConferenceStartRequest{CallIDs: []string{op.CallID, op.With}, LineOwnerID: op.Line})
	case model.ActionConferenceAdd:
		return o.AddConferenceParticipant(ctx, webex.ConferenceCallRequest{CallID: op.CallID, LineOwnerID: op.Line})
	case model.ActionConferenceMute:
		return o.MuteConference(ctx, op.CallID)
	case model.ActionConferenceUnmute:
		return o.UnmuteConference(ctx, op.CallID)
	case model.ActionConferenceDeafen:
		return o.DeafenParticipant(ctx, op.CallID)
	case model.ActionConferenceUndeafen:
		return o.UndeafenParticipant(ctx, op.CallID)
	case model.ActionConferenceHold:
		return o.HoldConference(ctx, op.Line)
	case model.ActionConferenceResume:
		return o.ResumeConference(ctx, op.Line)
	case model.ActionConferenceRelease:
		return o.ReleaseConference(ctx, op.Line)
	case model.ActionConferenceLeave:
		// Webex has no "leave": the two others are transferred to each
		// other, which takes both off the operator's line.
		_, err := api.Transfer(ctx, webex.TransferRequest{CallID1: op.CallID, CallID2: op.With, LineOwnerID: op.Line})
		return err
	case model.ActionDoNotDisturb:
		dnd, err := o.DoNotDisturb(ctx)
		if err != nil {
			return fmt.Errorf("do not disturb: read it first: %w", err)
		}
		dnd.Enabled = a.On
		return o.SetDoNotDisturb(ctx, dnd)
	case model.ActionNightService:
		f, err := o.CallForwarding(ctx)
		if err != nil {
			return fmt.Errorf("night service: read the forwarding first: %w", err)
		}
		f.CallForwarding.Always.Enabled = a.On
		if a.On {
			f.CallForwarding.Always.Destination = a.Dest
		}
		return o.SetCallForwarding(ctx, f)
	case model.ActionWrapUp:
		return o.SetWrapUpReasons(ctx, strings.Split(a.Reasons, ","))
	case model.ActionQueueJoin, model.ActionQueueLeave:
		id, err := findQueue(ctx, o, a.Queue)
		if err != nil {
			return err
		}
		return o.UpdateQueueSettings(ctx, webex.QueueSettingsUpdate{Queues: []webex.QueueJoin{{ID: id, Available: op.Action == model.ActionQueueJoin}}})
	case model.ActionAgentState:
		return o.UpdateQueueSettings(ctx, webex.QueueSettingsUpdate{AgentACDState: webex.AgentACDState(a.Agent)})
	}
	return fmt.Errorf("dispatch: %s has no request", op.Action)
}

// findQueue finds the id of the operator's queue that text names: its id,
// extension or number (Webex gives agents no queue names).
func findQueue(ctx context.Context, o FrontDesk, text string) (string, error) {
	qs, err := o.QueueSettings(ctx)
	if err != nil {
		return "", fmt.Errorf("find queue %s: %w", textsafe.Line(text), err)
	}
	var known []string
	for _, q := range qs.Queues {
		if text == q.ID || text == q.Extension || text == q.PhoneNumber {
			return q.ID, nil
		}
		known = append(known, textsafe.Line(q.Extension))
	}
	return "", fmt.Errorf("find queue %s: none of your queues (extensions %s)", textsafe.Line(text), strings.Join(known, ", "))
}

// Read carries out one of the desk's reads and returns the event that
// answers it.
func Read(ctx context.Context, o FrontDesk, rd desk.Read) desk.Event {
	switch rd.What {
	case desk.ReadQueues:
		s, err := o.QueueSettings(ctx)
		if err != nil {
			return desk.QueuesRead{Seq: rd.Seq, Failure: Classify(err)}
		}
		ev := desk.QueuesRead{Seq: rd.Seq, Agent: desk.AgentState(s.AgentACDState)}
		for _, q := range s.Queues {
			ev.Queues = append(ev.Queues, desk.Queue{ID: q.ID, Number: textsafe.Line(q.PhoneNumber), Extension: textsafe.Line(q.Extension),
				Joined: q.Available, CanLeave: q.AllowLogOffEnabled})
		}
		return ev
	case desk.ReadQueueCallers:
		calls, err := o.QueueCalls(ctx, rd.Key)
		if err != nil {
			return desk.QueueCallersRead{Seq: rd.Seq, Queue: rd.Key, Failure: Classify(err)}
		}
		return queueCallers(rd, calls)
	case desk.ReadDoNotDisturb:
		dnd, err := o.DoNotDisturb(ctx)
		return desk.DoNotDisturbRead{Seq: rd.Seq, On: dnd.Enabled && err == nil, Failure: Classify(err)}
	case desk.ReadForwarding:
		f, err := o.CallForwarding(ctx)
		if err != nil {
			return desk.ForwardingRead{Seq: rd.Seq, Failure: Classify(err)}
		}
		always := f.CallForwarding.Always
		return desk.ForwardingRead{Seq: rd.Seq, On: always.Enabled, To: textsafe.Line(always.Destination)}
	case desk.ReadConference:
		c, err := o.Conference(ctx, rd.Key)
		if err != nil {
			return desk.ConferenceRead{Seq: rd.Seq, Line: rd.Key, Failure: Classify(err)}
		}
		ev := desk.ConferenceRead{Seq: rd.Seq, Line: rd.Key}
		if c.Active() {
			ev.Conference = desk.Conference{State: desk.ConferenceState(c.State), HostMuted: c.Muted}
			for _, p := range c.Participants {
				ev.Conference.Participants = append(ev.Conference.Participants, desk.Participant{CallID: p.CallID, Muted: p.Muted, Deafened: p.Deafened})
			}
		}
		return ev
	}
	return nil
}

// queueCallers turns a queue's calls into the callers still waiting, with
// the queue's name as the records give it.
func queueCallers(rd desk.Read, calls []webex.QueueCall) desk.QueueCallersRead {
	ev := desk.QueueCallersRead{Seq: rd.Seq, Queue: rd.Key}
	for i := range calls {
		c := &calls[i]
		if ev.Name == "" {
			ev.Name = textsafe.Line(c.QueueName)
		}
		if !c.RemoveTime.IsZero() {
			continue // left the queue already
		}
		ev.Callers = append(ev.Callers, desk.QueueCaller{
			CallID: c.CallID, Caller: convert.Party(&c.RemoteParty), Added: c.AddTime.Time,
			Preserved: msDuration(c.PreservedWaitTimeMs), Priority: textsafe.Line(string(c.Priority)),
			Bounced: c.Bounced, Offered: c.AnsweringAgentID != "",
		})
	}
	return ev
}

// Lines discovers the lines on the operator's devices besides their own
// (primary, "" or the lineOwnerId the console acts on, is left out), and
// marks those of the executives they assist. The executives are optional:
// a sign-in that may not read them still gets every line.
func Lines(ctx context.Context, o FrontDesk, primary string) ([]desk.Line, error) {
	found, err := o.Lines(ctx)
	if err != nil {
		return nil, err
	}
	execs := map[string]bool{}
	if a, err := o.AssistantSettings(ctx); err == nil {
		for _, e := range a.Executives {
			execs[e.ID] = true
		}
	}
	var out []desk.Line
	for _, l := range found {
		if l.OwnerID == "" || l.OwnerID == primary {
			continue
		}
		number := l.Extension
		if number == "" {
			number = l.PhoneNumber
		}
		out = append(out, desk.Line{ID: l.OwnerID, Label: textsafe.Clip(textsafe.Line(l.Name), 40),
			Number: textsafe.Line(number), Executive: execs[l.OwnerID]})
	}
	return out, nil
}

// maxPreserved bounds a wait carried from another queue: a hostile or
// broken reply must not put years on the screen or overflow a duration.
const maxPreserved = 24 * time.Hour

// msDuration reads milliseconds from the network as a duration within
// [0, maxPreserved].
func msDuration(ms int64) time.Duration {
	if ms <= 0 {
		return 0
	}
	if ms > int64(maxPreserved/time.Millisecond) {
		return maxPreserved
	}
	return time.Duration(ms) * time.Millisecond
}
