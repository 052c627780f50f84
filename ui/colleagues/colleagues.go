// Package colleagues is the console's colleagues pane: the people, places
// and lines an administrator set the operator to monitor, plus those the
// operator pinned, each with their status and how old it is; with the pane
// focused, the verb keys take the selected colleague as their destination
// (t transfers the selected call to them, u picks up their ringing call),
// and c camps the selected call on them until they are free.
//
// Statuses come within a request budget (office.Budget): presence from
// People with the operator's own token, and each colleague's line from
// List Calls by Member ID when an administrator's token is configured for
// the office. The pane only runs the requests the budget chooses.
package colleagues

import (
	"context"
	"errors"
	"slices"
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
	"github.com/callboard/callboard/ui/lookup"
	"github.com/callboard/callboard/ui/pane"
	"github.com/callboard/callboard/ui/prompt"
	"github.com/callboard/callboard/ui/theme"
	"github.com/callboard/callboard/webex"
)

// API is what the pane reads with the operator's token; *webex.Client
// implements it.
type API interface {
	Monitoring(ctx context.Context) (webex.MonitoringList, error)
	GetPerson(ctx context.Context, personID string) (webex.Person, error)
}

// LineAPI reads a colleague's line with an administrator's token;
// *webex.Client implements it.
type LineAPI interface {
	MemberCalls(ctx context.Context, memberID, orgID string) ([]webex.Call, error)
}

// Config is what the pane needs.
type Config struct {
	Ctx     context.Context // bounds every request
	API     API
	Lines   LineAPI // nil: no administrator's token, presence only
	Timeout time.Duration
	// Directory finds colleagues to pin (+); nil turns pinning off.
	Directory *office.Directory
	Statuses  *office.Statuses // shared with the directory's matches
	Pins      office.PinStore  // nil: pins last until the console quits
	Keys      keymap.KeyMap
	// Every spaces presence requests (default office.DefaultEvery);
	// LineEvery spaces line requests (default Every).
	Every, LineEvery time.Duration
	SearchGap        time.Duration
}

// New returns the pane's constructor.
func New(cfg Config) pane.New {
	if cfg.Timeout <= 0 {
		cfg.Timeout = 15 * time.Second
	}
	if cfg.Statuses == nil {
		cfg.Statuses = office.NewStatuses()
	}
	if cfg.LineEvery <= 0 {
		cfg.LineEvery = cfg.Every
	}
	return func(h pane.Host) pane.Pane {
		return &Pane{cfg: cfg, host: h,
			presence: office.Budget{Every: cfg.Every, Align: time.Second},
			line:     office.Budget{Every: cfg.LineEvery, Align: time.Second},
		}
	}
}

// row is one colleague on the pane.
type row struct {
	entry             office.Entry
	monitored, pinned bool
}

// kind tells the pane's two budgets apart.
type kind uint8

const (
	kindPresence kind = iota
	kindLine
)

// Pane is the colleagues pane.
type Pane struct {
	cfg  Config
	host pane.Host

	rows       []row
	monitored  []office.Entry
	pins       []office.Entry
	listLoaded bool   // the monitoring list came
	listErr    string // why the monitoring list could not be read

	presence, line         office.Budget
	presenceOff, lineOff   string // why a kind of status is not asked (a missing scope)
	presenceErr, lineErr   string // the last failure, while it lasts
	presenceWake, lineWake wake

	sel           int
	scroll        theme.Scroll
	width, height int
	recent        []string // colleagues acted on lately, newest first
}

// wake is a budget's pending timer.
type wake struct {
	gen uint64
	at  time.Time
}

// Messages of the pane's requests and timers.
type (
	monitoringMsg struct {
		list webex.MonitoringList
		err  error
	}
	pinsMsg struct {
		pins []office.Entry
		err  error
	}
	statusMsg struct {
		kind   kind
		id     string
		person webex.Person
		calls  []webex.Call
		err    error
	}
	wakeMsg struct {
		kind kind
		gen  uint64
	}
	relistMsg  struct{}
	pinSaveMsg struct{ err error }
)

// relistEvery is how often the monitoring list is read again (an
// administrator may change it); relistAfterFailure after a failure.
const (
	relistEvery        = 10 * time.Minute
	relistAfterFailure = 30 * time.Second
)

// Name implements pane.Pane.
func (p *Pane) Name() string { return "colleagues" }

