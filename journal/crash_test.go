package journal

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// The crash test re-runs the test binary as a child that writes to the
// journal until it is killed; these variables tell it so, and where.
const (
	crashChildEnv   = "CALLBOARD_JOURNAL_CRASH_CHILD"  // "sqlite" or "postgres"
	crashTargetEnv  = "CALLBOARD_JOURNAL_CRASH_TARGET" // the path or URL
	crashReportsMin = 150                              // commits reported before the kill
)

func TestMain(m *testing.M) {
	if kind := os.Getenv(crashChildEnv); kind != "" {
		os.Exit(crashChild(kind, os.Getenv(crashTargetEnv)))
	}
	os.Exit(m.Run())
}

// crashChild writes call events, notes and claims as fast as it can,
// printing a line for each once the store has returned, that is once it is
// committed. It runs until it is killed.
func crashChild(kind, target string) int {
	ctx := context.Background()
	var s Store
	var err error
	switch kind {
	case "sqlite":
		s, err = OpenSQLite(ctx, target, Options{Name: "child"})
	case "postgres":
		s, err = OpenPostgres(ctx, target, Options{Name: "child"})
	default:
		err = fmt.Errorf("unknown store %q", kind)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "crash child:", err)
		return 1
	}
	out := bufio.NewWriter(os.Stdout)
	report := func(format string, args ...any) {
		fmt.Fprintf(out, format+"\n", args...)
		_ = out.Flush() // unbuffered in effect: the line leaves before the next write starts
	}
	for i := 0; ; i++ {
		id := fmt.Sprintf("crash-%d", i)
		number := fmt.Sprintf("+1415555%04d", i%10000)
		ev := Event{Kind: KindRang, CallID: id, SessionID: "s-" + id, At: t0.Add(time.Duration(i) * time.Second),
			Direction: DirectionIn, Party: Party{Name: "Caller " + id, Number: number}}
		steps := []func() error{
			func() error { _, err := s.Record(ctx, ev); return err },
			func() error { _, err := s.Record(ctx, next(ev, KindAnswered, ev.At.Add(3*time.Second))); return err },
			func() error { _, err := s.Record(ctx, next(ev, KindHeld, ev.At.Add(5*time.Second))); return err },
		}
		for _, step := range steps {
			if err := step(); err != nil {
				fmt.Fprintln(os.Stderr, "crash child:", err)
				return 1
			}
		}
		report("held %s", id)
		if i%3 == 0 {
			n, err := s.AddNote(ctx, Note{CallID: id, Text: "note on " + id})
			if err != nil {
				fmt.Fprintln(os.Stderr, "crash child:", err)
				return 1
			}
			report("note %d %s", n.ID, id)
		}
		if i%4 == 0 {
			cb, err := s.FlagCallback(ctx, Callback{Number: fmt.Sprintf("+1999555%04d", i), Note: id})
			if err == nil {
				err = s.Claim(ctx, cb.ID, "child")
			}
			if err != nil {
				fmt.Fprintln(os.Stderr, "crash child:", err)
				return 1
			}
			report("claimed %d %s", cb.ID, id)
		}
	}
}

func TestCrashSQLite(t *testing.T) { testCrash(t, sqliteBackend, "sqlite") }

func TestCrashPostgres(t *testing.T) {
	pgURL(t)
	testCrash(t, postgresBackend, "postgres")
}

// testCrash kills a writing child with SIGKILL in the middle of its work
// and checks, after reopening, that everything it reported committed is
// there, whole: the call with its answer and open hold, each note, each
// claim.
func testCrash(t *testing.T, b backend, kind string) {
	db := b.newDB(t)
	// The schema exists before the child starts, so that the kill lands
	// among ordinary writes.
	_ = db.open(t, Options{}).Close()

	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), crashChildEnv+"="+kind, crashTargetEnv+"="+db.target)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	must(t, err)
	must(t, cmd.Start())
	lines := bufio.NewScanner(stdout)
	var reports []string
	for len(reports) < crashReportsMin && lines.Scan() {
		reports = append(reports, lines.Text())
	}
	must(t, cmd.Process.Kill())
	// Lines already written before the kill count too.
	for lines.Scan() {
		reports = append(reports, lines.Text())
	}
	err = cmd.Wait()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != -1 {
		t.Fatalf("the child was not killed but ended: %v\n%s", err, stderr.String())
	}
	if len(reports) < crashReportsMin {
		t.Fatalf("the child reported %d commits before it stopped, want %d:\n%s", len(reports), crashReportsMin, stderr.String())
	}

	s := db.open(t, Options{})
	ctx := context.Background()
	for _, r := range reports {
		f := strings.Fields(r)
		switch f[0] {
		case "held":
			c, err := s.Call(ctx, f[1])
			if err != nil || c.Answered.IsZero() || c.HoldSince.IsZero() || c.Party.Name != "Caller "+f[1] {
				t.Errorf("%s: reported committed, after the crash %+v (%v)", r, c, err)
			}
		case "note":
			mem, err := s.Caller(ctx, mustCall(t, s, f[2]).Party.Number)
			must(t, err)
			if mem.LastNote == nil {
				t.Errorf("%s: reported committed, no note after the crash", r)
			}
		case "claimed":
			list, err := s.Worklist(ctx, WorklistFilter{Limit: MaxPageSize})
			must(t, err)
			found := false
			for _, cb := range list {
				if fmt.Sprint(cb.ID) == f[1] {
					found = cb.ClaimedBy == "child" && cb.Note == f[2]
				}
			}
			if !found {
				t.Errorf("%s: reported committed, not claimed after the crash", r)
			}
		default:
			t.Fatalf("the child reported %q", r)
		}
	}
	// The journal is whole, and writable after the crash.
	if sq, ok := s.(*store); ok && sq.d.name == "sqlite" {
		var check string
		must(t, sq.db.QueryRow(`PRAGMA integrity_check`).Scan(&check))
		if check != "ok" {
			t.Errorf("integrity check after the crash: %s", check)
		}
	}
	rec(t, s, incoming("after-crash", jane, at(0)))
	t.Logf("%d commits reported before SIGKILL, all found after reopening", len(reports))
}

// mustCall returns a call that must exist.
func mustCall(t *testing.T, s Store, id string) Call {
	t.Helper()
	c, err := s.Call(context.Background(), id)
	must(t, err)
	return c
}
