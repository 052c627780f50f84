package sim

import (
	"net/http"
	"testing"
	"time"

	"github.com/callboard/callboard/webex"
)

// TestTakingACallHoldsTheActiveOne: whatever puts the user on a new call
// (answering, placing a call, retrieving, picking up, barging in, resuming
// another) holds the call they were talking on, as Webex does, so the line
// never shows two connected parties.
func TestTakingACallHoldsTheActiveOne(t *testing.T) {
	tests := []struct {
		name string
		// take puts the user on a new call while the first one is talking,
		// and returns the new call's id.
		take func(h *harness, first string) string
	}{
		{"answer an incoming call", func(h *harness, first string) string {
			return h.answeredInbound("Liam Carter", "+13125550178")
		}},
		{"answer a park recall", func(h *harness, first string) string {
			parked := h.answeredInbound("Emma Novak", "+16175550112")
			h.must(http.StatusOK, "park", webex.ParkRequest{CallID: parked, Destination: "7002"})
			h.advance(DefaultParkRecall)
			var recall string
			for _, c := range h.list() {
				if c.Recall != nil {
					recall = c.ID
				}
			}
			// The first call was held when the parked one was answered;
			// talk on it again before the recall is answered.
			h.must(http.StatusNoContent, "resume", webex.CallRequest{CallID: first})
			h.must(http.StatusNoContent, "answer", webex.AnswerRequest{CallID: recall})
			return recall
		}},
		{"place a call", func(h *harness, first string) string {
			nc := h.newCall("dial", webex.DialRequest{Destination: "103"})
			h.advance(DefaultDeviceAnswerDelay)
			return nc.CallID
		}},
		{"retrieve a parked call", func(h *harness, first string) string {
			parked := h.answeredInbound("Emma Novak", "+16175550112")
			h.must(http.StatusOK, "park", webex.ParkRequest{CallID: parked, Destination: "7001"})
			h.must(http.StatusNoContent, "resume", webex.CallRequest{CallID: first})
			return h.newCall("retrieve", webex.RetrieveRequest{Destination: "7001"}).CallID
		}},
		{"pick up a colleague's call", func(h *harness, first string) string {
			h.inbound(Inbound{Name: "Zoe Adams", Number: "+16465550108", To: "102"})
			return h.newCall("pickup", webex.PickupRequest{Target: "102"}).CallID
		}},
		{"barge in", func(h *harness, first string) string {
			return h.newCall("bargeIn", webex.BargeInRequest{Target: LongCallExtension}).CallID
		}},
		{"resume a held call", func(h *harness, first string) string {
			other := h.answeredInbound("Liam Carter", "+13125550178")
			h.must(http.StatusNoContent, "hold", webex.CallRequest{CallID: other})
			h.must(http.StatusNoContent, "resume", webex.CallRequest{CallID: first})
			h.must(http.StatusNoContent, "resume", webex.CallRequest{CallID: other})
			return other
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, func(o *Options) { o.TalkTime = time.Hour })
			first := h.answeredInbound("Olivia Bennett", "+12065550123")
			h.wantState(first, webex.StateConnected)
			second := tc.take(h, first)
			h.wantState(first, webex.StateHeld)
			if c := h.call(second); c.State == webex.StateHeld {
				t.Errorf("the new call is held too: %+v", c)
			}
			talking := 0
			for _, c := range h.list() {
				if c.State == webex.StateConnected || c.State == webex.StateRemoteHeld {
					talking++
				}
			}
			if talking > 1 {
				t.Errorf("%d calls connected at once: %+v", talking, h.list())
			}
		})
	}
}

// TestRemoteHeldCallIsHeldToo: a call the far end holds is still the one the
// user is on; answering another holds it from the user's side as well, and
// it stays held after the far end resumes.
func TestRemoteHeldCallIsHeldToo(t *testing.T) {
	h := newHarness(t)
	first := h.answeredInbound("Olivia Bennett", "+12065550123")
	h.remote(first, RemoteHold)
	h.wantState(first, webex.StateRemoteHeld)
	h.answeredInbound("Liam Carter", "+13125550178")
	h.wantState(first, webex.StateHeld)
	h.remote(first, RemoteResume)
	h.wantState(first, webex.StateHeld)
}

// TestHeldCallsStayHeld: taking a new call touches only the call the user
// was talking on; calls already held, ringing or connecting keep their
// state, and nothing is resumed when the new call ends.
func TestHeldCallsStayHeld(t *testing.T) {
	h := newHarness(t)
	held := h.answeredInbound("Olivia Bennett", "+12065550123")
	h.must(http.StatusNoContent, "hold", webex.CallRequest{CallID: held})
	ringing := h.inbound(Inbound{Name: "Emma Novak", Number: "+16175550112"})
	out := h.newCall("dial", webex.DialRequest{Destination: NoAnswerNumber})
	h.advance(DefaultDeviceAnswerDelay)
	h.wantState(out.CallID, webex.StateConnecting)
	talking := h.answeredInbound("Liam Carter", "+13125550178")
	h.wantState(held, webex.StateHeld)
	h.wantState(ringing, webex.StateAlerting)
	h.wantState(out.CallID, webex.StateConnecting)
	h.must(http.StatusNoContent, "hangup", webex.CallRequest{CallID: talking})
	h.advance(time.Second)
	h.wantState(held, webex.StateHeld)
}
