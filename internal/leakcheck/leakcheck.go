// Package leakcheck finds secrets where they must never be: log files,
// screen captures, command output. Tests hand it the tokens they used and
// everything the code under test wrote; it reports each place a secret
// shows up, in its raw form or an obvious encoding of it.
//
// It is a test helper: only tests import it.
package leakcheck

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// MinLength is the shortest secret a Checker accepts: shorter ones match
// ordinary text by chance, and their base64 runs are too short to mean
// anything.
const MinLength = 8

// Secret is a value that must not appear, and the name reports give it.
type Secret struct {
	Name  string // "access token": reports say this, never the value
	Value string
}

// Hit is one place a secret was found.
type Hit struct {
	Source string // the file, or the name of a scanned text
	Line   int    // counted from 1
	Secret string // the secret's Name
	Form   string // how it was written: raw, base64, base64url, url-escaped or json-escaped
}

// String writes "source:line: name (form)". It never contains the secret.
func (h Hit) String() string {
	return fmt.Sprintf("%s:%d: %s (%s)", h.Source, h.Line, h.Secret, h.Form)
}

// Checker scans texts and files for a fixed set of secrets.
type Checker struct {
	secrets []checked
}

// checked is a secret with the spellings searched for.
type checked struct {
	name  string
	forms []form
}

// New returns a Checker for secrets. Each needs a name and a value of at
// least MinLength bytes.
func New(secrets ...Secret) (*Checker, error) {
	if len(secrets) == 0 {
		return nil, errors.New("leakcheck: no secrets to look for")
	}
	c := &Checker{}
	for i, s := range secrets {
		switch {
		case s.Name == "":
			return nil, fmt.Errorf("leakcheck: secret %d has no name", i+1)
		case len(s.Value) < MinLength:
			return nil, fmt.Errorf("leakcheck: secret %q is shorter than %d bytes", s.Name, MinLength)
		}
		c.secrets = append(c.secrets, checked{name: s.Name, forms: forms(s.Value)})
	}
	return c, nil
}

// Text returns the hits in text; source names it in the hits.
func (c *Checker) Text(source, text string) []Hit {
	lines := newLineIndex(text)
	var hits []Hit
	seen := make(map[Hit]bool)
	for _, s := range c.secrets {
		for _, f := range s.forms {
			for off := 0; ; {
				i := strings.Index(text[off:], f.text)
				if i < 0 {
					break
				}
				h := Hit{Source: source, Line: lines.line(off + i), Secret: s.name, Form: f.name}
				if !seen[h] {
					seen[h] = true
					hits = append(hits, h)
				}
				off += i + 1
			}
		}
	}
	sortHits(hits)
	return hits
}

// Files returns the hits in the named files and in every regular file
// below the named directories (links found inside them are not followed).
// A path that does not exist is an error: a test that expected a log must
// not pass because none was written.
func (c *Checker) Files(paths ...string) ([]Hit, error) {
	var hits []Hit
	scan := func(path string) error {
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		hits = append(hits, c.Text(path, string(data))...)
		return nil
	}
	for _, root := range paths {
		info, err := os.Stat(root)
		switch {
		case err != nil:
		case !info.IsDir():
			err = scan(root)
		default:
			err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
				if err != nil || !d.Type().IsRegular() {
					return err
				}
				return scan(path)
			})
		}
		if err != nil {
			return nil, fmt.Errorf("leakcheck: scan %s: %w", root, err)
		}
	}
	sortHits(hits)
	return hits, nil
}

// Assert fails t for every hit in the files and directories at paths and
// in texts (name → content, such as captured standard output). It fails t
// at once when a path cannot be scanned.
func (c *Checker) Assert(t testing.TB, paths []string, texts map[string]string) {
	t.Helper()
	hits, err := c.Files(paths...)
	if err != nil {
		t.Fatal(err)
	}
	for name, text := range texts {
		hits = append(hits, c.Text(name, text)...)
	}
	sortHits(hits)
	for _, h := range hits {
		t.Errorf("secret leaked: %s", h)
	}
}

// sortHits orders hits by source, line, secret and form.
func sortHits(hits []Hit) {
	slices.SortFunc(hits, func(a, b Hit) int {
		return cmp.Or(cmp.Compare(a.Source, b.Source), cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Secret, b.Secret), cmp.Compare(a.Form, b.Form))
	})
}

// lineIndex maps byte offsets of a text to line numbers.
type lineIndex []int // the offset at which each line after the first starts

func newLineIndex(text string) lineIndex {
	var starts lineIndex
	for i := range len(text) {
		if text[i] == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}

// line returns the line, from 1, holding the byte at off.
func (l lineIndex) line(off int) int {
	n, _ := slices.BinarySearch(l, off+1)
	return n + 1
}
