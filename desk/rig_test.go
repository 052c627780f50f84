package desk

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/callboard/callboard/model"
)

// epoch is the replay clock's start.
func epoch() time.Time { return time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC) }

// rig replays events into a Desk and keeps what it asked for: the requests
// it sent and not yet answered, the polls out, every message.
type rig struct {
	t     *testing.T
	d     *Desk
	now   time.Time
	sent  []Operation // every operation sent, in order
	open  []Operation // sent and not yet answered
	polls []uint64    // polls out
	said  []Say
	all   []Effect
}

// newRig returns a desk with the line's calls already polled once.
func newRig(t *testing.T, cfg Config, calls ...model.Call) *rig {
	t.Helper()
	if cfg.Order == 0 {
		cfg.Order = model.OrderRingingFirst
	}
	r := &rig{t: t, d: New(cfg), now: epoch()}
	r.step(Tick{})
	r.answerPoll(calls...)
	return r
}

// step feeds one event at the rig's time and records the effects.
func (r *rig) step(ev Event) []Effect {
	r.t.Helper()
	out := r.d.Step(r.now, ev)
	r.all = append(r.all, out...)
	for _, e := range out {
		switch e := e.(type) {
		case Send:
			r.sent = append(r.sent, e.Op)
			r.open = append(r.open, e.Op)
		case Poll:
			r.polls = append(r.polls, e.Seq)
		case Say:
			r.said = append(r.said, e)
		}
	}
	return out
}

// advance moves the clock and ticks.
func (r *rig) advance(d time.Duration) {
	r.t.Helper()
	r.now = r.now.Add(d)
	r.step(Tick{})
}

// answerPoll answers the oldest poll out with calls.
func (r *rig) answerPoll(calls ...model.Call) {
	r.t.Helper()
	if len(r.polls) == 0 {
		r.t.Fatalf("no poll is out to answer")
	}
	seq := r.polls[0]
	r.polls = r.polls[1:]
	r.step(Polled{Seq: seq, Calls: calls})
}

// failPoll answers the oldest poll out with a failure.
func (r *rig) failPoll(f *Failure) {
	r.t.Helper()
	if len(r.polls) == 0 {
		r.t.Fatalf("no poll is out to fail")
	}
	seq := r.polls[0]
	r.polls = r.polls[1:]
	r.step(Polled{Seq: seq, Failure: f})
}

// pollNow asks for a poll (waiting out nothing) and answers it with calls.
func (r *rig) pollNow(calls ...model.Call) {
	r.t.Helper()
	if len(r.polls) == 0 {
		r.step(Refresh{})
	}
	r.answerPoll(calls...)
}

// reply answers the oldest open operation of the action.
func (r *rig) reply(a model.Action, res Result, f *Failure) Operation {
	r.t.Helper()
	i := slices.IndexFunc(r.open, func(o Operation) bool { return o.Action == a })
	if i < 0 {
		r.t.Fatalf("no %s is open; open: %v", a, r.open)
	}
	op := r.open[i]
	r.open = slices.Delete(r.open, i, i+1)
	r.step(Replied{ID: op.ID, Result: res, Failure: f})
	return op
}

// ok answers the oldest open operation of the action with success.
func (r *rig) ok(a model.Action) Operation {
	r.t.Helper()
	return r.reply(a, Result{}, nil)
}

// key is an intent on a call, as a key bound to it would send.
func (r *rig) key(id string, actions ...model.Action) {
	r.t.Helper()
	r.step(Intent{Actions: actions, CallID: id, Name: id})
}

// count returns how many operations of the action were sent.
func (r *rig) count(a model.Action) int {
	n := 0
	for _, o := range r.sent {
		if o.Action == a {
			n++
		}
	}
	return n
}

// wantSaid fails unless some message contains text.
func (r *rig) wantSaid(text string) {
	r.t.Helper()
	for _, s := range r.said {
		if strings.Contains(s.Text, text) {
			return
		}
	}
	r.t.Errorf("no message says %q; messages: %v", text, r.said)
}

// lastSaid returns the newest message.
func (r *rig) lastSaid() Say {
	if len(r.said) == 0 {
		return Say{}
	}
	return r.said[len(r.said)-1]
}

// Calls for the tests.

func call(id string, st model.State, created time.Duration) model.Call {
	return model.Call{
		ID: id, SessionID: "s-" + id, Personality: model.PersonalityTerminator, State: st,
		Remote:  model.Party{Name: "Caller " + id, Number: "+1415555" + fmt.Sprint(len(id)), CallType: model.CallTypeExternal},
		Created: epoch().Add(created),
	}
}

func ringing(id string, created time.Duration) model.Call {
	return call(id, model.StateAlerting, created)
}

func connected(id string, created time.Duration) model.Call {
	c := call(id, model.StateConnected, created)
	c.Answered = epoch().Add(created + time.Second)
	return c
}

func onHold(id string, created time.Duration) model.Call {
	c := connected(id, created)
	c.State = model.StateHeld
	return c
}

// outgoing is a call the operator placed that the far end answered.
func outgoing(id, dest string) model.Call {
	c := connected(id, 0)
	c.Personality = model.PersonalityOriginator
	c.Remote = model.Party{Name: dest, Number: dest}
	return c
}
