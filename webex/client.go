package webex

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"golang.org/x/oauth2"

	"github.com/callboard/callboard/internal/textsafe"
)

// DefaultBaseURL is the Webex REST API.
const DefaultBaseURL = "https://webexapis.com/v1"

const (
	// defaultMaxBody bounds how much of a response is read: a List Calls reply
	// for even a busy line is a few kilobytes.
	defaultMaxBody = 4 << 20
	// defaultRetryAfter is assumed when a 429 carries no usable Retry-After.
	defaultRetryAfter = 5 * time.Second
)

// Client calls the Webex Call Controls API. It is safe for concurrent use;
// create one and reuse it (it reuses one http.Client and its connections).
type Client struct {
	base          *url.URL
	http          *http.Client
	tokens        oauth2.TokenSource
	userAgent     string
	rateLimit     RateLimitPolicy
	onRateLimit   func(op string, asked, wait time.Duration)
	sleep         func(ctx context.Context, d time.Duration) error
	logger        *slog.Logger
	newTrackingID func() string
	maxBody       int64
}

// Option configures a Client.
type Option func(*Client)

// WithHTTPClient sets the http.Client used for every request.
func WithHTTPClient(h *http.Client) Option { return func(c *Client) { c.http = h } }

// WithUserAgent sets the User-Agent header.
func WithUserAgent(ua string) Option { return func(c *Client) { c.userAgent = ua } }

// RateLimitPolicy decides what follows the attempt-th 429 (counting from 1)
// of one request, when Webex asked to wait retryAfter: wait that long (capped
// reports a wait cut short of what Webex asked) and send it again, unless
// retry is false. A 429 is the only failure ever sent again: Webex did not
// act on such a request, so sending it again cannot duplicate a call.
type RateLimitPolicy func(attempt int, retryAfter time.Duration) (wait time.Duration, capped, retry bool)

// WithRateLimit sets the policy for 429 replies. Without one, the
// *RateLimitError is returned at once for the caller to schedule.
func WithRateLimit(p RateLimitPolicy) Option { return func(c *Client) { c.rateLimit = p } }

// WithRateLimitNotify registers fn, called before each wait for a 429 with
// what Webex asked and how long the client waits.
func WithRateLimitNotify(fn func(op string, asked, wait time.Duration)) Option {
	return func(c *Client) { c.onRateLimit = fn }
}

// WithLogger logs each request (method, path, status, tracking ID, duration)
// at debug level. Headers and bodies are never logged.
func WithLogger(l *slog.Logger) Option { return func(c *Client) { c.logger = l } }

// WithSleep replaces the wait used before a 429 retry (tests use it to avoid real waits).
func WithSleep(fn func(ctx context.Context, d time.Duration) error) Option {
	return func(c *Client) { c.sleep = fn }
}

// WithTrackingIDs replaces the generator of TrackingID request headers.
func WithTrackingIDs(fn func() string) Option { return func(c *Client) { c.newTrackingID = fn } }

// New returns a client for the API at baseURL (such as DefaultBaseURL),
// authenticating with tokens.
func New(baseURL string, tokens oauth2.TokenSource, opts ...Option) (*Client, error) {
	if tokens == nil {
		return nil, errors.New("webex client: no token source")
	}
	if err := CheckBaseURL(baseURL); err != nil {
		return nil, fmt.Errorf("webex client: %w", err)
	}
	base, _ := url.Parse(strings.TrimRight(baseURL, "/"))
	c := &Client{
		base: base,
		http: &http.Client{
			Transport: http.DefaultTransport.(*http.Transport).Clone(),
			// The API never redirects; following one would turn a POST into a GET.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
		tokens:        tokens,
		userAgent:     "callboard",
		sleep:         sleepContext,
		newTrackingID: newTrackingID,
		maxBody:       defaultMaxBody,
	}
	for _, opt := range opts {
		opt(c)
	}
	return c, nil
}

// CheckBaseURL refuses a base URL that is not an absolute http(s) URL, or
// that would carry credentials in clear text to another machine: plain http
// is accepted only for this machine (a simulator).
func CheckBaseURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("base URL: %w", err)
	}
	if (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return fmt.Errorf("base URL %q must be an absolute https URL", raw)
	}
	if u.Scheme == "http" && !IsLoopback(raw) {
		return fmt.Errorf("base URL %q: plain http would send the token unencrypted to %s; use https", raw, u.Hostname())
	}
	return nil
}

