package sim_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/callboard/callboard/desk"
	"github.com/callboard/callboard/internal/spec"
	"github.com/callboard/callboard/webex"
	"github.com/callboard/callboard/webex/sim"
)

var epoch = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// validatingTransport checks every exchange between the client and the
// simulator against the Call Controls document.
type validatingTransport struct {
	t    testing.TB
	v    *spec.Validator
	base http.RoundTripper
}

func (vt *validatingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.GetBody != nil {
		rc, err := req.GetBody()
		if err != nil {
			return nil, err
		}
		body, _ = io.ReadAll(rc)
		rc.Close()
	}
	resp, err := vt.base.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	respBody, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(respBody))
	if got, sent := resp.Header.Get("Trackingid"), req.Header.Get("TrackingID"); sent != "" && got != sent {
		vt.t.Errorf("%s %s: tracking id %q, client sent %q", req.Method, req.URL.Path, got, sent)
	}
	apiPath := strings.TrimPrefix(req.URL.Path, "/v1")
	if strings.HasPrefix(apiPath, "/telephony/") || apiPath == "/people" || strings.HasPrefix(apiPath, "/people/") {
		if err := vt.v.ValidateResponse(req.Method, apiPath, req.URL.RawQuery, req.Header, body, resp.StatusCode, resp.Header, respBody); err != nil {
			vt.t.Errorf("response breaks the spec: %v\nbody: %s", err, respBody)
		}
		if resp.StatusCode < 300 {
			if err := vt.v.ValidateRequest(req.Method, apiPath, req.URL.RawQuery, req.Header, body); err != nil {
				vt.t.Errorf("the simulator accepted a request the spec rejects: %v\nbody: %s", err, body)
			}
		}
	}
	return resp, nil
}

// env is a listening simulator on a FakeClock and a real client for it.
type env struct {
	t      *testing.T
	ctx    context.Context
	clock  *sim.FakeClock
	srv    *sim.Server
	client *webex.Client
}

func newEnv(t *testing.T, clientOpts ...webex.Option) *env {
	t.Helper()
	clock := sim.NewFakeClock(epoch)
	srv, err := sim.Start(context.Background(), "127.0.0.1:0", sim.Options{
		Seed: 5, Clock: clock, RemoteAnswerSpread: -1, TalkTimeSpread: -1,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := srv.Close(); err != nil {
			t.Errorf("close simulator: %v", err)
		}
	})
	v, err := spec.New()
	if err != nil {
		t.Fatal(err)
	}
	httpClient := &http.Client{Transport: &validatingTransport{t: t, v: v, base: http.DefaultTransport.(*http.Transport).Clone()}}
	opts := append([]webex.Option{webex.WithHTTPClient(httpClient)}, clientOpts...)
	client, err := webex.New(srv.BaseURL, oauth2.StaticTokenSource(&oauth2.Token{AccessToken: srv.Token}), opts...)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	return &env{t: t, ctx: ctx, clock: clock, srv: srv, client: client}
}

func (e *env) check(err error) {
	e.t.Helper()
	if err != nil {
		e.t.Fatal(err)
	}
}

func (e *env) inbound(in sim.Inbound) string {
	e.t.Helper()
	id, err := e.srv.Sim.Inbound(in)
	e.check(err)
	return id
}

func (e *env) calls() []webex.Call {
	e.t.Helper()
	calls, err := e.client.ListCalls(e.ctx, "")
	e.check(err)
	return calls
}

func (e *env) state(id string) webex.CallState {
	e.t.Helper()
	c, err := e.client.GetCall(e.ctx, id, "")
	e.check(err)
	return c.State
}

func (e *env) wantState(id string, want webex.CallState) {
	e.t.Helper()
	if got := e.state(id); got != want {
		e.t.Fatalf("call %s is %s, want %s", id, got, want)
	}
}

func (e *env) wantGone(id string) {
	e.t.Helper()
	_, err := e.client.GetCall(e.ctx, id, "")
	if !errors.Is(err, webex.ErrCallNotFound) {
		e.t.Fatalf("call %s: %v, want call not found", id, err)
	}
}

// answered rings the user with a call and answers it.
func (e *env) answered(name, number string) string {
	e.t.Helper()
	id := e.inbound(sim.Inbound{Name: name, Number: number})
	e.check(e.client.Answer(e.ctx, webex.AnswerRequest{CallID: id}))
	return id
}

