package ui

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"image/color"
	"math"
	"net"
	"net/url"
	"os"
	"runtime/debug"
	"strings"
	"syscall"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/callboard/callboard/auth"
	"github.com/callboard/callboard/desk"
	"github.com/callboard/callboard/keymap"
	"github.com/callboard/callboard/model"
	"github.com/callboard/callboard/webex"
)

// maxFuzzEvents bounds one input, so that an iteration stays fast.
const maxFuzzEvents = 200

// FuzzApp drives the root model with a sequence of events decoded from the
// input: key presses, typed and pasted text, window sizes, poll replies with
// any kind of call, failed polls, action and history replies, the signed-in
// user, ticks of the fake clock, timers firing and mouse events. It runs the
// commands the way the harness does (timers wait on the fake clock until
// the input moves it), so every input replays the same way.
//
// After every message the harness checks the frame (when the window has a
// width and a height): exactly height lines, none wider than the width, as
// ansi.StringWidth measures. A typed string counts as one event, checked
// after its last key. A panic fails the input too.
//
// The input reads as two bytes of configuration, then events: one byte
// chooses the event and the next ones its details (see fuzzInput.event).
// Wire calls go through the same mapping as production: the App receives
// []webex.Call and cleans names and numbers itself.
func FuzzApp(f *testing.F) {
	tab := newFuzzTables()
	f.Fuzz(func(t *testing.T, data []byte) {
		in := &fuzzInput{data: data, tab: tab}
		configure := in.options()
		size := in.size()
		hs := newHarness(t, size.Width, size.Height, configure)
		t.Cleanup(func() {
			if t.Failed() {
				t.Logf("options %08b %08b, %d×%d, then:\n%s", in.flags, in.extra, size.Width, size.Height, in.events())
			}
		})
		// A panic fails the input with the events that led to it.
		defer func() {
			if r := recover(); r != nil {
				t.Fatalf("panic: %v\n%s", r, debug.Stack())
			}
		}()
		for i := 0; i < maxFuzzEvents && in.more(); i++ {
			// The harness checks the frame after every message, which is
			// after every event that can change it.
			in.event(hs)
		}
	})
}

// fuzzInput reads events from the fuzzer's bytes; past the end it reads
// zeros, so every prefix of an input is a valid input.
type fuzzInput struct {
	data  []byte
	pos   int
	tab   *fuzzTables
	flags byte            // the configuration byte (see options)
	extra byte            // the speed-dial and warnings byte
	trace []func() string // what each event was, described only if the input fails
}

// note records an event before it is fed to the App, so that a failure
// names the event that caused it.
func (in *fuzzInput) note(describe func() string) { in.trace = append(in.trace, describe) }

// events describes the events fed so far, one a line.
func (in *fuzzInput) events() string {
	lines := make([]string, len(in.trace))
	for i, d := range in.trace {
		lines[i] = fmt.Sprintf("%3d %s", i, d())
	}
	return strings.Join(lines, "\n")
}

func (in *fuzzInput) more() bool { return in.pos < len(in.data) }

func (in *fuzzInput) byte() byte {
	if !in.more() {
		return 0
	}
	b := in.data[in.pos]
	in.pos++
	return b
}

// pick reads an index below n.
func (in *fuzzInput) pick(n int) int { return int(in.byte()) % n }

// text reads a string: mostly one of table, sometimes up to 63 raw bytes
// of the input, made valid UTF-8 (JSON decoding gives nothing else).
func (in *fuzzInput) text(table []string) string {
	b := in.byte()
	if b < 0xe0 {
		return table[int(b)%len(table)]
	}
	n := in.pick(64)
	end := min(in.pos+n, len(in.data))
	s := string(in.data[in.pos:end])
	in.pos = end
	return strings.ToValidUTF8(s, "\uFFFD")
}

