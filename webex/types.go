package webex

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"
)

// Personality is the user's role in a call.
type Personality string

// The personalities the API reports.
const (
	PersonalityOriginator  Personality = "originator"  // an outgoing call placed by the user
	PersonalityTerminator  Personality = "terminator"  // an incoming call
	PersonalityClickToDial Personality = "clickToDial" // the user's devices alert for a Dial; becomes originator once answered
)

// CallState is the state of a call as the API reports it.
type CallState string

// The call states the API reports.
const (
	StateConnecting   CallState = "connecting"   // the remote party is being alerted
	StateAlerting     CallState = "alerting"     // the user's devices are alerting (incoming or click-to-dial)
	StateConnected    CallState = "connected"    // talking
	StateHeld         CallState = "held"         // the user held the call
	StateRemoteHeld   CallState = "remoteHeld"   // the remote party (same org) held the call
	StateDisconnected CallState = "disconnected" // the call has ended
)

// CallType classifies a party relative to the user.
type CallType string

// The call types the API reports.
const (
	CallTypeLocation     CallType = "location"     // same location
	CallTypeOrganization CallType = "organization" // same organisation, another location
	CallTypeExternal     CallType = "external"     // outside the organisation
	CallTypeEmergency    CallType = "emergency"
	CallTypeRepair       CallType = "repair"
	CallTypeOther        CallType = "other" // a feature access code, for example
)

// RedirectionReason says why an incoming call was redirected.
type RedirectionReason string

// The redirection reasons the API reports.
const (
	ReasonBusy          RedirectionReason = "busy"
	ReasonNoAnswer      RedirectionReason = "noAnswer"
	ReasonUnavailable   RedirectionReason = "unavailable"
	ReasonUnconditional RedirectionReason = "unconditional"
	ReasonTimeOfDay     RedirectionReason = "timeOfDay"
	ReasonDivert        RedirectionReason = "divert"
	ReasonFollowMe      RedirectionReason = "followMe"
	ReasonHuntGroup     RedirectionReason = "huntGroup"
	ReasonCallQueue     RedirectionReason = "callQueue"
	ReasonUnknown       RedirectionReason = "unknown"
)

// RecordingState is the state of a call's recording.
type RecordingState string

// The recording states the API reports.
const (
	RecordingPending RecordingState = "pending"
	RecordingStarted RecordingState = "started"
	RecordingPaused  RecordingState = "paused"
	RecordingStopped RecordingState = "stopped"
	RecordingFailed  RecordingState = "failed"
)

// RecallTypePark is the only recall type the API defines.
const RecallTypePark = "park"

// HistoryType selects call history records.
type HistoryType string

// The history record types.
const (
	HistoryPlaced   HistoryType = "placed"
	HistoryMissed   HistoryType = "missed"
	HistoryReceived HistoryType = "received"
)

// RejectAction says how a rejected call is treated.
type RejectAction string

// The reject actions the API accepts.
const (
	RejectBusy                   RejectAction = "busy"
	RejectTemporarilyUnavailable RejectAction = "temporarilyUnavailable"
	RejectIgnore                 RejectAction = "ignore"
)

// timestampLayout is how Webex writes times: UTC with milliseconds.
const timestampLayout = "2006-01-02T15:04:05.000Z"

// Timestamp is an ISO-8601 time as Webex writes it ("2016-04-21T17:00:00.000Z").
// It decodes any RFC 3339 time that falls within the years 0000 to 9999 in
// UTC, treats "" and null as absent, and encodes in Webex's millisecond UTC
// form.
type Timestamp struct{ time.Time }

// NewTimestamp wraps t.
func NewTimestamp(t time.Time) Timestamp { return Timestamp{t} }

// MarshalJSON writes the time in Webex's form.
func (t Timestamp) MarshalJSON() ([]byte, error) {
	if t.IsZero() {
		return []byte("null"), nil
	}
	return []byte(`"` + t.UTC().Format(timestampLayout) + `"`), nil
}

// UnmarshalJSON reads an RFC 3339 time; "" and null leave the time zero.
func (t *Timestamp) UnmarshalJSON(data []byte) error {
	if bytes.Equal(data, []byte("null")) {
		*t = Timestamp{}
		return nil
	}
	var s string
	if err := json.Unmarshal(data, &s); err != nil {
		return fmt.Errorf("timestamp: %w", err)
	}
	if s == "" {
		*t = Timestamp{}
		return nil
	}
	parsed, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return fmt.Errorf("timestamp %q: %w", s, err)
	}
	// Refuse what MarshalJSON could not write back: an offset can carry a
	// time into year 10000 or -1 in UTC, which has no four-digit form.
	if y := parsed.UTC().Year(); y < 0 || y > 9999 {
		return fmt.Errorf("timestamp %q: outside the years 0000 to 9999 in UTC", s)
	}
	*t = Timestamp{parsed}
	return nil
}

