package auth

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/callboard/callboard/webex"
	"github.com/callboard/callboard/webex/sim"
)

// simTokenTTL is the access token lifetime of the test simulators.
const simTokenTTL = time.Hour

// simSignIn is the whole sign-in path on loopback: the simulator's OAuth
// endpoints on a fake clock, a browser that follows the authorize redirect
// to Login's callback, a store, and a record of every credential that
// passed, so that the test can prove none of them was shown or logged.
type simSignIn struct {
	t     *testing.T
	clock *sim.FakeClock
	srv   *sim.Server
	c     *capture
	b     *browser
	store *memStore
	cfg   Config

	mu      sync.Mutex
	secrets []string
}

// newSimSignIn starts a simulator that knows the test client.
func newSimSignIn(t *testing.T) *simSignIn {
	t.Helper()
	clock := sim.NewFakeClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	srv, err := sim.Start(context.Background(), "127.0.0.1:0", sim.Options{
		Clock:          clock,
		Seed:           1,
		OAuthClients:   map[string]string{testClientID: testClientSecret},
		AccessTokenTTL: simTokenTTL,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := srv.Close(); err != nil {
			t.Errorf("close the simulator: %v", err)
		}
	})
	s := &simSignIn{t: t, clock: clock, srv: srv, c: newCapture(t), store: &memStore{}}
	s.b = newBrowser(t, s.c)
	// The browser notes each authorization code it carries to the callback.
	s.b.client.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		s.remember(req.URL.Query().Get("code"))
		if len(via) >= 10 {
			return errors.New("too many redirects")
		}
		return nil
	}
	tr := &http.Transport{}
	t.Cleanup(tr.CloseIdleConnections)
	s.cfg = Config{
		BaseURL:      srv.BaseURL,
		ClientID:     testClientID,
		ClientSecret: testClientSecret,
		Scopes:       []string{"spark:calls_read", "spark:calls_write", "spark:people_read"},
		HTTPClient:   &http.Client{Transport: tr},
		Logger:       s.c.logger(),
	}
	t.Cleanup(s.checkSecrets)
	return s
}

// remember adds credentials to those that must never be shown.
func (s *simSignIn) remember(secrets ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, sec := range secrets {
		if sec != "" {
			s.secrets = append(s.secrets, sec)
		}
	}
}

// rememberStored adds the stored token's credentials.
func (s *simSignIn) rememberStored() {
	if tok, _ := s.store.stored(); tok != nil {
		s.remember(tok.AccessToken, tok.RefreshToken)
	}
}

// checkSecrets fails the test if any credential the simulator issued
// appears in anything captured. The capture itself checks the client
// secret, which carries the LEAKCHECK marker.
func (s *simSignIn) checkSecrets() {
	s.rememberStored()
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.secrets) == 0 {
		return
	}
	for _, sec := range s.secrets {
		for _, where := range s.c.holding(sec) {
			s.t.Errorf("an issued credential leaked into %s", where)
		}
	}
}

// holding returns the names of the captured texts that contain secret.
func (c *capture) holding(secret string) []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []string
	for name, bs := range c.bufs {
		for _, b := range bs {
			if strings.Contains(b.String(), secret) {
				out = append(out, name)
			}
		}
	}
	for _, t := range c.texts {
		if strings.Contains(t, secret) {
			what, _, _ := strings.Cut(t, ":")
			out = append(out, what)
		}
	}
	return out
}

// login runs Login with open standing in for the browser.
func (s *simSignIn) login(open func(string) error) (*oauth2.Token, error) {
	tok, err := Login(context.Background(), LoginOptions{
		Config: s.cfg, Out: s.c.writer("out"), OpenBrowser: open, Store: s.store, Timeout: time.Minute,
	})
	s.c.addErr(err)
	if tok != nil {
		s.remember(tok.AccessToken, tok.RefreshToken)
	}
	return tok, err
}

// signIn logs in the way an operator does and fails the test otherwise.
func (s *simSignIn) signIn() *oauth2.Token {
	s.t.Helper()
	tok, err := s.login(s.b.opener(s.b.follow))
	if err != nil {
		s.t.Fatalf("Login: %v", err)
	}
	if v := <-s.b.visits; v.err != nil || v.status != http.StatusOK {
		s.t.Fatalf("callback page: %d %v %q", v.status, v.err, v.body)
	}
	return tok
}

