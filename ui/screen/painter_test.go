package screen

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"
)

// testPainter is a painter on a buffer, with a clock the test moves and the
// frames that come due delivered on a channel.
type testPainter struct {
	*painter
	out    *bytes.Buffer
	clock  time.Time
	frames chan tea.Msg
}

func newTestPainter(t *testing.T, period time.Duration) *testPainter {
	t.Helper()
	out := &bytes.Buffer{}
	tp := &testPainter{out: out, clock: time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC), frames: make(chan tea.Msg, 4)}
	tp.painter = newPainter(out, []string{"TERM=xterm-256color"}, colorprofile.ANSI256, 40, 5, period)
	tp.now = func() time.Time { return tp.clock }
	tp.send = func(m tea.Msg) { tp.frames <- m }
	t.Cleanup(func() { _ = tp.close() })
	return tp
}

// written returns what reached the terminal since the last call.
func (tp *testPainter) written() string {
	s := tp.out.String()
	tp.out.Reset()
	return s
}

// show offers v as the model's view.
func (tp *testPainter) show(v tea.View) {
	tp.view = func() tea.View { return v }
	tp.offer()
}

func view(content string) tea.View {
	v := tea.NewView(content)
	v.AltScreen = true
	v.WindowTitle = "callboard"
	return v
}

func TestFirstFrameIsDrawnAtOnce(t *testing.T) {
	tp := newTestPainter(t, time.Hour)
	tp.show(tea.NewView(""))
	if got := tp.written(); got != "" {
		t.Fatalf("an empty view (no size yet) was drawn: %q", got)
	}
	tp.show(view("callboard"))
	got := tp.written()
	for _, want := range []string{ansi.SetModeAltScreenSaveCursor, ansi.ResetModeTextCursorEnable, ansi.SetWindowTitle("callboard"), "callboard"} {
		if !strings.Contains(got, want) {
			t.Errorf("the first frame lacks %q: %q", want, got)
		}
	}
}

func TestAnUnchangedViewWritesNothing(t *testing.T) {
	tp := newTestPainter(t, time.Millisecond)
	tp.show(view("one"))
	tp.written()
	tp.clock = tp.clock.Add(time.Second)
	tp.show(view("one"))
	if got := tp.written(); got != "" {
		t.Fatalf("the same view was written again: %q", got)
	}
	tp.show(view("two"))
	tp.show(view("three")) // the burst is spent
	tp.written()
	tp.show(view("two"))
	tp.frameComesDue(t)
	tp.due()
	tp.clock = tp.clock.Add(time.Millisecond)
	tp.show(view("three")) // the change was undone before its frame
	if got := tp.written(); got != "" {
		t.Fatalf("the same view was written again when its frame came due: %q", got)
	}
}

// frameComesDue waits for the frame the painter said it would draw later.
func (tp *testPainter) frameComesDue(t *testing.T) {
	t.Helper()
	if !tp.waiting {
		t.Fatal("no frame is due")
	}
	if msg := <-tp.frames; msg != (frameDue{}) {
		t.Fatalf("the timer sent %#v", msg)
	}
}

// A change the model made itself, the durations' tick say, is drawn in the
// wake-up that made it: a timer to wait for others would cost one more.
func TestAChangeIsDrawnAtOnce(t *testing.T) {
	tp := newTestPainter(t, 100*time.Millisecond)
	tp.show(view("title"))
	tp.written()
	tp.clock = tp.clock.Add(time.Second)
	tp.show(view("title, a tick"))
	if tp.written() == "" || tp.shown.Content != "title, a tick" {
		t.Fatalf("the tick's change waited: %q on screen", tp.shown.Content)
	}
	if tp.waiting {
		t.Fatal("a timer was set although the change was drawn")
	}
	tp.clock = tp.clock.Add(6 * time.Millisecond)
	tp.show(view("title, a tick")) // the poll's answer changed nothing
	if got := tp.written(); got != "" || tp.waiting {
		t.Fatalf("an answer that changed nothing wrote %q (timer set: %t)", got, tp.waiting)
	}
}

func TestChangesBeyondTheBurstAreDrawnTogetherWhenAPeriodEnds(t *testing.T) {
	tp := newTestPainter(t, 5*time.Millisecond)
	tp.show(view("one"))
	tp.show(view("two"))
	if tp.shown.Content != "two" {
		t.Fatalf("the burst did not draw two frames: %q on screen", tp.shown.Content)
	}
	tp.written()
	tp.clock = tp.clock.Add(time.Millisecond)
	tp.show(view("three"))
	tp.show(view("four"))
	if got := tp.written(); got != "" {
		t.Fatalf("a frame was drawn beyond the burst: %q", got)
	}
	tp.frameComesDue(t)
	tp.due()
	tp.clock = tp.clock.Add(4 * time.Millisecond)
	tp.show(view("four"))
	if tp.written() == "" || tp.shown.Content != "four" {
		t.Fatalf("the frame that came due is not the latest view: %q", tp.shown.Content)
	}
	select {
	case msg := <-tp.frames:
		t.Fatalf("a second frame came due: %#v", msg)
	default:
	}
}

