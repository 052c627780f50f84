package convert

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/callboard/callboard/model"
	"github.com/callboard/callboard/webex"
)

// The SPEC's List Calls example, every optional field present.
const specCall = `{"id":"Y2lz","callSessionId":"MmFm","personality":"terminator","state":"alerting",
 "remoteParty":{"name":"John Smith","number":"+12223334444","personId":"P","placeId":"PL","privacyEnabled":false,"callType":"location"},
 "appearance":2,"created":"2016-04-21T17:00:00.000Z","answered":"2016-04-21T17:00:05.000Z",
 "redirections":[{"reason":"busy","redirectingParty":{"name":"Jane Roe","number":"1002","privacyEnabled":false,"callType":"organization"}}],
 "recall":{"type":"park","party":{"number":"7001","privacyEnabled":false,"callType":"location"}},
 "recordingState":"paused","muteCapable":true,"muted":true}`

func TestCall(t *testing.T) {
	var wire webex.Call
	if err := json.Unmarshal([]byte(specCall), &wire); err != nil {
		t.Fatal(err)
	}
	c := Call(&wire)
	created := time.Date(2016, 4, 21, 17, 0, 0, 0, time.UTC)
	checks := []struct {
		name      string
		got, want any
	}{
		{"id", c.ID, "Y2lz"},
		{"session", c.SessionID, "MmFm"},
		{"personality", c.Personality, model.PersonalityTerminator},
		{"state", c.State, model.StateAlerting},
		{"status", c.Status(), model.StatusRinging},
		{"remote", c.Remote, model.Party{Name: "John Smith", Number: "+12223334444", PersonID: "P", PlaceID: "PL", CallType: model.CallTypeLocation}},
		{"appearance", c.Appearance, 2},
		{"created", c.Created.Equal(created), true},
		{"answered", c.Answered.Equal(created.Add(5 * time.Second)), true},
		{"redirections", len(c.Redirections), 1},
		{"redirect reason", c.Redirections[0].Reason, model.RedirectBusy},
		{"redirecting party", c.Redirections[0].Party.Number, "1002"},
		{"recall party", c.Recall.Party.Number, "7001"},
		{"recall type", c.Recall.Type, model.RecallTypePark},
		{"recording", c.Recording, model.RecordingPaused},
		{"mute", [2]bool{c.MuteCapable, c.Muted}, [2]bool{true, true}},
	}
	for _, ch := range checks {
		if ch.got != ch.want {
			t.Errorf("%s = %v, want %v", ch.name, ch.got, ch.want)
		}
	}
	// The result shares nothing with the wire value.
	wire.Redirections[0].RedirectingParty.Number = "changed"
	if c.Redirections[0].Party.Number != "1002" {
		t.Error("the mapped call shares its redirections with the wire call")
	}
}

func TestPrivateCallAndAbsentFields(t *testing.T) {
	var wire webex.Call
	if err := json.Unmarshal([]byte(`{"id":"x","callSessionId":"s","personality":"originator","state":"connecting",
		"remoteParty":{"privacyEnabled":true,"callType":"external"},"created":"2016-04-21T17:00:00.000Z","muteCapable":false,"muted":false}`), &wire); err != nil {
		t.Fatal(err)
	}
	c := Call(&wire)
	if c.Remote.Display() != "private" || !c.Answered.IsZero() || c.Recall != nil || c.Recording != model.RecordingNone || c.Redirections != nil {
		t.Errorf("unexpected mapping of a private, unanswered call: %+v", c)
	}
	if p := Party(nil); p != (model.Party{}) {
		t.Errorf("Party(nil) = %+v", p)
	}
}

func TestHistoryNewestFirst(t *testing.T) {
	at := func(s string) webex.Timestamp {
		tm, _ := time.Parse(time.RFC3339, s)
		return webex.NewTimestamp(tm)
	}
	got := History([]webex.HistoryRecord{
		{Type: webex.HistoryPlaced, Name: "Old", Number: "1", Time: at("2026-01-01T10:00:00Z")},
		{Type: webex.HistoryMissed, PrivacyEnabled: true, Time: at("2026-01-01T12:00:00Z")},
		{Type: webex.HistoryReceived, Name: "Mid", Number: "2", Time: at("2026-01-01T11:00:00Z")},
	})
	if len(got) != 3 || got[0].Type != model.HistoryMissed || !got[0].Private || got[1].Name != "Mid" || got[2].Name != "Old" {
		t.Errorf("History = %+v, want newest first with privacy kept", got)
	}
}
