// Command hostile writes testdata/fidelity/hostile: workbooks made by hand,
// part by part, that can be read two ways (the SPEC's "Structure" rules).
// LibreOffice reads each one way without a word (its reading is recorded
// in the oracle beside each file); the harness expects ait-convert to
// refuse naming the part. strict.xlsx, Strict Open XML, is the control:
// it must read like its transitional twin, plain.xlsx. Run from the module
// root, as testdata/fidelity/make.sh does:
//
//	go run ./testdata/gen/fidelity/hostile
package main

import (
	"archive/zip"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"
)

const out = "testdata/fidelity/hostile"

// part is one zip entry.
type part struct{ name, body string }

const (
	nsMain = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
	nsRel  = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
)

func contentTypes(sheets int) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>`)
	for i := 1; i <= sheets; i++ {
		fmt.Fprintf(&b, `<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`, i)
	}
	b.WriteString(`</Types>`)
	return b.String()
}

const rootRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`

func workbookRels(sheets int) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`)
	for i := 1; i <= sheets; i++ {
		fmt.Fprintf(&b, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet%d.xml"/>`, i, i)
	}
	b.WriteString(`</Relationships>`)
	return b.String()
}

func workbook(sheets string) string {
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="` + nsMain + `" xmlns:r="` + nsRel + `"><sheets>` + sheets + `</sheets></workbook>`
}

// row is a row of inline-string and number cells: a string cell is text,
// anything else is written as a number.
func row(r int, cells ...any) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<row r="%d">`, r)
	for i, c := range cells {
		ref := fmt.Sprintf("%c%d", 'A'+i, r)
		switch c := c.(type) {
		case string:
			fmt.Fprintf(&b, `<c r="%s" t="inlineStr"><is><t>%s</t></is></c>`, ref, c)
		default:
			fmt.Fprintf(&b, `<c r="%s"><v>%v</v></c>`, ref, c)
		}
	}
	b.WriteString(`</row>`)
	return b.String()
}

var header = row(1, "External ID", "Status", "Metric Value", "As Of Date", "Comment")

func worksheet(sheetData string) string {
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="` + nsMain + `" xmlns:r="` + nsRel + `">` + sheetData + `</worksheet>`
}

func data(rows ...string) string { return "<sheetData>" + strings.Join(rows, "") + "</sheetData>" }

// book is a one-sheet workbook named Updates with the given sheet XML,
// plus extra parts.
func book(sheet string, extra ...part) []part {
	p := []part{
		{"[Content_Types].xml", contentTypes(1)},
		{"_rels/.rels", rootRels},
		{"xl/workbook.xml", workbook(`<sheet name="Updates" sheetId="1" r:id="rId1"/>`)},
		{"xl/_rels/workbook.xml.rels", workbookRels(1)},
		{"xl/worksheets/sheet1.xml", sheet},
	}
	return append(p, extra...)
}

func write(name string, parts []part) {
	f, err := os.Create(filepath.Join(out, name))
	if err != nil {
		log.Fatal(err)
	}
	zw := zip.NewWriter(f)
	for _, p := range parts {
		w, err := zw.Create(p.name)
		if err != nil {
			log.Fatal(err)
		}
		if _, err := w.Write([]byte(p.body)); err != nil {
			log.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		log.Fatal(err)
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
}

func main() {
	if err := os.MkdirAll(out, 0o755); err != nil {
		log.Fatal(err)
	}
	r2 := row(2, "HX-1", "On Track", 0.5, "2025-07-03", "first reading")
	r3 := row(3, "HX-2", "At Risk", 0.25, "2025-07-03", "")

	// plain.xlsx: the transitional workbook the others are made from.
	write("plain.xlsx", book(worksheet(data(header, r2, r3))))

	// dupcase.xlsx: a second sheet part whose name differs only in case,
	// with other values; which one a reader takes depends on the reader.
	write("dupcase.xlsx", book(worksheet(data(header, r2, r3)),
		part{"xl/worksheets/Sheet1.xml", worksheet(data(header, row(2, "HX-1", "Off Track", 0.9, "2025-07-04", "second reading")))}))

	// duprow.xlsx: row 2 twice, with different values.
	write("duprow.xlsx", book(worksheet(data(header, r2, row(2, "HX-9", "Off Track", 0.9, "2025-07-04", "row 2 again"), r3))))

	// backrow.xlsx: the header row after the data, in document order.
	write("backrow.xlsx", book(worksheet(data(r2, r3, header))))

	// foreignns.xlsx: the header and a row in the sheet's sheetData, and
	// one more row in a sheetData of a foreign namespace after it.
	write("foreignns.xlsx", book(worksheet(data(header, r2)+
		`<x:sheetData xmlns:x="urn:example:other">`+r3+`</x:sheetData>`)))

	// decoyid.xlsx: two sheets; the first's <sheet> has a decoy id
	// attribute in a foreign namespace pointing at the second.
	decoy := []part{
		{"[Content_Types].xml", contentTypes(2)},
		{"_rels/.rels", rootRels},
		{"xl/workbook.xml", workbook(`<sheet name="Updates" sheetId="1" r:id="rId1" xmlns:x="urn:example:other" x:id="rId2"/><sheet name="Other" sheetId="2" r:id="rId2"/>`)},
		{"xl/_rels/workbook.xml.rels", workbookRels(2)},
		{"xl/worksheets/sheet1.xml", worksheet(data(header, r2, r3))},
		{"xl/worksheets/sheet2.xml", worksheet(data(row(1, "Notes"), row(2, "nothing to import")))},
	}
	write("decoyid.xlsx", decoy)

	// strict.xlsx: plain.xlsx in Strict Open XML's namespaces.
	strict := strings.NewReplacer(
		"http://schemas.openxmlformats.org/spreadsheetml/2006/main", "http://purl.oclc.org/ooxml/spreadsheetml/main",
		"http://schemas.openxmlformats.org/officeDocument/2006/relationships", "http://purl.oclc.org/ooxml/officeDocument/relationships")
	var sp []part
	for _, p := range book(worksheet(data(header, r2, r3))) {
		sp = append(sp, part{p.name, strict.Replace(p.body)})
	}
	write("strict.xlsx", sp)

	// repeat.fods: a row repeated past the 1,048,576 rows a sheet has.
	fods := `<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.spreadsheet"><office:body><office:spreadsheet><table:table table:name="Updates">
<table:table-row><table:table-cell office:value-type="string"><text:p>External ID</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Status</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>As Of Date</text:p></table:table-cell></table:table-row>
<table:table-row table:number-rows-repeated="2000000"><table:table-cell office:value-type="string"><text:p>HX-R</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>On Track</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>2025-07-03</text:p></table:table-cell></table:table-row>
</table:table></office:spreadsheet></office:body></office:document>
`
	if err := os.WriteFile(filepath.Join(out, "repeat.fods"), []byte(fods), 0o644); err != nil {
		log.Fatal(err)
	}
	fmt.Println("wrote the hostile workbooks in", out)
}
