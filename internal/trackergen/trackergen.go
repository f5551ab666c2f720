// Package trackergen writes large tracker workbooks for benchmarks, laid
// out as Excel writes them: IDs, statuses and comments as shared strings,
// a percent-formatted metric column and a date-formatted date column.
package trackergen

import (
	"archive/zip"
	"bufio"
	"fmt"
	"io"
	"strconv"
)

var statuses = []string{"Not Started", "On Track", "Off Track", "At Risk", "Achieved", "Not Achieved", "Cancelled"}

// Columns is the header of the generated tracker.
var Columns = []string{"External ID", "Plan Item", "Status", "% Complete", "As Of Date", "Comments"}

// WriteXLSX writes a workbook with a header row and n data rows.
func WriteXLSX(w io.Writer, n int) error { return writeXLSX(w, n, false) }

// WriteXLSXInline writes the same workbook with each row's ID, item and
// comment as inline strings, as some writers do: the shared strings then
// hold only the header and the statuses, whatever n is.
func WriteXLSXInline(w io.Writer, n int) error { return writeXLSX(w, n, true) }

func writeXLSX(w io.Writer, n int, inline bool) error {
	zw := zip.NewWriter(w)
	files := []struct{ name, body string }{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`},
		{"xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><workbookPr/><sheets><sheet name="Tracker" sheetId="1" r:id="rId1"/></sheets></workbook>`},
		{"xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`},
		{"xl/styles.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="9" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>`},
	}
	for _, f := range files {
		fw, err := zw.Create(f.name)
		if err != nil {
			return err
		}
		if _, err := io.WriteString(fw, f.body); err != nil {
			return err
		}
	}
	// Shared strings: header, statuses, then per row its ID, item and comment.
	ss, err := zw.Create("xl/sharedStrings.xml")
	if err != nil {
		return err
	}
	sb := bufio.NewWriterSize(ss, 1<<16)
	fixed := len(Columns) + len(statuses)
	perRow := 3
	if inline {
		perRow = 0
	}
	fmt.Fprintf(sb, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`+"\n"+`<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">`, fixed+perRow*n, fixed+perRow*n)
	for _, s := range Columns {
		fmt.Fprintf(sb, "<si><t>%s</t></si>", s)
	}
	for _, s := range statuses {
		fmt.Fprintf(sb, "<si><t>%s</t></si>", s)
	}
	for i := 0; i < n && !inline; i++ {
		fmt.Fprintf(sb, "<si><t>AA-%07d</t></si><si><t>Plan item %d</t></si><si><t xml:space=\"preserve\">Progress note %d: on schedule &amp; within budget</t></si>", i, i, i)
	}
	sb.WriteString("</sst>")
	if err := sb.Flush(); err != nil {
		return err
	}
	sh, err := zw.Create("xl/worksheets/sheet1.xml")
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(sh, 1<<16)
	bw.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" + `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><dimension ref="A1:F` + strconv.Itoa(n+1) + `"/><sheetViews><sheetView workbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="15"/><sheetData>`)
	bw.WriteString(`<row r="1" spans="1:6">`)
	for c := range Columns {
		fmt.Fprintf(bw, `<c r="%c1" t="s"><v>%d</v></c>`, 'A'+c, c)
	}
	bw.WriteString(`</row>`)
	// text appends a string cell: shared (its index) or inline (its XML).
	text := func(b []byte, col, row string, index int, xml []byte) []byte {
		b = append(b, `<c r="`...)
		b = append(b, col...)
		b = append(b, row...)
		if inline {
			b = append(b, `" t="inlineStr"><is><t xml:space="preserve">`...)
			b = append(b, xml...)
			return append(b, `</t></is></c>`...)
		}
		b = append(b, `" t="s"><v>`...)
		b = strconv.AppendInt(b, int64(index), 10)
		return append(b, `</v></c>`...)
	}
	var b []byte
	for i := 0; i < n; i++ {
		r := strconv.Itoa(i + 2)
		base := fixed + 3*i
		b = b[:0]
		b = append(b, `<row r="`...)
		b = append(b, r...)
		b = append(b, `" spans="1:6">`...)
		b = text(b, "A", r, base, fmt.Appendf(nil, "AA-%07d", i))
		b = text(b, "B", r, base+1, fmt.Appendf(nil, "Plan item %d", i))
		b = append(b, `<c r="C`...)
		b = append(b, r...)
		b = append(b, `" t="s"><v>`...)
		b = strconv.AppendInt(b, int64(len(Columns)+i%len(statuses)), 10)
		b = append(b, `</v></c><c r="D`...)
		b = append(b, r...)
		b = append(b, `" s="1"><v>`...)
		b = strconv.AppendFloat(b, float64(i%1000)/1000, 'g', -1, 64)
		b = append(b, `</v></c><c r="E`...)
		b = append(b, r...)
		b = append(b, `" s="2"><v>`...)
		b = strconv.AppendInt(b, int64(45658+i%365), 10)
		b = append(b, `</v></c>`...)
		b = text(b, "F", r, base+2, fmt.Appendf(nil, "Progress note %d: on schedule &amp; within budget", i))
		b = append(b, `</row>`...)
		if _, err := bw.Write(b); err != nil {
			return err
		}
	}
	bw.WriteString(`</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>`)
	if err := bw.Flush(); err != nil {
		return err
	}
	return zw.Close()
}

// WriteCSV writes the same tracker as CSV, as a spreadsheet exports it.
func WriteCSV(w io.Writer, n int) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	bw.WriteString("External ID,Plan Item,Status,% Complete,As Of Date,Comments\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(bw, "AA-%07d,Plan item %d,%s,%d%%,%02d/%02d/2025,\"Progress note %d: on schedule, within budget\"\n",
			i, i, statuses[i%len(statuses)], i%100, 1+i%12, 13+i%15, i)
	}
	return bw.Flush()
}
