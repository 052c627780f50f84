package ui

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/callboard/callboard/ui/pane"
	"github.com/callboard/callboard/ui/queues"
	"github.com/callboard/callboard/webex"
)

// The lines of the tests: the front desk's main number and the
// executive's.
const (
	mainLine = "vl-main"
	execLine = "p-dana"
)

// frontDeskHarness is a console with the front desk operations: the user's lines
// discovered, the queues read (pane shown when queuesPane), do not
// disturb and the night service to extension 2000, conferences.
func frontDeskHarness(t testing.TB, w, h int, o func(*fakeFrontDesk), configure ...func(*Options)) (*harness, *fakeFrontDesk) {
	t.Helper()
	hs, fd := frontDeskSetup(t, w, h, o, configure...)
	hs.advance(10 * time.Second) // the first reads, spaced by the budget
	return hs, fd
}

// frontDeskSetup is frontDeskHarness before the first reads.
func frontDeskSetup(t testing.TB, w, h int, o func(*fakeFrontDesk), configure ...func(*Options)) (*harness, *fakeFrontDesk) {
	t.Helper()
	api := newFakeAPI()
	fd := newFakeFrontDesk(api)
	fd.lines = []webex.Line{
		{OwnerID: mainLine, Type: webex.MemberVirtualLine, Name: "Main Line", Extension: "500"},
		{OwnerID: execLine, Type: webex.MemberPeople, Name: "Dana Whitfield", Extension: "109"},
	}
	fd.execs = []webex.Executive{{ID: execLine, FirstName: "Dana", LastName: "Whitfield"}}
	fd.queues = webex.QueueSettings{AgentACDState: webex.AgentAvailable, Queues: []webex.QueueMembership{
		{ID: "Q-Support", Available: true, PhoneNumber: "+14155550510", Extension: "5100", AllowLogOffEnabled: true},
		{ID: "Q-Sales", PhoneNumber: "+14155550520", Extension: "5200", AllowLogOffEnabled: true},
	}}
	if o != nil {
		o(fd)
	}
	opts := append([]func(*Options){func(opts *Options) {
		opts.API = linesAPI{fakeAPI: api, fd: fd}
		opts.FrontDesk = fd
		opts.DiscoverLines = true
		opts.WrapUpReasons = []string{"Billing", "Resolved"}
		opts.Desk.Queues, opts.Desk.Settings, opts.Desk.Conference = true, true, true
		opts.Desk.NightForward = "2000"
		opts.Desk.QueueAlarm = time.Minute
	}}, configure...)
	return newHarnessWith(t, api, w, h, opts...), fd
}

// withQueuesPane shows the queues pane.
func withQueuesPane(o *Options) {
	o.Panes = []pane.New{queues.New(queues.DefaultKeyMap(o.Keys.Up, o.Keys.Down))}
}

// pollShared is poll for a console whose lines and reads share the
// budget: the own line's poll may wait its turn.
func (h *harness) pollShared(calls ...webex.Call) {
	h.t.Helper()
	h.poll(calls...)
	h.advance(2 * time.Second)
}

// requestsOf returns the requests of a method, oldest first.
func (h *harness) requestsOf(method string) []any {
	var out []any
	for _, r := range h.api.sent(true) {
		if r.method == method {
			out = append(out, r.req)
		}
	}
	return out
}

// With one line and no fd, nothing changes: no LINE column, no request
// besides the calls.
func TestOneLineLooksAsBefore(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.poll(connected("a", "Jane Roe", "+14155550123", epoch()))
	h.advance(10 * time.Second)
	h.noScreen("LINE", "DND", "night")
	for _, r := range h.api.sent(true) {
		if r.method != "ListCalls" && r.method != "Me" {
			t.Errorf("a one-line console sent %s", r.method)
		}
		if r.method == "ListCalls" && r.req != "" {
			t.Errorf("a one-line console listed line %v", r.req)
		}
	}
}

