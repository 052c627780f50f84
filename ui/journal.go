package ui

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/callboard/callboard/desk"
	"github.com/callboard/callboard/internal/recorder"
	"github.com/callboard/callboard/internal/textsafe"
	"github.com/callboard/callboard/journal"
	"github.com/callboard/callboard/model"
	"github.com/callboard/callboard/ui/detail"
	"github.com/callboard/callboard/ui/prompt"
	"github.com/callboard/callboard/ui/stats"
	"github.com/callboard/callboard/webex"
)

// Follower follows the line besides the screen (the journal, event hooks,
// the practice's coach).
// The console calls it on its loop after every step of the desk, with the
// step's effects; it must return at once and hand any I/O to a goroutine of
// its own.
type Follower interface {
	Follow(now time.Time, d *desk.Desk, effects []desk.Effect)
}

// Journal connects the console to its journal: notes and messages are
// kept in it, callers remembered from it, the history and the figures read
// from it, and what a restart must not lose read back from it at start.
// Recording the line is a Follower's work (Options.Followers).
type Journal struct {
	Store    journal.Store
	Operator string // the name notes, messages and claims carry
	// Send sends text to the colleague named by to (a name, an extension
	// or an address) as a Webex message and returns who it went to; nil
	// keeps messages in the journal, not sent.
	Send func(ctx context.Context, to, text string) (string, error)
}

// Bounds of the journal's work for the screen.
const (
	// journalTimeout bounds one query or write made for the screen.
	journalTimeout = 10 * time.Second
	// historyFromJournal is how many calls the history screen reads from
	// the journal beside Webex's 20 per type.
	historyFromJournal = 500
	// maxRecalled bounds the callers remembered for the screen.
	maxRecalled = 256
	// sameRecord is how far apart in time a journal call and a Webex
	// history record of the same type and number may be and still be one
	// call: the two clocks, and what each calls the call's time, differ.
	sameRecord = 90 * time.Second
)

// journalUI is the console's side of the journal.
type journalUI struct {
	cfg Journal
	// recalled is what the journal knows of the callers on the list, by
	// normalised number.
	recalled map[string]*recalled
	// The history screen's two sources, merged.
	webexHistory []model.HistoryRecord
	webexErr     error
	fromJournal  []model.HistoryRecord
	historySeq   uint64
	// The figures view.
	stats      stats.Model
	statsShown bool
	statsSeq   uint64
	// cannotSend says why messages are not sent this session (the sign-in
	// lacks the scope), so the console does not ask again and again.
	cannotSend string
}

// recalled is what the journal knows of one caller, before the earliest
// of their calls on the list.
type recalled struct {
	before  time.Time
	mem     journal.CallerMemory
	loaded  bool
	pending bool
}

// The journal's messages. Each is handled by updateJournal.
type (
	journalMsg interface{ journalMsg() }

	restoredMsg struct {
		restore desk.Restore
		err     error
	}
	recallMsg struct {
		key    string
		before time.Time
		mem    journal.CallerMemory
		err    error
	}
	journalHistoryMsg struct {
		seq     uint64
		records []model.HistoryRecord
		err     error
	}
	noteSavedMsg struct {
		who string
		err error
	}
	messageSavedMsg struct {
		msg  journal.Message
		text string
		err  error
	}
	messageSentMsg struct {
		msg    journal.Message
		to     string
		state  journal.MessageState
		reason string
		scope  bool // the sign-in lacks the scope: do not ask again
	}
	statsMsg struct {
		seq     uint64
		periods []stats.Period
		err     error
	}
	flaggedMsg struct {
		cb  journal.Callback
		err error
	}
)

func (restoredMsg) journalMsg()       {}
func (recallMsg) journalMsg()         {}
func (journalHistoryMsg) journalMsg() {}
func (noteSavedMsg) journalMsg()      {}
func (messageSavedMsg) journalMsg()   {}
func (messageSentMsg) journalMsg()    {}
func (statsMsg) journalMsg()          {}
func (flaggedMsg) journalMsg()        {}

// newJournalUI wires the journal into the console; nil without one.
func (a *App) newJournalUI() *journalUI {
	j := a.opts.Journal
	if j == nil || j.Store == nil {
		return nil
	}
	ju := &journalUI{cfg: *j, recalled: map[string]*recalled{}, stats: stats.New(a.styles)}
	a.list.SetRecall(a.rowRecall)
	a.detail.SetRecall(a.detailRecall)
	return ju
}

