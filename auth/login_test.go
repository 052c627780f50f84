package auth

import (
	"context"
	"errors"
	"net"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
)

// loginOptions returns options for a login against f on a free port.
func loginOptions(f *fakeOAuth, c *capture, store Store, open func(string) error) LoginOptions {
	cfg := f.config()
	cfg.Logger = c.logger()
	return LoginOptions{Config: cfg, Out: c.writer("out"), OpenBrowser: open, Store: store, Timeout: time.Minute}
}

// redirectOf returns the redirect URI an authorization URL carries.
func redirectOf(t *testing.T, authURL string) *url.URL {
	t.Helper()
	u, err := url.Parse(authURL)
	if err != nil {
		t.Fatal(err)
	}
	r, err := url.Parse(u.Query().Get("redirect_uri"))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// assertClosed checks nothing listens at host:port any more.
func assertClosed(t *testing.T, hostPort string) {
	t.Helper()
	conn, err := net.Dial("tcp", hostPort)
	if err == nil {
		conn.Close()
		t.Errorf("something still listens on %s after Login returned", hostPort)
	}
}

func TestLoginFullFlow(t *testing.T) {
	f := newFakeOAuth(t)
	c := newCapture(t)
	b := newBrowser(t, c)
	store := &memStore{}
	var authURL string
	open := b.opener(func(u string) []visit {
		authURL = u
		return b.follow(u)
	})
	opts := loginOptions(f, c, store, open)

	tok, err := Login(context.Background(), opts)
	c.addErr(err)
	if err != nil {
		t.Fatalf("Login: %v", err)
	}
	v := <-b.visits
	if v.err != nil || v.status != 200 || !strings.Contains(v.body, "Return to the terminal") {
		t.Errorf("callback page: status %d, err %v, body %q", v.status, v.err, v.body)
	}

	if tok.AccessToken != "LEAKCHECK-access-1" || tok.RefreshToken != "LEAKCHECK-refresh-1" {
		t.Errorf("token = %q / %q", tok.AccessToken, tok.RefreshToken)
	}
	if until := time.Until(tok.Expiry); until < 13*24*time.Hour || until > 15*24*time.Hour {
		t.Errorf("expiry in %s, want about 14 days from expires_in", until)
	}
	saved, saves := store.stored()
	if saves != 1 || saved == nil || saved.AccessToken != tok.AccessToken {
		t.Errorf("store holds %v after %d saves", saved != nil, saves)
	}

	// What the authorize endpoint was asked.
	q := f.authorizeRequest(0)
	if q.Get("code_challenge_method") != "S256" || len(q.Get("code_challenge")) != 43 {
		t.Errorf("PKCE parameters: %q %q", q.Get("code_challenge_method"), q.Get("code_challenge"))
	}
	if q.Get("scope") != "spark:calls_read spark:calls_write" || q.Get("client_id") != testClientID {
		t.Errorf("scope %q, client %q", q.Get("scope"), q.Get("client_id"))
	}
	if len(q.Get("state")) < 32 {
		t.Errorf("state %q is too short to be unguessable", q.Get("state"))
	}
	redirect := redirectOf(t, authURL)
	if redirect.Hostname() != "127.0.0.1" || redirect.Path != "/callback" || redirect.Port() == "0" {
		t.Errorf("redirect_uri = %s", redirect)
	}
	// What the token endpoint was sent.
	form := f.lastTokenRequest()
	if form.Get("grant_type") != "authorization_code" || s256(form.Get("code_verifier")) != q.Get("code_challenge") {
		t.Errorf("exchange: grant %q, verifier does not match the challenge", form.Get("grant_type"))
	}
	if form.Get("redirect_uri") != redirect.String() {
		t.Errorf("exchange redirect_uri %q, want %q", form.Get("redirect_uri"), redirect)
	}

	out := c.text("out")
	for _, want := range []string{"open this address in a browser", authURL, "Signed in to " + f.baseURL(), "stored in memory"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	assertClosed(t, redirect.Host)
}

func TestLoginPKCEMismatchRefused(t *testing.T) {
	f := newFakeOAuth(t)
	f.set(func(f *fakeOAuth) { f.tamperChallenge = true })
	c := newCapture(t)
	b := newBrowser(t, c)
	store := &memStore{}

	_, err := Login(context.Background(), loginOptions(f, c, store, b.opener(b.follow)))
	c.addErr(err)
	var pe *ProviderError
	if !errors.As(err, &pe) || pe.Code != "invalid_grant" || !strings.Contains(err.Error(), "PKCE verification failed") {
		t.Fatalf("Login error = %v, want the refused exchange", err)
	}
	if v := <-b.visits; v.status != 502 || !strings.Contains(v.body, "Sign-in failed") {
		t.Errorf("callback page: %d %q", v.status, v.body)
	}
	if tok, _ := store.stored(); tok != nil {
		t.Error("a refused sign-in stored a token")
	}
}

func TestLoginWrongStateRefused(t *testing.T) {
	f := newFakeOAuth(t)
	c := newCapture(t)
	b := newBrowser(t, c)
	store := &memStore{}
	// A stale tab (or another local program) calls back first with a state
	// of its own; then the operator signs in.
	open := b.opener(func(authURL string) []visit {
		forged := redirectOf(t, authURL)
		forged.RawQuery = url.Values{"code": {"forged-code"}, "state": {"not-the-state"}}.Encode()
		return []visit{b.get(forged.String()), b.get(authURL)}
	})

	tok, err := Login(context.Background(), loginOptions(f, c, store, open))
	c.addErr(err)
	if err != nil {
		t.Fatalf("Login: %v", err)
	}
	first, second := <-b.visits, <-b.visits
	if first.status != 400 || !strings.Contains(first.body, "refused") {
		t.Errorf("wrong-state page: %d %q", first.status, first.body)
	}
	if second.status != 200 {
		t.Errorf("the real callback after a wrong one: %d %q", second.status, second.body)
	}
	if tok == nil || tok.AccessToken != "LEAKCHECK-access-1" {
		t.Errorf("token after the real callback: %v", tok)
	}
	if _, n := f.counts(); n != 1 || f.lastTokenRequest().Get("code") == "forged-code" {
		t.Errorf("%d token requests; the forged code must never be exchanged", n)
	}
	if out := c.text("out"); !strings.Contains(out, "wrong state") {
		t.Errorf("output does not mention the refused response:\n%s", out)
	}
}

func TestLoginAccessDenied(t *testing.T) {
	f := newFakeOAuth(t)
	f.set(func(f *fakeOAuth) { f.deny = true })
	c := newCapture(t)
	b := newBrowser(t, c)
	store := &memStore{}

	_, err := Login(context.Background(), loginOptions(f, c, store, b.opener(b.follow)))
	c.addErr(err)
	if !errors.Is(err, ErrAccessDenied) || !strings.Contains(err.Error(), "The user declined") {
		t.Fatalf("Login error = %v, want ErrAccessDenied with Webex's description", err)
	}
	if v := <-b.visits; v.status != 403 || !strings.Contains(v.body, "declined") {
		t.Errorf("callback page: %d %q", v.status, v.body)
	}
	if _, n := f.counts(); n != 0 {
		t.Errorf("%d token requests after a refusal", n)
	}
}

func TestLoginEndsWithTheContext(t *testing.T) {
	f := newFakeOAuth(t)
	c := newCapture(t)
	store := &memStore{}
	ctx, cancel := context.WithCancel(context.Background())
	var redirect *url.URL
	open := func(u string) error {
		redirect = redirectOf(t, u)
		cancel() // the operator presses ctrl+c instead of signing in
		return nil
	}
	_, err := Login(ctx, loginOptions(f, c, store, open))
	c.addErr(err)
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "sign-in canceled") {
		t.Fatalf("Login error = %v, want canceled", err)
	}
	assertClosed(t, redirect.Host)

	// The timeout: no browser ever comes back.
	opts := loginOptions(f, c, store, NoBrowser)
	opts.Timeout = time.Nanosecond
	_, err = Login(context.Background(), opts)
	c.addErr(err)
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "timed out") {
		t.Errorf("Login error = %v, want a timeout", err)
	}
}

