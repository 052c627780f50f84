package journal

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestPostgresTeamSharesTheWorklist: two consoles on one PostgreSQL
// journal. A missed call recorded by one is on the other's worklist; a
// claim on one reaches the other as a Change and shows there as claimed;
// the other cannot claim or close it.
func TestPostgresTeamSharesTheWorklist(t *testing.T) {
	db := postgresBackend.newDB(t)
	alice := db.open(t, Options{Name: "alice-console"})
	bob := db.open(t, Options{Name: "bob-console"})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	bobSees := bob.Changes(ctx)

	missed(t, alice, "m1", jane, at(0))
	item := waitChange(t, bobSees, func(c Change) bool { return c.Kind == ChangeCallback && c.Origin == "alice-console" })
	list, err := bob.Worklist(ctx, WorklistFilter{})
	must(t, err)
	if len(list) != 1 || list[0].ID != item.ID || list[0].Number != jane.Number {
		t.Fatalf("bob's worklist = %+v, want Jane's item %d", list, item.ID)
	}

	must(t, alice.Claim(ctx, item.ID, "alice"))
	got := waitChange(t, bobSees, func(c Change) bool { return c.Kind == ChangeCallback && c.ID == item.ID })
	if got.Origin != "alice-console" {
		t.Errorf("change = %+v, want from alice-console", got)
	}
	list, _ = bob.Worklist(ctx, WorklistFilter{})
	if list[0].ClaimedBy != "alice" {
		t.Errorf("bob sees the item claimed by %q, want alice", list[0].ClaimedBy)
	}
	if err := bob.Claim(ctx, item.ID, "bob"); !errors.Is(err, ErrClaimed) {
		t.Errorf("bob's claim: %v, want ErrClaimed", err)
	}
	if err := bob.Done(ctx, item.ID, "bob"); !errors.Is(err, ErrClaimed) {
		t.Errorf("bob's done: %v, want ErrClaimed", err)
	}
	// Alice's own console hears its change too, through the server.
	aliceSees := alice.Changes(ctx)
	must(t, alice.Done(ctx, item.ID, "alice"))
	waitChange(t, aliceSees, func(c Change) bool { return c.Kind == ChangeCallback && c.ID == item.ID })
	waitChange(t, bobSees, func(c Change) bool { return c.Kind == ChangeCallback && c.ID == item.ID })
	if open, _ := bob.Worklist(ctx, WorklistFilter{}); len(open) != 0 {
		t.Errorf("bob's open worklist after alice's done = %+v", open)
	}
	// Notes and messages travel the same way.
	msg, err := bob.TakeMessage(ctx, Message{For: "Priya", Number: jane.Number, Text: "call back", CreatedBy: "bob"})
	must(t, err)
	waitChange(t, aliceSees, func(c Change) bool { return c.Kind == ChangeMessage && c.ID == msg.ID })
	mem, err := alice.Caller(ctx, jane.Number)
	must(t, err)
	if len(mem.OpenMessages) != 1 || mem.OpenMessages[0].CreatedBy != "bob" {
		t.Errorf("alice's memory of Jane = %+v", mem.OpenMessages)
	}
}

// waitChange reads changes until one satisfies ok. A change that never
// comes fails the test through go test's own timeout, not a clock here.
func waitChange(t *testing.T, ch <-chan Change, ok func(Change) bool) Change {
	t.Helper()
	for c := range ch {
		if ok(c) {
			return c
		}
	}
	t.Fatal("the change channel closed before the change came")
	return Change{}
}

// TestPostgresListenerSurvivesClose: closing a store ends its listener
// and its subscriptions; the other store keeps hearing.
func TestPostgresListenerSurvivesClose(t *testing.T) {
	db := postgresBackend.newDB(t)
	a := db.open(t, Options{Name: "a"})
	b := db.open(t, Options{Name: "b"})
	ctx := context.Background()
	aSees := a.Changes(ctx)
	bSees := b.Changes(ctx)
	must(t, a.Close())
	for range aSees {
	}
	flagged, err := b.FlagCallback(ctx, Callback{Number: omar.Number})
	must(t, err)
	waitChange(t, bSees, func(c Change) bool { return c.ID == flagged.ID })
}

