package journal

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// latencies collects one duration per operation and reports percentiles
// as custom metrics, since ns/op is a mean and the targets are tails.
type latencies []time.Duration

func (l latencies) report(b *testing.B, names ...string) {
	if len(l) == 0 {
		return
	}
	slices.Sort(l)
	for _, n := range names {
		var p float64
		fmt.Sscanf(n, "p%g", &p)
		i := min(len(l)-1, int(float64(len(l))*p/100))
		b.ReportMetric(float64(l[i].Microseconds())/1000, n+"-ms")
	}
}

// BenchmarkRecordEvent records one call event at a time, as the console
// does, and reports the 50th and 99th percentile of Record. "full" is the
// journal as shipped (synchronous=FULL: each commit waits for the disk);
// "normal" is the same with synchronous=NORMAL, to show how much of the
// time is the disk's flush rather than the journal's work.
func BenchmarkRecordEvent(b *testing.B) {
	for _, v := range []struct {
		name    string
		pragmas []string
	}{
		{"sqlite-full", sqlitePragmas},
		{"sqlite-normal", []string{"busy_timeout(10000)", "journal_mode(WAL)", "synchronous(NORMAL)"}},
	} {
		b.Run(v.name, func(b *testing.B) {
			s, err := openSQLite(context.Background(), filepath.Join(b.TempDir(), "j.db"), Options{}, v.pragmas)
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			benchRecord(b, s)
		})
	}
}

// benchRecord records b.N events: each call rings, is answered, held,
// resumed and ends.
func benchRecord(b *testing.B, s Store) {
	ctx := context.Background()
	kinds := []EventKind{KindRang, KindAnswered, KindHeld, KindResumed, KindEnded}
	lat := make(latencies, 0, b.N)
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		call := i / len(kinds)
		ev := Event{Kind: kinds[i%len(kinds)], CallID: fmt.Sprintf("bench-%d", call), SessionID: fmt.Sprintf("s-%d", call),
			At: t0.Add(time.Duration(i) * time.Second), Direction: DirectionIn, Line: front,
			Party: Party{Name: "Caller", Number: fmt.Sprintf("+1415555%04d", call%10000)}}
		start := time.Now()
		if _, err := s.Record(ctx, ev); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	lat.report(b, "p50", "p99")
}

// Sizes of the big journal: a busy desk for three years.
const (
	bigCalls   = 1_000_000
	bigNumbers = 20_000
	bigSpan    = 3 * 365 * 24 * time.Hour
)

// bigEnd is when the big journal's last call rang.
var bigEnd = time.Date(2026, 3, 10, 17, 0, 0, 0, time.UTC)

