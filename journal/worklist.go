package journal

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// callbackColumns are the columns scanCallback reads, in order.
const callbackColumns = `id, number, name, reason, note, call_id, calls, created_ms, last_ms,
	claimed_by, claimed_ms, done_by, done_ms, resolution`

// scanCallback reads callbackColumns.
func scanCallback(r scanner) (Callback, error) {
	var c Callback
	var calls, created, last int64
	var claimed, done sql.NullInt64
	var reason, resolution string
	if err := r.Scan(&c.ID, &c.Number, &c.Name, &reason, &c.Note, &c.CallID, &calls, &created, &last,
		&c.ClaimedBy, &claimed, &c.DoneBy, &done, &resolution); err != nil {
		return Callback{}, err
	}
	c.Reason, c.Resolution = CallbackReason(reason), Resolution(resolution)
	c.Calls = int(calls)
	c.Created, c.Last, c.Claimed, c.DoneAt = fromMs(created), fromMs(last), fromNull(claimed), fromNull(done)
	return c, nil
}

// Worklist lists the call-backs: the open ones oldest first (the caller
// who has waited longest comes first), then, when asked, the closed ones
// newest first.
func (s *store) Worklist(ctx context.Context, f WorklistFilter) ([]Callback, error) {
	query := `SELECT ` + callbackColumns + ` FROM callbacks WHERE done_ms IS NULL ORDER BY created_ms, id LIMIT $1`
	args := []any{int64(limit(f.Limit))}
	if f.IncludeDone {
		query = `SELECT ` + callbackColumns + ` FROM callbacks WHERE done_ms IS NULL OR done_ms >= $2
ORDER BY CASE WHEN done_ms IS NULL THEN 0 ELSE 1 END, CASE WHEN done_ms IS NULL THEN created_ms ELSE -done_ms END, id
LIMIT $1`
		args = append(args, ms(f.Since))
	}
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("journal: worklist: %w", err)
	}
	defer rows.Close()
	var out []Callback
	for rows.Next() {
		c, err := scanCallback(rows)
		if err != nil {
			return nil, fmt.Errorf("journal: worklist: %w", err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("journal: worklist: %w", err)
	}
	return out, nil
}

// FlagCallback puts a number on the worklist by hand.
func (s *store) FlagCallback(ctx context.Context, c Callback) (Callback, error) {
	key := NormalizeNumber(c.Number)
	if key == "" {
		return Callback{}, fmt.Errorf("journal: flag call-back: %q is not a number to call: %w", c.Number, ErrInvalid)
	}
	now := s.nowMs()
	var out Callback
	err := s.write(ctx, "flag call-back "+key, func(tx *sql.Tx, cs *changeSet) error {
		row := tx.QueryRowContext(ctx, `INSERT INTO callbacks (number, number_key, name, reason, note, call_id, calls, created_ms, last_ms)
VALUES ($1, $2, $3, 'flagged', $4, $5, 0, $6, $6)
ON CONFLICT (number_key) WHERE done_ms IS NULL DO UPDATE SET
	note = CASE WHEN callbacks.note = '' THEN excluded.note ELSE callbacks.note END,
	name = CASE WHEN callbacks.name = '' THEN excluded.name ELSE callbacks.name END
RETURNING `+callbackColumns, c.Number, key, c.Name, c.Note, c.CallID, now)
		var err error
		if out, err = scanCallback(row); err != nil {
			return err
		}
		cs.add(Change{Kind: ChangeCallback, ID: out.ID, Number: key})
		return nil
	})
	return out, err
}

// Claim marks an open call-back as operator's; see Store.
func (s *store) Claim(ctx context.Context, id int64, operator string) error {
	if err := checkOperator(operator); err != nil {
		return fmt.Errorf("journal: claim call-back %d: %w", id, err)
	}
	return s.write(ctx, fmt.Sprintf("claim call-back %d", id), func(tx *sql.Tx, cs *changeSet) error {
		n, err := execN(ctx, tx, `UPDATE callbacks SET claimed_by = $1, claimed_ms = $2
WHERE id = $3 AND done_ms IS NULL AND claimed_by = ''`, operator, s.nowMs(), id)
		if err != nil {
			return err
		}
		if n == 0 {
			return whyNot(ctx, tx, id, operator, true)
		}
		cs.add(Change{Kind: ChangeCallback, ID: id})
		return nil
	})
}

// Release gives back operator's claim.
func (s *store) Release(ctx context.Context, id int64, operator string) error {
	if err := checkOperator(operator); err != nil {
		return fmt.Errorf("journal: release call-back %d: %w", id, err)
	}
	return s.write(ctx, fmt.Sprintf("release call-back %d", id), func(tx *sql.Tx, cs *changeSet) error {
		n, err := execN(ctx, tx, `UPDATE callbacks SET claimed_by = '', claimed_ms = NULL
WHERE id = $1 AND done_ms IS NULL AND claimed_by = $2`, id, operator)
		if err != nil {
			return err
		}
		if n == 0 {
			return whyNot(ctx, tx, id, operator, true)
		}
		cs.add(Change{Kind: ChangeCallback, ID: id})
		return nil
	})
}

// Done closes a call-back once.
func (s *store) Done(ctx context.Context, id int64, operator string) error {
	if err := checkOperator(operator); err != nil {
		return fmt.Errorf("journal: call-back %d done: %w", id, err)
	}
	return s.write(ctx, fmt.Sprintf("call-back %d done", id), func(tx *sql.Tx, cs *changeSet) error {
		n, err := execN(ctx, tx, `UPDATE callbacks SET done_by = $1, done_ms = $2, resolution = 'done'
WHERE id = $3 AND done_ms IS NULL AND (claimed_by = '' OR claimed_by = $1)`, operator, s.nowMs(), id)
		if err != nil {
			return err
		}
		if n == 0 {
			return whyNot(ctx, tx, id, operator, false)
		}
		cs.add(Change{Kind: ChangeCallback, ID: id})
		return nil
	})
}

// whyNot explains why a conditional update of call-back id changed
// nothing: it does not exist, it is closed, or someone else holds it. For a
// claim or release already in the state asked for (mine is mine, nobody's
// is nobody's), it is no error.
func whyNot(ctx context.Context, tx *sql.Tx, id int64, operator string, idempotent bool) error {
	var by string
	var claimed, done sql.NullInt64
	err := tx.QueryRowContext(ctx, `SELECT claimed_by, claimed_ms, done_ms FROM callbacks WHERE id = $1`, id).Scan(&by, &claimed, &done)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return ErrNotFound
	case err != nil:
		return err
	case done.Valid:
		return ErrDone
	case by != "" && by != operator:
		return &ClaimedError{By: by, Since: fromNull(claimed)}
	case idempotent:
		return nil
	}
	return fmt.Errorf("call-back %d changed under us: %w", id, ErrInvalid)
}

// Reached closes the open call-backs for number.
func (s *store) Reached(ctx context.Context, number string, at time.Time, operator string) (int, error) {
	key := NormalizeNumber(number)
	if key == "" {
		return 0, fmt.Errorf("journal: reached %q: not a number: %w", number, ErrInvalid)
	}
	var n int
	err := s.write(ctx, "reached "+key, func(tx *sql.Tx, cs *changeSet) error {
		var err error
		n, err = closeCallbacks(ctx, tx, cs, key, at.UnixMilli(), operator, ResolutionReached)
		return err
	})
	return n, err
}

// checkOperator refuses a claim without a name: nobody could tell who
// holds it.
func checkOperator(operator string) error {
	if strings.TrimSpace(operator) == "" {
		return fmt.Errorf("no operator name: %w", ErrInvalid)
	}
	return nil
}
