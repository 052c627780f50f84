package model

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits on addresses (RFC 1035).
const (
	maxDomainLen = 253
	maxLabelLen  = 63
)

// parseAddress parses "user@domain".
func parseAddress(in string) (Destination, string) {
	user, domain, reason := splitAddress(in)
	if reason == "" {
		reason = checkDomain(domain)
	}
	if reason == "" {
		reason = checkUser(user)
	}
	if reason != "" {
		return Destination{}, reason
	}
	return Destination{Value: in, Kind: DestAddress}, ""
}

// parseSIP parses what follows "sip:" or "sips:": user@host, optionally with
// a port and URI parameters or headers ("sip:jane@example.com:5061;transport=tls").
func parseSIP(scheme, rest string) (Destination, string) {
	rest = strings.TrimSpace(rest) // "sip: jane@example.com"
	if rest == "" {
		return Destination{}, "enter an address after " + scheme + ":, like " + scheme + ":user@example.com"
	}
	if !strings.ContainsRune(rest, '@') {
		return Destination{}, "a " + scheme + ": address needs user@domain, like " + scheme + ":user@example.com"
	}
	user, hostPart, reason := splitAddress(rest)
	if reason != "" {
		return Destination{}, reason
	}
	host, params := hostPart, ""
	if i := strings.IndexAny(hostPart, ";?"); i >= 0 {
		host, params = hostPart[:i], hostPart[i:]
	}
	host, port := splitPort(host)
	switch {
	case host == "":
		reason = "the address needs a domain after @"
	case port != "" && !validPort(port):
		reason = "the port " + strconv.Quote(port) + " is not a number from 1 to 65535"
	default:
		reason = checkDomain(host)
	}
	if reason == "" {
		reason = checkUser(user)
	}
	if reason == "" {
		reason = checkParams(params)
	}
	if reason != "" {
		return Destination{}, reason
	}
	return Destination{Value: scheme + ":" + rest, Kind: DestSIPURI}, ""
}

// splitAddress splits user@domain, explaining what is missing.
func splitAddress(s string) (user, domain, reason string) {
	if strings.ContainsFunc(s, unicode.IsSpace) {
		return "", "", "an address cannot contain spaces"
	}
	user, domain, _ = strings.Cut(s, "@")
	switch {
	case strings.ContainsRune(domain, '@'):
		return "", "", "an address has only one @"
	case user == "":
		return "", "", "the address needs a user before @"
	case domain == "":
		return "", "", "the address needs a domain after @"
	}
	return user, domain, ""
}

// splitPort splits "host:port"; a bracketed IPv6 host keeps its colons.
func splitPort(hostport string) (host, port string) {
	from := 0
	if strings.HasPrefix(hostport, "[") {
		if end := strings.IndexByte(hostport, ']'); end >= 0 {
			from = end
		}
	}
	if i := strings.IndexByte(hostport[from:], ':'); i >= 0 {
		return hostport[:from+i], hostport[from+i+1:]
	}
	return hostport, ""
}

// validPort reports whether s is a port number.
func validPort(s string) bool {
	n, err := strconv.Atoi(s)
	return err == nil && firstNonDigit(s) < 0 && n >= 1 && n <= 65535
}

// checkUser checks the part before @: letters and digits of any script,
// and the punctuation mail and SIP allow there.
func checkUser(user string) string {
	for _, r := range user {
		if unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r) ||
			strings.ContainsRune("!#$%&'*+-/=?^_`{|}~.(),;", r) {
			continue
		}
		return "unexpected " + quoteRune(r) + " before @"
	}
	return ""
}

// checkDomain checks a domain name ("company.domain", "pbx") or a bracketed
// IP address literal ("[2001:db8::1]").
func checkDomain(d string) string {
	bad := "the domain " + strconv.Quote(d) + " is not valid"
	if strings.HasPrefix(d, "[") {
		inner, ok := strings.CutSuffix(d[1:], "]")
		if !ok || inner == "" || strings.ContainsFunc(inner, func(r rune) bool {
			return !(r < utf8.RuneSelf && (isDigit(byte(r)) || isHexLetter(byte(r)) || r == ':' || r == '.'))
		}) {
			return bad
		}
		return ""
	}
	if len(d) > maxDomainLen {
		return "the domain is too long"
	}
	for label := range strings.SplitSeq(d, ".") {
		if label == "" || len(label) > maxLabelLen || strings.HasPrefix(label, "-") || strings.HasSuffix(label, "-") {
			return bad
		}
		for _, r := range label {
			if !(unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r) || r == '-') {
				return "unexpected " + quoteRune(r) + " in the domain"
			}
		}
	}
	return ""
}

// isHexLetter reports whether c is a-f or A-F.
func isHexLetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'f' }

// checkParams checks SIP URI parameters and headers (";transport=tls",
// "?subject=x"): printable ASCII without the characters that end a URI.
func checkParams(p string) string {
	for _, r := range p {
		if r <= ' ' || r >= 0x7f || strings.ContainsRune(`<>"@\`, r) {
			return "unexpected " + quoteRune(r) + " in the address parameters"
		}
	}
	return ""
}
