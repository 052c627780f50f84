package desk

import (
	"testing"
	"time"

	"github.com/callboard/callboard/model"
)

// settingsRig is a desk reading do not disturb and forwarding, both off.
func settingsRig(t *testing.T, night string) *rig {
	t.Helper()
	r := newRig(t, Config{Settings: true, NightForward: night})
	rd := r.waitRead(ReadDoNotDisturb, "")
	r.step(DoNotDisturbRead{Seq: rd.Seq})
	rd = r.waitRead(ReadForwarding, "")
	r.step(ForwardingRead{Seq: rd.Seq})
	return r
}

// Do not disturb: read at the start, turned on with the state read back
// from Webex, a second press while the first travels refused, and a change
// made elsewhere shown and said.
func TestDoNotDisturb(t *testing.T) {
	r := settingsRig(t, "")
	if s := r.d.Settings(); !s.Enabled || !s.DNDKnown || s.DND {
		t.Fatalf("Settings() = %+v", s)
	}
	on := Intent{Actions: []model.Action{model.ActionDoNotDisturb}, Args: Args{On: true}}
	r.step(on)
	r.step(on)
	if r.count(model.ActionDoNotDisturb) != 1 {
		t.Fatal("do not disturb sent twice")
	}
	if s := r.d.Settings(); s.DNDPending != "on" {
		t.Errorf("pending %q", s.DNDPending)
	}
	r.ok(model.ActionDoNotDisturb)
	r.wantSaid("do not disturb on")
	rd := r.waitRead(ReadDoNotDisturb, "")
	if s := r.d.Settings(); s.DND {
		t.Error("the header shows do not disturb before Webex says so")
	}
	r.step(DoNotDisturbRead{Seq: rd.Seq, On: true})
	if !r.d.Settings().DND {
		t.Error("the read-back does not show do not disturb on")
	}
	for _, s := range r.said {
		if s.Text == "do not disturb was turned on elsewhere" {
			t.Error("our own change was reported as made elsewhere")
		}
	}
	r.idle(2 * time.Minute)
	rd = r.waitRead(ReadDoNotDisturb, "")
	r.step(DoNotDisturbRead{Seq: rd.Seq, On: false})
	r.wantSaid("do not disturb was turned off elsewhere")
}

// Night service forwards every call to the configured destination; the
// header knows forwarding to it from forwarding elsewhere; without a
// destination it is refused.
func TestNightService(t *testing.T) {
	r := settingsRig(t, "+14155550300")
	r.step(Intent{Actions: []model.Action{model.ActionNightService}, Args: Args{On: true}})
	op := r.ok(model.ActionNightService)
	if !op.Args.On || op.Args.Dest != "+14155550300" {
		t.Errorf("sent %+v", op.Args)
	}
	rd := r.waitRead(ReadForwarding, "")
	r.step(ForwardingRead{Seq: rd.Seq, On: true, To: "14155550300"})
	if s := r.d.Settings(); !s.Forward || !s.Night {
		t.Errorf("Settings() = %+v, want night service on", s)
	}
	r.idle(2 * time.Minute)
	rd = r.waitRead(ReadForwarding, "")
	r.step(ForwardingRead{Seq: rd.Seq, On: true, To: "2000"})
	if s := r.d.Settings(); !s.Forward || s.Night || s.ForwardTo != "2000" {
		t.Errorf("forwarding elsewhere reads %+v", s)
	}
	r.wantSaid("every call goes to 2000")

	r = settingsRig(t, "")
	r.step(Intent{Actions: []model.Action{model.ActionNightService}, Args: Args{On: true}})
	if len(r.sent) != 0 {
		t.Fatalf("sent %v without a destination", r.sent)
	}
	r.wantSaid("forward_to")
}

// Settings that cannot be read keep their failure for the header, and are
// not asked again for minutes.
func TestSettingsRefused(t *testing.T) {
	r := newRig(t, Config{Settings: true})
	rd := r.waitRead(ReadDoNotDisturb, "")
	r.step(DoNotDisturbRead{Seq: rd.Seq, Failure: &Failure{Kind: FailRefused, Status: 403, Scope: "spark:telephony_config_read"}})
	if s := r.d.Settings(); s.DNDKnown || s.DNDFailure == nil || s.DNDFailure.Scope == "" {
		t.Errorf("Settings() = %+v", s)
	}
	n := r.reads(ReadDoNotDisturb, "")
	r.idle(5 * time.Minute)
	if r.reads(ReadDoNotDisturb, "") != n {
		t.Error("a refused setting was read again within minutes")
	}
}
