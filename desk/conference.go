package desk

import (
	"slices"
	"strings"
	"time"

	"github.com/callboard/callboard/model"
)

// ConferenceState is the host's (the operator's) place in a conference.
type ConferenceState string

// The conference states Webex reports.
const (
	ConferenceConnected ConferenceState = "connected" // the operator is in it
	ConferenceHeld      ConferenceState = "held"      // the operator has held it: the others talk on
)

// Participant is one call in a conference.
type Participant struct {
	CallID   string
	Muted    bool // the others do not hear them
	Deafened bool // they do not hear the conference
}

// Conference is a line's conference as Webex reports it; a zero State
// means there is none.
type Conference struct {
	State        ConferenceState
	HostMuted    bool
	Participants []Participant
}

// ConferenceRead is the reply to a Read of ReadConference.
type ConferenceRead struct {
	Seq        uint64
	Line       string
	Conference Conference
	Failure    *Failure
}

func (ConferenceRead) event() {}

// conference is what the desk knows of one line's conference.
type conference struct {
	Conference
	since time.Time
	// started says the desk started it and has not read it yet: the calls
	// show as a group at once.
	started bool
}

// ConferenceInfo is a conference as the screen shows it.
type ConferenceInfo struct {
	Line         string
	State        ConferenceState
	HostMuted    bool
	Participants []Participant
	Since        time.Time
	Confirmed    bool // Webex has reported it (not only the desk's start)
}

// Has reports whether a call takes part.
func (c ConferenceInfo) Has(id string) bool {
	return slices.ContainsFunc(c.Participants, func(p Participant) bool { return p.CallID == id })
}

// Participant returns a call's part in the conference.
func (c ConferenceInfo) Participant(id string) (Participant, bool) {
	i := slices.IndexFunc(c.Participants, func(p Participant) bool { return p.CallID == id })
	if i < 0 {
		return Participant{}, false
	}
	return c.Participants[i], true
}

// info is the conference as the screen shows it.
func (c *conference) info(line string) ConferenceInfo {
	return ConferenceInfo{Line: line, State: c.State, HostMuted: c.HostMuted,
		Participants: slices.Clone(c.Participants), Since: c.since, Confirmed: !c.started}
}

// ConferenceOf returns the conference a call takes part in.
func (d *Desk) ConferenceOf(id string) (ConferenceInfo, bool) {
	for line, c := range d.confs {
		info := c.info(line)
		if info.Has(id) {
			return info, true
		}
	}
	return ConferenceInfo{}, false
}

// ConferenceOn returns a line's conference.
func (d *Desk) ConferenceOn(line string) (ConferenceInfo, bool) {
	c, ok := d.confs[line]
	if !ok {
		return ConferenceInfo{}, false
	}
	return c.info(line), true
}

// ConferencePartner returns the one other answered call of the same line
// a call could start a conference with, when there is exactly one and
// neither is in a conference already.
func (d *Desk) ConferencePartner(id string) (model.Call, bool) {
	if _, in := d.ConferenceOf(id); in {
		return model.Call{}, false
	}
	p, ok := d.JoinPartner(id)
	if !ok {
		return model.Call{}, false
	}
	if _, in := d.ConferenceOf(p.ID); in {
		return model.Call{}, false
	}
	return p, true
}

// conferenceRead takes a line's conference.
func (d *Desk) conferenceRead(ev ConferenceRead) {
	r, ok := d.readDone(ReadConference, ev.Line, ev.Seq, ev.Failure)
	if !ok || ev.Failure != nil {
		return
	}
	c := ev.Conference
	old, had := d.confs[ev.Line]
	if c.State == "" || len(c.Participants) == 0 {
		if had && !old.started {
			d.say(Notice, "the conference on "+d.lineName(ev.Line)+" has ended")
		}
		delete(d.confs, ev.Line)
		r.every, r.due = 0, time.Time{}
		d.regroup()
		return
	}
	conf := &conference{Conference: c, since: d.now}
	if had {
		conf.since = old.since
	}
	d.confs[ev.Line] = conf
	// While a conference lasts, it is read as often as its line is polled
	// when quiet: it changes as participants hang up or are muted.
	r.every = d.cfg.PollIdle
	if r.due.IsZero() {
		d.scheduleAfter(&r.schedule, r.every)
	}
	d.regroup()
}

