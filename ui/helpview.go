package ui

import (
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"github.com/charmbracelet/x/ansi"

	"github.com/callboard/callboard/keymap"
	"github.com/callboard/callboard/model"
)

// contextKeys is the key map with only the bindings that can act now
// enabled, and help words that say what they will do ("hold" or "resume"):
// help never offers what would fail.
func (a *App) contextKeys() keymap.KeyMap {
	k := a.keys
	var c *model.Call
	if row, ok := a.selected(); ok && !row.Ended() {
		c = &row.Call
	}
	allowed := func(act model.Action) bool { return model.Allowed(act, c) }
	setWords := func(b *key.Binding, enabled bool, desc string) {
		b.SetEnabled(enabled)
		if desc != "" {
			b.SetHelp(b.Help().Key, desc)
		}
	}
	pick := func(first model.Action, firstDesc string, second model.Action, secondDesc string) (bool, string) {
		switch {
		case allowed(first):
			return true, firstDesc
		case allowed(second):
			return true, secondDesc
		}
		return false, ""
	}
	onList := a.screen == screenCalls
	for _, b := range []*key.Binding{&k.Up, &k.Down, &k.Top, &k.Bottom} {
		b.SetEnabled(a.board.VisibleLen() > 1 || (!onList && len(a.history.shown) > 1))
	}
	setWords(&k.Answer, onList && allowed(model.ActionAnswer), "")
	setWords(&k.Reject, onList && allowed(model.ActionReject), "")
	setWords(&k.Hangup, onList && allowed(model.ActionHangup), "")
	ok, desc := pick(model.ActionHold, "hold", model.ActionResume, "resume")
	setWords(&k.HoldResume, onList && ok, desc)
	setWords(&k.Transfer, onList && allowed(model.ActionTransfer), "")
	switch {
	case a.onConsultLeg():
		setWords(&k.Consult, onList, "complete the transfer")
	default:
		setWords(&k.Consult, onList && allowed(model.ActionConsult), "consult")
	}
	setWords(&k.Divert, onList && allowed(model.ActionDivert), "")
	setWords(&k.Park, onList && allowed(model.ActionPark), "")
	ok, desc = pick(model.ActionMute, "mute", model.ActionUnmute, "unmute")
	setWords(&k.Mute, onList && ok, desc)
	ok, desc = pick(model.ActionRecordStart, "record", model.ActionRecordStop, "stop recording")
	setWords(&k.Record, onList && ok, desc)
	ok, desc = pick(model.ActionRecordPause, "pause recording", model.ActionRecordResume, "resume recording")
	setWords(&k.RecordPause, onList && ok, desc)
	setWords(&k.DTMF, onList && allowed(model.ActionDTMF), "")
	for _, b := range []*key.Binding{&k.Retrieve, &k.Pickup, &k.Barge} {
		b.SetEnabled(onList)
	}
	k.Dial.SetEnabled(true)
	if !onList {
		k.Dial.SetHelp(k.Dial.Help().Key, "call back")
	}
	transfer := allowed(model.ActionTransfer)
	for i := range k.SpeedDial {
		if i >= len(a.opts.SpeedDial) || !onList {
			k.SpeedDial[i].SetEnabled(false)
			continue
		}
		sd := a.opts.SpeedDial[i]
		label := sd.Label
		if label == "" {
			label = sd.Destination
		}
		verb := "dial "
		if transfer {
			verb = "transfer to "
		}
		setWords(&k.SpeedDial[i], true, verb+label)
	}
	return k
}

// shortHelp is the bottom line: the keys that act on the selected call now,
// then "? help" and "q quit", which are never cut off.
func (a *App) shortHelp() string {
	st := a.styles
	if a.prompt != nil {
		return st.HelpDesc.Render(ansi.Truncate(a.prompt.footer(), a.width, "…"))
	}
	if a.showHelp {
		return st.HelpDesc.Render("? or esc closes the help")
	}
	k := a.contextKeys()
	bindings := []key.Binding{
		k.Answer, k.Reject, k.HoldResume, k.Hangup, k.Transfer, k.Consult, k.Divert, k.Park, k.Mute,
		k.Record, k.DTMF, k.Dial, k.SwitchView,
	}
	if a.screen == screenHistory {
		bindings = []key.Binding{k.Dial, k.Up, k.Down, k.SwitchView}
	} else if a.onConsultLeg() {
		// Completing the consult comes first, once.
		bindings = []key.Binding{k.Consult, k.HoldResume, k.Hangup, k.Transfer, k.Park, k.Mute, k.Record, k.DTMF, k.Dial, k.SwitchView}
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
func (a *App) fullHelp(height int) []string {
	st := a.styles
	k := a.contextKeys()
	out := []string{st.Section.Render("keys for the selected call and the console")}
	group := keymap.Group(-1)
	var items []string
	flush := func() {
		if len(items) == 0 {
			return
		}
		const indent = 12 // the longest group name and a space or two
		text := strings.Join(items, st.HelpSep.Render(" · "))
		for i, line := range strings.Split(ansi.Wrap(text, max(a.width-indent, 10), " "), "\n") {
			label := strings.Repeat(" ", indent)
			if i == 0 {
				label = st.Label.Render(padRight(group.String(), indent))
			}
			out = append(out, label+line)
		}
		items = nil
	}
	for _, b := range k.All() {
		if b.Group != group {
			flush()
			group = b.Group
		}
		if b.Key.Enabled() {
			items = append(items, st.HelpKey.Render(b.Key.Help().Key)+" "+st.HelpDesc.Render(b.Key.Help().Desc))
		}
	}
	flush()
	out = append(out, "", st.Section.Render("command line (:)"))
	out = append(out, strings.Split(wrap(verbList(), a.width), "\n")...)
	return fitTo(out, height)
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

// onConsultLeg reports whether the selected call is one of the consult's two calls.
func (a *App) onConsultLeg() bool {
	cs := a.consult
	row, ok := a.selected()
	return cs != nil && ok && !row.Ended() && (row.Call.ID == cs.original || row.Call.ID == cs.leg)
}
