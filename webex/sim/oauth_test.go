package sim

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/oauth2"
)

// The PKCE verifier of test sign-ins (43 unreserved characters) and a
// redirect URI on loopback.
const (
	testVerifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
	testRedirect = "http://127.0.0.1:8123/callback"
)

// s256 is the PKCE S256 challenge of a verifier.
func s256(verifier string) string {
	sum := sha256.Sum256([]byte(verifier))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// authQuery is a valid authorization request for the default client;
// change adjusts it.
func authQuery(change ...func(url.Values)) url.Values {
	q := url.Values{
		"client_id":             {DefaultOAuthClientID},
		"response_type":         {"code"},
		"redirect_uri":          {testRedirect},
		"scope":                 {"spark:calls_read spark:calls_write spark:people_read"},
		"state":                 {"state-1"},
		"code_challenge":        {s256(testVerifier)},
		"code_challenge_method": {"S256"},
	}
	for _, c := range change {
		c(q)
	}
	return q
}

// codeForm is a valid authorization_code token request for code.
func codeForm(code string, change ...func(url.Values)) url.Values {
	f := url.Values{
		"grant_type":    {"authorization_code"},
		"client_id":     {DefaultOAuthClientID},
		"client_secret": {DefaultOAuthClientSecret},
		"code":          {code},
		"redirect_uri":  {testRedirect},
		"code_verifier": {testVerifier},
	}
	for _, c := range change {
		c(f)
	}
	return f
}

// refreshForm is a refresh_token token request for the default client.
func refreshForm(rt string) url.Values {
	return url.Values{
		"grant_type":    {"refresh_token"},
		"client_id":     {DefaultOAuthClientID},
		"client_secret": {DefaultOAuthClientSecret},
		"refresh_token": {rt},
	}
}

// send passes req to the handler as is: the OAuth endpoints take no bearer
// token and answer in RFC 6749's form rather than Webex's envelope.
func (h *harness) send(req *http.Request) response {
	h.t.Helper()
	rec := httptest.NewRecorder()
	h.sim.Handler().ServeHTTP(rec, req)
	res := rec.Result()
	body, _ := io.ReadAll(res.Body)
	return response{status: res.StatusCode, header: res.Header, body: body}
}

// authorize sends GET /v1/authorize with q.
func (h *harness) authorize(q url.Values) response {
	h.t.Helper()
	return h.send(httptest.NewRequest(http.MethodGet, "/v1/authorize?"+q.Encode(), nil))
}

// tokenRequest posts form to /v1/access_token; opts adjust the request.
func (h *harness) tokenRequest(form url.Values, opts ...reqOpt) response {
	h.t.Helper()
	req := httptest.NewRequest(http.MethodPost, "/v1/access_token", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for _, o := range opts {
		o(req)
	}
	r := h.send(req)
	if cc := r.header.Get("Cache-Control"); cc != "no-store" {
		h.t.Errorf("token endpoint Cache-Control %q, want no-store", cc)
	}
	return r
}

// redirected checks a 302 and returns the query of its Location.
func redirected(t testing.TB, r response) url.Values {
	t.Helper()
	if r.status != http.StatusFound {
		t.Fatalf("authorize: status %d, want 302: %s", r.status, r.body)
	}
	loc, err := url.Parse(r.header.Get("Location"))
	if err != nil {
		t.Fatalf("Location %q: %v", r.header.Get("Location"), err)
	}
	return loc.Query()
}

// code runs an authorization request and returns the code.
func (h *harness) code(q url.Values) string {
	h.t.Helper()
	back := redirected(h.t, h.authorize(q))
	if back.Get("code") == "" {
		h.t.Fatalf("no code in the redirect: %v", back)
	}
	return back.Get("code")
}

// granted decodes a successful token response.
func granted(t testing.TB, r response) tokenResponse {
	t.Helper()
	if r.status != http.StatusOK {
		t.Fatalf("token request: status %d, want 200: %s", r.status, r.body)
	}
	var tr tokenResponse
	r.decode(t, &tr)
	if tr.AccessToken == "" || tr.RefreshToken == "" || tr.TokenType != "Bearer" {
		t.Fatalf("token response %s", r.body)
	}
	return tr
}

// signIn runs the whole flow for the default client and returns the tokens.
func (h *harness) signIn() tokenResponse {
	h.t.Helper()
	return granted(h.t, h.tokenRequest(codeForm(h.code(authQuery()))))
}

// refused checks an RFC 6749 refusal.
func refused(t testing.TB, r response, status int, code, desc string) {
	t.Helper()
	var e struct {
		Error       string `json:"error"`
		Description string `json:"error_description"`
	}
	if err := json.Unmarshal(r.body, &e); err != nil {
		t.Fatalf("refusal body %q: %v", r.body, err)
	}
	if r.status != status || e.Error != code || !strings.Contains(e.Description, desc) {
		t.Errorf("got %d %s %q, want %d %s containing %q", r.status, e.Error, e.Description, status, code, desc)
	}
}

// apiStatus is the status of GET path with a bearer token.
func (h *harness) apiStatus(path, tok string) int {
	h.t.Helper()
	return h.do(http.MethodGet, path, nil, withToken(tok)).status
}

func TestOAuthAuthorizeRedirectsWithACode(t *testing.T) {
	h := newHarness(t)
	r := h.authorize(authQuery(func(q url.Values) {
		q.Set("redirect_uri", "http://localhost:9000/cb?keep=me")
		q.Set("scope", "spark:calls_write spark:calls_read spark:calls_read")
	}))
	back := redirected(t, r)
	loc, _ := url.Parse(r.header.Get("Location"))
	if loc.Host != "localhost:9000" || loc.Path != "/cb" || back.Get("keep") != "me" {
		t.Errorf("redirect to %s, want the redirect_uri with its own query kept", loc)
	}
	if back.Get("state") != "state-1" || !strings.HasPrefix(back.Get("code"), "sim_code_") || back.Get("error") != "" {
		t.Errorf("redirect query %v", back)
	}
	if st := h.sim.OAuth(); st.Codes != 1 || st.AccessTokens != 0 {
		t.Errorf("status after authorize: %+v", st)
	}
	// The code is redeemable with the same redirect_uri; the scope granted
	// is the one asked for, each scope once.
	tr := granted(t, h.tokenRequest(codeForm(back.Get("code"), func(f url.Values) { f.Set("redirect_uri", "http://localhost:9000/cb?keep=me") })))
	if tr.Scope != "spark:calls_write spark:calls_read" {
		t.Errorf("scope %q", tr.Scope)
	}

	// No state asked, none echoed.
	back = redirected(t, h.authorize(authQuery(func(q url.Values) { q.Del("state") })))
	if _, has := back["state"]; has || back.Get("code") == "" {
		t.Errorf("redirect without state: %v", back)
	}
}

func TestOAuthAuthorizeRefusals(t *testing.T) {
	tests := []struct {
		name   string
		change func(url.Values)
		method string
		status int    // 400 or 405: refused here; 302: refused through the redirect
		code   string // the error
		desc   string
	}{
		{"unknown client", func(q url.Values) { q.Set("client_id", "someone-else") }, "", 400, "invalid_request", "client_id"},
		{"no client", func(q url.Values) { q.Del("client_id") }, "", 400, "invalid_request", "client_id"},
		{"no redirect_uri", func(q url.Values) { q.Del("redirect_uri") }, "", 400, "invalid_request", "redirect_uri is required"},
		{"https redirect", func(q url.Values) { q.Set("redirect_uri", "https://127.0.0.1:8123/callback") }, "", 400, "invalid_request", "http:// URL"},
		{"remote redirect", func(q url.Values) { q.Set("redirect_uri", "http://evil.example.com/callback") }, "", 400, "invalid_request", "127.0.0.1 or localhost"},
		{"LAN redirect", func(q url.Values) { q.Set("redirect_uri", "http://192.168.1.9:8123/callback") }, "", 400, "invalid_request", "127.0.0.1 or localhost"},
		{"redirect with userinfo", func(q url.Values) { q.Set("redirect_uri", "http://me@127.0.0.1:8123/callback") }, "", 400, "invalid_request", "user name"},
		{"redirect with fragment", func(q url.Values) { q.Set("redirect_uri", testRedirect+"#x") }, "", 400, "invalid_request", "fragment"},
		{"relative redirect", func(q url.Values) { q.Set("redirect_uri", "/callback") }, "", 400, "invalid_request", "http:// URL"},
		{"repeated redirect", func(q url.Values) { q.Add("redirect_uri", testRedirect) }, "", 400, "invalid_request", "must not be repeated"},
		{"POST", nil, http.MethodPost, 405, "invalid_request", "use GET"},
		{"no response_type", func(q url.Values) { q.Del("response_type") }, "", 302, "invalid_request", "response_type is required"},
		{"implicit grant", func(q url.Values) { q.Set("response_type", "token") }, "", 302, "unsupported_response_type", "must be code"},
		{"no scope", func(q url.Values) { q.Del("scope") }, "", 302, "invalid_scope", "spark:calls_read and spark:calls_write"},
		{"read only", func(q url.Values) { q.Set("scope", "spark:calls_read") }, "", 302, "invalid_scope", "spark:calls_write"},
		{"malformed scope", func(q url.Values) { q.Set("scope", `spark:calls_read spark:calls_write bad"scope`) }, "", 302, "invalid_scope", "malformed"},
		{"no PKCE", func(q url.Values) { q.Del("code_challenge"); q.Del("code_challenge_method") }, "", 302, "invalid_request", "PKCE is required"},
		{"plain PKCE", func(q url.Values) { q.Set("code_challenge", testVerifier); q.Set("code_challenge_method", "plain") }, "", 302, "invalid_request", "S256"},
		{"no challenge", func(q url.Values) { q.Del("code_challenge") }, "", 302, "invalid_request", "code_challenge must be"},
		{"short challenge", func(q url.Values) { q.Set("code_challenge", "abc") }, "", 302, "invalid_request", "43 characters"},
		{"repeated scope", func(q url.Values) { q.Add("scope", "spark:calls_read") }, "", 302, "invalid_request", "scope must not be repeated"},
	}
	v := newValidator(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarnessWith(t, v)
			q := authQuery()
			if tt.change != nil {
				tt.change(q)
			}
			method := tt.method
			if method == "" {
				method = http.MethodGet
			}
			r := h.send(httptest.NewRequest(method, "/v1/authorize?"+q.Encode(), nil))
			if tt.status == http.StatusFound {
				back := redirected(t, r)
				if back.Get("error") != tt.code || !strings.Contains(back.Get("error_description"), tt.desc) ||
					back.Get("state") != "state-1" || back.Get("code") != "" {
					t.Errorf("redirect query %v, want error %s (%q) with the state and no code", back, tt.code, tt.desc)
				}
			} else {
				if loc := r.header.Get("Location"); loc != "" {
					t.Errorf("refused with a redirect to %s", loc)
				}
				refused(t, r, tt.status, tt.code, tt.desc)
			}
			if st := h.sim.OAuth(); st.Codes != 0 {
				t.Errorf("a refused request issued a code: %+v", st)
			}
		})
	}
}

