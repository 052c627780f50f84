package sim

import (
	"cmp"
	"encoding/base64"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/callboard/callboard/webex"
)

// configRoot is the root of the user's own settings, below /v1.
const configRoot = "/telephony/config/people/me"

// monitoredExtensions is the user's monitoring list, in its order: the
// pickup group and the rest of the front office, a few Austin colleagues, the
// workspaces and virtual lines the desk answers for, and the park extensions.
// Webex allows at most 50. Read only.
var monitoredExtensions = [...]string{
	"101", "102", "103", "104", "105", "106", "107", "108", ExecutiveExtension, "110", "111", "112",
	"201", "202", "203", "215",
	"150", NoAnswerExtension, "250",
	"160", "260",
	"7001", "7002", "7003", "7004",
}

// parkGroupName and parkGroupExtensions are the user's call park group: the
// people (and virtual line) a call can be parked against.
const parkGroupName = "Front Desk Park Group"

// parkGroupExtensions are the members of the user's call park group. Read only.
var parkGroupExtensions = [...]string{UserExtension, "101", "102", "103", "104", "160"}

// memberType is how Webex types an entry in directory answers.
func (e *entry) memberType() webex.MemberType {
	switch e.kind {
	case kindPlace:
		return webex.MemberPlace
	case kindVirtualLine:
		return webex.MemberVirtualLine
	}
	return webex.MemberPeople
}

// availableMember is the entry as the directory search returns it. The
// document requires phoneNumber, so an entry with only an extension gives
// its extension there.
func (e *entry) availableMember() webex.AvailableMember {
	number := e.number
	if number == "" {
		number = e.extension
	}
	loc := e.location()
	return webex.AvailableMember{
		ID: e.id(), FirstName: e.firstName(), LastName: e.lastName(), DisplayName: e.name,
		PhoneNumber: number, Extension: e.extension, Type: e.memberType(),
		LocationID: locationID(loc.key), LocationName: loc.name,
	}
}

// listedInDirectory reports whether the directory search offers the entry:
// people other than the user, workspaces and virtual lines.
func (e *entry) listedInDirectory() bool {
	switch e.kind {
	case kindColleague, kindExecutive, kindPlace, kindVirtualLine:
		return true
	}
	return false
}

// availableMembersReply answers the directory search: name contains (first
// or last name, case-insensitive), phoneNumber contains (number or
// extension), locationId, order, then start and max.
func availableMembersReply(q url.Values) reply {
	max, err := intParam(q, "max", 2000, 1)
	if err != nil {
		return fail(err)
	}
	start, err := intParam(q, "start", 0, 0)
	if err != nil {
		return fail(err)
	}
	order := q.Get("order")
	field, dir, _ := strings.Cut(order, "-")
	switch {
	case order == "":
	case field != "firstName" && field != "lastName", dir != "" && dir != "asc" && dir != "desc":
		return fail(badRequest("order %q is invalid; use firstName or lastName, optionally with -asc or -desc", order))
	}
	names, numbers, loc := lowerAll(q["name"]), q["phoneNumber"], q.Get("locationId")
	var members []webex.AvailableMember
	for i := range directory {
		e := &directory[i]
		if !e.listedInDirectory() {
			continue
		}
		m := e.availableMember()
		if loc != "" && m.LocationID != loc {
			continue
		}
		if len(names) > 0 && !slices.ContainsFunc(names, func(n string) bool {
			return strings.Contains(strings.ToLower(m.FirstName), n) || strings.Contains(strings.ToLower(m.LastName), n) ||
				(m.Type == webex.MemberPlace && strings.Contains(strings.ToLower(m.DisplayName), n))
		}) {
			continue
		}
		if len(numbers) > 0 && !slices.ContainsFunc(numbers, func(n string) bool {
			return n != "" && (strings.Contains(e.number, n) || strings.Contains(e.extension, n))
		}) {
			continue
		}
		members = append(members, m)
	}
	if field != "" {
		// A workspace has no first or last name: it sorts by its display name.
		key := func(m webex.AvailableMember) string {
			first, last := cmp.Or(m.FirstName, m.DisplayName), cmp.Or(m.LastName, m.DisplayName)
			if field == "firstName" {
				return strings.ToLower(first + " " + last)
			}
			return strings.ToLower(last + " " + first)
		}
		slices.SortStableFunc(members, func(a, b webex.AvailableMember) int {
			if dir == "desc" {
				return cmp.Compare(key(b), key(a))
			}
			return cmp.Compare(key(a), key(b))
		})
	}
	start = min(start, len(members))
	members = members[start:min(len(members), start+max)]
	if members == nil {
		members = []webex.AvailableMember{}
	}
	return ok(http.StatusOK, webex.AvailableMemberList{Members: members})
}

