package sim

import (
	"net/http"
	"slices"
	"strings"
	"time"
)

// The scopes the simulated API knows, as Webex names them.
const (
	ScopeCallsRead            = "spark:calls_read"             // GET /telephony/calls...
	ScopeCallsWrite           = "spark:calls_write"            // POST /telephony/calls/{action}
	ScopePeopleRead           = "spark:people_read"            // /people
	ScopeTelephonyConfigRead  = "spark:telephony_config_read"  // GET /telephony/config/people/me/...
	ScopeTelephonyConfigWrite = "spark:telephony_config_write" // PUT /telephony/config/people/me/...: queues, DND, forwarding
	ScopeAdminCallsRead       = "spark-admin:calls_read"       // GET /telephony/calls/members/{memberId}/calls
	ScopeAdminCallsWrite      = "spark-admin:calls_write"      // POST /telephony/calls/members/{memberId}/{action}
)

// AllScopes returns every scope the simulated API knows: what the static
// token carries unless Options.TokenScopes says otherwise.
func AllScopes() []string {
	return []string{ScopeCallsRead, ScopeCallsWrite, ScopePeopleRead, ScopeTelephonyConfigRead,
		ScopeTelephonyConfigWrite, ScopeAdminCallsRead, ScopeAdminCallsWrite, ScopeMessagesWrite}
}

// scopeSet is the scopes a token carries.
type scopeSet map[string]bool

func newScopeSet(scopes []string) scopeSet {
	s := make(scopeSet, len(scopes))
	for _, sc := range scopes {
		s[sc] = true
	}
	return s
}

// parseScope reads a space-separated OAuth scope string.
func parseScope(scope string) scopeSet { return newScopeSet(strings.Fields(scope)) }

// list returns the scopes sorted, for messages and answers.
func (s scopeSet) list() []string {
	out := make([]string, 0, len(s))
	for sc := range s {
		out = append(out, sc)
	}
	slices.Sort(out)
	return out
}

// forbidden is Webex's refusal of a token that lacks the scope an operation
// needs. Webex's own message does not name the scope; the description does,
// to help whoever reads the simulator's log.
func forbidden(scope string) error {
	return &Error{
		Status:  http.StatusForbidden,
		Message: "The server understood the request, but refused to fulfill it because the access token is missing required scopes or the user is missing required roles or licenses.",
		detail:  "the access token lacks the " + scope + " scope this operation needs",
	}
}

// checkScopes refuses a list of scopes that are not OAuth scope tokens.
func checkScopes(scopes []string) error {
	for _, sc := range scopes {
		if !isScopeToken(sc) {
			return badRequest("scope %q is malformed: one scope per string, such as %q", sc, ScopePeopleRead)
		}
	}
	return nil
}

// mintRequest is the body of POST /_sim/tokens.
type mintRequest struct {
	Scopes *[]string `json:"scopes"`
}

// mintResult is the 201 body of POST /_sim/tokens.
type mintResult struct {
	Token     string   `json:"token"`
	Scopes    []string `json:"scopes"`
	ExpiresIn int64    `json:"expiresIn"` // seconds, on the simulator's clock
}

// MintToken issues an access token that carries exactly scopes (none at all
// for an empty list), valid for Options.AccessTokenTTL on the simulator's
// clock, so that tests can see how a feature copes without a scope. It is
// revoked like the tokens of a sign-in (RevokeTokens) and outlives resets.
func (s *Simulator) MintToken(scopes []string) (string, error) {
	if err := checkScopes(scopes); err != nil {
		return "", err
	}
	return s.oauth.mint(newScopeSet(scopes), s.clock.Now()), nil
}

// mint stores a new access token with scopes.
func (o *oauthState) mint(scopes scopeSet, now time.Time) string {
	o.mu.Lock()
	defer o.mu.Unlock()
	access := newSecret("sim_at_")
	makeRoom(o.access, o.limit, now)
	o.access[keyOf(access)] = issued{scope: strings.Join(scopes.list(), " "), expires: now.Add(o.accessTTL)}
	return access
}

// requiredScope is the scope Webex requires of method on an API path (below
// /v1), or "" for a path the simulator does not serve.
func requiredScope(method, p string) string {
	read := method == http.MethodGet
	pick := func(r, w string) string {
		if read {
			return r
		}
		return w
	}
	switch {
	case strings.HasPrefix(p, "/telephony/calls/members/me/"):
		return pick(ScopeCallsRead, ScopeCallsWrite)
	case strings.HasPrefix(p, "/telephony/calls/members/"):
		return pick(ScopeAdminCallsRead, ScopeAdminCallsWrite)
	case p == "/telephony/conference" || strings.HasPrefix(p, "/telephony/conference/"), strings.HasPrefix(p, "/telephony/queues/"):
		return pick(ScopeCallsRead, ScopeCallsWrite)
	case p == "/telephony/calls" || strings.HasPrefix(p, "/telephony/calls/"):
		return pick(ScopeCallsRead, ScopeCallsWrite)
	case strings.HasPrefix(p, "/telephony/config/"):
		return pick(ScopeTelephonyConfigRead, ScopeTelephonyConfigWrite)
	case p == "/people" || strings.HasPrefix(p, "/people/"):
		return ScopePeopleRead
	case p == "/messages":
		return ScopeMessagesWrite
	}
	return ""
}
