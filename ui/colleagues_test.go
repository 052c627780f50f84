package ui

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/callboard/callboard/office"
	"github.com/callboard/callboard/ui/colleagues"
	"github.com/callboard/callboard/ui/pane"
	"github.com/callboard/callboard/ui/parkboard"
	"github.com/callboard/callboard/webex"
)

// officeAPI is the office side of Webex for the panes' tests: the
// monitoring list, presence, park settings and, for an administrator's
// token, colleagues' lines. It is safe for concurrent use.
type officeAPI struct {
	mu         sync.Mutex
	elements   []webex.MonitoredElement
	presence   map[string]webex.Presence
	lines      map[string][]webex.Call
	monErr     error
	personErrs []error // used once each, in order
	lineErr    error
	persons    []time.Time // when each GetPerson came, on the console's clock
	lineCalls  int
	clock      *fakeClock
}

func newOfficeAPI() *officeAPI {
	el := func(id, name, ext string, t webex.MonitoredType) webex.MonitoredElement {
		return webex.MonitoredElement{ID: id, DisplayName: name, Extension: ext, Type: t}
	}
	return &officeAPI{
		elements: []webex.MonitoredElement{
			el("p101", "Jordan Lee", "101", webex.MonitoredPeople),
			el("p103", "Priya Shah", "103", webex.MonitoredPeople),
			el("p105", "Maria Garcia", "105", webex.MonitoredPeople),
			el("p106", "Tom Becker", "106", webex.MonitoredPeople),
			el("w150", "Lobby Phone", "150", webex.MonitoredPlace),
			el("k7001", "Call Park 7001", "7001", webex.MonitoredCallParkExtension),
			el("k7002", "Call Park 7002", "7002", webex.MonitoredCallParkExtension),
		},
		presence: map[string]webex.Presence{
			"p101": webex.PresenceActive, "p103": webex.PresenceActive, "p105": webex.PresenceCall, "p106": webex.PresenceMeeting,
		},
		lines: map[string][]webex.Call{},
	}
}

func (o *officeAPI) Monitoring(context.Context) (webex.MonitoringList, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.monErr != nil {
		return webex.MonitoringList{}, o.monErr
	}
	return webex.MonitoringList{Elements: append([]webex.MonitoredElement(nil), o.elements...)}, nil
}

func (o *officeAPI) GetPerson(_ context.Context, id string) (webex.Person, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.persons = append(o.persons, o.clock.Now())
	if len(o.personErrs) > 0 {
		err := o.personErrs[0]
		o.personErrs = o.personErrs[1:]
		if err != nil {
			return webex.Person{}, err
		}
	}
	return webex.Person{ID: id, Status: o.presence[id]}, nil
}

func (o *officeAPI) MemberCalls(_ context.Context, id, _ string) ([]webex.Call, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.lineCalls++
	if o.lineErr != nil {
		return nil, o.lineErr
	}
	return append([]webex.Call(nil), o.lines[id]...), nil
}

func (o *officeAPI) CallPark(context.Context) (webex.CallParkSettings, error) {
	return webex.CallParkSettings{GroupName: "Front Desk Park Group"}, nil
}

func (o *officeAPI) set(f func(o *officeAPI)) {
	o.mu.Lock()
	defer o.mu.Unlock()
	f(o)
}

func (o *officeAPI) personCount() int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return len(o.persons)
}

// memPins keeps pins in memory.
type memPins struct {
	mu   sync.Mutex
	pins []office.Entry
}

func (m *memPins) LoadPins() ([]office.Entry, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]office.Entry(nil), m.pins...), nil
}

func (m *memPins) SavePins(p []office.Entry) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.pins = append([]office.Entry(nil), p...)
	return nil
}

// withColleagues gives the console the colleagues pane and the park board
// on api; admin says whether an administrator's token reads lines.
func withColleagues(t testing.TB, api *officeAPI, admin bool, pins office.PinStore) func(*Options) {
	return func(o *Options) {
		api.clock = o.Clock.(*fakeClock)
		statuses := o.Office.Statuses
		if statuses == nil {
			statuses = office.NewStatuses()
			o.Office.Statuses = statuses
		}
		cfg := colleagues.Config{Ctx: t.Context(), API: api, Directory: o.Office.Directory, Statuses: statuses, Pins: pins, Keys: o.Keys, Every: time.Second}
		pcfg := parkboard.Config{Ctx: t.Context(), API: api, Keys: o.Keys}
		if admin {
			cfg.Lines, pcfg.Lines = api, api
		}
		o.Panes = []pane.New{colleagues.New(cfg), parkboard.New(pcfg)}
	}
}