func TestOAuthConsentDenied(t *testing.T) {
	h := newHarness(t, func(o *Options) { o.DenyConsent = true })
	back := redirected(t, h.authorize(authQuery()))
	if back.Get("error") != "access_denied" || back.Get("state") != "state-1" || back.Get("code") != "" {
		t.Errorf("declined sign-in: %v", back)
	}
	// The control plane lets the user consent again, and shows it.
	var st OAuthStatus
	r := h.do(http.MethodPut, "/_sim/oauth", map[string]bool{"denyConsent": false})
	if r.status != http.StatusOK {
		t.Fatalf("PUT /_sim/oauth: %d %s", r.status, r.body)
	}
	r.decode(t, &st)
	if st.DenyConsent {
		t.Errorf("status after allowing: %+v", st)
	}
	if back := redirected(t, h.authorize(authQuery())); back.Get("code") == "" {
		t.Errorf("consenting sign-in: %v", back)
	}
	h.sim.SetDenyConsent(true)
	h.do(http.MethodGet, "/_sim/oauth", nil).decode(t, &st)
	if !st.DenyConsent || st.Codes != 1 {
		t.Errorf("GET /_sim/oauth after SetDenyConsent(true): %+v", st)
	}
	if r := h.do(http.MethodPut, "/_sim/oauth", map[string]string{}); r.status != 400 || !strings.Contains(r.message(), "denyConsent is required") {
		t.Errorf("PUT without denyConsent: %d %s", r.status, r.body)
	}
	if r := h.do(http.MethodPost, "/_sim/oauth", nil); r.status != 405 {
		t.Errorf("POST /_sim/oauth: %d", r.status)
	}
}