// BenchmarkJournal1M runs the console's queries on a journal of a million
// calls: caller memory, history search, and a week's stats. The journal
// is built once per run, in one transaction, in the benchmark's temporary
// directory, and shared by the sub-benchmarks.
func BenchmarkJournal1M(b *testing.B) {
	path := filepath.Join(b.TempDir(), "journal-1m.db")
	start := time.Now()
	if err := buildBigJournal(path); err != nil {
		b.Fatal(err)
	}
	info, _ := os.Stat(path)
	b.Logf("built a journal of %d calls (%d MB) in %s", bigCalls, info.Size()>>20, time.Since(start).Round(time.Second))
	s, err := OpenSQLite(context.Background(), path, Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()

	b.Run("CallerMemory", func(b *testing.B) {
		lat := make(latencies, 0, b.N)
		for i := 0; b.Loop(); i++ {
			number := bigNumber(i * 7919 % bigNumbers)
			t := time.Now()
			m, err := s.Caller(ctx, number)
			lat = append(lat, time.Since(t))
			if err != nil || m.LastCall == nil {
				b.Fatalf("caller %s: %+v, %v", number, m, err)
			}
		}
		lat.report(b, "p50", "p99")
	})
	for _, q := range []struct {
		name string
		q    Query
	}{
		{"Search/Newest", Query{}},
		{"Search/CommonName", Query{Text: "garcia"}},
		{"Search/RareName", Query{Text: "ziegler-ng"}},
		{"Search/NumberDigits", Query{Text: "555 0142"}},
		{"Search/MissedLastMonth", Query{Kind: HistoryMissed, From: bigEnd.AddDate(0, -1, 0)}},
		{"Search/NameMissed", Query{Text: "smith", Kind: HistoryMissed}},
		{"Search/Page20", Query{Text: "garcia"}}, // the cursor is set below
	} {
		b.Run(q.name, func(b *testing.B) {
			query := q.q
			if q.name == "Search/Page20" {
				for range 19 {
					p, err := s.Search(ctx, query)
					if err != nil || p.Next == "" {
						b.Fatalf("paging: %v", err)
					}
					query.Cursor = p.Next
				}
			}
			lat := make(latencies, 0, b.N)
			for b.Loop() {
				t := time.Now()
				p, err := s.Search(ctx, query)
				lat = append(lat, time.Since(t))
				if err != nil || len(p.Calls) == 0 {
					b.Fatalf("search %+v: %d calls, %v", query, len(p.Calls), err)
				}
			}
			lat.report(b, "p50", "p99")
		})
	}
	// What a console does when it starts on this journal: open it (the
	// console waits for this before its first frame), then, off its loop,
	// read back what it must not forget and look up the first callers.
	b.Run("Open", func(b *testing.B) {
		lat := make(latencies, 0, b.N)
		for b.Loop() {
			t := time.Now()
			o, err := OpenSQLite(ctx, path, Options{})
			lat = append(lat, time.Since(t))
			if err != nil {
				b.Fatal(err)
			}
			if err := o.Close(); err != nil {
				b.Fatal(err)
			}
		}
		lat.report(b, "p50", "p99")
	})
	b.Run("Restore", func(b *testing.B) {
		lat := make(latencies, 0, b.N)
		for i := 0; b.Loop(); i++ {
			t := time.Now()
			_, err1 := s.Parked(ctx)
			m, err2 := s.Missed(ctx, "an operator who never looked")
			_, err3 := s.OpenHolds(ctx)
			lat = append(lat, time.Since(t))
			if err := errors.Join(err1, err2, err3); err != nil || m.Count == 0 {
				b.Fatalf("restore: %d missed, %v", m.Count, err)
			}
		}
		lat.report(b, "p50", "p99")
	})
	b.Run("CallerBefore", func(b *testing.B) {
		lat := make(latencies, 0, b.N)
		for i := 0; b.Loop(); i++ {
			number := bigNumber(i * 7919 % bigNumbers)
			t := time.Now()
			m, err := s.CallerBefore(ctx, number, bigEnd)
			lat = append(lat, time.Since(t))
			if err != nil || m.LastCall == nil {
				b.Fatalf("caller %s: %+v, %v", number, m, err)
			}
		}
		lat.report(b, "p50", "p99")
	})
	b.Run("StatsWeek", func(b *testing.B) {
		from := bigEnd.AddDate(0, 0, -7)
		lat := make(latencies, 0, b.N)
		for b.Loop() {
			t := time.Now()
			st, err := s.Stats(ctx, from, bigEnd.Add(time.Second))
			lat = append(lat, time.Since(t))
			if err != nil || st.Total.Answered == 0 {
				b.Fatalf("stats: %+v, %v", st.Total, err)
			}
		}
		lat.report(b, "p50", "p99")
	})
}

// bigNumber is caller n's number.
func bigNumber(n int) string { return fmt.Sprintf("+1%03d555%04d", 200+n/10000, n%10000) }

// buildBigJournal writes the big journal straight into the tables, in one
// transaction: recording a million calls event by event would take hours
// of fsyncs and measure nothing the benchmarks are about.
func buildBigJournal(path string) error {
	ctx := context.Background()
	s, err := openSQLite(ctx, path, Options{}, []string{"journal_mode(WAL)", "synchronous(OFF)"})
	if err != nil {
		return err
	}
	defer s.Close()
	r := rand.New(rand.NewPCG(1, 2))
	first := []string{"Jane", "Omar", "Zoë", "Priya", "Sam", "Maria", "Wei", "Fatima", "John", "Ana", "Luca", "Aiko", "Noah", "Emma", "Liam", "Olivia"}
	last := []string{"Roe", "Haddad", "Müller", "Natarajan", "Rivera", "Garcia", "Chen", "Khan", "Smith", "Silva", "Rossi", "Sato", "Brown", "Jones", "Dubois", "Novak"}
	names := make([]string, bigNumbers)
	for i := range names {
		names[i] = first[r.IntN(len(first))] + " " + last[r.IntN(len(last))]
	}
	names[4242] = "Greta Ziegler-Ng" // one rare name
	lines := []Line{{"", "Front desk"}, {"line-sales", "Sales line"}, {"line-support", "Support line"}}
	queues := []string{"", "", "Reception queue", "Sales queue", "Support queue"}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit
	insCall, err := tx.PrepareContext(ctx, `INSERT INTO calls (call_id, session_id, direction, name, number, number_key, line_id, line_label, queue,
	rang_ms, answered_ms, ended_ms, outcome, hold_ms, holds) VALUES ($1, $2, $3, $4, $5, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`)
	if err != nil {
		return err
	}
	step := bigSpan / bigCalls
	startAt := bigEnd.Add(-bigSpan)
	lastSeen := make([]int64, bigNumbers)
	for i := range bigCalls {
		// A few callers ring often, most rarely: a square skews the draw.
		f := r.Float64()
		n := int(f * f * bigNumbers)
		number := bigNumber(n)
		rang := startAt.Add(time.Duration(i) * step).UnixMilli()
		lastSeen[n] = rang
		line := lines[r.IntN(len(lines))]
		dir, outcome := DirectionIn, OutcomeAnswered
		var answered any = rang + int64(2000+r.IntN(40000))
		switch p := r.IntN(100); {
		case p < 15:
			outcome, answered = OutcomeMissed, nil
		case p < 25:
			dir = DirectionOut
		case p < 30:
			outcome = OutcomeTransferred
		}
		var hold, holds int64
		if answered != nil && r.IntN(5) == 0 {
			hold, holds = int64(5000+r.IntN(120000)), 1
		}
		if _, err := insCall.ExecContext(ctx, fmt.Sprintf("call-%d", i), fmt.Sprintf("sess-%d", i), string(dir), names[n], number,
			line.OwnerID, line.Label, queues[r.IntN(len(queues))], rang, answered, rang+int64(60000+r.IntN(600000)),
			string(outcome), hold, holds); err != nil {
			return err
		}
	}
	insCaller, err := tx.PrepareContext(ctx, `INSERT INTO callers (number_key, number, search, last_ms) VALUES ($1, $1, $2, $3)`)
	if err != nil {
		return err
	}
	insNote, err := tx.PrepareContext(ctx, `INSERT INTO notes (number, number_key, body, author, created_ms) VALUES ($1, $1, $2, 'alice', $3)`)
	if err != nil {
		return err
	}
	insMsg, err := tx.PrepareContext(ctx, `INSERT INTO messages (recipient, number, number_key, body, created_ms, updated_ms)
VALUES ('Priya', $1, $1, 'please call back', $2, $2)`)
	if err != nil {
		return err
	}
	for n, seen := range lastSeen {
		if seen == 0 {
			continue
		}
		number := bigNumber(n)
		if _, err := insCaller.ExecContext(ctx, number, number+"|"+strings.ToLower(names[n]), seen); err != nil {
			return err
		}
		if n%4 == 0 {
			if _, err := insNote.ExecContext(ctx, number, "asked about the invoice", seen); err != nil {
				return err
			}
		}
		if n%10 == 0 {
			if _, err := insMsg.ExecContext(ctx, number, seen); err != nil {
				return err
			}
		}
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	_, err = s.db.ExecContext(ctx, "ANALYZE")
	return err
}

// BenchmarkClaimVisiblePostgres measures, with two stores on one
// PostgreSQL journal, how long after one console claims a call-back the
// other hears of it: from calling Claim to the Change on the other store.
func BenchmarkClaimVisiblePostgres(b *testing.B) {
	db := postgresBackend.newDB(b)
	a := db.open(b, Options{Name: "a"})
	other := db.open(b, Options{Name: "b"})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	seen := other.Changes(ctx)
	lat := make(latencies, 0, b.N)
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		cb, err := a.FlagCallback(ctx, Callback{Number: fmt.Sprintf("+1999%07d", i)})
		if err != nil {
			b.Fatal(err)
		}
		for c := range seen { // the flag's own change
			if c.ID == cb.ID {
				break
			}
		}
		b.StartTimer()
		t := time.Now()
		if err := a.Claim(ctx, cb.ID, "alice"); err != nil {
			b.Fatal(err)
		}
		for c := range seen {
			if c.ID == cb.ID && c.Kind == ChangeCallback {
				break
			}
		}
		lat = append(lat, time.Since(t))
	}
	lat.report(b, "p50", "p95", "p99")
}
