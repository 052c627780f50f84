// Package keymap holds callboard's key bindings: one key.Binding per action,
// the default keys, the action names the configuration file uses, and the
// overrides an operator configures (several keys per action, collisions
// reported). Key names are Bubble Tea v2 key strings, the values of
// tea.KeyPressMsg.String(): "a", "T", "#", "enter", "space", "tab",
// "ctrl+r", "up".
package keymap

import (
	"strconv"

	"charm.land/bubbles/v2/key"
)

// SpeedDialSlots is the number of speed-dial entries, on keys 1 to 9.
const SpeedDialSlots = 9

// KeyMap has one binding per action. Components copy it and disable the
// bindings that cannot apply, so help never offers what would fail.
type KeyMap struct {
	Up     key.Binding // move the selection up
	Down   key.Binding // move the selection down
	Top    key.Binding // select the first call
	Bottom key.Binding // select the last call

	Answer      key.Binding // answer a ringing call
	Reject      key.Binding // reject a ringing call (busy)
	Hangup      key.Binding // end a call
	HoldResume  key.Binding // hold a connected call, resume a held one
	Transfer    key.Binding // transfer to a destination, or join two calls
	Consult     key.Binding // hold the call and dial a consult party
	Divert      key.Binding // divert a ringing call
	Park        key.Binding // park a call
	Mute        key.Binding // mute or unmute
	Record      key.Binding // start or stop recording
	RecordPause key.Binding // pause or resume recording
	DTMF        key.Binding // send DTMF digits

	Retrieve  key.Binding                 // retrieve a parked call
	Dial      key.Binding                 // place a call
	Pickup    key.Binding                 // pick up a call ringing elsewhere
	Barge     key.Binding                 // barge in on a colleague's call
	SpeedDial [SpeedDialSlots]key.Binding // speed-dial entries 1 to 9, in key order

	SwitchView key.Binding // calls ↔ history
	Filter     key.Binding // filter the list
	Command    key.Binding // the command line
	Refresh    key.Binding // poll now
	Help       key.Binding // full help
	Quit       key.Binding // quit
}

// The action names the configuration file uses in its [keys] table. They are
// part of the configuration contract: keep them stable.
const (
	ActionUp          = "up"
	ActionDown        = "down"
	ActionTop         = "top"
	ActionBottom      = "bottom"
	ActionAnswer      = "answer"
	ActionReject      = "reject"
	ActionHangup      = "hangup"
	ActionHold        = "hold"
	ActionTransfer    = "transfer"
	ActionConsult     = "consult"
	ActionDivert      = "divert"
	ActionPark        = "park"
	ActionRetrieve    = "retrieve"
	ActionDial        = "dial"
	ActionPickup      = "pickup"
	ActionBarge       = "barge"
	ActionMute        = "mute"
	ActionRecord      = "record"
	ActionRecordPause = "record_pause"
	ActionDTMF        = "dtmf"
	ActionHistory     = "history"
	ActionFilter      = "filter"
	ActionCommand     = "command"
	ActionRefresh     = "refresh"
	ActionHelp        = "help"
	ActionQuit        = "quit"
)

// actionSpec is one configurable action: its name, its group and its
// default keys and help text.
type actionSpec struct {
	name  string
	group Group
	keys  []string
	desc  string
}

