package config

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// speedDials is a configuration with n speed-dial entries, each its own
// table: 3n keys and headers to position.
func speedDials(n int) []byte {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "[[speed_dial]]\nlabel = \"Entry %d\"\ndestination = \"%d\"\n", i, 1000+i)
	}
	return []byte(b.String())
}

// TestIndexingIsLinear: finding the position of every key costs in
// proportion to the file. Finding each position by counting lines from the
// start of the file made a file eight times longer cost sixty-four times
// as much; here it costs a little over eight times (the binary search adds
// a logarithm).
func TestIndexingIsLinear(t *testing.T) {
	small, large := indexDocument("c.toml", speedDials(500)), indexDocument("c.toml", speedDials(4000))
	if small.keys != 1500 || large.keys != 12000 {
		t.Fatalf("indexed %d and %d keys, want 1500 and 12000", small.keys, large.keys)
	}
	ratio := float64(large.lines.work) / float64(small.lines.work)
	if ratio > 10 {
		t.Errorf("8 times the keys cost %.1f times the work (%d vs %d), want about 8", ratio, large.lines.work, small.lines.work)
	}
	// The positions are still right: the last entry's destination.
	if got, want := large.pos("speed_dial[3999].destination"), (Position{File: "c.toml", Line: 12000, Col: 1}); got != want {
		t.Errorf("last destination at %v, want %v", got, want)
	}
}

// TestTooManyKeysRefused: past maxKeys the file is refused, at the key that
// passed the limit, before the decoder (whose cost grows with the square
// of the keys) sees it.
func TestTooManyKeysRefused(t *testing.T) {
	_, _, err := Parse("c.toml", speedDials(2000))
	if err == nil || !strings.Contains(err.Error(), "more than 5000 keys") {
		t.Fatalf("6000 keys: %v, want them refused", err)
	}
	// Key 5001 is the first of entry 1667 (0-based), on line 5001.
	if !strings.Contains(err.Error(), "c.toml:5001:") {
		t.Errorf("error %q does not point at key 5001", err)
	}
}

// TestFileSizeCapped: a file past MaxFileSize is refused with a message
// naming the cap, however it is made: a huge value, or a device that never
// ends.
func TestFileSizeCapped(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.toml")
	huge := "[ui]\ntheme = \"" + strings.Repeat("x", MaxFileSize) + "\"\n"
	if err := os.WriteFile(path, []byte(huge), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{path, os.DevNull, "/dev/zero"} {
		if _, err := os.Stat(p); err != nil {
			continue
		}
		_, _, err := Load(p)
		if p == os.DevNull {
			if err != nil {
				t.Errorf("an empty file: %v", err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), "larger than 1 MiB") {
			t.Errorf("Load(%s): %v, want the size refused", p, err)
		}
	}
}

// BenchmarkIndexDocument shows the cost per byte staying flat as the file
// grows (compare the MB/s of each size).
func BenchmarkIndexDocument(b *testing.B) {
	for _, n := range []int{1000, 4000, 16000} {
		data := speedDials(n)
		b.Run(fmt.Sprintf("entries=%d", n), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				indexDocument("config.toml", data)
			}
		})
	}
}

// BenchmarkParse is the whole load of a large file still under the limits.
func BenchmarkParse(b *testing.B) {
	for _, n := range []int{400, 1600} {
		data := speedDials(n)
		b.Run(fmt.Sprintf("entries=%d", n), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				_, _, _ = Parse("config.toml", data)
			}
		})
	}
}
