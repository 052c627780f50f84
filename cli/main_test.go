package cli_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/adrg/xdg"
	"github.com/zalando/go-keyring"

	"github.com/callboard/callboard/auth"
	"github.com/callboard/callboard/config"
)

// TestMain keeps the suite away from the machine's user: the keyring is an
// in-memory fake and every XDG directory points into a private temporary
// root. xdg reads the environment when the package initialises, before any
// test runs, so t.Setenv would come too late: the variables are set here and
// xdg is told to read them again.
func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	root, err := os.MkdirTemp("", "callboard-cli-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "create the isolated XDG root:", err)
		return 1
	}
	defer os.RemoveAll(root)
	for _, v := range []string{"XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_RUNTIME_DIR"} {
		dir := filepath.Join(root, strings.ToLower(strings.TrimPrefix(v, "XDG_")))
		if err := os.MkdirAll(dir, 0o700); err != nil {
			fmt.Fprintln(os.Stderr, "create", dir+":", err)
			return 1
		}
		if err := os.Setenv(v, dir); err != nil {
			fmt.Fprintln(os.Stderr, "set", v+":", err)
			return 1
		}
	}
	xdg.Reload()
	keyring.MockInit()
	return m.Run()
}

// TestIsolation guards the guard: every path callboard would touch on its
// own lies under the private root TestMain made.
func TestIsolation(t *testing.T) {
	for _, c := range []struct{ name, path, env string }{
		{"token store", auth.DefaultDir(), "XDG_STATE_HOME"},
		{"default log file", config.DefaultLogFile(), "XDG_STATE_HOME"},
		{"default config", config.DefaultPath(), "XDG_CONFIG_HOME"},
	} {
		root := os.Getenv(c.env)
		if root == "" || !strings.HasPrefix(c.path, root+string(filepath.Separator)) {
			t.Errorf("%s is %s, outside the isolated %s %q", c.name, c.path, c.env, root)
		}
	}
}
