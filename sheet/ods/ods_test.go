package ods

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/aitkit/aitkit/sheet"
	"github.com/aitkit/aitkit/sheet/internal/formula"
	"github.com/aitkit/aitkit/sheet/internal/sheettest"
)

// flat wraps tables in a flat OpenDocument spreadsheet.
func flat(styles, tables string) []byte {
	return []byte(`<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0" office:mimetype="application/vnd.oasis.opendocument.spreadsheet"><office:automatic-styles>` + styles + `</office:automatic-styles><office:body><office:spreadsheet>` + tables + `</office:spreadsheet></office:body></office:document>`)
}

// readFlat reads every table as "sheet(hidden)|num: cell,cell" lines.
func readFlat(t testing.TB, doc []byte, limits sheet.Limits) ([]string, error) {
	wb, err := OpenFlat(context.Background(), "t.fods", bytes.NewReader(doc), int64(len(doc)), Options{Limits: limits})
	if err != nil {
		return nil, err
	}
	defer wb.Close()
	return sheettest.Dump(wb.Sheets(), func(i int) (sheettest.Rows, error) { return wb.Rows(i) })
}

func TestRead(t *testing.T) {
	doc := flat(`<style:style style:name="ta1" style:family="table"><style:table-properties table:display="false"/></style:style>`,
		`<table:table table:name="Hidden" table:style-name="ta1"><table:table-row><table:table-cell office:value-type="string"><text:p>h</text:p></table:table-cell></table:table-row></table:table>`+
			`<table:table table:name="T &amp; U">`+
			`<table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>`+
			`<table:table-row>`+
			`<table:table-cell office:value-type="float" office:value="0.54300000000000004"/>`+
			`<table:table-cell office:value-type="percentage" office:value="0.5"><text:p>50%</text:p></table:table-cell>`+
			`<table:table-cell office:value-type="date" office:date-value="2025-07-03T10:30:00"><text:p>07/03/25</text:p></table:table-cell>`+
			`<table:table-cell office:value-type="boolean" office:boolean-value="true"/>`+
			`<table:table-cell table:number-columns-repeated="3"/>`+
			`<table:table-cell office:value-type="string"><text:p>a<text:s text:c="2"/>b <text:span>c</text:span></text:p><text:p>  second   line</text:p><office:annotation><text:p>a note</text:p></office:annotation></table:table-cell>`+
			`<table:table-cell office:value-type="string" calcext:value-type="error" table:formula="of:=1/0"><text:p>#DIV/0!</text:p></table:table-cell>`+
			`</table:table-row>`+
			`<table:table-row table:number-rows-repeated="2"><table:table-cell office:value-type="string" table:number-columns-repeated="2"><text:p>x</text:p></table:table-cell></table:table-row>`+
			`<table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>`+
			`</table:table>`)
	got, err := readFlat(t, doc, sheet.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`Hidden(true)|worksheet`,
		`Hidden(true)|1: text:"h"`,
		`T & U(false)|worksheet`,
		`T & U(false)|3: number:"0.54300000000000004",percent:"0.5",date:"2025-07-03",bool:"TRUE",text:"",text:"",text:"",text:"a  b c\nsecond line",error:"#DIV/0!"`,
		`T & U(false)|4: text:"x",text:"x"`,
		`T & U(false)|5: text:"x",text:"x"`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestHostile: repeat counts of 2^31 and more, on empty and on filled
// rows and cells, are errors or nothing, in little time and memory.
func TestHostile(t *testing.T) {
	tests := []struct {
		name, table string
		want        error
	}{
		{"empty rows repeated 2^31", `<table:table-row table:number-rows-repeated="2147483648"><table:table-cell/></table:table-row>`, sheet.ErrTooLarge},
		{"empty rows repeated past the last row", `<table:table-row table:number-rows-repeated="1048576"><table:table-cell/></table:table-row><table:table-row/>`, sheet.ErrTooLarge},
		{"empty rows up to the last row", `<table:table-row table:number-rows-repeated="1048575"><table:table-cell/></table:table-row><table:table-row/>`, nil},
		{"a repeat count that overflows", `<table:table-row table:number-rows-repeated="18446744073709551617"><table:table-cell/></table:table-row>`, sheet.ErrTooLarge},
		{"empty cells repeated past the last column", `<table:table-row><table:table-cell table:number-columns-repeated="16385"/></table:table-row>`, sheet.ErrTooLarge},
		{"columns repeated past the last column", `<table:table-column table:number-columns-repeated="16000"/><table:table-column table:number-columns-repeated="385"/><table:table-row/>`, sheet.ErrTooLarge},
		{"a filled row repeated 2^31", `<table:table-row table:number-rows-repeated="2147483648"><table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>`, sheet.ErrTooLarge},
		{"a filled cell repeated 2^31", `<table:table-row><table:table-cell table:number-columns-repeated="2147483648" office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>`, sheet.ErrTooLarge},
		{"empty cells repeated 2^63 before a value", `<table:table-row><table:table-cell table:number-columns-repeated="9223372036854775807"/><table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>`, sheet.ErrTooLarge},
		{"spaces repeated 2^31", `<table:table-row><table:table-cell office:value-type="string"><text:p><text:s text:c="2147483648"/></text:p></table:table-cell></table:table-row>`, sheet.ErrTooLarge},
		{"a table cut off", `<table:table-row><table:table-cell office:value-type="string"><text:p>x`, sheet.ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := flat("", `<table:table table:name="T">`+tt.table+`</table:table>`)
			if tt.want == sheet.ErrMalformed {
				doc = doc[:bytes.Index(doc, []byte("</table:table>"))]
			}
			_, err := readFlat(t, doc, sheet.Limits{})
			if tt.want == nil && err != nil || tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("error %v, want %v", err, tt.want)
			}
		})
	}
}