// JournalChange is a change to the journal, by this console or another
// sharing it. Whoever runs the console forwards the store's Changes to it
// as these messages (Program.Send): the console reloads what it shows,
// and hands each to its side panes as a journal.Change.
type JournalChange struct{ Change journal.Change }

// journalInit reads back what a restart must not lose.
func (a *App) journalInit() tea.Cmd {
	if a.journal == nil {
		return nil
	}
	ctx, store, operator, now := a.ctx, a.journal.cfg.Store, a.journal.cfg.Operator, a.now()
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, journalTimeout)
		defer cancel()
		r, err := recorder.Restore(ctx, store, operator, now)
		return restoredMsg{restore: r, err: err}
	}
}

// journalChange takes a change to the journal, and gives it to the panes.
func (a *App) journalChange(msg JournalChange) tea.Cmd {
	var cmds []tea.Cmd
	if a.journal != nil {
		cmds = append(cmds, a.journalChanged(msg.Change))
	}
	for _, p := range a.panes {
		cmds = append(cmds, p.Update(msg.Change))
	}
	return tea.Batch(cmds...)
}

// updateJournal handles the journal's messages.
func (a *App) updateJournal(msg journalMsg) tea.Cmd {
	j := a.journal
	if j == nil {
		return nil
	}
	switch msg := msg.(type) {
	case restoredMsg:
		if msg.err != nil {
			a.opts.Logger.Warn("journal: restore", "error", msg.err.Error())
			return a.say(desk.Problem, "journal: could not read back the parked and missed calls: "+textsafe.ErrorLine(msg.err))
		}
		return a.step(desk.Restore(msg.restore))
	case recallMsg:
		if e := j.recalled[msg.key]; e != nil && e.before.Equal(msg.before) {
			e.pending = false
			if msg.err != nil {
				a.opts.Logger.Debug("journal: caller", "error", msg.err.Error())
				return nil
			}
			e.mem, e.loaded = msg.mem, true
		}
	case journalHistoryMsg:
		if msg.seq != j.historySeq {
			return nil // an older search
		}
		if msg.err != nil {
			a.opts.Logger.Debug("journal: history", "error", msg.err.Error())
		}
		j.fromJournal = msg.records
		a.showHistory()
	case noteSavedMsg:
		if msg.err != nil {
			return a.say(desk.Problem, "note not saved: "+textsafe.ErrorLine(msg.err))
		}
		return a.say(desk.Success, "note saved on "+msg.who)
	case messageSavedMsg:
		if msg.err != nil {
			return a.say(desk.Problem, "message not saved: "+textsafe.ErrorLine(msg.err))
		}
		return a.sendMessage(msg.msg, msg.text)
	case messageSentMsg:
		if msg.scope {
			j.cannotSend = msg.reason
		}
		switch msg.state {
		case journal.MessageSent:
			return a.say(desk.Success, "message for "+msg.msg.For+" saved and sent to "+textsafe.Line(msg.to))
		case journal.MessageFailed:
			return a.say(desk.Problem, "message for "+msg.msg.For+" saved, not sent: "+msg.reason)
		}
		return a.say(desk.Info, "message for "+msg.msg.For+" saved (not sent: "+msg.reason+")")
	case statsMsg:
		if msg.seq == j.statsSeq {
			j.stats.SetPeriods(msg.periods, msg.err)
		}
	case flaggedMsg:
		if msg.err != nil {
			return a.say(desk.Problem, "call-back not flagged: "+textsafe.ErrorLine(msg.err))
		}
		return a.say(desk.Success, "on the call-back worklist: "+textsafe.Line(firstNonEmpty(msg.cb.Name, msg.cb.Number)))
	}
	return nil
}

// journalChanged forgets what a change made stale and reloads what shows.
func (a *App) journalChanged(c journal.Change) tea.Cmd {
	j := a.journal
	switch c.Kind {
	case journal.ChangeCall, journal.ChangeParked, journal.ChangeMissed:
		// A call's own events do not change what the journal knew of its
		// caller before it.
	case journal.ChangeNote, journal.ChangeMessage, journal.ChangeCallback:
		if c.Number != "" {
			delete(j.recalled, c.Number)
		} else {
			clear(j.recalled)
		}
	default: // contacts, removed, resync
		clear(j.recalled)
	}
	var cmds []tea.Cmd
	if j.statsShown && (c.Kind == journal.ChangeCall || c.Kind == journal.ChangeResync || c.Kind == journal.ChangeRemoved) {
		cmds = append(cmds, a.countStats())
	}
	return tea.Batch(cmds...)
}

