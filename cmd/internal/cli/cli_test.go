package cli

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/aitkit/aitkit/convert"
	"github.com/aitkit/aitkit/sheet"
	"github.com/aitkit/aitkit/submit"
)

func TestParseFlagsAnywhere(t *testing.T) {
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	o := fs.String("o", "", "")
	q := fs.Bool("q", false, "")
	var maps Pairs
	fs.Var(&maps, "map", "")
	args, err := Parse(fs, []string{"a.xlsx", "-o", "out.json", "b.csv", "--map", "Key=externalId", "-q", "--", "-c.csv"})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(args, " ") != "a.xlsx b.csv -c.csv" || *o != "out.json" || !*q {
		t.Errorf("args %q, o %q, q %v", args, *o, *q)
	}
	if m := maps.Map(); m["Key"] != "externalId" {
		t.Errorf("map %v", m)
	}
}

func TestPairs(t *testing.T) {
	var p Pairs
	for _, bad := range []string{"novalue", "=x", "x=", " = "} {
		if err := p.Set(bad); err == nil {
			t.Errorf("Set(%q) accepted", bad)
		}
	}
	if err := p.Set("a=b=On Track"); err != nil || p.Keys[0] != "a=b" || p.Values[0] != "On Track" {
		t.Errorf("Set(a=b=On Track): %v %q %q", err, p.Keys, p.Values)
	}
}

func TestExitCode(t *testing.T) {
	tests := []struct {
		err  error
		want int
	}{
		{nil, 0},
		{ErrRejected, 1},
		{Usagef("bad"), 2},
		{&convert.InputError{File: "x", Err: sheet.ErrEmpty}, 2},
		{context.Canceled, 130},
		{errors.New("network"), 2},
		// The SPEC's 3: accepted, or possibly, and the outcome not known
		// yet; it wins over an interruption, which a script must not
		// take for "nothing happened".
		{&submit.OutcomeUnknownError{Err: io.ErrUnexpectedEOF}, 3},
		{&submit.WaitTimeoutError{JobID: "j1"}, 3},
		{&submit.JournalError{Path: "j.db", Err: io.ErrShortWrite, After: true, JobID: "j1"}, 3},
		{fmt.Errorf("interrupted: %w", errors.Join(context.Canceled, &submit.OutcomeUnknownError{Err: context.Canceled})), 3},
		{&submit.JournalError{Path: "j.db", Err: io.ErrShortWrite}, 2}, // before sending: nothing sent
		{&submit.NotSentError{Err: errors.New("connection refused")}, 2},
		{&submit.JobFailedError{Status: &submit.JobStatus{JobID: "j1"}}, 1},
		{&submit.RejectedError{JobID: "j1"}, 1},
	}
	for _, tt := range tests {
		if got := ExitCode(tt.err); got != tt.want {
			t.Errorf("ExitCode(%v) = %d, want %d", tt.err, got, tt.want)
		}
	}
	if Worst(1, 2) != 2 || Worst(2, 1) != 2 || Worst(0, 1) != 1 || Worst(3, 1) != 3 || Worst(1, 3) != 3 ||
		Worst(3, 2) != 2 || Worst(0, 3) != 3 || Worst(2, 130) != 130 {
		t.Error("Worst ranks wrongly")
	}
}

func TestOrdered(t *testing.T) {
	var out bytes.Buffer
	o := NewOrdered(&out, 3)
	io.WriteString(o.Writer(2), "c1\n")
	io.WriteString(o.Writer(0), "a1\n")
	io.WriteString(o.Writer(1), "b1\n")
	o.Done(2)
	io.WriteString(o.Writer(0), "a2\n")
	o.Done(0)
	io.WriteString(o.Writer(1), "b2\n")
	o.Done(1)
	if out.String() != "a1\na2\nb1\nb2\nc1\n" {
		t.Errorf("got %q", out.String())
	}
}

func TestOutputCommitAndAbort(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "out.json")
	o, err := CreateOutput(target, nil)
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(o.Writer(), "partial")
	if _, err := os.Stat(target); err == nil {
		t.Fatal("the target exists before Commit")
	}
	o.Abort()
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatalf("Abort left %v", entries)
	}
	o, _ = CreateOutput(target, nil)
	io.WriteString(o.Writer(), "done")
	if err := o.Commit(); err != nil {
		t.Fatal(err)
	}
	o.Abort() // harmless after Commit
	if b, _ := os.ReadFile(target); string(b) != "done" {
		t.Errorf("target holds %q", b)
	}
	os.Chmod(target, 0o600)
	o, _ = CreateOutput(target, nil)
	io.WriteString(o.Writer(), "again")
	o.Commit()
	if st, _ := os.Stat(target); runtime.GOOS != "windows" && st.Mode().Perm() != 0o600 {
		t.Errorf("a replaced output has mode %v, want its own 0600", st.Mode().Perm())
	}
	var stdout bytes.Buffer
	o, _ = CreateOutput("-", &stdout)
	io.WriteString(o.Writer(), "to stdout")
	if stdout.Len() != 0 {
		t.Error("stdout written before Commit")
	}
	o.Commit()
	if stdout.String() != "to stdout" {
		t.Errorf("stdout %q", stdout.String())
	}
	if _, err := CreateOutput(dir, nil); err == nil {
		t.Error("a directory was accepted as an output file")
	}
}

func TestUsage(t *testing.T) {
	src := "/*\nmytool does things.\n\nExample:\n\n\tmytool x\n*/\npackage main\n"
	if got := Usage(src); got != "mytool does things.\n\nExample:\n\n\tmytool x\n" {
		t.Errorf("Usage = %q", got)
	}
}
