package sim

import (
	"slices"
	"time"

	"github.com/callboard/callboard/webex"
)

// historyLimit is how many records of each type the API keeps.
const historyLimit = 20

// history is the user's call history, newest first, capped per type.
type history struct {
	byType map[webex.HistoryType][]webex.HistoryRecord
}

func newHistory() *history {
	return &history{byType: make(map[webex.HistoryType][]webex.HistoryRecord)}
}

// add records a call with p at t. A private party leaves no name or number.
func (h *history) add(typ webex.HistoryType, p webex.Party, t time.Time) {
	r := webex.HistoryRecord{Type: typ, PrivacyEnabled: p.PrivacyEnabled, Time: webex.NewTimestamp(t)}
	if !p.PrivacyEnabled {
		r.Name, r.Number = p.Name, p.Number
	}
	list := append([]webex.HistoryRecord{r}, h.byType[typ]...)
	if len(list) > historyLimit {
		list = list[:historyLimit]
	}
	h.byType[typ] = list
}

// list returns the records of typ ("" for all types), newest first.
func (h *history) list(typ webex.HistoryType) []webex.HistoryRecord {
	if typ != "" {
		return slices.Clone(h.byType[typ])
	}
	var all []webex.HistoryRecord
	for _, t := range []webex.HistoryType{webex.HistoryPlaced, webex.HistoryMissed, webex.HistoryReceived} {
		all = append(all, h.byType[t]...)
	}
	slices.SortStableFunc(all, func(a, b webex.HistoryRecord) int { return b.Time.Compare(a.Time.Time) })
	return all
}

// count returns how many records of typ are kept.
func (h *history) count(typ webex.HistoryType) int { return len(h.byType[typ]) }
