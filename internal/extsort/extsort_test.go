package extsort

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestSort(t *testing.T) {
	for _, c := range []struct {
		name   string
		n      int
		budget int
		runs   bool
	}{
		{"empty", 0, 1 << 10, false},
		{"in memory", 100, 1 << 20, false},
		{"a few runs", 5000, 4 << 10, true},
		{"merged in passes", 20000, 1 << 10, true}, // more runs than fanIn
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			r := rand.New(rand.NewPCG(1, 2))
			var want [][]byte
			s := New(c.budget)
			s.Dir = dir
			for i := range c.n {
				rec := fmt.Appendf(nil, "%d-%s", r.IntN(c.n/3+1), bytes.Repeat([]byte{'x'}, i%7))
				want = append(want, rec)
				if err := s.Add(rec); err != nil {
					t.Fatal(err)
				}
				if s.Held() > c.budget+64 {
					t.Fatalf("holds %d bytes with a budget of %d", s.Held(), c.budget)
				}
			}
			slices.SortFunc(want, bytes.Compare)
			it, err := s.Sort()
			if err != nil {
				t.Fatal(err)
			}
			var got [][]byte
			for {
				rec, err := it.Next()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, bytes.Clone(rec))
			}
			if !slices.EqualFunc(got, want, bytes.Equal) {
				t.Errorf("got %d records, want %d, or out of order", len(got), len(want))
			}
			if c.runs != (s.Runs > 0) {
				t.Errorf("%d runs written", s.Runs)
			}
			if c.name == "merged in passes" && s.Runs <= fanIn {
				t.Errorf("only %d runs: the test does not reach a merge pass", s.Runs)
			}
			s.Close()
			if left, _ := filepath.Glob(filepath.Join(dir, "*")); len(left) != 0 {
				t.Errorf("left behind: %v", left)
			}
		})
	}
}

// TestCloseWithoutSort: runs written and never sorted leave nothing.
func TestCloseWithoutSort(t *testing.T) {
	dir := t.TempDir()
	s := New(64)
	s.Dir = dir
	for i := range 100 {
		s.Add(fmt.Appendf(nil, "record %d", i))
	}
	if s.Runs == 0 {
		t.Fatal("no run was written")
	}
	s.Close()
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Errorf("left behind: %v", ents)
	}
}
