package textsafe

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestLine(t *testing.T) {
	for in, want := range map[string]string{
		"Jane Roe":                        "Jane Roe",
		"":                                "",
		"  Jane   Roe ":                   "Jane Roe",
		"Jane\x1b[31mRoe":                 "Jane[31mRoe",
		"Evil\u202eeoR":                   "EvileoR",
		"Tab\tand\nnewline\r\n":           "Tab and newline",
		"Zoë Ångström":                    "Zoë Ångström",
		"e\u0301":                         "e\u0301",
		"bad\xffbyte":                     "bad\ufffdbyte",
		"\u200bzero\ufeffwidth\u0007bell": "zerowidthbell",
		"\u0085next line":                 "next line",
		"東京 03-1234":                      "東京 03-1234",
	} {
		if got := Line(in); got != want {
			t.Errorf("Line(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestClip(t *testing.T) {
	for _, tc := range []struct {
		in   string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"exactly10!", 10, "exactly10!"},
		{"eleven char", 10, "eleven ch…"},
		{"ÅÅÅÅÅÅ", 4, "ÅÅÅ…"},
		{"x", 0, ""},
	} {
		if got := Clip(tc.in, tc.n); got != tc.want {
			t.Errorf("Clip(%q, %d) = %q, want %q", tc.in, tc.n, got, tc.want)
		}
	}
}

// hostile holds what a hostile server puts in text callboard shows: OSC 52
// (write the clipboard), OSC 0 (set the title), SGR, an 8-bit CSI, a
// bidirectional override and isolate, a line break and a zero-width space.
const hostile = "x509: certificate is valid for \x1b]52;c;Y3VybCBldmlsIHwgc2g=\x07, \x1b]0;pwned\x1b\\, " +
	"\x1b[31;1mred\x1b[0m, \u009b31m, \u202eevil\u202c, \u2066iso\u2069, line\nbreak\u200b, not localhost"

// terminalActive reports the first character of s that a terminal would act
// on or that would reorder the text, or -1.
func terminalActive(s string) rune {
	for _, r := range s {
		switch {
		case r < 0x20, r >= 0x7f && r <= 0x9f, r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069,
			r == 0x200e, r == 0x200f, r == 0x061c, r == 0x200b, r == 0xfeff:
			return r
		}
	}
	return -1
}

func TestErrorLine(t *testing.T) {
	got := ErrorLine(errors.New(hostile))
	if r := terminalActive(got); r >= 0 {
		t.Errorf("ErrorLine kept %U: %q", r, got)
	}
	for _, part := range []string{"x509: certificate is valid for", "red", "evil", "not localhost"} {
		if !strings.Contains(got, part) {
			t.Errorf("ErrorLine lost %q: %q", part, got)
		}
	}
	if ErrorLine(nil) != "" {
		t.Errorf("ErrorLine(nil) = %q", ErrorLine(nil))
	}
	long := ErrorLine(errors.New(strings.Repeat("é", 5000)))
	if n := utf8.RuneCountInString(long); n != maxErrorLine || !strings.HasSuffix(long, "…") {
		t.Errorf("a 5000-character error became %d characters", n)
	}
}

func TestJSON(t *testing.T) {
	in := map[string]string{"type": "park\u009b31m\u202eevil", "name": "Zoë 東京 \U0001F600", "tag": "x\U000E0041y", "del": "a\x7fb"}
	raw, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	out := JSON(raw)
	if r := terminalActive(string(out)); r >= 0 {
		t.Errorf("JSON kept %U: %s", r, out)
	}
	if bytes.ContainsRune(out, 0xE0041) {
		t.Errorf("JSON kept a tag character: %s", out)
	}
	var back map[string]string
	if err := json.Unmarshal(out, &back); err != nil {
		t.Fatalf("JSON made invalid JSON: %v\n%s", err, out)
	}
	if !reflect.DeepEqual(back, in) {
		t.Errorf("JSON changed the value: got %q, want %q", back, in)
	}
	if !strings.Contains(string(out), `\u009b`) || !strings.Contains(string(out), `\u202e`) {
		t.Errorf("JSON did not escape as \\uXXXX: %s", out)
	}
	if !strings.Contains(string(out), "Zoë 東京 \U0001F600") {
		t.Errorf("JSON escaped printable text: %s", out)
	}
	plain := []byte(`{"a":"b"}`)
	if got := JSON(plain); !bytes.Equal(got, plain) {
		t.Errorf("JSON changed ASCII JSON: %s", got)
	}
}
