package journal

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Validate checks an event as Record does before anything is written: a
// writer that batches events drops an invalid one instead of failing the
// batch.
func (ev Event) Validate() error {
	switch {
	case strings.TrimSpace(ev.CallID) == "":
		return fmt.Errorf("an event needs a call id: %w", ErrInvalid)
	case !ev.Kind.Valid():
		return fmt.Errorf("unknown event kind %q: %w", ev.Kind, ErrInvalid)
	case ev.At.IsZero():
		return fmt.Errorf("%s event without a time: %w", ev.Kind, ErrInvalid)
	case ev.Outcome != "" && !ev.Outcome.Valid():
		return fmt.Errorf("unknown outcome %q: %w", ev.Outcome, ErrInvalid)
	case ev.Direction != "" && ev.Direction != DirectionIn && ev.Direction != DirectionOut:
		return fmt.Errorf("unknown direction %q: %w", ev.Direction, ErrInvalid)
	}
	return nil
}

// The statements Record runs. Each state change is a conditional UPDATE, so
// an event seen twice (after a restart, or by two writers) changes nothing
// the second time, without reading first.
const (
	insertCall = `INSERT INTO calls (call_id, session_id, direction, name, number, number_key, person_id,
	line_id, line_label, queue, rang_ms, retrieved_from)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
ON CONFLICT (call_id) DO NOTHING`

	// fillCall completes what an earlier event did not know.
	fillCall = `UPDATE calls SET
	session_id = CASE WHEN session_id = '' THEN $2 ELSE session_id END,
	direction  = CASE WHEN direction = '' THEN $3 ELSE direction END,
	name       = CASE WHEN name = '' THEN $4 ELSE name END,
	number     = CASE WHEN number = '' THEN $5 ELSE number END,
	number_key = CASE WHEN number_key = '' THEN $6 ELSE number_key END,
	person_id  = CASE WHEN person_id = '' THEN $7 ELSE person_id END,
	line_id    = CASE WHEN line_id = '' THEN $8 ELSE line_id END,
	line_label = CASE WHEN line_label = '' THEN $9 ELSE line_label END,
	queue      = CASE WHEN queue = '' THEN $10 ELSE queue END
WHERE call_id = $1`

	answerCall = `UPDATE calls SET answered_ms = $1
WHERE call_id = $2 AND answered_ms IS NULL AND ended_ms IS NULL`

	// holdCall opens a hold, unless one is open or this is a replay of a
	// hold already closed.
	holdCall = `UPDATE calls SET hold_since_ms = $1
WHERE call_id = $2 AND hold_since_ms IS NULL AND ended_ms IS NULL
	AND NOT EXISTS (SELECT 1 FROM holds WHERE holds.call_id = $2 AND (holds.start_ms = $1 OR holds.end_ms > $1))`
	insertHold = `INSERT INTO holds (call_id, start_ms) VALUES ($1, $2) ON CONFLICT DO NOTHING`

	// closeHoldSet ends an open hold at $1 as part of another update.
	closeHoldSet = `hold_ms = hold_ms + CASE WHEN hold_since_ms IS NOT NULL AND $1 > hold_since_ms THEN $1 - hold_since_ms ELSE 0 END,
	holds = holds + CASE WHEN hold_since_ms IS NOT NULL THEN 1 ELSE 0 END,
	hold_since_ms = NULL`
	resumeCall = `UPDATE calls SET ` + closeHoldSet + `
WHERE call_id = $2 AND hold_since_ms IS NOT NULL`
	endHold = `UPDATE holds SET end_ms = CASE WHEN $1 > start_ms THEN $1 ELSE start_ms END
WHERE call_id = $2 AND end_ms IS NULL`

	// leaveCall ends the leg with a known outcome (parked, transferred,
	// diverted, or what the console said).
	leaveCall = `UPDATE calls SET ended_ms = $1, outcome = $3, target = $4, target_key = $5, ` + closeHoldSet + `
WHERE call_id = $2 AND ended_ms IS NULL
RETURNING outcome, number, number_key, name`
	// endCall ends the leg and tells the outcome from what happened.
	endCall = `UPDATE calls SET ended_ms = $1, outcome = CASE
		WHEN answered_ms IS NOT NULL THEN 'answered'
		WHEN direction = 'in' THEN 'missed'
		ELSE 'unanswered' END, ` + closeHoldSet + `
WHERE call_id = $2 AND ended_ms IS NULL
RETURNING outcome, number, number_key, name`

	insertParked = `INSERT INTO parked (call_id, session_id, place, name, number, number_key, person_id, line_id, line_label, since_ms)
SELECT call_id, session_id, $2, name, number, number_key, person_id, line_id, line_label, $3 FROM calls WHERE call_id = $1
ON CONFLICT (call_id) DO NOTHING`
	// unparkSession closes the parked entries of a session when another leg
	// of it appears (retrieved, or recalled to the line).
	unparkSession = `DELETE FROM parked WHERE session_id = $1 AND call_id <> $2`
	// unparkPlace is the fallback when the retrieving leg has no session:
	// the oldest call parked at that place.
	unparkPlace = `DELETE FROM parked WHERE call_id = (
	SELECT call_id FROM parked WHERE place = $1 AND call_id <> $2 ORDER BY since_ms LIMIT 1)`

	// upsertCaller keeps the search index of callers: one row per number,
	// every name it was known by.
	upsertCaller = `INSERT INTO callers (number_key, number, search, last_ms) VALUES ($1, $2, $3, $4)
ON CONFLICT (number_key) DO UPDATE SET
	last_ms = CASE WHEN excluded.last_ms > callers.last_ms THEN excluded.last_ms ELSE callers.last_ms END,
	search = CASE WHEN $5 = '' OR callers.search LIKE $6 ESCAPE '\' THEN callers.search ELSE callers.search || '|' || $5 END`

	// missedCallback puts a missed caller on the worklist, or counts one
	// more missed call on the item already open for the number.
	missedCallback = `INSERT INTO callbacks (number, number_key, name, reason, call_id, calls, created_ms, last_ms)
VALUES ($1, $2, $3, 'missed', $4, 1, $5, $5)
ON CONFLICT (number_key) WHERE done_ms IS NULL DO UPDATE SET
	calls = callbacks.calls + 1,
	last_ms = CASE WHEN excluded.last_ms > callbacks.last_ms THEN excluded.last_ms ELSE callbacks.last_ms END,
	name = CASE WHEN callbacks.name = '' THEN excluded.name ELSE callbacks.name END
RETURNING id`
)

