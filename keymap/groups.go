package keymap

import "charm.land/bubbles/v2/key"

// Group is a set of related actions; help shows one column per group.
type Group int

// The groups, in the order help shows them.
const (
	GroupNavigation Group = iota // moving the selection
	GroupCall                    // actions on the selected call
	GroupNewCall                 // actions that start a new call
	GroupViews                   // what the list shows
	GroupApp                     // the program itself
)

// String names the group for a help heading.
func (g Group) String() string {
	switch g {
	case GroupNavigation:
		return "navigation"
	case GroupCall:
		return "call"
	case GroupNewCall:
		return "new call"
	case GroupViews:
		return "views"
	case GroupApp:
		return "app"
	}
	return "other"
}

// Binding is one entry of the key map with what help needs to place it.
type Binding struct {
	Action string      // the configurable action name; "speed_dial" for speed-dial slots
	Slot   int         // the speed-dial slot (1 to 9), or 0
	Group  Group       // the help column
	Key    key.Binding // the binding itself
}

// ActionSpeedDial is the Action of speed-dial entries in All. It is not a
// configurable action: speed-dial keys are fixed to 1–9.
const ActionSpeedDial = "speed_dial"

// All returns every binding, grouped (navigation, call, new call, views,
// app) and in a stable order within each group, bound or not; the UI keeps
// the enabled ones for help.
func (m KeyMap) All() []Binding {
	var out []Binding
	for g := GroupNavigation; g <= GroupApp; g++ {
		for _, a := range specs() {
			if a.group == g {
				out = append(out, Binding{Action: a.name, Group: g, Key: *m.ref(a.name)})
			}
		}
		if g == GroupNewCall {
			for i, b := range m.SpeedDial {
				out = append(out, Binding{Action: ActionSpeedDial, Slot: i + 1, Group: g, Key: b})
			}
		}
	}
	return out
}
