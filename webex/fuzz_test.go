package webex_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/callboard/callboard/internal/leakcheck"
	"github.com/callboard/callboard/webex"
)

// The fuzz targets feed arbitrary responses through the client's whole
// receive path (read, size limit, status dispatch, JSON decoding, error
// parsing) with the transport replaced by one that answers from memory:
// nothing listens, so each input costs microseconds rather than a
// connection. Their seed corpora are in testdata/fuzz: the documented
// examples and hostile bodies.

// fuzzToken is the access token the fuzzed client sends. No error may
// repeat it, unless the fuzzed response itself carries it.
const fuzzToken = "fuzz-bearer-Q2FsbGJvYXJk-8c41e0d7a5b2"

// fuzzClient returns a client whose every request is answered with status,
// header and body, and a buffer holding its debug log. A 429 is not
// retried, so the client's answer is the response's.
func fuzzClient(t *testing.T, status int, header http.Header, body []byte) (*webex.Client, *syncBuffer) {
	t.Helper()
	transport := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		return &http.Response{
			Status:        fmt.Sprintf("%d %s", status, http.StatusText(status)),
			StatusCode:    status,
			Proto:         "HTTP/1.1",
			ProtoMajor:    1,
			ProtoMinor:    1,
			Header:        header.Clone(),
			Body:          io.NopCloser(bytes.NewReader(body)),
			ContentLength: int64(len(body)),
			Request:       r,
		}, nil
	})
	log := &syncBuffer{}
	c, err := webex.New("https://api.webex.invalid/v1", staticTokens(fuzzToken),
		webex.WithHTTPClient(&http.Client{Transport: transport}),
		webex.WithLogger(slogTo(log)),
	)
	if err != nil {
		t.Fatalf("webex.New: %v", err)
	}
	return c, log
}

// newLeakChecker looks for the fuzzed client's token.
func newLeakChecker(f *testing.F) *leakcheck.Checker {
	f.Helper()
	lc, err := leakcheck.New(leakcheck.Secret{Name: "access token", Value: fuzzToken})
	if err != nil {
		f.Fatal(err)
	}
	return lc
}

// checkNoToken fails if the error or the log shows the token in any
// encoding, unless the response (input) already held it: echoing what the
// server sent is not a leak of the client's.
func checkNoToken(t *testing.T, lc *leakcheck.Checker, input string, err error, log string) {
	t.Helper()
	if len(lc.Text("response", input)) > 0 {
		return
	}
	if err != nil {
		for _, h := range lc.Text("error", err.Error()) {
			t.Errorf("the error shows the access token: %s", h)
		}
	}
	for _, h := range lc.Text("log", log) {
		t.Errorf("the log shows the access token: %s", h)
	}
}

// FuzzDecodeCallList checks List Calls on arbitrary 200 bodies: no panic,
// a decode failure is an error naming the operation, and what decodes
// survives encoding and decoding again.
func FuzzDecodeCallList(f *testing.F) {
	lc := newLeakChecker(f)
	f.Fuzz(func(t *testing.T, body []byte) {
		c, log := fuzzClient(t, http.StatusOK, nil, body)
		calls, err := c.ListCalls(context.Background(), "")
		checkNoToken(t, lc, string(body), err, log.String())
		if err != nil {
			checkDecodeError(t, err, "list calls")
			if calls != nil {
				t.Fatalf("ListCalls returned %d calls with its error", len(calls))
			}
			return
		}
		checkRoundTrip(t, webex.CallList{Items: calls}, func(v *webex.CallList) {
			for i := range v.Items {
				normalizeCall(&v.Items[i])
			}
		})
	})
}

// FuzzDecodeCall checks Get Call Details on arbitrary 200 bodies, as
// FuzzDecodeCallList does for the list.
func FuzzDecodeCall(f *testing.F) {
	lc := newLeakChecker(f)
	f.Fuzz(func(t *testing.T, body []byte) {
		c, log := fuzzClient(t, http.StatusOK, nil, body)
		call, err := c.GetCall(context.Background(), "Y2lzY29zcGFyazovL3VzL0NBTEwv", "")
		checkNoToken(t, lc, string(body), err, log.String())
		if err != nil {
			checkDecodeError(t, err, "get call Y2lzY29zcGFyazovL3VzL0NBTEwv")
			return
		}
		checkRoundTrip(t, call, normalizeCall)
	})
}

// FuzzDecodeHistory checks List Call History on arbitrary 200 bodies, as
// FuzzDecodeCallList does for calls.
func FuzzDecodeHistory(f *testing.F) {
	lc := newLeakChecker(f)
	f.Fuzz(func(t *testing.T, body []byte) {
		c, log := fuzzClient(t, http.StatusOK, nil, body)
		records, err := c.ListHistory(context.Background(), "")
		checkNoToken(t, lc, string(body), err, log.String())
		if err != nil {
			checkDecodeError(t, err, "list call history")
			if records != nil {
				t.Fatalf("ListHistory returned %d records with its error", len(records))
			}
			return
		}
		checkRoundTrip(t, webex.HistoryList{Items: records}, func(v *webex.HistoryList) {
			for i := range v.Items {
				v.Items[i].Time = webex.Timestamp{}
			}
		})
	})
}

