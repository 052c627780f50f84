package ui

import (
	"context"
	"errors"

	tea "charm.land/bubbletea/v2"

	"github.com/callboard/callboard/desk"
	"github.com/callboard/callboard/internal/textsafe"
	"github.com/callboard/callboard/model"
	"github.com/callboard/callboard/office"
	"github.com/callboard/callboard/ui/lookup"
	"github.com/callboard/callboard/ui/prompt"
	"github.com/callboard/callboard/webex"
)

// The office in the console: names looked up wherever a destination is
// typed, and the device new calls ring on. (The calls the operator parked
// are kept across restarts by the journal.)

// officeState is what the App keeps for them.
type officeState struct {
	device  webex.Endpoint   // the device chosen with E; zero: Webex's choice
	devices []webex.Endpoint // the operator's devices, once asked
}

// nameResolvedMsg is the directory's answer for a name typed where a
// destination goes (the command line, a speed-dial entry).
type nameResolvedMsg struct {
	in    desk.Intent
	verb  desk.Verb
	text  string // the argument as typed
	name  string
	found office.Found
	err   error
	speed *SpeedDial // a speed-dial entry being resolved, else nil
}

// devicesMsg is the operator's devices.
type devicesMsg struct {
	endpoints []webex.Endpoint
	err       error
}

// officeMsg handles the office's messages; ok is false for any other.
func (a *App) officeMsg(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case nameResolvedMsg:
		return a.nameResolved(msg), true
	case devicesMsg:
		return a.devicesCame(msg), true
	}
	return nil, false
}

// finder is the directory as prompts search it.
func (a *App) finder() lookup.Finder {
	return lookup.Finder{Dir: a.opts.Office.Directory, Statuses: a.opts.Office.Statuses, Now: a.now}
}

// lookupClock is what a prompt's lookup needs of the console.
func (a *App) lookupClock() lookup.Clock {
	return lookup.Clock{Ctx: a.ctx, Now: a.now, After: a.opts.Clock.After, Gap: a.opts.Office.SearchGap}
}

// nameLookup is the lookup of a verb's prompt, nil without a directory.
func (a *App) nameLookup(v desk.Verb) *prompt.Lookup {
	if a.opts.Office.Directory == nil {
		return nil
	}
	return lookup.ForArg(v.Arg, a.finder(), a.lookupClock())
}

// resolveName turns the name in a typed argument into the destination the
// directory knows for it, then steps the desk; a name that is not exactly
// one person is refused with the matches listed, nothing sent. The cache
// answers at once when it holds the whole directory; otherwise Webex is
// asked.
func (a *App) resolveName(in desk.Intent, v desk.Verb, text, name string, speed *SpeedDial) tea.Cmd {
	dir := a.opts.Office.Directory
	if dir == nil {
		return a.say(desk.Problem, v.Name+": "+name+" looks like a name, and there is no directory to look it up — "+
			"type a number, extension or address; nothing sent")
	}
	if found := dir.Search(name, lookup.Limit); found.Settled {
		return a.nameResolved(nameResolvedMsg{in: in, verb: v, text: text, name: name, found: found, speed: speed})
	}
	ctx, timeout := a.ctx, a.opts.ActionTimeout
	cmd := func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		found, err := dir.Query(ctx, name, lookup.Limit)
		return nameResolvedMsg{in: in, verb: v, text: text, name: name, found: found, err: err, speed: speed}
	}
	return tea.Batch(cmd, a.say(desk.Busy, "looking "+name+" up in the directory…"))
}

// nameResolved acts on the directory's answer for a typed name.
func (a *App) nameResolved(msg nameResolvedMsg) tea.Cmd {
	what := msg.verb.Name
	if msg.speed != nil {
		what = "speed dial " + msg.speed.name()
	}
	if msg.err != nil {
		return a.say(desk.Problem, what+": the directory did not answer ("+textsafe.ErrorLine(msg.err)+") — nothing sent")
	}
	e, ok := office.Unique(msg.name, msg.found.Entries, msg.found.Total)
	switch {
	case ok && e.Dest() != "":
		if msg.speed != nil {
			sd := *msg.speed
			sd.Destination = e.Dest()
			if sd.Label == msg.name || sd.Label == "" {
				sd.Label = e.Name
			}
			return a.speedDial(sd)
		}
		return a.intent(msg.in, msg.verb, msg.verb.Arg.WithDest(msg.text, e.Dest()))
	case ok:
		return a.say(desk.Problem, what+": "+e.Name+" has no extension or number in the directory — nothing sent")
	case msg.found.Problem != "" && len(msg.found.Entries) == 0:
		return a.say(desk.Problem, what+": "+msg.found.Problem+" — nothing sent")
	case len(msg.found.Entries) == 0:
		return a.say(desk.Problem, what+": no one in the directory matches \u201c"+msg.name+"\u201d — nothing sent")
	}
	return a.say(desk.Problem, what+": \u201c"+msg.name+"\u201d matches "+office.Listing(msg.found.Entries, msg.found.Total)+
		" — type more of the name; nothing sent")
}

