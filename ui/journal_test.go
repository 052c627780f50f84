package ui

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/callboard/callboard/internal/recorder"
	"github.com/callboard/callboard/journal"
	"github.com/callboard/callboard/webex"
)

// openJournal opens a journal in the test's directory.
func openJournal(t *testing.T) journal.Store {
	t.Helper()
	s, err := journal.OpenSQLite(context.Background(), filepath.Join(t.TempDir(), "journal.db"), journal.Options{Name: "test"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// sentMessage is one message handed to Journal.Send.
type sentMessage struct{ to, text string }

// messenger is a Journal.Send that records what it is given and answers
// with err, or names the colleague.
type messenger struct {
	mu   sync.Mutex
	sent []sentMessage
	err  error
}

func (m *messenger) send(_ context.Context, to, text string) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.sent = append(m.sent, sentMessage{to, text})
	if m.err != nil {
		return "", m.err
	}
	return "Priya Shah", nil
}

func (m *messenger) messages() []sentMessage {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]sentMessage(nil), m.sent...)
}

// journaled is a console on a journal: the store, the recorder's Writer,
// and what Send was given.
type journaled struct {
	*harness
	store journal.Store
	w     *recorder.Writer
	m     *messenger
}

// newJournaled builds a console recording into store.
func newJournaled(t *testing.T, store journal.Store, w, h int, configure ...func(*Options)) *journaled {
	t.Helper()
	writer := recorder.Start(t.Context(), store, recorder.Options{Operator: "alex"})
	t.Cleanup(func() { _ = writer.Close() })
	m := &messenger{}
	with := func(o *Options) {
		o.Journal = &Journal{Store: store, Operator: "alex", Send: m.send}
		o.Followers = []Follower{recorder.NewFollower(writer, journal.Line{Label: "Front desk"})}
	}
	return &journaled{harness: newHarness(t, w, h, append([]func(*Options){with}, configure...)...), store: store, w: writer, m: m}
}

// flush waits until what the console recorded is committed.
func (j *journaled) flush() {
	j.t.Helper()
	if err := j.w.Flush(context.Background()); err != nil {
		j.t.Fatal(err)
	}
}

// A console killed with a call parked and a call missed, and started again
// on the same journal: the parked reminder and the missed count are back.
func TestJournalRestartLosesNothing(t *testing.T) {
	store := openJournal(t)
	first := newJournaled(t, store, 120, 30)
	now := epoch()
	first.api.setResult("Park", webex.ParkResult{ParkedAgainst: webex.Party{Name: "Call Park 7001", Number: "7001"}})
	first.poll(connected("c", "Jane Roe", "+14155550123", now), ringing("m", "Omar Haddad", "+442079460958", now))
	first.key("down") // Jane: the ringing call comes first
	first.wantScreen("Jane Roe")
	first.key("p", "enter")
	first.poll() // Jane parked, Omar gave up
	first.wantScreen("1 missed", "parked: Jane Roe on Call Park 7001")
	first.flush()
	// The first console is gone without a word; a new one starts.
	second := newJournaled(t, store, 120, 30)
	second.wantScreen("1 missed", "parked: Jane Roe on 7001")
	second.key("P")
	if second.app.prompt == nil || second.app.prompt.Value() != "7001" {
		t.Errorf("retrieve does not offer the restored park: %+v", second.app.prompt)
	}
}

// A caller who rang yesterday is recognised, with yesterday's note, in the
// row and in the detail pane.
func TestJournalRecognisesACaller(t *testing.T) {
	store := openJournal(t)
	yesterday := epoch().Add(-22 * time.Hour)
	old := journal.Event{Kind: journal.KindRang, CallID: "old", At: yesterday, Direction: journal.DirectionIn,
		Party: journal.Party{Name: "Jane Roe", Number: "+14155550123"}}
	answered, ended := old, old
	answered.Kind, answered.At = journal.KindAnswered, yesterday.Add(5*time.Second)
	ended.Kind, ended.At = journal.KindEnded, yesterday.Add(3*time.Minute)
	if _, err := store.RecordBatch(context.Background(), []journal.Event{old, answered, ended}); err != nil {
		t.Fatal(err)
	}
	if _, err := store.AddNote(context.Background(), journal.Note{CallID: "old", Text: "the March invoice", Author: "sam", Created: yesterday}); err != nil {
		t.Fatal(err)
	}
	h := newJournaled(t, store, 200, 30)
	h.poll(ringing("new", "", "+1 415 555 0123", epoch()))
	h.wantScreen("↺ yesterday: the March invoice", "called yesterday about the March invoice", "answered · 1 call in all · note by sam")
	// Answered and recorded, the call is still not its own past.
	h.poll(connected("new", "", "+1 415 555 0123", epoch()))
	h.flush()
	h.advance(time.Second)
	h.wantScreen("↺ yesterday: the March invoice")
	// A number the journal has never seen says so.
	h.poll(connected("new", "", "+1 415 555 0123", epoch()), ringing("x", "Zoë Müller", "+4930123456789", epoch()))
	h.key("up")
	h.wantScreen("first call from this number")
}

