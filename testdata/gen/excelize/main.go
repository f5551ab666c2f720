// Command excelize writes the excelize-made workbook fixtures of
// testdata/xlsx. Run it from the module root:
//
//	go run ./testdata/gen/excelize
//
// The workbooks made by other programs (Gnumeric, SheetJS) have their own
// scripts beside this one; see testdata/README.md.
package main

import (
	"archive/zip"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/xuri/excelize/v2"
)

const dir = "testdata/xlsx"

func main() {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		log.Fatal(err)
	}
	for name, make := range map[string]func(string) error{
		"tracker.xlsx":       tracker,
		"date1904.xlsx":      date1904,
		"bad-values.xlsx":    badValues,
		"handmade-xml.xlsx":  handmade,
		"export.xlsx":        export,
		"formulas.xlsx":      formulas,
		"issue-tracker.xlsx": issueTracker,
	} {
		if err := make(filepath.Join(dir, name)); err != nil {
			log.Fatalf("%s: %v", name, err)
		}
	}
}

func check(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// tracker is the workbook of the issue's "new user" story: an instructions
// sheet first, a hidden sheet with an old header, a title row, a percent
// column, date cells and text dates.
func tracker(path string) error {
	f := excelize.NewFile()
	defer f.Close()
	must := func(err error) {
		if err != nil {
			log.Fatal(err)
		}
	}
	must(f.SetSheetName("Sheet1", "Instructions"))
	must(f.SetCellValue("Instructions", "A1", "How to fill this tracker"))
	must(f.SetCellValue("Instructions", "A2", "Type a status, a percent complete and the date of the update for each item."))

	_, err := f.NewSheet("Old")
	must(err)
	must(f.SetSheetRow("Old", "A1", &[]any{"External ID", "Status", "As Of Date"}))
	must(f.SetSheetRow("Old", "A2", &[]any{"OLD-1", "On Track", "2020-01-01"}))
	must(f.SetSheetVisible("Old", false))

	_, err = f.NewSheet("Updates")
	must(err)
	pct, _ := f.NewStyle(&excelize.Style{NumFmt: 9})
	pct1, _ := f.NewStyle(&excelize.Style{CustomNumFmt: strPtr("0.0%")})
	date, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	dmy, _ := f.NewStyle(&excelize.Style{CustomNumFmt: strPtr("dd/mm/yyyy")})
	stamp, _ := f.NewStyle(&excelize.Style{CustomNumFmt: strPtr("yyyy-mm-dd hh:mm")})
	text, _ := f.NewStyle(&excelize.Style{NumFmt: 49})

	must(f.SetCellValue("Updates", "A1", "Q3 Strategy Tracker"))
	must(f.SetSheetRow("Updates", "A3", &[]any{"External ID", "Plan Item", "Status", "% Complete", "As Of Date", "Comments"}))
	rows := [][]any{
		{"AA-001", "Grow revenue", "On Track", 0.54, 45841.0, "Ahead of plan"},
		{"AA-002", "Hire staff", "at risk", "54.3%", "07/31/2025", ""},
		{"00123", "Open office", "Achieved", 1.0, 45841.75, "Done"},
		{"AA-004", "Not updated this quarter", nil, nil, nil, nil},
		{12345, "Numeric ID", "Cancelled", nil, "Jul 3, 2025", "  trimmed  "},
		{"AA-006", "Float artefact", "off   track", 0.54300000000000004, 45841.0, "Line one\nline two"},
		{"AA-007", "Ambiguous text date", "Not Started", "0%", "03/07/2025", nil},
	}
	for i, r := range rows {
		row := 4 + i
		must(f.SetSheetRow("Updates", fmt.Sprintf("A%d", row), &r))
		must(f.SetCellStyle("Updates", fmt.Sprintf("D%d", row), fmt.Sprintf("D%d", row), pct))
		must(f.SetCellStyle("Updates", fmt.Sprintf("E%d", row), fmt.Sprintf("E%d", row), date))
	}
	must(f.SetCellStyle("Updates", "A6", "A6", text))
	must(f.SetCellStyle("Updates", "E6", "E6", stamp))
	must(f.SetCellStyle("Updates", "D9", "D9", pct1))
	must(f.SetCellStyle("Updates", "E9", "E9", dmy))
	idx, _ := f.GetSheetIndex("Updates")
	f.SetActiveSheet(idx)
	return f.SaveAs(path)
}

// date1904 uses the 1904 date system: serial 44379 is 2025-07-03 there.
func date1904(path string) error {
	f := excelize.NewFile()
	defer f.Close()
	t := true
	date, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	return check(
		f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &t}),
		f.SetSheetRow("Sheet1", "A1", &[]any{"External ID", "Status", "Metric", "As Of"}),
		f.SetSheetRow("Sheet1", "A2", &[]any{"M-1", "On Track", 0.25, 44379.0}),
		f.SetSheetRow("Sheet1", "A3", &[]any{"M-2", "Achieved", 1, 44380.5}),
		f.SetCellStyle("Sheet1", "D2", "D3", date),
		f.SaveAs(path),
	)
}

