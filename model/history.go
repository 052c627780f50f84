package model

import (
	"slices"
	"time"
)

// HistoryType is the kind of a call history record.
type HistoryType uint8

// The history types. The zero value is HistoryUnknown.
const (
	HistoryUnknown  HistoryType = iota
	HistoryPlaced               // a call the user placed
	HistoryMissed               // an incoming call nobody answered
	HistoryReceived             // an incoming call the user answered
)

// ParseHistoryType maps the API's type string ("placed", "missed",
// "received") to a HistoryType. Anything else is HistoryUnknown.
func ParseHistoryType(s string) HistoryType {
	switch s {
	case "placed":
		return HistoryPlaced
	case "missed":
		return HistoryMissed
	case "received":
		return HistoryReceived
	}
	return HistoryUnknown
}

// String returns the API's name for the type, or "unknown".
func (t HistoryType) String() string {
	switch t {
	case HistoryPlaced:
		return "placed"
	case HistoryMissed:
		return "missed"
	case HistoryReceived:
		return "received"
	}
	return "unknown"
}

// Label returns the type as the history list shows it, in the API's words
// (which the command line's --type uses too): "placed", "missed",
// "received" or "unknown".
func (t HistoryType) Label() string {
	switch t {
	case HistoryPlaced:
		return "placed"
	case HistoryMissed:
		return "missed"
	case HistoryReceived:
		return "received"
	}
	return "unknown"
}

// HistoryRecord is one entry of the user's call history.
type HistoryRecord struct {
	Type    HistoryType
	Name    string // empty when privacy hides it or it is not known
	Number  string // likewise
	Private bool
	// Time is when the call was placed (Placed), disconnected (Missed) or
	// answered (Received).
	Time time.Time
}

// Display returns what the history list shows for the other party: the
// name, else the number, else "private", else "unknown", as Party.Display.
func (h HistoryRecord) Display() string { return displayName(h.Name, h.Number, h.Private) }

// Secondary returns the number when Display shows the name; otherwise "".
func (h HistoryRecord) Secondary() string { return secondaryNumber(h.Name, h.Number) }

// Matches reports whether the record matches a filter query: a
// case-insensitive substring of the name, number or displayed name, the type
// label or the API's type name; a number fragment ("415 555") also matches
// the number's digits. An empty or blank query matches every record.
func (h HistoryRecord) Matches(q string) bool {
	pq := newQuery(q)
	return pq.empty() || pq.in(h.Name) || pq.inNumber(h.Number) || pq.in(h.Display()) ||
		pq.in(h.Type.Label()) || pq.in(h.Type.String())
}

// SortHistory returns the records newest first, in a new slice; records with
// the same time keep their order.
func SortHistory(records []HistoryRecord) []HistoryRecord {
	sorted := slices.Clone(records)
	slices.SortStableFunc(sorted, func(a, b HistoryRecord) int { return b.Time.Compare(a.Time) })
	return sorted
}
