package office

import (
	"fmt"
	"slices"
	"testing"
)

// office is a small directory like the simulator's.
func office() []Entry {
	return []Entry{
		{ID: "p101", Name: "Jordan Lee", Extension: "101", Number: "+14155550101", Kind: KindPerson},
		{ID: "p103", Name: "Priya Shah", Extension: "103", Number: "+14155550103", Kind: KindPerson, Location: "San Francisco"},
		{ID: "p105", Name: "Maria Garcia", Extension: "105", Number: "+14155550105", Kind: KindPerson},
		{ID: "p112", Name: "Grace O'Neill", Extension: "112", Number: "+14155550312", Kind: KindPerson},
		{ID: "p215", Name: "Priyanka Iyer", Extension: "215", Number: "+15125550215", Kind: KindPerson, Location: "Austin"},
		{ID: "w150", Name: "Lobby Phone", Extension: "150", Number: "+14155550150", Kind: KindPlace},
		{ID: "v160", Name: "Front Desk Line", Extension: "160", Number: "+14155550160", Kind: KindVirtualLine},
		{ID: "p122", Name: "Patrick Doyle", Extension: "122", Kind: KindPerson},
	}
}

func names(es []Entry) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.Name
	}
	return out
}

func TestIndexSearch(t *testing.T) {
	ix := NewIndex(office())
	for _, tc := range []struct {
		query string
		want  []string
	}{
		{"pri", []string{"Priya Shah", "Priyanka Iyer"}},
		{"Pri", []string{"Priya Shah", "Priyanka Iyer"}},
		{"shah", []string{"Priya Shah"}},
		{"priya s", []string{"Priya Shah"}},
		{"s priya", []string{"Priya Shah"}},
		{"oneill", []string{"Grace O'Neill"}},
		{"o'neill", []string{"Grace O'Neill"}},
		{"arc", []string{"Maria Garcia"}},                            // inside a name
		{"lobby", []string{"Lobby Phone"}},                           // a place
		{"103", []string{"Priya Shah"}},                              // an extension
		{"555 0312", []string{"Grace O'Neill"}},                      // digits of a number, as written
		{"10", []string{"Jordan Lee", "Priya Shah", "Maria Garcia"}}, // extensions starting so come first
		{"nobody", nil},
		{"", nil},
	} {
		got := names(ix.Search(tc.query, 10))
		if !slices.Equal(got, tc.want) {
			t.Errorf("Search(%q) = %q, want %q", tc.query, got, tc.want)
		}
	}
	if got := names(ix.Search("e", 10)); len(got) == 0 || got[len(got)-1] != "Front Desk Line" && got[len(got)-1] != "Lobby Phone" {
		t.Errorf("people come before lines and places: %q", got)
	}
	if n := ix.Count("pri"); n != 2 {
		t.Errorf("Count(pri) = %d, want 2", n)
	}
	if got := ix.Search("pri", 1); len(got) != 1 || got[0].Name != "Priya Shah" {
		t.Errorf("Search with limit 1 = %q", names(got))
	}
}

func TestIndexPutReplacesByID(t *testing.T) {
	ix := NewIndex(office())
	if ix.Put(office()[1]) {
		t.Errorf("putting the same entry again reported a change")
	}
	if !ix.Put(Entry{ID: "p103", Name: "Priya Shah-Mehta", Extension: "103", Kind: KindPerson}) {
		t.Errorf("a renamed entry reported no change")
	}
	if ix.Len() != len(office()) {
		t.Errorf("Len = %d after a replacement, want %d", ix.Len(), len(office()))
	}
	if got := names(ix.Search("mehta", 5)); !slices.Equal(got, []string{"Priya Shah-Mehta"}) {
		t.Errorf("the replaced entry is not found by its new name: %q", got)
	}
}

func TestUnique(t *testing.T) {
	ix := NewIndex(office())
	m := ix.Search("pri", 10)
	if _, ok := Unique("pri", m, 2); ok {
		t.Errorf("two matches resolved to one")
	}
	if e, ok := Unique("priya shah", ix.Search("priya shah", 10), 1); !ok || e.Extension != "103" {
		t.Errorf("a whole name did not resolve: %+v %v", e, ok)
	}
	// A whole name resolves even when it starts another one.
	both := []Entry{{ID: "a", Name: "Ann Lee", Extension: "1"}, {ID: "b", Name: "Ann Leeds", Extension: "2"}}
	if e, ok := Unique("ann lee", both, 2); !ok || e.ID != "a" {
		t.Errorf("the exact name among two matches: %+v %v", e, ok)
	}
	if got := Listing(m, 5); got != "Priya Shah (103), Priyanka Iyer (215) and 3 more" {
		t.Errorf("Listing = %q", got)
	}
}

func TestIsDigits(t *testing.T) {
	for text, want := range map[string]bool{
		"103": true, "+1 (415) 555-0103": true, "555.01": true,
		"pri": false, "vm": false, "": false, "+": false, "1a": false, "*73": false,
	} {
		if got := IsDigits(text); got != want {
			t.Errorf("IsDigits(%q) = %v, want %v", text, got, want)
		}
	}
}

// bigDirectory is an organisation of n people with distinct names.
func bigDirectory(n int) []Entry {
	first := []string{"Ada", "Ben", "Chloe", "Dev", "Elena", "Farid", "Grace", "Hugo", "Ines", "Jonas", "Kira", "Liam", "Maya", "Nils", "Omar", "Pia", "Quinn", "Rosa", "Sven", "Tara"}
	last := []string{"Adams", "Brooks", "Chen", "Diaz", "Evans", "Fischer", "Garcia", "Hughes", "Ito", "Jensen", "Khan", "Lopez", "Meyer", "Novak", "Okafor", "Patel", "Quist", "Rossi", "Silva", "Tanaka"}
	out := make([]Entry, n)
	for i := range out {
		out[i] = Entry{
			ID: fmt.Sprintf("person-%d", i), Name: fmt.Sprintf("%s %s%d", first[i%len(first)], last[(i/len(first))%len(last)], i),
			Extension: fmt.Sprintf("%d", 10000+i), Number: fmt.Sprintf("+1415%07d", i), Kind: KindPerson, Location: "San Francisco",
		}
	}
	return out
}

func TestBigDirectory(t *testing.T) {
	ix := NewIndex(bigDirectory(10_000))
	if got := ix.Search("ada adams0", 5); len(got) != 1 || got[0].ID != "person-0" {
		t.Errorf("a unique name in 10,000: %q", names(got))
	}
	if n := ix.Count("chloe"); n != 500 {
		t.Errorf("Count(chloe) = %d, want 500", n)
	}
}
