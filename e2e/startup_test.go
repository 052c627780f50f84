package e2e

import (
	"strings"
	"testing"
)

// Without a Webex token, or with --demo, the console runs on its built-in
// simulator and the DEMO badge says so.
func TestDemoBadge(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		args     []string
		withSim  bool // WEBEX_TOKEN and WEBEX_BASE_URL name a running simulator
		wantDemo bool
	}{
		{name: "--demo and no token", args: []string{"--demo"}, wantDemo: true},
		{name: "no token at all", wantDemo: true},
		{name: "--demo beats a token", args: []string{"--demo"}, withSim: true, wantDemo: true},
		{name: "a token: no badge", withSim: true, wantDemo: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			l := launch{args: tt.args}
			srv := newSim(t)
			if tt.withSim {
				l.env = []string{"WEBEX_TOKEN=" + srv.Token, "WEBEX_BASE_URL=" + srv.BaseURL}
			}
			c := startConsole(t, l)
			// Signed in means the people lookup answered: the line is known.
			s := c.waitFor("the console online with the user's name", func(s screen) bool {
				return strings.Contains(s.lines[0], "● online") && strings.Contains(s.lines[0], "Alex Morgan")
			})
			if got := strings.Contains(s.lines[0], "DEMO"); got != tt.wantDemo {
				t.Errorf("DEMO badge shown = %v, want %v; the screen:\n%s", got, tt.wantDemo, s)
			}
			// In demo mode the external simulator must not be the one polled.
			if polled := len(srv.Sim.Requests()) > 0; polled == tt.wantDemo {
				t.Errorf("the test's simulator received requests = %v in demo = %v", polled, tt.wantDemo)
			}
		})
	}
}

// A token Webex refuses (401) says how to sign in, and the list stays up.
func TestWrongTokenSaysHowToSignIn(t *testing.T) {
	t.Parallel()
	srv := newSim(t)
	const wrongToken = "not-the-token"
	// A refused token is still a credential: it must not be shown or logged either.
	recordSecret(t, "refused token", wrongToken)
	c := startConsole(t, launch{env: []string{"WEBEX_TOKEN=" + wrongToken, "WEBEX_BASE_URL=" + srv.BaseURL}})
	s := c.waitText("callboard login")
	if !strings.Contains(s.lines[0], "signed out") {
		t.Errorf("the header does not say signed out:\n%s", s)
	}
	if !s.has("STATE") {
		t.Errorf("the sign-in message replaced the call list:\n%s", s)
	}
	if s.has("DEMO") {
		t.Errorf("a refused token fell back to the demo:\n%s", s)
	}
	for _, r := range srv.Sim.Requests() {
		if r.Status != 401 {
			t.Errorf("with a wrong token the simulator answered %s %s with %d, want 401", r.Method, r.Path, r.Status)
		}
	}
	if len(srv.Sim.Requests()) == 0 {
		t.Error("the console never asked the simulator")
	}
}
