// Package prompt is the console's one-line question: a destination, digits,
// a command, a filter, or a yes/no confirmation. It validates as the
// operator types and never sends what it refuses; what it is for is the
// opener's business, handed to it as the function that submits.
package prompt

import (
	"strings"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/callboard/callboard/ui/theme"
)

// Completing starts a validator's answer for text that is unfinished rather
// than wrong (the start of a verb): the prompt shows it as a hint, and enter
// refuses it like a problem.
const Completing = "… "

// Spec describes a prompt.
type Spec struct {
	Title string
	Hint  string // under the input while nothing is wrong
	Value string // the text to start with
	// Suggestions are offered for tab completion (recent destinations,
	// verbs).
	Suggestions []string
	// List makes the text a comma-separated list: the suggestions complete
	// its last item.
	List bool
	// Validate says what is wrong with the text ("" when it can be sent);
	// nil accepts anything.
	Validate func(text string) string
	// Submit acts on the trimmed text once enter accepts it.
	Submit func(text string) tea.Cmd
	// Change is told the text after every edit (a filter applies as the
	// operator types); nil when nothing follows the typing.
	Change func(text string) tea.Cmd
	// Confirm makes a yes/no question: y or enter runs Submit(""), n or esc
	// cancels. There is no input.
	Confirm bool
	// Footer replaces the key help under the prompt.
	Footer string
	// Lookup, when set, lists matches (people, devices) under the input
	// as the operator types; see Lookup.
	Lookup *Lookup
}

// Model is an open prompt.
type Model struct {
	spec     Spec
	input    textinput.Model
	problem  string
	width    int
	open     bool
	closedBy string          // the key that closed it
	leftover tea.KeyPressMsg // a key to route after the prompt closed (esc typed with it)
	hasLeft  bool
	refused  bool       // enter was refused: show why even for an empty input
	look     *lookState // the lookup's state; nil without a Lookup
	start    tea.Cmd    // the first search, for Init
}

// New opens a prompt.
func New(spec Spec, width int) Model {
	in := textinput.New()
	in.Prompt = "› "
	in.CharLimit = 256
	// The cursor does not blink: a blinking cursor wakes the console every
	// half second for nothing.
	styles := in.Styles()
	styles.Cursor.Blink = false
	in.SetStyles(styles)
	// alt+letter is how a terminal sends esc followed quickly by a letter:
	// the prompt reads it as "close, then that key", so word motions move
	// to ctrl+arrows and ctrl+w only.
	km := textinput.DefaultKeyMap()
	km.WordForward.SetKeys("ctrl+right")
	km.WordBackward.SetKeys("ctrl+left")
	km.DeleteWordBackward.SetKeys("ctrl+w")
	km.DeleteWordForward.SetKeys("ctrl+delete")
	in.KeyMap = km
	in.SetSuggestions(spec.Suggestions)
	in.ShowSuggestions = len(spec.Suggestions) > 0
	in.SetValue(spec.Value)
	in.CursorEnd()
	in.Focus()
	m := Model{spec: spec, input: in, open: true}
	m.SetWidth(width)
	m.start = m.initLookup()
	m.check()
	return m
}

// Init returns what the prompt starts with: the search of the text it
// opened with, if any.
func (m Model) Init() tea.Cmd { return m.start }

// Open reports whether the prompt is still open.
func (m Model) Open() bool { return m.open }

// ClosedBy returns the key that closed the prompt ("enter", "esc", "y").
func (m Model) ClosedBy() string { return m.closedBy }

// Leftover returns a key pressed together with esc (a terminal sends esc
// then a letter typed quickly as alt+letter): the prompt closed, and the
// key is the operator's next one.
func (m Model) Leftover() (tea.KeyPressMsg, bool) { return m.leftover, m.hasLeft }

// Value is the trimmed text.
func (m Model) Value() string { return strings.TrimSpace(m.input.Value()) }

// Problem is what is wrong with the text now; "" when it can be sent.
func (m Model) Problem() string { return m.problem }

// Title is the prompt's question.
func (m Model) Title() string { return m.spec.Title }

// SetWidth sizes the prompt.
func (m *Model) SetWidth(w int) {
	m.width = w
	m.input.SetWidth(max(w-4, 10))
}

func (m *Model) check() {
	m.problem = ""
	if m.naming() {
		return // a name is for the lookup: enter picks a match or says none
	}
	if m.spec.Validate != nil && !m.spec.Confirm {
		m.problem = m.spec.Validate(m.Value())
	}
}

// Update edits the text, submits it, or closes the prompt.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	if !m.open {
		return m, nil
	}
	if lm, ok := msg.(LookupMsg); ok {
		if m.look == nil {
			return m, nil
		}
		return m.lookupUpdate(lm)
	}
	k, isKey := msg.(tea.KeyPressMsg)
	if !isKey {
		if _, paste := msg.(tea.PasteMsg); paste && !m.spec.Confirm {
			return m.edit(msg)
		}
		return m, nil
	}
	switch s := k.String(); {
	case s == "esc" || s == "ctrl+c":
		return m.close(s), m.changed("")
	case EscapedKey(k):
		m = m.close("esc")
		m.leftover, m.hasLeft = Unescaped(k), true
		return m, m.changed("")
	case m.spec.Confirm:
		switch s {
		case "y", "Y", "enter":
			return m.close(s), m.submit("")
		case "n", "N":
			return m.close(s), nil
		}
		return m, nil
	case m.naming() && (s == "up" || s == "down") && len(m.look.found.Matches) > 0:
		if s == "up" {
			m.moveSelection(-1)
		} else {
			m.moveSelection(1)
		}
		return m, nil
	case s == "enter" && m.naming():
		return m.enterName()
	case s == "enter":
		if m.problem != "" {
			m.refused = true
			return m, nil // the problem is shown under the input; nothing is sent
		}
		return m.close(s), m.submit(m.Value())
	}
	return m.edit(msg)
}