// badValues has one mistake in each column, and two in one row.
func badValues(path string) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", "Updates"); err != nil {
		return err
	}
	rows := [][]any{
		{"External ID", "Status", "Metric Value", "As Of Date", "Comment"},
		{"B-1", "On Track", "abc", "2025-07-03", "bad metric"},
		{"B-2", "Green", 0.5, "2025-02-30", "bad status and date"},
		{"", "On Track", 0.5, "2025-07-03", "no id"},
		{"B-4", "Achieved", "12..5", "soon", nil},
		{"B-5", "On Track", 0.75, "2025-07-03", "fine"},
		{"B-6", "Off Track", nil, nil, "no date"},
	}
	for i, r := range rows {
		if err := f.SetSheetRow("Updates", fmt.Sprintf("A%d", i+1), &r); err != nil {
			return err
		}
	}
	return f.SaveAs(path)
}

// formulas has formulas saved without their cached values, as openpyxl
// and other libraries write them (excelize's SetCellFormula writes no
// value): a percent computed from another column, a DATE in a date cell,
// a text join in the comment, a status copied from another cell, one that
// divides by zero and one that cannot be computed.
func formulas(path string) error {
	f := excelize.NewFile()
	defer f.Close()
	pct, _ := f.NewStyle(&excelize.Style{NumFmt: 9})
	date, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	rows := [][]any{
		{"External ID", "Status", "Metric Value", "As Of Date", "Comment", "Done", "Total"},
		{"F-1", "On Track", nil, nil, nil, 27, 50},
		{"F-2", nil, nil, "2025-07-03", "typed", 10, 40},
		{"F-3", "Achieved", nil, "2025-07-03", nil, 1, 0},
		{"F-4", "At Risk", nil, "2025-07-03", nil, 3, 4},
	}
	for i, r := range rows {
		if err := f.SetSheetRow("Sheet1", fmt.Sprintf("A%d", i+1), &r); err != nil {
			return err
		}
	}
	return check(
		f.SetCellFormula("Sheet1", "C2", "F2/G2"),
		f.SetCellFormula("Sheet1", "D2", "DATE(2025,7,3)"),
		f.SetCellFormula("Sheet1", "E2", `"Done "&F2&" of "&G2`),
		f.SetCellFormula("Sheet1", "B3", "B2"),
		f.SetCellFormula("Sheet1", "C3", "F3/G3"),
		f.SetCellFormula("Sheet1", "C4", "F4/G4"),
		f.SetCellFormula("Sheet1", "C5", "NOSUCHFUNCTION(F5)"),
		f.SetCellStyle("Sheet1", "C2", "C5", pct),
		f.SetCellStyle("Sheet1", "D2", "D2", date),
		f.SaveAs(path),
	)
}

// issueTracker is the tracker of issue 16's first story: a budget in a
// "Value" column and a due date in a "Date" column beside the real metric
// and update date.
func issueTracker(path string) error {
	f := excelize.NewFile()
	defer f.Close()
	rows := [][]any{
		{"External ID", "Status", "Value", "% Complete", "Date", "Update Date", "Comment"},
		{"A-1", "On Track", 250000, "40%", "2025-12-31", "2025-07-03", "x"},
		{"A-2", "OnTrack", 90000, "55%", "2025-11-30", "2025-07-03", "one word"},
		{"A-3", "on-track", 12000, "60%", "2025-10-31", "2025-07-03", "hyphen"},
	}
	for i, r := range rows {
		if err := f.SetSheetRow("Sheet1", fmt.Sprintf("A%d", i+1), &r); err != nil {
			return err
		}
	}
	return f.SaveAs(path)
}

