package ui

import (
	"context"
	"errors"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/callboard/callboard/internal/convert"
	"github.com/callboard/callboard/keymap"
	"github.com/callboard/callboard/model"
	"github.com/callboard/callboard/webex"
)

// screen is what the main area shows.
type screen int

const (
	screenCalls screen = iota
	screenHistory
)

// consultation is a consultative transfer in progress: the caller on hold
// (original) and the call to the consult party (leg, known once the dial
// returns).
type consultation struct {
	original, leg string
	legSeen       bool // the leg has been on the board (a poll listed it)
	dest          string
	caller        string // the original caller's name, for messages
}

// parkedCall is a call the operator parked, kept so P retrieves it.
type parkedCall struct {
	against model.Party // where it is parked: its number retrieves it
	caller  string      // who was parked
	at      time.Time
}

// maxRecent bounds the remembered destinations offered in prompts.
const maxRecent = 20

// App is the root model of the console.
type App struct {
	ctx    context.Context
	opts   Options
	keys   keymap.KeyMap
	styles Styles

	width, height int
	screen        screen
	showHelp      bool
	prompt        *prompt
	status        statusLine

	board         *model.Board
	poll          poller
	me            *webex.Person
	history       historyView
	consult       *consultation
	parked        []parkedCall
	recent        []string
	pendingSelect pendingSelection // a call created by an action: select it when it appears
	offset        int              // the first call-list row on screen
	authFailed    bool             // Webex refused the credentials: say how to sign in
	// outcomes say why a call left the line when the operator's action made it
	// leave ("parked", "transferred"): an ended row then reads that, not "ended".
	outcomes map[string]string
	// transfers are blind transfers waiting for the destination to answer,
	// by the transferred call's id.
	transfers map[string]transferring
	// inflight holds the operations sent and not yet answered (or waiting to
	// be resent after a 429), so none is ever sent twice.
	inflight map[string]bool
	// resendGen identifies the resends scheduled after a 429; esc cancels
	// them by moving it on. resending counts those not yet due.
	resendGen uint64
	resending int
	// ringing holds the visible indices of the rows ringing in, refreshed
	// when the board changes, so the heading can say how many ring off
	// screen without walking every row on every frame.
	ringing []int
	// missed counts incoming calls that stopped ringing unanswered since the
	// operator last looked at the history.
	missed int
}

// pendingSelection is a call an action created (a dial, a pickup...). The
// new call takes the selection when it first appears, but only if the
// operator has not moved the selection meanwhile, and only for a few polls:
// a selection that jumps later would send the next key to the wrong call.
type pendingSelection struct {
	id    string // the new call
	from  string // the selection when the operator acted
	polls int    // polls seen without the new call
}

// pendingPolls is how many polls a pending selection waits for its call.
const pendingPolls = 3

// transferring is a blind ("mute") transfer in progress: Webex completes it
// when the destination answers the new leg.
type transferring struct {
	leg, dest string
}

// New builds the console. ctx bounds every request it sends; cancelling it
// stops them (quitting never touches a call).
func New(ctx context.Context, opts Options) *App {
	opts.setDefaults()
	dark := opts.Theme != ThemeLight
	return &App{
		ctx:    ctx,
		opts:   opts,
		keys:   opts.Keys,
		styles: NewStyles(dark),
		board: model.NewBoard(model.BoardOptions{
			HoldLimit:         opts.HoldLimit,
			AutoSelectRinging: opts.SelectRinging,
		}),
		poll:      poller{fast: opts.PollFast, idle: opts.PollIdle, maxBackoff: opts.MaxBackoff},
		history:   newHistoryView(),
		outcomes:  make(map[string]string),
		transfers: make(map[string]transferring),
		inflight:  make(map[string]bool),
	}
}

func (a *App) now() time.Time { return a.opts.Now() }

// Init starts polling, asks who is signed in, and starts the clock.
func (a *App) Init() tea.Cmd {
	cmds := []tea.Cmd{a.pollNow(), a.fetchMe(), tick()}
	if a.opts.Theme == ThemeAuto {
		cmds = append(cmds, tea.RequestBackgroundColor)
	}
	if len(a.opts.Warnings) > 0 {
		cmds = append(cmds, a.status.set(statusError, "config: "+a.opts.Warnings[0], errorTTL))
	}
	return tea.Batch(cmds...)
}

// tick fires once a second, aligned to the second so every duration on
// screen turns over together.
func tick() tea.Cmd {
	return tea.Every(time.Second, func(t time.Time) tea.Msg { return tickMsg(t) })
}

