package spec

import (
	"errors"
	"net/http"
	"testing"
)

func TestValidator(t *testing.T) {
	v, err := New()
	if err != nil {
		t.Fatal(err)
	}
	auth := http.Header{"Authorization": {"Bearer t"}, "Content-Type": {"application/json"}}
	json := http.Header{"Content-Type": {"application/json"}}
	tests := []struct {
		name string
		err  error
	}{
		{"valid dial", v.ValidateRequest("POST", "/telephony/calls/dial", "", auth, []byte(`{"destination":"1234"}`))},
		{"valid history", v.ValidateRequest("GET", "/telephony/calls/history", "type=missed", auth, nil)},
		{"valid call details", v.ValidateRequest("GET", "/telephony/calls/Y2lz", "", auth, nil)},
		{"valid 201", v.ValidateResponse("POST", "/telephony/calls/dial", "", auth, []byte(`{"destination":"1"}`), 201, json, []byte(`{"callId":"a","callSessionId":"b"}`))},
		{"documented error status", v.ValidateResponse("POST", "/telephony/calls/hold", "", auth, []byte(`{"callId":"a"}`), 404, json, []byte(`{"message":"Call not found"}`))},
	}
	for _, tc := range tests {
		if tc.err != nil {
			t.Errorf("%s: %v", tc.name, tc.err)
		}
	}
	invalid := []struct {
		name string
		err  error
	}{
		{"undocumented field", v.ValidateRequest("POST", "/telephony/calls/dial", "", auth, []byte(`{"destination":"1","foo":1}`))},
		{"missing required field", v.ValidateRequest("POST", "/telephony/calls/dial", "", auth, []byte(`{}`))},
		{"no bearer token", v.ValidateRequest("POST", "/telephony/calls/dial", "", json, []byte(`{"destination":"1"}`))},
		{"bad history type", v.ValidateRequest("GET", "/telephony/calls/history", "type=all", auth, nil)},
		{"undocumented status", v.ValidateResponse("POST", "/telephony/calls/dial", "", auth, []byte(`{"destination":"1"}`), 200, json, []byte(`{"callId":"a","callSessionId":"b"}`))},
		{"incomplete body", v.ValidateResponse("POST", "/telephony/calls/dial", "", auth, []byte(`{"destination":"1"}`), 201, json, []byte(`{"callId":"a"}`))},
		{"bad enum", v.ValidateResponse("GET", "/telephony/calls", "", auth, nil, 200, json, []byte(`{"items":[{"id":"a","state":"ringing"}]}`))},
	}
	for _, tc := range invalid {
		if tc.err == nil {
			t.Errorf("%s: validated, want an error", tc.name)
		}
	}
	if err := v.ValidateRequest("GET", "/people/me", "", auth, nil); !errors.Is(err, ErrNoRoute) {
		t.Errorf("/people/me: %v, want ErrNoRoute", err)
	}
}
