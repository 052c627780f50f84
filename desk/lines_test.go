package desk

import (
	"slices"
	"testing"
	"time"

	"github.com/callboard/callboard/model"
)

// The lines of the tests: the front desk's main number and the executive's.
const (
	mainLine = "vl-main"
	execLine = "p-dana"
)

func threeLines() Config {
	return Config{Lines: []Line{
		{ID: mainLine, Label: "Main Line", Number: "500"},
		{ID: execLine, Label: "Dana Whitfield", Number: "109", Executive: true},
	}}
}

// lineOf returns the line the poll with seq asked for.
func (r *rig) lineOf(seq uint64) string {
	r.t.Helper()
	for _, e := range r.all {
		if p, ok := e.(Poll); ok && p.Seq == seq {
			return p.Line
		}
	}
	r.t.Fatalf("no poll %d was asked for", seq)
	return ""
}

// answerLine answers the oldest poll out for line with calls, tagged as
// Webex would not: the desk must tag them itself.
func (r *rig) answerLine(line string, calls ...model.Call) {
	r.t.Helper()
	i := slices.IndexFunc(r.polls, func(seq uint64) bool { return r.lineOf(seq) == line })
	if i < 0 {
		r.t.Fatalf("no poll of line %q is out; out: %v", line, r.polls)
	}
	seq := r.polls[i]
	r.polls = slices.Delete(r.polls, i, i+1)
	r.step(Polled{Seq: seq, Line: line, Calls: calls})
}

// failLine answers the oldest poll out for line with a failure.
func (r *rig) failLine(line string, f *Failure) {
	r.t.Helper()
	i := slices.IndexFunc(r.polls, func(seq uint64) bool { return r.lineOf(seq) == line })
	if i < 0 {
		r.t.Fatalf("no poll of line %q is out", line)
	}
	seq := r.polls[i]
	r.polls = slices.Delete(r.polls, i, i+1)
	r.step(Polled{Seq: seq, Line: line, Failure: f})
}

// answerAll answers every poll out, each line with its calls in byLine.
func (r *rig) answerAll(byLine map[string][]model.Call) {
	r.t.Helper()
	for len(r.polls) > 0 {
		r.answerLine(r.lineOf(r.polls[0]), byLine[r.lineOf(r.polls[0])]...)
	}
}

// tickFor moves the clock in steps of 100 ms for d, as the console's timer
// would wake the desk.
func (r *rig) tickFor(d time.Duration) {
	r.t.Helper()
	for end := r.now.Add(d); r.now.Before(end); {
		r.advance(100 * time.Millisecond)
	}
}

// run moves the clock in steps of 100 ms for d, answering every poll as
// it goes with byLine, and counts the polls of each line.
func (r *rig) run(d time.Duration, byLine map[string][]model.Call) map[string]int {
	r.t.Helper()
	counts, _ := r.runTimed(d, byLine)
	return counts
}

// runTimed is run that also returns when each poll went out.
func (r *rig) runTimed(d time.Duration, byLine map[string][]model.Call) (map[string]int, []time.Time) {
	r.t.Helper()
	counts := map[string]int{}
	var times []time.Time
	end := r.now.Add(d)
	for r.now.Before(end) {
		for _, seq := range r.polls {
			counts[r.lineOf(seq)]++
			times = append(times, r.now)
		}
		r.answerAll(byLine)
		r.advance(100 * time.Millisecond)
	}
	return counts, times
}

// Bug guard: with one line, nothing changes — no other request, no Line,
// the same cadence as before lines existed.
func TestOneLineIsPolledAsBefore(t *testing.T) {
	r := newRig(t, Config{PollIdle: 2 * time.Second})
	counts := r.run(time.Minute, nil)
	if counts[""] < 29 || counts[""] > 31 || len(counts) != 1 {
		t.Errorf("one line polled %v in a minute, want about 30 of the own line only", counts)
	}
	for _, e := range r.all {
		if _, ok := e.(Read); ok {
			t.Fatalf("a one-line desk read something else: %+v", e)
		}
	}
	if r.d.MultiLine() {
		t.Error("one line reads as several")
	}
}

