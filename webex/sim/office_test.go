package sim

import (
	"cmp"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/callboard/callboard/webex"
)

// get fetches a /v1 or /_sim path and decodes a 200 answer into out.
func (h *harness) get(target string, out any, opts ...reqOpt) response {
	h.t.Helper()
	r := h.do(http.MethodGet, target, nil, opts...)
	if r.status != http.StatusOK {
		h.t.Fatalf("GET %s: %d %s", target, r.status, r.body)
	}
	if out != nil {
		r.decode(h.t, out)
	}
	return r
}

// directory searches the directory with query.
func (h *harness) directory(query string) []webex.AvailableMember {
	h.t.Helper()
	var l webex.AvailableMemberList
	h.get("/v1/telephony/config/people/me/settings/speedDials/availableMembers?"+query, &l)
	return l.Members
}

func names(members []webex.AvailableMember) []string {
	var out []string
	for _, m := range members {
		out = append(out, m.DisplayName)
	}
	return out
}

func TestWorldSize(t *testing.T) {
	colleagues, places, lines, locs := 0, 0, 0, map[int]bool{}
	for i := range directory {
		switch directory[i].kind {
		case kindColleague:
			colleagues++
			locs[directory[i].loc] = true
		case kindPlace:
			places++
		case kindVirtualLine:
			lines++
		}
	}
	if colleagues < 40 || len(locs) != 2 || places < 2 || lines < 1 {
		t.Errorf("%d colleagues in %d locations, %d workspaces, %d virtual lines; want at least 40 in 2, 2 and 1",
			colleagues, len(locs), places, lines)
	}
	seen := map[string]bool{}
	for i := range directory {
		for _, k := range []string{"ext:" + directory[i].extension, "num:" + directory[i].number, "mail:" + directory[i].email, "id:" + directory[i].id()} {
			if k != "num:" && k != "mail:" && k != "id:" && seen[k] {
				t.Errorf("%s is used twice", k)
			}
			seen[k] = true
		}
	}
}

func TestDirectorySearch(t *testing.T) {
	h := newHarness(t)
	if got := names(h.directory("name=pri")); !slices.Equal(got, []string{"Priya Shah", "Priyanka Iyer"}) {
		t.Errorf("name=pri: %q", got)
	}
	// Contains, in first or last names, case-insensitive; several names are alternatives.
	if got := names(h.directory("name=BROOKS&name=okafor")); !slices.Equal(got, []string{"Aisha Okafor", "Emily Brooks", "Jamal Brooks"}) {
		t.Errorf("name=BROOKS or okafor: %q", got)
	}
	// A number or an extension.
	got := h.directory("phoneNumber=215")
	if len(got) != 1 || got[0].DisplayName != "Priyanka Iyer" || got[0].Extension != "215" || got[0].PhoneNumber != "+15125550215" ||
		got[0].Type != webex.MemberPeople || got[0].LocationName != "Austin" || got[0].FirstName != "Priyanka" || got[0].LastName != "Iyer" {
		t.Errorf("phoneNumber=215: %+v", got)
	}
	// Workspaces and virtual lines are there; a workspace without a number
	// gives its extension as phoneNumber; the user is not.
	all := h.directory("")
	byName := map[string]webex.AvailableMember{}
	for _, m := range all {
		byName[m.DisplayName] = m
	}
	if m := byName["Conference Room B"]; m.Type != webex.MemberPlace || m.PhoneNumber != NoAnswerExtension || m.FirstName != "" {
		t.Errorf("Conference Room B: %+v", m)
	}
	if m := byName["Front Desk Line"]; m.Type != webex.MemberVirtualLine || m.PhoneNumber != "+14155550160" {
		t.Errorf("Front Desk Line: %+v", m)
	}
	if _, found := byName[UserName]; found || len(all) < 45 {
		t.Errorf("%d members, the user listed: %v", len(all), found)
	}
	// Location, order and paging.
	austin := h.directory("locationId=" + url.QueryEscape(locationID("austin")) + "&order=lastName-asc")
	if len(austin) != 23 {
		t.Errorf("Austin: %q", names(austin))
	}
	var lastNames []string
	for _, m := range austin {
		if m.LocationName != "Austin" {
			t.Errorf("%s is not in Austin", m.DisplayName)
		}
		if m.Type == webex.MemberPeople {
			lastNames = append(lastNames, m.LastName)
		}
	}
	if !slices.IsSorted(lastNames) || lastNames[0] != "Ahmed" {
		t.Errorf("Austin people by last name: %q", lastNames)
	}
	desc := h.directory("order=firstName-desc&max=3&start=1")
	first := h.directory("order=firstName-desc")
	if !slices.Equal(names(desc), names(first[1:4])) {
		t.Errorf("start=1 max=3: %q, want %q", names(desc), names(first[1:4]))
	}
	if got := h.directory("name=nobody-has-this"); len(got) != 0 {
		t.Errorf("no match: %q", names(got))
	}
	for _, q := range []string{"max=0", "max=ten", "start=-1", "order=age", "order=lastName-up"} {
		r := h.do(http.MethodGet, "/v1/telephony/config/people/me/settings/speedDials/availableMembers?"+q, nil)
		if r.status != http.StatusBadRequest {
			t.Errorf("%s: %d, want 400", q, r.status)
		}
	}
}

