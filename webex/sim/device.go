package sim

import (
	"crypto/rand"
	"crypto/subtle"
	"html"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// The device grant's fixed figures.
const (
	// DeviceCodeTTL is how long a device code can be approved and redeemed:
	// Webex's expires_in of 300 s.
	DeviceCodeTTL = 300 * time.Second
	// DevicePollInterval is the interval clients are asked to poll at: one
	// second, the least that can be asked, so that sign-ins in tests are
	// quick.
	DevicePollInterval = time.Second
	// deviceGrantType is RFC 8628's grant_type.
	deviceGrantType = "urn:ietf:params:oauth:grant-type:device_code"
	// deviceVerifyPath is the page where the user approves a device.
	deviceVerifyPath = "/v1/device/verify"
)

// deviceGrant is a device authorization waiting for the user.
type deviceGrant struct {
	clientID string
	scope    string
	userCode string
	expires  time.Time
	approved bool
	denied   bool
}

func (g deviceGrant) expiry() time.Time { return g.expires }

// deviceAuthorization is the answer of POST /v1/device/authorize.
type deviceAuthorization struct {
	DeviceCode              string `json:"device_code"`
	ExpiresIn               int64  `json:"expires_in"`
	UserCode                string `json:"user_code"`
	VerificationURI         string `json:"verification_uri"`
	VerificationURIComplete string `json:"verification_uri_complete"`
	Interval                int64  `json:"interval"`
}

// serveDevice serves the device grant: POST /v1/device/authorize, GET
// /v1/device/verify and POST /v1/device/token.
func (s *Simulator) serveDevice(w http.ResponseWriter, r *http.Request, path string) {
	switch path {
	case "/v1/device/authorize":
		s.serveDeviceAuthorize(w, r)
	case deviceVerifyPath:
		s.serveDeviceVerify(w, r)
	case "/v1/device/token":
		s.serveDeviceToken(w, r)
	default:
		e := invalidRequest("no such device endpoint: " + path)
		e.status = http.StatusNotFound
		e.write(w)
	}
}

// onlyMethod refuses any method but want, saying which to use.
func onlyMethod(w http.ResponseWriter, r *http.Request, want string) bool {
	if r.Method == want {
		return true
	}
	e := invalidRequest(r.Method + " is not allowed on " + r.URL.Path + "; use " + want)
	e.status, e.allow = http.StatusMethodNotAllowed, want
	e.write(w)
	return false
}

// serveDeviceAuthorize starts a device sign-in for a known client: no
// secret is needed yet, as with Webex.
func (s *Simulator) serveDeviceAuthorize(w http.ResponseWriter, r *http.Request) {
	if !onlyMethod(w, r, http.MethodPost) {
		return
	}
	form, err := readForm(w, r)
	if err != nil {
		err.write(w)
		return
	}
	clientID, err := single(form, "client_id")
	if err != nil {
		err.write(w)
		return
	}
	if _, known := s.oauth.clients[clientID]; !known {
		invalidClient().write(w)
		return
	}
	raw, err := single(form, "scope")
	if err != nil {
		err.write(w)
		return
	}
	scope, why := checkScope(raw)
	if why != "" {
		(&oauthError{status: http.StatusBadRequest, Code: "invalid_scope", Description: why}).write(w)
		return
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	verify := scheme + "://" + r.Host + deviceVerifyPath
	code, user := s.oauth.startDevice(clientID, scope, s.clock.Now())
	writeJSON(w, http.StatusOK, deviceAuthorization{
		DeviceCode:              code,
		ExpiresIn:               seconds(DeviceCodeTTL),
		UserCode:                user,
		VerificationURI:         verify,
		VerificationURIComplete: verify + "?" + url.Values{"user_code": {user}}.Encode(),
		Interval:                seconds(DevicePollInterval),
	})
}

// startDevice records a new device authorization.
func (o *oauthState) startDevice(clientID, scope string, now time.Time) (deviceCode, userCode string) {
	deviceCode = newSecret("sim_dc_")
	text := rand.Text() // base32: no 0, 1, 8 or 9 to misread
	userCode = text[:4] + "-" + text[4:8]
	o.mu.Lock()
	defer o.mu.Unlock()
	makeRoom(o.devices, o.limit, now)
	o.devices[keyOf(deviceCode)] = deviceGrant{clientID: clientID, scope: scope, userCode: userCode, expires: now.Add(DeviceCodeTTL)}
	return deviceCode, userCode
}

// serveDeviceVerify stands in for the page where the user enters the code
// and approves. Nobody is there to click, so visiting it with the code
// approves the device at once (or declines, when the user is set to).
func (s *Simulator) serveDeviceVerify(w http.ResponseWriter, r *http.Request) {
	if !onlyMethod(w, r, http.MethodGet) {
		return
	}
	userCode, err := single(r.URL.Query(), "user_code")
	if err != nil {
		err.write(w)
		return
	}
	status, text := http.StatusOK, "The device is signed in. You can close this page."
	switch found, denied := s.oauth.answerDevice(userCode, s.clock.Now()); {
	case !found:
		status, text = http.StatusBadRequest, "This code is unknown or has expired."
	case denied:
		text = "You declined to sign the device in."
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write([]byte("<!doctype html><title>Webex simulator</title><p>" + html.EscapeString(text) + "</p>"))
}

// answerDevice approves (or, when the user declines, denies) the device
// authorization with userCode.
func (o *oauthState) answerDevice(userCode string, now time.Time) (found, denied bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	for k, g := range o.devices {
		if subtle.ConstantTimeCompare([]byte(strings.ToUpper(userCode)), []byte(g.userCode)) != 1 || !now.Before(g.expires) {
			continue
		}
		g.approved, g.denied = !o.deny, o.deny
		o.devices[k] = g
		return true, o.deny
	}
	return false, false
}

// serveDeviceToken is the device grant's token endpoint: 428
// authorization_pending until the user answers, then the tokens once.
func (s *Simulator) serveDeviceToken(w http.ResponseWriter, r *http.Request) {
	s.serveTokenGrant(w, r, s.oauth.deviceToken)
}

// deviceToken redeems a device code for an authenticated client.
func (o *oauthState) deviceToken(clientID, secret string, form url.Values, now time.Time) (tokenResponse, *oauthError) {
	if !o.authenticate(clientID, secret) {
		return tokenResponse{}, invalidClient()
	}
	p := map[string]string{}
	for _, name := range []string{"grant_type", "device_code"} {
		v, err := single(form, name)
		if err != nil {
			return tokenResponse{}, err
		}
		p[name] = v
	}
	if p["grant_type"] != deviceGrantType {
		return tokenResponse{}, &oauthError{status: http.StatusBadRequest, Code: "unsupported_grant_type",
			Description: "grant_type must be " + deviceGrantType}
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	key := keyOf(p["device_code"])
	g, found := o.devices[key]
	switch {
	case !found || g.clientID != clientID:
		return tokenResponse{}, invalidGrant("the device code is invalid")
	case !now.Before(g.expires):
		delete(o.devices, key)
		return tokenResponse{}, &oauthError{status: http.StatusBadRequest, Code: "expired_token", Description: "the device code has expired"}
	case g.denied:
		delete(o.devices, key)
		return tokenResponse{}, &oauthError{status: http.StatusBadRequest, Code: "access_denied", Description: "The user declined to grant access"}
	case !g.approved:
		return tokenResponse{}, &oauthError{status: http.StatusPreconditionRequired, Code: "authorization_pending",
			Description: "the user has not approved the device yet"}
	}
	delete(o.devices, key)
	o.lastFamily++
	refresh := newSecret("sim_rt_")
	makeRoom(o.refresh, o.limit, now)
	o.refresh[keyOf(refresh)] = issued{clientID: clientID, scope: g.scope, expires: now.Add(o.refreshTTL), family: o.lastFamily}
	return o.issueAccess(clientID, g.scope, o.lastFamily, refresh, o.refreshTTL, now), nil
}
