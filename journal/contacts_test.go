package journal

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf16"
)

// c builds a contact: name, org, then label and number pairs.
func c(name, org string, pairs ...string) Contact {
	out := Contact{Name: name, Org: org}
	for i := 0; i+1 < len(pairs); i += 2 {
		out.Numbers = append(out.Numbers, ContactNumber{Label: pairs[i], Number: pairs[i+1]})
	}
	return out
}

// TestParseContactsFiles reads exports as address books write them.
func TestParseContactsFiles(t *testing.T) {
	for _, tc := range []struct {
		file string
		want []Contact
	}{
		{"google.csv", []Contact{
			c("Jane Roe", "Roe & Co", "mobile", "+1 415-555-0123", "mobile", "+1 415-555-0124", "work", "(415) 555-0100"),
			c("Omar Haddad", "", "work", "+44 20 7946 0958"),
			c("Acme Plumbing", "Acme Plumbing", "main", "0800 123 456"),
		}},
		{"google-legacy.csv", []Contact{
			c("Zoë Müller", "Müller GmbH", "mobile", "+49 30 123456789", "work", "030 9876543"),
			c("Priya Natarajan", "", "work", "+1 408 555 0142"),
		}},
		{"outlook.csv", []Contact{
			c("Sam J. Rivera", "Rivera Dental, Inc.", "business", "+1 (217) 555-0101", "mobile", "+1 (217) 555-0177"),
			c("Springfield Library", "Springfield Library", "company main", "+1 217 555 0300"),
		}},
		{"excel-semicolon.csv", []Contact{
			c("Müller, Hans", "Müller & Söhne", "", "+49 (0)30 1234567"),
			c("Dupont, Marie", "", "", "01 23 45 67 89"),
		}},
		{"headerless.csv", []Contact{
			c("Jane Roe", "", "", "+1 415 555 0123"),
			c("Front desk", "", "", "1000"),
			c("Roe, John", "", "", "+1 415 555 0199", "", "+1 415 555 0198"),
		}},
		{"apple.vcf", []Contact{
			c("Jane Roe", "Roe & Co", "mobile", "+1 (415) 555-0123", "assistant", "+1 415 555 0100", "front desk park", "7001"),
			c("Springfield Library", "Springfield Library", "work", "+1 217 555 0300"),
		}},
		{"android.vcf", []Contact{
			c("Zoë Müller", "", "mobile", "+4930123456789", "work", "030-9876543", "home", "+49 30 111222333"),
			c("François Dupont", "", "mobile", "06 12 34 56 78"),
			c("Help desk with a very long name that is folded over two lines", "", "work", "+1 555 0100 100"),
		}},
		{"v4.vcf", []Contact{
			c("Priya Natarajan", "", "work", "tel:+1-408-555-0142", "mobile", "tel:+1-408-555-0143;ext=12"),
		}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", "contacts", tc.file))
			must(t, err)
			got, err := ParseContacts(bytes.NewReader(data))
			if err != nil {
				t.Fatalf("ParseContacts: %v", err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got\n%+v\nwant\n%+v", got, tc.want)
			}
		})
	}
}

// TestParseContactsEncodings: Outlook's "Unicode" export is UTF-16 with a
// byte-order mark and tabs; old exports are Latin-1.
func TestParseContactsEncodings(t *testing.T) {
	text := "First Name\tLast Name\tMobile Phone\r\nZoë\tMüller\t+49 30 123456789\r\n"
	u := utf16.Encode([]rune(text))
	le := []byte{0xFF, 0xFE}
	be := []byte{0xFE, 0xFF}
	for _, r := range u {
		le = append(le, byte(r), byte(r>>8))
		be = append(be, byte(r>>8), byte(r))
	}
	latin := []byte("Name,Phone\nZo\xeb M\xfcller,+49 30 123456789\n")
	want := []Contact{c("Zoë Müller", "", "mobile", "+49 30 123456789")}
	for name, data := range map[string][]byte{"UTF-16LE": le, "UTF-16BE": be} {
		got, err := ParseContacts(bytes.NewReader(data))
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("%s: %+v, %v", name, got, err)
		}
	}
	got, err := ParseContacts(bytes.NewReader(latin))
	want[0].Numbers[0].Label = ""
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("Latin-1: %+v, %v", got, err)
	}
}

// TestParseContactsRefuses files that are not contacts, saying why.
func TestParseContactsRefuses(t *testing.T) {
	for name, text := range map[string]string{
		"no phone column": "Name,E-mail\nJane,jane@example.com\n",
		"not CSV":         "a,\"b\nc\"d,e\"\"\"\n\"unterminated",
	} {
		_, err := ParseContacts(strings.NewReader(text))
		if !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: %v, want ErrInvalid", name, err)
		}
	}
	if _, err := ParseVCard(strings.NewReader("Name,Phone\n")); !errors.Is(err, ErrInvalid) {
		t.Errorf("a CSV file read as vCard: %v, want ErrInvalid", err)
	}
	if got, err := ParseContacts(strings.NewReader("")); err != nil || len(got) != 0 {
		t.Errorf("an empty file: %+v, %v", got, err)
	}
}

func TestNormalizeNumber(t *testing.T) {
	for in, want := range map[string]string{
		"+1 (415) 555-0123":          "+14155550123",
		"tel:+1-415-555-0123":        "+14155550123",
		"+14155550123":               "+14155550123",
		"0049 30 123456789":          "+4930123456789",
		"00 44 20 7946 0958":         "+442079460958",
		"1002":                       "1002",
		"*73":                        "*73",
		"sip:Jane.Roe@Example.com":   "jane.roe@example.com",
		"Jane.Roe@example.com ":      "jane.roe@example.com",
		"+1 408 555 0143;ext=12":     "+14085550143",
		"tel:+1-408-555-0143;ext=12": "+14085550143",
		"415.555.0123":               "4155550123",
		"\u200e+1 415 555 0123":      "+14155550123",
		"1-800-FLOWERS":              "1-800-flowers",
		"":                           "",
		"  ":                         "",
		"+":                          "",
	} {
		if got := NormalizeNumber(in); got != want {
			t.Errorf("NormalizeNumber(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{
		"+14155550123": "155550123",
		"4155550123":   "155550123",
		"02079460958":  "079460958",
		"1002":         "",
		"a@b.c":        "",
	} {
		if got := tailDigits(in); got != want {
			t.Errorf("tailDigits(%q) = %q, want %q", in, got, want)
		}
	}
}
