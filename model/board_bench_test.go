package model

import (
	"strconv"
	"testing"
	"time"
)

// benchPolls returns two polls of n calls each that differ the way
// consecutive polls of a busy line do: a tenth of the calls changed state
// (held or resumed, answered), and a hundredth are present in one poll only,
// so they end and come back.
func benchPolls(n int) (a, b []Call) {
	a = make([]Call, 0, n)
	b = make([]Call, 0, n)
	for i := range n {
		id := "Y2lzY29zcGFyazovL3VzL0NBTEwv" + strconv.Itoa(i)
		c := mk(id, StateConnected, i%100, time.Duration(i)*time.Second)
		c.Answered = c.Created.Add(5 * time.Second)
		c.MuteCapable = true
		c.Remote.Name = "Caller " + strconv.Itoa(i)
		a = append(a, c)
		if i%100 == 99 {
			continue // gone from b
		}
		if i%10 == 3 {
			c.State = StateHeld
		}
		b = append(b, c)
	}
	return a, b
}

func benchmarkApply(bm *testing.B, n int) {
	a, b := benchPolls(n)
	board := NewBoard(BoardOptions{HoldLimit: time.Minute, AutoSelectRinging: true})
	now := at(0)
	board.Apply(a, now)
	board.Apply(b, now.Add(time.Second))
	bm.ReportAllocs()
	bm.ResetTimer()
	for i := 0; bm.Loop(); i++ {
		now = now.Add(time.Second)
		if i%2 == 0 {
			board.Apply(a, now)
		} else {
			board.Apply(b, now)
		}
	}
	if board.Len() != n {
		bm.Fatalf("board has %d rows, want %d", board.Len(), n)
	}
}

// BenchmarkApply10 applies alternating polls of 10 calls.
func BenchmarkApply10(b *testing.B) { benchmarkApply(b, 10) }

// BenchmarkApply100 applies alternating polls of 100 calls.
func BenchmarkApply100(b *testing.B) { benchmarkApply(b, 100) }

// BenchmarkApply1000 applies alternating polls of 1,000 calls; the target is
// well under 0.5 ms per poll.
func BenchmarkApply1000(b *testing.B) { benchmarkApply(b, 1000) }

// BenchmarkApply1000Churn applies polls of 1,000 calls in which one call
// arrives and one ends every poll, so every Apply slots a row in and, once
// the linger has passed, removes one: the structural path.
func BenchmarkApply1000Churn(bm *testing.B) {
	const n, pool = 1000, 1064
	calls := make([]Call, 2*pool) // the pool twice, so every window is contiguous
	for i := range pool {
		c := talk("call"+strconv.Itoa(i), time.Duration(i)*time.Second)
		calls[i], calls[i+pool] = c, c
	}
	board := NewBoard(BoardOptions{})
	now := at(0)
	bm.ReportAllocs()
	for i := 0; bm.Loop(); i++ {
		now = now.Add(time.Second)
		start := i % pool
		board.Apply(calls[start:start+n], now)
	}
}
