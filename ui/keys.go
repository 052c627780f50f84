package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/callboard/callboard/model"
	"github.com/callboard/callboard/webex"
)

// handleKey routes a key: ctrl+c always quits; an open prompt or help takes
// the key first; then the global keys; then the focused screen.
func (a *App) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	if msg.String() == "ctrl+c" {
		return tea.Quit
	}
	if a.layout().tooSmall {
		// The calls are not on screen: no key may act on one.
		if key.Matches(msg, a.keys.Quit) {
			return tea.Quit
		}
		return nil
	}
	if a.prompt != nil {
		return a.promptKey(msg)
	}
	if a.showHelp {
		switch {
		case key.Matches(msg, a.keys.Quit):
			return tea.Quit
		case key.Matches(msg, a.keys.Help), msg.String() == "esc":
			a.showHelp = false
		}
		return nil
	}
	switch {
	case key.Matches(msg, a.keys.Quit):
		return tea.Quit // calls live on the phones: quitting touches none of them
	case key.Matches(msg, a.keys.Help):
		a.showHelp = true
		return nil
	case key.Matches(msg, a.keys.SwitchView):
		return a.toggleScreen()
	case key.Matches(msg, a.keys.Refresh):
		if a.screen == screenHistory {
			return tea.Batch(a.pollNow(), a.fetchHistory())
		}
		return a.pollNow()
	case key.Matches(msg, a.keys.Command):
		a.openPrompt(newPrompt(promptCommand, "command", "any verb by name: dtmf 1,234 · push · park 7001 · divert vm · copy · help", "", commandNames(), commandProblem))
		return nil
	case key.Matches(msg, a.keys.Filter):
		return a.openFilter()
	}
	if a.screen == screenHistory {
		return a.historyKey(msg)
	}
	return a.callsKey(msg)
}

// callsKey handles the call list's keys: navigation, then actions.
func (a *App) callsKey(msg tea.KeyPressMsg) tea.Cmd {
	k := a.keys
	switch {
	case key.Matches(msg, k.Up):
		a.board.Move(-1)
	case key.Matches(msg, k.Down):
		a.board.Move(1)
	case key.Matches(msg, k.Top):
		a.board.First()
	case key.Matches(msg, k.Bottom):
		a.board.Last()
	case msg.String() == "esc" && a.hasResends():
		return a.cancelResends()
	case msg.String() == "esc" && a.board.Filter() != "":
		a.applyFilter("")
	case msg.IsRepeat:
		// A key held down repeats: moving is fine, acting twice is not.
		return nil
	case key.Matches(msg, k.Answer):
		return a.answerKey()
	case key.Matches(msg, k.Reject):
		return a.onCall(model.ActionReject, func(c model.Call) tea.Cmd { return a.send(a.opReject(c, webex.RejectBusy)) })
	case key.Matches(msg, k.Hangup):
		return a.hangupKey()
	case key.Matches(msg, k.HoldResume):
		return a.holdKey()
	case key.Matches(msg, k.Transfer):
		return a.promptOnCall(model.ActionTransfer, a.openTransfer)
	case key.Matches(msg, k.Consult):
		return a.consultKey()
	case key.Matches(msg, k.Divert):
		return a.promptOnCall(model.ActionDivert, func(c model.Call) tea.Cmd {
			a.openPrompt(a.callPrompt(promptDivert, c, "divert "+c.Remote.Display()+" to",
				"a number, extension or address · vm: your voicemail · vm 1234: the voicemail of 1234", divertProblem))
			return nil
		})
	case key.Matches(msg, k.Park):
		return a.promptOnCall(model.ActionPark, func(c model.Call) tea.Cmd {
			a.openPrompt(a.callPrompt(promptPark, c, "park "+c.Remote.Display()+" on",
				"enter: your own line · group: a free member of your park group · or a number or extension", parkProblem))
			return nil
		})
	case key.Matches(msg, k.Mute):
		return a.toggle(model.ActionMute, model.ActionUnmute, a.opMute, a.opUnmute)
	case key.Matches(msg, k.Record):
		return a.toggle(model.ActionRecordStart, model.ActionRecordStop,
			func(c model.Call) operation { return a.opRecord(c, model.ActionRecordStart) },
			func(c model.Call) operation { return a.opRecord(c, model.ActionRecordStop) })
	case key.Matches(msg, k.RecordPause):
		return a.toggle(model.ActionRecordPause, model.ActionRecordResume,
			func(c model.Call) operation { return a.opRecord(c, model.ActionRecordPause) },
			func(c model.Call) operation { return a.opRecord(c, model.ActionRecordResume) })
	case key.Matches(msg, k.DTMF):
		return a.promptOnCall(model.ActionDTMF, func(c model.Call) tea.Cmd {
			a.openPrompt(a.callPrompt(promptDTMF, c, "send DTMF to "+c.Remote.Display(), "0-9 * # A-D · a comma pauses: 1,234", dtmfProblem))
			return nil
		})
	case key.Matches(msg, k.Retrieve):
		a.openRetrieve()
	case key.Matches(msg, k.Dial):
		a.openPrompt(a.newPrompt(promptDial, "dial", "your phone rings first, then the call is placed", needDestination))
	case key.Matches(msg, k.Pickup):
		a.openPrompt(a.newPrompt(promptPickup, "pick up a call ringing for", "enter: any call ringing in your pickup group · or a colleague's extension", optionalDestination))
	case key.Matches(msg, k.Barge):
		a.openPrompt(a.newPrompt(promptBarge, "barge in on", "a colleague's extension or number: you join their answered call", needDestination))
	default:
		for i, b := range k.SpeedDial {
			if i < len(a.opts.SpeedDial) && key.Matches(msg, b) {
				return a.speedDial(a.opts.SpeedDial[i])
			}
		}
	}
	return nil
}

