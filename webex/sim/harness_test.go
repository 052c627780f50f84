package sim

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/callboard/callboard/internal/spec"
	"github.com/callboard/callboard/webex"
)

// testToken is the bearer token of test simulators.
const testToken = "test-token"

// epoch is when test worlds start.
var epoch = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// harness drives a Simulator through its HTTP handler on a FakeClock and
// checks every exchange against the Call Controls document.
type harness struct {
	t     testing.TB
	clock *FakeClock
	sim   *Simulator
	v     *spec.Validator
}

// fixedTimings makes far ends answer after exactly 3 s and hang up after
// exactly 60 s, so tests can step to known moments.
func fixedTimings(o *Options) {
	o.RemoteAnswerSpread = -1
	o.TalkTimeSpread = -1
}

func newValidator(t testing.TB) *spec.Validator {
	t.Helper()
	v, err := spec.New()
	if err != nil {
		t.Fatalf("load spec: %v", err)
	}
	return v
}

// newHarness starts a simulator with fixed timings, seed 1 and no random
// scenario; opts adjust it.
func newHarness(t testing.TB, opts ...func(*Options)) *harness {
	t.Helper()
	return newHarnessWith(t, newValidator(t), opts...)
}

func newHarnessWith(t testing.TB, v *spec.Validator, opts ...func(*Options)) *harness {
	t.Helper()
	clock := NewFakeClock(epoch)
	o := Options{Token: testToken, Seed: 1, Clock: clock}
	fixedTimings(&o)
	for _, fn := range opts {
		fn(&o)
	}
	return &harness{t: t, clock: clock, sim: New(o), v: v}
}

// response is what the handler answered.
type response struct {
	status int
	header http.Header
	body   []byte
}

func (r response) decode(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("decode %s: %v", r.body, err)
	}
}

// message is the error envelope's message ("" when absent).
func (r response) message() string {
	var e webex.ErrorBody
	_ = json.Unmarshal(r.body, &e)
	return e.Message
}

// reqOpt adjusts a request before it is sent.
type reqOpt func(*http.Request)

func withToken(tok string) reqOpt {
	return func(r *http.Request) {
		if tok == "" {
			r.Header.Del("Authorization")
			return
		}
		r.Header.Set("Authorization", "Bearer "+tok)
	}
}

func withHeader(k, v string) reqOpt { return func(r *http.Request) { r.Header.Set(k, v) } }

// encodeBody turns a test body into bytes: nil is no body, a string or
// []byte is sent as is, anything else as JSON.
func encodeBody(t testing.TB, body any) []byte {
	t.Helper()
	switch b := body.(type) {
	case nil:
		return nil
	case string:
		return []byte(b)
	case []byte:
		return b
	}
	raw, err := json.Marshal(body)
	if err != nil {
		t.Fatalf("encode body: %v", err)
	}
	return raw
}

// do sends one request through the handler and checks the exchange.
func (h *harness) do(method, target string, body any, opts ...reqOpt) response {
	h.t.Helper()
	raw := encodeBody(h.t, body)
	req := httptest.NewRequest(method, target, bytes.NewReader(raw))
	req.Header.Set("Authorization", "Bearer "+testToken)
	if raw != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for _, o := range opts {
		o(req)
	}
	rec := httptest.NewRecorder()
	h.sim.Handler().ServeHTTP(rec, req)
	res := rec.Result()
	respBody, _ := io.ReadAll(res.Body)
	resp := response{status: res.StatusCode, header: res.Header, body: respBody}
	checkExchange(h.t, h.v, req.Method, req.URL.Path, req.URL.RawQuery, req.Header, raw, resp)
	return resp
}