func TestMonitoringList(t *testing.T) {
	h := newHarness(t)
	var l webex.MonitoringList
	h.get("/v1/telephony/config/people/me/settings/monitoring", &l)
	if !l.CallParkNotificationEnabled || len(l.Elements) == 0 || len(l.Elements) > 50 {
		t.Fatalf("%d elements (at most 50)", len(l.Elements))
	}
	kinds := map[webex.MonitoredType]int{}
	for _, e := range l.Elements {
		kinds[e.Type]++
		if e.ID == "" || e.DisplayName == "" || e.Extension == "" || e.LocationID == "" {
			t.Errorf("incomplete element %+v", e)
		}
	}
	if kinds[webex.MonitoredPeople] < 10 || kinds[webex.MonitoredPlace] == 0 || kinds[webex.MonitoredVirtualLine] == 0 || kinds[webex.MonitoredCallParkExtension] != 4 {
		t.Errorf("element kinds %v", kinds)
	}
	first := l.Elements[0]
	if first.DisplayName != "Jordan Lee" || first.FirstName != "Jordan" || first.Email != "jordan.lee@example.com" ||
		first.DirectNumber != "+14155550101" || first.ID != personID("101") {
		t.Errorf("first element %+v", first)
	}
	park := l.Elements[len(l.Elements)-4]
	if park.Type != webex.MonitoredCallParkExtension || park.Extension != "7001" || park.DirectNumber != "" || park.LineKeyLabel != "Park 1" {
		t.Errorf("park element %+v", park)
	}
}

func TestCallParkAndEndpoints(t *testing.T) {
	h := newHarness(t)
	var park webex.CallParkSettings
	h.get("/v1/telephony/config/people/me/settings/callPark", &park)
	if park.GroupName == "" || len(park.Members) != 6 || park.Members[0].ID != personID(UserExtension) ||
		park.Members[5].Type != webex.MemberVirtualLine {
		t.Errorf("call park group %+v", park)
	}
	var eps webex.EndpointList
	h.get("/v1/telephony/config/people/me/endpoints", &eps)
	if len(eps.Endpoints) != 2 {
		t.Fatalf("endpoints %+v", eps)
	}
	desk, app := eps.Endpoints[0], eps.Endpoints[1]
	if desk.ID != DeskPhoneEndpointID || desk.Type != webex.EndpointCallingDevice || !strings.Contains(desk.Name, "8865") ||
		app.ID != WebexAppEndpointID || app.Type != webex.EndpointApplication || app.OwnerID != personID(UserExtension) {
		t.Errorf("endpoints %+v", eps.Endpoints)
	}
	// The endpoint ids are the ones the call actions accept.
	h.newCall("dial", webex.DialRequest{Destination: "101", EndpointID: desk.ID})
}