// callStart is when a row's call (or its session, for a later leg) began:
// what the journal knew of the caller before then is what the row shows.
func (a *App) callStart(r model.Row) time.Time {
	if s, ok := a.desk.Session(r); ok && !s.Since.IsZero() {
		return s.Since
	}
	if !r.Call.Created.IsZero() {
		return r.Call.Created
	}
	return r.FirstSeen
}

// recallCallers looks up, off the loop, the callers on the list the
// console does not know yet; each number once, as of the earliest of its
// calls on the list.
func (a *App) recallCallers() tea.Cmd {
	j := a.journal
	if j == nil {
		return nil
	}
	b := a.desk.Board()
	want := map[string]time.Time{}
	numbers := map[string]string{}
	for i := range b.Len() {
		r := b.Row(i)
		k := journal.NormalizeNumber(r.Call.Remote.Number)
		if k == "" {
			continue
		}
		start := a.callStart(r)
		if t, ok := want[k]; !ok || start.Before(t) {
			want[k], numbers[k] = start, r.Call.Remote.Number
		}
	}
	if len(j.recalled) > maxRecalled {
		for k := range j.recalled {
			if _, on := want[k]; !on {
				delete(j.recalled, k)
			}
		}
	}
	var cmds []tea.Cmd
	for k, before := range want {
		if e := j.recalled[k]; e != nil && e.before.Equal(before) {
			continue
		}
		j.recalled[k] = &recalled{before: before, pending: true}
		ctx, store, number := a.ctx, j.cfg.Store, numbers[k]
		cmds = append(cmds, func() tea.Msg {
			ctx, cancel := context.WithTimeout(ctx, journalTimeout)
			defer cancel()
			m, err := store.CallerBefore(ctx, number, before)
			return recallMsg{key: k, before: before, mem: m, err: err}
		})
	}
	return tea.Batch(cmds...)
}

// memoryOf is what the journal knows of a row's caller, if looked up.
func (a *App) memoryOf(r model.Row) (journal.CallerMemory, bool) {
	if a.journal == nil {
		return journal.CallerMemory{}, false
	}
	e := a.journal.recalled[journal.NormalizeNumber(r.Call.Remote.Number)]
	if e == nil || !e.loaded {
		return journal.CallerMemory{}, false
	}
	return e.mem, true
}

// rowRecall is what a row of the list shows of its caller's past: the
// contact's name for a number Webex does not name, and when they last
// called, about what.
func (a *App) rowRecall(r model.Row) (name, flag string) {
	m, ok := a.memoryOf(r)
	if !ok {
		return "", ""
	}
	if m.Contact != nil {
		name = textsafe.Clip(textsafe.Line(m.Contact.Name), 40)
	}
	var parts []string
	if m.LastCall != nil {
		text := "↺ " + ago(m.LastCall.Rang, a.shownTime())
		if m.LastNote != nil {
			text += ": " + textsafe.Clip(textsafe.Line(m.LastNote.Text), 24)
		}
		parts = append(parts, text)
	}
	if n := len(m.OpenMessages); n > 0 {
		parts = append(parts, plural(n, "message"))
	}
	if m.Callback != nil {
		parts = append(parts, "call back")
	}
	return name, strings.Join(parts, " · ")
}