// Update is thin: size, then keys and mouse, then app messages, then the
// focused child.
func (a *App) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	var cmd tea.Cmd
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		a.width, a.height = msg.Width, msg.Height
		if a.prompt != nil {
			a.prompt.SetWidth(a.width)
		}
	case tea.BackgroundColorMsg:
		if a.opts.Theme == ThemeAuto {
			a.styles = NewStyles(msg.IsDark())
		}
	case tea.KeyPressMsg:
		cmd = a.handleKey(msg)
	case tea.MouseClickMsg:
		cmd = a.handleClick(msg)
	case tea.MouseWheelMsg:
		cmd = a.handleWheel(msg)
	case pollTickMsg:
		if msg.gen == a.poll.gen {
			cmd = a.pollNow()
		}
	case pollMsg:
		cmd = a.handlePoll(msg)
	case tickMsg:
		cmd = tea.Batch(a.handleTick(a.now()), tick())
	case meMsg:
		a.handleMe(msg)
	case historyMsg:
		cmd = a.handleHistory(msg)
	case actionMsg:
		cmd = a.handleAction(msg)
	case retryMsg:
		a.resending--
		if msg.gen == a.resendGen {
			cmd = a.resend(msg.op)
		} else {
			delete(a.inflight, msg.op.key())
		}
	case statusExpiredMsg:
		a.status.expire(msg.id)
	case notifiedMsg:
		a.opts.Logger.Debug("desktop notification failed", "error", msg.err.Error())
	default:
		if a.prompt != nil {
			p, c := a.prompt.Update(msg)
			a.prompt, cmd = &p, c
			if p.kind == promptFilter {
				a.applyFilter(p.value()) // a paste filters at once, like typing
			}
		}
	}
	a.scrollToSelection()
	return a, cmd
}

// pollNow sends a List Calls request at once.
func (a *App) pollNow() tea.Cmd {
	return a.poll.request(a.ctx, a.opts.API, a.opts.LineOwnerID, a.opts.ActionTimeout, a.now())
}

func (a *App) fetchMe() tea.Cmd {
	ctx, api, timeout := a.ctx, a.opts.API, a.opts.ActionTimeout
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		p, err := api.Me(ctx)
		return meMsg{person: p, err: err}
	}
}

func (a *App) handleMe(msg meMsg) {
	if msg.err != nil {
		// Not fatal: the people scope may be missing. The header says less.
		a.opts.Logger.Debug("who am I", "error", msg.err.Error())
		return
	}
	a.me = &msg.person
}

// handlePoll applies a List Calls reply and schedules the next poll.
func (a *App) handlePoll(msg pollMsg) tea.Cmd {
	if a.poll.stale(msg) {
		return nil // a newer reply was applied: this one would move the screen back in time
	}
	a.poll.applied = msg.seq
	a.poll.record(msg)
	now := a.now()
	var cmds []tea.Cmd
	if msg.err != nil {
		a.authFailed = errors.Is(msg.err, webex.ErrUnauthenticated)
		a.opts.Logger.Debug("poll failed", "error", msg.err.Error())
	} else {
		a.authFailed = false
		changes := a.board.Apply(convert.Calls(msg.calls), now)
		a.indexRinging()
		cmds = append(cmds, a.react(changes))
	}
	return tea.Batch(append(cmds, a.poll.schedule(now, a.poll.delay(now, a.active())))...)
}

// active reports whether a call is in a state that changes within seconds.
func (a *App) active() bool {
	for _, r := range a.board.Rows() {
		switch r.Call.Status() {
		case model.StatusRinging, model.StatusRingingYourPhone, model.StatusConnecting:
			return true
		}
	}
	return a.consult != nil
}

// react handles what changed between two polls: alerts, the consult, the
// pending selection.
func (a *App) react(ch model.Changes) tea.Cmd {
	var cmds []tea.Cmd
	if !ch.Empty() {
		a.poll.busy = a.now().Add(busyWindow)
	}
	if len(ch.Arrived) > 0 {
		cmds = append(cmds, a.announce(ch.Arrived))
	}
	for _, id := range ch.HeldTooLong {
		cmds = append(cmds, a.warnHeld(id))
	}
	for _, id := range ch.Recalled {
		if row, ok := a.board.Find(id); ok && row.Call.Recall != nil {
			a.forgetParked(row.Call.Recall.Party.Number)
			cmds = append(cmds, a.status.set(statusInfo, "park recall: "+row.Call.Remote.Display()+" is back from "+row.Call.Recall.Party.Display(), infoTTL))
		}
	}
	a.settleSelection()
	cmds = append(cmds, a.followTransfers(ch.Ended), a.noticeEnds(ch.Ended))
	a.forgetGone()
	cmds = append(cmds, a.followConsult(ch))
	return tea.Batch(cmds...)
}