func TestPeopleSearch(t *testing.T) {
	h := newHarness(t)
	var l webex.PeopleList
	r := h.get("/v1/people?displayName=pri", &l)
	if len(l.Items) != 2 || l.Items[0].DisplayName != "Priya Shah" || l.Items[1].DisplayName != "Priyanka Iyer" || r.header.Get("Link") != "" {
		t.Errorf("displayName=pri: %+v, Link %q", l.Items, r.header.Get("Link"))
	}
	p := l.Items[0]
	if p.ID != personID("103") || p.Extension != "103" || p.Status == "" || p.LastActivity.IsZero() || len(p.PhoneNumbers) != 2 ||
		p.PhoneNumbers[1].Type != "work_extension" || p.LocationID != locationID("sf") {
		t.Errorf("Priya Shah: %+v", p)
	}
	// Last names match too; an address matches exactly.
	l = webex.PeopleList{}
	h.get("/v1/people?displayName=brooks", &l)
	if len(l.Items) != 2 {
		t.Errorf("displayName=brooks: %+v", l.Items)
	}
	l = webex.PeopleList{}
	h.get("/v1/people?email=CHEN.WEI@example.com", &l)
	if len(l.Items) != 1 || l.Items[0].DisplayName != "Chen Wei" {
		t.Errorf("email: %+v", l.Items)
	}
	// A lookup by id leaves presence out.
	l = webex.PeopleList{}
	h.get("/v1/people?id="+personID("101")+","+personID("105"), &l)
	if len(l.Items) != 2 || l.Items[0].Status != "" || !l.Items[0].LastActivity.IsZero() {
		t.Errorf("by id: %+v", l.Items)
	}
	// Pages follow the Link header.
	var all []string
	next := "/v1/people?displayName=m&max=2"
	for pages := 0; next != ""; pages++ {
		if pages > 10 {
			t.Fatal("paging does not end")
		}
		l = webex.PeopleList{}
		r := h.get(next, &l)
		for _, p := range l.Items {
			all = append(all, p.DisplayName)
		}
		next = ""
		if link := r.header.Get("Link"); link != "" {
			raw := strings.TrimPrefix(link[:strings.Index(link, ">")], "<")
			u, err := url.Parse(raw)
			if err != nil || u.Host != "example.com" || !strings.HasSuffix(link, `rel="next"`) {
				t.Fatalf("Link %q", link)
			}
			next = u.RequestURI()
		}
	}
	want := []string{"Alex Morgan", "Carlos Mendoza", "Kwame Mensah", "Lucas Martin", "Marcus Johnson", "Maria Garcia", "Mateo Silva", "Mei Lin"}
	if !slices.Equal(all, want) {
		t.Errorf("paged names\n got %q\nwant %q", all, want)
	}
	for _, q := range []string{"", "max=5", "displayName=a&max=0", "displayName=a&cursor=zz"} {
		if r := h.do(http.MethodGet, "/v1/people?"+q, nil); r.status != http.StatusBadRequest {
			t.Errorf("/people?%s: %d, want 400", q, r.status)
		}
	}
}

func TestPersonDetails(t *testing.T) {
	h := newHarness(t)
	var p webex.Person
	h.get("/v1/people/"+personID("219"), &p)
	if p.DisplayName != "Olga Ivanova" || p.Status != webex.PresencePending || !p.LastActivity.IsZero() {
		t.Errorf("a person who never signed in: %+v", p)
	}
	h.get("/v1/people/"+personID(UserExtension), &p)
	if p.DisplayName != UserName || p.Status != webex.PresenceActive {
		t.Errorf("the user: %+v", p)
	}
	for _, id := range []string{placeID(NoAnswerExtension), "nobody", personID("999")} {
		if r := h.do(http.MethodGet, "/v1/people/"+id, nil); r.status != http.StatusNotFound {
			t.Errorf("person %s: %d, want 404", id, r.status)
		}
	}
}

// presenceOf reads a person's presence over the API.
func (h *harness) presenceOf(ext string) webex.Presence {
	h.t.Helper()
	var p webex.Person
	h.get("/v1/people/"+personID(ext), &p)
	return p.Status
}

// colleagueDay samples every colleague's presence every five minutes over
// eight hours.
func colleagueDay(t *testing.T, seed int64) []string {
	h := newHarness(t, func(o *Options) { o.Seed = seed })
	var frames []string
	for step := 0; step < 8*12; step++ {
		var b strings.Builder
		for _, c := range h.state().Colleagues {
			b.WriteString(string(c.Presence))
			b.WriteByte(' ')
		}
		frames = append(frames, b.String())
		h.advance(5 * time.Minute)
	}
	return frames
}

// TestPresenceChangesOverTime: colleagues' days have meetings, presenting,
// do not disturb, lunch and out of office, change as the clock moves, and
// are the same for the same seed.
func TestPresenceChangesOverTime(t *testing.T) {
	a, b, c := colleagueDay(t, 7), colleagueDay(t, 7), colleagueDay(t, 8)
	if !slices.Equal(a, b) {
		t.Error("the same seed gave different days")
	}
	if slices.Equal(a, c) {
		t.Error("another seed gave the same day")
	}
	seen := map[string]int{}
	changes := 0
	for i, frame := range a {
		for _, s := range strings.Fields(frame) {
			seen[s]++
		}
		if i > 0 && frame != a[i-1] {
			changes++
		}
	}
	for _, s := range []webex.Presence{webex.PresenceActive, webex.PresenceInactive, webex.PresenceMeeting, webex.PresencePresenting,
		webex.PresenceDoNotDisturb, webex.PresenceCall, webex.PresencePending} {
		if seen[string(s)] == 0 {
			t.Errorf("nobody was %s in eight hours: %v", s, seen)
		}
	}
	if changes < len(a)/2 {
		t.Errorf("presence changed in only %d of %d steps", changes, len(a))
	}
	// Out of office lasts whole days: over a fortnight someone is away.
	h := newHarness(t, func(o *Options) { o.Seed = 7 })
	away := false
	for day := 0; day < 14 && !away; day++ {
		for _, c := range h.state().Colleagues {
			away = away || c.Presence == webex.PresenceOutOfOffice
		}
		h.advance(24 * time.Hour)
	}
	if !away {
		t.Error("nobody was out of office in two weeks")
	}
}

