package ui

import (
	"context"
	"log/slog"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/callboard/callboard/desk"
	"github.com/callboard/callboard/internal/dispatch"
	"github.com/callboard/callboard/keymap"
	"github.com/callboard/callboard/office"
	"github.com/callboard/callboard/ui/pane"
	"github.com/callboard/callboard/webex"
)

// API is the part of the Webex client the console uses; *webex.Client
// implements it.
type API interface {
	dispatch.API
	ListCalls(ctx context.Context, lineOwnerID string) ([]webex.Call, error)
	ListHistory(ctx context.Context, t webex.HistoryType) ([]webex.HistoryRecord, error)
	Me(ctx context.Context) (webex.Person, error)
}

// SpeedDial is one speed-dial entry, on keys 1 to 9 in order.
type SpeedDial struct {
	Label       string // shown in help; the destination when empty
	Destination string // already validated
}

// name is how help and prompts name the entry.
func (s SpeedDial) name() string {
	if s.Label == "" {
		return s.Destination
	}
	return s.Label + " (" + s.Destination + ")"
}

// Theme selects light or dark colours.
type Theme int

// Themes.
const (
	ThemeAuto  Theme = iota // ask the terminal for its background
	ThemeDark               // light text on a dark background
	ThemeLight              // dark text on a light background
)

// Clock is the console's time: what time it is, and timers. The console
// never reads the time or starts a timer any other way, so tests move time
// themselves.
type Clock interface {
	Now() time.Time
	// After returns a command that delivers msg after d.
	After(d time.Duration, msg tea.Msg) tea.Cmd
}

// realClock is the machine's clock.
type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

func (realClock) After(d time.Duration, msg tea.Msg) tea.Cmd {
	return tea.Tick(d, func(time.Time) tea.Msg { return msg })
}

// Options configure the console.
type Options struct {
	API         API
	Demo        bool   // running on the embedded simulator: show the DEMO badge
	LineOwnerID string // act on a secondary line; "" for the user's own
	Keys        keymap.KeyMap
	SpeedDial   []SpeedDial

	// Desk tunes polling, the 429 policy, alerts and the order of rows.
	Desk          desk.Config
	ActionTimeout time.Duration // how long a request may take; 0 = 15 s

	// Notify sends a desktop notification for a new ringing call; nil = off.
	Notify func(ctx context.Context, title, body string) error
	// NotifyTerminal encodes a desktop notification as an escape sequence
	// the console writes to its terminal (OSC 9 or 777, see package
	// notify); nil = off.
	NotifyTerminal func(title, body string) string

	// Reports carries messages from outside the console for the status
	// line (a hook that fails), shown as problems.
	Reports <-chan string

	// Panes are the side panes, in the order W shows them; the first shows
	// from the start.
	Panes []pane.New

	// FrontDesk sends the conference, queue and settings operations and
	// the desk's reads (queues, do not disturb, forwarding, conferences);
	// nil turns them off. *webex.Client implements it.
	FrontDesk dispatch.FrontDesk
	// DiscoverLines finds the lines on the operator's devices at the start
	// and watches them (needs FrontDesk).
	DiscoverLines bool
	// WrapUpReasons are offered after a queue call ends (the wrap-up key).
	WrapUpReasons []string

	// Office is the directory, colleagues' statuses, devices and parked
	// calls kept across restarts; each part left nil turns its feature off.
	Office Office
	// Journal keeps notes and messages, remembers callers, adds to the
	// history and counts the figures; nil: the console keeps no journal.
	Journal *Journal
	// Followers follow the line besides the screen (the journal's
	// recorder, event hooks, the practice's coach): each is told of every
	// step of the desk.
	Followers []Follower

	Theme    Theme
	Mouse    bool
	Warnings []string // configuration warnings, shown once at start

	Clock  Clock        // nil = the machine's clock
	Logger *slog.Logger // debug log; nil discards

	// clipboard puts text on the clipboard (through the terminal); tests
	// replace it to see what would be copied.
	clipboard func(string) tea.Cmd
}

// Office is what the console knows of the operator's office besides their
// line.
type Office struct {
	// Directory looks names up wherever a destination is typed.
	Directory *office.Directory
	// Statuses are the colleagues' statuses, shown beside the matches.
	Statuses *office.Statuses
	// Devices lists the operator's devices and apps, for the device
	// chooser.
	Devices func(ctx context.Context) ([]webex.Endpoint, error)
	// SearchGap is the least time between two directory searches while
	// the operator types; 0 is DefaultSearchGap.
	SearchGap time.Duration
}

// DefaultSearchGap spaces directory searches while the operator types: the
// first keystroke after a pause searches at once, and at most one search
// goes per gap after it.
const DefaultSearchGap = 150 * time.Millisecond

func (o *Options) setDefaults() {
	if o.Office.SearchGap <= 0 {
		o.Office.SearchGap = DefaultSearchGap
	}
	if o.ActionTimeout <= 0 {
		o.ActionTimeout = 15 * time.Second
	}
	if o.Clock == nil {
		o.Clock = realClock{}
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.clipboard == nil {
		o.clipboard = tea.SetClipboard
	}
	o.Desk.Notify = o.Notify != nil || o.NotifyTerminal != nil
	if o.FrontDesk == nil {
		// Nothing to read them with.
		o.Desk.Queues, o.Desk.Settings, o.Desk.Conference = false, false, false
		o.DiscoverLines = false
	}
}
