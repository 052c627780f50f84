package hooks

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/callboard/callboard/desk"
	"github.com/callboard/callboard/internal/textsafe"
	"github.com/callboard/callboard/model"
)

// EventOperator is the event of the operator's own state changing; the
// others are named by desk.Happening.
const EventOperator = "operator"

// Events lists every event name hooks and the stream know, in the order
// the documentation gives them.
func Events() []string {
	return []string{
		desk.Rang.String(), desk.Answered.String(), desk.Held.String(), desk.Resumed.String(),
		desk.HeldTooLong.String(), desk.Ended.String(), desk.Missed.String(), desk.Recalled.String(),
		desk.QueueWait.String(), EventOperator,
	}
}

// IsEvent reports whether name is an event hooks know.
func IsEvent(name string) bool { return slices.Contains(Events(), name) }

// maxValue bounds every value: a caller's name may be as long as the
// network likes, an environment variable should not be.
const maxValue = 200

// Event is one thing that happened on the line, as a hook sees it in its
// environment (CALLBOARD_<FIELD>) and `callboard watch` prints it (one JSON
// object a line). Every text comes from the network and is made one plain
// line (no control characters, no escape sequences) before it gets here.
type Event struct {
	Event         string    `json:"event"`                    // see Events
	Time          time.Time `json:"time"`                     // when callboard saw it
	State         string    `json:"state"`                    // the operator's state after it: idle, ringing, on-call, on-hold
	PreviousState string    `json:"previous_state,omitempty"` // for "operator": the state before (unknown at start)
	CallID        string    `json:"call_id,omitempty"`
	SessionID     string    `json:"session_id,omitempty"`
	CallerName    string    `json:"caller_name,omitempty"`   // the other party's name, when known
	CallerNumber  string    `json:"caller_number,omitempty"` // the other party's number or address
	Direction     string    `json:"direction,omitempty"`     // incoming or outgoing
	CallState     string    `json:"call_state,omitempty"`    // ringing, ringing-your-phone, connecting, connected, on-hold, held-by-remote, ended
	Line          string    `json:"line,omitempty"`          // the lineOwnerId of a secondary line; empty for your own
	Appearance    int       `json:"appearance,omitempty"`    // the line key the call is on
	Outcome       string    `json:"outcome,omitempty"`       // for ended and missed: ended, missed, rejected, diverted, to-voicemail, transferred, parked, pushed
	Duration      int64     `json:"duration,omitempty"`      // seconds since the call was answered (since it began, while it rings)
	HeldFor       int64     `json:"held_for,omitempty"`      // held-too-long: seconds on hold
	RecallFrom    string    `json:"recall_from,omitempty"`   // recalled: where the call was parked
	Queue         string    `json:"queue,omitempty"`         // queue-wait: the call queue
	Waited        int64     `json:"waited,omitempty"`        // queue-wait: seconds the caller has waited
}

// Field is one field of an event: its name in JSON, filters and
// placeholders (CALLBOARD_ and its name in capitals in the environment),
// and what it holds.
type Field struct {
	Name string
	Doc  string
	get  func(*Event) string
}

// Env is the field's environment variable.
func (f Field) Env() string { return "CALLBOARD_" + strings.ToUpper(f.Name) }

// number writes a count, "" for zero so an absent value reads as absent.
func number(n int64) string {
	if n == 0 {
		return ""
	}
	return strconv.FormatInt(n, 10)
}

// Fields lists the event's fields in the order of the documentation.
func Fields() []Field {
	return []Field{
		{"event", "what happened: " + strings.Join(Events(), ", "), func(e *Event) string { return e.Event }},
		{"time", "when callboard saw it (RFC 3339)", func(e *Event) string { return e.Time.Format(time.RFC3339) }},
		{"state", "the operator's state after it: idle, ringing, on-call or on-hold", func(e *Event) string { return e.State }},
		{"previous_state", "operator: the state before (unknown when callboard starts)", func(e *Event) string { return e.PreviousState }},
		{"call_id", "the call's id (what `callboard show` and the verbs take)", func(e *Event) string { return e.CallID }},
		{"session_id", "the call's session id, shared by the legs of a transfer", func(e *Event) string { return e.SessionID }},
		{"caller_name", "the other party's name, empty when unknown or private", func(e *Event) string { return e.CallerName }},
		{"caller_number", "the other party's number or address", func(e *Event) string { return e.CallerNumber }},
		{"direction", "incoming or outgoing", func(e *Event) string { return e.Direction }},
		{"call_state", "the call's state: ringing, ringing-your-phone, connecting, connected, on-hold, held-by-remote or ended", func(e *Event) string { return e.CallState }},
		{"line", "the lineOwnerId of the secondary line watched; empty for your own line", func(e *Event) string { return e.Line }},
		{"appearance", "the line key the call is on", func(e *Event) string { return number(int64(e.Appearance)) }},
		{"outcome", "ended and missed: why the call left (ended, missed, rejected, diverted, to-voicemail, transferred, parked, pushed, back-to-the-queue)", func(e *Event) string { return e.Outcome }},
		{"duration", "seconds since the call was answered (since it began, while it rings)", func(e *Event) string { return number(e.Duration) }},
		{"held_for", "held-too-long: seconds on hold", func(e *Event) string { return number(e.HeldFor) }},
		{"recall_from", "recalled: where the call was parked", func(e *Event) string { return e.RecallFrom }},
		{"queue", "queue-wait: the call queue", func(e *Event) string { return e.Queue }},
		{"waited", "queue-wait: seconds the caller has waited", func(e *Event) string { return number(e.Waited) }},
	}
}

