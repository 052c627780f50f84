package e2e

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/callboard/callboard/journal"
	"github.com/callboard/callboard/webex/sim"
)

// The journal, tried as a new operator would: in the real console, in
// tmux, against the simulator, on SQLite and on a team's PostgreSQL.

// pgURLEnv names the URL of a throwaway PostgreSQL server for the tests;
// .ci/with-postgres starts one and sets it.
const pgURLEnv = "CALLBOARD_TEST_PG_URL"

// pgJournalURL returns the URL of an empty journal of its own on the test
// server (a schema, dropped afterwards). Without a server the test is
// skipped on a developer's machine, saying why, and fails under CI.
func pgJournalURL(t *testing.T) string {
	t.Helper()
	base := os.Getenv(pgURLEnv)
	if base == "" {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is not set but CI is: the team journal's end-to-end tests must run in CI (.ci/with-postgres)", pgURLEnv)
		}
		t.Skipf("PostgreSQL end-to-end tests skipped: %s is not set (run them with .ci/with-postgres go test ./e2e/)", pgURLEnv)
	}
	cfg, err := pgx.ParseConfig(base)
	if err != nil {
		t.Fatalf("%s: %v", pgURLEnv, err)
	}
	admin := stdlib.OpenDB(*cfg)
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	schema := "e2e_journal_" + hex.EncodeToString(b)
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
	return u.String()
}

// journalStore is where a workspace's journal lives: its SQLite file, or
// the team's PostgreSQL URL.
type journalStore struct {
	name string
	// config is the [journal] table of the consoles, for operator.
	config func(operator string) string
	// open opens the journal from the test, to set it up or read it.
	open func(t *testing.T, ws *workspace) journal.Store
}

// sqliteStore keeps each workspace's journal in its own XDG data
// directory, where the console puts it by default.
func sqliteStore() journalStore {
	return journalStore{
		name:   "sqlite",
		config: func(operator string) string { return fmt.Sprintf("[journal]\noperator = %q\n", operator) },
		open: func(t *testing.T, ws *workspace) journal.Store {
			return openStore(t, filepath.Join(ws.dir, "data", "callboard", "journal.db"), "")
		},
	}
}

// postgresStore puts every workspace of the test in one team journal.
func postgresStore(t *testing.T) journalStore {
	u := pgJournalURL(t)
	return journalStore{
		name:   "postgres",
		config: func(operator string) string { return fmt.Sprintf("[journal]\nurl = %q\noperator = %q\n", u, operator) },
		open:   func(t *testing.T, _ *workspace) journal.Store { return openStore(t, "", u) },
	}
}