// Init implements pane.Pane: the monitoring list and the pins.
func (p *Pane) Init() tea.Cmd {
	return tea.Batch(p.fetchMonitoring(), p.loadPins())
}

func (p *Pane) fetchMonitoring() tea.Cmd {
	ctx, api, timeout := p.cfg.Ctx, p.cfg.API, p.cfg.Timeout
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		list, err := api.Monitoring(ctx)
		return monitoringMsg{list: list, err: err}
	}
}

func (p *Pane) loadPins() tea.Cmd {
	store := p.cfg.Pins
	if store == nil {
		return nil
	}
	return func() tea.Msg {
		pins, err := store.LoadPins()
		return pinsMsg{pins: pins, err: err}
	}
}

// Update implements pane.Pane.
func (p *Pane) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		return p.key(msg)
	case monitoringMsg:
		return p.monitoringCame(msg)
	case relistMsg:
		return p.fetchMonitoring()
	case pinsMsg:
		if msg.err != nil {
			return p.host.Say(desk.Problem, "pinned colleagues: "+textsafe.ErrorLine(msg.err))
		}
		p.pins = msg.pins
		p.rebuild()
		return p.schedule()
	case pinSaveMsg:
		if msg.err != nil {
			return p.host.Say(desk.Problem, "pinned colleagues not saved: "+textsafe.ErrorLine(msg.err))
		}
	case statusMsg:
		return p.statusCame(msg)
	case wakeMsg:
		w := p.wakeOf(msg.kind)
		if msg.gen != w.gen {
			return nil
		}
		*w = wake{gen: w.gen}
		return p.schedule()
	}
	return nil
}

// monitoringCame takes the monitoring list.
func (p *Pane) monitoringCame(msg monitoringMsg) tea.Cmd {
	if msg.err != nil {
		if errors.Is(msg.err, context.Canceled) {
			return nil
		}
		if scope, ok := webex.MissingScope(msg.err); ok {
			p.listErr = "the monitoring list needs the " + scope + " scope — run `callboard login`"
			return p.schedule() // pins still show; a missing scope does not come back by itself
		}
		p.listErr = "monitoring list: " + textsafe.Clip(textsafe.ErrorLine(msg.err), 120)
		return tea.Batch(p.schedule(), p.host.After(relistAfterFailure, relistMsg{}))
	}
	p.listLoaded, p.listErr = true, ""
	p.monitored = p.monitored[:0]
	for _, el := range msg.list.Elements {
		e := office.FromMonitored(el)
		if e.Kind == office.KindPark {
			continue // the park board shows them
		}
		p.monitored = append(p.monitored, e)
	}
	p.rebuild()
	return tea.Batch(p.schedule(), p.host.After(relistEvery, relistMsg{}))
}

// rebuild makes the rows from the monitoring list and the pins, keeping
// the selection on the same colleague, and tells the budgets.
func (p *Pane) rebuild() {
	selID := ""
	if r, ok := p.selected(); ok {
		selID = r.entry.ID
	}
	p.rows = p.rows[:0]
	seen := map[string]int{}
	for _, e := range p.monitored {
		seen[e.ID] = len(p.rows)
		p.rows = append(p.rows, row{entry: e, monitored: true})
	}
	for _, e := range p.pins {
		if i, ok := seen[e.ID]; ok {
			p.rows[i].pinned = true
			continue
		}
		seen[e.ID] = len(p.rows)
		p.rows = append(p.rows, row{entry: e, pinned: true})
	}
	p.sel = 0
	if i, ok := seen[selID]; ok {
		p.sel = i
	}
	var people, lines []string
	for _, r := range p.rows {
		switch r.entry.Kind {
		case office.KindPerson:
			people = append(people, r.entry.ID)
			lines = append(lines, r.entry.ID)
		case office.KindPlace, office.KindVirtualLine:
			lines = append(lines, r.entry.ID)
		}
	}
	p.presence.Track(people)
	p.line.Track(lines)
	p.prefer()
}

// prefer tells the budgets which rows are on screen and which were acted
// on lately (the desk's recent destinations, and the pane's own).
func (p *Pane) prefer() {
	var shown []string
	first, last := p.window()
	for i := first; i < last; i++ {
		shown = append(shown, p.rows[i].entry.ID)
	}
	recent := slices.Clone(p.recent)
	if r, ok := p.host.(interface{ Recent() []string }); ok {
		dests := r.Recent()
		for _, row := range p.rows {
			if d := row.entry.Dest(); d != "" && slices.Contains(dests, d) {
				recent = append(recent, row.entry.ID)
			}
		}
	}
	p.presence.Prefer(shown, recent)
	p.line.Prefer(shown, recent)
}