func TestAViewAfterAQuietPeriodIsDrawnAtOnce(t *testing.T) {
	tp := newTestPainter(t, 100*time.Millisecond)
	tp.show(view("one"))
	tp.written()
	tp.clock = tp.clock.Add(100 * time.Millisecond)
	tp.show(view("two"))
	if got := tp.written(); !strings.Contains(got, "two") {
		t.Fatalf("a key's effect after a quiet period waited: %q", got)
	}
}

func TestAResizeRedrawsTheWholeScreen(t *testing.T) {
	tp := newTestPainter(t, time.Millisecond)
	tp.show(view("one"))
	tp.written()
	tp.filter(nil, tea.WindowSizeMsg{Width: 30, Height: 4})
	tp.clock = tp.clock.Add(time.Second)
	tp.show(view("one"))
	if got := tp.written(); !strings.Contains(got, "one") {
		t.Fatalf("after a resize the same view was not drawn again: %q", got)
	}
}

func TestRawOutputIsWrittenAtOnceAndNotPassedOn(t *testing.T) {
	tp := newTestPainter(t, time.Hour)
	if msg := tp.filter(nil, tea.RawMsg{Msg: "\a"}); msg != nil {
		t.Fatalf("raw output reached the model: %#v", msg)
	}
	if got := tp.written(); got != "\a" {
		t.Fatalf("the bell was written as %q", got)
	}
	key := tea.KeyPressMsg{Code: 'a', Text: "a"}
	if msg := tp.filter(nil, key); msg != key {
		t.Fatalf("a key became %#v", msg)
	}
}

func TestCloseLeavesTheTerminalAsItWas(t *testing.T) {
	tp := newTestPainter(t, time.Hour)
	if err := tp.close(); err != nil || tp.written() != "" {
		t.Fatal("closing before any frame wrote to the terminal")
	}
	v := view("one")
	v.MouseMode = tea.MouseModeCellMotion
	tp.show(v)
	if got := tp.written(); !strings.Contains(got, ansi.SetModeMouseButtonEvent) {
		t.Fatalf("mouse reports were not asked for: %q", got)
	}
	if err := tp.close(); err != nil {
		t.Fatal(err)
	}
	got := tp.written()
	for _, want := range []string{ansi.ResetModeAltScreenSaveCursor, ansi.SetModeTextCursorEnable, ansi.ResetModeBracketedPaste,
		ansi.ResetModeMouseButtonEvent, ansi.SetWindowTitle(""), ansi.PopKittyKeyboard(1)} {
		if !strings.Contains(got, want) {
			t.Errorf("closing did not write %q: %q", want, got)
		}
	}
}

// countingModel counts what the framed model asks of it.
type countingModel struct{ updates, views int }

func (m *countingModel) Init() tea.Cmd { return nil }

func (m *countingModel) Update(tea.Msg) (tea.Model, tea.Cmd) {
	m.updates++
	return m, nil
}

func (m *countingModel) View() tea.View {
	m.views++
	return view(fmt.Sprintf("update %d", m.updates))
}

// framedOn runs m as Run does, over a test painter that may draw a frame a
// millisecond.
func framedOn(t *testing.T, m tea.Model) (*testPainter, *framed) {
	t.Helper()
	tp := newTestPainter(t, time.Millisecond)
	f := &framed{model: m, p: tp.painter}
	tp.view = f.modelView
	return tp, f
}

// drawWhenDue waits for the frame that comes due and lets it draw, as the
// program would a millisecond later.
func (tp *testPainter) drawWhenDue(t *testing.T, f *framed) {
	t.Helper()
	tp.frameComesDue(t)
	tp.clock = tp.clock.Add(time.Millisecond)
	f.Update(frameDue{})
	f.View()
}

func TestAFrameThatComesDueDrawsTheModelsViewWithoutAskingAgain(t *testing.T) {
	m := &countingModel{}
	tp, f := framedOn(t, m)
	for _, k := range "abc" {
		f.Update(tea.KeyPressMsg{Code: k})
		f.View() // the third waits: beyond the burst
	}
	if tp.shown.Content != "update 2" {
		t.Fatalf("on screen: %q", tp.shown.Content)
	}
	tp.drawWhenDue(t, f)
	if tp.shown.Content != "update 3" {
		t.Fatalf("the frame that came due is not the model's latest view: %q", tp.shown.Content)
	}
	if m.updates != 3 || m.views != 3 {
		t.Fatalf("the model had %d updates and %d views, want 3 and 3", m.updates, m.views)
	}
}