func openStore(t *testing.T, path, u string) journal.Store {
	t.Helper()
	s, err := journal.Open(context.Background(), path, u, journal.Options{Name: "e2e"})
	if err != nil {
		t.Fatalf("open the journal: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// onJournal starts the console on srv with the journal's configuration.
func onJournal(t *testing.T, srv *sim.Server, js journalStore, operator string) *console {
	t.Helper()
	c := newWorkspace(t, js.config(operator), "WEBEX_TOKEN="+srv.Token, "WEBEX_BASE_URL="+srv.BaseURL).start()
	c.waitText("● online")
	return c
}

// hangUpRinging makes the caller of a ringing call give up: missed.
func hangUpRinging(t *testing.T, srv *sim.Server, id string) {
	t.Helper()
	if err := srv.Sim.Remote(id, sim.RemoteHangup); err != nil {
		t.Fatalf("the caller hangs up: %v", err)
	}
}

// kill9 kills the console's process as a crash would: no chance to write
// anything more.
func (c *console) kill9() {
	c.t.Helper()
	shell, err := strconv.Atoi(strings.TrimSpace(c.tmux("display-message", "-p", "-t", session, "#{pane_pid}")))
	if err != nil {
		c.t.Fatalf("the pane's process: %v", err)
	}
	pid := childNamed(c.t, shell, "callboard")
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		c.t.Fatalf("kill -9 %d: %v", pid, err)
	}
	if status := c.waitExit(); status != 128+int(syscall.SIGKILL) {
		c.t.Fatalf("the console exited with %d, want %d (killed)", status, 128+int(syscall.SIGKILL))
	}
	c.tmux("kill-server")
	// kill-server returns before the server has gone: a console started at
	// once on the same socket could reach the dying server and fail with
	// "server exited unexpectedly".
	for {
		_, err := c.run("list-sessions")
		if err != nil && (strings.Contains(err.Error(), "no server running") || strings.Contains(err.Error(), "error connecting")) {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// childNamed finds the child process of parent whose command is name.
func childNamed(t *testing.T, parent int, name string) int {
	t.Helper()
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/task/%d/children", parent, parent))
	if err != nil {
		t.Fatalf("children of %d: %v", parent, err)
	}
	for _, f := range strings.Fields(string(data)) {
		pid, _ := strconv.Atoi(f)
		comm, _ := os.ReadFile(fmt.Sprintf("/proc/%d/comm", pid))
		if strings.TrimSpace(string(comm)) == name {
			return pid
		}
	}
	t.Fatalf("no %s under process %d (children %q)", name, parent, data)
	return 0
}

// kill -9 with a call parked, a call missed and a call on hold, then a
// restart: the parked reminder, the missed count and the hold's start are
// all back.
func TestJournalKillMidCallAndRestart(t *testing.T) {
	t.Parallel()
	srv := newSim(t)
	first := onJournal(t, srv, sqliteStore(), "alex")
	ring(t, srv, "Ada Lovelace", "+14155551815")
	first.waitCall("Ada Lovelace", "ringing")
	first.press("a")
	first.waitCall("Ada Lovelace", "connected")
	first.press("p")
	first.typeText("group")
	first.press("Enter")
	first.waitText("parked: Ada Lovelace")
	missed := ring(t, srv, "Bob Kahn", "+14155551938")
	first.waitCall("Bob Kahn", "ringing")
	hangUpRinging(t, srv, missed)
	first.waitText("1 missed")
	ring(t, srv, "Grace Hopper", "+14155551906")
	first.waitCall("Grace Hopper", "ringing")
	first.press("a")
	first.waitCall("Grace Hopper", "connected")
	first.press("h")
	first.waitCall("Grace Hopper", "on hold")
	time.Sleep(3 * time.Second) // the hold has lasted a while when the console dies
	first.kill9()

	second := first.workspace.start()
	second.waitText("● online")
	s := second.waitText("1 missed")
	if !s.has("parked: Ada Lovelace") {
		t.Errorf("the parked reminder did not survive the restart:\n%s", s)
	}
	// The first frame may come before the hold's time shows; once it
	// does, it counts from when the hold began, not from the restart (≥).
	var row string
	second.waitFor("Grace Hopper's hold time", func(s screen) bool {
		for _, l := range s.lines {
			if strings.Contains(l, "on hold") && strings.Contains(l, "Grace Hopper") && strings.Contains(l, "held ") {
				row = l
				return true
			}
		}
		return false
	})
	if strings.Contains(row, "≥") {
		t.Errorf("the hold is timed from the restart, not from when it began: %q", row)
	}
	// P offers the restored park and retrieves it.
	second.press("P")
	second.waitText("retrieve the call parked on")
	second.press("Enter")
	second.waitCall("Ada Lovelace", "connected")
}

// A missed call appears on the worklist and is done after one call-back,
// on both stores.
func TestJournalMissedCallDoneAfterOneCallBack(t *testing.T) {
	t.Parallel()
	for _, store := range []func(t *testing.T) journalStore{func(*testing.T) journalStore { return sqliteStore() }, postgresStore} {
		t.Run("", func(t *testing.T) {
			t.Parallel()
			js := store(t)
			srv := newSim(t)
			c := onJournal(t, srv, js, "alex")
			id := ring(t, srv, "Omar Haddad", "+442079460958")
			c.waitCall("Omar Haddad", "ringing")
			hangUpRinging(t, srv, id)
			c.waitText("call-backs: 1 to call back")
			c.showPane("call-backs")
			c.waitText("call-backs (1)")
			c.waitText("+442079460958 · missed")
			c.press("w", "Enter")
			c.waitText("Omar Haddad · claimed by you")
			// The operator's phone rings, picks up, and Omar answers.
			var callID string
			c.waitFor("the call back placed", func(screen) bool {
				for _, call := range srv.Sim.State().Calls {
					if call.RemoteParty.Number == "+442079460958" && call.State == "connecting" {
						callID = call.ID
						return true
					}
				}
				return false
			})
			if err := srv.Sim.Remote(callID, sim.RemoteAnswer); err != nil {
				t.Fatal(err)
			}
			c.waitText("no call-backs to make")
			list, err := js.open(t, c.workspace).Worklist(context.Background(), journal.WorklistFilter{IncludeDone: true})
			if err != nil || len(list) != 1 || list[0].Resolution != journal.ResolutionReached {
				t.Errorf("worklist = %+v, %v; want Omar's call-back reached", list, err)
			}
		})
	}
}

// A message for a colleague in three keys: M, the colleague, enter. It is
// kept in the journal and arrives as a Webex message.
func TestJournalMessageInThreeKeys(t *testing.T) {
	t.Parallel()
	srv := newSim(t)
	js := sqliteStore()
	c := onJournal(t, srv, js, "alex")
	ring(t, srv, "Jane Roe", "+14155550123")
	c.waitCall("Jane Roe", "ringing")
	c.press("M")
	c.typeText("priya")
	c.press("Enter")
	c.waitText("message for priya saved and sent to Priya Shah")
	msgs := srv.Sim.Messages()
	if len(msgs) != 1 || msgs[0].ToPersonEmail != "priya.shah@example.com" || !strings.Contains(msgs[0].Text, "Jane Roe (+14155550123) called") {
		t.Fatalf("the simulator received %+v", msgs)
	}
	kept, err := js.open(t, c.workspace).Messages(context.Background(), journal.MessageFilter{})
	if err != nil || len(kept) != 1 || kept[0].State != journal.MessageSent || kept[0].CallerName != "Jane Roe" {
		t.Errorf("the journal keeps %+v, %v", kept, err)
	}
}

// A caller who rang yesterday is recognised, with yesterday's note.
func TestJournalRecognisesYesterdaysCaller(t *testing.T) {
	t.Parallel()
	srv := newSim(t)
	js := sqliteStore()
	ws := newWorkspace(t, js.config("alex"), "WEBEX_TOKEN="+srv.Token, "WEBEX_BASE_URL="+srv.BaseURL)
	s := js.open(t, ws)
	yesterday := time.Now().AddDate(0, 0, -1)
	party := journal.Party{Name: "Jane Roe", Number: "+14155550123"}
	if _, err := s.RecordBatch(context.Background(), []journal.Event{
		{Kind: journal.KindRang, CallID: "yesterday", At: yesterday, Direction: journal.DirectionIn, Party: party},
		{Kind: journal.KindAnswered, CallID: "yesterday", At: yesterday.Add(5 * time.Second)},
		{Kind: journal.KindEnded, CallID: "yesterday", At: yesterday.Add(4 * time.Minute)},
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddNote(context.Background(), journal.Note{CallID: "yesterday", Text: "the invoice", Author: "sam", Created: yesterday}); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	c := ws.start()
	c.waitText("● online")
	ring(t, srv, "", "+14155550123")
	c.waitText("↺ yesterday: the invoi") // the row may cut the note short
	c.waitText("called yesterday about the invoice")
}

// Two consoles on one PostgreSQL share the worklist: a claim on one shows
// on the other, which can then neither call back nor close it.
func TestJournalTwoConsolesShareTheWorklist(t *testing.T) {
	t.Parallel()
	js := postgresStore(t)
	alex := onJournal(t, newSim(t), js, "alex")
	sam := onJournal(t, newSim(t), js, "sam")
	if _, err := js.open(t, alex.workspace).FlagCallback(context.Background(),
		journal.Callback{Number: "+14155550123", Name: "Jane Roe", Note: "the quote"}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []*console{alex, sam} {
		c.waitText("call-backs: 1 to call back")
		c.showPane("call-backs")
		c.waitText("Jane Roe")
	}
	alex.press("w", "c")
	alex.waitText("Jane Roe · claimed by you")
	sam.waitText("Jane Roe · claimed by alex")
	sam.press("w", "x")
	sam.waitText("only they can mark it done")
	alex.press("x")
	alex.waitText("no call-backs to make")
	sam.waitText("no call-backs to make")
}
