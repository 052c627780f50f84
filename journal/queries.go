package journal

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
)

// maxCallerKeys is how many matching callers Search looks up by number
// before it scans the calls newest first instead. Few matches: their calls
// come straight from the (number, time) index. Many: the newest page fills
// after a short scan, where fetching and sorting every call of hundreds of
// callers took longer (measured on a million calls).
const maxCallerKeys = 50

// Search pages through the calls, newest first.
func (s *store) Search(ctx context.Context, q Query) (Page, error) {
	n := limit(q.Limit)
	var where []string
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	switch q.Kind {
	case "":
	case HistoryPlaced:
		where = append(where, "direction = 'out'")
	case HistoryReceived:
		where = append(where, "direction = 'in' AND answered_ms IS NOT NULL")
	case HistoryMissed:
		// Written so that the partial index of missed calls (ordered by
		// when they ended, for the missed count) does not tempt the
		// planner into sorting every missed call: newest first by ring
		// time stops at the page's end.
		where = append(where, "outcome || '' = 'missed'")
	default:
		return Page{}, fmt.Errorf("journal: search: unknown kind %q (placed, received or missed): %w", q.Kind, ErrInvalid)
	}
	if !q.From.IsZero() {
		where = append(where, "rang_ms >= "+arg(q.From.UnixMilli()))
	}
	if !q.To.IsZero() {
		where = append(where, "rang_ms < "+arg(q.To.UnixMilli()))
	}
	if q.Cursor != "" {
		at, id, err := parseCursor(q.Cursor)
		if err != nil {
			return Page{}, fmt.Errorf("journal: search: %w", err)
		}
		a, i := arg(at), arg(id)
		where = append(where, "(rang_ms < "+a+" OR (rang_ms = "+a+" AND id < "+i+"))")
	}
	if text := searchText(q.Text); text != "" {
		pattern := "%" + escapeLike(text) + "%"
		keys, err := s.callerKeys(ctx, pattern)
		if err != nil {
			return Page{}, fmt.Errorf("journal: search: %w", err)
		}
		switch {
		case len(keys) == 0:
			return Page{}, nil
		case len(keys) <= maxCallerKeys:
			marks := make([]string, len(keys))
			for i, k := range keys {
				marks[i] = arg(k)
			}
			where = append(where, "number_key IN ("+strings.Join(marks, ", ")+")")
		default:
			// "|| ''" keeps the planner off the number index, which would
			// fetch and sort every call of every match: the scan newest
			// first stops at the page's end.
			where = append(where, "number_key || '' IN (SELECT number_key FROM callers WHERE search LIKE "+arg(pattern)+" ESCAPE '\\')")
		}
	}
	query := "SELECT " + callColumns + " FROM calls"
	if len(where) > 0 {
		query += " WHERE " + strings.Join(where, " AND ")
	}
	query += " ORDER BY rang_ms DESC, id DESC LIMIT " + arg(int64(n+1))
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return Page{}, fmt.Errorf("journal: search: %w", err)
	}
	calls, err := collectCalls(rows)
	if err != nil {
		return Page{}, fmt.Errorf("journal: search: %w", err)
	}
	var p Page
	if len(calls) > n {
		calls = calls[:n]
		last := calls[n-1]
		p.Next = fmt.Sprintf("%d.%d", last.Rang.UnixMilli(), last.ID)
	}
	p.Calls = calls
	return p, nil
}

// searchText is what Search looks for in the callers' index: lower case,
// and digits alone when the text is a number however punctuated.
func searchText(s string) string {
	s = strings.TrimSpace(s)
	if d := digitsOnly(s); d != "" {
		return d
	}
	return strings.ToLower(s)
}

// callerKeys returns the numbers whose caller matches pattern, at most
// maxCallerKeys+1 of them.
func (s *store) callerKeys(ctx context.Context, pattern string) ([]string, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT number_key FROM callers WHERE search LIKE $1 ESCAPE '\' LIMIT $2`,
		pattern, int64(maxCallerKeys+1))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var keys []string
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			return nil, err
		}
		keys = append(keys, k)
	}
	return keys, rows.Err()
}