// Party describes one end of a call. Name, number and ids are absent when
// privacy is enabled or the information is not available.
type Party struct {
	Name           string   `json:"name,omitempty"`
	Number         string   `json:"number,omitempty"`
	PersonID       string   `json:"personId,omitempty"`
	PlaceID        string   `json:"placeId,omitempty"`
	PrivacyEnabled bool     `json:"privacyEnabled"`
	CallType       CallType `json:"callType,omitempty"`
}

// Redirection is one earlier redirection of an incoming call.
type Redirection struct {
	Reason           RedirectionReason `json:"reason,omitempty"`
	RedirectingParty Party             `json:"redirectingParty"`
}

// Recall marks a call that comes back to the user, such as an unretrieved park.
type Recall struct {
	Type  string `json:"type"`
	Party *Party `json:"party,omitempty"`
}

// Call is an active call as List Calls and Get Call Details return it.
type Call struct {
	ID             string         `json:"id"`
	CallSessionID  string         `json:"callSessionId"`
	Personality    Personality    `json:"personality"`
	State          CallState      `json:"state"`
	RemoteParty    Party          `json:"remoteParty"`
	Appearance     int            `json:"appearance,omitempty"` // 0: none assigned
	Created        Timestamp      `json:"created"`
	Answered       Timestamp      `json:"answered,omitzero"`
	Redirections   []Redirection  `json:"redirections,omitempty"` // most recent first; only while alerting
	Recall         *Recall        `json:"recall,omitempty"`
	RecordingState RecordingState `json:"recordingState,omitempty"`
	MuteCapable    bool           `json:"muteCapable"`
	Muted          bool           `json:"muted"`
}

// UnmarshalJSON decodes a call, accepting "callId" where "id" is absent (the
// webhook payloads and some older documents use that name).
func (c *Call) UnmarshalJSON(data []byte) error {
	type plain Call
	var aux struct {
		plain
		CallID string `json:"callId"`
	}
	if err := json.Unmarshal(data, &aux); err != nil {
		return err
	}
	*c = Call(aux.plain)
	if c.ID == "" {
		c.ID = aux.CallID
	}
	return nil
}

// HistoryRecord is one entry of the user's call history.
type HistoryRecord struct {
	Type           HistoryType `json:"type"`
	Name           string      `json:"name,omitempty"`
	Number         string      `json:"number,omitempty"`
	PrivacyEnabled bool        `json:"privacyEnabled"`
	Time           Timestamp   `json:"time"` // placed: when placed; missed: when disconnected; received: when answered
}

// NewCall identifies the call an action created (201 responses).
type NewCall struct {
	CallID        string `json:"callId"`
	CallSessionID string `json:"callSessionId"`
}

// ParkResult tells where a call was parked; its number is the destination to retrieve it.
type ParkResult struct {
	ParkedAgainst Party `json:"parkedAgainst"`
}

// Person is a person as the People API returns it (the fields callboard
// uses): GET /people/me, GET /people/{personId} and the items of GET /people.
type Person struct {
	ID           string        `json:"id"`
	DisplayName  string        `json:"displayName,omitempty"`
	FirstName    string        `json:"firstName,omitempty"`
	LastName     string        `json:"lastName,omitempty"`
	Emails       []string      `json:"emails,omitempty"`
	PhoneNumbers []PhoneNumber `json:"phoneNumbers,omitempty"`
	Extension    string        `json:"extension,omitempty"`
	LocationID   string        `json:"locationId,omitempty"`
	OrgID        string        `json:"orgId,omitempty"`
	// Status and LastActivity are the person's presence; Webex leaves them
	// out for a lookup by id, for people of other organisations and when
	// the person does not share their status.
	Status       Presence  `json:"status,omitempty"`
	LastActivity Timestamp `json:"lastActivity,omitzero"`
}

// PhoneNumber is one of a person's numbers. Type is work, work_extension,
// mobile or fax.
type PhoneNumber struct {
	Type    string `json:"type,omitempty"`
	Value   string `json:"value"`
	Primary bool   `json:"primary,omitempty"`
}

// Presence is a person's status as the People API reports it.
type Presence string

// The presence statuses the People API reports. Do not disturb, meeting, out
// of office and presenting outrank call: a person in a meeting who is also on
// a call shows "meeting", so a status other than PresenceCall does not prove
// the line is idle.
const (
	PresenceActive       Presence = "active"       // active within the last 10 minutes
	PresenceCall         Presence = "call"         // on a call
	PresenceDoNotDisturb Presence = "DoNotDisturb" // set "do not disturb" by hand
	PresenceInactive     Presence = "inactive"     // last active more than 10 minutes ago
	PresenceMeeting      Presence = "meeting"      // in a meeting
	PresenceOutOfOffice  Presence = "OutOfOffice"  // out of office (set by the person or their calendar)
	PresencePending      Presence = "pending"      // never signed in
	PresencePresenting   Presence = "presenting"   // sharing content
	PresenceUnknown      Presence = "unknown"      // Webex could not tell
)

