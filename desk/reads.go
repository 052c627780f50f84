package desk

import "time"

// ReadKind is something the desk reads again and again besides the lines'
// calls, within the same request budget.
type ReadKind uint8

// The reads.
const (
	ReadQueues       ReadKind = iota + 1 // the operator's agent state and call queues
	ReadQueueCallers                     // the callers waiting in one queue (Key: the queue's id)
	ReadDoNotDisturb                     // the operator's do not disturb
	ReadForwarding                       // the operator's call forwarding (night service)
	ReadConference                       // one line's conference (Key: the lineOwnerId, "" for the own line)
)

// String names the read, for logs.
func (k ReadKind) String() string {
	switch k {
	case ReadQueues:
		return "queues"
	case ReadQueueCallers:
		return "queue callers"
	case ReadDoNotDisturb:
		return "do not disturb"
	case ReadForwarding:
		return "forwarding"
	case ReadConference:
		return "conference"
	}
	return "read"
}

// Read asks the host to read something; the answer comes back as the
// matching event (QueuesRead, QueueCallersRead, DoNotDisturbRead,
// ForwardingRead, ConferenceRead) with the same Seq.
type Read struct {
	Seq  uint64
	What ReadKind
	Key  string // the queue's id, the line's lineOwnerId
}

func (Read) effect() {}

// reader schedules one read.
type reader struct {
	schedule
	kind  ReadKind
	key   string
	every time.Duration // read again this long after a reply; 0: only when asked
}

// refusedRetry is how long a read Webex refuses (a missing scope, say)
// waits before it is tried again: the answer will not change by itself
// soon, and the budget has better uses.
const refusedRetry = 10 * time.Minute

// readerOf returns the reader of kind and key, or nil.
func (d *Desk) readerOf(kind ReadKind, key string) *reader {
	for _, r := range d.readers {
		if r.kind == kind && r.key == key {
			return r
		}
	}
	return nil
}

// addReader starts reading something every so often (every 0: only when
// asked); the first read goes at once, or with the first Step.
func (d *Desk) addReader(kind ReadKind, key string, every time.Duration) *reader {
	if r := d.readerOf(kind, key); r != nil {
		r.every = every
		return r
	}
	r := &reader{kind: kind, key: key, every: every}
	if d.started {
		r.due = d.now
	}
	d.readers = append(d.readers, r)
	return r
}

// dropReader stops a read.
func (d *Desk) dropReader(kind ReadKind, key string) {
	for i, r := range d.readers {
		if r.kind == kind && r.key == key {
			d.readers = append(d.readers[:i], d.readers[i+1:]...)
			return
		}
	}
}

// requestRead asks for a read now (after an action changed what it reads).
func (d *Desk) requestRead(kind ReadKind, key string) {
	if r := d.readerOf(kind, key); r != nil {
		d.request(&r.schedule)
	}
}

// readDone takes the reply to a read and schedules the next: false when
// it is not the answer to the read in flight.
func (d *Desk) readDone(kind ReadKind, key string, seq uint64, f *Failure) (*reader, bool) {
	r := d.readerOf(kind, key)
	if r == nil || !d.accept(&r.schedule, seq, f) {
		return nil, false
	}
	switch wait, ok := d.failureDelay(&r.schedule); {
	case f != nil && f.Kind == FailRefused:
		d.scheduleAfter(&r.schedule, refusedRetry)
	case ok:
		d.scheduleAfter(&r.schedule, wait)
	case r.every > 0:
		d.scheduleAfter(&r.schedule, r.every)
	case r.again:
		r.due = d.now
	}
	return r, true
}

// readFailure is the latest failure of a read, nil when its last read
// succeeded or it has none.
func (d *Desk) readFailure(kind ReadKind, key string) *Failure {
	if r := d.readerOf(kind, key); r != nil {
		return r.last
	}
	return nil
}
