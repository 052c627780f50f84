package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"time"

	tea "charm.land/bubbletea/v2"
	"golang.org/x/oauth2"

	"github.com/callboard/callboard/desk"
	"github.com/callboard/callboard/keymap"
	"github.com/callboard/callboard/model"
	"github.com/callboard/callboard/office"
	"github.com/callboard/callboard/ui"
	"github.com/callboard/callboard/ui/colleagues"
	"github.com/callboard/callboard/ui/pane"
	"github.com/callboard/callboard/ui/parkboard"
	"github.com/callboard/callboard/webex"
	"github.com/callboard/callboard/webex/sim"
)

// epoch is the scene's clock at the start: a Monday morning.
func epoch() time.Time { return time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC) }

// maxDepth bounds how many rounds of command → message → command one
// input may cause.
const maxDepth = 8

// clock is the console's clock: it moves only when the driver moves it,
// and its timers wait in the driver until then.
type clock struct{ now time.Time }

// Now is the scene's time.
func (c *clock) Now() time.Time { return c.now }

// After keeps a timer for the driver to fire when the scene's time
// reaches it.
func (c *clock) After(d time.Duration, msg tea.Msg) tea.Cmd {
	at := c.now.Add(d)
	return func() tea.Msg { return timer{at: at, msg: msg} }
}

// timer is a timer the console started.
type timer struct {
	at  time.Time
	msg tea.Msg
}

// handlerTransport serves requests with the simulator's handler in the
// same process: no port, no network.
type handlerTransport struct{ h http.Handler }

// RoundTrip serves one request in the simulator.
func (t handlerTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	in := r.Clone(r.Context())
	if in.Body == nil {
		in.Body = http.NoBody // a server's request always has a body
	}
	rec := httptest.NewRecorder()
	t.h.ServeHTTP(rec, in)
	return rec.Result(), nil
}

// driver runs the console as Bubble Tea would, without a terminal.
type driver struct {
	app    *ui.App
	clock  *clock
	world  *sim.Simulator
	wclock *sim.FakeClock
	timers []timer
	err    error
}

// newDriver starts the console of a shot on a fresh simulator.
func newDriver(ctx context.Context, s shot) (*driver, error) {
	wclock := sim.NewFakeClock(epoch())
	world := sim.New(sim.Options{
		Token: "screenshot", Seed: 1, Clock: wclock,
		DeviceAnswerDelay: 2 * time.Second, RemoteAnswerDelay: 4 * time.Second, RemoteAnswerSpread: -1,
		TalkTime: time.Hour, TalkTimeSpread: -1, RingTimeout: time.Hour, ParkRecall: time.Hour,
	})
	client, err := webex.New("http://127.0.0.1/v1", oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "screenshot", TokenType: "Bearer"}),
		webex.WithHTTPClient(&http.Client{Transport: handlerTransport{world.Handler()}}))
	if err != nil {
		return nil, fmt.Errorf("client: %w", err)
	}
	c := &clock{now: epoch()}
	keys := keymap.Default()
	opts := ui.Options{
		API: client, Demo: true, Keys: keys, Theme: ui.ThemeDark, Clock: c, Mouse: true,
		Desk: desk.Config{Order: model.OrderRingingFirst, SelectRinging: true, HoldLimit: 2 * time.Minute},
	}
	if s.office {
		dir := office.NewDirectory(office.NewWebexSource(client), "", nil)
		statuses := office.NewStatuses()
		opts.Office = ui.Office{Directory: dir, Statuses: statuses, Devices: client.Endpoints}
		opts.Panes = []pane.New{
			colleagues.New(colleagues.Config{Ctx: ctx, API: client, Lines: client, Directory: dir, Statuses: statuses, Keys: keys, Every: time.Second}),
			parkboard.New(parkboard.Config{Ctx: ctx, API: client, Lines: client, Keys: keys, Every: 5 * time.Second}),
		}
	}
	app := ui.New(ctx, opts)
	d := &driver{app: app, clock: c, world: world, wclock: wclock}
	d.send(tea.WindowSizeMsg{Width: s.cols, Height: s.rows})
	d.run(app.Init(), 0)
	return d, d.err
}

