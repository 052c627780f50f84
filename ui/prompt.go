package ui

import (
	"strings"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/callboard/callboard/model"
)

// promptKind says what a prompt's answer is for.
type promptKind int

const (
	promptTransfer promptKind = iota
	promptConsult
	promptDivert
	promptPark
	promptRetrieve
	promptDial
	promptPickup
	promptBarge
	promptDTMF
	promptCommand
	promptFilter
	promptRefused // opened by a key whose action cannot apply: shows why, sends nothing
)

// prompt asks for one line: a destination, digits, a command or a filter.
// It validates as the operator types; an invalid answer is refused with the
// reason and nothing is sent.
type prompt struct {
	kind     promptKind
	call     model.Call  // the call the prompt acts on, fixed when it opened
	other    *model.Call // transfer: the call an empty answer joins with
	title    string
	hint     string
	input    textinput.Model
	problem  string                   // why the current text cannot be sent; "" when it can
	validate func(text string) string // nil accepts anything
}

// newPrompt builds a focused prompt.
func newPrompt(kind promptKind, title, hint, value string, suggestions []string, validate func(string) string) prompt {
	in := textinput.New()
	in.Prompt = "› "
	in.CharLimit = 256
	in.SetSuggestions(suggestions)
	in.ShowSuggestions = len(suggestions) > 0
	in.SetValue(value)
	in.CursorEnd()
	in.Focus()
	p := prompt{kind: kind, title: title, hint: hint, input: in, validate: validate}
	p.check()
	return p
}

// value is the trimmed answer.
func (p prompt) value() string { return strings.TrimSpace(p.input.Value()) }

func (p *prompt) check() {
	p.problem = ""
	if p.validate != nil {
		p.problem = p.validate(p.value())
	}
}

// Update passes a message to the input and revalidates.
func (p prompt) Update(msg tea.Msg) (prompt, tea.Cmd) {
	// The text input panics on delete-word-forward (alt+d) with the cursor
	// on the last character (charmbracelet/bubbles#1056). There the word
	// forward is that character: delete it with the delete key instead.
	if k, ok := msg.(tea.KeyPressMsg); ok && key.Matches(k, p.input.KeyMap.DeleteWordForward) &&
		p.input.Position() == utf8.RuneCountInString(p.input.Value())-1 {
		msg = tea.KeyPressMsg{Code: tea.KeyDelete}
	}
	var cmd tea.Cmd
	p.input, cmd = p.input.Update(msg)
	p.check()
	return p, cmd
}

// SetWidth sizes the input.
func (p *prompt) SetWidth(w int) { p.input.SetWidth(max(w-4, 10)) }

// View draws the prompt in three lines: title, input, then the problem or the hint.
func (p prompt) View(st Styles, width int) string {
	lines := []string{
		st.PromptLabel.Render(ansi.Truncate(p.title, width, "…")),
		ansi.Truncate(p.input.View(), width, ""),
	}
	switch {
	case strings.HasPrefix(p.problem, completing):
		// Not wrong yet, only unfinished: say what it can become.
		lines = append(lines, st.PromptHint.Render(ansi.Truncate(p.problem, width, "…")))
	case p.problem != "" && p.value() != "":
		lines = append(lines, st.PromptError.Render(ansi.Truncate("✗ "+p.problem, width, "…")))
	default:
		lines = append(lines, st.PromptHint.Render(ansi.Truncate(p.hint, width, "…")))
	}
	return strings.Join(lines, "\n")
}

// completing starts a validator's answer for text that is unfinished rather
// than wrong (the start of a verb): the prompt shows it as a hint.
const completing = "… "

// footer is the help line under a prompt.
func (p prompt) footer() string {
	switch p.kind {
	case promptRefused:
		return "esc closes"
	case promptCommand:
		return "enter runs · esc cancels · tab completes the verb"
	case promptDTMF, promptFilter:
		return "enter confirms · esc cancels"
	}
	if len(p.input.AvailableSuggestions()) > 0 {
		return "enter confirms · esc cancels · tab completes a recent destination, ↑/↓ choose"
	}
	return "enter confirms · esc cancels"
}

// Validators.

func needDestination(s string) string {
	if s == "" {
		return "enter a number, extension or address"
	}
	return destinationProblem(s)
}

func optionalDestination(s string) string {
	if s == "" {
		return ""
	}
	return destinationProblem(s)
}

func destinationProblem(s string) string {
	if _, err := model.ParseDestination(s); err != nil {
		return err.Error()
	}
	return ""
}

func dtmfProblem(s string) string {
	if _, err := model.ParseDTMF(s); err != nil {
		return err.Error()
	}
	return ""
}

// isVoicemail reports whether an answer asks for voicemail ("vm", "vm 1234").
func isVoicemail(s string) bool {
	fields := strings.Fields(s)
	return len(fields) > 0 && (strings.EqualFold(fields[0], "vm") || strings.EqualFold(fields[0], "voicemail"))
}

// divertTarget reads a divert answer: a destination, "vm" (the operator's
// voicemail) or "vm DEST" (DEST's voicemail).
func divertTarget(s string) (dest string, voicemail bool, problem string) {
	if isVoicemail(s) {
		fields := strings.Fields(s)
		if len(fields) == 1 {
			return "", true, ""
		}
		d, err := model.ParseDestination(strings.Join(fields[1:], " "))
		if err != nil {
			return "", true, err.Error()
		}
		return d.Value, true, ""
	}
	if s == "" {
		return "", false, "enter a destination, or vm for voicemail"
	}
	d, err := model.ParseDestination(s)
	if err != nil {
		return "", false, err.Error()
	}
	return d.Value, false, ""
}

// divertProblem and parkProblem validate divert and park answers as they are typed.
func divertProblem(s string) string {
	_, _, problem := divertTarget(s)
	return problem
}

func parkProblem(s string) string {
	_, _, problem := parkTarget(s)
	return problem
}

// parkTarget reads a park answer: empty (the operator's own line), "group"
// (a free member of the park group) or a destination.
func parkTarget(s string) (dest string, group bool, problem string) {
	switch {
	case s == "":
		return "", false, ""
	case strings.EqualFold(s, "group"):
		return "", true, ""
	}
	d, err := model.ParseDestination(s)
	if err != nil {
		return "", false, err.Error()
	}
	return d.Value, false, ""
}

// normalised returns the value to send for an already validated destination.
func normalised(s string) string {
	if d, err := model.ParseDestination(s); err == nil {
		return d.Value
	}
	return s
}
