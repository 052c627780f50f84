package sim

import (
	"strings"

	"github.com/callboard/callboard/webex"
)

// target is a destination or target string resolved against the world.
type target struct {
	party        webex.Party
	key          string // identity used for parking: a directory extension or the normalised number/address
	entry        *entry // nil when the target is outside the directory
	neverAnswers bool
}

// label names the target in messages.
func (t target) label() string {
	if t.entry != nil {
		return t.entry.label()
	}
	return t.party.Number
}

// isUser reports whether the target is the signed-in user.
func (t target) isUser() bool { return t.entry != nil && t.entry.kind == kindUser }

// userTarget is the signed-in user as a target.
func userTarget() target {
	u := userEntry()
	return target{party: u.party(), key: u.key(), entry: u}
}

// entryTarget wraps a directory entry.
func entryTarget(e *entry) target {
	return target{
		party:        e.party(),
		key:          e.key(),
		entry:        e,
		neverAnswers: e.kind == kindPlace || e.kind == kindPark,
	}
}

// resolveDestination parses value (digits or a URI, as the API accepts:
// "1234", "2223334444", "+12223334444", "*73", "tel:+12223334444",
// "user@company.domain", "sip:user@company.domain") and finds who it is.
// field names the request field in error messages.
func resolveDestination(field, value string) (target, error) {
	if value == "" {
		return target{}, badRequest("%s is required", field)
	}
	if len(value) > 256 || strings.ContainsAny(value, " \t\r\n") {
		return target{}, badRequest("%s %q is not a valid number or URI", field, value)
	}
	s := value
	lower := strings.ToLower(s)
	switch {
	case strings.HasPrefix(lower, "tel:"):
		s = s[len("tel:"):]
		if strings.Contains(s, "@") {
			return target{}, badRequest("%s %q is not a valid number or URI: a tel: URI holds a number", field, value)
		}
	case strings.HasPrefix(lower, "sip:"):
		s = s[len("sip:"):]
	}
	if strings.Contains(s, "@") {
		return resolveAddress(field, value, s)
	}
	return resolveNumber(field, value, s)
}

// resolveAddress resolves user@domain.
func resolveAddress(field, value, addr string) (target, error) {
	local, domain, _ := strings.Cut(addr, "@")
	if local == "" || !strings.Contains(domain, ".") || strings.Contains(domain, "@") ||
		strings.HasPrefix(domain, ".") || strings.HasSuffix(domain, ".") {
		return target{}, badRequest("%s %q is not a valid number or URI", field, value)
	}
	if e := lookupEmail(addr); e != nil {
		return entryTarget(e), nil
	}
	if strings.EqualFold(domain, OrgDomain) {
		return target{}, notFound("%s %q is not a user in the organization", field, value)
	}
	return target{
		party: webex.Party{Number: addr, CallType: webex.CallTypeExternal},
		key:   "addr:" + strings.ToLower(addr),
	}, nil
}

// resolveNumber resolves an E.164 number, a national number, an extension or
// a feature access code.
func resolveNumber(field, value, s string) (target, error) {
	var e164 string
	switch {
	case len(s) >= 8 && len(s) <= 16 && s[0] == '+' && s[1] != '0' && allDigits(s[1:]):
		e164 = s
	case len(s) == 10 && allDigits(s):
		e164 = "+1" + s // a North American national number
	case len(s) == 11 && s[0] == '1' && allDigits(s):
		e164 = "+" + s
	case len(s) >= 2 && len(s) <= 6 && allDigits(s):
		if e := lookupExtension(s); e != nil {
			return entryTarget(e), nil
		}
		// An extension nobody has: the call rings out.
		return target{
			party:        webex.Party{Number: s, CallType: webex.CallTypeLocation},
			key:          s,
			neverAnswers: true,
		}, nil
	case len(s) >= 3 && len(s) <= 4 && s[0] == '*' && allDigits(s[1:]):
		return target{party: webex.Party{Number: s, CallType: webex.CallTypeOther}, key: s}, nil
	default:
		return target{}, badRequest("%s %q is not a valid number or URI", field, value)
	}
	if e := lookupNumber(e164); e != nil {
		return entryTarget(e), nil
	}
	return target{
		party:        webex.Party{Number: e164, CallType: webex.CallTypeExternal},
		key:          e164,
		neverAnswers: e164 == NoAnswerNumber,
	}, nil
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
