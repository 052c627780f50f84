package webex_test

import (
	"context"
	"strings"
	"testing"
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
