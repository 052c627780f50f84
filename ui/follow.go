package ui

import (
	tea "charm.land/bubbletea/v2"

	"github.com/callboard/callboard/desk"
)

// reportMsg is a message from outside the console for its status line,
// such as a hook that fails.
type reportMsg struct{ text string }

// awaitReport waits for the next outside report, until the console quits.
func (a *App) awaitReport() tea.Cmd {
	ch, ctx := a.opts.Reports, a.ctx
	if ch == nil {
		return nil
	}
	return func() tea.Msg {
		select {
		case text, ok := <-ch:
			if !ok {
				return nil
			}
			return reportMsg{text: text}
		case <-ctx.Done():
			return nil
		}
	}
}

// notifyDesktop shows a desktop notification with the notifier, if any.
func (a *App) notifyDesktop(e desk.Notify) tea.Cmd {
	if a.opts.Notify == nil {
		return nil
	}
	notify, ctx, title, body := a.opts.Notify, a.ctx, e.Title, e.Body
	return func() tea.Msg {
		if err := notify(ctx, title, body); err != nil {
			return notifiedMsg{err: err}
		}
		return nil
	}
}

// notifyTerminal writes a desktop notification to the terminal as an
// escape sequence, which travels over SSH and through tmux.
func (a *App) notifyTerminal(e desk.Notify) tea.Cmd {
	if a.opts.NotifyTerminal == nil {
		return nil
	}
	if seq := a.opts.NotifyTerminal(e.Title, e.Body); seq != "" {
		return tea.Raw(seq)
	}
	return nil
}
