package webex_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/callboard/callboard/internal/spec"
	"github.com/callboard/callboard/webex"
)

const (
	// apiPrefix mounts the fake API below a path, as webexapis.com/v1 is, so a
	// client that builds absolute paths from the host misses every route.
	apiPrefix = "/api/v1"
	// testToken is distinctive so that any leak into errors or logs is found.
	testToken = "tok-3xq9SECRET-a81f5c2e"
	// testUA is the User-Agent the harness configures.
	testUA = "callboard-test/1.0"
)

// sharedValidator loads the OpenAPI document once per test binary; a
// Validator is read-only after loading and safe to share between servers.
var sharedValidator = sync.OnceValues(spec.New)

// exchange is one request as the fake API received it.
type exchange struct {
	Method   string
	Path     string // below apiPrefix, still escaped as sent
	RawQuery string
	Header   http.Header
	Body     []byte
}

// reply is what the fake API answers.
type reply struct {
	Status int
	Header map[string]string
	Body   string
	// Conform marks a response the OpenAPI document describes (every
	// documented example, and well-formed error envelopes): the server checks
	// it with spec.ValidateResponse before sending it.
	Conform bool
	// Raw, when set, replaces the normal answer (hanging, hijacking,
	// streaming); stop is closed when the test ends.
	Raw func(w http.ResponseWriter, r *http.Request, stop <-chan struct{})
}

// fakeAPI is an httptest server that validates every request against the
// OpenAPI document and checks the headers every request must carry.
type fakeAPI struct {
	t         *testing.T
	srv       *httptest.Server
	validator *spec.Validator
	respond   func(ex exchange) reply
	closing   chan struct{} // closed before the server shuts down, to release hanging handlers

	mu          sync.Mutex
	seen        []exchange
	trackingIDs map[string]bool
	wantUA      string
	wantToken   string
}

// newFakeAPI starts a fake API answering with respond.
func newFakeAPI(t *testing.T, respond func(ex exchange) reply) *fakeAPI {
	t.Helper()
	v, err := sharedValidator()
	if err != nil {
		t.Fatalf("load OpenAPI document: %v", err)
	}
	f := &fakeAPI{
		t:           t,
		validator:   v,
		respond:     respond,
		closing:     make(chan struct{}),
		trackingIDs: map[string]bool{},
		wantUA:      testUA,
		wantToken:   testToken,
	}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(func() {
		close(f.closing)
		f.srv.Close()
	})
	return f
}

// URL is the base URL to give the client.
func (f *fakeAPI) URL() string { return f.srv.URL + apiPrefix }

// expectUserAgent changes the User-Agent every request must carry.
func (f *fakeAPI) expectUserAgent(ua string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.wantUA = ua
}

// requests returns what the server has received so far.
func (f *fakeAPI) requests() []exchange {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]exchange(nil), f.seen...)
}

func (f *fakeAPI) serve(w http.ResponseWriter, r *http.Request) {
	escaped := r.URL.EscapedPath()
	if !strings.HasPrefix(escaped, apiPrefix+"/") {
		f.t.Errorf("request %s %s is outside the API prefix %s", r.Method, escaped, apiPrefix)
		http.NotFound(w, r)
		return
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		f.t.Errorf("read request body: %v", err)
		return
	}
	ex := exchange{
		Method:   r.Method,
		Path:     strings.TrimPrefix(escaped, apiPrefix),
		RawQuery: r.URL.RawQuery,
		Header:   r.Header.Clone(),
		Body:     body,
	}
	f.record(ex)
	f.checkRequest(ex)

	rep := f.respond(ex)
	if rep.Raw != nil {
		rep.Raw(w, r, f.closing)
		return
	}
	if rep.Conform {
		f.checkResponse(ex, rep)
	}
	for k, v := range rep.Header {
		w.Header().Set(k, v)
	}
	if rep.Body != "" && w.Header().Get("Content-Type") == "" {
		w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	}
	w.WriteHeader(rep.Status)
	_, _ = io.WriteString(w, rep.Body)
}

