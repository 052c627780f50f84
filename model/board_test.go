package model

import (
	"fmt"
	"slices"
	"testing"
	"time"
)

func TestBoardOrder(t *testing.T) {
	tests := []struct {
		name  string
		polls [][]Call // applied one second apart
		want  []string
	}{
		{
			name:  "appearance ascending, then calls without one",
			polls: [][]Call{{mk("c", StateConnected, 0, 0), mk("b", StateConnected, 2, 5), mk("a", StateConnected, 1, 9)}},
			want:  []string{"a", "b", "c"},
		},
		{
			name:  "created time among calls without appearance",
			polls: [][]Call{{ring("late", sec(30)), ring("early", sec(10)), ring("mid", sec(20))}},
			want:  []string{"early", "mid", "late"},
		},
		{
			name:  "created time breaks an appearance tie",
			polls: [][]Call{{mk("y", StateConnected, 1, sec(20)), mk("x", StateConnected, 1, sec(10))}},
			want:  []string{"x", "y"},
		},
		{
			name:  "id breaks a full tie",
			polls: [][]Call{{ring("b2", 0), ring("a1", 0), ring("c3", 0)}},
			want:  []string{"a1", "b2", "c3"},
		},
		{
			name:  "a new call slots in by its key",
			polls: [][]Call{{mk("one", StateConnected, 1, 0), mk("three", StateConnected, 3, 0)}, {mk("one", StateConnected, 1, 0), mk("three", StateConnected, 3, 0), mk("two", StateAlerting, 2, sec(5))}},
			want:  []string{"one", "two", "three"},
		},
		{
			name:  "poll order does not matter",
			polls: [][]Call{{ring("a", sec(1)), ring("b", sec(2))}, {ring("b", sec(2)), ring("a", sec(1))}},
			want:  []string{"a", "b"},
		},
		{
			name: "a changed appearance does not move a row",
			polls: [][]Call{
				{mk("a", StateConnected, 1, 0), mk("b", StateConnected, 2, 0)},
				{mk("a", StateConnected, 3, 0), mk("b", StateConnected, 2, 0)},
			},
			want: []string{"a", "b"},
		},
		{
			name: "an appearance assigned later does not move a row",
			polls: [][]Call{
				{mk("a", StateConnected, 1, 0), ring("b", sec(1)), ring("c", sec(2))},
				{mk("a", StateConnected, 1, 0), ring("b", sec(1)), mk("c", StateAlerting, 2, sec(2))},
			},
			want: []string{"a", "b", "c"},
		},
		{
			name:  "calls without id and duplicates are ignored",
			polls: [][]Call{{ring("a", 0), ring("", sec(1)), ring("a", sec(9)), ring("b", sec(2)), ring("b", sec(3))}},
			want:  []string{"a", "b"},
		},
		{
			name:  "a call first seen disconnected is ignored",
			polls: [][]Call{{ring("a", 0), mk("gone", StateDisconnected, 0, sec(1))}},
			want:  []string{"a"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := NewBoard(BoardOptions{})
			for i, p := range tt.polls {
				b.Apply(p, at(sec(100+i)))
			}
			wantOrder(t, b, tt.want...)
		})
	}
}

func TestBoardDuplicateKeepsFirst(t *testing.T) {
	b := NewBoard(BoardOptions{})
	first := ring("a", 0)
	second := talk("a", 0)
	b.Apply([]Call{first, second}, at(0))
	b.Apply([]Call{first, second}, at(sec(1)))
	row, ok := b.Find("a")
	if !ok || row.Call.State != StateAlerting {
		t.Errorf("Find(a) = %v, %v; want the first occurrence (alerting)", row.Call.State, ok)
	}
}

func TestBoardSelectionFollowsID(t *testing.T) {
	b := NewBoard(BoardOptions{})
	b.Apply([]Call{talk("m", sec(50))}, at(sec(60)))
	wantSelected(t, b, "m", 0)

	// Rows arrive above and below: the selection stays on m.
	b.Apply([]Call{talk("m", sec(50)), ring("a", sec(10)), ring("z", sec(90)), mk("top", StateConnected, 1, sec(99))}, at(sec(61)))
	wantOrder(t, b, "top", "a", "m", "z")
	wantSelected(t, b, "m", 2)

	// Rows above end and go: the selection still stays on m.
	b.Apply([]Call{talk("m", sec(50)), ring("z", sec(90))}, at(sec(62)))
	wantSelected(t, b, "m", 2)
	b.Apply([]Call{talk("m", sec(50)), ring("z", sec(90))}, at(sec(70)))
	wantOrder(t, b, "m", "z")
	wantSelected(t, b, "m", 0)
}