// Every line is polled, one request at a time within the budget: the own
// line as before, the quiet ones slower.
func TestEveryLineWithinOneBudget(t *testing.T) {
	cfg := threeLines()
	cfg.PollIdle, cfg.Budget = 2*time.Second, 120
	r := newRig(t, cfg)
	if len(r.polls) != 0 {
		t.Fatalf("polls out after the first: %v", r.polls)
	}
	// The other lines follow the first poll, half a second apart.
	r.advance(400 * time.Millisecond)
	if len(r.polls) != 0 {
		t.Fatal("a second line was polled before the budget's gap")
	}
	r.advance(100 * time.Millisecond)
	if len(r.polls) != 1 || r.lineOf(r.polls[0]) != mainLine {
		t.Fatalf("polls out at +0.5 s: %v, want the main line's", r.polls)
	}
	counts := r.run(time.Minute, nil)
	if n := counts[""]; n < 28 || n > 31 {
		t.Errorf("own line polled %d times in a quiet minute, want about 30", n)
	}
	for _, l := range []string{mainLine, execLine} {
		if n := counts[l]; n < 9 || n > 11 {
			t.Errorf("quiet line %s polled %d times in a minute, want about 10 (every 6 s)", l, n)
		}
	}
	// Busy: something rings on every line. Each is polled fast, but
	// together they stay within the budget, spaced by its gap.
	byLine := map[string][]model.Call{"": {ringing("a", 0)}, mainLine: {ringing("m1", 0)}, execLine: {ringing("e1", 0)}}
	counts, times := r.runTimed(time.Minute, byLine)
	if total := counts[""] + counts[mainLine] + counts[execLine]; total > 121 {
		t.Errorf("%d polls in a busy minute, over the budget of 120: %v", total, counts)
	}
	for i := 1; i < len(times); i++ {
		if gap := times[i].Sub(times[i-1]); gap < 500*time.Millisecond {
			t.Fatalf("two polls %v apart, closer than the budget's 500 ms", gap)
		}
	}
}

// A line where something rings is polled fast; the others stay quiet; the
// budget caps the total when every line is busy.
func TestActiveLinePolledFast(t *testing.T) {
	cfg := threeLines()
	r := newRig(t, cfg)
	byLine := map[string][]model.Call{mainLine: {ringing("m1", 0)}}
	counts := r.run(time.Minute, byLine)
	if n := counts[mainLine]; n < 55 {
		t.Errorf("the ringing main line was polled %d times in a minute, want about 60", n)
	}
	if n := counts[execLine]; n > 11 {
		t.Errorf("the quiet executive line was polled %d times, want about 10", n)
	}
	byLine = map[string][]model.Call{"": {ringing("a", 0)}, mainLine: {ringing("m1", 0)}, execLine: {ringing("e1", 0)}}
	counts = r.run(time.Minute, byLine)
	total := counts[""] + counts[mainLine] + counts[execLine]
	if total > 121 {
		t.Errorf("%d polls in a minute with every line ringing, over the budget of 120: %v", total, counts)
	}
	if counts[""] < 38 || counts[mainLine] < 38 || counts[execLine] < 38 {
		t.Errorf("the budget starves a ringing line: %v", counts)
	}
}

// The board holds every line's calls with their line; a line that fails to
// answer keeps its calls as last listed, and another line's poll never
// ends them.
func TestBoardHoldsEveryLine(t *testing.T) {
	r := newRig(t, threeLines(), connected("a", 0))
	r.advance(500 * time.Millisecond)
	r.answerLine(mainLine, ringing("m1", time.Second))
	row, ok := r.d.Board().Find("m1")
	if !ok || row.Call.Line != mainLine {
		t.Fatalf("the main line's call: %+v, %v", row.Call, ok)
	}
	if l, ok := r.d.LineOf("m1"); !ok || l.Label != "Main Line" {
		t.Errorf("LineOf(m1) = %+v", l)
	}
	if own, _ := r.d.Board().Find("a"); own.Call.Line != "" {
		t.Errorf("the own line's call is on %q", own.Call.Line)
	}
	r.advance(500 * time.Millisecond)
	r.answerLine(execLine)
	for _, id := range []string{"a", "m1"} {
		if row, _ := r.d.Board().Find(id); row.Ended() {
			t.Errorf("another line's poll ended %s", id)
		}
	}
	r.step(Refresh{})
	r.tickFor(1500 * time.Millisecond) // the budget spaces the three polls out
	r.failLine(mainLine, &Failure{Kind: FailNetwork, Text: "timeout"})
	if row, _ := r.d.Board().Find("m1"); row.Ended() {
		t.Error("a failed poll of the main line ended its call")
	}
	st := r.d.Lines()
	if len(st) != 3 || st[1].Failures != 1 || st[1].Live != 1 || st[0].Live != 1 {
		t.Errorf("Lines() = %+v", st)
	}
	if !r.d.Connection().Polled || r.d.Connection().Failures != 0 {
		t.Errorf("the own line's connection shows another line's failure: %+v", r.d.Connection())
	}
}

