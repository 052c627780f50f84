package auth

import (
	"errors"
	"fmt"
	"log/slog"

	"github.com/zalando/go-keyring"
	"golang.org/x/oauth2"
)

// KeyringStore keeps the token in the system keyring (macOS Keychain,
// Windows Credential Manager, the Secret Service on Linux) under service
// "callboard", one entry per API base URL.
//
// Opened by OpenStore, it also knows the file a keyring-less session may
// have left: Load falls back to it, and Save and Delete remove it, so a
// token never lingers on disk once the keyring holds one.
type KeyringStore struct {
	user string
	file *FileStore   // an earlier file-based sign-in; nil when not opened by OpenStore
	log  *slog.Logger // nil discards
}

// NewKeyringStore returns the keyring store for baseURL.
func NewKeyringStore(baseURL string) *KeyringStore {
	return &KeyringStore{user: storeKey(baseURL)}
}

// String names the store for messages.
func (s *KeyringStore) String() string { return "the system keyring" }

// Load reads the token from the keyring, or from the file an earlier
// keyring-less sign-in left.
func (s *KeyringStore) Load() (*oauth2.Token, error) {
	data, err := keyring.Get(ServiceName, s.user)
	if errors.Is(err, keyring.ErrNotFound) {
		if s.file != nil {
			return s.file.Load()
		}
		return nil, ErrNoToken
	}
	if err != nil {
		return nil, fmt.Errorf("read token from the system keyring: %w", err)
	}
	t, err := decodeToken([]byte(data))
	if err != nil {
		return nil, fmt.Errorf("system keyring: %w", err)
	}
	return t, nil
}

// Save writes the token to the keyring and removes any token file.
func (s *KeyringStore) Save(t *oauth2.Token) error {
	data, err := encodeToken(s.user, t)
	if err != nil {
		return err
	}
	if err := keyring.Set(ServiceName, s.user, string(data)); err != nil {
		return fmt.Errorf("store token in the system keyring: %w", err)
	}
	if s.file != nil {
		if err := s.file.Delete(); err != nil && !errors.Is(err, ErrNoToken) && s.log != nil {
			s.log.Warn("could not remove the old token file", "path", s.file.Path(), "err", err)
		}
	}
	return nil
}

// Delete removes the token from the keyring and any token file.
func (s *KeyringStore) Delete() error {
	kerr := keyring.Delete(ServiceName, s.user)
	if errors.Is(kerr, keyring.ErrNotFound) {
		kerr = ErrNoToken
	}
	ferr := error(ErrNoToken)
	if s.file != nil {
		ferr = s.file.Delete()
	}
	switch {
	case kerr != nil && !errors.Is(kerr, ErrNoToken):
		return fmt.Errorf("remove token from the system keyring: %w", kerr)
	case ferr != nil && !errors.Is(ferr, ErrNoToken):
		return ferr
	case kerr != nil && ferr != nil:
		return ErrNoToken
	}
	return nil
}