// detailRecall is what the detail pane shows of the caller's past.
func (a *App) detailRecall(r model.Row) []detail.Field {
	m, ok := a.memoryOf(r)
	if !ok {
		return nil
	}
	now := a.shownTime()
	var out []detail.Field
	if m.Contact != nil {
		c := textsafe.Line(m.Contact.Name)
		if m.Contact.Org != "" {
			c += ", " + textsafe.Line(m.Contact.Org)
		}
		if len(m.Contact.Numbers) > 0 && m.Contact.Numbers[0].Label != "" {
			c += " (" + textsafe.Line(m.Contact.Numbers[0].Label) + ")"
		}
		out = append(out, detail.Field{Label: "contact", Value: c})
	}
	switch {
	case m.LastCall != nil:
		text := "called " + ago(m.LastCall.Rang, now)
		if m.LastNote != nil {
			text += " about " + textsafe.Clip(textsafe.Line(m.LastNote.Text), 60)
		}
		out = append(out, detail.Field{Label: "journal", Value: text})
		var facts []string
		if how := outcomeWords(*m.LastCall); how != "" {
			facts = append(facts, how)
		}
		facts = append(facts, plural(m.Calls, "call")+" in all")
		if n := m.LastNote; n != nil && n.Author != "" {
			facts = append(facts, "note by "+textsafe.Line(n.Author))
		}
		out = append(out, detail.Field{Label: "last call", Value: strings.Join(facts, " · ")})
	case m.LastNote != nil:
		text := "“" + textsafe.Clip(textsafe.Line(m.LastNote.Text), 80) + "”"
		if m.LastNote.Author != "" {
			text += " — " + textsafe.Line(m.LastNote.Author)
		}
		out = append(out, detail.Field{Label: "note", Value: text + ", " + ago(m.LastNote.Created, now)})
	default:
		out = append(out, detail.Field{Label: "journal", Value: "first call from this number"})
	}
	if len(m.OpenMessages) > 0 {
		msg := m.OpenMessages[0]
		text := "for " + textsafe.Line(msg.For) + " (" + string(msg.State) + ")"
		if len(m.OpenMessages) > 1 {
			text = plural(len(m.OpenMessages), "open message") + ", newest " + text
		}
		out = append(out, detail.Field{Label: "messages", Value: text})
	}
	if cb := m.Callback; cb != nil {
		text := string(cb.Reason)
		if cb.Calls > 1 {
			text += " ×" + strconv.Itoa(cb.Calls)
		}
		text += " since " + ago(cb.Created, now)
		if cb.ClaimedBy != "" {
			text += " · claimed by " + textsafe.Line(cb.ClaimedBy)
		}
		out = append(out, detail.Field{Label: "call back", Value: text})
	}
	return out
}

// outcomeWords says how a remembered call ended.
func outcomeWords(c journal.Call) string {
	switch c.Outcome {
	case "":
		return ""
	case journal.OutcomeAnswered:
		return "answered"
	case journal.OutcomeParked, journal.OutcomeTransferred, journal.OutcomeDiverted:
		if c.Target != "" {
			return string(c.Outcome) + " to " + textsafe.Clip(textsafe.Line(c.Target), 20)
		}
	}
	return string(c.Outcome)
}

// ago says when t was, seen from now, as an operator would say it.
func ago(t, now time.Time) string {
	d := now.Sub(t)
	lt, ln := t.Local(), now.Local()
	days := int(time.Date(ln.Year(), ln.Month(), ln.Day(), 0, 0, 0, 0, time.UTC).Sub(
		time.Date(lt.Year(), lt.Month(), lt.Day(), 0, 0, 0, 0, time.UTC)) / (24 * time.Hour))
	switch {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return strconv.Itoa(int(d/time.Minute)) + " min ago"
	case days == 0:
		return "today " + lt.Format("15:04")
	case days == 1:
		return "yesterday"
	case days < 14:
		return strconv.Itoa(days) + " days ago"
	case lt.Year() == ln.Year():
		return lt.Format("2 Jan")
	}
	return lt.Format("2 Jan 2006")
}

// plural counts things: "1 call", "3 calls".
func plural(n int, thing string) string {
	if n == 1 {
		return "1 " + thing
	}
	return strconv.Itoa(n) + " " + thing + "s"
}

// firstNonEmpty returns the first non-empty string.
func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

// subject is what a note or message is about: a caller on the list, in the
// history, or on a side pane's list.
type subject struct {
	name, number, callID string
}

// who names the subject for the operator.
func (s subject) who() string { return firstNonEmpty(s.name, s.number, "the caller") }

// subjectPane is a side pane whose selected item is a caller (the
// call-back worklist): with it focused, a note or message is about them.
type subjectPane interface {
	SelectedCaller() (name, number string, ok bool)
}

