// Package parkboard is the console's park board: the operator's park
// places (the call park extensions of their monitoring list, under their
// call park group's name), each free or holding a parked call and for how
// long. The calls come from the desk's memory of what the operator parked,
// kept across restarts; with an administrator's token the board also asks
// each park place for its calls, which shows calls parked by others where
// Webex answers for a park place. With the pane focused, enter (or the
// retrieve key) retrieves the selected place's call and the park key parks
// the selected call there.
package parkboard

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/callboard/callboard/desk"
	"github.com/callboard/callboard/internal/textsafe"
	"github.com/callboard/callboard/keymap"
	"github.com/callboard/callboard/model"
	"github.com/callboard/callboard/office"
	"github.com/callboard/callboard/ui/pane"
	"github.com/callboard/callboard/ui/theme"
	"github.com/callboard/callboard/webex"
)

// API is what the board reads with the operator's token; *webex.Client
// implements it.
type API interface {
	Monitoring(ctx context.Context) (webex.MonitoringList, error)
	CallPark(ctx context.Context) (webex.CallParkSettings, error)
}

// LineAPI reads a park place's calls with an administrator's token.
type LineAPI interface {
	MemberCalls(ctx context.Context, memberID, orgID string) ([]webex.Call, error)
}

// Config is what the board needs.
type Config struct {
	Ctx     context.Context
	API     API
	Lines   LineAPI // nil: only the calls the operator parked show
	Timeout time.Duration
	Keys    keymap.KeyMap
	// Every spaces the requests for park places' calls; default 5 s.
	Every time.Duration
}

// New returns the board's constructor.
func New(cfg Config) pane.New {
	if cfg.Timeout <= 0 {
		cfg.Timeout = 15 * time.Second
	}
	if cfg.Every <= 0 {
		cfg.Every = 5 * time.Second
	}
	return func(h pane.Host) pane.Pane {
		return &Board{cfg: cfg, host: h, budget: office.Budget{Every: cfg.Every, MinAge: 4 * cfg.Every}, others: map[string]other{}}
	}
}

// Board is the park board.
type Board struct {
	cfg  Config
	host pane.Host

	group    string         // the call park group's name
	slots    []office.Entry // the park places
	loaded   bool
	problem  string
	budget   office.Budget
	others   map[string]other // what a park place's own calls show, by place id
	silent   map[string]bool  // places Webex gives no calls for: not asked again
	wakeGen  uint64
	wakeAt   time.Time
	sel      int
	scroll   theme.Scroll
	w, h     int
	lineGone string // why places' calls are not asked (a missing scope)
}

// other is a call parked at a place, as the place's calls show it.
type other struct {
	caller string
	since  time.Time
	asOf   time.Time
}

type (
	slotsMsg struct {
		list  webex.MonitoringList
		park  webex.CallParkSettings
		err   error
		noGrp bool
	}
	placeMsg struct {
		id    string
		calls []webex.Call
		err   error
	}
	wakeMsg   struct{ gen uint64 }
	reloadMsg struct{}
)

// Name implements pane.Pane.
func (b *Board) Name() string { return "park board" }

// Init implements pane.Pane.
func (b *Board) Init() tea.Cmd { return b.fetch() }

func (b *Board) fetch() tea.Cmd {
	ctx, api, timeout := b.cfg.Ctx, b.cfg.API, b.cfg.Timeout
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		list, err := api.Monitoring(ctx)
		if err != nil {
			return slotsMsg{err: err}
		}
		park, perr := api.CallPark(ctx)
		return slotsMsg{list: list, park: park, noGrp: perr != nil}
	}
}

// Update implements pane.Pane.
func (b *Board) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		return b.key(msg)
	case slotsMsg:
		return b.slotsCame(msg)
	case reloadMsg:
		return b.fetch()
	case placeMsg:
		return b.placeCame(msg)
	case wakeMsg:
		if msg.gen == b.wakeGen {
			b.wakeAt = time.Time{}
			return b.schedule()
		}
	}
	return nil
}

func (b *Board) slotsCame(msg slotsMsg) tea.Cmd {
	if msg.err != nil {
		if errors.Is(msg.err, context.Canceled) {
			return nil
		}
		if scope, ok := webex.MissingScope(msg.err); ok {
			b.problem = "the park places need the " + scope + " scope — run `callboard login`"
			return nil
		}
		b.problem = "park places: " + textsafe.Clip(textsafe.ErrorLine(msg.err), 100)
		return b.host.After(30*time.Second, reloadMsg{})
	}
	b.loaded, b.problem = true, ""
	if !msg.noGrp {
		b.group = textsafe.Clip(textsafe.Line(msg.park.GroupName), 60)
	}
	b.slots = b.slots[:0]
	for _, el := range msg.list.Elements {
		if e := office.FromMonitored(el); e.Kind == office.KindPark {
			b.slots = append(b.slots, e)
		}
	}
	b.track()
	return tea.Batch(b.schedule(), b.host.After(10*time.Minute, reloadMsg{}))
}

