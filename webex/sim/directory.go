package sim

import (
	"fmt"
	"strings"

	"github.com/callboard/callboard/webex"
)

// The signed-in user of the simulated world.
const (
	UserName      = "Alex Morgan"
	UserFirstName = "Alex"
	UserLastName  = "Morgan"
	UserNumber    = "+14155550100"
	UserExtension = "100"
	UserEmail     = "alex.morgan@example.com"
	// MobileNumber is the user's Single Number Reach number, the only one
	// accepted as singleNumberReachPhoneNumber.
	MobileNumber = "+14155550177"
	// OrgDomain is the e-mail domain of the simulated organisation.
	OrgDomain = "example.com"
)

// The user's two answer endpoints. The Webex App is the primary device:
// calls answered there are muteCapable, calls on the desk phone are not.
const (
	DeskPhoneEndpointID = "Y2lzY29zcGFyazovL3VzL0RFVklDRS84ZTRjMmI3YS01MWYzLTRkMGUtOWE2Yy0zZjFiMmQ3ZTljNDA"
	WebexAppEndpointID  = "Y2lzY29zcGFyazovL3VzL0FQUExJQ0FUSU9OLzJkOWY2YTEzLTdjNDgtNGI1ZS04ZjAyLWM2YTFlNGI3ZDkzNQ"
)

// Numbers that never answer, so that no-answer paths can be exercised: an
// outgoing call to them stays connecting until RingTimeout and then ends, and
// a mute transfer to them gives up after TransferTimeout.
const (
	NoAnswerExtension = "199"          // Conference Room B, a workspace phone nobody picks up
	NoAnswerNumber    = "+12125550199" // an external number that rings out
)

// ExecutiveExtension is the executive the user assists; inbound calls
// flagged forExecutive can be pushed to them.
const ExecutiveExtension = "109"

// Endpoint is one of the user's answer endpoints.
type Endpoint struct {
	ID      string `json:"id"`                        // the endpointId the API accepts
	Type    string `json:"type"`                      // DEVICE or APPLICATION
	Name    string `json:"name"`                      // as Webex names it
	Primary bool   `json:"isPreferredAnswerEndpoint"` // the primary device, where calls are answered by default
}

// Endpoints returns the user's answer endpoints: the desk phone and the
// Webex App (the primary one).
func Endpoints() []Endpoint {
	return []Endpoint{
		{ID: DeskPhoneEndpointID, Type: "DEVICE", Name: "Cisco 8865 (" + UserName + ")"},
		{ID: WebexAppEndpointID, Type: "APPLICATION", Name: "Webex App (" + UserName + ")", Primary: true},
	}
}

// entryKind says what a directory entry is.
type entryKind int

const (
	kindUser entryKind = iota
	kindColleague
	kindExecutive
	kindPlace
	kindPark
	kindHuntGroup
	kindCallQueue
	kindVirtualLine
)

// The organisation's two locations. The user works in San Francisco.
const (
	locSF     = iota // San Francisco: extensions 1xx, numbers +1 415 555 xxxx
	locAustin        // Austin: extensions 2xx, numbers +1 512 555 02xx
)

// location is a site of the simulated organisation.
type location struct{ key, name string }

// locations are indexed by entry.loc. Read only.
var locations = [...]location{
	locSF:     {key: "sf", name: "San Francisco"},
	locAustin: {key: "austin", name: "Austin"},
}

// entry is someone or something with an extension in the simulated organisation.
type entry struct {
	kind        entryKind
	name        string
	extension   string
	number      string // E.164; "" when the entry has only an extension
	email       string
	pickupGroup bool // a member of the user's call pickup group
	loc         int  // index into locations
	pending     bool // a person who has never signed in: presence "pending"
}

