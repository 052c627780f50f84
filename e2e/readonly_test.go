package e2e

import "testing"

// A read-only console (a supervisor's, a wallboard's) shows the line and
// refuses every verb, saying why; Webex receives nothing.
func TestReadOnlyConsoleNeverActs(t *testing.T) {
	t.Parallel()
	srv := newSim(t)
	c := startConsole(t, launch{args: []string{"--read-only"}, env: []string{"WEBEX_TOKEN=" + srv.Token, "WEBEX_BASE_URL=" + srv.BaseURL}})
	c.waitText("READ-ONLY")
	ring(t, srv, "Ada Lovelace", "+14155550111")
	c.waitCall("Ada Lovelace", "ringing")
	c.press("a")
	c.waitText("answer refused: this console is read-only")
	c.press("d") // no prompt: nothing could be sent anyway
	c.waitText("dial refused: this console is read-only")
	c.press(":")
	c.typeText("hangup")
	c.press("Enter")
	c.waitCall("Ada Lovelace", "ringing")
	for _, r := range srv.Sim.Requests() {
		if r.Method != "GET" {
			t.Errorf("a read-only console sent %s %s", r.Method, r.Path)
		}
	}
}
