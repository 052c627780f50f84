// Package e2e holds callboard's end-to-end tests: they build the real
// binary, run the console in a private tmux server against the Webex Calling
// simulator on loopback, drive it with keystrokes only, and check what the
// screen shows and what the simulator received.
//
// Every console and command runs with --debug and a log file in its test's
// workspace, and every screen and command output is kept there too. After
// the last test, TestMain scans all of it for every token the tests used
// (the simulators' tokens and the OAuth tokens a real sign-in obtained) and
// fails the run on any hit. TestFaultSoak runs the console for about a
// minute against a simulator whose faults go on and off.
//
// tmux must be installed; `go test -race ./e2e/` builds the binary itself.
package e2e
