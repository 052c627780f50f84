package auth

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// TestLogoutFollowsALinkToOurToken: when the token file is a symbolic link
// to a private token file of ours (a dotfiles setup, say), signing out
// removes the token itself, not only the link that led to it.
func TestLogoutFollowsALinkToOurToken(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links need privileges here")
	}
	dir := t.TempDir()
	s := NewFileStore(filepath.Join(dir, "state"), "https://webexapis.com/v1")
	real := NewFileStore(filepath.Join(dir, "dotfiles"), "https://webexapis.com/v1")
	if err := real.Save(testToken("LEAKCHECK-access-l", "LEAKCHECK-refresh-l", time.Now().Add(time.Hour))); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(s.Path()), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(real.Path(), s.Path()); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := Logout(&out, s); err != nil {
		t.Fatalf("Logout: %v", err)
	}
	for _, p := range []string{s.Path(), real.Path()} {
		if _, err := os.Lstat(p); err == nil {
			t.Errorf("%s is still there after signing out", p)
		}
	}
}

// TestLogoutRefusesALinkToAFileNotOurs: a link to a file that is not a
// private token file of ours is left alone, with the link, and the error
// says why: removing the link alone would say "signed out" while a token
// may remain.
func TestLogoutRefusesALinkToAFileNotOurs(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links need privileges here")
	}
	dir := t.TempDir()
	s := NewFileStore(filepath.Join(dir, "state"), "https://webexapis.com/v1")
	target := filepath.Join(dir, "shared.json")
	if err := os.WriteFile(target, []byte(`{"access_token":"LEAKCHECK-access-s"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(target, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(s.Path()), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, s.Path()); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	err := Logout(&out, s)
	if err == nil || !strings.Contains(err.Error(), "symbolic link") || !strings.Contains(err.Error(), "other users can read it") {
		t.Errorf("Logout: %v, want a refusal saying why", err)
	}
	if strings.Contains(out.String(), "Signed out") {
		t.Errorf("Logout said %q", out.String())
	}
	for _, p := range []string{s.Path(), target} {
		if _, err := os.Lstat(p); err != nil {
			t.Errorf("%s was removed: %v", p, err)
		}
	}
}
