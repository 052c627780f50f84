// Package auth signs callboard in to Webex and keeps the credentials: the
// OAuth 2.0 authorization-code flow with PKCE (`callboard login`), token
// storage in the system keyring or a private file, a token source that
// refreshes and persists the token, and the choice between WEBEX_TOKEN, the
// configuration file and the stored sign-in.
//
// Tokens never appear in an error message, a log line or anything written
// for the operator.
package auth

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"golang.org/x/oauth2"

	"github.com/callboard/callboard/internal/textsafe"
	"github.com/callboard/callboard/webex"
)

// ServiceName is the keyring service callboard stores its tokens under.
const ServiceName = "callboard"

// EnvToken is the environment variable holding a personal access token. It
// wins over every other source of credentials.
const EnvToken = "WEBEX_TOKEN"

// callbackPath is the path of the redirect URI on 127.0.0.1.
const callbackPath = "/callback"

// Config is the Webex integration callboard signs in with.
type Config struct {
	BaseURL      string   // the API root; the OAuth endpoints are BaseURL/authorize and BaseURL/access_token
	ClientID     string   // the integration's client ID
	ClientSecret string   // the integration's client secret
	Scopes       []string // the scopes to ask for
	RedirectPort int      // the port of http://127.0.0.1:PORT/callback; 0 picks a free port
	// HTTPClient carries the token requests; nil uses http.DefaultClient.
	// Whatever it is, redirects are never followed and plain http goes to
	// this machine only.
	HTTPClient *http.Client
	Logger     *slog.Logger // debug events, never tokens; nil discards them
}

// LogValue keeps the client secret out of structured logs.
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("base_url", c.BaseURL),
		slog.String("client_id", c.ClientID),
		slog.Bool("client_secret_set", c.ClientSecret != ""),
		slog.String("scopes", strings.Join(c.Scopes, " ")),
		slog.Int("redirect_port", c.RedirectPort),
	)
}

// oauth2Config is the oauth2 view of c for a redirect URI. Webex takes the
// client credentials in the form body.
func (c Config) oauth2Config(redirectURL string) *oauth2.Config {
	base := strings.TrimRight(c.BaseURL, "/")
	return &oauth2.Config{
		ClientID:     c.ClientID,
		ClientSecret: c.ClientSecret,
		Endpoint: oauth2.Endpoint{
			AuthURL:   base + "/authorize",
			TokenURL:  base + "/access_token",
			AuthStyle: oauth2.AuthStyleInParams,
		},
		RedirectURL: redirectURL,
		Scopes:      c.Scopes,
	}
}

// withClient returns ctx carrying the token endpoint's HTTP client for the
// oauth2 package.
func (c Config) withClient(ctx context.Context) context.Context {
	return context.WithValue(ctx, oauth2.HTTPClient, c.tokenClient())
}

// errTokenRedirect reports a token endpoint that answered with a redirect.
var errTokenRedirect = errors.New("the Webex token endpoint answered with a redirect, which callboard never follows: " +
	"the request carries the client secret and a code or refresh token")

// tokenClient is c.HTTPClient (or http.DefaultClient) made safe for the
// token endpoint, whatever it was built with: it never follows a redirect
// (Go would post the form, client_secret and refresh_token included, again
// to wherever a 307 points), and it refuses to send anything over plain
// http to another machine.
func (c Config) tokenClient() *http.Client {
	base := c.HTTPClient
	if base == nil {
		base = http.DefaultClient
	}
	hc := *base
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return errTokenRedirect }
	hc.Transport = secretTransport{next: base.Transport}
	return &hc
}

// secretTransport sends a request only over https, or over plain http to
// this machine (a simulator).
type secretTransport struct{ next http.RoundTripper }

// RoundTrip refuses a clear-text request to another machine before it is
// sent.
func (t secretTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.URL.Scheme != "https" && !(req.URL.Scheme == "http" && webex.IsLoopback(req.URL.String())) {
		if req.Body != nil {
			req.Body.Close()
		}
		return nil, fmt.Errorf("refused to send credentials over %s to %s: use https", req.URL.Scheme, textsafe.Line(req.URL.Host))
	}
	next := t.next
	if next == nil {
		next = http.DefaultTransport
	}
	return next.RoundTrip(req)
}

// logger returns c's logger, or one that discards.
func (c Config) logger() *slog.Logger {
	if c.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return c.Logger
}

// redirectURL is the redirect URI for a port.
func redirectURL(port int) string {
	return "http://127.0.0.1:" + strconv.Itoa(port) + callbackPath
}

// writerOrDiscard returns w, or a writer that drops everything.
func writerOrDiscard(w io.Writer) io.Writer {
	if w == nil {
		return io.Discard
	}
	return w
}
