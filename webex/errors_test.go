package webex_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/callboard/callboard/webex"
)

// TestErrorEnvelope checks that Webex's error body becomes an *APIError with
// its message, details and tracking ID.
func TestErrorEnvelope(t *testing.T) {
	tests := []struct {
		name        string
		reply       reply
		wantStatus  int
		wantMessage string
		wantDetails []string
		wantTrack   string
		wantText    string
		wantError   string // the whole Error() text
	}{
		{
			name: "body tracking ID wins over the header",
			reply: errorReply(http.StatusNotFound,
				`{"message":"Call not found","errors":[{"description":"The callId does not identify an active call.","errorCode":4410}],"trackingId":"ROUTER_BODY_1"}`,
				map[string]string{"Trackingid": "ROUTER_HEADER_1"}),
			wantStatus: 404, wantMessage: "Call not found",
			wantDetails: []string{"The callId does not identify an active call."},
			wantTrack:   "ROUTER_BODY_1",
			wantText:    "The callId does not identify an active call.",
			wantError:   "hold " + callID + ": 404 Not Found: Call not found; The callId does not identify an active call. (tracking ID ROUTER_BODY_1)",
		},
		{
			name: "header tracking ID when the body has none",
			reply: errorReply(http.StatusBadRequest,
				`{"message":"Invalid call state","errors":[{"description":"Invalid call state"}]}`,
				map[string]string{"Trackingid": "ROUTER_HEADER_2"}),
			wantStatus: 400, wantMessage: "Invalid call state",
			wantDetails: []string{"Invalid call state"},
			wantTrack:   "ROUTER_HEADER_2",
			wantText:    "Invalid call state",
			// A detail that repeats the message is not printed twice.
			wantError: "hold " + callID + ": 400 Bad Request: Invalid call state (tracking ID ROUTER_HEADER_2)",
		},
		{
			name: "several details, empty ones dropped",
			reply: errorReply(http.StatusConflict,
				`{"message":"Conflict","errors":[{"description":""},{"description":"Call is not connected."},{"description":"Call is held."}],"trackingId":"ROUTER_3"}`, nil),
			wantStatus: 409, wantMessage: "Conflict",
			wantDetails: []string{"Call is not connected.", "Call is held."},
			wantTrack:   "ROUTER_3",
			wantText:    "Call is not connected.",
			wantError:   "hold " + callID + ": 409 Conflict: Conflict; Call is not connected.; Call is held. (tracking ID ROUTER_3)",
		},
		{
			name:       "no body at all",
			reply:      errorReply(http.StatusForbidden, "", map[string]string{"Trackingid": "ROUTER_4"}),
			wantStatus: 403, wantTrack: "ROUTER_4",
			wantText:  "Forbidden",
			wantError: "hold " + callID + ": 403 Forbidden (tracking ID ROUTER_4); the operation needs the spark:calls_write scope",
		},
		{
			name: "unknown envelope fields are ignored",
			reply: errorReply(http.StatusInternalServerError,
				`{"message":"Internal error","errorCode":25223,"errors":[{"description":"Backend failure","errorCode":25223,"extra":true}],"trackingId":"ROUTER_5","future":{}}`, nil),
			wantStatus: 500, wantMessage: "Internal error",
			wantDetails: []string{"Backend failure"},
			wantTrack:   "ROUTER_5",
			wantText:    "Backend failure",
			wantError:   "hold " + callID + ": 500 Internal Server Error: Internal error; Backend failure (tracking ID ROUTER_5)",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, always(tc.reply))
			err := h.client.Hold(context.Background(), webex.CallRequest{CallID: callID})
			wantError(t, err)
			var apiErr *webex.APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("want *APIError in %v", err)
			}
			if apiErr.StatusCode != tc.wantStatus || apiErr.Message != tc.wantMessage || apiErr.TrackingID != tc.wantTrack {
				t.Errorf("got status %d message %q tracking %q, want %d %q %q",
					apiErr.StatusCode, apiErr.Message, apiErr.TrackingID, tc.wantStatus, tc.wantMessage, tc.wantTrack)
			}
			if strings.Join(apiErr.Details, "|") != strings.Join(tc.wantDetails, "|") {
				t.Errorf("details %q, want %q", apiErr.Details, tc.wantDetails)
			}
			if got := apiErr.Text(); got != tc.wantText {
				t.Errorf("Text() = %q, want %q", got, tc.wantText)
			}
			if got := err.Error(); got != tc.wantError {
				t.Errorf("Error()\n got %q\nwant %q", got, tc.wantError)
			}
			if got := webex.StatusCode(err); got != tc.wantStatus {
				t.Errorf("StatusCode = %d, want %d", got, tc.wantStatus)
			}
			if errors.Is(err, webex.ErrUnauthenticated) {
				t.Errorf("%d must not match ErrUnauthenticated", tc.wantStatus)
			}
			var limited *webex.RateLimitError
			if errors.As(err, &limited) {
				t.Errorf("%d must not be a *RateLimitError", tc.wantStatus)
			}
			if n := len(h.api.requests()); n != 1 {
				t.Errorf("server saw %d requests, want 1", n)
			}
		})
	}
}

