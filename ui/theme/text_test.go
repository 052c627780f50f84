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
		"‖ on hold ─── ↩ recall ⇢ for Jane", "東京", "e\u0301", "☎\ufe0f", "👍", "a\x1b]8;;x\x07b", "tab\there",
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
