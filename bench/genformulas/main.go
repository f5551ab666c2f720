// Command genformulas writes a tracker whose cells are formulas saved
// without their values, as openpyxl saves them (an empty <v>, and calcPr
// asking for a full calculation on load), for measuring what computing
// them costs:
//
//	go run ./bench/genformulas -rows 200000 -o formulas.xlsx
//
// Row 1 holds a report date; row 3 the header; each data row has five
// formulas: its External ID ("PLAN-"&G), its metric (ROUND(E/F,2), a
// percent), its As Of Date ($B$1 plus a few days), its comment (a
// CONCATENATE of its numbers) and a running total of the rows above it.
package main

import (
	"archive/zip"
	"bufio"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
)

func main() {
	rows := flag.Int("rows", 200000, "data rows")
	out := flag.String("o", "formulas.xlsx", "output file")
	flag.Parse()
	f, err := os.Create(*out)
	if err != nil {
		log.Fatal(err)
	}
	if err := write(f, *rows); err != nil {
		log.Fatal(err)
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
}

func write(w io.Writer, n int) error {
	zw := zip.NewWriter(w)
	parts := []struct{ name, body string }{
		{"[Content_Types].xml", `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>`},
		{"_rels/.rels", `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`},
		{"xl/workbook.xml", `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Tracker" sheetId="1" r:id="rId1"/></sheets><calcPr calcId="124519" fullCalcOnLoad="1"/></workbook>`},
		{"xl/_rels/workbook.xml.rels", `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`},
		{"xl/styles.xml", `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="9" applyNumberFormat="1"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>`},
	}
	for _, p := range parts {
		pw, err := zw.Create(p.name)
		if err != nil {
			return err
		}
		io.WriteString(pw, p.body)
	}
	sw, err := zw.Create("xl/worksheets/sheet1.xml")
	if err != nil {
		return err
	}
	b := bufio.NewWriterSize(sw, 1<<16)
	b.WriteString(`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
	b.WriteString(`<row r="1"><c r="A1" t="inlineStr"><is><t>Report date</t></is></c><c r="B1" s="2"><v>45841</v></c></row>`)
	b.WriteString(`<row r="3">`)
	for i, h := range []string{"External ID", "Status", "Metric Value", "As Of Date", "Done", "Total", "Key", "Comment", "Running"} {
		fmt.Fprintf(b, `<c r="%c3" t="inlineStr"><is><t>%s</t></is></c>`, 'A'+i, h)
	}
	b.WriteString(`</row>`)
	statuses := []string{"On Track", "At Risk", "Off Track", "Achieved"}
	for i := 0; i < n; i++ {
		r := i + 4
		done, total := 1+i%97, 100
		fmt.Fprintf(b, `<row r="%d">`, r)
		fmt.Fprintf(b, `<c r="A%d"><f>"PLAN-"&amp;G%d</f><v></v></c>`, r, r)
		fmt.Fprintf(b, `<c r="B%d" t="inlineStr"><is><t>%s</t></is></c>`, r, statuses[i%len(statuses)])
		fmt.Fprintf(b, `<c r="C%d" s="1"><f>ROUND(E%d/F%d,2)</f><v></v></c>`, r, r, r)
		fmt.Fprintf(b, `<c r="D%d" s="2"><f>$B$1+%d</f><v></v></c>`, r, i%30)
		fmt.Fprintf(b, `<c r="E%d"><v>%d</v></c><c r="F%d"><v>%d</v></c><c r="G%d"><v>%d</v></c>`, r, done, r, total, r, 100000+i)
		fmt.Fprintf(b, `<c r="H%d"><f>CONCATENATE("Done ",E%d," of ",F%d)</f><v></v></c>`, r, r, r)
		if i == 0 {
			fmt.Fprintf(b, `<c r="I%d"><f>E%d</f><v></v></c>`, r, r)
		} else {
			fmt.Fprintf(b, `<c r="I%d"><f>I%d+E%d</f><v></v></c>`, r, r-1, r)
		}
		b.WriteString(`</row>`)
	}
	b.WriteString(`</sheetData></worksheet>`)
	if err := b.Flush(); err != nil {
		return err
	}
	return zw.Close()
}
