package auth

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"

	"golang.org/x/oauth2"

	"github.com/callboard/callboard/internal/privfile"
)

// maxTokenFile bounds what Load reads: a token file is a few hundred bytes.
const maxTokenFile = 64 << 10

// FileStore keeps a token in a JSON file only its owner can read (0600, in a
// 0700 directory), one file per API base URL. Writes go to a temporary file
// that is renamed into place, so a crash never leaves half a token.
type FileStore struct {
	path    string
	baseURL string
}

// NewFileStore returns the file store for baseURL in dir.
func NewFileStore(dir, baseURL string) *FileStore {
	key := storeKey(baseURL)
	sum := sha256.Sum256([]byte(key))
	return &FileStore{
		path:    filepath.Join(dir, "token-"+hex.EncodeToString(sum[:8])+".json"),
		baseURL: key,
	}
}

// Path is the token file.
func (s *FileStore) Path() string { return s.path }

// String names the store for messages.
func (s *FileStore) String() string { return s.path }

// Load reads the token. It refuses a file other users can read: the token
// may have leaked, and using it would hide that.
func (s *FileStore) Load() (*oauth2.Token, error) {
	f, err := os.Open(s.path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w (%s)", ErrNoToken, s.path)
	}
	if err != nil {
		return nil, fmt.Errorf("read token: %w", err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("read token: %w", err)
	}
	if perm := info.Mode().Perm(); insecure(perm) {
		return nil, fmt.Errorf("%s: %w (mode %04o): run chmod 600 %s, or `callboard logout` and sign in again",
			s.path, ErrInsecureFile, perm, s.path)
	}
	data, err := io.ReadAll(io.LimitReader(f, maxTokenFile))
	if err != nil {
		return nil, fmt.Errorf("read token: %w", err)
	}
	t, err := decodeToken(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", s.path, err)
	}
	return t, nil
}

// Save writes the token: a new 0600 file (created exclusively) renamed over
// the old one.
func (s *FileStore) Save(t *oauth2.Token) error {
	data, err := encodeToken(s.baseURL, t)
	if err != nil {
		return err
	}
	dir := filepath.Dir(s.path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("store token: %w", err)
	}
	tmp, err := os.CreateTemp(dir, ".token-*.tmp") // O_EXCL, mode 0600
	if err != nil {
		return fmt.Errorf("store token: %w", err)
	}
	err = writePrivate(tmp, data)
	if err == nil {
		err = os.Rename(tmp.Name(), s.path)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("store token: %w", err)
	}
	return nil
}

// writePrivate makes f owner-only, writes data to disk and closes f.
func writePrivate(f *os.File, data []byte) error {
	err := f.Chmod(0o600)
	if runtime.GOOS == "windows" {
		err = nil // no mode bits; the file is in the user's profile
	}
	if err == nil {
		_, err = f.Write(data)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// Delete removes the token file. When the path is a symbolic link, the file
// it points to goes too, but only if it is a private regular file of this
// user; otherwise nothing is removed and the error says why, since removing
// the link alone would leave the token behind while saying it is gone.
func (s *FileStore) Delete() error {
	err := privfile.Remove(s.path)
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%w (%s)", ErrNoToken, s.path)
	}
	if err != nil {
		return fmt.Errorf("remove token: %w", err)
	}
	return nil
}

// insecure reports whether a file mode lets anyone but the owner in.
// Windows has no such bits.
func insecure(perm fs.FileMode) bool {
	return runtime.GOOS != "windows" && perm&0o077 != 0
}
