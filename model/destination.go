package model

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// DestinationKind says which form a destination was written in.
type DestinationKind uint8

// The destination kinds. The zero value is not a kind.
const (
	DestExtension   DestinationKind = iota + 1 // short digits: "1234"
	DestNumber                                 // national digits: "2223334444"
	DestE164                                   // an international number: "+12223334444"
	DestFeatureCode                            // a feature access code: "*73", "#21"
	DestTelURI                                 // "tel:+12223334444"
	DestSIPURI                                 // "sip:user@company.domain", "sips:..."
	DestAddress                                // "user@company.domain"
)

// String names the kind for people: "extension", "number", "international
// number", "feature code", "tel URI", "SIP URI", "address".
func (k DestinationKind) String() string {
	switch k {
	case DestExtension:
		return "extension"
	case DestNumber:
		return "number"
	case DestE164:
		return "international number"
	case DestFeatureCode:
		return "feature code"
	case DestTelURI:
		return "tel URI"
	case DestSIPURI:
		return "SIP URI"
	case DestAddress:
		return "address"
	}
	return "unknown"
}

// Destination is where to dial, transfer, divert, park or retrieve, checked
// and normalised.
type Destination struct {
	Value string // what to send to the API
	Kind  DestinationKind
}

// String returns Value.
func (d Destination) String() string { return d.Value }

// Limits on destinations. They are generous: the point is to catch typing
// mistakes, not to second-guess real numbers or addresses.
const (
	maxDestinationLen = 512 // bytes, whole input
	maxE164Digits     = 15  // ITU-T E.164
	minE164Digits     = 7   // the shortest real numbers: a 3-digit country code and 4 digits
	maxNumberDigits   = 20  // an international prefix and a full E.164 number, or a site code and extension
	maxExtensionLen   = 6   // longer digit strings are taken for national numbers
	maxFeatureCodeLen = 32
)

// ParseDestination checks a destination as the operator typed it and returns
// what to send. It accepts every form the API takes: extensions and short
// digits ("1234"), national digits ("2223334444"), international numbers
// ("+12223334444"), feature access codes ("*73", "#21"), "tel:" URIs,
// addresses ("user@company.domain") and "sip:" or "sips:" URIs.
//
// Surrounding space is trimmed from everything, and invisible formatting
// characters that copy and paste bring along (zero-width spaces, direction
// marks) are dropped. Numbers are normalised the way people write them:
// spaces, dashes, dots and parentheses go, so "+1 (222) 333-4444" becomes
// "+12223334444". Whether a string of digits is an extension or a national
// number cannot be told from here; up to 6 digits count as an extension.
//
// The error, an *InputError, says what is wrong in the operator's words.
func ParseDestination(s string) (Destination, error) {
	in := strings.TrimSpace(dropFormatChars(s))
	if in == "" {
		return Destination{}, &InputError{Reason: "enter a number, extension or address"}
	}
	if reason := checkText(in); reason != "" {
		return Destination{}, &InputError{Input: in, Reason: reason}
	}
	var (
		d      Destination
		reason string
	)
	scheme, rest, hasScheme := splitScheme(in)
	switch {
	case hasScheme && scheme == "tel":
		d, reason = parseTel(rest)
	case hasScheme && (scheme == "sip" || scheme == "sips"):
		d, reason = parseSIP(scheme, rest)
	case hasScheme:
		reason = strconv.Quote(in[:len(scheme)+1]) + " is not supported — use a number, an address, or a sip:, sips: or tel: URI"
	case strings.ContainsRune(in, '@'):
		d, reason = parseAddress(in)
	default:
		d, reason = parseNumber(in)
	}
	if reason != "" {
		return Destination{}, &InputError{Input: in, Reason: reason}
	}
	return d, nil
}

// dropFormatChars removes invisible formatting characters (Unicode category
// Cf), which arrive with numbers copied from web pages and documents.
func dropFormatChars(s string) string {
	if !strings.ContainsFunc(s, isFormat) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if isFormat(r) {
			return -1
		}
		return r
	}, s)
}

// isFormat reports whether r is an invisible formatting character.
func isFormat(r rune) bool { return r >= 0x80 && unicode.Is(unicode.Cf, r) }

// checkText rejects input no destination can contain: broken encoding,
// control characters, absurd length.
func checkText(in string) string {
	if !utf8.ValidString(in) {
		return "contains bytes that are not text"
	}
	if i := strings.IndexFunc(in, unicode.IsControl); i >= 0 {
		r, _ := utf8.DecodeRuneInString(in[i:])
		return "contains the control character " + quoteRune(r)
	}
	if len(in) > maxDestinationLen {
		return "too long (at most " + strconv.Itoa(maxDestinationLen) + " characters)"
	}
	return ""
}

// splitScheme splits "scheme:rest" when in starts with a URI scheme (a
// letter, then letters, digits, "+", "-" or "."), returning the scheme in
// lower case.
func splitScheme(in string) (scheme, rest string, ok bool) {
	i := strings.IndexByte(in, ':')
	if i < 1 || !isLetter(in[0]) {
		return "", "", false
	}
	for j := 1; j < i; j++ {
		c := in[j]
		if !isLetter(c) && !isDigit(c) && c != '+' && c != '-' && c != '.' {
			return "", "", false
		}
	}
	return strings.ToLower(in[:i]), in[i+1:], true
}

// isLetter reports whether c is an ASCII letter.
func isLetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// isDigit reports whether c is an ASCII digit.
func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// DivertPlace says where a divert sends a call: the destination, the
// operator's voicemail, or the voicemail of the destination.
func DivertPlace(dest string, voicemail bool) string {
	switch {
	case voicemail && dest == "":
		return "your voicemail"
	case voicemail:
		return "the voicemail of " + dest
	}
	return dest
}