func (f *fakeAPI) record(ex exchange) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.seen = append(f.seen, ex)
	id := ex.Header.Get("TrackingID")
	if f.trackingIDs[id] {
		f.t.Errorf("%s %s: TrackingID %q was already used by an earlier request", ex.Method, ex.Path, id)
	}
	f.trackingIDs[id] = true
}

// checkRequest validates ex against the OpenAPI document and checks the
// headers every request must carry.
func (f *fakeAPI) checkRequest(ex exchange) {
	if err := f.validator.ValidateRequest(ex.Method, ex.Path, ex.RawQuery, ex.Header, ex.Body); err != nil {
		f.t.Errorf("request does not conform to the OpenAPI documents: %v", err)
	}
	f.mu.Lock()
	wantUA, wantToken := f.wantUA, f.wantToken
	f.mu.Unlock()
	for _, p := range headerProblems(ex, wantToken, wantUA) {
		f.t.Errorf("%s %s: %s", ex.Method, ex.Path, p)
	}
}

// headerProblems lists what is wrong with the request's headers.
func headerProblems(ex exchange, token, ua string) []string {
	var out []string
	if got, want := ex.Header.Get("Authorization"), "Bearer "+token; got != want {
		out = append(out, "Authorization "+strconv.Quote(got)+", want "+strconv.Quote(want))
	}
	if got := ex.Header.Get("Accept"); got != "application/json" {
		out = append(out, "Accept "+strconv.Quote(got)+", want application/json")
	}
	ct := ex.Header.Get("Content-Type")
	switch ex.Method {
	case http.MethodPost, http.MethodPut:
		// A POST without a body (conference hold, say) declares no type.
		if len(ex.Body) > 0 && ct != "application/json" {
			out = append(out, "Content-Type "+strconv.Quote(ct)+" on "+ex.Method+", want application/json")
		}
		if _, ok := ex.Header["Content-Type"]; ok && len(ex.Body) == 0 {
			out = append(out, "Content-Type "+strconv.Quote(ct)+" on "+ex.Method+" without a body")
		}
	default:
		if _, ok := ex.Header["Content-Type"]; ok {
			out = append(out, "Content-Type "+strconv.Quote(ct)+" on "+ex.Method+", want none")
		}
		if len(ex.Body) != 0 {
			out = append(out, ex.Method+" carries a body")
		}
	}
	if ex.Header.Get("TrackingID") == "" {
		out = append(out, "no TrackingID header")
	}
	if got := ex.Header.Get("User-Agent"); got != ua {
		out = append(out, "User-Agent "+strconv.Quote(got)+", want "+strconv.Quote(ua))
	}
	return out
}

// checkResponse validates a reply the document describes.
func (f *fakeAPI) checkResponse(ex exchange, rep reply) {
	h := http.Header{}
	for k, v := range rep.Header {
		h.Set(k, v)
	}
	if rep.Body != "" && h.Get("Content-Type") == "" {
		h.Set("Content-Type", "application/json;charset=UTF-8")
	}
	err := f.validator.ValidateResponse(ex.Method, ex.Path, ex.RawQuery, ex.Header, ex.Body, rep.Status, h, []byte(rep.Body))
	if err != nil {
		f.t.Errorf("the test's own response does not conform to the OpenAPI document: %v", err)
	}
}

// hang blocks until the client gives up on the request (or the test ends).
func hang(_ http.ResponseWriter, r *http.Request, stop <-chan struct{}) {
	select {
	case <-r.Context().Done():
	case <-stop:
	}
}

// always answers every request with rep.
func always(rep reply) func(exchange) reply { return func(exchange) reply { return rep } }

// sequence answers the n-th request with reps[n], repeating the last one.
func sequence(reps ...reply) func(exchange) reply {
	var mu sync.Mutex
	n := 0
	return func(exchange) reply {
		mu.Lock()
		defer mu.Unlock()
		rep := reps[min(n, len(reps)-1)]
		n++
		return rep
	}
}

// syncBuffer is a goroutine-safe log sink.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// sleepRecorder replaces the client's rate-limit wait: it records each wait
// and how many requests the server had seen when the wait began.
type sleepRecorder struct {
	api   *fakeAPI
	mu    sync.Mutex
	waits []time.Duration
	seen  []int
}

