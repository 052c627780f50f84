package config

import (
	"strconv"
	"strings"

	"github.com/pelletier/go-toml/v2/unstable"
)

// keyPath names a place in the document the way TOML writes it: "poll.fast",
// "speed_dial[2].label", "keys.answer[1]". Keys that are not bare are quoted.
type keyPath string

// key is the path of child key k.
func (p keyPath) key(k string) keyPath {
	q := quoteKey(k)
	if p == "" {
		return keyPath(q)
	}
	return p + "." + keyPath(q)
}

// index is the path of element i of the array at p.
func (p keyPath) index(i int) keyPath { return p + "[" + keyPath(strconv.Itoa(i)) + "]" }

// parent is the enclosing key or array, "" at the top.
func (p keyPath) parent() keyPath {
	s := string(p)
	if strings.HasSuffix(s, "]") {
		return keyPath(s[:strings.LastIndexByte(s, '[')])
	}
	start := strings.LastIndexByte(s, '.') + 1
	if strings.HasSuffix(s, `"`) {
		// The last key is quoted and may hold dots: find its opening quote.
		start = 0
		for i := len(s) - 2; i >= 0; i-- {
			if s[i] == '"' && !escaped(s, i) {
				start = i
				break
			}
		}
	}
	if start <= 0 {
		return ""
	}
	return keyPath(s[:start-1])
}

// escaped reports whether s[i] follows an odd number of backslashes.
func escaped(s string, i int) bool {
	n := 0
	for j := i - 1; j >= 0 && s[j] == '\\'; j-- {
		n++
	}
	return n%2 == 1
}

// quoteKey writes k as a TOML key: bare when it can be.
func quoteKey(k string) string {
	if k == "" {
		return `""`
	}
	for _, r := range k {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-') {
			return strconv.Quote(k)
		}
	}
	return k
}

// document knows where each key of a parsed file is written.
type document struct {
	name    string
	at      map[keyPath]unstable.Position // the key, table header or array element
	secrets []keyPath                     // the secrets the file sets
	lines   lineIndex

	keys      int      // keys and table headers written
	pastLimit Position // where the key past maxKeys is, once there is one
}

// lineIndex turns byte offsets into lines and columns. The parser's own
// Shape counts the lines from the start of the file at every call, which
// made indexing a file of n keys cost n times its size; this scans the file
// once and then finds a line by binary search.
type lineIndex struct {
	starts []int // the offset of the first byte of every line
	work   int   // bytes scanned plus search steps: how tests see the cost grow
}

// newLineIndex scans data once for its line starts.
func newLineIndex(data []byte) lineIndex {
	ix := lineIndex{starts: []int{0}, work: len(data)}
	for i, c := range data {
		if c == '\n' {
			ix.starts = append(ix.starts, i+1)
		}
	}
	return ix
}

// at returns the 1-based line and column of the byte at offset; the column
// counts bytes, as the parser's positions do.
func (ix *lineIndex) at(offset int) unstable.Position {
	lo, hi := 0, len(ix.starts)-1 // the line is the last start <= offset
	for lo < hi {
		ix.work++
		mid := (lo + hi + 1) / 2
		if ix.starts[mid] <= offset {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return unstable.Position{Offset: offset, Line: lo + 1, Column: offset - ix.starts[lo] + 1}
}

// pos returns where path is written, or where its nearest written parent
// is, or the start of the file.
func (d *document) pos(path keyPath) Position {
	for p := path; ; p = p.parent() {
		if at, ok := d.at[p]; ok {
			return Position{File: d.name, Line: at.Line, Col: at.Column}
		}
		if p == "" {
			return Position{File: d.name, Line: 1, Col: 1}
		}
	}
}

// has reports whether the file writes path itself.
func (d *document) has(path keyPath) bool {
	_, ok := d.at[path]
	return ok
}

// indexDocument records the position of every key, table header and array
// element of data, which must be valid TOML. Array-of-tables entries get
// their index: the third [[speed_dial]] header is "speed_dial[2]".
func indexDocument(name string, data []byte) *document {
	d := &document{name: name, at: make(map[keyPath]unstable.Position), lines: newLineIndex(data)}
	var p unstable.Parser
	p.Reset(data)
	arrays := make(map[keyPath]int) // array-of-tables path → current index
	var table keyPath
	for p.NextExpression() {
		e := p.Expression()
		switch e.Kind {
		case unstable.Table, unstable.ArrayTable:
			parts, first := d.keyParts(e)
			path := resolve(parts[:len(parts)-1], arrays)
			path = path.key(parts[len(parts)-1])
			if e.Kind == unstable.ArrayTable {
				i, seen := arrays[path]
				if seen {
					i++
				} else {
					i = 0
					d.record(path, first)
				}
				arrays[path] = i
				path = path.index(i)
			}
			d.record(path, first)
			table = path
		case unstable.KeyValue:
			d.keyValue(table, e)
		}
	}
	return d
}

// keyValue records a key = value line (or inline-table entry) under table.
func (d *document) keyValue(table keyPath, e *unstable.Node) {
	parts, first := d.keyParts(e)
	path := table
	for _, k := range parts {
		path = path.key(k)
		d.record(path, first)
	}
	d.value(path, e.Value())
}

// value records the elements of arrays and the entries of inline tables.
func (d *document) value(path keyPath, v *unstable.Node) {
	switch v.Kind {
	case unstable.InlineTable:
		it := v.Children()
		for it.Next() {
			if kv := it.Node(); kv.Kind == unstable.KeyValue {
				d.keyValue(path, kv)
			}
		}
	case unstable.Array:
		it := v.Children()
		for i := 0; it.Next(); i++ {
			el := it.Node()
			ep := path.index(i)
			if el.Raw.Length > 0 {
				d.record(ep, d.lines.at(int(el.Raw.Offset)))
			}
			d.value(ep, el)
		}
	}
}

// record keeps the first position seen for path.
func (d *document) record(path keyPath, at unstable.Position) {
	if _, ok := d.at[path]; !ok {
		d.at[path] = at
	}
}

// keyParts returns the parts of a node's (possibly dotted) key and where the
// key starts.
func (d *document) keyParts(n *unstable.Node) ([]string, unstable.Position) {
	var parts []string
	var first unstable.Position
	it := n.Key()
	for it.Next() {
		k := it.Node()
		if len(parts) == 0 {
			first = d.lines.at(int(k.Raw.Offset))
		}
		if d.keys++; d.keys == maxKeys+1 {
			at := d.lines.at(int(k.Raw.Offset))
			d.pastLimit = Position{File: d.name, Line: at.Line, Col: at.Column}
		}
		parts = append(parts, string(k.Data))
	}
	return parts, first
}

// resolve turns the leading parts of a table header into a path, entering
// the current entry of any array of tables on the way.
func resolve(parts []string, arrays map[keyPath]int) keyPath {
	var path keyPath
	for _, k := range parts {
		path = path.key(k)
		if i, ok := arrays[path]; ok {
			path = path.index(i)
		}
	}
	return path
}
