package sim

import (
	"slices"

	"github.com/callboard/callboard/webex"
)

// Colleague statuses in State.
const (
	ColleagueIdle    = "idle"
	ColleagueRinging = "ringing" // a pickup target
	ColleagueOnCall  = "onCall"  // a barge-in target
)

// State is a snapshot of the simulated world (GET /_sim/state), for tests
// and for watching a demo. It is not part of the Webex API.
type State struct {
	Now          webex.Timestamp  `json:"now"`          // the simulated time of the snapshot
	Calls        []webex.Call     `json:"calls"`        // the user's calls, as List Calls shows them
	IgnoredCalls []webex.Call     `json:"ignoredCalls"` // rejected with "ignore": the caller still hears ringback
	Colleagues   []ColleagueState `json:"colleagues"`   // every colleague, in directory order (101-108 first)
	Parked       []ParkedCall     `json:"parked"`       // calls waiting in park, oldest first
	// Lines are the user's secondary lines with their calls, as List Calls
	// with each lineOwnerId shows them.
	Lines []LineState `json:"lines"`
	// Agent is the user's call queue agent state; Queues are their queues
	// with the callers waiting, as List Call Queue Calls shows them.
	Agent  webex.AgentACDState `json:"agent"`
	Queues []QueueState        `json:"queues"`
	// Conferences are the conferences in progress, by lineOwnerId ("" for
	// the user's own line).
	Conferences map[string]webex.Conference `json:"conferences"`
	// WrapUp is the user's last completed call and the reasons set for it.
	WrapUp WrapUpState `json:"wrapUp"`
	// DoNotDisturb and CallForwarding are the user's settings.
	DoNotDisturb   webex.DoNotDisturb   `json:"doNotDisturb"`
	CallForwarding webex.CallForwarding `json:"callForwarding"`
	// PendingEvents is the number of scheduled timers.
	PendingEvents int `json:"pendingEvents"`
	// History is how many records each history type keeps.
	History map[webex.HistoryType]int `json:"history"`
	// RequestLog is how many /v1 requests the request log keeps.
	RequestLog int `json:"requestLog"`
	// Delayed is how many /v1 requests are waiting out an injected latency.
	Delayed int `json:"delayed"`
}

// ColleagueState is what a colleague is doing.
type ColleagueState struct {
	Name        string `json:"name"`
	Extension   string `json:"extension"`
	Number      string `json:"number"`      // E.164
	PersonID    string `json:"personId"`    // their People id, and memberId for List Calls by Member ID
	Location    string `json:"location"`    // San Francisco or Austin
	PickupGroup bool   `json:"pickupGroup"` // in the user's call pickup group
	// Presence is what GET /v1/people/{personId} says of them now.
	Presence webex.Presence `json:"presence"`
	// Status is their line: idle, ringing (a pickup target) or onCall (on
	// their own call, a barge-in target, or on a call with the user).
	Status        string       `json:"status"`
	CallID        string       `json:"callId,omitempty"`        // the call on their line, for /_sim/calls/{callId}/remote
	CallSessionID string       `json:"callSessionId,omitempty"` // shared by a pickup or barge-in of that call
	Caller        *webex.Party `json:"caller,omitempty"`        // who the colleague is talking to, or who rings them
	// Since is when the colleague's phone started ringing, or when they answered.
	Since webex.Timestamp `json:"since,omitzero"`
}

// LineState is one of the user's secondary lines.
type LineState struct {
	OwnerID   string       `json:"ownerId"` // the lineOwnerId
	Name      string       `json:"name"`
	Extension string       `json:"extension"`
	Calls     []webex.Call `json:"calls"`
}

// QueueState is one of the user's call queues.
type QueueState struct {
	ID        string            `json:"id"`
	Name      string            `json:"name"`
	Extension string            `json:"extension"`
	Joined    bool              `json:"joined"`
	Callers   []webex.QueueCall `json:"callers"`
}

