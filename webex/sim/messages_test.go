package sim

import (
	"net/http"
	"strings"
	"testing"

	"github.com/callboard/callboard/webex"
)

// A message for a colleague arrives, by person id or by address, and the
// control plane shows it; what Webex refuses is refused.
func TestCreateMessage(t *testing.T) {
	h := newHarness(t)
	r := h.do(http.MethodPost, "/v1/messages", webex.MessageRequest{ToPersonID: personID("103"), Text: "Jane Roe called: please call back"})
	if r.status != http.StatusOK {
		t.Fatalf("POST /v1/messages: %d %s", r.status, r.body)
	}
	var got webex.Message
	r.decode(t, &got)
	if got.ID == "" || got.RoomType != "direct" || got.ToPersonEmail != "priya.shah@example.com" || got.Text != "Jane Roe called: please call back" ||
		got.PersonEmail != UserEmail || got.Created.IsZero() {
		t.Errorf("message = %+v", got)
	}
	r = h.do(http.MethodPost, "/v1/messages", webex.MessageRequest{ToPersonEmail: "SAM.RIVERA@example.com", Markdown: "**urgent**"})
	if r.status != http.StatusOK {
		t.Fatalf("by address: %d %s", r.status, r.body)
	}
	var list messageList
	h.get("/_sim/messages", &list)
	if len(list.Items) != 2 || list.Items[0].ToPersonID != personID("103") || list.Items[1].ToPersonID != personID("102") {
		t.Errorf("GET /_sim/messages = %+v, want Priya's then Sam's", list.Items)
	}
	if n := len(h.sim.Messages()); n != 2 {
		t.Errorf("Messages() has %d, want 2", n)
	}
	for name, tc := range map[string]struct {
		req    any
		status int
	}{
		"unknown person": {webex.MessageRequest{ToPersonID: "nobody", Text: "x"}, http.StatusNotFound},
		"a workspace":    {webex.MessageRequest{ToPersonID: placeID("150"), Text: "x"}, http.StatusNotFound},
		"no recipient":   {webex.MessageRequest{Text: "x"}, http.StatusBadRequest},
		"two recipients": {webex.MessageRequest{ToPersonID: personID("103"), ToPersonEmail: "sam.rivera@example.com", Text: "x"}, http.StatusBadRequest},
		"no text":        {webex.MessageRequest{ToPersonID: personID("103")}, http.StatusBadRequest},
		"too long":       {webex.MessageRequest{ToPersonID: personID("103"), Text: strings.Repeat("x", webex.MaxMessageBytes+1)}, http.StatusBadRequest},
		"unknown field":  {map[string]any{"toPersonId": personID("103"), "text": "x", "urgent": true}, http.StatusBadRequest},
	} {
		if r := h.do(http.MethodPost, "/v1/messages", tc.req); r.status != tc.status {
			t.Errorf("%s: %d %s, want %d", name, r.status, r.body, tc.status)
		}
	}
	if r := h.do(http.MethodGet, "/v1/messages", nil); r.status != http.StatusMethodNotAllowed {
		t.Errorf("GET /v1/messages: %d, want 405", r.status)
	}
	if n := len(h.sim.Messages()); n != 2 {
		t.Errorf("refused messages were kept: %d", n)
	}
}
