package e2e

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/callboard/callboard/internal/leakcheck"
)

// The suite keeps, beside the console binary, the workspace of every test
// and the secrets the tests used. Once every test has finished, TestMain
// scans every file of every workspace (debug logs, screen captures, command
// outputs, configuration, race reports) for every secret. The directories
// are derived from the process id, like the binary's, so that every test
// finds them without shared mutable state.

// workRoot holds the tests' workspaces.
func workRoot() string { return filepath.Join(binaryDir(), "work") }

// secretsDir holds the secrets to scan for, a file each. It is not scanned.
func secretsDir() string { return filepath.Join(binaryDir(), "secrets") }

// recordSecret adds a token the test used to those the suite's files are
// scanned for. name says what it is in reports; the value never appears in one.
func recordSecret(t *testing.T, name, value string) {
	t.Helper()
	data, err := json.Marshal(leakcheck.Secret{Name: name, Value: value})
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.CreateTemp(secretsDir(), "secret-*.json")
	if err != nil {
		t.Fatalf("record a secret to scan for: %v", err)
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		t.Fatalf("record a secret to scan for: %v", err)
	}
	if err := f.Close(); err != nil {
		t.Fatalf("record a secret to scan for: %v", err)
	}
}

// loadSecrets reads the recorded secrets, each value once.
func loadSecrets() ([]leakcheck.Secret, error) {
	entries, err := os.ReadDir(secretsDir())
	if err != nil {
		return nil, fmt.Errorf("read the recorded secrets: %w", err)
	}
	var out []leakcheck.Secret
	seen := make(map[string]bool)
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(secretsDir(), e.Name()))
		if err != nil {
			return nil, fmt.Errorf("read a recorded secret: %w", err)
		}
		var s leakcheck.Secret
		if err := json.Unmarshal(data, &s); err != nil {
			return nil, fmt.Errorf("read the recorded secret %s: %w", e.Name(), err)
		}
		if !seen[s.Value] {
			seen[s.Value] = true
			out = append(out, s)
		}
	}
	return out, nil
}

// isTokenStore reports whether path is the token file a sign-in stored (in
// a workspace's XDG state directory): the one place a token belongs.
func isTokenStore(path string) bool {
	ok, err := filepath.Match(filepath.Join(workRoot(), "*", "state", "callboard", "token-*"), path)
	return err == nil && ok
}

// scanForSecrets scans every file of every workspace, except token stores,
// for every recorded secret and reports each hit on w (file and line, never
// the value). It returns an error when a secret leaked or the scan could not
// be done. With verbose it also says what it scanned.
func scanForSecrets(w io.Writer, verbose bool) error {
	secrets, err := loadSecrets()
	if err != nil {
		return err
	}
	if len(secrets) == 0 {
		return nil // no test that uses a token ran (go test -run picked others)
	}
	var files []string
	logs := 0
	err = filepath.WalkDir(workRoot(), func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() || isTokenStore(path) {
			return err
		}
		files = append(files, path)
		if d.Name() == "callboard.log" {
			logs++
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("list the files to scan for secrets: %w", err)
	}
	if logs == 0 {
		return errors.New("secret scan: no debug log to scan, although tests ran callboard with --debug")
	}
	checker, err := leakcheck.New(secrets...)
	if err != nil {
		return fmt.Errorf("secret scan: %w", err)
	}
	hits, err := checker.Files(files...)
	if err != nil {
		return fmt.Errorf("secret scan: %w", err)
	}
	for _, h := range hits {
		if rel, err := filepath.Rel(workRoot(), h.Source); err == nil {
			h.Source = rel
		}
		fmt.Fprintf(w, "e2e: secret leaked: %s\n", h)
	}
	if len(hits) > 0 {
		return fmt.Errorf("secret scan: %d leaks of %d secrets in the suite's logs, screens and outputs", len(hits), len(secrets))
	}
	if verbose {
		names := make([]string, len(secrets))
		for i, s := range secrets {
			names[i] = s.Name
		}
		fmt.Fprintf(w, "e2e: secret scan: %d files (%d debug logs) clean of %d secrets (%s)\n",
			len(files), logs, len(secrets), strings.Join(names, ", "))
	}
	return nil
}
