package office

import (
	"strings"

	"github.com/callboard/callboard/internal/textsafe"
	"github.com/callboard/callboard/webex"
)

// Kind says what a directory entry is.
type Kind string

// The kinds of entry.
const (
	KindPerson      Kind = "person"
	KindPlace       Kind = "place"        // a workspace: a lobby phone, a meeting room
	KindVirtualLine Kind = "virtual line" // a number without a person: the main line
	KindPark        Kind = "park"         // a call park extension
	KindSpeedDial   Kind = "speed dial"   // a monitored speed dial
)

// Entry is someone or something the operator can call or send a call to.
// Every text field is printable: entries are built from what the network
// sent, through textsafe.
type Entry struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	Extension string `json:"extension,omitempty"`
	Number    string `json:"number,omitempty"`
	Kind      Kind   `json:"kind"`
	Location  string `json:"location,omitempty"`
	Email     string `json:"email,omitempty"`
}

// Dest is what to send to reach the entry: its extension, else its number;
// "" when it has neither (a person without a phone).
func (e Entry) Dest() string {
	if e.Extension != "" {
		return e.Extension
	}
	return e.Number
}

// Label names the entry with what reaches it: "Priya Shah (103)".
func (e Entry) Label() string {
	if d := e.Dest(); d != "" {
		return e.Name + " (" + d + ")"
	}
	return e.Name
}

// Detail is the entry's numbers, kind and location in one line: "103 ·
// +14155550103 · person · San Francisco".
func (e Entry) Detail() string {
	var parts []string
	for _, p := range []string{e.Extension, e.Number, string(e.Kind), e.Location} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, " · ")
}

// clean makes every field one printable line of bounded length: the
// directory is what the network sent.
func (e Entry) clean() Entry {
	c := func(s string, n int) string { return textsafe.Clip(textsafe.Line(strings.TrimSpace(s)), n) }
	return Entry{
		ID: c(e.ID, 512), Name: c(e.Name, 120), Extension: c(e.Extension, 32), Number: c(e.Number, 40),
		Kind: Kind(c(string(e.Kind), 20)), Location: c(e.Location, 80), Email: c(e.Email, 200),
	}
}

// joinName is a display name, or first and last name when there is none.
func joinName(display, first, last string) string {
	if strings.TrimSpace(display) != "" {
		return display
	}
	return strings.TrimSpace(first + " " + last)
}

// memberKind maps a directory member type.
func memberKind(t webex.MemberType) Kind {
	switch t {
	case webex.MemberPlace:
		return KindPlace
	case webex.MemberVirtualLine:
		return KindVirtualLine
	}
	return KindPerson
}

// FromMember is a directory search result as an entry.
func FromMember(m webex.AvailableMember) Entry {
	number := m.PhoneNumber
	if number == m.Extension {
		number = "" // Webex gives the extension there when there is no number
	}
	return Entry{
		ID: m.ID, Name: joinName(m.DisplayName, m.FirstName, m.LastName), Extension: m.Extension, Number: number,
		Kind: memberKind(m.Type), Location: m.LocationName,
	}.clean()
}

// FromPerson is a People search result as an entry: its work extension and
// number when Webex gives them to a user who is not an administrator.
func FromPerson(p webex.Person) Entry {
	e := Entry{ID: p.ID, Name: joinName(p.DisplayName, p.FirstName, p.LastName), Extension: p.Extension, Kind: KindPerson}
	for _, n := range p.PhoneNumbers {
		switch n.Type {
		case "work_extension":
			if e.Extension == "" {
				e.Extension = n.Value
			}
		case "work", "":
			if e.Number == "" {
				e.Number = n.Value
			}
		}
	}
	if len(p.Emails) > 0 {
		e.Email = p.Emails[0]
	}
	return e.clean()
}

// FromMonitored is a line of the monitoring list as an entry.
func FromMonitored(m webex.MonitoredElement) Entry {
	e := Entry{
		ID: m.ID, Name: joinName(m.DisplayName, m.FirstName, m.LastName), Extension: m.Extension, Number: m.DirectNumber,
		Location: m.LocationName, Email: m.Email, Kind: KindPerson,
	}
	switch m.Type {
	case webex.MonitoredPlace:
		e.Kind = KindPlace
	case webex.MonitoredVirtualLine:
		e.Kind = KindVirtualLine
	case webex.MonitoredCallParkExtension:
		e.Kind = KindPark
	case webex.MonitoredSpeedDial:
		e.Kind = KindSpeedDial
	}
	if e.Name == "" {
		e.Name = m.LineKeyLabel
	}
	if e.Name == "" {
		e.Name = e.Dest()
	}
	return e.clean()
}
