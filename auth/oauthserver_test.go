package auth

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
)

// Test credentials. Every token the fake server issues starts with
// "LEAKCHECK-", so a test can search all output for it.
const (
	testClientID     = "test-client"
	testClientSecret = "LEAKCHECK-client-secret"
	leakMarker       = "LEAKCHECK"
)

// fakeOAuth is Webex's OAuth endpoints as callboard uses them, mounted
// under /v1 like the real API so that absolute-URL bugs fail: an authorize
// endpoint that redirects with code and state, and a token endpoint that
// checks PKCE (S256) and handles the authorization_code and refresh_token
// grants.
type fakeOAuth struct {
	t   *testing.T
	srv *httptest.Server

	mu              sync.Mutex
	grants          map[string]grant // authorization code → what it was issued for
	refresh         map[string]bool  // refresh token → still valid
	issued          int
	expiresIn       int
	deny            bool   // authorize answers error=access_denied
	tamperChallenge bool   // authorize records a different challenge: the exchange must fail PKCE
	refreshStatus   int    // when set, refresh answers this status
	tokenRedirect   string // when set, the token endpoint answers 307 to it
	echoForm        bool   // the token endpoint refuses, quoting the form it was posted
	authorizeReqs   []url.Values
	tokenReqs       []url.Values
}

// grant is an authorization code's context.
type grant struct {
	challenge   string
	redirectURI string
	used        bool
}

// newFakeOAuth starts the fake server; it stops when the test ends.
func newFakeOAuth(t *testing.T) *fakeOAuth {
	f := &fakeOAuth{t: t, grants: map[string]grant{}, refresh: map[string]bool{}, expiresIn: 1209599}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v1/authorize", f.authorize)
	mux.HandleFunc("POST /v1/access_token", f.token)
	f.srv = httptest.NewServer(mux)
	t.Cleanup(f.srv.Close)
	return f
}

// baseURL is the API root the fake serves.
func (f *fakeOAuth) baseURL() string { return f.srv.URL + "/v1" }

// config is an auth.Config for the fake.
func (f *fakeOAuth) config() Config {
	return Config{
		BaseURL:      f.baseURL(),
		ClientID:     testClientID,
		ClientSecret: testClientSecret,
		Scopes:       []string{"spark:calls_read", "spark:calls_write"},
		HTTPClient:   f.srv.Client(),
	}
}

// counts returns how many authorize and token requests arrived.
func (f *fakeOAuth) counts() (authorize, token int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.authorizeReqs), len(f.tokenReqs)
}

// authorizeRequest returns the query of the i-th authorize request.
func (f *fakeOAuth) authorizeRequest(i int) url.Values {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.authorizeReqs[i]
}

// lastTokenRequest returns the form of the latest token request.
func (f *fakeOAuth) lastTokenRequest() url.Values {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.tokenReqs) == 0 {
		return nil
	}
	return f.tokenReqs[len(f.tokenReqs)-1]
}

// set changes the fake's behaviour under its lock.
func (f *fakeOAuth) set(change func(f *fakeOAuth)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	change(f)
}

// addRefreshToken makes rt a valid refresh token.
func (f *fakeOAuth) addRefreshToken(rt string) {
	f.set(func(f *fakeOAuth) { f.refresh[rt] = true })
}