// parseCursor reads Page.Next.
func parseCursor(c string) (int64, int64, error) {
	a, b, ok := strings.Cut(c, ".")
	at, err1 := strconv.ParseInt(a, 10, 64)
	id, err2 := strconv.ParseInt(b, 10, 64)
	if !ok || err1 != nil || err2 != nil {
		return 0, 0, fmt.Errorf("cursor %q is not one Search returned: %w", c, ErrInvalid)
	}
	return at, id, nil
}

// EachCall calls fn for every call that rang at or after since, oldest
// first. The rows are read in pages, so a long export does not hold one
// read transaction open for its whole length.
func (s *store) EachCall(ctx context.Context, since time.Time, fn func(Call) error) error {
	const page = 1000
	at, id := since.UnixMilli(), int64(0)
	if since.IsZero() {
		at = -1 << 62
	}
	for {
		rows, err := s.db.QueryContext(ctx, `SELECT `+callColumns+` FROM calls
WHERE rang_ms > $1 OR (rang_ms = $1 AND id > $2) ORDER BY rang_ms, id LIMIT $3`, at, id, int64(page))
		if err != nil {
			return fmt.Errorf("journal: read calls: %w", err)
		}
		calls, err := collectCalls(rows)
		if err != nil {
			return fmt.Errorf("journal: read calls: %w", err)
		}
		for _, c := range calls {
			if err := fn(c); err != nil {
				return err
			}
		}
		if len(calls) < page {
			return nil
		}
		last := calls[len(calls)-1]
		at, id = last.Rang.UnixMilli(), last.ID
	}
}

// placedHere is a call the operator placed: an outgoing leg that began its
// session. A later leg of a session carries on a call already counted: a
// retrieve, a consult or a blind transfer's new leg, which the console
// records in the session of the caller it is for.
const placedHere = `direction = 'out' AND retrieved_from = '' AND (session_id = '' OR NOT EXISTS (
	SELECT 1 FROM calls earlier WHERE earlier.session_id = calls.session_id AND earlier.session_id <> ''
		AND (earlier.rang_ms < calls.rang_ms OR (earlier.rang_ms = calls.rang_ms AND earlier.id < calls.id))))`