// TestUnauthorized: a 401 matches ErrUnauthenticated, on GETs and POSTs alike,
// and is not retried.
func TestUnauthorized(t *testing.T) {
	body := `{"message":"The request requires a valid access token set in the Authorization request header.","errors":[{"description":"The request requires a valid access token set in the Authorization request header."}],"trackingId":"ROUTER_401"}`
	calls := map[string]func(*webex.Client) error{
		"list calls": func(c *webex.Client) error { _, err := c.ListCalls(context.Background(), ""); return err },
		"dial": func(c *webex.Client) error {
			_, err := c.Dial(context.Background(), webex.DialRequest{Destination: dest})
			return err
		},
		"me": func(c *webex.Client) error { _, err := c.Me(context.Background()); return err },
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			rep := errorReply(http.StatusUnauthorized, body, nil)
			h := newHarness(t, always(rep))
			err := call(h.client)
			wantError(t, err)
			if !errors.Is(err, webex.ErrUnauthenticated) {
				t.Errorf("errors.Is(%v, ErrUnauthenticated) = false", err)
			}
			var tokErr *webex.TokenError
			if errors.As(err, &tokErr) {
				t.Errorf("a 401 is not a *TokenError: %v", err)
			}
			if got := webex.StatusCode(err); got != http.StatusUnauthorized {
				t.Errorf("StatusCode = %d", got)
			}
			if n := len(h.api.requests()); n != 1 {
				t.Errorf("server saw %d requests, want 1", n)
			}
		})
	}
}

// TestNotFound: a stale call id gives a 404 the caller can recognise.
func TestNotFound(t *testing.T) {
	h := newHarness(t, always(errorReply(http.StatusNotFound,
		`{"message":"Not Found","errors":[{"description":"Call not found"}],"trackingId":"ROUTER_404"}`, nil)))
	_, err := h.client.GetCall(context.Background(), callID, "")
	wantError(t, err)
	if got := webex.StatusCode(err); got != http.StatusNotFound {
		t.Errorf("StatusCode = %d, want 404 (%v)", got, err)
	}
	if !strings.HasPrefix(err.Error(), "get call "+callID+": 404 Not Found") {
		t.Errorf("error %q does not name the operation and status", err)
	}
}

