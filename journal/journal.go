// Package journal remembers what the console saw and what the operator did:
// every call on the line, holds, parks, transfers and how each call ended,
// notes and messages, a call-back worklist, contacts imported from a file,
// and the little state the console must not lose across a restart (parked
// calls, the missed count, holds in progress).
//
// One Store interface has two implementations with the same schema and the
// same behaviour: an embedded SQLite database (OpenSQLite, the default: one
// operator, one file) and PostgreSQL (OpenPostgres: a front-desk team sharing
// one worklist, where a claim on one console shows on the others through
// LISTEN/NOTIFY). Both run the same SQL through database/sql, so they cannot
// drift apart; the differences (identity columns, locking the migrations, how
// changes travel) are confined to a small dialect.
//
// Every method may block on the disk or the network: the console calls them
// off its UI loop. A method returns once its write is committed, so what the
// screen then shows as saved survives kill -9 and, for SQLite, power loss.
//
// journal imports neither the user interface nor Bubble Tea.
package journal

import (
	"context"
	"errors"
	"time"
)

// Store is the journal. Methods are safe for concurrent use; Close ends the
// goroutines behind Changes and releases the database.
type Store interface {
	// Record writes one call event. It is idempotent: an event the journal
	// already holds (the same callId and kind, or a hold while a hold is open)
	// changes nothing and reports false. Any event creates the call if it is
	// new, so the console may start recording in the middle of a call.
	Record(ctx context.Context, ev Event) (bool, error)
	// RecordBatch writes events in one transaction, in order, each as
	// Record would, and reports for each whether it changed anything.
	// Either all are committed or none is: a console that records many
	// events at once (group commit) waits for one flush of the disk
	// instead of one per event. An invalid event fails the whole batch
	// before anything is written; check events with Event.Validate.
	RecordBatch(ctx context.Context, evs []Event) ([]bool, error)
	// Call returns one call by its callId; ErrNotFound when the journal has
	// none.
	Call(ctx context.Context, callID string) (Call, error)
	// Session returns every leg of a call session (linked across park,
	// retrieve, recall and consult by callSessionId), oldest first, and how
	// long the caller waited in all.
	Session(ctx context.Context, sessionID string) (Session, error)
	// Search pages through the calls, newest first.
	Search(ctx context.Context, q Query) (Page, error)
	// EachCall calls fn for every call that rang at or after since, oldest
	// first, stopping at fn's first error, which it returns.
	EachCall(ctx context.Context, since time.Time, fn func(Call) error) error
	// Stats sums up the calls that rang in [from, to).
	Stats(ctx context.Context, from, to time.Time) (Stats, error)

	// Parked lists the calls parked and not yet retrieved, oldest first.
	Parked(ctx context.Context) ([]Parked, error)
	// OpenHolds lists the holds in progress on calls that have not ended.
	OpenHolds(ctx context.Context) ([]Hold, error)
	// Missed counts the calls missed since operator last acknowledged them.
	Missed(ctx context.Context, operator string) (MissedCount, error)
	// AckMissed records that operator has seen the missed calls up to at.
	AckMissed(ctx context.Context, operator string, at time.Time) error

	// AddNote keeps a note on a call or on a number.
	AddNote(ctx context.Context, n Note) (Note, error)
	// TakeMessage keeps a message for a colleague, in state MessageNotSent.
	TakeMessage(ctx context.Context, m Message) (Message, error)
	// SetMessageState records whether a message went out, and why not: a
	// reason is required for MessageFailed, optional for MessageNotSent
	// (no permission to send, say), and dropped for MessageSent.
	SetMessageState(ctx context.Context, id int64, state MessageState, reason string) error
	// Messages lists messages, newest first.
	Messages(ctx context.Context, f MessageFilter) ([]Message, error)

	// Caller returns what the journal knows about a number, in one query.
	Caller(ctx context.Context, number string) (CallerMemory, error)
	// CallerBefore is Caller for a call in progress: the calls it counts
	// and the last call are those that rang before before, so that the
	// call itself, once recorded, is not taken for the caller's previous
	// one. Notes, messages, the contact and the call-back are as now.
	CallerBefore(ctx context.Context, number string, before time.Time) (CallerMemory, error)
	// ImportContacts replaces the contacts previously imported from source
	// with cs, and returns how many numbers it now knows from source.
	ImportContacts(ctx context.Context, source string, cs []Contact) (int, error)

	// Worklist lists the call-backs, the open ones oldest first.
	Worklist(ctx context.Context, f WorklistFilter) ([]Callback, error)
	// FlagCallback puts a number on the worklist by hand. A number already
	// open on the list is not added twice: the open item is returned.
	FlagCallback(ctx context.Context, c Callback) (Callback, error)
	// Claim marks an open call-back as operator's. It fails with an error
	// wrapping ErrClaimed when someone else holds it, ErrDone when it is
	// closed: the UPDATE is conditional, so two consoles never both win.
	Claim(ctx context.Context, id int64, operator string) error
	// Release gives back operator's claim.
	Release(ctx context.Context, id int64, operator string) error
	// Done closes a call-back, once: ErrDone when it already is, ErrClaimed
	// when another operator holds it.
	Done(ctx context.Context, id int64, operator string) error
	// Reached closes the open call-backs for number because a call with it
	// was answered (a call-back reached the caller, or the caller rang
	// again and was answered); it returns how many it closed. Record calls
	// it on every answered call, so the console need not.
	Reached(ctx context.Context, number string, at time.Time, operator string) (int, error)

	// Prune deletes everything that happened before cutoff.
	Prune(ctx context.Context, cutoff time.Time) (Removed, error)
	// Forget deletes everything the journal knows about a number.
	Forget(ctx context.Context, number string) (Removed, error)

	// Changes delivers a Change for every write by any console sharing this
	// journal (this one included), until ctx ends or the store closes; then
	// the channel is closed. A subscriber that falls far behind receives
	// ChangeResync instead of the changes it missed.
	Changes(ctx context.Context) <-chan Change
	// Close stops the goroutines and closes the database.
	Close() error
}