func TestBoardSelectionAfterRemoval(t *testing.T) {
	tests := []struct {
		name     string
		rows     []string
		selected string
		removed  []string
		want     string // "" = no selection
		wantIdx  int
	}{
		{"middle: the next row takes its place", []string{"a", "b", "c"}, "b", []string{"b"}, "c", 1},
		{"first", []string{"a", "b", "c"}, "a", []string{"a"}, "b", 0},
		{"last: the previous row", []string{"a", "b", "c"}, "c", []string{"c"}, "b", 1},
		{"only row", []string{"a"}, "a", []string{"a"}, "", -1},
		{"with its neighbour below", []string{"a", "b", "c", "d"}, "b", []string{"b", "c"}, "d", 1},
		{"with everything below", []string{"a", "b", "c", "d"}, "b", []string{"b", "c", "d"}, "a", 0},
		{"another row goes", []string{"a", "b", "c"}, "c", []string{"a"}, "c", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := NewBoard(BoardOptions{EndedLinger: sec(5)})
			var all []Call
			for i, id := range tt.rows {
				all = append(all, talk(id, sec(i)))
			}
			b.Apply(all, at(sec(10)))
			if !b.Select(tt.selected) {
				t.Fatalf("Select(%q) = false", tt.selected)
			}
			var kept []Call
			for _, c := range all {
				if !slices.Contains(tt.removed, c.ID) {
					kept = append(kept, c)
				}
			}
			b.Apply(kept, at(sec(11)))
			// Ended rows linger: nothing moves yet.
			wantSelected(t, b, tt.selected, slices.Index(tt.rows, tt.selected))
			b.Apply(kept, at(sec(16)))
			wantSelected(t, b, tt.want, tt.wantIdx)
		})
	}
}

func TestBoardFirstArrivalSelected(t *testing.T) {
	for _, auto := range []bool{false, true} {
		b := NewBoard(BoardOptions{AutoSelectRinging: auto})
		wantSelected(t, b, "", -1)
		b.Apply(nil, at(0))
		wantSelected(t, b, "", -1)
		// A dial (not ringing in) on an empty board is selected too; of
		// several, the first in display order.
		out := talk("out", sec(5))
		out.Personality = PersonalityClickToDial
		b.Apply([]Call{out, talk("early", sec(1))}, at(sec(6)))
		wantSelected(t, b, "early", 0)
	}
}

func TestBoardAutoSelectRinging(t *testing.T) {
	tests := []struct {
		name   string
		auto   bool
		before []Call // first poll
		pick   string // selected before the second poll ("" = leave as is)
		after  []Call // second poll
		want   string // selected afterwards
	}{
		{"off: a new ringing call leaves the selection", false, []Call{talk("a", 0)}, "", []Call{talk("a", 0), ring("r", sec(1))}, "a"},
		{"on: live selection kept", true, []Call{talk("a", 0)}, "", []Call{talk("a", 0), ring("r", sec(1))}, "a"},
		{"on: ended selection gives way", true, []Call{talk("a", 0), talk("b", sec(1))}, "a", []Call{talk("b", sec(1)), ring("r", sec(2))}, "r"},
		{"off: ended selection stays while it lingers", false, []Call{talk("a", 0), talk("b", sec(1))}, "a", []Call{talk("b", sec(1)), ring("r", sec(2))}, "a"},
		{"on: empty board takes the ringing call, not the first row", true, nil, "", []Call{talk("a", 0), ring("r", sec(1))}, "r"},
		{"off: empty board takes the first row", false, nil, "", []Call{talk("a", 0), ring("r", sec(1))}, "a"},
		{"on: of two ringing calls the first in order", true, nil, "", []Call{ring("r2", sec(2)), ring("r1", sec(1))}, "r1"},
		{"on: an outgoing call does not take it", true, []Call{talk("a", 0), talk("b", sec(1))}, "a", []Call{talk("b", sec(1)), mk("o", StateConnecting, 0, sec(2))}, "a"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := NewBoard(BoardOptions{AutoSelectRinging: tt.auto})
			b.Apply(tt.before, at(sec(10)))
			if tt.pick != "" && !b.Select(tt.pick) {
				t.Fatalf("Select(%q) = false", tt.pick)
			}
			b.Apply(tt.after, at(sec(11)))
			if got := b.SelectedID(); got != tt.want {
				t.Errorf("selected %q, want %q", got, tt.want)
			}
		})
	}
}

