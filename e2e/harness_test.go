package e2e

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/callboard/callboard/webex"
	"github.com/callboard/callboard/webex/sim"
)

const (
	termWidth, termHeight = 120, 40
	// waitLimit bounds every wait for the screen: generous, because the
	// console polls only every few seconds when idle and the race detector
	// slows everything down.
	waitLimit = 20 * time.Second
	pollEvery = 50 * time.Millisecond
	simToken  = "e2e-simulator-token"
	session   = "callboard" // the tmux session the console runs in
)

// newSim starts a simulator for one test, in the scripted world.
func newSim(t *testing.T) *sim.Server {
	t.Helper()
	return startSim(t, scriptedWorld())
}

// scriptedWorld is the simulator of the tests: far ends never answer or hang
// up by themselves and nothing rings out within a test: the test makes the
// far end act through the control plane, so each step happens when it says.
func scriptedWorld() sim.Options {
	return sim.Options{
		Token:              simToken,
		Seed:               1,
		DeviceAnswerDelay:  3 * time.Second, // long enough to see "ringing your phone"
		RemoteAnswerDelay:  time.Hour,
		RemoteAnswerSpread: -1,
		TalkTime:           time.Hour,
		TalkTimeSpread:     -1,
		RingTimeout:        time.Hour,
		ParkRecall:         time.Hour,
		TransferTimeout:    time.Hour,
	}
}

// startSim starts a simulator on loopback for one test. Its token joins the
// secrets the suite's files are scanned for.
func startSim(t *testing.T, opts sim.Options) *sim.Server {
	t.Helper()
	srv, err := sim.Start(context.Background(), "127.0.0.1:0", opts)
	if err != nil {
		t.Fatalf("start the simulator: %v", err)
	}
	t.Cleanup(func() {
		if err := srv.Close(); err != nil {
			t.Errorf("close the simulator: %v", err)
		}
	})
	recordSecret(t, "simulator token", srv.Token)
	return srv
}

// ring starts an incoming call to the user and returns its id.
func ring(t *testing.T, srv *sim.Server, name, number string) string {
	t.Helper()
	id, err := srv.Sim.Inbound(sim.Inbound{Name: name, Number: number})
	if err != nil {
		t.Fatalf("inbound call from %s: %v", name, err)
	}
	return id
}

// simCall returns the user's one call whose remote party is name, as the
// simulator sees it.
func simCall(t *testing.T, srv *sim.Server, name string) webex.Call {
	t.Helper()
	var found []webex.Call
	for _, c := range srv.Sim.State().Calls {
		if c.RemoteParty.Name == name {
			found = append(found, c)
		}
	}
	if len(found) != 1 {
		t.Fatalf("the simulator has %d calls with %s, want 1: %+v", len(found), name, srv.Sim.State().Calls)
	}
	return found[0]
}

// farEndAnswers makes name answer the user's connecting call to them.
func farEndAnswers(t *testing.T, srv *sim.Server, name string) {
	t.Helper()
	if err := srv.Sim.Remote(simCall(t, srv, name).ID, sim.RemoteAnswer); err != nil {
		t.Fatalf("%s answers: %v", name, err)
	}
}

// posts returns the Call Controls requests the simulator received for op
// (such as "transfer"), oldest first.
func posts(srv *sim.Server, op string) []sim.RequestRecord {
	var out []sim.RequestRecord
	for _, r := range srv.Sim.Requests() {
		if r.Method == "POST" && r.Path == "/v1/telephony/calls/"+op {
			out = append(out, r)
		}
	}
	return out
}

// onePost returns the body of the only request for op, failing unless
// there is exactly one and the simulator accepted it.
func onePost(t *testing.T, srv *sim.Server, op string) map[string]any {
	t.Helper()
	reqs := posts(srv, op)
	if len(reqs) != 1 {
		t.Fatalf("the simulator received %d %s requests, want exactly 1: %s", len(reqs), op, describeRequests(reqs))
	}
	if st := reqs[0].Status; st < 200 || st > 299 {
		t.Errorf("the simulator refused the %s request: %s", op, describeRequests(reqs))
	}
	var body map[string]any
	if err := json.Unmarshal(reqs[0].Body, &body); err != nil {
		t.Fatalf("%s request body %s: %v", op, reqs[0].Body, err)
	}
	return body
}