// WrapUpState is the user's last completed call, for wrap-up.
type WrapUpState struct {
	CallID    string   `json:"callId,omitempty"`
	FromQueue bool     `json:"fromQueue"`
	Reasons   []string `json:"reasons,omitempty"`
}

// ParkedCall is a call waiting in park.
type ParkedCall struct {
	CallID        string          `json:"callId"`        // the id the call had before it was parked
	CallSessionID string          `json:"callSessionId"` // kept by the retrieved or recalled call
	ParkedAgainst webex.Party     `json:"parkedAgainst"` // where it is parked
	RemoteParty   webex.Party     `json:"remoteParty"`   // who is waiting
	Since         webex.Timestamp `json:"since"`         // when it was parked
}

// snapshot describes the engine's world.
func (e *engine) snapshot() State {
	st := State{
		Now:            webex.NewTimestamp(e.now),
		Calls:          e.wireCalls(""),
		IgnoredCalls:   []webex.Call{},
		Colleagues:     []ColleagueState{},
		Parked:         []ParkedCall{},
		PendingEvents:  e.timers.len(),
		Lines:          []LineState{},
		Agent:          e.agent,
		Queues:         []QueueState{},
		Conferences:    map[string]webex.Conference{},
		WrapUp:         WrapUpState{CallID: e.lastCall.callID, FromQueue: e.lastCall.fromQueue, Reasons: e.lastCall.reasons},
		DoNotDisturb:   e.dnd,
		CallForwarding: e.fwd,
		History: map[webex.HistoryType]int{
			webex.HistoryPlaced:   e.hist.count(webex.HistoryPlaced),
			webex.HistoryMissed:   e.hist.count(webex.HistoryMissed),
			webex.HistoryReceived: e.hist.count(webex.HistoryReceived),
		},
	}
	var hidden []*call
	for _, c := range e.calls {
		if c.hidden {
			hidden = append(hidden, c)
		}
	}
	slices.SortFunc(hidden, bySeq)
	for _, c := range hidden {
		st.IgnoredCalls = append(st.IgnoredCalls, c.wire())
	}
	for _, i := range colleagueIndexes() {
		ent := &directory[i]
		presence, _ := e.presence(ent)
		cs := ColleagueState{Name: ent.name, Extension: ent.extension, Number: ent.number, PersonID: personID(ent.key()),
			Location: ent.location().name, PickupGroup: ent.pickupGroup, Presence: presence, Status: ColleagueIdle}
		if c, ok := e.colleagueLine(ent); ok {
			cs.Status = ColleagueOnCall
			since := c.Answered
			if c.State == webex.StateAlerting {
				cs.Status, since = ColleagueRinging, c.Created
			}
			caller := c.RemoteParty
			cs.CallID, cs.CallSessionID, cs.Caller, cs.Since = c.ID, c.CallSessionID, &caller, since
		}
		st.Colleagues = append(st.Colleagues, cs)
	}
	for _, ext := range secondaryLineExtensions {
		ent := lookupExtension(ext)
		st.Lines = append(st.Lines, LineState{OwnerID: ent.id(), Name: ent.name, Extension: ext, Calls: e.wireCalls(ent.key())})
	}
	for _, q := range e.queues {
		st.Queues = append(st.Queues, QueueState{ID: q.ent.id(), Name: q.ent.name, Extension: q.ent.extension, Joined: q.joined, Callers: e.queueCalls(q)})
	}
	for line, cf := range e.confs {
		st.Conferences[lineOwnerOf(line)] = cf.wire()
	}
	for _, p := range e.parked {
		st.Parked = append(st.Parked, ParkedCall{
			CallID: p.id, CallSessionID: p.session, ParkedAgainst: p.against, RemoteParty: p.remote, Since: webex.NewTimestamp(p.since),
		})
	}
	return st
}

// wireCalls is the List Calls view of a line of the user's ("" for their
// own).
func (e *engine) wireCalls(line string) []webex.Call {
	out := []webex.Call{}
	for _, c := range e.listedOn(line) {
		out = append(out, c.wire())
	}
	return out
}
