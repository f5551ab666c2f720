package xlsx

import (
	"encoding/xml"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/aitkit/aitkit/sheet"
	"github.com/aitkit/aitkit/sheet/internal/sheettest"
)

// FuzzReadWorkbook: bytes that may be a workbook (seeded with every
// fixture) never panic; what comes out keeps the readers' promises
// (sheettest.Check: rows in order within the limits, cells that read as
// their kind, errors that name the file and are sentinels); and reading
// twice gives the same rows. The limits are lowered so that no input
// costs more than 16 sheets of 1 MiB of XML: a small zip that names one
// part that inflates far from many sheets was the 10-second "hang"
// (now refused: two sheets of one part), and there is no wall clock here.
func FuzzReadWorkbook(f *testing.F) {
	for _, p := range fixtures(f) {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, b := range sheettest.Seeds(f, "../testdata", "formulas-openpyxl.xlsx", "hidden-openpyxl.xlsx", "numfmt-openpyxl.xlsx") {
		f.Add(b)
	}
	limits := sheet.Limits{MaxPartSize: 1 << 20, MaxSmallPart: 1 << 20, MaxStrings: 1 << 16, MaxStyles: 1 << 12, MaxSheets: 16, MaxRows: 1 << 14, MaxColumns: 1 << 10, MaxCellBytes: 1 << 16, StringsInMemory: 1 << 16, FormulaRows: 50}
	f.Fuzz(func(t *testing.T, in []byte) {
		read := func() (string, error) {
			wb, err := openBytes(t, "t.xlsx", in, Options{Limits: limits})
			if err != nil {
				return "", err
			}
			defer wb.Close()
			return sheettest.Check(t, "t.xlsx", limits, wb.Sheets(), func(i int) (sheettest.Rows, error) { return wb.Rows(i) })
		}
		d1, err1 := read()
		if err1 != nil {
			var se *sheet.Error
			if !errors.As(err1, &se) || se.Place.File != "t.xlsx" {
				t.Fatalf("error %T does not name the file: %v", err1, err1)
			}
		}
		d2, err2 := read()
		if d1 != d2 || fmt.Sprint(err1) != fmt.Sprint(err2) {
			t.Fatalf("two readings differ: %v / %v", err1, err2)
		}
	})
}

// FuzzWorkbookDifferential writes the same cells as a workbook in the ways
// spreadsheet programs do (shared strings, inline strings, rich text runs,
// numbers, missing r attributes, empty rows, entities, leading spaces) and
// checks that this reader and excelize read every cell alike.
func FuzzWorkbookDifferential(f *testing.F) {
	f.Add("External ID", "a & <b> \"c\" 'd'", "  leading and trailing  ", "line\r\nbreak", 0.54, uint8(0))
	f.Add("Ünïcödé ✓", "", "x\ty", "🙂 emoji", 1e-7, uint8(0xff))
	f.Add(strings.Repeat("huge ", 3000), "&#38;", "]]>", "a\rb", -12345.678, uint8(0x5a))
	f.Fuzz(func(t *testing.T, a, b, c, d string, num float64, shape uint8) {
		texts := []string{xmlSafe(a), xmlSafe(b), xmlSafe(c), xmlSafe(d)}
		if math.IsNaN(num) || math.IsInf(num, 0) {
			num = 0
		}
		path := filepath.Join(t.TempDir(), "f.xlsx")
		if err := os.WriteFile(path, shapedWorkbook(t, texts, num, shape), 0o644); err != nil {
			t.Fatal(err)
		}
		compareWithExcelize(t, path)
	})
}

// xmlSafe keeps what XML 1.0 can hold as text.
func xmlSafe(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			return r
		case r < 0x20 || r == 0xFFFE || r == 0xFFFF || r == utf8.RuneError || r >= 0xD800 && r <= 0xDFFF:
			return -1
		}
		return r
	}, s)
}

// shapedWorkbook writes rows of the texts and the number, each cell in a
// way chosen by the bits of shape.
func shapedWorkbook(t testing.TB, texts []string, num float64, shape uint8) []byte {
	esc := func(s string) string {
		var b strings.Builder
		xml.EscapeText(&b, []byte(s))
		return b.String()
	}
	var sst, rows strings.Builder
	nShared := 0
	for r := 1; r <= 4; r++ {
		if shape&(1<<(r+3)) != 0 && r > 1 {
			continue // an empty row: no <row> at all
		}
		withR := shape&1 == 0
		if withR {
			fmt.Fprintf(&rows, `<row r="%d">`, r)
		} else {
			rows.WriteString(`<row>`)
		}
		for c, txt := range texts {
			ref := ""
			if withR {
				ref = fmt.Sprintf(` r="%s%d"`, sheet.ColumnName(c), r)
			}
			switch (int(shape>>1) + c + r) % 4 {
			case 0:
				fmt.Fprintf(&sst, `<si><t xml:space="preserve">%s</t></si>`, esc(txt))
				fmt.Fprintf(&rows, `<c%s t="s"><v>%d</v></c>`, ref, nShared)
				nShared++
			case 1:
				fmt.Fprintf(&rows, `<c%s t="inlineStr"><is><t xml:space="preserve">%s</t></is></c>`, ref, esc(txt))
			case 2:
				half := len(txt) / 2
				for half > 0 && !utf8.RuneStart(txt[half]) {
					half--
				}
				fmt.Fprintf(&sst, `<si><r><rPr><b/></rPr><t xml:space="preserve">%s</t></r><r><t xml:space="preserve">%s</t></r></si>`, esc(txt[:half]), esc(txt[half:]))
				fmt.Fprintf(&rows, `<c%s t="s"><v>%d</v></c>`, ref, nShared)
				nShared++
			default:
				fmt.Fprintf(&rows, `<c%s><v>%s</v></c>`, ref, strconv.FormatFloat(num, 'g', -1, 64))
			}
		}
		rows.WriteString(`</row>`)
	}
	parts := MinimalWorkbook(rows.String())
	parts["[Content_Types].xml"] = `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`
	parts["_rels/.rels"] = `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`
	parts["xl/_rels/workbook.xml.rels"] = `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`
	parts["xl/sharedStrings.xml"] = fmt.Sprintf(`<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">%s</sst>`, nShared, nShared, sst.String())
	return ZipOf(t, parts)
}