// chooseDevice opens the device chooser, asking Webex for the devices the
// first time.
func (a *App) chooseDevice() tea.Cmd {
	list := a.opts.Office.Devices
	if list == nil {
		return a.say(desk.Info, "devices: not available here")
	}
	if a.office.devices != nil {
		return a.openDeviceChooser()
	}
	ctx, timeout := a.ctx, a.opts.ActionTimeout
	return tea.Batch(a.say(desk.Busy, "asking Webex for your devices…"), func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, timeout)
		defer cancel()
		eps, err := list(ctx)
		return devicesMsg{endpoints: eps, err: err}
	})
}

// devicesCame opens the chooser once the devices are known.
func (a *App) devicesCame(msg devicesMsg) tea.Cmd {
	if msg.err != nil {
		if scope, ok := webex.MissingScope(msg.err); ok {
			return a.say(desk.Problem, "devices: naming your devices needs the "+scope+" scope — run `callboard login` to sign in with it")
		}
		if errors.Is(msg.err, context.Canceled) {
			return nil
		}
		return a.say(desk.Problem, "devices: "+textsafe.ErrorLine(msg.err))
	}
	a.office.devices = nonNilEndpoints(msg.endpoints)
	return tea.Batch(a.say(desk.Info, ""), a.openDeviceChooser())
}

func nonNilEndpoints(eps []webex.Endpoint) []webex.Endpoint {
	if eps == nil {
		return []webex.Endpoint{}
	}
	return eps
}

// openDeviceChooser lists the devices; the pick rings new calls there.
func (a *App) openDeviceChooser() tea.Cmd {
	choices := lookup.Choices{{Label: "any device", Detail: "Webex's choice: your primary device", Key: ""}}
	for _, ep := range a.office.devices {
		detail := office.EndpointKind(ep.Type)
		if ep.ID == a.office.device.ID {
			detail += " · now"
		}
		choices = append(choices, prompt.Match{Label: sanitize(ep.Name), Detail: detail, Value: ep.ID, Key: ep.ID})
	}
	c := a.lookupClock()
	return a.openPrompt(prompt.Spec{
		Title: "answer, dial, retrieve, pick up and pull on", Hint: "type to narrow the list",
		Footer: "enter picks · ↑/↓ choose · esc keeps the device as it is",
		Lookup: &prompt.Lookup{Finder: choices, Ctx: c.Ctx, Now: c.Now, After: c.After, Gap: c.Gap,
			Pick: func(m prompt.Match) tea.Cmd { return a.setDevice(m.Key) }},
	})
}

// setDevice makes new calls ring on the device with id ("" for Webex's
// choice).
func (a *App) setDevice(id string) tea.Cmd {
	a.office.device = webex.Endpoint{}
	for _, ep := range a.office.devices {
		if ep.ID == id {
			a.office.device = ep
		}
	}
	if a.office.device.ID == "" {
		return a.say(desk.Success, "new calls ring where Webex chooses: your primary device")
	}
	return a.say(desk.Success, "answer, dial, retrieve, pick up and pull now use "+sanitize(a.office.device.Name))
}

// deviceName is the chosen device's name, "" for Webex's choice.
func (a *App) deviceName() string { return sanitize(a.office.device.Name) }

// withDevice sends the intents that ring a device to the chosen one, unless
// they name one themselves.
func (a *App) withDevice(ev desk.Event) desk.Event {
	in, ok := ev.(desk.Intent)
	if !ok || a.office.device.ID == "" || len(in.Actions) == 0 || in.Args.Endpoint != "" || in.Args.SNR != "" {
		return ev
	}
	switch in.Actions[0] {
	case model.ActionAnswer, model.ActionDial, model.ActionRetrieve, model.ActionPull, model.ActionPickup, model.ActionBargeIn:
		in.Args.Endpoint = a.office.device.ID
	}
	return in
}

// Recent returns the destinations used lately, newest first, for the panes
// that put recent targets first.
func (a *App) Recent() []string { return a.desk.Recent() }

// CampOns returns the callers waiting for colleagues, for the panes.
func (a *App) CampOns() []desk.CampInfo { return a.desk.CampOns() }

// sanitize makes text from the network or a file one short printable line.
func sanitize(s string) string { return textsafe.Clip(textsafe.Line(s), 80) }

// Parked returns the calls the operator parked, for the park board.
func (a *App) Parked() []desk.Parked { return a.desk.Parked() }