// FuzzRead: a flat OpenDocument spreadsheet, read flat and packaged as
// an .ods (the same content.xml in a zip with its mimetype), gives the
// same rows or the same error, keeps the readers' promises
// (sheettest.Check), and never panics. Seeded with LibreOffice's .fods
// (a missing seed fails the target) and the content of every .ods
// fixture.
func FuzzRead(f *testing.F) {
	f.Add(flat("", `<table:table table:name="T"><table:table-row><table:table-cell office:value-type="float" office:value="1"/></table:table-row></table:table>`))
	for _, b := range sheettest.Seeds(f, "../../testdata/legacy", "lo-legacy.fods") {
		f.Add(b)
	}
	for _, name := range []string{"formulas-lo.ods", "numfmt-lo.ods", "hidden-gnumeric.ods"} {
		zb := sheettest.Seeds(f, "../testdata", name)[0]
		zr, err := zip.NewReader(bytes.NewReader(zb), int64(len(zb)))
		if err != nil {
			f.Fatal(err)
		}
		rc, err := zr.Open("content.xml")
		if err != nil {
			f.Fatal(err)
		}
		content, _ := io.ReadAll(rc)
		rc.Close()
		f.Add(content)
	}
	limits := sheet.Limits{MaxCellBytes: 1 << 16, MaxRows: 1 << 12, MaxColumns: 1 << 8, MaxSheets: 32, MaxStyles: 1 << 12}
	f.Fuzz(func(t *testing.T, doc []byte) {
		read := func(wb *Workbook, err error) (string, error) {
			if err != nil {
				return "", err
			}
			defer wb.Close()
			return sheettest.Check(t, "t.ods", limits, wb.Sheets(), func(i int) (sheettest.Rows, error) { return wb.Rows(i) })
		}
		var z bytes.Buffer
		zw := zip.NewWriter(&z)
		w, _ := zw.CreateHeader(&zip.FileHeader{Name: "mimetype", Method: zip.Store})
		io.WriteString(w, MimeType)
		w, _ = zw.Create("content.xml")
		w.Write(doc)
		zw.Close()
		flatRows, flatErr := read(OpenFlat(context.Background(), "t.ods", bytes.NewReader(doc), int64(len(doc)), Options{Limits: limits}))
		zipRows, zipErr := read(Open(context.Background(), "t.ods", bytes.NewReader(z.Bytes()), int64(z.Len()), Options{Limits: limits}))
		if flatRows != zipRows || (flatErr == nil) != (zipErr == nil) {
			t.Fatalf("flat and packaged differ:\n%s\n%v\n---\n%s\n%v", flatRows, flatErr, zipRows, zipErr)
		}
	})
}

// TestFixtures reads the spreadsheets that spreadsheet programs wrote for
// the readers' rules (sheet/testdata/gen/make.sh) and compares every
// sheet, row and cell with their dumps.
func TestFixtures(t *testing.T) {
	for _, path := range sheettest.Fixtures(t, "../testdata", ".ods") {
		t.Run(filepath.Base(path), func(t *testing.T) {
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			wb, err := Open(context.Background(), filepath.Base(path), bytes.NewReader(b), int64(len(b)), Options{})
			if err != nil {
				sheettest.Golden(t, path, nil, err)
				return
			}
			defer wb.Close()
			lines, err := sheettest.Dump(wb.Sheets(), func(i int) (sheettest.Rows, error) { return wb.Rows(i) })
			sheettest.Golden(t, path, lines, err)
		})
	}
}