// TestPresenceFollowsCalls: "call" while a colleague talks (their own call,
// or one with the user), not while their phone rings; do not disturb,
// meeting, out of office and presenting outrank it.
func TestPresenceFollowsCalls(t *testing.T) {
	h := newHarness(t, func(o *Options) { o.TalkTime = time.Hour })
	set := func(ext string, status webex.Presence) {
		t.Helper()
		if r := h.do(http.MethodPut, "/_sim/people/"+ext+"/presence", map[string]any{"status": status}); r.status != http.StatusOK {
			t.Fatalf("set %s %s: %d %s", ext, status, r.status, r.body)
		}
	}
	set("106", webex.PresenceActive)
	peer := h.inbound(Inbound{Name: "Zoe Adams", Number: "+16465550108", To: "106"})
	if got := h.presenceOf("106"); got != webex.PresenceActive {
		t.Errorf("ringing: %s, want active", got)
	}
	h.remote(peer, RemoteAnswer)
	if got := h.presenceOf("106"); got != webex.PresenceCall {
		t.Errorf("talking: %s, want call", got)
	}
	set("106", webex.PresenceMeeting)
	if got := h.presenceOf("106"); got != webex.PresenceMeeting {
		t.Errorf("in a meeting and on a call: %s, want meeting", got)
	}
	set("106", webex.PresenceInactive)
	if got := h.presenceOf("106"); got != webex.PresenceCall {
		t.Errorf("inactive and on a call: %s, want call", got)
	}
	h.remote(peer, RemoteHangup)
	if got := h.presenceOf("106"); got != webex.PresenceInactive {
		t.Errorf("after the call: %s, want inactive", got)
	}
	// A call with the user counts once it is answered.
	set("103", webex.PresenceActive)
	nc := h.newCall("dial", webex.DialRequest{Destination: "103"})
	h.advance(DefaultDeviceAnswerDelay)
	if got := h.presenceOf("103"); got != webex.PresenceActive {
		t.Errorf("ringing for the user's call: %s, want active", got)
	}
	h.advance(DefaultRemoteAnswerDelay)
	if got := h.presenceOf("103"); got != webex.PresenceCall {
		t.Errorf("talking to the user: %s, want call", got)
	}
	if got := h.presenceOf(UserExtension); got != webex.PresenceCall {
		t.Errorf("the user on a call: %s, want call", got)
	}
	h.must(http.StatusNoContent, "hangup", webex.CallRequest{CallID: nc.CallID})
	if got := h.presenceOf("103"); got != webex.PresenceActive {
		t.Errorf("after the user's call: %s, want active", got)
	}
	// The long call all day: Maria is on a call unless something outranks it.
	set(LongCallExtension, webex.PresenceActive)
	if got := h.presenceOf(LongCallExtension); got != webex.PresenceCall {
		t.Errorf("Maria: %s, want call", got)
	}
}

