package cli

import (
	"context"
	"errors"
	"testing"

	"golang.org/x/oauth2"

	"github.com/callboard/callboard/ui"
	"github.com/callboard/callboard/webex"
	"github.com/callboard/callboard/webex/sim"
)

// simClient starts a simulator and returns a client on it with a token
// carrying scopes (nil: all).
func simClient(t *testing.T, scopes []string) (*sim.Server, *webex.Client) {
	t.Helper()
	srv, err := sim.Start(t.Context(), "127.0.0.1:0", sim.Options{Token: "cli-journal-test-token", Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	tok := srv.Token
	if scopes != nil {
		if tok, err = srv.Sim.MintToken(scopes); err != nil {
			t.Fatal(err)
		}
	}
	c, err := webex.New(srv.BaseURL, oauth2.StaticTokenSource(&oauth2.Token{AccessToken: tok, TokenType: "Bearer"}))
	if err != nil {
		t.Fatal(err)
	}
	return srv, c
}

// A message taken for a colleague reaches the one person meant: by first
// name, extension, full name or address; a name that fits several people
// or nobody is refused with why.
func TestMessengerFindsTheColleague(t *testing.T) {
	srv, client := simClient(t, nil)
	send := messenger(client)
	ctx := context.Background()
	for _, to := range []string{"priya", "103", "Priya Shah", "priya.shah@example.com"} {
		who, err := send(ctx, to, "Jane Roe called")
		if err != nil {
			t.Errorf("to %q: %v", to, err)
			continue
		}
		if to != "priya.shah@example.com" && who != "Priya Shah" {
			t.Errorf("to %q went to %q", to, who)
		}
	}
	msgs := srv.Sim.Messages()
	if len(msgs) != 4 {
		t.Fatalf("the simulator received %d messages, want 4", len(msgs))
	}
	for _, m := range msgs {
		if m.ToPersonEmail != "priya.shah@example.com" || m.Text != "Jane Roe called" {
			t.Errorf("message %+v, want Priya's", m)
		}
	}
	for _, to := range []string{"pri", "nobody at all"} {
		if _, err := send(ctx, to, "x"); !errors.Is(err, ui.ErrNoColleague) {
			t.Errorf("to %q: %v, want ErrNoColleague", to, err)
		}
	}
}

// Without the directory's scope, People finds the colleague; without the
// scope to send, the error names it.
func TestMessengerScopes(t *testing.T) {
	srv, client := simClient(t, []string{sim.ScopePeopleRead, sim.ScopeMessagesWrite})
	if who, err := messenger(client)(context.Background(), "Priya Shah", "x"); err != nil || who != "Priya Shah" {
		t.Errorf("without the directory: %q, %v", who, err)
	}
	if n := len(srv.Sim.Messages()); n != 1 {
		t.Errorf("%d messages sent, want 1", n)
	}
	_, client = simClient(t, []string{sim.ScopeTelephonyConfigRead})
	_, err := messenger(client)(context.Background(), "103", "x")
	if scope, ok := webex.MissingScope(err); !ok || scope != webex.ScopeMessagesWrite {
		t.Errorf("without the scope to send: %v", err)
	}
}