// specs lists the configurable actions in their stable order (the order of
// Actions, of the example configuration and of the help columns). It is a
// function so that no caller can alter the defaults.
func specs() []actionSpec {
	return []actionSpec{
		{ActionUp, GroupNavigation, []string{"up", "k"}, "up"},
		{ActionDown, GroupNavigation, []string{"down", "j"}, "down"},
		{ActionTop, GroupNavigation, []string{"g"}, "first call"},
		{ActionBottom, GroupNavigation, []string{"G"}, "last call"},
		{ActionAnswer, GroupCall, []string{"a", "enter"}, "answer"},
		{ActionReject, GroupCall, []string{"r"}, "reject"},
		{ActionHangup, GroupCall, []string{"e"}, "hang up"},
		{ActionHold, GroupCall, []string{"h", "space"}, "hold/resume"},
		{ActionTransfer, GroupCall, []string{"t"}, "transfer"},
		{ActionConsult, GroupCall, []string{"T"}, "consult"},
		{ActionDivert, GroupCall, []string{"v"}, "divert"},
		{ActionPark, GroupCall, []string{"p"}, "park"},
		{ActionRetrieve, GroupNewCall, []string{"P"}, "retrieve parked"},
		{ActionDial, GroupNewCall, []string{"d"}, "dial"},
		{ActionPickup, GroupNewCall, []string{"u"}, "pick up"},
		{ActionBarge, GroupNewCall, []string{"b"}, "barge in"},
		{ActionMute, GroupCall, []string{"m"}, "mute/unmute"},
		{ActionRecord, GroupCall, []string{"o"}, "record"},
		{ActionRecordPause, GroupCall, []string{"O"}, "pause recording"},
		{ActionDTMF, GroupCall, []string{"#"}, "send DTMF"},
		{ActionHistory, GroupViews, []string{"tab"}, "calls/history"},
		{ActionFilter, GroupViews, []string{"/"}, "filter"},
		{ActionCommand, GroupApp, []string{":"}, "command"},
		{ActionRefresh, GroupApp, []string{"ctrl+r"}, "refresh"},
		{ActionHelp, GroupApp, []string{"?"}, "help"},
		{ActionQuit, GroupApp, []string{"q", "ctrl+c"}, "quit"},
	}
}

// Actions returns the configurable action names in their stable order.
func Actions() []string {
	s := specs()
	names := make([]string, len(s))
	for i, a := range s {
		names[i] = a.name
	}
	return names
}

// Default returns the default key map, with every speed-dial slot bound;
// Apply unbinds the slots that have no configured entry.
func Default() KeyMap {
	var m KeyMap
	for _, a := range specs() {
		*m.ref(a.name) = newBinding(a.keys, a.desc)
	}
	for i := range m.SpeedDial {
		n := strconv.Itoa(i + 1)
		m.SpeedDial[i] = newBinding([]string{n}, "speed dial "+n)
	}
	return m
}

// newBinding builds a binding whose help shows its keys.
func newBinding(keys []string, desc string) key.Binding {
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(HelpKeys(keys), desc))
}

// Binding returns the binding of a configurable action.
func (m KeyMap) Binding(action string) (key.Binding, bool) {
	b := m.ref(action)
	if b == nil {
		return key.Binding{}, false
	}
	return *b, true
}

// ref points at the binding of a named action, or is nil for an unknown name.
func (m *KeyMap) ref(action string) *key.Binding {
	switch action {
	case ActionUp:
		return &m.Up
	case ActionDown:
		return &m.Down
	case ActionTop:
		return &m.Top
	case ActionBottom:
		return &m.Bottom
	case ActionAnswer:
		return &m.Answer
	case ActionReject:
		return &m.Reject
	case ActionHangup:
		return &m.Hangup
	case ActionHold:
		return &m.HoldResume
	case ActionTransfer:
		return &m.Transfer
	case ActionConsult:
		return &m.Consult
	case ActionDivert:
		return &m.Divert
	case ActionPark:
		return &m.Park
	case ActionRetrieve:
		return &m.Retrieve
	case ActionDial:
		return &m.Dial
	case ActionPickup:
		return &m.Pickup
	case ActionBarge:
		return &m.Barge
	case ActionMute:
		return &m.Mute
	case ActionRecord:
		return &m.Record
	case ActionRecordPause:
		return &m.RecordPause
	case ActionDTMF:
		return &m.DTMF
	case ActionHistory:
		return &m.SwitchView
	case ActionFilter:
		return &m.Filter
	case ActionCommand:
		return &m.Command
	case ActionRefresh:
		return &m.Refresh
	case ActionHelp:
		return &m.Help
	case ActionQuit:
		return &m.Quit
	}
	return nil
}