func TestChangesFasterThanTheFramesCostTheModelOneView(t *testing.T) {
	m := &countingModel{}
	tp, f := framedOn(t, m)
	f.View()          // the first frame
	f.Update("a key") // and its echo: the burst is spent
	f.View()
	for _, msg := range []tea.Msg{"the durations' tick", "a poll goes", "the poll's answer"} {
		f.Update(msg)
		f.View()
	}
	if m.views != 2 {
		t.Fatalf("the model was asked for %d views within the burst, want the two frames'", m.views)
	}
	tp.drawWhenDue(t, f)
	if m.views != 3 || tp.shown.Content != "update 4" {
		t.Fatalf("when the frame came due: %d views, %q on screen; want 3 and the fourth update", m.views, tp.shown.Content)
	}
}

// steadyModel is a countingModel that says when an update changed nothing.
type steadyModel struct {
	countingModel
	quiet bool // the next updates change nothing
}

func (m *steadyModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if !m.quiet {
		m.updates++
	}
	return m, nil
}

func (m *steadyModel) Unchanged() bool { return m.quiet }

func TestAnUpdateThatChangedNothingAsksForNoView(t *testing.T) {
	m := &steadyModel{}
	tp, f := framedOn(t, m)
	f.View() // the first frame
	m.quiet = true
	f.Update("a poll's answer with nothing new")
	f.View()
	if m.views != 1 {
		t.Fatalf("the model was asked for %d views, want the first frame's only", m.views)
	}

	// A change waits for its frame; quiet updates come before it is due:
	// the frame still draws the change.
	m.quiet = false
	f.Update("a key")
	f.View()
	f.Update("another key") // beyond the burst: it waits
	f.View()
	m.quiet = true
	f.Update("a poll's answer with nothing new")
	f.View()
	tp.drawWhenDue(t, f)
	if tp.shown.Content != "update 2" {
		t.Fatalf("the frame that came due after a quiet update shows %q, want the second change", tp.shown.Content)
	}
}

// painted counts the rows the renderer will compare with the screen.
func painted(tp *testPainter) int {
	n := 0
	for _, row := range tp.cells.Touched {
		if row != nil && (row.FirstCell != -1 || row.LastCell != -1) {
			n++
		}
	}
	return n
}

// cellsOf paints content whole on a fresh painter of the same size: what
// the screen must show.
func cellsOf(t *testing.T, tp *testPainter, content string) string {
	t.Helper()
	fresh := newTestPainter(t, time.Millisecond)
	fresh.resize(tp.cells.Width(), tp.cells.Height())
	fresh.cells.Clear()
	uv.NewStyledString(content).Draw(fresh.cells, fresh.cells.Bounds())
	return fresh.cells.Render()
}

func TestOnlyChangedRowsArePaintedAndTheScreenIsAsIfPaintedWhole(t *testing.T) {
	tp := newTestPainter(t, time.Millisecond)
	bold, red := "\x1b[1m", "\x1b[31m"
	frames := []string{
		bold + "callboard" + "\x1b[m  ● online\n" + red + "Ada  ringing 0:01\x1b[m\nGrace  held 0:20",
		bold + "callboard" + "\x1b[m  ● online\n" + red + "Ada  ringing 0:02\x1b[m\nGrace  held 0:21",
		bold + "callboard" + "\x1b[m  ● online\n" + red + "Ada  ringing 0:02\x1b[m\nGrace  held 0:21\nLinus  connected",
		bold + "callboard" + "\x1b[m  ● online\nAda  connected 0:03",
	}
	wantTouched := []int{5, 2, 1, 3}
	for i, content := range frames {
		tp.paint(content)
		if got := painted(tp); got != wantTouched[i] {
			t.Errorf("frame %d painted %d rows, want %d", i, got, wantTouched[i])
		}
		if got, want := tp.cells.Render(), cellsOf(t, tp, content); got != want {
			t.Fatalf("frame %d painted row by row:\n%q\nwant\n%q", i, got, want)
		}
		tp.scr.Render(tp.cells.RenderBuffer) // as a frame does: the rows are no longer new
	}
}

func TestStylesThatRunOnToTheNextRowArePaintedWhole(t *testing.T) {
	tp := newTestPainter(t, time.Millisecond)
	for _, content := range []string{
		"title\nAda\nGrace",
		"title\n\x1b[1mAda\nGrace\x1b[m", // Grace is bold too
		"title\nAda\n\x1b]8;;https://example.com\x1b\\Grace\x1b]8;;\x1b\\",
		"title\nAda\nGrace",
	} {
		tp.paint(content)
		if got, want := tp.cells.Render(), cellsOf(t, tp, content); got != want {
			t.Fatalf("%q painted as\n%q\nwant\n%q", content, got, want)
		}
		tp.scr.Render(tp.cells.RenderBuffer)
	}
}
