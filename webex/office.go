package webex

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// Roots of the office operations, below the base URL.
const (
	configPath  = "/telephony/config/people/me"
	peoplePath  = "/people"
	membersPath = callsPath + "/members"
	queuesPath  = "/telephony/queues"
)

// MemberType says what a directory entry, a call park member or an
// endpoint's owner is.
type MemberType string

// The member types Webex reports.
const (
	MemberPeople      MemberType = "PEOPLE"       // a person
	MemberPlace       MemberType = "PLACE"        // a workspace
	MemberVirtualLine MemberType = "VIRTUAL_LINE" // a virtual line
)

// AvailableMember is a person, workspace or virtual line of the organisation
// that the user can reach: the directory a receptionist searches by name.
type AvailableMember struct {
	ID           string     `json:"id"`
	FirstName    string     `json:"firstName,omitempty"`
	LastName     string     `json:"lastName,omitempty"`
	DisplayName  string     `json:"displayName,omitempty"`
	PhoneNumber  string     `json:"phoneNumber"`
	Extension    string     `json:"extension,omitempty"`
	Type         MemberType `json:"type"`
	LocationID   string     `json:"locationId,omitempty"`
	LocationName string     `json:"locationName,omitempty"`
}

// AvailableMemberList is the Get Speed Dial Available Members response.
type AvailableMemberList struct {
	Members []AvailableMember `json:"members"`
}

// MemberOrder sorts a directory search.
type MemberOrder string

// The orders a directory search accepts.
const (
	OrderFirstNameAsc  MemberOrder = "firstName-asc"
	OrderFirstNameDesc MemberOrder = "firstName-desc"
	OrderLastNameAsc   MemberOrder = "lastName-asc"
	OrderLastNameDesc  MemberOrder = "lastName-desc"
)

// MemberQuery is a directory search. Every field is optional; the zero value
// lists everyone (up to Webex's default of 2,000).
type MemberQuery struct {
	Name        string      // contained in the first or last name
	PhoneNumber string      // contained in the number or the extension
	LocationID  string      // only members of this location
	Order       MemberOrder // "" keeps Webex's order
	Max         int         // at most this many (0: Webex's default)
	Start       int         // skip this many matches, for paging with Max
}

// AvailableMembers searches the organisation's directory: people, workspaces
// and virtual lines the user can dial (GET
// /telephony/config/people/me/settings/speedDials/availableMembers, scope
// spark:telephony_config_read).
func (c *Client) AvailableMembers(ctx context.Context, q MemberQuery) ([]AvailableMember, error) {
	v := url.Values{}
	set := func(name, value string) {
		if value != "" {
			v.Set(name, value)
		}
	}
	set("name", q.Name)
	set("phoneNumber", q.PhoneNumber)
	set("locationId", q.LocationID)
	set("order", string(q.Order))
	if q.Max > 0 {
		v.Set("max", strconv.Itoa(q.Max))
	}
	if q.Start > 0 {
		v.Set("start", strconv.Itoa(q.Start))
	}
	var out AvailableMemberList
	if _, err := c.do(ctx, "search directory", http.MethodGet, configPath+"/settings/speedDials/availableMembers", v, nil, &out); err != nil {
		return nil, err
	}
	return out.Members, nil
}

// MonitoredType says what a monitored element is.
type MonitoredType string

// The kinds of monitored element.
const (
	MonitoredPeople            MonitoredType = "PEOPLE"
	MonitoredPlace             MonitoredType = "PLACE"
	MonitoredVirtualLine       MonitoredType = "VIRTUAL_LINE"
	MonitoredCallParkExtension MonitoredType = "CALL_PARK_EXTENSION"
	MonitoredSpeedDial         MonitoredType = "SPEED_DIAL"
)

// MonitoredElement is one line of the user's monitoring list: a person,
// workspace, virtual line, call park extension or speed dial. It carries no
// live state.
type MonitoredElement struct {
	ID            string        `json:"id"`
	FirstName     string        `json:"firstName,omitempty"`
	LastName      string        `json:"lastName,omitempty"`
	DisplayName   string        `json:"displayName,omitempty"`
	Type          MonitoredType `json:"type"`
	Email         string        `json:"email,omitempty"`
	DirectNumber  string        `json:"directNumber,omitempty"`
	Extension     string        `json:"extension,omitempty"`
	RoutingPrefix string        `json:"routingPrefix,omitempty"`
	ESN           string        `json:"esn,omitempty"`
	LocationName  string        `json:"locationName,omitempty"`
	LocationID    string        `json:"locationId,omitempty"`
	LineKeyLabel  string        `json:"lineKeyLabel,omitempty"`
}