// lineOf finds the screen line showing text.
func lineOf(screen, text string) string {
	for _, l := range strings.Split(screen, "\n") {
		if strings.Contains(l, text) {
			return l
		}
	}
	return ""
}

// The pane lists the monitored colleagues (not the park places), asks for
// their presence at most once a second, and shows each status with its age.
func TestColleaguesPaneWithinBudget(t *testing.T) {
	api := newOfficeAPI()
	h := newHarness(t, 160, 40, withColleagues(t, api, false, nil))
	h.wantScreen("COLLEAGUES", "Jordan Lee", "Maria Garcia", "Lobby Phone")
	h.noScreen("Call Park 7001")
	for range 10 {
		h.advance(time.Second)
	}
	if n := api.personCount(); n > 11 || n < 4 {
		t.Errorf("%d presence requests in 10 s, want one a second at most (and every person asked)", n)
	}
	api.mu.Lock()
	times := append([]time.Time(nil), api.persons...)
	api.mu.Unlock()
	for i := 1; i < len(times); i++ {
		if times[i].Sub(times[i-1]) < time.Second {
			t.Errorf("two presence requests %v apart", times[i].Sub(times[i-1]))
		}
	}
	s := h.screen()
	for name, want := range map[string]string{"Jordan Lee": "● ", "Maria Garcia": "on a call", "Tom Becker": "in a meeting", "Priya Shah": "available"} {
		if l := lineOf(s, name); !strings.Contains(l, want) {
			t.Errorf("%s's row %q lacks %q", name, l, want)
		}
	}
	if l := lineOf(s, "Jordan Lee"); !strings.HasSuffix(strings.TrimSpace(l), " s") {
		t.Errorf("Jordan's row shows no age: %q", l)
	}
	// A presence changes; the row follows within the budget.
	api.set(func(o *officeAPI) { o.presence["p106"] = webex.PresenceActive })
	for range 20 {
		h.advance(time.Second)
	}
	if l := lineOf(h.screen(), "Tom Becker"); !strings.Contains(l, "available") {
		t.Errorf("Tom's row did not follow his presence: %q", l)
	}
}

// A 429 stops presence requests for as long as Webex asks.
func TestColleaguesPaneBacksOffOn429(t *testing.T) {
	api := newOfficeAPI()
	api.personErrs = []error{&webex.RateLimitError{APIError: webex.APIError{StatusCode: 429}, RetryAfter: 30 * time.Second}}
	h := newHarness(t, 160, 40, withColleagues(t, api, false, nil))
	h.wantScreen("rate limiting status requests")
	before := api.personCount()
	h.advance(29 * time.Second)
	if n := api.personCount(); n != before {
		t.Errorf("%d presence requests during Retry-After", n-before)
	}
	h.advance(2 * time.Second)
	if api.personCount() == before {
		t.Errorf("no presence request after Retry-After")
	}
}

// While Webex rate limits the call list, presence requests wait too: the
// calls come first.
func TestColleaguesPaneWaitsOutTheLinesRateLimit(t *testing.T) {
	api := newOfficeAPI()
	h := newHarness(t, 160, 40, withColleagues(t, api, false, nil))
	h.wantScreen("Jordan Lee")
	h.advance(2 * time.Second)
	h.api.failNext("ListCalls", &webex.RateLimitError{APIError: webex.APIError{StatusCode: 429}, RetryAfter: 30 * time.Second})
	h.poll()
	h.wantScreen("rate limited")
	before := api.personCount()
	h.advance(29 * time.Second)
	if n := api.personCount(); n != before {
		t.Errorf("%d presence requests while the line waited out a 429", n-before)
	}
	h.advance(5 * time.Second)
	if api.personCount() == before {
		t.Errorf("no presence request after the rate limit ended")
	}
}

// While Webex rate limits the call list, colleagues' lines and the park
// places wait too, although they are read with the office's token: an
// action waiting out the limit must not lose its turn to them.
func TestOfficeLinesWaitOutTheLinesRateLimit(t *testing.T) {
	api := newOfficeAPI()
	h := newHarness(t, 160, 40, withColleagues(t, api, true, nil))
	h.wantScreen("Jordan Lee")
	h.advance(2 * time.Second)
	h.api.failNext("ListCalls", &webex.RateLimitError{APIError: webex.APIError{StatusCode: 429}, RetryAfter: 30 * time.Second})
	h.poll()
	h.wantScreen("rate limited")
	api.set(func(o *officeAPI) { o.lineCalls = 0 })
	h.advance(29 * time.Second)
	api.mu.Lock()
	n := api.lineCalls
	api.mu.Unlock()
	if n != 0 {
		t.Errorf("%d reads of colleagues' lines and park places while the line waited out a 429", n)
	}
	h.advance(5 * time.Second)
	api.mu.Lock()
	n = api.lineCalls
	api.mu.Unlock()
	if n == 0 {
		t.Errorf("no read of a colleague's line or a park place after the rate limit ended")
	}
}

