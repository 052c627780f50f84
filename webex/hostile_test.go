package webex_test

import (
	"context"
	"errors"
	"net"
	"strings"
	"testing"

	"github.com/callboard/callboard/webex"
)

// TestTrackingIDHeaderMadePlain: a Trackingid header with C1 and
// bidirectional characters (bytes >= 0x80 pass net/http) is quoted in the
// decode error as plain text.
func TestTrackingIDHeaderMadePlain(t *testing.T) {
	h := newHarness(t, always(reply{Status: 200, Body: `{"items":[`,
		Header: map[string]string{"Trackingid": "ROUTER_\xc2\x9b31m\xe2\x80\xaeevil\xe2\x81\xa6"}}))
	_, err := h.client.ListCalls(context.Background(), "")
	wantError(t, err)
	for _, r := range err.Error() {
		if r < 0x20 || r >= 0x7f && r <= 0x9f || r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069 {
			t.Fatalf("error holds %U: %q", r, err)
		}
	}
	if want := "tracking ID ROUTER_31mevil"; !strings.Contains(err.Error(), want) {
		t.Errorf("error %q does not name the tracking ID as %q", err, want)
	}
}

// TestBadReplyToldFromOutage: a 200 that cannot be read is a *ReplyError
// (errors.Is ErrBadReply) with its status and tracking ID; a server that
// is not there is not.
func TestBadReplyToldFromOutage(t *testing.T) {
	h := newHarness(t, always(reply{Status: 200, Body: "<html>captive portal</html>",
		Header: map[string]string{"Trackingid": "ROUTER_BAD"}}))
	_, err := h.client.ListCalls(context.Background(), "")
	var bad *webex.ReplyError
	if !errors.As(err, &bad) || !errors.Is(err, webex.ErrBadReply) {
		t.Fatalf("a 200 with HTML: %v, want a *ReplyError", err)
	}
	if bad.StatusCode != 200 || bad.TrackingID != "ROUTER_BAD" || bad.Err == nil {
		t.Errorf("ReplyError %+v, want status 200, tracking ID ROUTER_BAD and the decoding error", bad)
	}
	if want := "list calls: Webex sent a reply callboard cannot read (200 OK): cannot decode it:"; !strings.HasPrefix(err.Error(), want) {
		t.Errorf("error %q, want it to start %q", err, want)
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	c, err := webex.New("http://"+addr+"/v1", staticTokens(testToken))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.ListCalls(context.Background(), ""); err == nil || errors.Is(err, webex.ErrBadReply) {
		t.Errorf("nothing listening: %v, want a network error that is not ErrBadReply", err)
	}
}

// TestCallNotFound: Webex's 400 "Call not found" (errorCode 101002) and a
// 404 saying the same match ErrCallNotFound; other refusals do not.
func TestCallNotFound(t *testing.T) {
	for _, tc := range []struct {
		name   string
		status int
		body   string
		want   bool
	}{
		{"400 with the code and text, as Webex answers", 400,
			`{"message":"Call not found","errors":[{"description":"Call not found","errorCode":101002}],"trackingId":"ROUTER_1"}`, true},
		{"400 with the code alone", 400, `{"message":"Bad Request","errors":[{"description":"The request failed","errorCode":101002}]}`, true},
		{"400 with the text alone", 400, `{"message":"call not found: no active call has that id"}`, true},
		{"404 with the text", 404, `{"message":"Not Found","errors":[{"description":"Call not found"}]}`, true},
		{"404 for something else", 404, `{"message":"Destination not found"}`, false},
		{"404 without an envelope", 404, `<html>Not Found</html>`, false},
		{"400 for a state", 400, `{"message":"Call has not been answered"}`, false},
		{"409 with the text", 409, `{"message":"Call not found"}`, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, always(errorReply(tc.status, tc.body, nil)))
			err := h.client.Hold(context.Background(), webex.CallRequest{CallID: callID})
			wantError(t, err)
			if got := errors.Is(err, webex.ErrCallNotFound); got != tc.want {
				t.Errorf("errors.Is(%v, ErrCallNotFound) = %v, want %v", err, got, tc.want)
			}
		})
	}
}