// A contacts file names a number Webex does not.
func TestJournalNamesANumberFromContacts(t *testing.T) {
	store := openJournal(t)
	if _, err := store.ImportContacts(context.Background(), "contacts.vcf", []journal.Contact{{Name: "Acme Front Desk", Org: "Acme",
		Numbers: []journal.ContactNumber{{Label: "work", Number: "(415) 555-0188"}}}}); err != nil {
		t.Fatal(err)
	}
	h := newJournaled(t, store, 200, 30)
	h.poll(ringing("c", "", "+14155550188", epoch()))
	h.wantScreen("Acme Front Desk · +14155550188", "Acme Front Desk, Acme (work)")
}

// n keeps a note on the selected call; the screen says saved once it is.
func TestJournalNote(t *testing.T) {
	store := openJournal(t)
	h := newJournaled(t, store, 120, 30)
	h.poll(connected("c", "Jane Roe", "+14155550123", epoch()))
	h.key("n")
	h.wantScreen("note on Jane Roe")
	h.key("enter")
	if h.app.prompt == nil {
		t.Fatal("an empty note was accepted")
	}
	h.typeText("wants a quote for 40 chairs")
	h.key("enter")
	if got := h.statusText(); got != "note saved on Jane Roe" {
		t.Errorf("status = %q", got)
	}
	m, err := store.Caller(context.Background(), "+14155550123")
	if err != nil || m.LastNote == nil || m.LastNote.Text != "wants a quote for 40 chairs" || m.LastNote.Author != "alex" || m.LastNote.CallID != "c" {
		t.Errorf("note in the journal = %+v, %v", m.LastNote, err)
	}
	// With no call selected there is nothing to note.
	h.poll()
	h.advance(10 * time.Second)
	h.key("n")
	if h.app.prompt != nil {
		t.Error("a note prompt opened with no call")
	}
}

// M, the colleague, enter: a message is taken for them, kept in the
// journal and sent.
func TestJournalMessageInThreeKeys(t *testing.T) {
	store := openJournal(t)
	h := newJournaled(t, store, 120, 30)
	h.poll(connected("c", "Jane Roe", "+14155550123", epoch()))
	h.key("M")
	h.typeText("priya")
	h.key("enter")
	if got := h.statusText(); got != "message for priya saved and sent to Priya Shah" {
		t.Errorf("status = %q", got)
	}
	sent := h.m.messages()
	if len(sent) != 1 || sent[0].to != "priya" || !strings.Contains(sent[0].text, "Jane Roe (+14155550123) called") ||
		!strings.Contains(sent[0].text, "taken by alex") {
		t.Errorf("sent %+v", sent)
	}
	msgs, err := store.Messages(context.Background(), journal.MessageFilter{Number: "+14155550123"})
	if err != nil || len(msgs) != 1 || msgs[0].State != journal.MessageSent || msgs[0].For != "priya" || msgs[0].CallerName != "Jane Roe" ||
		msgs[0].Urgency != journal.UrgencyNormal || msgs[0].CreatedBy != "alex" {
		t.Errorf("journal messages = %+v, %v", msgs, err)
	}
	// The note and the urgency in the same line.
	h.key("M")
	h.typeText("Sam: wants the invoice resent !")
	h.key("enter")
	msgs, _ = store.Messages(context.Background(), journal.MessageFilter{Number: "+14155550123"})
	if len(msgs) != 2 || msgs[0].For != "Sam" || msgs[0].Text != "wants the invoice resent" || msgs[0].Urgency != journal.UrgencyUrgent {
		t.Errorf("the second message = %+v", msgs[0])
	}
	if sent := h.m.messages(); !strings.HasPrefix(sent[1].text, "URGENT") {
		t.Errorf("the urgent message reads %q", sent[1].text)
	}
}

