// Package spec checks HTTP traffic against excerpts of Cisco's official Webex
// OpenAPI documents (Call Controls, the office endpoints of Webex Calling,
// People, and the queues, conference, do not disturb and forwarding of the
// user's own settings, and Create a Message of Webex Messaging), so that
// both the client and the simulator are held to the documented API rather
// than to each other.
package spec

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
)

// The excerpts, each loaded as its own document: they come from two official
// files whose component names would collide if merged.
var (
	//go:embed call-controls.openapi.json
	callControls []byte
	//go:embed office.openapi.json
	office []byte
	//go:embed people.openapi.json
	people []byte
	//go:embed lines.openapi.json
	lines []byte
	//go:embed messages.openapi.json
	messages []byte
)

// documentNames names the embedded excerpts, in the order requests are matched
// against them.
var documentNames = [...]string{"call-controls.openapi.json", "office.openapi.json", "people.openapi.json", "lines.openapi.json",
	"messages.openapi.json"}

// specBase is the server URL the documents declare; requests are rebased onto it.
const specBase = "https://webexapis.com/v1"

// ErrNoRoute reports a request no document describes (such as /v1/authorize).
var ErrNoRoute = errors.New("operation not in the OpenAPI excerpts")

// document is one loaded excerpt.
type document struct {
	name   string
	doc    *openapi3.T
	router routers.Router
}

// Validator validates requests and responses against the documents.
type Validator struct {
	docs []document
}

// New loads the embedded documents. Request bodies are made strict
// (additionalProperties: false) so an undocumented field fails validation.
func New() (*Validator, error) {
	v := &Validator{}
	for i, data := range [][]byte{callControls, office, people, lines, messages} {
		d, err := load(documentNames[i], data)
		if err != nil {
			return nil, err
		}
		v.docs = append(v.docs, d)
	}
	return v, nil
}

func load(name string, data []byte) (document, error) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(data)
	if err != nil {
		return document{}, fmt.Errorf("load %s: %w", name, err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		return document{}, fmt.Errorf("validate %s: %w", name, err)
	}
	closed := false
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			if op.RequestBody == nil || op.RequestBody.Value == nil {
				continue
			}
			for _, media := range op.RequestBody.Value.Content {
				if media.Schema != nil && media.Schema.Value != nil {
					media.Schema.Value.AdditionalProperties = openapi3.AdditionalProperties{Has: &closed}
				}
			}
		}
	}
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		return document{}, fmt.Errorf("route %s: %w", name, err)
	}
	return document{name: name, doc: doc, router: router}, nil
}

// rebase maps apiPath (the path below the API's base URL, such as
// "/telephony/calls/dial") and query onto the documents' server URL.
func rebase(method, apiPath, rawQuery string, header http.Header, body []byte) (*http.Request, error) {
	u, err := url.Parse(specBase + apiPath)
	if err != nil {
		return nil, err
	}
	u.RawQuery = rawQuery
	req, err := http.NewRequest(method, u.String(), bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header = header.Clone()
	return req, nil
}

func (v *Validator) input(method, apiPath, rawQuery string, header http.Header, body []byte) (*openapi3filter.RequestValidationInput, error) {
	req, err := rebase(method, apiPath, rawQuery, header, body)
	if err != nil {
		return nil, err
	}
	for _, d := range v.docs {
		route, params, err := d.router.FindRoute(req)
		if err != nil {
			continue
		}
		return &openapi3filter.RequestValidationInput{
			Request:    req,
			PathParams: params,
			Route:      route,
			Options: &openapi3filter.Options{
				AuthenticationFunc:    requireBearer,
				IncludeResponseStatus: true,
				MultiError:            true,
			},
		}, nil
	}
	return nil, fmt.Errorf("%s %s: %w", method, apiPath, ErrNoRoute)
}

// requireBearer accepts a request only if it carries a bearer token.
func requireBearer(_ context.Context, in *openapi3filter.AuthenticationInput) error {
	auth := in.RequestValidationInput.Request.Header.Get("Authorization")
	if !strings.HasPrefix(auth, "Bearer ") || len(auth) == len("Bearer ") {
		return errors.New("missing bearer token")
	}
	return nil
}

// ValidateRequest checks one request. apiPath is the path below the API's
// base URL (for example "/telephony/calls/dial").
func (v *Validator) ValidateRequest(method, apiPath, rawQuery string, header http.Header, body []byte) error {
	in, err := v.input(method, apiPath, rawQuery, header, body)
	if err != nil {
		return err
	}
	if err := openapi3filter.ValidateRequest(context.Background(), in); err != nil {
		return fmt.Errorf("%s %s request: %w", method, apiPath, err)
	}
	return nil
}

// ValidateResponse checks the response given to a request: its status must be
// documented for the operation, and a 2xx body must match the schema.
func (v *Validator) ValidateResponse(method, apiPath, rawQuery string, reqHeader http.Header, reqBody []byte, status int, respHeader http.Header, respBody []byte) error {
	in, err := v.input(method, apiPath, rawQuery, reqHeader, reqBody)
	if err != nil {
		return err
	}
	out := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in,
		Status:                 status,
		Header:                 respHeader,
		Body:                   io.NopCloser(bytes.NewReader(respBody)),
		Options:                in.Options,
	}
	if err := openapi3filter.ValidateResponse(context.Background(), out); err != nil {
		return fmt.Errorf("%s %s response %d: %w", method, apiPath, status, err)
	}
	return nil
}

// Operation is one documented operation: where it is and what it answers.
type Operation struct {
	Document    string // the excerpt it comes from
	Method      string // GET, POST...
	Path        string // the templated path below the base URL, such as "/people/{personId}"
	OperationID string
}

// Operations lists every operation of the documents, so that tests can check
// they cover them all.
func (v *Validator) Operations() []Operation {
	var out []Operation
	for _, d := range v.docs {
		for path, item := range d.doc.Paths.Map() {
			for method, op := range item.Operations() {
				out = append(out, Operation{Document: d.name, Method: method, Path: path, OperationID: op.OperationID})
			}
		}
	}
	return out
}

// Example returns the documented example body of an operation's response
// with the given status, as JSON. apiPath is the templated path, as in
// Operation.Path.
func (v *Validator) Example(method, apiPath string, status int) ([]byte, error) {
	for _, d := range v.docs {
		item := d.doc.Paths.Value(apiPath)
		if item == nil {
			continue
		}
		op := item.GetOperation(method)
		if op == nil {
			continue
		}
		resp := op.Responses.Value(strconv.Itoa(status))
		if resp == nil || resp.Value == nil {
			return nil, fmt.Errorf("%s %s: no %d response in %s", method, apiPath, status, d.name)
		}
		media := resp.Value.Content.Get("application/json")
		if media == nil || media.Example == nil {
			return nil, fmt.Errorf("%s %s: no example for %d in %s", method, apiPath, status, d.name)
		}
		return json.Marshal(media.Example)
	}
	return nil, fmt.Errorf("%s %s: %w", method, apiPath, ErrNoRoute)
}
