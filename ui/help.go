package ui

import (
	"slices"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"github.com/charmbracelet/x/ansi"

	"github.com/callboard/callboard/desk"
	"github.com/callboard/callboard/model"
	"github.com/callboard/callboard/ui/helpview"
)

// verbHelp is one verb key as help shows it now: the key, and what it does
// to the selected call.
type verbHelp struct {
	verb    desk.Verb
	binding key.Binding
}

// offeredVerbs returns the verb keys that can act now, in table order, each
// described by what it will do (hold or resume): help never offers what
// would fail. user are the keys on the operator's own settings.
func (a *App) offeredVerbs() (onCall, newCall, user []verbHelp) {
	var c *model.Call
	if row, ok := a.desk.Board().Selected(); ok && !row.Ended() {
		c = &row.Call
	}
	for _, name := range desk.KeyNames() {
		b := a.keys.Verb(name)
		if len(b.Keys()) == 0 {
			continue
		}
		acts := desk.KeyGroup(name)
		v, _ := desk.VerbOf(acts[0])
		switch v.Target {
		case desk.NewCall:
			newCall = append(newCall, verbHelp{v, b})
			continue
		case desk.OnUser:
			if h, ok := a.userHelp(v, b); ok {
				user = append(user, verbHelp{v, h})
			}
			continue
		case desk.TwoCalls:
			if c == nil || !model.Allowed(v.Action, c) {
				continue
			}
			if v.Action == model.ActionConferenceStart {
				if _, in := a.desk.ConferenceOf(c.ID); in {
					b.SetHelp(b.Help().Key, "conference actions")
					onCall = append(onCall, verbHelp{v, b})
					continue
				}
				if _, ok := a.desk.ConferencePartner(c.ID); !ok {
					continue
				}
			} else if _, ok := a.desk.JoinPartner(c.ID); !ok {
				continue
			}
		}
		if c == nil {
			continue
		}
		if v.Action == model.ActionConsult && a.desk.InConsult(c.ID) {
			b.SetHelp(b.Help().Key, "complete the transfer")
			onCall = append([]verbHelp{{v, b}}, onCall...) // completing comes first
			continue
		}
		act := resolveAllowed(acts, c)
		if act == 0 {
			continue
		}
		v, _ = desk.VerbOf(act)
		b.SetHelp(b.Help().Key, v.Help)
		onCall = append(onCall, verbHelp{v, b})
	}
	return onCall, newCall, user
}

// userHelp describes a key on the operator's own settings as it acts now,
// and reports whether it can act at all: the wrap-up once a queue call
// ended, the night service once configured, do not disturb once read.
func (a *App) userHelp(v desk.Verb, b key.Binding) (key.Binding, bool) {
	s := a.desk.Settings()
	switch v.Action {
	case model.ActionWrapUp:
		_, ok := a.desk.WrapUp()
		return b, ok
	case model.ActionDoNotDisturb:
		if !s.DNDKnown {
			return b, false
		}
		b.SetHelp(b.Help().Key, "DND "+map[bool]string{true: "off", false: "on"}[s.DND])
	case model.ActionNightService:
		if s.NightTo == "" || !s.ForwardKnown {
			return b, false
		}
		b.SetHelp(b.Help().Key, "night "+map[bool]string{true: "off", false: "on"}[s.Night])
	}
	return b, true
}

// speedDialHelp describes each configured speed-dial key as it acts now.
func (a *App) speedDialHelp() []key.Binding {
	act, _ := a.desk.SpeedDial()
	var out []key.Binding
	for i, sd := range a.opts.SpeedDial {
		if i >= len(a.keys.SpeedDial) || act == 0 {
			break
		}
		b := a.keys.SpeedDial[i]
		verb := "dial "
		if act == model.ActionTransfer {
			verb = "transfer to "
		}
		b.SetHelp(b.Help().Key, verb+sd.name())
		out = append(out, b)
	}
	return out
}

