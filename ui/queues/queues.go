// Package queues is the console's call queues pane: each queue the
// operator is an agent of, joined or not, their agent state, and the
// callers waiting, longest first, with the wait alarm. It reads what the
// desk knows and acts only through the desk: joining, leaving and the
// agent state go as intents, and the pane shows what Webex reads back.
package queues

import (
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/callboard/callboard/desk"
	"github.com/callboard/callboard/model"
	"github.com/callboard/callboard/ui/pane"
	"github.com/callboard/callboard/ui/prompt"
	"github.com/callboard/callboard/ui/theme"
)

// KeyMap is the pane's keys while it has the focus.
type KeyMap struct {
	Up, Down key.Binding // select a queue
	Join     key.Binding // join or leave the selected queue
	Agent    key.Binding // change the agent state
	Ack      key.Binding // acknowledge the wait alarm
}

// DefaultKeyMap is the pane's keys: the list's own up and down, enter to
// join or leave, s for the agent state, x to acknowledge the alarm.
func DefaultKeyMap(up, down key.Binding) KeyMap {
	return KeyMap{
		Up: up, Down: down,
		Join:  key.NewBinding(key.WithKeys("enter", "space"), key.WithHelp("enter", "join/leave")),
		Agent: key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "agent state")),
		Ack:   key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "acknowledge alarm")),
	}
}

// Pane is the queues pane.
type Pane struct {
	host   pane.Host
	keys   KeyMap
	sel    int // the selected queue
	width  int
	height int
	scroll theme.Scroll
}

// New returns the pane's constructor for ui.Options.Panes.
func New(keys KeyMap) pane.New {
	return func(h pane.Host) pane.Pane { return &Pane{host: h, keys: keys} }
}

// Name is the pane's title.
func (p *Pane) Name() string { return "queues" }

// Init fetches nothing: the desk reads the queues within its budget.
func (p *Pane) Init() tea.Cmd { return nil }

// SetSize gives the pane its room.
func (p *Pane) SetSize(width, height int) { p.width, p.height = width, height }

// queues is what the desk knows now.
func (p *Pane) queues() desk.Queues { return p.host.Desk().Queues() }

// selected returns the selected queue, kept within the list.
func (p *Pane) selected(q desk.Queues) (desk.QueueView, bool) {
	if len(q.Queues) == 0 {
		return desk.QueueView{}, false
	}
	p.sel = min(max(p.sel, 0), len(q.Queues)-1)
	return q.Queues[p.sel], true
}

// Update takes the keys while the pane has the focus.
func (p *Pane) Update(msg tea.Msg) tea.Cmd {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	q := p.queues()
	switch {
	case key.Matches(k, p.keys.Up):
		p.sel--
		p.selected(q)
	case key.Matches(k, p.keys.Down):
		p.sel++
		p.selected(q)
	case key.Matches(k, p.keys.Join):
		if k.IsRepeat {
			return nil
		}
		qu, ok := p.selected(q)
		if !ok {
			return p.host.Say(desk.Info, "no queue to join: your queues are not known yet")
		}
		act := model.ActionQueueJoin
		if qu.Joined {
			act = model.ActionQueueLeave
		}
		return p.host.Step(desk.Intent{Actions: []model.Action{act}, Args: desk.Args{Queue: qu.ID}})
	case key.Matches(k, p.keys.Agent):
		return p.askAgent(q)
	case key.Matches(k, p.keys.Ack):
		return p.host.Step(desk.AckQueueAlarm{})
	}
	return nil
}

// askAgent asks for the agent state, the current one named.
func (p *Pane) askAgent(q desk.Queues) tea.Cmd {
	var words []string
	for _, s := range desk.AgentStates() {
		if s != q.Agent {
			words = append(words, s.Word())
		}
	}
	return p.host.Ask(prompt.Spec{
		Title: "agent state (now " + q.Agent.Word() + ")", Hint: strings.Join(words, " · ") + " — tab completes",
		Suggestions: words,
		Validate: func(s string) string {
			if _, ok := desk.ParseAgentState(s); !ok {
				return "say " + strings.Join(words, ", ")
			}
			return ""
		},
		Submit: func(s string) tea.Cmd {
			a, _ := desk.ParseAgentState(s)
			return p.host.Step(desk.Intent{Actions: []model.Action{model.ActionAgentState}, Args: desk.Args{Agent: string(a)}})
		},
	})
}

// Help lists the pane's keys, enabled when they can act.
func (p *Pane) Help() []key.Binding {
	q := p.queues()
	k := p.keys
	k.Up.SetEnabled(len(q.Queues) > 1)
	k.Down.SetEnabled(len(q.Queues) > 1)
	if qu, ok := p.selected(q); ok {
		verb := "join " + qu.Title()
		if qu.Joined {
			verb = "leave " + qu.Title()
		}
		k.Join.SetHelp(k.Join.Help().Key, verb)
		k.Join.SetEnabled(qu.CanLeave)
	} else {
		k.Join.SetEnabled(false)
	}
	k.Agent.SetEnabled(q.Known)
	k.Ack.SetEnabled(q.Alarm)
	return []key.Binding{k.Join, k.Agent, k.Ack, k.Up, k.Down}
}