// directory is the organisation, in a fixed order (the order matters for
// determinism: the random scenario picks by index). Read only.
var directory = [...]entry{
	{kind: kindUser, name: UserName, extension: UserExtension, number: UserNumber, email: UserEmail},
	{kind: kindColleague, name: "Jordan Lee", extension: "101", number: "+14155550101", email: "jordan.lee@example.com", pickupGroup: true},
	{kind: kindColleague, name: "Sam Rivera", extension: "102", number: "+14155550102", email: "sam.rivera@example.com", pickupGroup: true},
	{kind: kindColleague, name: "Priya Shah", extension: "103", number: "+14155550103", email: "priya.shah@example.com", pickupGroup: true},
	{kind: kindColleague, name: "Chen Wei", extension: "104", number: "+14155550104", email: "chen.wei@example.com", pickupGroup: true},
	{kind: kindColleague, name: "Maria Garcia", extension: "105", number: "+14155550105", email: "maria.garcia@example.com"},
	{kind: kindColleague, name: "Tom Becker", extension: "106", number: "+14155550106", email: "tom.becker@example.com"},
	{kind: kindColleague, name: "Aisha Okafor", extension: "107", number: "+14155550107", email: "aisha.okafor@example.com"},
	{kind: kindColleague, name: "Lucas Martin", extension: "108", number: "+14155550108", email: "lucas.martin@example.com"},
	{kind: kindExecutive, name: "Dana Whitfield", extension: ExecutiveExtension, number: "+14155550109", email: "dana.whitfield@example.com"},
	{kind: kindPlace, name: "Conference Room B", extension: NoAnswerExtension},
	{kind: kindPark, name: "Call Park 7001", extension: "7001"},
	{kind: kindPark, name: "Call Park 7002", extension: "7002"},
	{kind: kindPark, name: "Call Park 7003", extension: "7003"},
	{kind: kindPark, name: "Call Park 7004", extension: "7004"},
	{kind: kindHuntGroup, name: "Sales Hunt Group", extension: "5000", number: "+14155550500"},
	{kind: kindCallQueue, name: "Support Queue", extension: "5100", number: "+14155550510"},

	// San Francisco.
	{kind: kindColleague, name: "Hannah Kim", extension: "110", number: "+14155550310", email: "hannah.kim@example.com"},
	{kind: kindColleague, name: "Omar Haddad", extension: "111", number: "+14155550311", email: "omar.haddad@example.com"},
	{kind: kindColleague, name: "Grace O'Neill", extension: "112", number: "+14155550312", email: "grace.oneill@example.com"},
	{kind: kindColleague, name: "Diego Alvarez", extension: "113", number: "+14155550313", email: "diego.alvarez@example.com"},
	{kind: kindColleague, name: "Fatima Benali", extension: "114", number: "+14155550314", email: "fatima.benali@example.com"},
	{kind: kindColleague, name: "Marcus Johnson", extension: "115", number: "+14155550315", email: "marcus.johnson@example.com"},
	{kind: kindColleague, name: "Yuki Tanaka", extension: "116", number: "+14155550316", email: "yuki.tanaka@example.com"},
	{kind: kindColleague, name: "Elena Petrova", extension: "117", number: "+14155550317", email: "elena.petrova@example.com"},
	{kind: kindColleague, name: "Kwame Mensah", extension: "118", number: "+14155550318", email: "kwame.mensah@example.com"},
	{kind: kindColleague, name: "Sofia Rossi", extension: "119", number: "+14155550319", email: "sofia.rossi@example.com"},
	{kind: kindColleague, name: "Ben Carter", extension: "120", number: "+14155550320", email: "ben.carter@example.com"},
	{kind: kindColleague, name: "Nadia Hussain", extension: "121", number: "+14155550321", email: "nadia.hussain@example.com"},
	{kind: kindColleague, name: "Patrick Doyle", extension: "122", number: "+14155550322", email: "patrick.doyle@example.com"},
	{kind: kindColleague, name: "Mei Lin", extension: "123", number: "+14155550323", email: "mei.lin@example.com"},
	{kind: kindColleague, name: "Ravi Patel", extension: "124", number: "+14155550324", email: "ravi.patel@example.com"},
	{kind: kindPlace, name: "Lobby Phone", extension: "150", number: "+14155550150"},
	{kind: kindVirtualLine, name: "Front Desk Line", extension: "160", number: "+14155550160"},

	// Austin.
	{kind: kindColleague, name: "Emily Brooks", extension: "201", number: "+15125550201", email: "emily.brooks@example.com", loc: locAustin},
	{kind: kindColleague, name: "Carlos Mendoza", extension: "202", number: "+15125550202", email: "carlos.mendoza@example.com", loc: locAustin},
	{kind: kindColleague, name: "Ingrid Larsen", extension: "203", number: "+15125550203", email: "ingrid.larsen@example.com", loc: locAustin},
	{kind: kindColleague, name: "Tariq Aziz", extension: "204", number: "+15125550204", email: "tariq.aziz@example.com", loc: locAustin},
	{kind: kindColleague, name: "Julia Hart", extension: "205", number: "+15125550205", email: "julia.hart@example.com", loc: locAustin},
	{kind: kindColleague, name: "Samuel Okoro", extension: "206", number: "+15125550206", email: "samuel.okoro@example.com", loc: locAustin},
	{kind: kindColleague, name: "Chloe Dubois", extension: "207", number: "+15125550207", email: "chloe.dubois@example.com", loc: locAustin},
	{kind: kindColleague, name: "Andrei Popescu", extension: "208", number: "+15125550208", email: "andrei.popescu@example.com", loc: locAustin},
	{kind: kindColleague, name: "Leila Farah", extension: "209", number: "+15125550209", email: "leila.farah@example.com", loc: locAustin},
	{kind: kindColleague, name: "Henry Wright", extension: "210", number: "+15125550210", email: "henry.wright@example.com", loc: locAustin},
	{kind: kindColleague, name: "Amara Nwosu", extension: "211", number: "+15125550211", email: "amara.nwosu@example.com", loc: locAustin},
	{kind: kindColleague, name: "Felix Wagner", extension: "212", number: "+15125550212", email: "felix.wagner@example.com", loc: locAustin},
	{kind: kindColleague, name: "Rosa Delgado", extension: "213", number: "+15125550213", email: "rosa.delgado@example.com", loc: locAustin},
	{kind: kindColleague, name: "Victor Huang", extension: "214", number: "+15125550214", email: "victor.huang@example.com", loc: locAustin},
	{kind: kindColleague, name: "Priyanka Iyer", extension: "215", number: "+15125550215", email: "priyanka.iyer@example.com", loc: locAustin},
	{kind: kindColleague, name: "Daniel Cohen", extension: "216", number: "+15125550216", email: "daniel.cohen@example.com", loc: locAustin},
	{kind: kindColleague, name: "Zara Ahmed", extension: "217", number: "+15125550217", email: "zara.ahmed@example.com", loc: locAustin},
	{kind: kindColleague, name: "Mateo Silva", extension: "218", number: "+15125550218", email: "mateo.silva@example.com", loc: locAustin},
	{kind: kindColleague, name: "Olga Ivanova", extension: "219", number: "+15125550219", email: "olga.ivanova@example.com", loc: locAustin, pending: true},
	{kind: kindColleague, name: "Jamal Brooks", extension: "220", number: "+15125550220", email: "jamal.brooks@example.com", loc: locAustin},
	{kind: kindPlace, name: "Austin Reception", extension: "250", number: "+15125550250", loc: locAustin},
	{kind: kindPlace, name: "Training Room", extension: "251", loc: locAustin},
	{kind: kindVirtualLine, name: "Austin After Hours", extension: "260", number: "+15125550260", loc: locAustin},

	// The front desk's queues and lines (San Francisco).
	{kind: kindCallQueue, name: "Sales Queue", extension: SalesQueueExtension, number: "+14155550520"},
	{kind: kindVirtualLine, name: "Main Line", extension: MainLineExtension, number: MainLineNumber},
}

