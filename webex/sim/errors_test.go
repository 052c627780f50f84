package sim

import (
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/callboard/callboard/webex"
)

// fixture names the calls of the error table's world by role.
type fixture map[string]string

// buildFixture fills h's line with one call in each interesting state.
func buildFixture(h *harness) fixture {
	h.t.Helper()
	f := fixture{}
	f["connecting"] = h.newCall("dial", webex.DialRequest{Destination: NoAnswerNumber}).CallID
	h.advance(DefaultDeviceAnswerDelay)
	h.wantState(f["connecting"], webex.StateConnecting)

	f["recording"] = h.answeredInbound("Liam Carter", "+13125550178")
	h.must(http.StatusNoContent, "startRecording", webex.CallRequest{CallID: f["recording"]})
	h.advance(time.Second)
	if got := h.call(f["recording"]).RecordingState; got != webex.RecordingStarted {
		h.t.Fatalf("fixture recording is %q", got)
	}
	f["pending"] = h.answeredInbound("Emma Novak", "+16175550112")
	h.must(http.StatusNoContent, "startRecording", webex.CallRequest{CallID: f["pending"]})

	f["alerting"] = h.inbound(Inbound{Name: "Olivia Bennett", Number: "+12065550123"})
	f["desk"] = h.inbound(Inbound{Name: "Ava Martinez", Number: "+13055550187"})
	h.must(http.StatusNoContent, "answer", webex.AnswerRequest{CallID: f["desk"], EndpointID: DeskPhoneEndpointID})
	f["held"] = h.answeredInbound("Mason Clarke", "+15035550149")
	h.must(http.StatusNoContent, "hold", webex.CallRequest{CallID: f["held"]})
	// Answering a call holds the one the user was on, so the connected call
	// is answered last: every other answered call is held.
	f["connected"] = h.answeredInbound("Noah Fischer", "+17185550165")
	f["c2dApp"] = h.newCall("dial", webex.DialRequest{Destination: "101", EndpointID: WebexAppEndpointID}).CallID
	return f
}

// comparable drops what every request changes from a state.
func comparable(st State) State {
	st.RequestLog = 0
	return st
}

type errorCase struct {
	name   string
	fresh  bool   // an empty world instead of the fixture
	method string // default POST
	path   string // an action name, or a path starting with "/"
	body   func(f fixture) any
	opts   []reqOpt
	status int
	msg    string // a substring of the error message
}

func id(role string) func(f fixture) any {
	return func(f fixture) any { return webex.CallRequest{CallID: f[role]} }
}

func raw(s string) func(fixture) any { return func(fixture) any { return s } }