func TestBoardEndedLinger(t *testing.T) {
	b := NewBoard(BoardOptions{EndedLinger: sec(5)})
	b.Apply([]Call{talk("a", 0), talk("b", sec(1))}, at(sec(10)))
	ch := b.Apply([]Call{talk("b", sec(1))}, at(sec(12)))
	wantChanges(t, ch, Changes{Ended: []string{"a"}})

	row, ok := b.Find("a")
	if !ok || !row.Ended() || row.EndedAt != at(sec(12)) || row.Call.Status() != StatusEnded {
		t.Fatalf("ended row = %+v, %v; want ended at 12s with status ended", row, ok)
	}
	if Allowed(ActionHangup, &row.Call) {
		t.Error("hangup allowed on an ended row")
	}
	if got := rowIDs(b.Live()); !slices.Equal(got, []string{"b"}) {
		t.Errorf("Live() = %v, want [b]", got)
	}
	wantOrder(t, b, "a", "b")

	// Still there just before the linger ends; Ended is reported once.
	ch = b.Apply([]Call{talk("b", sec(1))}, at(sec(16)))
	wantChanges(t, ch, Changes{})
	wantOrder(t, b, "a", "b")
	if b.Expire(at(sec(16))) {
		t.Error("Expire before the linger ended reported a removal")
	}

	// Expire between polls removes it.
	if !b.Expire(at(sec(17))) {
		t.Error("Expire after the linger reported nothing")
	}
	wantOrder(t, b, "b")
	if _, ok := b.Find("a"); ok {
		t.Error("Find(a) after removal = true")
	}
	if b.Expire(at(sec(30))) {
		t.Error("Expire with nothing to remove reported a removal")
	}
}

func TestBoardEndedLingerOptions(t *testing.T) {
	tests := []struct {
		name   string
		linger time.Duration
		gone   time.Duration // first time after the end at which the row is gone
	}{
		{"default", 0, DefaultEndedLinger},
		{"custom", sec(2), sec(2)},
		{"negative: at once", -1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := NewBoard(BoardOptions{EndedLinger: tt.linger})
			b.Apply([]Call{talk("a", 0)}, at(0))
			ch := b.Apply(nil, at(sec(1)))
			wantChanges(t, ch, Changes{Ended: []string{"a"}})
			if tt.gone > 0 {
				b.Expire(at(sec(1) + tt.gone - time.Millisecond))
				wantOrder(t, b, "a")
			}
			b.Expire(at(sec(1) + tt.gone))
			wantOrder(t, b)
			wantSelected(t, b, "", -1)
		})
	}
}

func TestBoardEndedByState(t *testing.T) {
	b := NewBoard(BoardOptions{})
	b.Apply([]Call{talk("a", 0)}, at(sec(1)))
	gone := talk("a", 0)
	gone.State = StateDisconnected
	ch := b.Apply([]Call{gone}, at(sec(2)))
	wantChanges(t, ch, Changes{Ended: []string{"a"}})
	// Disappearing next is not a second end.
	ch = b.Apply(nil, at(sec(3)))
	wantChanges(t, ch, Changes{})
	row, _ := b.Find("a")
	if row.EndedAt != at(sec(2)) {
		t.Errorf("EndedAt = %v, want the poll that reported it disconnected", row.EndedAt)
	}
}