// PeopleList is the List People response.
type PeopleList struct {
	Items       []Person `json:"items"`
	NotFoundIDs []string `json:"notFoundIds,omitempty"`
}

// DialRequest places a click-to-dial call. EndpointID and
// SingleNumberReachPhoneNumber are mutually exclusive.
type DialRequest struct {
	Destination                  string `json:"destination"`
	EndpointID                   string `json:"endpointId,omitempty"`
	SingleNumberReachPhoneNumber string `json:"singleNumberReachPhoneNumber,omitempty"`
	LineOwnerID                  string `json:"lineOwnerId,omitempty"`
}

// AnswerRequest answers an incoming call, on EndpointID or the primary device.
type AnswerRequest struct {
	CallID      string `json:"callId"`
	EndpointID  string `json:"endpointId,omitempty"`
	LineOwnerID string `json:"lineOwnerId,omitempty"`
}

// RejectRequest rejects an unanswered incoming call; Action defaults to busy.
type RejectRequest struct {
	CallID      string       `json:"callId"`
	Action      RejectAction `json:"action,omitempty"`
	LineOwnerID string       `json:"lineOwnerId,omitempty"`
}

// CallRequest names the call for actions that take nothing else: hangup,
// hold, resume, mute, unmute, push and the four recording actions.
type CallRequest struct {
	CallID      string `json:"callId"`
	LineOwnerID string `json:"lineOwnerId,omitempty"`
}

// DivertRequest diverts a call to Destination, or to voicemail (the user's own
// when Destination is empty).
type DivertRequest struct {
	CallID      string `json:"callId"`
	Destination string `json:"destination,omitempty"`
	ToVoicemail bool   `json:"toVoicemail,omitempty"`
	LineOwnerID string `json:"lineOwnerId,omitempty"`
}

// TransferRequest joins two calls (CallID1 and CallID2, or both empty when the
// user has exactly two) or "mute transfers" CallID1 to Destination.
type TransferRequest struct {
	CallID1     string `json:"callId1,omitempty"`
	CallID2     string `json:"callId2,omitempty"`
	Destination string `json:"destination,omitempty"`
	LineOwnerID string `json:"lineOwnerId,omitempty"`
}

// ParkRequest parks a connected call against Destination, the user, or
// (IsGroupPark) a member of the user's call park group.
type ParkRequest struct {
	CallID      string `json:"callId"`
	Destination string `json:"destination,omitempty"`
	IsGroupPark bool   `json:"isGroupPark,omitempty"`
	LineOwnerID string `json:"lineOwnerId,omitempty"`
}

// RetrieveRequest retrieves a call parked against Destination (default: the user).
type RetrieveRequest struct {
	Destination                  string `json:"destination,omitempty"`
	EndpointID                   string `json:"endpointId,omitempty"`
	SingleNumberReachPhoneNumber string `json:"singleNumberReachPhoneNumber,omitempty"`
	LineOwnerID                  string `json:"lineOwnerId,omitempty"`
}

// DTMFRequest sends DTMF digits (0-9 * # A-D, "," pauses) on a connected call.
type DTMFRequest struct {
	CallID      string `json:"callId"`
	DTMF        string `json:"dtmf"`
	LineOwnerID string `json:"lineOwnerId,omitempty"`
}

// PickupRequest picks up a call ringing for Target, or in the user's pickup
// group when Target is empty.
type PickupRequest struct {
	Target                       string `json:"target,omitempty"`
	EndpointID                   string `json:"endpointId,omitempty"`
	SingleNumberReachPhoneNumber string `json:"singleNumberReachPhoneNumber,omitempty"`
	LineOwnerID                  string `json:"lineOwnerId,omitempty"`
}

// BargeInRequest joins Target's answered call.
type BargeInRequest struct {
	Target                       string `json:"target"`
	EndpointID                   string `json:"endpointId,omitempty"`
	SingleNumberReachPhoneNumber string `json:"singleNumberReachPhoneNumber,omitempty"`
	LineOwnerID                  string `json:"lineOwnerId,omitempty"`
}

// PullRequest moves the user's call to EndpointID.
type PullRequest struct {
	EndpointID  string `json:"endpointId,omitempty"`
	LineOwnerID string `json:"lineOwnerId,omitempty"`
}

// CallList is the List Calls response.
type CallList struct {
	Items []Call `json:"items"`
}

// HistoryList is the List Call History response.
type HistoryList struct {
	Items []HistoryRecord `json:"items"`
}

// ErrorBody is Webex's error envelope.
type ErrorBody struct {
	Message    string        `json:"message"`
	Errors     []ErrorDetail `json:"errors,omitempty"`
	TrackingID string        `json:"trackingId,omitempty"`
}

// ErrorDetail is one entry of ErrorBody.Errors.
type ErrorDetail struct {
	Description string `json:"description"`
	ErrorCode   int    `json:"errorCode,omitempty"`
}
