package sheettest

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/aitkit/aitkit/sheet"
)

// Check reads every sheet and holds the readers' promises on what comes
// out, whatever the input: rows in increasing order within the limits,
// no row wider than the limit, cells of a known kind whose values read as
// that kind (a date is a real YYYY-MM-DD, a number parses), and an error,
// when there is one, that names the file and is one of the sentinels. It
// returns a digest of the rows (their dump, bounded) so that a caller can
// compare two readings.
func Check(t testing.TB, file string, limits sheet.Limits, sheets []sheet.Info, open func(i int) (Rows, error)) (digest string, err error) {
	t.Helper()
	limits = limits.OrDefault()
	var b strings.Builder
	add := func(s string) {
		if b.Len() < 1<<20 {
			b.WriteString(s)
			b.WriteByte('\n')
		}
	}
	for i, info := range sheets {
		if info.Kind > sheet.MacroSheet {
			t.Fatalf("sheet %q: kind %d", info.Name, info.Kind)
		}
		if info.VeryHidden && !info.Hidden {
			t.Fatalf("sheet %q: very hidden but not hidden", info.Name)
		}
		r, err := open(i)
		if err != nil {
			return b.String(), checkError(t, file, err)
		}
		last := 0
		for {
			row, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				r.Close()
				return b.String(), checkError(t, file, err)
			}
			if row.Num <= last || row.Num > limits.MaxRows {
				t.Fatalf("sheet %q: row %d after row %d (limit %d)", info.Name, row.Num, last, limits.MaxRows)
			}
			last = row.Num
			if len(row.Cells) > limits.MaxColumns {
				t.Fatalf("sheet %q row %d: %d cells", info.Name, row.Num, len(row.Cells))
			}
			for col, c := range row.Cells {
				if why := badCell(c); why != "" {
					t.Fatalf("sheet %q %s%d: %s: %+v", info.Name, sheet.ColumnName(col), row.Num, why, c)
				}
			}
			add(info.Name + "|" + Row(row))
		}
		r.Close()
	}
	return b.String(), nil
}

// badCell says what is wrong with a cell, "" when nothing is.
func badCell(c sheet.Cell) string {
	switch c.Kind {
	case sheet.Text, sheet.Bool, sheet.ErrorValue, sheet.Nested:
	case sheet.Number, sheet.Percent, sheet.LiteralPercent:
		if _, err := strconv.ParseFloat(strings.TrimSpace(c.Value), 64); err != nil {
			return "a number that does not parse"
		}
	case sheet.Date:
		if d, ok := sheet.DatePrefix(c.Value); !ok || d != c.Value {
			return "a date that is not YYYY-MM-DD"
		}
	case sheet.Formula:
		if !strings.HasPrefix(c.Value, "=") && !strings.HasPrefix(c.Value, "of:") {
			return "a formula without its ="
		}
	default:
		return "an unknown kind"
	}
	if c.Shown != "" && c.Kind != sheet.Number && c.Kind != sheet.LiteralPercent && c.Kind != sheet.Formula && c.Kind != sheet.ErrorValue {
		return "a shown text on a " + c.Kind.String() + " cell"
	}
	if c.Kind == sheet.Bool && c.Value != "TRUE" && c.Value != "FALSE" {
		return "a boolean that is not TRUE or FALSE"
	}
	return ""
}

// checkError holds a reader's error to its promise: it names the file and
// is one of the sentinels (or the context's).
func checkError(t testing.TB, file string, err error) error {
	t.Helper()
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	var se *sheet.Error
	if !errors.As(err, &se) || se.Place.File != file {
		t.Fatalf("error %T does not name the file %s: %v", err, file, err)
	}
	for _, k := range []error{sheet.ErrMalformed, sheet.ErrTooLarge, sheet.ErrUnsupported, sheet.ErrEmpty} {
		if errors.Is(err, k) {
			return err
		}
	}
	t.Fatalf("error is none of the sentinels: %v", err)
	return err
}

// Seeds reads the named fixtures for a fuzz target's corpus; a fixture
// that is missing fails the target rather than leaving it to run without.
func Seeds(f *testing.F, dir string, names ...string) [][]byte {
	f.Helper()
	var out [][]byte
	for _, n := range names {
		b, err := os.ReadFile(filepath.Join(dir, n))
		if err != nil {
			f.Fatalf("a fuzz seed is missing: %v", err)
		}
		out = append(out, b)
	}
	return out
}
