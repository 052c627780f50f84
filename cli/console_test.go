package cli

import (
	"runtime"
	"testing"
	"time"
)

// The console settles on one processor once started, and puts them back
// when it ends.
func TestConsoleSettlesOnOneProcessor(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	restore := oneProcessorAfter(0, func(string) string { return "" })
	for runtime.GOMAXPROCS(0) != 1 {
		time.Sleep(time.Millisecond) // the timer's goroutine sets it
	}
	restore()
	if got := runtime.GOMAXPROCS(0); got != 2 {
		t.Errorf("GOMAXPROCS = %d once the console ended, want 2 back", got)
	}
}
