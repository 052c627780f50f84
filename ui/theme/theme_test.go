package theme

import (
	"testing"

	"charm.land/lipgloss/v2"
)

// A paint draws exactly what its style renders, for the texts the header
// and the detail pane show, on either background.
func TestInlinePaintsDrawAsTheirStyles(t *testing.T) {
	texts := []string{"callboard", "DEMO", "● online", "✗ 2 missed", " state     ", "Ada Lovelace · +14155550111 (external)",
		"张伟 · 😀 ext 105", "─ Ada Lovelace ────", " · "}
	for _, dark := range []bool{true, false} {
		st := New(dark)
		p := st.Inline
		pairs := []struct {
			name  string
			style lipgloss.Style
			paint Paint
		}{
			{"Title", st.Title, p.Title}, {"Who", st.Who, p.Who}, {"Demo", st.Demo, p.Demo},
			{"Online", st.Online, p.Online}, {"Offline", st.Offline, p.Offline}, {"Age", st.Age, p.Age},
			{"Warn", st.Warn, p.Warn}, {"Section", st.Section, p.Section}, {"Label", st.Label, p.Label},
			{"Value", st.Value, p.Value}, {"Dim", st.Dim, p.Dim}, {"ListHeader", st.ListHeader, p.ListHeader},
		}
		for _, pr := range pairs {
			for _, text := range texts {
				if got, want := pr.paint.Apply(text), pr.style.Render(text); got != want {
					t.Errorf("dark=%v %s: paint draws %q, the style %q", dark, pr.name, got, want)
				}
			}
		}
	}
}