// UnmarshalJSON reads an element in either of the forms Webex's document
// shows: flat, as its example, or nested under "member", "callparkextension"
// or "speedDial", as its schema.
func (m *MonitoredElement) UnmarshalJSON(data []byte) error {
	type flat MonitoredElement
	var aux struct {
		flat
		Member *struct {
			ID          string        `json:"id"`
			FirstName   string        `json:"firstName"`
			LastName    string        `json:"lastName"`
			DisplayName string        `json:"displayName"`
			Type        MonitoredType `json:"type"`
			Email       string        `json:"email"`
			Numbers     []struct {
				External      string `json:"external"`
				Extension     string `json:"extension"`
				RoutingPrefix string `json:"routingPrefix"`
				ESN           string `json:"esn"`
				Primary       bool   `json:"primary"`
			} `json:"numbers"`
			Location     string `json:"location"`
			LocationID   string `json:"locationId"`
			LineKeyLabel string `json:"lineKeyLabel"`
		} `json:"member"`
		CallParkExtension *struct {
			ID            string `json:"id"`
			Name          string `json:"name"`
			Extension     string `json:"extension"`
			RoutingPrefix string `json:"routingPrefix"`
			ESN           string `json:"esn"`
			Location      string `json:"location"`
			LocationID    string `json:"locationId"`
			LineKeyLabel  string `json:"lineKeyLabel"`
		} `json:"callparkextension"`
		SpeedDial *struct {
			ID           string `json:"id"`
			DisplayName  string `json:"displayName"`
			LineKeyLabel string `json:"lineKeyLabel"`
			PhoneNumber  string `json:"phoneNumber"`
			Location     string `json:"location"`
			LocationID   string `json:"locationId"`
		} `json:"speedDial"`
	}
	if err := json.Unmarshal(data, &aux); err != nil {
		return err
	}
	*m = MonitoredElement(aux.flat)
	switch {
	case aux.Member != nil:
		n := aux.Member
		*m = MonitoredElement{ID: n.ID, FirstName: n.FirstName, LastName: n.LastName, DisplayName: n.DisplayName,
			Type: n.Type, Email: n.Email, LocationName: n.Location, LocationID: n.LocationID, LineKeyLabel: n.LineKeyLabel}
		for i, num := range n.Numbers {
			if i == 0 || num.Primary {
				m.DirectNumber, m.Extension, m.RoutingPrefix, m.ESN = num.External, num.Extension, num.RoutingPrefix, num.ESN
			}
			if num.Primary {
				break
			}
		}
	case aux.CallParkExtension != nil:
		p := aux.CallParkExtension
		*m = MonitoredElement{ID: p.ID, DisplayName: p.Name, Type: MonitoredCallParkExtension, Extension: p.Extension,
			RoutingPrefix: p.RoutingPrefix, ESN: p.ESN, LocationName: p.Location, LocationID: p.LocationID, LineKeyLabel: p.LineKeyLabel}
	case aux.SpeedDial != nil:
		d := aux.SpeedDial
		*m = MonitoredElement{ID: d.ID, DisplayName: d.DisplayName, Type: MonitoredSpeedDial, DirectNumber: d.PhoneNumber,
			LocationName: d.Location, LocationID: d.LocationID, LineKeyLabel: d.LineKeyLabel}
	}
	return nil
}

// MonitoringList is the user's monitoring settings: the people, workspaces,
// virtual lines and park extensions an administrator set the user to watch
// (at most 50).
type MonitoringList struct {
	CallParkNotificationEnabled bool               `json:"callParkNotificationEnabled"`
	Elements                    []MonitoredElement `json:"monitoredElements"`
}

// Monitoring returns the user's monitoring list (GET
// /telephony/config/people/me/settings/monitoring, scope
// spark:telephony_config_read). The list is configuration only: presence
// and line state come from Person and MemberCalls.
func (c *Client) Monitoring(ctx context.Context) (MonitoringList, error) {
	var out MonitoringList
	_, err := c.do(ctx, "get monitoring list", http.MethodGet, configPath+"/settings/monitoring", nil, nil, &out)
	return out, err
}