// Errors the store returns, wrapped with context; test with errors.Is.
var (
	ErrNotFound = errors.New("not found")
	ErrClaimed  = errors.New("claimed by another operator")
	ErrDone     = errors.New("already done")
	ErrInvalid  = errors.New("invalid")
	ErrClosed   = errors.New("journal closed")
)

// ClaimedError says who holds a call-back; it wraps ErrClaimed.
type ClaimedError struct {
	By    string
	Since time.Time
}

func (e *ClaimedError) Error() string {
	return "claimed by " + e.By + " at " + e.Since.Local().Format("15:04")
}

// Unwrap makes errors.Is(err, ErrClaimed) hold.
func (e *ClaimedError) Unwrap() error { return ErrClaimed }

// EventKind is what happened to a call.
type EventKind string

// The event kinds. Parked, Transferred and Diverted also end the leg on this
// line with that outcome; Retrieved starts a new leg.
const (
	KindRang        EventKind = "rang"        // the call appeared (incoming ringing, or placed)
	KindAnswered    EventKind = "answered"    // connected
	KindHeld        EventKind = "held"        // put on hold
	KindResumed     EventKind = "resumed"     // taken off hold
	KindParked      EventKind = "parked"      // parked at Event.Target
	KindRetrieved   EventKind = "retrieved"   // a parked call picked up again, from Event.Target
	KindTransferred EventKind = "transferred" // transferred to Event.Target
	KindDiverted    EventKind = "diverted"    // a ringing call sent to Event.Target
	KindEnded       EventKind = "ended"       // gone from the line, how in Event.Outcome
)

// Valid reports whether k is one of the kinds.
func (k EventKind) Valid() bool {
	switch k {
	case KindRang, KindAnswered, KindHeld, KindResumed, KindParked, KindRetrieved,
		KindTransferred, KindDiverted, KindEnded:
		return true
	}
	return false
}

// Outcome is how a call left the line.
type Outcome string

// The outcomes. Empty means the call is still live.
const (
	OutcomeAnswered    Outcome = "answered"    // answered, then hung up
	OutcomeMissed      Outcome = "missed"      // incoming, nobody answered
	OutcomeRejected    Outcome = "rejected"    // incoming, refused
	OutcomeDiverted    Outcome = "diverted"    // incoming, sent elsewhere while ringing
	OutcomeTransferred Outcome = "transferred" // handed to someone else
	OutcomeParked      Outcome = "parked"      // parked, to be retrieved
	OutcomeVoicemail   Outcome = "voicemail"   // sent to voicemail
	OutcomeUnanswered  Outcome = "unanswered"  // placed, the far end never answered
)

// Valid reports whether o is one of the outcomes.
func (o Outcome) Valid() bool {
	switch o {
	case OutcomeAnswered, OutcomeMissed, OutcomeRejected, OutcomeDiverted, OutcomeTransferred,
		OutcomeParked, OutcomeVoicemail, OutcomeUnanswered:
		return true
	}
	return false
}

// Direction says who placed the call.
type Direction string

