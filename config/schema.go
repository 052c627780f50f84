package config

import (
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// checker compares a decoded document with the Config struct: unknown keys
// and values of the wrong type become problems, positioned at their key,
// and are removed from the document so the rest can still be decoded and
// checked. All problems are collected, not just the first.
type checker struct {
	doc      *document
	problems []Problem
	bad      map[keyPath]bool // keys whose value was refused
}

// addf records a problem at path.
func (c *checker) addf(path keyPath, format string, args ...any) {
	c.problems = append(c.problems, Problem{Position: c.doc.pos(path), Message: fmt.Sprintf(format, args...)})
}

// field is a struct field as the file names it.
type field struct {
	name string
	typ  reflect.Type
}

// tomlFields lists the keys a struct type takes, in declaration order.
func tomlFields(t reflect.Type) []field {
	var out []field
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("toml"), ",")
		if name == "" || name == "-" || !f.IsExported() {
			continue
		}
		out = append(out, field{name: name, typ: f.Type})
	}
	return out
}

// table checks a TOML table against struct type t, dropping what it refuses.
func (c *checker) table(path keyPath, m map[string]any, t reflect.Type) {
	fields := tomlFields(t)
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		kp := path.key(k)
		i := indexOfField(fields, k)
		if i < 0 {
			c.addf(kp, "%s", unknownKey(path, k, fields))
			c.bad[kp] = true
			delete(m, k)
			continue
		}
		if s, ok := m[k].(string); ok && fields[i].typ == reflect.TypeFor[Names]() {
			m[k] = []any{s} // one name is a list of one
		}
		if !c.value(kp, m[k], fields[i].typ) {
			c.bad[kp] = true
			delete(m, k)
		}
	}
}

// indexOfField finds a field by its key, or returns -1.
func indexOfField(fields []field, name string) int {
	for i, f := range fields {
		if f.name == name {
			return i
		}
	}
	return -1
}

// value checks one value against type t and reports whether it can be kept.
func (c *checker) value(path keyPath, v any, t reflect.Type) bool {
	durationType, secretType := reflect.TypeFor[Duration](), reflect.TypeFor[Secret]()
	secret := t == secretType
	switch {
	case t == durationType:
		s, ok := v.(string)
		if !ok {
			c.addf(path, "%s: expected a duration in quotes, like \"1s\" or \"500ms\"; got %s", path.display(), describe(v, false))
			return false
		}
		var d Duration
		if err := d.UnmarshalText([]byte(s)); err != nil {
			c.addf(path, "%s: %v", path.display(), err)
			return false
		}
	case t.Kind() == reflect.String:
		if _, ok := v.(string); !ok {
			c.addf(path, "%s: expected a string in quotes; got %s", path.display(), describe(v, secret))
			return false
		}
	case t.Kind() == reflect.Bool:
		if _, ok := v.(bool); !ok {
			c.addf(path, "%s: expected true or false; got %s", path.display(), describe(v, false))
			return false
		}
	case t.Kind() == reflect.Int:
		if _, ok := v.(int64); !ok {
			c.addf(path, "%s: expected a whole number; got %s", path.display(), describe(v, false))
			return false
		}
	case t.Kind() == reflect.Slice:
		arr, ok := v.([]any)
		if !ok {
			c.addf(path, "%s: expected %s; got %s", path.display(), expectArray(path, t), describe(v, false))
			return false
		}
		keep := true
		for i, el := range arr {
			if !c.value(path.index(i), el, t.Elem()) {
				keep = false
			}
		}
		return keep
	case t.Kind() == reflect.Map:
		m, ok := v.(map[string]any)
		if !ok {
			c.addf(path, "%s: expected a table, written [%s] with one line per entry; got %s", path.display(), path, describe(v, false))
			return false
		}
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if !c.value(path.key(k), m[k], t.Elem()) {
				c.bad[path.key(k)] = true
				delete(m, k)
			}
		}
	case t.Kind() == reflect.Struct:
		m, ok := v.(map[string]any)
		if !ok {
			c.addf(path, "%s: expected a table, written %s; got %s", path.display(), tableHeader(path), describe(v, false))
			return false
		}
		c.table(path, m, t)
	default:
		// Config holds no other kinds; a new one must be taught here.
		c.addf(path, "%s: callboard cannot read settings of type %s", path.display(), t)
		return false
	}
	return true
}

