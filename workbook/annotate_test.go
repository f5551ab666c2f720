package workbook

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/aitkit/aitkit/internal/trackergen"

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

// checkParts reads every XML part of a package with encoding/xml: each
// must be well-formed, and every prefix declared.
func checkParts(t *testing.T, pkg []byte) map[string][]byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(pkg), int64(len(pkg)))
	if err != nil {
		t.Fatal(err)
	}
	parts := map[string][]byte{}
	for _, f := range zr.File {
		if _, dup := parts[f.Name]; dup {
			t.Errorf("%s twice", f.Name)
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		parts[f.Name] = b
		if !strings.HasSuffix(f.Name, ".xml") && !strings.HasSuffix(f.Name, ".rels") && !strings.HasSuffix(f.Name, ".vml") {
			continue
		}
		d := xml.NewDecoder(bytes.NewReader(b))
		for {
			tok, err := d.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Errorf("%s: %v", f.Name, err)
				break
			}
			if se, ok := tok.(xml.StartElement); ok {
				names := []xml.Name{se.Name}
				for _, a := range se.Attr {
					if a.Name.Space != "xmlns" && a.Name.Space != "" {
						names = append(names, a.Name)
					}
				}
				for _, n := range names {
					if n.Space != "" && !strings.Contains(n.Space, ":") && n.Space != "xml" {
						t.Errorf("%s: prefix %q of <%s> is not declared", f.Name, n.Space, n.Local)
					}
				}
			}
		}
	}
	return parts
}

