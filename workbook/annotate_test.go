package workbook

import (
	"bytes"
	"crypto/sha256"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestAnnotate(t *testing.T) {
	in := "../testdata/xlsx/bad-values.xlsx"
	// A comment the user wrote must survive, with ours after it.
	dir := t.TempDir()
	src := filepath.Join(dir, "in.xlsx")
	f, _ := excelize.OpenFile(in)
	f.AddComment("Updates", excelize.Comment{Cell: "C2", Author: "Ann", Paragraph: []excelize.RichTextRun{{Text: "check with Bob"}}})
	f.SaveAs(src)
	f.Close()
	before, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	marks := []Mark{
		{Sheet: "Updates", Cell: "C2", Field: "metricValue", Value: "abc", Message: "MetricValue must be a number."},
		{Sheet: "Updates", Cell: "B3", Field: "status", Value: "Green", Message: "Status is invalid."},
		{Sheet: "Updates", Cell: "B3", Field: "status", Value: "Green", Message: "Second message."},
	}
	var out bytes.Buffer
	if err := Annotate(src, &out, marks, Counts{Total: 6, Valid: 4, Invalid: 2}); err != nil {
		t.Fatal(err)
	}
	if after, _ := os.ReadFile(src); sha256.Sum256(after) != sha256.Sum256(before) {
		t.Fatal("the input changed")
	}
	g, err := excelize.OpenReader(&out)
	if err != nil {
		t.Fatal(err)
	}
	if sheets := g.GetSheetList(); sheets[0] != ValidationSheet || sheets[1] != "Updates" {
		t.Errorf("sheets %v", sheets)
	}
	fill := func(cell string) []string {
		id, _ := g.GetCellStyle("Updates", cell)
		s, _ := g.GetStyle(id)
		return s.Fill.Color
	}
	if c := fill("C2"); len(c) == 0 || c[0] != "FFC7CE" {
		t.Errorf("C2 is not red: %v", c)
	}
	if c := fill("A2"); len(c) != 0 {
		t.Errorf("A2, without errors, changed its look: %v", c)
	}
	comments, _ := g.GetComments("Updates")
	texts := map[string]string{}
	for _, c := range comments {
		txt := c.Text
		for _, p := range c.Paragraph {
			txt += p.Text
		}
		texts[c.Cell] = txt
	}
	if !strings.Contains(texts["C2"], "check with Bob") || !strings.Contains(texts["C2"], "MetricValue must be a number.") {
		t.Errorf("C2's comment: %q", texts["C2"])
	}
	if !strings.Contains(texts["B3"], "Status is invalid.\nSecond message.") {
		t.Errorf("B3's comment: %q", texts["B3"])
	}
	rows, _ := g.GetRows(ValidationSheet)
	if rows[1][1] != "6" || rows[3][1] != "2" || strings.Join(rows[6], "|") != "Updates|C2|metricValue|abc|MetricValue must be a number." {
		t.Errorf("Validation sheet: %q", rows)
	}
	if ok, link, _ := g.GetCellHyperLink(ValidationSheet, "B7"); !ok || link != "'Updates'!C2" {
		t.Errorf("B7 links to %q", link)
	}
}

// TestDecorationsChangeNothing: what the template writes and what Excel
// does to a sheet (validation lists, protection, autofilter, frozen panes,
// comments, formatting, and our own Validation sheet) changes nothing in
// the records.
func TestDecorationsChangeNothing(t *testing.T) {
	orig := "../testdata/xlsx/tracker.xlsx"
	want, wantErrs := convertAll(t, orig)
	f, err := excelize.OpenFile(orig)
	if err != nil {
		t.Fatal(err)
	}
	dv := excelize.NewDataValidation(true)
	dv.SetSqref("C4:C20")
	dv.SetDropList([]string{"On Track", "At Risk"})
	f.AddDataValidation("Updates", dv)
	f.ProtectSheet("Updates", &excelize.SheetProtectionOptions{SelectLockedCells: true})
	f.AutoFilter("Updates", "A3:F10", nil)
	f.SetPanes("Updates", &excelize.Panes{Freeze: true, YSplit: 3, TopLeftCell: "A4", ActivePane: "bottomLeft"})
	f.AddComment("Updates", excelize.Comment{Cell: "D4", Author: "Ann", Paragraph: []excelize.RichTextRun{{Text: "from the board pack"}}})
	bold, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Color: "FF0000"}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFFF00"}},
		Border: []excelize.Border{{Type: "left", Style: 1}}})
	f.SetCellStyle("Updates", "A4", "C9", bold) // text columns only: formats of numbers are meaning
	f.SetRowHeight("Updates", 5, 40)
	f.SetColWidth("Updates", "F", "F", 50)
	dir := t.TempDir()
	decorated := filepath.Join(dir, "decorated.xlsx")
	if err := f.SaveAs(decorated); err != nil {
		t.Fatal(err)
	}
	got, gotErrs := convertAll(t, decorated)
	if !slices.Equal(got, want) || len(gotErrs) != len(wantErrs) {
		t.Errorf("decorated: %+v %v\nwant %+v %v", got, gotErrs, want, wantErrs)
	}
	// The annotated copy reads the same too: its Validation sheet has no
	// External ID column and is passed over.
	var out bytes.Buffer
	if err := Annotate(decorated, &out, []Mark{{Sheet: "Updates", Cell: "D4", Message: "x"}}, Counts{}); err != nil {
		t.Fatal(err)
	}
	annotated := filepath.Join(dir, "annotated.xlsx")
	os.WriteFile(annotated, out.Bytes(), 0o644)
	if got, _ := convertAll(t, annotated); !slices.Equal(got, want) {
		t.Errorf("annotated: %+v", got)
	}
}
