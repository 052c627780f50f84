package sim

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/callboard/callboard/webex"
)

// scopedRequest is one operation and the scope it needs.
type scopedRequest struct {
	scope, method, target string
	body                  any
}

// scopedRequests covers every family of operation with a request that
// succeeds in a fresh world when the token carries the scope.
func scopedRequests() []scopedRequest {
	return []scopedRequest{
		{ScopeCallsRead, http.MethodGet, "/v1/telephony/calls", nil},
		{ScopeCallsRead, http.MethodGet, "/v1/telephony/calls/history", nil},
		{ScopeCallsWrite, http.MethodPost, "/v1/telephony/calls/dial", webex.DialRequest{Destination: "101"}},
		{ScopeCallsWrite, http.MethodPost, "/v1/telephony/calls/bargeIn", webex.BargeInRequest{Target: LongCallExtension}},
		{ScopePeopleRead, http.MethodGet, "/v1/people/me", nil},
		{ScopePeopleRead, http.MethodGet, "/v1/people?displayName=pri", nil},
		{ScopePeopleRead, http.MethodGet, "/v1/people/" + personID("103"), nil},
		{ScopeTelephonyConfigRead, http.MethodGet, "/v1/telephony/config/people/me/settings/speedDials/availableMembers?name=pri", nil},
		{ScopeTelephonyConfigRead, http.MethodGet, "/v1/telephony/config/people/me/settings/monitoring", nil},
		{ScopeTelephonyConfigRead, http.MethodGet, "/v1/telephony/config/people/me/settings/callPark", nil},
		{ScopeTelephonyConfigRead, http.MethodGet, "/v1/telephony/config/people/me/endpoints", nil},
		{ScopeAdminCallsRead, http.MethodGet, "/v1/telephony/calls/members/" + personID(LongCallExtension) + "/calls", nil},
		{ScopeAdminCallsWrite, http.MethodPost, "/v1/telephony/calls/members/" + personID("106") + "/bargeIn", map[string]string{"target": LongCallExtension}},
		{ScopeMessagesWrite, http.MethodPost, "/v1/messages", webex.MessageRequest{ToPersonID: personID("103"), Text: "Jane Roe called"}},
	}
}

// mint mints a token through the control plane.
func (h *harness) mint(scopes ...string) string {
	h.t.Helper()
	if scopes == nil {
		scopes = []string{}
	}
	r := h.do(http.MethodPost, "/_sim/tokens", map[string]any{"scopes": scopes})
	if r.status != http.StatusCreated {
		h.t.Fatalf("mint %v: %d %s", scopes, r.status, r.body)
	}
	var out mintResult
	r.decode(h.t, &out)
	if out.Token == "" || out.ExpiresIn != int64(DefaultAccessTokenTTL.Seconds()) || len(out.Scopes) != len(scopes) {
		h.t.Fatalf("minted %+v", out)
	}
	return out.Token
}

// TestTokenWithoutAScope: a token that lacks one scope gets 403 on exactly
// the operations that need it, and everything else keeps working.
func TestTokenWithoutAScope(t *testing.T) {
	for _, lacking := range []string{ScopeCallsRead, ScopeCallsWrite, ScopePeopleRead, ScopeTelephonyConfigRead, ScopeAdminCallsRead, ScopeAdminCallsWrite, ScopeMessagesWrite} {
		t.Run(lacking, func(t *testing.T) {
			h := newHarness(t)
			var scopes []string
			for _, sc := range AllScopes() {
				if sc != lacking {
					scopes = append(scopes, sc)
				}
			}
			tok := h.mint(scopes...)
			for _, req := range scopedRequests() {
				r := h.do(req.method, req.target, req.body, withToken(tok))
				switch {
				case req.scope == lacking:
					if r.status != http.StatusForbidden || !strings.Contains(r.message(), "missing required scopes") {
						t.Errorf("%s %s without %s: %d %s", req.method, req.target, lacking, r.status, r.body)
					}
					var e webex.ErrorBody
					r.decode(t, &e)
					if !strings.Contains(e.Errors[0].Description, lacking) {
						t.Errorf("the description does not name %s: %s", lacking, r.body)
					}
				case r.status >= 300:
					t.Errorf("%s %s (needs %s) refused: %d %s", req.method, req.target, req.scope, r.status, r.body)
				}
			}
		})
	}
}

