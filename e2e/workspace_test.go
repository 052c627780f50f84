package e2e

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// workspace is one test's private corner of the machine: a home and XDG
// directories, a configuration file that sends the debug log to a file of
// its own, and the environment every callboard and tmux command of the test
// runs with. It lives in the suite's work directory rather than t.TempDir,
// so that TestMain can scan it for secrets once every test has finished.
type workspace struct {
	t       *testing.T
	dir     string
	env     []string // the whole environment of every command the test runs
	config  string   // the configuration file passed with --config
	logFile string   // where --debug writes
	sockDir string   // TMUX_TMPDIR: Unix socket paths must stay short
	art     *artifacts
}

// newWorkspace makes a workspace whose configuration file holds the debug
// log setting followed by extraConfig (TOML), and whose environment is the
// isolated one plus env (KEY=VALUE).
func newWorkspace(t *testing.T, extraConfig string, env ...string) *workspace {
	t.Helper()
	dir, err := os.MkdirTemp(workRoot(), dirName(t.Name()))
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{"home", "config", "state", "data", "cache", "race", "artifacts"} {
		if err := os.Mkdir(filepath.Join(dir, d), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	ws := &workspace{
		t:       t,
		dir:     dir,
		config:  filepath.Join(dir, "config.toml"),
		logFile: filepath.Join(dir, "callboard.log"),
		art:     newArtifacts(t, filepath.Join(dir, "artifacts")),
	}
	config := fmt.Sprintf("[log]\nfile = %q\n\n%s", ws.logFile, extraConfig)
	if err := os.WriteFile(ws.config, []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	if ws.sockDir, err = os.MkdirTemp("", "cb-e2e-"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(ws.sockDir) })

	ws.env = append([]string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + filepath.Join(dir, "home"),
		"XDG_CONFIG_HOME=" + filepath.Join(dir, "config"),
		"XDG_STATE_HOME=" + filepath.Join(dir, "state"),
		"XDG_DATA_HOME=" + filepath.Join(dir, "data"),
		"XDG_CACHE_HOME=" + filepath.Join(dir, "cache"),
		"LANG=C.UTF-8",
		"TERM=xterm-256color",
		"TMUX_TMPDIR=" + ws.sockDir,
		"GORACE=log_path=" + filepath.Join(dir, "race", "report"),
	}, env...)
	t.Cleanup(ws.check)
	return ws
}

// check runs when the test ends, after its console is gone: every program
// ran race-free, and the debug log the secret scan relies on was written.
func (ws *workspace) check() {
	reports, _ := filepath.Glob(filepath.Join(ws.dir, "race", "report*"))
	for _, r := range reports {
		data, _ := os.ReadFile(r)
		ws.t.Errorf("callboard reported a data race:\n%s", data)
	}
	if ws.t.Failed() {
		return // a test that stopped early may not have run callboard at all
	}
	if info, err := os.Stat(ws.logFile); err != nil || info.Size() == 0 {
		ws.t.Errorf("callboard wrote no debug log to %s (--debug and [log] file are set for every run): %v", ws.logFile, err)
	}
}

// dirName turns a test name into a short directory name prefix.
func dirName(test string) string {
	name := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-':
			return r
		}
		return '_'
	}, test)
	if len(name) > 60 {
		name = name[:60]
	}
	return name + "-"
}

// callboard runs callboard with the workspace's environment and
// configuration and --debug, and returns what it printed. Both outputs join
// the test's artifacts.
func (ws *workspace) callboard(args ...string) (stdout, stderr string, err error) {
	args = append([]string{"--config", ws.config, "--debug"}, args...)
	cmd := exec.Command(binaryPath(), args...)
	cmd.Env = ws.env
	var out, errOut strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err = cmd.Run()
	ws.art.output(append([]string{"callboard"}, args...), out.String(), errOut.String())
	return out.String(), errOut.String(), err
}

// verb runs a one-shot callboard command and returns its standard output,
// failing the test unless it succeeds.
func (ws *workspace) verb(args ...string) string {
	ws.t.Helper()
	out, errOut, err := ws.callboard(args...)
	if ee := (*exec.ExitError)(nil); errors.As(err, &ee) {
		ws.t.Fatalf("callboard %s: %v\n%s", strings.Join(args, " "), err, errOut)
	}
	if err != nil {
		ws.t.Fatalf("callboard %s: %v", strings.Join(args, " "), err)
	}
	return out
}

// artifacts keeps what a test saw and what its commands printed, as files
// of its workspace: every screen captured (one identical to the capture
// before it is kept once) and every output of every command.
type artifacts struct {
	t       *testing.T
	screens string // file of screen captures
	outputs string // file of command outputs

	mu   sync.Mutex
	last string // the last screen kept
}

func newArtifacts(t *testing.T, dir string) *artifacts {
	return &artifacts{t: t, screens: filepath.Join(dir, "screens.txt"), outputs: filepath.Join(dir, "outputs.txt")}
}

// screen keeps a screen capture.
func (a *artifacts) screen(text string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if text == a.last {
		return
	}
	a.last = text
	a.add(a.screens, "── screen ──\n"+text)
}

// output keeps what a command printed; a command that printed nothing adds nothing.
func (a *artifacts) output(command []string, stdout, stderr string) {
	if stdout == "" && stderr == "" {
		return
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	a.add(a.outputs, fmt.Sprintf("── %s\n── stdout:\n%s\n── stderr:\n%s\n", strings.Join(command, " "), stdout, stderr))
}

// add appends text to the file at path. The caller holds a.mu.
func (a *artifacts) add(path, text string) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		a.t.Errorf("keep an artifact: %v", err)
		return
	}
	if _, err := f.WriteString(text + "\n"); err != nil {
		a.t.Errorf("keep an artifact in %s: %v", path, err)
	}
	if err := f.Close(); err != nil {
		a.t.Errorf("keep an artifact in %s: %v", path, err)
	}
}
