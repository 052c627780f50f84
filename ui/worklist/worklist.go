// Package worklist is the call-back worklist pane: the missed callers and
// the numbers flagged for a call back, oldest first, read from the journal.
// Enter claims the selected one and calls it back; a call-back that reaches
// the caller closes by itself (the journal sees the answered call), and a
// key marks one done by hand. In a team sharing one journal, a claim by one
// console shows on the others as soon as the journal says so, and nobody
// can call back or close what someone else has claimed.
package worklist

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/callboard/callboard/desk"
	"github.com/callboard/callboard/internal/textsafe"
	"github.com/callboard/callboard/journal"
	"github.com/callboard/callboard/model"
	"github.com/callboard/callboard/ui/pane"
	"github.com/callboard/callboard/ui/prompt"
	"github.com/callboard/callboard/ui/theme"
)

// timeout bounds one query or write of the pane.
const timeout = 10 * time.Second

// KeyMap is the pane's keys, while it has the focus.
type KeyMap struct {
	Up, Down key.Binding
	CallBack key.Binding // claim the call-back and dial the number
	Claim    key.Binding // claim it, or give a claim back
	Done     key.Binding // mark it done
	Add      key.Binding // put a number on the list
}

// DefaultKeyMap is the pane's keys.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		CallBack: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "call back")),
		Claim:    key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "claim")),
		Done:     key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "done")),
		Add:      key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "add a number")),
	}
}

// Pane is the worklist.
type Pane struct {
	ctx      context.Context
	store    journal.Store
	operator string
	host     pane.Host
	keys     KeyMap

	items   []journal.Callback
	cursor  int
	scroll  theme.Scroll
	loaded  bool
	loading bool
	dirty   bool // a change came while loading: load again
	gen     uint64
	problem string
	width   int
	height  int
}

// The pane's own messages.
type (
	loadedMsg struct {
		gen   uint64
		items []journal.Callback
		err   error
	}
	claimedMsg struct {
		cb      journal.Callback
		release bool
		dial    bool
		err     error
	}
	doneMsg struct {
		cb  journal.Callback
		err error
	}
	addedMsg struct {
		cb  journal.Callback
		err error
	}
)

// New returns the pane on store for operator (the name claims carry);
// ctx bounds its work.
func New(ctx context.Context, store journal.Store, operator string) pane.New {
	return func(h pane.Host) pane.Pane {
		return &Pane{ctx: ctx, store: store, operator: operator, host: h, keys: DefaultKeyMap()}
	}
}

// Name is the pane's title.
func (p *Pane) Name() string { return "call-backs" }

// Init loads the list.
func (p *Pane) Init() tea.Cmd { return p.load() }

// load reads the list off the loop; a load asked for while one runs
// follows it.
func (p *Pane) load() tea.Cmd {
	if p.loading {
		p.dirty = true
		return nil
	}
	p.loading, p.dirty = true, false
	p.gen++
	gen, ctx, store := p.gen, p.ctx, p.store
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		items, err := store.Worklist(ctx, journal.WorklistFilter{Limit: journal.MaxPageSize})
		return loadedMsg{gen: gen, items: items, err: err}
	}
}

// Update takes the pane's replies, the journal's changes and, with the
// focus, the keys.
func (p *Pane) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case journal.Change:
		switch msg.Kind {
		case journal.ChangeCallback, journal.ChangeResync, journal.ChangeRemoved:
			return p.load()
		}
	case loadedMsg:
		if msg.gen != p.gen {
			return nil
		}
		p.loading = false
		if msg.err != nil {
			p.problem = "could not read the worklist: " + textsafe.ErrorLine(msg.err)
		} else {
			p.setItems(msg.items)
		}
		if p.dirty {
			return p.load()
		}
	case claimedMsg:
		return tea.Batch(p.claimed(msg), p.load())
	case doneMsg:
		return tea.Batch(p.done(msg), p.load())
	case addedMsg:
		if msg.err != nil {
			return p.host.Say(desk.Problem, "not added to the worklist: "+textsafe.ErrorLine(msg.err))
		}
		return tea.Batch(p.host.Say(desk.Success, "on the call-back worklist: "+who(msg.cb)), p.load())
	case tea.KeyPressMsg:
		return p.key(msg)
	}
	return nil
}

// setItems shows a new list, keeping the cursor on the call-back it was on.
func (p *Pane) setItems(items []journal.Callback) {
	var current int64
	if cb, ok := p.selected(); ok {
		current = cb.ID
	}
	p.items, p.loaded, p.problem = items, true, ""
	p.cursor = max(0, min(p.cursor, len(items)-1))
	for i, cb := range items {
		if cb.ID == current {
			p.cursor = i
		}
	}
}

