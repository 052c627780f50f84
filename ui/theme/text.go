package theme

import (
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// Width and truncation sit on the render path of every row. Most of what the
// console draws is plain ASCII, whose width is its length; only the rest
// pays for grapheme segmentation.

// plainASCII reports whether s is printable ASCII without escape sequences.
func plainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f {
			return false
		}
	}
	return true
}

// Width is the width of s in cells, escape sequences ignored.
func Width(s string) int {
	if plainASCII(s) {
		return len(s)
	}
	if w, ok := simpleWidth(s); ok {
		return w
	}
	return ansi.StringWidth(s)
}

// oneCell reports whether r is one cell wide on its own whatever follows:
// Latin letters, general punctuation (‖ … ›), arrows, the comparisons of a
// lower bound (≤ ≥), box drawing, geometric shapes (● ◉ ○) and check marks
// (✗), none of them emoji.
func oneCell(r rune) bool {
	switch {
	case r >= 0xa0 && r < 0x300,
		r >= 0x2010 && r <= 0x205e,
		r >= 0x2190 && r <= 0x21ff,
		r == 0x2264 || r == 0x2265,
		r >= 0x2500 && r <= 0x25fc,
		r >= 0x2713 && r <= 0x2717:
		return true
	}
	return false
}

// simpleWidth measures s without grapheme segmentation when it holds only
// SGR escape sequences, ASCII, and characters that are one cell wide on
// their own: Latin letters and the punctuation, arrows, box drawing and
// shapes the console draws (● ‖ › ─ ·). Anything else — wide scripts, emoji,
// combining marks, variation selectors — returns ok false.
func simpleWidth(s string) (width int, ok bool) {
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == 0x1b:
			// CSI: ESC [ parameters, then a final byte in 0x40-0x7e.
			if i+1 >= len(s) || s[i+1] != '[' {
				return 0, false
			}
			j := i + 2
			for j < len(s) && (s[j] < 0x40 || s[j] > 0x7e) {
				j++
			}
			if j == len(s) {
				return 0, false
			}
			i = j + 1
		case c < 0x20 || c == 0x7f:
			return 0, false
		case c < 0x80:
			width++
			i++
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			if !oneCell(r) {
				return 0, false
			}
			if j := i + size; j < len(s) && s[j] == 0xef { // U+FE00-U+FE0F (variation selectors) start with 0xef 0xb8
				if n, _ := utf8.DecodeRuneInString(s[j:]); n >= 0xfe00 && n <= 0xfe0f {
					return 0, false
				}
			}
			width++
			i += size
		}
	}
	return width, true
}

// Truncate cuts s to width cells, ending with tail when it had to cut.
func Truncate(s string, width int, tail string) string {
	if width <= 0 {
		return ""
	}
	if plainASCII(s) {
		if len(s) <= width {
			return s
		}
		if plainASCII(tail) && len(tail) <= width {
			return s[:width-len(tail)] + tail
		}
	} else if w, ok := simpleWidth(s); ok && w <= width {
		return s // styled, and it fits: the common case, measured without segmenting it
	}
	// ansi.Truncate can measure a cluster narrower than ansi.StringWidth
	// does (a letter followed by U+FE0F is one cell to the first, two to
	// the second): cut further until the result fits as StringWidth,
	// which every frame is held to, measures it.
	out := ansi.Truncate(s, width, tail)
	for w := width - 1; w >= 0 && ansi.StringWidth(out) > width; w-- {
		out = ansi.Truncate(s, w, tail)
	}
	return out
}

// PadRight pads s with spaces to width cells.
func PadRight(s string, width int) string {
	if w := Width(s); w < width {
		return s + strings.Repeat(" ", width-w)
	}
	return s
}

// Cell truncates s to width-1 cells and pads it to width: one space
// separates columns.
func Cell(s string, width int) string {
	if width <= 0 {
		return ""
	}
	return PadRight(Truncate(s, width-1, "…"), width)
}

// FitTo pads or cuts lines to exactly n.
func FitTo(lines []string, n int) []string {
	n = max(n, 0)
	if len(lines) > n {
		return lines[:n]
	}
	for len(lines) < n {
		lines = append(lines, "")
	}
	return lines
}

// Frame makes exactly height lines, each cut to width, joined.
func Frame(lines []string, width, height int) string {
	lines = FitTo(lines, height)
	for i, line := range lines {
		if Width(line) > width {
			lines[i] = Truncate(line, width, "")
		}
	}
	return strings.Join(lines, "\n")
}

// Wrap breaks text into lines of at most width cells at spaces; a word
// longer than a line is broken where it must be.
func Wrap(text string, width int) []string {
	if width <= 0 {
		return nil
	}
	return strings.Split(ansi.Wrap(text, width, " "), "\n")
}

// Scroll is a window of rows over a longer list: the one way every
// component scrolls. Offset is the first row shown.
type Scroll struct{ Offset int }

// Follow keeps row cursor (-1 for none) inside a window of height rows
// over n, and the window inside the list.
func (s *Scroll) Follow(cursor, height, n int) {
	if cursor >= 0 && height > 0 {
		if cursor < s.Offset {
			s.Offset = cursor
		}
		if cursor >= s.Offset+height {
			s.Offset = cursor - height + 1
		}
	}
	s.Offset = max(0, min(s.Offset, n-height))
}
