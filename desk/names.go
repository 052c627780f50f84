package desk

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/callboard/callboard/model"
)

// Names are not destinations Webex takes, but an operator types them where
// a destination goes ("transfer to Priya"): the directory turns a name into
// the extension or number to send before the argument is parsed. Parsing
// stays pure; these functions only say where the name is and put the
// destination in its place.

// IsName reports whether text can only be someone's name: it is not a
// destination as written, starts with a letter, and has no @ or : (an
// address or URI being typed is a destination with a mistake, not a name;
// "12a4" is a number with a typo).
func IsName(text string) bool {
	text = strings.TrimSpace(text)
	if text == "" || strings.ContainsAny(text, "@:") {
		return false
	}
	if _, err := model.ParseDestination(text); err == nil {
		return false
	}
	first, _ := utf8.DecodeRuneInString(text)
	return unicode.IsLetter(first)
}

// takesName reports whether the argument takes a destination that a name
// can stand for.
func (a Arg) takesName() bool {
	switch a {
	case ArgDestination, ArgOptionalDestination, ArgTransfer, ArgDivert, ArgPark:
		return true
	}
	return false
}

// NameIn returns the name in text that the directory must resolve before
// the argument parses: "pri" → "pri", "vm Priya Shah" → "Priya Shah". ok
// is false when text has no name in it (it parses as it is, is a keyword
// such as "vm" or "group", or the argument takes no destination).
func (a Arg) NameIn(text string) (name string, ok bool) {
	text = strings.TrimSpace(text)
	if !a.takesName() {
		return "", false
	}
	if a == ArgPark && strings.EqualFold(text, "group") {
		return "", false
	}
	if (a == ArgTransfer || a == ArgDivert) && IsVoicemail(text) {
		text = strings.Join(strings.Fields(text)[1:], " ")
	}
	if !IsName(text) {
		return "", false
	}
	return text, true
}

// WithDest returns text with its name replaced by dest, as the argument
// then parses: "pri" → "103", "vm Priya" → "vm 103". Text without a name
// comes back as it is.
func (a Arg) WithDest(text, dest string) string {
	if _, ok := a.NameIn(text); !ok {
		return text
	}
	if (a == ArgTransfer || a == ArgDivert) && IsVoicemail(text) {
		return strings.Fields(text)[0] + " " + dest
	}
	return dest
}