func (s *sleepRecorder) sleep(ctx context.Context, d time.Duration) error {
	n := len(s.api.requests())
	s.mu.Lock()
	defer s.mu.Unlock()
	s.waits = append(s.waits, d)
	s.seen = append(s.seen, n)
	return ctx.Err()
}

func (s *sleepRecorder) recorded() (waits []time.Duration, seen []int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.waits...), append([]int(nil), s.seen...)
}

// harness is a client wired to a fake API, with its log and waits recorded.
type harness struct {
	api    *fakeAPI
	client *webex.Client
	log    *syncBuffer
	sleeps *sleepRecorder
}

// newHarness starts a fake API and a client for it. opts are applied after
// the harness's own (static token, test User-Agent, debug logger, recorded
// sleeps), so a test can override them. At the end of the test the log is
// checked for the token.
func newHarness(t *testing.T, respond func(ex exchange) reply, opts ...webex.Option) *harness {
	t.Helper()
	api := newFakeAPI(t, respond)
	h := &harness{api: api, log: &syncBuffer{}, sleeps: &sleepRecorder{api: api}}
	all := append([]webex.Option{
		webex.WithUserAgent(testUA),
		webex.WithLogger(slogTo(h.log)),
		webex.WithSleep(h.sleeps.sleep),
	}, opts...)
	c, err := webex.New(api.URL(), staticTokens(testToken), all...)
	if err != nil {
		t.Fatalf("webex.New: %v", err)
	}
	h.client = c
	t.Cleanup(func() { assertNoSecret(t, "log", h.log.String()) })
	return h
}

// slogTo is a debug-level text logger writing to w.
func slogTo(w io.Writer) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

func staticTokens(tok string) oauth2.TokenSource {
	return oauth2.StaticTokenSource(&oauth2.Token{AccessToken: tok, TokenType: "Bearer"})
}

// assertNoSecret fails if text shows the access token.
func assertNoSecret(t *testing.T, what, text string) {
	t.Helper()
	if strings.Contains(text, testToken) {
		t.Errorf("%s contains the access token: %s", what, text)
	}
	if strings.Contains(text, "Bearer ") {
		t.Errorf("%s contains an Authorization value: %s", what, text)
	}
}

// wantError fails unless err is non-nil, and checks its text for the token.
func wantError(t *testing.T, err error) {
	t.Helper()
	if err == nil {
		t.Fatal("want an error, got nil")
	}
	assertNoSecret(t, "error", err.Error())
}

// exampleFile is the shape of testdata/call-controls.examples.json.
type exampleFile []struct {
	Endpoint         string                     `json:"endpoint"`
	OperationID      string                     `json:"operationId"`
	ExampleRequest   json.RawMessage            `json:"exampleRequest"`
	ExampleResponses map[string]json.RawMessage `json:"exampleResponses"`
}

// exampleBody returns the documented example response of operation opID for status.
func exampleBody(t *testing.T, opID string, status int) string {
	t.Helper()
	var file exampleFile
	decodeTestdata(t, "call-controls.examples.json", &file)
	for _, e := range file {
		if e.OperationID != opID {
			continue
		}
		raw, ok := e.ExampleResponses[strconv.Itoa(status)]
		if !ok {
			t.Fatalf("operation %s has no example for %d", opID, status)
		}
		if string(raw) == "null" {
			return ""
		}
		return string(raw)
	}
	t.Fatalf("no example for operation %s", opID)
	return ""
}

// exampleReply answers with the documented example (validated against the document).
func exampleReply(t *testing.T, opID string, status int) reply {
	t.Helper()
	return reply{Status: status, Body: exampleBody(t, opID, status), Conform: true,
		Header: map[string]string{"Trackingid": "ROUTER_" + opID}}
}

// errorReply answers with Webex's error envelope.
func errorReply(status int, body string, header map[string]string) reply {
	return reply{Status: status, Body: body, Header: header, Conform: true}
}

// decodeTestdata decodes testdata/name into v.
func decodeTestdata(t *testing.T, name string, v any) {
	t.Helper()
	data, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatalf("read %s: %v", name, err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("parse %s: %v", name, err)
	}
}
