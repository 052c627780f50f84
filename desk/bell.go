package desk

import (
	"slices"
	"strings"
	"time"

	"github.com/callboard/callboard/model"
)

// The repeating bell. One bell when a call starts ringing is easy to miss
// with a headset on or the terminal in another window: a call that has
// rung longer than Config.RingAlarm, and a hold past Config.HoldLimit, ring
// the bell again every Config.BellRepeat until the operator acknowledges
// them (Acknowledge, the `!` key) or acts on that call, or the call stops
// ringing or comes off hold.

// DefaultBellRepeat is how often the bell repeats when Config.BellRepeat is
// zero.
const DefaultBellRepeat = 10 * time.Second

// Acknowledge silences the repeating bell for every call it rings for now.
type Acknowledge struct{}

func (Acknowledge) event() {}

// alarmKind is why the bell repeats for a call.
type alarmKind uint8

const (
	alarmRinging alarmKind = iota + 1 // rang past RingAlarm
	alarmHeld                         // held past HoldLimit
)

// alarm is one reason for the bell to repeat: a call, why, and when the
// condition began (the ring's start, the hold episode's start), so that a
// new hold of the same call is a new alarm.
type alarm struct {
	id    string
	kind  alarmKind
	since time.Time
}

// bellState is what the repeating bell remembers.
type bellState struct {
	acked   []alarm   // alarms the operator acknowledged (or acted on)
	checked time.Time // bells due up to here have rung
	told    []alarm   // ringing alarms already announced on the status line
}

// condition is an alarm and when it came into force.
type condition struct {
	alarm
	at time.Time
}

// firstBell is when the condition's bell first rings: when it comes into
// force for a ringing call; one BellRepeat later for a hold, whose own
// warning rings the bell at the limit.
func (d *Desk) firstBell(c condition) time.Time {
	if c.kind == alarmHeld {
		return c.at.Add(d.cfg.BellRepeat)
	}
	return c.at
}

// conditions returns the alarm conditions of the live calls, in force or
// not yet.
func (d *Desk) conditions() []condition {
	var out []condition
	d.eachCondition(func(c condition) bool { out = append(out, c); return true })
	return out
}

// eachCondition gives fn the alarm conditions of the live calls until it
// returns false; the screen asks every frame, so nothing is collected.
func (d *Desk) eachCondition(fn func(condition) bool) {
	if d.cfg.RingAlarm <= 0 && d.cfg.HoldLimit <= 0 {
		return
	}
	for i := range d.board.Len() {
		r := d.board.Row(i)
		if r.Ended() {
			continue
		}
		if d.cfg.RingAlarm > 0 && r.Call.Ringing() {
			since := r.Call.Created
			if since.IsZero() || since.After(r.FirstSeen) {
				since = r.FirstSeen
			}
			if !fn(condition{alarm{id: r.Call.ID, kind: alarmRinging, since: since}, since.Add(d.cfg.RingAlarm)}) {
				return
			}
		}
		if d.cfg.HoldLimit > 0 && !r.HeldSince.IsZero() && r.Call.State == model.StateHeld {
			if !fn(condition{alarm{id: r.Call.ID, kind: alarmHeld, since: r.HeldSince}, r.HeldSince.Add(d.cfg.HoldLimit)}) {
				return
			}
		}
	}
}

// alarms returns the alarms of conditions.
func alarms(cs []condition) []alarm {
	out := make([]alarm, len(cs))
	for i, c := range cs {
		out[i] = c.alarm
	}
	return out
}

// nextBellAfter is the first time after t at which a bell that first rings
// at first rings again.
func (d *Desk) nextBellAfter(first, t time.Time) time.Time {
	if first.After(t) {
		return first
	}
	n := t.Sub(first)/d.cfg.BellRepeat + 1
	return first.Add(n * d.cfg.BellRepeat)
}

