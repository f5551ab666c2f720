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
