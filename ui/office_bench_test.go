package ui

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/callboard/callboard/office"
	"github.com/callboard/callboard/webex"
	"github.com/callboard/callboard/webex/sim"
)

// The directory's figures for BENCHMARKS.md: a keystroke in a transfer
// prompt until the frame that lists its matches, from the cache and from
// Webex (the simulator on loopback).

// people10k is an organisation of 10,000 people.
func people10k() []office.Entry {
	first := []string{"Ada", "Ben", "Chloe", "Dev", "Elena", "Farid", "Grace", "Hugo", "Ines", "Jonas"}
	out := make([]office.Entry, 10_000)
	for i := range out {
		out[i] = office.Entry{ID: "person-" + strconv.Itoa(i), Name: first[i%len(first)] + " Person" + strconv.Itoa(i),
			Extension: strconv.Itoa(10000 + i), Kind: office.KindPerson}
	}
	return out
}

// keystrokeFrame types key into the open prompt and draws the frame;
// the harness runs what the keystroke started (a search) to its end.
func keystrokeFrame(h *harness, key string) string {
	h.send(keyPress(key))
	return h.app.View().Content
}

// BenchmarkKeystrokeMatchesFromCache: one keystroke in the transfer prompt
// to the frame listing the matches, the directory of 10,000 people listed
// (the cache answers; Webex is not asked).
func BenchmarkKeystrokeMatchesFromCache(b *testing.B) {
	h := newHarness(b, 120, 40, withDirectory(b, &dirSource{entries: people10k()}, true))
	h.poll(connected("c", "Ada Lovelace", "+14155550123", epoch()))
	h.key("t")
	h.typeText("gra")
	if !strings.Contains(h.screen(), "Grace Person") {
		b.Fatalf("no match listed:\n%s", h.screen())
	}
	b.ResetTimer()
	i := 0
	for b.Loop() {
		// Type a letter, then take it back: two keystrokes, each drawn.
		k := "c"
		if i%2 == 1 {
			k = "backspace"
		}
		_ = keystrokeFrame(h, k)
		i++
	}
}

// BenchmarkKeystrokeMatchesFromAPI: one keystroke after a pause to the frame
// listing Webex's matches, with a directory that only knows what it
// searched: the search goes at once to the simulator on loopback. Compare
// with BenchmarkDirectoryRoundTrip, the same request alone.
func BenchmarkKeystrokeMatchesFromAPI(b *testing.B) {
	_, client := benchSim(b)
	src := office.NewWebexSource(client)
	h := newHarness(b, 120, 40, func(o *Options) {
		o.Office.Directory = office.NewDirectory(src, "", o.Clock.Now)
		o.Office.Statuses = office.NewStatuses()
	})
	h.poll(connected("c", "Ada Lovelace", "+14155550123", epoch()))
	h.key("t")
	h.typeText("pat")
	h.advance(time.Second)
	i := 0
	for b.Loop() {
		// A pause, then a keystroke that changes the name searched.
		b.StopTimer()
		h.clock.set(h.clock.Now().Add(time.Second))
		k := "r"
		if i%2 == 1 {
			k = "backspace"
		}
		b.StartTimer()
		frame := keystrokeFrame(h, k)
		if !strings.Contains(frame, "Patrick Doyle") {
			b.Fatalf("the frame after the search lists no match:\n%s", h.screen())
		}
		i++
	}
}

// BenchmarkDirectoryRoundTrip is the directory search request alone, to the
// simulator on loopback: the round trip the keystroke above waits for.
func BenchmarkDirectoryRoundTrip(b *testing.B) {
	_, client := benchSim(b)
	for b.Loop() {
		if _, err := client.AvailableMembers(b.Context(), webex.MemberQuery{Name: "patr", Max: 20}); err != nil {
			b.Fatal(err)
		}
	}
}

// benchSim is a quiet simulator on loopback and a client of it.
func benchSim(b *testing.B) (*sim.Server, *webex.Client) {
	b.Helper()
	srv, err := sim.Start(b.Context(), "127.0.0.1:0", sim.Options{Token: "bench-token", Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = srv.Close() })
	client, err := webex.New(srv.BaseURL, oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "bench-token", TokenType: "Bearer"}))
	if err != nil {
		b.Fatal(err)
	}
	return srv, client
}