// LongCallExtension is the colleague who is on a long call when the world
// starts (and after a reset): a barge-in target that is always there.
const LongCallExtension = "105"

// longCallPartner is who the colleague at LongCallExtension is talking to.
var longCallPartner = caller{name: "Northwind Traders", number: "+12065550143"}

// caller is a name and number of someone outside the organisation.
type caller struct{ name, number string }

// externalCallers are the people the random scenario has call in. An empty
// name is a caller whose name is not available. Read only.
var externalCallers = [...]caller{
	{"Olivia Bennett", "+12065550123"},
	{"Liam Carter", "+13125550178"},
	{"Contoso Billing", "+18005550134"},
	{"Emma Novak", "+16175550112"},
	{"Noah Fischer", "+17185550165"},
	{"Ava Martinez", "+13055550187"},
	{"Fabrikam Logistics", "+14695550121"},
	{"Mason Clarke", "+15035550149"},
	{"Isabella Rossi", "+17025550116"},
	{"Ethan Park", "+14045550192"},
	{"Zoe Adams", "+16465550108"},
	{"Harbor Dental", "+14155550131"},
	{"", "+19165550174"},
	{"Wireless Caller", "+14085550157"},
}

// userEntry returns the signed-in user's entry.
func userEntry() *entry { return &directory[0] }