// edit passes a message to the input and revalidates.
func (m Model) edit(msg tea.Msg) (Model, tea.Cmd) {
	// The text input panics on delete-word-forward with the cursor on the
	// last character (charmbracelet/bubbles#1056): there the word forward
	// is that character, which the delete key removes.
	if k, ok := msg.(tea.KeyPressMsg); ok && key.Matches(k, m.input.KeyMap.DeleteWordForward) &&
		m.input.Position() == utf8.RuneCountInString(m.input.Value())-1 {
		msg = tea.KeyPressMsg{Code: tea.KeyDelete}
	}
	before := m.input.Value()
	var cmd tea.Cmd
	m.input, cmd = m.input.Update(msg)
	if m.input.Value() != before {
		m.suggestForList()
		cmd = tea.Batch(cmd, m.relook(), m.changed(m.Value()))
	}
	m.check()
	return m, cmd
}

// suggestForList offers, in a list, the suggestions after the items typed
// already, so tab completes the item being typed.
func (m *Model) suggestForList() {
	if !m.spec.List || len(m.spec.Suggestions) == 0 {
		return
	}
	v := m.input.Value()
	i := strings.LastIndex(v, ",")
	if i < 0 {
		m.input.SetSuggestions(m.spec.Suggestions)
		return
	}
	rest := v[i+1:]
	done := v[:i+1] + rest[:len(rest)-len(strings.TrimLeft(rest, " "))] // as typed, spaces and all
	var out []string
	for _, s := range m.spec.Suggestions {
		out = append(out, done+s)
	}
	m.input.SetSuggestions(out)
}

func (m Model) close(by string) Model {
	m.open, m.closedBy = false, by
	if m.look != nil {
		m.stopSearch()
	}
	return m
}

func (m Model) submit(text string) tea.Cmd {
	if m.spec.Submit == nil {
		return nil
	}
	return m.spec.Submit(text)
}

func (m Model) changed(text string) tea.Cmd {
	if m.spec.Change == nil {
		return nil
	}
	return m.spec.Change(text)
}

// View draws the prompt in three lines: title, input, then the problem or
// the hint.
func (m Model) View(st *theme.Styles) string {
	w := m.width
	lines := []string{st.PromptLabel.Render(ansi.Truncate(m.spec.Title, w, "…"))}
	if m.spec.Confirm {
		lines = append(lines, st.Value.Render(ansi.Truncate("› y or enter: yes · n or esc: no", w, "")))
	} else {
		lines = append(lines, ansi.Truncate(m.input.View(), w, ""))
	}
	matches, hint, naming := m.lookupLines(st, w)
	lines = append(lines, matches...)
	switch {
	case naming && m.problem == "":
		lines = append(lines, st.PromptHint.Render(ansi.Truncate(hint, w, "…")))
	case strings.HasPrefix(m.problem, Completing):
		lines = append(lines, st.PromptHint.Render(ansi.Truncate(m.problem, w, "…")))
	case m.problem != "" && (m.Value() != "" || m.refused):
		lines = append(lines, st.PromptError.Render(ansi.Truncate("✗ "+m.problem, w, "…")))
	default:
		lines = append(lines, st.PromptHint.Render(ansi.Truncate(m.spec.Hint, w, "…")))
	}
	return strings.Join(lines, "\n")
}

// Footer is the help line under the prompt.
func (m Model) Footer() string {
	switch {
	case m.spec.Footer != "":
		return m.spec.Footer
	case m.spec.Confirm:
		return "y or enter confirms · n or esc cancels"
	case m.naming() && len(m.look.found.Matches) > 0:
		return "enter picks · ↑/↓ choose · esc cancels"
	case len(m.input.AvailableSuggestions()) > 0:
		return "enter confirms · esc cancels · tab completes, ↑/↓ choose"
	}
	return "enter confirms · esc cancels"
}

// EscapedKey reports whether k is how a terminal sends esc followed quickly
// by a printable key: alt (and shift, for a capital) and the key.
func EscapedKey(k tea.KeyPressMsg) bool {
	return k.Mod&tea.ModAlt != 0 && k.Mod&^(tea.ModAlt|tea.ModShift) == 0 &&
		k.Code >= ' ' && k.Code != 0x7f && k.Code < tea.KeyExtended
}

// Unescaped is the key an escaped key stands for, without alt: "J" for
// alt+shift+j.
func Unescaped(k tea.KeyPressMsg) tea.KeyPressMsg {
	code := k.Code
	if k.ShiftedCode != 0 {
		code = k.ShiftedCode
	}
	return tea.KeyPressMsg{Code: k.Code, ShiftedCode: k.ShiftedCode, Mod: k.Mod &^ tea.ModAlt, Text: string(code)}
}

// Height is the prompt's height in lines without matches listed.
const Height = 3

// Lines is the prompt's height in lines now: Height, and the matches listed
// under the input.
func (m Model) Lines() int {
	if m.naming() {
		return Height + min(len(m.look.found.Matches), maxShown)
	}
	return Height
}