// monitoredElement is the entry as the monitoring list shows it, in the flat
// form of Webex's example.
func (e *entry) monitoredElement() webex.MonitoredElement {
	loc := e.location()
	m := webex.MonitoredElement{
		ID: e.id(), DisplayName: e.name, Extension: e.extension, DirectNumber: e.number,
		LocationName: loc.name, LocationID: locationID(loc.key),
	}
	switch e.kind {
	case kindPark:
		m.Type = webex.MonitoredCallParkExtension
		m.DirectNumber = ""
		m.LineKeyLabel = "Park " + strings.TrimPrefix(e.extension, "700")
	case kindPlace:
		m.Type = webex.MonitoredPlace
	case kindVirtualLine:
		m.Type = webex.MonitoredVirtualLine
		m.FirstName, m.LastName = e.firstName(), e.lastName()
	default:
		m.Type = webex.MonitoredPeople
		m.FirstName, m.LastName, m.Email = e.firstName(), e.lastName(), e.email
	}
	if m.Type != webex.MonitoredCallParkExtension {
		m.ESN = e.extension
	}
	return m
}

// monitoringList is the user's monitoring settings.
func monitoringList() webex.MonitoringList {
	out := webex.MonitoringList{CallParkNotificationEnabled: true}
	for _, ext := range monitoredExtensions {
		out.Elements = append(out.Elements, lookupExtension(ext).monitoredElement())
	}
	return out
}

// callParkSettings is the user's call park group.
func callParkSettings() webex.CallParkSettings {
	out := webex.CallParkSettings{GroupName: parkGroupName}
	for _, ext := range parkGroupExtensions {
		e := lookupExtension(ext)
		out.Members = append(out.Members, webex.CallParkMember{
			ID: e.id(), Type: e.memberType(), FirstName: e.firstName(), LastName: e.lastName(), DisplayName: e.name,
		})
	}
	return out
}

// endpointList is the user's devices and apps: the desk phone and the Webex
// App, both remotely controllable, both carrying the secondary lines.
func endpointList() webex.EndpointList {
	owner := personID(UserExtension)
	var out webex.EndpointList
	for _, ep := range Endpoints() {
		t := webex.EndpointApplication
		if ep.Type == "DEVICE" {
			t = webex.EndpointCallingDevice
		}
		out.Endpoints = append(out.Endpoints, webex.Endpoint{
			ID: ep.ID, Type: t, Name: ep.Name, AutoAndForcedAnswerEnabled: true, OwnerID: owner, OwnerType: webex.MemberPeople,
			SecondaryLines: secondaryLineList(),
		})
	}
	return out
}

// personWire is a person as the People API returns them, with their presence
// unless the lookup omits it (a lookup by id).
func (e *engine) personWire(ent *entry, withPresence bool) webex.Person {
	p := webex.Person{
		ID: personID(ent.key()), DisplayName: ent.name, FirstName: ent.firstName(), LastName: ent.lastName(),
		Emails: []string{ent.email}, Extension: ent.extension, LocationID: locationID(ent.location().key), OrgID: orgID(),
		PhoneNumbers: []webex.PhoneNumber{
			{Type: "work", Value: ent.number, Primary: true},
			{Type: "work_extension", Value: ent.extension},
		},
	}
	if withPresence {
		status, since := e.presence(ent)
		p.Status, p.LastActivity = status, webex.NewTimestamp(since)
	}
	return p
}

// people are the directory's persons, sorted by display name: what GET
// /people searches.
func people() []*entry {
	var out []*entry
	for i := range directory {
		if directory[i].isPerson() {
			out = append(out, &directory[i])
		}
	}
	slices.SortFunc(out, func(a, b *entry) int { return cmp.Compare(a.name, b.name) })
	return out
}

// defaultPeoplePage is Webex's default page size for GET /people.
const defaultPeoplePage = 100