func TestBoardVanishAndReappear(t *testing.T) {
	b := NewBoard(BoardOptions{HoldLimit: sec(30)})
	b.Apply([]Call{talk("a", 0), held("b", sec(1)), talk("c", sec(2))}, at(sec(10)))
	b.Select("b")

	// A flaky poll misses b: it ends in place.
	ch := b.Apply([]Call{talk("a", 0), talk("c", sec(2))}, at(sec(11)))
	wantChanges(t, ch, Changes{Ended: []string{"b"}})
	wantOrder(t, b, "a", "b", "c")

	// It comes back: alive, in place, still selected, hold episode intact.
	ch = b.Apply([]Call{held("b", sec(1)), talk("a", 0), talk("c", sec(2))}, at(sec(12)))
	wantChanges(t, ch, Changes{})
	wantOrder(t, b, "a", "b", "c")
	wantSelected(t, b, "b", 1)
	row, _ := b.Find("b")
	if row.Ended() || row.Call.State != StateHeld || row.HeldSince != at(sec(10)) || row.FirstSeen != at(sec(10)) {
		t.Errorf("revived row = ended %v, state %v, held since %v, first seen %v; want live, held since 10s, first seen 10s",
			row.Ended(), row.Call.State, row.HeldSince, row.FirstSeen)
	}
	if got := b.CheckHolds(at(sec(40))); !slices.Equal(got, []string{"b"}) {
		t.Errorf("CheckHolds = %v, want [b] (the hold began at 10s)", got)
	}

	// Gone for longer than the linger, it comes back as a new call.
	b.Apply([]Call{talk("a", 0), talk("c", sec(2))}, at(sec(41)))
	b.Apply([]Call{talk("a", 0), talk("c", sec(2))}, at(sec(50)))
	wantOrder(t, b, "a", "c")
	ch = b.Apply([]Call{talk("a", 0), ring("b", sec(1)), talk("c", sec(2))}, at(sec(51)))
	wantChanges(t, ch, Changes{Arrived: []string{"b"}})
	row, _ = b.Find("b")
	if row.FirstSeen != at(sec(51)) {
		t.Errorf("FirstSeen of the new b = %v, want 51s", row.FirstSeen)
	}
}

func TestBoardChanges(t *testing.T) {
	recalled := ring("rc", sec(3))
	recalled.Recall = &Recall{Type: RecallTypePark, Party: Party{Number: "7001"}}
	parkedBack := talk("p", sec(4))
	parkedBack.Recall = &Recall{Type: RecallTypePark}
	outgoing := mk("o", StateConnecting, 0, sec(5))
	outgoing.Personality = PersonalityOriginator
	clickToDial := mk("d", StateAlerting, 0, sec(6))
	clickToDial.Personality = PersonalityClickToDial

	type poll struct {
		at    time.Duration
		calls []Call
		want  Changes
	}
	tests := []struct {
		name  string
		opts  BoardOptions
		polls []poll
	}{
		{
			name: "arrived: only new calls ringing in",
			polls: []poll{
				{0, []Call{ring("r", 0), talk("t", sec(1)), outgoing, clickToDial}, Changes{Arrived: []string{"r"}}},
				{sec(1), []Call{ring("r", 0), talk("t", sec(1)), outgoing, clickToDial}, Changes{}},
			},
		},
		{
			name: "answered: once, from ringing or connecting",
			polls: []poll{
				{0, []Call{ring("r", 0), outgoing}, Changes{Arrived: []string{"r"}}},
				{sec(1), []Call{talk("r", 0), func() Call { c := outgoing; c.State = StateConnected; return c }()}, Changes{Answered: []string{"r", "o"}}},
				{sec(2), []Call{held("r", 0)}, Changes{Ended: []string{"o"}, Held: []string{"r"}}},
				{sec(3), []Call{talk("r", 0)}, Changes{Resumed: []string{"r"}}},
			},
		},
		{
			name: "answered: not for a call first seen connected",
			polls: []poll{
				{0, []Call{talk("t", 0), held("h", 0)}, Changes{}},
			},
		},
		{
			name: "answered: a ringing call that vanished and came back answered",
			polls: []poll{
				{0, []Call{ring("r", 0)}, Changes{Arrived: []string{"r"}}},
				{sec(1), nil, Changes{Ended: []string{"r"}}},
				{sec(2), []Call{talk("r", 0)}, Changes{Answered: []string{"r"}}},
			},
		},
		{
			name: "ended: in display order",
			polls: []poll{
				{0, []Call{talk("b", sec(2)), talk("a", sec(1)), talk("c", sec(3))}, Changes{}},
				{sec(1), []Call{talk("b", sec(2))}, Changes{Ended: []string{"a", "c"}}},
			},
		},
		{
			name: "recalled: once, new or existing",
			polls: []poll{
				{0, []Call{recalled, talk("p", sec(4))}, Changes{Arrived: []string{"rc"}, Recalled: []string{"rc"}}},
				{sec(1), []Call{recalled, parkedBack}, Changes{Recalled: []string{"p"}}},
				{sec(2), []Call{recalled, parkedBack}, Changes{}},
			},
		},
		{
			name: "held too long: once per episode",
			opts: BoardOptions{HoldLimit: sec(60)},
			polls: []poll{
				{0, []Call{talk("h", 0)}, Changes{}},
				{sec(10), []Call{held("h", 0)}, Changes{Held: []string{"h"}}},
				{sec(69), []Call{held("h", 0)}, Changes{}},
				{sec(70), []Call{held("h", 0)}, Changes{HeldTooLong: []string{"h"}}},
				{sec(200), []Call{held("h", 0)}, Changes{}},
				{sec(201), []Call{talk("h", 0)}, Changes{Resumed: []string{"h"}}},
				{sec(202), []Call{held("h", 0)}, Changes{Held: []string{"h"}}},
				{sec(262), []Call{held("h", 0)}, Changes{HeldTooLong: []string{"h"}}},
			},
		},
		{
			name: "held too long: a call first seen held starts its episode then",
			opts: BoardOptions{HoldLimit: sec(30)},
			polls: []poll{
				{0, []Call{held("h", -time.Hour)}, Changes{}},
				{sec(30), []Call{held("h", -time.Hour)}, Changes{HeldTooLong: []string{"h"}}},
			},
		},
		{
			name: "held too long: remote hold does not count; off without a limit",
			opts: BoardOptions{},
			polls: []poll{
				{0, []Call{held("h", 0), mk("rh", StateRemoteHeld, 0, 0)}, Changes{}},
				{time.Hour, []Call{held("h", 0), mk("rh", StateRemoteHeld, 0, 0)}, Changes{}},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := NewBoard(tt.opts)
			for i, p := range tt.polls {
				t.Run(fmt.Sprintf("poll %d", i), func(t *testing.T) {
					wantChanges(t, b.Apply(p.calls, at(p.at)), p.want)
				})
			}
		})
	}
}

