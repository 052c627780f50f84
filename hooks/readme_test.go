package hooks

import (
	"flag"
	"os"
	"strings"
	"testing"
)

var updateReadme = flag.Bool("update-readme", false, "rewrite the README's table of event fields")

// The README's table of the events' fields, between these marks.
const (
	fieldsBegin = "<!-- fields: generated from hooks.Fields by `go test ./hooks -run TestReadmeFields -update-readme` -->"
	fieldsEnd   = "<!-- end of fields -->"
)

// fieldsTable renders every field as the README documents it.
func fieldsTable() string {
	var b strings.Builder
	b.WriteString("| variable | JSON, filter, placeholder | what it holds |\n|---|---|---|\n")
	for _, f := range Fields() {
		b.WriteString("| `" + f.Env() + "` | `" + f.Name + "` | " + strings.ReplaceAll(f.Doc, "|", "\\|") + " |\n")
	}
	b.WriteString("| `CALLBOARD_SKIPPED` | | how many runs of this hook were skipped since its last run (a burst coalesced) |\n")
	return b.String()
}

// The README documents every field hooks and the stream give: it cannot
// drift from what they are.
func TestReadmeFields(t *testing.T) {
	const path = "../README.md"
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)
	i, j := strings.Index(readme, fieldsBegin), strings.Index(readme, fieldsEnd)
	if i < 0 || j < i {
		t.Fatalf("README.md has no generated table of fields between %q and %q", fieldsBegin, fieldsEnd)
	}
	want := fieldsBegin + "\n" + fieldsTable() + fieldsEnd
	if readme[i:j+len(fieldsEnd)] == want {
		return
	}
	if *updateReadme {
		if err := os.WriteFile(path, []byte(readme[:i]+want+readme[j+len(fieldsEnd):]), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("README.md's table of fields differs from hooks.Fields; run go test ./hooks -run TestReadmeFields -update-readme\n%s", want)
}
