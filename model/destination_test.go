package model

import (
	"errors"
	"strings"
	"testing"
)

func TestParseDestinationAccepts(t *testing.T) {
	tests := []struct {
		in   string
		want string
		kind DestinationKind
	}{
		// The forms the API documents.
		{"1234", "1234", DestExtension},
		{"2223334444", "2223334444", DestNumber},
		{"+12223334444", "+12223334444", DestE164},
		{"*73", "*73", DestFeatureCode},
		{"#21", "#21", DestFeatureCode},
		{"tel:+12223334444", "tel:+12223334444", DestTelURI},
		{"user@company.domain", "user@company.domain", DestAddress},
		{"sip:user@company.domain", "sip:user@company.domain", DestSIPURI},
		{"sips:user@company.domain", "sips:user@company.domain", DestSIPURI},
		// Numbers as people write them.
		{"+1 (222) 333-4444", "+12223334444", DestE164},
		{"  1234\n", "1234", DestExtension},
		{"222.333.4444", "2223334444", DestNumber},
		{"(222) 333 4444", "2223334444", DestNumber},
		{"+44\u00a020 7946 0958", "+442079460958", DestE164},
		{"\u200e+1 222 333 4444\u200f", "+12223334444", DestE164},
		{"+2901234", "+2901234", DestE164},
		{"+123456789012345", "+123456789012345", DestE164},
		{"1", "1", DestExtension},
		{"911", "911", DestExtension},
		{"123456", "123456", DestExtension},
		{"1234567", "1234567", DestNumber},
		{"011442079460958", "011442079460958", DestNumber},
		{"12345678901234567890", "12345678901234567890", DestNumber},
		{"*72 222-333-4444", "*722223334444", DestFeatureCode},
		{"*#21#", "*#21#", DestFeatureCode},
		{"tel:+1-222-333-4444", "tel:+12223334444", DestTelURI},
		{"TEL:1234", "tel:1234", DestTelURI},
		// Addresses and SIP URIs.
		{"Jane.Roe+desk@Example.COM", "Jane.Roe+desk@Example.COM", DestAddress},
		{"jürgen@müller.de", "jürgen@müller.de", DestAddress},
		{"alice@pbx", "alice@pbx", DestAddress},
		{"SIP:Jane@Example.com:5061;transport=tls", "sip:Jane@Example.com:5061;transport=tls", DestSIPURI},
		{"sip: jane@example.com", "sip:jane@example.com", DestSIPURI},
		{"sip:+14155550100@example.com;user=phone", "sip:+14155550100@example.com;user=phone", DestSIPURI},
		{"sip:alice@[2001:db8::1]:5060", "sip:alice@[2001:db8::1]:5060", DestSIPURI},
		{"sip:alice@192.0.2.10", "sip:alice@192.0.2.10", DestSIPURI},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			d, err := ParseDestination(tt.in)
			if err != nil {
				t.Fatalf("ParseDestination(%q) error: %v", tt.in, err)
			}
			if d.Value != tt.want || d.Kind != tt.kind {
				t.Errorf("ParseDestination(%q) = %q (%v), want %q (%v)", tt.in, d.Value, d.Kind, tt.want, tt.kind)
			}
			if d.String() != d.Value {
				t.Errorf("String() = %q, want Value %q", d.String(), d.Value)
			}
			again, err := ParseDestination(d.Value)
			if err != nil || again != d {
				t.Errorf("re-parsing %q = %+v, %v; want the same", d.Value, again, err)
			}
		})
	}
}