// dialled dials dest and steps the clock until the far end answers.
func (e *env) dialled(dest string) webex.NewCall {
	e.t.Helper()
	nc, err := e.client.Dial(e.ctx, webex.DialRequest{Destination: dest})
	e.check(err)
	e.wantState(nc.CallID, webex.StateAlerting)
	e.clock.Advance(sim.DefaultDeviceAnswerDelay)
	e.wantState(nc.CallID, webex.StateConnecting)
	e.clock.Advance(sim.DefaultRemoteAnswerDelay)
	e.wantState(nc.CallID, webex.StateConnected)
	return nc
}

func TestClientConsultTransfer(t *testing.T) {
	e := newEnv(t)
	a := e.inbound(sim.Inbound{Name: "Olivia Bennett", Number: "+12065550123"})
	e.wantState(a, webex.StateAlerting)
	e.check(e.client.Answer(e.ctx, webex.AnswerRequest{CallID: a}))
	e.wantState(a, webex.StateConnected)
	e.check(e.client.Hold(e.ctx, webex.CallRequest{CallID: a}))
	e.wantState(a, webex.StateHeld)
	e.check(e.client.Resume(e.ctx, webex.CallRequest{CallID: a}))
	e.wantState(a, webex.StateConnected)

	// Consult: hold A, call B, B answers, join them.
	e.check(e.client.Hold(e.ctx, webex.CallRequest{CallID: a}))
	b := e.dialled("103")
	nc, err := e.client.Transfer(e.ctx, webex.TransferRequest{CallID1: a, CallID2: b.CallID})
	e.check(err)
	if nc != nil {
		t.Errorf("a consultative transfer returned a new call %+v", nc)
	}
	if calls := e.calls(); len(calls) != 0 {
		t.Errorf("calls left after the transfer: %+v", calls)
	}
}

func TestClientBlindTransfer(t *testing.T) {
	e := newEnv(t)
	orig := e.dialled("+13125550178")
	leg, err := e.client.Transfer(e.ctx, webex.TransferRequest{CallID1: orig.CallID, Destination: "104"})
	e.check(err)
	if leg == nil || leg.CallSessionID != orig.CallSessionID {
		t.Fatalf("mute transfer leg %+v for %+v", leg, orig)
	}
	e.wantState(orig.CallID, webex.StateHeld)
	e.wantState(leg.CallID, webex.StateConnecting)
	e.clock.Advance(sim.DefaultRemoteAnswerDelay)
	if calls := e.calls(); len(calls) != 0 {
		t.Errorf("calls left after the destination answered: %+v", calls)
	}
}

func TestClientParkRetrieveAndRecall(t *testing.T) {
	e := newEnv(t)
	id := e.answered("Olivia Bennett", "+12065550123")
	res, err := e.client.Park(e.ctx, webex.ParkRequest{CallID: id})
	e.check(err)
	if res.ParkedAgainst.Number != sim.UserNumber {
		t.Errorf("parked against %+v", res.ParkedAgainst)
	}
	e.wantGone(id)
	back, err := e.client.Retrieve(e.ctx, webex.RetrieveRequest{Destination: res.ParkedAgainst.Number})
	e.check(err)
	e.wantState(back.CallID, webex.StateConnected)

	// Park again, in the group this time, and let it ring back.
	res, err = e.client.Park(e.ctx, webex.ParkRequest{CallID: back.CallID, IsGroupPark: true})
	e.check(err)
	e.clock.Advance(sim.DefaultParkRecall)
	calls := e.calls()
	if len(calls) != 1 || calls[0].Recall == nil || calls[0].Recall.Party == nil ||
		calls[0].Recall.Party.Number != res.ParkedAgainst.Number || calls[0].State != webex.StateAlerting {
		t.Fatalf("after ParkRecall: %+v", calls)
	}
	e.check(e.client.Answer(e.ctx, webex.AnswerRequest{CallID: calls[0].ID}))
	e.wantState(calls[0].ID, webex.StateConnected)
}

