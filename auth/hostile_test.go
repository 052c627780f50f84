package auth

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// escapeText is what a hostile network puts in an error: a certificate name
// with OSC 52, OSC 0 and SGR, as Go quotes it verbatim.
const escapeText = "x509: certificate is valid for \x1b]52;c;Y3VybA==\x07, \x1b]0;pwned\x07, \x1b[31mred\x1b[0m\u202e, not localhost"

// controlIn returns the first control or bidirectional character of s, or -1.
func controlIn(s string) rune {
	for _, r := range s {
		if r < 0x20 || r >= 0x7f && r <= 0x9f || r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069 {
			return r
		}
	}
	return -1
}

// TestRefreshNetworkErrorIsOneSafeLine: a refresh that fails on the network
// (here a TLS failure quoting a hostile certificate) reaches the console's
// banner and the CLI's stderr as one line without escape sequences, the
// secrets masked and the chain kept for errors.Is.
func TestRefreshNetworkErrorIsOneSafeLine(t *testing.T) {
	s := &persistingSource{log: slog.New(slog.DiscardHandler)}
	old := testToken("LEAKCHECK-access-0", "LEAKCHECK-refresh-0", time.Now().Add(-time.Minute))
	cause := errors.New("tls: failed to verify certificate")
	err := s.refreshError(fmt.Errorf("Post %q: %s (refresh %s): %w", "https://webexapis.com/v1/access_token",
		escapeText, old.RefreshToken, cause), old)
	msg := err.Error()
	if r := controlIn(msg); r >= 0 {
		t.Errorf("refresh error holds %U: %q", r, msg)
	}
	if strings.Contains(msg, leakMarker) {
		t.Errorf("refresh error shows a token: %q", msg)
	}
	if !strings.Contains(msg, "certificate is valid for") || !errors.Is(err, cause) {
		t.Errorf("refresh error lost its cause: %q", msg)
	}
}

// thief is a second host that records whatever reaches it.
type thief struct {
	srv  *httptest.Server
	mu   sync.Mutex
	seen []string
}

func newThief(t *testing.T) *thief {
	th := &thief{}
	th.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		th.mu.Lock()
		th.seen = append(th.seen, r.Method+" "+r.URL.String()+" "+string(body))
		th.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"access_token":"stolen","token_type":"Bearer","expires_in":3600}`)
	}))
	t.Cleanup(th.srv.Close)
	return th
}

func (th *thief) requests() []string {
	th.mu.Lock()
	defer th.mu.Unlock()
	return slices.Clone(th.seen)
}

// TestTokenEndpointRedirectNotFollowed: a token endpoint answering 307
// (sending the form to another host) gets no second request: neither a
// refresh nor a login's code exchange is posted anywhere else, and the
// failure says why.
func TestTokenEndpointRedirectNotFollowed(t *testing.T) {
	t.Run("refresh", func(t *testing.T) {
		f := newFakeOAuth(t)
		th := newThief(t)
		f.set(func(f *fakeOAuth) { f.tokenRedirect = th.srv.URL + "/steal" })
		c := newCapture(t)
		store := &memStore{}
		_ = store.Save(testToken("LEAKCHECK-access-0", "LEAKCHECK-refresh-0", time.Now().Add(-time.Minute)))
		_, err := sourceFor(t, f, c, store).Token()
		c.addErr(err)
		if !errors.Is(err, errTokenRedirect) || !strings.Contains(err.Error(), "never follows") {
			t.Errorf("refresh error %v, want the redirect refused", err)
		}
		if got := th.requests(); len(got) != 0 {
			t.Errorf("the other host received %q", got)
		}
	})
	t.Run("login", func(t *testing.T) {
		f := newFakeOAuth(t)
		th := newThief(t)
		f.set(func(f *fakeOAuth) { f.tokenRedirect = th.srv.URL + "/steal" })
		c := newCapture(t)
		b := newBrowser(t, c)
		opts := loginOptions(f, c, &memStore{}, b.opener(b.follow))
		_, err := Login(context.Background(), opts)
		c.addErr(err)
		if !errors.Is(err, errTokenRedirect) || !strings.Contains(err.Error(), "never follows") {
			t.Errorf("login error %v, want the redirect refused", err)
		}
		if got := th.requests(); len(got) != 0 {
			t.Errorf("the other host received %q", got)
		}
	})
}

// roundTripRecorder records the requests it is asked to send, and sends none.
type roundTripRecorder struct {
	mu   sync.Mutex
	urls []string
}

func (r *roundTripRecorder) RoundTrip(req *http.Request) (*http.Response, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.urls = append(r.urls, req.URL.String())
	return nil, errors.New("the recorder sends nothing")
}

// TestNoSecretOverPlainHTTPToAnotherMachine: whatever HTTP client auth is
// given, a token request over plain http to another machine is refused
// before it reaches the client's transport; to loopback it is allowed.
func TestNoSecretOverPlainHTTPToAnotherMachine(t *testing.T) {
	rec := &roundTripRecorder{}
	cfg := Config{BaseURL: "http://192.0.2.10/v1", ClientID: testClientID, ClientSecret: testClientSecret,
		HTTPClient: &http.Client{Transport: rec}}
	store := &memStore{}
	_ = store.Save(testToken("LEAKCHECK-access-0", "LEAKCHECK-refresh-0", time.Now().Add(-time.Minute)))
	ts, err := TokenSource(context.Background(), cfg, store)
	if err != nil {
		t.Fatal(err)
	}
	_, err = ts.Token()
	if err == nil || !strings.Contains(err.Error(), "use https") {
		t.Errorf("refresh over plain http: %v, want a refusal", err)
	}
	if len(rec.urls) != 0 {
		t.Errorf("the transport was asked to send %q", rec.urls)
	}
	if strings.Contains(fmt.Sprint(err), leakMarker) {
		t.Errorf("the error shows a secret: %v", err)
	}

	cfg.BaseURL = "http://127.0.0.1:9/v1"
	ts, err = TokenSource(context.Background(), cfg, store)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = ts.Token()
	if len(rec.urls) != 1 {
		t.Errorf("loopback: the transport was asked %q, want one request", rec.urls)
	}
}

// TestRefreshErrorMasksTheClientSecret: a token endpoint that quotes the
// posted form in its refusal has the client secret masked as well as the
// refresh token, in the form's encoding too.
func TestRefreshErrorMasksTheClientSecret(t *testing.T) {
	f := newFakeOAuth(t)
	f.set(func(f *fakeOAuth) { f.echoForm = true })
	c := newCapture(t)
	cfg := f.config()
	cfg.Logger = c.logger()
	cfg.ClientSecret = "LEAKCHECK+client/secret=1"
	store := &memStore{}
	_ = store.Save(testToken("LEAKCHECK-access-0", "LEAKCHECK-refresh-0", time.Now().Add(-time.Minute)))
	ts, err := TokenSource(context.Background(), cfg, store)
	if err != nil {
		t.Fatal(err)
	}
	_, err = ts.Token()
	c.addErr(err)
	if err == nil || !strings.Contains(err.Error(), "client_secret=********") {
		t.Fatalf("refresh error %v, want the echoed form with the secret masked", err)
	}
	if strings.Contains(err.Error(), leakMarker) {
		t.Errorf("refresh error shows a secret: %v", err)
	}
}