func TestOAuthCodeExchange(t *testing.T) {
	h := newHarness(t, func(o *Options) { o.AccessTokenTTL = time.Hour })
	r := h.tokenRequest(codeForm(h.code(authQuery())))
	tr := granted(t, r)
	if ct := r.header.Get("Content-Type"); ct != contentTypeJSON {
		t.Errorf("Content-Type %q", ct)
	}
	if tr.ExpiresIn != 3600 || tr.RefreshTokenExpiresIn != int64(DefaultRefreshTokenTTL/time.Second) ||
		tr.Scope != "spark:calls_read spark:calls_write spark:people_read" || tr.AccessToken == tr.RefreshToken {
		t.Errorf("token response %+v", tr)
	}
	// The issued token works on the API and the control plane, as does the
	// static one.
	for _, path := range []string{"/v1/telephony/calls", "/v1/people/me", "/_sim/state"} {
		if s := h.apiStatus(path, tr.AccessToken); s != http.StatusOK {
			t.Errorf("GET %s with the issued token: %d", path, s)
		}
		if s := h.apiStatus(path, testToken); s != http.StatusOK {
			t.Errorf("GET %s with the static token: %d", path, s)
		}
	}
	if s := h.apiStatus("/v1/telephony/calls", tr.RefreshToken); s != http.StatusUnauthorized {
		t.Errorf("the refresh token used as a bearer token: %d, want 401", s)
	}
	if st := h.sim.OAuth(); st.Codes != 0 || st.AccessTokens != 1 || st.RefreshTokens != 1 {
		t.Errorf("status after the exchange: %+v", st)
	}
}