// selected is the call-back under the cursor.
func (p *Pane) selected() (journal.Callback, bool) {
	if p.cursor < 0 || p.cursor >= len(p.items) {
		return journal.Callback{}, false
	}
	return p.items[p.cursor], true
}

// SelectedCaller names the caller of the selected call-back: with the
// pane focused, a note or a message is about them.
func (p *Pane) SelectedCaller() (name, number string, ok bool) {
	cb, ok := p.selected()
	return cb.Name, cb.Number, ok
}

// key acts on a key while the pane has the focus.
func (p *Pane) key(msg tea.KeyPressMsg) tea.Cmd {
	k := p.keys
	switch {
	case key.Matches(msg, k.Up):
		p.cursor = max(0, p.cursor-1)
		return nil
	case key.Matches(msg, k.Down):
		p.cursor = max(0, min(p.cursor+1, len(p.items)-1))
		return nil
	case key.Matches(msg, k.Add):
		return p.host.Ask(prompt.Spec{
			Title: "put on the call-back worklist", Hint: "a number to call back, then : and why",
			Validate: func(text string) string {
				number, _, _ := strings.Cut(text, ":")
				if journal.NormalizeNumber(number) == "" {
					return "give a number to call back"
				}
				return ""
			},
			Submit: p.add,
		})
	}
	if msg.IsRepeat {
		return nil
	}
	cb, ok := p.selected()
	if !ok {
		return nil
	}
	switch {
	case key.Matches(msg, k.CallBack):
		if mine := cb.ClaimedBy == p.operator; cb.ClaimedBy != "" && !mine {
			return p.host.Say(desk.Problem, who(cb)+" is claimed by "+textsafe.Line(cb.ClaimedBy)+" since "+clock(cb.Claimed)+": they call back")
		}
		return p.claim(cb, false, true)
	case key.Matches(msg, k.Claim):
		switch cb.ClaimedBy {
		case "":
			return p.claim(cb, false, false)
		case p.operator:
			return p.claim(cb, true, false)
		}
		return p.host.Say(desk.Problem, who(cb)+" is claimed by "+textsafe.Line(cb.ClaimedBy)+" since "+clock(cb.Claimed))
	case key.Matches(msg, k.Done):
		ctx, store, operator := p.ctx, p.store, p.operator
		return func() tea.Msg {
			ctx, cancel := context.WithTimeout(ctx, timeout)
			defer cancel()
			return doneMsg{cb: cb, err: store.Done(ctx, cb.ID, operator)}
		}
	}
	return nil
}

// claim claims (or releases) a call-back off the loop; dial says to call
// it back once claimed.
func (p *Pane) claim(cb journal.Callback, release, dial bool) tea.Cmd {
	ctx, store, operator := p.ctx, p.store, p.operator
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		var err error
		if release {
			err = store.Release(ctx, cb.ID, operator)
		} else {
			err = store.Claim(ctx, cb.ID, operator)
		}
		return claimedMsg{cb: cb, release: release, dial: dial, err: err}
	}
}

// claimed says how a claim went and, for a call back, dials.
func (p *Pane) claimed(m claimedMsg) tea.Cmd {
	var claimedBy *journal.ClaimedError
	switch {
	case errors.As(m.err, &claimedBy):
		return p.host.Say(desk.Problem, who(m.cb)+" was claimed by "+textsafe.Line(claimedBy.By)+" since "+clock(claimedBy.Since)+": they call back")
	case errors.Is(m.err, journal.ErrDone), errors.Is(m.err, journal.ErrNotFound):
		return p.host.Say(desk.Info, who(m.cb)+" is already done")
	case m.err != nil:
		return p.host.Say(desk.Problem, "claim "+who(m.cb)+": "+textsafe.ErrorLine(m.err))
	case m.release:
		return p.host.Say(desk.Info, "gave back "+who(m.cb))
	case !m.dial:
		return p.host.Say(desk.Success, "claimed "+who(m.cb)+": the others see it is yours")
	}
	v, _ := desk.VerbOf(model.ActionDial)
	args, problem := v.Arg.Parse(m.cb.Number)
	if problem != "" {
		return p.host.Say(desk.Problem, "call back "+who(m.cb)+": "+problem)
	}
	return p.host.Step(desk.Intent{Actions: []model.Action{model.ActionDial}, Args: args})
}

// done says how marking a call-back done went.
func (p *Pane) done(m doneMsg) tea.Cmd {
	var claimedBy *journal.ClaimedError
	switch {
	case errors.As(m.err, &claimedBy):
		return p.host.Say(desk.Problem, who(m.cb)+" is claimed by "+textsafe.Line(claimedBy.By)+": only they can mark it done")
	case errors.Is(m.err, journal.ErrDone), errors.Is(m.err, journal.ErrNotFound):
		return p.host.Say(desk.Info, who(m.cb)+" was already done")
	case m.err != nil:
		return p.host.Say(desk.Problem, "done "+who(m.cb)+": "+textsafe.ErrorLine(m.err))
	}
	return p.host.Say(desk.Success, "call-back done: "+who(m.cb))
}