// Every line on the board: each row says its line, the executive's calls
// are marked, an answer goes with its row's lineOwnerId, and L shows one
// line (a ringing call on another still shows).
func TestEveryLineOnTheBoard(t *testing.T) {
	h, fd := frontDeskHarness(t, 140, 40, func(o *fakeFrontDesk) {
		o.byLine[mainLine] = []webex.Call{ringing("m1", "Main Caller", "+12065550199", epoch())}
		o.byLine[execLine] = []webex.Call{connected("e1", "Exec Caller", "+12065550188", epoch())}
	})
	h.pollShared(connected("a", "Jane Roe", "+14155550123", epoch()))
	h.advance(3 * time.Second)
	h.wantScreen("LINE", "Main Line", "Dana Whitfield", "for Dana Whitfield", "mine")
	if !strings.Contains(h.screen(), "Main Caller") {
		t.Fatal("the main line's call is not on the board")
	}
	// The main line's call rang in and took the selection.
	h.key("a")
	answers := h.requestsOf("Answer")
	if len(answers) != 1 || answers[0].(webex.AnswerRequest).LineOwnerID != mainLine {
		t.Fatalf("answer sent %+v, want it on the main line", answers)
	}
	fd.edit(func(o *fakeFrontDesk) {
		o.byLine[mainLine] = []webex.Call{connected("m1", "Main Caller", "+12065550199", epoch())}
	})
	h.advance(3 * time.Second)
	h.key("L")
	h.wantScreen("Jane Roe", "your line only")
	h.noScreen("Main Caller", "Exec Caller")
	h.key("L")
	h.wantScreen("Main Caller", "line Main Line only")
	h.noScreen("Jane Roe")
	h.key("L", "L")
	h.wantScreen("Jane Roe", "Main Caller", "Exec Caller")
	h.noScreen("only")
}

// Lines that cannot be discovered (a missing scope) say how to get them,
// and the own line works on alone.
func TestLinesNotDiscovered(t *testing.T) {
	h, _ := frontDeskSetup(t, 120, 40, func(o *fakeFrontDesk) {
		o.api.failNext("Lines", &webex.ScopeError{APIError: webex.APIError{StatusCode: 403, Message: "Forbidden"}, Scope: "spark:telephony_config_read"})
	})
	h.wantScreen("lacks spark:telephony_config_read", "callboard login")
	h.advance(10 * time.Second)
	h.pollShared(connected("a", "Jane Roe", "+14155550123", epoch()))
	h.wantScreen("Jane Roe")
	h.noScreen("LINE")
}

// The queues pane: each queue with its callers, longest first, the wait
// brought from another queue counted; one key joins Sales, and the pane
// shows what Webex reads back; callers the sign-in may not read say which
// scope is missing.
func TestQueuesPane(t *testing.T) {
	h, fd := frontDeskHarness(t, 160, 40, func(o *fakeFrontDesk) {
		o.callers["Q-Support"] = []webex.QueueCall{
			{CallID: "c2", RemoteParty: webex.Party{Name: "Bo Chen", Number: "+12065550102"}, AddTime: webex.NewTimestamp(epoch().Add(-10 * time.Second)), QueueName: "Support Queue"},
			{CallID: "c1", RemoteParty: webex.Party{Name: "Ann Lee", Number: "+12065550101"}, AddTime: webex.NewTimestamp(epoch().Add(-2 * time.Second)), PreservedWaitTimeMs: 60000, QueueName: "Support Queue", Bounced: true},
			{CallID: "c3", RemoteParty: webex.Party{Name: "Cy Diaz", Number: "+12065550103"}, AddTime: webex.NewTimestamp(epoch()), QueueName: "Support Queue", Priority: webex.PriorityHigh},
		}
		o.denied["Q-Sales"] = &webex.ScopeError{APIError: webex.APIError{StatusCode: 403, Message: "Forbidden"}, Scope: "spark:calls_read"}
	}, withQueuesPane)
	h.wantScreen("agent: available", "Support Queue: 3 waiting, longest 1:12", "joined", "queue 5200: callers not readable",
		"not joined", "spark:calls_read", "callboard login")
	s := h.screen()
	if rowOf(s, "Ann Lee") > rowOf(s, "Bo Chen") || rowOf(s, "Bo Chen") > rowOf(s, "Cy Diaz") {
		t.Errorf("callers not longest first:\n%s", s)
	}
	h.wantScreen("bounced", "high")
	h.key("w", "j", "enter")
	ups := h.requestsOf("UpdateQueueSettings")
	if len(ups) != 1 {
		t.Fatalf("join sent %d updates, want one", len(ups))
	}
	if u := ups[0].(webex.QueueSettingsUpdate); len(u.Queues) != 1 || u.Queues[0].ID != "Q-Sales" || !u.Queues[0].Available {
		t.Errorf("join sent %+v", u)
	}
	h.advance(3 * time.Second)
	h.noScreen("not joined")
	fd.edit(func(o *fakeFrontDesk) { o.queues.AgentACDState = webex.AgentWrapUp })
	h.key("s")
	h.typeText("unavailable")
	h.key("enter")
	h.advance(3 * time.Second)
	h.wantScreen("agent: unavailable")
	if got := h.requestsOf("UpdateQueueSettings"); len(got) != 2 || got[1].(webex.QueueSettingsUpdate).AgentACDState != webex.AgentUnavailable {
		t.Errorf("agent state sent %+v", got)
	}
}

