package prompt

import (
	"context"
	"strconv"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/callboard/callboard/office"
	"github.com/callboard/callboard/ui/theme"
)

// Match is one suggestion listed under the input.
type Match struct {
	Label  string // "Priya Shah"
	Detail string // "103 · +14155550103 · person · San Francisco"
	Status string // presence or line when known: "available"
	Value  string // what picking it puts in the name's place: "103"
	Key    string // the entry's id, for an opener that needs more than Value
}

// Found is the matches for one text.
type Found struct {
	Matches []Match
	Total   int    // how many matched in all; Matches may be fewer
	Note    string // where they come from when it matters: "offline: ..."
	// Settled says asking the source would add nothing: no search goes.
	Settled bool
}

// Finder searches for the prompt.
type Finder interface {
	// Cached answers at once, from memory: it must never wait.
	Cached(text string) Found
	// Search asks the source. ctx ends when the text changes or the prompt
	// closes.
	Search(ctx context.Context, text string) (Found, error)
}

// Lookup lists matches under the input as the operator types a name: the
// cache answers on every keystroke, the source after a debounce (the first
// keystroke after a pause at once), a search superseded by more typing is
// cancelled. ↑/↓ choose a match; enter picks it, putting its Value in the
// name's place before the text is validated and submitted. Text that is not
// a name (digits) never waits for the directory: it is validated and
// submitted exactly as without a lookup.
type Lookup struct {
	Finder Finder
	// Name returns the part of the text to look up ("vm pri" → "pri"); ok
	// is false when the text is not a name. nil looks up the whole text,
	// even empty (a fixed list of choices).
	Name func(text string) (name string, ok bool)
	// Resolve returns the text with the name replaced by a pick's value
	// ("vm pri", "103" → "vm 103"); nil uses the value alone.
	Resolve func(text, value string) string
	// Pick, when set, takes the chosen match instead of Submit.
	Pick func(m Match) tea.Cmd

	Ctx   context.Context                            // bounds every search
	Now   func() time.Time                           // the console's clock
	After func(d time.Duration, msg tea.Msg) tea.Cmd // the console's timers
	Gap   time.Duration                              // debounce; see office.Debounce
}

// LookupMsg is a prompt's own message: a debounced search falling due, or a
// search's answer. The console hands it to the open prompt, which drops
// those of another prompt or of superseded text.
type LookupMsg interface{ lookupMsg() }

// searchDue says the debounce of a text has passed.
type searchDue struct {
	st  *lookState
	gen uint64
}

// searchDone is a search's answer.
type searchDone struct {
	st    *lookState
	gen   uint64
	found Found
	err   error
}

func (searchDue) lookupMsg()  {}
func (searchDone) lookupMsg() {}

// lookState is an open prompt's lookup. Value copies of the Model share
// it: it is the prompt's identity for its messages, and its one search in
// flight.
type lookState struct {
	debounce  office.Debounce
	cancel    context.CancelFunc
	name      string // the name the matches are for
	ok        bool   // the text is a name
	found     Found
	sel       int
	searching bool // a search is due or on its way
	pending   bool // enter was pressed before any match came
}

// maxShown bounds the matches listed under the input.
const maxShown = 5

// initLookup starts the lookup of a new prompt.
func (m *Model) initLookup() tea.Cmd {
	l := m.spec.Lookup
	if l == nil || m.spec.Confirm {
		return nil
	}
	m.look = &lookState{debounce: office.Debounce{Gap: l.Gap}}
	return m.relook()
}

// nameOf is the name in the text, if it is one.
func (m Model) nameOf(text string) (string, bool) {
	if m.spec.Lookup.Name == nil {
		return text, true
	}
	return m.spec.Lookup.Name(text)
}

// relook updates the matches after the text changed: at once from the
// cache, and a search when the cache may not know everyone.
func (m *Model) relook() tea.Cmd {
	st, l := m.look, m.spec.Lookup
	if st == nil {
		return nil
	}
	name, ok := m.nameOf(m.Value())
	if ok == st.ok && name == st.name && (st.found.Matches != nil || st.searching) {
		return nil
	}
	st.name, st.ok, st.pending = name, ok, false
	m.stopSearch()
	if !ok {
		st.found, st.sel = Found{}, 0
		return nil
	}
	st.found, st.sel = l.Finder.Cached(name), 0
	if st.found.Settled || strings.TrimSpace(name) == "" {
		return nil
	}
	st.searching = true
	now := l.Now()
	gen, at := st.debounce.Typed(now)
	if !at.After(now) {
		return m.startSearch(gen, now)
	}
	return l.After(at.Sub(now), searchDue{st: st, gen: gen})
}

// stopSearch cancels the search on its way.
func (m *Model) stopSearch() {
	st := m.look
	if st.cancel != nil {
		st.cancel()
		st.cancel = nil
	}
	st.searching = false
}

