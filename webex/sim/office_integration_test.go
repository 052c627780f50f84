package sim_test

import (
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/callboard/callboard/internal/spec"
	"github.com/callboard/callboard/webex"
	"github.com/callboard/callboard/webex/sim"
)

// clientWith is a client of e's simulator that authenticates with token;
// its traffic is checked against the OpenAPI documents like e's.
func (e *env) clientWith(token string) *webex.Client {
	e.t.Helper()
	v, err := spec.New()
	if err != nil {
		e.t.Fatal(err)
	}
	hc := &http.Client{Transport: &validatingTransport{t: e.t, v: v, base: http.DefaultTransport.(*http.Transport).Clone()}}
	c, err := webex.New(e.srv.BaseURL, oauth2.StaticTokenSource(&oauth2.Token{AccessToken: token}), webex.WithHTTPClient(hc))
	if err != nil {
		e.t.Fatal(err)
	}
	return c
}

// TestClientOffice runs every office operation of the client against the
// simulator, both held to the official OpenAPI shapes.
func TestClientOffice(t *testing.T) {
	e := newEnv(t)
	members, err := e.client.AvailableMembers(e.ctx, webex.MemberQuery{Name: "pri", Order: webex.OrderLastNameAsc})
	e.check(err)
	if len(members) != 2 || members[0].DisplayName != "Priyanka Iyer" || members[1].Extension != "103" {
		t.Errorf("directory: %+v", members)
	}
	monitoring, err := e.client.Monitoring(e.ctx)
	e.check(err)
	var parks []string
	for _, m := range monitoring.Elements {
		if m.Type == webex.MonitoredCallParkExtension {
			parks = append(parks, m.Extension)
		}
	}
	if !slices.Equal(parks, []string{"7001", "7002", "7003", "7004"}) {
		t.Errorf("park extensions %q", parks)
	}
	park, err := e.client.CallPark(e.ctx)
	e.check(err)
	if len(park.Members) == 0 || park.Members[0].DisplayName != sim.UserName {
		t.Errorf("call park group %+v", park)
	}
	endpoints, err := e.client.Endpoints(e.ctx)
	e.check(err)
	if len(endpoints) != 2 || endpoints[0].ID != sim.DeskPhoneEndpointID || endpoints[1].Type != webex.EndpointApplication {
		t.Errorf("endpoints %+v", endpoints)
	}
	// People: a search that spans pages of three, then one person.
	people, err := e.client.ListPeople(e.ctx, webex.PeopleQuery{DisplayName: "m", Max: 3})
	e.check(err)
	if len(people) != 8 || people[0].DisplayName != "Alex Morgan" || people[7].DisplayName != "Mei Lin" {
		t.Errorf("people starting with m, in pages of 3: %d %+v", len(people), people)
	}
	var maria webex.Person
	for _, p := range people {
		if p.Extension == sim.LongCallExtension {
			maria = p
		}
	}
	person, err := e.client.GetPerson(e.ctx, maria.ID)
	e.check(err)
	if person.DisplayName != "Maria Garcia" || person.Status == "" || person.LastActivity.IsZero() {
		t.Errorf("Maria: %+v", person)
	}
	// Her line, and barging in on what it shows, for the user and for Tom.
	calls, err := e.client.MemberCalls(e.ctx, maria.ID, "")
	e.check(err)
	if len(calls) != 1 || calls[0].State != webex.StateConnected {
		t.Fatalf("Maria's line %+v", calls)
	}
	me, err := e.client.Me(e.ctx)
	e.check(err)
	nc, err := e.client.MemberBargeIn(e.ctx, webex.MemberBargeInRequest{MemberID: me.ID, Target: sim.LongCallExtension})
	e.check(err)
	if nc.CallSessionID != calls[0].CallSessionID {
		t.Errorf("barge-in session %s, Maria's %s", nc.CallSessionID, calls[0].CallSessionID)
	}
	e.wantState(nc.CallID, webex.StateConnected)
	tom, err := e.client.ListPeople(e.ctx, webex.PeopleQuery{Email: "tom.becker@example.com"})
	e.check(err)
	if _, err := e.client.MemberBargeIn(e.ctx, webex.MemberBargeInRequest{MemberID: tom[0].ID, Target: "maria.garcia@example.com"}); err != nil {
		t.Errorf("Tom barges in: %v", err)
	}
	// Picking up a colleague's ringing call for the user.
	e.inbound(sim.Inbound{Name: "Zoe Adams", Number: "+16465550108", To: "104"})
	picked, err := e.client.MemberPickup(e.ctx, webex.MemberPickupRequest{MemberID: me.ID, Target: "104"})
	e.check(err)
	e.wantState(picked.CallID, webex.StateConnected)
	e.wantState(nc.CallID, webex.StateHeld)
}

