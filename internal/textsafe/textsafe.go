// Package textsafe makes text that came over the network safe to draw on a
// terminal: a caller's name, a Webex error message, a call id. An escape
// sequence in such text would act on the operator's terminal, and a
// bidirectional override would reorder what follows it on screen.
package textsafe

import (
	"strings"
	"unicode"
)

// Line returns s as one line of plain text: invalid UTF-8 replaced, control
// characters, bidirectional controls and zero-width characters dropped, runs
// of white space (tabs and newlines included) turned into one space, and the
// ends trimmed.
func Line(s string) string {
	if plain(s) {
		return s
	}
	s = strings.ToValidUTF8(s, "\uFFFD")
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			space = b.Len() > 0
			continue
		case unicode.IsControl(r), unicode.Is(unicode.Bidi_Control, r), r == '\u200b', r == '\ufeff', !unicode.IsPrint(r) && !unicode.Is(unicode.Mn, r):
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Clip shortens s to at most n runes, ending with "…" when it had to cut.
func Clip(s string, n int) string {
	if n <= 0 {
		return ""
	}
	if len(s) <= n {
		return s
	}
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// plain reports whether s is printable ASCII with single inner spaces, which
// needs no work.
func plain(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c >= 0x7f || (c == ' ' && (i == 0 || i == len(s)-1 || s[i-1] == ' ')) {
			return false
		}
	}
	return true
}