// TestSuccessBodyNotJSON: a 2xx whose body cannot be decoded is an error that
// carries the tracking ID, never a zero value passed off as success.
func TestSuccessBodyNotJSON(t *testing.T) {
	tests := []struct {
		name  string
		reply reply
		call  func(*webex.Client) error
		want  []string
	}{
		{
			name:  "list calls answered with text",
			reply: reply{Status: 200, Body: "OK", Header: map[string]string{"Content-Type": "text/plain", "Trackingid": "ROUTER_TXT"}},
			call:  func(c *webex.Client) error { _, err := c.ListCalls(context.Background(), ""); return err },
			want:  []string{"list calls", "Webex sent a reply callboard cannot read (200 OK): cannot decode it", "ROUTER_TXT"},
		},
		{
			name:  "get call answered with truncated JSON",
			reply: reply{Status: 200, Body: `{"id":"` + callID + `","state":"conn`},
			call:  func(c *webex.Client) error { _, err := c.GetCall(context.Background(), callID, ""); return err },
			want:  []string{"get call", "Webex sent a reply callboard cannot read (200 OK): cannot decode it"},
		},
		{
			name:  "dial answered 201 without a body",
			reply: reply{Status: 201, Header: map[string]string{"Trackingid": "ROUTER_EMPTY"}},
			call: func(c *webex.Client) error {
				_, err := c.Dial(context.Background(), webex.DialRequest{Destination: dest})
				return err
			},
			want: []string{"dial " + dest, "Webex sent a reply callboard cannot read (201 Created): it has no body", "ROUTER_EMPTY"},
		},
		{
			name:  "park answered with a wrongly typed field",
			reply: reply{Status: 200, Body: `{"parkedAgainst":{"number":1000}}`},
			call: func(c *webex.Client) error {
				_, err := c.Park(context.Background(), webex.ParkRequest{CallID: callID})
				return err
			},
			want: []string{"park " + callID, "Webex sent a reply callboard cannot read (200 OK): cannot decode it"},
		},
		{
			name:  "history with a bad time",
			reply: reply{Status: 200, Body: `{"items":[{"type":"missed","privacyEnabled":true,"time":"yesterday"}]}`},
			call:  func(c *webex.Client) error { _, err := c.ListHistory(context.Background(), ""); return err },
			want:  []string{"list call history", "Webex sent a reply callboard cannot read (200 OK): cannot decode it", `"yesterday"`},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, always(tc.reply))
			err := tc.call(h.client)
			wantError(t, err)
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
			var apiErr *webex.APIError
			if errors.As(err, &apiErr) {
				t.Errorf("a 2xx must not become an *APIError: %v", err)
			}
			var bad *webex.ReplyError
			if !errors.As(err, &bad) || !errors.Is(err, webex.ErrBadReply) || bad.StatusCode != tc.reply.Status {
				t.Errorf("error %v is not a *ReplyError with status %d matching ErrBadReply", err, tc.reply.Status)
			}
		})
	}
}

// nginxPage is what a proxy in front of Webex answers with.
const nginxPage = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n" +
	"<!-- a padding comment to make the page longer than any error message should be ............................................. -->\r\n</body>\r\n</html>\r\n"

// TestErrorBodyNotJSON: an HTML error page still gives an *APIError with the
// status and a short one-line excerpt.
func TestErrorBodyNotJSON(t *testing.T) {
	h := newHarness(t, always(reply{Status: http.StatusBadGateway, Body: nginxPage,
		Header: map[string]string{"Content-Type": "text/html"}}))
	_, err := h.client.ListCalls(context.Background(), "")
	wantError(t, err)
	var apiErr *webex.APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("want *APIError, got %v", err)
	}
	if apiErr.StatusCode != http.StatusBadGateway {
		t.Errorf("status %d, want 502", apiErr.StatusCode)
	}
	const wantStart = "unexpected response: <html> <head><title>502 Bad Gateway</title></head>"
	if !strings.HasPrefix(apiErr.Message, wantStart) {
		t.Errorf("message %q, want it to start with %q", apiErr.Message, wantStart)
	}
	if strings.ContainsAny(apiErr.Message, "\r\n\t") {
		t.Errorf("message %q spans lines", apiErr.Message)
	}
	if !strings.HasSuffix(apiErr.Message, "…") || len([]rune(apiErr.Message)) > 200 {
		t.Errorf("message %q is not a short excerpt", apiErr.Message)
	}
	if len(apiErr.Details) != 0 || apiErr.TrackingID != "" {
		t.Errorf("details %q, tracking %q: want none", apiErr.Details, apiErr.TrackingID)
	}
}