// selected returns the selected call when one is visible.
func (a *App) selected() (model.Row, bool) { return a.board.Selected() }

// refusal says why act cannot apply to the selected call ("" when it can),
// and returns the call when there is one.
func (a *App) refusal(act model.Action) (model.Row, string) {
	row, ok := a.selected()
	switch {
	case !ok:
		return row, model.Why(act, nil)
	case row.Ended():
		text := act.String() + " " + row.Call.Remote.Display() + ": call already ended"
		if len(a.board.Live()) > 0 {
			text += " · " + a.keys.Up.Help().Key + " " + a.keys.Down.Help().Key + " selects another call"
		}
		return row, text
	case !model.Allowed(act, &row.Call):
		return row, model.Why(act, &row.Call)
	}
	return row, ""
}

// onCall runs do on the selected call if the action is allowed there, and
// otherwise says why not. It never sends anything for an ended call.
func (a *App) onCall(act model.Action, do func(model.Call) tea.Cmd) tea.Cmd {
	row, why := a.refusal(act)
	if why != "" || do == nil {
		return a.status.set(statusInfo, why, infoTTL)
	}
	return do(row.Call)
}

// promptOnCall is onCall for the keys that open a prompt. When the action
// cannot apply, the prompt opens all the same, saying why and accepting
// nothing: what the operator types next ("vm", "101", enter) lands in it
// instead of acting on the call as keys (m mutes, enter answers).
func (a *App) promptOnCall(act model.Action, open func(model.Call) tea.Cmd) tea.Cmd {
	row, why := a.refusal(act)
	if why != "" {
		return a.refusedPrompt(act.String(), why)
	}
	return open(row.Call)
}

// refusedPrompt opens a prompt that shows why nothing can be sent; esc closes it.
func (a *App) refusedPrompt(title, why string) tea.Cmd {
	refuse := func(string) string { return why }
	a.openPrompt(newPrompt(promptRefused, title+": not possible now", "✗ "+why+" · esc closes", "", nil, refuse))
	return a.status.set(statusInfo, why, infoTTL)
}

