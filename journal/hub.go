package journal

import (
	"context"
	"sync"
)

// maxPending is how many changes a subscriber may fall behind by before its
// queue is replaced by one ChangeResync: a console that stalls must not make
// the store hold an unbounded queue, and a resync tells it to reload
// rather than silently miss a claim.
const maxPending = 1024

// hub fans committed changes out to the subscribers of Changes. Publishing
// never blocks: each subscriber has its own queue and goroutine.
type hub struct {
	mu     sync.Mutex
	subs   map[*subscriber]struct{}
	closed bool
	done   chan struct{} // closed by close: every subscriber goroutine ends
	wg     sync.WaitGroup
}

// subscriber is one Changes channel.
type subscriber struct {
	mu      sync.Mutex
	pending []Change
	wake    chan struct{} // capacity 1: "pending has something"
	out     chan Change
}

func newHub() *hub {
	return &hub{subs: make(map[*subscriber]struct{}), done: make(chan struct{})}
}

// subscribe returns a channel of the changes published from now on, closed
// when ctx ends or the hub closes.
func (h *hub) subscribe(ctx context.Context) <-chan Change {
	s := &subscriber{wake: make(chan struct{}, 1), out: make(chan Change)}
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		close(s.out)
		return s.out
	}
	h.subs[s] = struct{}{}
	h.wg.Add(1)
	h.mu.Unlock()
	go h.serve(ctx, s)
	return s.out
}

// serve delivers s's queue until ctx ends or the hub closes.
func (h *hub) serve(ctx context.Context, s *subscriber) {
	defer h.wg.Done()
	defer close(s.out)
	defer func() {
		h.mu.Lock()
		delete(h.subs, s)
		h.mu.Unlock()
	}()
	for {
		s.mu.Lock()
		batch := s.pending
		s.pending = nil
		s.mu.Unlock()
		for _, c := range batch {
			select {
			case s.out <- c:
			case <-ctx.Done():
				return
			case <-h.done:
				return
			}
		}
		if len(batch) > 0 {
			continue
		}
		select {
		case <-s.wake:
		case <-ctx.Done():
			return
		case <-h.done:
			return
		}
	}
}

// publish queues changes for every subscriber.
func (h *hub) publish(changes ...Change) {
	if len(changes) == 0 {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	for s := range h.subs {
		s.mu.Lock()
		if len(s.pending)+len(changes) > maxPending {
			s.pending = append(s.pending[:0], Change{Kind: ChangeResync})
		} else {
			s.pending = append(s.pending, changes...)
		}
		s.mu.Unlock()
		select {
		case s.wake <- struct{}{}:
		default:
		}
	}
}

// close ends every subscription and waits for their goroutines.
func (h *hub) close() {
	h.mu.Lock()
	if !h.closed {
		h.closed = true
		close(h.done)
	}
	h.mu.Unlock()
	h.wg.Wait()
}
