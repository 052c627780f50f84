package model

import "time"

// RestoreHold sets when the hold of a held call began, as remembered from
// before the console restarted: its hold time and its hold-limit warning
// then count from when the hold really began, not from the first poll that
// saw it. It applies only to a live call on hold whose start the board did
// not see itself (HeldSinceSeen false) and that began before the board's
// first sight of it; it reports whether it applied.
func (b *Board) RestoreHold(id string, since time.Time) bool {
	e, ok := b.index[id]
	if !ok || e.Ended() || e.Call.State != StateHeld || e.HeldSinceSeen || since.IsZero() || !since.Before(e.HeldSince) {
		return false
	}
	e.HeldSince, e.HeldSinceSeen = since, true
	return true
}
