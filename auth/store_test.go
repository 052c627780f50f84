package auth

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zalando/go-keyring"
	"golang.org/x/oauth2"
)

// The keyring tests swap go-keyring's provider for its in-memory mock (a
// process-wide setting), so none of the tests in this package run in
// parallel.

func sameToken(a, b *oauth2.Token) bool {
	return a.AccessToken == b.AccessToken && a.RefreshToken == b.RefreshToken &&
		a.TokenType == b.TokenType && a.Expiry.Equal(b.Expiry)
}

func TestFileStore(t *testing.T) {
	c := newCapture(t)
	dir := filepath.Join(t.TempDir(), "state", "callboard")
	s := NewFileStore(dir, "https://webexapis.com/v1/")
	if _, err := s.Load(); !errors.Is(err, ErrNoToken) {
		t.Fatalf("Load of nothing = %v, want ErrNoToken", err)
	}
	tok := testToken("LEAKCHECK-access-f", "LEAKCHECK-refresh-f", time.Now().Add(time.Hour).Round(time.Second))
	if err := s.Save(tok); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(s.Path())
	if err != nil {
		t.Fatal(err)
	}
	if perm := info.Mode().Perm(); perm != 0o600 {
		t.Errorf("token file mode %04o, want 0600", perm)
	}
	if dinfo, _ := os.Stat(dir); dinfo.Mode().Perm() != 0o700 {
		t.Errorf("token directory mode %04o, want 0700", dinfo.Mode().Perm())
	}
	got, err := s.Load()
	if err != nil || !sameToken(got, tok) {
		t.Fatalf("Load = %+v, %v", got, err)
	}

	// Saving again replaces the file and leaves no temporary file behind.
	tok2 := testToken("LEAKCHECK-access-g", "LEAKCHECK-refresh-g", time.Now().Add(2*time.Hour).Round(time.Second))
	if err := s.Save(tok2); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Load(); !sameToken(got, tok2) {
		t.Error("Save did not replace the token")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("the directory holds %d files, want just the token", len(entries))
	}

	// One file per API: the simulator's sign-in does not replace Webex's.
	sim := NewFileStore(dir, "http://127.0.0.1:8765/v1")
	if sim.Path() == s.Path() {
		t.Fatal("two APIs share a token file")
	}
	if _, err := sim.Load(); !errors.Is(err, ErrNoToken) {
		t.Errorf("the simulator store sees %v", err)
	}
	if same := NewFileStore(dir, "HTTPS://WebexAPIs.com/v1"); same.Path() != s.Path() {
		t.Error("the same API under another spelling got another file")
	}

	if err := s.Delete(); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(); !errors.Is(err, ErrNoToken) {
		t.Errorf("second Delete = %v, want ErrNoToken", err)
	}
	c.add("path", s.Path())
}

