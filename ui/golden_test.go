package ui

import (
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
	hs := newHarness(t, w, h, func(o *Options) { o.HoldLimit = 2 * time.Minute })
	hs.api.setMe(operator())
	hs.run(hs.app.fetchMe(), 0)
	return hs
}

// everyKindOfCall is one call in each state and with each flag the list shows.
func everyKindOfCall(now time.Time) []webex.Call {
	min := func(n int) time.Time { return now.Add(-time.Duration(n) * time.Minute) }

	rec := connected("c-rec", "Bob Smith", "1002", min(12))
	rec.RemoteParty.CallType = webex.CallTypeLocation
	rec.RecordingState = webex.RecordingStarted
	rec.Appearance = 1

	muted := connected("c-mute", "Priya Natarajan", "+14085550142", min(9))
	muted.Muted = true
	muted.Appearance = 2

	hold := held("c-held", "Acme Support", "+18005551234", min(8))
	hold.Appearance = 3

	remote := talking("c-remote", webex.StateRemoteHeld, "Carol Diaz", "2003", min(6))
	remote.RemoteParty.CallType = webex.CallTypeOrganization

	plain := connected("c-conn", "Wei Chen", "+16505550177", min(4))

	out := wcall("c-out", webex.StateConnecting, webex.PersonalityOriginator, "", "+442071234567", now.Add(-8*time.Second))
	c2d := wcall("c-c2d", webex.StateAlerting, webex.PersonalityClickToDial, "", "2125550199", now.Add(-6*time.Second))

	ring := ringing("c-ring", "Jane Roe", "+14155550123", now.Add(-20*time.Second))

	recall := ringing("c-recall", "Dan Park", "+13125550111", now.Add(-15*time.Second))
	recall.Recall = &webex.Recall{Type: webex.RecallTypePark, Party: &webex.Party{Number: "7001", CallType: webex.CallTypeLocation}}

	redirected := ringing("c-redir", "Eve Adams", "+16175550122", now.Add(-12*time.Second))
	redirected.Redirections = []webex.Redirection{{Reason: webex.ReasonNoAnswer,
		RedirectingParty: webex.Party{Name: "Frank Lee", Number: "1004", CallType: webex.CallTypeLocation}}}

	private := ringing("c-private", "", "", now.Add(-10*time.Second))
	private.RemoteParty.PrivacyEnabled = true

	return []webex.Call{rec, muted, hold, remote, plain, out, c2d, ring, recall, redirected, private}
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
			hs.clock.Advance(150 * time.Second)
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
			hs.clock.Advance(12 * time.Second)
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
			hs.clock.Advance(4 * time.Second)
			hs.api.failNext("ListCalls", errNetwork)
			hs.key("ctrl+r")
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
