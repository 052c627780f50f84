package auth

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
)

// DefaultOpenBrowser asks the desktop to open url: open on macOS, the URL
// handler on Windows, xdg-open elsewhere when a display is available. It
// does not wait for the browser. The URL carries no token, only the
// client ID, scopes, state and PKCE challenge.
func DefaultOpenBrowser(url string) error {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "darwin":
		cmd = exec.Command("open", url)
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", url)
	default:
		if os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == "" {
			return errors.New("no graphical display")
		}
		cmd = exec.Command("xdg-open", url)
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start %s: %w", cmd.Path, err)
	}
	go func() { _ = cmd.Wait() }() // reaps the opener; it exits once it has handed the URL over
	return nil
}

// NoBrowser leaves opening the printed URL to the operator (for
// `callboard login` over SSH, say).
func NoBrowser(string) error { return nil }
