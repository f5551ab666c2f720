package xlsx

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/aitkit/aitkit/sheet"
	"github.com/aitkit/aitkit/sheet/internal/sheettest"
	"github.com/xuri/excelize/v2"
)

func fixtures(t testing.TB) []string {
	t.Helper()
	files, err := filepath.Glob("../../testdata/xlsx/*.xlsx")
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	return files
}

// openBytes opens a workbook held in memory.
func openBytes(t testing.TB, name string, b []byte, opts Options) (*Workbook, error) {
	t.Helper()
	return Open(context.Background(), name, bytes.NewReader(b), int64(len(b)), opts)
}

// readSheet reads every row of sheet i, keyed by row number, each row a
// copy.
func readSheet(wb *Workbook, i int) (map[int][]sheet.Cell, error) {
	rows, err := wb.Rows(i)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	got := map[int][]sheet.Cell{}
	for {
		r, err := rows.Next()
		if err == io.EOF {
			return got, nil
		}
		if err != nil {
			return got, err
		}
		got[r.Num] = r.Clone().Cells
	}
}

// TestDifferentialExcelize reads every sheet of every fixture with this
// reader and with excelize (raw values), row by row in both directions and
// cell by cell, exactly: a row either reader has and the other lacks is a
// difference.
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
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	wb, err := openBytes(t, path, b, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	if wb.Date1904() != date1904 {
		t.Errorf("date1904: ours %v, excelize %v", wb.Date1904(), date1904)
	}
	names := xf.GetSheetList()
	if len(names) != len(wb.Sheets()) {
		t.Fatalf("sheets: excelize %q, ours %+v", names, wb.Sheets())
	}
	for i, sh := range wb.Sheets() {
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
		got, err := readSheet(wb, i)
		if err != nil {
			t.Fatal(err)
		}
		compareRows(t, sh.Name, got, want, date1904, func(ref string) string {
			// A formula saved without its value, which excelize's raw
			// reading gives as "": its value as excelize computes it.
			if f, _ := xf.GetCellFormula(sh.Name, ref); f == "" {
				return ""
			}
			v, err := xf.CalcCellValue(sh.Name, ref, excelize.Options{RawCellValue: true})
			if err != nil && strings.HasPrefix(err.Error(), "#") {
				return err.Error()
			}
			return v
		})
	}
}

// compareRows compares our rows (by number) with excelize's (by index),
// over every row either has; a row that only one has must be empty in it.
func compareRows(t *testing.T, name string, got map[int][]sheet.Cell, want [][]string, date1904 bool, calc func(ref string) string) {
	t.Helper()
	last := len(want)
	for num := range got {
		last = max(last, num)
	}
	for num := 1; num <= last; num++ {
		var wrow []string
		if num-1 < len(want) {
			wrow = want[num-1]
		}
		grow := got[num]
		for ci := 0; ci < max(len(wrow), len(grow)); ci++ {
			var w string
			if ci < len(wrow) {
				w = wrow[ci]
			}
			var g sheet.Cell
			if ci < len(grow) {
				g = grow[ci]
			}
			if w == "" && !g.Empty() && calc != nil {
				w = calc(sheet.ColumnName(ci) + strconv.Itoa(num))
			}
			if !sameCell(g, w, date1904) {
				t.Errorf("%s!%s%d: ours %q (%v), excelize %q", name, sheet.ColumnName(ci), num, g.Value, g.Kind, w)
			}
		}
	}
}

// sameCell tells whether our cell is excelize's raw value (or, for a
// formula saved without its value, the value excelize computes): a date
// cell through its serial, a formula refused with its reason, a time of day in a date cell (our error value) as its
// serial followed by what is wrong.
func sameCell(g sheet.Cell, w string, date1904 bool) bool {
	switch g.Kind {
	case sheet.Date:
		f, err := strconv.ParseFloat(w, 64)
		if err != nil {
			return g.Value == w
		}
		d, err := sheet.SerialDate(f, date1904)
		return err == nil && d == g.Value
	case sheet.Bool:
		return (g.Value == "TRUE") == (w == "1" || strings.EqualFold(w, "TRUE"))
	case sheet.Formula:
		// A formula refused, with its reason, whatever excelize makes of
		// it: a refusal is never a wrong value.
		return strings.HasPrefix(g.Value, "=") && g.Shown != ""
	case sheet.ErrorValue:
		return g.Value == w || w != "" && strings.HasPrefix(g.Value, w+" (")
	}
	return g.Value == w
}