// export looks like AchieveIt's External IDs export: IDs and names, no
// updates yet.
func export(path string) error {
	f := excelize.NewFile()
	defer f.Close()
	rows := [][]any{
		{"External ID", "Name", "Type", "Path"},
		{"AA-001", "Grow revenue", "Goal", "Plan 2025 > Grow"},
		{"AA-002", "Hire staff", "Strategy", "Plan 2025 > People"},
		{"00123", "Open office", "Action", "Plan 2025 > Places"},
		{"AA-004", "Not updated this quarter", "Action", "Plan 2025 > Places"},
		{"12345", "Numeric ID", "Action", "Plan 2025 > Misc"},
		{"AA-006", "Float artefact", "Action", "Plan 2025 > Misc"},
		{"AA-007", "Ambiguous text date", "Action", "Plan 2025 > Misc"},
	}
	for i, r := range rows {
		if err := f.SetSheetRow("Sheet1", fmt.Sprintf("A%d", i+1), &r); err != nil {
			return err
		}
	}
	return f.SaveAs(path)
}

// handmade is written as XML by hand, for what excelize does not write:
// inline strings, rich text with phonetic runs, cells and rows without r
// attributes, formulas with and without cached values, error and boolean
// cells, entities and xml:space.
func handmade(path string) error {
	out, err := os.Create(path)
	if err != nil {
		return err
	}
	defer out.Close()
	zw := zip.NewWriter(out)
	parts := []struct{ name, body string }{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`},
		{"xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Hand &amp; Made" sheetId="1" r:id="rId1"/></sheets></workbook>`},
		{"xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`},
		{"xl/styles.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="d\-mmm\-yyyy"/></numFmts><cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="9" applyNumberFormat="1"/><xf numFmtId="164" applyNumberFormat="1"/><xf numFmtId="10" applyNumberFormat="1"/></cellXfs></styleSheet>`},
		{"xl/sharedStrings.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="6" uniqueCount="6"><si><t>External ID</t></si><si><t>Status</t></si><si><t>Metric</t></si><si><t>Date</t></si><si><t>Notes</t></si><si><r><rPr><b/></rPr><t xml:space="preserve">Rich </t></r><r><t>text &lt;ok&gt; &amp; more</t></r><rPh sb="0" eb="1"><t>PHONETIC</t></rPh></si></sst>`},
		{"xl/worksheets/sheet1.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1"/><sheetData>
<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c></row>
<row r="2"><c r="A2" t="inlineStr"><is><t>H-1</t></is></c><c r="B2" t="inlineStr"><is><t>On Track</t></is></c><c r="C2" s="1"><f>0.5+0.04</f><v>0.54000000000000004</v></c><c r="D2" s="2"><v>45841</v></c><c r="E2" t="s"><v>5</v></c></row>
<row><c t="inlineStr"><is><t>H-2</t></is></c><c t="str"><f>"Achie"&amp;"ved"</f><v>Achieved</v></c><c s="3"><v>0.125</v></c><c t="inlineStr"><is><t xml:space="preserve"> 2025-07-03 </t></is></c><c t="b"><v>1</v></c></row>
<row r="5"><c r="A5" t="inlineStr"><is><t>H-3</t></is></c><c r="B5" t="inlineStr"><is><r><t>At </t></r><r><t>Risk</t></r></is></c><c r="C5"><f>1/0</f></c><c r="D5" t="inlineStr"><is><t>2025-07-03</t></is></c></row>
<row r="6"><c r="A6" t="inlineStr"><is><t>H-4</t></is></c><c r="B6" t="inlineStr"><is><t>On Track</t></is></c><c r="C6" t="e"><f>NA()</f><v>#N/A</v></c><c r="D6" t="inlineStr"><is><t>2025-07-03</t></is></c></row>
<row r="8" spans="1:5"><c r="C8" s="1"/></row>
<row r="9"><c r="A9" t="inlineStr"><is><t>H-5</t></is></c><c r="B9" t="inlineStr"><is><t>Achieved</t></is></c><c r="D9" t="inlineStr"><is><t>2025-07-03</t></is></c><c r="E9" t="inlineStr"><is><t>&#x2713; done &quot;quoted&quot;</t></is></c></row>
</sheetData></worksheet>`},
	}
	for _, p := range parts {
		w, err := zw.Create(p.name)
		if err != nil {
			return err
		}
		if _, err := w.Write([]byte(p.body)); err != nil {
			return err
		}
	}
	return zw.Close()
}

func strPtr(s string) *string { return &s }