// TestScopelessTokenStillControlsCalls: the token a user gets from a sign-in
// that asked only for call control can do call control, and is refused the
// office operations.
func TestScopelessTokenStillControlsCalls(t *testing.T) {
	h := newHarness(t)
	tok := h.mint(ScopeCallsRead, ScopeCallsWrite)
	in := h.inbound(Inbound{Name: "Olivia Bennett", Number: "+12065550123"})
	for _, step := range []struct {
		action string
		body   any
		status int
	}{
		{"answer", webex.AnswerRequest{CallID: in}, 204},
		{"hold", webex.CallRequest{CallID: in}, 204},
		{"resume", webex.CallRequest{CallID: in}, 204},
		{"park", webex.ParkRequest{CallID: in, Destination: "7001"}, 200},
		{"retrieve", webex.RetrieveRequest{Destination: "7001"}, 201},
	} {
		if r := h.post(step.action, step.body, withToken(tok)); r.status != step.status {
			t.Errorf("%s: %d %s", step.action, r.status, r.body)
		}
	}
	for _, req := range scopedRequests() {
		r := h.do(req.method, req.target, req.body, withToken(tok))
		wantRefused := req.scope != ScopeCallsRead && req.scope != ScopeCallsWrite
		if refused := r.status == http.StatusForbidden; refused != wantRefused {
			t.Errorf("%s %s: %d, refused want %v", req.method, req.target, r.status, wantRefused)
		}
	}
	// The control plane needs no scope at all.
	none := h.mint()
	if r := h.do(http.MethodGet, "/_sim/state", nil, withToken(none)); r.status != http.StatusOK {
		t.Errorf("control plane with a token without scopes: %d", r.status)
	}
	if r := h.do(http.MethodGet, "/v1/telephony/calls", nil, withToken(none)); r.status != http.StatusForbidden {
		t.Errorf("list calls with a token without scopes: %d", r.status)
	}
}

// TestStaticTokenScopes: the static token carries every scope unless
// Options.TokenScopes says otherwise; a route that does not exist is 404
// before it is 403.
func TestStaticTokenScopes(t *testing.T) {
	h := newHarness(t)
	for _, req := range scopedRequests() {
		if r := h.do(req.method, req.target, req.body); r.status >= 300 {
			t.Errorf("%s %s with the static token: %d %s", req.method, req.target, r.status, r.body)
		}
	}
	h = newHarness(t, func(o *Options) { o.TokenScopes = []string{ScopeCallsRead} })
	if r := h.do(http.MethodGet, "/v1/telephony/calls", nil); r.status != http.StatusOK {
		t.Errorf("list calls: %d", r.status)
	}
	if r := h.post("dial", webex.DialRequest{Destination: "101"}); r.status != http.StatusForbidden {
		t.Errorf("dial without spark:calls_write: %d", r.status)
	}
	if r := h.do(http.MethodGet, "/v1/telephony/nowhere", nil); r.status != http.StatusNotFound {
		t.Errorf("unknown path: %d, want 404", r.status)
	}
	if r := h.do(http.MethodGet, "/v1/telephony/calls/dial", nil); r.status != http.StatusMethodNotAllowed {
		t.Errorf("wrong method: %d, want 405", r.status)
	}
}

func TestMintTokens(t *testing.T) {
	h := newHarness(t)
	for _, tc := range []struct {
		body   string
		status int
		msg    string
	}{
		{`{}`, 400, "scopes is required"},
		{`{"scopes":"spark:calls_read"}`, 400, "scopes must be an array"},
		{`{"scopes":["spark:calls read"]}`, 400, "malformed"},
		{`{"scopes":[],"ttl":5}`, 400, `unknown field "ttl"`},
	} {
		r := h.do(http.MethodPost, "/_sim/tokens", tc.body)
		if r.status != tc.status || !strings.Contains(r.message(), tc.msg) {
			t.Errorf("%s: %d %q, want %d and %q", tc.body, r.status, r.message(), tc.status, tc.msg)
		}
	}
	a, b := h.mint(ScopePeopleRead), h.mint(ScopePeopleRead)
	if a == b || !strings.HasPrefix(a, "sim_at_") {
		t.Errorf("minted %q and %q", a, b)
	}
	// Minted tokens expire on the simulator's clock and are revoked with
	// the others; they outlive a reset.
	h.sim.Reset()
	if r := h.do(http.MethodGet, "/v1/people/me", nil, withToken(a)); r.status != http.StatusOK {
		t.Errorf("after a reset: %d", r.status)
	}
	h.advance(DefaultAccessTokenTTL)
	if r := h.do(http.MethodGet, "/v1/people/me", nil, withToken(a)); r.status != http.StatusUnauthorized {
		t.Errorf("after the TTL: %d", r.status)
	}
	c := h.mint(ScopePeopleRead)
	h.sim.RevokeTokens()
	if r := h.do(http.MethodGet, "/v1/people/me", nil, withToken(c)); r.status != http.StatusUnauthorized {
		t.Errorf("after revoking: %d", r.status)
	}
	// The Go API.
	tok, err := h.sim.MintToken(nil)
	if err != nil || tok == "" {
		t.Fatalf("MintToken: %q %v", tok, err)
	}
	if r := h.do(http.MethodGet, "/v1/people/me", nil, withToken(tok)); r.status != http.StatusForbidden {
		t.Errorf("a token minted without scopes: %d", r.status)
	}
	if _, err := h.sim.MintToken([]string{"bad scope"}); err == nil {
		t.Error("a malformed scope was minted")
	}
	if !slices.Contains(AllScopes(), ScopeTelephonyConfigRead) {
		t.Error("AllScopes lacks spark:telephony_config_read")
	}
}