// TestSameCell shows the comparison failing where it must, so that the
// differential test cannot pass by accident.
func TestSameCell(t *testing.T) {
	if sameCell(sheet.Cell{Kind: sheet.ErrorValue, Value: "#N/A"}, "", false) {
		t.Error("an error cell equals excelize's empty cell")
	}
	if sameCell(sheet.Cell{Value: "a"}, "b", false) || sameCell(sheet.Cell{Kind: sheet.Date, Value: "2025-07-03"}, "45842", false) {
		t.Error("different values compare equal")
	}
	if !sameCell(sheet.Cell{Kind: sheet.Date, Value: "2025-07-03"}, "45841", false) {
		t.Error("a date cell differs from its serial")
	}
}

func TestNumFmtKind(t *testing.T) {
	tests := []struct {
		id   int
		code string
		want sheet.Kind
	}{
		{0, "", sheet.Number},
		{9, "", sheet.Percent},
		{10, "", sheet.Percent},
		{14, "", sheet.Date},
		{22, "", sheet.Date},
		{45, "", sheet.Date},
		{2, "", sheet.Number},
		{164, "yyyy-mm-dd", sheet.Date},
		{165, `dd/mm/yyyy;@`, sheet.Date},
		{166, `[$-409]mmmm d, yyyy`, sheet.Date},
		{167, `0.0%`, sheet.Percent},
		{168, `0 "days"`, sheet.Number},
		{169, `#,##0.00 "%"`, sheet.LiteralPercent},
		{170, `[Red]0.00`, sheet.Number},
		{171, `0.00\%`, sheet.LiteralPercent},
		{172, `General`, sheet.Number},
		{173, `#,##0_);[Red](#,##0)`, sheet.Number},
	}
	for _, tt := range tests {
		if got := sheet.NumFmtKind(tt.id, tt.code); got != tt.want {
			t.Errorf("sheet.NumFmtKind(%d, %q) = %v, want %v", tt.id, tt.code, got, tt.want)
		}
	}
}

func TestBadWorkbooks(t *testing.T) {
	good, err := os.ReadFile("../../testdata/xlsx/tracker.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	bomb := zipBomb(t, 8<<20)
	tests := []struct {
		name   string
		in     []byte
		limits sheet.Limits
		want   error
		msg    string
	}{
		{"truncated zip", good[:len(good)/2], sheet.Limits{}, sheet.ErrMalformed, "is the file truncated"},
		{"zip without a workbook", ZipOf(t, map[string]string{"hello.txt": "hi"}), sheet.Limits{}, sheet.ErrUnsupported, "not a workbook"},
		{"zip bomb by ratio", bomb, sheet.Limits{MaxPartSize: 1 << 30, MaxRatio: 100}, sheet.ErrTooLarge, "zip bomb"},
		{"zip bomb by size", bomb, sheet.Limits{MaxPartSize: 1 << 20, MaxRatio: 1 << 20}, sheet.ErrTooLarge, "limit MaxPartSize"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := readAll(t, tt.in, tt.limits)
			if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("error = %v; want %v saying %q", err, tt.want, tt.msg)
			}
			var se *sheet.Error
			if !errors.As(err, &se) || se.Place.File != "t.xlsx" {
				t.Errorf("error %v does not name the file", err)
			}
		})
	}
}

// readAll opens a workbook and reads every row of its first sheet.
func readAll(t testing.TB, in []byte, limits sheet.Limits) error {
	t.Helper()
	wb, err := openBytes(t, "t.xlsx", in, Options{Limits: limits})
	if err != nil {
		return err
	}
	defer wb.Close()
	for i := range wb.Sheets() {
		if _, err := readSheet(wb, i); err != nil {
			return err
		}
	}
	return nil
}