func TestBoardCheckHolds(t *testing.T) {
	b := NewBoard(BoardOptions{HoldLimit: sec(60)})
	b.Apply([]Call{held("a", 0), talk("b", 0), held("c", sec(1))}, at(sec(10)))
	if got := b.CheckHolds(at(sec(69))); len(got) != 0 {
		t.Errorf("CheckHolds at 69s = %v, want none", got)
	}
	if got := b.CheckHolds(at(sec(70))); !slices.Equal(got, []string{"a", "c"}) {
		t.Errorf("CheckHolds at 70s = %v, want [a c]", got)
	}
	if got := b.CheckHolds(at(sec(80))); len(got) != 0 {
		t.Errorf("CheckHolds again = %v, want none (once per episode)", got)
	}
	// The next poll does not repeat what the tick raised.
	ch := b.Apply([]Call{held("a", 0), talk("b", 0), held("c", sec(1))}, at(sec(81)))
	wantChanges(t, ch, Changes{})

	row, _ := b.Find("a")
	if got := row.HeldFor(at(sec(81))); got != sec(71) {
		t.Errorf("HeldFor = %v, want 71s", got)
	}
	if row, _ := b.Find("b"); row.HeldFor(at(sec(81))) != 0 {
		t.Error("HeldFor of a connected call is not 0")
	}

	// An ended call is not held too long.
	b2 := NewBoard(BoardOptions{HoldLimit: sec(5)})
	b2.Apply([]Call{held("x", 0)}, at(0))
	b2.Apply(nil, at(sec(1)))
	if got := b2.CheckHolds(at(sec(5))); len(got) != 0 {
		t.Errorf("CheckHolds on an ended call = %v", got)
	}
}

func TestRowDuration(t *testing.T) {
	b := NewBoard(BoardOptions{})
	b.Apply([]Call{talk("a", 0)}, at(sec(10)))
	b.Apply(nil, at(sec(20)))
	row, _ := b.Find("a")
	// Answered at 1s, ended at 20s: 19s, however late we look.
	if got := row.Duration(at(sec(23))); got != sec(19) {
		t.Errorf("Duration of an ended row = %v, want 19s", got)
	}
	if got := row.Duration(at(sec(15))); got != sec(14) {
		t.Errorf("Duration before EndedAt = %v, want 14s", got)
	}
}

