// Package keymap holds callboard's key bindings: one key.Binding per action,
// the default keys, the action names the configuration file uses, and the
// overrides an operator configures (several keys per action, collisions
// reported). Key names are Bubble Tea v2 key strings, the values of
// tea.KeyPressMsg.String(): "a", "T", "#", "enter", "space", "tab",
// "ctrl+r", "up".
package keymap

import (
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"

	"github.com/callboard/callboard/desk"
)

// SpeedDialSlots is the number of speed-dial entries, on keys 1 to 9.
const SpeedDialSlots = 9

// KeyMap has one binding per action. Components copy it and disable the
// bindings that cannot apply, so help never offers what would fail. The
// call verbs' bindings are named by the desk's verb table (desk.KeyNames);
// opposite actions (hold and resume) share one.
type KeyMap struct {
	Up     key.Binding // move the selection up
	Down   key.Binding // move the selection down
	Top    key.Binding // select the first call
	Bottom key.Binding // select the last call

	verbs [verbSlots]key.Binding // the call verbs, in desk.KeyNames order

	SpeedDial [SpeedDialSlots]key.Binding // speed-dial entries 1 to 9, in key order

	SwitchView key.Binding // calls ↔ history
	Focus      key.Binding // move the keys between the call list and the side pane
	NextPane   key.Binding // show the next side pane
	Device     key.Binding // choose the device new calls ring on
	Filter     key.Binding // filter the list
	Line       key.Binding // show one line's calls, the next line, then every line
	IDs        key.Binding // show or hide the selected call's ids
	Note       key.Binding // a note on the selected call, in the journal
	Message    key.Binding // take a message for a colleague
	Stats      key.Binding // today's and this week's figures
	Command    key.Binding // the command line
	Refresh    key.Binding // poll now
	Ack        key.Binding // silence the repeating bell
	Help       key.Binding // full help
	Quit       key.Binding // quit
}

// verbSlots is room for the desk's verb bindings; a test checks it is
// enough.
const verbSlots = 24

// The action names of the console's own keys in the configuration file's
// [keys] table; the call verbs' names come from the desk's table. They are
// part of the configuration contract: keep them stable.
const (
	ActionUp      = "up"
	ActionDown    = "down"
	ActionTop     = "top"
	ActionBottom  = "bottom"
	ActionHistory = "history"
	ActionFocus   = "focus"
	ActionPane    = "pane"
	ActionDevice  = "device"
	ActionFilter  = "filter"
	ActionLine    = "line"
	ActionIDs     = "ids"
	ActionNote    = "note"
	ActionMessage = "message"
	ActionStats   = "stats"
	ActionCommand = "command"
	ActionRefresh = "refresh"
	ActionAck     = "acknowledge"
	ActionHelp    = "help"
	ActionQuit    = "quit"
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
// Actions, of the example configuration and of the help columns): the
// navigation keys, the desk's verbs with the keys and words of its table,
// then the console's own keys.
func specs() []actionSpec {
	out := []actionSpec{
		{ActionUp, GroupNavigation, []string{"up", "k"}, "up"},
		{ActionDown, GroupNavigation, []string{"down", "j"}, "down"},
		{ActionTop, GroupNavigation, []string{"g"}, "first call"},
		{ActionBottom, GroupNavigation, []string{"G"}, "last call"},
	}
	for _, name := range desk.KeyNames() {
		acts := desk.KeyGroup(name)
		first, _ := desk.VerbOf(acts[0])
		words := make([]string, 0, len(acts))
		for _, a := range acts {
			v, _ := desk.VerbOf(a)
			words = append(words, v.Help)
		}
		group := GroupCall
		switch first.Target {
		case desk.NewCall:
			group = GroupNewCall
		case desk.OnUser:
			group = GroupApp // the operator's own settings, like the program's
		}
		out = append(out, actionSpec{name, group, first.Keys, strings.Join(words, "/")})
	}
	return append(out,
		actionSpec{ActionHistory, GroupViews, []string{"tab"}, "calls/history"},
		actionSpec{ActionFocus, GroupViews, []string{"w"}, "calls/pane"},
		actionSpec{ActionPane, GroupViews, []string{"W"}, "next pane"},
		actionSpec{ActionDevice, GroupViews, []string{"E"}, "device"},
		actionSpec{ActionFilter, GroupViews, []string{"/"}, "filter"},
		actionSpec{ActionLine, GroupViews, []string{"L"}, "line"},
		actionSpec{ActionIDs, GroupViews, []string{"i"}, "show ids"},
		actionSpec{ActionNote, GroupCall, []string{"n"}, "note"},
		actionSpec{ActionMessage, GroupCall, []string{"M"}, "take a message"},
		actionSpec{ActionStats, GroupViews, []string{"S"}, "figures"},
		actionSpec{ActionCommand, GroupApp, []string{":"}, "command"},
		actionSpec{ActionRefresh, GroupApp, []string{"ctrl+r"}, "refresh"},
		actionSpec{ActionAck, GroupApp, []string{"!"}, "silence bell"},
		actionSpec{ActionHelp, GroupApp, []string{"?"}, "help"},
		actionSpec{ActionQuit, GroupApp, []string{"q", "ctrl+c"}, "quit"},
	)
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
func (m *KeyMap) Binding(action string) (key.Binding, bool) {
	b := m.ref(action)
	if b == nil {
		return key.Binding{}, false
	}
	return *b, true
}

// Verb returns the binding of a call verb by its [keys] name ("hold");
// an unknown name gives an unbound binding.
func (m *KeyMap) Verb(name string) key.Binding {
	if i := desk.KeyIndex(name); i >= 0 {
		return m.verbs[i]
	}
	return key.Binding{}
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
	case ActionHistory:
		return &m.SwitchView
	case ActionFocus:
		return &m.Focus
	case ActionPane:
		return &m.NextPane
	case ActionDevice:
		return &m.Device
	case ActionFilter:
		return &m.Filter
	case ActionLine:
		return &m.Line
	case ActionIDs:
		return &m.IDs
	case ActionNote:
		return &m.Note
	case ActionMessage:
		return &m.Message
	case ActionStats:
		return &m.Stats
	case ActionCommand:
		return &m.Command
	case ActionRefresh:
		return &m.Refresh
	case ActionAck:
		return &m.Ack
	case ActionHelp:
		return &m.Help
	case ActionQuit:
		return &m.Quit
	}
	if i := desk.KeyIndex(action); i >= 0 {
		return &m.verbs[i]
	}
	return nil
}
