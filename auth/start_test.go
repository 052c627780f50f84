package auth

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestBrowserNeverGetsTheState: the address Login hands the browser (and
// so xdg-open's arguments, which other users see in ps) carries neither
// the state nor anything else of the authorization request; following it
// still signs in.
func TestBrowserNeverGetsTheState(t *testing.T) {
	f := newFakeOAuth(t)
	c := newCapture(t)
	b := newBrowser(t, c)
	if _, err := Login(context.Background(), loginOptions(f, c, &memStore{}, b.opener(b.follow))); err != nil {
		t.Fatalf("Login: %v", err)
	}
	state := f.authorizeRequest(0).Get("state")
	addrs := b.addresses()
	if len(addrs) != 1 || state == "" {
		t.Fatalf("handed the browser %q (state %q), want one address", addrs, state)
	}
	addr := addrs[0]
	for _, secret := range []string{state, "state=", "code_challenge", testClientID} {
		if strings.Contains(addr, secret) {
			t.Errorf("the browser's address %q holds %q", addr, secret)
		}
	}
	if linux := runtime.GOOS == "linux"; linux && !(strings.HasPrefix(addr, "http://127.0.0.1:") && strings.HasSuffix(addr, startPath)) ||
		!linux && !strings.HasPrefix(addr, "file://") {
		t.Errorf("the browser's address is %q", addr)
	}
}

// TestStartPageOnlyForThisUser: the start page redirects to the
// authorization URL only when the visit comes from this user; anyone else
// gets a page without it.
func TestStartPageOnlyForThisUser(t *testing.T) {
	const authURL = "https://webexapis.example/v1/authorize?state=SECRET-STATE"
	cb := newCallbacks()
	cb.start = authURL
	cb.checkPeer = func(*http.Request) error { return errOtherUser }
	rec := httptest.NewRecorder()
	cb.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, startPath, nil))
	if rec.Code != http.StatusForbidden || strings.Contains(rec.Body.String()+rec.Header().Get("Location"), "SECRET-STATE") {
		t.Errorf("another user's visit: %d, Location %q, body %q", rec.Code, rec.Header().Get("Location"), rec.Body)
	}

	cb.checkPeer = func(*http.Request) error { return nil }
	rec = httptest.NewRecorder()
	cb.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, startPath, nil))
	if rec.Code != http.StatusFound || rec.Header().Get("Location") != authURL {
		t.Errorf("this user's visit: %d, Location %q", rec.Code, rec.Header().Get("Location"))
	}

	rec = httptest.NewRecorder()
	cb.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, startPath, nil))
	if rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST %s: %d, want 405", startPath, rec.Code)
	}
}

// TestStartFile: where the start page cannot check users, the browser gets
// a page only this user can read, in a directory only this user can list,
// removed when the sign-in ends.
func TestStartFile(t *testing.T) {
	const authURL = "https://webexapis.example/v1/authorize?client_id=c&state=SECRET-STATE&scope=a+b"
	addr, cleanup, err := startFile(authURL)
	if err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(addr)
	if err != nil || u.Scheme != "file" || strings.Contains(addr, "SECRET-STATE") {
		t.Fatalf("address %q", addr)
	}
	path := filepath.FromSlash(u.Path)
	page, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(page), "state=SECRET-STATE&amp;scope=a+b") {
		t.Errorf("the page does not lead to the authorization URL:\n%s", page)
	}
	if runtime.GOOS != "windows" {
		for p, want := range map[string]os.FileMode{path: 0o600, filepath.Dir(path): 0o700} {
			if info, err := os.Stat(p); err != nil || info.Mode().Perm() != want {
				t.Errorf("%s: mode %v (%v), want %04o", p, info.Mode().Perm(), err, want)
			}
		}
	}
	cleanup()
	if _, err := os.Stat(filepath.Dir(path)); !os.IsNotExist(err) {
		t.Errorf("the page's directory is still there: %v", err)
	}
}