func TestOAuthCodeExchangeRefusals(t *testing.T) {
	other := map[string]string{DefaultOAuthClientID: DefaultOAuthClientSecret, "other-app": "other-secret"}
	tests := []struct {
		name   string
		form   func(code string) url.Values // nil: a valid request
		opts   []reqOpt
		status int
		code   string
		desc   string
	}{
		{"wrong secret", func(c string) url.Values {
			return codeForm(c, func(f url.Values) { f.Set("client_secret", "guess") })
		}, nil, 401, "invalid_client", "Client authentication failed"},
		{"unknown client", func(c string) url.Values {
			return codeForm(c, func(f url.Values) { f.Set("client_id", "nobody") })
		}, nil, 401, "invalid_client", ""},
		{"no client credentials", func(c string) url.Values {
			return codeForm(c, func(f url.Values) { f.Del("client_id"); f.Del("client_secret") })
		}, nil, 401, "invalid_client", ""},
		{"code of another client", func(c string) url.Values {
			return codeForm(c, func(f url.Values) { f.Set("client_id", "other-app"); f.Set("client_secret", "other-secret") })
		}, nil, 400, "invalid_grant", "another client"},
		{"unknown code", func(string) url.Values { return codeForm("sim_code_made_up") }, nil, 400, "invalid_grant", "invalid or expired"},
		{"no code", func(string) url.Values { return codeForm("") }, nil, 400, "invalid_request", "code is required"},
		{"other redirect_uri", func(c string) url.Values {
			return codeForm(c, func(f url.Values) { f.Set("redirect_uri", "http://127.0.0.1:8124/callback") })
		}, nil, 400, "invalid_grant", "redirect_uri differs"},
		{"PKCE mismatch", func(c string) url.Values {
			return codeForm(c, func(f url.Values) { f.Set("code_verifier", strings.Repeat("x", 43)) })
		}, nil, 400, "invalid_grant", "PKCE verification failed"},
		{"challenge as verifier", func(c string) url.Values {
			return codeForm(c, func(f url.Values) { f.Set("code_verifier", s256(testVerifier)) })
		}, nil, 400, "invalid_grant", "PKCE verification failed"},
		{"short verifier", func(c string) url.Values {
			return codeForm(c, func(f url.Values) { f.Set("code_verifier", "short") })
		}, nil, 400, "invalid_grant", "PKCE verification failed"},
		{"no verifier", func(c string) url.Values {
			return codeForm(c, func(f url.Values) { f.Del("code_verifier") })
		}, nil, 400, "invalid_request", "code_verifier is required"},
		{"no grant_type", func(c string) url.Values {
			return codeForm(c, func(f url.Values) { f.Del("grant_type") })
		}, nil, 400, "invalid_request", "grant_type is required"},
		{"password grant", func(c string) url.Values {
			return codeForm(c, func(f url.Values) { f.Set("grant_type", "password") })
		}, nil, 400, "unsupported_grant_type", "authorization_code or refresh_token"},
		{"repeated code", func(c string) url.Values {
			return codeForm(c, func(f url.Values) { f.Add("code", c) })
		}, nil, 400, "invalid_request", "code must not be repeated"},
		{"JSON body", nil, []reqOpt{withHeader("Content-Type", "application/json")}, 400, "invalid_request", "x-www-form-urlencoded"},
		{"Basic and form secret", nil, []reqOpt{func(r *http.Request) { r.SetBasicAuth(DefaultOAuthClientID, DefaultOAuthClientSecret) }},
			400, "invalid_request", "one way"},
		{"Basic for another client_id", func(c string) url.Values {
			return codeForm(c, func(f url.Values) { f.Del("client_secret") })
		}, []reqOpt{func(r *http.Request) { r.SetBasicAuth("other-app", "other-secret") }}, 400, "invalid_request", "differs from the HTTP Basic"},
	}
	v := newValidator(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarnessWith(t, v, func(o *Options) { o.OAuthClients = other })
			if tt.form == nil {
				tt.form = func(c string) url.Values { return codeForm(c) }
			}
			code := h.code(authQuery())
			r := h.tokenRequest(tt.form(code), tt.opts...)
			refused(t, r, tt.status, tt.code, tt.desc)
			if tt.status == http.StatusUnauthorized && r.header.Get("WWW-Authenticate") == "" {
				t.Error("401 without WWW-Authenticate")
			}
			if st := h.sim.OAuth(); st.AccessTokens != 0 || st.RefreshTokens != 0 {
				t.Errorf("a refused request issued tokens: %+v", st)
			}
		})
	}
	t.Run("GET", func(t *testing.T) {
		h := newHarnessWith(t, v)
		r := h.send(httptest.NewRequest(http.MethodGet, "/v1/access_token", nil))
		refused(t, r, http.StatusMethodNotAllowed, "invalid_request", "use POST")
		if r.header.Get("Allow") != http.MethodPost {
			t.Errorf("Allow %q", r.header.Get("Allow"))
		}
	})
}

