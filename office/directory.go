package office

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/callboard/callboard/webex"
)

// FreshFor is how long a full listing of the directory answers searches by
// itself: within it a keystroke asks Webex nothing unless the cache knows
// no one by that name.
const FreshFor = 15 * time.Minute

// Found is what a search found.
type Found struct {
	Entries []Entry   // the best matches, best first
	Total   int       // how many matched in all (Entries may be fewer)
	Offline bool      // Webex could not be asked: these come from the cache
	AsOf    time.Time // when Webex last confirmed the cache; zero when never
	// Problem says why the directory cannot be searched at all (a missing
	// scope, with the remedy); "" when it can.
	Problem string
	// Settled says asking Webex would add nothing: the cache holds a fresh
	// listing of the whole directory and matched something.
	Settled bool
}

// Note is what a list of matches says about where they come from: "offline:
// from the directory as of 09:12", the problem, or "".
func (f Found) Note() string {
	switch {
	case f.Problem != "":
		return f.Problem
	case f.Offline && f.AsOf.IsZero():
		return "offline: from the directory kept on this machine"
	case f.Offline:
		return "offline: from the directory as of " + f.AsOf.Local().Format("Jan 2 15:04")
	}
	return ""
}

// Directory is the organisation's directory as the console knows it: an
// index in memory, kept on disk between runs (a private file), searched at
// once on every keystroke, and completed by Webex's answers. It is safe for
// concurrent use.
type Directory struct {
	src  Source
	path string // the cache file; "" keeps nothing on disk
	now  func() time.Time

	mu       sync.Mutex
	ix       *Index
	listed   time.Time // when a full listing last succeeded
	asOf     time.Time // when Webex last answered
	complete bool      // the index holds a full listing
	byName   bool      // the source can only search by name: there is no listing
	offline  bool      // the last request got no answer
	problem  string    // why Webex refuses to be searched at all
}

// NewDirectory returns an empty directory reading src, kept in the file at
// path ("" for none). now is the clock (nil: the machine's).
func NewDirectory(src Source, path string, now func() time.Time) *Directory {
	if now == nil {
		now = time.Now
	}
	return &Directory{src: src, path: path, now: now, ix: NewIndex(nil)}
}

// cacheFile is the directory as kept on disk.
type cacheFile struct {
	Version  int       `json:"version"`
	Listed   time.Time `json:"listed,omitzero"`
	AsOf     time.Time `json:"asOf,omitzero"`
	Complete bool      `json:"complete"`
	Entries  []Entry   `json:"entries"`
}

// cacheVersion changes when the file's meaning does; another version is
// ignored rather than misread.
const cacheVersion = 1

// Load reads the directory kept on disk. A missing file is not an error.
func (d *Directory) Load() error {
	if d.path == "" {
		return nil
	}
	var f cacheFile
	if err := loadJSON(d.path, &f); err != nil {
		return fmt.Errorf("directory cache: %w", err)
	}
	if f.Version != cacheVersion {
		return nil
	}
	entries := make([]Entry, 0, len(f.Entries))
	for _, e := range f.Entries {
		entries = append(entries, e.clean())
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	d.ix = NewIndex(entries)
	d.listed, d.asOf, d.complete = f.Listed, f.AsOf, f.Complete
	return nil
}

// save writes the directory to disk; the caller holds no lock.
func (d *Directory) save() error {
	if d.path == "" {
		return nil
	}
	d.mu.Lock()
	f := cacheFile{Version: cacheVersion, Listed: d.listed, AsOf: d.asOf, Complete: d.complete, Entries: d.ix.Entries()}
	d.mu.Unlock()
	if err := saveJSON(d.path, f); err != nil {
		return fmt.Errorf("directory cache: %w", err)
	}
	return nil
}

// Len is how many entries the directory knows.
func (d *Directory) Len() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.ix.Len()
}

// Get returns the entry with the id.
func (d *Directory) Get(id string) (Entry, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.ix.Get(id)
}

// Stale reports whether the cache needs a full listing again: it never had
// one, or it is older than FreshFor. A source that can only search is never
// stale (there is nothing to list).
func (d *Directory) Stale() bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return !d.byName && (!d.complete || d.now().Sub(d.listed) >= FreshFor)
}

// Search answers from memory at once: it never waits for the network.
func (d *Directory) Search(text string, limit int) Found {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.found(text, limit)
}