// client returns a Webex client over a fresh token source on the store:
// what callboard builds when it starts.
func (s *simSignIn) client() *webex.Client {
	s.t.Helper()
	ts, err := TokenSource(context.Background(), s.cfg, s.store)
	if err != nil {
		s.t.Fatalf("TokenSource: %v", err)
	}
	tr := &http.Transport{}
	s.t.Cleanup(tr.CloseIdleConnections) // before the simulator shuts down
	hc := &http.Client{
		Transport:     tr,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	c, err := webex.New(s.srv.BaseURL, ts, webex.WithHTTPClient(hc), webex.WithLogger(s.c.logger()))
	if err != nil {
		s.t.Fatal(err)
	}
	return c
}

// listCalls lists the user's calls, recording any error.
func (s *simSignIn) listCalls(c *webex.Client) ([]webex.Call, error) {
	calls, err := c.ListCalls(context.Background(), "")
	s.c.addErr(err)
	return calls, err
}

// lapse makes the stored token expired in the client's eyes. The oauth2
// package judges expiry by the wall clock while the simulator runs on its
// fake clock, so after moving the simulator's clock the test moves the
// client's view too: the stored token then looks the way it does when
// callboard starts after the token lapsed.
func (s *simSignIn) lapse() {
	s.t.Helper()
	tok, err := s.store.Load()
	if err != nil {
		s.t.Fatal(err)
	}
	tok.Expiry = time.Now().Add(-time.Minute)
	if err := s.store.Save(tok); err != nil {
		s.t.Fatal(err)
	}
}

// controlPlane sends a control-plane request with the simulator's static token.
func (s *simSignIn) controlPlane(method, path string) int {
	s.t.Helper()
	req, err := http.NewRequest(method, strings.TrimSuffix(s.srv.BaseURL, "/v1")+path, nil)
	if err != nil {
		s.t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+s.srv.Token)
	resp, err := s.cfg.HTTPClient.Do(req)
	if err != nil {
		s.t.Fatalf("%s %s: %v", method, path, err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func TestSimLoginFullFlow(t *testing.T) {
	s := newSimSignIn(t)
	var authURL string
	tok, err := s.login(s.b.opener(func(u string) []visit {
		authURL = u
		return s.b.follow(u)
	}))
	if err != nil {
		t.Fatalf("Login: %v", err)
	}
	v := <-s.b.visits
	if v.err != nil || v.status != http.StatusOK || !strings.Contains(v.body, "Signed in to Webex") {
		t.Errorf("callback page: %d %v %q", v.status, v.err, v.body)
	}
	if tok.AccessToken == "" || tok.RefreshToken == "" || tok.Type() != "Bearer" {
		t.Fatalf("token: type %q, access set %v, refresh set %v", tok.Type(), tok.AccessToken != "", tok.RefreshToken != "")
	}
	if until := time.Until(tok.Expiry); until < simTokenTTL-time.Minute || until > simTokenTTL {
		t.Errorf("token expires in %s, want about %s from expires_in", until, simTokenTTL)
	}
	if saved, saves := s.store.stored(); saves != 1 || saved == nil || saved.AccessToken != tok.AccessToken {
		t.Errorf("store after login: %d saves, holds the token: %v", saves, saved != nil && saved.AccessToken == tok.AccessToken)
	}
	if st := s.srv.Sim.OAuth(); st.Codes != 0 || st.AccessTokens != 1 || st.RefreshTokens != 1 {
		t.Errorf("simulator after login: %+v", st)
	}
	if u, _ := url.Parse(authURL); u == nil || u.Path != "/v1/authorize" || u.Query().Get("code_challenge_method") != "S256" {
		t.Errorf("authorization URL %q", authURL)
	}
	if out := s.c.text("out"); !strings.Contains(out, "Signed in to "+s.srv.BaseURL) {
		t.Errorf("output:\n%s", out)
	}

	// callboard starts with the stored sign-in and works the line.
	if _, err := s.srv.Sim.Inbound(sim.Inbound{Name: "Olivia Bennett", Number: "+12065550123"}); err != nil {
		t.Fatal(err)
	}
	c := s.client()
	calls, err := s.listCalls(c)
	if err != nil || len(calls) != 1 || calls[0].RemoteParty.Name != "Olivia Bennett" {
		t.Fatalf("ListCalls: %+v, %v", calls, err)
	}
	me, err := c.Me(context.Background())
	s.c.addErr(err)
	if err != nil || me.DisplayName != sim.UserName {
		t.Errorf("Me: %+v, %v", me, err)
	}
	if _, saves := s.store.stored(); saves != 1 {
		t.Errorf("%d saves: a valid token was refreshed", saves)
	}
}

func TestSimLoginPKCEMismatchRefused(t *testing.T) {
	s := newSimSignIn(t)
	// Something between Login and the browser swaps the challenge: the code
	// is then bound to a verifier Login does not have.
	tok, err := s.login(s.b.opener(func(authURL string) []visit {
		u, _ := url.Parse(authURL)
		q := u.Query()
		sum := s256(oauth2.GenerateVerifier())
		q.Set("code_challenge", sum)
		u.RawQuery = q.Encode()
		return s.b.follow(u.String())
	}))
	var pe *ProviderError
	if !errors.As(err, &pe) || pe.Code != "invalid_grant" || pe.StatusCode != http.StatusBadRequest ||
		!strings.Contains(err.Error(), "PKCE verification failed") {
		t.Fatalf("Login error = %v (token issued: %v); want the exchange refused for PKCE", err, tok != nil)
	}
	if v := <-s.b.visits; v.status != http.StatusBadGateway || !strings.Contains(v.body, "Sign-in failed") {
		t.Errorf("callback page: %d %q", v.status, v.body)
	}
	if saved, _ := s.store.stored(); saved != nil {
		t.Error("a refused sign-in stored a token")
	}
	if st := s.srv.Sim.OAuth(); st.AccessTokens != 0 || st.RefreshTokens != 0 {
		t.Errorf("the simulator issued tokens: %+v", st)
	}
}

func TestSimLoginWrongStateRefused(t *testing.T) {
	s := newSimSignIn(t)
	// A stale tab answers first: a genuine code, but another sign-in's state.
	tok, err := s.login(s.b.opener(func(authURL string) []visit {
		u, _ := url.Parse(authURL)
		q := u.Query()
		q.Set("state", "a-stale-tab")
		u.RawQuery = q.Encode()
		return []visit{s.b.get(u.String()), s.b.get(authURL)}
	}))
	if err != nil {
		t.Fatalf("Login: %v", err)
	}
	stale, good := <-s.b.visits, <-s.b.visits
	if stale.status != http.StatusBadRequest || !strings.Contains(stale.body, "refused") {
		t.Errorf("wrong-state page: %d %q", stale.status, stale.body)
	}
	if good.status != http.StatusOK || tok == nil {
		t.Errorf("the real callback after the stale one: %d, token %v", good.status, tok != nil)
	}
	// The stale tab's code was never redeemed; one sign-in happened.
	if st := s.srv.Sim.OAuth(); st.Codes != 1 || st.AccessTokens != 1 {
		t.Errorf("simulator: %+v; want the stale code unredeemed and one token", st)
	}
	if out := s.c.text("out"); !strings.Contains(out, "wrong state") {
		t.Errorf("output does not mention the refused response:\n%s", out)
	}
}

func TestSimLoginAccessDenied(t *testing.T) {
	s := newSimSignIn(t)
	s.srv.Sim.SetDenyConsent(true)
	_, err := s.login(s.b.opener(s.b.follow))
	if !errors.Is(err, ErrAccessDenied) {
		t.Fatalf("Login error = %v, want ErrAccessDenied", err)
	}
	if v := <-s.b.visits; v.status != http.StatusForbidden {
		t.Errorf("callback page: %d %q", v.status, v.body)
	}
	if saved, _ := s.store.stored(); saved != nil {
		t.Error("a declined sign-in stored a token")
	}
}

func TestSimRefreshOnExpiryPersisted(t *testing.T) {
	s := newSimSignIn(t)
	first := s.signIn()
	running := s.client()
	if _, err := s.listCalls(running); err != nil {
		t.Fatalf("ListCalls: %v", err)
	}

	// The access token's life ends on the simulator's clock: the simulator
	// refuses it from then on.
	s.clock.Advance(simTokenTTL)
	_, err := s.listCalls(running)
	if !errors.Is(err, webex.ErrUnauthenticated) || webex.StatusCode(err) != http.StatusUnauthorized {
		t.Fatalf("ListCalls with the expired token: %v, want 401", err)
	}

	// The client's clock catches up: the next request refreshes first.
	s.lapse()
	_, savesBefore := s.store.stored()
	c := s.client()
	if _, err := s.listCalls(c); err != nil {
		t.Fatalf("ListCalls after expiry: %v", err)
	}
	saved, saves := s.store.stored()
	if saves != savesBefore+1 {
		t.Errorf("%d saves during the refresh, want 1", saves-savesBefore)
	}
	if saved.AccessToken == first.AccessToken || saved.RefreshToken != first.RefreshToken {
		t.Errorf("stored after refresh: new access token %v, same refresh token %v",
			saved.AccessToken != first.AccessToken, saved.RefreshToken == first.RefreshToken)
	}
	if until := time.Until(saved.Expiry); until < simTokenTTL-time.Minute || until > simTokenTTL {
		t.Errorf("refreshed token expires in %s", until)
	}
	if st := s.srv.Sim.OAuth(); st.AccessTokens != 1 || st.RefreshTokens != 1 {
		t.Errorf("simulator after the refresh: %+v", st)
	}

	// The next start uses the persisted token as it is: no refresh.
	if _, err := s.listCalls(s.client()); err != nil {
		t.Fatalf("ListCalls on the next start: %v", err)
	}
	if _, n := s.store.stored(); n != saves {
		t.Errorf("the next start saved %d times; the persisted token is still good", n-saves)
	}
	if st := s.srv.Sim.OAuth(); st.AccessTokens != 1 {
		t.Errorf("simulator after the next start: %+v; want no further token", st)
	}
}

func TestSimFailedRefreshAfterRevoke(t *testing.T) {
	s := newSimSignIn(t)
	s.signIn()
	running := s.client()
	if _, err := s.listCalls(running); err != nil {
		t.Fatalf("ListCalls: %v", err)
	}
	if status := s.controlPlane(http.MethodPost, "/_sim/oauth/revoke"); status != http.StatusNoContent {
		t.Fatalf("revoke: %d", status)
	}
	// The running client's access token is refused at once.
	if _, err := s.listCalls(running); !errors.Is(err, webex.ErrUnauthenticated) {
		t.Errorf("ListCalls with a revoked token: %v, want ErrUnauthenticated", err)
	}

	s.lapse()
	before, _ := s.store.stored()
	_, err := s.listCalls(s.client())
	if !errors.Is(err, webex.ErrUnauthenticated) || !errors.Is(err, ErrSignInRequired) {
		t.Fatalf("ListCalls after revoke: %v, want ErrUnauthenticated and ErrSignInRequired", err)
	}
	var se *SessionError
	if !errors.As(err, &se) || !strings.Contains(err.Error(), "run `callboard login`") || !strings.Contains(err.Error(), "invalid_grant") {
		t.Errorf("error %q, want the remedy and Webex's refusal", err)
	}
	if after, _ := s.store.stored(); after == nil || after.AccessToken != before.AccessToken || after.RefreshToken != before.RefreshToken {
		t.Error("a failed refresh changed the stored token")
	}
}

func TestSimLogout(t *testing.T) {
	s := newSimSignIn(t)
	s.signIn()
	if _, err := s.listCalls(s.client()); err != nil {
		t.Fatalf("ListCalls: %v", err)
	}
	out := s.c.writer("out")
	if err := Logout(out, s.store); err != nil {
		s.c.addErr(err)
		t.Fatalf("Logout: %v", err)
	}
	if tok, _ := s.store.stored(); tok != nil {
		t.Error("Logout left the token in the store")
	}
	_, err := TokenSource(context.Background(), s.cfg, s.store)
	s.c.addErr(err)
	if !errors.Is(err, ErrNoToken) || !strings.Contains(err.Error(), "run `callboard login`") {
		t.Errorf("TokenSource after logout: %v, want ErrNoToken with the remedy", err)
	}
	if !strings.Contains(out.String(), "Signed out: removed the Webex sign-in from memory.") {
		t.Errorf("output: %q", out.String())
	}
}