// key identifies the entry (its extension is unique).
func (e *entry) key() string { return e.extension }

// label is how messages name the entry: "Jordan Lee (101)".
func (e *entry) label() string { return fmt.Sprintf("%s (%s)", e.name, e.extension) }

// isPerson reports whether the entry is a person (who can have calls picked
// up or barged into).
func (e *entry) isPerson() bool {
	return e.kind == kindUser || e.kind == kindColleague || e.kind == kindExecutive
}

// party is how the entry appears as a call party: "location" when it is in
// the user's location, "organization" when it is in the other one.
func (e *entry) party() webex.Party {
	p := webex.Party{Name: e.name, Number: e.number, CallType: webex.CallTypeLocation}
	if e.loc != userEntry().loc {
		p.CallType = webex.CallTypeOrganization
	}
	if p.Number == "" {
		p.Number = e.extension
	}
	switch e.kind {
	case kindUser, kindColleague, kindExecutive:
		p.PersonID = personID(e.key())
	case kindPlace:
		p.PlaceID = placeID(e.key())
	}
	return p
}

// firstName and lastName split a person's or virtual line's name at the
// first space; a workspace has neither.
func (e *entry) firstName() string {
	if e.kind == kindPlace || e.kind == kindPark {
		return ""
	}
	first, _, _ := strings.Cut(e.name, " ")
	return first
}

// lastName is the rest of the name after firstName.
func (e *entry) lastName() string {
	if e.kind == kindPlace || e.kind == kindPark {
		return ""
	}
	_, last, _ := strings.Cut(e.name, " ")
	return last
}

// id is the Webex identifier of the entry: a person, workspace, virtual
// line, call park extension or call queue id; "" for a hunt group.
func (e *entry) id() string {
	switch e.kind {
	case kindUser, kindColleague, kindExecutive:
		return personID(e.key())
	case kindPlace:
		return placeID(e.key())
	case kindVirtualLine:
		return virtualLineID(e.key())
	case kindPark:
		return callParkExtensionID(e.key())
	case kindCallQueue:
		return callQueueID(e.key())
	}
	return ""
}

// location is where the entry is.
func (e *entry) location() location { return locations[e.loc] }

// lookupID finds the entry with Webex identifier id.
func lookupID(id string) *entry {
	if id == "" {
		return nil
	}
	for i := range directory {
		if directory[i].id() == id {
			return &directory[i]
		}
	}
	return nil
}

// lookupExtension finds the entry with extension ext.
func lookupExtension(ext string) *entry {
	for i := range directory {
		if directory[i].extension == ext {
			return &directory[i]
		}
	}
	return nil
}

// lookupNumber finds the entry with the E.164 number n.
func lookupNumber(n string) *entry {
	for i := range directory {
		if directory[i].number != "" && directory[i].number == n {
			return &directory[i]
		}
	}
	return nil
}

// lookupEmail finds the entry with address addr (case-insensitive).
func lookupEmail(addr string) *entry {
	for i := range directory {
		if directory[i].email != "" && strings.EqualFold(directory[i].email, addr) {
			return &directory[i]
		}
	}
	return nil
}

// colleagues returns the directory indexes of the colleagues, in order.
func colleagueIndexes() []int {
	var out []int
	for i := range directory {
		if directory[i].kind == kindColleague {
			out = append(out, i)
		}
	}
	return out
}
