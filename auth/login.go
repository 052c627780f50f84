package auth

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"syscall"
	"time"

	"golang.org/x/oauth2"

	"github.com/callboard/callboard/internal/textsafe"
)

// DefaultLoginTimeout is how long Login waits for the browser when the
// options give no timeout.
const DefaultLoginTimeout = 5 * time.Minute

// LoginOptions configure Login.
type LoginOptions struct {
	Config

	Out         io.Writer              // what the operator reads: the URL, progress; nil discards
	OpenBrowser func(url string) error // nil uses DefaultOpenBrowser; failures only produce a note
	Store       Store                  // where the token goes
	Timeout     time.Duration          // how long to wait for the browser; 0 means DefaultLoginTimeout
}

// Login signs in with the OAuth 2.0 authorization-code flow and PKCE (S256)
// and stores the token:
//
//  1. it listens on 127.0.0.1 (never on other interfaces) at
//     RedirectPort for http://127.0.0.1:PORT/callback;
//  2. it prints the authorization URL (always: the browser may not open)
//     and has the browser open an address that leads there (see
//     browserAddress: the URL's state must not appear in ps);
//  3. when the browser comes back it checks the state, exchanges the code
//     with the PKCE verifier at BaseURL/access_token and saves the token.
//
// A callback whose state does not match is refused with a page saying so
// and otherwise ignored: Login keeps waiting, because a stale tab or another
// local program must not be able to end a sign-in in progress. A callback
// with the right state and an error (access_denied) ends it with that error
// (errors.Is ErrAccessDenied). Login gives up when ctx ends or the timeout
// passes, and it always closes the listener before returning.
func Login(ctx context.Context, o LoginOptions) (*oauth2.Token, error) {
	if err := o.check(); err != nil {
		return nil, err
	}
	out := writerOrDiscard(o.Out)
	logger := o.logger()
	timeout := o.Timeout
	if timeout <= 0 {
		timeout = DefaultLoginTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	ln, err := listenLoopback(o.RedirectPort)
	if err != nil {
		return nil, err
	}
	port := ln.Addr().(*net.TCPAddr).Port
	conf := o.oauth2Config(redirectURL(port))
	verifier := oauth2.GenerateVerifier()
	state, err := randomState()
	if err != nil {
		ln.Close()
		return nil, err
	}
	authURL := conf.AuthCodeURL(state, oauth2.S256ChallengeOption(verifier))

	cb := newCallbacks()
	cb.start = authURL
	srv := &http.Server{
		Handler:           cb,
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          log.New(io.Discard, "", 0), // the terminal belongs to the operator
	}
	served := make(chan struct{})
	go func() {
		defer close(served)
		_ = srv.Serve(ln) // returns when shut down below
	}()
	defer func() {
		cb.finish()
		sctx, scancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer scancel()
		if err := srv.Shutdown(sctx); err != nil {
			srv.Close()
		}
		<-served
	}()
	logger.Debug("login: waiting for the browser", "redirect_uri", conf.RedirectURL, "config", o.Config)

	fmt.Fprintf(out, "To sign in to Webex, open this address in a browser:\n\n    %s\n\n", authURL)
	opener := o.OpenBrowser
	if opener == nil {
		opener = DefaultOpenBrowser
	}
	// The opener's arguments are public (ps): it gets an address without
	// the state, which leads to authURL for this user only.
	browserURL, cleanup, err := browserAddress(port, authURL)
	if err == nil {
		defer cleanup()
		err = opener(browserURL)
	}
	if err != nil {
		fmt.Fprintf(out, "(The browser did not open by itself: %s. Open the address above.)\n", textsafe.ErrorLine(err))
	}
	fmt.Fprintf(out, "Waiting for the browser (up to %s; ctrl+c cancels)...\n", timeout)

	for {
		select {
		case <-ctx.Done():
			if errors.Is(ctx.Err(), context.DeadlineExceeded) {
				return nil, fmt.Errorf("sign-in timed out after %s waiting for the browser: %w", timeout, ctx.Err())
			}
			return nil, fmt.Errorf("sign-in canceled: %w", ctx.Err())
		case ev := <-cb.events:
			tok, done, err := o.handle(ctx, ev, state, verifier, conf, out, logger)
			if done {
				return tok, err
			}
		}
	}
}

// check refuses options Login cannot work with.
func (o LoginOptions) check() error {
	switch {
	case o.BaseURL == "":
		return errors.New("sign-in: no Webex base URL")
	case o.ClientID == "":
		return errors.New("sign-in: no OAuth client ID: create an integration at developer.webex.com and set [oauth] client_id (and client_secret) in the configuration file")
	case o.Store == nil:
		return errors.New("sign-in: nowhere to store the token")
	case o.RedirectPort < 0 || o.RedirectPort > 65535:
		return fmt.Errorf("sign-in: redirect port %d is out of range", o.RedirectPort)
	}
	return nil
}

// handle acts on one browser callback. done says whether Login is over.
func (o LoginOptions) handle(ctx context.Context, ev callback, state, verifier string, conf *oauth2.Config,
	out io.Writer, logger *slog.Logger) (tok *oauth2.Token, done bool, err error) {
	if subtle.ConstantTimeCompare([]byte(ev.state), []byte(state)) != 1 {
		logger.Warn("login: refused a callback with the wrong state")
		fmt.Fprintln(out, "Refused a browser response that does not belong to this sign-in (wrong state); still waiting.")
		ev.reply <- pageWrongState
		return nil, false, nil
	}
	if ev.errCode != "" {
		ev.reply <- pageDeclined
		pe := &ProviderError{Code: clean(ev.errCode, 64, nil), Description: clean(ev.errDesc, 200, nil)}
		if ev.errCode == "access_denied" {
			return nil, true, fmt.Errorf("sign-in: %w (%v)", ErrAccessDenied, pe)
		}
		return nil, true, fmt.Errorf("sign-in refused: %w", pe)
	}
	if ev.code == "" {
		ev.reply <- pageNoCode
		fmt.Fprintln(out, "Refused a browser response without an authorization code; still waiting.")
		return nil, false, nil
	}

	tok, err = conf.Exchange(o.withClient(ctx), ev.code, oauth2.VerifierOption(verifier))
	if err != nil {
		ev.reply <- pageFailed
		return nil, true, fmt.Errorf("sign-in: exchange the authorization code: %w", sanitize(err, o.ClientSecret, ev.code, verifier))
	}
	if err := o.Store.Save(tok); err != nil {
		ev.reply <- pageFailed
		return nil, true, fmt.Errorf("sign-in worked, but the token could not be stored: %w", sanitize(err, tokenStrings(tok)...))
	}
	ev.reply <- pageSignedIn
	logger.Debug("login: signed in", "expires", tok.Expiry, "store", describeStore(o.Store))
	fmt.Fprintf(out, "Signed in to %s. The token is stored in %s.\n", o.BaseURL, describeStore(o.Store))
	return tok, true, nil
}

// listenLoopback listens on 127.0.0.1 only: the callback carries an
// authorization code that nothing on the network should see.
func listenLoopback(port int) (net.Listener, error) {
	ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
	if errors.Is(err, syscall.EADDRINUSE) {
		return nil, fmt.Errorf("sign-in: port %d on 127.0.0.1 is in use: stop what uses it, or set [oauth] redirect_port to a free port (and register http://127.0.0.1:PORT/callback with the integration): %w", port, err)
	}
	if err != nil {
		return nil, fmt.Errorf("sign-in: listen for the browser on 127.0.0.1:%d: %w", port, err)
	}
	return ln, nil
}

// randomState returns 256 random bits, URL-safe, for the state parameter.
func randomState() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("sign-in: random state: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// describeStore names a store for messages.
func describeStore(s Store) string {
	if n, ok := s.(fmt.Stringer); ok {
		return n.String()
	}
	return "the token store"
}

// Logout removes the stored sign-in and says so on w. Having none is not an
// error.
func Logout(w io.Writer, store Store) error {
	w = writerOrDiscard(w)
	err := store.Delete()
	if errors.Is(err, ErrNoToken) {
		fmt.Fprintln(w, "Not signed in: there was no stored Webex sign-in to remove.")
		return nil
	}
	if err != nil {
		return fmt.Errorf("sign out: %w", err)
	}
	fmt.Fprintf(w, "Signed out: removed the Webex sign-in from %s.\n", describeStore(store))
	return nil
}
