package ui

import (
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"github.com/charmbracelet/x/ansi"

	"github.com/callboard/callboard/desk"
	"github.com/callboard/callboard/model"
	"github.com/callboard/callboard/ui/theme"
)

// verbHelp is one verb key as help shows it now: the key, and what it does
// to the selected call.
type verbHelp struct {
	verb    desk.Verb
	binding key.Binding
}

// offeredVerbs returns the verb keys that can act now, in table order, each
// described by what it will do (hold or resume): help never offers what
// would fail.
func (a *App) offeredVerbs() (onCall, newCall []verbHelp) {
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
		case desk.TwoCalls:
			if c == nil || !model.Allowed(v.Action, c) {
				continue
			}
			if _, ok := a.desk.JoinPartner(c.ID); !ok {
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
	return onCall, newCall
}

// speedDialHelp describes each configured speed-dial key as it acts now.
func (a *App) speedDialHelp() []key.Binding {
	act, _ := a.speedDialAction()
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
	if a.showHelp {
		return st.HelpDesc.Render("? or esc closes the help")
	}
	k := a.keys
	var bindings []key.Binding
	if a.screen == screenHistory {
		hk := a.history.KeyMap()
		bindings = []key.Binding{hk.CallBack, hk.Up, hk.Down, hk.Prev, hk.Next, k.SwitchView}
	} else {
		onCall, newCall := a.offeredVerbs()
		for _, v := range onCall {
			bindings = append(bindings, v.binding)
		}
		for _, v := range newCall {
			if v.verb.Action == model.ActionDial {
				bindings = append(bindings, v.binding)
			}
		}
		bindings = append(bindings, k.SwitchView)
	}
	h := a.helpModel()
	tail := h.ShortHelpView([]key.Binding{k.Help, k.Quit})
	h.SetWidth(max(a.width-ansi.StringWidth(tail)-ansi.StringWidth(h.ShortSeparator), 0))
	head := h.ShortHelpView(bindings)
	if head == "" {
		return tail
	}
	return head + st.HelpSep.Render(h.ShortSeparator) + tail
}

// fullHelp lists every key that can act now, by group, wrapped to the width
// so nothing is lost on a narrow terminal, then the command line's verbs.
func (a *App) fullHelp(height int) string {
	st := a.styles
	k := a.keys
	var out []string
	group := func(name string, bindings []key.Binding) {
		var items []string
		for _, b := range bindings {
			if b.Enabled() && len(b.Keys()) > 0 {
				items = append(items, st.HelpKey.Render(b.Help().Key)+" "+st.HelpDesc.Render(b.Help().Desc))
			}
		}
		if len(items) == 0 {
			return
		}
		const indent = 12
		for i, line := range theme.Wrap(strings.Join(items, st.HelpSep.Render(" · ")), max(a.width-indent, 10)) {
			label := strings.Repeat(" ", indent)
			if i == 0 {
				label = st.Label.Render(theme.PadRight(name, indent))
			}
			out = append(out, label+line)
		}
	}
	onCall, newCall := a.offeredVerbs()
	var calls, news []key.Binding
	for _, v := range onCall {
		calls = append(calls, v.binding)
	}
	for _, v := range newCall {
		news = append(news, v.binding)
	}
	title := "keys that act now"
	if row, ok := a.desk.Board().Selected(); ok && !row.Ended() {
		title += " — the selected call: " + row.Call.Remote.Display() + " (" + row.Call.Status().Word() + ")"
	}
	out = append(out, st.Section.Render(ansi.Truncate(title, a.width, "…")))
	group("call", calls)
	group("new call", news)
	group("speed dial", a.speedDialHelp())
	lk := a.list.KeyMap()
	group("move", []key.Binding{lk.Up, lk.Down, lk.Top, lk.Bottom})
	group("views", []key.Binding{k.SwitchView, k.Filter, a.detail.KeyMap().IDs})
	group("app", []key.Binding{k.Command, k.Refresh, k.Help, k.Quit})
	out = append(out, "", st.Section.Render("command line (:) — every verb by name"))
	var verbs []string
	for _, v := range desk.Verbs() {
		verbs = append(verbs, v.Usage())
	}
	for _, v := range consoleVerbs() {
		verbs = append(verbs, v.usage)
	}
	out = append(out, theme.Wrap(strings.Join(verbs, " · "), a.width)...)
	return strings.Join(theme.FitTo(out, height), "\n")
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
