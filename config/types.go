package config

import (
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"
)

// Duration is a time.Duration written in the file as a string: "1s",
// "1.5s", "500ms", "2m".
type Duration struct {
	time.Duration
}

// UnmarshalText reads a duration string such as "1.5s".
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(strings.TrimSpace(string(b)))
	if err != nil {
		return fmt.Errorf("%q is not a duration: write a number and a unit, like \"1s\", \"500ms\" or \"2m\"", b)
	}
	d.Duration = v
	return nil
}

// MarshalText writes the duration as String does.
func (d Duration) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// String writes the duration without trailing zero units: "2m" rather than
// "2m0s", "0s" for zero.
func (d Duration) String() string {
	s := d.Duration.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// Names is a list of names that the file may write as one name ("ended")
// or as a list (["answered", "ended"]).
type Names []string

// masked is how secrets are shown.
const masked = "********"

// Secret is a credential read from the file. It formats as "********" with
// every fmt verb and in slog, so printing a Config cannot reveal it; Reveal
// returns the value for the one place that sends it.
type Secret string

// Reveal returns the secret itself.
func (s Secret) Reveal() string { return string(s) }

// IsSet reports whether the secret has a value.
func (s Secret) IsSet() bool { return s != "" }

// String returns "********" when the secret is set, "" otherwise.
func (s Secret) String() string {
	if s == "" {
		return ""
	}
	return masked
}

// GoString masks the secret for %#v.
func (s Secret) GoString() string { return fmt.Sprintf("config.Secret(%q)", s.String()) }

// Format masks the secret for every verb, %d and %x included, which would
// otherwise print the string itself.
func (s Secret) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('#') {
		_, _ = io.WriteString(f, s.GoString())
		return
	}
	_, _ = io.WriteString(f, s.String())
}

// LogValue masks the secret in structured logs.
func (s Secret) LogValue() slog.Value { return slog.StringValue(s.String()) }