// options reads the configuration byte (one option a bit) and the byte
// that sets the speed-dial entries and a configuration warning.
func (in *fuzzInput) options() func(*Options) {
	in.flags, in.extra = in.byte(), in.byte()
	flags, more := in.flags, in.extra
	return func(o *Options) {
		o.Mouse = flags&1 != 0
		o.Desk.SelectRinging = flags&2 != 0
		o.Desk.Bell = flags&4 != 0
		if flags&8 != 0 {
			o.Desk.HoldLimit = 30 * time.Second
		}
		if more&8 != 0 {
			o.Desk.Order = model.OrderAppearance
		}
		o.Demo = flags&16 != 0
		if flags&32 != 0 {
			o.LineOwnerID = "line-owner-1"
		}
		if flags&64 != 0 {
			o.Theme = ThemeLight
		}
		if flags&128 != 0 {
			o.Notify = func(context.Context, string, string) error { return errors.New("no notification daemon") }
		}
		dials := []SpeedDial{
			{Label: "Reception", Destination: "1000"},
			{Destination: "+14155550100"},
			{Label: "前台 front desk of the main building, second floor", Destination: "sip:desk@example.com"},
		}
		o.SpeedDial = dials[:int(more)%(len(dials)+1)]
		slots := make([]int, len(o.SpeedDial))
		for i := range slots {
			slots[i] = i + 1
		}
		o.Keys, _ = o.Keys.Apply(nil, slots)
		if more&4 != 0 {
			o.Warnings = []string{`unknown key "pol_fast" in [console] (did you mean "poll_fast"?); ` +
				`it was ignored, and the console uses the default of one second`}
		}
	}
}

// size reads a window size: one of the sizes that matter, or any up to
// 511×255.
func (in *fuzzInput) size() tea.WindowSizeMsg {
	b := in.byte()
	if int(b) < len(in.tab.sizes) {
		return in.tab.sizes[b]
	}
	w := int(in.byte()) | int(in.byte()&1)<<8
	return tea.WindowSizeMsg{Width: w, Height: int(in.byte())}
}

// The events, chosen by the first byte of each (modulo evCount).
const (
	evKey = iota // three of them: keys are what the operator does most
	evKey2
	evKey3
	evChar
	evType
	evPaste
	evResize
	evPoll
	evPollFail
	evActionOutcome
	evHistory
	evTick
	evTimer
	evMe
	evMouse
	evTerminal
	evCount
)

// event reads one event and feeds it to the App.
func (in *fuzzInput) event(hs *harness) {
	tab := in.tab
	switch in.pick(evCount) {
	case evKey, evKey2, evKey3:
		name := tab.keys[in.pick(len(tab.keys))]
		in.note(func() string { return "key " + name })
		hs.send(fuzzKey(name))
	case evChar:
		r := in.char()
		in.note(func() string { return fmt.Sprintf("character %q", r) })
		hs.send(tea.KeyPressMsg{Code: r, Text: string(r)})
	case evType:
		s := in.text(tab.typed)
		in.note(func() string { return fmt.Sprintf("type %q", s) })
		typeQuickly(hs, s)
	case evPaste:
		s := in.text(tab.typed)
		in.note(func() string { return fmt.Sprintf("paste %q", s) })
		hs.send(tea.PasteMsg{Content: s})
	case evResize:
		size := in.size()
		in.note(func() string { return fmt.Sprintf("resize to %d×%d", size.Width, size.Height) })
		hs.send(size)
	case evPoll:
		n := in.pick(10)
		if n >= 8 {
			n = 20 + in.pick(40) // more than a screen holds
		}
		calls := make([]webex.Call, n)
		for i := range calls {
			calls[i] = in.call(hs.clock.Now())
		}
		in.note(func() string { return "poll returns " + describeCalls(calls) })
		hs.poll(calls...)
	case evPollFail:
		err := in.failure()
		in.note(func() string { return fmt.Sprintf("poll fails: %v", err) })
		hs.api.failNext("ListCalls", err)
		hs.run(hs.app.step(desk.Refresh{}), 0)
	case evActionOutcome:
		in.actionOutcome(hs)
	case evHistory:
		in.history(hs)
	case evTick:
		d := tab.steps[in.pick(len(tab.steps))]
		in.note(func() string { return fmt.Sprintf("time passes: %v", d) })
		if d > time.Minute {
			hs.jump(d) // a sleeping machine: every second in between would take long to replay
		} else {
			hs.advance(d)
		}
	case evTimer:
		in.timer(hs)
	case evMe:
		in.me(hs)
	case evMouse:
		in.mouse(hs)
	default: // evTerminal
		light := in.byte()&1 != 0
		in.note(func() string { return fmt.Sprintf("terminal background light: %t", light) })
		c := color.Color(color.Black)
		if light {
			c = color.White
		}
		hs.send(tea.BackgroundColorMsg{Color: c})
	}
}