func TestClientPickupAndBargeIn(t *testing.T) {
	e := newEnv(t)
	e.inbound(sim.Inbound{Name: "Ethan Park", Number: "+14045550192", To: "102"})
	picked, err := e.client.Pickup(e.ctx, webex.PickupRequest{})
	e.check(err)
	c, err := e.client.GetCall(e.ctx, picked.CallID, "")
	e.check(err)
	if c.State != webex.StateConnected || c.RemoteParty.Name != "Ethan Park" {
		t.Errorf("picked up %+v", c)
	}
	barge, err := e.client.BargeIn(e.ctx, webex.BargeInRequest{Target: sim.LongCallExtension})
	e.check(err)
	c, err = e.client.GetCall(e.ctx, barge.CallID, "")
	e.check(err)
	if c.State != webex.StateConnected || c.RemoteParty.Name != "Maria Garcia" {
		t.Errorf("barge-in call %+v", c)
	}
}

func TestClientRecording(t *testing.T) {
	e := newEnv(t)
	id := e.answered("Olivia Bennett", "+12065550123")
	rec := func() webex.RecordingState {
		c, err := e.client.GetCall(e.ctx, id, "")
		e.check(err)
		return c.RecordingState
	}
	steps := []struct {
		do   func(context.Context, webex.CallRequest) error
		wait time.Duration
		want webex.RecordingState
	}{
		{e.client.StartRecording, 0, webex.RecordingPending},
		{nil, sim.DefaultRecordingStartDelay, webex.RecordingStarted},
		{e.client.PauseRecording, 0, webex.RecordingPaused},
		{e.client.ResumeRecording, 0, webex.RecordingStarted},
		{e.client.StopRecording, 0, webex.RecordingStopped},
	}
	for i, s := range steps {
		if s.do != nil {
			e.check(s.do(e.ctx, webex.CallRequest{CallID: id}))
		}
		e.clock.Advance(s.wait)
		if got := rec(); got != s.want {
			t.Fatalf("step %d: recording %q, want %q", i, got, s.want)
		}
	}
}

func TestClientMissedCallHistory(t *testing.T) {
	e := newEnv(t)
	id := e.inbound(sim.Inbound{Name: "Zoe Adams", Number: "+16465550108"})
	e.clock.Advance(sim.DefaultRingTimeout)
	e.wantGone(id)
	missed, err := e.client.ListHistory(e.ctx, webex.HistoryMissed)
	e.check(err)
	if len(missed) != 1 || missed[0].Name != "Zoe Adams" || !missed[0].Time.Equal(epoch.Add(sim.DefaultRingTimeout)) {
		t.Errorf("missed history %+v", missed)
	}
	all, err := e.client.ListHistory(e.ctx, "")
	e.check(err)
	if len(all) != 1 {
		t.Errorf("all history %+v", all)
	}
}

// TestClientEveryOperation drives the operations the flows above leave out
// (Me, Reject, Divert, Hangup, Mute, Unmute, TransmitDTMF, Pull, Push and a
// transfer without ids), so that every client operation meets the simulator.
func TestClientEveryOperation(t *testing.T) {
	e := newEnv(t)
	me, err := e.client.Me(e.ctx)
	e.check(err)
	if me.DisplayName != sim.UserName {
		t.Errorf("me: %+v", me)
	}

	// Reject, divert, hangup of incoming calls.
	e.check(e.client.Reject(e.ctx, webex.RejectRequest{CallID: e.inbound(sim.Inbound{Number: "+12065550123"}), Action: webex.RejectIgnore}))
	e.check(e.client.Divert(e.ctx, webex.DivertRequest{CallID: e.inbound(sim.Inbound{Number: "+12065550123"}), ToVoicemail: true}))
	e.check(e.client.Hangup(e.ctx, webex.CallRequest{CallID: e.inbound(sim.Inbound{Number: "+12065550123"})}))

	// Mute, unmute, DTMF on an answered call; then pull it to the desk phone.
	id := e.answered("Contoso Billing", "+18005550134")
	e.check(e.client.Mute(e.ctx, webex.CallRequest{CallID: id}))
	e.check(e.client.Unmute(e.ctx, webex.CallRequest{CallID: id}))
	e.check(e.client.TransmitDTMF(e.ctx, webex.DTMFRequest{CallID: id, DTMF: "1,234#"}))
	tmp, err := e.client.Pull(e.ctx, webex.PullRequest{EndpointID: sim.DeskPhoneEndpointID})
	e.check(err)
	e.clock.Advance(sim.DefaultDeviceAnswerDelay)
	e.wantGone(tmp.CallID)
	if c, err := e.client.GetCall(e.ctx, id, ""); err != nil || c.MuteCapable {
		t.Errorf("after the pull: %+v %v", c, err)
	}
	e.check(e.client.Hangup(e.ctx, webex.CallRequest{CallID: id}))

	// Push an executive's call.
	exec := e.inbound(sim.Inbound{Name: "Fabrikam Logistics", Number: "+14695550121", ForExecutive: true})
	e.check(e.client.Answer(e.ctx, webex.AnswerRequest{CallID: exec, EndpointID: sim.DeskPhoneEndpointID}))
	e.check(e.client.Push(e.ctx, webex.CallRequest{CallID: exec}))
	e.wantGone(exec)

	// Transfer the only two calls without naming them.
	a := e.answered("Olivia Bennett", "+12065550123")
	e.check(e.client.Hold(e.ctx, webex.CallRequest{CallID: a}))
	e.dialled("101")
	nc, err := e.client.Transfer(e.ctx, webex.TransferRequest{})
	e.check(err)
	if nc != nil || len(e.calls()) != 0 {
		t.Errorf("transfer without ids: %+v, calls %+v", nc, e.calls())
	}
}

