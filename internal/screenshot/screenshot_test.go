package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestMain pins clock times on screen to UTC, as main does.
func TestMain(m *testing.M) {
	time.Local = time.UTC
	os.Exit(m.Run())
}

// The README's pictures are what the console draws now: a change to the
// screen fails here until go run ./internal/screenshot draws them again.
func TestPicturesAreCurrent(t *testing.T) {
	for _, s := range shots() {
		got, err := render(s)
		if err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		path := filepath.Join("..", "..", "docs", s.name+".svg")
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%s: %v (run go run ./internal/screenshot)", s.name, err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s is out of date: run go run ./internal/screenshot", path)
		}
	}
}

// The scene is the one the README describes: calls in every state, and the
// help of the selected call.
func TestSceneShowsTheConsole(t *testing.T) {
	frame, err := frameOf(shots()[0])
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"ringing", "on hold", "connected", "parked:", "Hannah Schmidt, Globex", "Priya Shah"} {
		if !strings.Contains(frame, want) {
			t.Errorf("the console picture lacks %q", want)
		}
	}
	office, err := frameOf(shots()[1])
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"▸ colleagues", "Jordan Lee", "Dana Brooks, Acme Corp"} {
		if !strings.Contains(office, want) {
			t.Errorf("the office picture lacks %q", want)
		}
	}
	sh := shots()[0]
	sh.title = "a <title> & more"
	svg := string(drawSVG(frame, sh))
	if !strings.HasPrefix(svg, "<svg ") || !strings.Contains(svg, "<title>a &lt;title&gt; &amp; more</title>") {
		t.Errorf("not an SVG with an escaped title:\n%.300s", svg)
	}
	if strings.ContainsAny(svg, "\x1b") {
		t.Error("an escape sequence is left in the SVG")
	}
}
