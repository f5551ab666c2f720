package strtable

import (
	"fmt"
	"strings"
	"testing"
)

// TestSharedStrings fills the table in memory and past its budget, and
// reads every string back; strings given out before a chunk goes to the
// spill file do not change.
func TestSharedStrings(t *testing.T) {
	long := strings.Repeat("x", ssChunk-10)
	want := []string{"", "a", strings.Repeat("é", 1000), long, "after the long one", "", strings.Repeat("z", ssChunk/2), strings.Repeat("h", ssChunk/2), strings.Repeat("j", ssChunk/2-1), "x", "", "y"}
	for i := 0; i < 200_000; i++ {
		want = append(want, fmt.Sprintf("string %d %s", i, strings.Repeat("y", i%70)))
	}
	for _, budget := range []int64{64 << 20, 1 << 20} {
		t.Run(fmt.Sprintf("budget %d", budget), func(t *testing.T) {
			ss := New(budget)
			defer ss.Close()
			var early []string
			for i, w := range want {
				if err := ss.Add([]byte(w)); err != nil {
					t.Fatal(err)
				}
				if i == 20 {
					for j := 0; j <= i; j++ {
						s, err := ss.Get(j)
						if err != nil {
							t.Fatal(err)
						}
						early = append(early, s)
					}
				}
			}
			if ss.Len() != len(want) {
				t.Fatalf("len %d, want %d", ss.Len(), len(want))
			}
			spilled := ss.spill != nil
			if spilled != (budget < 64<<20) {
				t.Fatalf("spilled = %v with a budget of %d", spilled, budget)
			}
			for _, i := range []int{len(want) - 1, 0, 1, 3, len(want) / 2, 7, len(want) - 3} {
				if got, err := ss.Get(i); err != nil || got != want[i] {
					t.Fatalf("string %d: %d bytes, %v; want %d", i, len(got), err, len(want[i]))
				}
			}
			for i, w := range want {
				if got, err := ss.Get(i); err != nil || got != w {
					t.Fatalf("string %d: %d bytes, %v; want %d", i, len(got), err, len(w))
				}
			}
			for j, s := range early {
				if s != want[j] {
					t.Fatalf("string %d changed after it was given out", j)
				}
			}
		})
	}
}

// TestAnyOrder: a table spilled far past its budget, read in an order of
// no locality (a sheet sorted after its strings were written), gives every
// string right and reads back about one block a string, never a chunk.
func TestAnyOrder(t *testing.T) {
	ss := New(1 << 20)
	defer ss.Close()
	const n = 150_000 // past two pages of the index
	want := func(i int) string { return fmt.Sprintf("comment %d: %s", i, strings.Repeat("w", i%50)) }
	for i := range n {
		if err := ss.Add([]byte(want(i))); err != nil {
			t.Fatal(err)
		}
	}
	if len(ss.pages) == 0 || ss.chunks[len(ss.chunks)/2].mem != nil {
		t.Fatal("neither the index nor the text spilled")
	}
	kept := make([]string, 0, 1000)
	for k := range n {
		i := int(uint64(k) * 2654435761 % n) // every string once, scattered
		got, err := ss.Get(i)
		if err != nil || got != want(i) {
			t.Fatalf("string %d: %q, %v", i, got, err)
		}
		if k%150 == 0 {
			kept = append(kept, got)
		}
	}
	if per := ss.readBytes / n; per > textBlock+indexBlock {
		t.Errorf("read back %d bytes a string, want at most a block of each", per)
	}
	for j, s := range kept {
		if i := int(uint64(j*150) * 2654435761 % n); s != want(i) {
			t.Fatalf("string %d changed after it was given out", i)
		}
	}
}

// BenchmarkGet reads a spilled table's strings in their order, as a sheet
// does.
func BenchmarkGet(b *testing.B) {
	ss := New(1 << 20)
	defer ss.Close()
	const n = 500_000
	for i := range n {
		ss.Add(fmt.Appendf(nil, "comment %d: %s", i, strings.Repeat("w", i%50)))
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := ss.Get(i % n); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