// TestOAuthBasicClientAuth checks HTTP Basic client authentication, with
// the id and secret form-encoded first as RFC 6749 2.3.1 says.
func TestOAuthBasicClientAuth(t *testing.T) {
	const id, secret = "app/with:odd id", "s3cret+with&odd=chars"
	h := newHarness(t, func(o *Options) { o.OAuthClients = map[string]string{id: secret} })
	code := h.code(authQuery(func(q url.Values) { q.Set("client_id", id) }))
	basic := func(user, pass string) reqOpt {
		return func(r *http.Request) { r.SetBasicAuth(url.QueryEscape(user), url.QueryEscape(pass)) }
	}
	noSecret := func(f url.Values) { f.Del("client_id"); f.Del("client_secret") }
	refused(t, h.tokenRequest(codeForm(code, noSecret), basic(id, "wrong")), 401, "invalid_client", "")
	tr := granted(t, h.tokenRequest(codeForm(code, noSecret), basic(id, secret)))
	granted(t, h.tokenRequest(url.Values{"grant_type": {"refresh_token"}, "refresh_token": {tr.RefreshToken}}, basic(id, secret)))
}

func TestOAuthCodeSingleUse(t *testing.T) {
	h := newHarness(t)
	code := h.code(authQuery())
	tr := granted(t, h.tokenRequest(codeForm(code)))
	// Someone replays the code: refused, and the tokens it bought are
	// revoked since the code has evidently leaked.
	refused(t, h.tokenRequest(codeForm(code)), 400, "invalid_grant", "already used")
	if s := h.apiStatus("/v1/telephony/calls", tr.AccessToken); s != http.StatusUnauthorized {
		t.Errorf("the access token of a replayed code: %d, want 401", s)
	}
	refused(t, h.tokenRequest(refreshForm(tr.RefreshToken)), 400, "invalid_grant", "revoked")

	// A failed attempt spends the code too.
	code = h.code(authQuery())
	refused(t, h.tokenRequest(codeForm(code, func(f url.Values) { f.Set("code_verifier", strings.Repeat("y", 43)) })), 400, "invalid_grant", "PKCE")
	refused(t, h.tokenRequest(codeForm(code)), 400, "invalid_grant", "already used")

	// Another sign-in is unaffected by the replay.
	other := h.signIn()
	refused(t, h.tokenRequest(codeForm(code)), 400, "invalid_grant", "already used")
	if s := h.apiStatus("/v1/telephony/calls", other.AccessToken); s != http.StatusOK {
		t.Errorf("an unrelated sign-in after a replay: %d", s)
	}
}

func TestOAuthCodeExpires(t *testing.T) {
	tests := []struct {
		wait time.Duration
		ok   bool
	}{
		{AuthCodeTTL - time.Second, true},
		{AuthCodeTTL, false},
		{10 * time.Minute, false},
	}
	v := newValidator(t)
	for _, tt := range tests {
		h := newHarnessWith(t, v)
		code := h.code(authQuery())
		h.advance(tt.wait)
		r := h.tokenRequest(codeForm(code))
		if tt.ok {
			granted(t, r)
		} else {
			refused(t, r, 400, "invalid_grant", "invalid or expired")
		}
	}
}

