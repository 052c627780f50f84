package ui

import (
	"context"
	"slices"
	"sync"

	"github.com/callboard/callboard/webex"
)

// fakeOffice is a scripted dispatch.Office for the console's tests: the
// lines, queues, settings and conferences of a user, changed by the
// requests the console sends (each recorded in the fakeAPI's log) or by
// the test, as Webex would change them elsewhere.
type fakeOffice struct {
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

func newFakeOffice(api *fakeAPI) *fakeOffice {
	return &fakeOffice{api: api, callers: map[string][]webex.QueueCall{}, denied: map[string]error{},
		conf: map[string]webex.Conference{}, byLine: map[string][]webex.Call{}}
}

// edit changes the fake's state under its lock.
func (o *fakeOffice) edit(f func(o *fakeOffice)) {
	o.mu.Lock()
	defer o.mu.Unlock()
	f(o)
}

// linesAPI is the fake API whose List Calls answers each line with its
// own calls.
type linesAPI struct {
	*fakeAPI
	office *fakeOffice
}

func (l linesAPI) ListCalls(ctx context.Context, line string) ([]webex.Call, error) {
	if line == "" {
		return l.fakeAPI.ListCalls(ctx, line)
	}
	if err := l.record("ListCalls", line); err != nil {
		return nil, err
	}
	l.office.mu.Lock()
	defer l.office.mu.Unlock()
	return slices.Clone(l.office.byLine[line]), nil
}

func (o *fakeOffice) do(method string, req any) error { return o.api.record(method, req) }

func (o *fakeOffice) StartConference(_ context.Context, req webex.ConferenceStartRequest) error {
	if err := o.do("StartConference", req); err != nil {
		return err
	}
	o.edit(func(o *fakeOffice) {
		c := webex.Conference{State: webex.ConferenceConnected}
		for _, id := range req.CallIDs {
			c.Participants = append(c.Participants, webex.ConferenceParticipant{CallID: id})
		}
		o.conf[req.LineOwnerID] = c
	})
	return nil
}

func (o *fakeOffice) Conference(_ context.Context, line string) (webex.Conference, error) {
	if err := o.do("Conference", line); err != nil {
		return webex.Conference{}, err
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.conf[line], nil
}

func (o *fakeOffice) ReleaseConference(_ context.Context, line string) error {
	return o.do("ReleaseConference", line)
}

func (o *fakeOffice) AddConferenceParticipant(_ context.Context, req webex.ConferenceCallRequest) error {
	return o.do("AddConferenceParticipant", req)
}

// participant changes one participant of the own line's conference.
func (o *fakeOffice) participant(id string, f func(p *webex.ConferenceParticipant)) {
	o.edit(func(o *fakeOffice) {
		c := o.conf[""]
		for i := range c.Participants {
			if c.Participants[i].CallID == id {
				f(&c.Participants[i])
			}
		}
		o.conf[""] = c
	})
}

func (o *fakeOffice) MuteConference(_ context.Context, id string) error {
	if err := o.do("MuteConference", id); err != nil {
		return err
	}
	o.participant(id, func(p *webex.ConferenceParticipant) { p.Muted = true })
	return nil
}

func (o *fakeOffice) UnmuteConference(_ context.Context, id string) error {
	return o.do("UnmuteConference", id)
}

func (o *fakeOffice) DeafenParticipant(_ context.Context, id string) error {
	return o.do("DeafenParticipant", id)
}

func (o *fakeOffice) UndeafenParticipant(_ context.Context, id string) error {
	return o.do("UndeafenParticipant", id)
}

func (o *fakeOffice) HoldConference(_ context.Context, line string) error {
	return o.do("HoldConference", line)
}

func (o *fakeOffice) ResumeConference(_ context.Context, line string) error {
	return o.do("ResumeConference", line)
}

func (o *fakeOffice) DoNotDisturb(context.Context) (webex.DoNotDisturb, error) {
	if err := o.do("DoNotDisturb", nil); err != nil {
		return webex.DoNotDisturb{}, err
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.dnd, nil
}

func (o *fakeOffice) SetDoNotDisturb(_ context.Context, d webex.DoNotDisturb) error {
	if err := o.do("SetDoNotDisturb", d); err != nil {
		return err
	}
	o.edit(func(o *fakeOffice) { o.dnd = d })
	return nil
}

func (o *fakeOffice) CallForwarding(context.Context) (webex.CallForwarding, error) {
	if err := o.do("CallForwarding", nil); err != nil {
		return webex.CallForwarding{}, err
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.fwd, nil
}

func (o *fakeOffice) SetCallForwarding(_ context.Context, f webex.CallForwarding) error {
	if err := o.do("SetCallForwarding", f); err != nil {
		return err
	}
	o.edit(func(o *fakeOffice) { o.fwd = f })
	return nil
}

func (o *fakeOffice) QueueSettings(context.Context) (webex.QueueSettings, error) {
	if err := o.do("QueueSettings", nil); err != nil {
		return webex.QueueSettings{}, err
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	q := o.queues
	q.Queues = slices.Clone(q.Queues)
	return q, nil
}

func (o *fakeOffice) UpdateQueueSettings(_ context.Context, u webex.QueueSettingsUpdate) error {
	if err := o.do("UpdateQueueSettings", u); err != nil {
		return err
	}
	o.edit(func(o *fakeOffice) {
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

func (o *fakeOffice) QueueCalls(_ context.Context, id string) ([]webex.QueueCall, error) {
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

func (o *fakeOffice) SetWrapUpReasons(_ context.Context, reasons []string) error {
	return o.do("SetWrapUpReasons", reasons)
}

func (o *fakeOffice) Lines(context.Context) ([]webex.Line, error) {
	if err := o.do("Lines", nil); err != nil {
		return nil, err
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	return slices.Clone(o.lines), nil
}

func (o *fakeOffice) AssistantSettings(context.Context) (webex.AssistantSettings, error) {
	if err := o.do("AssistantSettings", nil); err != nil {
		return webex.AssistantSettings{}, err
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	return webex.AssistantSettings{Executives: slices.Clone(o.execs)}, nil
}
