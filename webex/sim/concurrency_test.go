package sim

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/callboard/callboard/webex"
)

// TestConcurrentCallers runs many clients against one listening simulator
// at once (dial, answer, hold, list, history, inbound, remote actions) while
// the clock moves, and checks that every answer is a documented one and the
// world stays consistent. Run it with -race.
func TestConcurrentCallers(t *testing.T) {
	clock := NewFakeClock(epoch)
	srv, err := Start(context.Background(), "127.0.0.1:0", Options{Token: testToken, Seed: 3, Clock: clock, InboundEvery: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := srv.Close(); err != nil {
			t.Errorf("close: %v", err)
		}
	}()
	v := newValidator(t)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 32}}
	base := srv.BaseURL
	ctrl := base[:len(base)-len("/v1")] + "/_sim"

	const workers, rounds = 12, 40
	var wg sync.WaitGroup
	stop := make(chan struct{})
	clockDone := make(chan struct{})
	go func() {
		defer close(clockDone)
		for {
			select {
			case <-stop:
				return
			default:
				clock.Advance(250 * time.Millisecond)
				srv.Sim.Advance()
			}
		}
	}()
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			do := func(method, url string, body any) response {
				r, err := httpDo(t, v, client, method, url, testToken, body)
				if err != nil {
					t.Errorf("worker %d: %s %s: %v", w, method, url, err)
					return response{}
				}
				switch r.status {
				case 200, 201, 204, 400, 404, 409:
				default:
					t.Errorf("worker %d: %s %s: unexpected %d %s", w, method, url, r.status, r.body)
				}
				return r
			}
			for i := range rounds {
				var calls webex.CallList
				if r := do("GET", base+"/telephony/calls", nil); r.status == 200 {
					r.decode(t, &calls)
				}
				switch (w + i) % 6 {
				case 0:
					do("POST", base+"/telephony/calls/dial", webex.DialRequest{Destination: fmt.Sprintf("10%d", 1+(w+i)%8)})
				case 1:
					do("POST", ctrl+"/inbound", Inbound{Name: "Caller", Number: "+12065550123"})
				case 2:
					for _, c := range calls.Items {
						if c.State == webex.StateAlerting {
							do("POST", base+"/telephony/calls/answer", webex.AnswerRequest{CallID: c.ID})
							break
						}
					}
				case 3:
					for _, c := range calls.Items {
						if c.State == webex.StateConnected {
							do("POST", base+"/telephony/calls/hold", webex.CallRequest{CallID: c.ID})
							break
						}
					}
				case 4:
					for _, c := range calls.Items {
						do("POST", base+"/telephony/calls/hangup", webex.CallRequest{CallID: c.ID})
						break
					}
					do("GET", base+"/telephony/calls/history", nil)
				case 5:
					for _, c := range calls.Items {
						do("POST", ctrl+"/calls/"+c.ID+"/remote", map[string]string{"action": RemoteHangup})
						break
					}
					do("GET", ctrl+"/state", nil)
				}
			}
		}()
	}
	wg.Wait()
	close(stop)
	<-clockDone

	st := srv.Sim.State()
	seen := map[int]bool{}
	for _, c := range st.Calls {
		if c.Appearance < 1 || seen[c.Appearance] {
			t.Errorf("appearance %d used twice or missing: %+v", c.Appearance, st.Calls)
		}
		seen[c.Appearance] = true
	}
	if len(st.Calls) > maxCalls {
		t.Errorf("%d calls on a line that holds %d", len(st.Calls), maxCalls)
	}
	if n := len(srv.Sim.Requests()); n == 0 {
		t.Error("no requests logged")
	}
}
