package desk

import (
	"slices"
	"testing"
	"time"

	"github.com/callboard/callboard/model"
)

// confRig is a desk with a held caller and a connected colleague on the
// own line, reading conferences, none in progress.
func confRig(t *testing.T) *rig {
	t.Helper()
	r := newRig(t, Config{Conference: true}, onHold("a", 0), connected("b", time.Second))
	rd := r.waitRead(ReadConference, "")
	r.step(ConferenceRead{Seq: rd.Seq})
	return r
}

// startConf starts the conference of a and b and reads it back.
func startConf(r *rig, parts ...Participant) {
	r.t.Helper()
	r.step(Intent{Actions: []model.Action{model.ActionConferenceStart}, CallID: "b", Name: "Caller b", Args: Args{With: "a"}})
	r.ok(model.ActionConferenceStart)
	rd := r.waitRead(ReadConference, "")
	r.step(ConferenceRead{Seq: rd.Seq, Conference: Conference{State: ConferenceConnected, Participants: parts}})
	r.idle(2 * time.Second) // the list shows it: the guard on the two calls lifts
}

// rowOrder returns the board's ids in order.
func rowOrder(r *rig) []string {
	var ids []string
	for _, row := range r.d.Board().Rows() {
		ids = append(ids, row.Call.ID)
	}
	return ids
}

// From a held and a connected call one intent starts the conference; the
// board shows its calls as one group at once, and Webex's details, read
// back, name the participants.
func TestConferenceStarts(t *testing.T) {
	r := confRig(t)
	if p, ok := r.d.ConferencePartner("b"); !ok || p.ID != "a" {
		t.Fatalf("ConferencePartner(b) = %q, %v", p.ID, ok)
	}
	r.pollOwn(onHold("a", 0), ringing("x", 2*time.Second), connected("b", time.Second))
	r.step(Intent{Actions: []model.Action{model.ActionConferenceStart}, CallID: "b", Name: "Caller b", Args: Args{With: "a"}})
	op := r.ok(model.ActionConferenceStart)
	if op.CallID != "b" || op.With != "a" {
		t.Fatalf("sent %+v", op)
	}
	r.wantSaid("conference: you, Caller b and Caller a")
	info, ok := r.d.ConferenceOf("a")
	if !ok || info.Confirmed || !info.Has("b") {
		t.Fatalf("ConferenceOf(a) = %+v, %v; want the started group", info, ok)
	}
	if got := rowOrder(r); !slices.Equal(got, []string{"x", "b", "a"}) {
		t.Errorf("rows %v, want the conference's calls together", got)
	}
	rd := r.waitRead(ReadConference, "")
	r.step(ConferenceRead{Seq: rd.Seq, Conference: Conference{State: ConferenceConnected,
		Participants: []Participant{{CallID: "a"}, {CallID: "b", Muted: true}}}})
	info, _ = r.d.ConferenceOf("b")
	if !info.Confirmed || info.State != ConferenceConnected || info.Tag("b") != "conference muted" {
		t.Errorf("read back: %+v", info)
	}
	if _, ok := r.d.ConferencePartner("a"); ok {
		t.Error("a call in a conference is offered to start another")
	}
	r.step(Intent{Actions: []model.Action{model.ActionConferenceStart}, CallID: "a", Args: Args{With: "b"}})
	if r.count(model.ActionConferenceStart) != 1 {
		t.Error("a second conference was started on the same line")
	}
}

// Participants are muted and deafened by their calls; what the conference
// says they are already is refused; the conference's details are read back
// after each change.
func TestConferenceParticipants(t *testing.T) {
	r := confRig(t)
	startConf(r, Participant{CallID: "a"}, Participant{CallID: "b"})
	r.key("a", model.ActionConferenceMute)
	if op := r.ok(model.ActionConferenceMute); op.CallID != "a" {
		t.Errorf("muted %q", op.CallID)
	}
	reads := r.reads(ReadConference, "")
	r.idle(time.Second)
	if r.reads(ReadConference, "") <= reads {
		t.Error("the conference was not read at once after the mute")
	}
	rd := r.waitRead(ReadConference, "")
	r.step(ConferenceRead{Seq: rd.Seq, Conference: Conference{State: ConferenceConnected,
		Participants: []Participant{{CallID: "a", Muted: true}, {CallID: "b"}}}})
	r.key("a", model.ActionConferenceMute)
	r.wantSaid("muted already")
	r.key("b", model.ActionConferenceUndeafen)
	r.wantSaid("not deafened")
	r.key("b", model.ActionConferenceDeafen)
	r.ok(model.ActionConferenceDeafen)
	if r.count(model.ActionConferenceMute) != 1 || r.count(model.ActionConferenceUndeafen) != 0 {
		t.Errorf("sent %v", r.sent)
	}
}

