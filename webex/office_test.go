package webex_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/callboard/callboard/webex"
)

// Identifiers of the office cases.
const (
	memberID   = "Y2lzY29zcGFyazovL3VzL1BFT1BMRS9mNWIzNjE4Ny1jOGRkLTQ3MjctOGIyZi1mOWM0NDdmMjkwNDY"
	orgID      = "Y2lzY29zcGFyazovL3VzL09SR0FOSVpBVElPTi85NmFiYzJhYS0zZGNjLTExZTUtYTE1Mi1mZTM0ODE5Y2RjOWE="
	locationID = "Y2lzY29zcGFyazovL3VzL0xPQ0FUSU9OLzFiNDIzN2U4LWE2MDYtNGM5Ni1iMDZmLTYzMmU5N2FjZmQxNg"
)

// docReply answers with the example the OpenAPI documents give for the
// operation at the templated path.
func docReply(t *testing.T, method, templated string, status int) reply {
	t.Helper()
	v, err := sharedValidator()
	if err != nil {
		t.Fatal(err)
	}
	body, err := v.Example(method, templated, status)
	if err != nil {
		t.Fatal(err)
	}
	return reply{Status: status, Body: string(body), Conform: true, Header: map[string]string{"Trackingid": "ROUTER_OFFICE"}}
}