// schedule asks a park place for its calls when the budget allows.
func (b *Board) schedule() tea.Cmd {
	if b.cfg.Lines == nil || b.lineGone != "" {
		return nil
	}
	now := b.host.Now()
	id, at, ok := b.budget.Next(now)
	if resume := pane.Yield(b.host.Desk().Connection(), now); !at.IsZero() && at.Before(resume) {
		at, ok = resume, false
	}
	if ok && !at.After(now) {
		b.budget.Start(id, now)
		ctx, lines, timeout := b.cfg.Ctx, b.cfg.Lines, b.cfg.Timeout
		return func() tea.Msg {
			ctx, cancel := context.WithTimeout(ctx, timeout)
			defer cancel()
			calls, err := lines.MemberCalls(ctx, id, "")
			return placeMsg{id: id, calls: calls, err: err}
		}
	}
	if at.IsZero() || (!b.wakeAt.IsZero() && !b.wakeAt.After(at)) {
		return nil
	}
	b.wakeGen++
	b.wakeAt = at
	return b.host.After(at.Sub(now), wakeMsg{gen: b.wakeGen})
}

func (b *Board) placeCame(msg placeMsg) tea.Cmd {
	now := b.host.Now()
	if msg.err != nil {
		var limited *webex.RateLimitError
		var apiErr *webex.APIError
		switch scope, missing := webex.MissingScope(msg.err); {
		case errors.Is(msg.err, context.Canceled):
			b.budget.Done(msg.id, now, false)
			return nil
		case missing:
			b.lineGone = scope
			return nil
		case errors.As(msg.err, &limited):
			b.budget.Limited(msg.id, now, limited.RetryAfter)
		case errors.As(msg.err, &apiErr) && apiErr.StatusCode < 500:
			// Webex keeps no calls for this place: only the operator's
			// own memory shows it.
			if b.silent == nil {
				b.silent = map[string]bool{}
			}
			b.silent[msg.id] = true
			b.budget.Done(msg.id, now, false)
			b.track()
		default:
			b.budget.Done(msg.id, now, false)
		}
		return b.schedule()
	}
	b.budget.Done(msg.id, now, true)
	o := other{asOf: now}
	for _, c := range msg.calls {
		if c.State == webex.StateDisconnected {
			continue
		}
		o.caller = textsafe.Clip(textsafe.Line(cmpOr(c.RemoteParty.Name, c.RemoteParty.Number)), 40)
		o.since = c.Created.Time
		break
	}
	b.others[msg.id] = o
	return b.schedule()
}