// shortHelp is the bottom line: the keys that act on the selected call now,
// then "? help" and "q quit", which are never cut off.
func (a *App) shortHelp() string {
	st := a.styles
	if a.prompt != nil {
		return st.HelpDesc.Render(ansi.Truncate(a.prompt.Footer(), a.width, "…"))
	}
	if a.statsShown() && !a.showHelp {
		return st.HelpDesc.Render(ansi.Truncate(a.keys.Stats.Help().Key+" or esc closes the figures", a.width, "…"))
	}
	if a.showHelp {
		text := a.keys.Help.Help().Key + " or esc closes the help"
		if hk := a.help.KeyMap(); hk.Up.Enabled() || hk.Down.Enabled() {
			text += " · ↑/↓ scroll"
		}
		return st.HelpDesc.Render(text)
	}
	k := a.keys
	var bindings []key.Binding
	if p, ok := a.pane(); ok && a.onPane && a.screen == screenCalls {
		bindings = append(p.Help(), k.Focus, k.NextPane)
	} else if a.screen == screenHistory {
		hk := a.history.KeyMap()
		bindings = []key.Binding{hk.CallBack, hk.Up, hk.Down, hk.Prev, hk.Next, k.SwitchView}
	} else {
		onCall, newCall, user := a.offeredVerbs()
		for _, v := range onCall {
			bindings = append(bindings, v.binding)
		}
		for _, v := range newCall {
			if v.verb.Action == model.ActionDial {
				bindings = append(bindings, v.binding)
			}
		}
		for _, v := range user {
			if v.verb.Action == model.ActionWrapUp {
				bindings = append(bindings, v.binding) // a queue call waits for its reasons
			}
		}
		if a.desk.BellRepeating() {
			bindings = append([]key.Binding{k.Ack}, bindings...) // the bell rings: say how to stop it first
		}
		bindings = append(bindings, k.SwitchView)
		if len(a.panes) > 0 {
			bindings = append(bindings, k.Focus)
		}
	}
	// The line changes with the selected call's state, not every second:
	// it is built again only then (building it was a tenth of an idle
	// frame), and told apart without building anything.
	all := slices.Concat(bindings, []key.Binding{k.Help, k.Quit})
	if a.keyHelp.width == a.width && slices.EqualFunc(a.keyHelp.keys, all, shownKey.shows) {
		return a.keyHelp.out
	}
	h := a.helpModel()
	tail := h.ShortHelpView([]key.Binding{k.Help, k.Quit})
	h.SetWidth(max(a.width-ansi.StringWidth(tail)-ansi.StringWidth(h.ShortSeparator), 0))
	out := tail
	if head := h.ShortHelpView(bindings); head != "" {
		out = head + st.HelpSep.Render(h.ShortSeparator) + tail
	}
	keys := make([]shownKey, len(all))
	for i, b := range all {
		keys[i] = shownKey{enabled: b.Enabled(), help: b.Help()}
	}
	a.keyHelp = keyHelpLine{width: a.width, keys: keys, out: out}
	return out
}

// keyHelpLine is the key help line last drawn, with what it shows.
type keyHelpLine struct {
	width int // 0 when nothing is drawn yet, or the look changed
	keys  []shownKey
	out   string
}

// shownKey is a key as the help line shows it.
type shownKey struct {
	enabled bool
	help    key.Help
}

// shows reports whether b would be shown as k is.
func (k shownKey) shows(b key.Binding) bool { return k.enabled == b.Enabled() && k.help == b.Help() }

// helpContent is what the full help shows now: every key that can act,
// by group, then the command line's verbs.
func (a *App) helpContent() helpview.Content {
	k := a.keys
	onCall, newCall, user := a.offeredVerbs()
	var calls, news, yours []key.Binding
	for _, v := range onCall {
		calls = append(calls, v.binding)
	}
	for _, v := range newCall {
		news = append(news, v.binding)
	}
	for _, v := range user {
		yours = append(yours, v.binding)
	}
	title := "keys that act now"
	if row, ok := a.desk.Board().Selected(); ok && !row.Ended() {
		title += " — the selected call: " + row.Call.Remote.Display() + " (" + row.Call.Status().Word() + ")"
	}
	lk := a.list.KeyMap()
	var verbs []string
	for _, v := range desk.Verbs() {
		verbs = append(verbs, v.Usage())
	}
	for _, v := range consoleVerbs() {
		if !v.journal || a.journal != nil {
			verbs = append(verbs, v.usage)
		}
	}
	groups := []helpview.Group{}
	if p, ok := a.pane(); ok {
		name := p.Name()
		if a.onPane {
			name += " (has the keys)"
		} else if f := a.keys.Focus.Help().Key; f != "" {
			name += " (after " + f + ")" // these keys act once the pane has them
		}
		groups = append(groups, helpview.Group{Name: name, Keys: p.Help()})
	}
	return helpview.Content{
		Title: title,
		Groups: append(groups, []helpview.Group{
			{Name: "call", Keys: calls},
			{Name: "new call", Keys: news},
			{Name: "you", Keys: yours},
			{Name: "speed dial", Keys: a.speedDialHelp()},
			{Name: "move", Keys: []key.Binding{lk.Up, lk.Down, lk.Top, lk.Bottom}},
			{Name: "views", Keys: a.viewKeys()},
			{Name: "journal", Keys: a.journalHelp()},
			{Name: "app", Keys: []key.Binding{k.Command, k.Refresh, k.Ack, k.Help, k.Quit}},
		}...),
		Verbs: verbs,
	}
}

func (a *App) helpModel() help.Model {
	h := help.New()
	h.SetWidth(a.width)
	h.Styles.ShortKey = a.styles.HelpKey
	h.Styles.ShortDesc = a.styles.HelpDesc
	h.Styles.ShortSeparator = a.styles.HelpSep
	h.Styles.FullKey = a.styles.HelpKey
	h.Styles.FullDesc = a.styles.HelpDesc
	h.Styles.FullSeparator = a.styles.HelpSep
	return h
}

// viewKeys are the keys that change what the console shows.
func (a *App) viewKeys() []key.Binding {
	k := a.keys
	keys := []key.Binding{k.SwitchView, k.Filter, a.detail.KeyMap().IDs}
	if a.desk.MultiLine() {
		keys = append(keys, k.Line)
	}
	if len(a.panes) > 0 {
		keys = append(keys, k.Focus, k.NextPane)
	}
	if a.opts.Office.Devices != nil {
		keys = append(keys, k.Device)
	}
	return keys
}