// zipBomb is a workbook whose sheet is n bytes of one repeated row.
func zipBomb(t testing.TB, n int) []byte {
	t.Helper()
	var sh strings.Builder
	sh.WriteString(`<row><c t="inlineStr"><is><t>External ID</t></is></c><c t="inlineStr"><is><t>Status</t></is></c><c t="inlineStr"><is><t>Date</t></is></c></row>`)
	for sh.Len() < n {
		sh.WriteString(`<row><c t="inlineStr"><is><t>A1</t></is></c></row>`)
	}
	return ZipOf(t, MinimalWorkbook(sh.String()))
}

// MinimalWorkbook is the parts of a workbook with one sheet whose
// sheetData holds rows.
func MinimalWorkbook(rows string) map[string]string {
	return map[string]string{
		"xl/workbook.xml":            `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
		"xl/worksheets/sheet1.xml":   `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` + rows + `</sheetData></worksheet>`,
	}
}

// ZipOf zips the parts, in the order of their names.
func ZipOf(t testing.TB, parts map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	names := make([]string, 0, len(parts))
	for name := range parts {
		names = append(names, name)
	}
	for _, name := range sortStrings(names) {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, parts[name])
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func sortStrings(s []string) []string {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
	return s
}

// TestFixtures reads the workbooks that spreadsheet programs wrote for
// the readers' rules (sheet/testdata/gen/make.sh) and compares every
// sheet, row and cell with their dumps.
func TestFixtures(t *testing.T) {
	for _, path := range sheettest.Fixtures(t, "../testdata", ".xlsx") {
		t.Run(filepath.Base(path), func(t *testing.T) {
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			wb, err := openBytes(t, filepath.Base(path), b, Options{})
			if err != nil {
				sheettest.Golden(t, path, nil, err)
				return
			}
			defer wb.Close()
			lines, err := sheettest.Dump(wb.Sheets(), func(i int) (sheettest.Rows, error) { return wb.Rows(i) })
			sheettest.Golden(t, path, lines, err)
		})
	}
}

// TestSheetKinds: every sheet is listed with its kind and state, from
// its relationship's type (transitional or Strict); the rows of a chart,
// dialog or macro sheet are none, and reading them is no error.
func TestSheetKinds(t *testing.T) {
	const rel = `<Relationship Id="rId%d" Type="%s" Target="%s"/>`
	parts := MinimalWorkbook(`<row r="1"><c t="inlineStr"><is><t>x</t></is></c></row>`)
	parts["xl/workbook.xml"] = `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>` +
		`<sheet name="W" sheetId="1" r:id="rId1"/><sheet name="C" sheetId="2" state="hidden" r:id="rId2"/><sheet name="D" sheetId="3" state="veryHidden" r:id="rId3"/><sheet name="M" sheetId="4" r:id="rId4"/><sheet name="S" sheetId="5" r:id="rId5"/></sheets></workbook>`
	parts["xl/_rels/workbook.xml.rels"] = `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		fmt.Sprintf(rel, 1, "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet", "worksheets/sheet1.xml") +
		fmt.Sprintf(rel, 2, "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chartsheet", "chartsheets/sheet1.xml") +
		fmt.Sprintf(rel, 3, "http://schemas.openxmlformats.org/officeDocument/2006/relationships/dialogsheet", "dialogsheets/sheet1.xml") +
		fmt.Sprintf(rel, 4, "http://schemas.microsoft.com/office/2006/relationships/xlMacrosheet", "macrosheets/sheet1.xml") +
		fmt.Sprintf(rel, 5, "http://purl.oclc.org/ooxml/officeDocument/relationships/chartsheet", "chartsheets/sheet2.xml") +
		`</Relationships>`
	parts["xl/chartsheets/sheet1.xml"] = `<chartsheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetViews><sheetView workbookViewId="0"/></sheetViews><drawing r:id="rId1" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"/></chartsheet>`
	wb, err := openBytes(t, "k.xlsx", ZipOf(t, parts), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	got, err := sheettest.Dump(wb.Sheets(), func(i int) (sheettest.Rows, error) { return wb.Rows(i) })
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"W(false)|worksheet", `W(false)|1: text:"x"`, "C(true)|chart sheet", "D(very)|dialog sheet", "M(false)|macro sheet", "S(false)|chart sheet"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
