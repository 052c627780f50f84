package recorder

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/callboard/callboard/journal"
)

// Limits of the Writer.
const (
	// maxBatch is the most events one transaction commits: a long queue
	// (after the database was away) goes in a few transactions, so no one
	// transaction holds the write lock for long.
	maxBatch = 512
	// maxQueue bounds the events waiting while the database cannot be
	// written: past it new ones are dropped (and logged), rather than the
	// console's memory growing without end.
	maxQueue = 100_000
	// closeWait is how long Close keeps trying to commit what is queued.
	closeWait = 5 * time.Second
	// retryMin and retryMax bound the wait between attempts after a
	// failed commit.
	retryMin = 100 * time.Millisecond
	retryMax = 5 * time.Second
)

// Options tune a Writer.
type Options struct {
	// Operator is whose missed calls MissedSeen acknowledges.
	Operator string
	// Logger receives failed commits and dropped events; nil discards.
	Logger *slog.Logger
	// OnCommit, when set, is told of every committed batch: when each of
	// its items was queued and when the batch was committed. Benchmarks
	// measure the time to a durable commit with it.
	OnCommit func(queued []time.Time, committed time.Time)
}

// item is one thing to write: an event, or the missed calls seen up to a
// time.
type item struct {
	ev     journal.Event
	ack    time.Time // when set, an acknowledgement of the missed calls instead of an event
	queued time.Time
}

// Writer commits call events to the journal from a goroutine of its own;
// see the package documentation. Its methods are safe for concurrent use.
type Writer struct {
	store journal.Store
	opts  Options
	log   *slog.Logger

	mu        sync.Mutex
	pending   []item
	queued    uint64        // items accepted so far
	written   uint64        // items committed (or given up on) so far
	progress  chan struct{} // closed and replaced whenever written grows
	closed    bool
	dropped   int
	lastError error

	wake   chan struct{} // capacity 1: "pending has something"
	cancel context.CancelFunc
	done   chan struct{} // closed when the goroutine has returned
}

// Start starts a Writer on store; it runs until Close or until ctx ends.
func Start(ctx context.Context, store journal.Store, opts Options) *Writer {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	ctx, cancel := context.WithCancel(ctx)
	w := &Writer{
		store: store, opts: opts, log: opts.Logger,
		progress: make(chan struct{}), wake: make(chan struct{}, 1),
		cancel: cancel, done: make(chan struct{}),
	}
	go w.run(ctx)
	return w
}

// Record queues an event; it returns at once. An invalid event is dropped
// here, with a log line, so that it cannot fail a batch of good ones.
func (w *Writer) Record(ev journal.Event) {
	if err := ev.Validate(); err != nil {
		w.log.Warn("journal: event dropped", "error", err.Error())
		return
	}
	w.push(item{ev: ev})
}

// MissedSeen queues the acknowledgement that the operator saw the missed
// calls up to at, after the events queued before it.
func (w *Writer) MissedSeen(at time.Time) {
	if !at.IsZero() {
		w.push(item{ack: at})
	}
}

// push appends an item to the queue and wakes the goroutine.
func (w *Writer) push(it item) {
	it.queued = time.Now()
	w.mu.Lock()
	if w.closed {
		w.mu.Unlock()
		w.log.Warn("journal: event after the journal closed, not recorded", "call", it.ev.CallID)
		return
	}
	if len(w.pending) >= maxQueue {
		// The head of the queue may be being committed: the newest goes.
		w.dropped++
		w.mu.Unlock()
		w.log.Warn("journal: the queue is full, an event was dropped", "call", it.ev.CallID, "dropped", w.dropped)
		return
	}
	w.pending = append(w.pending, it)
	w.queued++
	w.mu.Unlock()
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

// Flush waits until everything queued before it is committed (or given up
// on, when the Writer closed), or until ctx ends.
func (w *Writer) Flush(ctx context.Context) error {
	w.mu.Lock()
	target := w.queued
	for w.written < target {
		ch := w.progress
		w.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			return fmt.Errorf("journal: wait for the events to be written: %w", ctx.Err())
		case <-w.done:
			w.mu.Lock()
			if w.written < target {
				w.mu.Unlock()
				return errors.New("journal: closed before the events were written")
			}
			w.mu.Unlock()
			return nil
		}
		w.mu.Lock()
	}
	w.mu.Unlock()
	return nil
}

// Pending reports how many items wait to be committed, and the last error
// a commit met (nil once one succeeds).
func (w *Writer) Pending() (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.pending), w.lastError
}

// Close stops accepting events, commits what is queued (trying for a few
// seconds at most) and stops the goroutine.
func (w *Writer) Close() error {
	w.mu.Lock()
	already := w.closed
	w.closed = true
	w.mu.Unlock()
	if !already {
		select {
		case w.wake <- struct{}{}:
		default:
		}
	}
	<-w.done
	w.mu.Lock()
	defer w.mu.Unlock()
	if n := len(w.pending); n > 0 {
		return fmt.Errorf("journal: %d events could not be written before closing: %w", n, w.lastError)
	}
	return nil
}

// run commits batches until closed (and drained) or ctx ends.
func (w *Writer) run(ctx context.Context) {
	defer close(w.done)
	defer w.cancel()
	retry := retryMin
	var closing <-chan time.Time
	for {
		w.mu.Lock()
		batch := w.pending[:min(len(w.pending), maxBatch)]
		closed := w.closed
		w.mu.Unlock()
		if len(batch) == 0 {
			if closed {
				return
			}
			select {
			case <-w.wake:
				continue
			case <-ctx.Done():
				return
			}
		}
		if closed && closing == nil {
			closing = time.After(closeWait)
		}
		n, err := w.commit(ctx, batch)
		w.finish(n, err)
		if err == nil {
			retry = retryMin
			continue
		}
		if errors.Is(err, journal.ErrClosed) || ctx.Err() != nil {
			return
		}
		w.log.Warn("journal: write failed, retrying", "error", err.Error(), "retry_in", retry.String())
		select {
		case <-time.After(retry):
		case <-ctx.Done():
			return
		case <-closing:
			return
		}
		retry = min(retry*2, retryMax)
	}
}

// commit writes the first items of batch: a run of events in one
// transaction, or one acknowledgement. It returns how many it wrote.
func (w *Writer) commit(ctx context.Context, batch []item) (int, error) {
	if !batch[0].ack.IsZero() {
		if err := w.store.AckMissed(ctx, w.opts.Operator, batch[0].ack); err != nil {
			return 0, err
		}
		w.committed(batch[:1])
		return 1, nil
	}
	n := 0
	for n < len(batch) && batch[n].ack.IsZero() {
		n++
	}
	evs := make([]journal.Event, n)
	for i := range n {
		evs[i] = batch[i].ev
	}
	if _, err := w.store.RecordBatch(ctx, evs); err != nil {
		return 0, err
	}
	w.committed(batch[:n])
	return n, nil
}

// committed tells OnCommit.
func (w *Writer) committed(items []item) {
	if w.opts.OnCommit == nil {
		return
	}
	now := time.Now()
	queued := make([]time.Time, len(items))
	for i, it := range items {
		queued[i] = it.queued
	}
	w.opts.OnCommit(queued, now)
}

// finish takes n committed items off the queue and wakes Flush.
func (w *Writer) finish(n int, err error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.lastError = err
	if n == 0 {
		return
	}
	w.pending = w.pending[n:]
	w.written += uint64(n)
	close(w.progress)
	w.progress = make(chan struct{})
}