// officeCases covers every office operation with its documented response.
func officeCases(t *testing.T) []opCase {
	const (
		directory = "/telephony/config/people/me/settings/speedDials/availableMembers"
		people    = "/people"
	)
	nelson := webex.AvailableMember{
		ID: "Y2lzY29zcGFyazovL3VzL1BFT1BMRS85M2JjZWQ2Mi1lYWRmLTQ0MGItYThiYi03ZWQ5ZWEwNzExMTg", FirstName: "John", LastName: "Nelson",
		DisplayName: "John Nelson", PhoneNumber: "+15594015482", Extension: "50003", Type: webex.MemberPeople,
		LocationID: locationID, LocationName: "San Francisco",
	}
	andersen := webex.Person{
		ID:           "Y2lzY29zcGFyazovL3VzL1BFT1BMRS9mNWIzNjE4Ny1jOGRkLTQ3MjctOGIyZi1mOWM0NDdmMjkwNDY",
		DisplayName:  "John Andersen",
		FirstName:    "John",
		LastName:     "Andersen",
		Emails:       []string{"john.andersen@example.com"},
		PhoneNumbers: []webex.PhoneNumber{{Type: "work", Value: "+1 408 526 7209", Primary: true}},
		Extension:    "133",
		LocationID:   "Y2lzY29zcGFyazovL3VzL0xPQ0FUSU9OLzYzNzE1",
		OrgID:        "Y2lzY29zcGFyazovL3VzL09SR0FOSVpBVElPTi85NmFiYzJhYS0zZGNjLTExZTUtYTE1Mi1mZTM0ODE5Y2RjOWE",
		Status:       webex.PresenceActive,
		LastActivity: mustTime(t, "2015-10-18T14:26:16.028Z"),
	}
	owner := "Y2lzY29zcGFyazovL3VzL1BFT1BMRS9kNTlkYzFkOC00NjdkLTRhNGUtOTRlNi1jOTYyZjEyMmY5YWM"
	vl := "Y2lzY29zcGFyazovL3VzL1ZJUlRVQUxfTElORS82NDhjYjBkMC1kODU2LTQzNzQtYmI4My0zNWFhNTIxZDhiZmI"
	endpoints := []webex.Endpoint{
		{ID: "Y2lzY29zcGFyazovL3VybjpURUFNOnVzLWVhc3QtMV9pbnQxMy9DQUxMSU5HX0RFVklDRS85MGQyMmM0Yy0wMGI3LTQ4YzAtYjUwNi0yM2UwY2E2MTlkYmM=",
			Type: webex.EndpointCallingDevice, Name: "Webex Go Device", OwnerID: owner, OwnerType: webex.MemberPeople,
			MobilitySettings: &webex.MobilitySettings{PhoneNumber: "+13374831660"}},
		{ID: "Y2lzY29zcGFyazovL3VzL0FQUExJQ0FUSU9OLzIyNjBkMDYxLWViNDUtNDJhMi05MmY3LWFkZDMyMzRiYzI0Yw",
			Type: webex.EndpointApplication, Name: "Webex Tablet Application", OwnerID: owner, OwnerType: webex.MemberPeople,
			SecondaryLines: []webex.SecondaryLine{{ID: vl, MemberType: webex.MemberVirtualLine}}},
		{ID: "Y2lzY29zcGFyazovL3VzL0hPVERFU0tJTkdfR1VFU1QvN2FmYTFlNWMtOTFiYS00NzRkLWEzODMtZTAyMDgxZDU3YmE5",
			Type: webex.EndpointHotdeskingGuest, Name: "Cisco HotDesking", OwnerID: owner, OwnerType: webex.MemberPeople,
			SecondaryLines: []webex.SecondaryLine{{ID: vl, MemberType: webex.MemberVirtualLine}},
			Host: &webex.EndpointHost{
				ID:   "Y2lzY29zcGFyazovL3VybjpURUFNOnVzLWVhc3QtMV9pbnQxMy9DQUxMSU5HX0RFVklDRS9lMTRhNTFlMC1mM2Q1LTQzNzktOWM2OC1hNWFiY2Y1M2E5MTY=",
				Type: webex.EndpointCallingDevice, Name: "Cisco 8861",
				OwnerID:   "Y2lzY29zcGFyazovL3VybjpURUFNOnVzLWVhc3QtMV9pbnQxMy9QTEFDRS8zNDU1MDQ1YS0xN2UyLTQxNzEtOGMwYy02ZWVkMDgwNjM5ZDI=",
				OwnerType: webex.MemberPlace,
				SecondaryLines: []webex.SecondaryLine{{
					ID: "Y2lzY29zcGFyazovL3VzL1ZJUlRVQUxfTElORS9iNmYwNzQyNS1lYjgyLTQzMDEtOWRlNy04YWI3NTFjM2ZhZDQ", MemberType: webex.MemberVirtualLine}},
			}},
	}
	newCall := newCallExample()
	return []opCase{
		{
			name: "search directory by name", reply: docReply(t, http.MethodGet, directory, 200),
			call: func(ctx context.Context, c *webex.Client) (any, error) {
				return c.AvailableMembers(ctx, webex.MemberQuery{Name: "pri"})
			},
			method: http.MethodGet, path: directory, query: "name=pri",
			want: []webex.AvailableMember{nelson},
		},
		{
			name: "search directory with every filter", reply: docReply(t, http.MethodGet, directory, 200),
			call: func(ctx context.Context, c *webex.Client) (any, error) {
				return c.AvailableMembers(ctx, webex.MemberQuery{Name: "shah", PhoneNumber: "10", LocationID: locationID,
					Order: webex.OrderLastNameDesc, Max: 20, Start: 40})
			},
			method: http.MethodGet, path: directory,
			query: "locationId=" + locationID + "&max=20&name=shah&order=lastName-desc&phoneNumber=10&start=40",
			want:  []webex.AvailableMember{nelson},
		},
		{
			name: "monitoring list", reply: docReply(t, http.MethodGet, "/telephony/config/people/me/settings/monitoring", 200),
			call: func(ctx context.Context, c *webex.Client) (any, error) {
				return c.Monitoring(ctx)
			},
			method: http.MethodGet, path: "/telephony/config/people/me/settings/monitoring",
			want: webex.MonitoringList{CallParkNotificationEnabled: true, Elements: []webex.MonitoredElement{
				{ID: "Y2lzY29zcGFyazovL3VzL1BFT1BMRS85M2JjZWQ2Mi1lYWRmLTQ0MGItYThiYi03ZWQ5ZWEwNzExMTg", FirstName: "John", LastName: "Nelson",
					DisplayName: "John Nelson", Type: webex.MonitoredPeople, Email: "john.nelson@gmail.com", Extension: "50003", ESN: "50003",
					LocationName: "San Francisco", LocationID: locationID},
				{ID: "Y2lzY29zcGFyazovL3VzL0NBTExfUEFSS19FWFRFTlNJT04vNDk1ZTgxMTEtY2U4My00ZTc5LWJjOTAtODM2OWQxZjY0NTQ2", DisplayName: "Dallas-Test",
					Type: webex.MonitoredCallParkExtension, Extension: "10082", LocationName: "San Francisco", LocationID: locationID},
				{ID: "Y2lzY29zcGFyazovL3VybjpURUFNOnVzLWVhc3QtMV9pbnQxMy9QTEFDRS9mZTg5NmVmMC1iYTk3LTQ3NGYtOTMwZS03ODQxYzUwMjFhNDU=", DisplayName: "TXS16 ConfRoom1",
					Type: webex.MonitoredPlace, Email: "fe896ef0-ba97-474f-930e-7841c5021a45@csg1test.room.wbx2.com", DirectNumber: "+15594015485",
					LocationName: "San Francisco", LocationID: locationID},
			}},
		},
		{
			name: "call park group", reply: docReply(t, http.MethodGet, "/telephony/config/people/me/settings/callPark", 200),
			call: func(ctx context.Context, c *webex.Client) (any, error) {
				return c.CallPark(ctx)
			},
			method: http.MethodGet, path: "/telephony/config/people/me/settings/callPark",
			want: webex.CallParkSettings{GroupName: "technical support - cards - customer 1", Members: []webex.CallParkMember{
				{ID: "Y2lzY29zcGFyazovL3VzL1BFT1BMRS82ZTU1NWNkMC02MzQxLTQyYjgtYTIxYy1lNzVmMjE0NDgyNzU", Type: webex.MemberPeople, FirstName: "John", LastName: "Doe", DisplayName: "John Doe"},
				{ID: "Y2lzY29zcGFyazovL3VzL1BMQUNFLzgzYjQ0OTIyLWZlOWYtMTFlYi1hNGI4LTMzNjI3YmVkNjdiNQ", Type: webex.MemberPlace, DisplayName: "Jack Hughes"},
				{ID: "Y2lzY29zcGFyazovL3VzL1ZJUlRVQUxfTElORS85M2I0NDkyMi1mZTlmLTExZWItYTRiOC0zMzYyN2JlZDY3YjY", Type: webex.MemberVirtualLine, FirstName: "Smith", LastName: "Bob", DisplayName: "Bob Smith"},
			}},
		},
		{
			name: "endpoints", reply: docReply(t, http.MethodGet, "/telephony/config/people/me/endpoints", 200),
			call: func(ctx context.Context, c *webex.Client) (any, error) {
				return c.Endpoints(ctx)
			},
			method: http.MethodGet, path: "/telephony/config/people/me/endpoints",
			want: endpoints,
		},
		{
			name: "person with presence", reply: docReply(t, http.MethodGet, "/people/{personId}", 200),
			call: func(ctx context.Context, c *webex.Client) (any, error) {
				return c.GetPerson(ctx, memberID)
			},
			method: http.MethodGet, path: "/people/" + memberID,
			want: andersen,
		},
		{
			name: "people by name", reply: docReply(t, http.MethodGet, people, 200),
			call: func(ctx context.Context, c *webex.Client) (any, error) {
				return c.ListPeople(ctx, webex.PeopleQuery{DisplayName: "John An"})
			},
			method: http.MethodGet, path: people, query: "displayName=John+An",
			want: []webex.Person{andersen},
		},
		{
			name: "people by address, pages of 10", reply: docReply(t, http.MethodGet, people, 200),
			call: func(ctx context.Context, c *webex.Client) (any, error) {
				return c.ListPeople(ctx, webex.PeopleQuery{Email: "john.andersen@example.com", Max: 10})
			},
			method: http.MethodGet, path: people, query: "email=john.andersen%40example.com&max=10",
			want: []webex.Person{andersen},
		},
		{
			name: "member calls", reply: docReply(t, http.MethodGet, "/telephony/calls/members/{memberId}/calls", 200),
			call: func(ctx context.Context, c *webex.Client) (any, error) {
				return c.MemberCalls(ctx, memberID, "")
			},
			method: http.MethodGet, path: "/telephony/calls/members/" + memberID + "/calls",
			want: []webex.Call{exampleCall(t)},
		},
		{
			name: "member calls in an organisation", reply: docReply(t, http.MethodGet, "/telephony/calls/members/{memberId}/calls", 200),
			call: func(ctx context.Context, c *webex.Client) (any, error) {
				return c.MemberCalls(ctx, memberID, orgID)
			},
			method: http.MethodGet, path: "/telephony/calls/members/" + memberID + "/calls", query: "orgId=" + url.QueryEscape(orgID),
			want: []webex.Call{exampleCall(t)},
		},
		{
			name: "member pickup", reply: docReply(t, http.MethodPost, "/telephony/calls/members/{memberId}/pickup", 201),
			call: func(ctx context.Context, c *webex.Client) (any, error) {
				return c.MemberPickup(ctx, webex.MemberPickupRequest{MemberID: memberID, Target: "103"})
			},
			method: http.MethodPost, path: "/telephony/calls/members/" + memberID + "/pickup",
			body: `{"target":"103"}`, want: newCall,
		},
		{
			name: "member pickup in the group on an endpoint", reply: docReply(t, http.MethodPost, "/telephony/calls/members/{memberId}/pickup", 201),
			call: func(ctx context.Context, c *webex.Client) (any, error) {
				return c.MemberPickup(ctx, webex.MemberPickupRequest{MemberID: memberID, OrgID: orgID, EndpointID: endpointID})
			},
			method: http.MethodPost, path: "/telephony/calls/members/" + memberID + "/pickup", query: "orgId=" + url.QueryEscape(orgID),
			body: `{"endpointId":"` + endpointID + `"}`, want: newCall,
		},
		{
			name: "message for a colleague", reply: docReply(t, http.MethodPost, "/messages", 200),
			call: func(ctx context.Context, c *webex.Client) (any, error) {
				return c.CreateMessage(ctx, webex.MessageRequest{ToPersonID: memberID, Text: "Jane Roe called: please call back"})
			},
			method: http.MethodPost, path: "/messages",
			body: `{"toPersonId":"` + memberID + `","text":"Jane Roe called: please call back"}`,
			want: webex.Message{
				ID:            "Y2lzY29zcGFyazovL3VzL01FU1NBR0UvOTJkYjNiZTAtNDNiZC0xMWU2LThhZTktZGQ1YjNkZmM1NjVk",
				RoomID:        "Y2lzY29zcGFyazovL3VzL1JPT00vYmJjZWIxYWQtNDNmMS0zYjU4LTkxNDctZjE0YmIwYzRkMTU0",
				RoomType:      "group",
				ToPersonID:    "Y2lzY29zcGFyazovL3VzL1BFT1BMRS9mMDZkNzFhNS0wODMzLTRmYTUtYTcyYS1jYzg5YjI1ZWVlMmX",
				ToPersonEmail: "julie@example.com",
				Text:          "PROJECT UPDATE - A new project plan has been published om http://example.com/s/lf5vj. The PM for this project is Mike C. and the Engineering Manager is Jane W.",
				Markdown:      "**PROJECT UPDATE** A new project plan has been published on <http://box.com/s/lf5vj>. The PM for this project is <@personEmail:mike@example.com> and the Engineering Manager is <@personEmail:jane@example.com>.",
				PersonID:      "Y2lzY29zcGFyazovL3VzL1BFT1BMRS9mNWIzNjE4Ny1jOGRkLTQ3MjctOGIyZi1mOWM0NDdmMjkwNDY",
				PersonEmail:   "matt@example.com",
				Created:       mustTime(t, "2015-10-18T14:26:16+00:00"),
			},
		},
		{
			name: "member barge in", reply: docReply(t, http.MethodPost, "/telephony/calls/members/{memberId}/bargeIn", 201),
			call: func(ctx context.Context, c *webex.Client) (any, error) {
				return c.MemberBargeIn(ctx, webex.MemberBargeInRequest{MemberID: memberID, Target: "105", SingleNumberReachPhoneNumber: snrNumber})
			},
			method: http.MethodPost, path: "/telephony/calls/members/" + memberID + "/bargeIn",
			body: `{"target":"105","singleNumberReachPhoneNumber":"+12225550123"}`, want: newCall,
		},
	}
}

