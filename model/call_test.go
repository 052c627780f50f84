package model

import (
	"reflect"
	"slices"
	"testing"
	"time"
)

// at returns the time d after the start of every test's timeline.
func at(d time.Duration) time.Time { return time.Date(2026, 5, 4, 9, 0, 0, 0, time.UTC).Add(d) }

// sec is a shorthand for n seconds.
func sec(n int) time.Duration { return time.Duration(n) * time.Second }

func TestCallDuration(t *testing.T) {
	tests := []struct {
		name string
		call Call
		now  time.Time
		want time.Duration
	}{
		{"ringing counts from created", Call{Created: at(0)}, at(sec(7)), sec(7)},
		{"answered counts from answered", Call{Created: at(0), Answered: at(sec(10))}, at(sec(70)), time.Minute},
		{"clock skew on created clamps to zero", Call{Created: at(sec(3))}, at(0), 0},
		{"clock skew on answered clamps to zero", Call{Created: at(-time.Minute), Answered: at(sec(2))}, at(0), 0},
		{"no times at all", Call{}, at(0), 0},
		{"sub-second kept", Call{Created: at(0)}, at(1500 * time.Millisecond), 1500 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.call.Duration(tt.now); got != tt.want {
				t.Errorf("Duration = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestFormatDuration(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want string
	}{
		{0, "0:00"},
		{7 * time.Second, "0:07"},
		{7*time.Second + 999*time.Millisecond, "0:07"},
		{59 * time.Second, "0:59"},
		{time.Minute, "1:00"},
		{12*time.Minute + 34*time.Second, "12:34"},
		{59*time.Minute + 59*time.Second, "59:59"},
		{time.Hour, "1:00:00"},
		{time.Hour + 2*time.Minute + 3*time.Second, "1:02:03"},
		{101*time.Hour + 5*time.Second, "101:00:05"},
		{-time.Second, "0:00"},
		{-2 * time.Hour, "0:00"},
	}
	for _, tt := range tests {
		if got := FormatDuration(tt.d); got != tt.want {
			t.Errorf("FormatDuration(%v) = %q, want %q", tt.d, got, tt.want)
		}
	}
}

func TestCallMatches(t *testing.T) {
	jane := Call{
		State: StateHeld, Personality: PersonalityTerminator,
		Remote: Party{Name: "Jane Roe", Number: "+14155550100", CallType: CallTypeExternal},
	}
	anon := Call{State: StateAlerting, Personality: PersonalityTerminator, Remote: Party{Private: true, CallType: CallTypeOrganization}}
	tests := []struct {
		name  string
		call  Call
		query string
		want  bool
	}{
		{"empty query", jane, "", true},
		{"blank query", jane, "   ", true},
		{"name, any case", jane, "jANE", true},
		{"name middle", jane, "e r", true},
		{"number", jane, "+1415", true},
		{"number digits with punctuation", jane, "(415) 555-01", true},
		{"number digits spaced", jane, "415 555", true},
		{"status word", jane, "on hold", true},
		{"call type label", jane, "extern", true},
		{"no match", jane, "bob", false},
		{"digits absent", jane, "999", false},
		{"status of another call", jane, "ringing", false},
		{"private display", anon, "private", true},
		{"org label", anon, "org", true},
		{"ringing", anon, "RINGING", true},
		{"surrounding space trimmed", anon, "  ringing ", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.call.Matches(tt.query); got != tt.want {
				t.Errorf("Matches(%q) = %v, want %v", tt.query, got, tt.want)
			}
		})
	}
}

func TestCallPredicates(t *testing.T) {
	ringing := Call{State: StateAlerting, Personality: PersonalityTerminator}
	ctd := Call{State: StateAlerting, Personality: PersonalityClickToDial}
	ended := Call{State: StateDisconnected, Personality: PersonalityTerminator}
	if !ringing.Ringing() || !ringing.Incoming() || ringing.Ended() {
		t.Errorf("ringing incoming call: Ringing=%v Incoming=%v Ended=%v", ringing.Ringing(), ringing.Incoming(), ringing.Ended())
	}
	if ctd.Ringing() || ctd.Incoming() {
		t.Errorf("click-to-dial: Ringing=%v Incoming=%v, want both false", ctd.Ringing(), ctd.Incoming())
	}
	if !ended.Ended() || ended.Ringing() {
		t.Errorf("ended call: Ended=%v Ringing=%v", ended.Ended(), ended.Ringing())
	}
}

// Equal must look at every field: a field it forgot would let a changed
// call pass for the same one, and the screen would miss the change.
func TestCallEqualSeesEveryField(t *testing.T) {
	base := Call{
		ID: "c1", SessionID: "s1", Personality: PersonalityTerminator, State: StateConnected,
		Remote: Party{Name: "Ada", Number: "+14155550111"}, Appearance: 1, Created: at(0), Answered: at(sec(3)),
		Redirections: []Redirection{{Reason: RedirectReason(1), Party: Party{Number: "2001"}}},
		Recall:       &Recall{Type: RecallTypePark, Party: Party{Number: "3001"}},
		Recording:    RecordingStarted, MuteCapable: true, Line: "line-1",
	}
	copyOf := func(c Call) Call {
		c.Redirections = slices.Clone(c.Redirections)
		if c.Recall != nil {
			r := *c.Recall
			c.Recall = &r
		}
		return c
	}
	if !base.Equal(copyOf(base)) {
		t.Fatal("a copy is not Equal to its call")
	}
	same := copyOf(base)
	same.Created = same.Created.In(time.FixedZone("east", 3600))
	if !base.Equal(same) {
		t.Error("the same instant in another zone is not Equal")
	}
	typ := reflect.TypeFor[Call]()
	for i := range typ.NumField() {
		changed := copyOf(base)
		f := reflect.ValueOf(&changed).Elem().Field(i)
		switch f.Kind() {
		case reflect.String:
			f.SetString(f.String() + "x")
		case reflect.Bool:
			f.SetBool(!f.Bool())
		case reflect.Int:
			f.SetInt(f.Int() + 1)
		case reflect.Uint8:
			f.SetUint(f.Uint() + 1)
		case reflect.Struct:
			switch v := f.Addr().Interface().(type) {
			case *time.Time:
				*v = v.Add(time.Second)
			case *Party:
				v.Name += "x"
			default:
				t.Fatalf("field %s: the test cannot change a %s", typ.Field(i).Name, f.Type())
			}
		case reflect.Slice:
			changed.Redirections[0].Party.Number = "2002"
		case reflect.Pointer:
			changed.Recall.Party.Number = "3002"
		default:
			t.Fatalf("field %s: the test cannot change a %s", typ.Field(i).Name, f.Kind())
		}
		if base.Equal(changed) {
			t.Errorf("a call with another %s is Equal", typ.Field(i).Name)
		}
	}
	noRecall := copyOf(base)
	noRecall.Recall = nil
	if base.Equal(noRecall) || noRecall.Equal(base) {
		t.Error("a call without a recall is Equal to one with")
	}
}