// Without spark:messages_write the message is kept, marked not sent with
// the reason, and the console does not keep asking Webex.
func TestJournalMessageNotSentWithoutTheScope(t *testing.T) {
	store := openJournal(t)
	h := newJournaled(t, store, 120, 30)
	h.m.err = &webex.ScopeError{APIError: webex.APIError{StatusCode: 403}, Scope: webex.ScopeMessagesWrite}
	h.poll(connected("c", "Jane Roe", "+14155550123", epoch()))
	for range 2 {
		h.key("M")
		h.typeText("priya")
		h.key("enter")
		if got := h.statusText(); !strings.Contains(got, "saved (not sent: the sign-in lacks spark:messages_write") {
			t.Errorf("status = %q", got)
		}
	}
	if n := len(h.m.messages()); n != 1 {
		t.Errorf("Webex was asked %d times, want once", n)
	}
	msgs, _ := store.Messages(context.Background(), journal.MessageFilter{OpenOnly: true})
	if len(msgs) != 2 || msgs[0].State != journal.MessageNotSent || !strings.Contains(msgs[0].Reason, webex.ScopeMessagesWrite) {
		t.Errorf("journal messages = %+v", msgs)
	}
	// A colleague nobody can find: kept, not sent, why.
	h2 := newJournaled(t, openJournal(t), 120, 30)
	h2.m.err = fmt.Errorf("%w: nobody is called zed", ErrNoColleague)
	h2.key("M")
	h2.typeText("zed: call me")
	h2.key("enter")
	if got := h2.statusText(); !strings.Contains(got, "not sent: no such colleague: nobody is called zed") {
		t.Errorf("status = %q", got)
	}
	h2.m.err = errors.New("connection reset")
	h2.key("M")
	h2.typeText("priya: call me")
	h2.key("enter")
	if got := h2.statusText(); !strings.Contains(got, "saved, not sent: connection reset") {
		t.Errorf("status = %q", got)
	}
}

// S shows today's and this week's figures; S or esc closes them, and no
// key acts on a call meanwhile.
func TestJournalFigures(t *testing.T) {
	store := openJournal(t)
	h := newJournaled(t, store, 120, 30)
	h.poll(ringing("r", "Jane Roe", "+14155550123", epoch()))
	h.advance(6 * time.Second)
	h.poll(connected("r", "Jane Roe", "+14155550123", epoch()))
	h.poll()
	h.flush()
	h.key("S")
	h.wantScreen("today, since Mon 2 Mar 00:00", "this week, since Mon 2 Mar 00:00", "AVG ANSWER", "line Front desk")
	h.key("a")
	if h.api.count("Answer") != 0 {
		t.Error("a key acted on a call behind the figures")
	}
	h.key("esc")
	h.noScreen("AVG ANSWER")
}

// The history screen reads the journal beside Webex's 20 per type, one
// line per call, and the filter searches the journal.
func TestJournalHistoryBeyondWebex(t *testing.T) {
	store := openJournal(t)
	var evs []journal.Event
	for i := range 30 {
		at := epoch().Add(-time.Duration(i+1) * time.Hour)
		p := journal.Party{Name: fmt.Sprintf("Caller %02d", i), Number: fmt.Sprintf("+1415555%04d", i)}
		evs = append(evs, journal.Event{Kind: journal.KindRang, CallID: fmt.Sprintf("j%d", i), At: at, Direction: journal.DirectionIn, Party: p},
			journal.Event{Kind: journal.KindEnded, CallID: fmt.Sprintf("j%d", i), At: at.Add(20 * time.Second)})
	}
	if _, err := store.RecordBatch(context.Background(), evs); err != nil {
		t.Fatal(err)
	}
	h := newJournaled(t, store, 120, 60)
	// Webex lists the newest of them too, as a missed record.
	h.api.setHistory(webex.HistoryRecord{Type: webex.HistoryMissed, Name: "Caller 00", Number: "+14155550000",
		Time: webex.NewTimestamp(epoch().Add(-time.Hour + 25*time.Second))})
	h.key("tab")
	h.wantScreen("Caller 00", "Caller 29")
	if n := strings.Count(h.screen(), "Caller 00"); n != 1 {
		t.Errorf("the call Webex and the journal both have shows %d times", n)
	}
	h.key("/")
	h.typeText("caller 2")
	h.key("enter")
	h.wantScreen("Caller 29", "Caller 20")
	h.noScreen("Caller 19")
}

// :callback puts the selected caller on the worklist.
func TestJournalFlagCallback(t *testing.T) {
	store := openJournal(t)
	h := newJournaled(t, store, 120, 30)
	h.poll(connected("c", "Jane Roe", "+14155550123", epoch()))
	h.key(":")
	h.typeText("callback about the quote")
	h.key("enter")
	if got := h.statusText(); got != "on the call-back worklist: Jane Roe" {
		t.Errorf("status = %q", got)
	}
	list, err := store.Worklist(context.Background(), journal.WorklistFilter{})
	if err != nil || len(list) != 1 || list[0].Reason != journal.CallbackFlagged || list[0].Note != "about the quote" {
		t.Errorf("worklist = %+v, %v", list, err)
	}
}

// A console without a journal has none of its keys.
func TestNoJournalNoJournalKeys(t *testing.T) {
	h := newHarness(t, 120, 30)
	h.poll(connected("c", "Jane Roe", "+14155550123", epoch()))
	h.key("n", "M", "S")
	if h.app.prompt != nil {
		t.Error("a journal prompt opened without a journal")
	}
	h.noScreen("AVG ANSWER")
}