// CallParkMember is a member of the user's call park group: someone calls
// can be parked against with a group park.
type CallParkMember struct {
	ID          string     `json:"id"`
	Type        MemberType `json:"type"`
	FirstName   string     `json:"firstName,omitempty"`
	LastName    string     `json:"lastName,omitempty"`
	DisplayName string     `json:"displayName"`
}

// CallParkSettings is the user's call park group.
type CallParkSettings struct {
	GroupName string           `json:"groupName"`
	Members   []CallParkMember `json:"memberList"`
}

// CallPark returns the user's call park group (GET
// /telephony/config/people/me/settings/callPark, scope
// spark:telephony_config_read). The park extensions to show on a park board
// are the CALL_PARK_EXTENSION elements of Monitoring.
func (c *Client) CallPark(ctx context.Context) (CallParkSettings, error) {
	var out CallParkSettings
	_, err := c.do(ctx, "get call park settings", http.MethodGet, configPath+"/settings/callPark", nil, nil, &out)
	return out, err
}

// EndpointType says what kind of endpoint a user's device or app is.
type EndpointType string

// The endpoint types Webex reports.
const (
	EndpointCallingDevice   EndpointType = "CALLING_DEVICE"   // a desk phone, ATA or similar
	EndpointApplication     EndpointType = "APPLICATION"      // the Webex App
	EndpointHotdeskingGuest EndpointType = "HOTDESKING_GUEST" // the user's profile as a guest on a hot desk
)

// SecondaryLine is another line an endpoint carries.
type SecondaryLine struct {
	ID         string     `json:"id"`
	MemberType MemberType `json:"memberType"`
}

// MobilitySettings belong to a mobile endpoint.
type MobilitySettings struct {
	PhoneNumber     string `json:"phoneNumber"`
	AlertingEnabled bool   `json:"alertingEnabled"`
}

// EndpointHost is the device a hot-desking guest endpoint is signed in to.
type EndpointHost struct {
	ID                         string          `json:"id"`
	Type                       EndpointType    `json:"type"`
	Name                       string          `json:"name"`
	AutoAndForcedAnswerEnabled bool            `json:"autoAndForcedAnswerEnabled"`
	OwnerID                    string          `json:"ownerId,omitempty"`
	OwnerType                  MemberType      `json:"ownerType,omitempty"`
	SecondaryLines             []SecondaryLine `json:"secondaryLines,omitempty"`
}

// Endpoint is one of the user's devices or apps. Its ID is what dial,
// answer, retrieve, pickup, barge-in and pull take as endpointId, and its
// Name is what to show instead of the id.
type Endpoint struct {
	ID   string       `json:"id"`
	Type EndpointType `json:"type"`
	Name string       `json:"name"`
	// AutoAndForcedAnswerEnabled reports whether the endpoint can be driven
	// remotely (answer, hold, resume, mute).
	AutoAndForcedAnswerEnabled bool              `json:"autoAndForcedAnswerEnabled"`
	OwnerID                    string            `json:"ownerId"`
	OwnerType                  MemberType        `json:"ownerType"`
	SecondaryLines             []SecondaryLine   `json:"secondaryLines,omitempty"`
	MobilitySettings           *MobilitySettings `json:"mobilitySettings,omitempty"`
	Host                       *EndpointHost     `json:"host,omitempty"`
}

// EndpointList is the Read the List of My Endpoints response.
type EndpointList struct {
	Endpoints []Endpoint `json:"endpoints"`
}

// Endpoints returns the user's devices and apps (GET
// /telephony/config/people/me/endpoints, scope spark:telephony_config_read).
func (c *Client) Endpoints(ctx context.Context) ([]Endpoint, error) {
	var out EndpointList
	if _, err := c.do(ctx, "list endpoints", http.MethodGet, configPath+"/endpoints", nil, nil, &out); err != nil {
		return nil, err
	}
	return out.Endpoints, nil
}

