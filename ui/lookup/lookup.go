// Package lookup turns the office's directory into what a prompt lists
// under its input: every prompt that takes a destination, and the
// colleagues pane's search, offer the same matches the same way.
package lookup

import (
	"context"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/callboard/callboard/desk"
	"github.com/callboard/callboard/office"
	"github.com/callboard/callboard/ui/prompt"
)

// Limit is how many matches a prompt lists.
const Limit = 5

// Finder is the directory as a prompt's Finder, each match with the
// colleague's status when the console knows it.
type Finder struct {
	Dir      *office.Directory
	Statuses *office.Statuses // nil: no statuses
	Now      func() time.Time
}

// Cached implements prompt.Finder.
func (f Finder) Cached(text string) prompt.Found { return f.convert(f.Dir.Search(text, Limit)) }

// Search implements prompt.Finder.
func (f Finder) Search(ctx context.Context, text string) (prompt.Found, error) {
	found, err := f.Dir.Query(ctx, text, Limit)
	if err != nil {
		return prompt.Found{}, err
	}
	return f.convert(found), nil
}

// convert turns the directory's answer into the prompt's.
func (f Finder) convert(found office.Found) prompt.Found {
	out := prompt.Found{Total: found.Total, Note: found.Note(), Settled: found.Settled}
	for _, e := range found.Entries {
		if e.Dest() == "" {
			continue // nothing to send: a person without a phone
		}
		out.Matches = append(out.Matches, f.Match(e))
	}
	return out
}

// Match is an entry as a prompt lists it.
func (f Finder) Match(e office.Entry) prompt.Match {
	m := prompt.Match{Label: e.Name, Detail: e.Detail(), Value: e.Dest(), Key: e.ID}
	if f.Statuses != nil {
		if st, ok := f.Statuses.Get(e.ID); ok {
			m.Status = st.Word(f.Now())
		}
	}
	return m
}

// Clock is what a lookup needs of the console: its context, time and
// timers.
type Clock struct {
	Ctx   context.Context
	Now   func() time.Time
	After func(d time.Duration, msg tea.Msg) tea.Cmd
	Gap   time.Duration // the debounce between searches
}

// ForArg returns the lookup of a verb's prompt: names in its argument are
// looked up, and a pick puts the extension or number in the name's place
// ("vm pri" becomes "vm 103"). nil when the argument takes no destination.
func ForArg(arg desk.Arg, f Finder, c Clock) *prompt.Lookup {
	if f.Dir == nil {
		return nil
	}
	switch arg {
	case desk.ArgDestination, desk.ArgOptionalDestination, desk.ArgTransfer, desk.ArgDivert, desk.ArgPark:
	default:
		return nil
	}
	return &prompt.Lookup{
		Finder: f, Ctx: c.Ctx, Now: c.Now, After: c.After, Gap: c.Gap,
		Name:    arg.NameIn,
		Resolve: arg.WithDest,
	}
}

// ForPick returns a lookup whose pick goes to pick (the colleagues pane
// pinning someone): every text is a name.
func ForPick(f Finder, c Clock, pick func(prompt.Match) tea.Cmd) *prompt.Lookup {
	return &prompt.Lookup{
		Finder: f, Ctx: c.Ctx, Now: c.Now, After: c.After, Gap: c.Gap, Pick: pick,
		Name: func(text string) (string, bool) { return text, strings.TrimSpace(text) != "" },
	}
}

// Choices is a fixed list as a prompt's Finder: typing narrows it.
type Choices []prompt.Match

// Cached implements prompt.Finder.
func (c Choices) Cached(text string) prompt.Found {
	q := strings.ToLower(strings.TrimSpace(text))
	out := prompt.Found{Settled: true}
	for _, m := range c {
		if q == "" || strings.Contains(strings.ToLower(m.Label+" "+m.Detail), q) {
			out.Matches = append(out.Matches, m)
		}
	}
	out.Total = len(out.Matches)
	return out
}

// Search implements prompt.Finder: the list is all there is.
func (c Choices) Search(_ context.Context, text string) (prompt.Found, error) {
	return c.Cached(text), nil
}
