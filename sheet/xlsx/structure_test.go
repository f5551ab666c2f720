package xlsx

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/aitkit/aitkit/sheet"
	"github.com/aitkit/aitkit/sheet/internal/sheettest"
)

// TestReadTwoWays: a workbook that one program reads one way and another
// another way is refused, naming the part or the cell (SPEC "Structure").
func TestReadTwoWays(t *testing.T) {
	const main = `xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"`
	sheetXML := func(body string) map[string]string {
		return map[string]string{"xl/worksheets/sheet1.xml": `<worksheet ` + main + ` xmlns:o="urn:example:other">` + body + `</worksheet>`}
	}
	cell := func(ref, v string) string { return `<c r="` + ref + `" t="inlineStr"><is><t>` + v + `</t></is></c>` }
	tests := []struct {
		name  string
		parts map[string]string
		where string // the part or cell named
	}{
		{"two rows numbered 2", withParts(`<row r="1">`+cell("A1", "h")+`</row><row r="2">`+cell("A2", "x")+`</row><row r="2">`+cell("A2", "y")+`</row>`, nil), "S!A2"},
		{"a row number that goes back", withParts(`<row r="2">`+cell("A2", "x")+`</row><row r="1">`+cell("A1", "h")+`</row>`, nil), "S!A1"},
		{"a cell that comes twice", withParts(`<row r="1">`+cell("A1", "x")+cell("A1", "y")+`</row>`, nil), "S!A1"},
		{"a cell that goes back", withParts(`<row r="1">`+cell("B1", "x")+cell("A1", "y")+`</row>`, nil), "S!A1"},
		{"a cell named for another row", withParts(`<row r="1">`+cell("A7", "x")+`</row>`, nil), "S!A1"},
		{"sheetData in a foreign namespace first", withParts("", sheetXML(`<o:sheetData><o:row r="1"/></o:sheetData><sheetData><row r="1">`+cell("A1", "x")+`</row></sheetData>`)), "xl/worksheets/sheet1.xml"},
		{"sheetData in a foreign namespace after", withParts("", sheetXML(`<sheetData><row r="1">`+cell("A1", "x")+`</row></sheetData><o:sheetData><o:row r="3"/></o:sheetData>`)), "xl/worksheets/sheet1.xml"},
		{"a second sheetData", withParts("", sheetXML(`<sheetData><row r="1">`+cell("A1", "x")+`</row></sheetData><sheetData><row r="3"/></sheetData>`)), "xl/worksheets/sheet1.xml"},
		{"a row in a foreign namespace", withParts("", sheetXML(`<sheetData><row r="1">`+cell("A1", "x")+`</row><o:row r="3"/></sheetData>`)), "xl/worksheets/sheet1.xml"},
		{"a value in a foreign namespace", withParts("", sheetXML(`<sheetData><row r="1"><c r="A1"><v>1</v><o:v>2</o:v></c></row></sheetData>`)), "xl/worksheets/sheet1.xml"},
		{"a decoy id on a sheet", withParts(`<row r="1"/>`, map[string]string{"xl/workbook.xml": `<workbook ` + main + ` xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:x="urn:example:other"><sheets><sheet name="S" sheetId="1" r:id="rId1" x:id="rId2"/></sheets></workbook>`}), "xl/workbook.xml"},
		{"an id in no namespace", withParts(`<row r="1"/>`, map[string]string{"xl/workbook.xml": `<workbook ` + main + `><sheets><sheet name="S" sheetId="1" id="rId1"/></sheets></workbook>`}), "xl/workbook.xml"},
		{"two relationships with one id", withParts(`<row r="1"/>`, map[string]string{"xl/_rels/workbook.xml.rels": `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/></Relationships>`}), "xl/_rels/workbook.xml.rels"},
		{"two entries whose names differ in case", withParts(`<row r="1">`+cell("A1", "x")+`</row>`, map[string]string{"xl/worksheets/Sheet1.xml": `<worksheet ` + main + `><sheetData><row r="1">` + cell("A1", "y") + `</row></sheetData></worksheet>`}), "Sheet1.xml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := readAll(t, ZipOf(t, tt.parts), sheet.Limits{})
			if !errors.Is(err, sheet.ErrAmbiguous) || !errors.Is(err, sheet.ErrMalformed) || !strings.Contains(err.Error(), tt.where) || !strings.Contains(err.Error(), "two ways") {
				t.Errorf("error = %v; want it read two ways at %s", err, tt.where)
			}
		})
	}
	// The same shapes, written right, are read.
	for _, rows := range []string{`<row r="1">` + cell("A1", "h") + cell("C1", "x") + `</row><row r="3"/>`, `<row>` + cell("A1", "h") + `</row><row>` + cell("A2", "x") + `</row>`} {
		if err := readAll(t, ZipOf(t, withParts(rows, nil)), sheet.Limits{}); err != nil {
			t.Errorf("%s: %v", rows, err)
		}
	}
}

// TestZipNames: two zip entries for one part are refused however they
// differ (case, the slash), by every reader of zip-packaged workbooks.
func TestZipNames(t *testing.T) {
	parts := MinimalWorkbook(`<row r="1"/>`)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range []string{"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/worksheets/sheet1.xml", `xl\worksheets\sheet1.xml`} {
		w, _ := zw.Create(name)
		io.WriteString(w, parts[strings.ReplaceAll(name, `\`, "/")])
	}
	zw.Close()
	err := readAll(t, buf.Bytes(), sheet.Limits{})
	if !errors.Is(err, sheet.ErrAmbiguous) || !strings.Contains(err.Error(), `xl\\worksheets\\sheet1.xml`) {
		t.Errorf("error = %v", err)
	}
}

// TestStrict: a Strict Open XML workbook (the purl.oclc.org namespaces and
// relationship types, as Excel's "Strict Open XML Spreadsheet" saves) reads
// as its transitional original, cell for cell. The Strict copy is made from
// openpyxl's fixture by the renaming Excel does.
func TestStrict(t *testing.T) {
	const path = "../testdata/hidden-openpyxl.xlsx"
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	strict := map[string]string{}
	renamed := 0
	for _, f := range zr.File {
		rc, _ := f.Open()
		data, _ := io.ReadAll(rc)
		rc.Close()
		s := string(data)
		for _, r := range [][2]string{
			{"http://schemas.openxmlformats.org/spreadsheetml/2006/main", "http://purl.oclc.org/ooxml/spreadsheetml/main"},
			{"http://schemas.openxmlformats.org/officeDocument/2006/relationships", "http://purl.oclc.org/ooxml/officeDocument/relationships"},
		} {
			renamed += strings.Count(s, r[0])
			s = strings.ReplaceAll(s, r[0], r[1])
		}
		strict[f.Name] = s
	}
	if renamed < 10 {
		t.Fatalf("only %d namespaces renamed", renamed)
	}
	dump := func(in []byte) []string {
		wb, err := openBytes(t, "t.xlsx", in, Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer wb.Close()
		lines, err := sheettest.Dump(wb.Sheets(), func(i int) (sheettest.Rows, error) { return wb.Rows(i) })
		if err != nil {
			t.Fatal(err)
		}
		return lines
	}
	want, got := dump(b), dump(ZipOf(t, strict))
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("Strict:\n%s\ntransitional:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