// toggle picks between two opposite actions (mute/unmute, hold/resume...).
func (a *App) toggle(on, off model.Action, opOn, opOff func(model.Call) operation) tea.Cmd {
	row, ok := a.selected()
	if ok && !row.Ended() && model.Allowed(off, &row.Call) {
		return a.send(opOff(row.Call))
	}
	return a.onCall(on, func(c model.Call) tea.Cmd { return a.send(opOn(c)) })
}

// answerKey answers the selected call. When the selected call is not
// ringing, the answer key can only mean a call that is: it answers the one
// that has rung longest, and selects it.
func (a *App) answerKey() tea.Cmd {
	if row, why := a.refusal(model.ActionAnswer); why == "" {
		return a.send(a.opAnswer(row.Call))
	}
	var first *model.Row
	for _, r := range a.board.Live() {
		if r.Call.Ringing() && (first == nil || r.Call.Created.Before(first.Call.Created)) {
			first = &r
		}
	}
	if first == nil {
		return a.onCall(model.ActionAnswer, nil) // says why
	}
	a.board.Select(first.Call.ID)
	return a.send(a.opAnswer(first.Call))
}

func (a *App) holdKey() tea.Cmd {
	return a.toggle(model.ActionHold, model.ActionResume, a.opHold, a.opResume)
}

// hangupKey ends the selected call; on the consult leg it aborts the consult
// and takes the caller off hold.
func (a *App) hangupKey() tea.Cmd {
	return a.onCall(model.ActionHangup, func(c model.Call) tea.Cmd {
		if cs := a.consult; cs != nil && c.ID == cs.leg {
			if orig, ok := a.board.Find(cs.original); ok && !orig.Ended() {
				return a.send(a.opAbortConsult(c, orig.Call))
			}
		}
		return a.send(a.opHangup(c))
	})
}

// consultKey starts a consult, or completes the one in progress when pressed
// on either of its calls.
func (a *App) consultKey() tea.Cmd {
	if cs := a.consult; cs != nil {
		if row, ok := a.selected(); ok && (row.Call.ID == cs.original || row.Call.ID == cs.leg) {
			orig, okO := a.board.Find(cs.original)
			leg, okL := a.board.Find(cs.leg)
			if !okO || !okL || orig.Ended() || leg.Ended() {
				return a.status.set(statusInfo, "the consult call is not connected yet", infoTTL)
			}
			if !model.CanJoin(&orig.Call, &leg.Call) {
				return a.status.set(statusInfo, "wait until "+cs.dest+" answers, then press T again to complete", infoTTL)
			}
			return a.send(a.opJoin(orig.Call, leg.Call, opConsultDone))
		}
	}
	if cs := a.liveConsult(); cs != nil {
		return a.refusedPrompt("consult", "a consult is already in progress ("+cs.caller+" ↔ "+cs.dest+"): T on either call completes it, e on "+cs.dest+" aborts it")
	}
	return a.promptOnCall(model.ActionConsult, func(c model.Call) tea.Cmd {
		a.openPrompt(a.callPrompt(promptConsult, c, "consult: hold "+c.Remote.Display()+" and call",
			"then T joins them, or e on the new call aborts", needDestination))
		return nil
	})
}

// joinPartner returns the one other answered call the selected call could
// be joined with, when there is exactly one.
func (a *App) joinPartner(c model.Call) *model.Call {
	var partner *model.Call
	for _, r := range a.board.Live() {
		if r.Call.ID == c.ID || !model.CanJoin(&c, &r.Call) {
			continue
		}
		if partner != nil {
			return nil
		}
		partner = &r.Call
	}
	return partner
}

func (a *App) openTransfer(c model.Call) tea.Cmd {
	partner := a.joinPartner(c)
	hint := "a number, extension or address: the transfer completes when it answers · vm: voicemail"
	destination := needDestination
	if partner != nil {
		hint = "enter: join with " + partner.Remote.Display() + " · or a destination · vm: voicemail"
		destination = optionalDestination
	}
	validate := func(s string) string {
		if isVoicemail(s) {
			return divertProblem(s)
		}
		return destination(s)
	}
	p := a.callPrompt(promptTransfer, c, "transfer "+c.Remote.Display()+" to", hint, validate)
	p.other = partner
	a.openPrompt(p)
	return nil
}

