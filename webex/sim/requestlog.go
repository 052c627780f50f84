package sim

import (
	"bytes"
	"encoding/json"

	"github.com/callboard/callboard/webex"
)

// RequestRecord is one /v1 request as GET /_sim/requests reports it.
type RequestRecord struct {
	Time   webex.Timestamp `json:"time"`   // when the request acted (simulated time)
	Method string          `json:"method"` // HTTP method
	Path   string          `json:"path"`   // escaped URL path, such as /v1/telephony/calls/dial
	Query  string          `json:"query"`  // raw query string
	Body   json.RawMessage `json:"body"`   // the JSON body as sent; null when absent or not JSON
	// Status is the HTTP status returned; 0 means no response was sent (the
	// connection was dropped by a fault, or the client gave up while an
	// injected latency ran).
	Status int `json:"status"`
}

// requestLog keeps the latest requests in a ring.
type requestLog struct {
	limit int
	items []RequestRecord
	next  int // where the next record goes once the ring is full
}

func newRequestLog(limit int) *requestLog { return &requestLog{limit: limit} }

// add records r, dropping the oldest record when full.
func (l *requestLog) add(r RequestRecord) {
	if len(l.items) < l.limit {
		l.items = append(l.items, r)
		return
	}
	l.items[l.next] = r
	l.next = (l.next + 1) % l.limit
}

// list returns the records, oldest first.
func (l *requestLog) list() []RequestRecord {
	out := make([]RequestRecord, 0, len(l.items))
	out = append(out, l.items[l.next:]...)
	return append(out, l.items[:l.next]...)
}

func (l *requestLog) len() int { return len(l.items) }

// logBody keeps a request body for the log: compacted JSON, or nil.
func logBody(body []byte) json.RawMessage {
	if len(bytes.TrimSpace(body)) == 0 || !json.Valid(body) {
		return nil
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, body); err != nil {
		return nil
	}
	return buf.Bytes()
}
