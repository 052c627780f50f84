package sim

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// The OAuth side's defaults and fixed lifetimes.
const (
	// DefaultOAuthClientID and DefaultOAuthClientSecret are the integration
	// the simulator knows when Options.OAuthClients is nil, so that
	// `callboard login` works against it out of the box.
	DefaultOAuthClientID     = "callboard-sim"
	DefaultOAuthClientSecret = "sim-secret"
	// DefaultAccessTokenTTL is Webex's expires_in for an integration: 14
	// days less a second.
	DefaultAccessTokenTTL = 1209599 * time.Second
	// DefaultRefreshTokenTTL is Webex's refresh_token_expires_in: 90 days.
	DefaultRefreshTokenTTL = 90 * 24 * time.Hour
	// AuthCodeTTL is how long an authorization code can be redeemed.
	AuthCodeTTL = 60 * time.Second
)

// The scopes every sign-in must ask for: the Call Controls API needs both.
const (
	scopeCallsRead  = "spark:calls_read"
	scopeCallsWrite = "spark:calls_write"
)

// maxOAuthEntries caps each table of codes and tokens. When one is full the
// expired entries go first, then the ones closest to expiry.
const maxOAuthEntries = 1024

// OAuthStatus is the OAuth side as GET /_sim/oauth reports it. Counts are
// of live entries only; the static Options.Token is not counted.
type OAuthStatus struct {
	DenyConsent   bool `json:"denyConsent"`   // the simulated user declines every sign-in
	Codes         int  `json:"codes"`         // authorization codes issued and not yet redeemed
	AccessTokens  int  `json:"accessTokens"`  // issued access tokens that have not expired
	RefreshTokens int  `json:"refreshTokens"` // issued refresh tokens that have not expired
}

// oauthSettings is the body of PUT /_sim/oauth.
type oauthSettings struct {
	DenyConsent *bool `json:"denyConsent"`
}

// secretKey is the SHA-256 of a code or token: the tables never hold a
// credential itself, and looking one up takes no time that depends on how
// much of a guess was right.
type secretKey [sha256.Size]byte

func keyOf(secret string) secretKey { return sha256.Sum256([]byte(secret)) }

// authCode is an issued authorization code and what it was issued for.
type authCode struct {
	clientID    string
	redirectURI string
	challenge   string
	scope       string
	expires     time.Time
	used        bool
	family      uint64 // the sign-in; tokens issued from the code share it
}

func (c authCode) expiry() time.Time { return c.expires }

// issued is an access or refresh token.
type issued struct {
	clientID string
	scope    string
	expires  time.Time
	family   uint64
}

func (t issued) expiry() time.Time { return t.expires }

// oauthState is the OAuth side: clients, codes and tokens. It has its own
// lock, taken after Simulator.mu when both are held, because every request
// checks its bearer token before it takes the world's lock.
type oauthState struct {
	clients    map[string]string
	accessTTL  time.Duration
	refreshTTL time.Duration
	limit      int

	mu         sync.Mutex
	deny       bool
	codes      map[secretKey]authCode
	devices    map[secretKey]deviceGrant
	access     map[secretKey]issued
	refresh    map[secretKey]issued
	lastFamily uint64
}

func newOAuthState(clients map[string]string, deny bool, cfg config) *oauthState {
	o := &oauthState{
		clients:    map[string]string{},
		accessTTL:  cfg.accessTTL,
		refreshTTL: cfg.refreshTTL,
		limit:      maxOAuthEntries,
		deny:       deny,
		codes:      map[secretKey]authCode{},
		devices:    map[secretKey]deviceGrant{},
		access:     map[secretKey]issued{},
		refresh:    map[secretKey]issued{},
	}
	if clients == nil {
		clients = map[string]string{DefaultOAuthClientID: DefaultOAuthClientSecret}
	}
	for id, secret := range clients { // a copy: the caller's map may change later
		o.clients[id] = secret
	}
	return o
}

// oauthError is a refusal in RFC 6749's form.
type oauthError struct {
	status      int
	Code        string `json:"error"`
	Description string `json:"error_description"`
	allow       string // the Allow header of a 405
}

