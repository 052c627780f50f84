package e2e

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/creack/pty"
)

// busyLightConfig is a busy light of three hooks in one group, each
// running light with its colour: red on a call, yellow ringing, green free.
func busyLightConfig(light string) string {
	hook := func(state, colour string) string {
		return fmt.Sprintf("[[hooks]]\nname = \"light %s\"\nevents = \"operator\"\nfilter = { state = %q }\ncommand = [%q, %q]\ngroup = \"light\"\n\n",
			colour, state, light, colour)
	}
	return hook("on-call|on-hold", "red") + hook("ringing", "yellow") + hook("idle", "green")
}

// A hook turns a (scripted) busy light red when the operator answers and
// green when they hang up, as a new operator would set one up.
func TestHookDrivesABusyLight(t *testing.T) {
	t.Parallel()
	srv := newSim(t)
	dir := t.TempDir()
	colours := filepath.Join(dir, "colours")
	light := filepath.Join(dir, "light")
	// The light: the colour it shows is its argument, kept in a file.
	if err := os.WriteFile(light, []byte("#!/bin/sh\nprintf '%s\\n' \"$1\" >>"+shellQuote(colours)+"\n"), 0o700); err != nil {
		t.Fatal(err)
	}
	ws := newWorkspace(t, busyLightConfig(light), "WEBEX_TOKEN="+srv.Token, "WEBEX_BASE_URL="+srv.BaseURL)
	c := ws.start()
	c.waitText("● online")
	shown := func() []string {
		data, _ := os.ReadFile(colours)
		return strings.Fields(string(data))
	}
	showing := func(want ...string) {
		t.Helper()
		c.waitFor(fmt.Sprintf("the light to have shown %v", want), func(screen) bool {
			return strings.Join(shown(), " ") == strings.Join(want, " ")
		})
	}
	showing("green") // free when the console starts

	ring(t, srv, "Ada Lovelace", "+14155550111")
	c.waitCall("Ada Lovelace", "ringing")
	showing("green", "yellow")
	c.press("a")
	c.waitCall("Ada Lovelace", "connected")
	showing("green", "yellow", "red")
	c.press("e")
	c.waitGone("Ada Lovelace")
	showing("green", "yellow", "red", "green")
}

// A failing hook is reported once on the status line; the console goes on.
func TestFailingHookShowsOnce(t *testing.T) {
	t.Parallel()
	srv := newSim(t)
	cfg := "[[hooks]]\nname = \"crm\"\nevents = \"ringing\"\ncommand = [\"callboard-e2e-no-such-crm\", \"{caller_number}\"]\n"
	ws := newWorkspace(t, cfg, "WEBEX_TOKEN="+srv.Token, "WEBEX_BASE_URL="+srv.BaseURL)
	c := ws.start()
	c.waitText("● online")
	ring(t, srv, "Ada Lovelace", "+14155550111")
	c.waitText("hook crm failed")
	c.waitCall("Ada Lovelace", "ringing")
	// The keys still work while the hook fails.
	c.press("a")
	c.waitCall("Ada Lovelace", "connected")
}

// ptyTerminal is the operator's terminal, as an SSH client would be: a
// pseudo-terminal with a tmux client attached, whose raw output the test
// reads.
type ptyTerminal struct {
	cmd *exec.Cmd
	f   *os.File

	mu   sync.Mutex
	out  bytes.Buffer
	done chan struct{}
}

// attach attaches a tmux client to the console's session in a new
// pseudo-terminal.
func (c *console) attach() *ptyTerminal {
	c.t.Helper()
	cmd := exec.Command("tmux", "-u", "-L", c.socket, "attach", "-t", session)
	cmd.Env = c.env
	f, err := pty.StartWithSize(cmd, &pty.Winsize{Cols: termWidth, Rows: termHeight})
	if err != nil {
		c.t.Fatalf("attach a tmux client: %v", err)
	}
	p := &ptyTerminal{cmd: cmd, f: f, done: make(chan struct{})}
	go func() {
		defer close(p.done)
		buf := make([]byte, 32<<10)
		for {
			n, err := f.Read(buf)
			p.mu.Lock()
			p.out.Write(buf[:n])
			p.mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	c.t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		f.Close()
		<-p.done
	})
	return p
}

// received returns everything the terminal received so far.
func (p *ptyTerminal) received() []byte {
	p.mu.Lock()
	defer p.mu.Unlock()
	return bytes.Clone(p.out.Bytes())
}

// A desktop notification reaches the operator's terminal through tmux: the
// console inside tmux wraps OSC 9 in tmux's passthrough, and the terminal
// tmux draws on (the pseudo-terminal read here) receives the OSC itself.
func TestNotificationReachesTheTerminalThroughTmux(t *testing.T) {
	t.Parallel()
	srv := newSim(t)
	ws := newWorkspace(t, "[alerts]\nterminal = \"osc9\"\n", "WEBEX_TOKEN="+srv.Token, "WEBEX_BASE_URL="+srv.BaseURL)
	c := ws.startIn([]string{"set -g allow-passthrough on"})
	c.waitText("● online")
	term := c.attach()
	c.waitFor("the attached terminal to draw the console", func(screen) bool {
		return bytes.Contains(term.received(), []byte("online"))
	})
	ring(t, srv, "Ada Lovelace", "+14155550111")
	c.waitCall("Ada Lovelace", "ringing")
	want := []byte("\x1b]9;Incoming call: Ada Lovelace +14155550111\a")
	c.waitFor("the OSC 9 notification on the terminal", func(screen) bool {
		return bytes.Contains(term.received(), want)
	})
	if got := term.received(); bytes.Contains(got, []byte("\x1bPtmux;")) {
		t.Error("tmux's passthrough wrapper reached the terminal: the console did not wrap it, or tmux did not unwrap it")
	}
}