func (f *fakeOAuth) authorize(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	q := r.URL.Query()
	f.authorizeReqs = append(f.authorizeReqs, q)
	redirect, err := url.Parse(q.Get("redirect_uri"))
	switch {
	case q.Get("client_id") != testClientID:
		http.Error(w, "unknown client_id", http.StatusBadRequest)
		return
	case q.Get("response_type") != "code":
		http.Error(w, "response_type must be code", http.StatusBadRequest)
		return
	case q.Get("code_challenge_method") != "S256" || q.Get("code_challenge") == "":
		http.Error(w, "PKCE with S256 is required", http.StatusBadRequest)
		return
	case err != nil || redirect.Scheme != "http" || redirect.Hostname() != "127.0.0.1" || redirect.Path != "/callback":
		http.Error(w, "redirect_uri must be http://127.0.0.1:PORT/callback", http.StatusBadRequest)
		return
	case !strings.Contains(" "+q.Get("scope")+" ", " spark:calls_read "):
		http.Error(w, "scope lacks spark:calls_read", http.StatusBadRequest)
		return
	}
	back := redirect.Query()
	back.Set("state", q.Get("state"))
	if f.deny {
		back.Set("error", "access_denied")
		back.Set("error_description", "The user declined")
	} else {
		code := fmt.Sprintf("code-%d", len(f.grants)+1)
		challenge := q.Get("code_challenge")
		if f.tamperChallenge {
			challenge = "x" + challenge
		}
		f.grants[code] = grant{challenge: challenge, redirectURI: q.Get("redirect_uri")}
		back.Set("code", code)
	}
	redirect.RawQuery = back.Encode()
	http.Redirect(w, r, redirect.String(), http.StatusFound)
}

func (f *fakeOAuth) token(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := r.ParseForm(); err != nil {
		oauthError(w, http.StatusBadRequest, "invalid_request", "bad form")
		return
	}
	form := r.PostForm
	f.tokenReqs = append(f.tokenReqs, form)
	if f.echoForm {
		oauthError(w, http.StatusBadRequest, "invalid_request", "cannot process "+form.Encode())
		return
	}
	if f.tokenRedirect != "" {
		http.Redirect(w, r, f.tokenRedirect, http.StatusTemporaryRedirect)
		return
	}
	if form.Get("client_id") != testClientID || form.Get("client_secret") != testClientSecret {
		oauthError(w, http.StatusUnauthorized, "invalid_client", "unknown client")
		return
	}
	switch form.Get("grant_type") {
	case "authorization_code":
		g, ok := f.grants[form.Get("code")]
		switch {
		case !ok || g.used:
			oauthError(w, http.StatusBadRequest, "invalid_grant", "unknown or used code")
			return
		case form.Get("redirect_uri") != g.redirectURI:
			oauthError(w, http.StatusBadRequest, "invalid_grant", "redirect_uri differs from the authorization request")
			return
		case s256(form.Get("code_verifier")) != g.challenge:
			oauthError(w, http.StatusBadRequest, "invalid_grant", "PKCE verification failed")
			return
		}
		g.used = true
		f.grants[form.Get("code")] = g
		f.issue(w)
	case "refresh_token":
		if f.refreshStatus != 0 {
			oauthError(w, f.refreshStatus, "server_error", "try later")
			return
		}
		rt := form.Get("refresh_token")
		if !f.refresh[rt] {
			// Echo the token back, as a careless server might: callboard
			// must not repeat it.
			oauthError(w, http.StatusBadRequest, "invalid_grant", "refresh token "+rt+" is expired or revoked")
			return
		}
		delete(f.refresh, rt) // rotated
		f.issue(w)
	default:
		oauthError(w, http.StatusBadRequest, "unsupported_grant_type", form.Get("grant_type"))
	}
}

// issue answers with a fresh token pair, as Webex does.
func (f *fakeOAuth) issue(w http.ResponseWriter) {
	f.issued++
	access := fmt.Sprintf("LEAKCHECK-access-%d", f.issued)
	refresh := fmt.Sprintf("LEAKCHECK-refresh-%d", f.issued)
	f.refresh[refresh] = true
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	_ = json.NewEncoder(w).Encode(map[string]any{
		"access_token":             access,
		"expires_in":               f.expiresIn,
		"refresh_token":            refresh,
		"refresh_token_expires_in": 7776000,
		"token_type":               "Bearer",
		"scope":                    "spark:calls_read spark:calls_write",
	})
}

// oauthError writes an RFC 6749 error.
func oauthError(w http.ResponseWriter, status int, code, desc string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"error": code, "error_description": desc})
}

// s256 is the PKCE S256 challenge of a verifier.
func s256(verifier string) string {
	sum := sha256.Sum256([]byte(verifier))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}
