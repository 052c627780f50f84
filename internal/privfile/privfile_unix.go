//go:build unix

package privfile

import (
	"errors"
	"io/fs"
	"os"
	"syscall"
)

// openNoFollow opens path with O_NOFOLLOW: a symbolic link as the last
// component fails the open instead of being followed.
func openNoFollow(path string, flag int, perm fs.FileMode) (*os.File, error) {
	return os.OpenFile(path, flag|syscall.O_NOFOLLOW, perm)
}

// isSymlinkErr reports whether err is O_NOFOLLOW refusing a link (ELOOP on
// Linux, EMLINK on some BSDs).
func isSymlinkErr(path string, err error) bool {
	if errors.Is(err, syscall.ELOOP) || errors.Is(err, syscall.EMLINK) {
		info, lerr := os.Lstat(path)
		return lerr == nil && info.Mode()&fs.ModeSymlink != 0
	}
	return false
}

// ownedByMe reports whether this process's user owns the file.
func ownedByMe(info fs.FileInfo) bool {
	st, ok := info.Sys().(*syscall.Stat_t)
	return ok && int(st.Uid) == os.Getuid()
}
