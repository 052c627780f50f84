package model

import (
	"errors"
	"testing"
)

func TestParseDTMF(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"1", "1"},
		{"0123456789", "0123456789"},
		{"*#", "*#"},
		{"ABCD", "ABCD"},
		{"abcd", "ABCD"},
		{"1,234", "1,234"},
		{",,9", ",,9"},
		{" 12 34# ", "1234#"},
		{"1\t2\n3", "123"},
		{"1 2\u00a03", "123"},
	}
	for _, tt := range tests {
		got, err := ParseDTMF(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseDTMF(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

func TestParseDTMFRejects(t *testing.T) {
	const allowed = ` — DTMF may only contain 0-9, *, #, A-D and "," (a pause)`
	tests := []struct {
		in   string
		want string
	}{
		{"", "enter the digits to send"},
		{"   ", "enter the digits to send"},
		{"12x", `"12x": unexpected "x" at position 3` + allowed},
		{"1 2 e", `"1 2 e": unexpected "e" at position 5` + allowed},
		{"  E1", `"E1": unexpected "E" at position 1` + allowed},
		{"1\x00", `"1\x00": unexpected "\x00" at position 2` + allowed},
		{"ü1", `"ü1": unexpected "ü" at position 1` + allowed},
		{"12;3", `"12;3": unexpected ";" at position 3` + allowed},
		{"１", `"１": unexpected "１" at position 1` + allowed},
		{"+1", `"+1": unexpected "+" at position 1` + allowed},
		{"1\xff", `"1\xff": unexpected "` + "\uFFFD" + `" at position 2` + allowed}, // broken encoding reads as U+FFFD
	}
	for _, tt := range tests {
		got, err := ParseDTMF(tt.in)
		if err == nil {
			t.Errorf("ParseDTMF(%q) = %q, want an error", tt.in, got)
			continue
		}
		if err.Error() != tt.want {
			t.Errorf("ParseDTMF(%q) error\n got: %s\nwant: %s", tt.in, err, tt.want)
		}
		var ie *InputError
		if !errors.As(err, &ie) {
			t.Errorf("error %T is not an *InputError", err)
		}
	}
}
