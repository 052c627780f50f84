package sim

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/callboard/callboard/webex"
)

// mainLine and execLine are the lineOwnerIds of the user's secondary lines.
var (
	mainLine = virtualLineID(MainLineExtension)
	execLine = personID(ExecutiveExtension)
)

// notFoundStatus is the status the simulator gives an unknown call id.
var notFoundStatus = callNotFound("x").(*Error).Status

// listOn fetches List Calls for a line.
func (h *harness) listOn(lineOwnerID string) []webex.Call {
	h.t.Helper()
	var l webex.CallList
	h.get("/v1/telephony/calls?lineOwnerId="+url.QueryEscape(lineOwnerID), &l)
	return l.Items
}

// ids lists the calls' ids.
func ids(calls []webex.Call) []string {
	out := []string{}
	for _, c := range calls {
		out = append(out, c.ID)
	}
	return out
}

// TestSecondaryLines: calls ringing on the main line are listed only with
// its lineOwnerId, every action takes that lineOwnerId, and a call on one
// line is not found from another.
func TestSecondaryLines(t *testing.T) {
	h := newHarness(t)
	var eps webex.EndpointList
	h.get("/v1/telephony/config/people/me/endpoints", &eps)
	for _, ep := range eps.Endpoints {
		want := []webex.SecondaryLine{{ID: mainLine, MemberType: webex.MemberVirtualLine}, {ID: execLine, MemberType: webex.MemberPeople}}
		if !slices.Equal(ep.SecondaryLines, want) {
			t.Errorf("%s carries %+v, want %+v", ep.Name, ep.SecondaryLines, want)
		}
	}
	own := h.inbound(Inbound{Name: "Olivia Bennett", Number: "+12065550123"})
	main := h.inbound(Inbound{Name: "Liam Carter", Number: "+13125550178", Line: MainLineExtension})
	if got := ids(h.list()); !slices.Equal(got, []string{own}) {
		t.Errorf("own line lists %q, want only %s", got, own)
	}
	if got := ids(h.listOn(personID(UserExtension))); !slices.Equal(got, []string{own}) {
		t.Errorf("the user's own id lists %q", got)
	}
	if got := ids(h.listOn(mainLine)); !slices.Equal(got, []string{main}) {
		t.Errorf("main line lists %q, want only %s", got, main)
	}
	if got := h.listOn(execLine); len(got) != 0 {
		t.Errorf("executive's line lists %q", ids(got))
	}
	// The call on the main line is not found without its lineOwnerId, nor
	// with another line's.
	for _, owner := range []string{"", execLine} {
		if r := h.post("answer", webex.AnswerRequest{CallID: main, LineOwnerID: owner}); r.status != notFoundStatus || !strings.HasPrefix(r.message(), "Call not found") {
			t.Errorf("answer on line %q: %d %s", owner, r.status, r.body)
		}
	}
	if r := h.do(http.MethodGet, "/v1/telephony/calls/"+main, nil); r.status != notFoundStatus {
		t.Errorf("details without the line: %d", r.status)
	}
	if r := h.post("hold", webex.CallRequest{CallID: own, LineOwnerID: mainLine}); r.status != notFoundStatus {
		t.Errorf("an own call held on the main line: %d", r.status)
	}
	// With it, everything works.
	h.must(http.StatusNoContent, "answer", webex.AnswerRequest{CallID: main, LineOwnerID: mainLine})
	var c webex.Call
	h.get("/v1/telephony/calls/"+main+"?lineOwnerId="+url.QueryEscape(mainLine), &c)
	if c.State != webex.StateConnected {
		t.Errorf("main line call is %s", c.State)
	}
	h.must(http.StatusNoContent, "hold", webex.CallRequest{CallID: main, LineOwnerID: mainLine})
	h.must(http.StatusNoContent, "resume", webex.CallRequest{CallID: main, LineOwnerID: mainLine})
	nc := h.newCall("dial", webex.DialRequest{Destination: "101", LineOwnerID: mainLine})
	if got := ids(h.listOn(mainLine)); !slices.Equal(got, []string{main, nc.CallID}) {
		t.Errorf("a call dialled on the main line: main line lists %q", got)
	}
	h.must(http.StatusNoContent, "hangup", webex.CallRequest{CallID: main, LineOwnerID: mainLine})
	// The line's owner sees the calls too, and the state names them.
	if got := ids(h.memberCalls(mainLine)); !slices.Equal(got, []string{nc.CallID}) {
		t.Errorf("the main line's member calls: %q", got)
	}
	st := h.state()
	if len(st.Lines) != 2 || st.Lines[0].Name != "Main Line" || len(st.Lines[0].Calls) != 1 || st.Lines[1].OwnerID != execLine {
		t.Errorf("state lines %+v", st.Lines)
	}
	// Any other lineOwnerId is refused.
	if r := h.do(http.MethodGet, "/v1/telephony/calls?lineOwnerId="+personID("103"), nil); r.status != http.StatusBadRequest {
		t.Errorf("a colleague's line: %d", r.status)
	}
	if r := h.post("dial", webex.DialRequest{Destination: "101", LineOwnerID: "nobody"}); r.status != http.StatusBadRequest {
		t.Errorf("dial on an unknown line: %d", r.status)
	}
}

// TestExecutiveLine: the user assists the executive, whose line rings on the
// user's devices; its calls can be pushed to the executive.
func TestExecutiveLine(t *testing.T) {
	h := newHarness(t)
	var as webex.AssistantSettings
	h.get("/v1/telephony/config/people/me/settings/executive/assistant", &as)
	if len(as.Executives) != 1 || as.Executives[0].ID != execLine || as.Executives[0].Extension != ExecutiveExtension ||
		as.Executives[0].FirstName != "Dana" {
		t.Errorf("executives %+v", as.Executives)
	}
	id := h.inbound(Inbound{Name: "Fabrikam Logistics", Number: "+14695550121", Line: "+14155550109"})
	h.must(http.StatusNoContent, "answer", webex.AnswerRequest{CallID: id, LineOwnerID: execLine})
	h.must(http.StatusNoContent, "push", webex.CallRequest{CallID: id, LineOwnerID: execLine})
	if got := h.listOn(execLine); len(got) != 0 {
		t.Errorf("pushed call still listed: %q", ids(got))
	}
	for _, bad := range []Inbound{
		{Number: "+14695550121", Line: "101"},
		{Number: "+14695550121", Line: MainLineExtension, To: "101"},
	} {
		if r := h.do(http.MethodPost, "/_sim/inbound", bad); r.status != http.StatusBadRequest {
			t.Errorf("%+v: %d %s", bad, r.status, r.body)
		}
	}
}

// TestRandomCallsRingTheMainLine: the random scenario rings the main line
// too, and the same seed rings it the same way.
func TestRandomCallsRingTheMainLine(t *testing.T) {
	v := newValidator(t)
	count := func() (int, []string) {
		h := randomWorld(t, v, 11)
		seen := map[string]bool{}
		var order []string
		for range 1800 {
			h.advance(time.Second)
			h.sim.Advance()
			for _, c := range h.sim.State().Lines[0].Calls {
				if !seen[c.ID] {
					seen[c.ID] = true
					order = append(order, c.ID)
				}
			}
		}
		return len(seen), order
	}
	n, a := count()
	_, b := count()
	if n == 0 {
		t.Fatal("half an hour without a call on the main line")
	}
	if !slices.Equal(a, b) {
		t.Errorf("the same seed rang the main line differently: %q and %q", a, b)
	}
}
