package desk

import (
	"testing"
	"time"

	"github.com/callboard/callboard/model"
)

// priya is a colleague as the colleagues pane reports her.
func priya(free bool, word string) Colleague {
	return Colleague{ID: "p103", Name: "Priya Shah", Dest: "103", Free: free, Known: true, Word: word}
}

func bells(r *rig) int {
	n := 0
	for _, e := range r.all {
		if _, ok := e.(Bell); ok {
			n++
		}
	}
	return n
}

// A caller camped on a busy colleague is held, waits, and is transferred
// the moment the colleague is free; nothing is transferred before.
func TestCampOnTransfersWhenFree(t *testing.T) {
	r := newRig(t, Config{Bell: true}, connected("c", 0))
	r.step(CampOn{CallID: "c", Name: "Ada", Colleague: priya(false, "on a call")})
	hold := r.ok(model.ActionHold)
	if hold.CallID != "c" {
		t.Fatalf("camp-on held %q", hold.CallID)
	}
	r.wantSaid("waits on hold for Priya Shah (on a call)")
	r.pollNow(onHold("c", 0))
	info, ok := r.d.CampOnOf("c")
	if !ok || info.Colleague.Dest != "103" || !info.Until.Equal(r.now.Add(DefaultCampOnLimit)) {
		t.Fatalf("CampOnOf = %+v %v", info, ok)
	}
	// Still busy, or in a meeting: nothing happens.
	r.advance(20 * time.Second)
	r.step(priya(false, "in a meeting"))
	if n := r.count(model.ActionTransfer); n != 0 {
		t.Fatalf("%d transfers while the colleague is busy", n)
	}
	if info, _ := r.d.CampOnOf("c"); info.Colleague.Word != "in a meeting" {
		t.Errorf("the camp-on did not learn the new status: %q", info.Colleague.Word)
	}
	// Another colleague turning free changes nothing.
	r.step(Colleague{ID: "p104", Name: "Chen Wei", Dest: "104", Free: true, Known: true})
	if n := r.count(model.ActionTransfer); n != 0 {
		t.Fatalf("transferred when someone else was free")
	}
	bellsBefore := bells(r)
	r.step(Colleague{ID: "p103", Free: true, Known: true, Word: "available"})
	tr := r.reply(model.ActionTransfer, Result{CallID: "leg"}, nil)
	if tr.CallID != "c" || tr.Args.Dest != "103" {
		t.Fatalf("camp-on transferred %q to %q, want c to 103", tr.CallID, tr.Args.Dest)
	}
	r.wantSaid("Priya Shah is free — transferring Caller c")
	if bells(r) != bellsBefore+1 {
		t.Errorf("no bell when the camp-on went through")
	}
	if _, ok := r.d.CampOnOf("c"); ok {
		t.Errorf("the camp-on is still on after it fired")
	}
	// A later status does not transfer again.
	r.step(priya(true, "available"))
	if n := r.count(model.ActionTransfer); n != 1 {
		t.Errorf("%d transfers, want exactly one", n)
	}
}

// Camping on a colleague already free transfers at once, without a hold.
func TestCampOnFreeColleagueTransfersAtOnce(t *testing.T) {
	r := newRig(t, Config{}, connected("c", 0))
	r.step(CampOn{CallID: "c", Colleague: priya(true, "available")})
	if r.count(model.ActionHold) != 0 || r.count(model.ActionTransfer) != 1 {
		t.Errorf("sent %d holds and %d transfers, want a transfer alone", r.count(model.ActionHold), r.count(model.ActionTransfer))
	}
}

// Past the limit the operator is alerted once, with a bell; the caller keeps
// waiting until the operator acts.
func TestCampOnAlertsPastTheLimit(t *testing.T) {
	r := newRig(t, Config{Bell: true, CampOnLimit: time.Minute}, onHold("c", 0))
	r.step(CampOn{CallID: "c", Name: "Ada", Colleague: priya(false, "on a call")})
	if r.count(model.ActionHold) != 0 {
		t.Errorf("a held caller was held again")
	}
	if w := r.d.NextWake(); w.IsZero() || w.After(r.now.Add(time.Minute)) {
		t.Errorf("NextWake %v does not cover the camp-on limit", w)
	}
	r.advance(59 * time.Second)
	if bells(r) != 0 {
		t.Fatalf("alerted before the limit")
	}
	r.advance(time.Second)
	r.wantSaid("Caller c has waited 1:00 for Priya Shah — pick the caller up")
	if bells(r) != 1 {
		t.Errorf("%d bells at the limit, want 1", bells(r))
	}
	r.advance(time.Minute)
	if bells(r) != 1 {
		t.Errorf("the alert repeated")
	}
	if info, ok := r.d.CampOnOf("c"); !ok || !info.Alerted {
		t.Errorf("the camp-on ended at the limit: %+v %v", info, ok)
	}
	r.step(priya(true, "available"))
	if r.count(model.ActionTransfer) != 1 {
		t.Errorf("a camp-on past its limit no longer transfers")
	}
}