// checkExchange holds one exchange to the simulator's contract: a tracking
// id on every response, Webex's error envelope on errors, JSON bodies, and
// for the Call Controls paths the OpenAPI document (the response always;
// the request whenever the simulator accepted it).
func checkExchange(t testing.TB, v *spec.Validator, method, path, rawQuery string, reqHeader http.Header, reqBody []byte, resp response) {
	t.Helper()
	tid := resp.header.Get("Trackingid")
	if tid == "" {
		t.Errorf("%s %s: no Trackingid header", method, path)
	}
	switch {
	case resp.status == http.StatusNoContent:
		if len(resp.body) != 0 {
			t.Errorf("%s %s: 204 with a body %q", method, path, resp.body)
		}
	case len(resp.body) > 0:
		if ct := resp.header.Get("Content-Type"); ct != contentTypeJSON {
			t.Errorf("%s %s: Content-Type %q, want %q", method, path, ct, contentTypeJSON)
		}
	}
	if resp.status >= 400 {
		var e webex.ErrorBody
		if err := json.Unmarshal(resp.body, &e); err != nil {
			t.Errorf("%s %s: error body %q is not the envelope: %v", method, path, resp.body, err)
		} else if e.Message == "" || len(e.Errors) != 1 || e.Errors[0].Description == "" || e.TrackingID != tid {
			t.Errorf("%s %s: malformed error envelope %s (header tracking id %q)", method, path, resp.body, tid)
		}
	}
	apiPath, isAPI := strings.CutPrefix(path, "/v1")
	if !isAPI || !documented(apiPath) {
		return
	}
	err := v.ValidateResponse(method, apiPath, rawQuery, reqHeader, reqBody, resp.status, resp.header, resp.body)
	if err != nil {
		// Paths and methods the document does not have can only be refused.
		if !(errors.Is(err, spec.ErrNoRoute) && (resp.status == http.StatusNotFound || resp.status == http.StatusMethodNotAllowed)) {
			t.Errorf("response breaks the spec: %v\nbody: %s", err, resp.body)
		}
	}
	if resp.status >= 200 && resp.status < 300 {
		if err := v.ValidateRequest(method, apiPath, rawQuery, reqHeader, reqBody); err != nil {
			t.Errorf("simulator accepted a request the spec rejects: %v\nbody: %s", err, reqBody)
		}
	}
}

// documented reports whether an API path (below /v1) belongs to the
// families the OpenAPI excerpts describe; the OAuth endpoints do not.
func documented(apiPath string) bool {
	return strings.HasPrefix(apiPath, "/telephony/") || apiPath == "/people" || strings.HasPrefix(apiPath, "/people/")
}

// post sends POST /v1/telephony/calls/{action}.
func (h *harness) post(action string, body any, opts ...reqOpt) response {
	h.t.Helper()
	return h.do(http.MethodPost, "/v1/telephony/calls/"+action, body, opts...)
}

// must posts and fails the test unless the status is want.
func (h *harness) must(want int, action string, body any) response {
	h.t.Helper()
	r := h.post(action, body)
	if r.status != want {
		h.t.Fatalf("%s %s: status %d, want %d: %s", action, encodeBody(h.t, body), r.status, want, r.body)
	}
	return r
}

// newCall posts an action that answers 201 and returns the new call.
func (h *harness) newCall(action string, body any) webex.NewCall {
	h.t.Helper()
	var nc webex.NewCall
	h.must(http.StatusCreated, action, body).decode(h.t, &nc)
	if nc.CallID == "" || nc.CallSessionID == "" {
		h.t.Fatalf("%s: empty ids in %+v", action, nc)
	}
	return nc
}

func (h *harness) list() []webex.Call {
	h.t.Helper()
	r := h.do(http.MethodGet, "/v1/telephony/calls", nil)
	if r.status != http.StatusOK {
		h.t.Fatalf("list calls: %d %s", r.status, r.body)
	}
	var l webex.CallList
	r.decode(h.t, &l)
	return l.Items
}

