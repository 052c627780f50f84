package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/callboard/callboard/journal"
)

// buildJournal records calls calls into a new journal at path, through the
// journal's own API, spread over three years, a few callers ringing often:
// the journal a console opens after years at a busy desk.
func buildJournal(path string, calls int) error {
	ctx := context.Background()
	s, err := journal.OpenSQLite(ctx, path, journal.Options{Name: "bench"})
	if err != nil {
		return err
	}
	defer s.Close()
	const batch = 20_000
	r := rand.New(rand.NewPCG(1, 2))
	end := time.Now()
	span := 3 * 365 * 24 * time.Hour
	step := span / time.Duration(calls)
	var evs []journal.Event
	for i := range calls {
		f := r.Float64()
		n := int(f * f * 20_000)
		at := end.Add(-span + time.Duration(i)*step)
		id := fmt.Sprintf("call-%d", i)
		p := journal.Party{Name: fmt.Sprintf("Caller %d", n), Number: fmt.Sprintf("+1%03d555%04d", 200+n/10000, n%10000)}
		evs = append(evs, journal.Event{Kind: journal.KindRang, CallID: id, SessionID: "s-" + id, At: at, Direction: journal.DirectionIn, Party: p})
		if r.IntN(100) >= 15 {
			evs = append(evs, journal.Event{Kind: journal.KindAnswered, CallID: id, At: at.Add(time.Duration(2+r.IntN(40)) * time.Second)})
		}
		evs = append(evs, journal.Event{Kind: journal.KindEnded, CallID: id, At: at.Add(time.Duration(60+r.IntN(600)) * time.Second)})
		if len(evs) >= batch {
			if _, err := s.RecordBatch(ctx, evs); err != nil {
				return err
			}
			evs = evs[:0]
		}
	}
	if _, err := s.RecordBatch(ctx, evs); err != nil {
		return err
	}
	return s.Close()
}