// peopleReply answers List People: displayName (the display, first or last
// name starts with it, case-insensitive), email (exact) or id (up to 85,
// comma-separated, without presence), one of which a non-admin must give,
// paged by max with a Link header whose rel="next" URL carries a cursor.
func (s *Simulator) peopleReply(r *http.Request, q url.Values) reply {
	name, email, ids := strings.ToLower(q.Get("displayName")), q.Get("email"), q.Get("id")
	if name == "" && email == "" && ids == "" {
		return fail(badRequest("displayName, email or id is required: the user is not an administrator"))
	}
	max, err := intParam(q, "max", defaultPeoplePage, 1)
	if err != nil {
		return fail(err)
	}
	offset := 0
	if c := q.Get("cursor"); c != "" {
		raw, err := base64.RawURLEncoding.DecodeString(c)
		n, convErr := strconv.Atoi(strings.TrimPrefix(string(raw), "offset:"))
		if err != nil || convErr != nil || n < 0 || !strings.HasPrefix(string(raw), "offset:") {
			return fail(badRequest("cursor %q is invalid", c))
		}
		offset = n
	}
	var wanted map[string]bool
	if ids != "" {
		list := strings.Split(ids, ",")
		if len(list) > 85 {
			return fail(badRequest("id lists %d people; at most 85 are accepted", len(list)))
		}
		wanted = map[string]bool{}
		for _, id := range list {
			wanted[strings.TrimSpace(id)] = true
		}
	}
	var matches []*entry
	for _, e := range people() {
		switch {
		case name != "" && !strings.HasPrefix(strings.ToLower(e.name), name) &&
			!strings.HasPrefix(strings.ToLower(e.firstName()), name) && !strings.HasPrefix(strings.ToLower(e.lastName()), name):
		case email != "" && !strings.EqualFold(e.email, email):
		case wanted != nil && !wanted[personID(e.key())]:
		default:
			matches = append(matches, e)
		}
	}
	list := webex.PeopleList{Items: []webex.Person{}}
	for _, e := range matches[min(offset, len(matches)):min(len(matches), offset+max)] {
		list.Items = append(list.Items, s.eng.personWire(e, wanted == nil))
	}
	rep := ok(http.StatusOK, list)
	if offset+max < len(matches) {
		next := *r.URL
		next.Scheme, next.Host = "http", r.Host
		if r.TLS != nil {
			next.Scheme = "https"
		}
		nq := r.URL.Query()
		nq.Set("cursor", base64.RawURLEncoding.EncodeToString([]byte("offset:"+strconv.Itoa(offset+max))))
		next.RawQuery = nq.Encode()
		rep.header = http.Header{"Link": {"<" + next.String() + `>; rel="next"`}}
	}
	return rep
}

// personReply answers Get Person Details.
func (s *Simulator) personReply(escaped string) reply {
	id, err := url.PathUnescape(escaped)
	if err != nil {
		return fail(notFound("Person not found: %q", escaped))
	}
	e := lookupID(id)
	if e == nil || !e.isPerson() {
		return fail(notFound("Person not found: no person has id %q", id))
	}
	return ok(http.StatusOK, s.eng.personWire(e, true))
}

// memberRoute matches /telephony/calls/members/{memberId}/{calls|pickup|bargeIn}
// (rest is what follows "members/"), served for the user, colleagues,
// workspaces and virtual lines of the simulated organisation.
func (s *Simulator) memberRoute(r *http.Request, path, rest string, body []byte, route func(string, func() reply) (*apiRoute, reply)) (*apiRoute, reply) {
	escaped, op, found := strings.Cut(rest, "/")
	if !found || escaped == "" || escaped == "me" || strings.Contains(op, "/") {
		return nil, fail(notFound("The requested resource could not be found: %s %s", r.Method, path))
	}
	q := r.URL.Query()
	member := func() (*entry, error) {
		if org := q.Get("orgId"); org != "" && org != orgID() {
			return nil, badRequest("orgId %q is not the simulated organization (%s)", org, orgID())
		}
		id, err := url.PathUnescape(escaped)
		if err != nil {
			return nil, notFound("member %q not found", escaped)
		}
		e := lookupID(id)
		if e == nil || e.kind == kindPark || e.kind == kindCallQueue {
			return nil, notFound("member %q not found: it is not a person, workspace or virtual line of the organization", id)
		}
		return e, nil
	}
	switch op {
	case "calls":
		return route(http.MethodGet, func() reply {
			e, err := member()
			if err != nil {
				return fail(err)
			}
			return ok(http.StatusOK, webex.CallList{Items: s.eng.memberCalls(e)})
		})
	case "pickup":
		return route(http.MethodPost, func() reply {
			e, err := member()
			if err != nil {
				return fail(err)
			}
			var req webex.MemberPickupRequest
			if err := decodeJSON(body, &req); err != nil {
				return fail(err)
			}
			return created(s.eng.memberPickup(e, webex.PickupRequest{
				Target: req.Target, EndpointID: req.EndpointID, SingleNumberReachPhoneNumber: req.SingleNumberReachPhoneNumber,
			}))
		})
	case "bargeIn":
		return route(http.MethodPost, func() reply {
			e, err := member()
			if err != nil {
				return fail(err)
			}
			var req webex.MemberBargeInRequest
			if err := decodeJSON(body, &req); err != nil {
				return fail(err)
			}
			if req.Target == "" {
				return fail(badRequest("target is required"))
			}
			return created(s.eng.memberBargeIn(e, webex.BargeInRequest{
				Target: req.Target, EndpointID: req.EndpointID, SingleNumberReachPhoneNumber: req.SingleNumberReachPhoneNumber,
			}))
		})
	}
	return nil, fail(notFound("no such operation: %s %s (the simulator serves calls, pickup and bargeIn by member)", r.Method, path))
}

// intParam reads an integer query parameter of at least least, or def when absent.
func intParam(q url.Values, name string, def, least int) (int, error) {
	v := q.Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < least {
		return 0, badRequest("%s %q must be a whole number of at least %d", name, v, least)
	}
	return n, nil
}

// lowerAll lower-cases every non-empty string of list.
func lowerAll(list []string) []string {
	var out []string
	for _, s := range list {
		if s != "" {
			out = append(out, strings.ToLower(s))
		}
	}
	return out
}
