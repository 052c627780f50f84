package office

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
)

// Index finds entries by what an operator types: the start of a first or
// last name ("pri", "shah", "priya sh"), part of a name, or digits of an
// extension or number ("103", "555 01"). It keeps lower-cased keys beside
// the entries so a keystroke costs one pass over them and no allocation per
// entry. An Index is not safe for concurrent use: the Directory guards it.
type Index struct {
	entries []Entry
	keys    []entryKey
	byID    map[string]int
}

// entryKey is what a search compares for one entry.
type entryKey struct {
	name   string   // the name folded: lower case, apostrophes and dots gone
	words  []string // the words of name
	digits string   // the extension, a space, then the number's digits
}

// NewIndex indexes entries; a later entry with the same id replaces an
// earlier one.
func NewIndex(entries []Entry) *Index {
	ix := &Index{byID: make(map[string]int, len(entries))}
	for _, e := range entries {
		ix.Put(e)
	}
	return ix
}

// Len is the number of entries.
func (ix *Index) Len() int { return len(ix.entries) }

// Entries returns the entries in the order they were first put.
func (ix *Index) Entries() []Entry { return slices.Clone(ix.entries) }

// Get returns the entry with the id.
func (ix *Index) Get(id string) (Entry, bool) {
	i, ok := ix.byID[id]
	if !ok {
		return Entry{}, false
	}
	return ix.entries[i], true
}

// Put adds an entry, or replaces the one with its id. It reports whether
// anything changed.
func (ix *Index) Put(e Entry) bool {
	k := keyOf(e)
	if e.ID == "" {
		// An entry without an id cannot be told apart from another: keep
		// one per name and destination.
		e.ID = "dest:" + e.Name + "/" + e.Dest()
	}
	if i, ok := ix.byID[e.ID]; ok {
		if ix.entries[i] == e {
			return false
		}
		ix.entries[i], ix.keys[i] = e, k
		return true
	}
	ix.byID[e.ID] = len(ix.entries)
	ix.entries = append(ix.entries, e)
	ix.keys = append(ix.keys, k)
	return true
}

// fold lower-cases s and drops what people leave out when they type a
// name: "O'Neill" is found by "oneill", "St. John" by "st john".
func fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\'' || r == '’' || r == '.':
		case r == '-' || r == '_' || unicode.IsSpace(r):
			b.WriteByte(' ')
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// digitsOf keeps the digits of s.
func digitsOf(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func keyOf(e Entry) entryKey {
	name := fold(e.Name)
	return entryKey{name: name, words: strings.Fields(name), digits: e.Extension + " " + digitsOf(e.Number)}
}

// IsDigits reports whether text is a number being typed rather than a
// name: digits, with the spaces, dashes, dots, parentheses and leading +
// people write numbers with.
func IsDigits(text string) bool {
	seen := false
	for i, r := range text {
		switch {
		case r >= '0' && r <= '9':
			seen = true
		case r == '+' && i == 0, r == ' ', r == '-', r == '.', r == '(', r == ')':
		default:
			return false
		}
	}
	return seen
}

// match ranks: lower is better.
const (
	matchWhole  = iota // the name starts with the query
	matchWords         // each query word starts a word of the name
	matchInside        // the query is inside the name, or the digits inside a number
	noMatch
)

// rank says how well k matches the folded query q (words qw), or noMatch.
func (k *entryKey) rank(q string, qw []string, digits string) int {
	if digits != "" {
		switch i := strings.Index(k.digits, digits); {
		case i == 0:
			return matchWhole
		case i > 0:
			return matchInside
		}
		return noMatch
	}
	if strings.HasPrefix(k.name, q) {
		return matchWhole
	}
	best := matchWords
	for _, w := range qw {
		found := false
		for _, nw := range k.words {
			if strings.HasPrefix(nw, w) {
				found = true
				break
			}
		}
		if !found {
			if !strings.Contains(k.name, w) {
				return noMatch
			}
			best = matchInside
		}
	}
	return best
}

// kindOrder puts people first, then lines and places.
func kindOrder(k Kind) int {
	switch k {
	case KindPerson:
		return 0
	case KindVirtualLine:
		return 1
	case KindPlace:
		return 2
	}
	return 3
}

// Search returns at most limit entries matching text, best first: whole
// name starts, then word starts, then anything inside; people before lines
// and places; then by name. Text that is a number matches extensions and
// numbers. Empty text matches nothing.
func (ix *Index) Search(text string, limit int) []Entry {
	q := fold(text)
	if q == "" || limit <= 0 {
		return nil
	}
	var digits string
	if IsDigits(text) {
		digits = digitsOf(text)
	}
	qw := strings.Fields(q)
	type hit struct{ i, rank int }
	var hits []hit
	for i := range ix.keys {
		if r := ix.keys[i].rank(q, qw, digits); r != noMatch {
			hits = append(hits, hit{i, r})
		}
	}
	slices.SortFunc(hits, func(a, b hit) int {
		ea, eb := &ix.entries[a.i], &ix.entries[b.i]
		if digits != "" {
			// A number being typed: in the order of the extensions.
			return cmp.Or(cmp.Compare(a.rank, b.rank), cmp.Compare(len(ea.Dest()), len(eb.Dest())), cmp.Compare(ea.Dest(), eb.Dest()),
				cmp.Compare(ix.keys[a.i].name, ix.keys[b.i].name))
		}
		return cmp.Or(cmp.Compare(a.rank, b.rank), cmp.Compare(kindOrder(ea.Kind), kindOrder(eb.Kind)),
			cmp.Compare(ix.keys[a.i].name, ix.keys[b.i].name), cmp.Compare(ea.Dest(), eb.Dest()))
	})
	out := make([]Entry, 0, min(limit, len(hits)))
	for _, h := range hits[:min(limit, len(hits))] {
		out = append(out, ix.entries[h.i])
	}
	return out
}

// Count returns how many entries match text, for "12 match" when only the
// first few are shown.
func (ix *Index) Count(text string) int {
	q := fold(text)
	if q == "" {
		return 0
	}
	var digits string
	if IsDigits(text) {
		digits = digitsOf(text)
	}
	qw := strings.Fields(q)
	n := 0
	for i := range ix.keys {
		if ix.keys[i].rank(q, qw, digits) != noMatch {
			n++
		}
	}
	return n
}

// Exact returns the entries whose whole name is text (folded), or whose
// extension or number is text: what a name typed in full means.
func (ix *Index) Exact(text string) []Entry {
	q := fold(text)
	var out []Entry
	for i := range ix.keys {
		e := &ix.entries[i]
		if q != "" && (ix.keys[i].name == q || e.Extension == text || (e.Number != "" && e.Number == text)) {
			out = append(out, *e)
		}
	}
	return out
}
