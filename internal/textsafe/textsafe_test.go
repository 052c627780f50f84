package textsafe

import "testing"

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