// The wait alarm rings when a caller has waited too long, again until
// acknowledged, and the pane shows it.
func TestQueueWaitInTheConsole(t *testing.T) {
	h, _ := frontDeskHarness(t, 160, 40, func(o *fakeFrontDesk) {
		o.callers["Q-Support"] = []webex.QueueCall{{CallID: "c1", RemoteParty: webex.Party{Name: "Ann Lee", Number: "+12065550101"},
			AddTime: webex.NewTimestamp(epoch().Add(-45 * time.Second)), QueueName: "Support Queue"}}
	}, withQueuesPane)
	bells := h.bells()
	h.advance(10 * time.Second)
	if h.bells() <= bells {
		t.Fatal("no bell when Ann waited a minute")
	}
	h.wantScreen("Ann Lee has waited 1:0")
	rung := h.bells()
	h.advance(30 * time.Second)
	if h.bells() <= rung {
		t.Fatal("the alarm did not ring again")
	}
	h.key("w", "x")
	rung = h.bells()
	h.advance(time.Minute)
	if h.bells() != rung {
		t.Errorf("the bell rang %d times after the acknowledgement", h.bells()-rung)
	}
}

// A call a queue offers shows the queue's name; when it ends after being
// answered, the wrap-up waits, visible, for Y — never for the next call.
func TestWrapUpInTheConsole(t *testing.T) {
	h, _ := frontDeskHarness(t, 120, 40, nil)
	offer := ringing("q1", "Ann Lee", "+12065550101", epoch())
	offer.Redirections = []webex.Redirection{{Reason: webex.ReasonCallQueue, RedirectingParty: webex.Party{Name: "Support Queue", Number: "+14155550510"}}}
	h.pollShared(offer)
	h.wantScreen("Support Queue →")
	h.key("a")
	h.pollShared(connected("q1", "Ann Lee", "+12065550101", epoch()))
	h.wantScreen("Support Queue →")
	h.pollShared(ringing("n1", "Next Caller", "+12065550177", epoch()))
	h.wantScreen("wrap-up: Support Queue call with Ann Lee", "Y wrap-up")
	h.key("a")
	if got := h.requestsOf("Answer"); len(got) != 2 {
		t.Fatalf("the next call was not answered: %d answers", len(got))
	}
	h.key("Y")
	h.wantScreen("Billing · Resolved")
	h.typeText("Billing, Resolved")
	h.key("enter")
	got := h.requestsOf("SetWrapUpReasons")
	if len(got) != 1 || !slices.Equal(got[0].([]string), []string{"Billing", "Resolved"}) {
		t.Fatalf("wrap-up sent %+v", got)
	}
	h.advance(3 * time.Second)
	h.noScreen("wrap-up:")
}

