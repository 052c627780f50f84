package ui

import (
	"strconv"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

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

// BenchmarkIdleSecond is one second of an idle console with three live
// calls, two of them held: the durations' tick and its frame, and every
// other second the idle poll, whose answer brings nothing new. It is the
// console's own share of the idle CPU figure (go run ./bench -only idle):
// the rest is the runtime's and the kernel's, waking up.
func BenchmarkIdleSecond(b *testing.B) {
	h := newHarness(b, 120, 40)
	now := h.clock.Now()
	h.poll(held("c1", "Idle One", "+14155550101", now), held("c2", "Idle Two", "+14155550102", now),
		connected("c3", "Idle Three", "+14155550103", now))
	// deliver runs what an update asked for, as the runtime would, without
	// the harness's checks: the polls' answers go back to Update, and a
	// view is built when the console says it changed.
	var deliver func(cmd tea.Cmd)
	deliver = func(cmd tea.Cmd) {
		if cmd == nil {
			return
		}
		switch msg := cmd().(type) {
		case tea.BatchMsg:
			for _, c := range msg {
				deliver(c)
			}
		case pollMsg:
			_, next := h.app.Update(msg)
			if !h.app.Unchanged() {
				_ = h.app.View()
			}
			deliver(next)
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		h.clock.set(h.clock.Now().Add(time.Second))
		_, cmd := h.app.Update(wakeMsg{gen: h.app.wake.gen})
		_ = h.app.View()
		deliver(cmd)
	}
	b.StopTimer()
	if polls := h.api.count("ListCalls"); polls < b.N/2 {
		b.Fatalf("%d polls in %d seconds: the idle poll did not run", polls, b.N)
	}
}
