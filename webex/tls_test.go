package webex_test

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/callboard/callboard/webex"
)

// TestDefaultTransportVerifiesTLS checks that a client built without
// WithHTTPClient refuses a server whose certificate it cannot verify (here
// self-signed, as a man in the middle's would be), before any request, and
// so the token, is sent. The same server trusted explicitly answers, which
// shows the refusal is the certificate's doing.
func TestDefaultTransportVerifiesTLS(t *testing.T) {
	var reached atomic.Int32
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reached.Add(1)
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"items":[]}`)
	}))
	// The refused handshakes are expected: keep them out of the test output.
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.StartTLS()
	t.Cleanup(srv.Close)

	c, err := webex.New(srv.URL+"/v1", staticTokens(testToken))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.ListCalls(context.Background(), "")
	if err == nil {
		t.Fatal("the default transport accepted a self-signed certificate")
	}
	var verifyErr *tls.CertificateVerificationError
	if !errors.As(err, &verifyErr) {
		t.Errorf("error %v is not a *tls.CertificateVerificationError", err)
	}
	// Signed by no authority the machine trusts (or the machine trusts none).
	var unknownCA x509.UnknownAuthorityError
	var noRoots x509.SystemRootsError
	if !errors.As(err, &unknownCA) && !errors.As(err, &noRoots) {
		t.Errorf("error %v is not an x509.UnknownAuthorityError", err)
	}
	if webex.StatusCode(err) != 0 {
		t.Errorf("a refused handshake has HTTP status %d", webex.StatusCode(err))
	}
	assertNoSecret(t, "error", err.Error())
	if n := reached.Load(); n != 0 {
		t.Errorf("the server received %d requests over an unverified connection", n)
	}

	// srv.Client trusts the test certificate: the same call then works.
	trusted, err := webex.New(srv.URL+"/v1", staticTokens(testToken), webex.WithHTTPClient(srv.Client()))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := trusted.ListCalls(context.Background(), ""); err != nil {
		t.Fatalf("with the certificate trusted: %v", err)
	}
	if n := reached.Load(); n != 1 {
		t.Errorf("the server received %d requests, want 1 from the trusting client", n)
	}
}
