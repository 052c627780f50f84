package auth

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"golang.org/x/oauth2"
)

// deviceGrantType is RFC 8628's grant_type for polling.
const deviceGrantType = "urn:ietf:params:oauth:grant-type:device_code"

// Polling limits: RFC 8628 says 5 s when the server names no interval, and
// slow_down adds 5 s; a server asking for more than a minute is not heeded.
const (
	defaultDeviceInterval = 5 * time.Second
	slowDownStep          = 5 * time.Second
	maxDeviceInterval     = time.Minute
	maxDeviceReply        = 64 << 10
)

// DeviceLoginOptions configure DeviceLogin.
type DeviceLoginOptions struct {
	Config

	Out     io.Writer     // what the operator reads: where to go, the code, progress; nil discards
	Store   Store         // where the token goes
	Timeout time.Duration // the longest wait for approval; 0 means DefaultLoginTimeout, and never past the code's expiry
}

// deviceAuthorization is Webex's answer to POST /device/authorize.
type deviceAuthorization struct {
	DeviceCode              string `json:"device_code"`
	UserCode                string `json:"user_code"`
	VerificationURI         string `json:"verification_uri"`
	VerificationURIComplete string `json:"verification_uri_complete"`
	ExpiresIn               int64  `json:"expires_in"`
	Interval                int64  `json:"interval"`
}

// deviceTokenReply is the token endpoint's answer, success or refusal.
type deviceTokenReply struct {
	AccessToken  string `json:"access_token"`
	TokenType    string `json:"token_type"`
	RefreshToken string `json:"refresh_token"`
	ExpiresIn    int64  `json:"expires_in"`
	Error        string `json:"error"`
	Description  string `json:"error_description"`
}