// FuzzDecodeError checks the client on arbitrary failures: any status that
// is not 2xx, any Retry-After and Trackingid header, any body. The result
// is always an *APIError with that status (a *RateLimitError for 429, with
// a wait that is not negative), and everything it says is printable text:
// it ends up on the user's terminal, where control characters would move
// the cursor, recolour the screen or retitle the window.
func FuzzDecodeError(f *testing.F) {
	lc := newLeakChecker(f)
	f.Fuzz(func(t *testing.T, code int, retryAfter, trackingID string, body []byte) {
		status := errorStatus(code)
		header := http.Header{}
		if retryAfter != "" {
			header["Retry-After"] = []string{retryAfter}
		}
		if trackingID != "" {
			header["Trackingid"] = []string{trackingID}
		}
		c, log := fuzzClient(t, status, header, body)
		err := c.Hold(context.Background(), webex.CallRequest{CallID: "call-1"})
		checkNoToken(t, lc, retryAfter+"\n"+trackingID+"\n"+string(body), err, log.String())

		var apiErr *webex.APIError
		if !errors.As(err, &apiErr) {
			t.Fatalf("status %d: error %v is not an *APIError", status, err)
		}
		if apiErr.StatusCode != status || webex.StatusCode(err) != status {
			t.Errorf("status %d: APIError.StatusCode %d, StatusCode(err) %d", status, apiErr.StatusCode, webex.StatusCode(err))
		}
		if want := "hold call-1: "; !strings.HasPrefix(err.Error(), want) {
			t.Errorf("error %q does not start with %q", err, want)
		}
		var limited *webex.RateLimitError
		switch isLimited := errors.As(err, &limited); {
		case status == http.StatusTooManyRequests && !isLimited:
			t.Errorf("429: error %v is not a *RateLimitError", err)
		case status != http.StatusTooManyRequests && isLimited:
			t.Errorf("status %d: error %v is a *RateLimitError", status, err)
		case isLimited && limited.RetryAfter < 0:
			t.Errorf("Retry-After %q gave a negative wait %s", retryAfter, limited.RetryAfter)
		}
		if is := errors.Is(err, webex.ErrUnauthenticated); is != (status == http.StatusUnauthorized) {
			t.Errorf("status %d: errors.Is(err, ErrUnauthenticated) = %t", status, is)
		}
		checkPrintable(t, "Message", apiErr.Message)
		for i, d := range apiErr.Details {
			checkPrintable(t, fmt.Sprintf("Details[%d]", i), d)
		}
		checkPrintable(t, "TrackingID", apiErr.TrackingID)
		checkPrintable(t, "Text()", apiErr.Text())
		checkPrintable(t, "Error()", err.Error())
	})
}

// errorStatus maps any integer onto a status a server could send that is
// not a success: 100-199 or 300-999. Codes already in that range are kept,
// so seeds can name the status they mean.
func errorStatus(code int) int {
	if code >= 100 && code <= 999 && (code < 200 || code > 299) {
		return code
	}
	s := int(uint(code)%800) + 100
	if s >= 200 {
		s += 100
	}
	return s
}

// checkDecodeError checks the error for a body that would not decode: it
// names the operation and is no *APIError (the server did succeed).
func checkDecodeError(t *testing.T, err error, op string) {
	t.Helper()
	if !strings.HasPrefix(err.Error(), op+": ") {
		t.Errorf("error %q does not name the operation %q", err, op)
	}
	var apiErr *webex.APIError
	if errors.As(err, &apiErr) {
		t.Errorf("a 200 response gave an *APIError: %v", err)
	}
}

// checkRoundTrip checks that a decoded value encodes, decodes again to the
// same value, and that its encoding is then stable. Two differences are
// allowed, and normalize removes them before the values are compared: a
// timestamp is compared through the encoding alone (Webex's form keeps
// milliseconds in UTC, so a finer time or another zone changes on the
// first round, as Timestamp documents), and an empty list that the
// encoding omits comes back nil.
func checkRoundTrip[T any](t *testing.T, decoded T, normalize func(*T)) {
	t.Helper()
	first, err := json.Marshal(decoded)
	if err != nil {
		t.Fatalf("decoded value does not encode: %v\n%+v", err, decoded)
	}
	var again T
	if err := json.Unmarshal(first, &again); err != nil {
		t.Fatalf("encoding of a decoded value does not decode: %v\n%s", err, first)
	}
	second, err := json.Marshal(again)
	if err != nil {
		t.Fatalf("re-decoded value does not encode: %v", err)
	}
	if !bytes.Equal(first, second) {
		t.Fatalf("encoding is not stable:\nfirst  %s\nsecond %s", first, second)
	}
	normalize(&decoded)
	normalize(&again)
	if !reflect.DeepEqual(decoded, again) {
		t.Fatalf("value changed through encoding and decoding:\nbefore %+v\nafter  %+v", decoded, again)
	}
}

// normalizeCall blanks a call's timestamps and makes an empty list of
// redirections nil.
func normalizeCall(c *webex.Call) {
	c.Created, c.Answered = webex.Timestamp{}, webex.Timestamp{}
	if len(c.Redirections) == 0 {
		c.Redirections = nil
	}
}

// checkPrintable fails unless s is valid UTF-8 made of printable
// characters and plain spaces only.
func checkPrintable(t *testing.T, what, s string) {
	t.Helper()
	if !utf8.ValidString(s) {
		t.Errorf("%s %q is not valid UTF-8", what, s)
		return
	}
	if i := strings.IndexFunc(s, func(r rune) bool { return !unicode.IsPrint(r) }); i >= 0 {
		r, _ := utf8.DecodeRuneInString(s[i:])
		t.Errorf("%s %q holds the unprintable %U at byte %d", what, s, r, i)
	}
}
