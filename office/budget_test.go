package office

import (
	"slices"
	"testing"
	"time"
)

func t0() time.Time { return time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC) }

// run drives a budget as its host would for d, every request answered at
// once, and returns the ids asked, in order.
func run(b *Budget, from time.Time, d time.Duration, answer func(id string, at time.Time) bool) ([]string, time.Time) {
	now := from
	var asked []string
	for now.Before(from.Add(d)) {
		id, at, ok := b.Next(now)
		if !ok {
			if at.IsZero() {
				break
			}
			now = at
			continue
		}
		if at.After(now) {
			now = at
			continue
		}
		b.Start(id, now)
		asked = append(asked, id)
		if answer == nil || answer(id, now) {
			b.Done(id, now, true)
		}
	}
	return asked, now
}

func TestBudgetRoundRobin(t *testing.T) {
	b := &Budget{Every: time.Second, MinAge: time.Second}
	b.Track([]string{"a", "b", "c"})
	asked, _ := run(b, t0(), 6*time.Second, nil)
	if want := []string{"a", "b", "c", "a", "b", "c"}; !slices.Equal(asked, want) {
		t.Errorf("asked %v, want round-robin %v", asked, want)
	}
}

func TestBudgetNeverFasterThanEvery(t *testing.T) {
	b := &Budget{Every: time.Second}
	b.Track([]string{"a", "b"})
	id, at, ok := b.Next(t0())
	if !ok || !at.Equal(t0()) {
		t.Fatalf("the first request waits: %s %v %v", id, at, ok)
	}
	b.Start(id, t0())
	if _, _, ok := b.Next(t0()); ok {
		t.Errorf("a second request while one is out")
	}
	b.Done(id, t0().Add(100*time.Millisecond), true)
	_, at, ok = b.Next(t0().Add(100 * time.Millisecond))
	if !ok || !at.Equal(t0().Add(time.Second)) {
		t.Errorf("the next request may go at %v, want a second after the first", at)
	}
}

func TestBudgetPrefersShownAndRecent(t *testing.T) {
	b := &Budget{Every: time.Second, MinAge: time.Second}
	ids := []string{"a", "b", "c", "d", "e", "f", "g", "h"}
	b.Track(ids)
	b.Prefer([]string{"g"}, []string{"e"})
	asked, _ := run(b, t0(), 8*time.Second, nil)
	if asked[0] != "e" || asked[1] != "g" {
		t.Errorf("first asked %v: the recent target, then the row on screen, come first", asked[:2])
	}
	// Over a long run the preferred rows are asked more often, and no row
	// starves.
	asked, _ = run(b, t0().Add(8*time.Second), 200*time.Second, nil)
	count := map[string]int{}
	for _, id := range asked {
		count[id]++
	}
	for _, id := range ids {
		if count[id] == 0 {
			t.Errorf("%s was never asked in 200 s: %v", id, count)
		}
	}
	if count["e"] <= 2*count["a"] || count["g"] <= count["a"] {
		t.Errorf("preferred rows are not asked more often: %v", count)
	}
}

func TestBudgetMinAge(t *testing.T) {
	b := &Budget{Every: time.Second, MinAge: 30 * time.Second}
	b.Track([]string{"a", "b"})
	asked, _ := run(b, t0(), 60*time.Second, nil)
	// a and b at once, then each again every 30 s: 4 or 5 requests, not 60.
	if len(asked) > 6 {
		t.Errorf("%d requests in a minute for two fresh rows: %v", len(asked), asked)
	}
	one := &Budget{MinAge: 30 * time.Second}
	one.Track([]string{"a"})
	one.Start("a", t0())
	one.Done("a", t0(), true)
	if _, at, ok := one.Next(t0().Add(time.Second)); ok || !at.Equal(t0().Add(30*time.Second)) {
		t.Errorf("with every row fresh, Next should name when to ask again, +30 s (at %v, ok %v)", at.Sub(t0()), ok)
	}
}

func TestBudgetBacksOffOn429(t *testing.T) {
	b := &Budget{Every: time.Second, MaxBackoff: 16 * time.Second}
	b.Track([]string{"a", "b", "c"})
	now := t0()
	id, _, _ := b.Next(now)
	b.Start(id, now)
	b.Limited(id, now, 5*time.Second)
	if _, at, _ := b.Next(now); !at.Equal(now.Add(5 * time.Second)) {
		t.Errorf("after a 429 asking 5 s the next request goes at %v, want +5 s", at.Sub(now))
	}
	if b.Spacing() != 2*time.Second {
		t.Errorf("spacing after one 429 = %v, want 2 s", b.Spacing())
	}
	for range 5 {
		id, at, _ := b.Next(now)
		now = at
		b.Start(id, now)
		b.Limited(id, now, 0)
	}
	if b.Spacing() != 16*time.Second {
		t.Errorf("spacing after six 429s = %v, want the 16 s cap", b.Spacing())
	}
	// Successes bring the spacing back down, halving.
	for range 5 {
		id, at, ok := b.Next(now)
		if !ok {
			now = now.Add(time.Minute)
			continue
		}
		now = at
		b.Start(id, now)
		b.Done(id, now, true)
	}
	if b.Spacing() != time.Second {
		t.Errorf("spacing after successes = %v, want 1 s again", b.Spacing())
	}
}

func TestBudgetTrackKeepsAges(t *testing.T) {
	b := &Budget{}
	b.Track([]string{"a", "b"})
	b.Start("a", t0())
	b.Done("a", t0(), true)
	b.Track([]string{"c", "a", "a", ""})
	if !b.Fetched("a").Equal(t0()) || !b.Fetched("b").IsZero() || !b.Fetched("c").IsZero() {
		t.Errorf("ages after Track: a %v b %v c %v", b.Fetched("a"), b.Fetched("b"), b.Fetched("c"))
	}
	if id, _, ok := b.Next(t0()); !ok || id != "c" {
		t.Errorf("the new row is asked first, got %q", id)
	}
}

// The figure for BENCHMARKS.md: presence requests an hour for 50 monitored
// colleagues at the default budget.
func TestBudgetRequestsPerHour(t *testing.T) {
	b := &Budget{}
	ids := make([]string, 50)
	for i := range ids {
		ids[i] = string(rune('A' + i))
	}
	b.Track(ids)
	asked, _ := run(b, t0(), time.Hour, nil)
	if len(asked) > 3600 || len(asked) < 3500 {
		t.Errorf("%d requests an hour, want at most 3,600 and close to it", len(asked))
	}
	t.Logf("50 colleagues, default budget: %d presence requests in an hour; each row every %s on average",
		len(asked), time.Hour/time.Duration(len(asked)/50))
}

// With Align, a request that went a little after the second lets the next
// go on the next second, not a whole spacing later than that.
func TestBudgetAlign(t *testing.T) {
	b := &Budget{Every: time.Second, Align: time.Second}
	b.Track([]string{"a", "b"})
	late := t0().Add(3 * time.Millisecond) // a timer fires a little late
	id, _, _ := b.Next(late)
	b.Start(id, late)
	b.Done(id, late.Add(time.Millisecond), true)
	if _, at, ok := b.Next(late.Add(time.Millisecond)); !ok || !at.Equal(t0().Add(time.Second)) {
		t.Errorf("the next request may go at %v, want on the next second %v", at, t0().Add(time.Second))
	}
}