func TestBoardMove(t *testing.T) {
	tests := []struct {
		name  string
		moves func(b *Board)
		want  string
	}{
		{"down one", func(b *Board) { b.Move(1) }, "b"},
		{"down clamps at the last", func(b *Board) { b.Move(10) }, "d"},
		{"up clamps at the first", func(b *Board) { b.Move(2); b.Move(-5) }, "a"},
		{"zero stays", func(b *Board) { b.Move(2); b.Move(0) }, "c"},
		{"last then up", func(b *Board) { b.Last(); b.Move(-1) }, "c"},
		{"first", func(b *Board) { b.Move(3); b.First() }, "a"},
		{"select then move", func(b *Board) { b.Select("c"); b.Move(1) }, "d"},
		{"select unknown keeps the selection", func(b *Board) { b.Move(1); b.Select("nope") }, "b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := NewBoard(BoardOptions{})
			b.Apply([]Call{talk("a", 0), talk("b", sec(1)), talk("c", sec(2)), talk("d", sec(3))}, at(sec(10)))
			tt.moves(b)
			if got := b.SelectedID(); got != tt.want {
				t.Errorf("selected %q, want %q", got, tt.want)
			}
		})
	}
	empty := NewBoard(BoardOptions{})
	empty.Move(1)
	empty.First()
	empty.Last()
	if empty.Select("x") || empty.SelectedID() != "" {
		t.Error("an empty board gained a selection")
	}
}

func TestBoardFilter(t *testing.T) {
	jane := talk("1", 0)
	jane.Remote = Party{Name: "Jane Roe", Number: "+14155550101"}
	john := mk("2", StateConnecting, 0, sec(1)) // not ringing in: ringing calls are never filtered out
	john.Personality = PersonalityOriginator
	john.Remote = Party{Name: "John Doe", Number: "+14155550102"}
	jim := held("3", sec(2))
	jim.Remote = Party{Name: "Jim Beam", Number: "2001"}
	jo := talk("4", sec(3))
	jo.Remote = Party{Name: "Jo March", Number: "2002"}
	calls := []Call{jane, john, jim, jo}

	b := NewBoard(BoardOptions{})
	b.Apply(calls, at(sec(10)))
	b.Select("3")
	wantSelected(t, b, "3", 2)

	b.SetFilter("  JO ")
	if b.Filter() != "jo" {
		t.Errorf("Filter() = %q, want %q", b.Filter(), "jo")
	}
	if got := rowIDs(visible(b)); !slices.Equal(got, []string{"2", "4"}) {
		t.Fatalf("Visible() = %v, want [2 4]", got)
	}
	// Jim is hidden: the selection stays on his id but is not usable.
	if !b.SelectionHidden() {
		t.Error("SelectionHidden() = false")
	}
	if _, ok := b.Selected(); ok {
		t.Error("Selected() reports a hidden call")
	}
	if b.SelectedID() != "3" || b.SelectedIndex() != -1 {
		t.Errorf("SelectedID, SelectedIndex = %q, %d; want 3, -1", b.SelectedID(), b.SelectedIndex())
	}
	wantOrder(t, b, "1", "2", "3", "4") // Rows ignores the filter

	// Down from hidden Jim: the next visible row, Jo.
	b.Move(1)
	wantSelected(t, b, "4", 1)
	b.Move(-1)
	wantSelected(t, b, "2", 0)
	b.Move(-1)
	wantSelected(t, b, "2", 0)
	b.Last()
	wantSelected(t, b, "4", 1)

	// Up from a hidden selection goes to the previous visible row.
	b.Select("3")
	b.Move(-1)
	wantSelected(t, b, "2", 0)
	// Down from a hidden selection with nothing visible below: the nearest above.
	b.SetFilter("jane")
	b.Select("4")
	b.Move(1)
	wantSelected(t, b, "1", 0)

	// The filter sees status changes from polls.
	b.SetFilter("on hold")
	if got := rowIDs(visible(b)); !slices.Equal(got, []string{"3"}) {
		t.Errorf("Visible(on hold) = %v, want [3]", got)
	}
	jane.State = StateHeld
	b.Apply([]Call{jane, john, jim, jo}, at(sec(11)))
	if got := rowIDs(visible(b)); !slices.Equal(got, []string{"1", "3"}) {
		t.Errorf("Visible(on hold) after a poll = %v, want [1 3]", got)
	}

	// Number digits match across punctuation; clearing shows everything again.
	b.SetFilter("555-0102")
	if got := rowIDs(visible(b)); !slices.Equal(got, []string{"2"}) {
		t.Errorf("Visible(555-0102) = %v, want [2]", got)
	}
	b.SetFilter("")
	if got := rowIDs(visible(b)); !slices.Equal(got, []string{"1", "2", "3", "4"}) {
		t.Errorf("Visible() unfiltered = %v", got)
	}
	wantSelected(t, b, "1", 0)

	// A filter matching nothing: no usable selection, moves do nothing.
	b.SetFilter("zzz")
	b.Move(1)
	b.First()
	if _, ok := b.Selected(); ok || b.SelectedID() != "1" || len(visible(b)) != 0 {
		t.Errorf("with nothing visible: selected %q, visible %d", b.SelectedID(), len(visible(b)))
	}
}

