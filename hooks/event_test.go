package hooks

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/callboard/callboard/desk"
	"github.com/callboard/callboard/model"
)

func epoch() time.Time { return time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC) }

// ringingRow is a call ringing in from name and number.
func ringingRow(id, name, number string) model.Row {
	return model.Row{
		Call: model.Call{ID: id, SessionID: "s-" + id, Personality: model.PersonalityTerminator, State: model.StateAlerting,
			Remote: model.Party{Name: name, Number: number}, Appearance: 2, Created: epoch().Add(-5 * time.Second)},
		FirstSeen: epoch(),
	}
}

// envMap splits KEY=VALUE pairs.
func envMap(env []string) map[string]string {
	m := map[string]string{}
	for _, kv := range env {
		k, v, _ := strings.Cut(kv, "=")
		m[k] = v
	}
	return m
}

func TestEventFromHappened(t *testing.T) {
	h := desk.Happened{What: desk.Rang, Row: ringingRow("c1", "Ada Lovelace", "+14155550111"), Operator: desk.OperatorRinging}
	ev, ok := FromEffect(epoch(), h, "line-7")
	if !ok {
		t.Fatal("a Happened is an event")
	}
	env := envMap(ev.Env())
	want := map[string]string{
		"CALLBOARD_EVENT":         "ringing",
		"CALLBOARD_STATE":         "ringing",
		"CALLBOARD_CALL_ID":       "c1",
		"CALLBOARD_SESSION_ID":    "s-c1",
		"CALLBOARD_CALLER_NAME":   "Ada Lovelace",
		"CALLBOARD_CALLER_NUMBER": "+14155550111",
		"CALLBOARD_DIRECTION":     "incoming",
		"CALLBOARD_CALL_STATE":    "ringing",
		"CALLBOARD_LINE":          "line-7",
		"CALLBOARD_APPEARANCE":    "2",
		"CALLBOARD_DURATION":      "5",
		"CALLBOARD_TIME":          "2026-03-02T09:30:00Z",
		"CALLBOARD_OUTCOME":       "",
	}
	for k, v := range want {
		if got, ok := env[k]; !ok || got != v {
			t.Errorf("%s = %q (set %v), want %q", k, got, ok, v)
		}
	}
	if len(env) != len(Fields()) {
		t.Errorf("the environment has %d variables, want one per field (%d)", len(env), len(Fields()))
	}

	ended := h
	ended.What, ended.Outcome, ended.Operator = desk.Ended, desk.OutcomeVoicemail, desk.OperatorIdle
	ended.Row.EndedAt = epoch()
	ev, _ = FromEffect(epoch(), ended, "")
	if ev.Outcome != "to-voicemail" || ev.CallState != "ended" || ev.State != "idle" {
		t.Errorf("ended: outcome %q, call state %q, state %q", ev.Outcome, ev.CallState, ev.State)
	}

	// A call on another line the desk watches names that line.
	other := h
	other.Row.Call.Line = "main-line"
	if ev, _ := FromEffect(epoch(), other, ""); ev.Line != "main-line" {
		t.Errorf("a call on another line has line %q", ev.Line)
	}
}

func TestEventFromOperatorChangeAndQueueWait(t *testing.T) {
	ev, ok := FromEffect(epoch(), desk.OperatorChanged{State: desk.OperatorOnCall, Was: desk.OperatorRinging}, "")
	if !ok || ev.Event != "operator" || ev.State != "on-call" || ev.PreviousState != "ringing" || ev.CallID != "" {
		t.Errorf("operator event = %+v", ev)
	}
	q := desk.Happened{What: desk.QueueWait, Row: model.Row{Call: model.Call{ID: "q1", Remote: model.Party{Name: "Waiting Wanda"}}},
		Queue: "Support Queue", Waited: 3 * time.Minute, Operator: desk.OperatorIdle}
	ev, _ = FromEffect(epoch(), q, "")
	if ev.Event != "queue-wait" || ev.Queue != "Support Queue" || ev.Waited != 180 || ev.CallerName != "Waiting Wanda" {
		t.Errorf("queue-wait event = %+v", ev)
	}
	if _, ok := FromEffect(epoch(), desk.Bell{}, ""); ok {
		t.Error("a bell is not an event")
	}
}

