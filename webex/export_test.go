package webex

import (
	"net/http"
	"time"
)

// Internals the black-box tests need to see.

// DefaultMaxBody is the largest response body a client reads.
const DefaultMaxBody = defaultMaxBody

// DefaultRetryAfter is the wait assumed when a 429 has no usable Retry-After.
const DefaultRetryAfter = defaultRetryAfter

// ParseRetryAfter reads a Retry-After header value relative to now.
func ParseRetryAfter(v string, now time.Time) time.Duration { return retryAfter(v, now) }

// ParseError turns an error response into the client's error.
func ParseError(resp *http.Response, data []byte) error { return parseError(resp, data) }