func describeRequests(reqs []sim.RequestRecord) string {
	var b strings.Builder
	for _, r := range reqs {
		fmt.Fprintf(&b, "\n  %s %s %s → %d", r.Method, r.Path, r.Body, r.Status)
	}
	return b.String()
}

// console is the real callboard binary running in a private tmux server,
// in a workspace of its own.
type console struct {
	*workspace
	socket string // the tmux server's name (tmux -L)
	// exitFile receives the console's exit status when it ends.
	exitFile string
}

// launch says how to start the console.
type launch struct {
	args []string // arguments after --config and --debug
	env  []string // KEY=VALUE added to the isolated environment
}

// startConsole runs the console in a new tmux server of its own, isolated
// from the machine: its own home and XDG directories, a configuration file
// that sets only the debug log, and only the environment in l.
func startConsole(t *testing.T, l launch) *console {
	t.Helper()
	return newWorkspace(t, "", l.env...).start(l.args...)
}

// start runs the console, with --debug and args, in a new tmux server.
func (ws *workspace) start(args ...string) *console {
	ws.t.Helper()
	return ws.startIn(nil, args...)
}

// startIn is start with more lines for the tmux server's configuration.
func (ws *workspace) startIn(tmuxLines []string, args ...string) *console {
	t := ws.t
	t.Helper()
	tmuxConf := filepath.Join(ws.dir, "tmux.conf")
	// No status line, so the pane is the whole 120×40; a pane stays when its
	// command ends, so the screen after quitting can be read.
	conf := "set -g status off\nset -g remain-on-exit on\n" + strings.Join(tmuxLines, "\n") + "\n"
	if err := os.WriteFile(tmuxConf, []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	c := &console{
		workspace: ws,
		socket:    filepath.Base(ws.sockDir),
		exitFile:  filepath.Join(ws.dir, "exit-status"),
	}
	command := []string{shellQuote(binaryPath()), "--config", shellQuote(ws.config), "--debug"}
	for _, a := range args {
		command = append(command, shellQuote(a))
	}
	// The shell records the console's exit status. tmux's own
	// #{pane_dead_status} is not reliable: built with libutempter, tmux can
	// miss the SIGCHLD of a pane that exits while it updates utmp, and then
	// it never reaps the process.
	command = append(command, "; echo $? >"+shellQuote(c.exitFile))
	c.tmux("-f", tmuxConf, "new-session", "-d", "-s", session,
		"-x", fmt.Sprint(termWidth), "-y", fmt.Sprint(termHeight), strings.Join(command, " "))
	t.Cleanup(func() {
		_, _ = c.run("kill-server") // already gone is fine
	})
	return c
}

// consoleOn starts the console on srv's line and waits until it is online.
func consoleOn(t *testing.T, srv *sim.Server) *console {
	t.Helper()
	c := startConsole(t, launch{env: []string{"WEBEX_TOKEN=" + srv.Token, "WEBEX_BASE_URL=" + srv.BaseURL}})
	c.waitText("● online")
	return c
}

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// run runs one tmux command on the console's server. What it prints joins
// the test's artifacts: a capture as a screen, anything else as output.
func (c *console) run(args ...string) (string, error) {
	cmd := exec.Command("tmux", append([]string{"-u", "-L", c.socket}, args...)...)
	cmd.Env = c.env
	var out, errOut strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	if len(args) > 0 && args[0] == "capture-pane" && err == nil {
		c.art.screen(out.String())
	} else {
		c.art.output(append([]string{"tmux"}, args...), out.String(), errOut.String())
	}
	if ee := (*exec.ExitError)(nil); errors.As(err, &ee) {
		err = fmt.Errorf("%w: %s", err, strings.TrimSpace(errOut.String()))
	}
	return out.String(), err
}

// tmux runs one tmux command and fails the test if it fails.
func (c *console) tmux(args ...string) string {
	c.t.Helper()
	out, err := c.run(args...)
	if err != nil {
		c.t.Fatalf("tmux %s: %v", strings.Join(args, " "), err)
	}
	return out
}

// press sends keys by their tmux names: "a", "T", "Enter", "Escape", "C-r".
func (c *console) press(keys ...string) {
	c.t.Helper()
	c.tmux(append([]string{"send-keys", "-t", session}, keys...)...)
}

// typeText types text literally.
func (c *console) typeText(text string) {
	c.t.Helper()
	c.tmux("send-keys", "-t", session, "-l", "--", text)
}

// screen reads what the terminal shows now.
func (c *console) screen() screen {
	c.t.Helper()
	return parseScreen(c.tmux("capture-pane", "-p", "-t", session))
}

// waitFor polls the screen until ok accepts it, and fails the test with the
// last screen when waitLimit passes first.
func (c *console) waitFor(what string, ok func(screen) bool) screen {
	c.t.Helper()
	return c.waitWithin(waitLimit, what, ok)
}

// waitWithin is waitFor with a limit of its own.
func (c *console) waitWithin(limit time.Duration, what string, ok func(screen) bool) screen {
	c.t.Helper()
	s, found := c.await(limit, ok)
	if !found {
		c.t.Fatalf("waited %s for %s; the screen was:\n%s", limit, what, s)
	}
	return s
}

// await polls the screen until ok accepts it or limit passes, and returns
// the last screen and whether ok accepted it.
func (c *console) await(limit time.Duration, ok func(screen) bool) (screen, bool) {
	c.t.Helper()
	deadline := time.Now().Add(limit)
	tick := time.NewTicker(pollEvery)
	defer tick.Stop()
	for {
		s := c.screen()
		if ok(s) {
			return s, true
		}
		if time.Now().After(deadline) {
			return s, false
		}
		<-tick.C
	}
}

// showPane presses the next-pane key until the pane named name shows.
func (c *console) showPane(name string) {
	c.t.Helper()
	tab := "▸ " + name
	for range 5 {
		if _, ok := c.await(2*time.Second, func(s screen) bool { return s.has(tab) }); ok {
			return
		}
		c.press("W")
	}
	c.waitText(tab)
}

// focusCalls gives the keys back to the call list if a pane has them.
func (c *console) focusCalls() {
	c.t.Helper()
	if c.screen().has("◂ keys here") {
		c.press("w")
		c.waitNoText("◂ keys here")
	}
}

// waitText waits until text is on screen.
func (c *console) waitText(text string) screen {
	c.t.Helper()
	return c.waitFor(fmt.Sprintf("%q on screen", text), func(s screen) bool { return s.has(text) })
}

// waitNoText waits until text is no longer on screen.
func (c *console) waitNoText(text string) screen {
	c.t.Helper()
	return c.waitFor(fmt.Sprintf("%q to leave the screen", text), func(s screen) bool { return !s.has(text) })
}

// waitCall waits until the call list has a row for remote in state (the
// state's word as shown, such as "on hold").
func (c *console) waitCall(remote, state string) screen {
	c.t.Helper()
	return c.waitCallWithin(waitLimit, remote, state)
}

// waitCallWithin is waitCall with a limit of its own.
func (c *console) waitCallWithin(limit time.Duration, remote, state string) screen {
	c.t.Helper()
	return c.waitWithin(limit, fmt.Sprintf("a call with %s %q in the list", remote, state), func(s screen) bool {
		return slices.ContainsFunc(s.calls(), func(r callRow) bool { return r.remote == remote && r.state == state })
	})
}

// waitGone waits until no row of the call list is for remote.
func (c *console) waitGone(remote string) screen {
	c.t.Helper()
	return c.waitFor(fmt.Sprintf("the call with %s to leave the list", remote), func(s screen) bool {
		return s.heading() >= 0 && len(s.callsWith(remote)) == 0
	})
}

// waitExit waits until the console's process has ended and returns its exit status.
func (c *console) waitExit() int {
	c.t.Helper()
	var data []byte
	c.waitFor("the console to exit", func(screen) bool {
		var err error
		data, err = os.ReadFile(c.exitFile)
		return err == nil && strings.HasSuffix(string(data), "\n")
	})
	status, err := strconv.Atoi(strings.TrimSpace(string(data)))
	if err != nil {
		c.t.Fatalf("the console's exit status %q: %v", data, err)
	}
	return status
}

// screen is one capture of the terminal, a line per row.
type screen struct{ lines []string }

func parseScreen(out string) screen {
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return screen{lines: lines}
}

// String frames the screen for a failure message.
func (s screen) String() string {
	var b strings.Builder
	b.WriteString("  ┌" + strings.Repeat("─", termWidth) + "┐\n")
	for _, l := range s.lines {
		b.WriteString("  │" + l + strings.Repeat(" ", max(termWidth-utf8.RuneCountInString(l), 0)) + "│\n")
	}
	b.WriteString("  └" + strings.Repeat("─", termWidth) + "┘")
	return b.String()
}

func (s screen) has(text string) bool { return strings.Contains(strings.Join(s.lines, "\n"), text) }

// heading returns the index of the call list's heading line, or -1 when
// the list is not on screen (help or history is showing, say).
func (s screen) heading() int {
	return slices.IndexFunc(s.lines, func(l string) bool {
		return strings.Contains(l, "STATE") && strings.Contains(l, "REMOTE")
	})
}

// callRow is one row of the call list, split at the list's column headings.
type callRow struct {
	selected bool
	state    string // the state's word, without its glyph: "ringing", "on hold"
	line     string // the LINE column, when several lines are watched: "mine", "Main Line"
	remote   string
	number   string // the number shown after the name, if any
	rest     string // the columns after REMOTE: type, direction, time, hold time, tags
}

// calls reads the call list: the rows under the STATE/REMOTE heading, up to
// the first blank one, without the detail pane beside them.
func (s screen) calls() []callRow {
	h := s.heading()
	if h < 0 {
		return nil
	}
	head := []rune(s.lines[h])
	end := len(head)
	if i := runeIndex(head, "─"); i >= 0 { // the detail pane's title
		end = i
	}
	head = head[:end]
	col := func(name string) int {
		if i := runeIndex(head, name); i >= 0 {
			return i
		}
		return end
	}
	state, remote := col("STATE"), col("REMOTE")
	lineCol := col("LINE") // end when one line only
	after := min(col("TYPE"), col("DIR"), col("TIME"))
	var rows []callRow
	for _, line := range s.lines[h+1:] {
		r := []rune(line)
		r = r[:min(len(r), end)]
		if strings.TrimSpace(string(r)) == "" {
			break
		}
		field := func(from, to int) string {
			from, to = min(from, len(r)), min(to, len(r))
			if from >= to {
				return ""
			}
			return strings.TrimSpace(string(r[from:to]))
		}
		st := field(state, min(lineCol, remote))
		glyph, word, ok := strings.Cut(st, " ")
		if !ok || utf8.RuneCountInString(glyph) != 1 {
			break // not a row: the empty list's text
		}
		st = word
		// The remote column reads "Name · number" (or the number alone).
		name, number, _ := strings.Cut(field(remote, after), " · ")
		rows = append(rows, callRow{
			selected: strings.HasPrefix(string(r), "›"),
			state:    st,
			line:     field(lineCol, remote),
			remote:   name,
			number:   number,
			rest:     field(after, end),
		})
	}
	return rows
}

// callsWith returns the rows for remote.
func (s screen) callsWith(remote string) []callRow {
	var out []callRow
	for _, r := range s.calls() {
		if r.remote == remote {
			out = append(out, r)
		}
	}
	return out
}

// runeIndex is strings.Index counted in runes (one cell each on this screen).
func runeIndex(rs []rune, sub string) int {
	i := strings.Index(string(rs), sub)
	if i < 0 {
		return -1
	}
	return utf8.RuneCountInString(string(rs)[:i])
}
