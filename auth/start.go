package auth

import (
	"errors"
	"fmt"
	"html"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
)

// startPath is where the callback server sends the browser on to the
// authorization URL.
const startPath = "/start"

// Why the browser is not handed the authorization URL itself: the opener
// (xdg-open, open) and often the browser get it as a command-line argument,
// which every local user can read in ps while it runs. The URL holds the
// state, and anyone who knows the state can end the sign-in by answering
// the callback with error=access_denied. So the browser gets an address
// that is no secret and that leads to the authorization URL only for this
// user:
//
//   - on Linux, http://127.0.0.1:PORT/start, which redirects there only when
//     the connection comes from a process of this user (the kernel says
//     which user owns each socket, in /proc/net/tcp);
//   - elsewhere, a file:// URL of a page in a new private directory (0700,
//     the page 0600) that forwards the browser there; other users cannot
//     read it.

// browserAddress returns what to hand the browser for authURL, and a
// cleanup to run once the sign-in is over.
func browserAddress(port int, authURL string) (string, func(), error) {
	if runtime.GOOS == "linux" {
		return "http://127.0.0.1:" + strconv.Itoa(port) + startPath, func() {}, nil
	}
	return startFile(authURL)
}

// startFile writes a private page that forwards the browser to authURL and
// returns its file:// URL and a cleanup removing it.
func startFile(authURL string) (string, func(), error) {
	dir, err := os.MkdirTemp("", "callboard-login-") // 0700
	if err != nil {
		return "", nil, fmt.Errorf("sign-in: page for the browser: %w", err)
	}
	cleanup := func() { _ = os.RemoveAll(dir) }
	path := filepath.Join(dir, "sign-in.html")
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		cleanup()
		return "", nil, fmt.Errorf("sign-in: page for the browser: %w", err)
	}
	u := html.EscapeString(authURL)
	page := `<!doctype html><html><head><meta charset="utf-8"><meta name="referrer" content="no-referrer">` +
		`<meta http-equiv="refresh" content="0; url=` + u + `"><title>callboard: sign in to Webex</title></head>` +
		`<body><p><a href="` + u + `">Continue to Webex to sign in</a></p></body></html>`
	if err := writePrivate(f, []byte(page)); err != nil {
		cleanup()
		return "", nil, fmt.Errorf("sign-in: page for the browser: %w", err)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		cleanup()
		return "", nil, fmt.Errorf("sign-in: page for the browser: %w", err)
	}
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}).String(), cleanup, nil
}

// errOtherUser reports a connection from another user's process.
var errOtherUser = errors.New("the connection comes from another user's process")

// sameUser checks that the request comes from a process of this user.
func sameUser(r *http.Request) error {
	local, ok := r.Context().Value(http.LocalAddrContextKey).(net.Addr)
	if !ok {
		return errors.New("the local address of the connection is unknown")
	}
	server, err1 := net.ResolveTCPAddr("tcp", local.String())
	client, err2 := net.ResolveTCPAddr("tcp", r.RemoteAddr)
	if err := errors.Join(err1, err2); err != nil {
		return err
	}
	uid, err := socketOwner(client, server)
	if err != nil {
		return err
	}
	if uid != os.Getuid() {
		return errOtherUser
	}
	return nil
}
