package auth

import (
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"
)

// escapeText is what a hostile network puts in an error: a certificate name
// with OSC 52, OSC 0 and SGR, as Go quotes it verbatim.
const escapeText = "x509: certificate is valid for \x1b]52;c;Y3VybA==\x07, \x1b]0;pwned\x07, \x1b[31mred\x1b[0m\u202e, not localhost"

// controlIn returns the first control or bidirectional character of s, or -1.
func controlIn(s string) rune {
	for _, r := range s {
		if r < 0x20 || r >= 0x7f && r <= 0x9f || r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069 {
			return r
		}
	}
	return -1
}

// TestRefreshNetworkErrorIsOneSafeLine: a refresh that fails on the network
// (here a TLS failure quoting a hostile certificate) reaches the console's
// banner and the CLI's stderr as one line without escape sequences, the
// secrets masked and the chain kept for errors.Is.
func TestRefreshNetworkErrorIsOneSafeLine(t *testing.T) {
	s := &persistingSource{log: slog.New(slog.DiscardHandler)}
	old := testToken("LEAKCHECK-access-0", "LEAKCHECK-refresh-0", time.Now().Add(-time.Minute))
	cause := errors.New("tls: failed to verify certificate")
	err := s.refreshError(fmt.Errorf("Post %q: %s (refresh %s): %w", "https://webexapis.com/v1/access_token",
		escapeText, old.RefreshToken, cause), old)
	msg := err.Error()
	if r := controlIn(msg); r >= 0 {
		t.Errorf("refresh error holds %U: %q", r, msg)
	}
	if strings.Contains(msg, leakMarker) {
		t.Errorf("refresh error shows a token: %q", msg)
	}
	if !strings.Contains(msg, "certificate is valid for") || !errors.Is(err, cause) {
		t.Errorf("refresh error lost its cause: %q", msg)
	}
}
