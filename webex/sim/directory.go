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
)

// entry is someone or something with an extension in the simulated organisation.
type entry struct {
	kind        entryKind
	name        string
	extension   string
	number      string // E.164; "" when the entry has only an extension
	email       string
	pickupGroup bool // a member of the user's call pickup group
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

// party is how the entry appears as a call party.
func (e *entry) party() webex.Party {
	p := webex.Party{Name: e.name, Number: e.number, CallType: webex.CallTypeLocation}
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