// A caller's name is the network's: whatever it holds, the environment,
// the arguments and the JSON line get one plain, bounded line.
func TestEventValuesAreSanitised(t *testing.T) {
	hostile := "Eve\x1b]0;owned\x07\r\nrm -rf ~\u202e\u200b" + strings.Repeat("x", 1000)
	h := desk.Happened{What: desk.Rang, Row: ringingRow("c\x1b[2J", hostile, "+1\n555"), Operator: desk.OperatorRinging}
	ev, _ := FromEffect(epoch(), h, "")
	for _, kv := range ev.Env() {
		if strings.ContainsFunc(kv, func(r rune) bool { return unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) }) {
			t.Errorf("%q holds a control character", kv)
		}
		if len([]rune(kv)) > len("CALLBOARD_PREVIOUS_STATE=")+maxValue {
			t.Errorf("%.40q… is longer than a value may be", kv)
		}
	}
	if !strings.HasPrefix(ev.CallerName, "Eve]0;owned rm -rf ~") {
		t.Errorf("caller name = %.60q", ev.CallerName)
	}
	line, err := ev.MarshalLine()
	if err != nil {
		t.Fatal(err)
	}
	if strings.ContainsAny(string(line[:len(line)-1]), "\x1b\x07\r\n\u202e") {
		t.Errorf("the JSON line holds what a terminal acts on: %q", line)
	}
	var back Event
	if err := json.Unmarshal(line, &back); err != nil || back.CallerName != ev.CallerName {
		t.Errorf("the JSON line does not read back: %v (%q)", err, back.CallerName)
	}
}

func TestFieldsAreDocumentedAndUnique(t *testing.T) {
	var names []string
	for _, f := range Fields() {
		if f.Doc == "" {
			t.Errorf("field %s has no documentation", f.Name)
		}
		if slices.Contains(names, f.Name) {
			t.Errorf("field %s twice", f.Name)
		}
		names = append(names, f.Name)
	}
	// Every JSON key is a field, so a filter or placeholder can name it.
	data, _ := json.Marshal(Event{Event: "x", PreviousState: "x", CallID: "x", SessionID: "x", CallerName: "x", CallerNumber: "x",
		Direction: "x", CallState: "x", Line: "x", Appearance: 1, Outcome: "x", Duration: 1, HeldFor: 1, RecallFrom: "x",
		Queue: "x", Waited: 1, State: "x", Time: epoch()})
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	for k := range m {
		if !IsField(k) {
			t.Errorf("JSON key %q is not a field", k)
		}
	}
	if len(m) != len(names) {
		t.Errorf("%d JSON keys, %d fields", len(m), len(names))
	}
}

// Already reports a call that is in the state an event leads to, as that
// event, and nothing for a state the call is not in or an event that marks
// a moment.
func TestAlready(t *testing.T) {
	ringing := ringingRow("c1", "Ada Lovelace", "+14155550111")
	answered := func(state model.State) model.Row {
		r := ringing
		r.Call.State, r.Call.Answered, r.WasAnswered = state, epoch().Add(-3*time.Second), true
		return r
	}
	ended := answered(model.StateConnected)
	ended.EndedAt = epoch()
	for _, c := range []struct {
		name      string
		event     string
		row       model.Row
		callState string // "" for no event
	}{
		{"ringing, ringing", "ringing", ringing, "ringing"},
		{"answered, ringing", "answered", ringing, ""},
		{"answered, connected", "answered", answered(model.StateConnected), "connected"},
		{"answered, on hold", "answered", answered(model.StateHeld), "on-hold"},
		{"answered, held by remote", "answered", answered(model.StateRemoteHeld), "held-by-remote"},
		{"answered, ended", "answered", ended, ""},
		{"held, on hold", "held", answered(model.StateHeld), "on-hold"},
		{"held, held by remote", "held", answered(model.StateRemoteHeld), ""},
		{"held, connected", "held", answered(model.StateConnected), ""},
		{"ringing, connected", "ringing", answered(model.StateConnected), ""},
		{"resumed, connected", "resumed", answered(model.StateConnected), ""},
		{"ended, connected", "ended", answered(model.StateConnected), ""},
		{"operator, connected", "operator", answered(model.StateConnected), ""},
	} {
		ev, ok := Already(epoch(), c.event, c.row, desk.OperatorOnCall, "line-7")
		if ok != (c.callState != "") {
			t.Errorf("%s: reported %v, want %v (%+v)", c.name, ok, !ok, ev)
			continue
		}
		if !ok {
			continue
		}
		if ev.Event != c.event || ev.CallState != c.callState || ev.CallID != "c1" || ev.CallerName != "Ada Lovelace" ||
			ev.State != "on-call" || ev.Line != "line-7" || !ev.Time.Equal(epoch()) {
			t.Errorf("%s: event %+v", c.name, ev)
		}
	}
}
