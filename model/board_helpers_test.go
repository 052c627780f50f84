package model

import (
	"slices"
	"testing"
	"time"
)

// mk returns an incoming call in state st with an appearance (0 = none) and
// a created time relative to the test timeline.
func mk(id string, st State, appearance int, created time.Duration) Call {
	return Call{
		ID: id, SessionID: "s-" + id, Personality: PersonalityTerminator, State: st,
		Remote:     Party{Name: "Caller " + id, Number: "+1415555" + id, CallType: CallTypeExternal},
		Appearance: appearance, Created: at(created),
	}
}

// ring returns a ringing incoming call without an appearance.
func ring(id string, created time.Duration) Call { return mk(id, StateAlerting, 0, created) }

// talk returns a connected call without an appearance.
func talk(id string, created time.Duration) Call {
	c := mk(id, StateConnected, 0, created)
	c.Answered = at(created + time.Second)
	return c
}

// held returns a call the user holds.
func held(id string, created time.Duration) Call {
	c := talk(id, created)
	c.State = StateHeld
	return c
}

// rowIDs returns the call ids of rows, in order.
func rowIDs(rows []Row) []string {
	ids := make([]string, len(rows))
	for i, r := range rows {
		ids[i] = r.Call.ID
	}
	return ids
}

// wantOrder fails the test unless the board's rows are exactly ids, in order.
func wantOrder(t *testing.T, b *Board, ids ...string) {
	t.Helper()
	if got := rowIDs(b.Rows()); !slices.Equal(got, ids) {
		t.Errorf("rows = %v, want %v", got, ids)
	}
	if b.Len() != len(ids) {
		t.Errorf("Len() = %d, want %d", b.Len(), len(ids))
	}
}

// wantSelected fails the test unless id is selected and visible ("" = no
// selection at all), at index idx of Visible.
func wantSelected(t *testing.T, b *Board, id string, idx int) {
	t.Helper()
	row, ok := b.Selected()
	switch {
	case id == "" && ok:
		t.Errorf("Selected() = %q, want no selection", row.Call.ID)
	case id != "" && (!ok || row.Call.ID != id):
		t.Errorf("Selected() = %q, %v; want %q", row.Call.ID, ok, id)
	}
	if b.SelectedID() != id {
		t.Errorf("SelectedID() = %q, want %q", b.SelectedID(), id)
	}
	if got := b.SelectedIndex(); got != idx {
		t.Errorf("SelectedIndex() = %d, want %d", got, idx)
	}
}

// wantChanges compares two Changes, treating nil and empty lists alike.
func wantChanges(t *testing.T, got, want Changes) {
	t.Helper()
	eq := func(a, b []string) bool { return len(a) == 0 && len(b) == 0 || slices.Equal(a, b) }
	if !eq(got.Arrived, want.Arrived) || !eq(got.Answered, want.Answered) || !eq(got.Ended, want.Ended) ||
		!eq(got.HeldTooLong, want.HeldTooLong) || !eq(got.Recalled, want.Recalled) ||
		!eq(got.Held, want.Held) || !eq(got.Resumed, want.Resumed) {
		t.Errorf("changes = %+v, want %+v", got, want)
	}
	if got.Empty() != want.Empty() {
		t.Errorf("Empty() = %v, want %v", got.Empty(), want.Empty())
	}
}

// visible returns the rows the filter shows, in display order.
func visible(b *Board) []Row {
	rows := make([]Row, b.VisibleLen())
	for i := range rows {
		rows[i] = b.VisibleRow(i)
	}
	return rows
}
