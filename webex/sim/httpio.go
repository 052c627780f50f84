package sim

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"reflect"
	"strconv"
	"strings"

	"github.com/callboard/callboard/webex"
)

// maxBody bounds a request body; the largest real request is a few hundred bytes.
const maxBody = 64 << 10

// contentTypeJSON is the Content-Type of every JSON response, as Webex sends it.
const contentTypeJSON = "application/json;charset=UTF-8"

// reply is a handler's answer: a status and a value to encode (nil for no
// body), or an error to report in Webex's envelope.
type reply struct {
	status int
	body   any
	err    error
	header http.Header // extra response headers of a success (Link)
}

func ok(status int, body any) reply { return reply{status: status, body: body} }
func fail(err error) reply          { return reply{err: err} }

// statusOf is the HTTP status the reply will have.
func (r reply) statusOf() int {
	if r.err != nil {
		var e *Error
		if errors.As(r.err, &e) {
			return e.Status
		}
		return http.StatusInternalServerError
	}
	return r.status
}

// write sends the reply. Errors go out in Webex's envelope with the
// request's tracking id.
func (r reply) write(w http.ResponseWriter, trackingID string) {
	if r.err != nil {
		var e *Error
		if !errors.As(r.err, &e) {
			e = &Error{Status: http.StatusInternalServerError, Message: "internal error: " + r.err.Error()}
		}
		if e.allow != "" {
			w.Header().Set("Allow", e.allow)
		}
		if e.retryAfter > 0 {
			w.Header().Set("Retry-After", strconv.Itoa(e.retryAfter))
		}
		description := e.Message
		if e.detail != "" {
			description = e.detail
		}
		writeJSON(w, e.Status, webex.ErrorBody{
			Message:    e.Message,
			Errors:     []webex.ErrorDetail{{Description: description, ErrorCode: e.Code}},
			TrackingID: trackingID,
		})
		return
	}
	for k, v := range r.header {
		w.Header()[k] = v
	}
	if r.body == nil {
		w.WriteHeader(r.status)
		return
	}
	writeJSON(w, r.status, r.body)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status = http.StatusInternalServerError
		b = []byte(`{"message":"internal error: encoding the response failed"}`)
	}
	w.Header().Set("Content-Type", contentTypeJSON)
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// methodNotAllowed is the refusal of a method the path does not serve.
func methodNotAllowed(method, path, allow string) error {
	return &Error{
		Status:  http.StatusMethodNotAllowed,
		Message: fmt.Sprintf("%s is not allowed on %s; use %s", method, path, allow),
		allow:   allow,
	}
}

// readBody reads a request body of at most maxBody bytes.
func readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, badRequest("request body is larger than %d bytes", maxBody)
		}
		return nil, badRequest("reading the request body: %v", err)
	}
	return body, nil
}

// checkContentType refuses a body that is not declared as JSON. A request
// without a body needs no Content-Type.
func checkContentType(r *http.Request, body []byte) error {
	ct := r.Header.Get("Content-Type")
	if ct == "" {
		if len(bytes.TrimSpace(body)) == 0 {
			return nil
		}
		return newError(http.StatusUnsupportedMediaType, "Content-Type is missing; send the body as application/json")
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil || mt != "application/json" {
		return newError(http.StatusUnsupportedMediaType, "Content-Type %q is not supported; send the body as application/json", ct)
	}
	return nil
}

// decodeJSON decodes a request body into dst, which must be a pointer to a
// struct. Unknown fields, wrong types and trailing data are refused with a
// message naming the problem. An empty body is an empty object.
func decodeJSON(body []byte, dst any) error {
	body = bytes.TrimSpace(body)
	if len(body) == 0 {
		body = []byte("{}")
	}
	if body[0] != '{' {
		if !json.Valid(body) {
			return badRequest("request body is not valid JSON")
		}
		return badRequest("request body must be a JSON object")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return badRequest("%s", describeJSONError(err))
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return badRequest("request body has data after the JSON object")
	}
	return nil
}

// describeJSONError turns a decoding error into a message for the caller.
func describeJSONError(err error) string {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		return fmt.Sprintf("request body is not valid JSON: %s (at byte %d)", strings.TrimPrefix(syntax.Error(), "json: "), syntax.Offset)
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			field = "request body"
		}
		return fmt.Sprintf("%s must be %s, not %s", field, kindName(typ.Type), typ.Value)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "request body is not valid JSON: unexpected end of input"
	}
	if msg, found := strings.CutPrefix(err.Error(), "json: "); found {
		return msg // "unknown field \"foo\""
	}
	return "request body is not valid JSON: " + err.Error()
}

// kindName names a Go type the way a JSON author thinks of it.
func kindName(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "a boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "an integer"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Struct, reflect.Map:
		return "an object"
	}
	return t.String()
}
