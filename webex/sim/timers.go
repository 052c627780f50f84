package sim

import (
	"container/heap"
	"time"
)

// timerKind is what happens when a timer fires.
type timerKind int

const (
	tScenario         timerKind = iota // the random scenario's next event
	tDeviceAnswer                      // the user's device picks up a click-to-dial (or pull) call
	tRemoteAnswer                      // the far end of a connecting call answers
	tNoAnswer                          // a connecting call nobody answers ends
	tRingTimeout                       // an unanswered incoming call stops ringing: missed
	tGiveUp                            // the caller of an incoming call hangs up before it is answered
	tTalkEnd                           // the far end hangs up
	tRecordingStart                    // a pending recording starts
	tTransferTimeout                   // a mute transfer's destination did not answer
	tParkRecall                        // a parked call rings back
	tPeerAnswer                        // a colleague answers their ringing call
	tPeerRingTimeout                   // a colleague's unanswered call goes to their voicemail
	tPeerTalkEnd                       // a colleague's call ends
	tQueueArrival                      // the random scenario's next queue caller arrives
	tQueueBounce                       // a queue call offered to the user rang unanswered: back to the queue
	tQueueAgentAnswer                  // another agent answers a waiting queue caller
	tQueueGiveUp                       // a waiting queue caller hangs up
	tForwardNoAnswer                   // a call rang its no-answer forwarding rings: forwarded
	timerKinds                         // the number of kinds
)

// scenarioOwner owns the scenario's timer.
const scenarioOwner = "scenario"

// timerKey identifies a timer: at most one per owner and kind, so the queue
// never holds more than timerKinds entries per live call.
type timerKey struct {
	owner string
	kind  timerKind
}

type timer struct {
	key   timerKey
	at    time.Time
	seq   uint64 // ties on at fire in scheduling order
	index int
}

// timerQueue is a min-heap of timers by (at, seq).
type timerQueue []*timer

// Len, Less, Swap, Push and Pop implement heap.Interface.
func (q timerQueue) Len() int { return len(q) }

// Less orders by time, then by scheduling order.
func (q timerQueue) Less(i, j int) bool {
	if !q[i].at.Equal(q[j].at) {
		return q[i].at.Before(q[j].at)
	}
	return q[i].seq < q[j].seq
}

// Swap swaps two timers and their indexes.
func (q timerQueue) Swap(i, j int) {
	q[i], q[j] = q[j], q[i]
	q[i].index = i
	q[j].index = j
}

// Push appends a timer.
func (q *timerQueue) Push(x any) {
	t := x.(*timer)
	t.index = len(*q)
	*q = append(*q, t)
}

// Pop removes the last timer.
func (q *timerQueue) Pop() any {
	old := *q
	n := len(old)
	t := old[n-1]
	old[n-1] = nil
	*q = old[:n-1]
	t.index = -1
	return t
}

// timers is the simulator's schedule: a priority queue plus an index by key.
type timers struct {
	q     timerQueue
	byKey map[timerKey]*timer
	seq   uint64
}

func newTimers() *timers { return &timers{byKey: make(map[timerKey]*timer)} }

// schedule sets owner's kind timer to at, replacing one already set.
func (ts *timers) schedule(owner string, kind timerKind, at time.Time) {
	k := timerKey{owner, kind}
	ts.seq++
	if t, ok := ts.byKey[k]; ok {
		t.at, t.seq = at, ts.seq
		heap.Fix(&ts.q, t.index)
		return
	}
	t := &timer{key: k, at: at, seq: ts.seq}
	heap.Push(&ts.q, t)
	ts.byKey[k] = t
}

// cancel removes owner's kind timer, if set.
func (ts *timers) cancel(owner string, kind timerKind) {
	k := timerKey{owner, kind}
	if t, ok := ts.byKey[k]; ok {
		heap.Remove(&ts.q, t.index)
		delete(ts.byKey, k)
	}
}

// cancelOwner removes every timer of owner.
func (ts *timers) cancelOwner(owner string) {
	for k := range timerKinds {
		ts.cancel(owner, k)
	}
}

// popDue removes and returns the earliest timer due at or before now.
func (ts *timers) popDue(now time.Time) (*timer, bool) {
	if len(ts.q) == 0 || ts.q[0].at.After(now) {
		return nil, false
	}
	t := heap.Pop(&ts.q).(*timer)
	delete(ts.byKey, t.key)
	return t, true
}

// len is the number of pending timers.
func (ts *timers) len() int { return len(ts.q) }