// budget returns a kind's budget, or nil when that kind is not asked.
func (p *Pane) budget(k kind) *office.Budget {
	switch {
	case k == kindPresence && p.presenceOff == "":
		return &p.presence
	case k == kindLine && p.cfg.Lines != nil && p.lineOff == "":
		return &p.line
	}
	return nil
}

func (p *Pane) wakeOf(k kind) *wake {
	if k == kindLine {
		return &p.lineWake
	}
	return &p.presenceWake
}

// schedule sends the requests the budgets allow now and sets a timer for
// the next.
func (p *Pane) schedule() tea.Cmd {
	p.prefer()
	var cmds []tea.Cmd
	for _, k := range []kind{kindPresence, kindLine} {
		cmds = append(cmds, p.scheduleKind(k))
	}
	return tea.Batch(cmds...)
}

func (p *Pane) scheduleKind(k kind) tea.Cmd {
	b := p.budget(k)
	if b == nil {
		return nil
	}
	now := p.host.Now()
	id, at, ok := b.Next(now)
	if resume := pane.Yield(p.host.Desk().Connection(), now); !at.IsZero() && at.Before(resume) {
		at, ok = resume, false
	}
	if ok && !at.After(now) {
		b.Start(id, now)
		return p.fetch(k, id)
	}
	if at.IsZero() {
		return nil
	}
	w := p.wakeOf(k)
	if !w.at.IsZero() && !w.at.After(at) {
		return nil // a timer is set already, soon enough
	}
	w.gen++
	w.at = at
	return p.host.After(at.Sub(now), wakeMsg{kind: k, gen: w.gen})
}

// fetch asks for one colleague's status.
func (p *Pane) fetch(k kind, id string) tea.Cmd {
	ctx, timeout := p.cfg.Ctx, p.cfg.Timeout
	if k == kindLine {
		lines := p.cfg.Lines
		return func() tea.Msg {
			ctx, cancel := context.WithTimeout(ctx, timeout)
			defer cancel()
			calls, err := lines.MemberCalls(ctx, id, "")
			return statusMsg{kind: kindLine, id: id, calls: calls, err: err}
		}
	}
	api := p.cfg.API
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		person, err := api.GetPerson(ctx, id)
		return statusMsg{kind: kindPresence, id: id, person: person, err: err}
	}
}

// statusCame takes one colleague's status.
func (p *Pane) statusCame(msg statusMsg) tea.Cmd {
	now := p.host.Now()
	b := &p.presence
	off, last := &p.presenceOff, &p.presenceErr
	if msg.kind == kindLine {
		b, off, last = &p.line, &p.lineOff, &p.lineErr
	}
	if err := msg.err; err != nil {
		var limited *webex.RateLimitError
		switch scope, missing := webex.MissingScope(err); {
		case errors.Is(err, context.Canceled):
			b.Done(msg.id, now, false)
			return nil
		case missing && msg.kind == kindLine:
			*off = "colleagues' lines need an administrator's token with " + scope + " (office.token)"
		case missing:
			*off = "presence needs the " + scope + " scope — run `callboard login`"
		case errors.As(err, &limited):
			b.Limited(msg.id, now, limited.RetryAfter)
			*last = "Webex is rate limiting status requests: one every " + seconds(b.Spacing()) + " for now"
		default:
			b.Done(msg.id, now, false)
			*last = textsafe.Clip(textsafe.ErrorLine(err), 100)
		}
		return p.schedule()
	}
	b.Done(msg.id, now, true)
	*last = ""
	var st office.Status
	if msg.kind == kindLine {
		st = p.cfg.Statuses.SetLine(msg.id, office.LineOf(msg.calls), now)
	} else {
		st = p.cfg.Statuses.SetPresence(msg.id, msg.person.Status, now)
	}
	cmds := []tea.Cmd{p.schedule()}
	if r, ok := p.rowOf(msg.id); ok {
		// The desk transfers the callers camped on them once they are free.
		cmds = append(cmds, p.host.Step(p.colleague(r.entry, st)))
	}
	return tea.Batch(cmds...)
}

