package e2e

import (
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/callboard/callboard/webex"
	"github.com/callboard/callboard/webex/sim"
)

// The soak's duplicate check finds what it must and nothing else.
func TestAcceptedTwice(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	post := func(op, body string, status int, at time.Duration) sim.RequestRecord {
		return sim.RequestRecord{
			Time: webex.NewTimestamp(t0.Add(at)), Method: "POST", Path: "/v1/telephony/calls/" + op,
			Body: json.RawMessage(body), Status: status,
		}
	}
	const (
		dial     = `{"destination":"+14155552001"}`
		call     = `{"callId":"c1"}`
		retrieve = `{"destination":"+14155550100"}`
	)
	tests := []struct {
		name string
		reqs []sim.RequestRecord
		want [][2]int
	}{
		{"a dial accepted twice", []sim.RequestRecord{
			post("dial", dial, 201, 0), post("dial", dial, 201, 2*time.Second),
		}, [][2]int{{0, 1}}},
		{"a dial refused with 429, then resent", []sim.RequestRecord{
			post("dial", dial, 429, 0), post("dial", dial, 201, time.Second),
		}, nil},
		{"a dropped answer, then the answer again", []sim.RequestRecord{
			post("answer", call, 0, 0), post("answer", call, 204, time.Second),
		}, nil},
		{"a hangup accepted, then refused as already ended", []sim.RequestRecord{
			post("hangup", call, 204, 0), post("hangup", call, 404, time.Second),
		}, nil},
		{"a transfer accepted twice, far apart", []sim.RequestRecord{
			post("transfer", call, 201, 0), post("transfer", call, 201, 31*time.Second),
		}, nil},
		{"hold accepted twice: a toggle, not watched", []sim.RequestRecord{
			post("hold", call, 204, 0), post("resume", call, 204, time.Second), post("hold", call, 204, 2*time.Second),
		}, nil},
		{"a retrieve accepted twice with a park between", []sim.RequestRecord{
			post("retrieve", retrieve, 201, 0), post("park", `{"callId":"c2"}`, 200, time.Second), post("retrieve", retrieve, 201, 2*time.Second),
		}, nil},
		{"a retrieve accepted twice, no park between", []sim.RequestRecord{
			post("park", `{"callId":"c2"}`, 200, 0), post("retrieve", retrieve, 201, time.Second), post("retrieve", retrieve, 201, 2*time.Second),
		}, [][2]int{{1, 2}}},
		{"an answer accepted three times", []sim.RequestRecord{
			post("answer", call, 204, 0), post("answer", call, 204, time.Second), post("answer", call, 204, 2*time.Second),
		}, [][2]int{{0, 1}, {1, 2}}},
		{"polls repeat", []sim.RequestRecord{
			{Time: webex.NewTimestamp(t0), Method: "GET", Path: "/v1/telephony/calls", Status: 200},
			{Time: webex.NewTimestamp(t0.Add(time.Second)), Method: "GET", Path: "/v1/telephony/calls", Status: 200},
		}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := acceptedTwice(tt.reqs, 30*time.Second); !slices.Equal(got, tt.want) {
				t.Errorf("acceptedTwice = %v, want %v", got, tt.want)
			}
		})
	}
}