func TestOAuthAccessTokenExpires(t *testing.T) {
	h := newHarness(t, func(o *Options) { o.AccessTokenTTL = time.Hour })
	tr := h.signIn()
	h.advance(time.Hour - time.Second)
	if s := h.apiStatus("/v1/telephony/calls", tr.AccessToken); s != http.StatusOK {
		t.Errorf("a second before expiry: %d", s)
	}
	h.advance(time.Second)
	for _, path := range []string{"/v1/telephony/calls", "/_sim/state"} {
		r := h.do(http.MethodGet, path, nil, withToken(tr.AccessToken))
		if r.status != http.StatusUnauthorized || !strings.Contains(r.message(), "valid access token") {
			t.Errorf("GET %s with an expired token: %d %s", path, r.status, r.body)
		}
	}
	if s := h.apiStatus("/v1/telephony/calls", testToken); s != http.StatusOK {
		t.Errorf("the static token after the issued one expired: %d", s)
	}
	if st := h.sim.OAuth(); st.AccessTokens != 0 || st.RefreshTokens != 1 {
		t.Errorf("status: %+v", st)
	}
}

func TestOAuthRefresh(t *testing.T) {
	h := newHarness(t, func(o *Options) {
		o.AccessTokenTTL = time.Hour
		o.RefreshTokenTTL = 24 * time.Hour
		o.OAuthClients = map[string]string{DefaultOAuthClientID: DefaultOAuthClientSecret, "other-app": "other-secret"}
	})
	first := h.signIn()
	h.advance(2 * time.Hour)
	if s := h.apiStatus("/v1/telephony/calls", first.AccessToken); s != http.StatusUnauthorized {
		t.Fatalf("expired access token: %d", s)
	}
	second := granted(t, h.tokenRequest(refreshForm(first.RefreshToken)))
	if second.AccessToken == first.AccessToken || second.RefreshToken != first.RefreshToken ||
		second.ExpiresIn != 3600 || second.RefreshTokenExpiresIn != 22*3600 || second.Scope != first.Scope {
		t.Errorf("refreshed: %+v (first %+v)", second, first)
	}
	if s := h.apiStatus("/v1/telephony/calls", second.AccessToken); s != http.StatusOK {
		t.Errorf("refreshed access token: %d", s)
	}
	// Refreshing again does not cut the earlier access token short.
	third := granted(t, h.tokenRequest(refreshForm(first.RefreshToken)))
	if s := h.apiStatus("/v1/telephony/calls", second.AccessToken); s != http.StatusOK || third.AccessToken == second.AccessToken {
		t.Errorf("after another refresh the previous token answers %d", s)
	}

	other := refreshForm(first.RefreshToken)
	other.Set("client_id", "other-app")
	other.Set("client_secret", "other-secret")
	refused(t, h.tokenRequest(other), 400, "invalid_grant", "another client")
	refused(t, h.tokenRequest(refreshForm("")), 400, "invalid_request", "refresh_token is required")
	refused(t, h.tokenRequest(refreshForm(first.AccessToken)), 400, "invalid_grant", "invalid, expired or revoked")
	bad := refreshForm(first.RefreshToken)
	bad.Set("client_secret", "nope")
	refused(t, h.tokenRequest(bad), 401, "invalid_client", "")

	// The refresh token's own life ends.
	h.advance(22 * time.Hour)
	refused(t, h.tokenRequest(refreshForm(first.RefreshToken)), 400, "invalid_grant", "invalid, expired or revoked")
	if st := h.sim.OAuth(); st.RefreshTokens != 0 {
		t.Errorf("status after the refresh token expired: %+v", st)
	}
}

