package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/callboard/callboard/journal"
	"github.com/callboard/callboard/ui/pane"
	"github.com/callboard/callboard/ui/worklist"
	"github.com/callboard/callboard/webex"
)

// withWorklist gives the console the call-back worklist pane on store.
func withWorklist(store journal.Store, operator string) func(*Options) {
	return func(o *Options) {
		o.Panes = []pane.New{worklist.New(context.Background(), store, operator)}
	}
}

// changes follows the journal's changes for a console, as the program
// that runs it forwards them.
type changes struct {
	h  *harness
	ch <-chan journal.Change
}

func followChanges(t *testing.T, h *harness, s journal.Store) *changes {
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	return &changes{h: h, ch: s.Changes(ctx)}
}

// until hands the console every change until one satisfies ok.
func (c *changes) until(ok func(journal.Change) bool) {
	c.h.t.Helper()
	for ch := range c.ch {
		c.h.send(JournalChange{Change: ch})
		if ok(ch) {
			return
		}
	}
	c.h.t.Fatal("the journal closed")
}

// callbackChange is a change of the worklist.
func callbackChange(c journal.Change) bool { return c.Kind == journal.ChangeCallback }

// A missed call appears on the worklist and is done after one call-back:
// enter claims it and dials; the call answered, it leaves the list by
// itself.
func TestWorklistMissedCallDoneAfterOneCallBack(t *testing.T) {
	store := openJournal(t)
	h := newJournaled(t, store, 200, 30, withWorklist(store, "alex"))
	ch := followChanges(t, h.harness, store)
	h.poll(ringing("m", "Omar Haddad", "+442079460958", epoch()))
	h.advance(20 * time.Second)
	h.poll()
	ch.until(callbackChange)
	h.wantScreen("call-backs (1)", "Omar Haddad", "+442079460958 · missed 09:30")
	h.key("w", "enter")
	ch.until(callbackChange) // the claim
	if got := h.api.sent(false); len(got) != 1 || got[0].method != "Dial" || got[0].req.(webex.DialRequest).Destination != "+442079460958" {
		t.Fatalf("requests = %+v, want one dial of Omar's number", got)
	}
	h.wantScreen("Omar Haddad · claimed by you")
	// The call back: placed, then Omar answers.
	out := wcall("b", webex.StateConnecting, webex.PersonalityOriginator, "", "+442079460958", epoch().Add(time.Minute))
	h.poll(out)
	h.advance(5 * time.Second)
	out.State, out.Answered = webex.StateConnected, webex.NewTimestamp(epoch().Add(time.Minute+5*time.Second))
	h.poll(out)
	ch.until(callbackChange)
	h.wantScreen("no call-backs to make")
	list, err := store.Worklist(context.Background(), journal.WorklistFilter{IncludeDone: true})
	if err != nil || len(list) != 1 || list[0].Resolution != journal.ResolutionReached {
		t.Errorf("worklist = %+v, %v; want Omar's call-back reached", list, err)
	}
}

// Two consoles sharing one journal: a claim on one shows on the other, and
// the other can neither call back nor close it.
func TestWorklistClaimShowsOnTheOtherConsole(t *testing.T) {
	store := openJournal(t)
	if _, err := store.FlagCallback(context.Background(), journal.Callback{Number: "+14155550123", Name: "Jane Roe", Note: "the quote"}); err != nil {
		t.Fatal(err)
	}
	alex := newJournaled(t, store, 200, 30, withWorklist(store, "alex"))
	sam := newJournaled(t, store, 200, 30, withWorklist(store, "sam"))
	alexSees, samSees := followChanges(t, alex.harness, store), followChanges(t, sam.harness, store)
	alex.wantScreen("Jane Roe", "+14155550123 · flagged")
	sam.wantScreen("Jane Roe", "+14155550123 · flagged")
	alex.key("w", "c")
	alexSees.until(callbackChange)
	samSees.until(callbackChange)
	alex.wantScreen("Jane Roe · claimed by you")
	sam.wantScreen("Jane Roe · claimed by alex")
	sam.key("w", "enter")
	if got := sam.statusText(); !strings.Contains(got, "Jane Roe is claimed by alex") {
		t.Errorf("sam's enter: %q", got)
	}
	sam.key("x")
	if got := sam.statusText(); !strings.Contains(got, "only they can mark it done") {
		t.Errorf("sam's x: %q", got)
	}
	if sam.api.count("Dial") != 0 {
		t.Error("sam called back alex's claim")
	}
	// alex marks it done; it leaves both lists.
	alex.key("x")
	alexSees.until(callbackChange)
	samSees.until(callbackChange)
	alex.wantScreen("no call-backs to make")
	sam.wantScreen("no call-backs to make")
}

// With the worklist focused, a note and a message are about its selected
// caller; a is how a number is put on the list by hand.
func TestWorklistNoteAndAdd(t *testing.T) {
	store := openJournal(t)
	h := newJournaled(t, store, 200, 30, withWorklist(store, "alex"))
	ch := followChanges(t, h.harness, store)
	h.key("w", "a")
	h.typeText("+44 20 7946 0958: the delivery")
	h.key("enter")
	ch.until(callbackChange)
	h.wantScreen("+44 20 7946 0958 · flagged", "the delivery")
	h.key("n")
	h.wantScreen("note on +44 20 7946 0958")
	h.typeText("left a voicemail")
	h.key("enter")
	m, err := store.Caller(context.Background(), "+442079460958")
	if err != nil || m.LastNote == nil || m.LastNote.Text != "left a voicemail" {
		t.Errorf("note = %+v, %v", m.LastNote, err)
	}
}
