package journal

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// numberOfCall fills in the number of the call a note or message was taken
// on, when the console gave only the call.
func numberOfCall(ctx context.Context, tx *sql.Tx, callID, number string) (string, error) {
	if number != "" || callID == "" {
		return number, nil
	}
	err := tx.QueryRowContext(ctx, `SELECT number FROM calls WHERE call_id = $1`, callID).Scan(&number)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return number, err
}

// AddNote keeps a note on a call or a number.
func (s *store) AddNote(ctx context.Context, n Note) (Note, error) {
	n.Text = strings.TrimSpace(n.Text)
	switch {
	case n.Text == "":
		return Note{}, fmt.Errorf("journal: add note: the note is empty: %w", ErrInvalid)
	case n.CallID == "" && NormalizeNumber(n.Number) == "":
		return Note{}, fmt.Errorf("journal: add note: give the call or the number it is about: %w", ErrInvalid)
	}
	if n.Created.IsZero() {
		n.Created = s.opts.Now()
	}
	err := s.write(ctx, "add note", func(tx *sql.Tx, cs *changeSet) error {
		var err error
		if n.Number, err = numberOfCall(ctx, tx, n.CallID, n.Number); err != nil {
			return err
		}
		key := NormalizeNumber(n.Number)
		if err := tx.QueryRowContext(ctx, `INSERT INTO notes (call_id, number, number_key, body, author, created_ms)
VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, n.CallID, n.Number, key, n.Text, n.Author, n.Created.UnixMilli()).Scan(&n.ID); err != nil {
			return err
		}
		cs.add(Change{Kind: ChangeNote, ID: n.ID, CallID: n.CallID, Number: key})
		return nil
	})
	if err != nil {
		return Note{}, err
	}
	n.Created = time.UnixMilli(n.Created.UnixMilli())
	return n, nil
}

// TakeMessage keeps a message for a colleague.
func (s *store) TakeMessage(ctx context.Context, m Message) (Message, error) {
	m.For, m.Text = strings.TrimSpace(m.For), strings.TrimSpace(m.Text)
	switch {
	case m.For == "":
		return Message{}, fmt.Errorf("journal: take message: who is it for? %w", ErrInvalid)
	case m.Text == "" && m.Number == "" && m.CallID == "":
		return Message{}, fmt.Errorf("journal: take message: the message is empty: %w", ErrInvalid)
	}
	switch m.Urgency {
	case "":
		m.Urgency = UrgencyNormal
	case UrgencyNormal, UrgencyUrgent:
	default:
		return Message{}, fmt.Errorf("journal: take message: urgency %q (normal or urgent): %w", m.Urgency, ErrInvalid)
	}
	m.State, m.Reason = MessageNotSent, ""
	if m.Created.IsZero() {
		m.Created = s.opts.Now()
	}
	m.Created = time.UnixMilli(m.Created.UnixMilli())
	m.Updated = m.Created
	err := s.write(ctx, "take message for "+m.For, func(tx *sql.Tx, cs *changeSet) error {
		var err error
		if m.Number, err = numberOfCall(ctx, tx, m.CallID, m.Number); err != nil {
			return err
		}
		key := NormalizeNumber(m.Number)
		if err := tx.QueryRowContext(ctx, `INSERT INTO messages (recipient, recipient_id, caller_name, number, number_key,
	call_id, body, urgency, state, reason, created_by, created_ms, updated_ms)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, '', $10, $11, $11) RETURNING id`,
			m.For, m.ForID, m.CallerName, m.Number, key, m.CallID, m.Text, string(m.Urgency), string(m.State),
			m.CreatedBy, m.Created.UnixMilli()).Scan(&m.ID); err != nil {
			return err
		}
		cs.add(Change{Kind: ChangeMessage, ID: m.ID, CallID: m.CallID, Number: key})
		return nil
	})
	if err != nil {
		return Message{}, err
	}
	return m, nil
}

// SetMessageState records whether a message went out.
func (s *store) SetMessageState(ctx context.Context, id int64, state MessageState, reason string) error {
	switch state {
	case MessageSent:
		reason = ""
	case MessageNotSent:
		reason = strings.TrimSpace(reason)
	case MessageFailed:
		if strings.TrimSpace(reason) == "" {
			return fmt.Errorf("journal: message %d failed: say why: %w", id, ErrInvalid)
		}
	default:
		return fmt.Errorf("journal: message %d: unknown state %q: %w", id, state, ErrInvalid)
	}
	return s.write(ctx, fmt.Sprintf("message %d %s", id, state), func(tx *sql.Tx, cs *changeSet) error {
		var key string
		err := tx.QueryRowContext(ctx, `UPDATE messages SET state = $1, reason = $2, updated_ms = $3 WHERE id = $4 RETURNING number_key`,
			string(state), reason, s.nowMs(), id).Scan(&key)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return ErrNotFound
		case err != nil:
			return err
		}
		cs.add(Change{Kind: ChangeMessage, ID: id, Number: key})
		return nil
	})
}

// Messages lists messages, newest first.
func (s *store) Messages(ctx context.Context, f MessageFilter) ([]Message, error) {
	var where []string
	var args []any
	if f.Number != "" {
		args = append(args, NormalizeNumber(f.Number))
		where = append(where, "number_key = $"+strconv.Itoa(len(args)))
	}
	if f.OpenOnly {
		where = append(where, "state <> 'sent'")
	}
	query := `SELECT id, recipient, recipient_id, caller_name, number, call_id, body, urgency, state, reason,
	created_by, created_ms, updated_ms FROM messages`
	if len(where) > 0 {
		query += " WHERE " + strings.Join(where, " AND ")
	}
	args = append(args, int64(limit(f.Limit)))
	query += " ORDER BY created_ms DESC, id DESC LIMIT $" + strconv.Itoa(len(args))
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("journal: messages: %w", err)
	}
	defer rows.Close()
	var out []Message
	for rows.Next() {
		var m Message
		var urgency, state string
		var created, updated int64
		if err := rows.Scan(&m.ID, &m.For, &m.ForID, &m.CallerName, &m.Number, &m.CallID, &m.Text, &urgency, &state,
			&m.Reason, &m.CreatedBy, &created, &updated); err != nil {
			return nil, fmt.Errorf("journal: messages: %w", err)
		}
		m.Urgency, m.State = Urgency(urgency), MessageState(state)
		m.Created, m.Updated = fromMs(created), fromMs(updated)
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("journal: messages: %w", err)
	}
	return out, nil
}

// ImportContacts replaces the contacts imported from source.
func (s *store) ImportContacts(ctx context.Context, source string, cs []Contact) (int, error) {
	if strings.TrimSpace(source) == "" {
		return 0, fmt.Errorf("journal: import contacts: name the source: %w", ErrInvalid)
	}
	now := s.nowMs()
	var n int
	err := s.write(ctx, "import contacts from "+source, func(tx *sql.Tx, ch *changeSet) error {
		n = 0
		if _, err := tx.ExecContext(ctx, `DELETE FROM contacts WHERE source = $1`, source); err != nil {
			return err
		}
		stmt, err := tx.PrepareContext(ctx, `INSERT INTO contacts (source, name, org, label, number, number_key, tail, imported_ms)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`)
		if err != nil {
			return err
		}
		defer stmt.Close()
		seen := map[[2]string]bool{}
		for _, c := range cs {
			name := strings.TrimSpace(c.Name)
			if name == "" {
				name = strings.TrimSpace(c.Org)
			}
			if name == "" {
				continue
			}
			for _, num := range c.Numbers {
				key := NormalizeNumber(num.Number)
				if key == "" || seen[[2]string{name, key}] {
					continue
				}
				seen[[2]string{name, key}] = true
				if _, err := stmt.ExecContext(ctx, source, name, strings.TrimSpace(c.Org), num.Label, strings.TrimSpace(num.Number),
					key, tailDigits(key), now); err != nil {
					return err
				}
				n++
			}
		}
		ch.add(Change{Kind: ChangeContacts})
		return nil
	})
	if err != nil {
		return 0, err
	}
	return n, nil
}

// Prune deletes everything that happened before cutoff: calls that rang
// before it (with their holds), notes and messages written before it,
// call-backs whose last activity was before it, parked entries and the
// caller index entries as old. Contacts are the operator's own file, not
// journal entries: they stay.
func (s *store) Prune(ctx context.Context, cutoff time.Time) (Removed, error) {
	c := cutoff.UnixMilli()
	var r Removed
	err := s.write(ctx, "prune before "+cutoff.UTC().Format(time.RFC3339), func(tx *sql.Tx, cs *changeSet) error {
		r = Removed{}
		steps := []struct {
			query string
			count *int
		}{
			{`DELETE FROM holds WHERE call_id IN (SELECT call_id FROM calls WHERE rang_ms < $1)`, nil},
			{`DELETE FROM calls WHERE rang_ms < $1`, &r.Calls},
			{`DELETE FROM parked WHERE since_ms < $1`, &r.Parked},
			{`DELETE FROM notes WHERE created_ms < $1`, &r.Notes},
			{`DELETE FROM messages WHERE created_ms < $1`, &r.Messages},
			{`DELETE FROM callbacks WHERE COALESCE(done_ms, last_ms) < $1`, &r.Callbacks},
			{`DELETE FROM callers WHERE last_ms < $1`, nil},
		}
		for _, st := range steps {
			n, err := execN(ctx, tx, st.query, c)
			if err != nil {
				return err
			}
			if st.count != nil {
				*st.count = int(n)
			}
		}
		if r.Total() > 0 {
			cs.add(Change{Kind: ChangeRemoved})
		}
		return nil
	})
	return r, err
}

// Forget deletes everything the journal knows about a number: its calls
// and their holds, notes, messages, call-backs, parked entries, contacts,
// its entry in the caller index, and the number where it was a transfer,
// divert or park target of another call.
func (s *store) Forget(ctx context.Context, number string) (Removed, error) {
	key := NormalizeNumber(number)
	if key == "" {
		return Removed{}, fmt.Errorf("journal: forget %q: not a number: %w", number, ErrInvalid)
	}
	var r Removed
	err := s.write(ctx, "forget "+key, func(tx *sql.Tx, cs *changeSet) error {
		r = Removed{}
		steps := []struct {
			query string
			args  []any
			count *int
		}{
			{`DELETE FROM holds WHERE call_id IN (SELECT call_id FROM calls WHERE number_key = $1)`, []any{key}, nil},
			{`DELETE FROM calls WHERE number_key = $1`, []any{key}, &r.Calls},
			{`UPDATE calls SET target = '', target_key = '' WHERE target_key = $1`, []any{key}, nil},
			{`DELETE FROM parked WHERE number_key = $1`, []any{key}, &r.Parked},
			{`DELETE FROM notes WHERE number_key = $1`, []any{key}, &r.Notes},
			{`DELETE FROM messages WHERE number_key = $1`, []any{key}, &r.Messages},
			{`DELETE FROM callbacks WHERE number_key = $1`, []any{key}, &r.Callbacks},
			{`DELETE FROM contacts WHERE number_key = $1 OR (tail <> '' AND tail = $2)`, []any{key, tailDigits(key)}, &r.Contacts},
			{`DELETE FROM callers WHERE number_key = $1`, []any{key}, nil},
		}
		for _, st := range steps {
			n, err := execN(ctx, tx, st.query, st.args...)
			if err != nil {
				return err
			}
			if st.count != nil {
				*st.count = int(n)
			}
		}
		cs.add(Change{Kind: ChangeRemoved, Number: key})
		return nil
	})
	return r, err
}