func TestParseDestinationRejects(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"", "enter a number, extension or address"},
		{"   ", "enter a number, extension or address"},
		{"\u200b", "enter a number, extension or address"},
		{"12a4", `"12a4": unexpected "a" — a number may only contain digits`},
		{"+", `"+": enter the digits after +`},
		{"+ ( )", `"+ ( )": enter the digits after +`},
		{"+1234567890123456", `"+1234567890123456": an international number has at most 15 digits after + (this one has 16)`},
		{"+0123456789", `"+0123456789": an international number cannot start with +0 — the country code comes first`},
		{"+44", `"+44": too short for an international number (at least 7 digits after +)`},
		{"+1 222 333 4444 x12", `"+1 222 333 4444 x12": unexpected "x" — a number may only contain digits`},
		{"1+2", `"1+2": "+" may only start a number`},
		{"++12223334444", `"++12223334444": "+" may only start a number`},
		{"12*3", `"12*3": "*" may only start a feature code`},
		{"123456789012345678901", `"123456789012345678901": too long for a number (at most 20 digits)`},
		{"---", `"---": there are no digits`},
		{"alice", `"alice": not a number — an address needs @, like jane@example.com`},
		{"*", `"*": enter the code after *, like *73`},
		{"#", `"#": enter the code after #, like #21`},
		{"*7a", `"*7a": unexpected "a" — a feature code may only contain digits, * and #`},
		{"*" + strings.Repeat("1", 32), `"*11111111111111111111111111111111": too long for a feature code (at most 32 characters)`},
		{"user@", `"user@": the address needs a domain after @`},
		{"@domain", `"@domain": the address needs a user before @`},
		{"jane roe@example.com", `"jane roe@example.com": an address cannot contain spaces`},
		{"jane@example .com", `"jane@example .com": an address cannot contain spaces`},
		{"a@b@c", `"a@b@c": an address has only one @`},
		{"x<y@example.com", `"x<y@example.com": unexpected "<" before @`},
		{"x@exa_mple.com", `"x@exa_mple.com": unexpected "_" in the domain`},
		{"x@example..com", `"x@example..com": the domain "example..com" is not valid`},
		{"x@-example.com", `"x@-example.com": the domain "-example.com" is not valid`},
		{"x@example.com.", `"x@example.com.": the domain "example.com." is not valid`},
		{"x@example.com:5060", `"x@example.com:5060": unexpected ":" in the domain`},
		{"x@[2001:db8::1", `"x@[2001:db8::1": the domain "[2001:db8::1" is not valid`},
		{"sip:", `"sip:": enter an address after sip:, like sip:user@example.com`},
		{"sips:", `"sips:": enter an address after sips:, like sips:user@example.com`},
		{"sip:jane", `"sip:jane": a sip: address needs user@domain, like sip:user@example.com`},
		{"sip:@x.com", `"sip:@x.com": the address needs a user before @`},
		{"sip:x@", `"sip:x@": the address needs a domain after @`},
		{"sip:x@:5060", `"sip:x@:5060": the address needs a domain after @`},
		{"sip:jane@example.com:99999", `"sip:jane@example.com:99999": the port "99999" is not a number from 1 to 65535`},
		{"sip:jane@example.com:+80", `"sip:jane@example.com:+80": the port "+80" is not a number from 1 to 65535`},
		{"sip:jane@example.com;a<b", `"sip:jane@example.com;a<b": unexpected "<" in the address parameters`},
		{"sip:jane doe@example.com", `"sip:jane doe@example.com": an address cannot contain spaces`},
		{"tel:", `"tel:": tel: must be followed by a number, like tel:+12223334444`},
		{"tel:abc", `"tel:abc": tel: must be followed by a number, like tel:+12223334444`},
		{"tel:*73", `"tel:*73": tel: must be followed by a number, like tel:+12223334444`},
		{"tel:+", `"tel:+": enter the digits after +`},
		{"tel:+1234567890123456", `"tel:+1234567890123456": an international number has at most 15 digits after + (this one has 16)`},
		{"mailto:x@y.com", `"mailto:x@y.com": "mailto:" is not supported — use a number, an address, or a sip:, sips: or tel: URI`},
		{"a\x00b", `"a\x00b": contains the control character "\x00"`},
		{"12\t34", `"12\t34": contains the control character "\t"`},
		{"\x1b[31m1234", `"\x1b[31m1234": contains the control character "\x1b"`},
		{"\xff\xfe", `"\xff\xfe": contains bytes that are not text`},
		{"a@" + strings.Repeat("b", 600), `"a@bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb…": too long (at most 512 characters)`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			d, err := ParseDestination(tt.in)
			if err == nil {
				t.Fatalf("ParseDestination(%q) = %+v, want an error", tt.in, d)
			}
			if err.Error() != tt.want {
				t.Errorf("ParseDestination(%q) error\n got: %s\nwant: %s", tt.in, err, tt.want)
			}
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Errorf("error %T is not an *InputError", err)
			}
			if d != (Destination{}) {
				t.Errorf("ParseDestination(%q) returned %+v with its error", tt.in, d)
			}
		})
	}
}

func TestDestinationKindString(t *testing.T) {
	want := map[DestinationKind]string{
		DestExtension: "extension", DestNumber: "number", DestE164: "international number",
		DestFeatureCode: "feature code", DestTelURI: "tel URI", DestSIPURI: "SIP URI", DestAddress: "address",
		0: "unknown",
	}
	for k, s := range want {
		if k.String() != s {
			t.Errorf("%d.String() = %q, want %q", k, k.String(), s)
		}
	}
}

func TestDivertPlace(t *testing.T) {
	for _, tc := range []struct {
		dest string
		vm   bool
		want string
	}{
		{"1001", false, "1001"},
		{"", true, "your voicemail"},
		{"1001", true, "the voicemail of 1001"},
	} {
		if got := DivertPlace(tc.dest, tc.vm); got != tc.want {
			t.Errorf("DivertPlace(%q, %v) = %q, want %q", tc.dest, tc.vm, got, tc.want)
		}
	}
}