// TestOfficeOperationsCoverTheDocuments keeps the office table honest: every
// operation of the office and People excerpts has a case.
func TestOfficeOperationsCoverTheDocuments(t *testing.T) {
	v, err := sharedValidator()
	if err != nil {
		t.Fatal(err)
	}
	covered := map[string]bool{}
	for _, tc := range operationCases(t) {
		covered[tc.method+" "+templated(tc.path)] = true
	}
	n := 0
	for _, op := range v.Operations() {
		if op.Document == "call-controls.openapi.json" {
			continue
		}
		n++
		if !covered[op.Method+" "+op.Path] {
			t.Errorf("no test case for %s %s (%s)", op.Method, op.Path, op.OperationID)
		}
	}
	if n != 30 {
		t.Errorf("the office, People, lines and messages documents have %d operations, want 30", n)
	}
}

// templated turns a test path back into the document's template.
func templated(path string) string {
	switch {
	case strings.HasPrefix(path, "/telephony/calls/members/") && !strings.HasPrefix(path, "/telephony/calls/members/me/"):
		rest := strings.TrimPrefix(path, "/telephony/calls/members/")
		_, action, _ := strings.Cut(rest, "/")
		return "/telephony/calls/members/{memberId}/" + action
	case strings.HasPrefix(path, "/people/") && path != "/people/me":
		return "/people/{personId}"
	case strings.HasPrefix(path, "/telephony/queues/"):
		return "/telephony/queues/{queueId}/calls"
	}
	return path
}

