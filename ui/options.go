package ui

import (
	"context"
	"log/slog"
	"time"

	"github.com/callboard/callboard/keymap"
	"github.com/callboard/callboard/webex"
)

// API is the part of the Webex client the console uses; *webex.Client
// implements it.
type API interface {
	ListCalls(ctx context.Context, lineOwnerID string) ([]webex.Call, error)
	ListHistory(ctx context.Context, t webex.HistoryType) ([]webex.HistoryRecord, error)
	Me(ctx context.Context) (webex.Person, error)

	Dial(ctx context.Context, req webex.DialRequest) (webex.NewCall, error)
	Answer(ctx context.Context, req webex.AnswerRequest) error
	Reject(ctx context.Context, req webex.RejectRequest) error
	Hangup(ctx context.Context, req webex.CallRequest) error
	Hold(ctx context.Context, req webex.CallRequest) error
	Resume(ctx context.Context, req webex.CallRequest) error
	Mute(ctx context.Context, req webex.CallRequest) error
	Unmute(ctx context.Context, req webex.CallRequest) error
	Divert(ctx context.Context, req webex.DivertRequest) error
	Transfer(ctx context.Context, req webex.TransferRequest) (*webex.NewCall, error)
	Park(ctx context.Context, req webex.ParkRequest) (webex.ParkResult, error)
	Retrieve(ctx context.Context, req webex.RetrieveRequest) (webex.NewCall, error)
	StartRecording(ctx context.Context, req webex.CallRequest) error
	StopRecording(ctx context.Context, req webex.CallRequest) error
	PauseRecording(ctx context.Context, req webex.CallRequest) error
	ResumeRecording(ctx context.Context, req webex.CallRequest) error
	TransmitDTMF(ctx context.Context, req webex.DTMFRequest) error
	Push(ctx context.Context, req webex.CallRequest) error
	Pickup(ctx context.Context, req webex.PickupRequest) (webex.NewCall, error)
	BargeIn(ctx context.Context, req webex.BargeInRequest) (webex.NewCall, error)
	Pull(ctx context.Context, req webex.PullRequest) (webex.NewCall, error)
}

// SpeedDial is one speed-dial entry, on keys 1 to 9 in order.
type SpeedDial struct {
	Label       string // shown in help; the destination when empty
	Destination string // already validated
}

// Theme selects light or dark colours.
type Theme int

// Themes.
const (
	ThemeAuto  Theme = iota // ask the terminal for its background
	ThemeDark               // light text on a dark background
	ThemeLight              // dark text on a light background
)

// Options configure the console.
type Options struct {
	API         API
	Demo        bool   // running on the embedded simulator: show the DEMO badge
	LineOwnerID string // act on a secondary line; "" for the user's own
	Keys        keymap.KeyMap
	SpeedDial   []SpeedDial

	PollFast, PollIdle, MaxBackoff time.Duration
	ActionTimeout                  time.Duration // how long an action may take; 0 = 15 s

	Bell, SelectRinging bool
	HoldLimit           time.Duration // 0: no held-too-long alert
	// Notify sends a desktop notification for a new ringing call; nil = off.
	Notify func(ctx context.Context, title, body string) error

	Theme    Theme
	Mouse    bool
	Warnings []string // configuration warnings, shown once at start

	Now    func() time.Time // the clock; nil = time.Now
	Logger *slog.Logger     // debug log; nil discards
}

func (o *Options) setDefaults() {
	if o.PollFast <= 0 {
		o.PollFast = time.Second
	}
	if o.PollIdle < o.PollFast {
		o.PollIdle = max(2*time.Second, o.PollFast)
	}
	if o.MaxBackoff < o.PollIdle {
		o.MaxBackoff = max(30*time.Second, o.PollIdle)
	}
	if o.ActionTimeout <= 0 {
		o.ActionTimeout = 15 * time.Second
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
}