// found searches the index; the caller holds the lock.
func (d *Directory) found(text string, limit int) Found {
	entries := d.ix.Search(text, limit)
	total := len(entries)
	if total == limit {
		total = d.ix.Count(text)
	}
	return Found{
		Entries: entries, Total: total, Offline: d.offline, AsOf: d.asOf, Problem: d.problem,
		Settled: d.complete && d.now().Sub(d.listed) < FreshFor && total > 0,
	}
}

// Query asks Webex for text and answers from the directory it completed.
// When Webex cannot be reached the answer comes from the cache, marked
// Offline, and the error is nil; a missing scope is said in Problem. Only
// a cancelled ctx returns its error, and nothing else.
func (d *Directory) Query(ctx context.Context, text string, limit int) (Found, error) {
	entries, err := d.src.Search(ctx, text, limit)
	if ctx.Err() != nil {
		return Found{}, ctx.Err()
	}
	changed := false
	d.mu.Lock()
	switch {
	case err == nil:
		d.offline, d.problem, d.asOf = false, "", d.now()
		for _, e := range entries {
			if d.ix.Put(e) {
				changed = true
			}
		}
	default:
		d.noteFailure(err)
	}
	found := d.found(text, limit)
	d.mu.Unlock()
	if changed {
		// The answer stands even when the disk refuses it: the file is
		// written again with the next change or listing.
		_ = d.save()
	}
	return found, nil
}

// noteFailure records why Webex did not answer; the caller holds the lock.
func (d *Directory) noteFailure(err error) {
	if scope, ok := webex.MissingScope(err); ok {
		d.problem = "the directory needs the " + scope + " scope: run `callboard login` to sign in with it"
		return
	}
	var apiErr *webex.APIError
	if errors.As(err, &apiErr) && apiErr.StatusCode != 429 && apiErr.StatusCode < 500 {
		return // a refusal of this one search, not an outage
	}
	d.offline = true
}

// Refresh lists the whole directory again and keeps it, in memory and on
// disk. A source that can only search is not an error: the directory then
// grows with each search.
func (d *Directory) Refresh(ctx context.Context) error {
	entries, err := d.src.List(ctx)
	if errors.Is(err, ErrCannotList) {
		d.mu.Lock()
		d.complete, d.byName = false, true
		d.mu.Unlock()
		return nil
	}
	if err != nil {
		d.mu.Lock()
		d.noteFailure(err)
		d.mu.Unlock()
		return fmt.Errorf("refresh the directory: %w", err)
	}
	ix := NewIndex(entries)
	d.mu.Lock()
	now := d.now()
	d.ix, d.listed, d.asOf, d.complete, d.offline, d.problem = ix, now, now, true, false, ""
	d.mu.Unlock()
	return d.save()
}

// Resolve finds the one entry text names, asking Webex first (the cache
// answers when Webex cannot): the entry, or the matches when there is not
// exactly one. It is for names typed in full, on the command line.
func (d *Directory) Resolve(ctx context.Context, text string) (Entry, Found, error) {
	found, err := d.Query(ctx, text, 10)
	if err != nil {
		return Entry{}, found, err
	}
	if e, ok := Unique(text, found.Entries, found.Total); ok {
		return e, found, nil
	}
	return Entry{}, found, nil
}

// Unique picks the entry a name means among the matches: the only match,
// or the only one whose whole name (or extension) is the text. total is
// how many matched in all.
func Unique(text string, matches []Entry, total int) (Entry, bool) {
	if total == 1 && len(matches) == 1 {
		return matches[0], true
	}
	q := fold(text)
	var exact []Entry
	for _, e := range matches {
		if fold(e.Name) == q || e.Extension == strings.TrimSpace(text) {
			exact = append(exact, e)
		}
	}
	if len(exact) == 1 {
		return exact[0], true
	}
	return Entry{}, false
}

// Listing names matches for a refusal: "Priya Shah (103), Priyanka Iyer
// (215)", and "and 3 more" past the ones shown.
func Listing(matches []Entry, total int) string {
	names := make([]string, len(matches))
	for i, e := range matches {
		names[i] = e.Label()
	}
	s := strings.Join(names, ", ")
	if total > len(matches) {
		s += fmt.Sprintf(" and %d more", total-len(matches))
	}
	return s
}

// KeepFresh lists the directory again whenever it is stale, checking every
// interval, until ctx ends; it returns then. A failed listing is tried again
// at the next check: searches keep answering from the cache meanwhile.
// report, when not nil, is told each failure.
func (d *Directory) KeepFresh(ctx context.Context, every time.Duration, report func(error)) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if d.Stale() {
			if err := d.Refresh(ctx); err != nil && ctx.Err() == nil && report != nil {
				report(err)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