// Hold on a participant holds the conference (Webex refuses holding one
// participant); resume comes back.
func TestConferenceHoldAndResume(t *testing.T) {
	r := confRig(t)
	startConf(r, Participant{CallID: "a"}, Participant{CallID: "b"})
	r.key("b", model.ActionHold, model.ActionResume)
	if r.count(model.ActionHold) != 0 || r.count(model.ActionConferenceHold) != 1 {
		t.Fatalf("sent %v, want the conference held", r.sent)
	}
	r.ok(model.ActionConferenceHold)
	rd := r.waitRead(ReadConference, "")
	r.step(ConferenceRead{Seq: rd.Seq, Conference: Conference{State: ConferenceHeld,
		Participants: []Participant{{CallID: "a"}, {CallID: "b"}}}})
	r.step(Intent{Actions: []model.Action{model.ActionConferenceHold}, CallID: "a"})
	r.wantSaid("held the conference already")
	r.step(Intent{Actions: []model.Action{model.ActionConferenceResume}, CallID: "a"})
	if op := r.ok(model.ActionConferenceResume); op.Line != "" {
		t.Errorf("resume on line %q", op.Line)
	}
}

// Stepping out of a three-way conference transfers the other two to each
// other: both leave the line as transferred. With more participants it is
// refused.
func TestConferenceLeave(t *testing.T) {
	r := confRig(t)
	startConf(r, Participant{CallID: "a"}, Participant{CallID: "b"})
	r.step(Intent{Actions: []model.Action{model.ActionConferenceLeave}, CallID: "a"})
	op := r.ok(model.ActionConferenceLeave)
	if op.CallID != "a" || op.With != "b" {
		t.Fatalf("left with %+v", op)
	}
	r.wantSaid("stepped out, still talking: Caller a and Caller b")
	if _, ok := r.d.ConferenceOf("a"); ok {
		t.Error("the conference outlives the step out")
	}
	r.pollOwn()
	for _, id := range []string{"a", "b"} {
		row, _ := r.d.Board().Find(id)
		if got := r.d.Outcome(row); got != OutcomeTransferred {
			t.Errorf("%s left as %q, want transferred", id, got.Word())
		}
	}

	r = confRig(t)
	r.pollOwn(onHold("a", 0), connected("b", time.Second), connected("c", 2*time.Second))
	startConf(r, Participant{CallID: "a"}, Participant{CallID: "b"}, Participant{CallID: "c"})
	r.step(Intent{Actions: []model.Action{model.ActionConferenceLeave}, CallID: "a"})
	if r.count(model.ActionConferenceLeave) != 0 {
		t.Fatal("stepped out of a four-way conference")
	}
	r.wantSaid("three-way conference only")
}

// A call is added to the conference of its line; a call already in it, or
// a line without one, is refused; release ends it all.
func TestConferenceAddAndRelease(t *testing.T) {
	r := confRig(t)
	r.pollOwn(onHold("a", 0), connected("b", time.Second), connected("c", 2*time.Second))
	r.key("c", model.ActionConferenceAdd)
	r.wantSaid("there is no conference")
	startConf(r, Participant{CallID: "a"}, Participant{CallID: "b"})
	r.key("a", model.ActionConferenceAdd)
	r.wantSaid("in the conference already")
	r.key("c", model.ActionConferenceAdd)
	if op := r.ok(model.ActionConferenceAdd); op.CallID != "c" {
		t.Errorf("added %q", op.CallID)
	}
	r.step(Intent{Actions: []model.Action{model.ActionConferenceRelease}, CallID: "b"})
	r.ok(model.ActionConferenceRelease)
	if _, ok := r.d.ConferenceOn(""); ok {
		t.Error("the conference outlives its release")
	}
}

// Webex dissolves a conference down to one call: when a participant hangs
// up the conference is read again, and its end is said.
func TestConferenceEndsWhenAParticipantLeaves(t *testing.T) {
	r := confRig(t)
	startConf(r, Participant{CallID: "a"}, Participant{CallID: "b"})
	r.pollOwn(connected("b", time.Second))
	rd := r.waitRead(ReadConference, "")
	r.step(ConferenceRead{Seq: rd.Seq})
	if _, ok := r.d.ConferenceOf("b"); ok {
		t.Error("the conference outlives its second call")
	}
	r.wantSaid("the conference on your line has ended")
	if _, _, grouped := r.d.Board().Group("b"); grouped {
		t.Error("the board still groups the calls")
	}
}

// While a conference lasts it is read as often as a quiet line is polled;
// without one, it is not read at all.
func TestConferenceReadsOnlyWhileOne(t *testing.T) {
	r := confRig(t)
	n := r.reads(ReadConference, "")
	r.idle(time.Minute)
	if got := r.reads(ReadConference, ""); got != n {
		t.Errorf("read %d times in a minute without a conference", got-n)
	}
	startConf(r, Participant{CallID: "a"}, Participant{CallID: "b"})
	n = r.reads(ReadConference, "")
	r.idle(time.Minute)
	if got := r.reads(ReadConference, "") - n; got < 25 || got > 31 {
		t.Errorf("read %d times in a minute with a conference, want every 2 s", got)
	}
}