// regroup keeps each conference's calls together on the board.
func (d *Desk) regroup() {
	var groups [][]string
	lines := make([]string, 0, len(d.confs))
	for line := range d.confs {
		lines = append(lines, line)
	}
	slices.Sort(lines)
	for _, line := range lines {
		var ids []string
		for _, p := range d.confs[line].Participants {
			ids = append(ids, p.CallID)
		}
		groups = append(groups, ids)
	}
	d.board.SetGroups(groups)
}

// followConference reads a conference again when one of its calls ended:
// Webex dissolves a conference down to one call.
func (d *Desk) followConference(ended []string) {
	for _, id := range ended {
		if c, ok := d.ConferenceOf(id); ok {
			d.ensureConferenceReader(c.Line)
			d.requestRead(ReadConference, c.Line)
		}
	}
}

// ensureConferenceReader makes sure a line's conference is read.
func (d *Desk) ensureConferenceReader(line string) {
	if d.readerOf(ReadConference, line) == nil {
		d.addReader(ReadConference, line, 0)
	}
}

// lineName names a line for messages.
func (d *Desk) lineName(line string) string {
	if line == "" {
		return "your line"
	}
	if p := d.pollerOf(line); p != nil {
		return p.line.Name()
	}
	return "line " + line
}

// startConference joins two answered calls of one line into a conference,
// after the operator confirmed it naming both.
func (d *Desk) startConference(v Verb, in Intent) {
	one, ok1 := d.board.Find(in.CallID)
	two, ok2 := d.board.Find(in.Args.With)
	switch {
	case !ok1 || one.Ended():
		d.say(Problem, "conference: "+in.Name+" has hung up — nothing sent")
		return
	case !ok2 || two.Ended():
		d.say(Problem, "conference: the other call has ended — nothing sent")
		return
	case d.opOn(in.CallID) != nil || d.opOn(in.Args.With) != nil:
		d.say(Problem, "conference: wait until the action on one of the two calls shows — nothing sent")
		return
	case one.Call.Line != two.Call.Line:
		d.say(Problem, "conference: "+one.Call.Remote.Display()+" and "+two.Call.Remote.Display()+" are on different lines: a conference joins calls of one line — nothing sent")
		return
	case !model.CanJoin(&one.Call, &two.Call):
		d.say(Problem, "conference: "+one.Call.Remote.Display()+" and "+two.Call.Remote.Display()+" cannot be joined now (both must be answered) — nothing sent")
		return
	}
	if _, ok := d.confs[one.Call.Line]; ok {
		d.say(Problem, "conference: "+d.lineName(one.Call.Line)+" has a conference already — add the call to it instead — nothing sent")
		return
	}
	d.send(&op{
		Operation: Operation{Action: model.ActionConferenceStart, CallID: one.Call.ID, With: two.Call.ID},
		verb:      v, subject: "you, " + one.Call.Remote.Display() + " and " + two.Call.Remote.Display(),
	})
}

// conferenceCheck says why an action on a call cannot touch its
// conference ("" when it can): adding needs a conference on the call's
// line that the call is not in; the participant actions need the call in
// one, in the opposite state.
func (d *Desk) conferenceCheck(act model.Action, c model.Call) string {
	info, in := d.ConferenceOf(c.ID)
	p, _ := info.Participant(c.ID)
	who := c.Remote.Display()
	switch act {
	case model.ActionConferenceAdd:
		if in {
			return "conference add: " + who + " is in the conference already"
		}
		if _, ok := d.confs[c.Line]; !ok {
			return "conference add: there is no conference on " + d.lineName(c.Line) + " — C starts one from two calls"
		}
		return ""
	case model.ActionConferenceMute, model.ActionConferenceUnmute, model.ActionConferenceDeafen, model.ActionConferenceUndeafen:
	default:
		return ""
	}
	if !in {
		return act.String() + ": " + who + " is not in a conference"
	}
	switch {
	case act == model.ActionConferenceMute && p.Muted:
		return "conference mute: " + who + " is muted already"
	case act == model.ActionConferenceUnmute && !p.Muted:
		return "conference unmute: " + who + " is not muted"
	case act == model.ActionConferenceDeafen && p.Deafened:
		return "conference deafen: " + who + " is deafened already"
	case act == model.ActionConferenceUndeafen && !p.Deafened:
		return "conference undeafen: " + who + " is not deafened"
	}
	return ""
}

