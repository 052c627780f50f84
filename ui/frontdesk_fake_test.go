package ui

import (
	"context"
	"slices"
	"sync"

	"github.com/callboard/callboard/webex"
)

// fakeFrontDesk is a scripted dispatch.FrontDesk for the console's tests: the
// lines, queues, settings and conferences of a user, changed by the
// requests the console sends (each recorded in the fakeAPI's log) or by
// the test, as Webex would change them elsewhere.
type fakeFrontDesk struct {
	api *fakeAPI

	mu      sync.Mutex
	lines   []webex.Line
	execs   []webex.Executive
	queues  webex.QueueSettings
	callers map[string][]webex.QueueCall
	denied  map[string]error // QueueCalls refused, by queue id
	dnd     webex.DoNotDisturb
	fwd     webex.CallForwarding
	conf    map[string]webex.Conference // by line
	byLine  map[string][]webex.Call     // List Calls of the other lines
}

func newFakeFrontDesk(api *fakeAPI) *fakeFrontDesk {
	return &fakeFrontDesk{api: api, callers: map[string][]webex.QueueCall{}, denied: map[string]error{},
		conf: map[string]webex.Conference{}, byLine: map[string][]webex.Call{}}
}

// edit changes the fake's state under its lock.
func (o *fakeFrontDesk) edit(f func(o *fakeFrontDesk)) {
	o.mu.Lock()
	defer o.mu.Unlock()
	f(o)
}

// linesAPI is the fake API whose List Calls answers each line with its
// own calls.
type linesAPI struct {
	*fakeAPI
	fd *fakeFrontDesk
}

func (l linesAPI) ListCalls(ctx context.Context, line string) ([]webex.Call, error) {
	if line == "" {
		return l.fakeAPI.ListCalls(ctx, line)
	}
	if err := l.record("ListCalls", line); err != nil {
		return nil, err
	}
	l.fd.mu.Lock()
	defer l.fd.mu.Unlock()
	return slices.Clone(l.fd.byLine[line]), nil
}

func (o *fakeFrontDesk) do(method string, req any) error { return o.api.record(method, req) }

func (o *fakeFrontDesk) StartConference(_ context.Context, req webex.ConferenceStartRequest) error {
	if err := o.do("StartConference", req); err != nil {
		return err
	}
	o.edit(func(o *fakeFrontDesk) {
		c := webex.Conference{State: webex.ConferenceConnected}
		for _, id := range req.CallIDs {
			c.Participants = append(c.Participants, webex.ConferenceParticipant{CallID: id})
		}
		o.conf[req.LineOwnerID] = c
	})
	return nil
}

func (o *fakeFrontDesk) Conference(_ context.Context, line string) (webex.Conference, error) {
	if err := o.do("Conference", line); err != nil {
		return webex.Conference{}, err
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.conf[line], nil
}

func (o *fakeFrontDesk) ReleaseConference(_ context.Context, line string) error {
	return o.do("ReleaseConference", line)
}

func (o *fakeFrontDesk) AddConferenceParticipant(_ context.Context, req webex.ConferenceCallRequest) error {
	return o.do("AddConferenceParticipant", req)
}

// participant changes one participant of the own line's conference.
func (o *fakeFrontDesk) participant(id string, f func(p *webex.ConferenceParticipant)) {
	o.edit(func(o *fakeFrontDesk) {
		c := o.conf[""]
		for i := range c.Participants {
			if c.Participants[i].CallID == id {
				f(&c.Participants[i])
			}
		}
		o.conf[""] = c
	})
}

func (o *fakeFrontDesk) MuteConference(_ context.Context, id string) error {
	if err := o.do("MuteConference", id); err != nil {
		return err
	}
	o.participant(id, func(p *webex.ConferenceParticipant) { p.Muted = true })
	return nil
}

func (o *fakeFrontDesk) UnmuteConference(_ context.Context, id string) error {
	return o.do("UnmuteConference", id)
}

func (o *fakeFrontDesk) DeafenParticipant(_ context.Context, id string) error {
	return o.do("DeafenParticipant", id)
}

func (o *fakeFrontDesk) UndeafenParticipant(_ context.Context, id string) error {
	return o.do("UndeafenParticipant", id)
}

func (o *fakeFrontDesk) HoldConference(_ context.Context, line string) error {
	return o.do("HoldConference", line)
}

func (o *fakeFrontDesk) ResumeConference(_ context.Context, line string) error {
	return o.do("ResumeConference", line)
}

func (o *fakeFrontDesk) DoNotDisturb(context.Context) (webex.DoNotDisturb, error) {
	if err := o.do("DoNotDisturb", nil); err != nil {
		return webex.DoNotDisturb{}, err
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.dnd, nil
}

func (o *fakeFrontDesk) SetDoNotDisturb(_ context.Context, d webex.DoNotDisturb) error {
	if err := o.do("SetDoNotDisturb", d); err != nil {
		return err
	}
	o.edit(func(o *fakeFrontDesk) { o.dnd = d })
	return nil
}

func (o *fakeFrontDesk) CallForwarding(context.Context) (webex.CallForwarding, error) {
	if err := o.do("CallForwarding", nil); err != nil {
		return webex.CallForwarding{}, err
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.fwd, nil
}

func (o *fakeFrontDesk) SetCallForwarding(_ context.Context, f webex.CallForwarding) error {
	if err := o.do("SetCallForwarding", f); err != nil {
		return err
	}
	o.edit(func(o *fakeFrontDesk) { o.fwd = f })
	return nil
}

func (o *fakeFrontDesk) QueueSettings(context.Context) (webex.QueueSettings, error) {
	if err := o.do("QueueSettings", nil); err != nil {
		return webex.QueueSettings{}, err
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	q := o.queues
	q.Queues = slices.Clone(q.Queues)
	return q, nil
}

func (o *fakeFrontDesk) UpdateQueueSettings(_ context.Context, u webex.QueueSettingsUpdate) error {
	if err := o.do("UpdateQueueSettings", u); err != nil {
		return err
	}
	o.edit(func(o *fakeFrontDesk) {
		if u.AgentACDState != "" {
			o.queues.AgentACDState = u.AgentACDState
		}
		for _, j := range u.Queues {
			for i := range o.queues.Queues {
				if o.queues.Queues[i].ID == j.ID {
					o.queues.Queues[i].Available = j.Available
				}
			}
		}
	})
	return nil
}

func (o *fakeFrontDesk) QueueCalls(_ context.Context, id string) ([]webex.QueueCall, error) {
	if err := o.do("QueueCalls", id); err != nil {
		return nil, err
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if err := o.denied[id]; err != nil {
		return nil, err
	}
	return slices.Clone(o.callers[id]), nil
}

func (o *fakeFrontDesk) SetWrapUpReasons(_ context.Context, reasons []string) error {
	return o.do("SetWrapUpReasons", reasons)
}

func (o *fakeFrontDesk) Lines(context.Context) ([]webex.Line, error) {
	if err := o.do("Lines", nil); err != nil {
		return nil, err
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	return slices.Clone(o.lines), nil
}

func (o *fakeFrontDesk) AssistantSettings(context.Context) (webex.AssistantSettings, error) {
	if err := o.do("AssistantSettings", nil); err != nil {
		return webex.AssistantSettings{}, err
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	return webex.AssistantSettings{Executives: slices.Clone(o.execs)}, nil
}
