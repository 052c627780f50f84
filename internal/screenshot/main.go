// Command screenshot draws the console as SVG pictures for the README, from
// a scripted demo: the console runs without a terminal on the simulator,
// both on a fixed clock, so the same code always draws the same pictures
// and a test can tell when they are out of date.
//
//	go run ./internal/screenshot          # rewrites docs/*.svg
//	go run ./internal/screenshot -check   # exits 1 if a picture is out of date
package main

import (
	"bytes"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/charmbracelet/x/ansi"
)

// Shot is one picture: the scene, then these keys, drawn to
// docs/<name>.svg. A new picture is one more line in shots.
type shot struct {
	name       string   // the file's name, without .svg
	title      string   // what the picture shows, for its <title>
	keys       []string // pressed once the scene is set
	cols, rows int      // the terminal's size
	office     bool     // the console has its side panes (colleagues, park board)
}

// shots lists the pictures the README shows.
func shots() []shot {
	return []shot{
		{"console", "callboard: calls ringing, connected, on hold and parked", nil, 120, 26, false},
		{"office", "callboard beside the colleagues pane: who is free, who is on the phone", nil, 160, 30, true},
		{"help", "callboard's help: the keys that act on the selected call now", []string{"?"}, 120, 26, false},
	}
}

func main() {
	out := flag.String("out", "docs", "the directory to write the pictures to")
	check := flag.Bool("check", false, "only check that the pictures in -out are current")
	text := flag.Bool("text", false, "print each picture's screen as text instead")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("screenshot: ")
	// Clock times on screen are the fixed clock's, in UTC wherever this runs.
	time.Local = time.UTC

	stale := 0
	for _, s := range shots() {
		if *text {
			frame, err := frameOf(s)
			if err != nil {
				log.Fatalf("%s: %v", s.name, err)
			}
			fmt.Println(ansi.Strip(frame))
			continue
		}
		svg, err := render(s)
		if err != nil {
			log.Fatalf("%s: %v", s.name, err)
		}
		path := filepath.Join(*out, s.name+".svg")
		if *check {
			old, err := os.ReadFile(path)
			if err != nil || !bytes.Equal(old, svg) {
				fmt.Fprintf(os.Stderr, "%s is out of date: run go run ./internal/screenshot\n", path)
				stale++
			}
			continue
		}
		if err := os.MkdirAll(*out, 0o755); err != nil {
			log.Fatal(err)
		}
		if err := os.WriteFile(path, svg, 0o644); err != nil {
			log.Fatal(err)
		}
		fmt.Println("wrote", path)
	}
	if stale > 0 {
		os.Exit(1)
	}
}