// startSearch sends the search of generation gen.
func (m *Model) startSearch(gen uint64, now time.Time) tea.Cmd {
	st, l := m.look, m.spec.Lookup
	if !st.debounce.Due(gen, now) {
		return nil
	}
	ctx, cancel := context.WithCancel(l.Ctx)
	st.cancel, st.searching = cancel, true
	finder, name := l.Finder, st.name
	return func() tea.Msg {
		found, err := finder.Search(ctx, name)
		return searchDone{st: st, gen: gen, found: found, err: err}
	}
}

// lookupUpdate takes a lookup message meant for this prompt.
func (m Model) lookupUpdate(msg LookupMsg) (Model, tea.Cmd) {
	st := m.look
	switch msg := msg.(type) {
	case searchDue:
		if msg.st != st || !st.debounce.Current(msg.gen) {
			return m, nil
		}
		return m, m.startSearch(msg.gen, m.spec.Lookup.Now())
	case searchDone:
		if msg.st != st || !st.debounce.Current(msg.gen) {
			return m, nil
		}
		st.cancel, st.searching = nil, false
		if msg.err != nil {
			return m, nil // cancelled: the cache's matches stay
		}
		keep := m.selected()
		st.found, st.sel = msg.found, 0
		for i, x := range st.found.Matches {
			if keep != nil && x.Value == keep.Value && x.Key == keep.Key {
				st.sel = i
			}
		}
		if st.pending {
			st.pending = false
			if len(st.found.Matches) == 1 || (len(st.found.Matches) == 0) {
				return m.enterName()
			}
		}
	}
	return m, nil
}

// selected is the match under the selection, or nil.
func (m Model) selected() *Match {
	st := m.look
	if st == nil || !st.ok || st.sel >= len(st.found.Matches) {
		return nil
	}
	return &st.found.Matches[st.sel]
}

// naming reports whether the text is a name the lookup handles.
func (m Model) naming() bool { return m.look != nil && m.look.ok }

// moveSelection moves among the matches.
func (m *Model) moveSelection(by int) {
	st := m.look
	n := min(len(st.found.Matches), maxShown)
	if n == 0 {
		return
	}
	st.sel = (st.sel + by + n) % n
}

// enterName is enter on a name: the selected match is picked, or, while
// the first answer is on its way, enter waits for it; a name nobody has is
// refused.
func (m Model) enterName() (Model, tea.Cmd) {
	st, l := m.look, m.spec.Lookup
	pick := m.selected()
	if pick == nil {
		if st.searching {
			st.pending = true
			return m, nil
		}
		m.problem, m.refused = "no one in the directory matches "+quote(st.name)+" — nothing sent", true
		return m, nil
	}
	if l.Pick != nil {
		return m.close("enter"), l.Pick(*pick)
	}
	text := pick.Value
	if l.Resolve != nil {
		text = l.Resolve(m.Value(), pick.Value)
	}
	if m.spec.Validate != nil {
		if problem := m.spec.Validate(text); problem != "" {
			m.problem, m.refused = pick.Label+": "+problem, true
			return m, nil
		}
	}
	return m.close("enter"), m.submit(text)
}

// quote puts a name in quotes for a message.
func quote(s string) string { return "\u201c" + s + "\u201d" }

// lookupLines draws the matches and what the lookup says under them.
func (m Model) lookupLines(st *theme.Styles, w int) (matches []string, hint string, ok bool) {
	look := m.look
	if look == nil || !look.ok {
		return nil, "", false
	}
	f := look.found
	for i, x := range f.Matches {
		if i >= maxShown {
			break
		}
		mark := "  "
		if i == look.sel {
			mark = "› "
		}
		line := mark + theme.PadRight(theme.Truncate(x.Label, 24, "…"), 24) + "  " + x.Detail
		if x.Status != "" {
			line += " · " + x.Status
		}
		line = ansi.Truncate(line, w, "…")
		if i == look.sel {
			matches = append(matches, st.Selected.Render(theme.PadRight(line, w)))
		} else {
			matches = append(matches, st.Value.Render(line))
		}
	}
	var parts []string
	switch {
	case look.pending:
		parts = append(parts, "searching the directory… enter goes when it answers")
	case len(f.Matches) > 0:
		text := "↑/↓ choose · enter: " + f.Matches[look.sel].Label
		if f.Total > len(f.Matches) || len(f.Matches) > maxShown {
			text = strconv.Itoa(max(f.Total, len(f.Matches))) + " match · " + text
		}
		parts = append(parts, text)
	case look.searching:
		parts = append(parts, "searching the directory…")
	case strings.TrimSpace(look.name) != "":
		parts = append(parts, "no one in the directory matches "+quote(look.name))
	default:
		parts = append(parts, m.spec.Hint)
	}
	if f.Note != "" {
		parts = append(parts, f.Note)
	}
	return matches, strings.Join(parts, " · "), true
}
