package desk

import (
	"slices"
	"time"

	"github.com/callboard/callboard/model"
)

// Camp-on ("transfer when free"): the caller waits on hold for a busy
// colleague, and the moment the colleague is seen free the call is
// transferred to them. Past Config.CampOnLimit the operator is alerted to
// pick the caller up again; the camp-on goes on until they cancel it. The
// desk learns colleagues' statuses from Colleague events: it never asks for
// them itself.

// CampOn asks to transfer a call to a colleague as soon as they are free.
type CampOn struct {
	CallID string // the call, bound when the operator acted
	Name   string // who is on it, for messages after it has gone
	// Colleague is who to transfer to, with their status as known now.
	Colleague Colleague
}

// CancelCampOn drops the camp-on of a call; the caller stays on hold.
type CancelCampOn struct{ CallID string }

// Colleague is a colleague's status as the console learned it (their
// presence, or their line with an administrator's token).
type Colleague struct {
	ID   string // the person, workspace or virtual line
	Name string
	Dest string // what a transfer to them sends: extension or number
	// Free says a call could be put through now; Known says the console
	// knows at all (without a status a camp-on waits for one).
	Free, Known bool
	Word        string // the status in words: "on a call", "in a meeting"
}

func (CampOn) event()       {}
func (CancelCampOn) event() {}
func (Colleague) event()    {}

// DefaultCampOnLimit is how long a caller waits for a colleague before the
// operator is alerted.
const DefaultCampOnLimit = 2 * time.Minute

// campOn is a caller waiting for a colleague.
type campOn struct {
	callID, caller string
	colleague      Colleague
	since          time.Time
	alerted        bool
}

// CampInfo describes a camp-on, for the screen.
type CampInfo struct {
	CallID    string
	Caller    string    // who waits
	Colleague Colleague // for whom, with their status as last seen
	Since     time.Time
	Until     time.Time // when the operator is alerted
	Alerted   bool      // the limit passed
}

// CampOns returns the callers waiting for colleagues, oldest first.
func (d *Desk) CampOns() []CampInfo {
	out := make([]CampInfo, len(d.camps))
	for i, c := range d.camps {
		out[i] = d.campInfo(c)
	}
	return out
}

// CampOnOf returns the camp-on of a call.
func (d *Desk) CampOnOf(callID string) (CampInfo, bool) {
	if i := d.campIndex(callID); i >= 0 {
		return d.campInfo(d.camps[i]), true
	}
	return CampInfo{}, false
}

func (d *Desk) campInfo(c campOn) CampInfo {
	return CampInfo{CallID: c.callID, Caller: c.caller, Colleague: c.colleague, Since: c.since,
		Until: c.since.Add(d.cfg.CampOnLimit), Alerted: c.alerted}
}

// campIndex finds the camp-on of a call, or -1.
func (d *Desk) campIndex(callID string) int {
	return slices.IndexFunc(d.camps, func(c campOn) bool { return c.callID == callID })
}

// campOn starts a camp-on: at once a transfer when the colleague is free
// already, otherwise the caller goes on hold and waits.
func (d *Desk) campOn(ev CampOn) {
	row, ok := d.board.Find(ev.CallID)
	name := ev.Name
	if ok {
		name = row.Call.Remote.Display()
	}
	who := ev.Colleague.Name
	switch {
	case !ok || row.Ended():
		d.say(Problem, "camp-on "+name+": call already ended — nothing sent")
		return
	case ev.Colleague.Dest == "":
		d.say(Problem, "camp-on: "+who+" has no extension or number to transfer to — nothing sent")
		return
	case !model.Allowed(model.ActionTransfer, &row.Call):
		d.say(Problem, "camp-on: "+model.Why(model.ActionTransfer, &row.Call)+" — nothing sent")
		return
	}
	if i := d.campIndex(ev.CallID); i >= 0 {
		if d.camps[i].colleague.ID == ev.Colleague.ID {
			d.say(Info, "camp-on: "+name+" already waits for "+who)
			return
		}
		d.camps = slices.Delete(d.camps, i, i+1)
	}
	if ev.Colleague.Known && ev.Colleague.Free {
		d.say(Info, "camp-on: "+who+" is free — transferring "+name+" now")
		d.transferTo(row, ev.Colleague)
		return
	}
	d.camps = append(d.camps, campOn{callID: ev.CallID, caller: name, colleague: ev.Colleague, since: d.now})
	if row.Call.State == model.StateConnected && d.opOn(ev.CallID) == nil {
		v, _ := VerbOf(model.ActionHold)
		d.onCall(v, Intent{Actions: []model.Action{model.ActionHold}, CallID: ev.CallID, Name: name})
	}
	status := ev.Colleague.Word
	if status == "" {
		status = "status not known yet"
	}
	d.say(Success, "camp-on: "+name+" waits on hold for "+who+" ("+status+") — transferred the moment "+who+
		" is free; alert after "+model.FormatDuration(d.cfg.CampOnLimit))
}

