package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/creack/pty"
	"github.com/hinshun/vt10x"

	"github.com/callboard/callboard/webex/sim"
)

// stats summarises durations.
type stats struct{ sorted []time.Duration }

func newStats(ds []time.Duration) stats {
	s := slices.Clone(ds)
	slices.Sort(s)
	return stats{sorted: s}
}

// p returns the q-th percentile (nearest rank).
func (s stats) p(q float64) time.Duration {
	if len(s.sorted) == 0 {
		return 0
	}
	i := int(q/100*float64(len(s.sorted))+0.5) - 1
	return s.sorted[max(0, min(i, len(s.sorted)-1))]
}

func (s stats) max() time.Duration {
	if len(s.sorted) == 0 {
		return 0
	}
	return s.sorted[len(s.sorted)-1]
}

// arrival is one request as the simulator's front door saw it.
type arrival struct {
	at     time.Time
	method string
	path   string
}

// simServer is the simulator behind a recorder that timestamps every API
// request the moment it arrives, before the simulator does any work.
type simServer struct {
	sim   *sim.Simulator
	url   string
	token string
	srv   *http.Server

	mu       sync.Mutex
	arrivals []arrival
	changed  chan struct{}
}

func startSim(opts sim.Options) (*simServer, error) {
	opts.Token = "bench-token"
	s := &simServer{sim: sim.New(opts), token: opts.Token, changed: make(chan struct{}, 1)}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	h := s.sim.Handler()
	s.srv = &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/v1/telephony/") {
			s.mu.Lock()
			s.arrivals = append(s.arrivals, arrival{at: time.Now(), method: r.Method, path: r.URL.Path})
			s.mu.Unlock()
			select {
			case s.changed <- struct{}{}:
			default:
			}
		}
		h.ServeHTTP(w, r)
	}), ReadHeaderTimeout: 10 * time.Second}
	go s.srv.Serve(ln)
	s.url = "http://" + ln.Addr().String() + "/v1"
	return s, nil
}

func (s *simServer) close() { s.srv.Close() }

// mark returns the number of requests so far, to look at later ones only.
func (s *simServer) mark() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.arrivals)
}