// field returns the named field.
func field(name string) (Field, bool) {
	for _, f := range Fields() {
		if f.Name == name {
			return f, true
		}
	}
	return Field{}, false
}

// IsField reports whether name is a field of the event.
func IsField(name string) bool { _, ok := field(name); return ok }

// Value returns the field's value as the environment carries it.
func (e *Event) Value(name string) string {
	f, ok := field(name)
	if !ok {
		return ""
	}
	return f.get(e)
}

// Env returns the event as environment variables, CALLBOARD_EVENT=... for
// every field (empty ones too, so a hook never sees a stale value from its
// parent's environment).
func (e *Event) Env() []string {
	fs := Fields()
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.Env() + "=" + f.get(e)
	}
	return out
}

// MarshalLine encodes the event as one line of JSON, newline included,
// with nothing in it a terminal would act on.
func (e *Event) MarshalLine() ([]byte, error) {
	data, err := json.Marshal(e)
	if err != nil {
		return nil, fmt.Errorf("encode event: %w", err)
	}
	return append(textsafe.JSON(data), '\n'), nil
}

// clean makes a network text safe for an environment variable, a JSON
// line and an argument: one plain line, bounded.
func clean(s string) string { return textsafe.Clip(textsafe.Line(s), maxValue) }

// word makes a state word one token: "on hold" → "on-hold".
func word(s string) string { return strings.ReplaceAll(s, " ", "-") }

// FromEffect turns one of the desk's effects into an event: a Happened or
// an OperatorChanged; anything else is not an event. line is the line the
// desk acts on ("" for the operator's own); a call on another line it
// watches carries that line's id.
func FromEffect(now time.Time, e desk.Effect, line string) (Event, bool) {
	switch e := e.(type) {
	case desk.OperatorChanged:
		return Event{Event: EventOperator, Time: now, State: e.State.String(), PreviousState: e.Was.String(), Line: clean(line)}, true
	case desk.Happened:
		return fromHappened(now, e, line), true
	}
	return Event{}, false
}

// fromHappened describes a change to a call.
func fromHappened(now time.Time, h desk.Happened, line string) Event {
	c := h.Row.Call
	if c.Line != "" {
		line = c.Line
	}
	ev := Event{
		Event:        h.What.String(),
		Time:         now,
		State:        h.Operator.String(),
		CallID:       clean(c.ID),
		SessionID:    clean(c.SessionID),
		CallerName:   clean(c.Remote.Name),
		CallerNumber: clean(c.Remote.Number),
		Line:         clean(line),
		Appearance:   c.Appearance,
		Duration:     int64(h.Row.Duration(now) / time.Second),
	}
	if c.ID != "" {
		ev.CallState = word(c.Status().Word())
	}
	switch c.Direction() {
	case "in":
		ev.Direction = "incoming"
	case "out":
		ev.Direction = "outgoing"
	}
	switch h.What {
	case desk.Ended, desk.Missed:
		ev.Outcome = word(h.Outcome.Word())
	case desk.HeldTooLong:
		ev.HeldFor = int64(h.Row.HeldFor(now) / time.Second)
	case desk.Recalled:
		if c.Recall != nil {
			ev.RecallFrom = clean(c.Recall.Party.Describe())
		}
	case desk.QueueWait:
		ev.Queue = clean(h.Queue)
		ev.Waited = int64(h.Waited / time.Second)
	}
	if h.Row.Ended() || c.State == model.StateDisconnected {
		ev.CallState = "ended"
	}
	return ev
}

// Already returns the event named event for a call that is already in the
// state the event leads to, as FromEffect would have given it had callboard
// seen the call get there: "ringing" while the call rings in, "answered"
// once a poll has shown it answered (connected, or held by either side)
// until it ends, "held" while the operator holds it. For the other events
// (a moment that cannot be seen after it, as resumed or ended; a recall,
// which the desk reports at first sight itself; operator, which is not a
// call's) and for a call in another state, it reports false. operator is
// the operator's state now; line as for FromEffect.
func Already(now time.Time, event string, row model.Row, operator desk.OperatorState, line string) (Event, bool) {
	if row.Ended() {
		return Event{}, false
	}
	c := row.Call
	var what desk.Happening
	switch {
	case event == desk.Rang.String() && c.Ringing():
		what = desk.Rang
	case event == desk.Answered.String() && row.WasAnswered:
		what = desk.Answered
	case event == desk.Held.String() && c.State == model.StateHeld:
		what = desk.Held
	default:
		return Event{}, false
	}
	return fromHappened(now, desk.Happened{What: what, Row: row, Operator: operator}, line), true
}
