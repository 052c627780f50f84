package cli_test

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/callboard/callboard/internal/spec"
	"github.com/callboard/callboard/webex"
	"github.com/callboard/callboard/webex/sim"
)

// Callers of the test world: outside numbers, so the simulator keeps the
// names given.
var (
	olivia = sim.Inbound{Name: "Olivia Bennett", Number: "+12065550123"}
	liam   = sim.Inbound{Name: "Liam Carter", Number: "+13125550178"}
	emma   = sim.Inbound{Name: "Emma Novak", Number: "+16175550112"}
)

// verbSpec is one successful run of a verb: how to run it, the one request
// the simulator must receive, and what must come of it.
type verbSpec struct {
	args   []string
	method string // "" means POST
	path   string // the request path, /v1/...
	query  string
	body   map[string]any // nil: no body
	status int            // the simulator's reply
	human  []string       // what the sentence or table must say
	// newCall marks a reply of {callId, callSessionId}: one new call is on
	// the line, and both outputs must name it; session, when set, is the
	// call session it must belong to.
	newCall bool
	session string
	// json checks --json output that is not a new call; nil means a verb
	// whose reply has no body prints nothing.
	json func(t *testing.T, out []byte)
	// after checks the world once the verb has run.
	after func(t *testing.T)
}

type verbCase struct {
	name  string
	setup func(h *harness) verbSpec
}

func action(name string) string { return "/v1/telephony/calls/" + name }

func callBody(id string) map[string]any { return map[string]any{"callId": id} }

// with returns m plus key: value.
func with(m map[string]any, key string, value any) map[string]any {
	out := map[string]any{key: value}
	for k, v := range m {
		out[k] = v
	}
	return out
}

// decodeList checks {"items": [...]} and decodes the items.
func decodeList[T any](t *testing.T, out []byte) []T {
	t.Helper()
	if keys := keysOf(t, out); !slices.Equal(keys, []string{"items"}) {
		t.Fatalf("--json keys = %v, want [items]", keys)
	}
	var list struct {
		Items []T `json:"items"`
	}
	if err := json.Unmarshal(out, &list); err != nil {
		t.Fatalf("decode list: %v", err)
	}
	if list.Items == nil {
		t.Fatalf("items is null, want a list:\n%s", out)
	}
	return list.Items
}

// parkedJSON checks a park reply and the name it was parked against.
func parkedJSON(name, number string) func(t *testing.T, out []byte) {
	return func(t *testing.T, out []byte) {
		t.Helper()
		if keys := keysOf(t, out); !slices.Equal(keys, []string{"parkedAgainst"}) {
			t.Fatalf("--json keys = %v, want [parkedAgainst]", keys)
		}
		var res webex.ParkResult
		if err := json.Unmarshal(out, &res); err != nil {
			t.Fatalf("decode park: %v", err)
		}
		if res.ParkedAgainst.Name != name || res.ParkedAgainst.Number != number {
			t.Errorf("parkedAgainst = %+v, want %s %s", res.ParkedAgainst, name, number)
		}
	}
}

// wantState checks a call's state afterwards.
func wantState(h *harness, id string, want webex.CallState) func(t *testing.T) {
	return func(t *testing.T) {
		t.Helper()
		if got := h.call(id).State; got != want {
			t.Errorf("call state = %s, want %s", got, want)
		}
	}
}

// wantGone checks that calls left the line.
func wantGone(h *harness, ids ...string) func(t *testing.T) {
	return func(t *testing.T) {
		t.Helper()
		for _, id := range ids {
			if !h.gone(id) {
				t.Errorf("call %s is still on the line", id)
			}
		}
	}
}

// wantHistory checks how many records of a type the simulator keeps.
func wantHistory(h *harness, typ webex.HistoryType, n int) func(t *testing.T) {
	return func(t *testing.T) {
		t.Helper()
		if got := h.srv.Sim.State().History[typ]; got != n {
			t.Errorf("%s history = %d records, want %d", typ, got, n)
		}
	}
}

// both runs several checks.
func both(checks ...func(t *testing.T)) func(t *testing.T) {
	return func(t *testing.T) {
		t.Helper()
		for _, c := range checks {
			c(t)
		}
	}
}

