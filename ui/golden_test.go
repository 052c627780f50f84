package ui

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/callboard/callboard/webex"
)

// operator is the signed-in user the snapshots show in the header.
func operator() webex.Person {
	return webex.Person{
		ID: "person-1", DisplayName: "Alex Morgan", Extension: "1001",
		PhoneNumbers: []webex.PhoneNumber{{Type: "work", Value: "+14155550100", Primary: true}},
	}
}

// scene builds the console in one state at a given size.
type scene func(t *testing.T, w, h int) *harness

// sceneHarness starts a console with the operator signed in and a hold
// limit of two minutes.
func sceneHarness(t *testing.T, w, h int) *harness {
	t.Helper()
	hs := newHarness(t, w, h, func(o *Options) { o.Desk.HoldLimit = 2 * time.Minute })
	hs.api.setMe(operator())
	hs.run(hs.app.fetchMe(), 0)
	return hs
}

// The scenes of the console's face.
func snapshotScenes() map[string]scene {
	return map[string]scene{
		"empty": func(t *testing.T, w, h int) *harness {
			return sceneHarness(t, w, h)
		},
		"one_ringing": func(t *testing.T, w, h int) *harness {
			hs := sceneHarness(t, w, h)
			now := hs.clock.Now()
			hs.poll(ringing("c1", "Jane Roe", "+14155550123", now.Add(-7*time.Second)))
			return hs
		},
		"several_calls": func(t *testing.T, w, h int) *harness {
			hs := sceneHarness(t, w, h)
			calls := everyKindOfCall(hs.clock.Now())
			hs.poll(calls...)
			// Two and a half minutes later: the held call is past the limit.
			hs.advance(150 * time.Second)
			hs.poll(calls...)
			return hs
		},
		"consult": func(t *testing.T, w, h int) *harness {
			hs := sceneHarness(t, w, h)
			now := hs.clock.Now()
			hs.poll(connected("c1", "Jane Roe", "+14155550123", now.Add(-3*time.Minute)))
			hs.api.setResult("Dial", webex.NewCall{CallID: "c2", CallSessionID: "session-c2"})
			hs.api.setCalls(held("c1", "Jane Roe", "+14155550123", now.Add(-3*time.Minute)))
			hs.key("T")
			hs.typeText("1002")
			hs.key("enter")
			hs.advance(12 * time.Second)
			leg := wcall("c2", webex.StateConnected, webex.PersonalityOriginator, "Bob Smith", "1002", now)
			leg.RemoteParty.CallType = webex.CallTypeLocation
			leg.Answered = webex.NewTimestamp(now.Add(4 * time.Second))
			hs.poll(held("c1", "Jane Roe", "+14155550123", now.Add(-3*time.Minute)), leg)
			return hs
		},
		"help_connected": func(t *testing.T, w, h int) *harness {
			hs := sceneHarness(t, w, h)
			now := hs.clock.Now()
			hs.poll(connected("c1", "Jane Roe", "+14155550123", now.Add(-90*time.Second)))
			hs.key("?")
			return hs
		},
		"error_offline": func(t *testing.T, w, h int) *harness {
			hs := sceneHarness(t, w, h)
			now := hs.clock.Now()
			hs.poll(connected("c1", "Jane Roe", "+14155550123", now.Add(-90*time.Second)),
				ringing("c2", "Bob Smith", "1002", now.Add(-5*time.Second)))
			hs.advance(4 * time.Second)
			hs.api.failNext("ListCalls", errNetwork, errNetwork)
			hs.key("ctrl+r")
			hs.advance(time.Second)
			return hs
		},
		"error_signin": func(t *testing.T, w, h int) *harness {
			hs := sceneHarness(t, w, h)
			now := hs.clock.Now()
			hs.poll(connected("c1", "Jane Roe", "+14155550123", now.Add(-90*time.Second)))
			hs.api.failNext("ListCalls", &webex.APIError{StatusCode: 401, Message: "The request requires a valid access token set in the Authorization request header.", TrackingID: "ROUTER_0123"})
			hs.key("ctrl+r")
			return hs
		},
		"transfer_prompt_error": func(t *testing.T, w, h int) *harness {
			hs := sceneHarness(t, w, h)
			now := hs.clock.Now()
			hs.poll(connected("c1", "Jane Roe", "+14155550123", now.Add(-90*time.Second)))
			hs.key("t")
			hs.typeText("12a4")
			hs.key("enter")
			return hs
		},
		"history": func(t *testing.T, w, h int) *harness {
			hs := sceneHarness(t, w, h)
			hs.api.setHistory(historyRecords(hs.clock.Now())...)
			hs.key("tab")
			return hs
		},
	}
}

// TestSnapshots compares the screen with golden files at 80×24 and 120×40;
// `go test ./ui -update` rewrites them.
func TestSnapshots(t *testing.T) {
	sizes := [][2]int{{80, 24}, {120, 40}}
	for name, build := range snapshotScenes() {
		t.Run(name, func(t *testing.T) {
			for _, sz := range sizes {
				t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
					hs := build(t, sz[0], sz[1])
					golden.RequireEqual(t, []byte(hs.screen()))
				})
			}
		})
	}
}

// TestSnapshotSmallTerminals covers sizes below and at the minimum.
func TestSnapshotSmallTerminals(t *testing.T) {
	for _, sz := range [][2]int{{40, 10}, {60, 14}} {
		t.Run(fmt.Sprintf("%dx%d", sz[0], sz[1]), func(t *testing.T) {
			hs := sceneHarness(t, sz[0], sz[1])
			now := hs.clock.Now()
			hs.poll(ringing("c1", "Jane Roe", "+14155550123", now.Add(-7*time.Second)),
				connected("c2", "Bob Smith", "1002", now.Add(-2*time.Minute)))
			golden.RequireEqual(t, []byte(hs.screen()))
		})
	}
}

// errNetwork is a connection that could not be made.
var errNetwork = errors.New("dial tcp 127.0.0.1:443: connect: connection refused")

// historyRecords is a history with every type and a private caller.
func historyRecords(now time.Time) []webex.HistoryRecord {
	at := func(m int) webex.Timestamp { return webex.NewTimestamp(now.Add(-time.Duration(m) * time.Minute)) }
	return []webex.HistoryRecord{
		{Type: webex.HistoryMissed, Name: "Jane Roe", Number: "+14155550123", Time: at(3)},
		{Type: webex.HistoryReceived, Name: "Bob Smith", Number: "1002", Time: at(14)},
		{Type: webex.HistoryPlaced, Number: "+442071234567", Time: at(40)},
		{Type: webex.HistoryMissed, PrivacyEnabled: true, Time: at(60 * 26)},
	}
}
