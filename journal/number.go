package journal

import (
	"strings"
	"unicode"
)

// NormalizeNumber returns the key the journal matches numbers on, so that
// "+1 (415) 555-0123", "tel:+14155550123" and "+14155550123" are one caller:
// formatting (spaces, dashes, dots, parentheses, slashes, invisible
// characters) goes, "tel:" and "sip:" go, an international "00" prefix
// becomes "+", and addresses are lower-cased. Anything after ";" (URI
// parameters, "ext=") is dropped. It returns "" when nothing is left.
func NormalizeNumber(s string) string {
	s = strings.TrimSpace(s)
	lower := strings.ToLower(s)
	for _, scheme := range []string{"tel:", "sip:", "sips:"} {
		if strings.HasPrefix(lower, scheme) {
			s, lower = s[len(scheme):], lower[len(scheme):]
			break
		}
	}
	if i := strings.IndexByte(lower, ';'); i >= 0 {
		s, lower = s[:i], lower[:i]
	}
	if strings.ContainsRune(lower, '@') {
		return strings.Map(func(r rune) rune {
			if unicode.IsSpace(r) || unicode.Is(unicode.Cf, r) {
				return -1
			}
			return r
		}, lower)
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9', r == '*', r == '#':
			b.WriteRune(r)
		case r == '+':
			if b.Len() == 0 {
				b.WriteRune(r)
			}
		case r == ' ' || r == '-' || r == '.' || r == '(' || r == ')' || r == '/' || r == '\u00a0' ||
			unicode.IsSpace(r) || unicode.Is(unicode.Cf, r):
		default:
			// Not a phone number (letters, say): keep it whole, so it still
			// matches itself.
			return strings.Join(strings.Fields(lower), "")
		}
	}
	out := b.String()
	if out == "+" {
		return ""
	}
	if strings.HasPrefix(out, "00") && len(out) > 9 {
		out = "+" + out[2:]
	}
	return out
}

// tailDigits is the last 9 digits of a normalised number with at least 9,
// else "". A contacts file often holds national numbers ("(415) 555-0123",
// "020 7946 0958") where Webex reports international ones
// ("+14155550123", "+442079460958"); the last 9 digits match both without
// knowing the country, and two numbers of one person's contacts sharing
// their last 9 digits are not to be expected.
func tailDigits(key string) string {
	if strings.ContainsAny(key, "@*#") {
		return ""
	}
	digits := strings.TrimPrefix(key, "+")
	if len(digits) < 9 {
		return ""
	}
	return digits[len(digits)-9:]
}

// digitsOnly returns the digits of s when s is made of digits and number
// punctuation only ("415 555", "(415)"), else "". A search for such text
// matches numbers however they are written.
func digitsOnly(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == ' ' || r == '-' || r == '.' || r == '(' || r == ')' || r == '/' || r == '+':
		default:
			return ""
		}
	}
	return b.String()
}