// colleague is a row's status as the desk takes it.
func (p *Pane) colleague(e office.Entry, st office.Status) desk.Colleague {
	free, known := st.Free()
	return desk.Colleague{ID: e.ID, Name: e.Name, Dest: e.Dest(), Free: free, Known: known, Word: st.Word(p.host.Now())}
}

func (p *Pane) rowOf(id string) (row, bool) {
	for _, r := range p.rows {
		if r.entry.ID == id {
			return r, true
		}
	}
	return row{}, false
}

func (p *Pane) selected() (row, bool) {
	if p.sel < 0 || p.sel >= len(p.rows) {
		return row{}, false
	}
	return p.rows[p.sel], true
}

// The pane's own keys besides the verb keys.
var (
	campKey  = key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "camp-on: transfer when free"))
	pinKey   = key.NewBinding(key.WithKeys("+"), key.WithHelp("+", "pin a colleague"))
	unpinKey = key.NewBinding(key.WithKeys("-"), key.WithHelp("-", "unpin"))
)

// key handles a key while the pane has the focus.
func (p *Pane) key(msg tea.KeyPressMsg) tea.Cmd {
	k := p.cfg.Keys
	if msg.IsRepeat && !key.Matches(msg, k.Up, k.Down) {
		return nil // a key held down moves, never acts twice
	}
	switch {
	case key.Matches(msg, k.Up):
		p.move(-1)
	case key.Matches(msg, k.Down):
		p.move(1)
	case key.Matches(msg, k.Top):
		p.move(-len(p.rows))
	case key.Matches(msg, k.Bottom):
		p.move(len(p.rows))
	case key.Matches(msg, k.Verb("transfer")):
		return p.onCall(model.ActionTransfer, false)
	case key.Matches(msg, k.Verb("consult")):
		return p.onCall(model.ActionConsult, false)
	case key.Matches(msg, k.Verb("divert")):
		return p.onCall(model.ActionDivert, true)
	case key.Matches(msg, k.Verb("dial")):
		return p.newCall(model.ActionDial)
	case key.Matches(msg, k.Verb("pickup")):
		return p.newCall(model.ActionPickup)
	case key.Matches(msg, k.Verb("barge")):
		return p.newCall(model.ActionBargeIn)
	case key.Matches(msg, campKey):
		return p.campOn()
	case key.Matches(msg, pinKey):
		return p.askPin()
	case key.Matches(msg, unpinKey):
		return p.unpin()
	}
	return nil
}

// move moves the selection.
func (p *Pane) move(by int) {
	if len(p.rows) == 0 {
		return
	}
	p.sel = min(max(p.sel+by, 0), len(p.rows)-1)
	p.scroll.Follow(p.sel, p.listRows(), len(p.rows))
	p.prefer()
}

// target is the selected colleague as a destination, or why there is none.
func (p *Pane) target(verb string) (office.Entry, tea.Cmd, bool) {
	r, ok := p.selected()
	if !ok {
		return office.Entry{}, p.host.Say(desk.Info, verb+": no colleague selected"), false
	}
	if r.entry.Dest() == "" {
		return office.Entry{}, p.host.Say(desk.Problem, verb+": "+r.entry.Name+" has no extension or number — nothing sent"), false
	}
	p.recent = append([]string{r.entry.ID}, slices.DeleteFunc(p.recent, func(id string) bool { return id == r.entry.ID })...)
	if len(p.recent) > 5 {
		p.recent = p.recent[:5]
	}
	return r.entry, nil, true
}

// selectedCall is the call selected in the call list, or why there is
// none.
func (p *Pane) selectedCall(verb string) (model.Row, tea.Cmd, bool) {
	r, ok := p.host.Selected()
	if !ok || r.Ended() {
		return model.Row{}, p.host.Say(desk.Info, verb+": select a call in the list first (w gives the list the keys)"), false
	}
	return r, nil, true
}

// onCall sends the selected call to the selected colleague: a blind
// transfer, a consult, or their voicemail.
func (p *Pane) onCall(act model.Action, voicemail bool) tea.Cmd {
	v, _ := desk.VerbOf(act)
	name := v.Name
	if voicemail {
		name = "voicemail"
	}
	e, why, ok := p.target(name)
	if !ok {
		return why
	}
	call, why, ok := p.selectedCall(name)
	if !ok {
		return why
	}
	args := desk.Args{Dest: e.Dest()}
	if voicemail {
		args.Voicemail = true
		if !call.Call.Ringing() {
			act = model.ActionTransfer // an answered call goes by transfer, which sends it as a divert
		}
	}
	return p.host.Step(desk.Intent{Actions: []model.Action{act}, CallID: call.Call.ID, Name: call.Call.Remote.Display(), Args: args})
}