func TestClientErrors(t *testing.T) {
	e := newEnv(t)
	id := e.inbound(sim.Inbound{Number: "+12065550123"})
	err := e.client.Hold(e.ctx, webex.CallRequest{CallID: id})
	var apiErr *webex.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusBadRequest || !strings.Contains(apiErr.Text(), "has not been answered") || apiErr.TrackingID == "" {
		t.Errorf("hold a ringing call: %v", err)
	}
	err = e.client.Hangup(e.ctx, webex.CallRequest{CallID: "Y2lzY29zcGFyazovL3VzL0NBTEwvMQ"})
	if webex.StatusCode(err) != http.StatusBadRequest || !errors.Is(err, webex.ErrCallNotFound) {
		t.Errorf("hang up an unknown call: %v", err)
	}
	e.check(e.srv.Sim.SetFaults(sim.Faults{RateLimitPerSecond: 1, RetryAfterSeconds: 3}))
	_, _ = e.client.ListCalls(e.ctx, "")
	_, err = e.client.ListCalls(e.ctx, "")
	var limited *webex.RateLimitError
	if !errors.As(err, &limited) || limited.RetryAfter != 3*time.Second {
		t.Errorf("over the rate limit: %v", err)
	}
	e.srv.Sim.ClearFaults()

	bad, err := webex.New(e.srv.BaseURL, oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "wrong"}))
	e.check(err)
	if _, err := bad.ListCalls(e.ctx, ""); !errors.Is(err, webex.ErrUnauthenticated) {
		t.Errorf("wrong token: %v", err)
	}
}

// TestClientWaitsOutRateLimit lets the client retry a 429 after waiting out
// Retry-After on the simulator's clock.
func TestClientWaitsOutRateLimit(t *testing.T) {
	var clock *sim.FakeClock
	waited := time.Duration(0)
	e := newEnv(t, webex.WithRateLimit(desk.RateLimit{MaxWait: time.Minute, MaxTries: 3}.Decide),
		webex.WithSleep(func(ctx context.Context, d time.Duration) error {
			waited += d
			clock.Advance(d)
			return nil
		}))
	clock = e.clock
	e.check(e.srv.Sim.SetFaults(sim.Faults{RateLimitPerSecond: 1, RetryAfterSeconds: 2}))
	for range 3 {
		if _, err := e.client.ListCalls(e.ctx, ""); err != nil {
			t.Fatalf("list calls with retries: %v", err)
		}
	}
	if waited != 4*time.Second {
		t.Errorf("waited %v, want two Retry-After waits of 2 s", waited)
	}
	statuses := []int{}
	for _, r := range e.srv.Sim.Requests() {
		statuses = append(statuses, r.Status)
	}
	if want := []int{200, 429, 200, 429, 200}; !slices.Equal(statuses, want) {
		t.Errorf("statuses %v, want %v", statuses, want)
	}
}
