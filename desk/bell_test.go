package desk

import (
	"testing"
	"time"

	"github.com/callboard/callboard/model"
)

// bells counts the Bell effects so far.
func (r *rig) bells() int {
	n := 0
	for _, e := range r.all {
		if _, ok := e.(Bell); ok {
			n++
		}
	}
	return n
}

// bellsDuring advances the clock second by second for d, as a console's
// timer would, and returns how many bells rang and when.
func (r *rig) bellsDuring(d time.Duration) []time.Duration {
	r.t.Helper()
	start := r.now
	var at []time.Duration
	for end := r.now.Add(d); r.now.Before(end); {
		before := r.bells()
		r.advance(time.Second)
		if r.bells() > before {
			at = append(at, r.now.Sub(start))
		}
	}
	return at
}

func alarmConfig() Config {
	return Config{Bell: true, RingAlarm: 30 * time.Second, BellRepeat: 10 * time.Second, HoldLimit: time.Minute}
}

func TestBellRepeatsForALongRingUntilAcknowledged(t *testing.T) {
	r := newRig(t, alarmConfig(), ringing("a", 0))
	if r.bells() != 1 {
		t.Fatalf("a new ringing call rings the bell once, got %d", r.bells())
	}
	if wake := r.d.NextWake(); wake.IsZero() || wake.After(epoch().Add(30*time.Second)) {
		t.Errorf("NextWake = %v: the desk must wake when the ring alarm comes into force", wake)
	}
	got := r.bellsDuring(55 * time.Second)
	want := []time.Duration{30 * time.Second, 40 * time.Second, 50 * time.Second}
	if !equalDurations(got, want) {
		t.Fatalf("repeating bells at %v, want %v", got, want)
	}
	r.wantSaid("Caller a has been ringing for 0:30")
	if !r.d.Alarming("a") {
		t.Error("Alarming(a) = false while the bell repeats for it")
	}

	r.step(Acknowledge{})
	r.wantSaid("bell silenced for Caller a")
	if got := r.bellsDuring(time.Minute); len(got) != 0 {
		t.Errorf("bells after the acknowledgement at %v", got)
	}
	if r.d.Alarming("a") {
		t.Error("Alarming(a) = true after the acknowledgement")
	}
	if next := r.d.nextBell(); !next.IsZero() {
		t.Errorf("nextBell = %v after the only alarm was acknowledged", next)
	}
}

func TestAcknowledgeWithNothingToSilenceSaysSo(t *testing.T) {
	r := newRig(t, alarmConfig(), ringing("a", 0))
	r.step(Acknowledge{})
	r.wantSaid("no bell to silence")
	// Acknowledging before the alarm does not silence the alarm to come.
	if got := r.bellsDuring(31 * time.Second); len(got) != 1 || got[0] != 30*time.Second {
		t.Errorf("bells %v, want one at 30s", got)
	}
}

func TestActingOnTheCallSilencesItsBell(t *testing.T) {
	r := newRig(t, alarmConfig(), ringing("a", 0))
	r.bellsDuring(5 * time.Second)
	r.pollNow(ringing("a", 0), ringing("b", 5*time.Second))
	r.bellsDuring(26 * time.Second)
	// Rejecting a fails; the operator is on it all the same.
	r.key("a", model.ActionReject)
	r.reply(model.ActionReject, Result{}, &Failure{Kind: FailRefused, Status: 400, Text: "no"})
	got := r.bellsDuring(30 * time.Second)
	// b's alarm (from 35 s) still rings: 40, 50, 60 s after the start.
	want := []time.Duration{4 * time.Second, 14 * time.Second, 24 * time.Second}
	if !equalDurations(got, want) {
		t.Errorf("bells after acting on a: %v, want b's alone %v", got, want)
	}
	if r.d.Alarming("a") || !r.d.Alarming("b") {
		t.Errorf("alarming: a %v b %v, want only b", r.d.Alarming("a"), r.d.Alarming("b"))
	}
}

func TestBellStopsWhenTheCallIsAnswered(t *testing.T) {
	r := newRig(t, alarmConfig(), ringing("a", 0))
	r.bellsDuring(35 * time.Second)
	r.pollNow(connected("a", 0))
	if got := r.bellsDuring(time.Minute); len(got) != 0 {
		t.Errorf("bells after the call was answered at %v", got)
	}
}

func TestBellRepeatsForALongHoldUntilResumed(t *testing.T) {
	r := newRig(t, alarmConfig(), onHold("a", 0))
	r.pollNow(onHold("a", 0))
	got := r.bellsDuring(85 * time.Second)
	// The hold's own warning at the limit, then every 10 s.
	want := []time.Duration{60 * time.Second, 70 * time.Second, 80 * time.Second}
	if !equalDurations(got, want) {
		t.Fatalf("bells for a long hold at %v, want %v", got, want)
	}
	r.pollNow(connected("a", 0))
	if got := r.bellsDuring(30 * time.Second); len(got) != 0 {
		t.Errorf("bells after the call was resumed at %v", got)
	}
	// A new hold is a new alarm, acknowledged or not before.
	r.step(Acknowledge{})
	r.pollNow(onHold("a", 0))
	if got := r.bellsDuring(75 * time.Second); len(got) < 2 {
		t.Errorf("a second long hold rang %v, want the warning and repeats", got)
	}
}

func TestNoRepeatWithoutTheBell(t *testing.T) {
	cfg := alarmConfig()
	cfg.Bell = false
	r := newRig(t, cfg, ringing("a", 0))
	if got := r.bellsDuring(time.Minute); len(got) != 0 {
		t.Errorf("bells with the bell off: %v", got)
	}
	r.wantSaid("has been ringing for")
}

func TestRingAlarmOffByDefault(t *testing.T) {
	r := newRig(t, Config{Bell: true}, ringing("a", 0))
	if got := r.bellsDuring(2 * time.Minute); len(got) != 0 {
		t.Errorf("bells with no ring alarm configured: %v", got)
	}
}

func equalDurations(a, b []time.Duration) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
