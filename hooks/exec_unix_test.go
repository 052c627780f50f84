//go:build unix

package hooks

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// script writes an executable shell script into dir.
func script(t *testing.T, dir, name, body string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte("#!/bin/sh\n"+body), 0o700); err != nil {
		t.Fatal(err)
	}
	return p
}

// realRunner runs real processes with only PATH and OUT=dir inherited.
func realRunner(t *testing.T, dir string, rep *reports, hs ...Hook) *Runner {
	t.Helper()
	r, err := Start(context.Background(), Options{Hooks: hs, Report: rep.add,
		Environ: []string{"PATH=" + os.Getenv("PATH"), "OUT=" + dir, "WEBEX_TOKEN=must-not-leak"}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(r.Close)
	return r
}

func readWhenThere(t *testing.T, path string) string {
	t.Helper()
	var data []byte
	waitFor(t, path+" to be written", func() bool {
		var err error
		data, err = os.ReadFile(path)
		return err == nil && strings.HasSuffix(string(data), "\n")
	})
	return string(data)
}

// alive reports whether a process exists.
func alive(pid int) bool { return syscall.Kill(pid, 0) == nil }

// A hook that hangs is killed at its timeout, with the children it
// started, and reported.
func TestHangingHookIsKilledAtItsTimeout(t *testing.T) {
	dir := t.TempDir()
	hang := script(t, dir, "hang", `sleep 300 &
echo $! >"$OUT/child"
echo $$ >"$OUT/parent"
wait
`)
	rep := &reports{}
	r := realRunner(t, dir, rep, Hook{Name: "hang", Events: []string{"answered"}, Command: []string{hang}, Timeout: 200 * time.Millisecond})
	r.Fire(Event{Event: "answered", CallID: "c1"})
	parent, _ := strconv.Atoi(strings.TrimSpace(readWhenThere(t, filepath.Join(dir, "parent"))))
	child, _ := strconv.Atoi(strings.TrimSpace(readWhenThere(t, filepath.Join(dir, "child"))))
	waitFor(t, "the timeout to be reported", func() bool { return len(rep.all()) == 1 })
	if got := rep.all()[0]; !strings.Contains(got, "hook hang failed: killed after 200ms") {
		t.Errorf("report %q", got)
	}
	waitFor(t, "the hook and its child to be gone", func() bool { return !alive(parent) && !alive(child) })
}

// Arguments go to the program as they are: no shell sees a caller's name,
// whatever it holds.
func TestNoShellUnlessAsked(t *testing.T) {
	dir := t.TempDir()
	// Each file is written whole, then renamed into place: the test reads
	// it as soon as it is there, and a line at a time it read the first.
	args := script(t, dir, "args", `for a in "$@"; do printf '%s\n' "$a"; done >"$OUT/received.part"
mv "$OUT/received.part" "$OUT/received"
env >"$OUT/environment.part"
mv "$OUT/environment.part" "$OUT/environment"
`)
	rep := &reports{}
	r := realRunner(t, dir, rep, Hook{Events: []string{"ringing"}, Command: []string{args, "{caller_name}", "n={caller_number}"}})
	evil := "$(touch " + filepath.Join(dir, "pwned") + "); `id` > x | y & z"
	r.Fire(Event{Event: "ringing", CallerName: evil, CallerNumber: "+1;reboot"})
	got := readWhenThere(t, filepath.Join(dir, "received"))
	if want := evil + "\nn=+1;reboot\n"; got != want {
		t.Errorf("the program received %q, want %q", got, want)
	}
	env := readWhenThere(t, filepath.Join(dir, "environment"))
	if !strings.Contains(env, "CALLBOARD_CALLER_NAME="+evil+"\n") || !strings.Contains(env, "CALLBOARD_EVENT=ringing\n") {
		t.Errorf("the event is not in the environment:\n%s", env)
	}
	if strings.Contains(env, "must-not-leak") {
		t.Error("a hook received WEBEX_TOKEN")
	}
	if _, err := os.Stat(filepath.Join(dir, "pwned")); !errors.Is(err, os.ErrNotExist) {
		t.Error("a caller's name ran as a command")
	}
	if len(rep.all()) != 0 {
		t.Errorf("reports %q", rep.all())
	}
}

// A hook that asks for a shell gets one, and reads the event from its
// environment.
func TestShellWhenAsked(t *testing.T) {
	dir := t.TempDir()
	rep := &reports{}
	r := realRunner(t, dir, rep, Hook{Events: []string{"ended"}, Shell: true,
		Command: []string{`printf '%s %s\n' "$CALLBOARD_EVENT" "$CALLBOARD_CALLER_NAME" >"$OUT/log"`}})
	r.Fire(Event{Event: "ended", CallerName: "$(id) Ada"})
	if got := readWhenThere(t, filepath.Join(dir, "log")); got != "ended $(id) Ada\n" {
		t.Errorf("the script wrote %q", got)
	}
}

// A failing command is reported with what it said.
func TestFailingProcessReportedWithItsOutput(t *testing.T) {
	dir := t.TempDir()
	fail := script(t, dir, "fail", "echo 'light not found' >&2\nexit 3\n")
	rep := &reports{}
	r := realRunner(t, dir, rep, Hook{Name: "light", Events: []string{"answered"}, Command: []string{fail}})
	r.Fire(Event{Event: "answered", CallID: "a"})
	r.Fire(Event{Event: "answered", CallID: "b"})
	waitFor(t, "the failure to be reported", func() bool { return len(rep.all()) == 1 })
	if got := rep.all()[0]; !strings.Contains(got, "exit status 3") || !strings.Contains(got, "light not found") {
		t.Errorf("report %q", got)
	}
	missing := realRunner(t, dir, rep, Hook{Name: "nothing", Events: []string{"answered"}, Command: []string{"callboard-no-such-program"}})
	missing.Fire(Event{Event: "answered"})
	waitFor(t, "a missing program to be reported", func() bool { return len(rep.all()) == 2 })
}
