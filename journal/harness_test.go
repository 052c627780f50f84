package journal

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// pgURLEnv names the variable holding the URL of a throwaway PostgreSQL
// server for the tests; .ci/run starts one and sets it.
const pgURLEnv = "CALLBOARD_TEST_PG_URL"

// pgURL returns the test server's URL. Without one the PostgreSQL tests
// are skipped on a developer's machine, with a line saying why, and fail
// under CI, where they must run.
func pgURL(t testing.TB) string {
	t.Helper()
	if u := os.Getenv(pgURLEnv); u != "" {
		return u
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("%s is not set but CI is: .ci/run starts a PostgreSQL server and sets it, and the PostgreSQL tests must run in CI", pgURLEnv)
	}
	t.Skipf("PostgreSQL tests skipped: %s is not set (CI sets it; to run them here, start a server as .ci/run does and export its URL)", pgURLEnv)
	return ""
}

// backend makes databases of one kind for the tests.
type backend struct {
	name string
	// newDB makes an empty database and returns what opens stores on it;
	// each call of open is another store (another console) on the same
	// database.
	newDB func(t testing.TB) database
}

// database is one test database.
type database struct {
	target string // the SQLite path or the PostgreSQL URL
	open   func(t testing.TB, opts Options) Store
}

// sqliteBackend keeps each database in a file of the test's directory.
var sqliteBackend = backend{name: "sqlite", newDB: func(t testing.TB) database {
	path := filepath.Join(t.TempDir(), "journal.db")
	return database{target: path, open: func(t testing.TB, opts Options) Store {
		t.Helper()
		s, err := OpenSQLite(context.Background(), path, opts)
		if err != nil {
			t.Fatalf("open SQLite journal: %v", err)
		}
		t.Cleanup(func() { _ = s.Close() })
		return s
	}}
}}

// postgresBackend gives each database a schema of its own on the test
// server, selected by search_path in the URL, and drops it afterwards.
var postgresBackend = backend{name: "postgres", newDB: func(t testing.TB) database {
	t.Helper()
	base := pgURL(t)
	schema := "journal_test_" + randomHex(t, 6)
	admin := openAdmin(t, base)
	if _, err := admin.Exec(`CREATE SCHEMA ` + pgx.Identifier{schema}.Sanitize()); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		if _, err := admin.Exec(`DROP SCHEMA ` + pgx.Identifier{schema}.Sanitize() + ` CASCADE`); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
		_ = admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("%s: %v", pgURLEnv, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	target := u.String()
	return database{target: target, open: func(t testing.TB, opts Options) Store {
		t.Helper()
		s, err := OpenPostgres(context.Background(), target, opts)
		if err != nil {
			t.Fatalf("open PostgreSQL journal: %v", err)
		}
		t.Cleanup(func() { _ = s.Close() })
		return s
	}}
}}

// openAdmin connects to the test server outside any test schema.
func openAdmin(t testing.TB, base string) *sql.DB {
	t.Helper()
	cfg, err := pgx.ParseConfig(base)
	if err != nil {
		t.Fatalf("%s: %v", pgURLEnv, err)
	}
	db := stdlib.OpenDB(*cfg)
	if err := db.Ping(); err != nil {
		t.Fatalf("connect to the test PostgreSQL server: %v", err)
	}
	return db
}

func randomHex(t testing.TB, n int) string {
	t.Helper()
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b)
}

// fixedClock is a clock tests move by hand.
type fixedClock struct{ t time.Time }

func (c *fixedClock) now() time.Time { return c.t }

// t0 is the tests' reference time: a Tuesday morning.
var t0 = time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)

// at is t0 plus d.
func at(d time.Duration) time.Time { return t0.Add(d) }

// must fails the test on an error.
func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// rec records ev and fails the test on an error; it returns whether the
// event was new.
func rec(t testing.TB, s Store, ev Event) bool {
	t.Helper()
	ok, err := s.Record(context.Background(), ev)
	if err != nil {
		t.Fatalf("record %+v: %v", ev, err)
	}
	return ok
}

// jane and the others are the tests' callers.
var (
	jane  = Party{Name: "Jane Roe", Number: "+14155550123", PersonID: "person-jane"}
	omar  = Party{Name: "Omar Haddad", Number: "+442079460958"}
	zoe   = Party{Name: "Zoë Müller", Number: "+4930123456789"}
	front = Line{OwnerID: "", Label: "Front desk"}
	sales = Line{OwnerID: "line-sales", Label: "Sales line"}
)

// incoming is the first event of an incoming call.
func incoming(callID string, p Party, when time.Time) Event {
	return Event{Kind: KindRang, CallID: callID, SessionID: "s-" + callID, At: when, Direction: DirectionIn, Party: p, Line: front}
}

// next is a later event of the same call.
func next(ev Event, kind EventKind, when time.Time) Event {
	ev.Kind, ev.At, ev.Target, ev.Outcome = kind, when, "", ""
	return ev
}
