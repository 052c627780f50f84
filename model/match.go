package model

import "strings"

// query is a filter query prepared once, so matching many calls or records
// does not redo the work.
type query struct {
	text   string // lower-cased and trimmed; "" matches everything
	digits string // the query's digits when it reads as a number fragment, else ""
}

// newQuery prepares a filter query.
func newQuery(s string) query {
	q := query{text: strings.ToLower(strings.TrimSpace(s))}
	if looksLikeNumber(q.text) {
		q.digits = digitsOf(q.text)
	}
	return q
}

// empty reports whether the query matches everything.
func (q query) empty() bool { return q.text == "" }

// in reports whether s contains the query, ignoring case.
func (q query) in(s string) bool {
	return s != "" && strings.Contains(strings.ToLower(s), q.text)
}

// inNumber reports whether a number matches: as text, or by its digits when
// the query is a number fragment, so "415 555" finds "+14155550100".
func (q query) inNumber(number string) bool {
	if q.in(number) {
		return true
	}
	return q.digits != "" && number != "" && strings.Contains(digitsOf(number), q.digits)
}

// matchCall is Call.Matches with a prepared query.
func (q query) matchCall(c *Call) bool {
	if q.empty() {
		return true
	}
	return q.in(c.Remote.Name) ||
		q.inNumber(c.Remote.Number) ||
		q.in(c.Remote.Display()) ||
		q.in(c.Status().Word()) ||
		q.in(c.Remote.CallType.Label())
}

// looksLikeNumber reports whether s holds at least one digit and otherwise
// only what people write inside phone numbers.
func looksLikeNumber(s string) bool {
	hasDigit := false
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			hasDigit = true
		case r == '+' || r == ' ' || r == '-' || r == '.' || r == '(' || r == ')':
		default:
			return false
		}
	}
	return hasDigit
}

// digitsOf returns the ASCII digits of s.
func digitsOf(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			b.WriteByte(s[i])
		}
	}
	return b.String()
}
