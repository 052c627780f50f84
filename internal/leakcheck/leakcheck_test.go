package leakcheck

import (
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// The secrets the tests look for. plainToken is what Webex tokens look
// like; oddSecret has characters every encoding escapes.
const (
	plainToken = "ZmFrZS1hY2Nlc3MtdG9rZW4tZm9yLXRlc3Rz_PF84_1eb65fdf"
	oddSecret  = `s3cr/t+v4lue=&"<x>"`
)

func newChecker(t *testing.T) *Checker {
	t.Helper()
	c, err := New(Secret{Name: "access token", Value: plainToken}, Secret{Name: "client secret", Value: oddSecret})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestTextFindsEveryForm checks each spelling of a secret in the places
// it turns up in practice, at the right line.
func TestTextFindsEveryForm(t *testing.T) {
	const jsonEscaped = `s3cr/t+v4lue=\u0026\"\u003cx\u003e\"` // as encoding/json writes oddSecret
	tests := []struct {
		name   string
		text   string
		line   int
		secret string
		form   string
	}{
		{"raw in a log line", "level=DEBUG msg=request\nauthorization=Bearer " + plainToken + "\n", 2, "access token", "raw"},
		{"raw, odd characters", "secret=" + oddSecret, 1, "client secret", "raw"},
		{"base64 of the value alone", "x\ny\nz=" + base64.StdEncoding.EncodeToString([]byte(plainToken)), 3, "access token", "base64"},
		{"base64 inside a Basic header", "Authorization: Basic " + base64.StdEncoding.EncodeToString([]byte("my-client-id:"+oddSecret)), 1, "client secret", "base64"},
		{"base64url, unpadded", "state=" + base64.RawURLEncoding.EncodeToString([]byte("{\"t\":\""+oddSecret+"\"}")), 1, "client secret", "base64url"},
		{"query escape", "GET /callback?secret=" + url.QueryEscape(oddSecret) + "&x=1", 1, "client secret", "url-escaped"},
		{"path escape", "\n\nGET /v1/" + url.PathEscape(oddSecret), 3, "client secret", "url-escaped"},
		{"lower-case hex escapes", "body: secret=" + strings.ToLower(url.QueryEscape(oddSecret)), 1, "client secret", "url-escaped"},
		{"JSON string", `{"client_secret":"` + jsonEscaped + `"}`, 1, "client secret", "json-escaped"},
	}
	c := newChecker(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hits := c.Text("out.log", tt.text)
			want := Hit{Source: "out.log", Line: tt.line, Secret: tt.secret, Form: tt.form}
			if !slices.Contains(hits, want) {
				t.Errorf("hits = %v, want one to be %v", hits, want)
			}
		})
	}
}

// TestBase64AtEveryAlignment checks that the secret's base64 is found
// whatever precedes it, in both alphabets, padded or not.
func TestBase64AtEveryAlignment(t *testing.T) {
	c := newChecker(t)
	encodings := map[string]*base64.Encoding{
		"std": base64.StdEncoding, "raw std": base64.RawStdEncoding,
		"url": base64.URLEncoding, "raw url": base64.RawURLEncoding,
	}
	for name, enc := range encodings {
		for _, secret := range []string{plainToken, oddSecret} {
			for prefix := range 6 {
				for suffix := range 3 {
					in := strings.Repeat("p", prefix) + secret + strings.Repeat("s", suffix)
					hits := c.Text("t", enc.EncodeToString([]byte(in)))
					if len(hits) == 0 || !strings.HasPrefix(hits[0].Form, "base64") {
						t.Errorf("%s, %d bytes before, %d after: hits %v, want a base64 hit", name, prefix, suffix, hits)
					}
				}
			}
		}
	}
}

// TestTextNoFalseHits checks that near misses are not reported: the
// secret with one character changed, a prefix of it, other text.
func TestTextNoFalseHits(t *testing.T) {
	c := newChecker(t)
	changed := []byte(plainToken)
	changed[10] ^= 1
	for _, text := range []string{
		"",
		"nothing to see here\n",
		string(changed),
		plainToken[:len(plainToken)-1],
		oddSecret[1:],
		base64.StdEncoding.EncodeToString(changed),
		"Authorization: Bearer ********",
	} {
		if hits := c.Text("t", text); len(hits) != 0 {
			t.Errorf("Text(%q) = %v, want no hits", text, hits)
		}
	}
}

// TestTextReportsEachLineOnce checks that every line holding a secret is
// reported, and a line holding it twice only once per form.
func TestTextReportsEachLineOnce(t *testing.T) {
	c := newChecker(t)
	text := "a " + plainToken + " b " + plainToken + "\nclean\n" + plainToken + "\n" + oddSecret
	got := c.Text("cap.txt", text)
	want := []Hit{
		{Source: "cap.txt", Line: 1, Secret: "access token", Form: "raw"},
		{Source: "cap.txt", Line: 3, Secret: "access token", Form: "raw"},
		{Source: "cap.txt", Line: 4, Secret: "client secret", Form: "raw"},
	}
	if !slices.Equal(got, want) {
		t.Errorf("hits =\n%v\nwant\n%v", got, want)
	}
}

