package journal

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"mime/quotedprintable"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// maxContactsFile bounds what ParseContacts reads: a personal address
// book is far smaller, and a mistaken path to a huge file should fail fast.
const maxContactsFile = 64 << 20

// ParseContacts reads a contacts file exported from an address book: vCard
// (2.1, 3.0 or 4.0; Apple Contacts, Google, Outlook, Android) or CSV
// (Google, Outlook, Thunderbird, a spreadsheet with a name and a number
// column, or two columns without a header), told apart by the content.
// UTF-8 with or without a byte-order mark, and UTF-16 with one (Outlook's
// "Unicode" export), are read. Contacts without a name or without a number
// are left out.
func ParseContacts(r io.Reader) ([]Contact, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxContactsFile+1))
	if err != nil {
		return nil, fmt.Errorf("journal: read contacts: %w", err)
	}
	if len(data) > maxContactsFile {
		return nil, fmt.Errorf("journal: read contacts: larger than %d MiB, not an address book: %w", maxContactsFile>>20, ErrInvalid)
	}
	text, err := decodeText(data)
	if err != nil {
		return nil, fmt.Errorf("journal: read contacts: %w", err)
	}
	if strings.HasPrefix(strings.ToUpper(strings.TrimLeftFunc(text, unicode.IsSpace)), "BEGIN:VCARD") {
		return ParseVCard(strings.NewReader(text))
	}
	return ParseCSV(strings.NewReader(text))
}

// decodeText turns a file into UTF-8 text: a UTF-8 byte-order mark is
// dropped, UTF-16 with a byte-order mark is decoded, and bytes that are not
// UTF-8 are taken as Windows-1252 (Latin-1), which old exports use.
func decodeText(data []byte) (string, error) {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		data = data[3:]
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		big := data[0] == 0xFE
		data = data[2:]
		if len(data)%2 != 0 {
			return "", fmt.Errorf("UTF-16 text with an odd number of bytes: %w", ErrInvalid)
		}
		u := make([]uint16, len(data)/2)
		for i := range u {
			if big {
				u[i] = uint16(data[2*i])<<8 | uint16(data[2*i+1])
			} else {
				u[i] = uint16(data[2*i+1])<<8 | uint16(data[2*i])
			}
		}
		return string(utf16.Decode(u)), nil
	}
	if utf8.Valid(data) {
		return string(data), nil
	}
	return latin1(data), nil
}

// latin1 decodes ISO-8859-1 bytes.
func latin1(b []byte) string {
	r := make([]rune, len(b))
	for i, c := range b {
		r[i] = rune(c)
	}
	return string(r)
}

// ParseCSV reads contacts from a CSV export. The delimiter (comma,
// semicolon as spreadsheets in many countries write, or tab) is taken from
// the first line. Columns are recognised by their headers: a full name, or
// first, middle and last names; a company; and every phone column
// ("Business Phone", "Mobile Phone", "Phone 1 - Value" with its
// "Phone 1 - Type" or "Phone 1 - Label", "Work Phone", "phone", "number",
// ...), fax and pager numbers aside. Google puts several numbers in one
// cell separated by " ::: ". A file whose first line is not a header but a
// contact (a name and a number) is read as name and number columns.
func ParseCSV(r io.Reader) ([]Contact, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxContactsFile+1))
	if err != nil {
		return nil, fmt.Errorf("journal: read CSV contacts: %w", err)
	}
	text, err := decodeText(data)
	if err != nil {
		return nil, fmt.Errorf("journal: read CSV contacts: %w", err)
	}
	cr := csv.NewReader(strings.NewReader(text))
	cr.Comma = sniffDelimiter(text)
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	records, err := cr.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("journal: read CSV contacts: %w: %w", err, ErrInvalid)
	}
	if len(records) == 0 {
		return nil, nil
	}
	cols := csvColumns(records[0])
	body := records[1:]
	if len(cols.phones) == 0 {
		if !looksLikeContact(records[0]) {
			return nil, fmt.Errorf("journal: read CSV contacts: no phone number column among %q: %w",
				strings.Join(records[0], ", "), ErrInvalid)
		}
		return headerless(records), nil
	}
	var out []Contact
	for _, rec := range body {
		c := cols.contact(rec)
		if c.Name != "" && len(c.Numbers) > 0 {
			out = append(out, c)
		}
	}
	return out, nil
}

// sniffDelimiter picks the delimiter the header line uses most.
func sniffDelimiter(text string) rune {
	line, _, _ := strings.Cut(text, "\n")
	best, count := ',', strings.Count(line, ",")
	for _, d := range []rune{';', '\t'} {
		if n := strings.Count(line, string(d)); n > count {
			best, count = d, n
		}
	}
	return best
}