// Record writes one call event; see Store.
func (s *store) Record(ctx context.Context, ev Event) (bool, error) {
	if err := ev.Validate(); err != nil {
		return false, fmt.Errorf("journal: record %s: %w", ev.CallID, err)
	}
	var recorded bool
	err := s.write(ctx, fmt.Sprintf("record %s %s", ev.Kind, ev.CallID), func(tx *sql.Tx, cs *changeSet) error {
		var err error
		recorded, err = s.record(ctx, tx, cs, ev)
		return err
	})
	if err != nil {
		return false, err
	}
	return recorded, nil
}

// RecordBatch writes events in one transaction; see Store.
func (s *store) RecordBatch(ctx context.Context, evs []Event) ([]bool, error) {
	for i, ev := range evs {
		if err := ev.Validate(); err != nil {
			return nil, fmt.Errorf("journal: record batch: event %d (%s): %w", i, ev.CallID, err)
		}
	}
	if len(evs) == 0 {
		return nil, nil
	}
	var recorded []bool
	err := s.write(ctx, fmt.Sprintf("record %d events", len(evs)), func(tx *sql.Tx, cs *changeSet) error {
		// A retried transaction starts again from nothing.
		recorded = make([]bool, len(evs))
		for i, ev := range evs {
			ok, err := s.record(ctx, tx, cs, ev)
			if err != nil {
				return fmt.Errorf("%s %s: %w", ev.Kind, ev.CallID, err)
			}
			recorded[i] = ok
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return recorded, nil
}

// record is Record inside its transaction.
func (s *store) record(ctx context.Context, tx *sql.Tx, cs *changeSet, ev Event) (bool, error) {
	at := ev.At.UnixMilli()
	key := NormalizeNumber(ev.Party.Number)
	retrievedFrom := ""
	if ev.Kind == KindRetrieved {
		retrievedFrom = ev.Target
	}
	n, err := execN(ctx, tx, insertCall, ev.CallID, ev.SessionID, string(ev.Direction), ev.Party.Name, ev.Party.Number,
		key, ev.Party.PersonID, ev.Line.OwnerID, ev.Line.Label, ev.Queue, at, retrievedFrom)
	if err != nil {
		return false, fmt.Errorf("insert call: %w", err)
	}
	inserted := n == 1
	if !inserted {
		if _, err := tx.ExecContext(ctx, fillCall, ev.CallID, ev.SessionID, string(ev.Direction), ev.Party.Name,
			ev.Party.Number, key, ev.Party.PersonID, ev.Line.OwnerID, ev.Line.Label, ev.Queue); err != nil {
			return false, fmt.Errorf("complete call: %w", err)
		}
	}
	if key != "" && (inserted || ev.Party.Name != "") {
		name := strings.ToLower(strings.TrimSpace(ev.Party.Name))
		search := key
		if name != "" {
			search += "|" + name
		}
		if _, err := tx.ExecContext(ctx, upsertCaller, key, ev.Party.Number, search, at, name, "%"+escapeLike(name)+"%"); err != nil {
			return false, fmt.Errorf("index caller: %w", err)
		}
	}

	changed := false
	switch ev.Kind {
	case KindRang:
		if inserted && ev.SessionID != "" {
			// A new leg of a parked session rings: the park was recalled.
			n, err := s.unpark(ctx, tx, cs, ev)
			if err != nil {
				return false, err
			}
			changed = n > 0
		}
	case KindAnswered:
		n, err := execN(ctx, tx, answerCall, at, ev.CallID)
		if err != nil {
			return false, fmt.Errorf("answer: %w", err)
		}
		if changed = n == 1; changed {
			if err := s.answered(ctx, tx, cs, ev.CallID, at); err != nil {
				return false, err
			}
		}
	case KindHeld:
		n, err := execN(ctx, tx, holdCall, at, ev.CallID)
		if err != nil {
			return false, fmt.Errorf("hold: %w", err)
		}
		if changed = n == 1; changed {
			if _, err := tx.ExecContext(ctx, insertHold, ev.CallID, at); err != nil {
				return false, fmt.Errorf("hold: %w", err)
			}
		}
	case KindResumed:
		n, err := execN(ctx, tx, resumeCall, at, ev.CallID)
		if err != nil {
			return false, fmt.Errorf("resume: %w", err)
		}
		if changed = n == 1; changed {
			if _, err := tx.ExecContext(ctx, endHold, at, ev.CallID); err != nil {
				return false, fmt.Errorf("resume: %w", err)
			}
		}
	case KindRetrieved:
		n, err := execN(ctx, tx, answerCall, at, ev.CallID)
		if err != nil {
			return false, fmt.Errorf("retrieve: %w", err)
		}
		m, err := s.unpark(ctx, tx, cs, ev)
		if err != nil {
			return false, err
		}
		changed = n == 1 || m > 0
	case KindParked, KindTransferred, KindDiverted, KindEnded:
		changed, err = s.leave(ctx, tx, cs, ev)
		if err != nil {
			return false, err
		}
	}
	recorded := inserted || changed
	if recorded {
		cs.add(Change{Kind: ChangeCall, CallID: ev.CallID, Number: key})
	}
	return recorded, nil
}

// leave ends a leg: parked, transferred, diverted or ended.
func (s *store) leave(ctx context.Context, tx *sql.Tx, cs *changeSet, ev Event) (bool, error) {
	at := ev.At.UnixMilli()
	var outcome Outcome
	switch ev.Kind {
	case KindParked:
		outcome = OutcomeParked
	case KindTransferred:
		outcome = OutcomeTransferred
	case KindDiverted:
		outcome = OutcomeDiverted
	}
	if ev.Outcome != "" {
		outcome = ev.Outcome
	}
	var row *sql.Row
	if outcome == "" {
		row = tx.QueryRowContext(ctx, endCall, at, ev.CallID)
	} else {
		row = tx.QueryRowContext(ctx, leaveCall, at, ev.CallID, string(outcome), ev.Target, NormalizeNumber(ev.Target))
	}
	var got, number, key, name string
	switch err := row.Scan(&got, &number, &key, &name); {
	case errors.Is(err, sql.ErrNoRows):
		return false, nil // already ended: a replay
	case err != nil:
		return false, fmt.Errorf("end: %w", err)
	}
	if _, err := tx.ExecContext(ctx, endHold, at, ev.CallID); err != nil {
		return false, fmt.Errorf("end hold: %w", err)
	}
	switch Outcome(got) {
	case OutcomeParked:
		if _, err := tx.ExecContext(ctx, insertParked, ev.CallID, ev.Target, at); err != nil {
			return false, fmt.Errorf("park: %w", err)
		}
		cs.add(Change{Kind: ChangeParked, CallID: ev.CallID, Number: key})
	case OutcomeMissed:
		if key == "" {
			break // a private caller cannot be called back
		}
		var id int64
		if err := tx.QueryRowContext(ctx, missedCallback, number, key, name, ev.CallID, at).Scan(&id); err != nil {
			return false, fmt.Errorf("add to the worklist: %w", err)
		}
		cs.add(Change{Kind: ChangeCallback, ID: id, Number: key})
	}
	return true, nil
}

// unpark closes the parked entries another leg of ev's session (or, without
// a session, ev's park place) takes over.
func (s *store) unpark(ctx context.Context, tx *sql.Tx, cs *changeSet, ev Event) (int64, error) {
	var n int64
	var err error
	switch {
	case ev.SessionID != "":
		n, err = execN(ctx, tx, unparkSession, ev.SessionID, ev.CallID)
	case ev.Target != "":
		n, err = execN(ctx, tx, unparkPlace, ev.Target, ev.CallID)
	}
	if err != nil {
		return 0, fmt.Errorf("unpark: %w", err)
	}
	if n > 0 {
		cs.add(Change{Kind: ChangeParked, CallID: ev.CallID})
	}
	return n, nil
}

// answered closes the call-backs an answered call makes unnecessary.
func (s *store) answered(ctx context.Context, tx *sql.Tx, cs *changeSet, callID string, at int64) error {
	var key string
	var dir Direction
	if err := tx.QueryRowContext(ctx, `SELECT number_key, direction FROM calls WHERE call_id = $1`, callID).Scan(&key, &dir); err != nil {
		return fmt.Errorf("answered: %w", err)
	}
	if key == "" {
		return nil
	}
	res := ResolutionReached
	if dir == DirectionIn {
		res = ResolutionCalledAgain
	}
	_, err := closeCallbacks(ctx, tx, cs, key, at, "", res)
	return err
}

// closeCallbacks closes the open call-backs for a number that were last
// missed no later than at: a missed call after the answer still needs one.
func closeCallbacks(ctx context.Context, tx *sql.Tx, cs *changeSet, key string, at int64, by string, res Resolution) (int, error) {
	rows, err := tx.QueryContext(ctx, `UPDATE callbacks SET done_ms = $1, done_by = $2, resolution = $3
WHERE number_key = $4 AND done_ms IS NULL AND last_ms <= $1
RETURNING id`, at, by, string(res), key)
	if err != nil {
		return 0, fmt.Errorf("close call-backs: %w", err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return n, fmt.Errorf("close call-backs: %w", err)
		}
		cs.add(Change{Kind: ChangeCallback, ID: id, Number: key})
		n++
	}
	if err := rows.Err(); err != nil {
		return n, fmt.Errorf("close call-backs: %w", err)
	}
	return n, nil
}

// escapeLike escapes LIKE's wildcards with backslashes.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// callColumns are the columns scanCall reads, in order.
const callColumns = `id, call_id, session_id, direction, name, number, person_id, line_id, line_label, queue,
	rang_ms, answered_ms, ended_ms, outcome, hold_ms, holds, hold_since_ms, target, retrieved_from`

// scanner is a row or rows.
type scanner interface{ Scan(dest ...any) error }

// scanCall reads callColumns.
func scanCall(r scanner) (Call, error) {
	var c Call
	var answered, ended, holdSince sql.NullInt64
	var rang, held, holds int64
	var dir, outcome string
	err := r.Scan(&c.ID, &c.CallID, &c.SessionID, &dir, &c.Party.Name, &c.Party.Number, &c.Party.PersonID,
		&c.Line.OwnerID, &c.Line.Label, &c.Queue, &rang, &answered, &ended, &outcome, &held, &holds, &holdSince,
		&c.Target, &c.RetrievedFrom)
	if err != nil {
		return Call{}, err
	}
	c.Direction, c.Outcome = Direction(dir), Outcome(outcome)
	c.Rang, c.Answered, c.Ended, c.HoldSince = fromMs(rang), fromNull(answered), fromNull(ended), fromNull(holdSince)
	c.Held, c.Holds = time.Duration(held)*time.Millisecond, int(holds)
	return c, nil
}

// Call returns one call by its callId.
func (s *store) Call(ctx context.Context, callID string) (Call, error) {
	c, err := scanCall(s.db.QueryRowContext(ctx, `SELECT `+callColumns+` FROM calls WHERE call_id = $1`, callID))
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return Call{}, fmt.Errorf("journal: call %s: %w", callID, ErrNotFound)
	case err != nil:
		return Call{}, fmt.Errorf("journal: call %s: %w", callID, err)
	}
	return c, nil
}

// Session returns the legs of a session and the caller's wait.
func (s *store) Session(ctx context.Context, sessionID string) (Session, error) {
	if sessionID == "" {
		return Session{}, fmt.Errorf("journal: session: an empty session id: %w", ErrInvalid)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+callColumns+` FROM calls WHERE session_id = $1 ORDER BY rang_ms, id`, sessionID)
	if err != nil {
		return Session{}, fmt.Errorf("journal: session %s: %w", sessionID, err)
	}
	legs, err := collectCalls(rows)
	if err != nil {
		return Session{}, fmt.Errorf("journal: session %s: %w", sessionID, err)
	}
	if len(legs) == 0 {
		return Session{}, fmt.Errorf("journal: session %s: %w", sessionID, ErrNotFound)
	}
	return Session{ID: sessionID, Legs: legs, Wait: waited(legs)}, nil
}

// waited adds up how long the caller waited across the legs of a session:
// ringing before each answer on an incoming leg, every hold, and each park
// until the next leg took the call back.
func waited(legs []Call) time.Duration {
	var total time.Duration
	for i, c := range legs {
		if c.Direction == DirectionIn && c.RetrievedFrom == "" {
			end := c.Answered
			if end.IsZero() {
				end = c.Ended
			}
			if !end.IsZero() && end.After(c.Rang) {
				total += end.Sub(c.Rang)
			}
		}
		total += c.Held
		if c.Outcome == OutcomeParked && i+1 < len(legs) && legs[i+1].Rang.After(c.Ended) {
			total += legs[i+1].Rang.Sub(c.Ended)
		}
	}
	return total
}

// collectCalls reads every row of rows as a Call and closes rows.
func collectCalls(rows *sql.Rows) ([]Call, error) {
	defer rows.Close()
	var out []Call
	for rows.Next() {
		c, err := scanCall(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// Parked lists the calls parked and not yet retrieved.
func (s *store) Parked(ctx context.Context) ([]Parked, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT call_id, session_id, place, name, number, person_id, line_id, line_label, since_ms
FROM parked ORDER BY since_ms, call_id`)
	if err != nil {
		return nil, fmt.Errorf("journal: parked calls: %w", err)
	}
	defer rows.Close()
	var out []Parked
	for rows.Next() {
		var p Parked
		var since int64
		if err := rows.Scan(&p.CallID, &p.SessionID, &p.Place, &p.Party.Name, &p.Party.Number, &p.Party.PersonID,
			&p.Line.OwnerID, &p.Line.Label, &since); err != nil {
			return nil, fmt.Errorf("journal: parked calls: %w", err)
		}
		p.Since = fromMs(since)
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("journal: parked calls: %w", err)
	}
	return out, nil
}

// OpenHolds lists the holds in progress.
func (s *store) OpenHolds(ctx context.Context) ([]Hold, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT call_id, name, number, person_id, hold_since_ms FROM calls
WHERE hold_since_ms IS NOT NULL AND ended_ms IS NULL ORDER BY hold_since_ms, id`)
	if err != nil {
		return nil, fmt.Errorf("journal: open holds: %w", err)
	}
	defer rows.Close()
	var out []Hold
	for rows.Next() {
		var h Hold
		var since int64
		if err := rows.Scan(&h.CallID, &h.Party.Name, &h.Party.Number, &h.Party.PersonID, &since); err != nil {
			return nil, fmt.Errorf("journal: open holds: %w", err)
		}
		h.Since = fromMs(since)
		out = append(out, h)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("journal: open holds: %w", err)
	}
	return out, nil
}

// Missed counts the calls missed since operator's last acknowledgement.
func (s *store) Missed(ctx context.Context, operator string) (MissedCount, error) {
	var acked, count int64
	err := s.db.QueryRowContext(ctx, `SELECT a.v, (SELECT COUNT(*) FROM calls WHERE outcome = 'missed' AND ended_ms > a.v)
FROM (SELECT COALESCE(MAX(value_ms), 0) AS v FROM operator_state WHERE operator = $1 AND name = 'missed_ack') a`,
		operator).Scan(&acked, &count)
	if err != nil {
		return MissedCount{}, fmt.Errorf("journal: missed count: %w", err)
	}
	return MissedCount{Count: int(count), AckedAt: fromMs(acked)}, nil
}

// AckMissed records that operator saw the missed calls up to at. An older
// acknowledgement never replaces a newer one.
func (s *store) AckMissed(ctx context.Context, operator string, at time.Time) error {
	return s.write(ctx, "acknowledge missed calls", func(tx *sql.Tx, cs *changeSet) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO operator_state (operator, name, value_ms) VALUES ($1, 'missed_ack', $2)
ON CONFLICT (operator, name) DO UPDATE SET
	value_ms = CASE WHEN excluded.value_ms > operator_state.value_ms THEN excluded.value_ms ELSE operator_state.value_ms END`,
			operator, at.UnixMilli())
		if err != nil {
			return err
		}
		cs.add(Change{Kind: ChangeMissed})
		return nil
	})
}
