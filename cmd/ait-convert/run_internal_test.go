package main

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/aitkit/aitkit/cmd/internal/cli"
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

// An interrupted run with -o DIR says which outputs it had written.
func TestInterruptedOutputs(t *testing.T) {
	dir := t.TempDir()
	var jobs []*job
	for _, name := range []string{"a.json", "b.json", "c.json"} {
		out, err := cli.CreateOutput(filepath.Join(dir, name), nil)
		if err != nil {
			t.Fatal(err)
		}
		defer out.Abort()
		jobs = append(jobs, &job{input: name, out: out})
	}
	if got := interruptedOutputs(jobs); got != "nothing written" {
		t.Errorf("none written: %q", got)
	}
	for _, j := range []*job{jobs[0], jobs[2]} {
		if err := j.out.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	jobs[1].out.Abort()
	want := "2 outputs written before it (" + filepath.Join(dir, "a.json") + ", " + filepath.Join(dir, "c.json") + "), 1 not"
	if got := interruptedOutputs(jobs); got != want {
		t.Errorf("two written:\n got %q\nwant %q", got, want)
	}
}
