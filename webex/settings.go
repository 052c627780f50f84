package webex

import (
	"context"
	"fmt"
	"net/http"
	"slices"
)

// DoNotDisturb is the user's do not disturb setting.
type DoNotDisturb struct {
	Enabled           bool `json:"enabled"`
	RingSplashEnabled bool `json:"ringSplashEnabled"` // a short tone on the desk phone for each blocked call
	// WebexGoOverrideEnabled lets a Webex Go mobile device ring anyway.
	WebexGoOverrideEnabled bool `json:"webexGoOverrideEnabled"`
}

// DoNotDisturb returns the user's do not disturb setting (GET
// /telephony/config/people/me/settings/doNotDisturb, scope
// spark:telephony_config_read).
func (c *Client) DoNotDisturb(ctx context.Context) (DoNotDisturb, error) {
	var out DoNotDisturb
	_, err := c.do(ctx, "get do not disturb", http.MethodGet, configPath+"/settings/doNotDisturb", nil, nil, &out)
	return out, err
}

// SetDoNotDisturb replaces the user's do not disturb setting (PUT
// /telephony/config/people/me/settings/doNotDisturb, scope
// spark:telephony_config_write). Webex requires every field, so read the
// setting first to change one.
func (c *Client) SetDoNotDisturb(ctx context.Context, d DoNotDisturb) error {
	_, err := c.do(ctx, "set do not disturb", http.MethodPut, configPath+"/settings/doNotDisturb", nil, d, nil)
	return err
}

// ForwardAlways forwards every incoming call.
type ForwardAlways struct {
	Enabled     bool   `json:"enabled"`
	Destination string `json:"destination,omitempty"`
	// RingReminderEnabled plays a short tone on the user's phone for each
	// call forwarded.
	RingReminderEnabled         bool `json:"ringReminderEnabled"`
	DestinationVoicemailEnabled bool `json:"destinationVoicemailEnabled"` // to the destination's voicemail
}

// ForwardBusy forwards incoming calls while the user is busy; it is also the
// shape of business continuity (calls while the user's devices are offline).
type ForwardBusy struct {
	Enabled                     bool   `json:"enabled"`
	Destination                 string `json:"destination,omitempty"`
	DestinationVoicemailEnabled bool   `json:"destinationVoicemailEnabled"`
}

// ForwardNoAnswer forwards incoming calls that ring NumberOfRings times
// unanswered.
type ForwardNoAnswer struct {
	Enabled                     bool   `json:"enabled"`
	Destination                 string `json:"destination,omitempty"`
	NumberOfRings               int    `json:"numberOfRings,omitempty"`          // 2 to 20
	SystemMaxNumberOfRings      int    `json:"systemMaxNumberOfRings,omitempty"` // read only: the most Webex allows
	DestinationVoicemailEnabled bool   `json:"destinationVoicemailEnabled"`
}

// ForwardingRules are the three kinds of call forwarding.
type ForwardingRules struct {
	Always   ForwardAlways   `json:"always"`
	Busy     ForwardBusy     `json:"busy"`
	NoAnswer ForwardNoAnswer `json:"noAnswer"`
}

// CallForwarding is the user's call forwarding (Read My Call Forwarding
// Settings).
type CallForwarding struct {
	CallForwarding     ForwardingRules `json:"callForwarding"`
	BusinessContinuity ForwardBusy     `json:"businessContinuity"`
}

// CallForwarding returns the user's call forwarding (GET
// /telephony/config/people/me/settings/callForwarding, scope
// spark:telephony_config_read).
func (c *Client) CallForwarding(ctx context.Context) (CallForwarding, error) {
	var out CallForwarding
	_, err := c.do(ctx, "get call forwarding", http.MethodGet, configPath+"/settings/callForwarding", nil, nil, &out)
	return out, err
}

