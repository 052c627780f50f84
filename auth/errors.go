package auth

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"golang.org/x/oauth2"

	"github.com/callboard/callboard/internal/textsafe"
	"github.com/callboard/callboard/webex"
)

// ErrNoToken reports that no token is stored (or found anywhere, from Find).
var ErrNoToken = errors.New("no stored Webex sign-in")

// ErrSignInRequired reports that the stored sign-in can no longer be used:
// it expired, was revoked, or cannot be refreshed. The remedy is in the
// message.
var ErrSignInRequired = errors.New("your Webex sign-in has expired or was revoked: run `callboard login`")

// ErrAccessDenied reports that the operator, or their organisation, declined
// the sign-in in the browser.
var ErrAccessDenied = errors.New("the Webex sign-in was declined")

// ErrInsecureFile reports a token file that other users can read.
var ErrInsecureFile = errors.New("other users can read the token file")

// SessionError is a refresh that failed for good. Its message says to run
// `callboard login` and names the cause without any token text;
// errors.Is(err, ErrSignInRequired) holds.
type SessionError struct {
	Cause error // a *ProviderError, or why no refresh was possible
}

// Error gives the remedy, then the cause.
func (e *SessionError) Error() string {
	return ErrSignInRequired.Error() + " (" + e.Cause.Error() + ")"
}

// Unwrap returns ErrSignInRequired, webex.ErrUnauthenticated (so the console
// and the verbs say to sign in) and the cause.
func (e *SessionError) Unwrap() []error {
	return []error{ErrSignInRequired, webex.ErrUnauthenticated, e.Cause}
}

// ProviderError is a refusal from Webex's OAuth endpoints, reduced to what
// is safe to show: the status and the RFC 6749 error fields, never the body.
type ProviderError struct {
	StatusCode  int    // HTTP status; 0 when the error came in a 200 reply
	Code        string // RFC 6749 "error", e.g. invalid_grant
	Description string // RFC 6749 "error_description", cleaned for the terminal
}

// Error writes "Webex answered 400 Bad Request: invalid_grant: ...".
func (e *ProviderError) Error() string {
	var b strings.Builder
	b.WriteString("Webex answered")
	if e.StatusCode != 0 {
		fmt.Fprintf(&b, " %d %s", e.StatusCode, http.StatusText(e.StatusCode))
	}
	if e.Code != "" {
		b.WriteString(": " + e.Code)
	}
	if e.Description != "" {
		b.WriteString(": " + e.Description)
	}
	return b.String()
}

// temporary reports whether the provider failed rather than refused.
func (e *ProviderError) temporary() bool {
	return e.StatusCode >= 500 || e.StatusCode == http.StatusTooManyRequests
}

// providerError reduces an oauth2 refusal to a ProviderError, with any of
// the given secrets masked in the description.
func providerError(re *oauth2.RetrieveError, secrets ...string) *ProviderError {
	pe := &ProviderError{
		Code:        clean(re.ErrorCode, 64, secrets),
		Description: clean(re.ErrorDescription, 200, secrets),
	}
	if re.Response != nil {
		pe.StatusCode = re.Response.StatusCode
	}
	return pe
}

// sanitize turns an error from the oauth2 package into one that is safe to
// show: refusals become *ProviderError, anything else keeps its chain but
// has the secrets masked in its message, which is then made one safe line
// (a network error may quote a certificate's names or a server's text).
func sanitize(err error, secrets ...string) error {
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		return providerError(re, secrets...)
	}
	return &maskedError{msg: textsafe.ErrorLine(errors.New(mask(err.Error(), secrets))), err: err}
}

// maskedError carries an error whose message had secrets masked.
type maskedError struct {
	msg string
	err error
}

// Error returns the masked message.
func (e *maskedError) Error() string { return e.msg }

// Unwrap returns the original error, for errors.Is and errors.As.
func (e *maskedError) Unwrap() error { return e.err }

// mask replaces every non-empty secret in s, also in the forms it takes
// in a posted form or a URL, where a server echoing the request shows it.
func mask(s string, secrets []string) string {
	for _, sec := range secrets {
		if sec == "" {
			continue
		}
		for _, form := range []string{sec, url.QueryEscape(sec), url.PathEscape(sec)} {
			s = strings.ReplaceAll(s, form, "********")
		}
	}
	return s
}

// clean makes text from a server fit for the terminal: secrets masked,
// control characters and bidirectional overrides dropped, length capped.
func clean(s string, max int, secrets []string) string {
	return textsafe.Clip(textsafe.Line(mask(s, secrets)), max)
}
