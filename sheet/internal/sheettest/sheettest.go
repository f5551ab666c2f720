// Package sheettest writes a workbook's rows as text lines, for the
// readers' tests to compare.
package sheettest

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aitkit/aitkit/sheet"
)

// Rows are a sheet's rows as a reader gives them.
type Rows interface {
	Next() (sheet.Row, error)
	Close() error
}

// Dump reads every sheet, in order, as lines
// "name(hidden)|num: kind:"value",...", and returns the error that ended
// the reading, if not the end. Each sheet begins with a line of its kind,
// "name(hidden)|worksheet"; a very hidden sheet is "name(very)", a
// hidden row is "num hidden:", hidden columns are a line
// "name(hidden)|hidden columns: B, D-F", and a cell whose number shows
// otherwise adds its shown text: number:"123"="00123".
func Dump(sheets []sheet.Info, open func(i int) (Rows, error)) ([]string, error) {
	var out []string
	for i, info := range sheets {
		r, err := open(i)
		if err != nil {
			return out, err
		}
		name := fmt.Sprintf("%s(%v)", info.Name, info.Hidden)
		if info.VeryHidden {
			name = info.Name + "(very)"
		}
		out = append(out, name+"|"+info.Kind.String())
		if h, ok := r.(interface{ HiddenColumns() sheet.ColumnSet }); ok && !h.HiddenColumns().Empty() {
			out = append(out, name+"|hidden columns: "+h.HiddenColumns().String())
		}
		for {
			row, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				r.Close()
				return out, err
			}
			out = append(out, name+"|"+Row(row))
		}
		r.Close()
	}
	return out, nil
}

// Row writes a row as "num: kind:"value",...", with " hidden" after the
// number of a hidden row.
func Row(row sheet.Row) string {
	var cells []string
	for _, c := range row.Cells {
		cells = append(cells, Cell(c))
	}
	hidden := ""
	if row.Hidden {
		hidden = " hidden"
	}
	return fmt.Sprintf("%d%s: %s", row.Num, hidden, strings.Join(cells, ","))
}

// Cell writes a cell as kind:"value", and its shown text after "=" when
// it has one: number:"123"="00123".
func Cell(c sheet.Cell) string {
	if c.Shown != "" {
		return fmt.Sprintf("%s:%q=%q", c.Kind, c.Value, c.Shown)
	}
	return fmt.Sprintf("%s:%q", c.Kind, c.Value)
}

var update = flag.Bool("update", false, "rewrite the readers' dumps in sheet/testdata")

// Golden compares the dump of a fixture (its lines, and the error that
// ended the reading) with the file fixture+".dump"; -update rewrites it.
func Golden(t testing.TB, fixture string, lines []string, err error) {
	t.Helper()
	got := strings.Join(lines, "\n") + "\n"
	if err != nil {
		got += "error: " + err.Error() + "\n"
	}
	path := fixture + ".dump"
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, rerr := os.ReadFile(path)
	if rerr != nil {
		t.Fatalf("%v (make it with -update)", rerr)
	}
	if got != string(want) {
		t.Errorf("%s differs from %s:\n--- got\n%s--- want\n%s", fixture, path, got, want)
	}
}

// Fixtures lists the readers' fixtures in sheet/testdata (dir) with the
// extension ext, and fails the test when there are none.
func Fixtures(t testing.TB, dir, ext string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*"+ext))
	if err != nil || len(files) == 0 {
		t.Fatalf("no %s fixtures in %s: %v", ext, dir, err)
	}
	return files
}