// parkHere parks a connected call against the user's own line.
func (h *harness) parkHere(name, number string) (session string) {
	h.t.Helper()
	id := h.connected(name, number)
	session = h.call(id).CallSessionID
	_, err := h.client.Park(h.t.Context(), webex.ParkRequest{CallID: id})
	h.must(err)
	return session
}

// recordingIn sets up a connected call whose recording is in state want.
func (h *harness) recordingIn(want webex.RecordingState) string {
	h.t.Helper()
	ctx := h.t.Context()
	id := h.connected(olivia.Name, olivia.Number)
	h.must(h.client.StartRecording(ctx, h.callReq(id)))
	h.clock.Advance(time.Second) // past the simulator's start delay
	if want == webex.RecordingPaused {
		h.must(h.client.PauseRecording(ctx, h.callReq(id)))
	}
	if got := h.call(id).RecordingState; got != want {
		h.t.Fatalf("setup: recording is %s, want %s", got, want)
	}
	return id
}

func wantRecording(h *harness, id string, want webex.RecordingState) func(t *testing.T) {
	return func(t *testing.T) {
		t.Helper()
		if got := h.call(id).RecordingState; got != want {
			t.Errorf("recordingState = %s, want %s", got, want)
		}
	}
}

func verbCases() []verbCase {
	return []verbCase{
		{"calls", func(h *harness) verbSpec {
			ring := h.ringing(olivia)
			talk := h.connected(liam.Name, liam.Number)
			return verbSpec{
				args: []string{"calls"}, method: http.MethodGet, path: "/v1/telephony/calls", status: 200,
				human: []string{"STATE", "ringing", "Olivia Bennett", ring, "connected", "Liam Carter", talk},
				json: func(t *testing.T, out []byte) {
					items := decodeList[webex.Call](t, out)
					if len(items) != 2 || items[0].ID != ring || items[1].ID != talk {
						t.Fatalf("items = %+v, want %s then %s", items, ring, talk)
					}
					if items[0].State != webex.StateAlerting || items[1].State != webex.StateConnected {
						t.Errorf("states = %s, %s; want alerting, connected", items[0].State, items[1].State)
					}
					if items[0].RemoteParty.Name != "Olivia Bennett" {
						t.Errorf("remoteParty = %+v", items[0].RemoteParty)
					}
				},
			}
		}},
		{"calls with none", func(*harness) verbSpec {
			return verbSpec{
				args: []string{"calls"}, method: http.MethodGet, path: "/v1/telephony/calls", status: 200,
				human: []string{"no active calls"},
				json: func(t *testing.T, out []byte) {
					if items := decodeList[webex.Call](t, out); len(items) != 0 {
						t.Errorf("items = %+v, want none", items)
					}
				},
			}
		}},
		{"show", func(h *harness) verbSpec {
			id := h.ringing(olivia)
			return verbSpec{
				args: []string{"show", id}, method: http.MethodGet, path: "/v1/telephony/calls/" + id, status: 200,
				human: []string{"id:", id, "state:", "ringing", "Olivia Bennett", "+12065550123", "terminator"},
				json: func(t *testing.T, out []byte) {
					var c webex.Call
					if err := json.Unmarshal(out, &c); err != nil {
						t.Fatalf("decode call: %v", err)
					}
					if c.ID != id || c.State != webex.StateAlerting || c.RemoteParty.Number != "+12065550123" {
						t.Errorf("call = %+v", c)
					}
				},
			}
		}},
		{"history", func(h *harness) verbSpec {
			missed := h.ringing(olivia)
			h.must(h.client.Reject(h.t.Context(), webex.RejectRequest{CallID: missed}))
			h.connected(liam.Name, liam.Number)
			return verbSpec{
				args: []string{"history"}, method: http.MethodGet, path: "/v1/telephony/calls/history", status: 200,
				human: []string{"TYPE", "missed", "Olivia Bennett", "received", "Liam Carter"},
				json: func(t *testing.T, out []byte) {
					items := decodeList[webex.HistoryRecord](t, out)
					if len(items) != 2 {
						t.Fatalf("items = %+v, want 2", items)
					}
				},
			}
		}},
		{"history --type missed", func(h *harness) verbSpec {
			missed := h.ringing(olivia)
			h.must(h.client.Reject(h.t.Context(), webex.RejectRequest{CallID: missed}))
			h.connected(liam.Name, liam.Number)
			return verbSpec{
				args: []string{"history", "--type", "missed"}, method: http.MethodGet, path: "/v1/telephony/calls/history",
				query: "type=missed", status: 200,
				human: []string{"missed", "Olivia Bennett", "+12065550123"},
				json: func(t *testing.T, out []byte) {
					items := decodeList[webex.HistoryRecord](t, out)
					if len(items) != 1 || items[0].Type != webex.HistoryMissed || items[0].Name != "Olivia Bennett" {
						t.Errorf("items = %+v, want Olivia's missed call alone", items)
					}
				},
			}
		}},
		{"dial", func(*harness) verbSpec {
			return verbSpec{
				args: []string{"dial", "+1 (415) 555-0101"}, path: action("dial"), status: 201,
				body:  map[string]any{"destination": "+14155550101"},
				human: []string{"dialing +14155550101", "answer your phone"}, newCall: true,
			}
		}},
		{"dial --endpoint", func(*harness) verbSpec {
			return verbSpec{
				args: []string{"dial", "101", "--endpoint", sim.DeskPhoneEndpointID}, path: action("dial"), status: 201,
				body:  map[string]any{"destination": "101", "endpointId": sim.DeskPhoneEndpointID},
				human: []string{"dialing 101"}, newCall: true,
			}
		}},
		{"dial --snr", func(*harness) verbSpec {
			return verbSpec{
				args: []string{"dial", "jordan.lee@example.com", "--snr", sim.MobileNumber}, path: action("dial"), status: 201,
				body:  map[string]any{"destination": "jordan.lee@example.com", "singleNumberReachPhoneNumber": sim.MobileNumber},
				human: []string{"dialing jordan.lee@example.com"}, newCall: true,
			}
		}},
		{"answer", func(h *harness) verbSpec {
			id := h.ringing(olivia)
			return verbSpec{
				args: []string{"answer", id}, path: action("answer"), status: 204, body: callBody(id),
				human: []string{"answered " + id},
				after: both(wantState(h, id, webex.StateConnected), wantHistory(h, webex.HistoryReceived, 1)),
			}
		}},
		{"answer --endpoint", func(h *harness) verbSpec {
			id := h.ringing(olivia)
			return verbSpec{
				args: []string{"answer", id, "--endpoint", sim.DeskPhoneEndpointID}, path: action("answer"), status: 204,
				body:  with(callBody(id), "endpointId", sim.DeskPhoneEndpointID),
				human: []string{"answered " + id},
				after: func(t *testing.T) {
					if c := h.call(id); c.State != webex.StateConnected || c.MuteCapable {
						t.Errorf("call = %+v, want connected on the desk phone (not mute capable)", c)
					}
				},
			}
		}},
		{"reject", func(h *harness) verbSpec {
			id := h.ringing(olivia)
			return verbSpec{
				args: []string{"reject", id}, path: action("reject"), status: 204, body: with(callBody(id), "action", "busy"),
				human: []string{"rejected " + id + " (busy)"},
				after: both(wantGone(h, id), wantHistory(h, webex.HistoryMissed, 1)),
			}
		}},
		{"reject --action ignore", func(h *harness) verbSpec {
			id := h.ringing(olivia)
			return verbSpec{
				args: []string{"reject", id, "--action", "ignore"}, path: action("reject"), status: 204,
				body:  with(callBody(id), "action", "ignore"),
				human: []string{"rejected " + id + " (ignore)"},
				after: func(t *testing.T) {
					wantGone(h, id)(t)
					if ignored := h.srv.Sim.State().IgnoredCalls; len(ignored) != 1 || ignored[0].ID != id {
						t.Errorf("ignored calls = %+v, want %s", ignored, id)
					}
				},
			}
		}},
		{"hangup", func(h *harness) verbSpec {
			id := h.connected(olivia.Name, olivia.Number)
			return verbSpec{
				args: []string{"hangup", id}, path: action("hangup"), status: 204, body: callBody(id),
				human: []string{"hung up " + id}, after: wantGone(h, id),
			}
		}},
		{"hold", func(h *harness) verbSpec {
			id := h.connected(olivia.Name, olivia.Number)
			return verbSpec{
				args: []string{"hold", id}, path: action("hold"), status: 204, body: callBody(id),
				human: []string{"held " + id}, after: wantState(h, id, webex.StateHeld),
			}
		}},
		{"resume", func(h *harness) verbSpec {
			id := h.connected(olivia.Name, olivia.Number)
			h.must(h.client.Hold(h.t.Context(), h.callReq(id)))
			return verbSpec{
				args: []string{"resume", id}, path: action("resume"), status: 204, body: callBody(id),
				human: []string{"resumed " + id}, after: wantState(h, id, webex.StateConnected),
			}
		}},
		{"mute", func(h *harness) verbSpec {
			id := h.connected(olivia.Name, olivia.Number)
			return verbSpec{
				args: []string{"mute", id}, path: action("mute"), status: 204, body: callBody(id),
				human: []string{"muted " + id},
				after: func(t *testing.T) {
					if !h.call(id).Muted {
						t.Error("the call is not muted")
					}
				},
			}
		}},
		{"unmute", func(h *harness) verbSpec {
			id := h.connected(olivia.Name, olivia.Number)
			h.must(h.client.Mute(h.t.Context(), h.callReq(id)))
			return verbSpec{
				args: []string{"unmute", id}, path: action("unmute"), status: 204, body: callBody(id),
				human: []string{"unmuted " + id},
				after: func(t *testing.T) {
					if h.call(id).Muted {
						t.Error("the call is still muted")
					}
				},
			}
		}},
		{"divert --to", func(h *harness) verbSpec {
			id := h.ringing(olivia)
			return verbSpec{
				args: []string{"divert", id, "--to", "102"}, path: action("divert"), status: 204,
				body:  with(callBody(id), "destination", "102"),
				human: []string{"diverted " + id + " to 102"}, after: wantGone(h, id),
			}
		}},
		{"divert --voicemail", func(h *harness) verbSpec {
			id := h.ringing(olivia)
			return verbSpec{
				args: []string{"divert", id, "--voicemail"}, path: action("divert"), status: 204,
				body:  with(callBody(id), "toVoicemail", true),
				human: []string{"diverted " + id + " to your voicemail"}, after: wantGone(h, id),
			}
		}},
		{"divert --to --voicemail", func(h *harness) verbSpec {
			id := h.ringing(olivia)
			return verbSpec{
				args: []string{"divert", id, "--to", "102", "--voicemail"}, path: action("divert"), status: 204,
				body:  with(with(callBody(id), "toVoicemail", true), "destination", "102"),
				human: []string{"diverted " + id + " to the voicemail of 102"}, after: wantGone(h, id),
			}
		}},
		{"transfer --with", func(h *harness) verbSpec {
			first := h.connected(olivia.Name, olivia.Number)
			h.must(h.client.Hold(h.t.Context(), h.callReq(first)))
			second := h.connected(liam.Name, liam.Number)
			return verbSpec{
				args: []string{"transfer", first, "--with", second}, path: action("transfer"), status: 204,
				body:  map[string]any{"callId1": first, "callId2": second},
				human: []string{"transferred", "joined"}, after: wantGone(h, first, second),
			}
		}},
		{"join the two calls", func(h *harness) verbSpec {
			first := h.connected(olivia.Name, olivia.Number)
			h.must(h.client.Hold(h.t.Context(), h.callReq(first)))
			second := h.connected(liam.Name, liam.Number)
			return verbSpec{
				args: []string{"join"}, path: action("transfer"), status: 204, body: map[string]any{},
				human: []string{"joined"}, after: wantGone(h, first, second),
			}
		}},
		{"transfer --to", func(h *harness) verbSpec {
			id := h.connected(olivia.Name, olivia.Number)
			return verbSpec{
				args: []string{"transfer", id, "--to", "103"}, path: action("transfer"), status: 201,
				body:  map[string]any{"callId1": id, "destination": "103"},
				human: []string{"transferring " + id + " to 103"}, newCall: true, session: h.call(id).CallSessionID,
				after: wantState(h, id, webex.StateHeld),
			}
		}},
		{"park", func(h *harness) verbSpec {
			id := h.connected(olivia.Name, olivia.Number)
			return verbSpec{
				args: []string{"park", id}, path: action("park"), status: 200, body: callBody(id),
				human: []string{"parked against Alex Morgan " + sim.UserNumber, "callboard retrieve " + sim.UserNumber},
				json:  parkedJSON(sim.UserName, sim.UserNumber),
				after: func(t *testing.T) {
					wantGone(h, id)(t)
					if p := h.srv.Sim.State().Parked; len(p) != 1 || p[0].CallID != id {
						t.Errorf("parked = %+v, want %s", p, id)
					}
				},
			}
		}},
		{"park --group", func(h *harness) verbSpec {
			id := h.connected(olivia.Name, olivia.Number)
			return verbSpec{
				args: []string{"park", id, "--group"}, path: action("park"), status: 200,
				body:  with(callBody(id), "isGroupPark", true),
				human: []string{"parked against Call Park 7001 (internal)", "callboard retrieve 7001"},
				json:  parkedJSON("Call Park 7001", "7001"), after: wantGone(h, id),
			}
		}},
		{"park --at", func(h *harness) verbSpec {
			id := h.connected(olivia.Name, olivia.Number)
			return verbSpec{
				args: []string{"park", id, "--at", "7002"}, path: action("park"), status: 200,
				body:  with(callBody(id), "destination", "7002"),
				human: []string{"parked against Call Park 7002"},
				json:  parkedJSON("Call Park 7002", "7002"), after: wantGone(h, id),
			}
		}},
		{"retrieve", func(h *harness) verbSpec {
			session := h.parkHere(olivia.Name, olivia.Number)
			return verbSpec{
				args: []string{"retrieve"}, path: action("retrieve"), status: 201, body: map[string]any{},
				human: []string{"retrieved"}, newCall: true, session: session,
			}
		}},
		{"retrieve DEST", func(h *harness) verbSpec {
			id := h.connected(olivia.Name, olivia.Number)
			session := h.call(id).CallSessionID
			_, err := h.client.Park(h.t.Context(), webex.ParkRequest{CallID: id, IsGroupPark: true})
			h.must(err)
			return verbSpec{
				args: []string{"retrieve", "7001", "--endpoint", sim.DeskPhoneEndpointID}, path: action("retrieve"), status: 201,
				body:  map[string]any{"destination": "7001", "endpointId": sim.DeskPhoneEndpointID},
				human: []string{"retrieved"}, newCall: true, session: session,
			}
		}},
		{"record start", func(h *harness) verbSpec {
			id := h.connected(olivia.Name, olivia.Number)
			return verbSpec{
				args: []string{"record", "start", id}, path: action("startRecording"), status: 204, body: callBody(id),
				human: []string{"recording started on " + id}, after: wantRecording(h, id, webex.RecordingPending),
			}
		}},
		{"record pause", func(h *harness) verbSpec {
			id := h.recordingIn(webex.RecordingStarted)
			return verbSpec{
				args: []string{"record", "pause", id}, path: action("pauseRecording"), status: 204, body: callBody(id),
				human: []string{"recording paused on " + id}, after: wantRecording(h, id, webex.RecordingPaused),
			}
		}},
		{"record resume", func(h *harness) verbSpec {
			id := h.recordingIn(webex.RecordingPaused)
			return verbSpec{
				args: []string{"record", "resume", id}, path: action("resumeRecording"), status: 204, body: callBody(id),
				human: []string{"recording resumed on " + id}, after: wantRecording(h, id, webex.RecordingStarted),
			}
		}},
		{"record stop", func(h *harness) verbSpec {
			id := h.recordingIn(webex.RecordingStarted)
			return verbSpec{
				args: []string{"record", "stop", id}, path: action("stopRecording"), status: 204, body: callBody(id),
				human: []string{"recording stopped on " + id}, after: wantRecording(h, id, webex.RecordingStopped),
			}
		}},
		{"dtmf", func(h *harness) verbSpec {
			id := h.connected(olivia.Name, olivia.Number)
			return verbSpec{
				args: []string{"dtmf", id, "1,23 4#ab"}, path: action("transmitDtmf"), status: 204,
				body:  with(callBody(id), "dtmf", "1,234#AB"),
				human: []string{"sent 1,234#AB to " + id},
			}
		}},
		{"push", func(h *harness) verbSpec {
			in := emma
			in.ForExecutive = true
			id := h.ringing(in)
			h.must(h.client.Answer(h.t.Context(), webex.AnswerRequest{CallID: id}))
			return verbSpec{
				args: []string{"push", id}, path: action("push"), status: 204, body: callBody(id),
				human: []string{"pushed to the executive: " + id}, after: wantGone(h, id),
			}
		}},
		{"pickup TARGET", func(h *harness) verbSpec {
			in := emma
			in.To = "103"
			h.ringing(in)
			return verbSpec{
				args: []string{"pickup", "103"}, path: action("pickup"), status: 201, body: map[string]any{"target": "103"},
				human: []string{"picked up"}, newCall: true, session: h.colleague("103").CallSessionID,
				after: func(t *testing.T) {
					if st := h.colleague("103").Status; st != sim.ColleagueIdle {
						t.Errorf("Priya's phone is %s after the pickup, want idle", st)
					}
				},
			}
		}},
		{"pickup in the group", func(h *harness) verbSpec {
			in := emma
			in.To = "101"
			h.ringing(in)
			return verbSpec{
				args: []string{"pickup"}, path: action("pickup"), status: 201, body: map[string]any{},
				human: []string{"picked up"}, newCall: true, session: h.colleague("101").CallSessionID,
			}
		}},
		{"barge", func(h *harness) verbSpec {
			return verbSpec{
				args: []string{"barge", sim.LongCallExtension}, path: action("bargeIn"), status: 201,
				body:  map[string]any{"target": sim.LongCallExtension},
				human: []string{"barged in on " + sim.LongCallExtension}, newCall: true,
				session: h.colleague(sim.LongCallExtension).CallSessionID,
			}
		}},
		{"pull", func(h *harness) verbSpec {
			id := h.connected(olivia.Name, olivia.Number)
			return verbSpec{
				args: []string{"pull"}, path: action("pull"), status: 201, body: map[string]any{},
				human: []string{"pulled"}, newCall: true, session: h.call(id).CallSessionID,
			}
		}},
		{"pull --endpoint", func(h *harness) verbSpec {
			id := h.connected(olivia.Name, olivia.Number)
			return verbSpec{
				args: []string{"pull", "--endpoint", sim.DeskPhoneEndpointID}, path: action("pull"), status: 201,
				body:  map[string]any{"endpointId": sim.DeskPhoneEndpointID},
				human: []string{"pulled"}, newCall: true, session: h.call(id).CallSessionID,
			}
		}},
	}
}

