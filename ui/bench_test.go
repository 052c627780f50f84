package ui

import (
	"strconv"
	"testing"
	"time"

	"github.com/callboard/callboard/desk"
	"github.com/callboard/callboard/webex"
)

// benchApp is a 120×40 console showing n calls in a mix of states, the
// selection in the middle of the list.
func benchApp(b *testing.B, n int) *harness {
	b.Helper()
	h := newHarness(b, 120, 40, func(o *Options) { o.Desk.HoldLimit = time.Minute })
	now := h.clock.Now()
	calls := make([]webex.Call, n)
	for i := range calls {
		created := now.Add(-time.Duration(n-i) * time.Second)
		id, num := "call-"+strconv.Itoa(i), strconv.Itoa(100000+i)
		switch i % 4 {
		case 0:
			calls[i] = ringing(id, "Caller "+num, "+1415"+num, created)
		case 1:
			calls[i] = connected(id, "Caller "+num, "+1415"+num, created)
			calls[i].RecordingState = webex.RecordingStarted
		case 2:
			calls[i] = held(id, "Caller "+num, "+1415"+num, created)
		default:
			calls[i] = wcall(id, webex.StateConnecting, webex.PersonalityOriginator, "", num, created)
		}
	}
	h.poll(calls...)
	h.run(h.app.step(desk.Move{By: n / 2}), 0)
	return h
}

func benchmarkView(b *testing.B, n int) {
	h := benchApp(b, n)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		_ = h.app.View()
	}
}

// BenchmarkView10 draws a 120×40 console with 10 calls: fewer than the rows.
func BenchmarkView10(b *testing.B) { benchmarkView(b, 10) }

// BenchmarkView100 draws a 120×40 console with 100 calls; the target is 1 ms
// a frame.
func BenchmarkView100(b *testing.B) { benchmarkView(b, 100) }

// BenchmarkView1000 draws a 120×40 console with 1,000 calls: the cost should
// be that of 100, since only the rows on screen are drawn.
func BenchmarkView1000(b *testing.B) { benchmarkView(b, 1000) }
