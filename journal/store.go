package journal

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"time"
)

// Options tune a store. The zero value is fine.
type Options struct {
	// Name identifies this console in Change.Origin; default "host:pid".
	Name string
	// RetentionDays, when positive, prunes entries older than that many days
	// at open (see Prune).
	RetentionDays int
	// Now is the clock for times the journal stamps itself (notes,
	// messages, claims); nil means time.Now.
	Now func() time.Time
	// Logger receives what the background listener has to say; nil
	// discards it.
	Logger *slog.Logger
}

func (o Options) withDefaults() Options {
	if o.Name == "" {
		host, _ := os.Hostname()
		o.Name = fmt.Sprintf("%s:%d", host, os.Getpid())
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	return o
}

// dialect is what differs between SQLite and PostgreSQL. The SQL text is
// otherwise the same: "$1" parameters, ON CONFLICT, RETURNING and partial
// indexes mean the same in both.
type dialect struct {
	name          string
	identity      string // the column type of an id: an auto-incrementing primary key
	migrationLock string // run first in each migration's transaction; "" for none
	// notify, when set, sends changes from inside the transaction, so they
	// go out when (and only if) it commits; otherwise they are published
	// in-process after the commit.
	notify func(ctx context.Context, tx *sql.Tx, changes []Change) error
	// retryable reports whether a failed transaction may simply be run
	// again (a deadlock or serialization failure).
	retryable func(error) bool
}

// store is the Store both databases share.
type store struct {
	db   *sql.DB
	d    dialect
	opts Options
	hub  *hub

	closeOnce sync.Once
	closeErr  error
	stop      func() error // stops the dialect's background work, if any
	closed    chan struct{}
}

// newStore migrates db and returns the store on it. On error, db is left for
// the caller to close.
func newStore(ctx context.Context, db *sql.DB, d dialect, opts Options) (*store, error) {
	opts = opts.withDefaults()
	if err := migrate(ctx, db, d); err != nil {
		return nil, err
	}
	s := &store{db: db, d: d, opts: opts, hub: newHub(), closed: make(chan struct{})}
	if opts.RetentionDays > 0 {
		cutoff := opts.Now().AddDate(0, 0, -opts.RetentionDays)
		if _, err := s.Prune(ctx, cutoff); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// Close stops the background work and closes the database.
func (s *store) Close() error {
	s.closeOnce.Do(func() {
		close(s.closed)
		var errs []error
		if s.stop != nil {
			errs = append(errs, s.stop())
		}
		s.hub.close()
		errs = append(errs, s.db.Close())
		if err := errors.Join(errs...); err != nil {
			s.closeErr = fmt.Errorf("journal: close: %w", err)
		}
	})
	return s.closeErr
}

// Changes subscribes to the committed changes.
func (s *store) Changes(ctx context.Context) <-chan Change { return s.hub.subscribe(ctx) }

// isClosed reports whether Close was called.
func (s *store) isClosed() bool {
	select {
	case <-s.closed:
		return true
	default:
		return false
	}
}

// now is the store's clock in Unix milliseconds.
func (s *store) nowMs() int64 { return s.opts.Now().UnixMilli() }

// changeSet collects what a transaction changed.
type changeSet struct {
	origin  string
	changes []Change
}

func (c *changeSet) add(ch Change) {
	ch.Origin = c.origin
	c.changes = append(c.changes, ch)
}

// maxAttempts bounds how often a transaction the database aborted for a
// deadlock or serialization failure is run again.
const maxAttempts = 3

// write runs fn in a transaction and, once it is committed, makes its
// changes known. what names the operation in errors.
func (s *store) write(ctx context.Context, what string, fn func(tx *sql.Tx, cs *changeSet) error) error {
	if s.isClosed() {
		return fmt.Errorf("journal: %s: %w", what, ErrClosed)
	}
	var err error
	for attempt := 1; attempt <= maxAttempts; attempt++ {
		var cs *changeSet
		cs, err = s.tryWrite(ctx, fn)
		if err == nil {
			if s.d.notify == nil {
				s.hub.publish(cs.changes...)
			}
			return nil
		}
		if s.d.retryable == nil || !s.d.retryable(err) || ctx.Err() != nil {
			break
		}
	}
	return fmt.Errorf("journal: %s: %w", what, err)
}

// tryWrite is one attempt of write.
func (s *store) tryWrite(ctx context.Context, fn func(tx *sql.Tx, cs *changeSet) error) (*changeSet, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	cs := &changeSet{origin: s.opts.Name}
	if err := fn(tx, cs); err != nil {
		_ = tx.Rollback()
		return nil, err
	}
	if s.d.notify != nil && len(cs.changes) > 0 {
		if err := s.d.notify(ctx, tx, cs.changes); err != nil {
			_ = tx.Rollback()
			return nil, fmt.Errorf("notify: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	return cs, nil
}

// affected is the number of rows a statement changed.
func affected(res sql.Result) (int64, error) {
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("rows affected: %w", err)
	}
	return n, nil
}

// execN runs a statement and returns how many rows it changed.
func execN(ctx context.Context, tx *sql.Tx, query string, args ...any) (int64, error) {
	res, err := tx.ExecContext(ctx, query, args...)
	if err != nil {
		return 0, err
	}
	return affected(res)
}

// ms converts a time to Unix milliseconds; the zero time is 0.
func ms(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

// fromMs converts Unix milliseconds back; 0 is the zero time.
func fromMs(v int64) time.Time {
	if v == 0 {
		return time.Time{}
	}
	return time.UnixMilli(v)
}

// fromNull converts a nullable column; NULL is the zero time.
func fromNull(v sql.NullInt64) time.Time {
	if !v.Valid {
		return time.Time{}
	}
	return time.UnixMilli(v.Int64)
}

// limit clamps a page size.
func limit(n int) int {
	switch {
	case n <= 0:
		return DefaultPageSize
	case n > MaxPageSize:
		return MaxPageSize
	}
	return n
}

// Open opens the team's PostgreSQL journal when url is set, else the SQLite
// journal at path ("" for DefaultPath).
func Open(ctx context.Context, path, url string, opts Options) (Store, error) {
	if url != "" {
		return OpenPostgres(ctx, url, opts)
	}
	return OpenSQLite(ctx, path, opts)
}