// subject returns what a note or a message taken now is about.
func (a *App) subject() (subject, bool) {
	if p, ok := a.pane(); ok && a.onPane && a.screen == screenCalls {
		if sp, ok := p.(subjectPane); ok {
			name, number, ok := sp.SelectedCaller()
			return subject{name: name, number: number}, ok
		}
	}
	if a.screen == screenHistory {
		r, ok := a.history.Selected()
		if !ok || (r.Number == "" && r.Name == "") {
			return subject{}, false
		}
		return subject{name: r.Name, number: r.Number}, true
	}
	row, ok := a.desk.Board().Selected()
	if !ok {
		return subject{}, false
	}
	c := row.Call
	name := c.Remote.Name
	if m, ok := a.memoryOf(row); ok && name == "" && m.Contact != nil {
		name = m.Contact.Name
	}
	if c.Remote.Private {
		return subject{name: c.Remote.Display(), callID: c.ID}, true
	}
	return subject{name: name, number: c.Remote.Number, callID: c.ID}, true
}

// journalKey handles the journal's keys: the figures view while it shows,
// then note, message and figures. It reports whether it took the key.
func (a *App) journalKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	j := a.journal
	if j == nil {
		return nil, false
	}
	k := a.keys
	if j.statsShown {
		switch {
		case key.Matches(msg, k.Quit):
			return tea.Quit, true
		case key.Matches(msg, k.Stats), msg.String() == "esc":
			j.statsShown = false
			return nil, true
		case key.Matches(msg, k.Help):
			return nil, false
		}
		return nil, true // the figures show: nothing acts on a call unseen
	}
	switch {
	case key.Matches(msg, k.Stats):
		return a.openStats(), true
	case key.Matches(msg, k.Note):
		if msg.IsRepeat {
			return nil, true
		}
		return a.openNote(), true
	case key.Matches(msg, k.Message):
		if msg.IsRepeat {
			return nil, true
		}
		return a.openMessage(), true
	}
	return nil, false
}

// openNote asks for a note on the subject.
func (a *App) openNote() tea.Cmd {
	s, ok := a.subject()
	if !ok {
		return a.say(desk.Info, "note: select a call, a history entry or a call-back first")
	}
	if s.number == "" && s.callID == "" {
		return a.say(desk.Info, "note: "+s.who()+" has no number to keep a note on")
	}
	return a.openPrompt(prompt.Spec{
		Title: "note on " + s.who(), Hint: "what they called about · enter keeps it in the journal",
		Validate: func(text string) string {
			if text == "" {
				return "type the note"
			}
			return ""
		},
		Footer: "enter saves the note · esc cancels",
		Submit: func(text string) tea.Cmd { return a.saveNote(s, text) },
	})
}

// saveNote writes a note and says so once it is committed.
func (a *App) saveNote(s subject, text string) tea.Cmd {
	ctx, store := a.ctx, a.journal.cfg.Store
	n := journal.Note{CallID: s.callID, Number: s.number, Text: text, Author: a.journal.cfg.Operator, Created: a.now()}
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, journalTimeout)
		defer cancel()
		_, err := store.AddNote(ctx, n)
		return noteSavedMsg{who: s.who(), err: err}
	}
}

// openMessage asks who a message is for, and what to tell them: three
// keys suffice (M, the colleague, enter) for "Jane Roe called".
func (a *App) openMessage() tea.Cmd {
	s, _ := a.subject()
	title := "message for"
	if s.who() != "the caller" {
		title = "message from " + s.who() + " for"
	}
	return a.openPrompt(prompt.Spec{
		Title: title,
		Hint:  "a colleague (name, extension or address), then : and what to tell them; ! at the end marks it urgent",
		Validate: func(text string) string {
			if to, _, _ := parseMessage(text); to == "" {
				return "who is it for?"
			}
			return ""
		},
		Footer: "enter keeps the message and sends it · esc cancels",
		Submit: func(text string) tea.Cmd { return a.takeMessage(s, text) },
	})
}

// parseMessage reads "Priya: wants the invoice resent !" as the colleague,
// the text and whether it is urgent (a final "!").
func parseMessage(line string) (to, text string, urgent bool) {
	line = strings.TrimSpace(line)
	if strings.HasSuffix(line, "!") {
		line, urgent = strings.TrimRight(line, "! "), true
	}
	to, text, _ = strings.Cut(line, ":")
	return strings.TrimSpace(to), strings.TrimSpace(text), urgent
}

