package keymap

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// modifierOrder is the order in which Bubble Tea writes modifiers in a key
// string; a binding written in another order would never match.
const modifierOrder = "ctrl+alt+shift+meta+hyper+super"

// modifiers are the modifier names, in modifierOrder.
func modifiers() []string { return strings.Split(modifierOrder, "+") }

// isNamedKey reports whether name is one of Bubble Tea's names for a key that
// has no printable character (the names its Key.Keystroke writes).
func isNamedKey(name string) bool {
	switch name {
	case "enter", "tab", "backspace", "esc", "space",
		"up", "down", "left", "right", "begin", "find", "insert", "delete", "select",
		"pgup", "pgdown", "home", "end",
		"equal", "mul", "plus", "comma", "minus", "period", "div", "sep",
		"capslock", "scrolllock", "numlock", "printscreen", "pause", "menu",
		"mediaplay", "mediapause", "mediaplaypause", "mediareverse", "mediastop",
		"mediafastforward", "mediarewind", "medianext", "mediaprev", "mediarecord",
		"lowervol", "raisevol", "mute",
		"leftshift", "leftalt", "leftctrl", "leftsuper", "lefthyper", "leftmeta",
		"rightshift", "rightalt", "rightctrl", "rightsuper", "righthyper", "rightmeta",
		"isolevel3shift", "isolevel5shift":
		return true
	}
	if n, ok := strings.CutPrefix(name, "f"); ok {
		i, err := strconv.Atoi(n)
		return err == nil && i >= 1 && i <= 63 && n == strconv.Itoa(i)
	}
	return false
}

// CheckKey reports whether s is a key string a key press can produce, as
// tea.KeyPressMsg.String() writes it: a single printable character ("a",
// "T", "#"), a key name ("enter", "space", "f5"), or modifiers in Bubble
// Tea's order followed by either ("ctrl+r", "alt+shift+tab"). The error
// says what to write instead.
func CheckKey(s string) error {
	if s == "" {
		return fmt.Errorf("an empty key name")
	}
	if utf8.RuneCountInString(s) == 1 {
		return checkCharacter(s)
	}
	rest, mods, err := splitModifiers(s)
	if err != nil {
		return err
	}
	if isNamedKey(rest) {
		return nil
	}
	if len(mods) == 0 {
		return unknownKey(s, rest)
	}
	if utf8.RuneCountInString(rest) != 1 {
		return unknownKey(s, rest)
	}
	if err := checkCharacter(rest); err != nil {
		return fmt.Errorf("%q: %w", s, err)
	}
	if len(mods) == 1 && mods[0] == "shift" {
		// A shifted character arrives as its own text: shift+a is "A".
		return fmt.Errorf("%q never matches: a shifted key arrives as its character; write %q",
			s, strings.ToUpper(rest))
	}
	r, _ := utf8.DecodeRuneInString(rest)
	if unicode.IsUpper(r) {
		return fmt.Errorf("%q never matches: after a modifier write the letter in lower case (%q, or %q for the shifted letter)",
			s, strings.Join(append(mods, string(unicode.ToLower(r))), "+"),
			strings.Join(append(addShift(mods), string(unicode.ToLower(r))), "+"))
	}
	return nil
}

// checkCharacter checks a one-character key.
func checkCharacter(s string) error {
	r, _ := utf8.DecodeRuneInString(s)
	switch {
	case r == utf8.RuneError:
		return fmt.Errorf("%q is not valid text", s)
	case r == ' ':
		return fmt.Errorf(`write "space" for the space bar`)
	case !unicode.IsPrint(r):
		return fmt.Errorf("%q is not a printable character; write a key name such as \"tab\" or \"ctrl+r\"", s)
	}
	return nil
}

// splitModifiers takes the modifier prefixes off s, checking their order.
func splitModifiers(s string) (rest string, mods []string, err error) {
	order := modifiers()
	rest = s
	last := -1
	for {
		found := -1
		for i, m := range order {
			if after, ok := strings.CutPrefix(rest, m+"+"); ok && after != "" {
				found, rest = i, after
				break
			}
		}
		if found < 0 {
			return rest, mods, nil
		}
		if found <= last {
			return "", nil, fmt.Errorf("%q never matches: write modifiers once each, in the order %s", s, modifierOrder)
		}
		last = found
		mods = append(mods, order[found])
	}
}

// addShift returns mods with shift added in its place.
func addShift(mods []string) []string {
	var out []string
	for _, m := range modifiers() {
		if m == "shift" || slices.Contains(mods, m) {
			out = append(out, m)
		}
	}
	return out
}

// unknownKey explains an unknown key name.
func unknownKey(s, name string) error {
	if lower := strings.ToLower(name); lower != name && isNamedKey(lower) {
		return fmt.Errorf("unknown key name %q: key names are lower case (%q)", s, strings.Replace(s, name, lower, 1))
	}
	return fmt.Errorf("unknown key name %q: use one character (a, T, #) or a key name such as enter, space, tab, esc, up, pgdown, f5, ctrl+r", s)
}

// HelpKeys renders keys for help: arrows as glyphs, joined with "/", as in
// "↑/k" or "a/enter".
func HelpKeys(keys []string) string {
	shown := make([]string, len(keys))
	for i, k := range keys {
		shown[i] = displayKey(k)
	}
	return strings.Join(shown, "/")
}

// displayKey renders one key for help.
func displayKey(k string) string {
	switch k {
	case "up":
		return "↑"
	case "down":
		return "↓"
	case "left":
		return "←"
	case "right":
		return "→"
	}
	return k
}
