package webex

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"golang.org/x/oauth2"
)

// ErrUnauthenticated reports that Webex refused the credentials (HTTP 401) or
// that no valid token could be obtained. The remedy is to sign in again.
var ErrUnauthenticated = errors.New("not signed in to Webex")

// ErrCallNotFound matches, with errors.Is, Webex's answer to a request
// naming a call that is not (or no longer) on the line: the call already
// ended. Webex answers 400 with "Call not found" and errorCode 101002; a
// 404 saying "Call not found", as older simulators and proxies did, is the
// same thing. A 404 saying anything else (an unknown user, a wrong path) is
// not: taking it for an ended call would hide the real mistake.
var ErrCallNotFound = errors.New("call already ended")

// CodeCallNotFound is the errorCode Webex gives with "Call not found".
const CodeCallNotFound = 101002

// APIError is an error response from Webex.
type APIError struct {
	StatusCode int      // HTTP status
	Message    string   // Webex's message
	Details    []string // errors[].description, when they add to Message
	Codes      []int    // errors[].errorCode, the non-zero ones
	TrackingID string   // from the body or the Trackingid header; quote it to Webex support
}

// Error describes the failure in one line: status, message, details and tracking ID.
func (e *APIError) Error() string {
	var b strings.Builder
	b.WriteString(statusLine(e.StatusCode))
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	for _, d := range e.Details {
		if d != "" && d != e.Message {
			b.WriteString("; ")
			b.WriteString(d)
		}
	}
	if e.TrackingID != "" {
		b.WriteString(" (tracking ID ")
		b.WriteString(e.TrackingID)
		b.WriteString(")")
	}
	return b.String()
}

// Is makes a 401 match ErrUnauthenticated, and Webex's "Call not found"
// match ErrCallNotFound.
func (e *APIError) Is(target error) bool {
	switch target {
	case ErrUnauthenticated:
		return e.StatusCode == http.StatusUnauthorized
	case ErrCallNotFound:
		return e.callNotFound()
	}
	return false
}

// callNotFound reports a 400 or 404 that says the call is not found, by
// its code or its text.
func (e *APIError) callNotFound() bool {
	if e.StatusCode != http.StatusBadRequest && e.StatusCode != http.StatusNotFound {
		return false
	}
	if slices.Contains(e.Codes, CodeCallNotFound) {
		return true
	}
	for _, text := range append([]string{e.Message}, e.Details...) {
		if len(text) >= len(callNotFoundText) && strings.EqualFold(text[:len(callNotFoundText)], callNotFoundText) {
			return true
		}
	}
	return false
}

// callNotFoundText is how Webex words ErrCallNotFound.
const callNotFoundText = "Call not found"

// Text is the most specific human message Webex gave: the first detail that
// differs from Message, or Message itself.
func (e *APIError) Text() string {
	for _, d := range e.Details {
		if d != "" && d != e.Message {
			return d
		}
	}
	if e.Message != "" {
		return e.Message
	}
	if text := http.StatusText(e.StatusCode); text != "" {
		return text
	}
	return statusLine(e.StatusCode)
}

// statusLine names an HTTP status: "404 Not Found", or "HTTP 514" for a
// status without a name.
func statusLine(code int) string {
	if text := http.StatusText(code); text != "" {
		return fmt.Sprintf("%d %s", code, text)
	}
	return fmt.Sprintf("HTTP %d", code)
}

// ErrBadReply matches a *ReplyError with errors.Is: Webex, or something
// in its place, answered, but not with anything callboard can read.
var ErrBadReply = errors.New("unreadable reply from Webex")

// badReplyText opens every ReplyError's message.
const badReplyText = "Webex sent a reply callboard cannot read"

// ReplyError is a reply callboard could not read: a 2xx whose body is not
// what the operation returns (not JSON, the wrong shape, missing), or a reply
// of any status larger than the size cap. It is not an outage: something
// answered, so polling should keep the list and keep trying, and an action
// that got one may well have been carried out.
type ReplyError struct {
	StatusCode int    // HTTP status of the reply
	TrackingID string // from the Trackingid header, or the one callboard sent
	Reason     string // what is wrong with the reply
	Err        error  // the decoding error, if any
}

// Error says that the reply could not be read, with the status, the reason
// and the tracking ID.
func (e *ReplyError) Error() string {
	var b strings.Builder
	b.WriteString(badReplyText)
	b.WriteString(" (" + statusLine(e.StatusCode) + ")")
	if e.Reason != "" {
		b.WriteString(": " + e.Reason)
	}
	if e.TrackingID != "" {
		b.WriteString(" (tracking ID " + e.TrackingID + ")")
	}
	return b.String()
}

// Unwrap returns the decoding error.
func (e *ReplyError) Unwrap() error { return e.Err }

// Is makes a ReplyError match ErrBadReply.
func (e *ReplyError) Is(target error) bool { return target == ErrBadReply }

// RateLimitError is a 429 response: Webex did not act on the request, and
// asks the caller to wait RetryAfter before trying again.
type RateLimitError struct {
	APIError
	RetryAfter time.Duration
}

// Error includes the wait.
func (e *RateLimitError) Error() string {
	return fmt.Sprintf("%s; retry after %s", e.APIError.Error(), e.RetryAfter)
}