// newCall dials the colleague, picks up their ringing call or barges in on
// theirs. With their line in view, a pickup or barge-in that cannot work is
// refused before anything is sent.
func (p *Pane) newCall(act model.Action) tea.Cmd {
	v, _ := desk.VerbOf(act)
	e, why, ok := p.target(v.Name)
	if !ok {
		return why
	}
	if st, known := p.cfg.Statuses.Get(e.ID); known && p.cfg.Lines != nil && st.Line.State != office.LineUnknown {
		switch {
		case act == model.ActionPickup && st.Line.State != office.LineRinging:
			return p.host.Say(desk.Info, "pick up: "+e.Name+"'s phone is not ringing ("+st.Word(p.host.Now())+") — nothing sent")
		case act == model.ActionBargeIn && st.Line.State != office.LineTalking && st.Line.State != office.LineHeld:
			return p.host.Say(desk.Info, "barge in: "+e.Name+" is not on a call ("+st.Word(p.host.Now())+") — nothing sent")
		}
	}
	return p.host.Step(desk.Intent{Actions: []model.Action{act}, Args: desk.Args{Dest: e.Dest()}})
}

// campOn camps the selected call on the selected colleague, or cancels the
// camp-on already there.
func (p *Pane) campOn() tea.Cmd {
	e, why, ok := p.target("camp-on")
	if !ok {
		return why
	}
	call, why, ok := p.selectedCall("camp-on")
	if !ok {
		return why
	}
	if c, ok := p.host.(interface{ CampOns() []desk.CampInfo }); ok {
		for _, info := range c.CampOns() {
			if info.CallID == call.Call.ID && info.Colleague.ID == e.ID {
				return p.host.Step(desk.CancelCampOn{CallID: call.Call.ID})
			}
		}
	}
	st, _ := p.cfg.Statuses.Get(e.ID)
	col := p.colleague(e, st)
	if !col.Known {
		reason := "no status has come yet"
		switch {
		case e.Kind != office.KindPerson && p.cfg.Lines == nil:
			reason = "only people have a presence, and lines need an administrator's token"
		case p.presenceOff != "" && p.cfg.Lines == nil:
			reason = p.presenceOff
		}
		return p.host.Say(desk.Problem, "camp-on: callboard cannot tell when "+e.Name+" is free ("+reason+") — nothing sent")
	}
	return p.host.Step(desk.CampOn{CallID: call.Call.ID, Name: call.Call.Remote.Display(), Colleague: col})
}

// askPin opens the directory search; the pick is pinned.
func (p *Pane) askPin() tea.Cmd {
	if p.cfg.Directory == nil {
		return p.host.Say(desk.Info, "pin: there is no directory to search")
	}
	f := lookup.Finder{Dir: p.cfg.Directory, Statuses: p.cfg.Statuses, Now: p.host.Now}
	c := lookup.Clock{Ctx: p.cfg.Ctx, Now: p.host.Now, After: p.host.After, Gap: p.cfg.SearchGap}
	return p.host.Ask(prompt.Spec{
		Title: "pin a colleague to the pane", Hint: "type a name, extension or number",
		Validate: func(s string) string {
			if strings.TrimSpace(s) == "" {
				return "type a name"
			}
			return ""
		},
		Lookup: lookup.ForPick(f, c, func(m prompt.Match) tea.Cmd { return p.pin(m.Key) }),
	})
}

// pin adds a directory entry to the pane and keeps it.
func (p *Pane) pin(id string) tea.Cmd {
	e, ok := p.cfg.Directory.Get(id)
	if !ok {
		return p.host.Say(desk.Problem, "pin: that colleague is no longer in the directory")
	}
	if slices.ContainsFunc(p.pins, func(x office.Entry) bool { return x.ID == id }) {
		return p.host.Say(desk.Info, e.Name+" is pinned already")
	}
	p.pins = append(p.pins, e)
	p.rebuild()
	if i := slices.IndexFunc(p.rows, func(r row) bool { return r.entry.ID == id }); i >= 0 {
		p.sel = i
		p.scroll.Follow(p.sel, p.listRows(), len(p.rows))
	}
	return tea.Batch(p.savePins(), p.schedule(), p.host.Say(desk.Success, "pinned "+e.Label()))
}