// SetCallForwarding replaces the user's call forwarding (PUT
// /telephony/config/people/me/settings/callForwarding, scope
// spark:telephony_config_write): read it, change what you mean to, send it
// back. SystemMaxNumberOfRings is read only and never sent.
func (c *Client) SetCallForwarding(ctx context.Context, f CallForwarding) error {
	for _, rule := range []struct {
		name    string
		enabled bool
		dest    string
	}{
		{"always", f.CallForwarding.Always.Enabled, f.CallForwarding.Always.Destination},
		{"busy", f.CallForwarding.Busy.Enabled, f.CallForwarding.Busy.Destination},
		{"no answer", f.CallForwarding.NoAnswer.Enabled, f.CallForwarding.NoAnswer.Destination},
		{"business continuity", f.BusinessContinuity.Enabled, f.BusinessContinuity.Destination},
	} {
		if rule.enabled && rule.dest == "" {
			return fmt.Errorf("set call forwarding: %s forwarding is enabled without a destination", rule.name)
		}
	}
	f.CallForwarding.NoAnswer.SystemMaxNumberOfRings = 0
	_, err := c.do(ctx, "set call forwarding", http.MethodPut, configPath+"/settings/callForwarding", nil, f, nil)
	return err
}

// Executive is someone the user assists as an executive assistant. Calls
// for them that reach the user can be pushed to them (Push).
type Executive struct {
	ID           string `json:"id"`
	FirstName    string `json:"firstName,omitempty"`
	LastName     string `json:"lastName,omitempty"`
	DirectNumber string `json:"directNumber,omitempty"`
	Extension    string `json:"extension,omitempty"`
	OptInEnabled bool   `json:"optInEnabled"` // the assistant has opted in to this executive's pool
}

// AssistantSettings is the user's executive assistant settings: the
// executives they assist.
type AssistantSettings struct {
	ForwardFilteredCallsEnabled bool        `json:"forwardFilteredCallsEnabled"`
	ForwardToPhoneNumber        string      `json:"forwardToPhoneNumber,omitempty"`
	Executives                  []Executive `json:"executives"`
}

// AssistantSettings returns the executives the user assists (GET
// /telephony/config/people/me/settings/executive/assistant, scope
// spark:telephony_config_read).
func (c *Client) AssistantSettings(ctx context.Context) (AssistantSettings, error) {
	var out AssistantSettings
	_, err := c.do(ctx, "get executive assistant settings", http.MethodGet, configPath+"/settings/executive/assistant", nil, nil, &out)
	return out, err
}

// Line is a line the user's devices carry besides the user's own: a
// secondary line of a person (an executive's, say), a workspace or a
// virtual line (a main number). Calls on it are listed and acted on with
// OwnerID as lineOwnerId.
type Line struct {
	OwnerID     string     // the lineOwnerId of every call operation on this line
	Type        MemberType // PEOPLE, PLACE or VIRTUAL_LINE
	Name        string     // "" when the directory does not list the owner
	PhoneNumber string
	Extension   string
}

// SecondaryLines lists, once each and in the order the endpoints give them,
// the secondary lines on the user's own endpoints.
func SecondaryLines(endpoints []Endpoint) []SecondaryLine {
	var out []SecondaryLine
	for _, ep := range endpoints {
		for _, sl := range ep.SecondaryLines {
			if sl.ID != "" && !slices.ContainsFunc(out, func(o SecondaryLine) bool { return o.ID == sl.ID }) {
				out = append(out, sl)
			}
		}
	}
	return out
}

// Lines discovers the user's secondary lines and who owns them: the
// secondary lines of the user's endpoints (Endpoints), named from the
// directory (AvailableMembers, unfiltered, which lists people, workspaces
// and virtual lines with their numbers). Both need
// spark:telephony_config_read. A line the directory does not list keeps its
// id and type without a name.
func (c *Client) Lines(ctx context.Context) ([]Line, error) {
	endpoints, err := c.Endpoints(ctx)
	if err != nil {
		return nil, fmt.Errorf("discover lines: %w", err)
	}
	secondary := SecondaryLines(endpoints)
	if len(secondary) == 0 {
		return nil, nil
	}
	members, err := c.AvailableMembers(ctx, MemberQuery{})
	if err != nil {
		return nil, fmt.Errorf("discover lines: name them: %w", err)
	}
	lines := make([]Line, 0, len(secondary))
	for _, sl := range secondary {
		l := Line{OwnerID: sl.ID, Type: sl.MemberType}
		if i := slices.IndexFunc(members, func(m AvailableMember) bool { return m.ID == sl.ID }); i >= 0 {
			m := members[i]
			l.Name, l.PhoneNumber, l.Extension = m.DisplayName, m.PhoneNumber, m.Extension
			if l.Type == "" {
				l.Type = m.Type
			}
		}
		lines = append(lines, l)
	}
	return lines, nil
}