// TestShownLikeLibreOffice reads LibreOffice's .ods of the workbook of
// numbers through format codes (sheet/testdata/gen/numfmt_openpyxl.py):
// its data styles, turned into format codes, show what LibreOffice shows
// (its CSV of the .xlsx the .ods was saved from), or nothing that differs
// from the number, and a literal percent is its own kind.
func TestShownLikeLibreOffice(t *testing.T) {
	f, err := os.Open("../testdata/numfmt-openpyxl.shown.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile("../testdata/numfmt-lo.ods")
	if err != nil {
		t.Fatal(err)
	}
	wb, err := Open(context.Background(), "numfmt.ods", bytes.NewReader(b), int64(len(b)), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	rows, err := wb.Rows(0)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	got := map[int][]sheet.Cell{}
	for {
		r, err := rows.Next()
		if err != nil {
			break
		}
		got[r.Num] = r.Clone().Cells
	}
	shown, same := 0, 0
	for i, w := range want[1:] {
		cells := got[i+2]
		if len(cells) < 3 || cells[1].Value != w[1] {
			t.Fatalf("row %d: %v, want the code %q", i+2, cells, w[1])
		}
		c, code := cells[2], w[1]
		wantKind := sheet.Number
		if strings.Contains(code, `"%"`) || strings.Contains(code, `\%`) || strings.Contains(code, `" %"`) {
			wantKind = sheet.LiteralPercent
		}
		if c.Kind != wantKind {
			t.Errorf("row %d (%s): kind %v, want %v", i+2, code, c.Kind, wantKind)
		}
		switch {
		case c.Shown != "":
			shown++
			// LibreOffice's .ods keeps no ? padding (??0): spaces aside.
			if c.Shown != strings.TrimSpace(w[2]) {
				t.Errorf("row %d: %s through %s shows %q here, %q in LibreOffice", i+2, w[0], code, c.Shown, w[2])
			}
		case c.Value == w[2]:
			same++
		}
	}
	if shown < 300 {
		t.Errorf("only %d cells shown through their style (%d as the number)", shown, same)
	}
}

// TestDataStyles: a float cell is what its data style makes it, through
// its own style, its row's or its column's: a date (days since the null
// date, rounded to the millisecond), a percent (Gnumeric's percent
// cells), a number shown zero padded, a literal percent.
func TestDataStyles(t *testing.T) {
	const ns = `xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0"`
	styles := `<number:date-style style:name="D" ` + ns + `><number:year/><number:text>-</number:text><number:month/></number:date-style>` +
		`<number:percentage-style style:name="P" ` + ns + `><number:number number:decimal-places="0" number:min-integer-digits="1"/><number:text>%</number:text></number:percentage-style>` +
		`<number:number-style style:name="Z" ` + ns + `><number:number number:decimal-places="0" number:min-integer-digits="5"/></number:number-style>` +
		`<number:number-style style:name="L" ` + ns + `><number:number number:decimal-places="0" number:min-integer-digits="1"/><number:text>%</number:text></number:number-style>` +
		`<style:style style:name="cd" style:family="table-cell" style:data-style-name="D"/><style:style style:name="cp" style:family="table-cell" style:data-style-name="P"/>` +
		`<style:style style:name="cz" style:family="table-cell" style:parent-style-name="cz0"/><style:style style:name="cz0" style:family="table-cell" style:data-style-name="Z"/>` +
		`<style:style style:name="cl" style:family="table-cell" style:data-style-name="L"/>`
	float := func(style, v string) string {
		if style != "" {
			style = ` table:style-name="` + style + `"`
		}
		return `<table:table-cell office:value-type="float" office:value="` + v + `"` + style + `/>`
	}
	tables := `<table:table table:name="T"><table:table-column table:default-cell-style-name="cz"/><table:table-column table:number-columns-repeated="4"/>` +
		`<table:table-row>` + float("", "123") + float("cd", "45841.999999999993") + float("cp", "0.54") + float("cl", "54") + float("cd", "45841.5") + `</table:table-row>` +
		`<table:table-row table:default-cell-style-name="cd">` + float("", "1") + `</table:table-row>` +
		`</table:table>`
	got, err := readFlat(t, flat(styles, tables), sheet.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		`T(false)|worksheet`,
		`T(false)|1: number:"123"="00123",date:"2025-07-04",percent:"0.54",literal percent:"54"="54%",date:"2025-07-03"`,
		`T(false)|2: date:"1899-12-31"`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// Another null date moves every date.
	doc := bytes.Replace(flat(styles, tables), []byte(`<office:spreadsheet>`), []byte(`<office:spreadsheet><table:calculation-settings><table:null-date table:date-value="1904-01-01"/></table:calculation-settings>`), 1)
	got, err = readFlat(t, doc, sheet.Limits{})
	if err != nil || !strings.Contains(strings.Join(got, "\n"), `date:"1904-01-02"`) {
		t.Errorf("null date 1904: %q, %v", got, err)
	}
}

// TestFormulaCachedValues: a formula cell holds its value when it has a
// value type (office: or calcext:), or a paragraph, even an empty one
// (LibreOffice writes a formula whose result is empty text as an empty
// <text:p/> without a value type); with neither, or with a number or a
// date said and not given, it has no value and is a formula cell.
func TestFormulaCachedValues(t *testing.T) {
	cell := func(attrs, content string) string {
		if content == "" {
			return `<table:table-cell ` + attrs + `/>`
		}
		return `<table:table-cell ` + attrs + `>` + content + `</table:table-cell>`
	}
	const f = `table:formula="of:=TODAY()" `
	tables := `<table:table table:name="T"><table:table-row>` +
		cell(`office:value-type="string"`, `<text:p>x</text:p>`) +
		cell(f, `<text:p/>`) +
		cell(f+`office:value-type="string" calcext:value-type="string"`, "") +
		cell(f+`calcext:value-type="string"`, "") +
		cell(f+`office:value-type="string" office:string-value="s"`, "") +
		cell(f+`office:value-type="float" office:value="2"`, "") +
		cell(f, `<text:p>shown</text:p>`) +
		cell(f, "") +
		cell(f, `<office:annotation><text:p>a note</text:p></office:annotation>`) +
		cell(f+`office:value-type="float"`, "") +
		cell(f+`office:value-type="date"`, "") +
		`</table:table-row></table:table>`
	got, err := readFlat(t, flat("", tables), sheet.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	const today = `formula:"=TODAY()"="TODAY() changes every day"`
	want := `T(false)|1: text:"x",text:"",text:"",text:"",text:"s",number:"2",text:"shown",` + today + "," + today + "," + today + "," + today
	if len(got) != 2 || got[1] != want {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), want)
	}
}

// TestFormulasComputed: formulas saved without their values are computed
// from OpenFormula's syntax as the table streams, and take their cell's
// data style; what is not computed exactly as LibreOffice shows it is a
// formula cell saying why.
func TestFormulasComputed(t *testing.T) {
	const ns = `xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0"`
	styles := `<number:date-style style:name="D" ` + ns + `><number:year/><number:text>-</number:text><number:month/><number:text>-</number:text><number:day/></number:date-style>` +
		`<number:percentage-style style:name="P" ` + ns + `><number:number number:decimal-places="0" number:min-integer-digits="1"/><number:text>%</number:text></number:percentage-style>` +
		`<style:style style:name="cd" style:family="table-cell" style:data-style-name="D"/><style:style style:name="cp" style:family="table-cell" style:data-style-name="P"/>`
	f := func(formula string, style ...string) string {
		s := ""
		if len(style) > 0 {
			s = ` table:style-name="` + style[0] + `"`
		}
		return `<table:table-cell table:formula="` + formula + `"` + s + `/>`
	}
	num := func(v string) string { return `<table:table-cell office:value-type="float" office:value="` + v + `"/>` }
	str := func(v string) string {
		return `<table:table-cell office:value-type="string"><text:p>` + v + `</text:p></table:table-cell>`
	}
	row := func(cells ...string) string {
		return `<table:table-row>` + strings.Join(cells, "") + `</table:table-row>`
	}
	tables := `<table:table table:name="T">` +
		row(num("7"), num("20"), `<table:table-cell office:value-type="date" office:date-value="2025-07-03T12:00:00"/>`, str("On Track"), `<table:table-cell office:value-type="string"/>`, `<table:table-cell office:value-type="percentage" office:value="0.5" table:style-name="cp"/>`) +
		`<table:table-row table:number-rows-repeated="2">` + str("x") + num("1") + `</table:table-row>` +
		row(f(`of:=&quot;PLAN-&quot;&amp;[.A1]`), f("of:=[.A1]/[.B1]", "cp"), f("of:=[.C1]+1", "cd"), f(`of:=IF([.A1]&gt;5;[.D1];&quot;no&quot;)`), f("of:=SUM([.A1:.B1];[$T.$B$3])"), f("of:=[.A3]&amp;[.B2]"), f("of:=DATE(2025;7;3)", "cd")) +
		row(f("of:=DATE(2025;7;3)"), f("of:=[.F1]"), f("of:=[.C1]"), f("of:=[.A1]+[.E1]"), f("of:=[.A1]&amp;[.E1]"), f("of:=[.A9]"), f("msoxl:=A1*2"), f("of:=[.E4]*2")) +
		`</table:table>`
	got, err := readFlat(t, flat(styles, tables), sheet.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	typed := strconv.Quote(formula.TypedGeneral)
	want := []string{
		`T(false)|worksheet`,
		`T(false)|1: number:"7",number:"20",date:"2025-07-03",text:"On Track",text:"",percent:"0.5"`,
		`T(false)|2: text:"x",number:"1"`,
		`T(false)|3: text:"x",number:"1"`,
		`T(false)|4: text:"PLAN-7",percent:"0.35",date:"2025-07-04",text:"On Track",number:"28",text:"x1",date:"2025-07-03"`,
		`T(false)|5: ` + strings.Join([]string{
			`formula:"=DATE(2025;7;3)"=` + typed,
			`formula:"=[.F1]"=` + typed,
			`formula:"=[.C1]"=` + typed,
			`error:"#VALUE!"="=[.A1]+[.E1]"`,
			`text:"7"`,
			`formula:"=[.A9]"="it refers to A9, in a later row"`,
			`formula:"=A1*2"="it is written in the syntax \"msoxl\", which aitkit does not read"`,
			`number:"56"`,
		}, ","),
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	// Another null date: the dates and DATE() count from it.
	doc := bytes.Replace(flat(styles, tables), []byte(`<office:spreadsheet>`), []byte(`<office:spreadsheet><table:calculation-settings><table:null-date table:date-value="1904-01-01"/></table:calculation-settings>`), 1)
	if got, err = readFlat(t, doc, sheet.Limits{}); err != nil || len(got) < 5 || got[4] != want[4] {
		t.Errorf("null date 1904: %q, %v", got, err)
	}

	// Rows further above than the limit are not kept.
	far := `<table:table table:name="T">` + row(num("1")) + `<table:table-row table:number-rows-repeated="200">` + str("x") + `</table:table-row>` +
		row(num("2")) + `<table:table-row table:number-rows-repeated="20">` + str("y") + `</table:table-row>` +
		row(f("of:=[.A1]*2"), f("of:=[.A202]*2"), f("of:=[.A210]&amp;[.A150]")) + `</table:table>`
	got, err = readFlat(t, flat("", far), sheet.Limits{FormulaRows: 30})
	if err != nil {
		t.Fatal(err)
	}
	want = []string{`T(false)|223: number:"2",number:"4",formula:"=[.A210]&[.A150]"="it refers to A150, more than 30 rows above it (limit FormulaRows; see docs/limits.md)"`}
	if last := got[len(got)-1]; last != want[0] {
		t.Errorf("got\n%s\nwant\n%s", last, want[0])
	}
}

// TestRepeatedFormulas: a formula cell repeated, or in a repeated row, is
// refused naming its cell: LibreOffice reads the cell once, and does not
// open the row.
func TestRepeatedFormulas(t *testing.T) {
	for _, table := range []string{
		`<table:table-row><table:table-cell office:value-type="float" office:value="1"/><table:table-cell table:number-columns-repeated="3" table:formula="of:=[.A1]+1" office:value-type="float" office:value="2"/></table:table-row>`,
		`<table:table-row table:number-rows-repeated="2"><table:table-cell office:value-type="float" office:value="1"/><table:table-cell table:formula="of:=[.A1]+1"/></table:table-row>`,
	} {
		_, err := readFlat(t, flat("", `<table:table table:name="T">`+table+`</table:table>`), sheet.Limits{})
		var se *sheet.Error
		if !errors.Is(err, sheet.ErrAmbiguous) || !errors.As(err, &se) || se.Place.String() != "t.fods!T!B1" {
			t.Errorf("%s: %v, want ambiguous at B1", table, err)
		}
	}
}