// typeQuickly types s one key per character, as typeText does, but checks
// only the last frame: a long string would otherwise redraw the screen for
// every character, and the frames in between differ only in the text typed.
func typeQuickly(hs *harness, s string) {
	keys := make([]tea.KeyPressMsg, 0, len(s))
	for _, r := range s {
		if r == ' ' {
			keys = append(keys, fuzzKey("space"))
			continue
		}
		keys = append(keys, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	for i, k := range keys {
		if i == len(keys)-1 {
			hs.send(k)
			return
		}
		_, cmd := hs.app.Update(k)
		hs.run(cmd, 0)
	}
}

// describeCalls lists wire calls for a failure message.
func describeCalls(calls []webex.Call) string {
	if len(calls) == 0 {
		return "no calls"
	}
	var b strings.Builder
	for _, c := range calls {
		fmt.Fprintf(&b, "\n      %q %s %s %q %q session %q",
			c.ID, c.State, c.Personality, c.RemoteParty.Name, c.RemoteParty.Number, c.CallSessionID)
	}
	return b.String()
}

// char reads a printable character: ASCII, or one of the wide, combining
// and otherwise awkward runes an input method can type.
func (in *fuzzInput) char() rune {
	b := in.byte()
	if b >= 0x20 && b < 0x7f {
		return rune(b)
	}
	return in.tab.runes[int(b)%len(in.tab.runes)]
}

// call reads one wire call: an id from a small pool (so that calls persist,
// change state and end across polls), every state, personality, recording
// state and flag, and parties with any name and number.
func (in *fuzzInput) call(now time.Time) webex.Call {
	tab := in.tab
	id := in.text(tab.ids)
	c := webex.Call{
		ID:             id,
		CallSessionID:  "session-" + id,
		Personality:    tab.personalities[in.pick(len(tab.personalities))],
		State:          tab.states[in.pick(len(tab.states))],
		RemoteParty:    in.party(),
		Created:        in.timestamp(now),
		RecordingState: tab.recordings[in.pick(len(tab.recordings))],
	}
	flags := in.byte()
	c.MuteCapable = flags&1 != 0
	c.Muted = flags&2 != 0
	if flags&4 != 0 {
		c.Answered = in.timestamp(now)
	}
	if flags&8 != 0 {
		for range 1 + in.pick(3) {
			c.Redirections = append(c.Redirections, webex.Redirection{
				Reason: tab.reasons[in.pick(len(tab.reasons))], RedirectingParty: in.party(),
			})
		}
	}
	if flags&16 != 0 {
		p := in.party()
		c.Recall = &webex.Recall{Type: webex.RecallTypePark, Party: &p}
	}
	if flags&32 != 0 {
		c.Appearance = int(in.byte())
	}
	if flags&64 != 0 {
		c.CallSessionID = in.text(tab.ids)
	}
	return c
}

// party reads a party: any name and number, privacy, call type.
func (in *fuzzInput) party() webex.Party {
	tab := in.tab
	p := webex.Party{Name: in.text(tab.names), Number: in.text(tab.numbers)}
	b := in.byte()
	p.PrivacyEnabled = b&1 != 0
	p.CallType = tab.callTypes[int(b>>1)%len(tab.callTypes)]
	if b&0x80 != 0 {
		p.PersonID = "person-" + p.Number
	}
	return p
}

// timestamp reads a time around now: absent, now, in the past, slightly in
// the future (the clocks disagree), or at the ends of what Webex can write.
func (in *fuzzInput) timestamp(now time.Time) webex.Timestamp {
	b, n := in.byte(), time.Duration(in.byte())
	switch b % 8 {
	case 0:
		return webex.Timestamp{}
	case 1:
		return webex.NewTimestamp(now)
	case 2:
		return webex.NewTimestamp(now.Add(-n * time.Second))
	case 3:
		return webex.NewTimestamp(now.Add(-n * time.Minute))
	case 4:
		return webex.NewTimestamp(now.Add(-n * time.Hour))
	case 5:
		return webex.NewTimestamp(now.Add(n * time.Second))
	case 6:
		return webex.NewTimestamp(time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC))
	}
	return webex.NewTimestamp(time.Date(9999, 12, 31, 23, 59, 59, 999e6, time.UTC))
}

// failure reads an error as the client returns them.
func (in *fuzzInput) failure() error {
	tab := in.tab
	switch in.pick(12) {
	case 0:
		return errNetwork
	case 1:
		return unauthorized()
	case 2:
		return rateLimited(tab.waits[in.pick(len(tab.waits))])
	case 3:
		return notFound()
	case 4:
		codes := []int{400, 403, 409, 500, 502, 503, 514}
		e := &webex.APIError{StatusCode: codes[in.pick(len(codes))], Message: in.text(tab.messages)}
		if in.byte()&1 != 0 {
			e.Details = []string{in.text(tab.messages), in.text(tab.messages)}
		}
		if in.byte()&1 != 0 {
			e.TrackingID = in.text(tab.trackingIDs)
		}
		return e
	case 5:
		return fmt.Errorf("list calls: %w", context.DeadlineExceeded)
	case 6:
		return context.Canceled
	case 7:
		// A refresh Webex refused: sign in again.
		return &webex.TokenError{Err: &auth.SessionError{Cause: &auth.ProviderError{StatusCode: 400, Code: "invalid_grant",
			Description: "The refresh token provided is expired, revoked, malformed, or invalid."}}}
	case 8:
		// A refresh that could not reach Webex: offline, not signed out.
		return &webex.TokenError{Err: fmt.Errorf("refresh the Webex sign-in: %w", &url.Error{
			Op: "Post", URL: "https://webexapis.com/v1/access_token",
			Err: &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ENETUNREACH)},
		})}
	case 9:
		var v struct{}
		err := json.Unmarshal([]byte(`{"items": [}`), &v)
		return fmt.Errorf("decode 200 response (tracking ID %s): %w", "ROUTER_6523A2F3-3A4C-01BB-00E1-0A1E2B3C4D5E", err)
	case 10:
		return fmt.Errorf("read 200 response: %w", errors.New("unexpected EOF"))
	}
	// The token endpoint is down: an outage, not a reason to sign in again.
	return &webex.TokenError{Err: fmt.Errorf("refresh the Webex sign-in: %w",
		&auth.ProviderError{StatusCode: 503, Code: "temporarily_unavailable"})}
}