// Stats sums up the calls that rang in [from, to), in one pass grouped by
// line and queue; the totals and the two breakdowns are folded from it.
func (s *store) Stats(ctx context.Context, from, to time.Time) (Stats, error) {
	const answeredHere = "direction = 'in' AND answered_ms IS NOT NULL AND retrieved_from = ''"
	rows, err := s.db.QueryContext(ctx, `SELECT line_id, MAX(line_label), queue,
	CAST(SUM(CASE WHEN `+answeredHere+` THEN 1 ELSE 0 END) AS BIGINT),
	CAST(SUM(CASE WHEN outcome = 'missed' THEN 1 ELSE 0 END) AS BIGINT),
	CAST(SUM(CASE WHEN `+placedHere+` THEN 1 ELSE 0 END) AS BIGINT),
	CAST(SUM(CASE WHEN `+answeredHere+` AND answered_ms > rang_ms THEN answered_ms - rang_ms ELSE 0 END) AS BIGINT),
	CAST(MAX(CASE WHEN `+answeredHere+` AND answered_ms > rang_ms THEN answered_ms - rang_ms ELSE 0 END) AS BIGINT),
	CAST(SUM(hold_ms) AS BIGINT)
FROM calls WHERE rang_ms >= $1 AND rang_ms < $2
GROUP BY line_id, queue`, from.UnixMilli(), to.UnixMilli())
	if err != nil {
		return Stats{}, fmt.Errorf("journal: stats: %w", err)
	}
	defer rows.Close()
	type acc struct {
		label                 string
		answered, missed, out int64
		answerSum, answerMax  int64
		held                  int64
	}
	var total acc
	lines, queues := map[string]*acc{}, map[string]*acc{}
	add := func(m map[string]*acc, key, label string, r acc) {
		a := m[key]
		if a == nil {
			a = &acc{}
			m[key] = a
		}
		if a.label == "" {
			a.label = label
		}
		a.answered += r.answered
		a.missed += r.missed
		a.out += r.out
		a.answerSum += r.answerSum
		a.answerMax = max(a.answerMax, r.answerMax)
		a.held += r.held
	}
	for rows.Next() {
		var line, label, queue string
		var r acc
		if err := rows.Scan(&line, &label, &queue, &r.answered, &r.missed, &r.out, &r.answerSum, &r.answerMax, &r.held); err != nil {
			return Stats{}, fmt.Errorf("journal: stats: %w", err)
		}
		total.answered += r.answered
		total.missed += r.missed
		total.out += r.out
		total.answerSum += r.answerSum
		total.answerMax = max(total.answerMax, r.answerMax)
		total.held += r.held
		if label == "" && line == "" {
			label = "own line"
		}
		add(lines, line, label, r)
		if queue != "" {
			add(queues, queue, queue, r)
		}
	}
	if err := rows.Err(); err != nil {
		return Stats{}, fmt.Errorf("journal: stats: %w", err)
	}
	figures := func(a acc) Figures {
		f := Figures{Answered: int(a.answered), Missed: int(a.missed), Placed: int(a.out),
			LongestAnswer: time.Duration(a.answerMax) * time.Millisecond, Held: time.Duration(a.held) * time.Millisecond}
		if a.answered > 0 {
			f.AvgAnswer = time.Duration(a.answerSum/a.answered) * time.Millisecond
		}
		return f
	}
	groups := func(m map[string]*acc) []GroupFigures {
		out := make([]GroupFigures, 0, len(m))
		for k, a := range m {
			label := a.label
			if label == "" {
				label = k
			}
			out = append(out, GroupFigures{Key: k, Label: label, Figures: figures(*a)})
		}
		sort.Slice(out, func(i, j int) bool {
			if out[i].Label != out[j].Label {
				return out[i].Label < out[j].Label
			}
			return out[i].Key < out[j].Key
		})
		return out
	}
	return Stats{From: from, To: to, Total: figures(total), ByLine: groups(lines), ByQueue: groups(queues)}, nil
}

// callerQuery answers Caller in one round trip: the newest call, the count,
// the last note, the open messages, the contact and the open call-back, as
// rows of one shape tagged by their first column. The calls are those that
// rang before $3.
const callerQuery = `SELECT 'call', c.rang_ms, COALESCE(c.answered_ms, 0), COALESCE(c.ended_ms, 0), c.id,
	c.call_id, c.name, c.outcome, c.direction, c.session_id, c.number, c.queue, '', ''
FROM (SELECT id, call_id, name, outcome, direction, session_id, number, queue, rang_ms, answered_ms, ended_ms
	FROM calls WHERE number_key = $1 AND rang_ms < $3 ORDER BY rang_ms DESC, id DESC LIMIT 1) c
UNION ALL
SELECT 'count', COUNT(*), 0, 0, 0, '', '', '', '', '', '', '', '', '' FROM calls WHERE number_key = $1 AND rang_ms < $3
UNION ALL
SELECT 'note', n.created_ms, 0, 0, n.id, n.call_id, n.body, n.author, n.number, '', '', '', '', ''
FROM (SELECT id, call_id, body, author, number, created_ms FROM notes WHERE number_key = $1
	ORDER BY created_ms DESC, id DESC LIMIT 1) n
UNION ALL
SELECT 'message', m.created_ms, m.updated_ms, 0, m.id, m.recipient, m.recipient_id, m.caller_name, m.body,
	m.urgency, m.state, m.reason, m.created_by, m.call_id
FROM (SELECT id, recipient, recipient_id, caller_name, body, urgency, state, reason, created_by, call_id,
	created_ms, updated_ms FROM messages WHERE number_key = $1 AND state <> 'sent'
	ORDER BY created_ms DESC, id DESC LIMIT 20) m
UNION ALL
SELECT 'contact', 0, 0, 0, ct.id, ct.name, ct.org, ct.label, ct.number, '', '', '', '', ''
FROM (SELECT id, name, org, label, number FROM contacts WHERE number_key = $1 OR (tail <> '' AND tail = $2)
	ORDER BY CASE WHEN number_key = $1 THEN 0 ELSE 1 END, id LIMIT 1) ct
UNION ALL
SELECT 'callback', cb.created_ms, cb.last_ms, COALESCE(cb.claimed_ms, 0), cb.id, cb.name, cb.reason, cb.note,
	cb.claimed_by, cb.call_id, cb.number, CAST(cb.calls AS TEXT), '', ''
FROM (SELECT id, name, reason, note, claimed_by, claimed_ms, call_id, number, calls, created_ms, last_ms
	FROM callbacks WHERE number_key = $1 AND done_ms IS NULL LIMIT 1) cb`

