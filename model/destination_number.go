package model

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// parseNumber parses digits, an international number or a feature code,
// returning the reason when it is not one.
func parseNumber(in string) (Destination, string) {
	n := stripSeparators(in)
	if n == "" {
		return Destination{}, "there are no digits"
	}
	switch n[0] {
	case '+':
		return parseE164(n)
	case '*', '#':
		return parseFeatureCode(n)
	}
	if r, _ := utf8.DecodeRuneInString(n); unicode.IsLetter(r) {
		return Destination{}, "not a number — an address needs @, like jane@example.com"
	}
	return parseDigits(n)
}

// stripSeparators removes what people put inside phone numbers for
// readability: spaces (any Unicode space), dashes, dots and parentheses.
func stripSeparators(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '-' || r == '.' || r == '(' || r == ')' {
			return -1
		}
		return r
	}, s)
}

// parseDigits parses an extension or a national number (digits only).
func parseDigits(n string) (Destination, string) {
	if r := firstNonDigit(n); r >= 0 {
		return Destination{}, unexpectedInNumber(r)
	}
	if len(n) > maxNumberDigits {
		return Destination{}, "too long for a number (at most " + strconv.Itoa(maxNumberDigits) + " digits)"
	}
	if len(n) <= maxExtensionLen {
		return Destination{Value: n, Kind: DestExtension}, ""
	}
	return Destination{Value: n, Kind: DestNumber}, ""
}

// parseE164 parses "+" and digits: an international number.
func parseE164(n string) (Destination, string) {
	digits := n[1:]
	switch {
	case digits == "":
		return Destination{}, "enter the digits after +"
	case firstNonDigit(digits) >= 0:
		return Destination{}, unexpectedInNumber(firstNonDigit(digits))
	case len(digits) > maxE164Digits:
		return Destination{}, "an international number has at most " + strconv.Itoa(maxE164Digits) +
			" digits after + (this one has " + strconv.Itoa(len(digits)) + ")"
	case digits[0] == '0':
		return Destination{}, "an international number cannot start with +0 — the country code comes first"
	case len(digits) < minE164Digits:
		return Destination{}, "too short for an international number (at least " + strconv.Itoa(minE164Digits) +
			" digits after +)"
	}
	return Destination{Value: n, Kind: DestE164}, ""
}

// parseFeatureCode parses a feature access code: "*" or "#", then digits,
// "*" and "#" ("*73", "#21", "*72 2223334444").
func parseFeatureCode(n string) (Destination, string) {
	hasDigit := false
	for _, r := range n[1:] {
		switch {
		case r >= '0' && r <= '9':
			hasDigit = true
		case r == '*' || r == '#':
		default:
			return Destination{}, "unexpected " + quoteRune(r) + " — a feature code may only contain digits, * and #"
		}
	}
	if !hasDigit {
		example := "*73"
		if n[0] == '#' {
			example = "#21"
		}
		return Destination{}, "enter the code after " + n[:1] + ", like " + example
	}
	if len(n) > maxFeatureCodeLen {
		return Destination{}, "too long for a feature code (at most " + strconv.Itoa(maxFeatureCodeLen) + " characters)"
	}
	return Destination{Value: n, Kind: DestFeatureCode}, ""
}

// parseTel parses what follows "tel:": an international number or digits.
func parseTel(rest string) (Destination, string) {
	const example = "tel: must be followed by a number, like tel:+12223334444"
	n := stripSeparators(rest)
	if n == "" {
		return Destination{}, example
	}
	var (
		d      Destination
		reason string
	)
	switch {
	case n[0] == '+':
		d, reason = parseE164(n)
	case isDigit(n[0]):
		d, reason = parseDigits(n)
	default:
		return Destination{}, example
	}
	if reason != "" {
		return Destination{}, reason
	}
	return Destination{Value: "tel:" + d.Value, Kind: DestTelURI}, ""
}

// firstNonDigit returns the first character of s that is not an ASCII
// digit, or -1.
func firstNonDigit(s string) rune {
	for _, r := range s {
		if r < '0' || r > '9' {
			return r
		}
	}
	return -1
}

// unexpectedInNumber explains a character that has no place in a number.
func unexpectedInNumber(r rune) string {
	switch r {
	case '+':
		return `"+" may only start a number`
	case '*', '#':
		return quoteRune(r) + " may only start a feature code"
	}
	return "unexpected " + quoteRune(r) + " — a number may only contain digits"
}