// waitRequest waits for the first request after mark whose path ends with one
// of suffixes, and returns its arrival time.
func (s *simServer) waitRequest(ctx context.Context, mark int, method string, suffixes ...string) (time.Time, error) {
	for {
		s.mu.Lock()
		for _, a := range s.arrivals[mark:] {
			if a.method != method {
				continue
			}
			for _, suf := range suffixes {
				if strings.HasSuffix(a.path, suf) {
					s.mu.Unlock()
					return a.at, nil
				}
			}
		}
		s.mu.Unlock()
		select {
		case <-ctx.Done():
			return time.Time{}, fmt.Errorf("waiting for %s %v: %w", method, suffixes, ctx.Err())
		case <-s.changed:
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// count returns how many requests with method and path suffix arrived in [from, to).
func (s *simServer) count(method, suffix string, from, to time.Time) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, a := range s.arrivals {
		if a.method == method && strings.HasSuffix(a.path, suffix) && !a.at.Before(from) && a.at.Before(to) {
			n++
		}
	}
	return n
}

// console is callboard running in a pseudo-terminal, its output kept in a
// terminal emulator so the harness reads the screen as the operator would.
type console struct {
	cmd     *exec.Cmd
	pty     *os.File
	started time.Time

	mu       sync.Mutex
	term     vt10x.Terminal
	screen   string
	firstOut time.Time
	updated  chan struct{}
	done     chan struct{}
}

const cols, rows = 120, 40

func startConsole(e benchEnv, s *simServer) (*console, error) {
	home, err := os.MkdirTemp(e.dir, "home-")
	if err != nil {
		return nil, err
	}
	cfg := filepath.Join(home, "config.toml")
	// One line, no queues pane and, unless asked, no colleagues pane: the
	// figures are the call console's (BENCHMARKS.md measures every line, the
	// queues and the colleagues' presence on their own).
	conf := "[alerts]\nbell = false\n\n[lines]\ndiscover = false\n\n[queues]\nenabled = false\n"
	if !e.panes {
		conf += "\n[office]\ncolleagues = false\n"
	}
	if e.fps > 0 {
		conf += fmt.Sprintf("\n[ui]\nfps = %d\n", e.fps)
	}
	if e.journal != "" {
		conf += fmt.Sprintf("\n[journal]\npath = %q\n", e.journal)
	}
	if err := os.WriteFile(cfg, []byte(conf), 0o600); err != nil {
		return nil, err
	}
	cmd := exec.Command(e.bin, "--config", cfg)
	cmd.Env = []string{
		"HOME=" + home, "XDG_CONFIG_HOME=" + home, "XDG_STATE_HOME=" + home, "TERM=xterm-256color",
		"WEBEX_TOKEN=" + s.token, "WEBEX_BASE_URL=" + s.url, "PATH=" + os.Getenv("PATH"),
	}
	c := &console{cmd: cmd, term: vt10x.New(vt10x.WithSize(cols, rows)), updated: make(chan struct{}, 1), done: make(chan struct{})}
	c.started = time.Now()
	f, err := pty.StartWithSize(cmd, &pty.Winsize{Cols: cols, Rows: rows})
	if err != nil {
		return nil, fmt.Errorf("start callboard: %w", err)
	}
	c.pty = f
	go c.read()
	return c, nil
}

// read feeds the program's output to the emulator until it exits.
func (c *console) read() {
	defer close(c.done)
	r := bufio.NewReader(c.pty)
	buf := make([]byte, 64<<10)
	for {
		n, err := r.Read(buf)
		if n > 0 {
			c.mu.Lock()
			if c.firstOut.IsZero() {
				c.firstOut = time.Now()
			}
			_, _ = c.term.Write(buf[:n])
			c.screen = c.term.String()
			c.mu.Unlock()
			select {
			case c.updated <- struct{}{}:
			default:
			}
		}
		if err != nil {
			return
		}
	}
}

// waitScreen waits until the screen satisfies ok, and returns when it did.
func (c *console) waitScreen(ctx context.Context, what string, ok func(screen string) bool) (time.Time, error) {
	for {
		c.mu.Lock()
		screen := c.screen
		c.mu.Unlock()
		if ok(screen) {
			return time.Now(), nil
		}
		select {
		case <-ctx.Done():
			return time.Time{}, fmt.Errorf("waiting for %s: %w\nscreen:\n%s", what, ctx.Err(), screen)
		case <-c.done:
			return time.Time{}, errors.New("callboard exited while waiting for " + what)
		case <-c.updated:
		case <-time.After(100 * time.Millisecond):
		}
	}
}

func (c *console) waitText(ctx context.Context, text string) (time.Time, error) {
	return c.waitScreen(ctx, strconv.Quote(text), func(s string) bool { return strings.Contains(s, text) })
}

// press types keys as the operator would.
func (c *console) press(keys string) error {
	_, err := c.pty.Write([]byte(keys))
	return err
}

// cpuTime is the time the process's threads have run so far, from the
// scheduler's per-thread accounting in nanoseconds: the clock-tick counts
// of /proc/PID/stat are too coarse for an idle console's milliseconds.
func (c *console) cpuTime() (time.Duration, error) {
	stats, err := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/schedstat", c.cmd.Process.Pid))
	if err != nil {
		return 0, err
	}
	var total int64
	for _, path := range stats {
		data, err := os.ReadFile(path)
		if err != nil {
			continue // the thread ended meanwhile
		}
		fields := strings.Fields(string(data))
		if len(fields) == 0 {
			continue
		}
		ns, err := strconv.ParseInt(fields[0], 10, 64)
		if err != nil {
			return 0, fmt.Errorf("schedstat %s: %w", path, err)
		}
		total += ns
	}
	return time.Duration(total), nil
}

// switches counts the times the process's threads have given up a CPU so
// far, willingly or not: each is a wake-up the machine pays for.
func (c *console) switches() (int64, error) {
	tasks, err := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/status", c.cmd.Process.Pid))
	if err != nil {
		return 0, err
	}
	var total int64
	for _, path := range tasks {
		data, err := os.ReadFile(path)
		if err != nil {
			continue // the thread ended meanwhile
		}
		for _, line := range strings.Split(string(data), "\n") {
			name, value, ok := strings.Cut(line, ":")
			if !ok || (name != "voluntary_ctxt_switches" && name != "nonvoluntary_ctxt_switches") {
				continue
			}
			n, err := strconv.ParseInt(strings.TrimSpace(value), 10, 64)
			if err != nil {
				return 0, fmt.Errorf("%s: %s: %w", path, name, err)
			}
			total += n
		}
	}
	return total, nil
}

// rss is the process's resident memory in bytes.
func (c *console) rss() (int64, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", c.cmd.Process.Pid))
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb << 10, err
		}
	}
	return 0, errors.New("no VmRSS")
}

// quit asks callboard to quit and waits; it kills it if it does not.
func (c *console) quit() {
	_ = c.press("q")
	select {
	case <-c.done:
	case <-time.After(5 * time.Second):
		_ = c.cmd.Process.Signal(syscall.SIGKILL)
		<-c.done
	}
	_ = c.cmd.Wait()
	c.pty.Close()
}
