package webex

import (
	"context"
	"errors"
	"fmt"
	"net/http"
)

// messagesPath is the root of Webex Messaging's messages.
const messagesPath = "/messages"

// MaxMessageBytes is the longest text (or Markdown) Create a Message accepts.
const MaxMessageBytes = 7439

// MessageRequest is a Create a Message request for a private 1:1 message:
// give the recipient's person id or e-mail address, and the text.
type MessageRequest struct {
	ToPersonID    string `json:"toPersonId,omitempty"`
	ToPersonEmail string `json:"toPersonEmail,omitempty"`
	Text          string `json:"text,omitempty"`
	Markdown      string `json:"markdown,omitempty"`
}

// Message is a message Webex accepted.
type Message struct {
	ID            string    `json:"id"`
	RoomID        string    `json:"roomId,omitempty"`
	RoomType      string    `json:"roomType,omitempty"`
	ToPersonID    string    `json:"toPersonId,omitempty"`
	ToPersonEmail string    `json:"toPersonEmail,omitempty"`
	Text          string    `json:"text,omitempty"`
	Markdown      string    `json:"markdown,omitempty"`
	PersonID      string    `json:"personId,omitempty"`
	PersonEmail   string    `json:"personEmail,omitempty"`
	Created       Timestamp `json:"created,omitzero"`
}

// CreateMessage sends a private message to a person (POST /messages, scope
// spark:messages_write): the console takes a message for a colleague and
// hands it on. A request without a recipient, without text, or longer than
// MaxMessageBytes is refused before anything is sent.
func (c *Client) CreateMessage(ctx context.Context, req MessageRequest) (Message, error) {
	switch {
	case req.ToPersonID == "" && req.ToPersonEmail == "":
		return Message{}, errors.New("create message: no recipient")
	case req.ToPersonID != "" && req.ToPersonEmail != "":
		return Message{}, errors.New("create message: give the person id or the e-mail address, not both")
	case req.Text == "" && req.Markdown == "":
		return Message{}, errors.New("create message: no text")
	case len(req.Text) > MaxMessageBytes || len(req.Markdown) > MaxMessageBytes:
		return Message{}, fmt.Errorf("create message: longer than %d bytes", MaxMessageBytes)
	}
	var out Message
	if _, err := c.do(ctx, "create message", http.MethodPost, messagesPath, nil, req, &out); err != nil {
		return Message{}, err
	}
	return out, nil
}
