package journal

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/adrg/xdg"
	_ "modernc.org/sqlite" // the pure-Go SQLite driver: the binary stays cgo-free
)

// DefaultPath is where the journal lives unless configured otherwise:
// $XDG_DATA_HOME/callboard/journal.db.
func DefaultPath() string {
	return filepath.Join(xdg.DataHome, "callboard", "journal.db")
}

// sqlitePragmas are set on every connection. WAL lets the console read
// while it writes; synchronous=FULL makes each commit wait for the WAL to
// reach the disk, so a committed write survives power loss as well as
// kill -9 (NORMAL would survive kill -9 only). The busy timeout lets two
// processes on one file (the console and a `callboard journal` command)
// take turns instead of failing.
var sqlitePragmas = []string{"busy_timeout(10000)", "journal_mode(WAL)", "synchronous(FULL)", "foreign_keys(1)"}

// OpenSQLite opens (creating it if needed) the journal in the SQLite file
// at path; "" means DefaultPath. A new file and its directory are created
// readable by the user only (0600, 0700): the journal holds who called.
func OpenSQLite(ctx context.Context, path string, opts Options) (Store, error) {
	return openSQLite(ctx, path, opts, sqlitePragmas)
}

// openSQLite is OpenSQLite with the pragmas given, so that benchmarks can
// measure what durability costs.
func openSQLite(ctx context.Context, path string, opts Options, pragmas []string) (*store, error) {
	if path == "" {
		path = DefaultPath()
	}
	if strings.ContainsAny(path, "?#") {
		return nil, fmt.Errorf("journal: open %s: a path with ? or # cannot be opened: %w", path, ErrInvalid)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("journal: open %s: %w", path, err)
	}
	// Create the file with its mode before SQLite does (SQLite would use
	// 0644); its -wal and -shm files take the same mode.
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("journal: open %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return nil, fmt.Errorf("journal: open %s: %w", path, err)
	}
	q := make([]string, 0, len(pragmas)+1)
	for _, p := range pragmas {
		q = append(q, "_pragma="+p)
	}
	// Write transactions take the write lock when they begin, so two
	// writers queue on the busy timeout instead of one failing with
	// SQLITE_BUSY when it upgrades a read lock.
	q = append(q, "_txlock=immediate")
	db, err := sql.Open("sqlite", path+"?"+strings.Join(q, "&"))
	if err != nil {
		return nil, fmt.Errorf("journal: open %s: %w", path, err)
	}
	db.SetMaxOpenConns(4)
	db.SetMaxIdleConns(4)
	d := dialect{name: "sqlite", identity: "INTEGER PRIMARY KEY"}
	s, err := newStore(ctx, db, d, opts)
	if err != nil {
		return nil, errors.Join(err, db.Close())
	}
	return s, nil
}