// A call ringing in shows whatever the filter: a filter typed minutes ago
// must not let a caller ring unseen.
func TestFilterNeverHidesRingingCalls(t *testing.T) {
	talking := talk("1", 0)
	talking.Remote.Name = "Jane Roe"
	caller := ring("2", sec(1))
	caller.Remote.Name = "Zed Zulu"
	b := NewBoard(BoardOptions{})
	b.Apply([]Call{talking}, at(sec(2)))
	b.SetFilter("jane")
	b.Apply([]Call{talking, caller}, at(sec(3)))
	if got := rowIDs(visible(b)); !slices.Equal(got, []string{"1", "2"}) {
		t.Errorf("visible with filter %q = %v, want the ringing call too", "jane", got)
	}
	caller.State = StateConnected
	b.Apply([]Call{talking, caller}, at(sec(4)))
	if got := rowIDs(visible(b)); !slices.Equal(got, []string{"1"}) {
		t.Errorf("once answered, the filter applies again: visible = %v", got)
	}
}

func TestBoardFilterRemovalAndArrival(t *testing.T) {
	a, x, c := talk("a", 0), talk("x", sec(1)), talk("c", sec(2))
	a.Remote.Name, x.Remote.Name, c.Remote.Name = "Alpha", "Xray", "Alpha Two"

	// The selected row goes while a filter is set: the next row the filter
	// shows takes the selection, skipping hidden ones.
	b := NewBoard(BoardOptions{})
	b.Apply([]Call{a, x, c}, at(0))
	b.SetFilter("alpha")
	b.Select("a")
	b.Apply([]Call{x, c}, at(sec(1)))
	b.Expire(at(sec(10)))
	wantSelected(t, b, "c", 0)

	// With AutoSelectRinging, the first arrival wins: calls ringing in are
	// visible whatever the filter.
	r1, r2 := ring("r1", sec(5)), ring("r2", sec(6))
	r1.Remote.Name, r2.Remote.Name = "Bravo", "Alpha Three"
	b2 := NewBoard(BoardOptions{AutoSelectRinging: true})
	b2.SetFilter("nobody")
	b2.Apply([]Call{r2, r1}, at(0))
	wantSelected(t, b2, "r1", 0)
}

func TestBoardRowsAreCopies(t *testing.T) {
	b := NewBoard(BoardOptions{})
	b.Apply([]Call{talk("a", 0)}, at(0))
	rows := b.Rows()
	rows[0].Call.State = StateDisconnected
	if row, _ := b.Find("a"); row.Call.State != StateConnected {
		t.Error("modifying Rows() changed the board")
	}
}

func TestBoardMoveFromHidden(t *testing.T) {
	// Rows a..g; the filter "keep" shows b, c, e, f. The selection is on d,
	// hidden between c and e.
	tests := []struct {
		delta int
		want  string
	}{
		{1, "e"},
		{2, "f"},
		{9, "f"},
		{-1, "c"},
		{-2, "b"},
		{-9, "b"},
		{0, "d"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.delta), func(t *testing.T) {
			b := NewBoard(BoardOptions{})
			var calls []Call
			for i, id := range []string{"a", "b", "c", "d", "e", "f", "g"} {
				c := talk(id, sec(i))
				c.Remote.Name = "drop " + id
				if id == "b" || id == "c" || id == "e" || id == "f" {
					c.Remote.Name = "keep " + id
				}
				calls = append(calls, c)
			}
			b.Apply(calls, at(sec(10)))
			b.Select("d")
			b.SetFilter("keep")
			b.Move(tt.delta)
			if got := b.SelectedID(); got != tt.want {
				t.Errorf("Move(%d) from hidden d selected %q, want %q", tt.delta, got, tt.want)
			}
		})
	}
}