func (a *App) openRetrieve() {
	value, hint := "", "enter: the call parked on your own line · or where it is parked"
	if n := len(a.parked); n > 0 {
		last := a.parked[n-1]
		value = last.against.Number
		hint = "enter: " + last.caller + ", parked on " + last.against.Display() + " · ↑/↓ other parked calls"
	}
	suggestions := make([]string, 0, len(a.parked)+len(a.recent))
	for i := len(a.parked) - 1; i >= 0; i-- {
		suggestions = append(suggestions, a.parked[i].against.Number)
	}
	suggestions = append(suggestions, a.recent...)
	a.openPrompt(newPrompt(promptRetrieve, "retrieve the call parked on", hint, value, suggestions, optionalDestination))
}

func (a *App) openFilter() tea.Cmd {
	if a.screen == screenHistory {
		a.openPrompt(newPrompt(promptFilter, "filter history", "name, number or type · esc clears", a.history.filter, nil, nil))
		return nil
	}
	a.openPrompt(newPrompt(promptFilter, "filter calls", "name, number, state or type · esc clears", a.board.Filter(), nil, nil))
	return nil
}

// newPrompt opens a prompt offering the recent destinations.
func (a *App) newPrompt(kind promptKind, title, hint string, validate func(string) string) prompt {
	return newPrompt(kind, title, hint, "", a.recent, validate)
}

// callPrompt opens a prompt bound to call c: its answer acts on c even if
// the selection moves meanwhile.
func (a *App) callPrompt(kind promptKind, c model.Call, title, hint string, validate func(string) string) prompt {
	p := a.newPrompt(kind, title, hint, validate)
	p.call = c
	return p
}

func (a *App) openPrompt(p prompt) {
	p.SetWidth(a.width)
	a.prompt = &p
}

// promptKey handles a key while a prompt is open.
func (a *App) promptKey(msg tea.KeyPressMsg) tea.Cmd {
	p := a.prompt
	switch msg.String() {
	case "esc":
		if p.kind == promptFilter {
			a.applyFilter("")
		}
		a.prompt = nil
		return nil
	case "enter":
		if p.problem != "" {
			if p.value() == "" && p.validate != nil {
				return a.status.set(statusInfo, p.problem, infoTTL)
			}
			return nil // the problem is shown under the input; nothing is sent
		}
		a.prompt = nil
		return a.submit(*p)
	}
	next, cmd := p.Update(msg)
	a.prompt = &next
	if next.kind == promptFilter {
		a.applyFilter(next.value())
	}
	return cmd
}

func (a *App) applyFilter(q string) {
	if a.screen == screenHistory {
		a.history.setFilter(q)
		return
	}
	a.board.SetFilter(q)
	a.indexRinging()
	if a.board.SelectionHidden() {
		a.board.First() // the first match, so a key acts on a call the operator sees
	}
}

