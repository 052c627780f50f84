package ui

import (
	"context"
	"sync"

	"github.com/callboard/callboard/webex"
)

// request is one call the console made on the API: the method's name and
// its request value (nil for List Calls, Me; the history type for List Call
// History).
type request struct {
	method string
	req    any
}

// fakeAPI is a scripted ui.API. It records every call with its request and
// answers from what the test set: the calls List Calls returns, a result
// per method, and errors queued per method (each used once, in order). It is
// safe for concurrent use.
type fakeAPI struct {
	mu       sync.Mutex
	requests []request
	calls    []webex.Call
	history  []webex.HistoryRecord
	me       webex.Person
	results  map[string]any
	errs     map[string][]error
}

func newFakeAPI() *fakeAPI {
	return &fakeAPI{results: map[string]any{}, errs: map[string][]error{}}
}

// setCalls sets what List Calls returns from now on.
func (f *fakeAPI) setCalls(calls ...webex.Call) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append([]webex.Call(nil), calls...)
}

// setHistory sets what List Call History returns.
func (f *fakeAPI) setHistory(records ...webex.HistoryRecord) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.history = append([]webex.HistoryRecord(nil), records...)
}

// setMe sets the signed-in user.
func (f *fakeAPI) setMe(p webex.Person) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.me = p
}

// setResult sets what a method that creates something returns
// (webex.NewCall, *webex.NewCall or webex.ParkResult).
func (f *fakeAPI) setResult(method string, v any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.results[method] = v
}

// failNext queues errors for the next calls of method, one per call.
func (f *fakeAPI) failNext(method string, errs ...error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.errs[method] = append(f.errs[method], errs...)
}

// record notes a call and returns the error queued for it, if any.
func (f *fakeAPI) record(method string, req any) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.requests = append(f.requests, request{method: method, req: req})
	if q := f.errs[method]; len(q) > 0 {
		f.errs[method] = q[1:]
		return q[0]
	}
	return nil
}

func (f *fakeAPI) result(method string) any {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.results[method]
}

// sent returns the requests made so far, List Calls, Me and List Call
// History left out unless all is set: most tests care about actions only.
func (f *fakeAPI) sent(all bool) []request {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []request
	for _, r := range f.requests {
		if !all && (r.method == "ListCalls" || r.method == "Me" || r.method == "ListHistory") {
			continue
		}
		out = append(out, r)
	}
	return out
}

// count returns how many times method was called.
func (f *fakeAPI) count(method string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, r := range f.requests {
		if r.method == method {
			n++
		}
	}
	return n
}

// reset forgets the requests made so far.
func (f *fakeAPI) reset() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.requests = nil
}

func (f *fakeAPI) ListCalls(_ context.Context, lineOwnerID string) ([]webex.Call, error) {
	if err := f.record("ListCalls", lineOwnerID); err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]webex.Call(nil), f.calls...), nil
}

func (f *fakeAPI) ListHistory(_ context.Context, t webex.HistoryType) ([]webex.HistoryRecord, error) {
	if err := f.record("ListHistory", t); err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]webex.HistoryRecord(nil), f.history...), nil
}

func (f *fakeAPI) Me(context.Context) (webex.Person, error) {
	if err := f.record("Me", nil); err != nil {
		return webex.Person{}, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.me, nil
}

// newCall answers a method that creates a call.
func (f *fakeAPI) newCall(method string, req any) (webex.NewCall, error) {
	if err := f.record(method, req); err != nil {
		return webex.NewCall{}, err
	}
	n, _ := f.result(method).(webex.NewCall)
	return n, nil
}

func (f *fakeAPI) Dial(_ context.Context, req webex.DialRequest) (webex.NewCall, error) {
	return f.newCall("Dial", req)
}

func (f *fakeAPI) Answer(_ context.Context, req webex.AnswerRequest) error {
	return f.record("Answer", req)
}

func (f *fakeAPI) Reject(_ context.Context, req webex.RejectRequest) error {
	return f.record("Reject", req)
}

func (f *fakeAPI) Hangup(_ context.Context, req webex.CallRequest) error {
	return f.record("Hangup", req)
}

func (f *fakeAPI) Hold(_ context.Context, req webex.CallRequest) error {
	return f.record("Hold", req)
}

func (f *fakeAPI) Resume(_ context.Context, req webex.CallRequest) error {
	return f.record("Resume", req)
}

func (f *fakeAPI) Mute(_ context.Context, req webex.CallRequest) error {
	return f.record("Mute", req)
}

func (f *fakeAPI) Unmute(_ context.Context, req webex.CallRequest) error {
	return f.record("Unmute", req)
}

func (f *fakeAPI) Divert(_ context.Context, req webex.DivertRequest) error {
	return f.record("Divert", req)
}

func (f *fakeAPI) Transfer(_ context.Context, req webex.TransferRequest) (*webex.NewCall, error) {
	if err := f.record("Transfer", req); err != nil {
		return nil, err
	}
	n, _ := f.result("Transfer").(*webex.NewCall)
	return n, nil
}

func (f *fakeAPI) Park(_ context.Context, req webex.ParkRequest) (webex.ParkResult, error) {
	if err := f.record("Park", req); err != nil {
		return webex.ParkResult{}, err
	}
	p, _ := f.result("Park").(webex.ParkResult)
	return p, nil
}

func (f *fakeAPI) Retrieve(_ context.Context, req webex.RetrieveRequest) (webex.NewCall, error) {
	return f.newCall("Retrieve", req)
}

func (f *fakeAPI) StartRecording(_ context.Context, req webex.CallRequest) error {
	return f.record("StartRecording", req)
}

func (f *fakeAPI) StopRecording(_ context.Context, req webex.CallRequest) error {
	return f.record("StopRecording", req)
}

func (f *fakeAPI) PauseRecording(_ context.Context, req webex.CallRequest) error {
	return f.record("PauseRecording", req)
}

func (f *fakeAPI) ResumeRecording(_ context.Context, req webex.CallRequest) error {
	return f.record("ResumeRecording", req)
}

func (f *fakeAPI) TransmitDTMF(_ context.Context, req webex.DTMFRequest) error {
	return f.record("TransmitDTMF", req)
}

func (f *fakeAPI) Push(_ context.Context, req webex.CallRequest) error {
	return f.record("Push", req)
}

func (f *fakeAPI) Pickup(_ context.Context, req webex.PickupRequest) (webex.NewCall, error) {
	return f.newCall("Pickup", req)
}

func (f *fakeAPI) BargeIn(_ context.Context, req webex.BargeInRequest) (webex.NewCall, error) {
	return f.newCall("BargeIn", req)
}

func (f *fakeAPI) Pull(_ context.Context, req webex.PullRequest) (webex.NewCall, error) {
	return f.newCall("Pull", req)
}

// Compile-time check that the fake is a complete API.
var _ API = (*fakeAPI)(nil)