// call returns the listed call with id, failing the test if it is not listed.
func (h *harness) call(id string) webex.Call {
	h.t.Helper()
	for _, c := range h.list() {
		if c.ID == id {
			return c
		}
	}
	h.t.Fatalf("call %s is not listed", id)
	return webex.Call{}
}

// listed reports whether id is in List Calls.
func (h *harness) listed(id string) bool {
	h.t.Helper()
	for _, c := range h.list() {
		if c.ID == id {
			return true
		}
	}
	return false
}

func (h *harness) history(typ webex.HistoryType) []webex.HistoryRecord {
	h.t.Helper()
	target := "/v1/telephony/calls/history"
	if typ != "" {
		target += "?type=" + string(typ)
	}
	r := h.do(http.MethodGet, target, nil)
	if r.status != http.StatusOK {
		h.t.Fatalf("history: %d %s", r.status, r.body)
	}
	var l webex.HistoryList
	r.decode(h.t, &l)
	return l.Items
}

// inbound starts an incoming call through the control plane.
func (h *harness) inbound(in Inbound) string {
	h.t.Helper()
	r := h.do(http.MethodPost, "/_sim/inbound", in)
	if r.status != http.StatusCreated {
		h.t.Fatalf("inbound %+v: %d %s", in, r.status, r.body)
	}
	var out struct{ CallID string }
	r.decode(h.t, &out)
	return out.CallID
}

// remote makes the far end act through the control plane.
func (h *harness) remote(id, action string) response {
	h.t.Helper()
	return h.do(http.MethodPost, "/_sim/calls/"+id+"/remote", map[string]string{"action": action})
}

// state fetches GET /_sim/state.
func (h *harness) state() State {
	h.t.Helper()
	r := h.do(http.MethodGet, "/_sim/state", nil)
	if r.status != http.StatusOK {
		h.t.Fatalf("state: %d %s", r.status, r.body)
	}
	var st State
	r.decode(h.t, &st)
	return st
}

// advance moves the clock; the next request sees the new time.
func (h *harness) advance(d time.Duration) { h.clock.Advance(d) }

// answeredInbound rings the user with a call from number and answers it on
// the Webex App.
func (h *harness) answeredInbound(name, number string) string {
	h.t.Helper()
	id := h.inbound(Inbound{Name: name, Number: number})
	h.must(http.StatusNoContent, "answer", webex.AnswerRequest{CallID: id})
	return id
}

// connectedOutbound dials dest and steps until the far end answers.
func (h *harness) connectedOutbound(dest string) webex.NewCall {
	h.t.Helper()
	nc := h.newCall("dial", webex.DialRequest{Destination: dest})
	h.advance(DefaultDeviceAnswerDelay + DefaultRemoteAnswerDelay)
	if c := h.call(nc.CallID); c.State != webex.StateConnected {
		h.t.Fatalf("dialled call to %s is %s, want connected", dest, c.State)
	}
	return nc
}

// wantState fails the test unless the listed call id is in state want.
func (h *harness) wantState(id string, want webex.CallState) webex.Call {
	h.t.Helper()
	c := h.call(id)
	if c.State != want {
		h.t.Fatalf("call %s is %s, want %s", id, c.State, want)
	}
	return c
}

// httpDo sends one request to a listening simulator and checks the exchange
// like harness.do. A transport error (no response) is returned as is.
func httpDo(t testing.TB, v *spec.Validator, client *http.Client, method, url, token string, body any) (response, error) {
	t.Helper()
	raw := encodeBody(t, body)
	req, err := http.NewRequest(method, url, bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("new request: %v", err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	if raw != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := client.Do(req)
	if err != nil {
		return response{}, err
	}
	defer res.Body.Close()
	respBody, err := io.ReadAll(res.Body)
	if err != nil {
		return response{}, err
	}
	resp := response{status: res.StatusCode, header: res.Header, body: respBody}
	checkExchange(t, v, method, req.URL.Path, req.URL.RawQuery, req.Header, raw, resp)
	return resp, nil
}
