package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestMain checks for tmux, builds the console once for the whole run, and
// after the last test scans everything the tests left for the tokens they
// used.
func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	if _, err := exec.LookPath("tmux"); err != nil {
		fmt.Fprintln(os.Stderr, "e2e: tmux is required: these tests drive the real console inside tmux, "+
			"and no tmux was found on PATH. Install it (apt-get install tmux, brew install tmux; .ci/run does it for you).")
		return 1
	}
	dir := binaryDir()
	// A directory left behind by a crashed run with the same process id is stale.
	if err := os.RemoveAll(dir); err != nil {
		fmt.Fprintf(os.Stderr, "e2e: clear %s: %v\n", dir, err)
		return 1
	}
	if err := os.Mkdir(dir, 0o700); err != nil {
		fmt.Fprintf(os.Stderr, "e2e: make the build directory: %v\n", err)
		return 1
	}
	defer os.RemoveAll(dir)
	for _, d := range []string{workRoot(), secretsDir()} {
		if err := os.Mkdir(d, 0o700); err != nil {
			fmt.Fprintf(os.Stderr, "e2e: %v\n", err)
			return 1
		}
	}
	if err := build(binaryPath()); err != nil {
		fmt.Fprintf(os.Stderr, "e2e: %v\n", err)
		return 1
	}
	code := m.Run()
	// Every test, parallel or not, has finished and cleaned up: its
	// console's log is complete and its workspace is still there.
	if err := scanForSecrets(os.Stdout, testing.Verbose()); err != nil {
		fmt.Fprintf(os.Stdout, "e2e: %v\n", err)
		return 1
	}
	return code
}

// binaryDir is where TestMain builds the console for this test process. It
// is derived from the process id so that every test finds it without shared
// mutable state.
func binaryDir() string {
	return filepath.Join(os.TempDir(), fmt.Sprintf("callboard-e2e-%d", os.Getpid()))
}

// binaryPath is the console binary under test.
func binaryPath() string { return filepath.Join(binaryDir(), "callboard") }

// build compiles the module's main package to out, with the race detector
// when the tests themselves run with it.
func build(out string) error {
	args := []string{"build", "-o", out}
	if raceBuild {
		args = append(args, "-race")
	}
	cmd := exec.Command("go", append(args, ".")...)
	cmd.Dir = ".." // the module root, where main.go lives
	if output, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("build the console: %w\n%s", err, output)
	}
	return nil
}
