package webex_test

import (
	"context"
	"encoding/json"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/callboard/callboard/webex"
)

// queueID is shaped like a Webex call queue id.
const queueID = "Y2lzY29zcGFyazovL3VzL0NBTExfUVVFVUUvNjZiNTlmMmEtOGMyMS00N2Q5LWE1ZWEtNGU0ZDgzOTkxN2Uz"

// noContent is the documented answer of an action without a body.
func noContent() reply {
	return reply{Status: http.StatusNoContent, Conform: true, Header: map[string]string{"Trackingid": "ROUTER_LINES"}}
}

// linesCases covers every queue, conference and settings operation with its
// documented response.
func linesCases(t *testing.T) []opCase {
	const (
		queues     = "/telephony/config/people/me/settings/queues"
		conference = "/telephony/conference"
		dnd        = "/telephony/config/people/me/settings/doNotDisturb"
		forwarding = "/telephony/config/people/me/settings/callForwarding"
		assistant  = "/telephony/config/people/me/settings/executive/assistant"
	)
	callA := "Y2lzY29zcGFyazovL3VzL0NBTEwvQkNMRC9jYWxsaGFsZi00ODg6MA"
	callB := "Y2lzY29zcGFyazovL3VzL0NBTEwvQkNMRC9jYWxsaGFsZi00ODg6MQ"
	fwd := webex.CallForwarding{
		CallForwarding: webex.ForwardingRules{
			Always:   webex.ForwardAlways{Destination: "2225551212"},
			Busy:     webex.ForwardBusy{Destination: "2225551212"},
			NoAnswer: webex.ForwardNoAnswer{Destination: "2225551212", NumberOfRings: 3, SystemMaxNumberOfRings: 15},
		},
		BusinessContinuity: webex.ForwardBusy{Destination: "2225551212"},
	}
	night := fwd
	night.CallForwarding.Always = webex.ForwardAlways{Enabled: true, Destination: "+14155550199", RingReminderEnabled: true}
	return []opCase{
		{
			name: "queue settings", reply: docReply(t, http.MethodGet, queues, 200),
			call:   func(ctx context.Context, c *webex.Client) (any, error) { return c.QueueSettings(ctx) },
			method: http.MethodGet, path: queues,
			want: webex.QueueSettings{AgentACDState: webex.AgentAvailable, Queues: []webex.QueueMembership{{
				ID: queueID, Available: true, SkillLevel: 1, PhoneNumber: "+19075552859", Extension: "8080", AllowLogOffEnabled: true}}},
		},
		{
			name: "join a queue and become available", reply: noContent(),
			call: func(ctx context.Context, c *webex.Client) (any, error) {
				return nil, c.UpdateQueueSettings(ctx, webex.QueueSettingsUpdate{AgentACDState: webex.AgentAvailable,
					Queues: []webex.QueueJoin{{ID: queueID, Available: true}}})
			},
			method: http.MethodPut, path: queues,
			body: `{"agentACDState":"AVAILABLE","queues":[{"id":"` + queueID + `","available":true}]}`,
		},
		{
			name: "leave a queue", reply: noContent(),
			call: func(ctx context.Context, c *webex.Client) (any, error) {
				return nil, c.UpdateQueueSettings(ctx, webex.QueueSettingsUpdate{Queues: []webex.QueueJoin{{ID: queueID}}})
			},
			method: http.MethodPut, path: queues,
			body: `{"queues":[{"id":"` + queueID + `","available":false}]}`,
		},
		{
			name: "queue calls", reply: docReply(t, http.MethodGet, "/telephony/queues/{queueId}/calls", 200),
			call:   func(ctx context.Context, c *webex.Client) (any, error) { return c.QueueCalls(ctx, queueID) },
			method: http.MethodGet, path: "/telephony/queues/" + queueID + "/calls",
			want: []webex.QueueCall{{CallID: callA, OrigCallID: callB, CallSessionID: sessionID,
				RemoteParty: webex.Party{Name: "John Smith", Number: "+12223334444", CallType: webex.CallTypeOrganization},
				AddTime:     mustTime(t, "2016-04-21T17:00:00.000Z"), QueueNumber: "+15559998888", QueueName: "Support Queue",
				Priority: webex.PriorityMedium, Bounced: true}},
		},
		{
			name: "wrap-up reasons", reply: noContent(),
			call: func(ctx context.Context, c *webex.Client) (any, error) {
				return nil, c.SetWrapUpReasons(ctx, []string{"Sale", "Follow-up"})
			},
			method: http.MethodPost, path: "/telephony/calls/members/me/wrapupreasons",
			body: `{"wrapupReasons":["Sale","Follow-up"]}`,
		},
		{
			name: "start conference", reply: noContent(),
			call: func(ctx context.Context, c *webex.Client) (any, error) {
				return nil, c.StartConference(ctx, webex.ConferenceStartRequest{CallIDs: []string{callA, callB}})
			},
			method: http.MethodPost, path: conference, body: `{"callIds":["` + callA + `","` + callB + `"]}`,
		},
		{
			name: "start conference on a line", reply: noContent(),
			call: func(ctx context.Context, c *webex.Client) (any, error) {
				return nil, c.StartConference(ctx, webex.ConferenceStartRequest{CallIDs: []string{callA, callB}, LineOwnerID: lineOwner})
			},
			method: http.MethodPost, path: conference, body: `{"callIds":["` + callA + `","` + callB + `"],"lineOwnerId":"` + lineOwner + `"}`,
		},
		{
			name: "conference details", reply: docReply(t, http.MethodGet, conference, 200),
			call:   func(ctx context.Context, c *webex.Client) (any, error) { return c.Conference(ctx, "") },
			method: http.MethodGet, path: conference,
			want: webex.Conference{State: webex.ConferenceConnected, Appearance: 3, Created: mustTime(t, "2023-03-02T15:00:00.000Z"),
				Participants: []webex.ConferenceParticipant{{CallID: callA}, {CallID: callB}}},
		},
		{
			name: "no conference on a line", reply: reply{Status: http.StatusOK, Body: `{}`, Conform: true},
			call:   func(ctx context.Context, c *webex.Client) (any, error) { return c.Conference(ctx, lineOwner) },
			method: http.MethodGet, path: conference, query: lineOwnerQuery, want: webex.Conference{},
		},
		{
			name: "release conference", reply: noContent(),
			call:   func(ctx context.Context, c *webex.Client) (any, error) { return nil, c.ReleaseConference(ctx, "") },
			method: http.MethodDelete, path: conference,
		},
		{
			name: "release conference on a line", reply: noContent(),
			call: func(ctx context.Context, c *webex.Client) (any, error) {
				return nil, c.ReleaseConference(ctx, lineOwner)
			},
			method: http.MethodDelete, path: conference, query: lineOwnerQuery,
		},
		{
			name: "add to conference", reply: noContent(),
			call: func(ctx context.Context, c *webex.Client) (any, error) {
				return nil, c.AddConferenceParticipant(ctx, webex.ConferenceCallRequest{CallID: callA, LineOwnerID: lineOwner})
			},
			method: http.MethodPost, path: conference + "/addParticipant", body: `{"callId":"` + callA + `","lineOwnerId":"` + lineOwner + `"}`,
		},
		{
			name: "mute a participant", reply: noContent(),
			call:   func(ctx context.Context, c *webex.Client) (any, error) { return nil, c.MuteConference(ctx, callA) },
			method: http.MethodPost, path: conference + "/mute", body: `{"callId":"` + callA + `"}`,
		},
		{
			name: "mute the host", reply: noContent(),
			call:   func(ctx context.Context, c *webex.Client) (any, error) { return nil, c.MuteConference(ctx, "") },
			method: http.MethodPost, path: conference + "/mute",
		},
		{
			name: "unmute a participant", reply: noContent(),
			call:   func(ctx context.Context, c *webex.Client) (any, error) { return nil, c.UnmuteConference(ctx, callB) },
			method: http.MethodPost, path: conference + "/unmute", body: `{"callId":"` + callB + `"}`,
		},
		{
			name: "deafen a participant", reply: noContent(),
			call:   func(ctx context.Context, c *webex.Client) (any, error) { return nil, c.DeafenParticipant(ctx, callA) },
			method: http.MethodPost, path: conference + "/deafen", body: `{"callId":"` + callA + `"}`,
		},
		{
			name: "undeafen a participant", reply: noContent(),
			call:   func(ctx context.Context, c *webex.Client) (any, error) { return nil, c.UndeafenParticipant(ctx, callA) },
			method: http.MethodPost, path: conference + "/undeafen", body: `{"callId":"` + callA + `"}`,
		},
		{
			name: "hold the conference", reply: noContent(),
			call:   func(ctx context.Context, c *webex.Client) (any, error) { return nil, c.HoldConference(ctx, "") },
			method: http.MethodPost, path: conference + "/hold",
		},
		{
			name: "resume the conference on a line", reply: noContent(),
			call: func(ctx context.Context, c *webex.Client) (any, error) {
				return nil, c.ResumeConference(ctx, lineOwner)
			},
			method: http.MethodPost, path: conference + "/resume", query: lineOwnerQuery,
		},
		{
			name: "do not disturb", reply: docReply(t, http.MethodGet, dnd, 200),
			call:   func(ctx context.Context, c *webex.Client) (any, error) { return c.DoNotDisturb(ctx) },
			method: http.MethodGet, path: dnd, want: webex.DoNotDisturb{Enabled: true},
		},
		{
			name: "set do not disturb", reply: noContent(),
			call: func(ctx context.Context, c *webex.Client) (any, error) {
				return nil, c.SetDoNotDisturb(ctx, webex.DoNotDisturb{Enabled: true, RingSplashEnabled: true})
			},
			method: http.MethodPut, path: dnd, body: `{"enabled":true,"ringSplashEnabled":true,"webexGoOverrideEnabled":false}`,
		},
		{
			name: "call forwarding", reply: docReply(t, http.MethodGet, forwarding, 200),
			call:   func(ctx context.Context, c *webex.Client) (any, error) { return c.CallForwarding(ctx) },
			method: http.MethodGet, path: forwarding, want: fwd,
		},
		{
			name: "forward always", reply: noContent(),
			call:   func(ctx context.Context, c *webex.Client) (any, error) { return nil, c.SetCallForwarding(ctx, night) },
			method: http.MethodPut, path: forwarding,
			body: `{"callForwarding":{"always":{"enabled":true,"destination":"+14155550199","ringReminderEnabled":true,"destinationVoicemailEnabled":false},` +
				`"busy":{"enabled":false,"destination":"2225551212","destinationVoicemailEnabled":false},` +
				`"noAnswer":{"enabled":false,"destination":"2225551212","numberOfRings":3,"destinationVoicemailEnabled":false}},` +
				`"businessContinuity":{"enabled":false,"destination":"2225551212","destinationVoicemailEnabled":false}}`,
		},
		{
			name: "executive assistant", reply: docReply(t, http.MethodGet, assistant, 200),
			call:   func(ctx context.Context, c *webex.Client) (any, error) { return c.AssistantSettings(ctx) },
			method: http.MethodGet, path: assistant,
			want: webex.AssistantSettings{ForwardFilteredCallsEnabled: true, ForwardToPhoneNumber: "+14085267209", Executives: []webex.Executive{{
				ID: "Y2lzY29zcGFyazovL3VzL1BFT1BMRS85YjRlYTUxNy0xZmRjLTQ1YjktOTNiMS1lNWE1NjFhNGQ3NGQ", FirstName: "John", LastName: "Smith",
				DirectNumber: "+14085267209", Extension: "7209", OptInEnabled: true}}},
		},
	}
}