func TestPresenceControlPlane(t *testing.T) {
	h := newHarness(t)
	var v PersonPresence
	r := h.do(http.MethodPut, "/_sim/people/priya.shah@example.com/presence", map[string]any{"status": "DoNotDisturb", "minutes": 30})
	if r.status != http.StatusOK {
		t.Fatalf("set: %d %s", r.status, r.body)
	}
	r.decode(t, &v)
	if v.Status != webex.PresenceDoNotDisturb || !v.Overridden || !v.Until.Equal(epoch.Add(30*time.Minute)) || v.Extension != "103" {
		t.Errorf("after set: %+v", v)
	}
	h.get("/_sim/people/"+personID("103")+"/presence", &v)
	if v.Status != webex.PresenceDoNotDisturb {
		t.Errorf("by id: %+v", v)
	}
	if got := h.presenceOf("103"); got != webex.PresenceDoNotDisturb {
		t.Errorf("the API says %s", got)
	}
	h.advance(30 * time.Minute)
	h.get("/_sim/people/103/presence", &v)
	if v.Overridden || v.Status == webex.PresenceDoNotDisturb && v.Until.Equal(epoch.Add(30*time.Minute)) {
		t.Errorf("the override outlived its minutes: %+v", v)
	}
	h.do(http.MethodPut, "/_sim/people/+14155550104/presence", map[string]any{"status": "OutOfOffice"})
	if r := h.do(http.MethodDelete, "/_sim/people/104/presence", nil); r.status != http.StatusNoContent {
		t.Errorf("clear: %d", r.status)
	}
	h.get("/_sim/people/104/presence", &v)
	if v.Overridden {
		t.Errorf("after clear: %+v", v)
	}
	refusals := []struct {
		who    string
		body   any
		status int
		msg    string
	}{
		{"103", map[string]any{"status": "call"}, 400, "follows the person's calls"},
		{"103", map[string]any{"status": "away"}, 400, `status "away" is invalid`},
		{"103", map[string]any{"status": "meeting", "minutes": -1}, 400, "must not be negative"},
		{"103", map[string]any{"status": "meeting", "colour": "red"}, 400, "unknown field"},
		{UserExtension, map[string]any{"status": "meeting"}, 400, "not a colleague"},
		{"7001", map[string]any{"status": "meeting"}, 404, "no person"},
		{"nobody@example.com", map[string]any{"status": "meeting"}, 404, "no person"},
	}
	for _, tc := range refusals {
		r := h.do(http.MethodPut, "/_sim/people/"+url.PathEscape(tc.who)+"/presence", tc.body)
		if r.status != tc.status || !strings.Contains(r.message(), tc.msg) {
			t.Errorf("%s %v: %d %q, want %d and %q", tc.who, tc.body, r.status, r.message(), tc.status, tc.msg)
		}
	}
	// Go API: the same.
	if err := h.sim.SetPresence("105", webex.PresenceOutOfOffice, 0); err != nil {
		t.Fatal(err)
	}
	if p, err := h.sim.PresenceOf("maria.garcia@example.com"); err != nil || p.Status != webex.PresenceOutOfOffice {
		t.Errorf("PresenceOf: %+v %v", p, err)
	}
	if err := h.sim.ClearPresence("105"); err != nil {
		t.Fatal(err)
	}
	if _, err := h.sim.PresenceOf("nobody"); err == nil {
		t.Error("PresenceOf an unknown person succeeded")
	}
	// A reset forgets overrides.
	h.sim.SetPresence("101", webex.PresenceMeeting, 0)
	h.sim.Reset()
	if p, _ := h.sim.PresenceOf("101"); p.Overridden {
		t.Errorf("override survived a reset: %+v", p)
	}
}

// TestEveryOfficeOperationServed sends each operation of the office, People
// and messages excerpts once, with the static token: each answers 2xx, and the
// harness holds request and response to the documents.
func TestEveryOfficeOperationServed(t *testing.T) {
	h := newHarness(t)
	concrete := map[string]string{
		"/people/{personId}":                          "/people/" + personID("103"),
		"/telephony/calls/members/{memberId}/calls":   "/telephony/calls/members/" + personID(LongCallExtension) + "/calls",
		"/telephony/calls/members/{memberId}/bargeIn": "/telephony/calls/members/" + personID("106") + "/bargeIn",
		"/telephony/calls/members/{memberId}/pickup":  "/telephony/calls/members/" + personID(UserExtension) + "/pickup",
	}
	bodies := map[string]any{
		"/telephony/calls/members/{memberId}/bargeIn": map[string]string{"target": LongCallExtension},
		"/telephony/calls/members/{memberId}/pickup":  map[string]string{"target": "102"},
		"/messages": webex.MessageRequest{ToPersonID: personID("103"), Text: "Jane Roe called"},
	}
	queries := map[string]string{"/people": "?displayName=pri"}
	h.inbound(Inbound{Name: "Zoe Adams", Number: "+16465550108", To: "102"})
	served := 0
	for _, op := range h.v.Operations() {
		// The queues, conference and settings have flows of their own.
		if op.Document == "call-controls.openapi.json" || op.Document == "lines.openapi.json" {
			continue
		}
		path := cmp.Or(concrete[op.Path], op.Path)
		r := h.do(op.Method, "/v1"+path+queries[op.Path], bodies[op.Path])
		if r.status < 200 || r.status > 299 {
			t.Errorf("%s %s: %d %s", op.Method, path, r.status, r.body)
		}
		served++
	}
	if served != 11 {
		t.Errorf("%d office, People and messages operations, want 11", served)
	}
}
