package ui

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/callboard/callboard/desk"
	"github.com/callboard/callboard/model"
	"github.com/callboard/callboard/ui/pane"
	"github.com/callboard/callboard/webex"
)

// notePane is a pane for the tests: it counts the keys it gets, and on
// "x" asks its host to transfer the selected call to 101.
type notePane struct {
	host        pane.Host
	keys        int
	mine        int // its own messages seen
	width, rows int
}

type noteMsg struct{}

func (p *notePane) Name() string  { return "notes" }
func (p *notePane) Init() tea.Cmd { return func() tea.Msg { return noteMsg{} } }
func (p *notePane) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case noteMsg:
		p.mine++
	case tea.KeyPressMsg:
		p.keys++
		if msg.String() == "x" {
			row, ok := p.host.Selected()
			if !ok {
				return p.host.Say(desk.Info, "no call")
			}
			return p.host.Step(desk.Intent{Actions: []model.Action{model.ActionTransfer}, CallID: row.Call.ID, Args: desk.Args{Dest: "101"}})
		}
	}
	return nil
}
func (p *notePane) View(_ time.Time, focused bool) string {
	lines := []string{"NOTES PANE " + strconv.FormatBool(focused)}
	for len(lines) < p.rows {
		lines = append(lines, "")
	}
	return strings.Join(lines[:max(p.rows, 0)], "\n")
}
func (p *notePane) SetSize(w, h int) { p.width, p.rows = w, h }
func (p *notePane) Help() []key.Binding {
	return []key.Binding{key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "to 101"))}
}
func (p *notePane) Summary() string { return "" }

func withNotes(np **notePane) func(*Options) {
	return func(o *Options) {
		o.Panes = []pane.New{func(h pane.Host) pane.Pane { *np = &notePane{host: h}; return *np }}
	}
}

// A pane shows beside the calls when the terminal is wide, under them
// when it is narrow; w gives it the keys, W hides it.
func TestPaneLayoutAndFocus(t *testing.T) {
	for _, size := range [][2]int{{160, 40}, {80, 24}} {
		var np *notePane
		h := newHarness(t, size[0], size[1], withNotes(&np))
		h.poll(connected("c", "Jane Roe", "+14155550123", epoch()))
		h.wantScreen("NOTES PANE false", "Jane Roe")
		if np.mine != 1 {
			t.Errorf("the pane's own message reached it %d times, want once", np.mine)
		}
		side := rowOf(h.screen(), "▸ notes") == rowOf(h.screen(), "STATE") // the tabs head the pane
		if want := size[0] >= paneSideBySide; side != want {
			t.Errorf("%dx%d: pane beside the calls %v, want %v:\n%s", size[0], size[1], side, want, h.screen())
		}
		h.key("h")
		if np.keys != 0 || h.api.count("Hold") != 1 {
			t.Fatalf("a key went to the pane without the focus")
		}
		h.poll(held("c", "Jane Roe", "+14155550123", epoch()))
		h.key("w")
		h.wantScreen("NOTES PANE true")
		h.key("x")
		if h.api.count("Transfer") != 1 {
			t.Errorf("the pane's action did not reach the desk")
		}
		h.key("W")
		h.noScreen("NOTES PANE")
		h.key("h")
		if np.keys != 1 {
			t.Errorf("the hidden pane kept the keys (%d keys)", np.keys)
		}
	}
}

// A call ringing in takes the keys back from the pane, with the
// selection: a answers it.
func TestRingingCallTakesTheKeysBack(t *testing.T) {
	var np *notePane
	h := newHarness(t, 160, 40, withNotes(&np))
	h.poll()
	h.key("w")
	h.wantScreen("NOTES PANE true")
	h.poll(ringing("r", "Ada Lovelace", "+14155550111", epoch()))
	h.wantScreen("NOTES PANE false")
	h.key("a")
	if np.keys != 0 || h.api.count("Answer") != 1 {
		t.Errorf("a went to the pane (%d keys) or answered %d times:\n%s", np.keys, h.api.count("Answer"), h.screen())
	}
}

// waitingPane is a second pane with something waiting on it.
type waitingPane struct {
	notePane
	summary string
}

func (p *waitingPane) Name() string    { return "queue" }
func (p *waitingPane) Summary() string { return p.summary }

// With more than one pane, tabs name them all, mark the one shown, and
// say what waits on the hidden ones.
func TestPaneTabsSayWhatWaitsOnHiddenPanes(t *testing.T) {
	var np *notePane
	h := newHarness(t, 100, 30, withNotes(&np), func(o *Options) {
		o.Panes = append(o.Panes, func(h pane.Host) pane.Pane { return &waitingPane{notePane: notePane{host: h}, summary: "2 waiting"} })
	})
	h.poll(connected("c", "Jane Roe", "+14155550123", epoch()))
	h.wantScreen("▸ notes", "queue: 2 waiting", "W next", "NOTES PANE false")
	h.key("W")
	h.wantScreen("▸ queue", " notes ")
	h.noScreen("▸ notes", "queue: 2 waiting")
}

// In a narrow pane the tabs give up the summaries before the name of the
// pane shown.
func TestPaneTabsKeepTheShownPaneWhenNarrow(t *testing.T) {
	var np *notePane
	h := newHarness(t, 60, 30, withNotes(&np), func(o *Options) {
		o.Panes = append(o.Panes, func(h pane.Host) pane.Pane {
			return &waitingPane{notePane: notePane{host: h}, summary: "2 waiting, the longest for 4:31 in the support queue"}
		})
	})
	h.poll(connected("c", "Jane Roe", "+14155550123", epoch()))
	h.wantScreen("▸ notes", "queue")
	h.noScreen("2 waiting")
	h.key("W")
	h.wantScreen("▸ queue")
}

// The help names the pane's keys as acting once the pane has the keys.
func TestHelpSaysWhenPaneKeysAct(t *testing.T) {
	var np *notePane
	h := newHarness(t, 160, 40, withNotes(&np))
	h.poll(connected("c", "Jane Roe", "+14155550123", epoch()))
	h.key("?")
	h.wantScreen("notes (after w)")
	// A name wider than the labels' column has a line of its own, with its
	// keys under it, rather than running into them.
	if !regexp.MustCompile(`(?m)^notes \(after w\) *\n {12}\S`).MatchString(h.screen()) {
		t.Errorf("the pane's keys run into its name:\n%s", h.screen())
	}
	h.key("esc", "w", "?")
	h.wantScreen("notes (has the keys)")
}

// The layout counts the detail's lines without drawing them; the count
// must be what is drawn, ids shown or not.
func TestDetailCountIsWhatIsDrawn(t *testing.T) {
	h := newHarness(t, 100, 40)
	held := connected("c", "Jane Roe", "+14155550123", epoch())
	held.State = webex.StateHeld
	h.poll(held, ringing("r", "Ada Lovelace", "+14155550111", epoch()))
	for _, keys := range [][]string{nil, {"i"}, {"j"}, {"i"}} {
		h.key(keys...)
		now := h.app.now()
		if n, drawn := h.app.detail.Count(now), len(h.app.detail.Lines(now)); n != drawn || n == 0 {
			t.Errorf("after %q: count %d, drawn %d", keys, n, drawn)
		}
	}
}