// TestClientScopeErrors: a token without the office scopes gets a
// *webex.ScopeError naming the scope on each office operation, and call
// control still works.
func TestClientScopeErrors(t *testing.T) {
	e := newEnv(t)
	tok, err := e.srv.Sim.MintToken([]string{sim.ScopeCallsRead, sim.ScopeCallsWrite})
	e.check(err)
	c := e.clientWith(tok)
	ops := map[string]struct {
		scope string
		call  func() error
	}{
		"directory":  {webex.ScopeTelephonyConfigRead, func() error { _, err := c.AvailableMembers(e.ctx, webex.MemberQuery{Name: "pri"}); return err }},
		"monitoring": {webex.ScopeTelephonyConfigRead, func() error { _, err := c.Monitoring(e.ctx); return err }},
		"park":       {webex.ScopeTelephonyConfigRead, func() error { _, err := c.CallPark(e.ctx); return err }},
		"endpoints":  {webex.ScopeTelephonyConfigRead, func() error { _, err := c.Endpoints(e.ctx); return err }},
		"people":     {webex.ScopePeopleRead, func() error { _, err := c.ListPeople(e.ctx, webex.PeopleQuery{DisplayName: "pri"}); return err }},
		"me":         {webex.ScopePeopleRead, func() error { _, err := c.Me(e.ctx); return err }},
		"member calls": {webex.ScopeAdminCallsRead, func() error {
			_, err := c.MemberCalls(e.ctx, "Y2lzY29zcGFyazovL3VzL1BFT1BMRS8x", "")
			return err
		}},
	}
	for name, op := range ops {
		err := op.call()
		scope, ok := webex.MissingScope(err)
		if !ok || scope != op.scope {
			t.Errorf("%s: %v; MissingScope %q %v, want %q", name, err, scope, ok, op.scope)
		}
		if err != nil && !strings.Contains(err.Error(), "403 Forbidden") {
			t.Errorf("%s: %q", name, err)
		}
	}
	id := e.inbound(sim.Inbound{Name: "Olivia Bennett", Number: "+12065550123"})
	e.check(c.Answer(e.ctx, webex.AnswerRequest{CallID: id}))
	calls, err := c.ListCalls(e.ctx, "")
	e.check(err)
	if len(calls) != 1 || calls[0].State != webex.StateConnected {
		t.Errorf("call control with the scoped token: %+v", calls)
	}
	var apiErr *webex.APIError
	if _, err := c.Me(e.ctx); !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusForbidden || apiErr.TrackingID == "" {
		t.Errorf("the APIError of a ScopeError: %v", err)
	}
}

// TestClientPresenceOverTime: the presence the client reads moves with the
// simulator's clock and follows the control plane.
func TestClientPresenceOverTime(t *testing.T) {
	e := newEnv(t)
	people, err := e.client.ListPeople(e.ctx, webex.PeopleQuery{DisplayName: "a", Max: 50})
	e.check(err)
	snapshot := func() string {
		var b strings.Builder
		for _, p := range people {
			got, err := e.client.GetPerson(e.ctx, p.ID)
			e.check(err)
			b.WriteString(string(got.Status) + " ")
		}
		return b.String()
	}
	before := snapshot()
	e.clock.Advance(2 * time.Hour)
	if after := snapshot(); after == before {
		t.Errorf("nobody's presence changed in two hours: %s", after)
	}
	colleague := people[slices.IndexFunc(people, func(p webex.Person) bool { return p.Extension != sim.UserExtension })]
	e.check(e.srv.Sim.SetPresence(colleague.Extension, webex.PresenceOutOfOffice, time.Hour))
	got, err := e.client.GetPerson(e.ctx, colleague.ID)
	e.check(err)
	if got.Status != webex.PresenceOutOfOffice {
		t.Errorf("after the override: %s", got.Status)
	}
}