// TestOversizedBody: the client reads at most DefaultMaxBody bytes.
func TestOversizedBody(t *testing.T) {
	// A valid List Calls reply padded with whitespace to exactly n bytes.
	padded := func(n int) string {
		const head, tail = `{"items":[`, `]}`
		return head + strings.Repeat(" ", n-len(head)-len(tail)) + tail
	}
	t.Run("at the limit", func(t *testing.T) {
		h := newHarness(t, always(reply{Status: 200, Body: padded(webex.DefaultMaxBody)}))
		calls, err := h.client.ListCalls(context.Background(), "")
		if err != nil || len(calls) != 0 {
			t.Fatalf("got %v, %v; want no calls and no error", calls, err)
		}
	})
	for _, status := range []int{http.StatusOK, http.StatusBadRequest} {
		t.Run("beyond the limit "+http.StatusText(status), func(t *testing.T) {
			h := newHarness(t, always(reply{Status: status, Body: padded(webex.DefaultMaxBody + 1)}))
			_, err := h.client.ListCalls(context.Background(), "")
			wantError(t, err)
			if !strings.Contains(err.Error(), "larger than") {
				t.Errorf("error %q does not say the body was too large", err)
			}
			var bad *webex.ReplyError
			if !errors.As(err, &bad) || bad.StatusCode != status {
				t.Errorf("error %v is not a *ReplyError with status %d", err, status)
			}
		})
	}
	t.Run("endless", func(t *testing.T) {
		// The server never stops writing; the client must stop reading.
		h := newHarness(t, always(reply{Raw: func(w http.ResponseWriter, r *http.Request, stop <-chan struct{}) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusOK)
			_, _ = w.Write([]byte(`{"items":[`))
			chunk := []byte(strings.Repeat(" ", 64<<10))
			for {
				select {
				case <-r.Context().Done():
					return
				case <-stop:
					return
				default:
				}
				if _, err := w.Write(chunk); err != nil {
					return
				}
			}
		}}))
		_, err := h.client.ListCalls(context.Background(), "")
		wantError(t, err)
		if !strings.Contains(err.Error(), "larger than") {
			t.Errorf("error %q does not say the body was too large", err)
		}
	})
}

// TestServerHangs: the caller's deadline ends a request the server never
// answers, or never finishes answering.
func TestServerHangs(t *testing.T) {
	tests := []struct {
		name string
		raw  func(w http.ResponseWriter, r *http.Request, stop <-chan struct{})
		call func(ctx context.Context, c *webex.Client) error
	}{
		{
			name: "no response to a GET",
			raw:  hang,
			call: func(ctx context.Context, c *webex.Client) error { _, err := c.ListCalls(ctx, ""); return err },
		},
		{
			name: "no response to a POST",
			raw:  hang,
			call: func(ctx context.Context, c *webex.Client) error {
				_, err := c.Dial(ctx, webex.DialRequest{Destination: dest})
				return err
			},
		},
		{
			name: "headers then a stalled body",
			raw: func(w http.ResponseWriter, r *http.Request, stop <-chan struct{}) {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusOK)
				_, _ = w.Write([]byte(`{"items":[`))
				w.(http.Flusher).Flush()
				hang(w, r, stop)
			},
			call: func(ctx context.Context, c *webex.Client) error { _, err := c.ListCalls(ctx, ""); return err },
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, always(reply{Raw: tc.raw}))
			ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
			defer cancel()
			err := tc.call(ctx, h.client)
			wantError(t, err)
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("want context.DeadlineExceeded in %v", err)
			}
			if n := len(h.api.requests()); n != 1 {
				t.Errorf("server saw %d requests, want 1", n)
			}
			if w, _ := h.sleeps.recorded(); len(w) != 0 {
				t.Errorf("client waited %v; a timeout is never retried", w)
			}
		})
	}
}