func TestOAuthRevoke(t *testing.T) {
	h := newHarness(t)
	tr := h.signIn()
	pending := h.code(authQuery())
	if r := h.do(http.MethodPost, "/_sim/oauth/revoke", nil, withToken(tr.AccessToken)); r.status != http.StatusNoContent {
		t.Fatalf("revoke: %d %s", r.status, r.body)
	}
	if s := h.apiStatus("/v1/telephony/calls", tr.AccessToken); s != http.StatusUnauthorized {
		t.Errorf("revoked access token: %d", s)
	}
	refused(t, h.tokenRequest(refreshForm(tr.RefreshToken)), 400, "invalid_grant", "revoked")
	refused(t, h.tokenRequest(codeForm(pending)), 400, "invalid_grant", "invalid or expired")
	if s := h.apiStatus("/v1/telephony/calls", testToken); s != http.StatusOK {
		t.Errorf("static token after revoke: %d", s)
	}
	if st := h.sim.OAuth(); st != (OAuthStatus{}) {
		t.Errorf("status after revoke: %+v", st)
	}
	// Signing in again works, and Reset leaves sign-ins alone.
	tr = h.signIn()
	h.sim.Reset()
	if s := h.apiStatus("/v1/telephony/calls", tr.AccessToken); s != http.StatusOK {
		t.Errorf("a sign-in after Reset: %d", s)
	}
	h.sim.RevokeTokens()
	if s := h.apiStatus("/v1/telephony/calls", tr.AccessToken); s != http.StatusUnauthorized {
		t.Errorf("after RevokeTokens: %d", s)
	}
	if r := h.do(http.MethodGet, "/_sim/oauth/revoke", nil); r.status != http.StatusMethodNotAllowed {
		t.Errorf("GET /_sim/oauth/revoke: %d", r.status)
	}
}

func TestOAuthTablesAreCapped(t *testing.T) {
	h := newHarness(t, func(o *Options) { o.AccessTokenTTL = time.Hour })
	h.sim.oauth.limit = 3
	var tokens []tokenResponse
	for range 5 {
		tokens = append(tokens, h.signIn())
		h.advance(time.Second) // each later sign-in expires later
	}
	for range 5 {
		h.code(authQuery())
	}
	st := h.sim.OAuth()
	if st.AccessTokens != 3 || st.RefreshTokens != 3 || st.Codes != 3 {
		t.Errorf("status with a limit of 3: %+v", st)
	}
	// The oldest (soonest to expire) went; the newest stayed.
	if s := h.apiStatus("/v1/telephony/calls", tokens[0].AccessToken); s != http.StatusUnauthorized {
		t.Errorf("the oldest token: %d, want evicted", s)
	}
	if s := h.apiStatus("/v1/telephony/calls", tokens[4].AccessToken); s != http.StatusOK {
		t.Errorf("the newest token: %d", s)
	}
	// Expired entries go first: after the access tokens lapse, new ones
	// evict nothing that is still good.
	h.advance(2 * time.Hour)
	fresh := granted(t, h.tokenRequest(refreshForm(tokens[4].RefreshToken)))
	h.sim.oauth.mu.Lock()
	n := len(h.sim.oauth.access)
	h.sim.oauth.mu.Unlock()
	if n != 1 {
		t.Errorf("%d access tokens held after the others expired, want only the fresh one", n)
	}
	if s := h.apiStatus("/v1/telephony/calls", fresh.AccessToken); s != http.StatusOK {
		t.Errorf("fresh token: %d", s)
	}
}

// TestOAuthOutsideFaultsAndLog checks the OAuth endpoints work through
// injected faults and never enter the request log: they carry secrets.
func TestOAuthOutsideFaultsAndLog(t *testing.T) {
	h := newHarness(t)
	if err := h.sim.SetFaults(Faults{ErrorRate: 1, ErrorStatus: 503}); err != nil {
		t.Fatal(err)
	}
	tr := h.signIn()
	granted(t, h.tokenRequest(refreshForm(tr.RefreshToken)))
	if s := h.apiStatus("/v1/telephony/calls", tr.AccessToken); s != http.StatusServiceUnavailable {
		t.Errorf("an API call under faults: %d, want the injected 503", s)
	}
	reqs := h.sim.Requests()
	if len(reqs) != 1 || reqs[0].Path != "/v1/telephony/calls" {
		t.Errorf("request log %+v, want only the API call", reqs)
	}
	raw, _ := json.Marshal(reqs)
	if strings.Contains(string(raw), "sim_") {
		t.Errorf("the request log holds a credential: %s", raw)
	}
}