func invalidRequest(desc string) *oauthError {
	return &oauthError{status: http.StatusBadRequest, Code: "invalid_request", Description: desc}
}

func invalidGrant(desc string) *oauthError {
	return &oauthError{status: http.StatusBadRequest, Code: "invalid_grant", Description: desc}
}

func invalidClient() *oauthError {
	return &oauthError{status: http.StatusUnauthorized, Code: "invalid_client",
		Description: "Client authentication failed: unknown client_id or wrong client_secret"}
}

// write sends the refusal as JSON; a 401 names the Basic scheme, as RFC 6749
// asks of the token endpoint.
func (e *oauthError) write(w http.ResponseWriter) {
	if e.status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Basic realm="webex"`)
	}
	if e.allow != "" {
		w.Header().Set("Allow", e.allow)
	}
	writeJSON(w, e.status, e)
}

// tokenResponse is the token endpoint's answer, field for field Webex's.
type tokenResponse struct {
	AccessToken           string `json:"access_token"`
	ExpiresIn             int64  `json:"expires_in"`
	RefreshToken          string `json:"refresh_token"`
	RefreshTokenExpiresIn int64  `json:"refresh_token_expires_in"`
	TokenType             string `json:"token_type"`
	Scope                 string `json:"scope"`
}

// serveOAuth serves GET /v1/authorize, POST /v1/access_token and the device
// grant under /v1/device/. They take
// no bearer token, are never subject to faults and are never logged: they
// carry codes and secrets.
func (s *Simulator) serveOAuth(w http.ResponseWriter, r *http.Request, path string) {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Pragma", "no-cache")
	if strings.HasPrefix(path, "/v1/device/") {
		s.serveDevice(w, r, path)
		return
	}
	if path == "/v1/authorize" {
		s.serveAuthorize(w, r)
		return
	}
	s.serveAccessToken(w, r)
}

// serveAuthorize stands in for the consent page. Nobody is there to click,
// so it answers at once: a redirect with a code (or with access_denied when
// the user is set to decline). A bad client_id or redirect_uri is refused
// with 400 and no redirect, since there is nowhere safe to send it.
func (s *Simulator) serveAuthorize(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		e := invalidRequest(r.Method + " is not allowed on /v1/authorize; use GET")
		e.status, e.allow = http.StatusMethodNotAllowed, http.MethodGet
		e.write(w)
		return
	}
	back, err := s.oauth.authorize(r.URL.Query(), s.clock.Now())
	if err != nil {
		err.write(w)
		return
	}
	w.Header().Set("Location", back.String())
	w.WriteHeader(http.StatusFound)
}

// authorize validates an authorization request and returns where to send
// the browser.
func (o *oauthState) authorize(q url.Values, now time.Time) (*url.URL, *oauthError) {
	clientID, err := single(q, "client_id")
	if err != nil {
		return nil, err
	}
	if _, known := o.clients[clientID]; !known {
		return nil, invalidRequest("client_id is missing or names no integration")
	}
	rawRedirect, err := single(q, "redirect_uri")
	if err != nil {
		return nil, err
	}
	redirect, why := loopbackRedirect(rawRedirect)
	if why != "" {
		return nil, invalidRequest("redirect_uri " + why)
	}

	// From here on the browser goes back to the client with the outcome.
	state, err := single(q, "state")
	if err != nil {
		return withParams(redirect, "", "error", err.Code, "error_description", err.Description), nil
	}
	refuse := func(code, desc string) (*url.URL, *oauthError) {
		return withParams(redirect, state, "error", code, "error_description", desc), nil
	}
	params := map[string]string{}
	for _, name := range []string{"response_type", "scope", "code_challenge", "code_challenge_method"} {
		v, err := single(q, name)
		if err != nil {
			return refuse(err.Code, err.Description)
		}
		params[name] = v
	}
	switch rt := params["response_type"]; {
	case rt == "":
		return refuse("invalid_request", "response_type is required")
	case rt != "code":
		return refuse("unsupported_response_type", "response_type must be code")
	}
	scope, why := checkScope(params["scope"])
	if why != "" {
		return refuse("invalid_scope", why)
	}
	if params["code_challenge_method"] != "S256" {
		return refuse("invalid_request", "PKCE is required with code_challenge_method=S256")
	}
	if !isS256Challenge(params["code_challenge"]) {
		return refuse("invalid_request", "code_challenge must be the base64url SHA-256 of the code verifier (43 characters)")
	}

	o.mu.Lock()
	defer o.mu.Unlock()
	if o.deny {
		return refuse("access_denied", "The user declined to grant access")
	}
	code := newSecret("sim_code_")
	o.lastFamily++
	makeRoom(o.codes, o.limit, now)
	o.codes[keyOf(code)] = authCode{
		clientID:    clientID,
		redirectURI: rawRedirect,
		challenge:   params["code_challenge"],
		scope:       scope,
		expires:     now.Add(AuthCodeTTL),
		family:      o.lastFamily,
	}
	return withParams(redirect, state, "code", code), nil
}

// serveAccessToken is the token endpoint: the authorization_code and
// refresh_token grants, the client authenticated by HTTP Basic or by the
// client_id and client_secret form fields.
func (s *Simulator) serveAccessToken(w http.ResponseWriter, r *http.Request) {
	s.serveTokenGrant(w, r, s.oauth.token)
}

// serveTokenGrant is what the token endpoints share: a POSTed form, the
// client authenticated by HTTP Basic or the form, then the grant.
func (s *Simulator) serveTokenGrant(w http.ResponseWriter, r *http.Request,
	grant func(clientID, secret string, form url.Values, now time.Time) (tokenResponse, *oauthError)) {
	if !onlyMethod(w, r, http.MethodPost) {
		return
	}
	form, err := readForm(w, r)
	if err != nil {
		err.write(w)
		return
	}
	clientID, secret, err := clientCredentials(r, form)
	if err != nil {
		err.write(w)
		return
	}
	resp, err := grant(clientID, secret, form, s.clock.Now())
	if err != nil {
		err.write(w)
		return
	}
	writeJSON(w, http.StatusOK, resp)
}

// readForm reads an application/x-www-form-urlencoded body.
func readForm(w http.ResponseWriter, r *http.Request) (url.Values, *oauthError) {
	ct := r.Header.Get("Content-Type")
	if mt, _, _ := strings.Cut(ct, ";"); !strings.EqualFold(strings.TrimSpace(mt), "application/x-www-form-urlencoded") {
		return nil, invalidRequest("send the parameters as application/x-www-form-urlencoded")
	}
	body, err := readBody(w, r)
	if err != nil {
		return nil, invalidRequest("the request body could not be read")
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		return nil, invalidRequest("the request body is not form-encoded")
	}
	return form, nil
}

// clientCredentials takes the client's id and secret from HTTP Basic (each
// form-encoded, as RFC 6749 2.3.1 says) or from the form, but not both.
func clientCredentials(r *http.Request, form url.Values) (id, secret string, _ *oauthError) {
	formID, err := single(form, "client_id")
	if err != nil {
		return "", "", err
	}
	formSecret, err := single(form, "client_secret")
	if err != nil {
		return "", "", err
	}
	user, pass, basic := r.BasicAuth()
	if !basic {
		return formID, formSecret, nil
	}
	if formSecret != "" {
		return "", "", invalidRequest("authenticate the client one way: HTTP Basic or client_secret, not both")
	}
	id, errID := url.QueryUnescape(user)
	secret, errSecret := url.QueryUnescape(pass)
	if errID != nil || errSecret != nil {
		return "", "", invalidClient()
	}
	if formID != "" && formID != id {
		return "", "", invalidRequest("client_id differs from the HTTP Basic credentials")
	}
	return id, secret, nil
}

// token performs one token request for an authenticated-to-be client.
func (o *oauthState) token(clientID, secret string, form url.Values, now time.Time) (tokenResponse, *oauthError) {
	if !o.authenticate(clientID, secret) {
		return tokenResponse{}, invalidClient()
	}
	grant, err := single(form, "grant_type")
	if err != nil {
		return tokenResponse{}, err
	}
	switch grant {
	case "authorization_code":
		return o.redeemCode(clientID, form, now)
	case "refresh_token":
		return o.refreshAccess(clientID, form, now)
	case "":
		return tokenResponse{}, invalidRequest("grant_type is required")
	}
	return tokenResponse{}, &oauthError{status: http.StatusBadRequest, Code: "unsupported_grant_type",
		Description: "grant_type must be authorization_code or refresh_token"}
}

// authenticate checks a client's secret in constant time, even for an
// unknown client.
func (o *oauthState) authenticate(clientID, secret string) bool {
	want, known := o.clients[clientID]
	match := subtle.ConstantTimeCompare([]byte(secret), []byte(want)) == 1
	return known && match && clientID != ""
}

// redeemCode is the authorization_code grant. A code is spent by any
// attempt of its client, successful or not; presenting a spent code again
// also revokes the tokens it was exchanged for (RFC 6749 4.1.2).
func (o *oauthState) redeemCode(clientID string, form url.Values, now time.Time) (tokenResponse, *oauthError) {
	p := map[string]string{}
	for _, name := range []string{"code", "redirect_uri", "code_verifier"} {
		v, err := single(form, name)
		if err != nil {
			return tokenResponse{}, err
		}
		p[name] = v
	}
	if p["code"] == "" {
		return tokenResponse{}, invalidRequest("code is required")
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	key := keyOf(p["code"])
	c, found := o.codes[key]
	switch {
	case !found || !now.Before(c.expires):
		delete(o.codes, key)
		return tokenResponse{}, invalidGrant("the authorization code is invalid or expired")
	case c.clientID != clientID:
		return tokenResponse{}, invalidGrant("the authorization code was issued to another client")
	case c.used:
		o.revokeFamily(c.family)
		return tokenResponse{}, invalidGrant("the authorization code was already used; the tokens issued for it are revoked")
	}
	c.used = true
	o.codes[key] = c
	switch {
	case p["redirect_uri"] != c.redirectURI:
		return tokenResponse{}, invalidGrant("redirect_uri differs from the one in the authorization request")
	case p["code_verifier"] == "":
		return tokenResponse{}, invalidRequest("code_verifier is required: the authorization request used PKCE")
	case !verifierMatches(p["code_verifier"], c.challenge):
		return tokenResponse{}, invalidGrant("PKCE verification failed: code_verifier does not match code_challenge")
	}
	refresh := newSecret("sim_rt_")
	makeRoom(o.refresh, o.limit, now)
	o.refresh[keyOf(refresh)] = issued{clientID: clientID, scope: c.scope, expires: now.Add(o.refreshTTL), family: c.family}
	return o.issueAccess(clientID, c.scope, c.family, refresh, o.refreshTTL, now), nil
}

// refreshAccess is the refresh_token grant. Like Webex, it does not rotate
// the refresh token: the same one comes back with what is left of its life,
// and it keeps working until it expires or is revoked. Earlier access tokens
// stay valid until their own expiry.
func (o *oauthState) refreshAccess(clientID string, form url.Values, now time.Time) (tokenResponse, *oauthError) {
	rt, err := single(form, "refresh_token")
	if err != nil {
		return tokenResponse{}, err
	}
	if rt == "" {
		return tokenResponse{}, invalidRequest("refresh_token is required")
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	key := keyOf(rt)
	t, found := o.refresh[key]
	switch {
	case !found || !now.Before(t.expires):
		delete(o.refresh, key)
		return tokenResponse{}, invalidGrant("the refresh token is invalid, expired or revoked")
	case t.clientID != clientID:
		return tokenResponse{}, invalidGrant("the refresh token was issued to another client")
	}
	return o.issueAccess(clientID, t.scope, t.family, rt, t.expires.Sub(now), now), nil
}

// issueAccess makes an access token and the response carrying it.
func (o *oauthState) issueAccess(clientID, scope string, family uint64, refresh string, refreshLeft time.Duration, now time.Time) tokenResponse {
	access := newSecret("sim_at_")
	makeRoom(o.access, o.limit, now)
	o.access[keyOf(access)] = issued{clientID: clientID, scope: scope, expires: now.Add(o.accessTTL), family: family}
	return tokenResponse{
		AccessToken:           access,
		ExpiresIn:             seconds(o.accessTTL),
		RefreshToken:          refresh,
		RefreshTokenExpiresIn: seconds(refreshLeft),
		TokenType:             "Bearer",
		Scope:                 scope,
	}
}

// accessScope returns the scope of tok when it is an issued access token
// that has not expired; an expired one is dropped.
func (o *oauthState) accessScope(tok string, now time.Time) (string, bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	key := keyOf(tok)
	t, found := o.access[key]
	if found && !now.Before(t.expires) {
		delete(o.access, key)
		return "", false
	}
	return t.scope, found
}

// revokeFamily drops every token of one sign-in. Callers hold o.mu.
func (o *oauthState) revokeFamily(family uint64) {
	for _, m := range []map[secretKey]issued{o.access, o.refresh} {
		for k, t := range m {
			if t.family == family {
				delete(m, k)
			}
		}
	}
}

// revokeAll drops every issued code and token.
func (o *oauthState) revokeAll() {
	o.mu.Lock()
	defer o.mu.Unlock()
	clear(o.codes)
	clear(o.devices)
	clear(o.access)
	clear(o.refresh)
}

func (o *oauthState) setDeny(deny bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.deny = deny
}

// status reports the live entries, purging the expired ones.
func (o *oauthState) status(now time.Time) OAuthStatus {
	o.mu.Lock()
	defer o.mu.Unlock()
	purge(o.codes, now)
	purge(o.devices, now)
	purge(o.access, now)
	purge(o.refresh, now)
	st := OAuthStatus{DenyConsent: o.deny, AccessTokens: len(o.access), RefreshTokens: len(o.refresh)}
	for _, c := range o.codes {
		if !c.used {
			st.Codes++
		}
	}
	return st
}

// expiring is an entry of a table.
type expiring interface{ expiry() time.Time }

// purge drops the entries that have expired at now.
func purge[V expiring](m map[secretKey]V, now time.Time) {
	for k, v := range m {
		if !now.Before(v.expiry()) {
			delete(m, k)
		}
	}
}

// makeRoom leaves space for one more entry under limit: expired entries
// go first, then the ones that would expire soonest.
func makeRoom[V expiring](m map[secretKey]V, limit int, now time.Time) {
	if len(m) < limit {
		return
	}
	purge(m, now)
	for len(m) >= limit {
		var victim secretKey
		var soonest time.Time
		first := true
		for k, v := range m {
			if first || v.expiry().Before(soonest) {
				victim, soonest, first = k, v.expiry(), false
			}
		}
		delete(m, victim)
	}
}

// oauthControl serves GET and PUT /_sim/oauth.
func (s *Simulator) oauthControl(method string, body []byte) reply {
	if method == http.MethodPut {
		var set oauthSettings
		if err := decodeJSON(body, &set); err != nil {
			return fail(err)
		}
		if set.DenyConsent == nil {
			return fail(badRequest("denyConsent is required"))
		}
		s.oauth.setDeny(*set.DenyConsent)
	}
	return ok(http.StatusOK, s.oauth.status(s.clock.Now()))
}

// SetDenyConsent makes the simulated user decline (true) or grant (false)
// every later sign-in.
func (s *Simulator) SetDenyConsent(deny bool) { s.oauth.setDeny(deny) }

// RevokeTokens revokes every issued authorization code, access token and
// refresh token, as when the user signs out everywhere: requests with an
// issued token get 401 and refreshes fail. The static token still works.
func (s *Simulator) RevokeTokens() { s.oauth.revokeAll() }

// OAuth reports the OAuth side's state.
func (s *Simulator) OAuth() OAuthStatus { return s.oauth.status(s.clock.Now()) }

// single returns a parameter that may appear at most once ("" when absent).
func single(v url.Values, name string) (string, *oauthError) {
	switch vals := v[name]; len(vals) {
	case 0:
		return "", nil
	case 1:
		return vals[0], nil
	}
	return "", invalidRequest(name + " must not be repeated")
}

// loopbackRedirect parses a redirect URI and says why it is refused (""
// when it is fine): only http on 127.0.0.1 or localhost, since the
// simulator's sign-ins are for programs on this machine (RFC 8252 7.3).
func loopbackRedirect(raw string) (*url.URL, string) {
	if raw == "" {
		return nil, "is required"
	}
	u, err := url.Parse(raw)
	switch {
	case err != nil:
		return nil, "is not a URL"
	case u.Scheme != "http" || u.Opaque != "":
		return nil, "must be an http:// URL on 127.0.0.1 or localhost"
	case u.Hostname() != "127.0.0.1" && !strings.EqualFold(u.Hostname(), "localhost"):
		return nil, "must be on 127.0.0.1 or localhost"
	case u.User != nil:
		return nil, "must not carry a user name or password"
	case u.Fragment != "" || strings.Contains(raw, "#"):
		return nil, "must not have a fragment"
	}
	return u, ""
}

// withParams returns u with the given name, value pairs and the state
// (when there is one) added to its query.
func withParams(u *url.URL, state string, pairs ...string) *url.URL {
	back := *u
	q := back.Query()
	for i := 0; i+1 < len(pairs); i += 2 {
		q.Set(pairs[i], pairs[i+1])
	}
	if state != "" {
		q.Set("state", state)
	}
	back.RawQuery = q.Encode()
	return &back
}

// checkScope returns the granted scope (the requested ones, each once, in
// order) or why the request is refused.
func checkScope(raw string) (string, string) {
	var granted []string
	seen := map[string]bool{}
	for _, sc := range strings.Fields(raw) {
		if !isScopeToken(sc) {
			return "", "scope " + sc + " is malformed"
		}
		if !seen[sc] {
			seen[sc] = true
			granted = append(granted, sc)
		}
	}
	if !seen[scopeCallsRead] || !seen[scopeCallsWrite] {
		return "", "scope must include " + scopeCallsRead + " and " + scopeCallsWrite
	}
	return strings.Join(granted, " "), ""
}

// isScopeToken checks RFC 6749's scope-token syntax.
func isScopeToken(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x21 || c > 0x7e || c == '"' || c == '\\' {
			return false
		}
	}
	return s != ""
}

// isS256Challenge checks the form of an S256 code challenge: 32 bytes of
// base64url without padding.
func isS256Challenge(s string) bool {
	b, err := base64.RawURLEncoding.DecodeString(s)
	return err == nil && len(b) == sha256.Size && len(s) == 43
}

// verifierMatches checks PKCE: the verifier must be 43-128 unreserved
// characters whose base64url SHA-256 is the challenge (RFC 7636 4.1, 4.6).
func verifierMatches(verifier, challenge string) bool {
	if len(verifier) < 43 || len(verifier) > 128 {
		return false
	}
	for i := 0; i < len(verifier); i++ {
		c := verifier[i]
		if !('A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || strings.IndexByte("-._~", c) >= 0) {
			return false
		}
	}
	sum := sha256.Sum256([]byte(verifier))
	got := base64.RawURLEncoding.EncodeToString(sum[:])
	return subtle.ConstantTimeCompare([]byte(got), []byte(challenge)) == 1
}

// newSecret makes a code or token. Like the static token it comes from
// crypto/rand, not the seed: a credential must not be guessable.
func newSecret(prefix string) string { return prefix + rand.Text() + rand.Text() }

// seconds is d in whole seconds, rounded up so that a short lifetime never
// reads as 0 ("does not expire" to OAuth clients).
func seconds(d time.Duration) int64 {
	if d <= 0 {
		return 0
	}
	return int64((d + time.Second - 1) / time.Second)
}