// failingTokens is a token source whose refresh Webex refuses.
type failingTokens struct{ err error }

func (f failingTokens) Token() (*oauth2.Token, error) { return nil, f.err }

// fixedTokens returns whatever it was given, error or not.
type fixedTokens struct {
	tok *oauth2.Token
	err error
}

func (f fixedTokens) Token() (*oauth2.Token, error) { return f.tok, f.err }

// expiringTokens gives one good token, then fails as a refresh would.
type expiringTokens struct {
	mu   sync.Mutex
	used bool
}

func (e *expiringTokens) Token() (*oauth2.Token, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.used {
		return nil, &oauth2.RetrieveError{
			Response:         &http.Response{StatusCode: http.StatusBadRequest, Status: "400 Bad Request"},
			Body:             []byte(`{"error":"invalid_grant","error_description":"The refresh token provided is expired, revoked, malformed, or invalid."}`),
			ErrorCode:        "invalid_grant",
			ErrorDescription: "The refresh token provided is expired, revoked, malformed, or invalid.",
		}
	}
	e.used = true
	return &oauth2.Token{AccessToken: testToken, TokenType: "Bearer", Expiry: time.Now().Add(time.Hour)}, nil
}

// TestTokenSourceFails: no request is sent without a token, the error is a
// *TokenError matching ErrUnauthenticated, and no token text leaks.
func TestTokenSourceFails(t *testing.T) {
	refused := &oauth2.RetrieveError{Response: &http.Response{StatusCode: http.StatusBadRequest}, ErrorCode: "invalid_grant"}
	tests := []struct {
		name   string
		tokens oauth2.TokenSource
		cause  error // must be in the chain, when set
	}{
		{name: "refresh refused", tokens: failingTokens{err: refused}, cause: refused},
		{name: "token returned alongside an error", tokens: fixedTokens{tok: &oauth2.Token{AccessToken: testToken}, err: refused}, cause: refused},
		{name: "nil token", tokens: fixedTokens{}},
		{name: "empty token", tokens: fixedTokens{tok: &oauth2.Token{TokenType: "Bearer"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			api := newFakeAPI(t, always(exampleReply(t, "hold", 204)))
			log := &syncBuffer{}
			c, err := webex.New(api.URL(), tc.tokens, webex.WithUserAgent(testUA), webex.WithLogger(slogTo(log)))
			if err != nil {
				t.Fatal(err)
			}
			err = c.Hold(context.Background(), webex.CallRequest{CallID: callID})
			wantError(t, err)
			var tokErr *webex.TokenError
			if !errors.As(err, &tokErr) {
				t.Fatalf("want *TokenError, got %T %v", err, err)
			}
			if !errors.Is(err, webex.ErrUnauthenticated) {
				t.Errorf("errors.Is(%v, ErrUnauthenticated) = false", err)
			}
			if tc.cause != nil && !errors.Is(err, tc.cause) {
				t.Errorf("the token source's error is not in the chain of %v", err)
			}
			if webex.StatusCode(err) != 0 {
				t.Errorf("StatusCode = %d, want 0 (no response)", webex.StatusCode(err))
			}
			if n := len(api.requests()); n != 0 {
				t.Errorf("server saw %d requests without a token", n)
			}
			assertNoSecret(t, "log", log.String())
		})
	}
	t.Run("refresh fails after a good token", func(t *testing.T) {
		api := newFakeAPI(t, always(exampleReply(t, "listcalls", 200)))
		log := &syncBuffer{}
		c, err := webex.New(api.URL(), &expiringTokens{}, webex.WithUserAgent(testUA), webex.WithLogger(slogTo(log)))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.ListCalls(context.Background(), ""); err != nil {
			t.Fatalf("first request: %v", err)
		}
		_, err = c.ListCalls(context.Background(), lineOwner)
		wantError(t, err)
		var retrieve *oauth2.RetrieveError
		if !errors.As(err, &retrieve) || !errors.Is(err, webex.ErrUnauthenticated) {
			t.Errorf("want a *RetrieveError matching ErrUnauthenticated, got %v", err)
		}
		if n := len(api.requests()); n != 1 {
			t.Errorf("server saw %d requests, want 1", n)
		}
		assertNoSecret(t, "log", log.String())
	})
}

// TestTokenEndpointUnreachable: being offline is not a reason to sign in again.
func TestTokenEndpointUnreachable(t *testing.T) {
	offline := &url.Error{Op: "Post", URL: "https://webexapis.com/v1/access_token", Err: errors.New("connection refused")}
	api := newFakeAPI(t, always(exampleReply(t, "hold", 204)))
	c, err := webex.New(api.URL(), failingTokens{err: offline}, webex.WithUserAgent(testUA))
	if err != nil {
		t.Fatal(err)
	}
	err = c.Hold(context.Background(), webex.CallRequest{CallID: callID})
	var tokErr *webex.TokenError
	if !errors.As(err, &tokErr) {
		t.Fatalf("want *TokenError, got %T %v", err, err)
	}
	if errors.Is(err, webex.ErrUnauthenticated) {
		t.Errorf("an unreachable token endpoint matched ErrUnauthenticated: %v", err)
	}
}

// TestRedirectNotFollowed: a redirect is reported, never followed (following
// would turn a POST into a GET without its body).
func TestRedirectNotFollowed(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		http.Redirect(w, r, "/elsewhere", http.StatusFound)
	}))
	t.Cleanup(srv.Close)
	c, err := webex.New(srv.URL+"/v1", oauth2.StaticTokenSource(&oauth2.Token{AccessToken: testToken}))
	if err != nil {
		t.Fatal(err)
	}
	err = c.Hold(context.Background(), webex.CallRequest{CallID: callID})
	if got := webex.StatusCode(err); got != http.StatusFound {
		t.Fatalf("status = %d (%v), want 302 reported as an error", got, err)
	}
	if n := hits.Load(); n != 1 {
		t.Errorf("server saw %d requests, want 1", n)
	}
}

