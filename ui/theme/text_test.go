package theme

import (
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// simpleWidth agrees with ansi.StringWidth wherever it answers, and steps
// aside for what needs grapheme segmentation.
func TestSimpleWidth(t *testing.T) {
	for _, s := range []string{
		"", "plain", "› ● connected  Bob Smith · 1002", "\x1b[1;38;2;210;153;34m◉ ringing\x1b[m  Zoë Ångström",
		"‖ on hold ─── ↩ recall ⇢ for Jane", "held ≥ 0:02 · ≤ 5", "東京", "e\u0301", "☎\ufe0f", "👍", "a\x1b]8;;x\x07b", "tab\there",
	} {
		w, ok := simpleWidth(s)
		if ok && w != ansi.StringWidth(s) {
			t.Errorf("simpleWidth(%q) = %d, ansi.StringWidth = %d", s, w, ansi.StringWidth(s))
		}
		if got := Width(s); s != "tab\there" && got != ansi.StringWidth(s) {
			t.Errorf("Width(%q) = %d, ansi.StringWidth = %d", s, got, ansi.StringWidth(s))
		}
	}
	for _, s := range []string{"東京", "e\u0301", "☎\ufe0f", "👍", "⌚", "◾", "☔"} {
		if _, ok := simpleWidth(s); ok {
			t.Errorf("simpleWidth(%q) answered; it must defer to grapheme segmentation", s)
		}
	}
}

// Truncate cuts as ansi.Truncate does, and leaves alone what fits.
func TestTruncateAgreesWithAnsi(t *testing.T) {
	for _, s := range []string{
		"plain", "\x1b[1;38;5;23m› ● connected\x1b[m  Bob Smith · 1002", "‖ on hold ≥ 0:02", "東京 Tower",
		"\x1b[2m ids\x1b[m shows the ids", "👍 fine",
	} {
		for width := 0; width <= ansi.StringWidth(s)+1; width++ {
			got := Truncate(s, width, "…")
			if ansi.StringWidth(got) > width {
				t.Errorf("Truncate(%q, %d) = %q: %d cells", s, width, got, ansi.StringWidth(got))
			}
			if width >= ansi.StringWidth(s) && got != s {
				t.Errorf("Truncate(%q, %d) = %q; it fits and must stay as it is", s, width, got)
			}
			if want := ansi.Truncate(s, width, "…"); ansi.StringWidth(want) <= width && got != want {
				t.Errorf("Truncate(%q, %d) = %q, ansi.Truncate %q", s, width, got, want)
			}
		}
	}
}