// writePkg writes a package of parts (in the order given, name then body).
func writePkg(t *testing.T, dir string, parts ...string) string {
	t.Helper()
	p := filepath.Join(dir, "in.xlsx")
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := 0; i < len(parts); i += 2 {
		w, _ := zw.Create(parts[i])
		io.WriteString(w, parts[i+1])
	}
	zw.Close()
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

const (
	ctTypes  = `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="vml" ContentType="application/vnd.openxmlformats-officedocument.vmlDrawing"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/comments7.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"/><Override PartName="/xl/theme/theme1.xml" ContentType="application/vnd.openxmlformats-officedocument.theme+xml"/></Types>`
	rootRels = `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`
	wbRels   = `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet2.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme" Target="theme/theme1.xml"/></Relationships>`
)

// TestAnnotateHowSheetsAreWritten: a sheet written the ways writers write
// them (x: prefixes, rows and cells without references, an empty row, a
// marked cell or row the sheet does not have, a comment and a drawing of
// its own, defined names per sheet, another sheet active) is marked and
// every other byte of it read the same.
func TestAnnotateHowSheetsAreWritten(t *testing.T) {
	const ns = `xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`
	// A theme, without which excelize gives no colors.
	theme := unzipPart(t, "../testdata/xlsx/bad-values.xlsx", "xl/theme/theme1.xml")
	in := writePkg(t, t.TempDir(),
		"[Content_Types].xml", ctTypes,
		"_rels/.rels", rootRels,
		"xl/theme/theme1.xml", string(theme),
		"xl/workbook.xml", `<x:workbook `+ns+`><x:bookViews><x:workbookView activeTab="1" firstSheet="1"/></x:bookViews><x:sheets><x:sheet name="Updates" sheetId="3" r:id="rId1"/><x:sheet name="Other" sheetId="4" r:id="rId2"/></x:sheets><x:definedNames><x:definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">Updates!$A$1:$C$5</x:definedName><x:definedName name="Total" localSheetId="1">Other!$A$1</x:definedName></x:definedNames></x:workbook>`,
		"xl/_rels/workbook.xml.rels", wbRels,
		"xl/worksheets/sheet1.xml", `<?xml version="1.0"?><!-- a writer's comment --><x:worksheet `+ns+`><x:sheetViews><x:sheetView tabSelected="1" workbookViewId="0"/></x:sheetViews><x:cols><x:col min="2" max="2" width="9" style="1" customWidth="1"/></x:cols><x:sheetData>`+
			`<x:row r="1" spans="1:3"><x:c r="A1" t="inlineStr"><x:is><x:t>External ID</x:t></x:is></x:c><x:c t="inlineStr"><x:is><x:t>Status</x:t></x:is></x:c><x:c t="inlineStr"><x:is><x:t><![CDATA[Metric <%>]]></x:t></x:is></x:c></x:row>`+
			`<x:row spans="1:3"><x:c t="inlineStr"><x:is><x:t>A-1</x:t></x:is></x:c><x:c t="inlineStr"><x:is><x:t>Green</x:t></x:is></x:c><x:c><x:v>0.5</x:v></x:c></x:row>`+
			`<x:row r="3"><x:c r="A3" t="inlineStr"><x:is><x:t>A-2</x:t></x:is></x:c><x:c r="C3"><x:v>7</x:v></x:c><x:c><x:v>8</x:v></x:c></x:row>`+
			`<x:row r="4"/>`+
			`<x:row r="5"><x:c r="A5" t="inlineStr"><x:is><x:t>A-4</x:t></x:is></x:c></x:row>`+
			`</x:sheetData><x:legacyDrawing r:id="rId9"/><x:tableParts count="0"/></x:worksheet>`,
		"xl/worksheets/_rels/sheet1.xml.rels", `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId8" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="../comments7.xml"/><Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/vmlDrawing" Target="../drawings/vmlDrawing7.vml"/></Relationships>`,
		"xl/comments7.xml", `<comments xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><authors><author>Ann</author></authors><commentList><comment ref="C5" authorId="0"><text><t>later</t></text></comment><comment ref="B2" authorId="0"><text><r><t>ask Bob</t></r></text></comment></commentList></comments>`,
		"xl/drawings/vmlDrawing7.vml", `<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel"><o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="3"/></o:shapelayout>`+vmlNoteType+`<v:shape id="_x0000_s3075" type="#_x0000_t202"><x:ClientData ObjectType="Note"><x:Row>1</x:Row><x:Column>1</x:Column></x:ClientData></v:shape><v:shape id="_x0000_s3076" type="#_x0000_t202"><x:ClientData ObjectType="Note"><x:Row>4</x:Row><x:Column>2</x:Column></x:ClientData></v:shape></xml>`,
		"xl/worksheets/sheet2.xml", `<x:worksheet `+ns+`><x:sheetViews><x:sheetView tabSelected="1" workbookViewId="0"/></x:sheetViews><x:sheetData/></x:worksheet>`,
	)
	marks := []Mark{
		{Sheet: "Updates", Cell: "B2", Field: "status", Value: "Green", Message: "Status is invalid."},
		{Sheet: "Updates", Cell: "C4", Field: "asOfDate", Message: "AsOfDate is required."},    // an empty row
		{Sheet: "Updates", Cell: "B3", Field: "status", Message: "Status is required."},        // a cell the row does not have, before cells without r
		{Sheet: "Updates", Cell: "B7", Field: "status", Message: "Status is required."},        // a row the sheet does not have
		{Sheet: "Updates", Cell: "A2", Field: "externalId", Value: "A-1", Message: "Unknown."}, // a cell without r
		{Sheet: "Nowhere", Cell: "A1", Message: "listed only"},
	}
	var out bytes.Buffer
	if err := Annotate(in, &out, marks, Counts{Total: 4, Invalid: 3, Valid: 1}); err != nil {
		t.Fatal(err)
	}
	parts := checkParts(t, out.Bytes())
	g, err := excelize.OpenReader(bytes.NewReader(out.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	if got := strings.Join(g.GetSheetList(), "|"); got != "Validation|Updates|Other" {
		t.Errorf("sheets %s", got)
	}
	// Every value where it was.
	for cell, want := range map[string]string{"A1": "External ID", "B1": "Status", "C1": "Metric <%>", "A2": "A-1", "B2": "Green", "C2": "0.5", "A3": "A-2", "C3": "7", "D3": "8", "A5": "A-4", "B3": "", "C4": "", "B7": ""} {
		if v, _ := g.GetCellValue("Updates", cell); v != want {
			t.Errorf("%s = %q, want %q", cell, v, want)
		}
	}
	for _, cell := range []string{"A2", "B2", "B3", "C4", "B7"} {
		id, _ := g.GetCellStyle("Updates", cell)
		if s, _ := g.GetStyle(id); len(s.Fill.Color) == 0 || s.Fill.Color[0] != "FFC7CE" {
			t.Errorf("%s is not red", cell)
		}
	}
	if id, _ := g.GetCellStyle("Updates", "C3"); id != 0 {
		t.Errorf("C3, without errors, has style %d", id)
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
	if len(texts) != 6 || texts["C5"] != "later" || !strings.HasPrefix(texts["B2"], "ask Bob\n\nait-validate:\nStatus is invalid.") || texts["B7"] != "ait-validate:\nStatus is required." {
		t.Errorf("comments %q", texts)
	}
	wb := string(parts["xl/workbook.xml"])
	for _, want := range []string{`<x:sheet xmlns:r=`, `name="Validation" sheetId="5"`, `localSheetId="1" hidden="1"`, `name="Total" localSheetId="2"`, `activeTab="0"`} {
		if !strings.Contains(wb, want) {
			t.Errorf("workbook has no %s: %s", want, wb)
		}
	}
	if strings.Contains(wb, "firstSheet") || strings.Contains(string(parts["xl/worksheets/sheet2.xml"]), "tabSelected") || strings.Contains(string(parts["xl/worksheets/sheet1.xml"]), "tabSelected") {
		t.Error("another sheet is still selected")
	}
	sheet := string(parts["xl/worksheets/sheet1.xml"])
	for _, want := range []string{`<!-- a writer's comment -->`, `<![CDATA[Metric <%>]]>`, `<x:row><x:c t="inlineStr" s=`, `<x:row r="4"><x:c r="C4" s=`, `<x:row r="7"><x:c r="B7" s=`, `</x:sheetData><x:legacyDrawing r:id="rId9"/><x:tableParts count="0"/>`} {
		if !strings.Contains(sheet, want) {
			t.Errorf("sheet has no %s:\n%s", want, sheet)
		}
	}
	vml := string(parts["xl/drawings/vmlDrawing7.vml"])
	if n := strings.Count(vml, "<v:shape "); n != 6 || !strings.Contains(vml, `id="_x0000_s3077"`) || strings.Count(vml, "<v:shapetype") != 1 {
		t.Errorf("drawing: %d shapes\n%s", n, vml)
	}
	rows, _ := g.GetRows(ValidationSheet)
	// In the order of sheet, row and column.
	if len(rows) != 12 || strings.Join(rows[6], "|") != "Nowhere|A1|||listed only" || strings.Join(rows[11], "|") != "Updates|B7|status||Status is required." {
		t.Errorf("Validation sheet %q", rows)
	}
	if ok, _, _ := g.GetCellHyperLink(ValidationSheet, "B7"); ok {
		t.Error("a mark on no sheet links somewhere")
	}
	if ok, link, _ := g.GetCellHyperLink(ValidationSheet, "B12"); !ok || link != "'Updates'!B7" {
		t.Errorf("B12 links to %q", link)
	}
}

// TestAnnotateStrictAndBare: a Strict Open XML workbook, and one without
// a styles part, are marked in their own terms.
func TestAnnotateStrictAndBare(t *testing.T) {
	strictWB := `<workbook xmlns="http://purl.oclc.org/ooxml/spreadsheetml/main" xmlns:r="http://purl.oclc.org/ooxml/officeDocument/relationships"><sheets><sheet name="Updates" sheetId="1" r:id="rId1"/></sheets></workbook>`
	strictRels := `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://purl.oclc.org/ooxml/officeDocument/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`
	strictRoot := `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`
	strictSheet := `<worksheet xmlns="http://purl.oclc.org/ooxml/spreadsheetml/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>External ID</t></is></c><c r="B1" t="inlineStr"><is><t>Status</t></is></c><c r="C1" t="inlineStr"><is><t>As Of Date</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>A-1</t></is></c><c r="C2" t="inlineStr"><is><t>2025-07-03</t></is></c></row></sheetData></worksheet>`
	in := writePkg(t, t.TempDir(), "[Content_Types].xml", ctTypes, "_rels/.rels", strictRoot, "xl/workbook.xml", strictWB, "xl/_rels/workbook.xml.rels", strictRels, "xl/worksheets/sheet1.xml", strictSheet)
	var out bytes.Buffer
	if err := Annotate(in, &out, []Mark{{Sheet: "Updates", Cell: "B2", Field: "status", Message: "Status is required."}}, Counts{Total: 1, Invalid: 1}); err != nil {
		t.Fatal(err)
	}
	parts := checkParts(t, out.Bytes())
	rels := string(parts["xl/worksheets/_rels/sheet1.xml.rels"])
	if !strings.Contains(rels, `Type="http://purl.oclc.org/ooxml/officeDocument/relationships/comments" Target="../comments1.xml"`) || !strings.Contains(rels, `relationships/vmlDrawing" Target="../drawings/vmlDrawing1.vml"`) {
		t.Errorf("sheet relationships: %s", rels)
	}
	if !strings.Contains(string(parts["xl/comments1.xml"]), `<comments xmlns="http://purl.oclc.org/ooxml/spreadsheetml/main">`) {
		t.Errorf("comments: %s", parts["xl/comments1.xml"])
	}
	if !strings.Contains(string(parts["xl/_rels/workbook.xml.rels"]), `relationships/styles" Target="styles.xml"`) || !strings.Contains(string(parts["[Content_Types].xml"]), `PartName="/xl/styles.xml"`) {
		t.Errorf("no styles part added: %s", parts["xl/_rels/workbook.xml.rels"])
	}
	if !strings.Contains(string(parts["xl/worksheets/sheet1.xml"]), `<row r="2"><c r="A2" t="inlineStr"><is><t>A-1</t></is></c><c r="B2" s="4"/><c r="C2" t="inlineStr"><is><t>2025-07-03</t></is></c></row></sheetData><legacyDrawing xmlns:r="http://purl.oclc.org/ooxml/officeDocument/relationships" r:id="rIdAit2"/>`) {
		t.Errorf("sheet: %s", parts["xl/worksheets/sheet1.xml"])
	}
	// Our own reader reads the strict copy as it read the original: the
	// Validation sheet is passed over.
	annotated := filepath.Join(t.TempDir(), "out.xlsx")
	os.WriteFile(annotated, out.Bytes(), 0o644)
	wantRecs, wantErrs := convertAll(t, in)
	recs, errs := convertAll(t, annotated)
	if !slices.Equal(recs, wantRecs) || !slices.Equal(errs, wantErrs) {
		t.Errorf("read back: %+v %q\nwant %+v %q", recs, errs, wantRecs, wantErrs)
	}
}

// TestAnnotateStaysBounded: 8,000 rows, every one marked (and some cells
// and rows the sheet does not have), with the memory budget of the sorted
// marks lowered to 32 KiB: the marks go to disk in runs, no more than one
// cell's marks are held at once, and the copy reads as the original did,
// every cell where it was, the marked ones red with their comments.
func TestAnnotateStaysBounded(t *testing.T) {
	const rows = 8000
	dir := t.TempDir()
	in := filepath.Join(dir, "tracker.xlsx")
	f, _ := os.Create(in)
	if err := trackergen.Write(f, "xlsx", trackergen.Options{Rows: rows, Seed: 3, UnknownStatuses: true}); err != nil {
		t.Fatal(err)
	}
	f.Close()
	const budget = 32 << 10
	a := newAnnotator(budget)
	defer a.Close()
	add := func(m Mark) {
		if err := a.Add(m); err != nil {
			t.Fatal(err)
		}
		if a.sorter.Held() > budget+1024 {
			t.Fatalf("%d bytes of marks held, budget %d", a.sorter.Held(), budget)
		}
	}
	// In the order a validation gives them: row by row.
	for r := 2; r <= rows+1; r++ {
		add(Mark{Sheet: "Tracker", Cell: "C" + strconv.Itoa(r), Field: "status", Value: "Phase", Message: "Status is invalid."})
		if r%1000 == 0 {
			add(Mark{Sheet: "Tracker", Cell: "H" + strconv.Itoa(r), Field: "comment", Message: "Past the last column."})
		}
	}
	add(Mark{Sheet: "Tracker", Cell: "C30000", Field: "status", Message: "Past the last row."})
	out := filepath.Join(dir, "annotated.xlsx")
	w, _ := os.Create(out)
	if err := a.Write(in, w, Counts{Total: rows, Invalid: rows}); err != nil {
		t.Fatal(err)
	}
	w.Close()
	if a.sorter.Runs < 10 || a.held != 1 {
		t.Errorf("%d runs of marks on disk, %d marks of one cell held at once", a.sorter.Runs, a.held)
	}
	wantRecs, wantErrs := convertAll(t, in)
	recs, errs := convertAll(t, out)
	if len(recs) != len(wantRecs) || len(errs) != len(wantErrs) || len(errs) != rows {
		t.Fatalf("read back %d records, %d errors; want %d, %d", len(recs), len(errs), len(wantRecs), len(wantErrs))
	}
	for i := range errs {
		if strings.ReplaceAll(errs[i], out, in) != wantErrs[i] {
			t.Fatalf("error %d: %s\nwant %s", i, errs[i], wantErrs[i])
		}
	}
	g, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	comments, _ := g.GetComments("Tracker")
	if len(comments) != rows+rows/1000+1 {
		t.Errorf("%d comments", len(comments))
	}
	st := readStyles(t, unzipPart(t, out, "xl/styles.xml"))
	for _, cell := range []string{"C2", "C8001", "H1000", "C30000"} {
		if id, _ := g.GetCellStyle("Tracker", cell); !st.red(id) {
			t.Errorf("%s is not red", cell)
		}
	}
	if id, _ := g.GetCellStyle("Tracker", "D2"); st.red(id) {
		t.Error("D2 is red")
	}
	vrows, _ := g.GetRows(ValidationSheet)
	if len(vrows) != 6+rows+rows/1000+1 {
		t.Errorf("the Validation sheet lists %d errors", len(vrows)-6)
	}
}

// stylesDoc is what the tests read of a styles part, with encoding/xml.
type stylesDoc struct {
	Fonts []struct {
		Color struct {
			RGB string `xml:"rgb,attr"`
		} `xml:"color"`
	} `xml:"fonts>font"`
	Fills []struct {
		Fg struct {
			RGB string `xml:"rgb,attr"`
		} `xml:"patternFill>fgColor"`
	} `xml:"fills>fill"`
	Xfs []struct {
		FontID int `xml:"fontId,attr"`
		FillID int `xml:"fillId,attr"`
	} `xml:"cellXfs>xf"`
}

func readStyles(t *testing.T, b []byte) *stylesDoc {
	t.Helper()
	var d stylesDoc
	if err := xml.Unmarshal(b, &d); err != nil {
		t.Fatal(err)
	}
	return &d
}

// red tells whether cell format id has the error look.
func (d *stylesDoc) red(id int) bool {
	if id <= 0 || id >= len(d.Xfs) {
		return false
	}
	xf := d.Xfs[id]
	return xf.FillID < len(d.Fills) && d.Fills[xf.FillID].Fg.RGB == "FFFFC7CE" && xf.FontID < len(d.Fonts) && d.Fonts[xf.FontID].Color.RGB == "FF9C0006"
}
