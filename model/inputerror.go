package model

import (
	"strconv"
	"unicode/utf8"
)

// InputError says why operator input (a destination, DTMF digits) was
// refused, in words the operator can act on. Check for it with errors.As.
type InputError struct {
	Input  string // the input as read (surrounding space trimmed); "" when there was none
	Reason string // what is wrong and, where it helps, what to type instead
}

// Error returns the input, quoted, and the reason: `"12a4": unexpected "a" —
// a number may only contain digits`; just the reason when the input was
// empty.
func (e *InputError) Error() string {
	if e.Input == "" {
		return e.Reason
	}
	return quoteInput(e.Input) + ": " + e.Reason
}

// maxQuoted is how much of the input an error message repeats.
const maxQuoted = 40

// quoteInput quotes input for an error message, shortened when long, with
// control characters escaped so they cannot disturb the terminal.
func quoteInput(s string) string {
	if utf8.RuneCountInString(s) > maxQuoted {
		runes := []rune(s)
		s = string(runes[:maxQuoted-1]) + "…"
	}
	return strconv.Quote(s)
}

// quoteRune quotes one character for an error message: `"a"`, `"\x00"`.
func quoteRune(r rune) string { return strconv.Quote(string(r)) }
