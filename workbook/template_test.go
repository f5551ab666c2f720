package workbook

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/aitkit/aitkit/convert"
	"github.com/aitkit/aitkit/record"
	"github.com/aitkit/aitkit/schema"
	"github.com/aitkit/aitkit/sheet"
	"github.com/xuri/excelize/v2"
)

func exportTable(t *testing.T) *convert.Table {
	t.Helper()
	tb, err := convert.ReadTable(context.Background(), "../testdata/xlsx/export.xlsx", convert.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return tb
}

func convertAll(t *testing.T, path string) ([]schema.Update, []string) {
	t.Helper()
	r, err := convert.Open(context.Background(), path, convert.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var recs []schema.Update
	var errs []string
	for {
		rec, err := r.Next()
		if err == io.EOF {
			return recs, errs
		}
		var re *record.RowError
		if errors.As(err, &re) {
			errs = append(errs, re.Error())
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		recs = append(recs, rec.Update)
	}
}

// TestTemplateRoundTrip: a template from the fixture export, filled with
// excelize as a user fills it, converts with no flags to exactly the
// records that were filled.
func TestTemplateRoundTrip(t *testing.T) {
	for _, asOf := range []string{"", "2025-07-03"} {
		t.Run("as-of="+asOf, func(t *testing.T) {
			var buf bytes.Buffer
			if err := WriteTemplate(&buf, TableExport(exportTable(t)), TemplateOptions{AsOf: asOf}); err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			empty := filepath.Join(dir, "template.xlsx")
			os.WriteFile(empty, buf.Bytes(), 0o644)
			// An empty template has no updates: every row is skipped.
			if recs, errs := convertAll(t, empty); len(recs) != 0 || len(errs) != 0 {
				t.Fatalf("an empty template gave %v %v", recs, errs)
			}
			f, err := excelize.OpenReader(&buf)
			if err != nil {
				t.Fatal(err)
			}
			if got := f.GetSheetList(); strings.Join(got, "|") != "Tracker|How to fill" {
				t.Errorf("sheets %v", got)
			}
			hdr, _ := f.GetRows(TrackerSheet)
			if strings.Join(hdr[0], "|") != "External ID|Name|Type|Path|Status|Metric Value|As Of Date|Comment" {
				t.Fatalf("header %q", hdr[0])
			}
			// Fill two rows, as a user would: a status from the list, a percent,
			// a date (or the prefilled one), a comment.
			f.SetCellValue(TrackerSheet, "E2", "On Track")
			f.SetCellValue(TrackerSheet, "F2", 0.54)
			f.SetCellValue(TrackerSheet, "H2", "Ahead of plan")
			f.SetCellValue(TrackerSheet, "E4", "Achieved")
			f.SetCellValue(TrackerSheet, "F4", 1)
			if asOf == "" {
				date, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
				f.SetCellValue(TrackerSheet, "G2", 45841)
				f.SetCellValue(TrackerSheet, "G4", 45841)
				f.SetCellStyle(TrackerSheet, "G2", "G4", date)
			}
			filled := filepath.Join(dir, "filled.xlsx")
			if err := f.SaveAs(filled); err != nil {
				t.Fatal(err)
			}
			recs, errs := convertAll(t, filled)
			want := []schema.Update{
				{ExternalID: "AA-001", Status: "On Track", MetricValue: "0.54", AsOfDate: "2025-07-03", Comment: "Ahead of plan"},
				{ExternalID: "00123", Status: "Achieved", MetricValue: "1", AsOfDate: "2025-07-03"},
			}
			if len(errs) != 0 || len(recs) != 2 || recs[0] != want[0] || recs[1] != want[1] {
				t.Errorf("filled template gave\n%+v\n%v\nwant %+v", recs, errs, want)
			}
		})
	}
}

func TestTemplateSetUp(t *testing.T) {
	var buf bytes.Buffer
	st, _ := schema.ParseStatuses("Planned,Underway,Completed")
	if err := WriteTemplate(&buf, TableExport(exportTable(t)), TemplateOptions{Statuses: st, MetricNumber: true}); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	dvs, _ := f.GetDataValidations(TrackerSheet)
	if len(dvs) != 3 || dvs[0].Formula1 != `"Planned,Underway,Completed"` || dvs[0].PromptTitle == nil {
		t.Errorf("validations %+v", dvs)
	}
	panes, _ := f.GetPanes(TrackerSheet)
	if !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("panes %+v", panes)
	}
	for cell, locked := range map[string]bool{"A2": true, "B2": true, "E2": false, "F2": false, "G2": false, "H2": false} {
		id, _ := f.GetCellStyle(TrackerSheet, cell)
		s, _ := f.GetStyle(id)
		isLocked := s.Protection == nil || s.Protection.Locked
		if isLocked != locked {
			t.Errorf("%s locked = %v, want %v", cell, isLocked, locked)
		}
	}
	id, _ := f.GetCellStyle(TrackerSheet, "F2")
	if s, _ := f.GetStyle(id); s.CustomNumFmt == nil || strings.Contains(*s.CustomNumFmt, "%") {
		t.Errorf("--metric-format number left a percent format")
	}
}

func TestCarriedColumnsThatLookLikeFields(t *testing.T) {
	tb := &convert.Table{Header: []string{"ID", "Progress", "Owner"}, IDCol: 0, Rows: [][]string{{"A", "half", "Ann"}}}
	var buf bytes.Buffer
	if err := WriteTemplate(&buf, TableExport(tb), TemplateOptions{}); err != nil {
		t.Fatal(err)
	}
	f, _ := excelize.OpenReader(&buf)
	rows, _ := f.GetRows(TrackerSheet)
	if strings.Join(rows[0], "|") != "External ID|Progress (export)|Owner|Status|Metric Value|As Of Date|Comment" {
		t.Errorf("header %q", rows[0])
	}
}

// genExport is an export of n generated items.
type genExport struct{ n, i int }

func (g *genExport) Columns() ([]string, int) { return []string{"External ID", "Name", "Path"}, 0 }
func (g *genExport) Next() ([]string, error) {
	if g.i == g.n {
		return nil, io.EOF
	}
	g.i++
	return []string{fmt.Sprintf("item-%07d", g.i), fmt.Sprintf("Objective %d: grow the revenue of the region", g.i), "Plan > Goal > Objective"}, nil
}
func (g *genExport) Place(col int) sheet.Place { return sheet.Place{Line: g.i + 1, Index: -1} }

// liveHeap is the heap in use after a collection.
func liveHeap() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// TestTemplateStreams: once every row of a 30,000-item template is written,
// the heap holds no more than the stream's buffer (excelize's 16 MiB chunk,
// in a buffer that may have doubled), not the rows: held as cells, as
// before, they took 61 MB. The sheet declares its dimension, its columns
// in order, and every item is in it.
func TestTemplateStreams(t *testing.T) {
	const n = 30000
	before := liveHeap()
	var during uint64
	testHookRowsWritten = func() { during = liveHeap() }
	defer func() { testHookRowsWritten = nil }()
	out := filepath.Join(t.TempDir(), "big.xlsx")
	f, _ := os.Create(out)
	if err := WriteTemplate(f, &genExport{n: n}, TemplateOptions{AsOf: "2025-07-03"}); err != nil {
		t.Fatal(err)
	}
	f.Close()
	held := int64(during) - int64(before)
	t.Logf("%d MB held once the rows were written", held>>20)
	if held > 32<<20 {
		t.Errorf("%d MB held once the rows were written", held>>20)
	}
	sheetXML := unzipPart(t, out, "xl/worksheets/sheet1.xml")
	head := sheetXML[:min(len(sheetXML), 8000)]
	if !bytes.Contains(head, []byte(`<dimension ref="A1:G30001">`)) {
		t.Errorf("no dimension A1:G30001 in %s", head)
	}
	cols := regexp.MustCompile(`<col min="(\d+)"`).FindAllSubmatch(head, -1)
	for i, c := range cols {
		if string(c[1]) != strconv.Itoa(i+1) {
			t.Errorf("columns out of order: %q", cols)
			break
		}
	}
	if !bytes.Contains(sheetXML[len(sheetXML)-3000:], []byte(`<row r="30001"><c r="A30001" s="2" t="inlineStr"><is><t>item-0030000</t></is></c>`)) {
		t.Errorf("the last row is not item-0030000: %s", sheetXML[len(sheetXML)-3000:])
	}
}

func unzipPart(t *testing.T, path, name string) []byte {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	rc, err := zr.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestTemplateRefusesLongCells: a cell longer than a spreadsheet cell
// holds is refused naming the item, its column and place; one of exactly
// 32,767 characters (UTF-16 units, as Excel counts) is written whole.
func TestTemplateRefusesLongCells(t *testing.T) {
	dir := t.TempDir()
	write := func(name string) string {
		long := strings.Repeat("a", MaxCellChars-1) + name
		p := filepath.Join(dir, "export.csv")
		os.WriteFile(p, []byte("External ID,Name\nA-1,short\nA-2,"+long+"\n"), 0o644)
		return p
	}
	for _, c := range []struct {
		last string
		ok   bool
	}{{"b", true}, {"bc", false}, {"😀", false}} { // 😀 is two UTF-16 units
		t.Run(c.last, func(t *testing.T) {
			tr, err := convert.OpenTable(context.Background(), write(c.last), convert.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer tr.Close()
			var buf bytes.Buffer
			err = WriteTemplate(&buf, tr, TemplateOptions{})
			if c.ok {
				if err != nil {
					t.Fatal(err)
				}
				g, _ := excelize.OpenReader(&buf)
				if v, _ := g.GetCellValue(TrackerSheet, "B3"); len(v) != MaxCellChars {
					t.Errorf("B3 has %d characters", len(v))
				}
				return
			}
			var long *CellTooLongError
			if !errors.As(err, &long) || long.ExternalID != "A-2" || long.Column != "Name" || !strings.HasSuffix(long.Place.String(), "export.csv:3") || buf.Len() != 0 {
				t.Errorf("err %v (%+v), %d bytes written", err, long, buf.Len())
			}
		})
	}
}
