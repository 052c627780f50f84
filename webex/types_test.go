package webex_test

import (
	"context"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/callboard/callboard/webex"
)

// TestDecodeTolerance: fields Webex adds (seen in live payloads, or new) are
// ignored, and optional ones may be absent, through the real client path.
func TestDecodeTolerance(t *testing.T) {
	tests := []struct {
		name    string
		body    string
		conform bool // the body is also valid under the OpenAPI document
		want    webex.Call
	}{
		{
			name: "private incoming call: no name, number, answered or appearance",
			body: `{"id":"` + callID + `","callSessionId":"` + sessionID + `","personality":"terminator","state":"alerting",` +
				`"remoteParty":{"privacyEnabled":true,"callType":"external"},"created":"2025-08-05T16:48:19.359Z","muteCapable":false,"muted":false}`,
			conform: true,
			want: webex.Call{
				ID: callID, CallSessionID: sessionID,
				Personality: webex.PersonalityTerminator, State: webex.StateAlerting,
				RemoteParty: webex.Party{PrivacyEnabled: true, CallType: webex.CallTypeExternal},
				Created:     mustTime(t, "2025-08-05T16:48:19.359Z"),
			},
		},
		{
			name: "live extras and unknown nested fields",
			body: `{"id":"` + callID + `","callSessionId":"` + sessionID + `","personality":"terminator","state":"connected",` +
				`"remoteParty":{"name":"Alex Example","number":"+19059227700","privacyEnabled":false,"callType":"external","id":"x","idType":"UNKNOWN"},` +
				`"appearance":2,"created":"2025-08-05T16:48:19.359Z","answered":"2025-08-05T16:48:21.154Z",` +
				`"endpointId":"` + endpointID + `","endpointType":"APPLICATION","completedElsewhere":false,` +
				`"allowedRecordingControls":["start"],"futureObject":{"a":[1,2,3]},"muteCapable":true,"muted":true}`,
			want: webex.Call{
				ID: callID, CallSessionID: sessionID,
				Personality: webex.PersonalityTerminator, State: webex.StateConnected,
				RemoteParty: webex.Party{Name: "Alex Example", Number: "+19059227700", CallType: webex.CallTypeExternal},
				Appearance:  2,
				Created:     mustTime(t, "2025-08-05T16:48:19.359Z"),
				Answered:    mustTime(t, "2025-08-05T16:48:21.154Z"),
				MuteCapable: true, Muted: true,
			},
		},
		{
			name: "callId instead of id, null and empty times",
			body: `{"callId":"` + callID + `","callSessionId":"` + sessionID + `","personality":"clickToDial","state":"alerting",` +
				`"remoteParty":{"number":"*73","privacyEnabled":false,"callType":"other"},"created":"","answered":null,"muteCapable":false,"muted":false}`,
			want: webex.Call{
				ID: callID, CallSessionID: sessionID,
				Personality: webex.PersonalityClickToDial, State: webex.StateAlerting,
				RemoteParty: webex.Party{Number: "*73", CallType: webex.CallTypeOther},
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, always(reply{Status: 200, Body: tc.body, Conform: tc.conform}))
			got, err := h.client.GetCall(context.Background(), callID, "")
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got  %#v\nwant %#v", got, tc.want)
			}
			if !got.Answered.IsZero() && tc.want.Answered.IsZero() {
				t.Error("absent answered time decoded as non-zero")
			}
		})
	}
}

// TestCallIDNames: "id" is the REST name, "callId" the webhook one; "id" wins
// when both are present.
func TestCallIDNames(t *testing.T) {
	tests := []struct{ body, want string }{
		{`{"id":"A"}`, "A"},
		{`{"callId":"B"}`, "B"},
		{`{"id":"A","callId":"B"}`, "A"},
		{`{"callId":"B","id":"A"}`, "A"},
		{`{}`, ""},
	}
	for _, tc := range tests {
		var c webex.Call
		if err := json.Unmarshal([]byte(tc.body), &c); err != nil {
			t.Fatalf("%s: %v", tc.body, err)
		}
		if c.ID != tc.want {
			t.Errorf("%s: ID %q, want %q", tc.body, c.ID, tc.want)
		}
	}
	var list webex.CallList
	if err := json.Unmarshal([]byte(`{"items":[{"callId":"B","state":"held"},{"id":"A"}]}`), &list); err != nil {
		t.Fatal(err)
	}
	if len(list.Items) != 2 || list.Items[0].ID != "B" || list.Items[0].State != webex.StateHeld || list.Items[1].ID != "A" {
		t.Errorf("list decoded as %+v", list.Items)
	}
	var c webex.Call
	if err := json.Unmarshal([]byte(`{"id":7}`), &c); err == nil {
		t.Error("a numeric id decoded without error")
	}
}