// TestUnnamedStatusAndLongMessage: a status without a name still reads well,
// and a message from Webex is kept to one screen line's worth.
func TestUnnamedStatusAndLongMessage(t *testing.T) {
	resp := &http.Response{StatusCode: 514, Header: http.Header{}}
	err := webex.ParseError(resp, nil)
	var apiErr *webex.APIError
	if !errors.As(err, &apiErr) || apiErr.Text() != "HTTP 514" || !strings.HasPrefix(apiErr.Error(), "HTTP 514") {
		t.Errorf("514 with no body: Text() = %q, Error() = %q", apiErr.Text(), apiErr.Error())
	}
	long := strings.Repeat("x", 5000)
	err = webex.ParseError(&http.Response{StatusCode: 400, Header: http.Header{}}, []byte(`{"message":"`+long+`"}`))
	if !errors.As(err, &apiErr) || len([]rune(apiErr.Message)) > 301 {
		t.Errorf("a 5,000-character message was kept at %d characters", len([]rune(apiErr.Message)))
	}
}

// TestTokenEndpointOutage: a token endpoint that answers 503 (or anything
// but a refusal of the grant) is an outage, not a reason to sign in again.
func TestTokenEndpointOutage(t *testing.T) {
	outage := &oauth2.RetrieveError{Response: &http.Response{StatusCode: http.StatusServiceUnavailable}}
	api := newFakeAPI(t, always(exampleReply(t, "hold", 204)))
	c, err := webex.New(api.URL(), failingTokens{err: outage}, webex.WithUserAgent(testUA))
	if err != nil {
		t.Fatal(err)
	}
	err = c.Hold(context.Background(), webex.CallRequest{CallID: callID})
	var tokErr *webex.TokenError
	if !errors.As(err, &tokErr) || errors.Is(err, webex.ErrUnauthenticated) {
		t.Errorf("a 503 from the token endpoint: %v (unauthenticated: %v)", err, errors.Is(err, webex.ErrUnauthenticated))
	}
}