// TestVerbs runs every verb against the simulator twice, for the sentence
// and for --json, each time on a fresh world set up for it.
func TestVerbs(t *testing.T) {
	v, err := spec.New()
	if err != nil {
		t.Fatalf("load the Call Controls document: %v", err)
	}
	for _, c := range verbCases() {
		for _, jsonOut := range []bool{false, true} {
			mode := "human"
			if jsonOut {
				mode = "json"
			}
			t.Run(c.name+"/"+mode, func(t *testing.T) {
				h := newHarness(t)
				s := c.setup(h)
				runVerbCase(t, h, v, s, jsonOut)
			})
		}
	}
}

func runVerbCase(t *testing.T, h *harness, v *spec.Validator, s verbSpec, jsonOut bool) {
	t.Helper()
	if s.method == "" {
		s.method = http.MethodPost
	}
	before := h.calls()
	mark := h.mark()
	args := s.args
	if jsonOut {
		args = append(slices.Clone(args), "--json")
	}
	out := h.run(args...)
	if out.code != 0 {
		t.Fatalf("callboard %s: %v", strings.Join(args, " "), out)
	}
	if out.stderr != "" {
		t.Errorf("stderr is not empty:\n%s", out.stderr)
	}

	reqs := h.since(mark)
	if len(reqs) != 1 {
		t.Fatalf("the simulator received %d requests, want 1: %+v", len(reqs), reqs)
	}
	r := reqs[0]
	if r.Method != s.method || r.Path != s.path || r.Query != s.query || r.Status != s.status {
		t.Errorf("request = %s %s?%s → %d, want %s %s?%s → %d", r.Method, r.Path, r.Query, r.Status, s.method, s.path, s.query, s.status)
	}
	if !sameBody(t, r.Body, s.body) {
		t.Errorf("request body = %s, want %v", r.Body, s.body)
	}
	apiPath := strings.TrimPrefix(r.Path, "/v1")
	reqHeader := http.Header{"Authorization": {"Bearer x"}}
	if len(r.Body) > 0 && string(r.Body) != "null" {
		reqHeader.Set("Content-Type", "application/json")
	}
	if err := v.ValidateRequest(r.Method, apiPath, r.Query, reqHeader, r.Body); err != nil {
		t.Errorf("the request breaks the Call Controls document: %v", err)
	}

	var fresh webex.Call
	if s.newCall {
		fresh = newCallOnLine(t, before, h.calls())
		if s.session != "" && fresh.CallSessionID != s.session {
			t.Errorf("new call's session = %s, want %s", fresh.CallSessionID, s.session)
		}
	}

	switch {
	case jsonOut:
		checkJSON(t, s, fresh, []byte(out.stdout))
		if out.stdout != "" {
			respHeader := http.Header{"Content-Type": {"application/json"}}
			if err := v.ValidateResponse(r.Method, apiPath, r.Query, reqHeader, r.Body, r.Status, respHeader, []byte(out.stdout)); err != nil {
				t.Errorf("--json output is not the API's reply: %v\n%s", err, out.stdout)
			}
		}
	default:
		if strings.HasPrefix(strings.TrimSpace(out.stdout), "{") {
			t.Errorf("human output is JSON:\n%s", out.stdout)
		}
		want := slices.Clone(s.human)
		if s.newCall {
			want = append(want, fresh.ID, fresh.CallSessionID)
		}
		for _, w := range want {
			if !strings.Contains(out.stdout, w) {
				t.Errorf("stdout lacks %q:\n%s", w, out.stdout)
			}
		}
	}
	if s.after != nil {
		s.after(t)
	}
}