// Unwrap exposes the APIError so errors.As(err, &*APIError) also matches.
func (e *RateLimitError) Unwrap() error { return &e.APIError }

// StatusCode returns the HTTP status of an API error in err's chain, or 0.
func StatusCode(err error) int {
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		return apiErr.StatusCode
	}
	return 0
}

// TokenError reports that the token source could not give a token (for
// example a refresh that Webex refused). It matches ErrUnauthenticated.
type TokenError struct{ Err error }

// Error says what failed without repeating token material.
func (e *TokenError) Error() string { return "get access token: " + e.Err.Error() }

// Unwrap returns the token source's error.
func (e *TokenError) Unwrap() error { return e.Err }

// Is makes a TokenError match ErrUnauthenticated when signing in again is
// the remedy: the cause says so itself, the token endpoint refused the grant
// (400 or 401), or there is no token at all. An outage of the token endpoint
// (a network error, a 503) is not a reason to sign in again.
func (e *TokenError) Is(target error) bool {
	if target != ErrUnauthenticated {
		return false
	}
	var refused *oauth2.RetrieveError
	switch {
	case errors.Is(e.Err, ErrUnauthenticated), errors.Is(e.Err, errNoAccessToken):
		return true
	case errors.As(e.Err, &refused) && refused.Response != nil:
		return refused.Response.StatusCode == http.StatusBadRequest || refused.Response.StatusCode == http.StatusUnauthorized
	}
	return false
}

// errNoAccessToken is a token source that gave no token and no error.
var errNoAccessToken = errors.New("empty access token")

// The OAuth scopes the operations of this client need. A token without the
// scope an operation needs gets 403 Forbidden from Webex.
const (
	ScopeCallsRead           = "spark:calls_read"            // list calls, call details, call history
	ScopeCallsWrite          = "spark:calls_write"           // every call action on the user's own line
	ScopePeopleRead          = "spark:people_read"           // /people: the signed-in user, directory lookups, presence
	ScopeTelephonyConfigRead = "spark:telephony_config_read" // the user's own settings: directory, monitoring, park, endpoints, queues, DND, forwarding
	// ScopeTelephonyConfigWrite changes the user's own settings: joining and
	// leaving queues, the agent state, do not disturb, call forwarding.
	ScopeTelephonyConfigWrite = "spark:telephony_config_write"
	ScopeAdminCallsRead       = "spark-admin:calls_read"  // any member's calls (admin or Service App token)
	ScopeAdminCallsWrite      = "spark-admin:calls_write" // call actions on any member's line (admin or Service App token)
	// ScopeMessagesWrite sends Webex messages: a message taken for a
	// colleague goes to them.
	ScopeMessagesWrite = "spark:messages_write"
)

// ScopeError is a 403 Forbidden from an operation that needs Scope. Webex
// answers 403 when the access token lacks the operation's scope (it also
// does when the user lacks a licence or role, without saying which), so the
// remedy to offer is signing in again with Scope. errors.As with *APIError
// also matches it.
type ScopeError struct {
	APIError
	Scope string // the scope the operation needs, such as "spark:telephony_config_read"
}

// Error adds the scope the operation needs to the API error.
func (e *ScopeError) Error() string {
	return e.APIError.Error() + "; the operation needs the " + e.Scope + " scope"
}

// Unwrap exposes the APIError.
func (e *ScopeError) Unwrap() error { return &e.APIError }

// MissingScope reports the scope an operation refused with 403 needed: the
// scope to ask for when signing in again.
func MissingScope(err error) (string, bool) {
	var scoped *ScopeError
	if errors.As(err, &scoped) {
		return scoped.Scope, true
	}
	return "", false
}

// withScope turns a 403 from an operation that needs scope into a
// *ScopeError; any other error is returned as is.
func withScope(err error, scope string) error {
	var apiErr *APIError
	if scope == "" || !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusForbidden {
		return err
	}
	return &ScopeError{APIError: *apiErr, Scope: scope}
}

// scopeFor is the scope Webex requires for method on path (below the base
// URL), or "" when the client does not know it.
func scopeFor(method, path string) string {
	read := method == http.MethodGet
	pick := func(r, w string) string {
		if read {
			return r
		}
		return w
	}
	switch {
	case strings.HasPrefix(path, membersPath+"/") && !strings.HasPrefix(path, membersPath+"/me/"):
		return pick(ScopeAdminCallsRead, ScopeAdminCallsWrite)
	case path == callsPath || strings.HasPrefix(path, callsPath+"/"):
		return pick(ScopeCallsRead, ScopeCallsWrite)
	case path == conferencePath || strings.HasPrefix(path, conferencePath+"/"),
		strings.HasPrefix(path, queuesPath+"/"):
		// The Conference Controls and the queue calls are call control.
		return pick(ScopeCallsRead, ScopeCallsWrite)
	case strings.HasPrefix(path, configPath+"/"):
		return pick(ScopeTelephonyConfigRead, ScopeTelephonyConfigWrite)
	case path == peoplePath || strings.HasPrefix(path, peoplePath+"/"):
		return ScopePeopleRead
	case path == messagesPath && !read:
		return ScopeMessagesWrite
	}
	return ""
}