// announce rings the bell and notifies for newly ringing calls.
func (a *App) announce(ids []string) tea.Cmd {
	var cmds []tea.Cmd
	if a.opts.Bell {
		cmds = append(cmds, tea.Raw("\a"))
	}
	if a.opts.Notify != nil {
		for _, id := range ids {
			row, ok := a.board.Find(id)
			if !ok {
				continue
			}
			title, body := "Incoming call", row.Call.Remote.Display()
			if s := row.Call.Remote.Secondary(); s != "" {
				body += " " + s
			}
			notify, ctx := a.opts.Notify, a.ctx
			cmds = append(cmds, func() tea.Msg {
				if err := notify(ctx, title, body); err != nil {
					return notifiedMsg{err: err}
				}
				return nil
			})
		}
	}
	return tea.Batch(cmds...)
}

func (a *App) warnHeld(id string) tea.Cmd {
	row, ok := a.board.Find(id)
	if !ok {
		return nil
	}
	a.opts.Logger.Debug("held too long", "call", id)
	text := row.Call.Remote.Display() + " has been on hold for " + model.FormatDuration(row.HeldFor(a.now()))
	cmd := a.status.set(statusError, text, errorTTL)
	if a.opts.Bell {
		cmd = tea.Batch(cmd, tea.Raw("\a"))
	}
	return cmd
}

// handleTick updates what time moves: ended rows expire, holds grow long.
func (a *App) handleTick(now time.Time) tea.Cmd {
	if a.board.Expire(now) {
		a.indexRinging()
		a.forgetGone()
	}
	var cmds []tea.Cmd
	for _, id := range a.board.CheckHolds(now) {
		cmds = append(cmds, a.warnHeld(id))
	}
	// A poll overdue by far (a lost tick after suspend, say) is sent now.
	if !a.poll.due.IsZero() && now.Sub(a.poll.due) > a.poll.maxBackoff+a.opts.ActionTimeout {
		a.poll.due = time.Time{}
		cmds = append(cmds, a.pollNow())
	}
	return tea.Batch(cmds...)
}

// settleSelection selects the call an action created once it appears, if
// the operator has not moved the selection since, and gives up after a few
// polls.
func (a *App) settleSelection() {
	p := &a.pendingSelect
	if p.id == "" {
		return
	}
	if _, ok := a.board.Find(p.id); ok {
		if a.board.SelectedID() == p.from || p.from == "" {
			a.board.Select(p.id)
		}
		*p = pendingSelection{}
		return
	}
	if p.polls++; p.polls >= pendingPolls {
		*p = pendingSelection{}
	}
}

// expectCall arranges for the call an operation created to be selected.
func (a *App) expectCall(op operation, id string) {
	a.pendingSelect = pendingSelection{id: id, from: op.selected}
}

// resend sends again an operation Webex refused with 429 (it did not act on
// it), after checking that it still makes sense: its call still there and
// still in a state that allows it, and the consult it belongs to still on.
func (a *App) resend(op operation) tea.Cmd {
	drop := func(text string) tea.Cmd {
		delete(a.inflight, op.key())
		if op.kind == opConsultHold || op.kind == opConsultDial {
			a.consult = nil
		}
		return a.status.set(statusError, op.verb+" not resent: "+text, infoTTL)
	}
	if op.callID != "" {
		row, ok := a.board.Find(op.callID)
		if !ok || row.Ended() {
			return drop(op.subject + ": call already ended")
		}
		if op.act != 0 && !model.Allowed(op.act, &row.Call) {
			return drop(model.Why(op.act, &row.Call))
		}
	}
	if op.kind == opConsultHold || op.kind == opConsultDial {
		if cs := a.consult; cs == nil || (cs.original != op.callID && cs.original != op.other) {
			return drop("the consult is over")
		}
	}
	op.attempt++
	return a.send(op)
}

// cancelResends drops the resends waiting out a 429.
func (a *App) cancelResends() tea.Cmd {
	a.resendGen++
	return a.status.set(statusInfo, "resend cancelled: nothing more will be sent", infoTTL)
}

