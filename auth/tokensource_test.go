package auth

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/oauth2"
)

// testToken builds a token.
func testToken(access, refresh string, expiry time.Time) *oauth2.Token {
	return &oauth2.Token{AccessToken: access, TokenType: "Bearer", RefreshToken: refresh, Expiry: expiry}
}

// sourceFor returns a token source over store, against f, logging into c.
func sourceFor(t *testing.T, f *fakeOAuth, c *capture, store Store) oauth2.TokenSource {
	t.Helper()
	cfg := f.config()
	cfg.Logger = c.logger()
	ts, err := TokenSource(context.Background(), cfg, store)
	if err != nil {
		t.Fatal(err)
	}
	return ts
}

func TestTokenSourceReusesAValidToken(t *testing.T) {
	f := newFakeOAuth(t)
	c := newCapture(t)
	store := &memStore{}
	_ = store.Save(testToken("LEAKCHECK-access-0", "LEAKCHECK-refresh-0", time.Now().Add(time.Hour)))
	ts := sourceFor(t, f, c, store)
	for range 3 {
		tok, err := ts.Token()
		if err != nil || tok.AccessToken != "LEAKCHECK-access-0" {
			t.Fatalf("Token() = %v, %v", tok, err)
		}
	}
	if _, n := f.counts(); n != 0 {
		t.Errorf("%d token requests for a valid token", n)
	}
}

func TestTokenSourceRefreshesOnExpiryAndPersists(t *testing.T) {
	f := newFakeOAuth(t)
	f.addRefreshToken("LEAKCHECK-refresh-0")
	c := newCapture(t)
	store := &memStore{}
	_ = store.Save(testToken("LEAKCHECK-access-0", "LEAKCHECK-refresh-0", time.Now().Add(-time.Minute)))
	ts := sourceFor(t, f, c, store)

	tok, err := ts.Token()
	c.addErr(err)
	if err != nil {
		t.Fatalf("Token(): %v", err)
	}
	if tok.AccessToken != "LEAKCHECK-access-1" {
		t.Errorf("access token %q, want the refreshed one", tok.AccessToken)
	}
	form := f.lastTokenRequest()
	if form.Get("grant_type") != "refresh_token" || form.Get("refresh_token") != "LEAKCHECK-refresh-0" ||
		form.Get("client_id") != testClientID || form.Get("client_secret") != testClientSecret {
		t.Errorf("refresh request: grant %q, client %q", form.Get("grant_type"), form.Get("client_id"))
	}
	saved, saves := store.stored()
	if saves != 2 || saved.AccessToken != "LEAKCHECK-access-1" || saved.RefreshToken != "LEAKCHECK-refresh-1" {
		t.Errorf("store after refresh: %q / %q after %d saves; want the new pair persisted",
			saved.AccessToken, saved.RefreshToken, saves)
	}
	if !saved.Expiry.After(time.Now().Add(13 * 24 * time.Hour)) {
		t.Errorf("stored expiry %s, want about 14 days ahead", saved.Expiry)
	}

	// The refreshed token is reused; the next source (a new run) starts
	// from the persisted one.
	if again, _ := ts.Token(); again.AccessToken != "LEAKCHECK-access-1" {
		t.Errorf("second Token() = %q", again.AccessToken)
	}
	if _, n := f.counts(); n != 1 {
		t.Errorf("%d token requests, want 1", n)
	}
	next, err := sourceFor(t, f, c, store).Token()
	if err != nil || next.AccessToken != "LEAKCHECK-access-1" {
		t.Errorf("a new token source: %v, %v", next, err)
	}
}

func TestTokenSourceRefreshesOnceForConcurrentCallers(t *testing.T) {
	f := newFakeOAuth(t)
	f.addRefreshToken("LEAKCHECK-refresh-0")
	c := newCapture(t)
	store := &memStore{}
	_ = store.Save(testToken("LEAKCHECK-access-0", "LEAKCHECK-refresh-0", time.Now().Add(-time.Minute)))
	ts := sourceFor(t, f, c, store)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			tok, err := ts.Token()
			c.addErr(err)
			if err != nil || tok.AccessToken != "LEAKCHECK-access-1" {
				t.Errorf("Token() = %v, %v", tok, err)
			}
		})
	}
	wg.Wait()
	if _, n := f.counts(); n != 1 {
		t.Errorf("%d refreshes for concurrent callers, want 1", n)
	}
}

