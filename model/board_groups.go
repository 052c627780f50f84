package model

// SetGroups keeps each group's calls together, in the order given, at the
// place of the group's first row in display order: a conference's
// participants read as one block. A call in no group keeps its place; a
// call named in two groups belongs to the first. nil ends every group.
func (b *Board) SetGroups(groups [][]string) {
	b.groups, b.grouped = nil, nil
	for _, g := range groups {
		var ids []string
		for _, id := range g {
			if _, taken := b.grouped[id]; taken || id == "" {
				continue
			}
			if b.grouped == nil {
				b.grouped = make(map[string]int)
			}
			b.grouped[id] = len(b.groups)
			ids = append(ids, id)
		}
		if len(ids) > 0 {
			b.groups = append(b.groups, ids)
		}
	}
	b.gather()
	b.refreshVisible()
}

// Group returns the ids of the group a call belongs to, in the group's
// order, and the call's place in it; ok is false for a call in no group.
// The slice is the Board's: never change it.
func (b *Board) Group(id string) (ids []string, place int, ok bool) {
	g, ok := b.grouped[id]
	if !ok {
		return nil, 0, false
	}
	for i, m := range b.groups[g] {
		if m == id {
			place = i
		}
	}
	return b.groups[g], place, true
}

// gather moves every group's rows together, after the group's first row in
// display order. Without groups it does nothing and costs nothing.
func (b *Board) gather() {
	if len(b.groups) == 0 {
		return
	}
	out := make([]*entry, 0, len(b.rows))
	done := make([]bool, len(b.groups))
	for _, e := range b.rows {
		g, ok := b.grouped[e.Call.ID]
		switch {
		case !ok:
			out = append(out, e)
		case !done[g]:
			done[g] = true
			for _, id := range b.groups[g] {
				if m, listed := b.index[id]; listed {
					out = append(out, m)
				}
			}
		}
	}
	if len(out) != len(b.rows) {
		// A group names a call the rows do not hold (a new one not yet
		// merged): keep the order as it is rather than lose a row.
		return
	}
	for i, e := range out {
		b.rows[i], e.pos = e, i
	}
}