// TestPostgresBadURL: a URL that is not one fails without repeating it
// (it may hold a password); an unreachable server fails to open.
func TestPostgresBadURL(t *testing.T) {
	_, err := OpenPostgres(context.Background(), "postgres://u:s3cretpw@127.0.0.1:1/x?connect_timeout=notanumber", Options{})
	if !errors.Is(err, ErrInvalid) || strings.Contains(err.Error(), "s3cretpw") {
		t.Errorf("bad URL: %v, want ErrInvalid without the password", err)
	}
	_, err = OpenPostgres(context.Background(), "postgres://u:s3cretpw@127.0.0.1:1/x?sslmode=disable&connect_timeout=5", Options{})
	if err == nil || strings.Contains(err.Error(), "s3cretpw") {
		t.Errorf("unreachable server: %v, want an error without the password", err)
	}
}

// TestSQLiteFileIsPrivateAndDurable: the database file and its WAL are
// readable by the user only, in a private directory; the journal runs in
// WAL mode with synchronous=FULL on every connection.
func TestSQLiteFileIsPrivateAndDurable(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows has no Unix permission bits")
	}
	dir := filepath.Join(t.TempDir(), "data", "callboard")
	path := filepath.Join(dir, "journal.db")
	st, err := openSQLite(context.Background(), path, Options{}, sqlitePragmas)
	must(t, err)
	defer st.Close()
	rec(t, st, incoming("c1", jane, at(0)))
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		info, err := os.Stat(p)
		must(t, err)
		if perm := info.Mode().Perm(); perm != 0o600 {
			t.Errorf("%s has mode %04o, want 0600", filepath.Base(p), perm)
		}
	}
	if info, _ := os.Stat(dir); info.Mode().Perm() != 0o700 {
		t.Errorf("the directory has mode %04o, want 0700", info.Mode().Perm())
	}
	// Several connections at once, so that more than one is asked.
	ctx := context.Background()
	for range 3 {
		conn, err := st.db.Conn(ctx)
		must(t, err)
		defer conn.Close()
		var mode string
		var sync int
		must(t, conn.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode))
		must(t, conn.QueryRowContext(ctx, "PRAGMA synchronous").Scan(&sync))
		if mode != "wal" || sync != 2 {
			t.Errorf("journal_mode %q synchronous %d, want wal and 2 (FULL)", mode, sync)
		}
	}
}

// TestSchemaNewerThanTheCodeIsRefused: a journal written by a newer
// callboard is not misread.
func TestSchemaNewerThanTheCodeIsRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal.db")
	st, err := openSQLite(context.Background(), path, Options{}, sqlitePragmas)
	must(t, err)
	_, err = st.db.Exec(`INSERT INTO schema_migrations (version, name, applied_ms) VALUES (999, 'from the future', 0)`)
	must(t, err)
	must(t, st.Close())
	if _, err := OpenSQLite(context.Background(), path, Options{}); !errors.Is(err, ErrInvalid) {
		t.Errorf("open of a newer schema: %v, want ErrInvalid", err)
	}
}

// TestOpenChoosesTheStore: a URL means PostgreSQL, else the SQLite path.
func TestOpenChoosesTheStore(t *testing.T) {
	path := filepath.Join(t.TempDir(), "j.db")
	s, err := Open(context.Background(), path, "", Options{})
	must(t, err)
	must(t, s.Close())
	if _, err := os.Stat(path); err != nil {
		t.Errorf("Open without a URL did not create the SQLite file: %v", err)
	}
	if _, err := Open(context.Background(), path, "postgres://%zz", Options{}); !errors.Is(err, ErrInvalid) {
		t.Errorf("Open with a bad URL: %v, want ErrInvalid from PostgreSQL", err)
	}
	if _, err := OpenSQLite(context.Background(), filepath.Join(t.TempDir(), "what?.db"), Options{}); !errors.Is(err, ErrInvalid) {
		t.Errorf("a path with ?: %v, want ErrInvalid", err)
	}
}

// TestHubResyncsASlowSubscriber: a subscriber that does not read is not
// allowed to grow a queue without bound; it gets one resync instead.
func TestHubResyncsASlowSubscriber(t *testing.T) {
	h := newHub()
	defer h.close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ch := h.subscribe(ctx)
	// However the delivering goroutine interleaves with the publisher (it
	// holds at most one queue's worth in flight), three queues' worth
	// overflows at least once, and the subscriber then gets a resync
	// after at most that much.
	for i := range 3*maxPending + 10 {
		h.publish(Change{Kind: ChangeCall, ID: int64(i)})
	}
	before := 0
	for c := range ch {
		if c.Kind == ChangeResync {
			break
		}
		before++
	}
	if before > 2*maxPending {
		t.Errorf("%d changes came before the resync, want at most %d", before, 2*maxPending)
	}
	cancel()
	for range ch {
	}
}
