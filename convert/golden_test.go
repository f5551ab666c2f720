package convert

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aitkit/aitkit/internal/golden"
	"github.com/aitkit/aitkit/record"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func fixtures(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("../testdata/xlsx/*.xlsx")
	text, _ := filepath.Glob("../testdata/csv/*.csv")
	files = append(files, text...)
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	return files
}

// convertFile converts a fixture and renders records, errors and counts as
// one text, the form of its golden file.
func convertFile(t *testing.T, path string, opts Options) string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out bytes.Buffer
	r, err := NewReader(context.Background(), filepath.Base(path), f, opts)
	if err != nil {
		fmt.Fprintf(&out, "fatal: %v%s\n", err, choicesOf(err))
		return out.String()
	}
	defer r.Close()
	w := record.NewWriter(&out, record.JSON)
	var errs []string
	for {
		rec, err := r.Next()
		if err == io.EOF {
			break
		}
		var re *RowError
		if errors.As(err, &re) {
			for _, fe := range re.Errors {
				errs = append(errs, fe.Error()+choicesOf(fe))
			}
			continue
		}
		if err != nil {
			errs = append(errs, "fatal: "+err.Error()+choicesOf(err))
			break
		}
		if err := w.Write(&rec.Update); err != nil {
			t.Fatal(err)
		}
	}
	w.Close()
	s := r.Stats()
	fmt.Fprintf(&out, "-- errors --\n%s", strings.Join(errs, "\n"))
	fmt.Fprintf(&out, "\n-- stats --\nsheet %q, header row %d, %d rows, %d records, %d skipped, %d invalid\n",
		s.Sheet, s.HeaderRow, s.Rows, s.Records, s.Skipped, s.Invalid)
	return out.String()
}

// TestGoldenWorkbooks converts every workbook fixture with no flags and
// compares with testdata/golden/NAME.golden (go test -update rewrites them).
func TestGoldenWorkbooks(t *testing.T) {
	for _, path := range fixtures(t) {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			got := convertFile(t, path, Options{})
			golden.Check(t, filepath.Join("..", "testdata", "golden", strings.TrimSuffix(name, filepath.Ext(name))+".golden"), name, []byte(got), *update)
		})
	}
}

func TestWorkbookOptions(t *testing.T) {
	tracker := "../testdata/xlsx/tracker.xlsx"
	t.Run("hidden sheet by name", func(t *testing.T) {
		got := convertFile(t, tracker, Options{Sheet: "old"})
		if !strings.Contains(got, `"externalId":"OLD-1"`) || !strings.Contains(got, `sheet "Old"`) {
			t.Errorf("--sheet old did not read the hidden sheet:\n%s", got)
		}
	})
	t.Run("sheet by number", func(t *testing.T) {
		got := convertFile(t, tracker, Options{Sheet: "3"})
		if !strings.Contains(got, `sheet "Updates"`) {
			t.Errorf("--sheet 3 did not read Updates:\n%s", got)
		}
	})
	t.Run("unknown sheet lists the sheets", func(t *testing.T) {
		got := convertFile(t, tracker, Options{Sheet: "Nope"})
		want := `fatal: tracker.xlsx: no such sheet "Nope"; the sheets are "Instructions", "Old" (hidden), "Updates" (or give a number 1-3) {sheet Instructions; sheet Old; sheet Updates}`
		if strings.TrimSpace(got) != want {
			t.Errorf("got %q\nwant %q", got, want)
		}
	})
	t.Run("sheet without a header lists what it saw", func(t *testing.T) {
		got := convertFile(t, tracker, Options{Sheet: "Instructions"})
		if !strings.Contains(got, `sheet "Instructions": no row in its first 20 names an External ID column`) || !strings.Contains(got, `"How to fill this tracker"`) {
			t.Errorf("got %q", got)
		}
	})
	t.Run("header row", func(t *testing.T) {
		got := convertFile(t, tracker, Options{HeaderRow: 3})
		if !strings.Contains(got, "header row 3, 7 rows, 6 records") {
			t.Errorf("got %q", got)
		}
		got = convertFile(t, tracker, Options{HeaderRow: 1})
		if !strings.Contains(got, "row 1 names no External ID column") {
			t.Errorf("--header-row 1 found a header: %q", got)
		}
	})
}
