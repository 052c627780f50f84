package ui

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/callboard/callboard/desk"
	"github.com/callboard/callboard/office"
	"github.com/callboard/callboard/webex"
)

// dirSource is a directory for the console's tests: what Webex would
// answer, and whether it answers at all.
type dirSource struct {
	mu       sync.Mutex
	entries  []office.Entry
	down     bool
	searches []string
}

func (s *dirSource) Search(_ context.Context, text string, limit int) ([]office.Entry, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.searches = append(s.searches, text)
	if s.down {
		return nil, errors.New("dial tcp: connection refused")
	}
	return office.NewIndex(s.entries).Search(text, limit), nil
}

func (s *dirSource) List(context.Context) ([]office.Entry, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.down {
		return nil, errors.New("dial tcp: connection refused")
	}
	return append([]office.Entry(nil), s.entries...), nil
}

func (s *dirSource) searched() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.searches...)
}

func theOffice() []office.Entry {
	return []office.Entry{
		{ID: "p103", Name: "Priya Shah", Extension: "103", Number: "+14155550103", Kind: office.KindPerson, Location: "San Francisco"},
		{ID: "p215", Name: "Priyanka Iyer", Extension: "215", Number: "+15125550215", Kind: office.KindPerson, Location: "Austin"},
		{ID: "p105", Name: "Maria Garcia", Extension: "105", Number: "+14155550105", Kind: office.KindPerson},
	}
}

// withDirectory gives the console a directory; listed says whether it
// holds a fresh listing of everyone (else it only knows what it searched).
func withDirectory(t testing.TB, src *dirSource, listed bool) func(*Options) {
	return func(o *Options) {
		clock := o.Clock.(*fakeClock)
		dir := office.NewDirectory(src, "", clock.Now)
		if listed {
			if err := dir.Refresh(t.Context()); err != nil {
				t.Fatal(err)
			}
		}
		o.Office.Directory = dir
		o.Office.Statuses = office.NewStatuses()
	}
}

// transfers returns the destinations of the transfers sent.
func (f *fakeAPI) transfers() []string {
	var out []string
	for _, r := range f.sent(false) {
		if r.method == "Transfer" {
			out = append(out, r.req.(webex.TransferRequest).Destination)
		}
	}
	return out
}

// "Transfer Ada to Priya" is t, pri, enter.
func TestTransferByName(t *testing.T) {
	src := &dirSource{entries: theOffice()}
	h := newHarness(t, 120, 40, withDirectory(t, src, true))
	h.app.opts.Office.Statuses.SetPresence("p103", webex.PresenceActive, epoch())
	h.poll(connected("c", "Ada Lovelace", "+14155550123", epoch()))
	h.key("t")
	h.typeText("pri")
	h.wantScreen("› Priya Shah", "Priyanka Iyer", "103 · +14155550103 · person · San Francisco · available", "enter: Priya Shah")
	h.key("enter")
	if got := h.api.transfers(); len(got) != 1 || got[0] != "103" {
		t.Fatalf("transfers sent %q, want one to 103", got)
	}
	if got := src.searched(); len(got) != 0 {
		t.Errorf("a fresh listing still asked Webex %q", got)
	}
}

// A directory that only knows what it searched asks Webex as the operator
// types, and the answer is listed.
func TestNameSearchAsksWebex(t *testing.T) {
	src := &dirSource{entries: theOffice()}
	h := newHarness(t, 120, 40, withDirectory(t, src, false))
	h.poll(connected("c", "Ada Lovelace", "+14155550123", epoch()))
	h.key("t")
	h.typeText("mar")
	h.advance(time.Second)
	h.wantScreen("› Maria Garcia")
	h.key("down", "enter") // one match: ↓ stays on it
	if got := h.api.transfers(); len(got) != 1 || got[0] != "105" {
		t.Fatalf("transfers sent %q, want one to 105", got)
	}
	if got := src.searched(); len(got) == 0 || got[len(got)-1] != "mar" {
		t.Errorf("Webex was asked %q, want the last search for mar", got)
	}
}

// Offline, the matches come from the cache, marked as such.
func TestNameSearchOffline(t *testing.T) {
	src := &dirSource{entries: theOffice()}
	h := newHarness(t, 120, 40, withDirectory(t, src, true))
	src.mu.Lock()
	src.down = true
	src.mu.Unlock()
	h.clock.set(epoch().Add(time.Hour)) // the listing is no longer fresh
	h.poll(connected("c", "Ada Lovelace", "+14155550123", epoch()))
	h.key("t")
	h.typeText("maria")
	h.advance(time.Second)
	h.wantScreen("› Maria Garcia", "offline: from the directory as of")
}

// Digits work exactly as before: no list, no search.
func TestDigitsNeverWaitForTheDirectory(t *testing.T) {
	src := &dirSource{entries: theOffice()}
	h := newHarness(t, 120, 40, withDirectory(t, src, false))
	h.poll(connected("c", "Ada Lovelace", "+14155550123", epoch()))
	h.key("t")
	h.typeText("101")
	h.key("enter")
	if got := h.api.transfers(); len(got) != 1 || got[0] != "101" {
		t.Fatalf("transfers sent %q, want 101", got)
	}
	if got := src.searched(); len(got) != 0 {
		t.Errorf("digits asked the directory %q", got)
	}
}