// newCallOnLine returns the one call in after that was not in before.
func newCallOnLine(t *testing.T, before, after []webex.Call) webex.Call {
	t.Helper()
	var fresh []webex.Call
	for _, c := range after {
		if !slices.ContainsFunc(before, func(b webex.Call) bool { return b.ID == c.ID }) {
			fresh = append(fresh, c)
		}
	}
	if len(fresh) != 1 {
		t.Fatalf("%d new calls on the line, want 1: %+v", len(fresh), fresh)
	}
	return fresh[0]
}

func checkJSON(t *testing.T, s verbSpec, fresh webex.Call, out []byte) {
	t.Helper()
	switch {
	case s.newCall:
		if keys := keysOf(t, out); !slices.Equal(keys, []string{"callId", "callSessionId"}) {
			t.Fatalf("--json keys = %v, want [callId callSessionId]", keys)
		}
		var n webex.NewCall
		if err := json.Unmarshal(out, &n); err != nil {
			t.Fatalf("decode new call: %v", err)
		}
		if n.CallID != fresh.ID || n.CallSessionID != fresh.CallSessionID {
			t.Errorf("--json = %+v, want the new call %s (session %s)", n, fresh.ID, fresh.CallSessionID)
		}
	case s.json != nil:
		s.json(t, out)
	case len(out) != 0:
		t.Errorf("--json printed %q for a reply without a body, want nothing", out)
	}
}