// takeMessage keeps a message in the journal, then sends it.
func (a *App) takeMessage(s subject, line string) tea.Cmd {
	to, text, urgent := parseMessage(line)
	m := journal.Message{For: to, CallerName: s.name, Number: s.number, CallID: s.callID, Text: text,
		Urgency: journal.UrgencyNormal, CreatedBy: a.journal.cfg.Operator, Created: a.now()}
	if urgent {
		m.Urgency = journal.UrgencyUrgent
	}
	if m.Text == "" && m.Number == "" && m.CallID == "" {
		m.Text = "please call back"
	}
	body := messageText(m, s)
	ctx, store := a.ctx, a.journal.cfg.Store
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, journalTimeout)
		defer cancel()
		saved, err := store.TakeMessage(ctx, m)
		return messageSavedMsg{msg: saved, text: body, err: err}
	}
}

// messageText is the message as the colleague reads it.
func messageText(m journal.Message, s subject) string {
	var b strings.Builder
	if m.Urgency == journal.UrgencyUrgent {
		b.WriteString("URGENT — ")
	}
	b.WriteString("Message for " + m.For)
	if m.CreatedBy != "" {
		b.WriteString(", taken by " + m.CreatedBy)
	}
	b.WriteString(" at " + m.Created.Local().Format("15:04 Mon 2 Jan") + ": ")
	switch {
	case s.name != "" && s.number != "":
		b.WriteString(s.name + " (" + s.number + ") called")
	case s.name != "" || s.number != "":
		b.WriteString(firstNonEmpty(s.name, s.number) + " called")
	default:
		b.WriteString("a caller rang")
	}
	if m.Text != "" {
		b.WriteString(": " + m.Text)
	}
	text := b.String()
	if len(text) > webex.MaxMessageBytes {
		text = textsafe.Clip(text, webex.MaxMessageBytes/4)
	}
	return text
}

// sendMessage hands a saved message to Webex, when the console can send.
func (a *App) sendMessage(m journal.Message, text string) tea.Cmd {
	j := a.journal
	send, store, ctx := j.cfg.Send, j.cfg.Store, a.ctx
	reason := ""
	switch {
	case send == nil:
		reason = "this console does not send messages"
	case j.cannotSend != "":
		reason = j.cannotSend
	}
	say := a.say(desk.Success, "message for "+m.For+" saved — sending…")
	if reason != "" {
		say = nil
	}
	return tea.Batch(say, func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, journalTimeout)
		defer cancel()
		out := messageSentMsg{msg: m, state: journal.MessageNotSent, reason: reason}
		if reason == "" {
			to, err := send(ctx, m.For, text)
			var scope string
			switch {
			case err == nil:
				out.state, out.to = journal.MessageSent, to
			case errors.As(err, new(*webex.ScopeError)):
				scope, _ = webex.MissingScope(err)
				out.reason, out.scope = "the sign-in lacks "+scope+" (callboard login with it to send)", true
			case errors.Is(err, ErrNoColleague):
				out.reason = textsafe.ErrorLine(err)
			default:
				out.state, out.reason = journal.MessageFailed, textsafe.ErrorLine(err)
			}
		}
		if err := store.SetMessageState(ctx, m.ID, out.state, out.reason); err != nil {
			out.state, out.reason = journal.MessageFailed, fmt.Sprintf("%s; and the journal could not record it: %s", out.reason, textsafe.ErrorLine(err))
		}
		return out
	})
}

// ErrNoColleague is what Journal.Send wraps when to names nobody (or more
// than one person): the message stays in the journal, not sent.
var ErrNoColleague = errors.New("no such colleague")

// openStats shows the figures and counts them.
func (a *App) openStats() tea.Cmd {
	a.journal.statsShown = true
	a.journal.stats.SetLoading()
	return a.countStats()
}

// countStats counts today's and this week's figures off the loop.
func (a *App) countStats() tea.Cmd {
	j := a.journal
	j.statsSeq++
	seq, ctx, store, now := j.statsSeq, a.ctx, j.cfg.Store, a.now()
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, journalTimeout)
		defer cancel()
		var periods []stats.Period
		for _, p := range []struct {
			name string
			week bool
		}{{"today", false}, {"this week", true}} {
			from := stats.PeriodStart(now, p.week)
			st, err := store.Stats(ctx, from, now.Add(time.Second))
			if err != nil {
				return statsMsg{seq: seq, err: err}
			}
			periods = append(periods, stats.Period{Name: p.name, Since: from, Stats: st})
		}
		return statsMsg{seq: seq, periods: periods}
	}
}

// statsShown reports whether the figures view shows.
func (a *App) statsShown() bool { return a.journal != nil && a.journal.statsShown }

