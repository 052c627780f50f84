package model

import (
	"strconv"
	"strings"
	"unicode"
)

// ParseDTMF checks DTMF digits typed by the operator and returns them as the
// API takes them: each character one of 0-9 * # A B C D, with "," for a
// pause ("1,234" sends 1, a pause, then 2 3 4). Lower-case a-d are upper-cased
// and spaces are removed. The error, an *InputError, names the first
// offending character and its position (counted from 1 in the trimmed
// input).
func ParseDTMF(s string) (string, error) {
	in := strings.TrimSpace(s)
	var b strings.Builder
	b.Grow(len(in))
	pos := 0
	for _, r := range in {
		pos++
		switch {
		case unicode.IsSpace(r):
		case r >= '0' && r <= '9', r == '*', r == '#', r == ',', r >= 'A' && r <= 'D':
			b.WriteRune(r)
		case r >= 'a' && r <= 'd':
			b.WriteRune(r - 'a' + 'A')
		default:
			return "", &InputError{Input: in, Reason: "unexpected " + quoteRune(r) + " at position " +
				strconv.Itoa(pos) + ` — DTMF may only contain 0-9, *, #, A-D and "," (a pause)`}
		}
	}
	if b.Len() == 0 {
		return "", &InputError{Reason: "enter the digits to send"}
	}
	return b.String(), nil
}
