package office

import (
	"slices"
	"time"
)

// Budget schedules the requests that keep colleagues' statuses fresh
// within what Webex tolerates: at most one request every Every, one at a
// time, round-robin over the rows, the stalest first, where rows on screen
// and recent targets count as staler than they are; a row fresher than
// MinAge is left alone. A 429 stops everything for as long as Webex asks,
// and doubles the spacing until requests succeed again.
//
// It is pure: it reads no clock and sends nothing. Its host asks Next,
// sends the request, and reports Done or Limited.
type Budget struct {
	Every  time.Duration // the spacing of requests; default 1 s
	MinAge time.Duration // a status younger than this is not asked again; default 15 s
	// MaxBackoff caps the spacing after 429s; default 2 min.
	MaxBackoff time.Duration
	// Align puts the next request on a multiple of it (a second: with the
	// screen's clock, so a reply lands in a frame drawn anyway); 0 does
	// not. The spacing is then kept to within Align.
	Align time.Duration

	rows     []budgetRow
	index    map[string]int
	next     time.Time     // no request before
	spacing  time.Duration // Every, doubled after a 429
	inFlight string
	sent     int
}

// budgetRow is one row's bookkeeping.
type budgetRow struct {
	id      string
	fetched time.Time // when its last answer came; zero when none yet
	weight  int       // 1, more for rows on screen and recent targets
}

// Weights of the rows that matter most: a row on screen ages four times as
// fast, a recent target four times more.
const (
	weightShown  = 4
	weightRecent = 4
)

// DefaultEvery is the default spacing of presence requests: one a second,
// 3,600 an hour whatever the number of colleagues.
const DefaultEvery = time.Second

func (b *Budget) every() time.Duration {
	if b.Every <= 0 {
		return DefaultEvery
	}
	return b.Every
}

func (b *Budget) minAge() time.Duration {
	if b.MinAge <= 0 {
		return 15 * time.Second
	}
	return b.MinAge
}

func (b *Budget) maxBackoff() time.Duration {
	if b.MaxBackoff <= 0 {
		return 2 * time.Minute
	}
	return max(b.MaxBackoff, b.every())
}

// Track sets the rows, in the order they are listed; rows kept keep their
// age, new rows have none.
func (b *Budget) Track(ids []string) {
	old := b.index
	rows := make([]budgetRow, 0, len(ids))
	b.index = make(map[string]int, len(ids))
	for _, id := range ids {
		if _, dup := b.index[id]; dup || id == "" {
			continue
		}
		r := budgetRow{id: id, weight: 1}
		if i, ok := old[id]; ok {
			r.fetched = b.rows[i].fetched
		}
		b.index[id] = len(rows)
		rows = append(rows, r)
	}
	b.rows = rows
}

// Prefer marks the rows on screen and the recent targets, whose statuses
// matter most.
func (b *Budget) Prefer(shown, recent []string) {
	for i := range b.rows {
		w := 1
		if slices.Contains(shown, b.rows[i].id) {
			w += weightShown - 1
		}
		if slices.Contains(recent, b.rows[i].id) {
			w += weightRecent
		}
		b.rows[i].weight = w
	}
}

// Next returns the row to ask about and when the request may go; ok is
// false when nothing needs asking (every row is fresh, or one request is
// already out). When at is after now, the host waits and asks again then.
func (b *Budget) Next(now time.Time) (id string, at time.Time, ok bool) {
	if b.inFlight != "" {
		return "", time.Time{}, false
	}
	best, bestScore := -1, time.Duration(-1)
	fresh := time.Time{}
	for i, r := range b.rows {
		if r.fetched.IsZero() {
			// Never asked: rows that matter first, then in list order.
			score := time.Duration(1<<62) / 16 * time.Duration(r.weight)
			if score > bestScore {
				best, bestScore = i, score
			}
			continue
		}
		age := now.Sub(r.fetched)
		if age < b.minAge() {
			if due := r.fetched.Add(b.minAge()); fresh.IsZero() || due.Before(fresh) {
				fresh = due
			}
			continue
		}
		if score := age * time.Duration(r.weight); score > bestScore {
			best, bestScore = i, score
		}
	}
	at = now
	if b.next.After(at) {
		at = b.next
	}
	if best < 0 {
		if fresh.IsZero() {
			return "", time.Time{}, false
		}
		// Every row is fresh: ask again when the first one ages.
		return "", latest(fresh, at), false
	}
	return b.rows[best].id, at, true
}

// WakeAt is when the host should ask Next again with nothing in flight: the
// time Next gave, or when the first fresh row ages. Zero means never.
func (b *Budget) WakeAt(now time.Time) time.Time {
	_, at, ok := b.Next(now)
	if ok || !at.IsZero() {
		return at
	}
	return time.Time{}
}

// latest is the later of two times.
func latest(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// Start records that the request for id went at now.
func (b *Budget) Start(id string, now time.Time) {
	if b.spacing == 0 {
		b.spacing = b.every()
	}
	b.inFlight = id
	b.sent++
	b.next = now.Add(b.spacing)
	if b.Align > 0 && b.spacing >= b.Align {
		b.next = b.next.Truncate(b.Align)
	}
}

// Done records the answer for id at now; ok false means it failed (the row
// is asked again in its turn, not at once).
func (b *Budget) Done(id string, now time.Time, ok bool) {
	if b.inFlight == id {
		b.inFlight = ""
	}
	if i, found := b.index[id]; found {
		b.rows[i].fetched = now
	}
	if ok && b.spacing > b.every() {
		b.spacing = max(b.spacing/2, b.every())
	}
}

// Limited records a 429 for id at now: nothing goes before Webex's
// Retry-After, and requests are spaced twice as far apart until they
// succeed again.
func (b *Budget) Limited(id string, now time.Time, retryAfter time.Duration) {
	if b.inFlight == id {
		b.inFlight = ""
	}
	b.spacing = min(max(b.spacing*2, 2*b.every()), b.maxBackoff())
	b.next = latest(b.next, now.Add(max(retryAfter, b.spacing)))
}

// Fetched returns when id's status last came; zero when never.
func (b *Budget) Fetched(id string) time.Time {
	if i, ok := b.index[id]; ok {
		return b.rows[i].fetched
	}
	return time.Time{}
}

// Sent counts the requests started so far.
func (b *Budget) Sent() int { return b.sent }

// Spacing is the spacing of requests now: Every, or more after a 429.
func (b *Budget) Spacing() time.Duration {
	if b.spacing == 0 {
		return b.every()
	}
	return b.spacing
}
