package convert

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/aitkit/aitkit/internal/golden"
	"github.com/xuri/excelize/v2"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func fixtures(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("../testdata/xlsx/*.xlsx")
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
		fmt.Fprintf(&out, "fatal: %v\n", err)
		return out.String()
	}
	defer r.Close()
	w := NewWriter(&out, OutputJSON)
	var errs []string
	for {
		rec, err := r.Next()
		if err == io.EOF {
			break
		}
		var re *RowError
		if errors.As(err, &re) {
			errs = append(errs, re.Error())
			continue
		}
		if err != nil {
			errs = append(errs, "fatal: "+err.Error())
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
			golden.Check(t, filepath.Join("..", "testdata", "golden", strings.TrimSuffix(name, ".xlsx")+".golden"), name, []byte(got), *update)
		})
	}
}

// TestDifferentialExcelize reads every sheet of every fixture with our
// streaming reader and with excelize (raw values), cell by cell. Number
// cells with a date format differ by design (we give the date), so they are
// compared through the serial.
func TestDifferentialExcelize(t *testing.T) {
	for _, path := range fixtures(t) {
		t.Run(filepath.Base(path), func(t *testing.T) { compareWithExcelize(t, path) })
	}
}

func compareWithExcelize(t *testing.T, path string) {
	t.Helper()
	xf, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatalf("excelize: %v", err)
	}
	defer xf.Close()
	props, _ := xf.GetWorkbookProps()
	date1904 := props.Date1904 != nil && *props.Date1904

	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st, _ := f.Stat()
	zr, err := zip.NewReader(f, st.Size())
	if err != nil {
		t.Fatal(err)
	}
	wb := &workbook{name: path, zr: zr, limits: DefaultLimits, ctx: context.Background()}
	if err := wb.readStructure(); err != nil {
		t.Fatal(err)
	}
	names := xf.GetSheetList()
	if len(names) != len(wb.sheets) {
		t.Fatalf("sheets: excelize %q, ours %+v", names, wb.sheets)
	}
	for i, sh := range wb.sheets {
		if sh.Name != names[i] {
			t.Errorf("sheet %d: excelize %q, ours %q", i, names[i], sh.Name)
		}
		if vis, _ := xf.GetSheetVisible(sh.Name); vis == sh.Hidden {
			t.Errorf("sheet %q: excelize visible=%v, ours hidden=%v", sh.Name, vis, sh.Hidden)
		}
		want, err := xf.GetRows(sh.Name, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		src, err := wb.openSheet(sh)
		if err != nil {
			t.Fatal(err)
		}
		got := map[int][]Cell{}
		for {
			r, err := src.next()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			got[r.num] = append([]Cell(nil), r.cells...)
		}
		src.close()
		for ri := 0; ri < len(want) || ri < 1; ri++ {
			var wrow []string
			if ri < len(want) {
				wrow = want[ri]
			}
			grow := got[ri+1]
			for ci := 0; ci < max(len(wrow), len(grow)); ci++ {
				var w string
				if ci < len(wrow) {
					w = wrow[ci]
				}
				var g Cell
				if ci < len(grow) {
					g = grow[ci]
				}
				if !sameCell(g, w, date1904) {
					t.Errorf("%s!%s%d: ours %q (kind %d), excelize %q", sh.Name, ColumnName(ci), ri+1, g.Value, g.Kind, w)
				}
			}
		}
	}
}

