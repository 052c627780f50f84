// Command bench measures callboard end to end: the real binary in a
// pseudo-terminal, driven like an operator would, against the simulator on
// 127.0.0.1. It prints a Markdown table of the figures BENCHMARKS.md quotes.
//
//	go run ./bench                 # every scenario
//	go run ./bench -only startup   # one of: keys, inbound, startup, idle
//	go run ./bench -only startup -journal-calls 1000000   # on a big journal
//	go run ./bench -only startup -journal-calls 1000000 -journal-file /tmp/j.db   # kept for the next run
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

func main() {
	var (
		only      = flag.String("only", "", "run one scenario: keys, inbound, startup or idle")
		keyRuns   = flag.Int("key-runs", 200, "key presses to time")
		inRuns    = flag.Int("inbound-runs", 40, "incoming calls to time in each polling regime")
		startRuns = flag.Int("start-runs", 20, "starts to time")
		idleFor   = flag.Duration("idle-for", 60*time.Second, "how long to watch the idle console")
		jCalls    = flag.Int("journal-calls", 0, "start on a journal of this many calls (built first; 1000000 takes about ten minutes)")
		jFile     = flag.String("journal-file", "", "keep the journal of -journal-calls in this file, and use it as it is if it exists")
		fps       = flag.Int("fps", 0, "the console's [ui] fps (0: its default)")
		panes     = flag.Bool("panes", false, "keep the side panes (the colleagues pane shows, asking for presence)")
	)
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("bench: ")

	dir, err := os.MkdirTemp("", "callboard-bench-")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	bin := filepath.Join(dir, "callboard")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		log.Fatalf("build callboard: %v", err)
	}
	env := benchEnv{bin: bin, dir: dir, fps: *fps, panes: *panes}
	if *jFile != "" {
		env.journal = *jFile
	}
	if _, err := os.Stat(env.journal); *jCalls > 0 && (env.journal == "" || os.IsNotExist(err)) {
		if env.journal == "" {
			env.journal = filepath.Join(dir, "journal.db")
		}
		start := time.Now()
		if err := buildJournal(env.journal, *jCalls); err != nil {
			log.Fatalf("build the journal: %v", err)
		}
		log.Printf("built a journal of %d calls in %s", *jCalls, time.Since(start).Round(time.Second))
	}

	fmt.Printf("callboard end-to-end figures — %s, %d CPUs, %s/%s, %s\n\n", time.Now().Format("2006-01-02"),
		runtime.NumCPU(), runtime.GOOS, runtime.GOARCH, runtime.Version())
	fmt.Println("| figure | target | result |")
	fmt.Println("|---|---|---|")
	ctx := context.Background()
	run := func(name string, f func(context.Context, benchEnv) ([]row, error)) {
		if *only != "" && *only != name {
			return
		}
		rows, err := f(ctx, env)
		if err != nil {
			log.Fatalf("%s: %v", name, err)
		}
		for _, r := range rows {
			fmt.Printf("| %s | %s | %s |\n", r.figure, r.target, r.result)
		}
	}
	run("keys", func(ctx context.Context, e benchEnv) ([]row, error) { return keyToRequest(ctx, e, *keyRuns) })
	run("inbound", func(ctx context.Context, e benchEnv) ([]row, error) { return inboundVisible(ctx, e, *inRuns) })
	run("startup", func(ctx context.Context, e benchEnv) ([]row, error) { return startup(ctx, e, *startRuns) })
	run("idle", func(ctx context.Context, e benchEnv) ([]row, error) { return idle(ctx, e, *idleFor) })
}

// row is one line of the results table.
type row struct{ figure, target, result string }

// benchEnv is what every scenario needs.
type benchEnv struct {
	bin     string // the callboard binary
	dir     string // a scratch directory
	journal string // the journal every console opens; "" for a new one each
	fps     int    // [ui] fps; 0 for the default
	panes   bool   // keep the side panes
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond)) }

func summary(ds []time.Duration) string {
	s := newStats(ds)
	return fmt.Sprintf("p50 %s · p95 %s · p99 %s · max %s (n=%d)", ms(s.p(50)), ms(s.p(95)), ms(s.p(99)), ms(s.max()), len(ds))
}

func contains(screen, text string) bool { return strings.Contains(screen, text) }
