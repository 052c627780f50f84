package auth

import (
	"html"
	"net/http"
	"sync"
)

// callback is one visit of the browser to the redirect URI. Login answers
// on reply with the page to show, exactly once for every visit it receives.
type callback struct {
	state, code      string
	errCode, errDesc string
	reply            chan page
}

// page is what the browser shows after the redirect. Each page sends the
// operator back to the terminal, where the details are.
type page int

// The pages.
const (
	pageSignedIn   page = iota // the token is stored
	pageDeclined               // Webex (or the operator) refused access
	pageFailed                 // the exchange or the storing failed
	pageWrongState             // the state does not match this sign-in
	pageNoCode                 // the right state but no code
	pageNotYours               // the start page, asked by a process that may not be this user's
	pageOver                   // Login has returned
)

// content returns the page's HTTP status, title and text.
func (p page) content() (status int, title, detail string) {
	switch p {
	case pageSignedIn:
		return http.StatusOK, "Signed in to Webex", "callboard has your sign-in. Return to the terminal; you can close this tab."
	case pageDeclined:
		return http.StatusForbidden, "Sign-in declined", "Webex did not grant access. Return to the terminal for details."
	case pageFailed:
		return http.StatusBadGateway, "Sign-in failed", "callboard could not complete the sign-in. Return to the terminal for details."
	case pageWrongState:
		return http.StatusBadRequest, "Not callboard's current sign-in",
			"This response does not match the sign-in callboard is waiting for, so it was refused. Return to the terminal and use the newest address it printed."
	case pageNoCode:
		return http.StatusBadRequest, "No authorization code", "The response carried no authorization code. Return to the terminal."
	case pageNotYours:
		return http.StatusForbidden, "Open the address from the terminal",
			"callboard could not confirm that this browser runs as the user who started the sign-in, so it does not give the sign-in away here. Open the address callboard printed in the terminal."
	}
	return http.StatusGone, "Sign-in over", "This sign-in has already finished. Return to the terminal."
}

// callbacks serves the redirect URI and passes each visit to Login. It
// also serves the start page, which sends this user's browser on to the
// authorization URL.
type callbacks struct {
	events chan callback
	over   chan struct{} // closed when Login returns
	once   sync.Once

	start     string                    // the authorization URL; "" serves no start page
	checkPeer func(*http.Request) error // whether a visit may see start
}

// newCallbacks returns a handler with nobody waiting yet and no start page.
func newCallbacks() *callbacks {
	return &callbacks{events: make(chan callback), over: make(chan struct{}), checkPeer: sameUser}
}

// finish tells pending and later visits that the sign-in is over.
func (c *callbacks) finish() { c.once.Do(func() { close(c.over) }) }

// ServeHTTP hands the callback to Login and shows the page it answers.
func (c *callbacks) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == startPath && c.start != "" {
		c.serveStart(w, r)
		return
	}
	if r.URL.Path != callbackPath {
		http.NotFound(w, r)
		return
	}
	if r.Method != http.MethodGet {
		w.Header().Set("Allow", http.MethodGet)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	q := r.URL.Query()
	ev := callback{
		state:   q.Get("state"),
		code:    q.Get("code"),
		errCode: q.Get("error"),
		errDesc: q.Get("error_description"),
		reply:   make(chan page, 1),
	}
	select {
	case c.events <- ev:
	case <-c.over:
		render(w, pageOver)
		return
	case <-r.Context().Done():
		return
	}
	// Login took the visit, so Login decides its page: it answers every
	// visit it takes before it returns. Waiting for c.over here as well
	// would race with that answer, since Login replies and returns almost
	// at once, and a sign-in that worked could be shown as "already over".
	select {
	case p := <-ev.reply:
		render(w, p)
	case <-r.Context().Done():
	}
}

// serveStart redirects to the authorization URL, which holds the state,
// only a visit from a process of this user.
func (c *callbacks) serveStart(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		w.Header().Set("Allow", http.MethodGet)
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if err := c.checkPeer(r); err != nil {
		render(w, pageNotYours)
		return
	}
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("Referrer-Policy", "no-referrer")
	http.Redirect(w, r, c.start, http.StatusFound)
}

// render writes a small self-contained page: no scripts, nothing loaded
// from elsewhere, and not kept in the browser's cache.
func render(w http.ResponseWriter, p page) {
	status, title, detail := p.content()
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
	w.WriteHeader(status)
	title, detail = html.EscapeString(title), html.EscapeString(detail)
	_, _ = w.Write([]byte(`<!doctype html><html><head><meta charset="utf-8"><title>callboard: ` + title +
		`</title><style>body{font:16px/1.5 system-ui,sans-serif;max-width:36em;margin:4em auto;padding:0 1em}</style>` +
		`</head><body><h1>` + title + `</h1><p>` + detail + `</p></body></html>`))
}
