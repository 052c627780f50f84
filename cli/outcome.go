package cli

import (
	"crypto/tls"
	"errors"
	"net"
	"net/http"
	"strings"

	"github.com/callboard/callboard/desk"
	"github.com/callboard/callboard/webex"
)

// unsureError is the failure of a verb that changes a call when the request
// may have reached Webex: a timeout, a dropped connection, a gateway error,
// or a success reply that could not be read. Webex may have acted, so the
// operator must look before trying again (a dial tried twice rings twice).
// Nothing is ever retried on their behalf.
type unsureError struct {
	outcome string // what may have happened, e.g. "the call may be ringing"
	err     error
}

func (e unsureError) Error() string { return e.err.Error() }
func (e unsureError) Unwrap() error { return e.err }

// remedy is the line describe adds.
func (e unsureError) remedy() string {
	return e.outcome + ": check `callboard calls` before trying again"
}

// mayHaveActed wraps err from verb as an unsureError when verb changes a
// call and err leaves open whether Webex acted; otherwise it returns err.
func mayHaveActed(verb string, err error) error {
	outcome := possibleOutcome(verb)
	if outcome == "" || !maybeSent(err) {
		return err
	}
	return unsureError{outcome: outcome, err: err}
}

// possibleOutcome says what a verb may have done to the line, in the verb
// table's words, or "" for a verb that only reads.
func possibleOutcome(verb string) string {
	if v, _, ok := desk.Lookup(verb); ok {
		return v.Unsure
	}
	for _, v := range desk.Verbs() {
		if strings.HasPrefix(v.Name, verb+" ") {
			return "the " + verb + " may have changed" // "record start": one command for several verbs
		}
	}
	return ""
}

// maybeSent reports whether err leaves open that the request reached Webex
// and was acted on. A refusal with a reason (4xx), a rate limit, a token
// that could not be had, or a connection that was never made all mean it
// was not; a timeout, a broken connection, a gateway error (5xx) or an
// unreadable success reply mean it may have been.
func maybeSent(err error) bool {
	var apiErr *webex.APIError
	var tokenErr *webex.TokenError
	var bad *webex.ReplyError
	var opErr *net.OpError
	var dnsErr *net.DNSError
	var certErr *tls.CertificateVerificationError
	switch {
	case errors.As(err, &bad):
		return bad.StatusCode >= 200 && bad.StatusCode <= 299
	case errors.As(err, &apiErr):
		return apiErr.StatusCode >= http.StatusInternalServerError
	case errors.As(err, &tokenErr), errors.As(err, &dnsErr), errors.As(err, &certErr):
		return false
	case errors.As(err, &opErr) && opErr.Op == "dial":
		return false
	}
	return true // a timeout, a cancellation, a connection lost mid-request
}
