package convert

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/aitkit/aitkit/internal/trackergen"
	"github.com/xuri/excelize/v2"
)

// TestScratchSequence converts workbooks one after another on one Scratch,
// large tables before small ones and after, and expects of each exactly
// what a Reader of its own gives.
func TestScratchSequence(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.xlsx") // shared strings over several blocks
	small := filepath.Join(dir, "small.xlsx")
	writeTracker(t, big, 20000)
	writeTracker(t, small, 300)
	files := append([]string{big}, fixtures(t)...)
	files = append(files, small, big)
	rev := slices.Clone(files)
	slices.Reverse(rev)
	files = append(files, rev...)

	var s Scratch
	for _, path := range files {
		want := convertFile(t, path, Options{})
		if got := convertFile(t, path, Options{Scratch: &s}); got != want {
			t.Errorf("%s on a used Scratch:\n%s\nwant:\n%s", filepath.Base(path), firstDiff(got, want), firstDiff(want, got))
		}
		if s.busy.Load() {
			t.Fatalf("%s: the Scratch is still taken after Close", filepath.Base(path))
		}
	}
	if len(s.strings.blocks)+len(s.strings.spare) == 0 || cap(s.scan[scanSheet]) < scanChunk {
		t.Errorf("the Scratch kept nothing: %d blocks, %d spare, sheet buffer of %d", len(s.strings.blocks), len(s.strings.spare), cap(s.scan[scanSheet]))
	}
}

// TestScratchTaken reads a workbook on a Scratch while another Reader
// asks for it: the second must use its own memory, or the first one's
// strings would change under it.
func TestScratchTaken(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.xlsx"), filepath.Join(dir, "b.xlsx")
	writeTracker(t, a, 5000)
	// b's strings are all new, and as many bytes as a's: on a's table
	// they would overwrite every one.
	f := excelize.NewFile()
	f.SetSheetRow("Sheet1", "A1", &[]any{"External ID", "Status", "As Of Date", "Comment"})
	for i := 2; i <= 4001; i++ {
		f.SetSheetRow("Sheet1", fmt.Sprintf("A%d", i), &[]any{fmt.Sprintf("OTHER-%d", i), "Off Track", "2025-07-03", fmt.Sprintf("other workbook, row %d %s", i, strings.Repeat("o", i%150))})
	}
	if err := f.SaveAs(b); err != nil {
		t.Fatal(err)
	}
	want := readUpdates(t, a, Options{}, -1)

	var s Scratch
	readUpdates(t, a, Options{Scratch: &s}, -1) // s holds a table now
	ra := openReader(t, a, Options{Scratch: &s})
	defer ra.Close()
	got := readUpdatesFrom(t, ra, 100) // a's strings are in s now
	if other := readUpdates(t, b, Options{Scratch: &s}, -1); len(other) != 4000 || !strings.Contains(other[0], "OTHER-2") {
		t.Fatalf("the second workbook read %d records, the first %q", len(other), other[0])
	}
	got = append(got, readUpdatesFrom(t, ra, -1)...)
	if !slices.Equal(got, want) {
		t.Errorf("a workbook read while its Scratch was asked for again changed: %s", firstDiff(strings.Join(got, "\n"), strings.Join(want, "\n")))
	}
}

func TestSharedStringsReset(t *testing.T) {
	var ss sharedStrings
	first := make([]string, 40000)
	for i := range first {
		first[i] = fmt.Sprintf("first %d %s", i, strings.Repeat("a", i%90))
		ss.add([]byte(first[i]))
	}
	ss.add(bytes.Repeat([]byte("L"), ssBlock+10)) // a block of its own, over the size: not kept
	blocks := len(ss.blocks)
	ss.reset()
	if ss.len() != 0 || len(ss.spare) != blocks-1 {
		t.Fatalf("after reset: %d strings, %d spare blocks, want 0 and %d", ss.len(), len(ss.spare), blocks-1)
	}
	second := []string{"", "second", strings.Repeat("b", 5000)}
	for _, s := range second {
		ss.add([]byte(s))
	}
	for i, w := range second {
		if got := ss.get(i); got != w {
			t.Fatalf("string %d after reset: %q, want %q", i, got, w)
		}
	}
	if len(ss.spare) != blocks-2 {
		t.Errorf("%d spare blocks left, want %d: the new table did not take one", len(ss.spare), blocks-2)
	}

	// A huge table leaves no more than maxSpare blocks behind.
	half := bytes.Repeat([]byte("h"), ssBlock/2-1) // two to a block
	for range 2 * (maxSpare + 3) {
		ss.add(half)
	}
	ss.reset()
	if len(ss.spare) != maxSpare {
		t.Errorf("after a huge table, %d spare blocks, want %d", len(ss.spare), maxSpare)
	}
}

func writeTracker(t *testing.T, path string, rows int) {
	t.Helper()
	var buf bytes.Buffer
	if err := trackergen.WriteXLSX(&buf, rows); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o666); err != nil {
		t.Fatal(err)
	}
}

func openReader(t *testing.T, path string, opts Options) *Reader {
	t.Helper()
	r, err := Open(context.Background(), path, opts)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// readUpdates reads up to n records of a file (all when n < 0), each
// rendered as text at once.
func readUpdates(t *testing.T, path string, opts Options, n int) []string {
	t.Helper()
	r := openReader(t, path, opts)
	defer r.Close()
	return readUpdatesFrom(t, r, n)
}

func readUpdatesFrom(t *testing.T, r *Reader, n int) []string {
	t.Helper()
	var out []string
	for n < 0 || len(out) < n {
		rec, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprintf("%+v", rec.Update))
	}
	return out
}

// firstDiff returns a from the line where it first differs from b.
func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range al {
		if i >= len(bl) || al[i] != bl[i] {
			return fmt.Sprintf("line %d: %s", i+1, al[i])
		}
	}
	return "(the same, but shorter)"
}