// unpin removes the selected pinned colleague.
func (p *Pane) unpin() tea.Cmd {
	r, ok := p.selected()
	if !ok || !r.pinned {
		return p.host.Say(desk.Info, "unpin: select a colleague you pinned (the monitoring list is an administrator's)")
	}
	p.pins = slices.DeleteFunc(p.pins, func(e office.Entry) bool { return e.ID == r.entry.ID })
	p.rebuild()
	return tea.Batch(p.savePins(), p.host.Say(desk.Success, "unpinned "+r.entry.Name))
}

func (p *Pane) savePins() tea.Cmd {
	store := p.cfg.Pins
	if store == nil {
		return nil
	}
	pins := slices.Clone(p.pins)
	return func() tea.Msg { return pinSaveMsg{err: store.SavePins(pins)} }
}

// SetSize implements pane.Pane.
func (p *Pane) SetSize(width, height int) {
	p.width, p.height = width, height
	p.scroll.Follow(p.sel, p.listRows(), len(p.rows))
}

// notes are the lines above the rows, wrapped to the pane: what cannot be
// shown, and why. They take at most half the pane.
func (p *Pane) notes() []string {
	var out []string
	for _, n := range []string{p.listErr, p.presenceOff, p.lineOff, p.presenceErr, p.lineErr} {
		if n != "" && p.width > 0 {
			out = append(out, theme.Wrap("⚠ "+n, p.width)...)
		}
	}
	if limit := max(p.height/2, 1); len(out) > limit {
		out = out[:limit]
	}
	return out
}

// listRows is how many rows fit under the title and the notes.
func (p *Pane) listRows() int { return max(p.height-1-len(p.notes()), 0) }

// window is the rows on screen.
func (p *Pane) window() (first, last int) {
	first = min(p.scroll.Offset, len(p.rows))
	return first, min(first+p.listRows(), len(p.rows))
}

// View implements pane.Pane.
func (p *Pane) View(now time.Time, focused bool) string {
	st := p.host.Styles()
	w := p.width
	if w <= 0 || p.height <= 0 {
		return ""
	}
	lines := []string{p.title(st, w)}
	for _, n := range p.notes() {
		lines = append(lines, st.Warn.Render(ansi.Truncate(n, w, "…")))
	}
	p.scroll.Follow(p.sel, p.listRows(), len(p.rows))
	first, last := p.window()
	for i := first; i < last; i++ {
		lines = append(lines, p.rowLine(st, p.rows[i], now, w, focused && i == p.sel))
	}
	if len(p.rows) == 0 && len(lines) < p.height {
		text := "reading the monitoring list…"
		switch {
		case p.listErr != "" && p.cfg.Directory != nil:
			text = "w, then + pins a colleague from the directory"
		case p.listLoaded:
			text = "no one is monitored · w, then + pins a colleague"
		}
		lines = append(lines, st.Dim.Render(ansi.Truncate(text, w, "…")))
	}
	for len(lines) < p.height {
		lines = append(lines, "")
	}
	return strings.Join(lines[:p.height], "\n")
}

// title is the pane's first line.
func (p *Pane) title(st *theme.Styles, w int) string {
	text := "COLLEAGUES"
	info := strconv.Itoa(len(p.rows))
	if p.presenceOff == "" {
		info += " · presence every " + seconds(p.presence.Spacing())
	}
	if p.cfg.Lines != nil && p.lineOff == "" {
		info += " · lines"
	}
	line := st.Section.Render(text) + st.Dim.Render(" "+info)
	return ansi.Truncate(line, w, "…")
}