func TestCampOnCancel(t *testing.T) {
	r := newRig(t, Config{}, onHold("c", 0))
	r.step(CampOn{CallID: "c", Colleague: priya(false, "on a call")})
	r.step(CancelCampOn{CallID: "c"})
	r.wantSaid("camp-on cancelled")
	r.step(priya(true, "available"))
	if r.count(model.ActionTransfer) != 0 {
		t.Errorf("a cancelled camp-on transferred")
	}
	if len(r.d.CampOns()) != 0 {
		t.Errorf("CampOns after the cancel: %+v", r.d.CampOns())
	}
}

// A caller who hangs up ends the camp-on, and the operator is told.
func TestCampOnCallerHangsUp(t *testing.T) {
	r := newRig(t, Config{}, onHold("c", 0))
	r.step(CampOn{CallID: "c", Colleague: priya(false, "on a call")})
	r.pollNow()
	r.wantSaid("hung up while waiting for Priya Shah")
	r.step(priya(true, "available"))
	if r.count(model.ActionTransfer) != 0 || len(r.d.CampOns()) != 0 {
		t.Errorf("the camp-on outlived its call")
	}
}

// A camp-on on a call that cannot be transferred, or on someone without a
// number, sends nothing.
func TestCampOnRefused(t *testing.T) {
	r := newRig(t, Config{}, ringing("c", 0))
	r.step(CampOn{CallID: "c", Colleague: priya(false, "on a call")})
	r.step(CampOn{CallID: "gone", Name: "Bob", Colleague: priya(false, "on a call")})
	r.wantSaid("Bob: call already ended — nothing sent")
	r2 := newRig(t, Config{}, onHold("c", 0))
	r2.step(CampOn{CallID: "c", Colleague: Colleague{ID: "x", Name: "Lobby"}})
	r2.wantSaid("has no extension or number")
	if len(r.sent)+len(r2.sent) != 0 || len(r.d.CampOns())+len(r2.d.CampOns()) != 0 {
		t.Errorf("a refused camp-on sent %v %v", r.sent, r2.sent)
	}
}

func TestNames(t *testing.T) {
	for _, tc := range []struct {
		arg        Arg
		text, name string
		ok         bool
		with       string
	}{
		{ArgDestination, "pri", "pri", true, "103"},
		{ArgDestination, "Priya Shah", "Priya Shah", true, "103"},
		{ArgDestination, "Grace O'Neill", "Grace O'Neill", true, "103"},
		{ArgDestination, "103", "", false, "103"},
		{ArgDestination, "+1 415 555 0103", "", false, "+1 415 555 0103"},
		{ArgDestination, "priya@example.com", "", false, "priya@example.com"},
		{ArgDestination, "priya@", "", false, "priya@"},
		{ArgDestination, "sip:x", "", false, "sip:x"},
		{ArgTransfer, "vm", "", false, "vm"},
		{ArgTransfer, "vm Priya", "Priya", true, "vm 103"},
		{ArgDivert, "voicemail pri", "pri", true, "voicemail 103"},
		{ArgPark, "group", "", false, "group"},
		{ArgPark, "Call Park 7001", "Call Park 7001", true, "103"},
		{ArgOptionalDestination, "", "", false, ""},
		{ArgDTMF, "ABC", "", false, "ABC"},
		{ArgDestination, "12a4", "", false, "12a4"},
		{ArgReject, "busy", "", false, "busy"},
	} {
		name, ok := tc.arg.NameIn(tc.text)
		if name != tc.name || ok != tc.ok {
			t.Errorf("%v NameIn(%q) = %q %v, want %q %v", tc.arg, tc.text, name, ok, tc.name, tc.ok)
		}
		if got := tc.arg.WithDest(tc.text, "103"); got != tc.with {
			t.Errorf("%v WithDest(%q) = %q, want %q", tc.arg, tc.text, got, tc.with)
		}
		if ok {
			// What the directory gives back parses.
			if _, problem := tc.arg.Parse(tc.arg.WithDest(tc.text, "103")); problem != "" {
				t.Errorf("%v: %q with its name resolved does not parse: %s", tc.arg, tc.text, problem)
			}
		}
	}
}