// TestLinesScopes: a 403 from each new operation names the scope it needs.
func TestLinesScopes(t *testing.T) {
	forbidden := errorReply(http.StatusForbidden, `{"message":"missing required scopes","trackingId":"ROUTER_403"}`, nil)
	want := map[string]string{
		"queue settings": webex.ScopeTelephonyConfigRead, "join a queue and become available": webex.ScopeTelephonyConfigWrite,
		"queue calls": webex.ScopeCallsRead, "wrap-up reasons": webex.ScopeCallsWrite,
		"start conference": webex.ScopeCallsWrite, "conference details": webex.ScopeCallsRead, "release conference": webex.ScopeCallsWrite,
		"hold the conference": webex.ScopeCallsWrite, "mute the host": webex.ScopeCallsWrite,
		"do not disturb": webex.ScopeTelephonyConfigRead, "set do not disturb": webex.ScopeTelephonyConfigWrite,
		"call forwarding": webex.ScopeTelephonyConfigRead, "forward always": webex.ScopeTelephonyConfigWrite,
		"executive assistant": webex.ScopeTelephonyConfigRead,
	}
	cases := map[string]opCase{}
	for _, tc := range linesCases(t) {
		cases[tc.name] = tc
	}
	for name, scope := range want {
		tc, ok := cases[name]
		if !ok {
			t.Fatalf("no case %q", name)
		}
		h := newHarness(t, always(forbidden))
		_, err := tc.call(context.Background(), h.client)
		if got, ok := webex.MissingScope(err); !ok || got != scope {
			t.Errorf("%s: MissingScope %q %v (%v), want %q", name, got, ok, err, scope)
		}
	}
}