// Summary is the pane's tab: the callers waiting.
func (p *Pane) Summary() string {
	n := 0
	for _, qu := range p.queues().Queues {
		n += len(qu.Callers)
	}
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n) + " waiting"
}

// View draws the pane: the agent state, then each queue with its callers.
func (p *Pane) View(now time.Time, focused bool) string {
	st := p.host.Styles()
	q := p.queues()
	title := "─ queues "
	lines := []string{st.Section.Render(theme.Truncate(title+strings.Repeat("─", max(p.width-theme.Width(title), 0)), p.width, ""))}
	line := func(s string) { lines = append(lines, theme.Truncate(s, p.width, "…")) }
	switch {
	case !q.Known && q.Failure != nil:
		line(st.Error.Render(" your queues cannot be read: " + failureText(q.Failure)))
		return p.fit(lines, 0)
	case !q.Known:
		line(st.Dim.Render(" reading your call queues…"))
		return p.fit(lines, 0)
	case len(q.Queues) == 0:
		line(st.Dim.Render(" you are no call queue's agent"))
		return p.fit(lines, 0)
	}
	agent := " agent: " + q.Agent.Word()
	if q.AgentPending != "" {
		agent += " → " + q.AgentPending.Word() + "…"
	}
	style := st.Value
	if q.Agent != desk.AgentAvailable {
		style = st.Warn
	}
	line(style.Render(agent) + st.Dim.Render(p.keyHint(focused)))
	p.selected(q)
	sel := 0
	for i, qu := range q.Queues {
		if i == p.sel {
			sel = len(lines)
		}
		lines = append(lines, p.queueLines(qu, q, i == p.sel && focused, now)...)
	}
	return p.fit(lines, sel)
}

// keyHint says how to act, once the pane has the keys.
func (p *Pane) keyHint(focused bool) string {
	if !focused {
		return ""
	}
	return " · " + p.keys.Join.Help().Key + " join/leave · " + p.keys.Agent.Help().Key + " state"
}

// queueLines draws one queue: "Support Queue: 3 waiting, longest 1:12",
// whether the operator joined it, then its callers, longest first.
func (p *Pane) queueLines(qu desk.QueueView, q desk.Queues, selected bool, now time.Time) []string {
	st := p.host.Styles()
	var out []string
	add := func(s string) { out = append(out, theme.Truncate(s, p.width, "…")) }
	mark := "  "
	if selected {
		mark = "› "
	}
	head := qu.Title() + ": "
	switch {
	case qu.CallersRead && len(qu.Callers) == 0:
		head += "nobody waiting"
	case qu.CallersRead:
		head += strconv.Itoa(len(qu.Callers)) + " waiting, longest " + model.FormatDuration(qu.Longest(now))
	case qu.CallersFailure != nil:
		head += "callers not readable"
	default:
		head += "callers not known"
	}
	joined := "joined"
	if !qu.Joined {
		joined = "not joined"
	}
	if qu.Pending != "" {
		joined = qu.Pending
	}
	headStyle := st.Value
	switch {
	case qu.Over > 0:
		headStyle = st.Warn
	case selected:
		headStyle = st.Selected
	}
	add(headStyle.Render(mark+head) + st.Dim.Render(" · "+joined))
	if f := qu.CallersFailure; f != nil && !qu.CallersRead {
		// Wrapped: the remedy at the end must not be cut off.
		for _, l := range theme.Wrap(failureText(f), max(p.width-4, 10)) {
			add(st.Dim.Render("    " + l))
		}
	}
	for _, c := range qu.Callers {
		waited := c.Waited(now)
		text := "    " + theme.PadRight(model.FormatDuration(waited), 6) + c.Caller.Display()
		if n := c.Caller.Secondary(); n != "" {
			text += " " + n
		}
		var tags []string
		if c.Priority != "" && c.Priority != "medium" {
			tags = append(tags, c.Priority)
		}
		if c.Bounced {
			tags = append(tags, "bounced")
		}
		if c.Offered {
			tags = append(tags, "ringing an agent")
		}
		if len(tags) > 0 {
			text += " · " + strings.Join(tags, " · ")
		}
		if q.AlarmAfter > 0 && waited >= q.AlarmAfter {
			add(st.Warn.Render(text))
			continue
		}
		add(text)
	}
	return out
}

// failureText says why something cannot be read, with the remedy for a
// missing scope.
func failureText(f *desk.Failure) string {
	if f.Scope != "" {
		return "this sign-in may not read them (it lacks " + f.Scope + ": run `callboard login` again to add it)"
	}
	return f.Error()
}

// fit keeps the pane in its height under its title, the line sel (the
// selected queue's) in view.
func (p *Pane) fit(lines []string, sel int) string {
	if len(lines) > p.height && p.height > 1 {
		body := lines[1:]
		p.scroll.Follow(max(sel-1, 0), p.height-1, len(body))
		lines = append([]string{lines[0]}, body[p.scroll.Offset:min(len(body), p.scroll.Offset+p.height-1)]...)
	}
	return strings.Join(theme.FitTo(lines, p.height), "\n")
}