func errorCases() []errorCase {
	return []errorCase{
		// Authentication, routing and bodies.
		{name: "no token", method: "GET", path: "/v1/telephony/calls", opts: []reqOpt{withToken("")}, status: 401, msg: "requires a valid access token"},
		{name: "wrong token", method: "GET", path: "/v1/telephony/calls", opts: []reqOpt{withToken("nope")}, status: 401, msg: "requires a valid access token"},
		{name: "wrong token on control plane", method: "GET", path: "/_sim/state", opts: []reqOpt{withToken("nope")}, status: 401, msg: "requires a valid access token"},
		{name: "GET an action", method: "GET", path: "/v1/telephony/calls/dial", status: 405, msg: "GET is not allowed"},
		{name: "POST list calls", method: "POST", path: "/v1/telephony/calls", body: raw("{}"), status: 405, msg: "POST is not allowed"},
		{name: "DELETE a call", method: "DELETE", path: "/v1/telephony/calls/abc", status: 405, msg: "DELETE is not allowed"},
		{name: "unknown action", path: "frobnicate", body: raw("{}"), status: 404, msg: "no such operation"},
		{name: "unknown API path", method: "GET", path: "/v1/telephony/lines", status: 404, msg: "could not be found"},
		{name: "outside the API", method: "GET", path: "/index.html", status: 404, msg: "could not be found"},
		{name: "text body", path: "dial", body: raw(`{"destination":"101"}`), opts: []reqOpt{withHeader("Content-Type", "text/plain")}, status: 415, msg: `Content-Type "text/plain" is not supported`},
		{name: "body without content type", path: "dial", body: raw(`{"destination":"101"}`), opts: []reqOpt{withHeader("Content-Type", "")}, status: 415, msg: "Content-Type is missing"},
		{name: "not JSON", path: "dial", body: raw(`{"destination":`), status: 400, msg: "not valid JSON"},
		{name: "not an object", path: "dial", body: raw(`["101"]`), status: 400, msg: "must be a JSON object"},
		{name: "wrong type", path: "dial", body: raw(`{"destination":101}`), status: 400, msg: "destination must be a string, not number"},
		{name: "wrong bool type", path: "divert", body: func(f fixture) any { return `{"callId":"` + f["alerting"] + `","toVoicemail":"yes"}` }, status: 400, msg: "toVoicemail must be a boolean, not string"},
		{name: "unknown field", path: "dial", body: raw(`{"destination":"101","foo":1}`), status: 400, msg: `unknown field "foo"`},
		{name: "trailing data", path: "hold", body: func(f fixture) any { return `{"callId":"` + f["connected"] + `"} {}` }, status: 400, msg: "data after the JSON object"},
		{name: "too large", path: "dial", body: raw(`{"destination":"` + strings.Repeat("1", maxBody) + `"}`), status: 400, msg: "larger than"},
		{name: "missing destination", path: "dial", body: raw(`{}`), status: 400, msg: "destination is required"},
		{name: "missing callId", path: "hold", body: raw(`{}`), status: 400, msg: "callId is required"},
		{name: "missing callId, empty body", path: "hangup", body: raw(""), status: 400, msg: "callId is required"},
		{name: "unknown call", path: "hold", body: func(fixture) any {
			return webex.CallRequest{CallID: encodeID("ciscospark://us/CALL/BCLD/callhalf-1:0")}
		}, status: 400, msg: "Call not found"},
		{name: "get unknown call", method: "GET", path: "/v1/telephony/calls/Y2lzY29zcGFyazovL3VzL0NBTEwvMQ", status: 400, msg: "Call not found"},
		{name: "unknown lineOwnerId", path: "hold", body: func(f fixture) any { return webex.CallRequest{CallID: f["connected"], LineOwnerID: "someone-else"} }, status: 400, msg: "not a secondary line"},
		{name: "list with unknown lineOwnerId", method: "GET", path: "/v1/telephony/calls?lineOwnerId=someone-else", status: 400, msg: "not a secondary line"},
		{name: "invalid history type", method: "GET", path: "/v1/telephony/calls/history?type=dropped", status: 400, msg: `type "dropped" is invalid`},

		// Dial.
		{name: "dial endpoint and SNR", path: "dial", body: func(fixture) any {
			return webex.DialRequest{Destination: "101", EndpointID: WebexAppEndpointID, SingleNumberReachPhoneNumber: MobileNumber}
		}, status: 400, msg: "mutually exclusive"},
		{name: "dial unknown endpoint", path: "dial", body: func(fixture) any {
			return webex.DialRequest{Destination: "101", EndpointID: "Y2lzY29zcGFyazovL3VzL0RFVklDRS8x"}
		}, status: 400, msg: "not one of the user's endpoints"},
		{name: "dial unknown SNR number", path: "dial", body: func(fixture) any {
			return webex.DialRequest{Destination: "101", SingleNumberReachPhoneNumber: "+14155550999"}
		}, status: 400, msg: "not one of the user's Single Number Reach numbers"},
		{name: "dial self", path: "dial", body: func(fixture) any { return webex.DialRequest{Destination: UserExtension} }, status: 400, msg: "user's own line"},
		{name: "dial garbage", path: "dial", body: func(fixture) any { return webex.DialRequest{Destination: "call mom"} }, status: 400, msg: "not a valid number or URI"},
		{name: "dial unknown org address", path: "dial", body: func(fixture) any { return webex.DialRequest{Destination: "nobody@example.com"} }, status: 404, msg: "not a user in the organization"},

		// Answer and reject.
		{name: "answer connected", path: "answer", body: id("connected"), status: 400, msg: "already answered"},
		{name: "answer connecting", path: "answer", body: id("connecting"), status: 400, msg: "still connecting"},
		{name: "answer on unknown endpoint", path: "answer", body: func(f fixture) any { return webex.AnswerRequest{CallID: f["alerting"], EndpointID: "nope"} }, status: 400, msg: "not one of the user's endpoints"},
		{name: "answer on a device not alerting", path: "answer", body: func(f fixture) any { return webex.AnswerRequest{CallID: f["c2dApp"], EndpointID: DeskPhoneEndpointID} }, status: 400, msg: "only the Webex App"},
		{name: "reject invalid action", path: "reject", body: func(f fixture) any { return webex.RejectRequest{CallID: f["alerting"], Action: "maybe"} }, status: 400, msg: `action "maybe" is invalid`},
		{name: "reject connected", path: "reject", body: id("connected"), status: 400, msg: "only an unanswered incoming call can be rejected"},
		{name: "reject click-to-dial", path: "reject", body: id("c2dApp"), status: 400, msg: "click-to-dial"},

		// Hold, resume, mute.
		{name: "hold alerting", path: "hold", body: id("alerting"), status: 400, msg: "alerting and has not been answered"},
		{name: "hold connecting", path: "hold", body: id("connecting"), status: 400, msg: "still connecting"},
		{name: "hold held", path: "hold", body: id("held"), status: 400, msg: "already held"},
		{name: "resume connected", path: "resume", body: id("connected"), status: 400, msg: "not held (it is connected)"},
		{name: "resume alerting", path: "resume", body: id("alerting"), status: 400, msg: "not held (it is alerting)"},
		{name: "mute desk phone call", path: "mute", body: id("desk"), status: 400, msg: "not mute capable"},
		{name: "mute alerting", path: "mute", body: id("alerting"), status: 400, msg: "not mute capable"},
		{name: "unmute unmuted", path: "unmute", body: id("connected"), status: 400, msg: "already unmuted"},

		// Divert.
		{name: "divert without destination", path: "divert", body: id("alerting"), status: 400, msg: "destination is required unless toVoicemail is true"},
		{name: "divert connecting", path: "divert", body: func(f fixture) any { return webex.DivertRequest{CallID: f["connecting"], Destination: "101"} }, status: 400, msg: "cannot divert"},
		{name: "divert bad destination", path: "divert", body: func(f fixture) any { return webex.DivertRequest{CallID: f["alerting"], Destination: "abc"} }, status: 400, msg: "not a valid number or URI"},
		{name: "divert to self", path: "divert", body: func(f fixture) any { return webex.DivertRequest{CallID: f["alerting"], Destination: UserNumber} }, status: 400, msg: "user's own line"},

		// Transfer.
		{name: "transfer alerting", path: "transfer", body: func(f fixture) any { return webex.TransferRequest{CallID1: f["connected"], CallID2: f["alerting"]} }, status: 400, msg: "unanswered incoming calls cannot be transferred; use divert"},
		{name: "transfer alerting to destination", path: "transfer", body: func(f fixture) any { return webex.TransferRequest{CallID1: f["alerting"], Destination: "101"} }, status: 400, msg: "use divert"},
		{name: "transfer connecting", path: "transfer", body: func(f fixture) any { return webex.TransferRequest{CallID1: f["connected"], CallID2: f["connecting"]} }, status: 400, msg: "not been answered by the far end"},
		{name: "transfer click-to-dial", path: "transfer", body: func(f fixture) any { return webex.TransferRequest{CallID1: f["connected"], CallID2: f["c2dApp"]} }, status: 400, msg: "not been picked up on a device"},
		{name: "transfer callId2 alone", path: "transfer", body: func(f fixture) any { return webex.TransferRequest{CallID2: f["connected"]} }, status: 400, msg: "callId1 is required"},
		{name: "transfer destination alone", path: "transfer", body: func(fixture) any { return webex.TransferRequest{Destination: "101"} }, status: 400, msg: "callId1 is required"},
		{name: "transfer callId1 alone", path: "transfer", body: func(f fixture) any { return webex.TransferRequest{CallID1: f["connected"]} }, status: 400, msg: "callId2 or destination is required"},
		{name: "transfer everything", path: "transfer", body: func(f fixture) any {
			return webex.TransferRequest{CallID1: f["connected"], CallID2: f["held"], Destination: "101"}
		}, status: 400, msg: "not both"},
		{name: "transfer without ids, many calls", path: "transfer", body: raw("{}"), status: 400, msg: "exactly two calls"},
		{name: "transfer a call to itself", path: "transfer", body: func(f fixture) any { return webex.TransferRequest{CallID1: f["connected"], CallID2: f["connected"]} }, status: 400, msg: "two different calls"},
		{name: "transfer unknown second call", path: "transfer", body: func(f fixture) any {
			return webex.TransferRequest{CallID1: f["connected"], CallID2: "Y2lzY29zcGFyazovL3VzL0NBTEwvMQ"}
		}, status: 400, msg: "Call not found"},

		// Park and retrieve.
		{name: "park alerting", path: "park", body: id("alerting"), status: 400, msg: "only an answered call can be parked"},
		{name: "park connecting", path: "park", body: id("connecting"), status: 400, msg: "still connecting"},
		{name: "park at bad destination", path: "park", body: func(f fixture) any { return webex.ParkRequest{CallID: f["connected"], Destination: "#!"} }, status: 400, msg: "not a valid number or URI"},
		{name: "retrieve nothing parked", path: "retrieve", body: raw("{}"), status: 400, msg: "no call is parked against Alex Morgan (100)"},
		{name: "retrieve nothing parked there", path: "retrieve", body: func(fixture) any { return webex.RetrieveRequest{Destination: "7001"} }, status: 400, msg: "no call is parked against Call Park 7001 (7001)"},
		{name: "retrieve endpoint and SNR", path: "retrieve", body: func(fixture) any {
			return webex.RetrieveRequest{EndpointID: WebexAppEndpointID, SingleNumberReachPhoneNumber: MobileNumber}
		}, status: 400, msg: "mutually exclusive"},

		// DTMF.
		{name: "dtmf on held call", path: "transmitDtmf", body: func(f fixture) any { return webex.DTMFRequest{CallID: f["held"], DTMF: "1"} }, status: 400, msg: "DTMF needs a connected call"},
		{name: "dtmf on alerting call", path: "transmitDtmf", body: func(f fixture) any { return webex.DTMFRequest{CallID: f["alerting"], DTMF: "1"} }, status: 400, msg: "DTMF needs a connected call"},
		{name: "dtmf invalid character", path: "transmitDtmf", body: func(f fixture) any { return webex.DTMFRequest{CallID: f["connected"], DTMF: "12x"} }, status: 400, msg: `invalid character 'x'`},
		{name: "dtmf lower-case letter", path: "transmitDtmf", body: func(f fixture) any { return webex.DTMFRequest{CallID: f["connected"], DTMF: "a"} }, status: 400, msg: "invalid character"},
		{name: "dtmf missing", path: "transmitDtmf", body: id("connected"), status: 400, msg: "dtmf is required"},

		// Recording.
		{name: "start recording twice", path: "startRecording", body: id("recording"), status: 400, msg: "already being recorded (recordingState started)"},
		{name: "start recording while pending", path: "startRecording", body: id("pending"), status: 400, msg: "already being recorded (recordingState pending)"},
		{name: "start recording on held call", path: "startRecording", body: id("held"), status: 400, msg: "recording starts on a connected call"},
		{name: "pause recording never started", path: "pauseRecording", body: id("connected"), status: 400, msg: "not being recorded"},
		{name: "pause pending recording", path: "pauseRecording", body: id("pending"), status: 400, msg: "has not started yet"},
		{name: "resume started recording", path: "resumeRecording", body: id("recording"), status: 400, msg: "not paused"},
		{name: "stop recording never started", path: "stopRecording", body: id("connected"), status: 400, msg: "not being recorded"},

		// Push, pickup, barge-in, pull.
		{name: "push ordinary call", path: "push", body: id("connected"), status: 400, msg: "not associated with an executive"},
		{name: "pickup nothing in group", path: "pickup", body: raw("{}"), status: 400, msg: "no call is ringing in the user's call pickup group"},
		{name: "pickup idle colleague", path: "pickup", body: func(fixture) any { return webex.PickupRequest{Target: "101"} }, status: 400, msg: "no call is ringing for Jordan Lee (101)"},
		{name: "pickup colleague on a call", path: "pickup", body: func(fixture) any { return webex.PickupRequest{Target: "maria.garcia@example.com"} }, status: 400, msg: "no call is ringing for Maria Garcia (105)"},
		{name: "pickup unknown user", path: "pickup", body: func(fixture) any { return webex.PickupRequest{Target: "nobody@example.com"} }, status: 404, msg: "not a user in the organization"},
		{name: "pickup park extension", path: "pickup", body: func(fixture) any { return webex.PickupRequest{Target: "7001"} }, status: 400, msg: "not a person"},
		{name: "barge in idle colleague", path: "bargeIn", body: func(fixture) any { return webex.BargeInRequest{Target: "+14155550106"} }, status: 400, msg: "Tom Becker (106) is not on an answered call"},
		{name: "barge in without target", path: "bargeIn", body: raw("{}"), status: 400, msg: "target is required"},
		{name: "barge in on self", path: "bargeIn", body: func(fixture) any { return webex.BargeInRequest{Target: UserExtension} }, status: 400, msg: "user's own line"},
		{name: "pull with nothing answered", fresh: true, path: "pull", body: raw("{}"), status: 400, msg: "nothing to pull"},
		{name: "pull to the endpoint already on the call", path: "pull", body: func(fixture) any { return webex.PullRequest{EndpointID: WebexAppEndpointID} }, status: 400, msg: "already on the Webex App"},
		{name: "pull to unknown endpoint", path: "pull", body: func(fixture) any { return webex.PullRequest{EndpointID: "nope"} }, status: 400, msg: "not one of the user's endpoints"},
	}
}

