// Package textsafe makes text that came over the network safe to draw on a
// terminal: a caller's name, a Webex error message, a call id. An escape
// sequence in such text would act on the operator's terminal, and a
// bidirectional override would reorder what follows it on screen.
package textsafe

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
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

// maxErrorLine bounds an error shown on a terminal. A certificate may list a
// hundred names, and a server's message can be as long as it likes; a
// thousand characters keep every useful part of a real error.
const maxErrorLine = 1000

// ErrorLine renders err for a terminal as one safe line: what Line does
// (no C0 or C1 control characters, so no escape sequence; no bidirectional
// overrides or isolates; no zero-width characters; no line breaks), with the
// length capped. Every error that reaches a terminal goes through it: its
// text may quote anything the network sent, such as a certificate's names,
// a header or a server's message. A nil error is "".
func ErrorLine(err error) string {
	if err == nil {
		return ""
	}
	return Clip(Line(err.Error()), maxErrorLine)
}

// JSON escapes, as \uXXXX, every character of encoded JSON that a terminal
// would act on or reorder: C1 controls, DEL, bidirectional controls and any
// other character that does not print. encoding/json already escapes C0
// controls but passes these through. Outside strings JSON is plain ASCII,
// so the result is the same JSON value. Invalid UTF-8 becomes U+FFFD.
func JSON(data []byte) []byte {
	clean := true
	for _, c := range data {
		if c >= 0x7f {
			clean = false
			break
		}
	}
	if clean {
		return data
	}
	out := make([]byte, 0, len(data)+16)
	for _, r := range strings.ToValidUTF8(string(data), "\uFFFD") {
		if r < 0x7f || (unicode.IsPrint(r) && !unicode.Is(unicode.Bidi_Control, r)) {
			out = utf8.AppendRune(out, r)
			continue
		}
		if r > 0xffff {
			hi, lo := utf16.EncodeRune(r)
			out = fmt.Appendf(out, `\u%04x\u%04x`, hi, lo)
			continue
		}
		out = fmt.Appendf(out, `\u%04x`, r)
	}
	return out
}