// rowLine draws one colleague: a glyph, the name, the extension, the
// status and its age.
func (p *Pane) rowLine(st *theme.Styles, r row, now time.Time, w int, selected bool) string {
	s, known := p.cfg.Statuses.Get(r.entry.ID)
	glyph, word := "○", string(r.entry.Kind)
	if r.entry.Kind == office.KindPerson {
		word = ""
	}
	if known {
		glyph = statusGlyph(s)
		if sw := s.Word(now); sw != "" {
			word = sw
		}
	}
	if word == "" {
		word = "…"
	}
	age := ""
	if at := s.AsOf(); known && !at.IsZero() {
		age = ago(now.Sub(at))
	}
	mark := "  "
	if selected {
		mark = "› "
	}
	pin := " "
	if r.pinned {
		pin = "+"
	}
	nameW := min(20, max(w/3, 10))
	left := mark + glyph + pin + theme.PadRight(theme.Truncate(r.entry.Name, nameW, "…"), nameW) + " " +
		theme.PadRight(theme.Truncate(r.entry.Dest(), 6, "…"), 6) + " "
	room := max(w-ansi.StringWidth(left)-ansi.StringWidth(age)-1, 0)
	line := left + theme.PadRight(theme.Truncate(word, room, "…"), room) + " " + age
	line = ansi.Truncate(line, w, "")
	if selected {
		return st.Selected.Render(theme.PadRight(line, w))
	}
	if free, ok := s.Free(); known && ok && free {
		return st.Online.Render(line)
	}
	return st.Value.Render(line)
}

// statusGlyph reads without colour: ● free, ◉ ringing, ◐ busy, ⊘ do not
// disturb or out of office, ○ away or unknown.
func statusGlyph(s office.Status) string {
	switch s.Line.State {
	case office.LineRinging:
		return "◉"
	case office.LineTalking, office.LineHeld:
		return "◐"
	}
	switch s.Presence {
	case webex.PresenceDoNotDisturb, webex.PresenceOutOfOffice:
		return "⊘"
	case webex.PresenceCall, webex.PresenceMeeting, webex.PresencePresenting:
		return "◐"
	case webex.PresenceActive:
		return "●"
	}
	if s.Line.State == office.LineIdle {
		return "●"
	}
	return "○"
}

// ago shows a status's age: "3 s", "2 m", "1 h".
func ago(d time.Duration) string {
	switch {
	case d < time.Minute:
		return strconv.Itoa(int(max(d, 0)/time.Second)) + " s"
	case d < time.Hour:
		return strconv.Itoa(int(d/time.Minute)) + " m"
	}
	return strconv.Itoa(int(d/time.Hour)) + " h"
}

// seconds shows a spacing: "1 s", "2.5 s".
func seconds(d time.Duration) string {
	return strconv.FormatFloat(d.Seconds(), 'f', -1, 64) + " s"
}

// Help implements pane.Pane: the keys, each enabled when it can act now.
func (p *Pane) Help() []key.Binding {
	k := p.cfg.Keys
	_, hasRow := p.selected()
	call, hasCall := p.host.Selected()
	hasCall = hasCall && !call.Ended()
	bind := func(b key.Binding, desc string, on bool) key.Binding {
		b.SetHelp(b.Help().Key, desc)
		b.SetEnabled(on)
		return b
	}
	canTransfer := hasRow && hasCall && model.Allowed(model.ActionTransfer, &call.Call)
	out := []key.Binding{
		bind(k.Verb("transfer"), "transfer the call to them", canTransfer),
		bind(k.Verb("consult"), "consult them", hasRow && hasCall && model.Allowed(model.ActionConsult, &call.Call)),
		bind(k.Verb("divert"), "caller to their voicemail", hasRow && hasCall && (call.Call.Ringing() || canTransfer)),
		bind(campKey, campKey.Help().Desc, canTransfer),
		bind(k.Verb("dial"), "call them", hasRow),
		bind(k.Verb("pickup"), "pick up their ringing call", hasRow),
		bind(k.Verb("barge"), "barge in on them", hasRow),
		bind(k.Up, "up", len(p.rows) > 0),
		bind(k.Down, "down", len(p.rows) > 0),
		bind(pinKey, pinKey.Help().Desc, p.cfg.Directory != nil),
	}
	if r, ok := p.selected(); ok && r.pinned {
		out = append(out, unpinKey)
	}
	var enabled []key.Binding
	for _, b := range out {
		if b.Enabled() {
			enabled = append(enabled, b)
		}
	}
	return enabled
}

// Summary implements pane.Pane: who is free.
func (p *Pane) Summary() string {
	free := 0
	for _, r := range p.rows {
		if s, ok := p.cfg.Statuses.Get(r.entry.ID); ok {
			if f, known := s.Free(); known && f {
				free++
			}
		}
	}
	if len(p.rows) == 0 {
		return ""
	}
	return strconv.Itoa(free) + " of " + strconv.Itoa(len(p.rows)) + " free"
}