// GetPerson returns one person with their presence (GET /people/{personId},
// scope spark:people_read). It is one request per person: presence of a
// colleague list is polled within a budget, since Webex throttles frequent
// People requests with 429.
func (c *Client) GetPerson(ctx context.Context, personID string) (Person, error) {
	var out Person
	if personID == "" {
		return out, errors.New("get person: no person id")
	}
	_, err := c.do(ctx, "get person "+personID, http.MethodGet, peoplePath+"/"+url.PathEscape(personID), nil, nil, &out)
	return out, err
}

// Bounds of ListPeople: a name search wants the first matches, and a server
// that keeps linking pages must not keep the client fetching.
const (
	// MaxPeoplePages is how many pages ListPeople fetches at most.
	MaxPeoplePages = 10
	// DefaultPeopleLimit is how many people ListPeople returns when
	// PeopleQuery.Limit is zero.
	DefaultPeopleLimit = 500
)

// ErrForeignLink reports a paged response whose next-page link points away
// from the API (another scheme, host or path): following it would send the
// access token there, so the client stops instead.
var ErrForeignLink = errors.New("next-page link leaves the API")

// PeopleQuery is a People search. A normal user must give DisplayName or
// Email.
type PeopleQuery struct {
	DisplayName string // people whose name starts with this
	Email       string // the person with this address
	Max         int    // people per page (0: Webex's default of 100)
	Limit       int    // stop after this many people (0: DefaultPeopleLimit)
}

// ListPeople searches people by name or address (GET /people, scope
// spark:people_read), following the Link header's rel="next" pages until
// q.Limit people or MaxPeoplePages pages. It is the directory's fallback for
// a token without spark:telephony_config_read.
func (c *Client) ListPeople(ctx context.Context, q PeopleQuery) ([]Person, error) {
	if q.DisplayName == "" && q.Email == "" {
		return nil, errors.New("list people: give a display name or an email address")
	}
	limit := q.Limit
	if limit <= 0 {
		limit = DefaultPeopleLimit
	}
	v := url.Values{}
	if q.DisplayName != "" {
		v.Set("displayName", q.DisplayName)
	}
	if q.Email != "" {
		v.Set("email", q.Email)
	}
	if q.Max > 0 {
		v.Set("max", strconv.Itoa(q.Max))
	}
	next, err := c.endpoint(peoplePath, v)
	if err != nil {
		return nil, fmt.Errorf("list people: %w", err)
	}
	var people []Person
	seen := map[string]bool{}
	for page := 1; next != nil && page <= MaxPeoplePages; page++ {
		seen[next.String()] = true
		var out PeopleList
		_, header, err := c.doURL(ctx, "list people", http.MethodGet, next, ScopePeopleRead, nil, &out)
		if err != nil {
			return nil, err
		}
		people = append(people, out.Items...)
		if len(people) >= limit {
			return people[:limit], nil
		}
		if next, err = c.nextPage(next, header); err != nil {
			return nil, fmt.Errorf("list people: %w", err)
		}
		if next != nil && seen[next.String()] {
			break // a link back to a page already read: the list is done
		}
	}
	return people, nil
}

// nextPage returns the URL of the rel="next" link in header, resolved
// against the page it came with, or nil when there is none. A link that
// leaves the API is refused with ErrForeignLink.
func (c *Client) nextPage(current *url.URL, header http.Header) (*url.URL, error) {
	raw := nextLink(header)
	if raw == "" {
		return nil, nil
	}
	u, err := current.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("next-page link %q: %w", raw, err)
	}
	// Host names compare without case, as DNS does; the path must lie below
	// the base path, which ".." segments cannot leave once resolved.
	below := strings.TrimSuffix(c.base.EscapedPath(), "/") + "/"
	if !strings.EqualFold(u.Scheme, c.base.Scheme) || !strings.EqualFold(u.Host, c.base.Host) || u.User != nil ||
		!strings.HasPrefix(u.EscapedPath(), below) || strings.Contains(u.EscapedPath(), "/../") {
		return nil, fmt.Errorf("%w: %s://%s%s is not below %s", ErrForeignLink, u.Scheme, u.Host, u.EscapedPath(), c.base)
	}
	u.Fragment = ""
	return u, nil
}

