package config

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Position is a place in a configuration file. Line and Col count from 1;
// Col counts bytes, as Go's own tools do.
type Position struct {
	File string
	Line int
	Col  int
}

// String writes "file:line:col", or just the file when the line is unknown.
func (p Position) String() string {
	if p.Line == 0 {
		return p.File
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// Problem is one reason a configuration was refused.
type Problem struct {
	Position
	Message string
}

// String writes "file:line:col: message".
func (p Problem) String() string { return prefix(p.Position) + p.Message }

// Warning is something an operator should fix that does not stop callboard.
type Warning struct {
	Position        // zero when the warning is not about a place in a file
	Message  string // what is wrong and what to do
}

// String writes "file:line:col: message", or the message alone.
func (w Warning) String() string { return prefix(w.Position) + w.Message }

// prefix is "pos: " for a known position, "" otherwise.
func prefix(p Position) string {
	if s := p.String(); s != "" {
		return s + ": "
	}
	return ""
}

// Error lists every problem found in a configuration file, each with its
// file:line:col. Get at the list with errors.As.
type Error struct {
	Problems []Problem
}

// Error writes one problem per line.
func (e *Error) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// sortProblems orders problems by their place in the file.
func sortProblems(ps []Problem) {
	slices.SortStableFunc(ps, func(a, b Problem) int {
		return cmp.Or(cmp.Compare(a.Line, b.Line), cmp.Compare(a.Col, b.Col))
	})
}
