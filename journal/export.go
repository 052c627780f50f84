package journal

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"time"
)

// Format is an export format.
type Format string

// The export formats.
const (
	FormatCSV  Format = "csv"
	FormatJSON Format = "json"
)

// csvHeader names the export's columns; JSON uses the same names.
var csvHeader = []string{"call_id", "session_id", "direction", "name", "number", "person_id", "line_id", "line",
	"queue", "rang", "answered", "ended", "outcome", "wait_seconds", "held_seconds", "holds", "target", "retrieved_from"}

// exported is one call as the export writes it. Times are RFC 3339 in UTC,
// empty when they did not happen; durations are seconds.
type exported struct {
	CallID        string  `json:"call_id"`
	SessionID     string  `json:"session_id"`
	Direction     string  `json:"direction"`
	Name          string  `json:"name"`
	Number        string  `json:"number"`
	PersonID      string  `json:"person_id"`
	LineID        string  `json:"line_id"`
	Line          string  `json:"line"`
	Queue         string  `json:"queue"`
	Rang          string  `json:"rang"`
	Answered      string  `json:"answered"`
	Ended         string  `json:"ended"`
	Outcome       string  `json:"outcome"`
	WaitSeconds   float64 `json:"wait_seconds"`
	HeldSeconds   float64 `json:"held_seconds"`
	Holds         int     `json:"holds"`
	Target        string  `json:"target"`
	RetrievedFrom string  `json:"retrieved_from"`
}

// exportOf converts a call.
func exportOf(c Call) exported {
	stamp := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format(time.RFC3339Nano)
	}
	var wait time.Duration
	if c.Direction == DirectionIn && c.RetrievedFrom == "" {
		end := c.Answered
		if end.IsZero() {
			end = c.Ended
		}
		if end.After(c.Rang) {
			wait = end.Sub(c.Rang)
		}
	}
	return exported{
		CallID: c.CallID, SessionID: c.SessionID, Direction: string(c.Direction), Name: c.Party.Name,
		Number: c.Party.Number, PersonID: c.Party.PersonID, LineID: c.Line.OwnerID, Line: c.Line.Label, Queue: c.Queue,
		Rang: stamp(c.Rang), Answered: stamp(c.Answered), Ended: stamp(c.Ended), Outcome: string(c.Outcome),
		WaitSeconds: wait.Seconds(), HeldSeconds: c.Held.Seconds(), Holds: c.Holds, Target: c.Target,
		RetrievedFrom: c.RetrievedFrom,
	}
}

// Export writes the calls that rang at or after since (zero: all), oldest
// first, as CSV with a header line or as a JSON array with one call per
// line, and returns how many it wrote. It streams: a journal of millions
// of calls is never held in memory.
func Export(ctx context.Context, s Store, w io.Writer, format Format, since time.Time) (int, error) {
	bw := bufio.NewWriter(w)
	n := 0
	var err error
	switch format {
	case FormatCSV:
		cw := csv.NewWriter(bw)
		if err := cw.Write(csvHeader); err != nil {
			return 0, fmt.Errorf("journal: export: %w", err)
		}
		err = s.EachCall(ctx, since, func(c Call) error {
			e := exportOf(c)
			n++
			return cw.Write([]string{e.CallID, e.SessionID, e.Direction, csvSafe(e.Name), csvSafe(e.Number), e.PersonID,
				e.LineID, csvSafe(e.Line), csvSafe(e.Queue), e.Rang, e.Answered, e.Ended, e.Outcome,
				seconds(e.WaitSeconds), seconds(e.HeldSeconds), strconv.Itoa(e.Holds), csvSafe(e.Target),
				csvSafe(e.RetrievedFrom)})
		})
		cw.Flush()
		if err == nil {
			err = cw.Error()
		}
	case FormatJSON:
		if _, err := bw.WriteString("["); err != nil {
			return 0, fmt.Errorf("journal: export: %w", err)
		}
		err = s.EachCall(ctx, since, func(c Call) error {
			b, err := json.Marshal(exportOf(c))
			if err != nil {
				return err
			}
			sep := ",\n"
			if n == 0 {
				sep = "\n"
			}
			n++
			if _, err := bw.WriteString(sep); err != nil {
				return err
			}
			_, err = bw.Write(b)
			return err
		})
		if err == nil {
			_, err = bw.WriteString("\n]\n")
		}
	default:
		return 0, fmt.Errorf("journal: export: unknown format %q (csv or json): %w", format, ErrInvalid)
	}
	if err == nil {
		err = bw.Flush()
	}
	if err != nil {
		return n, fmt.Errorf("journal: export: %w", err)
	}
	return n, nil
}

// seconds writes a duration in seconds with millisecond precision.
func seconds(s float64) string { return strconv.FormatFloat(s, 'f', -1, 64) }

// csvSafe defuses a field a spreadsheet would run as a formula (a caller
// name of "=HYPERLINK(...)" is text the caller chose, not ours): such a
// field gets a leading apostrophe, which spreadsheets hide.
func csvSafe(s string) string {
	if s != "" && (s[0] == '=' || s[0] == '+' && !looksLikeNumber(s) || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r') {
		return "'" + s
	}
	return s
}