// phoneColumn is a column holding numbers, and the label of its numbers;
// labelCol, when not -1, holds the label row by row (Google's "Type").
type phoneColumn struct {
	col, labelCol int
	label         string
}

// columns is how a CSV header maps to a contact.
type columns struct {
	full, given, middle, family, org int
	phones                           []phoneColumn
}

// csvColumns reads a header line.
func csvColumns(header []string) columns {
	c := columns{full: -1, given: -1, middle: -1, family: -1, org: -1}
	norm := make([]string, len(header))
	for i, h := range header {
		norm[i] = strings.ToLower(strings.Join(strings.Fields(strings.Trim(h, "\ufeff \"")), " "))
	}
	find := func(name string) int {
		for i, h := range norm {
			if h == name {
				return i
			}
		}
		return -1
	}
	first := func(names ...string) int {
		for _, n := range names {
			if i := find(n); i >= 0 {
				return i
			}
		}
		return -1
	}
	c.full = first("name", "full name", "display name", "fn", "formatted name", "contact name", "contact")
	c.given = first("first name", "given name", "firstname", "given")
	c.middle = first("middle name", "additional name")
	c.family = first("last name", "family name", "surname", "lastname", "family")
	c.org = first("company", "organization", "organisation", "organization name", "organization 1 - name", "org", "business",
		"firma", "unternehmen", "société", "entreprise", "empresa", "azienda")
	for i, h := range norm {
		if strings.Contains(h, "fax") || strings.Contains(h, "pager") {
			continue
		}
		// Google: "Phone 1 - Value" with "Phone 1 - Type" (older) or
		// "Phone 1 - Label" (newer) beside it.
		if prefix, ok := strings.CutSuffix(h, " - value"); ok && strings.HasPrefix(prefix, "phone") {
			label := first(prefix+" - type", prefix+" - label")
			c.phones = append(c.phones, phoneColumn{col: i, labelCol: label})
			continue
		}
		if strings.HasSuffix(h, " - type") || strings.HasSuffix(h, " - label") {
			continue
		}
		switch {
		case h == "phone" || h == "telephone" || h == "tel" || h == "number" || h == "phone number" || h == "mobile" ||
			h == "cell" || h == "telefon" || h == "téléphone" || h == "telefono":
			c.phones = append(c.phones, phoneColumn{col: i, labelCol: -1, label: phoneLabel(h)})
		case strings.Contains(h, "phone") || (strings.HasSuffix(h, " number") && phoneLabel(h) != ""):
			c.phones = append(c.phones, phoneColumn{col: i, labelCol: -1, label: phoneLabel(h)})
		}
	}
	return c
}

// phoneLabel makes a label of a phone column's header: "Business Phone 2"
// is "business", "Mobile Number" is "mobile".
func phoneLabel(h string) string {
	for _, w := range []string{"mobile", "cell", "business", "work", "home", "company main", "main", "assistant", "car",
		"other", "primary", "callback", "radio", "isdn"} {
		if strings.Contains(h, w) {
			if w == "cell" {
				return "mobile"
			}
			return w
		}
	}
	return ""
}

// cell returns field i of rec, trimmed; "" when missing.
func cell(rec []string, i int) string {
	if i < 0 || i >= len(rec) {
		return ""
	}
	return strings.TrimSpace(rec[i])
}

// contact reads one record.
func (c columns) contact(rec []string) Contact {
	out := Contact{Name: cell(rec, c.full), Org: cell(rec, c.org)}
	if out.Name == "" {
		var parts []string
		for _, i := range []int{c.given, c.middle, c.family} {
			if v := cell(rec, i); v != "" {
				parts = append(parts, v)
			}
		}
		out.Name = strings.Join(parts, " ")
	}
	if out.Name == "" {
		out.Name = out.Org
	}
	for _, p := range c.phones {
		label := p.label
		if p.labelCol >= 0 {
			label = cleanLabel(cell(rec, p.labelCol))
		}
		for _, v := range strings.Split(cell(rec, p.col), ":::") {
			if v = strings.TrimSpace(v); NormalizeNumber(v) != "" {
				out.Numbers = append(out.Numbers, ContactNumber{Label: label, Number: v})
			}
		}
	}
	return out
}

// cleanLabel turns an address book's label into a plain word: Google's
// "* Mobile" marks the primary number, Apple writes "_$!<Mobile>!$_".
func cleanLabel(s string) string {
	s = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(s), "*"))
	s = strings.TrimSuffix(strings.TrimPrefix(s, "_$!<"), ">!$_")
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "cell" {
		return "mobile"
	}
	return s
}