// TestMissingScope: a 403 from each operation names the scope that
// operation needs; other statuses name none.
func TestMissingScope(t *testing.T) {
	forbidden := errorReply(http.StatusForbidden,
		`{"message":"The server understood the request, but refused to fulfill it because the access token is missing required scopes or the user is missing required roles or licenses.","errors":[{"description":"The access token is missing a required scope."}],"trackingId":"ROUTER_403"}`, nil)
	want := map[string]string{
		"search directory by name": webex.ScopeTelephonyConfigRead, "monitoring list": webex.ScopeTelephonyConfigRead,
		"call park group": webex.ScopeTelephonyConfigRead, "endpoints": webex.ScopeTelephonyConfigRead,
		"person with presence": webex.ScopePeopleRead, "people by name": webex.ScopePeopleRead, "me": webex.ScopePeopleRead,
		"member calls": webex.ScopeAdminCallsRead, "member pickup": webex.ScopeAdminCallsWrite, "member barge in": webex.ScopeAdminCallsWrite,
		"list calls": webex.ScopeCallsRead, "list call history": webex.ScopeCallsRead, "get call details": webex.ScopeCallsRead,
		"dial": webex.ScopeCallsWrite, "answer": webex.ScopeCallsWrite, "park against self": webex.ScopeCallsWrite,
		"message for a colleague": webex.ScopeMessagesWrite,
	}
	cases := map[string]opCase{}
	for _, tc := range operationCases(t) {
		cases[tc.name] = tc
	}
	for name, scope := range want {
		tc, ok := cases[name]
		if !ok {
			t.Fatalf("no operation case %q", name)
		}
		h := newHarness(t, always(forbidden))
		_, err := tc.call(context.Background(), h.client)
		wantError(t, err)
		got, ok := webex.MissingScope(err)
		if !ok || got != scope {
			t.Errorf("%s: MissingScope = %q, %v; want %q", name, got, ok, scope)
		}
		var apiErr *webex.APIError
		if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusForbidden || apiErr.TrackingID != "ROUTER_403" {
			t.Errorf("%s: the *APIError is not reachable: %v", name, err)
		}
		if !strings.HasSuffix(err.Error(), "the operation needs the "+scope+" scope") {
			t.Errorf("%s: %q does not name the scope", name, err)
		}
	}
	for _, status := range []int{http.StatusUnauthorized, http.StatusNotFound, http.StatusBadRequest} {
		h := newHarness(t, always(errorReply(status, `{"message":"no"}`, nil)))
		_, err := h.client.Monitoring(context.Background())
		wantError(t, err)
		if scope, ok := webex.MissingScope(err); ok {
			t.Errorf("%d names a missing scope %q", status, scope)
		}
	}
}

