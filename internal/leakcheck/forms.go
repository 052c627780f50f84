package leakcheck

import (
	"encoding/base64"
	"encoding/json"
	"net/url"
	"strings"
)

// form is one way a secret can be written down.
type form struct {
	name string // "raw", "base64", ...: what a report calls it
	text string // what is searched for
}

// forms lists the spellings of value that count as a leak: the value
// itself, its base64 (standard and URL alphabets, padded or not, and also
// where it sits inside a longer encoded text such as a Basic authorization
// header), its URL escapes (query and path, either case of hex digit) and
// its JSON string escape. Spellings equal to one already listed are
// dropped, so one occurrence is reported once per spelling.
func forms(value string) []form {
	var out []form
	seen := make(map[string]bool)
	add := func(name, text string) {
		if text == "" || seen[text] {
			return
		}
		seen[text] = true
		out = append(out, form{name: name, text: text})
	}
	add("raw", value)
	for _, core := range base64Cores(value) {
		add("base64", core)
		add("base64url", strings.NewReplacer("+", "-", "/", "_").Replace(core))
	}
	for _, esc := range []string{url.QueryEscape(value), url.PathEscape(value)} {
		add("url-escaped", esc)
		add("url-escaped", lowerHexEscapes(esc))
	}
	if b, err := json.Marshal(value); err == nil {
		add("json-escaped", string(b[1:len(b)-1]))
	}
	return out
}

// base64Cores returns, for each of the three byte alignments value can
// have inside a longer input, the run of base64 characters that depends on
// value's bytes alone. Whatever surrounds value ("user:" before a client
// secret, say), its encoding contains one of these runs.
func base64Cores(value string) []string {
	n := len(value)
	var out []string
	for pad := range 3 {
		enc := base64.RawStdEncoding.EncodeToString(append(make([]byte, pad), value...))
		// Character i encodes bits [6i, 6i+6) of the input; value holds
		// bits [8*pad, 8*(pad+n)).
		first := (8*pad + 5) / 6
		last := 8*(pad+n)/6 - 1
		if last >= first {
			out = append(out, enc[first:last+1])
		}
	}
	return out
}

// lowerHexEscapes rewrites the %XX escapes of s with lower-case hex digits,
// as some encoders write them.
func lowerHexEscapes(s string) string {
	b := []byte(s)
	for i := 0; i+2 < len(b); i++ {
		if b[i] == '%' {
			b[i+1] = lowerHex(b[i+1])
			b[i+2] = lowerHex(b[i+2])
			i += 2
		}
	}
	return string(b)
}

func lowerHex(c byte) byte {
	if c >= 'A' && c <= 'F' {
		return c + 'a' - 'A'
	}
	return c
}
