//go:build !unix

package privfile

import (
	"errors"
	"io/fs"
	"os"
)

// openNoFollow refuses a symbolic link found before the open; the platform
// has no O_NOFOLLOW, so a link made between the check and the open is not
// seen.
func openNoFollow(path string, flag int, perm fs.FileMode) (*os.File, error) {
	if info, err := os.Lstat(path); err == nil && info.Mode()&fs.ModeSymlink != 0 {
		return nil, &fs.PathError{Op: "open", Path: path, Err: ErrSymlink}
	}
	return os.OpenFile(path, flag, perm)
}

// isSymlinkErr reports whether err is openNoFollow refusing a link.
func isSymlinkErr(_ string, err error) bool { return errors.Is(err, ErrSymlink) }

// ownedByMe is true: the platform has no owner in its file modes, and a
// user's profile directory is private already.
func ownedByMe(fs.FileInfo) bool { return true }