// handleAction handles an action's reply: a message, follow-up steps, and
// an immediate poll so the list shows the result.
func (a *App) handleAction(msg actionMsg) tea.Cmd {
	op := msg.op
	if msg.err != nil {
		text, retry := failure(op, msg.err)
		if retry == 0 {
			delete(a.inflight, op.key())
		}
		a.opts.Logger.Debug("action failed", "verb", op.verb, "error", msg.err.Error())
		if errors.Is(msg.err, webex.ErrUnauthenticated) {
			a.authFailed = true
		}
		if retry > 0 {
			// The consult stays on: the resent step carries it on.
			gen := a.resendGen
			a.resending++
			return tea.Batch(a.status.set(statusInfo, text+" (esc cancels)", retry),
				tea.Tick(retry, func(time.Time) tea.Msg { return retryMsg{op: op, gen: gen} }))
		}
		if op.kind == opConsultDial || op.kind == opConsultHold {
			a.consult = nil
		}
		return tea.Batch(a.status.set(statusError, text, errorTTL), a.pollNow())
	}
	delete(a.inflight, op.key())
	a.remember(op.dest)
	if op.outcome != "" {
		a.outcomes[op.callID] = op.outcome
		if op.other != "" && op.kind != opAbortHangup {
			a.outcomes[op.other] = op.outcome
		}
	}
	cmds := []tea.Cmd{a.pollNow()}
	done := op.done
	switch op.kind {
	case opNewCall:
		if n, ok := msg.result.(webex.NewCall); ok {
			a.expectCall(op, n.CallID)
		}
	case opPark:
		if res, ok := msg.result.(webex.ParkResult); ok {
			p := convert.Party(&res.ParkedAgainst)
			a.parked = append(a.parked, parkedCall{against: p, caller: op.subject, at: a.now()})
			done = "parked " + op.subject + " on " + p.Display()
			if p.Number != "" && !strings.Contains(p.Display(), p.Number) {
				done += " " + p.Number
			}
			done += " — P retrieves"
		}
	case opRetrieve:
		if caller := a.parkedCaller(op.dest); caller != "" {
			done = "retrieved " + caller + " from " + orYourLine(op.dest)
		}
		a.forgetParked(op.dest)
		if n, ok := msg.result.(webex.NewCall); ok {
			a.expectCall(op, n.CallID)
		}
	case opConsultHold:
		if a.consult != nil {
			if orig, ok := a.board.Find(op.callID); ok {
				cmds = append(cmds, a.send(a.opConsultDial(orig.Call, op.dest)))
				return tea.Batch(cmds...)
			}
			a.consult = nil
		}
	case opConsultDial:
		if n, ok := msg.result.(webex.NewCall); ok && a.consult != nil {
			a.consult.leg = n.CallID
			a.expectCall(op, n.CallID)
		}
	case opConsultDone:
		a.consult = nil
	case opAbortHangup:
		a.consult = nil
		if orig, ok := a.board.Find(op.other); ok && model.Allowed(model.ActionResume, &orig.Call) {
			cmds = append(cmds, a.send(a.opResume(orig.Call)))
			return tea.Batch(cmds...)
		}
	}
	if n, ok := msg.result.(*webex.NewCall); ok && n != nil {
		// A blind transfer: the caller waits on hold until the destination answers.
		a.transfers[op.callID] = transferring{leg: n.CallID, dest: op.dest}
	}
	cmds = append(cmds, a.status.set(statusSuccess, done, successTTL))
	return tea.Batch(cmds...)
}

// followConsult ends the consult when one of its calls is gone.
// The consult itself is forgotten only when its calls leave the board: a
// call missing from one flaky poll comes back, and so does its consult.
func (a *App) followConsult(ch model.Changes) tea.Cmd {
	c := a.consult
	if c == nil {
		return nil
	}
	for _, id := range ch.Ended {
		switch id {
		case c.original:
			return a.status.set(statusInfo, "consult over: "+c.caller+" hung up", infoTTL)
		case c.leg:
			return a.status.set(statusInfo, "consult over: "+c.dest+" hung up; "+c.caller+" is still on hold", infoTTL)
		}
	}
	return nil
}

// liveConsult returns the consult in progress, or nil when there is none or
// one of its calls has ended.
func (a *App) liveConsult() *consultation {
	c := a.consult
	if c == nil {
		return nil
	}
	if row, ok := a.board.Find(c.original); !ok || row.Ended() {
		return nil
	}
	if row, ok := a.board.Find(c.leg); ok && row.Ended() {
		return nil
	}
	return c
}

// indexRinging records which visible rows ring in.
func (a *App) indexRinging() {
	a.ringing = a.ringing[:0]
	for i := range a.board.VisibleLen() {
		if r := a.board.VisibleRow(i); r.Call.Ringing() && !r.Ended() {
			a.ringing = append(a.ringing, i)
		}
	}
}

// hasResends reports whether an action waits to be resent after a 429.
func (a *App) hasResends() bool { return a.resending > 0 }