// nextLink finds the target of the rel="next" link in RFC 8288 Link headers
// ("<https://...>; rel=\"next\", <...>; rel=\"prev\"").
func nextLink(header http.Header) string {
	for _, value := range header.Values("Link") {
		rest := value
		for {
			open := strings.IndexByte(rest, '<')
			if open < 0 {
				break
			}
			end := strings.IndexByte(rest[open:], '>')
			if end < 0 {
				break
			}
			target := rest[open+1 : open+end]
			rest = rest[open+end+1:]
			params := rest
			if i := strings.IndexByte(params, '<'); i >= 0 {
				params = params[:i]
			}
			// The comma that separates this link from the next one.
			params = strings.TrimSuffix(strings.TrimSpace(params), ",")
			for _, p := range strings.Split(params, ";") {
				name, val, ok := strings.Cut(strings.TrimSpace(p), "=")
				if !ok || !strings.EqualFold(strings.TrimSpace(name), "rel") {
					continue
				}
				for _, rel := range strings.Fields(strings.Trim(strings.TrimSpace(val), `"`)) {
					if strings.EqualFold(rel, "next") {
						return target
					}
				}
			}
		}
	}
	return ""
}

// memberQuery carries the optional orgId of a member operation.
func memberQuery(orgID string) url.Values {
	if orgID == "" {
		return nil
	}
	return url.Values{"orgId": {orgID}}
}

// MemberCalls lists the active calls of any person, workspace or virtual
// line (GET /telephony/calls/members/{memberId}/calls, scope
// spark-admin:calls_read: an administrator's or Service App's token). It is
// what shows whether a colleague is idle, ringing or talking, and to whom.
// orgID may be empty.
func (c *Client) MemberCalls(ctx context.Context, memberID, orgID string) ([]Call, error) {
	if memberID == "" {
		return nil, errors.New("list member calls: no member id")
	}
	var out CallList
	path := membersPath + "/" + url.PathEscape(memberID) + "/calls"
	if _, err := c.do(ctx, "list calls of member "+memberID, http.MethodGet, path, memberQuery(orgID), nil, &out); err != nil {
		return nil, err
	}
	return out.Items, nil
}

// MemberPickupRequest picks up, on MemberID's line, a call ringing for
// Target, or in the member's call pickup group when Target is empty.
type MemberPickupRequest struct {
	MemberID                     string `json:"-"` // whose line picks the call up
	OrgID                        string `json:"-"` // optional: the member's organisation
	Target                       string `json:"target,omitempty"`
	EndpointID                   string `json:"endpointId,omitempty"`
	SingleNumberReachPhoneNumber string `json:"singleNumberReachPhoneNumber,omitempty"`
}

// MemberPickup picks up a call for a member (POST
// /telephony/calls/members/{memberId}/pickup, scope
// spark-admin:calls_write) and returns the new call on the member's line.
func (c *Client) MemberPickup(ctx context.Context, req MemberPickupRequest) (NewCall, error) {
	return c.memberNewCall(ctx, opFor("pickup for member "+req.MemberID, req.Target), req.MemberID, req.OrgID, "pickup", req)
}

// MemberBargeInRequest joins, from MemberID's line, Target's answered call.
type MemberBargeInRequest struct {
	MemberID                     string `json:"-"` // whose line barges in
	OrgID                        string `json:"-"` // optional: the member's organisation
	Target                       string `json:"target"`
	EndpointID                   string `json:"endpointId,omitempty"`
	SingleNumberReachPhoneNumber string `json:"singleNumberReachPhoneNumber,omitempty"`
}

// MemberBargeIn barges in for a member (POST
// /telephony/calls/members/{memberId}/bargeIn, scope
// spark-admin:calls_write) and returns the new call on the member's line.
func (c *Client) MemberBargeIn(ctx context.Context, req MemberBargeInRequest) (NewCall, error) {
	return c.memberNewCall(ctx, opFor("barge in for member "+req.MemberID, req.Target), req.MemberID, req.OrgID, "bargeIn", req)
}

// memberNewCall sends a member action that answers 201 with a new call.
func (c *Client) memberNewCall(ctx context.Context, op, memberID, orgID, action string, body any) (NewCall, error) {
	var out NewCall
	if memberID == "" {
		return out, fmt.Errorf("%s: no member id", op)
	}
	path := membersPath + "/" + url.PathEscape(memberID) + "/" + action
	_, err := c.do(ctx, op, http.MethodPost, path, memberQuery(orgID), body, &out)
	return out, err
}
