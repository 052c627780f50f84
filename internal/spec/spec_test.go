package spec

import (
	"encoding/json"
	"errors"
	"net/http"
	"testing"
)

func TestValidator(t *testing.T) {
	v, err := New()
	if err != nil {
		t.Fatal(err)
	}
	auth := http.Header{"Authorization": {"Bearer t"}, "Content-Type": {"application/json"}}
	json := http.Header{"Content-Type": {"application/json"}}
	tests := []struct {
		name string
		err  error
	}{
		{"valid dial", v.ValidateRequest("POST", "/telephony/calls/dial", "", auth, []byte(`{"destination":"1234"}`))},
		{"valid history", v.ValidateRequest("GET", "/telephony/calls/history", "type=missed", auth, nil)},
		{"valid call details", v.ValidateRequest("GET", "/telephony/calls/Y2lz", "", auth, nil)},
		{"valid 201", v.ValidateResponse("POST", "/telephony/calls/dial", "", auth, []byte(`{"destination":"1"}`), 201, json, []byte(`{"callId":"a","callSessionId":"b"}`))},
		{"documented error status", v.ValidateResponse("POST", "/telephony/calls/hold", "", auth, []byte(`{"callId":"a"}`), 404, json, []byte(`{"message":"Call not found"}`))},
		{"directory search", v.ValidateRequest("GET", "/telephony/config/people/me/settings/speedDials/availableMembers", "name=pri&max=20&start=0&order=lastName-asc", auth, nil)},
		{"directory answer", v.ValidateResponse("GET", "/telephony/config/people/me/settings/speedDials/availableMembers", "name=pri", auth, nil, 200, json,
			[]byte(`{"members":[{"id":"a","phoneNumber":"+14155550103","extension":"103","type":"PEOPLE","displayName":"Priya Shah"}]}`))},
		{"flat monitored elements", v.ValidateResponse("GET", "/telephony/config/people/me/settings/monitoring", "", auth, nil, 200, json,
			[]byte(`{"callParkNotificationEnabled":true,"monitoredElements":[{"id":"a","type":"CALL_PARK_EXTENSION","extension":"7001"}]}`))},
		{"member calls", v.ValidateResponse("GET", "/telephony/calls/members/Y2lz/calls", "", auth, nil, 200, json, []byte(`{"items":[]}`))},
		{"member pickup", v.ValidateRequest("POST", "/telephony/calls/members/Y2lz/pickup", "", auth, []byte(`{"target":"103"}`))},
		{"people search", v.ValidateRequest("GET", "/people", "displayName=Pri&max=10", auth, nil)},
		{"person", v.ValidateResponse("GET", "/people/Y2lz", "", auth, nil, 200, json, []byte(`{"id":"a","status":"DoNotDisturb","lastActivity":"2026-03-02T09:00:00.000Z"}`))},
		{"me", v.ValidateRequest("GET", "/people/me", "", auth, nil)},
		{"join a queue", v.ValidateRequest("PUT", "/telephony/config/people/me/settings/queues", "", auth, []byte(`{"agentACDState":"AVAILABLE","queues":[{"id":"q","available":true}]}`))},
		{"queue calls", v.ValidateResponse("GET", "/telephony/queues/Y2lz/calls", "", auth, nil, 200, json,
			[]byte(`{"items":[{"callId":"a","callSessionId":"b","remoteParty":{"privacyEnabled":true},"addTime":"2026-03-02T09:00:00.000Z","preservedWaitTime":12000,"priority":"high"}]}`))},
		{"wrap-up", v.ValidateRequest("POST", "/telephony/calls/members/me/wrapupreasons", "", auth, []byte(`{"wrapupReasons":["Sale"]}`))},
		{"start a conference", v.ValidateRequest("POST", "/telephony/conference", "", auth, []byte(`{"callIds":["a","b"],"lineOwnerId":"x"}`))},
		{"no conference", v.ValidateResponse("GET", "/telephony/conference", "lineOwnerId=x", auth, nil, 200, json, []byte(`{}`))},
		{"mute the host", v.ValidateRequest("POST", "/telephony/conference/mute", "", auth, nil)},
		{"hold the host of a line", v.ValidateRequest("POST", "/telephony/conference/hold", "lineOwnerId=x", auth, nil)},
		{"release", v.ValidateRequest("DELETE", "/telephony/conference", "", auth, nil)},
		{"do not disturb", v.ValidateRequest("PUT", "/telephony/config/people/me/settings/doNotDisturb", "", auth, []byte(`{"enabled":true,"webexGoOverrideEnabled":false}`))},
		{"message for a colleague", v.ValidateRequest("POST", "/messages", "", auth, []byte(`{"toPersonId":"Y2lz","text":"Jane Roe called"}`))},
		{"message sent", v.ValidateResponse("POST", "/messages", "", auth, []byte(`{"toPersonEmail":"priya@example.com","text":"x"}`), 200, json,
			[]byte(`{"id":"m","roomId":"r","roomType":"direct","toPersonEmail":"priya@example.com","text":"x","created":"2026-03-02T09:00:00.000Z"}`))},
		{"forward always", v.ValidateRequest("PUT", "/telephony/config/people/me/settings/callForwarding", "", auth,
			[]byte(`{"callForwarding":{"always":{"enabled":true,"destination":"+14155550199","ringReminderEnabled":true}}}`))},
	}
	for _, tc := range tests {
		if tc.err != nil {
			t.Errorf("%s: %v", tc.name, tc.err)
		}
	}
	invalid := []struct {
		name string
		err  error
	}{
		{"undocumented field", v.ValidateRequest("POST", "/telephony/calls/dial", "", auth, []byte(`{"destination":"1","foo":1}`))},
		{"message with an undocumented field", v.ValidateRequest("POST", "/messages", "", auth, []byte(`{"toPersonId":"a","text":"x","urgent":true}`))},
		{"missing required field", v.ValidateRequest("POST", "/telephony/calls/dial", "", auth, []byte(`{}`))},
		{"no bearer token", v.ValidateRequest("POST", "/telephony/calls/dial", "", json, []byte(`{"destination":"1"}`))},
		{"bad history type", v.ValidateRequest("GET", "/telephony/calls/history", "type=all", auth, nil)},
		{"undocumented status", v.ValidateResponse("POST", "/telephony/calls/dial", "", auth, []byte(`{"destination":"1"}`), 200, json, []byte(`{"callId":"a","callSessionId":"b"}`))},
		{"incomplete body", v.ValidateResponse("POST", "/telephony/calls/dial", "", auth, []byte(`{"destination":"1"}`), 201, json, []byte(`{"callId":"a"}`))},
		{"bad enum", v.ValidateResponse("GET", "/telephony/calls", "", auth, nil, 200, json, []byte(`{"items":[{"id":"a","state":"ringing"}]}`))},
		{"member without a phone number", v.ValidateResponse("GET", "/telephony/config/people/me/settings/speedDials/availableMembers", "", auth, nil, 200, json,
			[]byte(`{"members":[{"id":"a","type":"PEOPLE"}]}`))},
		{"bad member type", v.ValidateResponse("GET", "/telephony/config/people/me/settings/speedDials/availableMembers", "", auth, nil, 200, json,
			[]byte(`{"members":[{"id":"a","phoneNumber":"1","type":"ROBOT"}]}`))},
		{"endpoint without its owner", v.ValidateResponse("GET", "/telephony/config/people/me/endpoints", "", auth, nil, 200, json,
			[]byte(`{"endpoints":[{"id":"a","type":"APPLICATION","name":"Webex App","autoAndForcedAnswerEnabled":true}]}`))},
		{"park settings without a group", v.ValidateResponse("GET", "/telephony/config/people/me/settings/callPark", "", auth, nil, 200, json, []byte(`{"memberList":[]}`))},
		{"lineOwnerId on a member action", v.ValidateRequest("POST", "/telephony/calls/members/Y2lz/bargeIn", "", auth, []byte(`{"target":"105","lineOwnerId":"x"}`))},
		{"barge-in without a target", v.ValidateRequest("POST", "/telephony/calls/members/Y2lz/bargeIn", "", auth, []byte(`{}`))},
		{"unknown presence", v.ValidateResponse("GET", "/people/Y2lz", "", auth, nil, 200, json, []byte(`{"id":"a","status":"away"}`))},
		{"people max not a number", v.ValidateRequest("GET", "/people", "displayName=a&max=ten", auth, nil)},
		{"bad agent state", v.ValidateRequest("PUT", "/telephony/config/people/me/settings/queues", "", auth, []byte(`{"agentACDState":"BUSY"}`))},
		{"queue without id", v.ValidateRequest("PUT", "/telephony/config/people/me/settings/queues", "", auth, []byte(`{"queues":[{"available":true}]}`))},
		{"queue call without session", v.ValidateResponse("GET", "/telephony/queues/Y2lz/calls", "", auth, nil, 200, json, []byte(`{"items":[{"callId":"a","remoteParty":{}}]}`))},
		{"conference without calls", v.ValidateRequest("POST", "/telephony/conference", "", auth, []byte(`{"lineOwnerId":"x"}`))},
		{"lineOwnerId on deafen", v.ValidateRequest("POST", "/telephony/conference/deafen", "", auth, []byte(`{"callId":"a","lineOwnerId":"x"}`))},
		{"bad conference state", v.ValidateResponse("GET", "/telephony/conference", "", auth, nil, 200, json, []byte(`{"state":"ringing"}`))},
		{"do not disturb without the override", v.ValidateRequest("PUT", "/telephony/config/people/me/settings/doNotDisturb", "", auth, []byte(`{"enabled":true}`))},
		{"forwarding typo", v.ValidateRequest("PUT", "/telephony/config/people/me/settings/callForwarding", "", auth, []byte(`{"callForwarding":{"always":{"enable":true}}}`))},
	}
	for _, tc := range invalid {
		if tc.err == nil {
			t.Errorf("%s: validated, want an error", tc.name)
		}
	}
	if err := v.ValidateRequest("GET", "/authorize", "", auth, nil); !errors.Is(err, ErrNoRoute) {
		t.Errorf("/authorize: %v, want ErrNoRoute", err)
	}
}

