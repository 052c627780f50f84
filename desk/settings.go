package desk

import (
	"fmt"
	"strings"

	"github.com/callboard/callboard/model"
)

// DoNotDisturbRead is the reply to a Read of ReadDoNotDisturb.
type DoNotDisturbRead struct {
	Seq     uint64
	On      bool
	Failure *Failure
}

// ForwardingRead is the reply to a Read of ReadForwarding: whether every
// call is forwarded, and where.
type ForwardingRead struct {
	Seq     uint64
	On      bool
	To      string
	Failure *Failure
}

func (DoNotDisturbRead) event() {}
func (ForwardingRead) event()   {}

// settingsState is what the desk knows of the operator's do not disturb
// and call forwarding.
type settingsState struct {
	dndKnown, dnd bool
	fwdKnown, fwd bool
	fwdTo         string
	// expectDND and expectFwd are the states the operator's own change
	// should read back as: a read that shows it is no news.
	expectDND, expectFwd *bool
}

// Settings is the operator's do not disturb and night service (call
// forwarding) as the header shows them.
type Settings struct {
	Enabled       bool // the desk reads them at all
	DNDKnown, DND bool
	DNDFailure    *Failure // the setting could not be read
	// Forwarding is on (Forward) to ForwardTo; Night says it goes where
	// the configured night service sends calls.
	ForwardKnown, Forward bool
	ForwardTo             string
	ForwardFailure        *Failure
	Night                 bool
	NightTo               string // the configured night service; "" when none is
	DNDPending            string // "on" or "off" on its way; "" when nothing is
	NightPending          string
}

// Settings returns the operator's do not disturb and forwarding.
func (d *Desk) Settings() Settings {
	s := d.settings
	out := Settings{Enabled: d.cfg.Settings, DNDKnown: s.dndKnown, DND: s.dnd,
		DNDFailure:   d.readFailure(ReadDoNotDisturb, ""),
		ForwardKnown: s.fwdKnown, Forward: s.fwd, ForwardTo: s.fwdTo,
		ForwardFailure: d.readFailure(ReadForwarding, ""),
		NightTo:        d.cfg.NightForward,
	}
	out.Night = s.fwd && d.cfg.NightForward != "" && sameNumber(s.fwdTo, d.cfg.NightForward)
	for _, o := range d.ops {
		switch o.Action {
		case model.ActionDoNotDisturb:
			out.DNDPending = onOff(o.Args.On)
		case model.ActionNightService:
			out.NightPending = onOff(o.Args.On)
		}
	}
	return out
}

// sameNumber compares two destinations as Webex may write them back: with
// or without a "+", spaces or dashes.
func sameNumber(a, b string) bool {
	norm := func(s string) string {
		return strings.NewReplacer(" ", "", "-", "", "+", "", "(", "", ")", "").Replace(strings.ToLower(s))
	}
	return norm(a) == norm(b)
}

func onOff(on bool) string {
	if on {
		return "on"
	}
	return "off"
}

// dndRead takes the do not disturb setting.
func (d *Desk) dndRead(ev DoNotDisturbRead) {
	if _, ok := d.readDone(ReadDoNotDisturb, "", ev.Seq, ev.Failure); !ok || ev.Failure != nil {
		return
	}
	s := &d.settings
	mine := s.expectDND != nil && *s.expectDND == ev.On
	if s.dndKnown && s.dnd != ev.On && !mine && !d.sending(model.ActionDoNotDisturb) {
		d.say(Notice, "do not disturb was turned "+onOff(ev.On)+" elsewhere")
	}
	s.dndKnown, s.dnd, s.expectDND = true, ev.On, nil
}

// forwardingRead takes the call forwarding setting.
func (d *Desk) forwardingRead(ev ForwardingRead) {
	if _, ok := d.readDone(ReadForwarding, "", ev.Seq, ev.Failure); !ok || ev.Failure != nil {
		return
	}
	s := &d.settings
	mine := s.expectFwd != nil && *s.expectFwd == ev.On
	if s.fwdKnown && (s.fwd != ev.On || (ev.On && !sameNumber(s.fwdTo, ev.To))) && !mine && !d.sending(model.ActionNightService) {
		if ev.On {
			d.say(Notice, "call forwarding was turned on elsewhere: every call goes to "+ev.To)
		} else {
			d.say(Notice, "call forwarding was turned off elsewhere")
		}
	}
	s.fwdKnown, s.fwd, s.fwdTo, s.expectFwd = true, ev.On, ev.To, nil
}

