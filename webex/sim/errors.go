package sim

import (
	"fmt"
	"net/http"
)

// Error is a refusal as the API reports it: an HTTP status and a message
// that says what is wrong. The simulator's Go methods return it too, so
// callers can inspect it with errors.As.
type Error struct {
	Status  int    // HTTP status
	Message string // what is wrong, for a person to read

	allow      string // the Allow header of a 405
	retryAfter int    // the Retry-After header, in seconds, when positive
	detail     string // errors[0].description when it says more than Message
}

// Error formats the refusal with its status.
func (e *Error) Error() string {
	return fmt.Sprintf("%d %s: %s", e.Status, http.StatusText(e.Status), e.Message)
}

func newError(status int, format string, args ...any) error {
	return &Error{Status: status, Message: fmt.Sprintf(format, args...)}
}

func badRequest(format string, args ...any) error {
	return newError(http.StatusBadRequest, format, args...)
}

func notFound(format string, args ...any) error {
	return newError(http.StatusNotFound, format, args...)
}

// callNotFound is the refusal for an unknown, ended or hidden call id.
func callNotFound(id string) error {
	return notFound("Call not found: no active call has callId %q", id)
}