// IsLoopback reports whether rawURL's host is this machine.
func IsLoopback(rawURL string) bool {
	u, err := url.Parse(rawURL)
	if err != nil {
		return false
	}
	host := u.Hostname()
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// BaseURL returns the API base URL the client talks to.
func (c *Client) BaseURL() string { return c.base.String() }

func sleepContext(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// newTrackingID makes a TrackingID header value in the form Webex's SDKs use.
// The ID only ties a request to Webex's logs: the runtime's generator is
// random enough for that and, unlike crypto/rand, asks the kernel nothing on
// every request of an idle console.
func newTrackingID() string {
	var b [16]byte
	binary.LittleEndian.PutUint64(b[:8], rand.Uint64())
	binary.LittleEndian.PutUint64(b[8:], rand.Uint64())
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return "CALLBOARD_" + h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

// do sends one operation (path escaped, below the base URL) and decodes a successful body into out (when out is
// non-nil and the response has a body). It returns the HTTP status.
func (c *Client) do(ctx context.Context, op, method, path string, query url.Values, body, out any) (int, error) {
	u, err := c.endpoint(path, query)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", op, err)
	}
	status, _, err := c.doURL(ctx, op, method, u, scopeFor(method, path), body, out)
	return status, err
}

// endpoint is the URL of path (already escaped: call ids may contain '/',
// '+' or '=') below the base URL, with query.
func (c *Client) endpoint(path string, query url.Values) (*url.URL, error) {
	u := *c.base
	u.RawPath = c.base.EscapedPath() + path
	unescaped, err := url.PathUnescape(u.RawPath)
	if err != nil {
		return nil, fmt.Errorf("request path: %w", err)
	}
	u.Path = unescaped
	u.RawQuery = query.Encode()
	return &u, nil
}

// doURL sends one operation to u, waiting out and retrying 429s. A 403 from
// an operation that needs scope becomes a *ScopeError. It returns the status
// and the response headers of the final exchange.
func (c *Client) doURL(ctx context.Context, op, method string, u *url.URL, scope string, body, out any) (int, http.Header, error) {
	var payload []byte
	if body != nil {
		var err error
		if payload, err = json.Marshal(body); err != nil {
			return 0, nil, fmt.Errorf("%s: encode request: %w", op, err)
		}
	}
	for attempt := 1; ; attempt++ {
		status, header, err := c.send(ctx, method, u, payload, out)
		var limited *RateLimitError
		if errors.As(err, &limited) && c.rateLimit != nil {
			// A wait that cannot end before the caller's deadline is not
			// begun: the caller hears of the 429 at once instead.
			wait, _, retry := c.rateLimit(attempt, limited.RetryAfter)
			if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < wait {
				retry = false
			}
			if retry {
				if c.onRateLimit != nil {
					c.onRateLimit(op, limited.RetryAfter, wait)
				}
				if err := c.sleep(ctx, wait); err != nil {
					return 0, nil, fmt.Errorf("%s: waiting out rate limit: %w", op, err)
				}
				continue
			}
		}
		if err != nil {
			return status, header, fmt.Errorf("%s: %w", op, withScope(err, scope))
		}
		return status, header, nil
	}
}

// send performs a single HTTP exchange.
func (c *Client) send(ctx context.Context, method string, u *url.URL, payload []byte, out any) (int, http.Header, error) {
	path := strings.TrimPrefix(u.EscapedPath(), c.base.EscapedPath())
	var reqBody io.Reader
	if payload != nil {
		reqBody = bytes.NewReader(payload)
	}
	req, err := http.NewRequestWithContext(ctx, method, u.String(), reqBody)
	if err != nil {
		return 0, nil, err
	}
	tok, err := c.tokens.Token()
	if err != nil {
		return 0, nil, &TokenError{Err: err}
	}
	if tok == nil || tok.AccessToken == "" {
		return 0, nil, &TokenError{Err: errNoAccessToken}
	}
	req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
	req.Header.Set("Accept", "application/json")
	if reqBody != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	trackingID := c.newTrackingID()
	req.Header.Set("TrackingID", trackingID)
	req.Header.Set("User-Agent", c.userAgent)

	start := time.Now()
	resp, err := c.http.Do(req)
	if err != nil {
		c.log(method, path, 0, trackingID, start, err)
		return 0, nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, c.maxBody+1))
	if err != nil {
		c.log(method, path, resp.StatusCode, trackingID, start, err)
		return resp.StatusCode, resp.Header, fmt.Errorf("read %d response: %w", resp.StatusCode, err)
	}
	// The header is the server's text, and bytes >= 0x80 pass net/http:
	// it is quoted in errors shown on a terminal, so it is made plain.
	if id := textsafe.Clip(textsafe.Line(resp.Header.Get("Trackingid")), maxTrackingID); id != "" {
		trackingID = id
	}
	if int64(len(data)) > c.maxBody {
		c.log(method, path, resp.StatusCode, trackingID, start, nil)
		return resp.StatusCode, resp.Header, &ReplyError{StatusCode: resp.StatusCode, TrackingID: trackingID,
			Reason: fmt.Sprintf("it is larger than %d bytes", c.maxBody)}
	}
	c.log(method, path, resp.StatusCode, trackingID, start, nil)

	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return resp.StatusCode, resp.Header, parseError(resp, data)
	}
	if out == nil || resp.StatusCode == http.StatusNoContent {
		return resp.StatusCode, resp.Header, nil
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return resp.StatusCode, resp.Header, &ReplyError{StatusCode: resp.StatusCode, TrackingID: trackingID, Reason: "it has no body"}
	}
	if err := json.Unmarshal(data, out); err != nil {
		return resp.StatusCode, resp.Header, &ReplyError{StatusCode: resp.StatusCode, TrackingID: trackingID,
			Reason: "cannot decode it: " + textsafe.Clip(textsafe.Line(err.Error()), maxMessage), Err: err}
	}
	return resp.StatusCode, resp.Header, nil
}