// setting handles an intent on the operator's settings: do not disturb,
// night service, wrap-up, queues, agent state. Each goes once: the same
// intent while it is on its way is refused.
func (d *Desk) setting(v Verb, in Intent) {
	args := in.Args
	subject := ""
	switch v.Action {
	case model.ActionDoNotDisturb:
		subject = "do not disturb " + onOff(args.On)
	case model.ActionNightService:
		if args.On && d.cfg.NightForward == "" {
			d.say(Problem, "night service: no destination configured — set forward_to in the [night] table — nothing sent")
			return
		}
		args.Dest = d.cfg.NightForward
		subject = "night service " + onOff(args.On)
		if args.On {
			subject += ": every call to " + args.Dest
		}
	case model.ActionWrapUp:
		if args.Reasons == "" {
			d.say(Problem, "wrap-up: give at least one reason — nothing sent")
			return
		}
		subject = "the last queue call with " + strings.ReplaceAll(args.Reasons, ",", ", ")
		if w, ok := d.WrapUp(); ok {
			subject = w.Queue + " call with " + w.Caller + ": " + strings.ReplaceAll(args.Reasons, ",", ", ")
		}
	case model.ActionQueueJoin, model.ActionQueueLeave:
		qu, why := d.findQueue(args.Queue)
		if why != "" {
			d.say(Problem, v.Name+": "+why+" — nothing sent")
			return
		}
		if !qu.CanLeave && qu.ID != "" {
			d.say(Problem, v.Name+": "+qu.Title()+" does not let its agents join or leave — ask an administrator — nothing sent")
			return
		}
		if qu.ID != "" {
			args.Queue = qu.ID
			if qu.Joined == (v.Action == model.ActionQueueJoin) {
				d.say(Info, fmt.Sprintf("%s: you have already %s %s", v.Name, map[bool]string{true: "joined", false: "left"}[qu.Joined], qu.Title()))
				return
			}
		}
		subject = qu.Title()
		if qu.ID == "" {
			subject = args.Queue
		}
	case model.ActionAgentState:
		subject = AgentState(args.Agent).Word()
	}
	for _, o := range d.ops {
		if o.Action == v.Action && o.Args == args {
			d.say(Info, fmt.Sprintf("%s %s: already sent — waiting for Webex to show it", v.Name, subject))
			return
		}
	}
	d.send(&op{Operation: Operation{Action: v.Action, Args: args}, verb: v, subject: subject})
}

// findQueue finds the queue text names; before the queues are known, the
// text goes as it is and Webex decides.
func (d *Desk) findQueue(text string) (Queue, string) {
	q := &d.queues
	if !q.known {
		return Queue{}, ""
	}
	for _, qu := range q.queues {
		if qu.matches(text) {
			return qu, ""
		}
	}
	names := make([]string, 0, len(q.queues))
	for _, qu := range q.queues {
		names = append(names, qu.Title())
	}
	return Queue{}, fmt.Sprintf("%q is none of your queues (%s)", text, strings.Join(names, ", "))
}

// settingDone follows up on a setting that changed: read it again, so the
// screen shows what Webex says rather than what was asked.
func (d *Desk) settingDone(o *op) {
	on := o.Args.On
	switch o.Action {
	case model.ActionDoNotDisturb:
		d.settings.expectDND = &on
		d.requestRead(ReadDoNotDisturb, "")
	case model.ActionNightService:
		d.settings.expectFwd = &on
		d.requestRead(ReadForwarding, "")
	case model.ActionAgentState:
		d.queues.expect = AgentState(o.Args.Agent)
		d.requestRead(ReadQueues, "")
	case model.ActionQueueJoin, model.ActionQueueLeave:
		d.requestRead(ReadQueues, "")
	case model.ActionWrapUp:
		d.queues.wrapUp = nil
	}
}