// actionMethods are the fake's methods that act on calls.
func actionMethods() []string {
	return []string{
		"Dial", "Answer", "Reject", "Hangup", "Hold", "Resume", "Mute", "Unmute", "Divert", "Transfer", "Park",
		"Retrieve", "StartRecording", "StopRecording", "PauseRecording", "ResumeRecording", "TransmitDTMF",
		"Push", "Pickup", "BargeIn", "Pull",
	}
}

// actionOutcome sets how the next actions end: all succeed, the next of
// each fails with one error, or what the ones that create something return.
func (in *fuzzInput) actionOutcome(hs *harness) {
	api := hs.api
	switch in.pick(3) {
	case 0:
		in.note(func() string { return "actions succeed" })
		api.mu.Lock()
		clear(api.errs)
		api.mu.Unlock()
		return
	case 1:
		err := in.failure()
		in.note(func() string { return fmt.Sprintf("the next action of each kind fails: %v", err) })
		api.mu.Lock()
		for _, m := range actionMethods() {
			api.errs[m] = []error{err}
		}
		api.mu.Unlock()
		return
	}
	id := in.tab.ids[in.pick(len(in.tab.ids))]
	n := webex.NewCall{CallID: id, CallSessionID: "session-" + id}
	transfer := in.byte()&1 != 0
	park := webex.ParkResult{ParkedAgainst: in.party()}
	in.note(func() string { return fmt.Sprintf("actions create call %q and park on %+v", id, park.ParkedAgainst) })
	for _, m := range []string{"Dial", "Retrieve", "Pickup", "BargeIn", "Pull"} {
		api.setResult(m, n)
	}
	if transfer {
		api.setResult("Transfer", &n)
	} else {
		api.setResult("Transfer", (*webex.NewCall)(nil))
	}
	api.setResult("Park", park)
}