// Without the scopes, the pane says which one is missing and what fixes
// it; the call list keeps working.
func TestColleaguesPaneMissingScopes(t *testing.T) {
	api := newOfficeAPI()
	api.monErr = &webex.ScopeError{APIError: webex.APIError{StatusCode: 403}, Scope: webex.ScopeTelephonyConfigRead}
	api.personErrs = []error{&webex.ScopeError{APIError: webex.APIError{StatusCode: 403}, Scope: webex.ScopePeopleRead}}
	h := newHarness(t, 160, 40, withColleagues(t, api, false, &memPins{pins: []office.Entry{{ID: "p103", Name: "Priya Shah", Extension: "103", Kind: office.KindPerson}}}))
	h.advance(2 * time.Second)
	h.wantScreen("⚠ the monitoring list needs the", "spark:telephony_config_read scope", "⚠ presence needs the", "spark:people_read scope",
		"scope — run", "Priya Shah")
	n := api.personCount()
	h.advance(10 * time.Second)
	if api.personCount() != n {
		t.Errorf("presence kept being asked without its scope")
	}
	h.poll(connected("c", "Ada Lovelace", "+14155550123", epoch()))
	h.key("t")
	h.typeText("101")
	h.key("enter")
	if got := h.api.transfers(); len(got) != 1 {
		t.Errorf("a transfer by number did not go without the new scopes: %v", got)
	}
}

// With the pane focused the verb keys take the selected colleague as their
// destination.
func TestColleaguesPaneActs(t *testing.T) {
	api := newOfficeAPI()
	h := newHarness(t, 160, 40, withColleagues(t, api, false, nil))
	h.poll(connected("c", "Ada Lovelace", "+14155550123", epoch()))
	h.key("w", "j") // Priya Shah
	h.key("t")
	if got := h.api.transfers(); len(got) != 1 || got[0] != "103" {
		t.Fatalf("t on Priya sent transfers %q, want 103", got)
	}
	h.api.reset()
	h.key("d")
	if sent := h.api.sent(false); len(sent) != 1 || sent[0].req.(webex.DialRequest).Destination != "103" {
		t.Errorf("d on Priya sent %+v", sent)
	}
	h.api.reset()
	h.poll(ringing("r", "Bob Stone", "+14155550199", epoch()))
	h.key("k", "w") // the ringing call took the keys back: select it, then the keys to the pane
	if row, _ := h.app.desk.Board().Selected(); row.Call.ID != "r" {
		t.Fatalf("selected %q, want the ringing call", row.Call.ID)
	}
	h.key("v")
	sent := h.api.sent(false)
	if len(sent) != 1 || sent[0].method != "Divert" {
		t.Fatalf("v on a ringing call sent %+v", sent)
	}
	if d := sent[0].req.(webex.DivertRequest); !d.ToVoicemail || d.Destination != "103" {
		t.Errorf("divert %+v, want Priya's voicemail", d)
	}
	h.api.reset()
	h.key("u", "b")
	var targets []string
	for _, r := range h.api.sent(false) {
		switch req := r.req.(type) {
		case webex.PickupRequest:
			targets = append(targets, "pickup "+req.Target)
		case webex.BargeInRequest:
			targets = append(targets, "barge "+req.Target)
		}
	}
	if strings.Join(targets, ",") != "pickup 103,barge 103" {
		t.Errorf("u and b sent %q", targets)
	}
}

