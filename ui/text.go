package ui

import (
	"strings"

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

// textWidth is the width of s in cells, escape sequences ignored.
func textWidth(s string) int {
	if plainASCII(s) {
		return len(s)
	}
	return ansi.StringWidth(s)
}

// truncate cuts s to width cells, ending with tail when it had to cut.
func truncate(s string, width int, tail string) string {
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

// padRight pads s with spaces to width cells.
func padRight(s string, width int) string {
	if w := textWidth(s); w < width {
		return s + strings.Repeat(" ", width-w)
	}
	return s
}

// cell truncates s to width-1 cells and pads it to width: one space
// separates columns.
func cell(s string, width int) string {
	if width <= 0 {
		return ""
	}
	return padRight(truncate(s, width-1, "…"), width)
}
