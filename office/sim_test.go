package office_test

import (
	"slices"
	"testing"

	"golang.org/x/oauth2"

	"github.com/callboard/callboard/office"
	"github.com/callboard/callboard/webex"
	"github.com/callboard/callboard/webex/sim"
)

// The directory against the simulator, which serves Webex's shapes and
// scopes: a full listing with spark:telephony_config_read, People by name
// without it, and the scope named when neither is granted.

func simClient(t *testing.T, srv *sim.Server, scopes []string) *webex.Client {
	t.Helper()
	token := srv.Token
	if scopes != nil {
		var err error
		if token, err = srv.Sim.MintToken(scopes); err != nil {
			t.Fatal(err)
		}
	}
	c, err := webex.New(srv.BaseURL, oauth2.StaticTokenSource(&oauth2.Token{AccessToken: token, TokenType: "Bearer"}))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func startSim(t *testing.T) *sim.Server {
	t.Helper()
	srv, err := sim.Start(t.Context(), "127.0.0.1:0", sim.Options{Token: "office-test-token", Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	return srv
}

func labels(es []office.Entry) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.Label()
	}
	return out
}

func TestDirectoryOnTheSimulator(t *testing.T) {
	srv := startSim(t)
	d := office.NewDirectory(office.NewWebexSource(simClient(t, srv, nil)), "", nil)
	if err := d.Refresh(t.Context()); err != nil {
		t.Fatal(err)
	}
	if n := d.Len(); n < 43 {
		t.Errorf("the listing holds %d entries, want the 43 colleagues and more", n)
	}
	found := d.Search("pri", 5)
	if got := labels(found.Entries); !slices.Equal(got, []string{"Priya Shah (103)", "Priyanka Iyer (215)"}) || !found.Settled {
		t.Errorf("pri = %q (settled %v)", got, found.Settled)
	}
	if got := labels(d.Search("lobby", 5).Entries); !slices.Equal(got, []string{"Lobby Phone (150)"}) {
		t.Errorf("lobby = %q", got)
	}
	e, _ := d.Get(found.Entries[0].ID)
	if e.Location != "San Francisco" || e.Number != "+14155550103" || e.Kind != office.KindPerson {
		t.Errorf("Priya's entry %+v", e)
	}
}

func TestDirectoryFallbackOnTheSimulator(t *testing.T) {
	srv := startSim(t)
	peopleOnly := simClient(t, srv, []string{webex.ScopeCallsRead, webex.ScopeCallsWrite, webex.ScopePeopleRead})
	d := office.NewDirectory(office.NewWebexSource(peopleOnly), "", nil)
	if err := d.Refresh(t.Context()); err != nil {
		t.Fatalf("a token that can only search People: %v", err)
	}
	found, err := d.Query(t.Context(), "Priya", 5)
	if err != nil {
		t.Fatal(err)
	}
	if len(found.Entries) == 0 || found.Entries[0].Name != "Priya Shah" || found.Problem != "" {
		t.Errorf("People search for Priya = %+v (problem %q)", found.Entries, found.Problem)
	}
	callsOnly := simClient(t, srv, []string{webex.ScopeCallsRead, webex.ScopeCallsWrite})
	d = office.NewDirectory(office.NewWebexSource(callsOnly), "", nil)
	found, _ = d.Query(t.Context(), "Priya", 5)
	if found.Problem == "" || len(found.Entries) != 0 {
		t.Errorf("without either scope: %+v", found)
	}
}