// onConference handles an intent on a whole conference: hold, resume,
// release or leave the conference of the line of the call it names (the
// operator's own line without one).
func (d *Desk) onConference(v Verb, in Intent) {
	line := ""
	if row, ok := d.board.Find(in.CallID); ok {
		line = row.Call.Line
	}
	c, ok := d.confs[line]
	if !ok {
		d.say(Problem, v.Name+": there is no conference on "+d.lineName(line)+" — nothing sent")
		return
	}
	names := d.participantNames(c)
	o := &op{Operation: Operation{Action: v.Action, Line: line}, verb: v, subject: "the conference with " + joinNames(names)}
	switch v.Action {
	case model.ActionConferenceHold:
		if c.State == ConferenceHeld {
			d.say(Info, "conference hold: you have held the conference already — conference resume brings you back")
			return
		}
	case model.ActionConferenceResume:
		if c.State != ConferenceHeld {
			d.say(Info, "conference resume: you are in the conference")
			return
		}
	case model.ActionConferenceLeave:
		// Webex has no "leave": transferring the two others to each other
		// leaves them talking, and takes both off the operator's line.
		if len(c.Participants) != 2 {
			d.say(Problem, "conference leave: you can step out of a three-way conference only (this one has "+
				joinNames(names)+"): hang up the calls you do not need first — nothing sent")
			return
		}
		o.CallID, o.With = c.Participants[0].CallID, c.Participants[1].CallID
		o.subject = joinNames(names)
	}
	for _, x := range d.ops {
		if x.Action == v.Action && x.Line == line {
			d.say(Info, v.Name+": already sent — waiting for Webex to show it")
			return
		}
	}
	d.send(o)
}

// participantNames names a conference's participants.
func (d *Desk) participantNames(c *conference) []string {
	names := make([]string, 0, len(c.Participants))
	for _, p := range c.Participants {
		name := "a caller"
		if row, ok := d.board.Find(p.CallID); ok {
			name = row.Call.Remote.Display()
		}
		names = append(names, name)
	}
	return names
}

// conferenceDone follows up on a conference action that worked: the board
// groups a new conference at once, and the conference is read again.
func (d *Desk) conferenceDone(o *op) {
	switch o.Action {
	case model.ActionConferenceStart:
		if _, ok := d.confs[o.Line]; !ok {
			d.confs[o.Line] = &conference{started: true, since: d.now,
				Conference: Conference{State: ConferenceConnected, Participants: []Participant{{CallID: o.CallID}, {CallID: o.With}}}}
			d.regroup()
		}
	case model.ActionConferenceAdd, model.ActionConferenceMute, model.ActionConferenceUnmute,
		model.ActionConferenceDeafen, model.ActionConferenceUndeafen, model.ActionConferenceHold,
		model.ActionConferenceResume:
	case model.ActionConferenceRelease, model.ActionConferenceLeave:
		delete(d.confs, o.Line)
		d.regroup()
	default:
		return
	}
	d.ensureConferenceReader(o.Line)
	d.requestRead(ReadConference, o.Line)
}

// conferenceAction translates a hold or resume of a call in a conference
// into the conference's own: Webex refuses holding one participant.
func (d *Desk) conferenceAction(act model.Action, c model.Call) model.Action {
	if _, in := d.ConferenceOf(c.ID); !in {
		return act
	}
	switch act {
	case model.ActionHold:
		return model.ActionConferenceHold
	case model.ActionResume:
		return model.ActionConferenceResume
	}
	return act
}

// Tag names a call's part in the conference for its row: "conference",
// "conference muted deafened".
func (c ConferenceInfo) Tag(id string) string {
	p, _ := c.Participant(id)
	var w []string
	w = append(w, "conference")
	if p.Muted {
		w = append(w, "muted")
	}
	if p.Deafened {
		w = append(w, "deafened")
	}
	return strings.Join(w, " ")
}
