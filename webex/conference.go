package webex

import (
	"context"
	"errors"
	"fmt"
	"net/http"
)

// conferencePath is the root of the Conference Controls.
const conferencePath = "/telephony/conference"

// ConferenceState is the host's place in a conference.
type ConferenceState string

// The conference states Webex reports.
const (
	ConferenceConnected    ConferenceState = "connected"    // the host is an active participant
	ConferenceHeld         ConferenceState = "held"         // the host has held the conference
	ConferenceDisconnected ConferenceState = "disconnected" // the conference has been released
)

// ConferenceType names a conference that is not an ordinary one.
type ConferenceType string

// The conference types Webex reports.
const (
	ConferenceBargeIn          ConferenceType = "bargeIn"
	ConferenceSilentMonitoring ConferenceType = "silentMonitoring"
	ConferenceCoaching         ConferenceType = "coaching"
)

// ConferenceParticipant is one call in a conference.
type ConferenceParticipant struct {
	CallID   string `json:"callId"`
	Muted    bool   `json:"muted"`    // the participant is not heard
	Deafened bool   `json:"deafened"` // the participant does not hear the conference
}

// Conference is the user's conference (Get Conference Details). Webex
// answers an empty object when there is none: then Active is false.
type Conference struct {
	State        ConferenceState         `json:"state,omitempty"`
	Appearance   int                     `json:"appearance,omitempty"`
	Created      Timestamp               `json:"created,omitzero"`
	Muted        bool                    `json:"muted"` // the host is muted
	Type         ConferenceType          `json:"type,omitempty"`
	Participants []ConferenceParticipant `json:"participants,omitempty"`
}

// Active reports whether there is a conference that has not been released.
func (c Conference) Active() bool { return c.State != "" && c.State != ConferenceDisconnected }

// ConferenceStartRequest joins two or more of the user's calls into a
// conference.
type ConferenceStartRequest struct {
	CallIDs     []string `json:"callIds"`
	LineOwnerID string   `json:"lineOwnerId,omitempty"`
}

// ConferenceCallRequest names the call to add to the conference.
type ConferenceCallRequest struct {
	CallID      string `json:"callId"`
	LineOwnerID string `json:"lineOwnerId,omitempty"`
}

// participantRequest names a participant to mute, unmute, deafen or
// undeafen; an empty CallID means the host (mute and unmute only).
type participantRequest struct {
	CallID string `json:"callId,omitempty"`
}

// StartConference joins calls into a conference (POST /telephony/conference,
// scope spark:calls_write).
func (c *Client) StartConference(ctx context.Context, req ConferenceStartRequest) error {
	if len(req.CallIDs) < 2 {
		return fmt.Errorf("start conference: %d call ids; a conference needs at least two", len(req.CallIDs))
	}
	_, err := c.do(ctx, "start conference", http.MethodPost, conferencePath, nil, req, nil)
	return err
}

// Conference returns the user's conference on the line of lineOwnerID (""
// for their own line): a zero Conference when there is none (GET
// /telephony/conference, scope spark:calls_read).
func (c *Client) Conference(ctx context.Context, lineOwnerID string) (Conference, error) {
	var out Conference
	_, err := c.do(ctx, "get conference", http.MethodGet, conferencePath, lineOwnerQuery(lineOwnerID), nil, &out)
	return out, err
}

// ReleaseConference ends the conference and every call in it (DELETE
// /telephony/conference, scope spark:calls_write). To leave the others
// talking, transfer the two remaining calls to each other instead.
func (c *Client) ReleaseConference(ctx context.Context, lineOwnerID string) error {
	_, err := c.do(ctx, "release conference", http.MethodDelete, conferencePath, lineOwnerQuery(lineOwnerID), nil, nil)
	return err
}

// AddConferenceParticipant adds one of the user's calls to the conference
// (POST /telephony/conference/addParticipant, scope spark:calls_write).
func (c *Client) AddConferenceParticipant(ctx context.Context, req ConferenceCallRequest) error {
	if req.CallID == "" {
		return errors.New("add to conference: no call id")
	}
	_, err := c.do(ctx, opFor("add to conference", req.CallID), http.MethodPost, conferencePath+"/addParticipant", nil, req, nil)
	return err
}

// MuteConference mutes a participant, or the host when callID is "" (POST
// /telephony/conference/mute, scope spark:calls_write).
func (c *Client) MuteConference(ctx context.Context, callID string) error {
	return c.participant(ctx, "mute in conference", "mute", callID, true)
}

// UnmuteConference unmutes a participant, or the host when callID is ""
// (POST /telephony/conference/unmute, scope spark:calls_write).
func (c *Client) UnmuteConference(ctx context.Context, callID string) error {
	return c.participant(ctx, "unmute in conference", "unmute", callID, true)
}

// DeafenParticipant stops sending the conference to a participant (POST
// /telephony/conference/deafen, scope spark:calls_write).
func (c *Client) DeafenParticipant(ctx context.Context, callID string) error {
	return c.participant(ctx, "deafen in conference", "deafen", callID, false)
}

// UndeafenParticipant sends the conference to a participant again (POST
// /telephony/conference/undeafen, scope spark:calls_write).
func (c *Client) UndeafenParticipant(ctx context.Context, callID string) error {
	return c.participant(ctx, "undeafen in conference", "undeafen", callID, false)
}

// participant sends a participant action; hostAllowed says whether an empty
// callID (the host) is meaningful.
func (c *Client) participant(ctx context.Context, verb, action, callID string, hostAllowed bool) error {
	if callID == "" && !hostAllowed {
		return fmt.Errorf("%s: no call id", verb)
	}
	var body any
	if callID != "" {
		body = participantRequest{CallID: callID}
	}
	_, err := c.do(ctx, opFor(verb, callID), http.MethodPost, conferencePath+"/"+action, nil, body, nil)
	return err
}

// HoldConference holds the conference host: the others keep talking (POST
// /telephony/conference/hold, scope spark:calls_write).
func (c *Client) HoldConference(ctx context.Context, lineOwnerID string) error {
	_, err := c.do(ctx, "hold conference", http.MethodPost, conferencePath+"/hold", lineOwnerQuery(lineOwnerID), nil, nil)
	return err
}

// ResumeConference brings the held host back into the conference (POST
// /telephony/conference/resume, scope spark:calls_write).
func (c *Client) ResumeConference(ctx context.Context, lineOwnerID string) error {
	_, err := c.do(ctx, "resume conference", http.MethodPost, conferencePath+"/resume", lineOwnerQuery(lineOwnerID), nil, nil)
	return err
}