// TestTimestampRoundTrip: Webex's millisecond UTC form survives decode and
// encode unchanged; other RFC 3339 forms are normalised to it.
func TestTimestampRoundTrip(t *testing.T) {
	tests := []struct{ in, out string }{
		{`"2016-04-21T17:00:00.000Z"`, `"2016-04-21T17:00:00.000Z"`},
		{`"2025-08-05T16:48:21.240Z"`, `"2025-08-05T16:48:21.240Z"`},
		{`"1999-12-31T23:59:59.999Z"`, `"1999-12-31T23:59:59.999Z"`},
		{`"2016-04-21T17:00:00Z"`, `"2016-04-21T17:00:00.000Z"`},
		{`"2016-04-21T19:00:00.5+02:00"`, `"2016-04-21T17:00:00.500Z"`},
		{`"2016-04-21T17:00:00.123456789Z"`, `"2016-04-21T17:00:00.123Z"`},
		{`""`, `null`},
		{`null`, `null`},
	}
	for _, tc := range tests {
		var ts webex.Timestamp
		if err := json.Unmarshal([]byte(tc.in), &ts); err != nil {
			t.Errorf("decode %s: %v", tc.in, err)
			continue
		}
		out, err := json.Marshal(ts)
		if err != nil {
			t.Errorf("encode %s: %v", tc.in, err)
			continue
		}
		if string(out) != tc.out {
			t.Errorf("%s -> %s, want %s", tc.in, out, tc.out)
		}
		if (tc.out == "null") != ts.IsZero() {
			t.Errorf("%s: IsZero %v", tc.in, ts.IsZero())
		}
	}
	want := time.Date(2016, 4, 21, 17, 0, 0, 0, time.UTC)
	var ts webex.Timestamp
	if err := json.Unmarshal([]byte(`"2016-04-21T17:00:00.000Z"`), &ts); err != nil || !ts.Equal(want) {
		t.Errorf("decoded %v (%v), want %v", ts, err, want)
	}
	// A value decoded earlier is cleared by null or "".
	for _, absent := range []string{`null`, `""`} {
		ts := webex.NewTimestamp(want)
		if err := json.Unmarshal([]byte(absent), &ts); err != nil || !ts.IsZero() {
			t.Errorf("%s over a set time: %v, %v", absent, ts, err)
		}
	}
	for _, bad := range []string{`"yesterday"`, `"2016-04-21"`, `1461258000`, `true`, `{}`} {
		var ts webex.Timestamp
		if err := json.Unmarshal([]byte(bad), &ts); err == nil {
			t.Errorf("%s decoded as %v, want an error", bad, ts)
		}
	}
}

// TestCallEncodesAsDocumented: encoding the documented example call gives
// the example back (absent optional fields stay absent).
func TestCallEncodesAsDocumented(t *testing.T) {
	body := exampleBody(t, "getcalldetails", 200)
	var c webex.Call
	if err := json.Unmarshal([]byte(body), &c); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(c, exampleCall(t)) {
		t.Fatalf("decoded %#v", c)
	}
	out, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	var got, want any
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(body), &want); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("re-encoded\n %s\nwant\n %s", out, body)
	}

	minimal := webex.Call{ID: "A", CallSessionID: "S", Personality: webex.PersonalityTerminator,
		State: webex.StateAlerting, RemoteParty: webex.Party{PrivacyEnabled: true},
		Created: mustTime(t, "2016-04-21T17:00:00.000Z")}
	out, err = json.Marshal(minimal)
	if err != nil {
		t.Fatal(err)
	}
	const wantMinimal = `{"id":"A","callSessionId":"S","personality":"terminator","state":"alerting",` +
		`"remoteParty":{"privacyEnabled":true},"created":"2016-04-21T17:00:00.000Z","muteCapable":false,"muted":false}`
	if string(out) != wantMinimal {
		t.Errorf("minimal call\n got %s\nwant %s", out, wantMinimal)
	}
}

// TestHistoryPrivacy: a private history record has no name or number.
func TestHistoryPrivacy(t *testing.T) {
	body := `{"items":[{"type":"missed","privacyEnabled":true,"time":"2025-08-05T16:48:19.359Z","unknown":1},` +
		`{"type":"received","name":"Alex Example","number":"+19059227700","privacyEnabled":false,"time":"2025-08-05T17:00:00.000Z"}]}`
	h := newHarness(t, always(reply{Status: 200, Body: body}))
	got, err := h.client.ListHistory(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	want := []webex.HistoryRecord{
		{Type: webex.HistoryMissed, PrivacyEnabled: true, Time: mustTime(t, "2025-08-05T16:48:19.359Z")},
		{Type: webex.HistoryReceived, Name: "Alex Example", Number: "+19059227700", Time: mustTime(t, "2025-08-05T17:00:00.000Z")},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %#v\nwant %#v", got, want)
	}
}

// TestEmptyLists: an empty list is not an error.
func TestEmptyLists(t *testing.T) {
	for _, body := range []string{`{"items":[]}`, `{}`} {
		h := newHarness(t, always(reply{Status: 200, Body: body, Conform: strings.Contains(body, "items")}))
		calls, err := h.client.ListCalls(context.Background(), "")
		if err != nil || len(calls) != 0 {
			t.Errorf("%s: %v, %v", body, calls, err)
		}
	}
}
