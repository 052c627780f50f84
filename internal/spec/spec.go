// Package spec checks HTTP traffic against the official Webex Call Controls
// OpenAPI excerpt, so that both the client and the simulator are held to the
// documented API rather than to each other.
package spec

import (
	"bytes"
	"context"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
)

//go:embed call-controls.openapi.json
var document []byte

// specBase is the server URL the document declares; requests are rebased onto it.
const specBase = "https://webexapis.com/v1"

// ErrNoRoute reports a request the document does not describe (such as /people/me).
var ErrNoRoute = errors.New("operation not in the Call Controls document")

// Validator validates requests and responses against the document.
type Validator struct {
	router routers.Router
}

// New loads the embedded document. Request bodies are made strict
// (additionalProperties: false) so an undocumented field fails validation.
func New() (*Validator, error) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(document)
	if err != nil {
		return nil, fmt.Errorf("load openapi document: %w", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		return nil, fmt.Errorf("validate openapi document: %w", err)
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
		return nil, fmt.Errorf("route openapi document: %w", err)
	}
	return &Validator{router: router}, nil
}

// rebase maps apiPath (the path below the API's base URL, starting with
// "/telephony/...") and query onto the document's server URL.
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
	route, params, err := v.router.FindRoute(req)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", method, apiPath, ErrNoRoute)
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
