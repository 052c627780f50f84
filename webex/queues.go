package webex

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"time"
)

// queueSettingsPath is where the user's call queue membership lives.
const queueSettingsPath = configPath + "/settings/queues"

// AgentACDState is a call queue agent's state: whether queues offer the
// agent calls.
type AgentACDState string

// The agent states Webex knows.
const (
	AgentSignIn      AgentACDState = "SIGN_IN"     // signed in, not yet available
	AgentSignOut     AgentACDState = "SIGN_OUT"    // signed out: no queue calls
	AgentAvailable   AgentACDState = "AVAILABLE"   // queues offer calls
	AgentUnavailable AgentACDState = "UNAVAILABLE" // signed in, but no queue calls
	AgentWrapUp      AgentACDState = "WRAP_UP"     // finishing the last queue call: no queue calls yet
)

// QueueMembership is one call queue the user is an agent of. Webex gives no
// queue name here: see QueueCall.QueueName, the redirection of an offered
// call (its redirecting party is the queue), or the queue's number and
// extension in a directory.
type QueueMembership struct {
	ID              string `json:"id"`
	HasCxEssentials bool   `json:"hasCxEssentials"`
	// Available reports that the agent has joined the queue: it offers them
	// calls whenever their agent state is AVAILABLE.
	Available          bool   `json:"available"`
	SkillLevel         int    `json:"skillLevel,omitempty"`
	PhoneNumber        string `json:"phoneNumber,omitempty"`
	Extension          string `json:"extension,omitempty"`
	AllowLogOffEnabled bool   `json:"allowLogOffEnabled"` // the agent may leave (and join) the queue
}

// QueueSettings is the user's agent state and call queues (Get My Call Center
// Settings).
type QueueSettings struct {
	AgentACDState AgentACDState     `json:"agentACDState,omitempty"`
	Queues        []QueueMembership `json:"queues"`
}

// QueueJoin joins (Available true) or leaves one queue.
type QueueJoin struct {
	ID        string `json:"id"`
	Available bool   `json:"available"`
}

// QueueSettingsUpdate changes the agent state, joins and leaves queues; the
// zero value of a field leaves that part alone.
type QueueSettingsUpdate struct {
	AgentACDState AgentACDState `json:"agentACDState,omitempty"`
	Queues        []QueueJoin   `json:"queues,omitempty"`
}

// QueueSettings returns the user's agent state and the call queues they
// belong to (GET /telephony/config/people/me/settings/queues, scope
// spark:telephony_config_read).
func (c *Client) QueueSettings(ctx context.Context) (QueueSettings, error) {
	var out QueueSettings
	_, err := c.do(ctx, "get queue settings", http.MethodGet, queueSettingsPath, nil, nil, &out)
	return out, err
}

// UpdateQueueSettings changes the agent state and joins or leaves queues (PUT
// /telephony/config/people/me/settings/queues, scope
// spark:telephony_config_write).
func (c *Client) UpdateQueueSettings(ctx context.Context, u QueueSettingsUpdate) error {
	if u.AgentACDState == "" && len(u.Queues) == 0 {
		return errors.New("update queue settings: nothing to change")
	}
	_, err := c.do(ctx, "update queue settings", http.MethodPut, queueSettingsPath, nil, u, nil)
	return err
}

// QueuePriority is a waiting call's priority in a premium call queue.
type QueuePriority string

// The queue priorities, highest first.
const (
	PriorityHighest QueuePriority = "highest"
	PriorityHigh    QueuePriority = "high"
	PriorityMedium  QueuePriority = "medium"
	PriorityLow     QueuePriority = "low"
)

// QueueCall is a caller in a call queue (List Call Queue Calls).
type QueueCall struct {
	CallID        string    `json:"callId"`
	OrigCallID    string    `json:"origCallId,omitempty"` // the call that entered the queue, when CallID is a new leg
	CallSessionID string    `json:"callSessionId"`
	RemoteParty   Party     `json:"remoteParty"`
	AddTime       Timestamp `json:"addTime,omitzero"`    // when the call entered this queue
	RemoveTime    Timestamp `json:"removeTime,omitzero"` // when it left, once it has
	// MandatoryEntrance, Bounced and Reordered say how the call got where it
	// is: forced in, offered to an agent who did not answer, moved.
	MandatoryEntrance bool `json:"mandatoryEntrance,omitempty"`
	Bounced           bool `json:"bounced,omitempty"`
	Reordered         bool `json:"reordered,omitempty"`
	// PreservedWaitTimeMs is the wait, in milliseconds, the call brought from
	// another queue: see Waited.
	PreservedWaitTimeMs int64         `json:"preservedWaitTime,omitempty"`
	QueueNumber         string        `json:"queueNumber,omitempty"`
	QueueName           string        `json:"queueName,omitempty"`
	Priority            QueuePriority `json:"priority,omitempty"`
	// The answering agent and their call, once an agent is answering.
	AnsweringAgentID       string     `json:"answeringAgentId,omitempty"`
	AnsweringAgentType     MemberType `json:"answeringAgentType,omitempty"`
	AnsweringCallID        string     `json:"answeringCallId,omitempty"`
	AnsweringNetworkCallID string     `json:"answeringNetworkCallId,omitempty"`
}

// Waited is how long the caller has waited at now: in this queue since
// AddTime, plus the wait preserved from an earlier queue.
func (q QueueCall) Waited(now time.Time) time.Duration {
	d := time.Duration(q.PreservedWaitTimeMs) * time.Millisecond
	if !q.AddTime.IsZero() && now.After(q.AddTime.Time) {
		d += now.Sub(q.AddTime.Time)
	}
	return d
}

// QueueCallList is the List Call Queue Calls response.
type QueueCallList struct {
	Items []QueueCall `json:"items"`
}

// QueueCalls lists the callers waiting in a call queue (GET
// /telephony/queues/{queueId}/calls, scope spark:calls_read). Whether an
// agent's own token may read it is not documented: expect a 403
// (*ScopeError) and carry on without it.
func (c *Client) QueueCalls(ctx context.Context, queueID string) ([]QueueCall, error) {
	if queueID == "" {
		return nil, errors.New("list queue calls: no queue id")
	}
	var out QueueCallList
	path := queuesPath + "/" + url.PathEscape(queueID) + "/calls"
	if _, err := c.do(ctx, "list calls of queue "+queueID, http.MethodGet, path, nil, nil, &out); err != nil {
		return nil, err
	}
	return out.Items, nil
}

// WrapUpRequest is the body of Set Wrap-up Reasons.
type WrapUpRequest struct {
	WrapUpReasons []string `json:"wrapupReasons"`
}

// SetWrapUpReasons tags the user's last completed queue call with reasons
// (POST /telephony/calls/members/me/wrapupreasons, scope spark:calls_write).
func (c *Client) SetWrapUpReasons(ctx context.Context, reasons []string) error {
	if len(reasons) == 0 {
		return errors.New("set wrap-up reasons: no reason given")
	}
	_, err := c.do(ctx, "set wrap-up reasons", http.MethodPost, membersPath+"/me/wrapupreasons", nil, WrapUpRequest{WrapUpReasons: reasons}, nil)
	return err
}
