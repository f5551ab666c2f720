package main

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestLargestFirst(t *testing.T) {
	dir := t.TempDir()
	var jobs []*job
	for _, n := range []int{10, 300, 0, 300, 20} {
		p := filepath.Join(dir, strings.Repeat("f", len(jobs)+1)+".csv")
		if err := os.WriteFile(p, make([]byte, n), 0o644); err != nil {
			t.Fatal(err)
		}
		jobs = append(jobs, &job{input: p})
	}
	jobs = append(jobs, &job{input: "-"}, &job{input: filepath.Join(dir, "missing.csv")})
	// Standard input and what cannot be measured first, then by size, ties
	// in input order.
	want := []int{5, 6, 1, 3, 4, 0, 2}
	if got := largestFirst(jobs); !reflect.DeepEqual(got, want) {
		t.Errorf("largestFirst = %v, want %v", got, want)
	}
}