func TestLoginBrowserFailureIsOnlyANote(t *testing.T) {
	f := newFakeOAuth(t)
	c := newCapture(t)
	b := newBrowser(t, c)
	store := &memStore{}
	open := func(u string) error {
		go func() { b.visits <- b.get(u) }() // the operator copies the printed URL
		return errors.New("no graphical display")
	}
	if _, err := Login(context.Background(), loginOptions(f, c, store, open)); err != nil {
		c.addErr(err)
		t.Fatalf("Login: %v", err)
	}
	<-b.visits
	if out := c.text("out"); !strings.Contains(out, "did not open by itself: no graphical display") {
		t.Errorf("output lacks the note:\n%s", out)
	}
}

func TestLoginStoreFailure(t *testing.T) {
	f := newFakeOAuth(t)
	c := newCapture(t)
	b := newBrowser(t, c)
	store := &memStore{saveErr: errors.New("disk full")}
	_, err := Login(context.Background(), loginOptions(f, c, store, b.opener(b.follow)))
	c.addErr(err)
	if err == nil || !strings.Contains(err.Error(), "could not be stored: disk full") {
		t.Fatalf("Login error = %v", err)
	}
	<-b.visits
}

func TestLoginOptionsChecked(t *testing.T) {
	f := newFakeOAuth(t)
	c := newCapture(t)
	good := loginOptions(f, c, &memStore{}, NoBrowser)
	tests := []struct {
		name   string
		change func(*LoginOptions)
		want   string
	}{
		{"no client id", func(o *LoginOptions) { o.ClientID = "" }, "set [oauth] client_id"},
		{"no base URL", func(o *LoginOptions) { o.BaseURL = "" }, "no Webex base URL"},
		{"no store", func(o *LoginOptions) { o.Store = nil }, "nowhere to store the token"},
		{"bad port", func(o *LoginOptions) { o.RedirectPort = 70000 }, "redirect port 70000 is out of range"},
	}
	for _, tt := range tests {
		o := good
		tt.change(&o)
		_, err := Login(context.Background(), o)
		c.addErr(err)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want %q", tt.name, err, tt.want)
		}
	}
}

