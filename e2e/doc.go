// Package e2e holds callboard's end-to-end tests: they build the real
// binary, run the console in a private tmux server against the Webex Calling
// simulator on loopback, drive it with keystrokes only, and check what the
// screen shows and what the simulator received.
//
// tmux must be installed; `go test -race ./e2e/` builds the binary itself.
package e2e
