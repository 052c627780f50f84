package office

import (
	"context"
	"runtime"
	"testing"
)

// The directory's figures for BENCHMARKS.md: a keystroke's search in a
// directory of 10,000 people, and the memory that directory takes.

// keystrokes are what an operator types looking for someone, one keystroke
// each.
var keystrokes = []string{"p", "pa", "pat", "pate", "patel", "m", "ma", "mar", "mart", "1", "10", "104", "1042"}

// BenchmarkSearch10k is one keystroke's search of a 10,000-person index:
// the matches a prompt lists, and how many there are.
func BenchmarkSearch10k(b *testing.B) {
	ix := NewIndex(bigDirectory(10_000))
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		q := keystrokes[i%len(keystrokes)]
		_ = ix.Search(q, 5)
		i++
	}
}

// BenchmarkDirectorySearch10k is the same through the Directory, as the
// console calls it on every keystroke (lock, search, count).
func BenchmarkDirectorySearch10k(b *testing.B) {
	d := NewDirectory(&fakeSource{entries: bigDirectory(10_000)}, "", nil)
	if err := d.Refresh(b.Context()); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		_ = d.Search(keystrokes[i%len(keystrokes)], 5)
		i++
	}
}

// generated is a source that makes a new directory for each listing, as
// decoding Webex's answer would: the directory then owns every string.
type generated struct{ n int }

func (g generated) Search(context.Context, string, int) ([]Entry, error) { return nil, nil }
func (g generated) List(context.Context) ([]Entry, error)                { return bigDirectory(g.n), nil }

// BenchmarkDirectoryMemory10k reports the heap a listed directory of
// 10,000 people keeps (MB-held): entries, index keys and the id map.
func BenchmarkDirectoryMemory10k(b *testing.B) {
	for b.Loop() {
		src := generated{n: 10_000}
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		d := NewDirectory(src, "", nil)
		if err := d.Refresh(b.Context()); err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/(1<<20), "MB-held")
		runtime.KeepAlive(d)
	}
}
