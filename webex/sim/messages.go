package sim

import (
	"net/http"
	"slices"

	"github.com/callboard/callboard/webex"
)

// ScopeMessagesWrite sends messages (POST /messages).
const ScopeMessagesWrite = "spark:messages_write"

// maxMessages bounds the messages the simulator keeps for the control
// plane: the oldest go first.
const maxMessages = 500

// createMessage answers Create a Message: a private message to a person of
// the simulated organisation, by person id or address. The message is kept
// (Simulator.Messages, GET /_sim/messages) so tests can read what arrived.
func (e *engine) createMessage(body []byte) reply {
	var req webex.MessageRequest
	if err := decodeJSON(body, &req); err != nil {
		return fail(err)
	}
	var to *entry
	switch {
	case req.ToPersonID != "" && req.ToPersonEmail != "":
		return fail(badRequest("give toPersonId or toPersonEmail, not both"))
	case req.ToPersonID != "":
		to = lookupID(req.ToPersonID)
	case req.ToPersonEmail != "":
		to = lookupEmail(req.ToPersonEmail)
	default:
		return fail(badRequest("a message needs a roomId, toPersonId or toPersonEmail; the simulator serves 1:1 messages only"))
	}
	if to == nil || !to.isPerson() {
		return fail(notFound("Could not find the person the message is for"))
	}
	switch {
	case req.Text == "" && req.Markdown == "":
		return fail(badRequest("a message needs text or markdown"))
	case len(req.Text) > webex.MaxMessageBytes || len(req.Markdown) > webex.MaxMessageBytes:
		return fail(badRequest("the message is longer than %d bytes", webex.MaxMessageBytes))
	}
	me := userEntry()
	msg := webex.Message{
		ID:            encodeID("ciscospark://us/MESSAGE/" + randomUUID(e.rnd)),
		RoomID:        encodeID("ciscospark://us/ROOM/" + nameUUID("direct/"+to.key())),
		RoomType:      "direct",
		ToPersonID:    to.id(),
		ToPersonEmail: to.email,
		Text:          req.Text,
		Markdown:      req.Markdown,
		PersonID:      me.id(),
		PersonEmail:   me.email,
		Created:       webex.NewTimestamp(e.now),
	}
	e.messages = append(e.messages, msg)
	if n := len(e.messages); n > maxMessages {
		e.messages = slices.Delete(e.messages, 0, n-maxMessages)
	}
	return ok(http.StatusOK, msg)
}

// messageList is the body of GET /_sim/messages.
type messageList struct {
	Items []webex.Message `json:"items"`
}

// Messages returns the messages sent so far, oldest first (at most the
// last 500).
func (s *Simulator) Messages() []webex.Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.eng.messages)
}