// TestOAuthWithTheOAuth2Package signs in over a listening simulator with
// golang.org/x/oauth2, both ways it can authenticate the client.
func TestOAuthWithTheOAuth2Package(t *testing.T) {
	styles := []struct {
		name  string
		style oauth2.AuthStyle
	}{{"form fields", oauth2.AuthStyleInParams}, {"HTTP Basic", oauth2.AuthStyleInHeader}}
	for _, st := range styles {
		style := st.style
		t.Run(st.name, func(t *testing.T) {
			clock := NewFakeClock(epoch)
			srv, err := Start(context.Background(), "127.0.0.1:0", Options{Clock: clock, AccessTokenTTL: time.Hour})
			if err != nil {
				t.Fatal(err)
			}
			defer srv.Close()
			hc := &http.Client{
				Transport:     &http.Transport{},
				CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
			}
			defer hc.CloseIdleConnections()
			conf := &oauth2.Config{
				ClientID:     DefaultOAuthClientID,
				ClientSecret: DefaultOAuthClientSecret,
				Endpoint:     oauth2.Endpoint{AuthURL: srv.BaseURL + "/authorize", TokenURL: srv.BaseURL + "/access_token", AuthStyle: style},
				RedirectURL:  testRedirect,
				Scopes:       []string{"spark:calls_read", "spark:calls_write"},
			}
			verifier := oauth2.GenerateVerifier()
			resp, err := hc.Get(conf.AuthCodeURL("xyz", oauth2.S256ChallengeOption(verifier)))
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			loc, err := resp.Location()
			if err != nil || loc.Query().Get("state") != "xyz" {
				t.Fatalf("authorize: %d, Location %v (%v)", resp.StatusCode, loc, err)
			}
			ctx := context.WithValue(context.Background(), oauth2.HTTPClient, hc)
			tok, err := conf.Exchange(ctx, loc.Query().Get("code"), oauth2.VerifierOption(verifier))
			if err != nil {
				t.Fatalf("exchange: %v", err)
			}
			if tok.RefreshToken == "" || tok.Type() != "Bearer" || tok.Extra("scope") != "spark:calls_read spark:calls_write" {
				t.Errorf("token: type %q, scope %v, refresh set %v", tok.Type(), tok.Extra("scope"), tok.RefreshToken != "")
			}
			get := func(access, path string) int {
				req, _ := http.NewRequest(http.MethodGet, srv.BaseURL+path, nil)
				req.Header.Set("Authorization", "Bearer "+access)
				r, err := hc.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				r.Body.Close()
				return r.StatusCode
			}
			// The token carries the scopes asked for: call control, not People.
			me := func(access string) int { return get(access, "/telephony/calls") }
			if s := me(tok.AccessToken); s != http.StatusOK {
				t.Errorf("list calls with the issued token: %d", s)
			}
			if s := get(tok.AccessToken, "/people/me"); s != http.StatusForbidden {
				t.Errorf("people/me without spark:people_read: %d, want 403", s)
			}
			clock.Advance(time.Hour)
			if s := me(tok.AccessToken); s != http.StatusUnauthorized {
				t.Errorf("list calls with the expired token: %d", s)
			}
			fresh, err := conf.TokenSource(ctx, &oauth2.Token{RefreshToken: tok.RefreshToken}).Token()
			if err != nil {
				t.Fatalf("refresh: %v", err)
			}
			if s := me(fresh.AccessToken); s != http.StatusOK {
				t.Errorf("list calls with the refreshed token: %d", s)
			}
			srv.Sim.RevokeTokens()
			_, err = conf.TokenSource(ctx, &oauth2.Token{RefreshToken: tok.RefreshToken}).Token()
			var re *oauth2.RetrieveError
			if !errors.As(err, &re) || re.ErrorCode != "invalid_grant" || re.Response.StatusCode != http.StatusBadRequest {
				t.Errorf("refresh after revoke: %v", err)
			}
		})
	}
}

// TestOAuthConcurrentSignIns runs sign-ins, refreshes and API calls at
// once, for the race detector.
func TestOAuthConcurrentSignIns(t *testing.T) {
	h := newHarness(t)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			back := h.authorize(authQuery())
			loc, err := url.Parse(back.header.Get("Location"))
			if back.status != http.StatusFound || err != nil {
				t.Errorf("authorize: %d %v", back.status, err)
				return
			}
			var tr tokenResponse
			r := h.tokenRequest(codeForm(loc.Query().Get("code")))
			if r.status != http.StatusOK || json.Unmarshal(r.body, &tr) != nil {
				t.Errorf("exchange: %d %s", r.status, r.body)
				return
			}
			if r := h.tokenRequest(refreshForm(tr.RefreshToken)); r.status != http.StatusOK {
				t.Errorf("refresh: %d %s", r.status, r.body)
			}
			if s := h.apiStatus("/v1/telephony/calls", tr.AccessToken); s != http.StatusOK {
				t.Errorf("API call: %d", s)
			}
			_ = h.sim.OAuth()
		})
	}
	wg.Wait()
	if st := h.sim.OAuth(); st.AccessTokens != 16 || st.RefreshTokens != 8 {
		t.Errorf("status after 8 sign-ins and 8 refreshes: %+v", st)
	}
}