// submit acts on a validated prompt answer.
func (a *App) submit(p prompt) tea.Cmd {
	text := p.value()
	switch p.kind {
	case promptTransfer:
		if text == "" && p.other != nil {
			// Both calls as they are now: either may have ended while the prompt was open.
			return a.boundCall(p, model.ActionTransfer, func(c model.Call) tea.Cmd {
				other, ok := a.board.Find(p.other.ID)
				if !ok || other.Ended() {
					return a.status.set(statusError, p.other.Remote.Display()+": call already ended", infoTTL)
				}
				if !model.CanJoin(&c, &other.Call) {
					return a.status.set(statusError, "transfer: "+c.Remote.Display()+" and "+other.Call.Remote.Display()+" can no longer be joined — nothing sent", infoTTL)
				}
				return a.send(a.opJoin(c, other.Call, opPlain))
			})
		}
		if isVoicemail(text) {
			// To voicemail there is nobody to answer: Webex diverts at once.
			dest, _, _ := divertTarget(text)
			return a.boundCall(p, model.ActionTransfer, func(c model.Call) tea.Cmd {
				op := a.opDivert(c, dest, true)
				op.act, op.outcome = model.ActionTransfer, "transferred"
				return a.send(op)
			})
		}
		return a.boundCall(p, model.ActionTransfer, func(c model.Call) tea.Cmd { return a.send(a.opBlindTransfer(c, normalised(text))) })
	case promptConsult:
		return a.boundCall(p, model.ActionConsult, func(c model.Call) tea.Cmd { return a.startConsult(c, normalised(text)) })
	case promptDivert:
		dest, vm, _ := divertTarget(text)
		return a.boundCall(p, model.ActionDivert, func(c model.Call) tea.Cmd { return a.send(a.opDivert(c, dest, vm)) })
	case promptPark:
		dest, group, _ := parkTarget(text)
		return a.boundCall(p, model.ActionPark, func(c model.Call) tea.Cmd { return a.send(a.opPark(c, dest, group)) })
	case promptDTMF:
		digits, _ := model.ParseDTMF(text)
		return a.boundCall(p, model.ActionDTMF, func(c model.Call) tea.Cmd { return a.send(a.opDTMF(c, digits)) })
	case promptRetrieve:
		return a.send(a.opRetrieve(normalised(text)))
	case promptDial:
		return a.send(a.opDial(normalised(text)))
	case promptPickup:
		return a.send(a.opPickup(normalised(text)))
	case promptBarge:
		return a.send(a.opBarge(normalised(text)))
	case promptCommand:
		return a.runCommand(text)
	}
	return nil // promptFilter: the filter was applied while typing
}

// boundCall runs do on the prompt's call, as it is now: if it ended while
// the operator typed, nothing is sent.
func (a *App) boundCall(p prompt, act model.Action, do func(model.Call) tea.Cmd) tea.Cmd {
	row, ok := a.board.Find(p.call.ID)
	if !ok || row.Ended() {
		return a.status.set(statusError, p.call.Remote.Display()+": call already ended", infoTTL)
	}
	// The call may have changed while the operator typed (a desk phone
	// answered the call being diverted, say): check again.
	if !model.Allowed(act, &row.Call) {
		return a.status.set(statusError, model.Why(act, &row.Call)+" — nothing sent", infoTTL)
	}
	return do(row.Call)
}

// startConsult holds c (if it is not held already) and then dials dest.
func (a *App) startConsult(c model.Call, dest string) tea.Cmd {
	if cs := a.liveConsult(); cs != nil {
		return a.status.set(statusInfo, "a consult is already in progress ("+cs.caller+" ↔ "+cs.dest+"): T on either call completes it, e on "+cs.dest+" aborts it", infoTTL)
	}
	a.consult = &consultation{original: c.ID, dest: dest, caller: c.Remote.Display()}
	if c.State == model.StateHeld {
		return a.send(a.opConsultDial(c, dest))
	}
	return a.send(a.opConsultHold(c, dest))
}

// speedDial transfers the selected call to the entry; with no call on the
// board it dials the entry. With a call selected that cannot be transferred
// (ringing, ended) it says why and sends nothing: placing a call instead
// of the transfer the operator meant would be worse than doing nothing.
func (a *App) speedDial(sd SpeedDial) tea.Cmd {
	if a.board.Len() == 0 {
		return a.send(a.opDial(sd.Destination))
	}
	return a.onCall(model.ActionTransfer, func(c model.Call) tea.Cmd {
		return a.send(a.opBlindTransfer(c, sd.Destination))
	})
}