// TestExamples checks that every documented success example can be read back
// and validates as the response of its own operation.
func TestExamples(t *testing.T) {
	v, err := New()
	if err != nil {
		t.Fatal(err)
	}
	ops := v.Operations()
	if len(ops) != 24+7+3+19+1 {
		t.Errorf("%d operations, want 54 (24 Call Controls, 7 office, 3 people, 19 queues, conference and settings, 1 message)", len(ops))
	}
	auth := http.Header{"Authorization": {"Bearer t"}}
	hdr := http.Header{"Content-Type": {"application/json"}}
	checked := 0
	for _, op := range ops {
		for _, status := range []int{200, 201} {
			body, err := v.Example(op.Method, op.Path, status)
			if err != nil {
				continue
			}
			if !json.Valid(body) {
				t.Errorf("%s %s %d: example is not JSON", op.Method, op.Path, status)
			}
			if op.Document == "call-controls.openapi.json" || op.Method != http.MethodGet {
				continue
			}
			path := op.Path
			if path == "/people/{personId}" {
				path = "/people/Y2lz"
			}
			if path == "/telephony/calls/members/{memberId}/calls" {
				path = "/telephony/calls/members/Y2lz/calls"
			}
			if err := v.ValidateResponse(op.Method, path, "", auth, nil, status, hdr, body); err != nil {
				t.Errorf("%s %s: the documented example does not validate: %v", op.Method, op.Path, err)
			}
			checked++
		}
	}
	if checked != 14 {
		t.Errorf("validated %d GET examples of the office, people and lines documents, want 14", checked)
	}
	// The message example answers the documented request example.
	reply, err := v.Example(http.MethodPost, "/messages", 200)
	if err != nil {
		t.Fatal(err)
	}
	req := []byte(`{"toPersonEmail":"julie@example.com","text":"PROJECT UPDATE"}`)
	if err := v.ValidateResponse(http.MethodPost, "/messages", "", auth, req, 200, hdr, reply); err != nil {
		t.Errorf("POST /messages: the documented example does not validate: %v", err)
	}
	if _, err := v.Example(http.MethodGet, "/nowhere", 200); !errors.Is(err, ErrNoRoute) {
		t.Errorf("example of an unknown path: %v, want ErrNoRoute", err)
	}
}