// With an administrator's token the pane shows each line, and pickup and
// barge-in act on what is seen.
func TestColleaguesPaneLines(t *testing.T) {
	api := newOfficeAPI()
	api.lines["p105"] = []webex.Call{{State: webex.StateConnected, RemoteParty: webex.Party{Name: "Northwind Traders"},
		Created: webex.NewTimestamp(epoch().Add(-time.Hour)), Answered: webex.NewTimestamp(epoch().Add(-time.Hour))}}
	api.lines["p101"] = []webex.Call{{State: webex.StateAlerting, RemoteParty: webex.Party{Name: "Olivia Bennett"}, Created: webex.NewTimestamp(epoch())}}
	h := newHarness(t, 120, 40, withColleagues(t, api, true, nil))
	for range 8 {
		h.advance(time.Second)
	}
	h.wantScreen("ringing: Olivia Bennett", "on a call with Northwind Traders 1:00:")
	if l := lineOf(h.screen(), "Lobby Phone"); !strings.Contains(l, "line idle") {
		t.Errorf("the place's line: %q", l)
	}
	h.key("w", "j") // Priya: idle
	h.key("u")
	if s := h.statusText(); !strings.Contains(s, "phone is not ringing") || h.api.count("Pickup") != 0 {
		t.Errorf("pickup on an idle line: %q, %d sent", s, h.api.count("Pickup"))
	}
	h.key("b")
	if s := h.statusText(); !strings.Contains(s, "is not on a call") || h.api.count("BargeIn") != 0 {
		t.Errorf("barge-in on an idle line: %q", s)
	}
	h.key("k", "u")      // Jordan: ringing
	h.key("j", "j", "b") // Maria: talking
	if h.api.count("Pickup") != 1 || h.api.count("BargeIn") != 1 {
		t.Errorf("pickup %d, barge-in %d, want one each", h.api.count("Pickup"), h.api.count("BargeIn"))
	}
}

// c camps the selected call on a busy colleague; the moment their line is
// idle the call is transferred to them.
func TestColleaguesPaneCampOn(t *testing.T) {
	api := newOfficeAPI()
	api.lines["p105"] = []webex.Call{{State: webex.StateConnected, RemoteParty: webex.Party{Name: "Northwind Traders"}, Answered: webex.NewTimestamp(epoch())}}
	h := newHarness(t, 160, 40, withColleagues(t, api, true, nil))
	for range 8 {
		h.advance(time.Second)
	}
	h.poll(connected("c", "Ada Lovelace", "+14155550123", epoch()))
	h.key("w", "j", "j") // Maria
	h.key("c")
	if h.api.count("Hold") != 1 {
		t.Fatalf("camp-on did not hold the caller")
	}
	h.poll(held("c", "Ada Lovelace", "+14155550123", epoch()))
	h.wantScreen("⧗ for Maria Garcia")
	api.set(func(o *officeAPI) { delete(o.lines, "p105") })
	for range 30 {
		if len(h.api.transfers()) > 0 {
			break
		}
		h.advance(time.Second)
	}
	if got := h.api.transfers(); len(got) != 1 || got[0] != "105" {
		t.Fatalf("transfers after Maria hung up: %q, want one to 105", got)
	}
}

// + pins a colleague from the directory, kept in the pin store; - unpins.
func TestColleaguesPanePins(t *testing.T) {
	api := newOfficeAPI()
	pins := &memPins{}
	src := &dirSource{entries: append(theOffice(), office.Entry{ID: "p215x", Name: "Ravi Patel", Extension: "124", Kind: office.KindPerson})}
	h := newHarness(t, 160, 40, withDirectory(t, src, true), withColleagues(t, api, false, pins))
	h.key("w", "+")
	h.typeText("ravi")
	h.key("enter")
	h.wantScreen("Ravi Patel")
	if len(pins.pins) != 1 || pins.pins[0].Name != "Ravi Patel" {
		t.Fatalf("pins kept: %+v", pins.pins)
	}
	h.key("-")
	if l := lineOf(h.screen(), "124"); l != "" {
		t.Errorf("an unpinned colleague still shows: %q", l)
	}
	if len(pins.pins) != 0 {
		t.Errorf("unpinned, still kept: %+v", pins.pins)
	}
}

// The park board shows the park places, free or holding the call the
// operator parked, and retrieves from the selected one.
func TestParkBoard(t *testing.T) {
	api := newOfficeAPI()
	h := newHarness(t, 160, 40, withColleagues(t, api, false, nil))
	h.key("W")
	h.wantScreen("PARK BOARD", "Front Desk Park Group", "7001", "Call Park 7001", "free")
	h.poll(connected("c", "Ada Lovelace", "+14155550123", epoch()))
	h.api.setResult("Park", webex.ParkResult{ParkedAgainst: webex.Party{Name: "Call Park 7002", Number: "7002"}})
	h.key("p", "enter")
	h.poll()
	h.advance(65 * time.Second)
	if l := lineOf(h.screen(), "Call Park 7002"); !strings.Contains(l, "Ada Lovelace · 1:05 · yours") {
		t.Errorf("the park place's row: %q", l)
	}
	h.key("w", "j", "enter")
	sent := h.api.sent(false)
	if last := sent[len(sent)-1]; last.method != "Retrieve" || last.req.(webex.RetrieveRequest).Destination != "7002" {
		t.Errorf("enter on 7002 sent %+v", last)
	}
}