// TestLinesArgumentsCheckedBeforeSending: requests that cannot be right are
// refused without a request.
func TestLinesArgumentsCheckedBeforeSending(t *testing.T) {
	h := newHarness(t, always(reply{Status: http.StatusTeapot}))
	ctx := context.Background()
	calls := map[string]func() error{
		"queue calls without id": func() error { _, err := h.client.QueueCalls(ctx, ""); return err },
		"empty queue update":     func() error { return h.client.UpdateQueueSettings(ctx, webex.QueueSettingsUpdate{}) },
		"wrap-up without reason": func() error { return h.client.SetWrapUpReasons(ctx, nil) },
		"conference of one call": func() error {
			return h.client.StartConference(ctx, webex.ConferenceStartRequest{CallIDs: []string{callID}})
		},
		"add nothing to conference":  func() error { return h.client.AddConferenceParticipant(ctx, webex.ConferenceCallRequest{}) },
		"deafen the host":            func() error { return h.client.DeafenParticipant(ctx, "") },
		"undeafen the host":          func() error { return h.client.UndeafenParticipant(ctx, "") },
		"forward always to nowhere":  func() error { return h.client.SetCallForwarding(ctx, forwardTo("always", "")) },
		"forward busy to nowhere":    func() error { return h.client.SetCallForwarding(ctx, forwardTo("busy", "")) },
		"continuity to nowhere":      func() error { return h.client.SetCallForwarding(ctx, forwardTo("continuity", "")) },
		"forward no answer, nowhere": func() error { return h.client.SetCallForwarding(ctx, forwardTo("noAnswer", "")) },
	}
	for name, call := range calls {
		if err := call(); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if n := len(h.api.requests()); n != 0 {
		t.Errorf("server saw %d requests, want none", n)
	}
}

// forwardTo enables one kind of forwarding to dest.
func forwardTo(kind, dest string) webex.CallForwarding {
	var f webex.CallForwarding
	switch kind {
	case "always":
		f.CallForwarding.Always = webex.ForwardAlways{Enabled: true, Destination: dest}
	case "busy":
		f.CallForwarding.Busy = webex.ForwardBusy{Enabled: true, Destination: dest}
	case "noAnswer":
		f.CallForwarding.NoAnswer = webex.ForwardNoAnswer{Enabled: true, Destination: dest, NumberOfRings: 3}
	default:
		f.BusinessContinuity = webex.ForwardBusy{Enabled: true, Destination: dest}
	}
	return f
}

// TestQueueCallWaited counts the wait in this queue and the wait preserved
// from an earlier one.
func TestQueueCallWaited(t *testing.T) {
	added := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	q := webex.QueueCall{AddTime: webex.NewTimestamp(added), PreservedWaitTimeMs: 12_500}
	if got := q.Waited(added.Add(time.Minute)); got != time.Minute+12500*time.Millisecond {
		t.Errorf("waited %s, want 1m12.5s", got)
	}
	if got := q.Waited(added.Add(-time.Second)); got != 12500*time.Millisecond {
		t.Errorf("a clock behind addTime: waited %s, want the preserved 12.5s", got)
	}
	if got := (webex.QueueCall{}).Waited(added); got != 0 {
		t.Errorf("no times: waited %s", got)
	}
}

// TestConferenceActive: only a conference that exists and is not released
// is active.
func TestConferenceActive(t *testing.T) {
	for state, want := range map[webex.ConferenceState]bool{
		"": false, webex.ConferenceConnected: true, webex.ConferenceHeld: true, webex.ConferenceDisconnected: false,
	} {
		if got := (webex.Conference{State: state}).Active(); got != want {
			t.Errorf("%q: active %v, want %v", state, got, want)
		}
	}
}

// TestLines names each distinct secondary line of the user's endpoints from
// the directory; one the directory does not list keeps its id.
func TestLines(t *testing.T) {
	endpoints := `{"endpoints":[
		{"id":"e1","type":"CALLING_DEVICE","name":"Desk","autoAndForcedAnswerEnabled":true,"ownerId":"me","ownerType":"PEOPLE",
		 "secondaryLines":[{"id":"vl1","memberType":"VIRTUAL_LINE"},{"id":"p9","memberType":"PEOPLE"}]},
		{"id":"e2","type":"APPLICATION","name":"App","autoAndForcedAnswerEnabled":true,"ownerId":"me","ownerType":"PEOPLE",
		 "secondaryLines":[{"id":"vl1","memberType":"VIRTUAL_LINE"},{"id":"ghost","memberType":"PLACE"}]}]}`
	members := `{"members":[{"id":"p9","displayName":"Dana Whitfield","phoneNumber":"+14155550109","extension":"109","type":"PEOPLE"},
		{"id":"vl1","displayName":"Main Line","phoneNumber":"+14155550400","extension":"500","type":"VIRTUAL_LINE"}]}`
	h := newHarness(t, func(ex exchange) reply {
		if strings.HasSuffix(ex.Path, "/endpoints") {
			return reply{Status: http.StatusOK, Body: endpoints, Conform: true}
		}
		return reply{Status: http.StatusOK, Body: members, Conform: true}
	})
	got, err := h.client.Lines(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := []webex.Line{
		{OwnerID: "vl1", Type: webex.MemberVirtualLine, Name: "Main Line", PhoneNumber: "+14155550400", Extension: "500"},
		{OwnerID: "p9", Type: webex.MemberPeople, Name: "Dana Whitfield", PhoneNumber: "+14155550109", Extension: "109"},
		{OwnerID: "ghost", Type: webex.MemberPlace},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("lines\n got %+v\nwant %+v", got, want)
	}
	reqs := h.api.requests()
	if len(reqs) != 2 || reqs[1].Path != "/telephony/config/people/me/settings/speedDials/availableMembers" || reqs[1].RawQuery != "" {
		t.Errorf("requests %+v", reqs)
	}

	// Without secondary lines the directory is not read.
	h = newHarness(t, always(reply{Status: http.StatusOK, Body: `{"endpoints":[]}`, Conform: true}))
	if got, err := h.client.Lines(context.Background()); err != nil || len(got) != 0 || len(h.api.requests()) != 1 {
		t.Errorf("no secondary lines: %+v %v, %d requests", got, err, len(h.api.requests()))
	}
}

// TestForwardingNeverSendsTheSystemMaximum: the read-only field read back
// from Webex is not sent.
func TestForwardingNeverSendsTheSystemMaximum(t *testing.T) {
	h := newHarness(t, always(noContent()))
	f := forwardTo("noAnswer", "+14155550199")
	f.CallForwarding.NoAnswer.SystemMaxNumberOfRings = 15
	if err := h.client.SetCallForwarding(context.Background(), f); err != nil {
		t.Fatal(err)
	}
	var sent struct {
		CallForwarding struct {
			NoAnswer map[string]any `json:"noAnswer"`
		} `json:"callForwarding"`
	}
	if err := json.Unmarshal(h.api.requests()[0].Body, &sent); err != nil {
		t.Fatal(err)
	}
	if _, found := sent.CallForwarding.NoAnswer["systemMaxNumberOfRings"]; found || sent.CallForwarding.NoAnswer["numberOfRings"] != 3.0 {
		t.Errorf("sent %s", h.api.requests()[0].Body)
	}
}
