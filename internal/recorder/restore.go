package recorder

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/callboard/callboard/desk"
	"github.com/callboard/callboard/journal"
	"github.com/callboard/callboard/model"
)

// MaxParkAge is how old a park may be and still be restored: Webex
// recalls a parked call long before, so an older one was retrieved or
// recalled while no console was watching.
const MaxParkAge = 2 * time.Hour

// Restore reads what the console must not forget across a restart, as of
// now: the calls parked in the last MaxParkAge, how many calls were missed
// since operator last looked at the history, and the holds in progress.
func Restore(ctx context.Context, s journal.Store, operator string, now time.Time) (desk.Restore, error) {
	var r desk.Restore
	parked, err := s.Parked(ctx)
	if err != nil {
		return r, fmt.Errorf("restore: %w", err)
	}
	for _, p := range parked {
		if now.Sub(p.Since) > MaxParkAge {
			continue
		}
		r.Parked = append(r.Parked, desk.Parked{
			At:     model.Party{Number: p.Place},
			Caller: firstOf(p.Party.Name, p.Party.Number, "unknown caller"),
			Since:  p.Since,
			CallID: p.CallID,
		})
	}
	missed, err := s.Missed(ctx, operator)
	if err != nil {
		return r, fmt.Errorf("restore: %w", err)
	}
	r.Missed = missed.Count
	holds, err := s.OpenHolds(ctx)
	if err != nil {
		return r, fmt.Errorf("restore: %w", err)
	}
	for _, h := range holds {
		r.Holds = append(r.Holds, desk.HoldStart{CallID: h.CallID, Since: h.Since})
	}
	return r, nil
}

// retainEvery is how often Retain prunes while the console runs.
const retainEvery = 24 * time.Hour

// Retain deletes what is older than days days now, then once a day, until
// ctx ends; now is the clock (nil: time.Now). It returns at once and does
// its work in a goroutine, which is done when the returned channel closes.
// A console open for weeks keeps to its retention without a restart, and
// a large first prune never delays the start.
func Retain(ctx context.Context, s journal.Store, days int, now func() time.Time, log *slog.Logger) <-chan struct{} {
	done := make(chan struct{})
	if now == nil {
		now = time.Now
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	go func() {
		defer close(done)
		if days <= 0 {
			return
		}
		t := time.NewTicker(retainEvery)
		defer t.Stop()
		for {
			cutoff := now().AddDate(0, 0, -days)
			if r, err := s.Prune(ctx, cutoff); err != nil {
				if ctx.Err() == nil {
					log.Warn("journal: retention", "error", err.Error())
				}
			} else if r.Total() > 0 {
				log.Info("journal: retention", "before", cutoff.Format(time.DateOnly), "calls", r.Calls, "notes", r.Notes,
					"messages", r.Messages, "callbacks", r.Callbacks)
			}
			select {
			case <-t.C:
			case <-ctx.Done():
				return
			}
		}
	}()
	return done
}

// ImportContacts reads the contacts file at path into the journal, in
// place of what it brought last time (the file's absolute path names the
// import), and returns how many numbers it names.
func ImportContacts(ctx context.Context, s journal.Store, path string) (int, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return 0, fmt.Errorf("contacts file %s: %w", path, err)
	}
	f, err := os.Open(abs)
	if err != nil {
		return 0, fmt.Errorf("contacts file: %w", err)
	}
	defer f.Close()
	contacts, err := journal.ParseContacts(f)
	if err != nil {
		return 0, fmt.Errorf("contacts file %s: %w", path, err)
	}
	return s.ImportContacts(ctx, abs, contacts)
}