func TestTokenSourceFailedRefresh(t *testing.T) {
	tests := []struct {
		name      string
		token     *oauth2.Token
		status    int // the fake's refresh answer; 0 = refuse as revoked
		signInErr bool
		want      string
	}{
		{"refresh token revoked", testToken("LEAKCHECK-access-0", "LEAKCHECK-refresh-revoked", time.Now().Add(-time.Minute)), 0, true,
			"your Webex sign-in has expired or was revoked: run `callboard login` (Webex answered 400 Bad Request: invalid_grant: refresh token ******** is expired or revoked)"},
		{"no refresh token", testToken("LEAKCHECK-access-0", "", time.Now().Add(-time.Minute)), 0, true,
			"your Webex sign-in has expired or was revoked: run `callboard login` (the stored token expired and has no refresh token)"},
		{"Webex failing", testToken("LEAKCHECK-access-0", "LEAKCHECK-refresh-0", time.Now().Add(-time.Minute)), http.StatusServiceUnavailable, false,
			"refresh the Webex sign-in: Webex answered 503 Service Unavailable: server_error: try later"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeOAuth(t)
			f.set(func(f *fakeOAuth) { f.refreshStatus = tt.status })
			c := newCapture(t)
			store := &memStore{}
			_ = store.Save(tt.token)
			_, err := sourceFor(t, f, c, store).Token()
			c.addErr(err)
			if err == nil || err.Error() != tt.want {
				t.Fatalf("Token() error:\n got  %v\n want %s", err, tt.want)
			}
			if errors.Is(err, ErrSignInRequired) != tt.signInErr {
				t.Errorf("errors.Is(ErrSignInRequired) = %v, want %v", !tt.signInErr, tt.signInErr)
			}
			if saved, _ := store.stored(); saved.AccessToken != "LEAKCHECK-access-0" {
				t.Error("a failed refresh changed the stored token")
			}
		})
	}
}

func TestTokenSourceWithoutStoredToken(t *testing.T) {
	f := newFakeOAuth(t)
	c := newCapture(t)
	_, err := TokenSource(context.Background(), f.config(), &memStore{})
	c.addErr(err)
	if !errors.Is(err, ErrNoToken) || !strings.Contains(err.Error(), "run `callboard login`") {
		t.Errorf("err = %v, want ErrNoToken with the remedy", err)
	}
}

func TestTokenSourceSaveFailureIsRetried(t *testing.T) {
	f := newFakeOAuth(t)
	f.addRefreshToken("LEAKCHECK-refresh-0")
	c := newCapture(t)
	store := &memStore{}
	_ = store.Save(testToken("LEAKCHECK-access-0", "LEAKCHECK-refresh-0", time.Now().Add(-time.Minute)))
	ts := sourceFor(t, f, c, store)
	store.mu.Lock()
	store.saveErr = errors.New("keyring locked")
	store.mu.Unlock()

	tok, err := ts.Token()
	if err != nil || tok.AccessToken != "LEAKCHECK-access-1" {
		t.Fatalf("a refresh whose save fails must still serve the token: %v, %v", tok, err)
	}
	if !strings.Contains(c.text("log"), "could not store the refreshed Webex token") {
		t.Error("the failed save was not logged")
	}
	store.mu.Lock()
	store.saveErr = nil
	store.mu.Unlock()
	if _, err := ts.Token(); err != nil {
		t.Fatal(err)
	}
	if saved, _ := store.stored(); saved.RefreshToken != "LEAKCHECK-refresh-1" {
		t.Errorf("the refreshed token was not saved on the next call: %q", saved.RefreshToken)
	}
}

func TestFindPrecedence(t *testing.T) {
	f := newFakeOAuth(t)
	c := newCapture(t)
	stored := &memStore{}
	_ = stored.Save(testToken("LEAKCHECK-stored", "", time.Now().Add(time.Hour)))
	env := func(v string) func(string) string {
		return func(k string) string {
			if k == EnvToken {
				return v
			}
			return ""
		}
	}
	opens := 0
	opened := func(s Store) func() Store { return func() Store { opens++; return s } }
	tests := []struct {
		name       string
		opts       FindOptions
		wantOrigin Origin
		wantToken  string
	}{
		{"env wins", FindOptions{Getenv: env(" LEAKCHECK-env "), ConfigToken: "LEAKCHECK-config", Store: opened(stored)}, OriginEnv, "LEAKCHECK-env"},
		{"config over store", FindOptions{Getenv: env(""), ConfigToken: "LEAKCHECK-config", Store: opened(stored)}, OriginConfig, "LEAKCHECK-config"},
		{"store", FindOptions{Getenv: env(""), Store: opened(stored)}, OriginStore, "LEAKCHECK-stored"},
	}
	for _, tt := range tests {
		tt.opts.Config = f.config()
		ts, origin, err := Find(context.Background(), tt.opts)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		tok, err := ts.Token()
		if err != nil || origin != tt.wantOrigin || tok.AccessToken != tt.wantToken {
			t.Errorf("%s: origin %s token %q (%v); want %s %q", tt.name, origin, tok.AccessToken, err, tt.wantOrigin, tt.wantToken)
		}
	}
	for _, opts := range []FindOptions{{}, {Getenv: env(""), Store: opened(&memStore{})}} {
		_, origin, err := Find(context.Background(), opts)
		c.addErr(err)
		if !errors.Is(err, ErrNoToken) || origin != OriginNone {
			t.Errorf("no credentials: origin %s, err %v; want ErrNoToken", origin, err)
		}
	}
	if opens != 2 {
		t.Errorf("the store was opened %d times, want only when neither the environment nor the file gives a token (2)", opens)
	}
	if OriginEnv.String() != "WEBEX_TOKEN" || OriginStore.String() != "the stored sign-in" {
		t.Errorf("origin names: %s, %s", OriginEnv, OriginStore)
	}
}