func sameCell(g Cell, w string, date1904 bool) bool {
	switch g.Kind {
	case KindDate:
		f, err := strconv.ParseFloat(w, 64)
		if err != nil {
			return g.Value == w
		}
		d, err := SerialToDate(f, date1904)
		return err == nil && d == g.Value
	case KindBool:
		return (g.Value == "TRUE") == (w == "1" || strings.EqualFold(w, "TRUE"))
	case KindNoValue:
		return w == ""
	case KindError:
		return strings.HasPrefix(g.Value, w)
	}
	return g.Value == w
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
		want := `fatal: tracker.xlsx: no such sheet "Nope"; the sheets are "Instructions", "Old" (hidden), "Updates" (or give a number 1-3)`
		if strings.TrimSpace(got) != want {
			t.Errorf("got %q\nwant %q", got, want)
		}
	})
	t.Run("sheet without a header lists what it saw", func(t *testing.T) {
		got := convertFile(t, tracker, Options{Sheet: "Instructions"})
		if !strings.Contains(got, "no header row with an External ID column") || !strings.Contains(got, `"How to fill this tracker"`) {
			t.Errorf("got %q", got)
		}
	})
	t.Run("header row", func(t *testing.T) {
		got := convertFile(t, tracker, Options{HeaderRow: 3})
		if !strings.Contains(got, "header row 3, 7 rows, 6 records") {
			t.Errorf("got %q", got)
		}
		got = convertFile(t, tracker, Options{HeaderRow: 1})
		if !strings.Contains(got, "no header row") {
			t.Errorf("--header-row 1 found a header: %q", got)
		}
	})
}

func TestBadWorkbooks(t *testing.T) {
	good, err := os.ReadFile("../testdata/xlsx/tracker.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	bomb := zipBomb(t, 8<<20)
	tests := []struct {
		name   string
		in     []byte
		limits Limits
		want   error
		msg    string
	}{
		{"truncated zip", good[:len(good)/2], Limits{}, ErrMalformed, "is the file truncated"},
		{"zip without a workbook", zipOf(t, map[string]string{"hello.txt": "hi"}), Limits{}, ErrUnsupported, "not a workbook"},
		{"zip bomb by ratio", bomb, Limits{MaxPartSize: 1 << 30, MaxRatio: 100}, ErrTooLarge, "zip bomb"},
		{"zip bomb by size", bomb, Limits{MaxPartSize: 1 << 20, MaxRatio: 1 << 20}, ErrTooLarge, "over the limit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := readAll(t, "t.xlsx", tt.in, Options{Limits: tt.limits})
			if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("error = %v; want %v saying %q", err, tt.want, tt.msg)
			}
		})
	}
}

// zipBomb is a workbook whose sheet is n bytes of one repeated row.
func zipBomb(t *testing.T, n int) []byte {
	t.Helper()
	var sheet strings.Builder
	sheet.WriteString(`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
	sheet.WriteString(`<row><c t="inlineStr"><is><t>External ID</t></is></c><c t="inlineStr"><is><t>Status</t></is></c><c t="inlineStr"><is><t>Date</t></is></c></row>`)
	for sheet.Len() < n {
		sheet.WriteString(`<row><c t="inlineStr"><is><t>A1</t></is></c></row>`)
	}
	sheet.WriteString(`</sheetData></worksheet>`)
	return zipOf(t, map[string]string{
		"xl/workbook.xml":            `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
		"xl/worksheets/sheet1.xml":   sheet.String(),
	})
}

func zipOf(t *testing.T, parts map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range parts {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, body)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestSharedStringsTable(t *testing.T) {
	var ss sharedStrings
	long := strings.Repeat("x", ssBlock+10)
	want := []string{"", "a", strings.Repeat("é", 1000), long, "after the long one", "", strings.Repeat("z", ssBlock), strings.Repeat("h", ssBlock/2), strings.Repeat("j", ssBlock/2-1), "x", strings.Repeat("q", ssBlock), "", "y"}
	for i := 0; i < 3000; i++ {
		want = append(want, fmt.Sprintf("string %d %s", i, strings.Repeat("y", i%700)))
	}
	for _, w := range want {
		if err := ss.add([]byte(w)); err != nil {
			t.Fatal(err)
		}
	}
	if ss.len() != len(want) {
		t.Fatalf("len %d, want %d", ss.len(), len(want))
	}
	for i, w := range want {
		if got := ss.get(i); got != w {
			t.Fatalf("string %d: got %d bytes, want %d", i, len(got), len(w))
		}
	}
}