// Caller returns what the journal knows about a number.
func (s *store) Caller(ctx context.Context, number string) (CallerMemory, error) {
	return s.caller(ctx, number, math.MaxInt64)
}

// CallerBefore returns what the journal knew about a number's calls before
// a call.
func (s *store) CallerBefore(ctx context.Context, number string, before time.Time) (CallerMemory, error) {
	if before.IsZero() {
		return s.caller(ctx, number, math.MaxInt64)
	}
	return s.caller(ctx, number, before.UnixMilli())
}

// caller is Caller counting the calls that rang before beforeMs.
func (s *store) caller(ctx context.Context, number string, beforeMs int64) (CallerMemory, error) {
	key := NormalizeNumber(number)
	if key == "" {
		return CallerMemory{}, fmt.Errorf("journal: caller %q: not a number: %w", number, ErrInvalid)
	}
	rows, err := s.db.QueryContext(ctx, callerQuery, key, tailDigits(key), beforeMs)
	if err != nil {
		return CallerMemory{}, fmt.Errorf("journal: caller %s: %w", key, err)
	}
	defer rows.Close()
	m := CallerMemory{Number: key}
	for rows.Next() {
		var tag string
		var t1, t2, t3, id int64
		var s1, s2, s3, s4, s5, s6, s7, s8, s9 string
		if err := rows.Scan(&tag, &t1, &t2, &t3, &id, &s1, &s2, &s3, &s4, &s5, &s6, &s7, &s8, &s9); err != nil {
			return CallerMemory{}, fmt.Errorf("journal: caller %s: %w", key, err)
		}
		switch tag {
		case "call":
			m.LastCall = &Call{ID: id, CallID: s1, Party: Party{Name: s2, Number: s6}, Outcome: Outcome(s3),
				Direction: Direction(s4), SessionID: s5, Queue: s7, Rang: fromMs(t1), Answered: fromMs(t2), Ended: fromMs(t3)}
		case "count":
			m.Calls = int(t1)
		case "note":
			m.LastNote = &Note{ID: id, CallID: s1, Text: s2, Author: s3, Number: s4, Created: fromMs(t1)}
		case "message":
			m.OpenMessages = append(m.OpenMessages, Message{ID: id, For: s1, ForID: s2, CallerName: s3, Text: s4,
				Urgency: Urgency(s5), State: MessageState(s6), Reason: s7, CreatedBy: s8, CallID: s9, Number: key,
				Created: fromMs(t1), Updated: fromMs(t2)})
		case "contact":
			m.Contact = &Contact{Name: s1, Org: s2, Numbers: []ContactNumber{{Label: s3, Number: s4}}}
		case "callback":
			calls, _ := strconv.Atoi(s7)
			m.Callback = &Callback{ID: id, Name: s1, Reason: CallbackReason(s2), Note: s3, ClaimedBy: s4, CallID: s5,
				Number: s6, Calls: calls, Created: fromMs(t1), Last: fromMs(t2), Claimed: fromMs(t3)}
		}
	}
	if err := rows.Err(); err != nil {
		return CallerMemory{}, fmt.Errorf("journal: caller %s: %w", key, err)
	}
	sort.SliceStable(m.OpenMessages, func(i, j int) bool { return m.OpenMessages[i].Created.After(m.OpenMessages[j].Created) })
	switch {
	case m.Contact != nil:
		m.Name = m.Contact.Name
	case m.LastCall != nil:
		m.Name = m.LastCall.Party.Name
	}
	return m, nil
}