// history sets the call history and delivers it, or fails to.
func (in *fuzzInput) history(hs *harness) {
	if in.byte()&1 != 0 {
		err := in.failure()
		in.note(func() string { return fmt.Sprintf("history fails: %v", err) })
		hs.api.failNext("ListHistory", err)
		hs.run(hs.app.fetchHistory(), 0)
		return
	}
	n := in.pick(12)
	if n >= 10 {
		n = 20 + in.pick(40)
	}
	now := hs.clock.Now()
	records := make([]webex.HistoryRecord, n)
	for i := range records {
		records[i] = webex.HistoryRecord{
			Type:           in.tab.historyTypes[in.pick(len(in.tab.historyTypes))],
			Name:           in.text(in.tab.names),
			Number:         in.text(in.tab.numbers),
			PrivacyEnabled: in.byte()&1 != 0,
			Time:           in.timestamp(now),
		}
	}
	in.note(func() string { return fmt.Sprintf("history returns %+v", records) })
	hs.api.setHistory(records...)
	hs.run(hs.app.fetchHistory(), 0)
}

// timer fires the next timer the console keeps, or an old one again (a
// message from a timer the console has since replaced).
func (in *fuzzInput) timer(hs *harness) {
	if len(hs.timers) == 0 {
		in.note(func() string { return "no timer pending" })
		return
	}
	if in.byte()&1 != 0 {
		old := hs.timers[int(in.byte())%len(hs.timers)]
		in.note(func() string { return fmt.Sprintf("a stale %T fires", old.msg) })
		switch m := old.msg.(type) {
		case wakeMsg:
			hs.send(wakeMsg{gen: m.gen - 1})
		case statusExpiredMsg:
			hs.send(statusExpiredMsg{id: m.id - 1})
		}
		return
	}
	next := hs.timers[0].at
	for _, t := range hs.timers {
		if t.at.Before(next) {
			next = t.at
		}
	}
	d := max(next.Sub(hs.clock.Now()), 0)
	in.note(func() string { return fmt.Sprintf("the next timer fires, %v on", d) })
	hs.advance(d)
}

// me sets the signed-in user and delivers it, or fails to.
func (in *fuzzInput) me(hs *harness) {
	if in.byte()&1 != 0 {
		err := in.failure()
		in.note(func() string { return fmt.Sprintf("who am I fails: %v", err) })
		hs.api.failNext("Me", err)
		hs.run(hs.app.fetchMe(), 0)
		return
	}
	tab := in.tab
	p := webex.Person{
		ID:          "person-me",
		DisplayName: in.text(tab.names),
		FirstName:   in.text(tab.names),
		LastName:    in.text(tab.names),
		Extension:   in.text(tab.numbers),
	}
	for range in.pick(3) {
		p.PhoneNumbers = append(p.PhoneNumbers, webex.PhoneNumber{
			Type: []string{"work", "mobile", ""}[in.pick(3)], Value: in.text(tab.numbers), Primary: in.byte()&1 != 0,
		})
	}
	in.note(func() string { return fmt.Sprintf("signed in as %+v", p) })
	hs.api.setMe(p)
	hs.run(hs.app.fetchMe(), 0)
}