// expectArray says what array a key takes.
func expectArray(path keyPath, t reflect.Type) string {
	switch {
	case t == reflect.TypeFor[Names]():
		return `a name or a list of names, like "ended" or ["answered", "ended"]`
	case t.Elem().Kind() == reflect.Struct:
		return fmt.Sprintf("entries written as %s tables", tableHeader(path.index(0)))
	case path.parent() == "keys":
		return `an array of key names, like ["a", "enter"]`
	default:
		return `an array of strings, like ["one", "two"]`
	}
}

// tableHeader writes the header that opens the table at path: "[ui]" or,
// for an entry of an array of tables, "[[speed_dial]]".
func tableHeader(path keyPath) string {
	if strings.HasSuffix(string(path), "]") {
		return "[[" + string(path.parent()) + "]]"
	}
	return "[" + string(path) + "]"
}

// describe says what a value is, for "got ..." in a message. Secrets are
// described without their value, whatever its type: a token written
// without quotes is still a token.
func describe(v any, secret bool) string {
	if secret {
		switch v.(type) {
		case string:
			return "a string"
		case int64, float64:
			return "a number (not shown: it is a secret)"
		case bool:
			return "a boolean"
		}
	}
	switch x := v.(type) {
	case string:
		return "the string " + shorten(x)
	case int64:
		return "the number " + strconv.FormatInt(x, 10)
	case float64:
		return "the number " + strconv.FormatFloat(x, 'g', -1, 64)
	case bool:
		return "the value " + strconv.FormatBool(x)
	case []any:
		return "an array"
	case map[string]any:
		return "a table"
	case time.Time:
		return "a date and time"
	}
	return "a date or time"
}

// shorten quotes s for a message, cut short when long.
func shorten(s string) string {
	const max = 40
	if utf8.RuneCountInString(s) > max {
		s = string([]rune(s)[:max-1]) + "…"
	}
	return strconv.Quote(s)
}

// unknownKey explains an unknown key in the table at path, suggesting the
// nearest known key, or the table where a known key belongs.
func unknownKey(path keyPath, k string, fields []field) string {
	names := make([]string, len(fields))
	for i, f := range fields {
		names[i] = f.name
	}
	where := "at the top level"
	if path != "" {
		where = "in " + tableHeader(path)
	}
	msg := fmt.Sprintf("unknown key %q %s", k, where)
	if s := nearest(k, names); s != "" {
		return msg + fmt.Sprintf(" (did you mean %q?)", s)
	}
	if path == "" {
		for _, f := range fields {
			if f.typ.Kind() == reflect.Struct && indexOfField(tomlFields(f.typ), k) >= 0 {
				return msg + fmt.Sprintf(" (it belongs in [%s])", f.name)
			}
		}
	}
	return msg + fmt.Sprintf("; expected one of: %s", strings.Join(names, ", "))
}

// nearest returns the candidate closest to s, if it is close enough to be a
// typing mistake.
func nearest(s string, candidates []string) string {
	best, bestDist := "", 3
	for _, c := range candidates {
		if d := editDistance(s, c); d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b, counted in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// display writes a path for people: array positions count from 1, so
// "speed_dial[2].label" reads "speed_dial #3 label".
func (p keyPath) display() string {
	var b strings.Builder
	s := string(p)
	for len(s) > 0 {
		i := strings.IndexByte(s, '[')
		if i < 0 || strings.Contains(s[:i], `"`) {
			b.WriteString(s)
			break
		}
		j := strings.IndexByte(s[i:], ']')
		if j < 0 {
			b.WriteString(s)
			break
		}
		n, err := strconv.Atoi(s[i+1 : i+j])
		if err != nil {
			b.WriteString(s)
			break
		}
		b.WriteString(s[:i])
		fmt.Fprintf(&b, " #%d", n+1)
		s = s[i+j+1:]
		if strings.HasPrefix(s, ".") {
			b.WriteByte(' ')
			s = s[1:]
		}
	}
	return b.String()
}