// transferTo transfers a call to a colleague, through the guard and queue
// every other transfer goes through.
func (d *Desk) transferTo(row model.Row, c Colleague) {
	v, _ := VerbOf(model.ActionTransfer)
	d.onCall(v, Intent{Actions: []model.Action{model.ActionTransfer}, CallID: row.Call.ID, Name: row.Call.Remote.Display(),
		Args: Args{Dest: c.Dest}})
}

// cancelCampOn drops a camp-on at the operator's word.
func (d *Desk) cancelCampOn(callID string) {
	i := d.campIndex(callID)
	if i < 0 {
		d.say(Info, "camp-on: nothing waits on this call")
		return
	}
	c := d.camps[i]
	d.camps = slices.Delete(d.camps, i, i+1)
	d.say(Info, "camp-on cancelled: "+c.caller+" stays on hold — h resumes, t transfers")
}

// colleague takes a colleague's new status: the callers waiting for them
// are transferred when they are free.
func (d *Desk) colleague(ev Colleague) {
	for _, c := range slices.Clone(d.camps) {
		if c.colleague.ID != ev.ID {
			continue
		}
		i := d.campIndex(c.callID)
		if ev.Dest == "" {
			ev.Dest = c.colleague.Dest
		}
		if ev.Name == "" {
			ev.Name = c.colleague.Name
		}
		d.camps[i].colleague = ev
		if !ev.Known || !ev.Free {
			continue
		}
		d.camps = slices.Delete(d.camps, i, i+1)
		row, ok := d.board.Find(c.callID)
		if !ok || row.Ended() {
			continue
		}
		d.say(Success, "camp-on: "+ev.Name+" is free — transferring "+c.caller)
		if d.cfg.Bell {
			d.emit(Bell{})
		}
		d.transferTo(row, ev)
	}
}

// campOnTick alerts for callers who have waited past the limit.
func (d *Desk) campOnTick() {
	for i := range d.camps {
		c := &d.camps[i]
		if c.alerted || d.now.Before(c.since.Add(d.cfg.CampOnLimit)) {
			continue
		}
		c.alerted = true
		d.say(Problem, "camp-on: "+c.caller+" has waited "+model.FormatDuration(d.now.Sub(c.since))+" for "+
			c.colleague.Name+" — pick the caller up (h resumes) or cancel the camp-on")
		if d.cfg.Bell {
			d.emit(Bell{})
		}
	}
}

// campOnWake is when the next camp-on alert falls due; zero when none.
func (d *Desk) campOnWake() time.Time {
	var next time.Time
	for _, c := range d.camps {
		if at := c.since.Add(d.cfg.CampOnLimit); !c.alerted && (next.IsZero() || at.Before(next)) {
			next = at
		}
	}
	return next
}

// followCampOns drops the camp-ons of calls that ended, saying so when the
// caller gave up waiting.
func (d *Desk) followCampOns(ended []string) {
	for _, id := range ended {
		i := d.campIndex(id)
		if i < 0 {
			continue
		}
		c := d.camps[i]
		d.camps = slices.Delete(d.camps, i, i+1)
		if _, byOperator := d.outcomes[id]; !byOperator {
			d.say(Problem, "camp-on over: "+c.caller+" hung up while waiting for "+c.colleague.Name)
		}
	}
	d.camps = slices.DeleteFunc(d.camps, func(c campOn) bool {
		_, ok := d.board.Find(c.callID)
		return !ok
	})
}