// repeatBell rings the bell once when a bell of any alarm the operator has
// not acknowledged fell due since the last Step, says so when a call has
// rung too long, and forgets acknowledgements of conditions that ended.
func (d *Desk) repeatBell() {
	cs := d.conditions()
	live := alarms(cs)
	d.bell.acked = slices.DeleteFunc(d.bell.acked, func(a alarm) bool { return !slices.Contains(live, a) })
	d.bell.told = slices.DeleteFunc(d.bell.told, func(a alarm) bool { return !slices.Contains(live, a) })
	due := false
	for _, c := range cs {
		if slices.Contains(d.bell.acked, c.alarm) || c.at.After(d.now) {
			continue
		}
		first := d.firstBell(c)
		if !first.After(d.now) && !d.nextBellAfter(first, d.bell.checked).After(d.now) {
			due = true
		}
		if c.kind == alarmRinging && !slices.Contains(d.bell.told, c.alarm) {
			d.bell.told = append(d.bell.told, c.alarm)
			d.tellRinging(c.id)
		}
	}
	d.bell.checked = d.now
	if due && d.cfg.Bell {
		d.emit(Bell{})
	}
}

// tellRinging says a call has rung too long.
func (d *Desk) tellRinging(id string) {
	row, ok := d.board.Find(id)
	if !ok {
		return
	}
	text := row.Call.Remote.Display() + " has been ringing for " + model.FormatDuration(row.Duration(d.now))
	if d.cfg.Bell {
		text += ": the bell repeats until you answer or acknowledge it"
	}
	d.say(Problem, text)
}

// nextBell is when the repeating bell next rings, or a ringing call's
// alarm comes into force; zero when neither is due.
func (d *Desk) nextBell() time.Time {
	var next time.Time
	earliest := func(t time.Time) {
		if next.IsZero() || t.Before(next) {
			next = t
		}
	}
	for _, c := range d.conditions() {
		if slices.Contains(d.bell.acked, c.alarm) {
			continue
		}
		if c.at.After(d.now) {
			earliest(c.at)
			continue
		}
		if d.cfg.Bell {
			earliest(d.nextBellAfter(d.firstBell(c), d.now))
		}
	}
	return next
}

// acknowledgeFor silences the bell as an event asks: Acknowledge silences
// every alarm in force; an intent on a call silences that call's (the
// operator is dealing with it).
func (d *Desk) acknowledgeFor(ev Event) {
	switch ev := ev.(type) {
	case Acknowledge:
		d.acknowledge()
		d.ackAlarm() // the queues' wait alarm is a bell too
	case Intent:
		if ev.CallID == "" {
			return
		}
		for _, c := range d.conditions() {
			if c.id == ev.CallID && !slices.Contains(d.bell.acked, c.alarm) {
				d.bell.acked = append(d.bell.acked, c.alarm)
			}
		}
	}
}

// acknowledge silences every alarm in force and says for whom.
func (d *Desk) acknowledge() {
	var who []string
	for _, c := range d.conditions() {
		if c.at.After(d.now) || slices.Contains(d.bell.acked, c.alarm) {
			continue
		}
		d.bell.acked = append(d.bell.acked, c.alarm)
		if row, ok := d.board.Find(c.id); ok {
			name := row.Call.Remote.Display()
			if !slices.Contains(who, name) {
				who = append(who, name)
			}
		}
	}
	if len(who) == 0 {
		d.say(Info, "no bell to silence")
		return
	}
	d.say(Info, "bell silenced for "+strings.Join(who, ", "))
}

// Alarming reports whether the bell repeats for the call now: it has rung
// too long or been held too long, and nobody acknowledged it.
func (d *Desk) Alarming(id string) bool {
	for _, c := range d.conditions() {
		if c.id == id && !c.at.After(d.now) && !slices.Contains(d.bell.acked, c.alarm) {
			return true
		}
	}
	return false
}

// BellRepeating reports whether the bell repeats for any call now, so the
// screen can offer the key that silences it.
func (d *Desk) BellRepeating() bool {
	if !d.cfg.Bell {
		return false
	}
	if !d.queues.bellAt.IsZero() {
		return true // a caller waits in a queue past the alarm
	}
	repeating := false
	d.eachCondition(func(c condition) bool {
		repeating = !c.at.After(d.now) && !slices.Contains(d.bell.acked, c.alarm)
		return !repeating
	})
	return repeating
}
