package model

import (
	"errors"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// FuzzParseDestination checks that ParseDestination never panics, that it
// fails only with an *InputError, and that what it accepts is clean text
// that parses again to itself.
func FuzzParseDestination(f *testing.F) {
	for _, s := range []string{
		"1234", "2223334444", "+12223334444", "*73", "#21", "tel:+12223334444", "user@company.domain",
		"sip:user@company.domain", "sips:user@company.domain", "+1 (222) 333-4444", "SIP:a@b:5061;transport=tls",
		"sip:a@[::1]", "12a4", "+", "user@", "@domain", "a b@c", "sip:", "tel:", "\x00", "\u200e+1 222", "jürgen@müller.de",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDestination(s)
		if err != nil {
			var ie *InputError
			if !errors.As(err, &ie) || ie.Reason == "" {
				t.Fatalf("ParseDestination(%q) error %v is not a complete *InputError", s, err)
			}
			if d != (Destination{}) {
				t.Fatalf("ParseDestination(%q) returned %+v with its error", s, d)
			}
			return
		}
		checkClean(t, "ParseDestination", s, d.Value)
		if d.Kind < DestExtension || d.Kind > DestAddress {
			t.Fatalf("ParseDestination(%q) kind %d", s, d.Kind)
		}
		again, err := ParseDestination(d.Value)
		if err != nil || again != d {
			t.Fatalf("ParseDestination(%q) = %+v, but re-parsing gives %+v, %v", s, d, again, err)
		}
	})
}

// FuzzParseDTMF checks that ParseDTMF never panics, that what it accepts is
// made only of DTMF characters, and that it parses again to itself.
func FuzzParseDTMF(f *testing.F) {
	for _, s := range []string{"1", "1,234", "*#", "abcd", " 12 34 ", "12x", "", "\x00", "１"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseDTMF(s)
		if err != nil {
			var ie *InputError
			if !errors.As(err, &ie) || ie.Reason == "" {
				t.Fatalf("ParseDTMF(%q) error %v is not a complete *InputError", s, err)
			}
			return
		}
		checkClean(t, "ParseDTMF", s, v)
		if i := strings.IndexFunc(v, func(r rune) bool { return !strings.ContainsRune("0123456789*#ABCD,", r) }); i >= 0 {
			t.Fatalf("ParseDTMF(%q) = %q holds a character that is not DTMF", s, v)
		}
		again, err := ParseDTMF(v)
		if err != nil || again != v {
			t.Fatalf("ParseDTMF(%q) = %q, but re-parsing gives %q, %v", s, v, again, err)
		}
	})
}

// checkClean fails unless an accepted value is non-empty valid text without
// whitespace or control characters.
func checkClean(t *testing.T, fn, in, v string) {
	t.Helper()
	if v == "" || !utf8.ValidString(v) {
		t.Fatalf("%s(%q) accepted %q: empty or not valid text", fn, in, v)
	}
	if i := strings.IndexFunc(v, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }); i >= 0 {
		t.Fatalf("%s(%q) accepted %q, which holds whitespace or a control character at byte %d", fn, in, v, i)
	}
}