// mouse clicks or scrolls somewhere on (or just off) the screen.
func (in *fuzzInput) mouse(hs *harness) {
	kind := in.pick(4)
	m := tea.Mouse{X: in.pick(hs.app.width + 2), Y: in.pick(hs.app.height + 2)}
	switch kind {
	case 0, 1:
		m.Button = tea.MouseLeft
		if kind == 1 {
			m.Button = tea.MouseRight
		}
		in.note(func() string { return fmt.Sprintf("click %v", m) })
		hs.send(tea.MouseClickMsg(m))
		return
	case 2:
		m.Button = tea.MouseWheelUp
	default:
		m.Button = tea.MouseWheelDown
	}
	in.note(func() string { return fmt.Sprintf("wheel %v", m) })
	hs.send(tea.MouseWheelMsg(m))
}

// fuzzKey builds the key press Bubble Tea reports for a key name, modifiers
// included ("ctrl+w", "alt+backspace", "shift+tab").
func fuzzKey(name string) tea.KeyPressMsg {
	named := map[string]rune{
		"enter": tea.KeyEnter, "esc": tea.KeyEscape, "tab": tea.KeyTab, "backspace": tea.KeyBackspace,
		"delete": tea.KeyDelete, "space": tea.KeySpace, "up": tea.KeyUp, "down": tea.KeyDown,
		"left": tea.KeyLeft, "right": tea.KeyRight, "home": tea.KeyHome, "end": tea.KeyEnd,
		"pgup": tea.KeyPgUp, "pgdown": tea.KeyPgDown, "f1": tea.KeyF1,
	}
	var mod tea.KeyMod
	rest := name
	for _, m := range []struct {
		prefix string
		mod    tea.KeyMod
	}{{"ctrl+", tea.ModCtrl}, {"alt+", tea.ModAlt}, {"shift+", tea.ModShift}} {
		if r, ok := strings.CutPrefix(rest, m.prefix); ok && r != "" {
			rest, mod = r, mod|m.mod
		}
	}
	if code, ok := named[rest]; ok {
		k := tea.KeyPressMsg{Code: code, Mod: mod}
		if code == tea.KeySpace && mod == 0 {
			k.Text = " "
		}
		return k
	}
	k := tea.KeyPressMsg{Code: []rune(rest)[0], Mod: mod}
	if mod == 0 {
		k.Text = rest
	}
	return k
}

// fuzzTables are what the input's bytes choose from. They are built once
// per fuzz target and only read. The checked-in seeds choose by index:
// append to a table rather than reorder it, or the seeds change meaning
// (they still run, but no longer walk the flow their name says).
type fuzzTables struct {
	keys          []string
	runes         []rune
	typed         []string
	sizes         []tea.WindowSizeMsg
	ids           []string
	states        []webex.CallState
	personalities []webex.Personality
	recordings    []webex.RecordingState
	callTypes     []webex.CallType
	reasons       []webex.RedirectionReason
	historyTypes  []webex.HistoryType
	names         []string
	numbers       []string
	messages      []string
	trackingIDs   []string
	waits         []time.Duration
	steps         []time.Duration
}