func TestFileStoreRefusesAReadableFile(t *testing.T) {
	c := newCapture(t)
	s := NewFileStore(t.TempDir(), "https://webexapis.com/v1")
	if err := s.Save(testToken("LEAKCHECK-access-r", "", time.Time{})); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(s.Path(), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := s.Load()
	c.addErr(err)
	if !errors.Is(err, ErrInsecureFile) || !strings.Contains(err.Error(), "chmod 600 "+s.Path()) || !strings.Contains(err.Error(), "0644") {
		t.Errorf("Load of a 0644 file = %v", err)
	}
}

func TestFileStoreDamagedFile(t *testing.T) {
	c := newCapture(t)
	s := NewFileStore(t.TempDir(), "https://webexapis.com/v1")
	if err := os.WriteFile(s.Path(), []byte(`{"access_token":"LEAKCHECK-half`), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := s.Load()
	c.addErr(err)
	if err == nil || !strings.Contains(err.Error(), "damaged: run `callboard login`") {
		t.Errorf("Load of a damaged file = %v", err)
	}
}

func TestKeyringStore(t *testing.T) {
	keyring.MockInit()
	c := newCapture(t)
	real := NewKeyringStore("https://webexapis.com/v1")
	sim := NewKeyringStore("http://127.0.0.1:8765/v1")
	if _, err := real.Load(); !errors.Is(err, ErrNoToken) {
		t.Fatalf("empty keyring: %v", err)
	}
	tok := testToken("LEAKCHECK-access-k", "LEAKCHECK-refresh-k", time.Now().Add(time.Hour).Round(time.Second))
	if err := real.Save(tok); err != nil {
		t.Fatal(err)
	}
	if err := sim.Save(testToken("LEAKCHECK-access-sim", "", time.Time{})); err != nil {
		t.Fatal(err)
	}
	got, err := real.Load()
	if err != nil || !sameToken(got, tok) {
		t.Fatalf("Load = %+v, %v; a simulator login must not replace the real one", got, err)
	}
	raw, err := keyring.Get(ServiceName, "https://webexapis.com/v1")
	if err != nil || !strings.Contains(raw, `"access_token":"LEAKCHECK-access-k"`) {
		t.Errorf("keyring entry under service %q: %v", ServiceName, err)
	}
	if err := real.Delete(); err != nil {
		t.Fatal(err)
	}
	if err := real.Delete(); !errors.Is(err, ErrNoToken) {
		t.Errorf("second Delete = %v", err)
	}
	if _, err := sim.Load(); err != nil {
		t.Errorf("deleting one API's token touched another's: %v", err)
	}
	c.add("store", real.String())
}

func TestOpenStoreUsesTheKeyringWhenItWorks(t *testing.T) {
	keyring.MockInit()
	c := newCapture(t)
	dir := t.TempDir()
	s := OpenStore("https://webexapis.com/v1", WithDir(dir), WithLogger(c.logger()))
	ks, ok := s.(*KeyringStore)
	if !ok {
		t.Fatalf("OpenStore = %T, want *KeyringStore", s)
	}

	// A token file left by an earlier keyring-less sign-in is still used,
	// then removed once the keyring holds the token.
	file := NewFileStore(dir, "https://webexapis.com/v1")
	old := testToken("LEAKCHECK-access-old", "LEAKCHECK-refresh-old", time.Now().Add(time.Hour).Round(time.Second))
	if err := file.Save(old); err != nil {
		t.Fatal(err)
	}
	if got, err := ks.Load(); err != nil || !sameToken(got, old) {
		t.Fatalf("Load with only the old file = %v, %v", got, err)
	}
	if err := ks.Save(testToken("LEAKCHECK-access-new", "", time.Time{})); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(file.Path()); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the old token file is still there: %v", err)
	}
	if got, _ := ks.Load(); got.AccessToken != "LEAKCHECK-access-new" {
		t.Errorf("Load = %q", got.AccessToken)
	}
	out := c.writer("out")
	if err := Logout(out, s); err != nil || !strings.Contains(out.String(), "from the system keyring") {
		t.Errorf("Logout: %v, %q", err, out.String())
	}
}

func TestOpenStoreFallsBackToAPrivateFile(t *testing.T) {
	keyring.MockInitWithError(errors.New("the name org.freedesktop.secrets was not provided by any .service files"))
	t.Cleanup(keyring.MockInit)
	c := newCapture(t)
	dir := filepath.Join(t.TempDir(), "callboard")
	s := OpenStore("https://webexapis.com/v1", WithDir(dir), WithLogger(c.logger()))
	fs, ok := s.(*FileStore)
	if !ok {
		t.Fatalf("OpenStore without a keyring = %T, want *FileStore", s)
	}
	if !strings.Contains(c.text("log"), "no usable system keyring") {
		t.Errorf("the fallback was not logged:\n%s", c.text("log"))
	}
	tok := testToken("LEAKCHECK-access-file", "LEAKCHECK-refresh-file", time.Now().Add(time.Hour).Round(time.Second))
	if err := s.Save(tok); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(fs.Path())
	if err != nil {
		t.Fatal(err)
	}
	if perm := info.Mode().Perm(); perm != 0o600 {
		t.Errorf("fallback token file mode %04o, want 0600", perm)
	}
	if filepath.Dir(fs.Path()) != dir {
		t.Errorf("token file %s, want it in %s", fs.Path(), dir)
	}
	if got, err := s.Load(); err != nil || !sameToken(got, tok) {
		t.Errorf("Load = %v, %v", got, err)
	}
	out := c.writer("out")
	if err := Logout(out, s); err != nil || !strings.Contains(out.String(), fs.Path()) {
		t.Errorf("Logout: %v, %q", err, out.String())
	}
	if _, err := os.Stat(fs.Path()); !errors.Is(err, os.ErrNotExist) {
		t.Error("Logout left the token file")
	}
}

func TestDefaultDir(t *testing.T) {
	if d := DefaultDir(); filepath.Base(d) != "callboard" || !filepath.IsAbs(d) {
		t.Errorf("DefaultDir() = %q", d)
	}
}
