package model

import "strings"

// CallType classifies a party relative to the user.
type CallType uint8

// The call types. The zero value is CallTypeUnknown: the API did not say.
const (
	CallTypeUnknown      CallType = iota
	CallTypeLocation              // same location
	CallTypeOrganization          // same organisation, another location
	CallTypeExternal              // outside the organisation
	CallTypeEmergency             // an emergency service
	CallTypeRepair                // a repair service
	CallTypeOther                 // anything else, a feature access code for example
)

// ParseCallType maps the API's callType string ("location", "organization",
// "external", "emergency", "repair", "other") to a CallType. Anything else,
// including "", is CallTypeUnknown.
func ParseCallType(s string) CallType {
	switch s {
	case "location":
		return CallTypeLocation
	case "organization":
		return CallTypeOrganization
	case "external":
		return CallTypeExternal
	case "emergency":
		return CallTypeEmergency
	case "repair":
		return CallTypeRepair
	case "other":
		return CallTypeOther
	}
	return CallTypeUnknown
}

// String returns the API's name for the call type, or "unknown".
func (t CallType) String() string {
	switch t {
	case CallTypeLocation:
		return "location"
	case CallTypeOrganization:
		return "organization"
	case CallTypeExternal:
		return "external"
	case CallTypeEmergency:
		return "emergency"
	case CallTypeRepair:
		return "repair"
	case CallTypeOther:
		return "other"
	}
	return "unknown"
}

// Label returns a short word for the call list: "internal" (same location),
// "org" (a colleague at another location of the organisation), "external",
// "EMERGENCY" (upper case because it must stand out without colour),
// "repair", "other" or "unknown".
func (t CallType) Label() string {
	switch t {
	case CallTypeLocation:
		return "internal"
	case CallTypeOrganization:
		return "org"
	case CallTypeEmergency:
		return "EMERGENCY"
	}
	return t.String()
}

// Party is one end of a call: the remote party, a redirecting party, where a
// call was parked. Name, Number, PersonID and PlaceID are empty when privacy
// hides them or the API does not know them. Number is digits or a URI
// ("1234", "+12223334444", "*73", "user@company.domain").
type Party struct {
	Name     string
	Number   string
	PersonID string
	PlaceID  string
	Private  bool // the party's privacy setting hides who they are
	CallType CallType
}

// Display returns what the call list shows for the party: the name, else the
// number, else "private" when privacy hides them, else "unknown".
func (p Party) Display() string { return displayName(p.Name, p.Number, p.Private) }

// Secondary returns the number when Display shows the name, so a row can read
// "Jane Roe  +14155550100"; otherwise "".
func (p Party) Secondary() string { return secondaryNumber(p.Name, p.Number) }

// Describe shows everything the API gave about the party, privacy respected:
// "Jane Roe +14155550123 (external)".
func (p Party) Describe() string {
	parts := []string{p.Display()}
	if s := p.Secondary(); s != "" {
		parts = append(parts, s)
	}
	if p.CallType != CallTypeUnknown {
		parts = append(parts, "("+p.CallType.Label()+")")
	}
	return strings.Join(parts, " ")
}

// displayName is the rule Party and HistoryRecord share.
func displayName(name, number string, private bool) string {
	switch {
	case name != "":
		return name
	case number != "":
		return number
	case private:
		return "private"
	}
	return "unknown"
}

// secondaryNumber is the number shown beside a name, when it adds
// something: not when the name already shows it ("Call Park 7001").
func secondaryNumber(name, number string) string {
	if name == "" || strings.Contains(name, number) {
		return ""
	}
	return number
}

// RedirectReason says why an incoming call was redirected to the user.
type RedirectReason uint8

// The redirect reasons. The zero value is RedirectUnknown, which also stands
// for the API's own "unknown".
const (
	RedirectUnknown       RedirectReason = iota
	RedirectBusy                         // the original destination was busy
	RedirectNoAnswer                     // the original destination did not answer
	RedirectUnavailable                  // the original destination was unreachable
	RedirectUnconditional                // forwarded always
	RedirectTimeOfDay                    // forwarded by a schedule
	RedirectDivert                       // diverted by hand
	RedirectFollowMe                     // a follow-me (sequential ring) service
	RedirectHuntGroup                    // delivered by a hunt group
	RedirectCallQueue                    // delivered by a call queue
)

// ParseRedirectReason maps the API's reason string ("busy", "noAnswer",
// "unavailable", "unconditional", "timeOfDay", "divert", "followMe",
// "huntGroup", "callQueue", "unknown") to a RedirectReason. Anything else is
// RedirectUnknown.
func ParseRedirectReason(s string) RedirectReason {
	switch s {
	case "busy":
		return RedirectBusy
	case "noAnswer":
		return RedirectNoAnswer
	case "unavailable":
		return RedirectUnavailable
	case "unconditional":
		return RedirectUnconditional
	case "timeOfDay":
		return RedirectTimeOfDay
	case "divert":
		return RedirectDivert
	case "followMe":
		return RedirectFollowMe
	case "huntGroup":
		return RedirectHuntGroup
	case "callQueue":
		return RedirectCallQueue
	}
	return RedirectUnknown
}

// String returns the API's name for the reason.
func (r RedirectReason) String() string {
	switch r {
	case RedirectBusy:
		return "busy"
	case RedirectNoAnswer:
		return "noAnswer"
	case RedirectUnavailable:
		return "unavailable"
	case RedirectUnconditional:
		return "unconditional"
	case RedirectTimeOfDay:
		return "timeOfDay"
	case RedirectDivert:
		return "divert"
	case RedirectFollowMe:
		return "followMe"
	case RedirectHuntGroup:
		return "huntGroup"
	case RedirectCallQueue:
		return "callQueue"
	}
	return "unknown"
}

// Label returns the reason in the operator's words, to follow the
// redirecting party ("via Jane Roe: no answer").
func (r RedirectReason) Label() string {
	switch r {
	case RedirectBusy:
		return "busy"
	case RedirectNoAnswer:
		return "no answer"
	case RedirectUnavailable:
		return "unavailable"
	case RedirectUnconditional:
		return "forwarded (always)"
	case RedirectTimeOfDay:
		return "forwarded (schedule)"
	case RedirectDivert:
		return "diverted"
	case RedirectFollowMe:
		return "follow me"
	case RedirectHuntGroup:
		return "hunt group"
	case RedirectCallQueue:
		return "call queue"
	}
	return "redirected"
}

// Redirection is one earlier redirection of an incoming call: why, and by
// whom.
type Redirection struct {
	Reason RedirectReason
	Party  Party // the redirecting party
}

// RecallTypePark is the recall type of a parked call that came back
// unretrieved, the only one the API defines.
const RecallTypePark = "park"

// Recall marks a call that comes back to the user, such as a parked call
// nobody retrieved.
type Recall struct {
	Type  string // RecallTypePark
	Party Party  // where the call was parked
}
