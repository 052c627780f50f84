package auth

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"path/filepath"
	"strings"
	"time"

	"github.com/adrg/xdg"
	"github.com/zalando/go-keyring"
	"golang.org/x/oauth2"
)

// Store keeps the signed-in token for one API base URL.
type Store interface {
	// Load returns the stored token, or an error wrapping ErrNoToken.
	Load() (*oauth2.Token, error)
	// Save stores t, replacing any earlier token.
	Save(t *oauth2.Token) error
	// Delete removes the stored token, or returns an error wrapping
	// ErrNoToken when there was none.
	Delete() error
}

// storedToken is how a token is written, in the keyring and in files. The
// base URL is there for people looking at the file.
type storedToken struct {
	BaseURL      string    `json:"base_url"`
	AccessToken  string    `json:"access_token"`
	TokenType    string    `json:"token_type,omitempty"`
	RefreshToken string    `json:"refresh_token,omitempty"`
	Expiry       time.Time `json:"expiry,omitzero"`
}

// encodeToken writes t for storage.
func encodeToken(baseURL string, t *oauth2.Token) ([]byte, error) {
	if t == nil || t.AccessToken == "" {
		return nil, errors.New("no access token to store")
	}
	data, err := json.Marshal(storedToken{
		BaseURL:      baseURL,
		AccessToken:  t.AccessToken,
		TokenType:    t.TokenType,
		RefreshToken: t.RefreshToken,
		Expiry:       t.Expiry,
	})
	if err != nil {
		return nil, fmt.Errorf("encode token: %w", err)
	}
	return data, nil
}

// errDamaged reports stored data that is not a token. The data itself is
// never quoted: it may hold most of a token.
var errDamaged = errors.New("the stored sign-in is damaged: run `callboard login`")

// decodeToken reads a stored token.
func decodeToken(data []byte) (*oauth2.Token, error) {
	var s storedToken
	if err := json.Unmarshal(data, &s); err != nil || s.AccessToken == "" {
		return nil, errDamaged
	}
	return &oauth2.Token{
		AccessToken:  s.AccessToken,
		TokenType:    s.TokenType,
		RefreshToken: s.RefreshToken,
		Expiry:       s.Expiry,
	}, nil
}

// storeKey names the token of one API: a simulator sign-in never replaces
// the real one. Scheme and host are case-insensitive; trailing slashes do
// not matter.
func storeKey(baseURL string) string {
	s := strings.TrimRight(strings.TrimSpace(baseURL), "/")
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		return s
	}
	u.Scheme, u.Host = strings.ToLower(u.Scheme), strings.ToLower(u.Host)
	return u.String()
}

// storeOptions are OpenStore's settings.
type storeOptions struct {
	dir    string
	logger *slog.Logger
}

// StoreOption changes how OpenStore opens the token store.
type StoreOption func(*storeOptions)

// WithDir keeps the token file in dir instead of the callboard directory
// of the XDG state directory.
func WithDir(dir string) StoreOption { return func(o *storeOptions) { o.dir = dir } }

// WithLogger logs which store was chosen and why (never tokens).
func WithLogger(l *slog.Logger) StoreOption { return func(o *storeOptions) { o.logger = l } }

// DefaultDir is where the token file goes: $XDG_STATE_HOME/callboard.
func DefaultDir() string { return filepath.Join(xdg.StateHome, "callboard") }

// OpenStore returns the store for the API at baseURL: the system keyring
// when one answers, otherwise a private file in the XDG state directory
// (headless Linux has no Secret Service). The keyring is probed with a
// harmless read of callboard's own entry.
func OpenStore(baseURL string, opts ...StoreOption) Store {
	o := storeOptions{dir: DefaultDir()}
	for _, opt := range opts {
		opt(&o)
	}
	log := o.logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	file := NewFileStore(o.dir, baseURL)
	_, err := keyring.Get(ServiceName, storeKey(baseURL))
	if err == nil || errors.Is(err, keyring.ErrNotFound) {
		log.Debug("token store: system keyring", "base_url", storeKey(baseURL))
		ks := NewKeyringStore(baseURL)
		ks.file = file
		ks.log = log
		return ks
	}
	log.Debug("token store: no usable system keyring, using a private file", "path", file.Path(), "reason", err.Error())
	return file
}