// send feeds one message and runs what follows from it.
func (d *driver) send(msg tea.Msg) {
	_, cmd := d.app.Update(msg)
	d.run(cmd, 0)
}

// forRuntime reports whether a message is Bubble Tea's own (the bell, the
// window title): it is for the runtime, not for the console.
func forRuntime(m tea.Msg) bool {
	return reflect.TypeOf(m).PkgPath() == reflect.TypeFor[tea.QuitMsg]().PkgPath()
}

// run executes a command as the runtime would: batches flattened, timers
// kept, the console's messages fed back.
func (d *driver) run(cmd tea.Cmd, depth int) {
	if cmd == nil || d.err != nil {
		return
	}
	switch m := cmd().(type) {
	case nil:
	case timer:
		d.timers = append(d.timers, m)
	case tea.BatchMsg:
		for _, c := range m {
			d.run(c, depth)
		}
	default:
		if forRuntime(m) {
			return
		}
		if depth >= maxDepth {
			d.err = fmt.Errorf("more than %d rounds of commands after one input: %T", maxDepth, m)
			return
		}
		_, next := d.app.Update(m)
		d.run(next, depth+1)
	}
}

// advance moves both clocks by dur, firing the console's timers that fall
// due on the way, in time order.
func (d *driver) advance(dur time.Duration) {
	end := d.clock.now.Add(dur)
	for d.err == nil {
		slices.SortStableFunc(d.timers, func(a, b timer) int { return a.at.Compare(b.at) })
		if len(d.timers) == 0 || d.timers[0].at.After(end) {
			break
		}
		next := d.timers[0]
		d.timers = d.timers[1:]
		d.moveTo(next.at)
		d.send(next.msg)
	}
	d.moveTo(end)
}

// moveTo sets both clocks to t, if it is later.
func (d *driver) moveTo(t time.Time) {
	if t.After(d.clock.now) {
		d.wclock.Advance(t.Sub(d.clock.now))
		d.clock.now = t
	}
}

// press presses keys by name: one character, or "enter".
func (d *driver) press(keys ...string) {
	for _, k := range keys {
		switch k {
		case "enter":
			d.send(tea.KeyPressMsg{Code: tea.KeyEnter})
		default:
			r := []rune(k)
			d.send(tea.KeyPressMsg{Code: r[0], Text: k})
		}
	}
}

// typeText types text, a key per character.
func (d *driver) typeText(text string) {
	for _, r := range text {
		d.send(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

// ring makes a caller ring the user's line.
func (d *driver) ring(name, number string) error {
	_, err := d.world.Inbound(sim.Inbound{Name: name, Number: number})
	return err
}

// scene sets the front desk of the pictures: a call on hold past its
// limit, one connected, a colleague on the phone, a parked courier, and
// two callers ringing.
func scene(ctx context.Context, s shot) (*driver, error) {
	d, err := newDriver(ctx, s)
	if err != nil {
		return nil, err
	}
	steps := []func() error{
		func() error { return d.ring("Dana Brooks, Acme Corp", "+14155550131") },
		func() error { d.advance(3 * time.Second); d.press("a"); d.advance(30 * time.Second); return nil },
		func() error { d.press("h"); d.advance(2*time.Minute + 10*time.Second); return nil },
		func() error { return d.ring("Marco Rossi, Swift Couriers", "+13125550177") },
		func() error { d.advance(3 * time.Second); d.press("a"); d.advance(20 * time.Second); return nil },
		func() error { d.press("p", "enter"); d.advance(10 * time.Second); return nil },
		func() error {
			d.press("d")
			d.typeText("103")
			d.press("enter")
			d.advance(45 * time.Second)
			return nil
		},
		func() error { return d.ring("Hannah Schmidt, Globex", "+14155550144") },
		func() error { d.advance(6 * time.Second); return d.ring("Ravi Kumar, Initech", "+16505550123") },
		func() error { d.advance(4 * time.Second); return nil },
	}
	for _, step := range steps {
		if err := errors.Join(step(), d.err); err != nil {
			return nil, err
		}
	}
	return d, nil
}
