package office

import "time"

// Debounce decides when a search typed into a prompt goes to Webex. The
// first keystroke after a pause goes at once (a name typed slowly costs one
// round trip); keystrokes that follow within Gap wait for it to pass, and
// only the text typed last goes. A search already on its way for older text
// is superseded: its answer is dropped, and the caller cancels it. The zero
// value sends every keystroke at once.
type Debounce struct {
	Gap time.Duration

	gen  uint64    // the generation of the text typed last
	sent uint64    // the generation whose search went last
	last time.Time // when the last search went
}

// Typed notes new text at now and returns its generation and when its
// search may go (now, or later when one went less than Gap ago).
func (b *Debounce) Typed(now time.Time) (gen uint64, at time.Time) {
	b.gen++
	at = now
	if next := b.last.Add(b.Gap); !b.last.IsZero() && next.After(now) {
		at = next
	}
	return b.gen, at
}

// Due reports whether the search of gen should go at now: it is still the
// latest text and was not sent. It records it as sent.
func (b *Debounce) Due(gen uint64, now time.Time) bool {
	if gen != b.gen || gen == b.sent {
		return false
	}
	b.sent, b.last = gen, now
	return true
}

// Current reports whether gen is the text typed last: an answer for any
// other is stale.
func (b *Debounce) Current(gen uint64) bool { return gen == b.gen }
