package main

import (
	"archive/zip"
	"bytes"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aitkit/aitkit/cmd/internal/clitest"
)

// damagedWorkbook is a tracker whose sheet has one byte changed after it
// was zipped (stored, not deflated): 0.5 reads as 9.5 unless the checksum
// is checked.
func damagedWorkbook(t *testing.T) []byte {
	parts := map[string]string{
		"[Content_Types].xml":        `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>`,
		"xl/workbook.xml":            `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Updates" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
		"xl/worksheets/sheet1.xml": `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` +
			`<row r="1"><c t="inlineStr"><is><t>External ID</t></is></c><c t="inlineStr"><is><t>Status</t></is></c><c t="inlineStr"><is><t>Metric Value</t></is></c><c t="inlineStr"><is><t>As Of Date</t></is></c></row>` +
			`<row r="2"><c t="inlineStr"><is><t>A-1</t></is></c><c t="inlineStr"><is><t>On Track</t></is></c><c><v>0.5</v></c><c t="inlineStr"><is><t>2025-07-03</t></is></c></row>` +
			`</sheetData></worksheet>`,
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range []string{"[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/worksheets/sheet1.xml"} {
		w, _ := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Store})
		io.WriteString(w, parts[name])
	}
	zw.Close()
	return bytes.Replace(buf.Bytes(), []byte("<v>0.5</v>"), []byte("<v>9.5</v>"), 1)
}

// TestHostileScenarios: input that is damaged or would be read wrong
// is refused, naming where and why, and nothing is written.
func TestHostileScenarios(t *testing.T) {
	csv := func(s string) []byte { return []byte(s) }
	clitest.Golden(t, run, filepath.Join(td, "golden", "cli"), *update, []clitest.Scenario{
		clitest.Case("damaged-sheet", damagedWorkbook(t), "-"),
		clitest.Case("cr-only-csv", csv("External ID,Status,Metric Value,As Of Date\rA-1,On Track,54%,2025-07-03\rA-2,At Risk,10%,2025-07-03\r"), "-f", "csv", "-"),
		clitest.Case("json-not-utf8", csv("[{\"externalId\":\"AA-\xff1\",\"status\":\"On Track\",\"asOfDate\":\"2025-07-03\"}]"), "-"),
		clitest.Case("json-duplicate-key", csv(`[{"externalId":"A-1","status":"On Track","status":"Achieved","asOfDate":"2025-07-03"}]`), "-"),
		clitest.Case("metric-too-precise", csv("External ID,Status,Metric Value,As Of Date\nA-1,On Track,123456789012345678901234567890,2025-07-03\nA-2,On Track,1e-400,2025-07-03\n"), "-"),
		clitest.Case("comment-too-long", csv("External ID,Status,As Of Date,Comment\nA-1,On Track,2025-07-03,"+strings.Repeat("x", 40000)+"\n"), "-"),
		clitest.Case("comment-raised", csv("External ID,Status,As Of Date,Comment\nA-1,On Track,2025-07-03,"+strings.Repeat("x", 40)+"\n"), "--max-comment", "50", "-f", "csv", "-"),
		clitest.Case("header-only", csv("External ID,Status,As Of Date\n\n\n"), "-"),
	})
}