// Every action goes with the lineOwnerId of its row; a new call goes on
// the operator's own line.
func TestActionsCarryTheRowsLine(t *testing.T) {
	r := newRig(t, threeLines(), connected("a", 0))
	r.advance(500 * time.Millisecond)
	r.answerLine(mainLine, ringing("m1", time.Second))
	r.key("m1", model.ActionAnswer)
	if op := r.ok(model.ActionAnswer); op.Line != mainLine {
		t.Errorf("answer went with line %q, want the main line's", op.Line)
	}
	r.key("a", model.ActionHold)
	if op := r.ok(model.ActionHold); op.Line != "" {
		t.Errorf("hold of the own call went with line %q", op.Line)
	}
	r.step(Intent{Actions: []model.Action{model.ActionDial}, Args: Args{Dest: "101"}})
	if op := r.ok(model.ActionDial); op.Line != "" {
		t.Errorf("dial went with line %q", op.Line)
	}
}

// An answer on the main line settles by the main line's polls, not the
// own line's: a double press must not answer twice.
func TestGuardSettlesByTheCallsLine(t *testing.T) {
	r := newRig(t, threeLines())
	r.advance(500 * time.Millisecond)
	r.answerLine(mainLine, ringing("m1", 0))
	r.key("m1", model.ActionAnswer)
	r.ok(model.ActionAnswer)
	r.step(Refresh{})
	for len(r.polls) > 0 && r.lineOf(r.polls[0]) != mainLine {
		r.answerLine(r.lineOf(r.polls[0]))
		r.advance(500 * time.Millisecond)
	}
	r.key("m1", model.ActionAnswer)
	if n := r.count(model.ActionAnswer); n != 1 {
		t.Fatalf("answer sent %d times: other lines' polls lifted the guard", n)
	}
}

// A consult on the main line calls the consult party on the main line, so
// the two can be joined.
func TestConsultStaysOnItsLine(t *testing.T) {
	r := newRig(t, threeLines())
	r.advance(500 * time.Millisecond)
	r.answerLine(mainLine, connected("m1", 0))
	r.step(Intent{Actions: []model.Action{model.ActionConsult}, CallID: "m1", Args: Args{Dest: "101"}})
	r.ok(model.ActionHold)
	dial := r.reply(model.ActionDial, Result{CallID: "leg"}, nil)
	if dial.Line != mainLine {
		t.Errorf("the consult dialled on line %q, want the main line", dial.Line)
	}
}

// Two calls of different lines cannot be joined: Webex joins one line's.
func TestJoinAcrossLinesRefused(t *testing.T) {
	r := newRig(t, threeLines(), connected("a", 0))
	r.advance(500 * time.Millisecond)
	r.answerLine(mainLine, connected("m1", time.Second))
	if _, ok := r.d.JoinPartner("a"); ok {
		t.Error("a call of another line is offered as a join partner")
	}
	r.step(Intent{Actions: []model.Action{model.ActionJoinTransfer}, CallID: "a", Args: Args{With: "m1"}})
	if len(r.sent) != 0 {
		t.Fatalf("joined calls of two lines: %v", r.sent)
	}
	r.wantSaid("different lines")
}

