package auth

import (
	"bytes"
	"errors"
	"fmt"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"golang.org/x/oauth2"
)

// memStore is a Store in memory.
type memStore struct {
	mu      sync.Mutex
	tok     *oauth2.Token
	saves   int
	saveErr error
}

func (s *memStore) Load() (*oauth2.Token, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.tok == nil {
		return nil, ErrNoToken
	}
	return copyToken(s.tok), nil
}

func (s *memStore) Save(t *oauth2.Token) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.saveErr != nil {
		return s.saveErr
	}
	s.tok = copyToken(t)
	s.saves++
	return nil
}

func (s *memStore) Delete() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.tok == nil {
		return ErrNoToken
	}
	s.tok = nil
	return nil
}

func (s *memStore) String() string { return "memory" }

// stored returns the token in the store and how many saves there were.
func (s *memStore) stored() (*oauth2.Token, int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.tok == nil {
		return nil, s.saves
	}
	return copyToken(s.tok), s.saves
}

// syncBuffer is a bytes.Buffer safe for the goroutines of a test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// capture collects everything a test's flows show — operator output,
// logs, error strings, browser pages — and, when the test ends, checks that
// no token or secret appears in any of it. Every test in this package uses
// one, so every login, refresh, store and logout flow is checked with the
// recognisable "LEAKCHECK-" tokens the fake server issues.
type capture struct {
	mu    sync.Mutex
	bufs  map[string][]*syncBuffer
	texts []string
}

// newCapture returns a capture checked at the end of t.
func newCapture(t *testing.T) *capture {
	c := &capture{bufs: map[string][]*syncBuffer{}}
	t.Cleanup(func() {
		for _, l := range c.leaks() {
			t.Errorf("a secret leaked into %s", l)
		}
	})
	return c
}

// writer returns a new buffer under name; all of them are checked.
func (c *capture) writer(name string) *syncBuffer {
	c.mu.Lock()
	defer c.mu.Unlock()
	b := &syncBuffer{}
	c.bufs[name] = append(c.bufs[name], b)
	return b
}

// text returns everything written under name.
func (c *capture) text(name string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var sb strings.Builder
	for _, b := range c.bufs[name] {
		sb.WriteString(b.String())
	}
	return sb.String()
}

// logger returns a debug logger writing into the capture.
func (c *capture) logger() *slog.Logger {
	return slog.New(slog.NewTextHandler(c.writer("log"), &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// add records text shown somewhere else (an error string, a page).
func (c *capture) add(what, s string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.texts = append(c.texts, what+": "+s)
}

// addErr records an error's message, with %v and %+v renderings.
func (c *capture) addErr(err error) {
	if err != nil {
		c.add("error", err.Error()+"\n"+fmt.Sprintf("%v %+v", err, err))
	}
}

// leaks returns every captured text that holds a secret.
func (c *capture) leaks() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []string
	for name, bs := range c.bufs {
		for _, b := range bs {
			if s := b.String(); strings.Contains(s, leakMarker) {
				out = append(out, name+":\n"+s)
			}
		}
	}
	for _, s := range c.texts {
		if strings.Contains(s, leakMarker) {
			out = append(out, s)
		}
	}
	return out
}

// visit is one page the test browser loaded.
type visit struct {
	status int
	body   string
	err    error
}

// browser stands in for the operator's browser: it loads URLs, following
// redirects, the way a browser follows the authorize redirect to the
// callback.
type browser struct {
	client *http.Client
	c      *capture
	visits chan visit

	mu     sync.Mutex
	opened []string // the addresses Login handed the browser
}

// newBrowser returns a browser whose pages go into c.
func newBrowser(t *testing.T, c *capture) *browser {
	tr := &http.Transport{} // no proxy: the callback is on 127.0.0.1
	t.Cleanup(tr.CloseIdleConnections)
	return &browser{client: &http.Client{Transport: tr}, c: c, visits: make(chan visit, 8)}
}

// get loads u and records the final page.
func (b *browser) get(u string) visit {
	resp, err := b.client.Get(u)
	if err != nil {
		b.c.addErr(err)
		return visit{err: err}
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	b.c.add("page", string(body))
	return visit{status: resp.StatusCode, body: string(body), err: err}
}

// opener returns an OpenBrowser function that runs script in the
// background, as a real browser would, and reports every visit. Login
// hands the browser an address that leads to the authorization URL; the
// browser goes there first, and script starts from the authorization URL.
func (b *browser) opener(script func(authURL string) []visit) func(string) error {
	return func(addr string) error {
		b.mu.Lock()
		b.opened = append(b.opened, addr)
		b.mu.Unlock()
		go func() {
			authURL, err := b.resolve(addr)
			if err != nil {
				b.c.addErr(err)
				b.visits <- visit{err: err}
				return
			}
			for _, v := range script(authURL) {
				b.visits <- v
			}
		}()
		return nil
	}
}

// resolve finds where the address Login handed the browser leads: the
// Location of the start page, or the link of the private page.
func (b *browser) resolve(addr string) (string, error) {
	u, err := url.Parse(addr)
	if err != nil {
		return "", err
	}
	if u.Scheme == "file" {
		page, err := os.ReadFile(filepath.FromSlash(u.Path))
		if err != nil {
			return "", err
		}
		_, rest, ok := strings.Cut(string(page), `<a href="`)
		link, _, ok2 := strings.Cut(rest, `"`)
		if !ok || !ok2 {
			return "", fmt.Errorf("no link in the page for the browser: %s", page)
		}
		return html.UnescapeString(link), nil
	}
	noFollow := *b.client
	noFollow.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := noFollow.Get(addr)
	if err != nil {
		return "", err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound {
		return "", fmt.Errorf("start page %s answered %d", addr, resp.StatusCode)
	}
	return resp.Header.Get("Location"), nil
}

// addresses returns what Login handed the browser so far.
func (b *browser) addresses() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.opened...)
}

// follow is the script of an operator who signs in.
func (b *browser) follow(authURL string) []visit { return []visit{b.get(authURL)} }

// TestCaptureDetectsLeaks makes sure the leak check itself can fail.
func TestCaptureDetectsLeaks(t *testing.T) {
	c := &capture{bufs: map[string][]*syncBuffer{}}
	c.logger().Info("refreshed", "token", "LEAKCHECK-access-1")
	c.writer("out")
	c.addErr(errors.New("nothing secret"))
	if l := c.leaks(); len(l) != 1 || !strings.HasPrefix(l[0], "log:") {
		t.Errorf("leaks() = %q, want the log line", l)
	}
	c.addErr(fmt.Errorf("wrapped: %w", errors.New("bearer LEAKCHECK-refresh-2")))
	if l := c.leaks(); len(l) != 2 {
		t.Errorf("leaks() = %q, want the error too", l)
	}
}
