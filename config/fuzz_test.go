package config_test

import (
	"bytes"
	"errors"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/pelletier/go-toml/v2"

	"github.com/callboard/callboard/config"
	"github.com/callboard/callboard/keymap"
)

// fuzzName is the file name the fuzzed documents are parsed under.
const fuzzName = "fuzz.toml"

// FuzzParse feeds arbitrary documents to Parse. Its seed corpus, in
// testdata/fuzz/FuzzParse, holds the example file with its speed-dial
// entries in use and the refused documents of the package's tests.
//
// A refused document yields a *config.Error, the defaults, and problems
// that each name a place inside the document and say something. An
// accepted one is written out by Describe, and that text parses back to
// the same configuration, with three differences by design: a secret
// comes back as the mask "********" (Describe never shows one, so a set
// secret is set to the mask and an unset one stays unset), [keys] comes
// back spelt out for every action (compared by the key map it gives), and
// an empty list of speed-dial entries comes back as none at all. Describe
// of the reparsed configuration is then the same text: the output is a
// fixed point. Neither problems nor warnings ever repeat a secret.
func FuzzParse(f *testing.F) {
	// The example as it is now; the corpus holds it as it was.
	example, err := os.ReadFile("../config.example.toml")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(example)
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, warnings, err := config.Parse(fuzzName, data)
		secrets := secretsOf(data)
		checkNoSecret(t, secrets, err, warnings)
		for _, w := range warnings {
			if w.Position != (config.Position{}) {
				checkPosition(t, "warning", w.Position, w.Message, data)
			}
		}
		if err != nil {
			checkRefused(t, cfg, err, data)
			return
		}
		if cfg.File != fuzzName {
			t.Errorf("File = %q, want %q", cfg.File, fuzzName)
		}
		checkDescribeRoundTrip(t, cfg)
	})
}

// checkRefused checks the result of a refused document.
func checkRefused(t *testing.T, cfg config.Config, err error, data []byte) {
	t.Helper()
	var ce *config.Error
	if !errors.As(err, &ce) {
		t.Fatalf("error %v (%T) is not a *config.Error", err, err)
	}
	if len(ce.Problems) == 0 {
		t.Fatal("a refused document has no problems")
	}
	if !reflect.DeepEqual(cfg, config.Default()) {
		t.Errorf("a refused document gave %+v, want the defaults", cfg)
	}
	for _, p := range ce.Problems {
		checkPosition(t, "problem", p.Position, p.Message, data)
	}
}

// checkPosition checks that a problem or warning names this file, a line
// of the document (or the one after its last newline, where the end of a
// file is) and a column from the first byte of that line to just past its
// last, and that it has a message.
func checkPosition(t *testing.T, what string, p config.Position, msg string, data []byte) {
	t.Helper()
	lines := bytes.Split(data, []byte("\n"))
	switch {
	case p.File != fuzzName:
		t.Errorf("%s %q is in file %q, want %q", what, msg, p.File, fuzzName)
	case p.Line < 1 || p.Line > len(lines):
		t.Errorf("%s %q at line %d, but the document has lines 1 to %d", what, msg, p.Line, len(lines))
	case p.Col < 1 || p.Col > len(lines[p.Line-1])+1:
		t.Errorf("%s %q at %d:%d, but line %d has %d bytes", what, msg, p.Line, p.Col, p.Line, len(lines[p.Line-1]))
	}
	if strings.TrimSpace(msg) == "" {
		t.Errorf("%s at %s has no message", what, p)
	}
}

// checkDescribeRoundTrip checks that Describe writes cfg as TOML that
// parses back to the same configuration, as FuzzParse explains.
func checkDescribeRoundTrip(t *testing.T, cfg config.Config) {
	t.Helper()
	var out bytes.Buffer
	if err := cfg.Describe(&out); err != nil {
		t.Fatalf("Describe of an accepted configuration: %v", err)
	}
	again, _, err := config.Parse("described.toml", out.Bytes())
	if err != nil {
		t.Fatalf("Describe's output is refused:\n%v\n--- output:\n%s", err, out.String())
	}

	want := cfg
	want.File = "described.toml"
	want.Webex.Token = maskedAs(cfg.Webex.Token)
	want.OAuth.ClientSecret = maskedAs(cfg.OAuth.ClientSecret)
	want.Journal.URL = config.Secret(cfg.Journal.RedactedURL()) // its password shows as xxxxx
	wantKeys, err := cfg.KeyMap()
	if err != nil {
		t.Fatalf("KeyMap of an accepted configuration: %v", err)
	}
	gotKeys, err := again.KeyMap()
	if err != nil {
		t.Fatalf("KeyMap of the reparsed configuration: %v", err)
	}
	for _, a := range keymap.Actions() {
		w, _ := wantKeys.Binding(a)
		g, _ := gotKeys.Binding(a)
		if !slices.Equal(w.Keys(), g.Keys()) {
			t.Errorf("[keys] %s = %q after the round trip, want %q", a, g.Keys(), w.Keys())
		}
	}
	got := again
	want.Keys, got.Keys = nil, nil
	if len(want.SpeedDial) == 0 {
		want.SpeedDial = nil // "speed_dial = []" reads back as no entries
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Describe's output parses to\n%+v\nwant\n%+v\n--- output:\n%s", got, want, out.String())
	}

	var second bytes.Buffer
	if err := again.Describe(&second); err != nil {
		t.Fatalf("Describe of the reparsed configuration: %v", err)
	}
	if second.String() != out.String() {
		t.Errorf("Describe is not a fixed point:\n--- first:\n%s\n--- second:\n%s", out.String(), second.String())
	}
}

// maskedAs is what a secret reads as after Describe: the mask when set.
func maskedAs(s config.Secret) config.Secret {
	if s.IsSet() {
		return config.Secret(s.String())
	}
	return ""
}

// secretsOf returns the secrets a document sets that are distinctive
// enough to look for in messages: a letter and a digit, no white space,
// at least 8 bytes, and written once in the document, so that no message
// can contain them by quoting something else or by chance.
func secretsOf(data []byte) []string {
	var raw map[string]any
	if toml.Unmarshal(data, &raw) != nil {
		return nil
	}
	var out []string
	for _, p := range [][2]string{{"webex", "token"}, {"oauth", "client_secret"}} {
		table, _ := raw[p[0]].(map[string]any)
		s, _ := table[p[1]].(string)
		if len(s) >= 8 && strings.ContainsFunc(s, unicode.IsLetter) && strings.ContainsFunc(s, unicode.IsDigit) &&
			!strings.ContainsFunc(s, unicode.IsSpace) && bytes.Count(data, []byte(s)) == 1 {
			out = append(out, s)
		}
	}
	return out
}

// checkNoSecret fails if a problem or warning repeats a secret.
func checkNoSecret(t *testing.T, secrets []string, err error, warnings []config.Warning) {
	t.Helper()
	texts := make([]string, 0, len(warnings)+1)
	if err != nil {
		texts = append(texts, err.Error())
	}
	for _, w := range warnings {
		texts = append(texts, w.String())
	}
	for _, s := range secrets {
		for _, text := range texts {
			if strings.Contains(text, s) {
				t.Errorf("a message reveals a secret: %s", text)
			}
		}
	}
}