// TestOfficeArgumentsCheckedBeforeSending: calls that cannot be right are
// refused without a request.
func TestOfficeArgumentsCheckedBeforeSending(t *testing.T) {
	h := newHarness(t, always(reply{Status: http.StatusTeapot}))
	ctx := context.Background()
	calls := map[string]func() error{
		"person without id":       func() error { _, err := h.client.GetPerson(ctx, ""); return err },
		"people without a filter": func() error { _, err := h.client.ListPeople(ctx, webex.PeopleQuery{Max: 5}); return err },
		"member calls without id": func() error { _, err := h.client.MemberCalls(ctx, "", orgID); return err },
		"pickup without member": func() error {
			_, err := h.client.MemberPickup(ctx, webex.MemberPickupRequest{Target: "103"})
			return err
		},
		"barge without member": func() error {
			_, err := h.client.MemberBargeIn(ctx, webex.MemberBargeInRequest{Target: "105"})
			return err
		},
		"message to nobody": func() error { _, err := h.client.CreateMessage(ctx, webex.MessageRequest{Text: "x"}); return err },
		"message to two": func() error {
			_, err := h.client.CreateMessage(ctx, webex.MessageRequest{ToPersonID: "a", ToPersonEmail: "b@example.com", Text: "x"})
			return err
		},
		"empty message": func() error { _, err := h.client.CreateMessage(ctx, webex.MessageRequest{ToPersonID: "a"}); return err },
		"message too long": func() error {
			_, err := h.client.CreateMessage(ctx, webex.MessageRequest{ToPersonID: "a", Text: strings.Repeat("x", webex.MaxMessageBytes+1)})
			return err
		},
	}
	for name, call := range calls {
		if err := call(); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if n := len(h.api.requests()); n != 0 {
		t.Errorf("server saw %d requests, want none", n)
	}
}

// peopleServer answers List People with numbered pages of one person each;
// link says what the Link header of page n (1-based) is ("" for none).
func peopleServer(t *testing.T, link func(api *fakeAPI, page int) string) *harness {
	t.Helper()
	var h *harness
	var pages atomic.Int32
	h = newHarness(t, func(ex exchange) reply {
		n := int(pages.Add(1))
		body := fmt.Sprintf(`{"items":[{"id":"p%d","displayName":"Priya %d","status":"meeting"}]}`, n, n)
		rep := reply{Status: http.StatusOK, Body: body, Conform: true, Header: map[string]string{}}
		if l := link(h.api, n); l != "" {
			rep.Header["Link"] = l
		}
		return rep
	})
	return h
}

// TestListPeopleFollowsPages follows rel="next" through three pages, with
// the links exactly as the server wrote them (absolute and relative).
func TestListPeopleFollowsPages(t *testing.T) {
	h := peopleServer(t, func(api *fakeAPI, page int) string {
		switch page {
		case 1:
			return `<` + api.URL() + `/people?displayName=Pri&cursor=Mg%3D%3D>; rel="next"`
		case 2:
			return `<` + apiPrefix + `/people?displayName=Pri&cursor=Mw%3D%3D>; rel="next", <` + api.URL() + `/people?displayName=Pri>; rel="first"`
		}
		return `<` + api.URL() + `/people?displayName=Pri>; rel="first"`
	})
	got, err := h.client.ListPeople(context.Background(), webex.PeopleQuery{DisplayName: "Pri"})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || got[0].ID != "p1" || got[2].ID != "p3" || got[1].Status != webex.PresenceMeeting {
		t.Errorf("people %+v, want p1..p3 in meetings", got)
	}
	reqs := h.api.requests()
	queries := []string{"displayName=Pri", "displayName=Pri&cursor=Mg%3D%3D", "displayName=Pri&cursor=Mw%3D%3D"}
	if len(reqs) != len(queries) {
		t.Fatalf("%d requests, want %d", len(reqs), len(queries))
	}
	for i, q := range queries {
		if reqs[i].Path != "/people" || reqs[i].RawQuery != q {
			t.Errorf("request %d: %s?%s, want /people?%s", i+1, reqs[i].Path, reqs[i].RawQuery, q)
		}
	}
}

// TestListPeopleStops: the limit, the page cap and a link back to a page
// already read each end the paging.
func TestListPeopleStops(t *testing.T) {
	endless := func(api *fakeAPI, page int) string {
		return fmt.Sprintf(`<%s/people?displayName=Pri&cursor=%d>; rel="next"`, api.URL(), page)
	}
	h := peopleServer(t, endless)
	got, err := h.client.ListPeople(context.Background(), webex.PeopleQuery{DisplayName: "Pri", Limit: 2})
	if err != nil || len(got) != 2 || len(h.api.requests()) != 2 {
		t.Errorf("limit 2: %d people, %d requests, %v; want 2 and 2", len(got), len(h.api.requests()), err)
	}
	h = peopleServer(t, endless)
	got, err = h.client.ListPeople(context.Background(), webex.PeopleQuery{DisplayName: "Pri"})
	if err != nil || len(got) != webex.MaxPeoplePages || len(h.api.requests()) != webex.MaxPeoplePages {
		t.Errorf("endless pages: %d people, %d requests, %v; want %d", len(got), len(h.api.requests()), err, webex.MaxPeoplePages)
	}
	h = peopleServer(t, func(api *fakeAPI, page int) string {
		return `<` + api.URL() + `/people?displayName=Pri>; rel="next"`
	})
	got, err = h.client.ListPeople(context.Background(), webex.PeopleQuery{DisplayName: "Pri"})
	if err != nil || len(got) != 1 || len(h.api.requests()) != 1 {
		t.Errorf("a link to itself: %d people, %d requests, %v; want 1 and 1", len(got), len(h.api.requests()), err)
	}
}

// TestListPeopleRefusesForeignLinks: a next link to another host, scheme or
// path would carry the token there; the client stops with ErrForeignLink.
func TestListPeopleRefusesForeignLinks(t *testing.T) {
	links := map[string]func(api *fakeAPI) string{
		"another host": func(*fakeAPI) string { return "https://webexapis.example.net/v1/people?cursor=2" },
		"another port": func(api *fakeAPI) string {
			u, _ := url.Parse(api.URL())
			return "http://" + u.Hostname() + ":1" + apiPrefix + "/people?cursor=2"
		},
		"another scheme": func(api *fakeAPI) string {
			return strings.Replace(api.URL(), "http://", "https://", 1) + "/people?cursor=2"
		},
		"outside the API": func(api *fakeAPI) string {
			u, _ := url.Parse(api.URL())
			return "http://" + u.Host + "/elsewhere/people?cursor=2"
		},
		"with credentials": func(api *fakeAPI) string {
			u, _ := url.Parse(api.URL())
			return "http://user:pw@" + u.Host + apiPrefix + "/people?cursor=2"
		},
		"protocol-relative": func(*fakeAPI) string { return "//webexapis.example.net/v1/people?cursor=2" },
	}
	for name, link := range links {
		t.Run(name, func(t *testing.T) {
			h := peopleServer(t, func(api *fakeAPI, _ int) string { return "<" + link(api) + `>; rel="next"` })
			got, err := h.client.ListPeople(context.Background(), webex.PeopleQuery{DisplayName: "Pri"})
			if !errors.Is(err, webex.ErrForeignLink) {
				t.Errorf("got %v, %v; want ErrForeignLink", got, err)
			}
			if n := len(h.api.requests()); n != 1 {
				t.Errorf("%d requests, want 1", n)
			}
		})
	}
}

// TestMonitoredElementNestedForms: the schema's nested form reads the same
// as the example's flat form.
func TestMonitoredElementNestedForms(t *testing.T) {
	body := `{"callParkNotificationEnabled":false,"monitoredElements":[
		{"member":{"id":"m1","firstName":"Priya","lastName":"Shah","displayName":"Priya Shah","type":"PEOPLE","email":"priya.shah@example.com",
			"numbers":[{"external":"+14155559999","extension":"999","primary":false},{"external":"+14155550103","extension":"103","esn":"8103","routingPrefix":"8","primary":true}],
			"location":"San Francisco","locationId":"loc1","lineKeyLabel":"Priya"}},
		{"callparkextension":{"id":"c1","name":"Call Park 7001","extension":"7001","location":"San Francisco","locationId":"loc1","lineKeyLabel":"Park 1"}},
		{"speedDial":{"id":"s1","displayName":"Northwind","type":"PEOPLE","phoneNumber":"+12065550143","location":"San Francisco","locationId":"loc1"}}]}`
	h := newHarness(t, always(reply{Status: http.StatusOK, Body: body, Conform: true}))
	got, err := h.client.Monitoring(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := []webex.MonitoredElement{
		{ID: "m1", FirstName: "Priya", LastName: "Shah", DisplayName: "Priya Shah", Type: webex.MonitoredPeople, Email: "priya.shah@example.com",
			DirectNumber: "+14155550103", Extension: "103", RoutingPrefix: "8", ESN: "8103", LocationName: "San Francisco", LocationID: "loc1", LineKeyLabel: "Priya"},
		{ID: "c1", DisplayName: "Call Park 7001", Type: webex.MonitoredCallParkExtension, Extension: "7001", LocationName: "San Francisco", LocationID: "loc1", LineKeyLabel: "Park 1"},
		{ID: "s1", DisplayName: "Northwind", Type: webex.MonitoredSpeedDial, DirectNumber: "+12065550143", LocationName: "San Francisco", LocationID: "loc1"},
	}
	if got.CallParkNotificationEnabled || !reflect.DeepEqual(got.Elements, want) {
		t.Errorf("monitoring\n got %+v\nwant %+v", got.Elements, want)
	}
}

// TestListPeopleLinkForms: rel written without quotes or spaces, or among
// other relations, still names the next page.
func TestListPeopleLinkForms(t *testing.T) {
	forms := []func(next string) string{
		func(next string) string { return "<" + next + ">;rel=next" },
		func(next string) string { return "<" + next + `>; rel="prev next"` },
		func(next string) string {
			return `<http://127.0.0.1/x>; rel="prev", <` + next + `>; title="more, later"; REL="next"`
		},
	}
	for i, form := range forms {
		h := peopleServer(t, func(api *fakeAPI, page int) string {
			if page > 1 {
				return ""
			}
			return form(api.URL() + "/people?displayName=Pri&cursor=2")
		})
		got, err := h.client.ListPeople(context.Background(), webex.PeopleQuery{DisplayName: "Pri"})
		if err != nil || len(got) != 2 {
			t.Errorf("form %d: %d people, %v; want 2", i+1, len(got), err)
		}
	}
}

// FuzzPeopleLinks feeds List People arbitrary Link headers: whatever they
// say, the client sends its token only below its own base URL, and stops
// within MaxPeoplePages requests.
func FuzzPeopleLinks(f *testing.F) {
	for _, seed := range []string{
		`<https://api.webex.invalid/v1/people?cursor=2>; rel="next"`,
		`</v1/people?cursor=2>; rel=next`,
		`<people?cursor=2>; rel="next"`,
		`<https://evil.invalid/v1/people>; rel="next"`,
		`<//evil.invalid/v1/people>; rel="next"`,
		`<https://api.webex.invalid:444/v1/people>; rel="next"`,
		`<http://api.webex.invalid/v1/people>; rel="next"`,
		`<https://user@api.webex.invalid/v1/people>; rel="next"`,
		`<https://api.webex.invalid/v2/people>; rel="next"`,
		`<https://api.webex.invalid/v1/../people>; rel="next"`,
		`<https://api.webex.invalid/v1/people?a=1>; rel="prev", <https://api.webex.invalid/v1/people?a=2>; rel="next"`,
		`<https://api.webex.invalid/v1/people?a=%zz>; rel="next"`,
		`<; rel="next"`, `>, <`, ``,
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, link string) {
		var urls []string
		transport := roundTripFunc(func(r *http.Request) (*http.Response, error) {
			urls = append(urls, r.URL.String())
			if r.URL.Scheme != "https" || !strings.EqualFold(r.URL.Host, "api.webex.invalid") || r.URL.User != nil ||
				!strings.HasPrefix(r.URL.EscapedPath(), "/v1/") || strings.Contains(r.URL.EscapedPath(), "/../") {
				t.Errorf("request sent outside the API: %s", r.URL)
			}
			return &http.Response{
				StatusCode: http.StatusOK,
				Header:     http.Header{"Link": {link}, "Content-Type": {"application/json"}},
				Body:       io.NopCloser(strings.NewReader(`{"items":[{"id":"p"}]}`)),
				Request:    r,
			}, nil
		})
		c, err := webex.New("https://api.webex.invalid/v1", staticTokens(fuzzToken), webex.WithHTTPClient(&http.Client{Transport: transport}))
		if err != nil {
			t.Fatal(err)
		}
		people, err := c.ListPeople(context.Background(), webex.PeopleQuery{DisplayName: "p"})
		if len(urls) > webex.MaxPeoplePages {
			t.Errorf("%d requests for one search", len(urls))
		}
		if err == nil && len(people) != len(urls) {
			t.Errorf("%d people from %d pages", len(people), len(urls))
		}
	})
}