// looksLikeNumber reports whether a field is a phone number rather than a
// name: mostly digits.
func looksLikeNumber(s string) bool {
	s = strings.TrimSpace(s)
	digits := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case strings.ContainsRune(" +-.()/", r):
		default:
			return false
		}
	}
	return digits >= 3
}

// looksLikeContact reports whether a record is a contact, not a header: a
// field that is a name and one that is a number.
func looksLikeContact(rec []string) bool {
	var name, number bool
	for _, f := range rec {
		switch {
		case looksLikeNumber(f):
			number = true
		case strings.TrimSpace(f) != "":
			name = true
		}
	}
	return name && number
}

// headerless reads records without a header: the first field that is not a
// number is the name, the numbers are the numbers.
func headerless(records [][]string) []Contact {
	var out []Contact
	for _, rec := range records {
		var c Contact
		for _, f := range rec {
			f = strings.TrimSpace(f)
			switch {
			case looksLikeNumber(f):
				c.Numbers = append(c.Numbers, ContactNumber{Number: f})
			case c.Name == "" && f != "":
				c.Name = f
			}
		}
		if c.Name != "" && len(c.Numbers) > 0 {
			out = append(out, c)
		}
	}
	return out
}

// ParseVCard reads contacts from a vCard file: one or many cards, versions
// 2.1, 3.0 and 4.0. It unfolds continued lines, decodes quoted-printable
// values (2.1) in UTF-8 or Latin-1, unescapes "\,", "\;" and "\n", takes the
// name from FN or else N, the company from ORG, every TEL with its type
// (TYPE=CELL, bare 2.1 parameters such as ";CELL;VOICE", or Apple's
// itemN.X-ABLabel), and tel: URIs (4.0).
func ParseVCard(r io.Reader) ([]Contact, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxContactsFile+1))
	if err != nil {
		return nil, fmt.Errorf("journal: read vCard contacts: %w", err)
	}
	text, err := decodeText(data)
	if err != nil {
		return nil, fmt.Errorf("journal: read vCard contacts: %w", err)
	}
	var out []Contact
	var card *vcard
	depth := 0
	for _, line := range unfold(text) {
		p, ok := parseContentLine(line)
		if !ok {
			continue
		}
		switch {
		case p.name == "BEGIN" && strings.EqualFold(p.value, "VCARD"):
			depth++
			if depth == 1 {
				card = &vcard{labels: map[string]string{}}
			}
			continue
		case p.name == "END" && strings.EqualFold(p.value, "VCARD"):
			depth--
			if depth == 0 && card != nil {
				if c := card.contact(); c.Name != "" && len(c.Numbers) > 0 {
					out = append(out, c)
				}
				card = nil
			}
			depth = max(depth, 0)
			continue
		}
		if card != nil && depth == 1 {
			card.add(p)
		}
	}
	if out == nil && !strings.Contains(strings.ToUpper(text), "BEGIN:VCARD") {
		return nil, fmt.Errorf("journal: read vCard contacts: no BEGIN:VCARD: not a vCard file: %w", ErrInvalid)
	}
	return out, nil
}

// unfold joins continued lines: a line starting with a space or tab
// continues the previous one (RFC 6350), and in quoted-printable values a
// line ending in "=" continues on the next (vCard 2.1).
func unfold(text string) []string {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	var out []string
	for _, l := range strings.Split(text, "\n") {
		n := len(out)
		switch {
		case n > 0 && (strings.HasPrefix(l, " ") || strings.HasPrefix(l, "\t")):
			out[n-1] += l[1:]
		case n > 0 && strings.HasSuffix(out[n-1], "=") && isQuotedPrintable(out[n-1]):
			out[n-1] = out[n-1][:len(out[n-1])-1] + l
		default:
			out = append(out, l)
		}
	}
	return out
}

// isQuotedPrintable reports whether a content line declares
// quoted-printable encoding.
func isQuotedPrintable(line string) bool {
	head, _, ok := strings.Cut(line, ":")
	return ok && strings.Contains(strings.ToUpper(head), "QUOTED-PRINTABLE")
}

// property is one content line: [group.]NAME;params:value.
type property struct {
	group, name string
	params      map[string][]string // upper-case names; bare 2.1 parameters are TYPE values
	value       string
}