func (c *Client) log(method, path string, status int, trackingID string, start time.Time, err error) {
	// Asked first: without --debug the console polls all day into a
	// logger that discards, and the attributes cost more than the check.
	if c.logger == nil || !c.logger.Enabled(context.Background(), slog.LevelDebug) {
		return
	}
	attrs := []any{"method", method, "path", path, "status", status, "trackingId", trackingID,
		"duration", time.Since(start).Round(time.Millisecond)}
	if err != nil {
		attrs = append(attrs, "error", err.Error())
	}
	c.logger.Debug("webex request", attrs...)
}

// parseError turns a non-2xx response into an *APIError or *RateLimitError.
// A body that is not Webex's envelope (a proxy's HTML page, say) still yields
// a readable message.
func parseError(resp *http.Response, data []byte) error {
	// Everything taken from the response is made printable: it is shown on
	// a terminal, where an escape sequence in a message would act.
	apiErr := APIError{StatusCode: resp.StatusCode, TrackingID: textsafe.Line(resp.Header.Get("Trackingid"))}
	var env ErrorBody
	if json.Unmarshal(data, &env) == nil && (env.Message != "" || len(env.Errors) > 0 || env.TrackingID != "") {
		apiErr.Message = textsafe.Clip(textsafe.Line(env.Message), maxMessage)
		for _, d := range env.Errors {
			if desc := textsafe.Clip(textsafe.Line(d.Description), maxMessage); desc != "" {
				apiErr.Details = append(apiErr.Details, desc)
			}
			if d.ErrorCode != 0 {
				apiErr.Codes = append(apiErr.Codes, d.ErrorCode)
			}
		}
		if id := textsafe.Line(env.TrackingID); id != "" {
			apiErr.TrackingID = id
		}
	} else {
		apiErr.Message = snippet(data)
	}
	if resp.StatusCode == http.StatusTooManyRequests {
		return &RateLimitError{APIError: apiErr, RetryAfter: retryAfter(resp.Header.Get("Retry-After"), time.Now())}
	}
	return &apiErr
}

// retryAfter reads a Retry-After header: delay-seconds or an HTTP date.
func retryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return defaultRetryAfter
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil || errors.Is(err, strconv.ErrRange) {
		switch {
		case secs < 0:
			return defaultRetryAfter
		case secs > int64(math.MaxInt64/time.Second):
			// Longer than a Duration holds: saturate rather than wrap to a
			// short or negative wait that would retry at once.
			return math.MaxInt64
		}
		return time.Duration(secs) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := t.Sub(now); d > 0 {
			return d.Round(time.Second)
		}
		return 0
	}
	return defaultRetryAfter
}

// maxMessage bounds a message from Webex: it is shown on one line.
const maxMessage = 300

// maxTrackingID bounds a tracking ID taken from a header; Webex's are under 60
// characters.
const maxTrackingID = 120

// snippet makes a short printable excerpt of a body that is not JSON.
func snippet(data []byte) string {
	s := textsafe.Clip(textsafe.Line(string(data)), 120)
	if s == "" {
		return ""
	}
	return "unexpected response: " + s
}
