package recorder

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/callboard/callboard/journal"
)

// percentiles reports the percentiles of ds as metrics named prefix-pNN-unit.
func percentiles(b *testing.B, prefix string, ds []time.Duration, unit time.Duration, unitName string) {
	if len(ds) == 0 {
		return
	}
	slices.Sort(ds)
	for _, p := range []int{50, 99} {
		i := min(len(ds)-1, len(ds)*p/100)
		b.ReportMetric(float64(ds[i])/float64(unit), fmt.Sprintf("%s-p%d-%s", prefix, p, unitName))
	}
	b.ReportMetric(float64(ds[len(ds)-1])/float64(unit), prefix+"-max-"+unitName)
}

// BenchmarkRecordEvent records call events as the console does, through
// the Writer onto a SQLite journal as shipped (WAL, synchronous=FULL), and
// reports two figures per event: what the console's loop pays to record it
// (enqueue, in microseconds) and how long until it is durably committed
// (commit, in milliseconds). "paced" records one event every 2 ms, far
// more than a console sees (a poll a second, a few changes each); "burst"
// records back to back, the worst case for the queue.
func BenchmarkRecordEvent(b *testing.B) {
	for _, pace := range []struct {
		name  string
		every time.Duration
	}{{"paced", 2 * time.Millisecond}, {"burst", 0}} {
		b.Run(pace.name, func(b *testing.B) {
			s, err := journal.OpenSQLite(context.Background(), filepath.Join(b.TempDir(), "j.db"), journal.Options{})
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			var mu sync.Mutex
			var commit []time.Duration
			var batches []int
			w := Start(context.Background(), s, Options{OnCommit: func(queued []time.Time, at time.Time) {
				mu.Lock()
				defer mu.Unlock()
				for _, q := range queued {
					commit = append(commit, at.Sub(q))
				}
				batches = append(batches, len(queued))
			}})
			kinds := []journal.EventKind{journal.KindRang, journal.KindAnswered, journal.KindHeld, journal.KindResumed, journal.KindEnded}
			base := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
			enqueue := make([]time.Duration, 0, b.N)
			next := time.Now()
			for i := 0; b.Loop(); i++ {
				call := i / len(kinds)
				ev := journal.Event{Kind: kinds[i%len(kinds)], CallID: fmt.Sprintf("bench-%d", call), SessionID: fmt.Sprintf("s-%d", call),
					At: base.Add(time.Duration(i) * time.Second), Direction: journal.DirectionIn,
					Party: journal.Party{Name: "Caller", Number: fmt.Sprintf("+1415555%04d", call%10000)}}
				if pace.every > 0 {
					next = next.Add(pace.every)
					time.Sleep(time.Until(next))
				}
				t := time.Now()
				w.Record(ev)
				enqueue = append(enqueue, time.Since(t))
			}
			if err := w.Flush(context.Background()); err != nil {
				b.Fatal(err)
			}
			b.StopTimer()
			if err := w.Close(); err != nil {
				b.Fatal(err)
			}
			mu.Lock()
			defer mu.Unlock()
			percentiles(b, "enqueue", enqueue, time.Microsecond, "µs")
			percentiles(b, "commit", commit, time.Millisecond, "ms")
			b.ReportMetric(float64(len(commit))/float64(max(len(batches), 1)), "events/commit")
		})
	}
}