// parseContentLine splits a content line; ok is false for blank or broken
// lines, which are skipped.
func parseContentLine(line string) (property, bool) {
	line = strings.TrimSpace(line)
	if line == "" {
		return property{}, false
	}
	// The value starts at the first colon outside a quoted parameter value.
	colon, quoted := -1, false
	for i, r := range line {
		if r == '"' {
			quoted = !quoted
		}
		if r == ':' && !quoted {
			colon = i
			break
		}
	}
	if colon < 0 {
		return property{}, false
	}
	head, value := line[:colon], line[colon+1:]
	parts := strings.Split(head, ";")
	p := property{params: map[string][]string{}, value: value}
	p.name = strings.ToUpper(strings.TrimSpace(parts[0]))
	if g, n, ok := strings.Cut(p.name, "."); ok {
		p.group, p.name = g, n
	}
	for _, param := range parts[1:] {
		k, v, ok := strings.Cut(param, "=")
		if !ok {
			k, v = "TYPE", param
		}
		k = strings.ToUpper(strings.TrimSpace(k))
		for _, item := range strings.Split(strings.Trim(v, `"`), ",") {
			if item = strings.TrimSpace(item); item != "" {
				p.params[k] = append(p.params[k], item)
			}
		}
	}
	if enc := p.params["ENCODING"]; len(enc) > 0 && strings.EqualFold(enc[0], "QUOTED-PRINTABLE") {
		p.value = decodeQuotedPrintable(p.value, p.params["CHARSET"])
	}
	return p, true
}

// decodeQuotedPrintable decodes a 2.1 quoted-printable value; a broken one
// is kept as written.
func decodeQuotedPrintable(v string, charset []string) string {
	b, err := io.ReadAll(quotedprintable.NewReader(strings.NewReader(v)))
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		return v
	}
	if len(charset) > 0 && !strings.EqualFold(charset[0], "UTF-8") || !utf8.Valid(b) {
		return latin1(b)
	}
	return string(b)
}

// vcard collects one card's properties.
type vcard struct {
	fn, n, org string
	tels       []property
	labels     map[string]string // group → X-ABLabel
}

func (c *vcard) add(p property) {
	switch p.name {
	case "FN":
		c.fn = unescapeVCard(p.value)
	case "N":
		c.n = p.value
	case "ORG":
		org, _, _ := cutUnescaped(p.value, ';')
		c.org = unescapeVCard(org)
	case "TEL":
		c.tels = append(c.tels, p)
	case "X-ABLABEL":
		if p.group != "" {
			c.labels[p.group] = cleanLabel(unescapeVCard(p.value))
		}
	}
}

// contact builds the card's contact.
func (c *vcard) contact() Contact {
	out := Contact{Name: strings.TrimSpace(c.fn), Org: strings.TrimSpace(c.org)}
	if out.Name == "" && c.n != "" {
		// N is family;given;additional;prefixes;suffixes.
		f := splitUnescaped(c.n, ';')
		for len(f) < 5 {
			f = append(f, "")
		}
		var parts []string
		for _, v := range []string{f[3], f[1], f[2], f[0], f[4]} {
			if v = strings.TrimSpace(unescapeVCard(v)); v != "" {
				parts = append(parts, v)
			}
		}
		out.Name = strings.Join(parts, " ")
	}
	if out.Name == "" {
		out.Name = out.Org
	}
	for _, t := range c.tels {
		number := strings.TrimSpace(unescapeVCard(t.value))
		if NormalizeNumber(number) == "" {
			continue
		}
		out.Numbers = append(out.Numbers, ContactNumber{Label: c.telLabel(t), Number: number})
	}
	return out
}

// telLabel is the label of a TEL: Apple's X-ABLabel for its group, else the
// first telling TYPE.
func (c *vcard) telLabel(t property) string {
	if l, ok := c.labels[t.group]; ok && t.group != "" {
		return l
	}
	for _, ty := range t.params["TYPE"] {
		switch l := strings.ToLower(ty); l {
		case "voice", "pref", "internet", "x-voice", "msg":
		case "cell":
			return "mobile"
		default:
			if l = strings.TrimPrefix(l, "x-"); l != "" {
				return l
			}
		}
	}
	return ""
}

// unescapeVCard undoes vCard's backslash escapes.
func unescapeVCard(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
			switch s[i] {
			case 'n', 'N':
				b.WriteByte('\n')
			default:
				b.WriteByte(s[i])
			}
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// splitUnescaped splits s at each sep not escaped with a backslash.
func splitUnescaped(s string, sep byte) []string {
	var out []string
	for {
		head, rest, ok := cutUnescaped(s, sep)
		out = append(out, head)
		if !ok {
			return out
		}
		s = rest
	}
}

// cutUnescaped cuts s at the first sep not escaped with a backslash.
func cutUnescaped(s string, sep byte) (string, string, bool) {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case sep:
			return s[:i], s[i+1:], true
		}
	}
	return s, "", false
}