// newFuzzTables builds the tables: every bound key of the default key map
// and the editing keys of the prompts, awkward characters, names and numbers
// in every script and with every kind of hostile content, the sizes around
// the console's minimum, and the errors and waits Webex can send.
func newFuzzTables() *fuzzTables {
	var keys []string
	for _, b := range keymap.Default().All() {
		keys = append(keys, b.Key.Keys()...)
	}
	keys = append(keys,
		"enter", "esc", "tab", "shift+tab", "backspace", "delete", "space", "up", "down", "left", "right",
		"home", "end", "pgup", "pgdown", "f1", "ctrl+a", "ctrl+e", "ctrl+k", "ctrl+u", "ctrl+w", "ctrl+n",
		"ctrl+p", "ctrl+d", "ctrl+h", "ctrl+f", "ctrl+b", "alt+backspace", "alt+left", "alt+right", "alt+d",
		"ctrl+c", "x", "z", "0", "+", "@", ",", "*")
	long := strings.Repeat("Bartholomew Featherstonehaugh-Cholmondeley ", 12)
	return &fuzzTables{
		keys: keys,
		runes: []rune{'é', 'ß', 'Ω', '中', '文', '한', 'ｱ', '１', '＃', '😀', '👍', '\u0301', '\u0308', '\u200d',
			'\u202e', '\u2066', '\u00ad', '\ufe0f', '\u3000', '\u0e34', 'ע', 'ع', '\U000E0041', '\U0001F1EB', '\u20dd'},
		typed: []string{
			"1001", "1002", "3003", "+14155550100", "+1 (415) 555-0100", "sip:jane@example.com", "tel:+442071234567",
			"*73", "#21",
			"vm", "vm 1234", "voicemail", "group", "1,234#", "12a4", "+", "user@", "dial 1001", "call 2002",
			"transfer", "transfer 2002", "consult 3003", "consult", "park", "park group", "park 7001",
			"retrieve", "retrieve 7001", "pickup", "pickup 1002", "barge 1002", "barge", "record start",
			"record stop", "record pause", "record resume", "record", "dtmf 12#", "dtmf 1,2,3", "dtmf x",
			"reject", "reject ignore", "reject nope", "answer", "hangup", "end", "hold", "resume", "mute",
			"unmute", "push", "pull", "copy", "copy session", "copy x", "history", "refresh", "help", "quit",
			"divert vm", "divert vm 5555", "divert 3003", "divert", "bogus", "DIAL 1001", "  dial   1001  ",
			"jane", "ring", "held", "415 555", "山田", "👩‍💻", "e\u0301", "\u202eevil", "a\tb\nc", "\x1b[2J",
			strings.Repeat("9", 300), "dial " + strings.Repeat("1", 80), long,
		},
		sizes: []tea.WindowSizeMsg{
			{}, {Width: 1, Height: 1}, {Width: 0, Height: 24}, {Width: 80, Height: 0}, {Width: 2, Height: 1},
			{Width: 10, Height: 3}, {Width: 40, Height: 10}, {Width: 59, Height: 14}, {Width: 60, Height: 13},
			{Width: 60, Height: 14}, {Width: 61, Height: 15}, {Width: 80, Height: 24}, {Width: 99, Height: 20},
			{Width: 100, Height: 30}, {Width: 120, Height: 40}, {Width: 159, Height: 35}, {Width: 160, Height: 36},
			{Width: 200, Height: 50}, {Width: 400, Height: 200}, {Width: 1000, Height: 3}, {Width: 3, Height: 300},
			{Width: 60, Height: 100}, {Width: 300, Height: 14},
		},
		ids: []string{"c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7",
			"Y2lzY29zcGFyazovL3VzL0NBTExTLzU0MmJiZmRiLTBmNjgtNGQ0OS05YmQ5LTk4ZmZkNDcxMGQ3Nw", ""},
		states: []webex.CallState{webex.StateConnecting, webex.StateAlerting, webex.StateConnected, webex.StateHeld,
			webex.StateRemoteHeld, webex.StateDisconnected, "", "parked"},
		personalities: []webex.Personality{webex.PersonalityOriginator, webex.PersonalityTerminator,
			webex.PersonalityClickToDial, "", "supervisor"},
		recordings: []webex.RecordingState{"", webex.RecordingPending, webex.RecordingStarted, webex.RecordingPaused,
			webex.RecordingStopped, webex.RecordingFailed, "unknown"},
		callTypes: []webex.CallType{webex.CallTypeLocation, webex.CallTypeOrganization, webex.CallTypeExternal,
			webex.CallTypeEmergency, webex.CallTypeRepair, webex.CallTypeOther, "", "satellite"},
		reasons: []webex.RedirectionReason{webex.ReasonBusy, webex.ReasonNoAnswer, webex.ReasonUnavailable,
			webex.ReasonUnconditional, webex.ReasonTimeOfDay, webex.ReasonDivert, webex.ReasonFollowMe,
			webex.ReasonHuntGroup, webex.ReasonCallQueue, webex.ReasonUnknown, ""},
		historyTypes: []webex.HistoryType{webex.HistoryPlaced, webex.HistoryMissed, webex.HistoryReceived, "", "forwarded"},
		names: []string{
			"", "Jane Roe", "Acme Support", "Wei Chen", "O'Brien-Smith, Jr.", long,
			"山田太郎", "王小明的办公室电话（总机）", "김민준", "ｱｲｳｴｵ ﾊﾝｶｸ", "ＦＵＬＬＷＩＤＴＨ",
			"👩‍💻 Support desk", "🇫🇷🇩🇪🇯🇵", "👨‍👩‍👧‍👦 family", "⚠️ urgent", "a\u20dd\u20dd",
			"e\u0301te\u0301 Zo\u0308e", "Z\u0335\u0321\u0322a\u0336\u0317l\u0337\u0318g\u0338\u0319o\u0334",
			"\x1b[31mRED\x1b[0m", "\x1b]0;pwned\x07title", "\x1b[2J\x1b[H", "line one\nline two", "tab\there",
			"\u202eevil\u202c name", "\u2066isolated\u2069", "\u200b\ufeffzero width", "soft\u00adhyphen",
			"\x00nul\x7fdel\u0085nel", "  spaced   out  ", "\u3000ideographic\u3000space", "עברית שלום",
			"العربية", "ไทย\u0e34\u0e35", "\U000E0041\U000E0042tags", "\ufffd\ufffd", "\u115f\u1160hangul fillers",
		},
		numbers: []string{
			"", "1001", "2003", "+14155550100", "+16505550177", "+18005551234", "*73", "+33 1 23 45 67 89", "１２３４",
			"tel:+1\x1b[2J",
			"1001\n1002", "\u202e0010", strings.Repeat("8", 60),
			"sip:very.long.address.for.a.conference.room.on.the.fourth.floor@department.example.com",
			"\u200e+1 (222) 333-4444", "ext. 山田",
		},
		messages: []string{
			"", "Invalid call state", "The call cannot be held in its current state",
			strings.Repeat("Webex could not complete the request because the call is in a state that does not allow it. ", 4),
			"呼叫状态无效，无法保持通话", "⚠️ Service temporarily unavailable 🚧", "e\u0301chec de l'appel",
		},
		trackingIDs: []string{"ROUTER_6523A2F3-3A4C-01BB-00E1-0A1E2B3C4D5E", "", "追踪-1", strings.Repeat("X", 120)},
		waits: []time.Duration{0, time.Second, 2 * time.Second, 5 * time.Second, 59 * time.Second,
			61 * time.Second, 90 * time.Second, time.Hour, 24 * time.Hour, 365 * 24 * time.Hour, math.MaxInt64},
		steps: []time.Duration{0, 100 * time.Millisecond, 999 * time.Millisecond, time.Second, 2 * time.Second,
			5 * time.Second, 6 * time.Second, 10 * time.Second, 15 * time.Second, 31 * time.Second,
			61 * time.Second, 10 * time.Minute, time.Hour, 25 * time.Hour},
	}
}

// notFound is Webex's reply for a call that no longer exists.
func notFound() error {
	return &webex.APIError{StatusCode: 400, Message: "Call not found", Details: []string{"Call not found"}, TrackingID: "ROUTER_400"}
}

// unauthorized is Webex's reply to a token it does not accept.
func unauthorized() error {
	return &webex.APIError{StatusCode: 401, Message: "The request requires a valid access token set in the Authorization request header."}
}

// rateLimited is a 429 asking to wait d.
func rateLimited(d time.Duration) error {
	return &webex.RateLimitError{APIError: webex.APIError{StatusCode: 429, Message: "Too Many Requests"}, RetryAfter: d}
}
