package auth

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"

	"golang.org/x/oauth2"
)

// TokenSource returns a token source for the token in store: it hands out
// the stored token while it is valid, refreshes it through Webex's token
// endpoint when it expires, and saves every refreshed token to store (Webex
// may rotate the refresh token too).
//
// ctx carries the requests of every refresh (and cfg.HTTPClient, if set), so
// it must live as long as the token source: the program's root context.
//
// When there is no stored token the error wraps ErrNoToken. When a refresh
// is refused, or the token expired with nothing to refresh it, Token
// returns a *SessionError (errors.Is ErrSignInRequired) telling the operator
// to run `callboard login`; a network failure or a Webex outage during a
// refresh is returned as such, since signing in again would not help.
func TokenSource(ctx context.Context, cfg Config, store Store) (oauth2.TokenSource, error) {
	tok, err := store.Load()
	if errors.Is(err, ErrNoToken) {
		return nil, fmt.Errorf("%w: run `callboard login`, or set %s to a personal access token", ErrNoToken, EnvToken)
	}
	if err != nil {
		return nil, err
	}
	return &persistingSource{
		ctx:   cfg.withClient(ctx),
		conf:  cfg.oauth2Config(redirectURL(cfg.RedirectPort)),
		store: store,
		log:   cfg.logger(),
		tok:   tok,
	}, nil
}

// persistingSource refreshes and persists; one refresh at a time.
type persistingSource struct {
	ctx   context.Context
	conf  *oauth2.Config
	store Store
	log   *slog.Logger

	mu      sync.Mutex
	tok     *oauth2.Token
	unsaved bool // the last refreshed token could not be saved yet
}

// Token returns a valid access token, refreshing it first if needed.
func (s *persistingSource) Token() (*oauth2.Token, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.tok.Valid() {
		if s.unsaved {
			s.save()
		}
		return copyToken(s.tok), nil
	}
	if s.tok.RefreshToken == "" {
		return nil, &SessionError{Cause: errors.New("the stored token expired and has no refresh token")}
	}
	old := s.tok
	fresh, err := s.conf.TokenSource(s.ctx, &oauth2.Token{RefreshToken: old.RefreshToken}).Token()
	if err != nil {
		return nil, s.refreshError(err, old)
	}
	if fresh.RefreshToken == "" {
		fresh.RefreshToken = old.RefreshToken
	}
	s.tok = fresh
	s.log.Debug("refreshed the Webex access token", "expires", fresh.Expiry)
	s.save()
	return copyToken(s.tok), nil
}

// save persists the current token; a failure is logged and retried on the
// next call, since the token in hand is still good for this run.
func (s *persistingSource) save() {
	if err := s.store.Save(s.tok); err != nil {
		s.unsaved = true
		s.log.Warn("could not store the refreshed Webex token; will retry", "err", mask(err.Error(), tokenStrings(s.tok)))
		return
	}
	s.unsaved = false
}

// refreshError classifies a failed refresh: refused → sign in again;
// anything else → a temporary failure. No token text survives, nor the
// client secret, which a server echoing the posted form would show.
func (s *persistingSource) refreshError(err error, old *oauth2.Token) error {
	safe := sanitize(err, append(tokenStrings(old), s.clientSecret())...)
	var pe *ProviderError
	if errors.As(safe, &pe) && !pe.temporary() {
		s.log.Debug("Webex refused to refresh the token", "status", pe.StatusCode, "error", pe.Code)
		return &SessionError{Cause: pe}
	}
	s.log.Debug("refreshing the Webex token failed", "err", safe.Error())
	return fmt.Errorf("refresh the Webex sign-in: %w", safe)
}

// clientSecret is the integration's secret, for masking.
func (s *persistingSource) clientSecret() string {
	if s.conf == nil {
		return ""
	}
	return s.conf.ClientSecret
}

// tokenStrings lists the secrets of a token, for masking.
func tokenStrings(t *oauth2.Token) []string {
	if t == nil {
		return nil
	}
	return []string{t.AccessToken, t.RefreshToken}
}

// copyToken returns a copy the caller may keep or change.
func copyToken(t *oauth2.Token) *oauth2.Token {
	c := *t
	return &c
}

// Origin says where the credentials in use came from.
type Origin int

// The origins, in order of precedence.
const (
	OriginNone   Origin = iota // no credentials
	OriginEnv                  // WEBEX_TOKEN
	OriginConfig               // [webex] token in the configuration file
	OriginStore                // the sign-in stored by `callboard login`
)

// String names the origin for messages.
func (o Origin) String() string {
	switch o {
	case OriginEnv:
		return EnvToken
	case OriginConfig:
		return "the configuration file"
	case OriginStore:
		return "the stored sign-in"
	}
	return "none"
}

// FindOptions are the places Find looks for credentials.
type FindOptions struct {
	Getenv      func(string) string // os.Getenv in production; nil reads nothing
	ConfigToken string              // [webex] token, "" when unset
	Config      Config              // for refreshing a stored sign-in
	// Store opens the stored sign-in, only when neither of the others gives
	// a token (probing the system keyring takes tens of milliseconds at
	// start); nil skips it.
	Store func() Store
}

// Find picks the credentials callboard runs with, in order: WEBEX_TOKEN (a
// personal access token), the configuration file's token, then the
// sign-in stored by `callboard login`, which refreshes itself. When there
// are none the error wraps ErrNoToken: callboard then runs on its
// simulator.
func Find(ctx context.Context, o FindOptions) (oauth2.TokenSource, Origin, error) {
	if o.Getenv != nil {
		if t := strings.TrimSpace(o.Getenv(EnvToken)); t != "" {
			return staticSource(t), OriginEnv, nil
		}
	}
	if t := strings.TrimSpace(o.ConfigToken); t != "" {
		return staticSource(t), OriginConfig, nil
	}
	if o.Store == nil {
		return nil, OriginNone, ErrNoToken
	}
	ts, err := TokenSource(ctx, o.Config, o.Store())
	if err != nil {
		return nil, OriginNone, err
	}
	return ts, OriginStore, nil
}

// staticSource serves a token that cannot be refreshed.
func staticSource(t string) oauth2.TokenSource {
	return oauth2.StaticTokenSource(&oauth2.Token{AccessToken: t, TokenType: "Bearer"})
}