// journalHistory reads the history from the journal: the newest calls, or
// those matching the filter (the journal searches every name a number was
// known by).
func (a *App) journalHistory(filter string) tea.Cmd {
	j := a.journal
	if j == nil {
		return nil
	}
	j.historySeq++
	seq, ctx, store := j.historySeq, a.ctx, j.cfg.Store
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, journalTimeout)
		defer cancel()
		page, err := store.Search(ctx, journal.Query{Text: filter, Limit: historyFromJournal})
		if err != nil {
			return journalHistoryMsg{seq: seq, err: err}
		}
		records := make([]model.HistoryRecord, 0, len(page.Calls))
		for _, c := range page.Calls {
			if r, ok := historyRecord(c); ok {
				records = append(records, r)
			}
		}
		return journalHistoryMsg{seq: seq, records: records}
	}
}

// historyRecord is a journal call as the history screen shows it, in
// Webex's terms; a call still live is not history yet.
func historyRecord(c journal.Call) (model.HistoryRecord, bool) {
	r := model.HistoryRecord{Name: c.Party.Name, Number: c.Party.Number, Private: c.Party.Name == "" && c.Party.Number == ""}
	switch {
	case c.Ended.IsZero():
		return r, false
	case c.Direction == journal.DirectionOut:
		r.Type, r.Time = model.HistoryPlaced, c.Rang
	case !c.Answered.IsZero():
		r.Type, r.Time = model.HistoryReceived, c.Answered
	case c.Direction == journal.DirectionIn:
		r.Type, r.Time = model.HistoryMissed, c.Ended
	default:
		return r, false
	}
	return r, true
}

// setWebexHistory takes Webex's history records.
func (a *App) setWebexHistory(records []model.HistoryRecord, err error) {
	if a.journal == nil {
		a.history.SetRecords(records, err)
		return
	}
	a.journal.webexHistory, a.journal.webexErr = records, err
	a.showHistory()
}

// showHistory gives the history screen Webex's records and the journal's,
// one record per call, newest first.
func (a *App) showHistory() {
	j := a.journal
	if j.webexErr != nil && len(j.fromJournal) == 0 {
		a.history.SetRecords(nil, j.webexErr)
		return
	}
	a.history.SetRecords(mergeHistory(j.webexHistory, j.fromJournal), nil)
}

// mergeHistory merges Webex's records with the journal's: a journal call
// that Webex also lists (same type and number, times close) shows once, as
// Webex has it.
func mergeHistory(fromWebex, fromJournal []model.HistoryRecord) []model.HistoryRecord {
	out := append([]model.HistoryRecord(nil), fromWebex...)
	for _, r := range fromJournal {
		key := journal.NormalizeNumber(r.Number)
		dup := false
		for _, w := range fromWebex {
			if w.Type == r.Type && journal.NormalizeNumber(w.Number) == key && absDuration(w.Time.Sub(r.Time)) <= sameRecord {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, r)
		}
	}
	// Newest first; a stable sort keeps Webex's order among equal times.
	sortHistory(out)
	return out
}

// sortHistory sorts records newest first, stably.
func sortHistory(rs []model.HistoryRecord) {
	for i := 1; i < len(rs); i++ {
		for k := i; k > 0 && rs[k].Time.After(rs[k-1].Time); k-- {
			rs[k], rs[k-1] = rs[k-1], rs[k]
		}
	}
}

func absDuration(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}

// flagCallback puts the selected caller on the call-back worklist (the
// :callback command), with an optional note.
func (a *App) flagCallback(note string) tea.Cmd {
	if a.journal == nil {
		return a.say(desk.Info, "callback: there is no journal (see [journal] in the configuration)")
	}
	s, ok := a.subject()
	if !ok || s.number == "" {
		return a.say(desk.Info, "callback: select a call or a history entry with a number")
	}
	ctx, store := a.ctx, a.journal.cfg.Store
	cb := journal.Callback{Number: s.number, Name: s.name, Note: note, CallID: s.callID}
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, journalTimeout)
		defer cancel()
		out, err := store.FlagCallback(ctx, cb)
		return flaggedMsg{cb: out, err: err}
	}
}

// journalHelp is the journal's keys for the full help.
func (a *App) journalHelp() []key.Binding {
	if a.journal == nil {
		return nil
	}
	return []key.Binding{a.keys.Note, a.keys.Message, a.keys.Stats}
}