// track hands the budget the park places Webex gives calls for.
func (b *Board) track() {
	var ids []string
	for _, s := range b.slots {
		if !b.silent[s.ID] {
			ids = append(ids, s.ID)
		}
	}
	b.budget.Track(ids)
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// place is one line of the board.
type place struct {
	number, name string
	parked       *desk.Parked // parked by the operator
	seen         *other       // seen at the place with an administrator's token
}

// places lists the park places, then calls the operator parked elsewhere.
func (b *Board) places() []place {
	var mine []desk.Parked
	if p, ok := b.host.(interface{ Parked() []desk.Parked }); ok {
		mine = p.Parked()
	}
	used := make([]bool, len(mine))
	var out []place
	for _, s := range b.slots {
		pl := place{number: s.Dest(), name: s.Name}
		for i := range mine {
			if !used[i] && (mine[i].At.Number == s.Extension || (s.Number != "" && mine[i].At.Number == s.Number)) {
				used[i], pl.parked = true, &mine[i]
				break
			}
		}
		if o, ok := b.others[s.ID]; ok && o.caller != "" {
			pl.seen = &o
		}
		out = append(out, pl)
	}
	for i := range mine {
		if !used[i] {
			out = append(out, place{number: mine[i].At.Number, name: mine[i].At.Name, parked: &mine[i]})
		}
	}
	return out
}

// key handles a key while the board has the focus.
func (b *Board) key(msg tea.KeyPressMsg) tea.Cmd {
	k := b.cfg.Keys
	pl := b.places()
	switch {
	case key.Matches(msg, k.Up):
		b.sel = max(b.sel-1, 0)
	case key.Matches(msg, k.Down):
		b.sel = min(b.sel+1, max(len(pl)-1, 0))
	case msg.IsRepeat:
	case msg.String() == "enter" || key.Matches(msg, k.Verb("retrieve")):
		if b.sel >= len(pl) || pl[b.sel].number == "" {
			return b.host.Say(desk.Info, "retrieve: select a park place")
		}
		if pl[b.sel].parked == nil && pl[b.sel].seen == nil {
			return b.host.Say(desk.Info, "retrieve: nothing is parked on "+pl[b.sel].name+" as far as callboard knows — nothing sent")
		}
		return b.host.Step(desk.Intent{Actions: []model.Action{model.ActionRetrieve}, Args: desk.Args{Dest: pl[b.sel].number}})
	case key.Matches(msg, k.Verb("park")):
		if b.sel >= len(pl) || pl[b.sel].number == "" {
			return b.host.Say(desk.Info, "park: select a park place")
		}
		call, ok := b.host.Selected()
		if !ok || call.Ended() {
			return b.host.Say(desk.Info, "park: select a call in the list first (w gives the list the keys)")
		}
		return b.host.Step(desk.Intent{Actions: []model.Action{model.ActionPark}, CallID: call.Call.ID,
			Name: call.Call.Remote.Display(), Args: desk.Args{Dest: pl[b.sel].number}})
	}
	return nil
}

// SetSize implements pane.Pane.
func (b *Board) SetSize(w, h int) { b.w, b.h = w, h }

// View implements pane.Pane.
func (b *Board) View(now time.Time, focused bool) string {
	st := b.host.Styles()
	if b.w <= 0 || b.h <= 0 {
		return ""
	}
	title := "PARK BOARD"
	info := ""
	if b.group != "" {
		info = " " + b.group
	}
	// Painted, not laid out by lipgloss: the board is drawn every second.
	in := st.Inline
	lines := []string{ansi.Truncate(in.Section.Apply(title)+in.Dim.Apply(info), b.w, "…")}
	if b.problem != "" {
		lines = append(lines, in.Warn.Apply(ansi.Truncate("⚠ "+b.problem, b.w, "…")))
	}
	pl := b.places()
	b.sel = min(b.sel, max(len(pl)-1, 0))
	rows := max(b.h-len(lines), 0)
	b.scroll.Follow(b.sel, rows, len(pl))
	for i := b.scroll.Offset; i < len(pl) && i < b.scroll.Offset+rows; i++ {
		lines = append(lines, b.line(st, pl[i], now, focused && i == b.sel))
	}
	if len(pl) == 0 && b.problem == "" {
		text := "reading your park places…"
		if b.loaded {
			text = "no park places are monitored for you; p parks on your own line"
		}
		lines = append(lines, in.Dim.Apply(ansi.Truncate(text, b.w, "…")))
	}
	for len(lines) < b.h {
		lines = append(lines, "")
	}
	return strings.Join(lines[:b.h], "\n")
}

func (b *Board) line(st *theme.Styles, p place, now time.Time, selected bool) string {
	what := "free"
	switch {
	case p.parked != nil:
		what = p.parked.Caller + " · " + model.FormatDuration(now.Sub(p.parked.Since)) + " · yours"
	case p.seen != nil:
		what = p.seen.caller + " · " + model.FormatDuration(now.Sub(p.seen.since))
	}
	mark := "  "
	if selected {
		mark = "› "
	}
	line := mark + theme.PadRight(theme.Truncate(p.number, 6, "…"), 6) + " " +
		theme.PadRight(theme.Truncate(p.name, 14, "…"), 14) + " " + what
	line = ansi.Truncate(line, b.w, "…")
	switch {
	case selected:
		return st.Rows.Selected.Apply(theme.PadRight(line, b.w))
	case p.parked != nil || p.seen != nil:
		return st.Inline.Value.Apply(line)
	}
	return st.Inline.Dim.Apply(line)
}

// Help implements pane.Pane.
func (b *Board) Help() []key.Binding {
	k := b.cfg.Keys
	retrieve := k.Verb("retrieve")
	retrieve.SetHelp("enter/"+retrieve.Help().Key, "retrieve from here")
	park := k.Verb("park")
	park.SetHelp(park.Help().Key, "park the selected call here")
	return []key.Binding{retrieve, park, k.Up, k.Down}
}

// Summary implements pane.Pane: how many calls are parked.
func (b *Board) Summary() string {
	n := 0
	for _, p := range b.places() {
		if p.parked != nil || p.seen != nil {
			n++
		}
	}
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n) + " parked"
}