// "vm NAME" sends the caller to that person's voicemail.
func TestVoicemailByName(t *testing.T) {
	h := newHarness(t, 120, 40, withDirectory(t, &dirSource{entries: theOffice()}, true))
	h.poll(ringing("r", "Ada Lovelace", "+14155550123", epoch()))
	h.key("v")
	h.typeText("vm maria")
	h.key("enter")
	sent := h.api.sent(false)
	if len(sent) != 1 || sent[0].method != "Divert" {
		t.Fatalf("sent %+v, want one divert", sent)
	}
	if d := sent[0].req.(webex.DivertRequest); d.Destination != "105" || !d.ToVoicemail {
		t.Errorf("divert %+v, want Maria's voicemail", d)
	}
}

// On the command line a name must mean exactly one person: several are
// refused with the matches listed, nothing sent.
func TestCommandLineNames(t *testing.T) {
	h := newHarness(t, 120, 40, withDirectory(t, &dirSource{entries: theOffice()}, true))
	h.poll(connected("c", "Ada Lovelace", "+14155550123", epoch()))
	h.key(":")
	h.typeText("transfer pri")
	h.key("enter")
	if len(h.api.transfers()) != 0 {
		t.Fatalf("an ambiguous name was sent")
	}
	if s := h.statusText(); !strings.Contains(s, "Priya Shah (103), Priyanka Iyer (215)") || !strings.Contains(s, "nothing sent") {
		t.Errorf("status %q does not list the matches", s)
	}
	h.key(":")
	h.typeText("transfer priya shah")
	h.key("enter")
	if got := h.api.transfers(); len(got) != 1 || got[0] != "103" {
		t.Errorf("transfers sent %q, want one to 103", got)
	}
}

// A speed-dial entry may name a colleague.
func TestSpeedDialByName(t *testing.T) {
	h := newHarness(t, 120, 40, withDirectory(t, &dirSource{entries: theOffice()}, true), func(o *Options) {
		o.SpeedDial = []SpeedDial{{Label: "Maria", Destination: "Maria Garcia"}}
		o.Keys, _ = o.Keys.Apply(nil, []int{1})
	})
	h.poll(connected("c", "Ada Lovelace", "+14155550123", epoch()))
	h.key("1")
	h.wantScreen("transfer Ada Lovelace to Maria (105)?")
	h.key("enter")
	if got := h.api.transfers(); len(got) != 1 || got[0] != "105" {
		t.Errorf("transfers sent %q, want 105", got)
	}
}

// E chooses the device; dial and answer then ring it.
func TestDeviceChooser(t *testing.T) {
	eps := []webex.Endpoint{
		{ID: "ep-desk", Name: "Desk Phone", Type: webex.EndpointCallingDevice},
		{ID: "ep-app", Name: "Webex App", Type: webex.EndpointApplication},
	}
	asked := 0
	h := newHarness(t, 120, 40, func(o *Options) {
		o.Office.Devices = func(context.Context) ([]webex.Endpoint, error) { asked++; return eps, nil }
	})
	h.key("E")
	h.wantScreen("answer, dial, retrieve, pick up and pull on", "any device", "Desk Phone", "Webex App")
	h.typeText("desk")
	h.key("enter")
	h.wantScreen("· on Desk Phone")
	h.key("d")
	h.typeText("101")
	h.key("enter")
	h.poll(ringing("r", "Ada Lovelace", "+14155550123", epoch()))
	h.key("a")
	var dial webex.DialRequest
	var answer webex.AnswerRequest
	for _, r := range h.api.sent(false) {
		switch req := r.req.(type) {
		case webex.DialRequest:
			dial = req
		case webex.AnswerRequest:
			answer = req
		}
	}
	if dial.EndpointID != "ep-desk" || answer.EndpointID != "ep-desk" {
		t.Errorf("dial on %q, answer on %q, want both on the desk phone", dial.EndpointID, answer.EndpointID)
	}
	h.key("E")
	h.wantScreen("Desk Phone", "device · now")
	h.key("down", "down", "down", "enter") // round the list, back to "any device"
	h.noScreen("· on Desk Phone")
	if asked != 1 {
		t.Errorf("the devices were asked %d times, want once", asked)
	}
}

// A token without the scope to list devices says which and how to get it.
func TestDeviceChooserMissingScope(t *testing.T) {
	h := newHarness(t, 120, 40, func(o *Options) {
		o.Office.Devices = func(context.Context) ([]webex.Endpoint, error) {
			return nil, &webex.ScopeError{APIError: webex.APIError{StatusCode: 403}, Scope: webex.ScopeTelephonyConfigRead}
		}
	})
	h.key("E")
	if s := h.statusText(); !strings.Contains(s, "spark:telephony_config_read") || !strings.Contains(s, "callboard login") {
		t.Errorf("status %q", s)
	}
}

// A caller camped on a colleague shows the countdown on their row.
func TestCampOnCountdownOnTheRow(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.poll(held("c", "Ada Lovelace", "+14155550123", epoch()))
	h.run(h.app.step(desk.CampOn{CallID: "c", Colleague: desk.Colleague{ID: "p103", Name: "Priya Shah", Dest: "103", Known: true, Word: "on a call"}}), 0)
	h.wantScreen("⧗ for Priya Shah 2:00")
	h.advance(30 * time.Second)
	h.wantScreen("⧗ for Priya Shah 1:30")
	h.advance(2 * time.Minute)
	h.wantScreen("⧗ for Priya Shah +0:30 pick up")
	if h.bells() == 0 {
		t.Errorf("no bell past the camp-on limit")
	}
}