// TestErrors checks that each invalid request gets the right status and a
// message saying what is wrong, and changes nothing.
func TestErrors(t *testing.T) {
	v := newValidator(t)
	for _, tc := range errorCases() {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarnessWith(t, v)
			f := fixture{}
			if !tc.fresh {
				f = buildFixture(h)
			}
			before := comparable(h.sim.State())
			method := tc.method
			if method == "" {
				method = http.MethodPost
			}
			path := tc.path
			if !strings.HasPrefix(path, "/") {
				path = "/v1/telephony/calls/" + path
			}
			var body any
			if tc.body != nil {
				body = tc.body(f)
			}
			r := h.do(method, path, body, tc.opts...)
			if r.status != tc.status {
				t.Errorf("status %d, want %d (%s)", r.status, tc.status, r.body)
			}
			if msg := r.message(); !strings.Contains(msg, tc.msg) {
				t.Errorf("message %q does not contain %q", msg, tc.msg)
			}
			if after := comparable(h.sim.State()); !reflect.DeepEqual(before, after) {
				t.Errorf("a refused request changed the world:\nbefore %+v\nafter  %+v", before, after)
			}
		})
	}
}

// TestMethodNotAllowedHeader checks that a 405 says which method to use.
func TestMethodNotAllowedHeader(t *testing.T) {
	h := newHarness(t)
	r := h.do(http.MethodGet, "/v1/telephony/calls/hold", nil)
	if r.status != http.StatusMethodNotAllowed || r.header.Get("Allow") != http.MethodPost {
		t.Fatalf("status %d, Allow %q; want 405 and POST", r.status, r.header.Get("Allow"))
	}
}