// The directions.
const (
	DirectionIn  Direction = "in"  // the caller rang the line
	DirectionOut Direction = "out" // the line placed the call
)

// Party is the other end of a call.
type Party struct {
	Name     string
	Number   string // as Webex gave it; the journal matches on NormalizeNumber of it
	PersonID string
}

// Line is the line a call was on: the operator's own, or a secondary line.
type Line struct {
	OwnerID string // the line owner's id; "" for the operator's own line
	Label   string // what the console calls the line
}

// Event is one thing that happened to a call, with what the console knew
// about the call at that moment: any event can create the call's record.
type Event struct {
	Kind      EventKind
	CallID    string // Webex's callId: one leg of a call on this line
	SessionID string // callSessionId: shared by the legs of one call
	At        time.Time
	Direction Direction
	Party     Party
	Line      Line
	Queue     string  // the call queue or hunt group that delivered the call
	Target    string  // where it was parked, transferred or diverted to; retrieved from
	Outcome   Outcome // for KindEnded: how it ended; empty lets the journal tell
}

// Call is a call as the journal remembers it: one leg on this line.
type Call struct {
	ID            int64
	CallID        string
	SessionID     string
	Direction     Direction
	Party         Party
	Line          Line
	Queue         string
	Rang          time.Time
	Answered      time.Time // zero when never answered
	Ended         time.Time // zero while live
	Outcome       Outcome   // empty while live
	Held          time.Duration
	Holds         int       // holds that ended
	HoldSince     time.Time // zero unless on hold now
	Target        string    // parked at, transferred or diverted to
	RetrievedFrom string    // for a leg that retrieved a parked call: where from
}

// Session is the legs of one call session and the caller's total wait.
type Session struct {
	ID   string
	Legs []Call
	// Wait is how long the caller waited in all: ringing before an answer,
	// on hold, and parked until retrieved or recalled.
	Wait time.Duration
}

// Query selects calls for Search.
type Query struct {
	Text     string      // a substring of the name or number; digits match any formatting
	Kind     HistoryKind // "" for all
	From, To time.Time   // rang in [From, To); zero for unbounded
	Limit    int         // page size; 0 means DefaultPageSize
	Cursor   string      // Page.Next of the previous page; "" for the newest
}

// HistoryKind is the type of a history record, in Webex's words.
type HistoryKind string

// The history kinds.
const (
	HistoryPlaced   HistoryKind = "placed"
	HistoryReceived HistoryKind = "received"
	HistoryMissed   HistoryKind = "missed"
)

// Page sizes for Search.
const (
	DefaultPageSize = 50
	MaxPageSize     = 1000
)

// Page is one page of Search.
type Page struct {
	Calls []Call
	Next  string // the cursor of the next page; "" on the last
}

// Stats are the figures for a period.
type Stats struct {
	From, To time.Time
	Total    Figures
	ByLine   []GroupFigures // sorted by label
	ByQueue  []GroupFigures // sorted by label; calls that came through no queue are left out
}

// Figures are counts and times over a set of calls. Times to answer count
// incoming calls answered on this line (not retrieved ones).
type Figures struct {
	Answered      int
	Missed        int
	Placed        int // outgoing calls that began their session: not a retrieve, consult or transfer leg
	AvgAnswer     time.Duration
	LongestAnswer time.Duration
	Held          time.Duration // time on hold, all calls
}

// GroupFigures are the figures of one line or queue.
type GroupFigures struct {
	Key   string // the line owner id or the queue; "" for the operator's own line
	Label string
	Figures
}

// Parked is a parked call the console must remind the operator of.
type Parked struct {
	CallID    string
	SessionID string
	Place     string // where it is parked
	Party     Party
	Line      Line
	Since     time.Time
}

// Hold is a hold in progress.
type Hold struct {
	CallID string
	Party  Party
	Since  time.Time
}

// MissedCount is the count behind the console's missed badge.
type MissedCount struct {
	Count   int
	AckedAt time.Time // zero when the operator never acknowledged
}

// Note is a note on a call or a number.
type Note struct {
	ID      int64
	CallID  string // the call it was taken on; "" for a note on a number
	Number  string
	Text    string
	Author  string
	Created time.Time
}

// Urgency says how soon a colleague should see a message.
type Urgency string

// The urgencies.
const (
	UrgencyNormal Urgency = "normal"
	UrgencyUrgent Urgency = "urgent"
)

// MessageState says whether a message reached the colleague.
type MessageState string

