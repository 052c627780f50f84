package screen

import (
	"os"

	tea "charm.land/bubbletea/v2"
)

// watchSize waits for stop: on Windows the console reports a new size among
// its input events, which Bubble Tea's reader already turns into messages.
func watchSize(stop <-chan struct{}, _ *os.File, _ func(tea.Msg)) { <-stop }