// runCommand executes a `:` command line (already validated).
func (a *App) runCommand(line string) tea.Cmd {
	cmd, problem := parseCommand(line)
	if problem != "" {
		return a.status.set(statusError, problem, infoTTL)
	}
	arg := strings.Join(cmd.args, " ")
	switch cmd.verb {
	case "dial":
		return a.send(a.opDial(normalised(arg)))
	case "retrieve":
		return a.send(a.opRetrieve(normalised(arg)))
	case "pickup":
		return a.send(a.opPickup(normalised(arg)))
	case "barge":
		return a.send(a.opBarge(normalised(arg)))
	case "pull":
		return a.send(a.opPull())
	case "history":
		if a.screen != screenHistory {
			return a.toggleScreen()
		}
		return nil
	case "refresh":
		return a.pollNow()
	case "help":
		a.showHelp = true
		return nil
	case "quit":
		return tea.Quit
	case "copy":
		return a.copyID(len(cmd.args) == 1)
	}
	act, _ := callAction(cmd.verb, cmd.args)
	return a.onCall(act, func(c model.Call) tea.Cmd {
		switch cmd.verb {
		case "answer":
			return a.send(a.opAnswer(c))
		case "reject":
			action := webex.RejectBusy
			if len(cmd.args) == 1 {
				action, _ = rejectAction(cmd.args[0])
			}
			return a.send(a.opReject(c, action))
		case "hangup":
			return a.send(a.opHangup(c))
		case "hold":
			return a.send(a.opHold(c))
		case "resume":
			return a.send(a.opResume(c))
		case "mute":
			return a.send(a.opMute(c))
		case "unmute":
			return a.send(a.opUnmute(c))
		case "push":
			return a.send(a.opPush(c))
		case "divert":
			dest, vm, _ := divertTarget(arg)
			return a.send(a.opDivert(c, dest, vm))
		case "park":
			dest, group, _ := parkTarget(arg)
			return a.send(a.opPark(c, dest, group))
		case "consult":
			return a.startConsult(c, normalised(arg))
		case "dtmf":
			digits, _ := model.ParseDTMF(strings.Join(cmd.args, ""))
			return a.send(a.opDTMF(c, digits))
		case "record":
			return a.send(a.opRecord(c, act))
		case "transfer":
			if arg != "" {
				return a.send(a.opBlindTransfer(c, normalised(arg)))
			}
			if partner := a.joinPartner(c); partner != nil {
				return a.send(a.opJoin(c, *partner, opPlain))
			}
			return a.status.set(statusInfo, "transfer: join needs exactly one other answered call; or give a destination", infoTTL)
		}
		return nil
	})
}

// copyID puts the selected call's id (or session id) on the clipboard
// through the terminal (OSC 52).
func (a *App) copyID(session bool) tea.Cmd {
	row, ok := a.selected()
	if !ok {
		return a.status.set(statusInfo, "copy: no call selected", infoTTL)
	}
	id, what := row.Call.ID, "call id"
	if session {
		id, what = row.Call.SessionID, "session id"
	}
	return tea.Batch(tea.SetClipboard(id), a.status.set(statusSuccess, "copied the "+what+" of "+row.Call.Remote.Display(), successTTL))
}

// handleClick selects the row under the mouse.
func (a *App) handleClick(msg tea.MouseClickMsg) tea.Cmd {
	if !a.opts.Mouse || a.prompt != nil || a.showHelp || msg.Button != tea.MouseLeft {
		return nil
	}
	l := a.layout()
	i := msg.Y - l.listTop
	if a.screen == screenHistory {
		if i < l.listRows { // not the status or help line under the records
			a.history.click(i)
		}
		return nil
	}
	if i < 0 || i >= l.listRows || msg.X >= l.listWidth {
		return nil
	}
	if idx := a.offset + i; idx < a.board.VisibleLen() {
		a.board.Select(a.board.VisibleRow(idx).Call.ID)
	}
	return nil
}

func (a *App) handleWheel(msg tea.MouseWheelMsg) tea.Cmd {
	if !a.opts.Mouse || a.prompt != nil || a.showHelp {
		return nil
	}
	delta := 1
	if msg.Button == tea.MouseWheelUp {
		delta = -1
	}
	if a.screen == screenHistory {
		a.history.move(delta)
		return nil
	}
	a.board.Move(delta)
	return nil
}

func (a *App) toggleScreen() tea.Cmd {
	if a.screen == screenHistory {
		a.screen = screenCalls
		return nil
	}
	a.screen = screenHistory
	a.missed = 0
	return a.fetchHistory()
}