// The message states. A message is open until it is sent.
const (
	MessageNotSent MessageState = "not sent" // kept here only (no permission, or not tried yet)
	MessageSent    MessageState = "sent"     // delivered
	MessageFailed  MessageState = "failed"   // sending failed; Reason says why
)

// Message is a message taken for a colleague.
type Message struct {
	ID         int64
	For        string // the colleague's name
	ForID      string // the colleague's personId or address, to send to
	CallerName string
	Number     string
	CallID     string
	Text       string
	Urgency    Urgency
	State      MessageState
	Reason     string // why it failed
	CreatedBy  string // the operator who took it
	Created    time.Time
	Updated    time.Time
}

// Open reports whether the message still has to reach the colleague.
func (m Message) Open() bool { return m.State != MessageSent }

// MessageFilter selects messages.
type MessageFilter struct {
	Number   string // only messages from this caller
	OpenOnly bool   // only messages not yet sent
	Limit    int    // 0 means DefaultPageSize
}

// CallerMemory is what the journal knows about a number.
type CallerMemory struct {
	Number       string // normalised
	Name         string // the contact's name, else the last name Webex gave
	Calls        int    // calls with this number in the journal
	LastCall     *Call  // the newest; nil when none
	LastNote     *Note
	OpenMessages []Message // newest first
	Contact      *Contact
	Callback     *Callback // the open call-back, if any
}

// Contact is a person from the operator's contacts file.
type Contact struct {
	Name    string
	Org     string
	Numbers []ContactNumber
}

// ContactNumber is one number of a contact.
type ContactNumber struct {
	Label  string // "work", "mobile", ...
	Number string
}

// CallbackReason says why a number is on the worklist.
type CallbackReason string

// The reasons.
const (
	CallbackMissed  CallbackReason = "missed"  // the caller was missed
	CallbackFlagged CallbackReason = "flagged" // an operator asked for a call-back
)

// Resolution says how a call-back was closed.
type Resolution string

// The resolutions.
const (
	ResolutionDone        Resolution = "done"         // an operator marked it done
	ResolutionReached     Resolution = "reached"      // a call to the number was answered
	ResolutionCalledAgain Resolution = "called again" // the caller rang again and was answered
)

// Callback is one item of the call-back worklist.
type Callback struct {
	ID         int64
	Number     string
	Name       string
	Reason     CallbackReason
	Note       string
	CallID     string // the call that put it on the list
	Calls      int    // missed calls it stands for
	Created    time.Time
	Last       time.Time // the latest missed call
	ClaimedBy  string
	Claimed    time.Time
	DoneBy     string
	DoneAt     time.Time
	Resolution Resolution
}

// Open reports whether the call-back is still to be done.
func (c Callback) Open() bool { return c.DoneAt.IsZero() }

// WorklistFilter selects call-backs.
type WorklistFilter struct {
	IncludeDone bool      // closed items too, newest closed first after the open ones
	Since       time.Time // closed items closed since then; zero: all
	Limit       int       // 0 means DefaultPageSize
}

// Removed counts what Prune or Forget deleted.
type Removed struct {
	Calls, Notes, Messages, Callbacks, Contacts, Parked int
}

// Total is everything removed.
func (r Removed) Total() int {
	return r.Calls + r.Notes + r.Messages + r.Callbacks + r.Contacts + r.Parked
}

// ChangeKind says what changed.
type ChangeKind string

// The change kinds.
const (
	ChangeCall     ChangeKind = "call"     // a call was recorded or changed
	ChangeParked   ChangeKind = "parked"   // the parked calls changed
	ChangeNote     ChangeKind = "note"     // a note was added
	ChangeMessage  ChangeKind = "message"  // a message was taken or its state changed
	ChangeCallback ChangeKind = "callback" // the worklist changed (claim, release, done, new)
	ChangeContacts ChangeKind = "contacts" // contacts were imported
	ChangeMissed   ChangeKind = "missed"   // missed calls were acknowledged
	ChangeRemoved  ChangeKind = "removed"  // entries were pruned or forgotten
	// ChangeResync means changes were lost (a slow subscriber, a dropped
	// connection to PostgreSQL): reload whatever is shown.
	ChangeResync ChangeKind = "resync"
)

// Change is one committed write, as small as a notification can carry: the
// subscriber reads what it needs.
type Change struct {
	Kind   ChangeKind `json:"k"`
	ID     int64      `json:"i,omitempty"` // the note, message or call-back id
	CallID string     `json:"c,omitempty"`
	Number string     `json:"n,omitempty"` // normalised
	Origin string     `json:"o,omitempty"` // the store that wrote it (Options.Name)
}
