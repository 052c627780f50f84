//go:build !windows

package screen

import (
	"os"
	"os/signal"
	"syscall"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/term"
)

// watchSize tells the model of every new size of the terminal until stop is
// closed.
func watchSize(stop <-chan struct{}, tty *os.File, send func(tea.Msg)) {
	changed := make(chan os.Signal, 1)
	signal.Notify(changed, syscall.SIGWINCH)
	defer signal.Stop(changed)
	for {
		select {
		case <-stop:
			return
		case <-changed:
			if w, h, err := term.GetSize(tty.Fd()); err == nil {
				send(tea.WindowSizeMsg{Width: w, Height: h})
			}
		}
	}
}