// noticeEnds tells the operator about calls that ended by themselves: a
// caller who gave up on hold, and incoming calls nobody answered (counted in
// the header until the history is opened).
func (a *App) noticeEnds(ended []string) tea.Cmd {
	var cmd tea.Cmd
	for _, id := range ended {
		if _, byOperator := a.outcomes[id]; byOperator {
			continue
		}
		row, ok := a.board.Find(id)
		if !ok {
			continue
		}
		switch {
		case !row.HeldSince.IsZero():
			cmd = a.status.set(statusError, row.Call.Remote.Display()+" hung up while on hold", errorTTL)
		case row.Call.Incoming() && row.Call.Answered.IsZero():
			a.missed++
		}
	}
	return cmd
}

// followTransfers settles blind transfers whose calls ended in this poll.
// When the destination answers, Webex joins the two and both leave the line.
func (a *App) followTransfers(ended []string) tea.Cmd {
	if len(a.transfers) == 0 || len(ended) == 0 {
		return nil
	}
	gone := make(map[string]bool, len(ended))
	for _, id := range ended {
		gone[id] = true
	}
	var cmd tea.Cmd
	for orig, t := range a.transfers {
		switch {
		case gone[orig] && (gone[t.leg] || a.answered(t.leg)):
			a.outcomes[orig], a.outcomes[t.leg] = "transferred", "transferred"
		case gone[orig]:
			// The caller hung up while the destination rang.
		case gone[t.leg]:
			if row, ok := a.board.Find(orig); ok && !row.Ended() {
				cmd = a.status.set(statusError, "transfer to "+t.dest+" not completed: "+row.Call.Remote.Display()+
					" is still on your line ("+row.Call.Status().Word()+")", errorTTL)
			}
		default:
			continue
		}
		delete(a.transfers, orig)
	}
	return cmd
}

// answered reports whether the call with id is on the board and answered.
func (a *App) answered(id string) bool {
	row, ok := a.board.Find(id)
	return ok && !row.Call.Answered.IsZero()
}

// forgetGone drops what the console remembers about calls no longer on the board.
func (a *App) forgetGone() {
	if c := a.consult; c != nil {
		_, original := a.board.Find(c.original)
		_, leg := a.board.Find(c.leg)
		c.legSeen = c.legSeen || leg
		if !original || (c.legSeen && !leg) {
			a.consult = nil
		}
	}
	for id := range a.outcomes {
		if _, ok := a.board.Find(id); !ok {
			delete(a.outcomes, id)
		}
	}
	for id := range a.transfers {
		if _, ok := a.board.Find(id); !ok {
			delete(a.transfers, id)
		}
	}
}

// remember adds a destination to the recent ones offered in prompts.
func (a *App) remember(dest string) {
	if dest == "" {
		return
	}
	out := []string{dest}
	for _, d := range a.recent {
		if d != dest && len(out) < maxRecent {
			out = append(out, d)
		}
	}
	a.recent = out
}

// parkedCaller names the caller parked on number ("" = the operator's own
// line), when this console parked them.
func (a *App) parkedCaller(number string) string {
	for _, p := range a.parked {
		if p.against.Number == number || (number == "" && a.isMe(p.against)) {
			return p.caller
		}
	}
	return ""
}

func orYourLine(dest string) string {
	if dest == "" {
		return "your line"
	}
	return dest
}

// forgetParked drops the parked entry for number (retrieved or recalled);
// "" is the operator's own line.
func (a *App) forgetParked(number string) {
	for i, p := range a.parked {
		if p.against.Number == number || (number == "" && a.isMe(p.against)) {
			a.parked = append(a.parked[:i], a.parked[i+1:]...)
			return
		}
	}
}

// isMe reports whether p is the signed-in user's own line.
func (a *App) isMe(p model.Party) bool {
	if a.me == nil {
		return false
	}
	if p.PersonID != "" && p.PersonID == a.me.ID {
		return true
	}
	if p.Number != "" && p.Number == a.me.Extension {
		return true
	}
	for _, n := range a.me.PhoneNumbers {
		if p.Number != "" && p.Number == n.Value {
			return true
		}
	}
	return false
}

// scrollToSelection keeps the selected row inside the list's window.
func (a *App) scrollToSelection() {
	rows := a.layout().listRows
	if rows <= 0 {
		return
	}
	n := a.board.VisibleLen()
	sel := a.board.SelectedIndex()
	if sel >= 0 {
		if sel < a.offset {
			a.offset = sel
		}
		if sel >= a.offset+rows {
			a.offset = sel - rows + 1
		}
	}
	a.offset = max(0, min(a.offset, n-rows))
}