// TestUnknownCallIsWebexsCallNotFound: an unknown or ended call id gets
// what real Webex answers, 400 "Call not found" with errorCode 101002,
// whether the id is in the path or the body; the control plane, which is
// not Webex's, keeps its 404.
func TestUnknownCallIsWebexsCallNotFound(t *testing.T) {
	h := newHarness(t)
	const unknown = "Y2lzY29zcGFyazovL3VzL0NBTEwvMQ"
	for _, r := range []response{
		h.do(http.MethodGet, "/v1/telephony/calls/"+unknown, nil),
		h.do(http.MethodPost, "/v1/telephony/calls/hangup", webex.CallRequest{CallID: unknown}),
	} {
		var got map[string]any
		r.decode(t, &got)
		tid := r.header.Get("Trackingid")
		want := map[string]any{
			"message":    "Call not found",
			"errors":     []any{map[string]any{"description": "Call not found", "errorCode": float64(webex.CodeCallNotFound)}},
			"trackingId": tid,
		}
		if r.status != http.StatusBadRequest || tid == "" || !reflect.DeepEqual(got, want) {
			t.Errorf("status %d, body %s; want 400 %v", r.status, r.body, want)
		}
	}
	r := h.do(http.MethodPost, "/_sim/calls/"+unknown+"/remote", map[string]string{"action": "hangup"})
	if r.status != http.StatusNotFound {
		t.Errorf("control plane: status %d (%s), want 404", r.status, r.body)
	}
}
