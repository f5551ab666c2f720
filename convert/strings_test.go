package convert

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestRecordsNeverChange keeps the records of one workbook while others
// are read (after it, and in the middle of it, as parallel workers do) and
// checks that not a byte of their strings changed: no string a Reader
// gives out points into memory that is used again.
func TestRecordsNeverChange(t *testing.T) {
	dir := t.TempDir()
	// Two workbooks whose shared strings differ in every byte position, so
	// that one's strings written over the other's would show.
	write := func(name, prefix string, rows int) string {
		f := excelize.NewFile()
		defer f.Close()
		f.SetSheetRow("Sheet1", "A1", &[]any{"External ID", "Status", "As Of Date", "Comment"})
		for i := 2; i <= rows+1; i++ {
			id := fmt.Sprintf("%s-%06d", prefix, i)
			f.SetSheetRow("Sheet1", fmt.Sprintf("A%d", i), &[]any{id, "On Track", "2025-07-03", strings.Repeat(prefix, i%40) + id})
		}
		p := filepath.Join(dir, name)
		if err := f.SaveAs(p); err != nil {
			t.Fatal(err)
		}
		return p
	}
	a, b := write("a.xlsx", "AAA", 3000), write("b.xlsx", "zz", 5000)
	type kept struct{ got, copy string }
	var keep []kept
	read := func(path string, stopAt int, during func()) {
		r, err := Open(context.Background(), path, Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		for n := 0; ; n++ {
			if n == stopAt && during != nil {
				during()
			}
			rec, err := r.Next()
			if err == io.EOF {
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			u := rec.Update
			for _, s := range []string{u.ExternalID, u.Status, u.MetricValue, u.AsOfDate, u.Comment, rec.Place.String()} {
				keep = append(keep, kept{s, strings.Clone(s)})
			}
		}
	}
	read(a, 1500, func() { read(b, -1, nil) }) // b read whole in the middle of a
	read(b, -1, nil)                           // and again after a is closed
	read(a, -1, nil)
	for i, k := range keep {
		if k.got != k.copy {
			t.Fatalf("string %d changed from %q to %q", i, k.copy, k.got)
		}
	}
	if len(keep) < 6*15000 {
		t.Fatalf("kept %d strings", len(keep))
	}
}

// TestParseErrorReachable: a CSV parse error stays a *csv.ParseError for
// errors.As, through the reader's and the input's errors.
func TestParseErrorReachable(t *testing.T) {
	_, _, err := readAll(t, "t.csv", []byte("External ID,Status,Date\nA,x\"y,2025-07-03\n"), Options{})
	var pe *csv.ParseError
	if !errors.As(err, &pe) || pe.Line != 2 {
		t.Fatalf("error %v does not reach the *csv.ParseError", err)
	}
	var ie *InputError
	if !errors.As(err, &ie) || !strings.HasPrefix(err.Error(), "t.csv:2: ") {
		t.Errorf("error %q", err)
	}
}