// add puts "number: why" on the list.
func (p *Pane) add(text string) tea.Cmd {
	number, note, _ := strings.Cut(text, ":")
	ctx, store := p.ctx, p.store
	cb := journal.Callback{Number: strings.TrimSpace(number), Note: strings.TrimSpace(note)}
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		out, err := store.FlagCallback(ctx, cb)
		return addedMsg{cb: out, err: err}
	}
}

// Help lists the keys that can act now.
func (p *Pane) Help() []key.Binding {
	k := p.keys
	cb, ok := p.selected()
	for _, b := range []*key.Binding{&k.CallBack, &k.Claim, &k.Done} {
		b.SetEnabled(ok)
	}
	if ok && cb.ClaimedBy == p.operator {
		k.Claim.SetHelp("c", "give back")
	}
	many := len(p.items) > 1
	k.Up.SetEnabled(many)
	k.Down.SetEnabled(many)
	return []key.Binding{k.CallBack, k.Claim, k.Done, k.Add, k.Up, k.Down}
}

// Summary counts the call-backs to make.
func (p *Pane) Summary() string {
	if len(p.items) == 0 {
		return ""
	}
	return strconv.Itoa(len(p.items)) + " to call back"
}

// SetSize gives the pane its room.
func (p *Pane) SetSize(width, height int) { p.width, p.height = width, height }

// View draws the list: who, why, since when, who claimed it.
func (p *Pane) View(now time.Time, focused bool) string {
	st := p.host.Styles()
	title := "─ call-backs "
	if n := len(p.items); n > 0 {
		title += "(" + strconv.Itoa(n) + ") "
	}
	lines := []string{st.Section.Render(theme.Truncate(title+strings.Repeat("─", max(p.width-theme.Width(title), 0)), p.width, ""))}
	rows := p.height - 1
	switch {
	case p.problem != "":
		lines = append(lines, st.Error.Render(theme.Truncate(" "+p.problem, p.width, "…")))
	case !p.loaded:
		lines = append(lines, st.Dim.Render(" reading the worklist…"))
	case len(p.items) == 0:
		lines = append(lines, st.Dim.Render(" no call-backs to make"))
	default:
		// Two lines per call-back: who and who has it, then the number,
		// why and since when.
		shown := max(rows/2, 1)
		p.scroll.Follow(p.cursor, shown, len(p.items))
		for i := p.scroll.Offset; i < len(p.items) && i < p.scroll.Offset+shown; i++ {
			head, detail := p.row(p.items[i], now)
			head = theme.Truncate(head, p.width-2, "…")
			if focused && i == p.cursor {
				lines = append(lines, st.Selected.Render(theme.PadRight("› "+head, p.width)))
			} else {
				lines = append(lines, "  "+head)
			}
			lines = append(lines, st.Dim.Render("  "+theme.Truncate(detail, p.width-2, "…")))
		}
	}
	return strings.Join(theme.FitTo(lines, p.height), "\n")
}

// row is one call-back as the list shows it: who and who has claimed it;
// the number, why, since when and the note.
func (p *Pane) row(cb journal.Callback, now time.Time) (head, detail string) {
	head = who(cb)
	switch cb.ClaimedBy {
	case "":
	case p.operator:
		head += " · claimed by you"
	default:
		head += " · claimed by " + textsafe.Line(cb.ClaimedBy)
	}
	why := string(cb.Reason)
	if cb.Calls > 1 {
		why += " ×" + strconv.Itoa(cb.Calls)
	}
	parts := []string{textsafe.Line(cb.Number), why + " " + when(cb.Last, now)}
	if cb.Note != "" {
		parts = append(parts, textsafe.Clip(textsafe.Line(cb.Note), 40))
	}
	return head, strings.Join(parts, " · ")
}

// who names a call-back's caller.
func who(cb journal.Callback) string {
	if cb.Name != "" {
		return textsafe.Line(cb.Name)
	}
	return textsafe.Line(cb.Number)
}

// when shows a time compactly: the clock today, the day before.
func when(t, now time.Time) string {
	lt, ln := t.Local(), now.Local()
	if lt.Year() == ln.Year() && lt.YearDay() == ln.YearDay() {
		return lt.Format("15:04")
	}
	return lt.Format("Mon 2 Jan 15:04")
}

// clock is a time of day.
func clock(t time.Time) string { return t.Local().Format("15:04") }
