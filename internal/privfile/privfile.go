// Package privfile opens and removes the files callboard keeps for its user
// alone (the debug log, the token file) without being led elsewhere by a
// symbolic link someone planted, and without leaving them readable by
// other users.
package privfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
)

// ErrSymlink reports a path that is a symbolic link where callboard expects
// its own regular file.
var ErrSymlink = errors.New("is a symbolic link")

// ErrNotOurs reports a file callboard will not remove or write to: not a
// regular file, owned by another user, or readable by other users.
var ErrNotOurs = errors.New("is not a private file of this user")

// OpenAppend opens the file at path for appending, creating it with mode
// 0600. It refuses a symbolic link (where the platform can tell, without
// following it even once) and anything but a regular file of this user,
// and narrows a wider mode on an existing file to 0600: a log may hold
// call details and must stay private. The second result reports that the
// mode was narrowed, so the caller can say so.
func OpenAppend(path string) (*os.File, bool, error) {
	f, err := openNoFollow(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		if isSymlinkErr(path, err) {
			return nil, false, fmt.Errorf("%s %w: callboard writes only to a regular file there; remove the link or choose another file", path, ErrSymlink)
		}
		return nil, false, err
	}
	info, err := f.Stat()
	if err == nil {
		err = checkOwn(path, info)
	}
	if err != nil {
		f.Close()
		return nil, false, err
	}
	if runtime.GOOS == "windows" || info.Mode().Perm()&0o077 == 0 {
		return f, false, nil
	}
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return nil, false, fmt.Errorf("%s: other users can read it (mode %04o) and it cannot be made private: %w", path, info.Mode().Perm(), err)
	}
	return f, true, nil
}

// checkOwn refuses anything but a regular file owned by this user.
func checkOwn(path string, info fs.FileInfo) error {
	switch {
	case !info.Mode().IsRegular():
		return fmt.Errorf("%s %w: it is not a regular file (%s)", path, ErrNotOurs, info.Mode().Type())
	case !ownedByMe(info):
		return fmt.Errorf("%s %w: another user owns it", path, ErrNotOurs)
	}
	return nil
}

// Remove removes the file at path. When path is a symbolic link, the file
// it points to is removed too, but only when it is a regular file of this
// user that no one else can read (as a token file is): a link planted
// towards someone else's file, or a file shared with others, is left alone
// with an error saying why, and so is the link. A link that points nowhere
// is removed. Remove returns an error wrapping fs.ErrNotExist when there is
// nothing at path.
func Remove(path string) error {
	info, err := os.Lstat(path)
	if err != nil {
		return err
	}
	if info.Mode()&fs.ModeSymlink == 0 {
		return os.Remove(path)
	}
	target, err := filepath.EvalSymlinks(path)
	if errors.Is(err, fs.ErrNotExist) {
		return os.Remove(path) // a dangling link: nothing behind it to protect
	}
	if err != nil {
		return fmt.Errorf("%s is a symbolic link that cannot be followed: %w", path, err)
	}
	tinfo, err := os.Lstat(target)
	if err != nil {
		return err
	}
	if err := checkOwn(target, tinfo); err != nil {
		return fmt.Errorf("%s is a symbolic link; not removing what it points to: %w", path, err)
	}
	if perm := tinfo.Mode().Perm(); runtime.GOOS != "windows" && perm&0o077 != 0 {
		return fmt.Errorf("%s is a symbolic link; not removing what it points to: %s %w: other users can read it (mode %04o)",
			path, target, ErrNotOurs, perm)
	}
	if err := os.Remove(target); err != nil {
		return err
	}
	return os.Remove(path)
}