// The conference: C on one of two answered calls asks, naming both; the
// conference shows as one group with its participants; its actions are a
// key away; stepping out leaves the other two talking.
func TestConferenceInTheConsole(t *testing.T) {
	h, _ := frontDeskHarness(t, 120, 40, nil)
	h.pollShared(held("a", "Alice", "1001", epoch()), connected("b", "Bob", "1002", epoch().Add(time.Second)))
	h.key("C")
	h.wantScreen("conference: you, Alice (on hold) and Bob (connected) all talk together?")
	if len(h.requestsOf("StartConference")) != 0 {
		t.Fatal("the conference started before the confirmation")
	}
	h.key("y")
	starts := h.requestsOf("StartConference")
	if len(starts) != 1 || !slices.Equal(starts[0].(webex.ConferenceStartRequest).CallIDs, []string{"a", "b"}) {
		t.Fatalf("start sent %+v", starts)
	}
	h.advance(3 * time.Second)
	h.wantScreen("╭", "╰", "◆ conference", "conf ", "you are in it")
	h.key("C")
	h.wantScreen("conference with Alice, Bob")
	h.typeText("mute")
	h.key("enter")
	if got := h.requestsOf("MuteConference"); len(got) != 1 || got[0] != "a" {
		t.Fatalf("mute sent %+v", got)
	}
	h.advance(3 * time.Second)
	h.wantScreen("Alice (muted)")
	h.key("C")
	h.typeText("leave")
	h.key("enter")
	h.wantScreen("step out of the conference, leaving Alice and Bob talking to each other?")
	h.key("y")
	tr := h.requestsOf("Transfer")
	if len(tr) != 1 || tr[0].(webex.TransferRequest).CallID1 != "a" || tr[0].(webex.TransferRequest).CallID2 != "b" {
		t.Fatalf("leave sent %+v", tr)
	}
}

// Do not disturb and the night service: always in the header, toggled by
// one key each after a confirmation, read back from Webex, and a change
// made elsewhere shown.
func TestHeaderDoNotDisturbAndNight(t *testing.T) {
	h, fd := frontDeskHarness(t, 120, 40, nil)
	h.wantScreen("DND off", "night off")
	h.key("N")
	h.wantScreen("turn do not disturb on")
	h.key("y")
	if got := h.requestsOf("SetDoNotDisturb"); len(got) != 1 || !got[0].(webex.DoNotDisturb).Enabled {
		t.Fatalf("do not disturb sent %+v", got)
	}
	h.advance(2 * time.Second)
	h.wantScreen("DND on")
	h.key("F")
	h.wantScreen("night service on: forward every call to 2000?")
	h.key("y")
	fwd := h.requestsOf("SetCallForwarding")
	if len(fwd) != 1 || !fwd[0].(webex.CallForwarding).CallForwarding.Always.Enabled || fwd[0].(webex.CallForwarding).CallForwarding.Always.Destination != "2000" {
		t.Fatalf("night service sent %+v", fwd)
	}
	h.advance(2 * time.Second)
	h.wantScreen("night → 2000")
	fd.edit(func(o *fakeFrontDesk) { o.dnd.Enabled = false })
	h.advance(61 * time.Second)
	h.wantScreen("DND off")
}

// A command line verb that asks for a confirmation opens it (it was lost
// when the command line closed).
func TestCommandLineConfirms(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.poll(held("a", "Alice", "1001", epoch()), connected("b", "Bob", "1002", epoch()))
	h.key(":")
	h.typeText("join")
	h.key("enter")
	h.wantScreen("you drop out")
	h.key("y")
	if got := h.api.count("Transfer"); got != 1 {
		t.Fatalf("join sent %d times after the confirmation, want 1", got)
	}
}

// A pane too short for every queue keeps the selected one in view.
func TestQueuesPaneScrolls(t *testing.T) {
	h, _ := frontDeskHarness(t, 80, 24, func(o *fakeFrontDesk) {
		o.queues.Queues = nil
		for i := range 8 {
			ext := fmt.Sprint(5100 + 100*i)
			o.queues.Queues = append(o.queues.Queues, webex.QueueMembership{ID: "Q-" + ext, Extension: ext, AllowLogOffEnabled: true})
		}
	}, withQueuesPane)
	h.wantScreen("queue 5100")
	h.noScreen("queue 5800")
	h.key("w")
	for range 7 {
		h.key("j")
	}
	h.wantScreen("› queue 5800", "join queue 5800")
	h.noScreen("queue 5100")
}
