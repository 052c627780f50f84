package config

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"
)

// journalPassword is distinctive enough to spot in any output.
const journalPassword = "LEAKCHECK-journal-pw-41d7"

// TestJournalURLIsASecret: config check shows the URL with its password
// masked, every fmt verb masks it, and messages about a refused URL never
// repeat it.
func TestJournalURLIsASecret(t *testing.T) {
	for _, url := range []string{
		"postgres://desk:" + journalPassword + "@db.example.com:5432/callboard",
		"postgres://db.example.com/callboard?user=desk&password=" + journalPassword,
	} {
		path := writeFile(t, "[journal]\nurl = \""+url+"\"\n", 0o600)
		var out bytes.Buffer
		if err := Check(&out, path); err != nil {
			t.Fatalf("check: %v", err)
		}
		assertNoSecret(t, "check output", out.String())
		if !strings.Contains(out.String(), "xxxxx") || !strings.Contains(out.String(), "db.example.com") {
			t.Errorf("config check does not show the URL with its password masked:\n%s", out.String())
		}
		cfg, _, err := Load(path)
		if err != nil {
			t.Fatal(err)
		}
		if cfg.Journal.URL.Reveal() != url {
			t.Errorf("the URL reads back as %q", cfg.Journal.URL.Reveal())
		}
		for _, f := range []string{"%v", "%+v", "%#v", "%s", "%q"} {
			assertNoSecret(t, "fmt "+f, fmt.Sprintf(f, cfg))
		}
		// Described and read again, the masked URL is a fixed point.
		var desc bytes.Buffer
		if err := cfg.Describe(&desc); err != nil {
			t.Fatal(err)
		}
		again, _, err := Parse("described.toml", desc.Bytes())
		if err != nil {
			t.Fatalf("Describe output does not load: %v", err)
		}
		if again.Journal.RedactedURL() != cfg.Journal.RedactedURL() {
			t.Errorf("redacted twice %q, once %q", again.Journal.RedactedURL(), cfg.Journal.RedactedURL())
		}
	}
	for _, doc := range []string{
		"[journal]\nurl = \"mysql://desk:" + journalPassword + "@db/x\"\n",
		"[journal]\nurl = \"postgres://desk:" + journalPassword + "@db.example.com\"\n",
		"[journal]\nurl = \"postgres://desk:" + journalPassword + " @db/x\"\n",
		"[journal]\nurl = [\"postgres://desk:" + journalPassword + "@db/x\"]\n",
	} {
		path := writeFile(t, doc, 0o600)
		_, warnings, err := Load(path)
		if err == nil {
			t.Errorf("%q was accepted", doc)
			continue
		}
		assertNoSecret(t, "error", err.Error())
		for _, w := range warnings {
			assertNoSecret(t, "warning", w.String())
		}
	}
}

// TestJournalURLWarnings: a password in a file others can read, and a
// password sent in clear text to another machine, are warned about.
func TestJournalURLWarnings(t *testing.T) {
	for _, tc := range []struct {
		name, url string
		mode      uint32
		want      string
	}{
		{"readable file", "postgres://desk:" + journalPassword + "@db.example.com/callboard", 0o644, "holds a secret (journal.url)"},
		{"private file", "postgres://desk:" + journalPassword + "@db.example.com/callboard", 0o600, ""},
		{"no password, readable", "postgres://desk@db.example.com/callboard", 0o644, ""},
		{"clear text to a remote host", "postgres://desk@db.example.com/callboard?sslmode=disable", 0o600, "sslmode=disable to a remote host"},
		{"clear text on loopback", "postgres://desk@127.0.0.1/callboard?sslmode=disable", 0o600, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := writeFile(t, "[journal]\nurl = \""+tc.url+"\"\n", os.FileMode(tc.mode))
			_, warnings, err := Load(path)
			if err != nil {
				t.Fatal(err)
			}
			var all []string
			for _, w := range warnings {
				all = append(all, w.String())
				assertNoSecret(t, "warning", w.String())
			}
			joined := strings.Join(all, "\n")
			if tc.want == "" && len(warnings) > 0 || tc.want != "" && !strings.Contains(joined, tc.want) {
				t.Errorf("warnings = %q, want %q", joined, tc.want)
			}
		})
	}
}
