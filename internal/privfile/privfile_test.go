package privfile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// mode returns the permission bits of the file at path.
func mode(t *testing.T, path string) fs.FileMode {
	t.Helper()
	info, err := os.Lstat(path)
	if err != nil {
		t.Fatal(err)
	}
	return info.Mode().Perm()
}

// exists reports whether anything is at path, a link included.
func exists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}

func skipWithoutModes(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no permission bits or owners on this platform")
	}
}

func TestOpenAppendCreatesPrivate(t *testing.T) {
	skipWithoutModes(t)
	path := filepath.Join(t.TempDir(), "debug.log")
	f, narrowed, err := OpenAppend(path)
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	if narrowed || mode(t, path) != 0o600 {
		t.Errorf("new log: mode %04o, narrowed %v; want 0600, false", mode(t, path), narrowed)
	}
}

func TestOpenAppendNarrowsAWideMode(t *testing.T) {
	skipWithoutModes(t)
	path := filepath.Join(t.TempDir(), "debug.log")
	if err := os.WriteFile(path, []byte("earlier\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o644); err != nil { // whatever the umask did
		t.Fatal(err)
	}
	f, narrowed, err := OpenAppend(path)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = f.WriteString("later\n")
	f.Close()
	if !narrowed || mode(t, path) != 0o600 {
		t.Errorf("mode %04o, narrowed %v; want 0600, true", mode(t, path), narrowed)
	}
	if data, _ := os.ReadFile(path); string(data) != "earlier\nlater\n" {
		t.Errorf("the log holds %q; want it appended to", data)
	}
}

func TestOpenAppendRefusesASymlink(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "elsewhere")
	if err := os.WriteFile(target, []byte("someone's file\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "debug.log")
	if err := os.Symlink(target, link); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	f, _, err := OpenAppend(link)
	if err == nil {
		f.Close()
		t.Fatal("OpenAppend followed a symbolic link")
	}
	if !errors.Is(err, ErrSymlink) {
		t.Errorf("error %v, want ErrSymlink", err)
	}
	if data, _ := os.ReadFile(target); string(data) != "someone's file\n" {
		t.Errorf("the link's target changed: %q", data)
	}
	if runtime.GOOS != "windows" && mode(t, target) != 0o644 {
		t.Errorf("the link's target mode changed to %04o", mode(t, target))
	}
}

func TestOpenAppendRefusesADirectory(t *testing.T) {
	_, _, err := OpenAppend(t.TempDir())
	if err == nil {
		t.Fatal("OpenAppend opened a directory")
	}
}

func TestRemove(t *testing.T) {
	skipWithoutModes(t)
	dir := t.TempDir()
	write := func(name string, perm fs.FileMode) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("x"), perm); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(p, perm); err != nil {
			t.Fatal(err)
		}
		return p
	}
	link := func(name, target string) string {
		p := filepath.Join(dir, name)
		if err := os.Symlink(target, p); err != nil {
			t.Fatal(err)
		}
		return p
	}

	t.Run("a regular file", func(t *testing.T) {
		p := write("plain", 0o600)
		if err := Remove(p); err != nil || exists(p) {
			t.Errorf("Remove: %v; still there: %v", err, exists(p))
		}
	})
	t.Run("nothing there", func(t *testing.T) {
		if err := Remove(filepath.Join(dir, "none")); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("Remove of nothing: %v, want fs.ErrNotExist", err)
		}
	})
	t.Run("a link to our private file", func(t *testing.T) {
		target := write("ours", 0o600)
		l := link("to-ours", target)
		if err := Remove(l); err != nil || exists(l) || exists(target) {
			t.Errorf("Remove: %v; link left %v, target left %v", err, exists(l), exists(target))
		}
	})
	t.Run("a link to a file others can read", func(t *testing.T) {
		target := write("shared", 0o644)
		l := link("to-shared", target)
		err := Remove(l)
		if !errors.Is(err, ErrNotOurs) || !exists(l) || !exists(target) {
			t.Errorf("Remove: %v; link left %v, target left %v; want a refusal removing nothing", err, exists(l), exists(target))
		}
	})
	t.Run("a link to a directory", func(t *testing.T) {
		target := filepath.Join(dir, "adir")
		if err := os.Mkdir(target, 0o700); err != nil {
			t.Fatal(err)
		}
		l := link("to-dir", target)
		if err := Remove(l); !errors.Is(err, ErrNotOurs) || !exists(l) || !exists(target) {
			t.Errorf("Remove: %v; want a refusal removing nothing", err)
		}
	})
	t.Run("a dangling link", func(t *testing.T) {
		l := link("dangling", filepath.Join(dir, "gone"))
		if err := Remove(l); err != nil || exists(l) {
			t.Errorf("Remove: %v; link left %v", err, exists(l))
		}
	})
	t.Run("a link to another user's file", func(t *testing.T) {
		if os.Getuid() != 0 {
			t.Skip("only root can give a file to another user")
		}
		target := write("theirs", 0o600)
		if err := os.Chown(target, 65534, 65534); err != nil {
			t.Skipf("chown: %v", err)
		}
		l := link("to-theirs", target)
		if err := Remove(l); !errors.Is(err, ErrNotOurs) || !exists(l) || !exists(target) {
			t.Errorf("Remove: %v; want a refusal removing nothing", err)
		}
	})
}
