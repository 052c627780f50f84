package model

import (
	"slices"
	"testing"
	"time"
)

func TestHistoryType(t *testing.T) {
	tests := []struct {
		in    string
		want  HistoryType
		label string
	}{
		{"placed", HistoryPlaced, "placed"},
		{"missed", HistoryMissed, "missed"},
		{"received", HistoryReceived, "received"},
		{"", HistoryUnknown, "unknown"},
		{"Placed", HistoryUnknown, "unknown"},
	}
	for _, tt := range tests {
		got := ParseHistoryType(tt.in)
		if got != tt.want || got.Label() != tt.label {
			t.Errorf("ParseHistoryType(%q) = %v (%q), want %v (%q)", tt.in, got, got.Label(), tt.want, tt.label)
		}
		if tt.want != HistoryUnknown && got.String() != tt.in {
			t.Errorf("%v.String() = %q, want %q", got, got.String(), tt.in)
		}
	}
}

func TestHistoryRecordDisplayAndMatches(t *testing.T) {
	jane := HistoryRecord{Type: HistoryMissed, Name: "Jane Roe", Number: "+14155550100"}
	anon := HistoryRecord{Type: HistoryReceived, Private: true}
	bare := HistoryRecord{Type: HistoryPlaced, Number: "2001"}
	if jane.Display() != "Jane Roe" || jane.Secondary() != "+14155550100" {
		t.Errorf("jane: Display %q Secondary %q", jane.Display(), jane.Secondary())
	}
	if anon.Display() != "private" || anon.Secondary() != "" {
		t.Errorf("anon: Display %q Secondary %q", anon.Display(), anon.Secondary())
	}
	if bare.Display() != "2001" || bare.Secondary() != "" {
		t.Errorf("bare: Display %q Secondary %q", bare.Display(), bare.Secondary())
	}
	if (HistoryRecord{}).Display() != "unknown" {
		t.Errorf("empty record Display = %q", (HistoryRecord{}).Display())
	}
	tests := []struct {
		rec   HistoryRecord
		query string
		want  bool
	}{
		{jane, "", true},
		{jane, "ROE", true},
		{jane, "415 555", true},
		{jane, "missed", true},
		{jane, "placed", false},
		{bare, "placed", true},
		{anon, "private", true},
		{anon, "received", true},
		{anon, "jane", false},
	}
	for _, tt := range tests {
		if got := tt.rec.Matches(tt.query); got != tt.want {
			t.Errorf("%q.Matches(%q) = %v, want %v", tt.rec.Display(), tt.query, got, tt.want)
		}
	}
}

func TestSortHistory(t *testing.T) {
	recs := []HistoryRecord{
		{Type: HistoryPlaced, Name: "old", Time: at(time.Minute)},
		{Type: HistoryMissed, Name: "new", Time: at(time.Hour)},
		{Type: HistoryReceived, Name: "mid1", Time: at(10 * time.Minute)},
		{Type: HistoryMissed, Name: "mid2", Time: at(10 * time.Minute)},
	}
	original := slices.Clone(recs)
	names := func(rs []HistoryRecord) []string {
		var out []string
		for _, r := range rs {
			out = append(out, r.Name)
		}
		return out
	}
	if got := names(SortHistory(recs)); !slices.Equal(got, []string{"new", "mid1", "mid2", "old"}) {
		t.Errorf("SortHistory = %v", got)
	}
	if !slices.Equal(recs, original) {
		t.Error("SortHistory modified its argument")
	}
}
