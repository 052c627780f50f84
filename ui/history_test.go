package ui

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/callboard/callboard/webex"
)

// historyRecords are a few records out of order, as Webex may send them:
// the newest is Grace's missed call, the oldest yesterday's private one.
func historyRecords(now time.Time) []webex.HistoryRecord {
	at := func(d time.Duration) webex.Timestamp { return webex.NewTimestamp(now.Add(-d)) }
	return []webex.HistoryRecord{
		{Type: webex.HistoryPlaced, Name: "Bob Smith", Number: "1002", Time: at(40 * time.Minute)},
		{Type: webex.HistoryMissed, Name: "Grace Hopper", Number: "+14155550111", Time: at(2 * time.Minute)},
		{Type: webex.HistoryMissed, PrivacyEnabled: true, Time: at(20 * time.Hour)},
		{Type: webex.HistoryReceived, Name: "Jane Roe", Number: "+14155550123", Time: at(10 * time.Minute)},
		{Type: webex.HistoryPlaced, Number: "+442071234567", Time: at(3 * time.Hour)},
	}
}

// historyNames returns the names (or numbers) of the history rows on
// screen, top to bottom.
func historyNames(hs *harness) []string {
	var names []string
	for i := hs.app.history.offset; i < len(hs.app.history.shown); i++ {
		names = append(names, hs.app.history.records[hs.app.history.shown[i]].Display())
	}
	return names
}

func TestHistoryView(t *testing.T) {
	hs := newHarness(t, 100, 30)
	hs.api.setHistory(historyRecords(hs.clock.Now())...)

	hs.key("tab")
	if hs.app.screen != screenHistory {
		t.Fatal("tab did not switch to the history")
	}
	if hs.api.count("ListHistory") != 1 {
		t.Fatalf("ListHistory called %d times, want 1", hs.api.count("ListHistory"))
	}
	want := []string{"Grace Hopper", "Jane Roe", "Bob Smith", "+442071234567", "private"}
	if got := historyNames(hs); !reflect.DeepEqual(got, want) {
		t.Fatalf("records %v, want newest first %v", got, want)
	}
	scr := hs.screen()
	for _, s := range []string{"all", "missed", "received", "placed", "Grace Hopper", "09:28:00", "Mar 1 13:30"} {
		if !strings.Contains(scr, s) {
			t.Errorf("history screen lacks %q:\n%s", s, scr)
		}
	}
	if i, j := strings.Index(scr, "Grace Hopper"), strings.Index(scr, "Jane Roe"); i > j {
		t.Errorf("Grace Hopper (newer) is drawn below Jane Roe:\n%s", scr)
	}

	t.Run("tabs", func(t *testing.T) {
		tabs := []struct {
			key  string
			want []string
		}{
			{"right", []string{"Grace Hopper", "private"}},    // missed
			{"right", []string{"Jane Roe"}},                   // answered
			{"right", []string{"Bob Smith", "+442071234567"}}, // outgoing
			{"right", want}, // all again
			{"left", []string{"Bob Smith", "+442071234567"}}, // back to outgoing
			{"left", []string{"Jane Roe"}},                   // answered
			{"left", []string{"Grace Hopper", "private"}},    // missed
			{"left", want}, // all
		}
		for i, tc := range tabs {
			hs.key(tc.key)
			if got := historyNames(hs); !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("step %d (%s): %v, want %v", i, tc.key, got, tc.want)
			}
		}
	})

	t.Run("filter", func(t *testing.T) {
		hs.key("/")
		hs.typeText("jane")
		if got := historyNames(hs); !reflect.DeepEqual(got, []string{"Jane Roe"}) {
			t.Fatalf("filter jane: %v", got)
		}
		if !strings.Contains(hs.screen(), "filter: jane") {
			t.Errorf("the filter is not shown:\n%s", hs.screen())
		}
		hs.key("enter") // keeps the filter, closes the prompt
		if hs.app.prompt != nil || len(historyNames(hs)) != 1 {
			t.Fatalf("enter closed the prompt? %v; rows %v", hs.app.prompt == nil, historyNames(hs))
		}
		hs.key("esc") // clears the filter
		if got := historyNames(hs); len(got) != 5 {
			t.Fatalf("esc did not clear the filter: %v", got)
		}
		hs.key("/")
		hs.typeText("415 555")
		if got := historyNames(hs); !reflect.DeepEqual(got, []string{"Grace Hopper", "Jane Roe"}) {
			t.Fatalf("filter by number fragment: %v", got)
		}
		hs.key("esc") // cancels the prompt and clears the filter
		if got := historyNames(hs); len(got) != 5 || hs.app.prompt != nil {
			t.Fatalf("esc in the filter prompt: rows %v, prompt open %v", got, hs.app.prompt != nil)
		}
	})

	t.Run("call back", func(t *testing.T) {
		hs.api.reset()
		hs.key("g", "j") // Jane Roe
		hs.key("enter")
		want := []request{{"Dial", webex.DialRequest{Destination: "+14155550123"}}}
		if got := hs.api.sent(false); !reflect.DeepEqual(got, want) {
			t.Fatalf("call back sent %v, want %v", got, want)
		}
		if hs.app.screen != screenCalls {
			t.Error("calling back stayed on the history: the operator does not see the call")
		}
		hs.key("tab") // back to the history
		hs.api.reset()
		hs.key("g", "j", "j", "d") // Bob Smith, by the dial key
		want = []request{{"Dial", webex.DialRequest{Destination: "1002"}}}
		if got := hs.api.sent(false); !reflect.DeepEqual(got, want) {
			t.Fatalf("d on a record sent %v, want %v", got, want)
		}
	})

	t.Run("private record", func(t *testing.T) {
		if hs.app.screen != screenHistory {
			hs.key("tab")
		}
		hs.api.reset()
		hs.key("G") // the private record is the oldest
		hs.key("enter")
		if got := hs.api.sent(false); len(got) != 0 {
			t.Fatalf("calling back a private record sent %v", got)
		}
		if got := hs.statusText(); got != "cannot call back: the number is private" {
			t.Errorf("status %q", got)
		}
	})

	t.Run("back to calls", func(t *testing.T) {
		hs.key("tab")
		if hs.app.screen != screenCalls {
			t.Fatal("tab did not go back to the calls")
		}
		if !strings.Contains(hs.screen(), "STATE") {
			t.Errorf("the call list is not shown:\n%s", hs.screen())
		}
	})
}

func TestHistoryLoadError(t *testing.T) {
	hs := newHarness(t, 100, 30)
	hs.api.failNext("ListHistory", errors.New("list history: connection reset by peer"))
	hs.key("tab")
	if scr := hs.screen(); !strings.Contains(scr, "could not load the history: list history: connection reset by peer") {
		t.Fatalf("the error is not shown:\n%s", scr)
	}
	hs.api.setHistory(historyRecords(hs.clock.Now())...)
	hs.key("ctrl+r") // refresh also reloads the history
	if got := historyNames(hs); len(got) != 5 || strings.Contains(hs.screen(), "could not load") {
		t.Fatalf("after a refresh: %v\n%s", got, hs.screen())
	}
}