func TestLoginPortInUse(t *testing.T) {
	f := newFakeOAuth(t)
	c := newCapture(t)
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	opts := loginOptions(f, c, &memStore{}, NoBrowser)
	opts.RedirectPort = busy.Addr().(*net.TCPAddr).Port
	_, err = Login(context.Background(), opts)
	c.addErr(err)
	want := "port " + strconv.Itoa(opts.RedirectPort) + " on 127.0.0.1 is in use"
	if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "redirect_port") {
		t.Errorf("Login error = %v, want %q and the setting to change", err, want)
	}
}

// TestRedirectListenerIsLoopbackOnly checks the listener is bound to
// 127.0.0.1 alone: not to the unspecified address (every interface), not to
// IPv6.
func TestRedirectListenerIsLoopbackOnly(t *testing.T) {
	ln, err := listenLoopback(0)
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	addr := ln.Addr().(*net.TCPAddr)
	if !addr.IP.Equal(net.IPv4(127, 0, 0, 1)) || addr.IP.IsUnspecified() {
		t.Fatalf("listening on %s, want 127.0.0.1", addr.IP)
	}
	// A listener on every interface would also answer on the IPv6 loopback.
	conn, err := net.DialTimeout("tcp", net.JoinHostPort("::1", strconv.Itoa(addr.Port)), 2*time.Second)
	if err == nil {
		conn.Close()
		t.Error("the redirect listener answers on ::1")
	}
}

func TestLogout(t *testing.T) {
	c := newCapture(t)
	store := &memStore{}
	_ = store.Save(testToken("LEAKCHECK-access-9", "LEAKCHECK-refresh-9", time.Now().Add(time.Hour)))
	out := c.writer("out")
	if err := Logout(out, store); err != nil {
		t.Fatal(err)
	}
	if tok, _ := store.stored(); tok != nil {
		t.Error("Logout left the token")
	}
	if err := Logout(out, store); err != nil {
		t.Fatalf("a second Logout: %v", err)
	}
	s := out.String()
	if !strings.Contains(s, "Signed out: removed the Webex sign-in from memory.") || !strings.Contains(s, "Not signed in") {
		t.Errorf("output:\n%s", s)
	}
}