// DeviceLogin signs in with Webex's device grant (RFC 8628), for a machine
// without a browser: it asks BaseURL/device/authorize for a code, tells the
// operator where to enter it (on any device), polls BaseURL/device/token
// until they approve (Webex answers 428 meanwhile), and stores the token.
// The client secret goes to the token endpoint by HTTP Basic, as Webex
// asks. A declined sign-in returns an error matching ErrAccessDenied.
func DeviceLogin(ctx context.Context, o DeviceLoginOptions) (*oauth2.Token, error) {
	lo := LoginOptions{Config: o.Config, Store: o.Store}
	if err := lo.check(); err != nil {
		return nil, err
	}
	out := writerOrDiscard(o.Out)
	client := o.tokenClient()
	base := strings.TrimRight(o.BaseURL, "/")
	secrets := []string{o.ClientSecret}

	da, err := o.authorizeDevice(ctx, client, base)
	if err != nil {
		return nil, err
	}
	secrets = append(secrets, da.DeviceCode)
	timeout := o.Timeout
	if timeout <= 0 {
		timeout = DefaultLoginTimeout
	}
	if exp := time.Duration(da.ExpiresIn) * time.Second; exp > 0 && exp < timeout {
		timeout = exp
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	fmt.Fprintf(out, "To sign in to Webex, open this address in a browser on any device:\n\n    %s\n\nand enter the code %s",
		clean(da.VerificationURI, 300, secrets), clean(da.UserCode, 40, secrets))
	if da.VerificationURIComplete != "" {
		fmt.Fprintf(out, ", or open this address, which carries the code:\n\n    %s\n", clean(da.VerificationURIComplete, 400, secrets))
	} else {
		fmt.Fprintln(out, ".")
	}
	fmt.Fprintf(out, "\nWaiting for you to approve (up to %s; ctrl+c cancels)...\n", timeout)

	interval := time.Duration(da.Interval) * time.Second
	if interval <= 0 {
		interval = defaultDeviceInterval
	}
	for {
		if err := sleep(ctx, min(interval, maxDeviceInterval)); err != nil {
			if errors.Is(err, context.DeadlineExceeded) {
				return nil, fmt.Errorf("sign-in timed out after %s waiting for the approval: %w", timeout, err)
			}
			return nil, fmt.Errorf("sign-in canceled: %w", err)
		}
		tok, pending, err := o.pollDevice(ctx, client, base, da.DeviceCode, secrets)
		switch {
		case err != nil:
			return nil, err
		case pending == errSlowDown:
			interval += slowDownStep
			continue
		case pending != nil:
			continue
		}
		if err := o.Store.Save(tok); err != nil {
			return nil, fmt.Errorf("sign-in worked, but the token could not be stored: %w", sanitize(err, tokenStrings(tok)...))
		}
		o.logger().Debug("device login: signed in", "expires", tok.Expiry, "store", describeStore(o.Store))
		fmt.Fprintf(out, "Signed in to %s. The token is stored in %s.\n", o.BaseURL, describeStore(o.Store))
		return tok, nil
	}
}

// authorizeDevice asks for a device code.
func (o DeviceLoginOptions) authorizeDevice(ctx context.Context, client *http.Client, base string) (deviceAuthorization, error) {
	form := url.Values{"client_id": {o.ClientID}, "scope": {strings.Join(o.Scopes, " ")}}
	status, body, err := postForm(ctx, client, base+"/device/authorize", form, nil)
	if err != nil {
		return deviceAuthorization{}, fmt.Errorf("sign-in: ask Webex for a device code: %w", sanitize(err, o.ClientSecret))
	}
	var da deviceAuthorization
	if status != http.StatusOK {
		return da, fmt.Errorf("sign-in: ask Webex for a device code: %w", refusal(status, body, []string{o.ClientSecret}))
	}
	if err := json.Unmarshal(body, &da); err != nil || da.DeviceCode == "" || da.UserCode == "" || da.VerificationURI == "" {
		return da, fmt.Errorf("sign-in: Webex's answer to the device code request is not one (status %d)", status)
	}
	return da, nil
}

// Reasons to keep polling.
var (
	errPending  = errors.New("authorization pending")
	errSlowDown = errors.New("slow down")
)

// pollDevice asks once for the tokens. pending is errPending or errSlowDown
// while the operator has not answered; err ends the sign-in.
func (o DeviceLoginOptions) pollDevice(ctx context.Context, client *http.Client, base, deviceCode string, secrets []string) (
	tok *oauth2.Token, pending, err error) {
	form := url.Values{"grant_type": {deviceGrantType}, "device_code": {deviceCode}, "client_id": {o.ClientID}}
	status, body, err := postForm(ctx, client, base+"/device/token", form, func(r *http.Request) {
		r.SetBasicAuth(url.QueryEscape(o.ClientID), url.QueryEscape(o.ClientSecret))
	})
	if err != nil {
		return nil, nil, fmt.Errorf("sign-in: ask Webex for the token: %w", sanitize(err, secrets...))
	}
	var r deviceTokenReply
	_ = json.Unmarshal(body, &r) // a refusal without JSON is judged by its status
	switch {
	case status == http.StatusOK && r.AccessToken != "":
		t := &oauth2.Token{AccessToken: r.AccessToken, TokenType: r.TokenType, RefreshToken: r.RefreshToken}
		if r.ExpiresIn > 0 {
			t.Expiry = time.Now().Add(time.Duration(r.ExpiresIn) * time.Second)
		}
		return t, nil, nil
	case status == http.StatusOK:
		return nil, nil, errors.New("sign-in: Webex's token answer has no access token")
	case status == http.StatusPreconditionRequired, r.Error == "authorization_pending":
		return nil, errPending, nil
	case r.Error == "slow_down", status == http.StatusTooManyRequests:
		return nil, errSlowDown, nil
	case status >= 500:
		return nil, errPending, nil // an outage of the token endpoint: the approval may still come
	}
	pe := refusal(status, body, secrets)
	if r.Error == "access_denied" {
		return nil, nil, fmt.Errorf("sign-in: %w (%v)", ErrAccessDenied, pe)
	}
	if r.Error == "expired_token" {
		return nil, nil, fmt.Errorf("sign-in: the code expired before it was approved; run `callboard login --device` again (%v)", pe)
	}
	return nil, nil, fmt.Errorf("sign-in refused: %w", pe)
}

// postForm posts form to u and reads a bounded answer.
func postForm(ctx context.Context, client *http.Client, u string, form url.Values, prepare func(*http.Request)) (int, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, strings.NewReader(form.Encode()))
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	if prepare != nil {
		prepare(req)
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxDeviceReply))
	return resp.StatusCode, body, err
}

// refusal reduces an RFC 6749 refusal to a ProviderError, secrets masked.
func refusal(status int, body []byte, secrets []string) *ProviderError {
	var r deviceTokenReply
	_ = json.Unmarshal(body, &r)
	return &ProviderError{StatusCode: status, Code: clean(r.Error, 64, secrets), Description: clean(r.Description, 200, secrets)}
}

// sleep waits d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