// L shows the own line, then each other line, then every line; a call
// ringing on another line still shows.
func TestNextLineCycles(t *testing.T) {
	r := newRig(t, threeLines(), connected("a", 0))
	r.advance(500 * time.Millisecond)
	r.answerLine(mainLine, ringing("m1", time.Second))
	r.advance(500 * time.Millisecond)
	r.answerLine(execLine, connected("e1", 2*time.Second))
	shown := func() []string {
		var ids []string
		b := r.d.Board()
		for i := range b.VisibleLen() {
			ids = append(ids, b.VisibleRow(i).Call.ID)
		}
		slices.Sort(ids)
		return ids
	}
	for _, want := range []struct {
		line string
		ids  []string
	}{{"", []string{"a", "m1"}}, {mainLine, []string{"m1"}}, {execLine, []string{"e1", "m1"}}} {
		r.step(NextLine{})
		if l, ok := r.d.LineShown(); !ok || l.ID != want.line {
			t.Errorf("LineShown() = %+v, %v; want %q", l, ok, want.line)
		}
		if got := shown(); !slices.Equal(got, want.ids) {
			t.Errorf("line %q shows %v, want %v", want.line, got, want.ids)
		}
		if row, ok := r.d.Board().Selected(); !ok || (row.Call.Line != want.line && !row.Call.Ringing()) {
			t.Errorf("line %q: the selection is on %+v, %v", want.line, row.Call, ok)
		}
	}
	r.step(NextLine{})
	if _, ok := r.d.LineShown(); ok || len(shown()) != 3 {
		t.Errorf("after the last line every line should show: %v", shown())
	}
}

// L with one line says so and changes nothing.
func TestNextLineWithOneLine(t *testing.T) {
	r := newRig(t, Config{}, connected("a", 0))
	r.step(NextLine{})
	if _, ok := r.d.LineShown(); ok {
		t.Error("one line was chosen")
	}
	r.wantSaid("one line")
}

// A 429 on any line holds every line back for what Webex asked.
func TestRateLimitOnOneLineHoldsAll(t *testing.T) {
	r := newRig(t, threeLines())
	r.advance(500 * time.Millisecond)
	r.failLine(mainLine, limited(10*time.Second))
	start := r.now
	r.answerAll(nil)
	for r.now.Sub(start) < 10*time.Second-100*time.Millisecond {
		r.advance(100 * time.Millisecond)
		if len(r.polls) > 0 {
			t.Fatalf("line %q polled %v after a 429 on the main line asked for 10 s", r.lineOf(r.polls[0]), r.now.Sub(start))
		}
	}
	r.advance(200 * time.Millisecond)
	if len(r.polls) == 0 {
		t.Error("nothing polled once the rate limit ended")
	}
}

// Lines found on the devices join those configured: a new one is polled,
// a configured one keeps its label and learns it is the executive's.
func TestLinesFound(t *testing.T) {
	r := newRig(t, Config{Lines: []Line{{ID: mainLine, Label: "Front desk"}}})
	r.step(LinesFound{Lines: []Line{{ID: mainLine, Label: "Main Line", Number: "500"}, {ID: execLine, Label: "Dana Whitfield", Executive: true}}})
	st := r.d.Lines()
	if len(st) != 3 || st[1].Label != "Front desk" || st[1].Number != "500" || !st[2].Executive {
		t.Fatalf("Lines() = %+v", st)
	}
	r.wantSaid("watching 3 lines")
	counts := r.run(3*time.Second, nil)
	if counts[execLine] == 0 {
		t.Error("the line found is not polled")
	}
}

// A line found later has its conference read once too: one may be in
// progress there already.
func TestLinesFoundReadTheirConference(t *testing.T) {
	r := newRig(t, Config{Conference: true})
	r.step(LinesFound{Lines: []Line{{ID: mainLine, Label: "Main Line"}}})
	rd := r.waitRead(ReadConference, mainLine)
	r.step(ConferenceRead{Seq: rd.Seq, Line: mainLine})
	n := r.reads(ReadConference, mainLine)
	r.idle(time.Minute)
	if r.reads(ReadConference, mainLine) != n {
		t.Error("the line's conference is read again without one in progress")
	}
}
