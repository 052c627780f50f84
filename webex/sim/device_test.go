package sim

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

// deviceStart posts a device authorization request for the default client.
func (h *harness) deviceStart() deviceAuthorization {
	h.t.Helper()
	form := url.Values{"client_id": {DefaultOAuthClientID}, "scope": {"spark:calls_read spark:calls_write"}}
	req := httptest.NewRequest(http.MethodPost, "http://sim.test/v1/device/authorize", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r := h.send(req)
	if r.status != http.StatusOK {
		h.t.Fatalf("device/authorize: %d %s", r.status, r.body)
	}
	var da deviceAuthorization
	r.decode(h.t, &da)
	return da
}

// deviceToken polls for the tokens of deviceCode, the client
// authenticated by HTTP Basic as Webex asks.
func (h *harness) deviceToken(deviceCode string) response {
	h.t.Helper()
	form := url.Values{"grant_type": {deviceGrantType}, "device_code": {deviceCode}, "client_id": {DefaultOAuthClientID}}
	req := httptest.NewRequest(http.MethodPost, "/v1/device/token", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(DefaultOAuthClientID, DefaultOAuthClientSecret)
	return h.send(req)
}

// visit loads a verification URL as the user's browser would.
func (h *harness) visit(raw string) response {
	h.t.Helper()
	return h.send(httptest.NewRequest(http.MethodGet, raw, nil))
}

// TestDeviceGrant: the device authorization answers with codes and the
// verification page; the token endpoint answers 428 authorization_pending
// until the user approves, then the tokens, once; they work on the API.
func TestDeviceGrant(t *testing.T) {
	h := newHarness(t)
	da := h.deviceStart()
	if da.DeviceCode == "" || len(da.UserCode) != 9 || da.ExpiresIn != 300 || da.Interval != 1 ||
		da.VerificationURI != "http://sim.test/v1/device/verify" ||
		da.VerificationURIComplete != da.VerificationURI+"?user_code="+da.UserCode {
		t.Fatalf("device authorization %+v", da)
	}
	refused(t, h.deviceToken(da.DeviceCode), http.StatusPreconditionRequired, "authorization_pending", "not approved")
	if r := h.visit(da.VerificationURIComplete); r.status != http.StatusOK || !strings.Contains(string(r.body), "signed in") {
		t.Fatalf("verification page: %d %s", r.status, r.body)
	}
	tr := granted(t, h.deviceToken(da.DeviceCode))
	if got := h.apiStatus("/v1/telephony/calls", tr.AccessToken); got != http.StatusOK {
		t.Errorf("the device's token gets %d on the API", got)
	}
	refused(t, h.deviceToken(da.DeviceCode), http.StatusBadRequest, "invalid_grant", "invalid")
}

// TestDeviceGrantRefusals: a declined sign-in, an expired code, a wrong
// client secret and an unknown user code.
func TestDeviceGrantRefusals(t *testing.T) {
	t.Run("declined", func(t *testing.T) {
		h := newHarness(t, func(o *Options) { o.DenyConsent = true })
		da := h.deviceStart()
		h.visit(da.VerificationURIComplete)
		refused(t, h.deviceToken(da.DeviceCode), http.StatusBadRequest, "access_denied", "declined")
	})
	t.Run("expired", func(t *testing.T) {
		h := newHarness(t)
		da := h.deviceStart()
		h.advance(DeviceCodeTTL + time.Second)
		if r := h.visit(da.VerificationURIComplete); r.status != http.StatusBadRequest {
			t.Errorf("approving an expired code: %d", r.status)
		}
		refused(t, h.deviceToken(da.DeviceCode), http.StatusBadRequest, "expired_token", "expired")
	})
	t.Run("wrong secret", func(t *testing.T) {
		h := newHarness(t)
		da := h.deviceStart()
		form := url.Values{"grant_type": {deviceGrantType}, "device_code": {da.DeviceCode}}
		req := httptest.NewRequest(http.MethodPost, "/v1/device/token", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.SetBasicAuth(DefaultOAuthClientID, "wrong")
		refused(t, h.send(req), http.StatusUnauthorized, "invalid_client", "")
	})
	t.Run("unknown user code", func(t *testing.T) {
		h := newHarness(t)
		if r := h.visit("/v1/device/verify?user_code=ABCD-EFGH"); r.status != http.StatusBadRequest {
			t.Errorf("an unknown code: %d", r.status)
		}
	})
}