// TestFilesWalksDirectories scans a tree of files and checks that each hit
// names its file and line, and that a missing path is an error.
func TestFilesWalksDirectories(t *testing.T) {
	dir := t.TempDir()
	logs := filepath.Join(dir, "logs", "nested")
	if err := os.MkdirAll(logs, 0o700); err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		filepath.Join(dir, "clean.txt"):     "nothing\nhere\n",
		filepath.Join(logs, "debug.log"):    "one\ntwo\nauth=" + base64.StdEncoding.EncodeToString([]byte(plainToken)) + "\n",
		filepath.Join(dir, "screen.txt"):    "\x1b[1mtoken\x1b[0m " + plainToken,
		filepath.Join(dir, "logs", "x.bin"): "\x00\x01" + oddSecret + "\x00",
	}
	for path, content := range files {
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	// A link named as a path is read; one met inside a directory is not.
	link := filepath.Join(t.TempDir(), "latest.txt")
	if err := os.Symlink(filepath.Join(dir, "screen.txt"), link); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "screen.txt"), filepath.Join(logs, "screen-link.txt")); err != nil {
		t.Fatal(err)
	}
	c := newChecker(t)
	got, err := c.Files(filepath.Join(dir, "logs"), filepath.Join(dir, "screen.txt"), filepath.Join(dir, "clean.txt"), link)
	if err != nil {
		t.Fatal(err)
	}
	want := []Hit{
		{Source: filepath.Join(logs, "debug.log"), Line: 3, Secret: "access token", Form: "base64"},
		{Source: filepath.Join(dir, "logs", "x.bin"), Line: 1, Secret: "client secret", Form: "raw"},
		{Source: filepath.Join(dir, "screen.txt"), Line: 1, Secret: "access token", Form: "raw"},
		{Source: link, Line: 1, Secret: "access token", Form: "raw"},
	}
	slices.SortFunc(want, func(a, b Hit) int { return strings.Compare(a.Source, b.Source) })
	if !slices.Equal(got, want) {
		t.Errorf("hits =\n%v\nwant\n%v", got, want)
	}

	_, err = c.Files(filepath.Join(dir, "missing.log"))
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing path: err = %v, want fs.ErrNotExist", err)
	}
}

// TestNewRefuses checks that a Checker cannot be built to look for
// nothing, for an unnamed secret or for one too short to search for.
func TestNewRefuses(t *testing.T) {
	tests := []struct {
		name    string
		secrets []Secret
	}{
		{"no secrets", nil},
		{"no name", []Secret{{Value: plainToken}}},
		{"too short", []Secret{{Name: "pin", Value: "1234567"}}},
		{"empty value", []Secret{{Name: "token"}}},
	}
	for _, tt := range tests {
		if c, err := New(tt.secrets...); err == nil || c != nil {
			t.Errorf("%s: New = %v, %v; want an error", tt.name, c, err)
		}
	}
}

// TestHitStringHidesTheSecret checks that a report can be printed safely.
func TestHitStringHidesTheSecret(t *testing.T) {
	c := newChecker(t)
	for _, h := range c.Text("t.log", plainToken+"\n"+oddSecret) {
		s := h.String()
		if strings.Contains(s, plainToken) || strings.Contains(s, oddSecret) {
			t.Errorf("Hit.String() = %q reveals the secret", s)
		}
		if !strings.HasPrefix(s, fmt.Sprintf("t.log:%d: ", h.Line)) {
			t.Errorf("Hit.String() = %q, want it to start with file:line", s)
		}
	}
}

// recorder is a testing.TB that records failures instead of stopping.
type recorder struct {
	testing.TB
	errors []string
	fatal  []string
}

func (r *recorder) Helper()                   {}
func (r *recorder) Errorf(f string, a ...any) { r.errors = append(r.errors, fmt.Sprintf(f, a...)) }
func (r *recorder) Fatal(a ...any)            { r.fatal = append(r.fatal, fmt.Sprint(a...)) }

// TestAssert checks that Assert fails the test for each hit in files and
// texts, stays quiet when all is clean, and fails at once on a missing
// path.
func TestAssert(t *testing.T) {
	c := newChecker(t)
	dir := t.TempDir()
	log := filepath.Join(dir, "run.log")
	if err := os.WriteFile(log, []byte("ok\n"+plainToken+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}

	r := &recorder{TB: t}
	c.Assert(r, []string{log}, map[string]string{"stdout": "fine", "stderr": "x " + oddSecret})
	want := []string{
		"secret leaked: " + log + ":2: access token (raw)",
		"secret leaked: stderr:1: client secret (raw)",
	}
	if !slices.Equal(r.errors, want) || len(r.fatal) != 0 {
		t.Errorf("Assert reported %q (fatal %q), want %q", r.errors, r.fatal, want)
	}

	r = &recorder{TB: t}
	c.Assert(r, []string{dir}, map[string]string{"stdout": "clean"})
	if len(r.errors) != 1 {
		t.Errorf("Assert on a directory reported %q, want the one hit in run.log", r.errors)
	}

	r = &recorder{TB: t}
	c.Assert(r, []string{filepath.Join(dir, "nope")}, nil)
	if len(r.fatal) != 1 {
		t.Errorf("Assert on a missing file: fatal %q, want one", r.fatal)
	}
}
