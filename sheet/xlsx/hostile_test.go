package xlsx

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/aitkit/aitkit/internal/trackergen"
	"github.com/aitkit/aitkit/sheet"
)

// repeat is n copies of s.
func repeat(s string, n int) string { return strings.Repeat(s, n) }

// withParts is a minimal workbook with parts replaced or added.
func withParts(rows string, extra map[string]string) map[string]string {
	p := MinimalWorkbook(rows)
	for k, v := range extra {
		p[k] = v
	}
	return p
}

const relsWithStyles = `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`

// TestHostileCounts: each count a hostile workbook can inflate stops at
// its cap, with an error that names the cap (and the cell, where there is
// one). The caps are lowered so that small files reach them.
func TestHostileCounts(t *testing.T) {
	low := sheet.Limits{MaxColumns: 100, MaxRows: 1000, MaxStrings: 500, MaxStyles: 50, MaxFormats: 20, MaxSheets: 10, MaxSmallPart: 64 << 10, MaxCellBytes: 64 << 10}
	sheets := func(n int) string {
		var b strings.Builder
		b.WriteString(`<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>`)
		for i := range n {
			fmt.Fprintf(&b, `<sheet name="S%d" sheetId="%d" r:id="rId1"/>`, i, i+1)
		}
		return b.String() + `</sheets></workbook>`
	}
	tests := []struct {
		name  string
		parts map[string]string
		limit string
		place string
	}{
		{"cells without r past the last column", withParts(`<row>`+repeat(`<c/>`, 300)+`</row>`, nil), "MaxColumns", "t.xlsx!S!CV1"},
		{"a cell reference past XFD", withParts(`<row r="1"><c r="XFE1"><v>1</v></c></row>`, nil), "MaxColumns", "t.xlsx!S!CV1"},
		{"rows without r past the last row", withParts(repeat(`<row/>`, 2000), nil), "MaxRows", "t.xlsx!S!A1000"},
		{"a row number past the last row", withParts(`<row r="1048577"/>`, nil), "MaxRows", "t.xlsx!S!A1000"},
		{"a row number of many digits", withParts(`<row r="99999999999999999999"/>`, nil), "MaxRows", "t.xlsx!S!A1000"},
		{"empty shared strings", withParts(`<row r="1"/>`, map[string]string{"xl/_rels/workbook.xml.rels": relsWithStyles,
			"xl/sharedStrings.xml": `<sst>` + repeat(`<si/>`, 5000) + `</sst>`}), "MaxStrings", "xl/sharedStrings.xml"},
		{"cell styles", withParts(`<row r="1"/>`, map[string]string{"xl/_rels/workbook.xml.rels": relsWithStyles,
			"xl/styles.xml": `<styleSheet><cellXfs>` + repeat(`<xf numFmtId="0"/>`, 100) + `</cellXfs></styleSheet>`}), "MaxStyles", "xl/styles.xml"},
		{"number formats", withParts(`<row r="1"/>`, map[string]string{"xl/_rels/workbook.xml.rels": relsWithStyles,
			"xl/styles.xml": `<styleSheet><numFmts>` + repeat(`<numFmt numFmtId="164" formatCode="0"/>`, 30) + `</numFmts></styleSheet>`}), "MaxFormats", "xl/styles.xml"},
		{"sheets", withParts(`<row r="1"/>`, map[string]string{"xl/workbook.xml": sheets(20)}), "MaxSheets", "xl/workbook.xml"},
		{"a large structural part", withParts(`<row r="1"/>`, map[string]string{"xl/_rels/workbook.xml.rels": relsWithStyles,
			"xl/styles.xml": `<styleSheet><!--` + repeat("x", 100<<10) + `--></styleSheet>`}), "MaxSmallPart", "xl/styles.xml"},
		{"a huge cell", withParts(`<row r="1"><c t="inlineStr"><is><t>`+repeat("x", 100<<10)+`</t></is></c></row>`, nil), "MaxCellBytes", "t.xlsx!S!A1"},
		{"a huge cell in runs", withParts(`<row r="1"><c t="inlineStr"><is>`+repeat(`<r><t>`+repeat("x", 1000)+`</t></r>`, 100)+`</is></c></row>`, nil), "MaxCellBytes", "t.xlsx!S!A1"},
		{"a huge token", withParts(`<row r="1"><c t="inlineStr"><is><t>`+repeat("x", 400<<10)+`</t></is></c></row>`, nil), "MaxCellBytes", "xl/worksheets/sheet1.xml"},
		{"a huge shared string", withParts(`<row r="1"/>`, map[string]string{"xl/_rels/workbook.xml.rels": relsWithStyles,
			"xl/sharedStrings.xml": `<sst><si><t>` + repeat("x", 100<<10) + `</t></si></sst>`}), "MaxCellBytes", "xl/sharedStrings.xml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := readAll(t, ZipOf(t, tt.parts), low)
			if !errors.Is(err, sheet.ErrTooLarge) || !strings.Contains(err.Error(), "limit "+tt.limit) || !strings.Contains(err.Error(), tt.place) {
				t.Errorf("error = %v; want the %s limit at %s", err, tt.limit, tt.place)
			}
		})
	}
}

// TestHostileMemory: with the default caps, a row of 300,000 empty cells
// without references costs what 16,384 cells cost, and a comment of 8 MiB
// in a sheet is passed over without being held.
func TestHostileMemory(t *testing.T) {
	alloc := func(parts map[string]string) (uint64, error) {
		in := ZipOf(t, parts)
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		err := readAll(t, in, sheet.Limits{})
		runtime.ReadMemStats(&after)
		return after.TotalAlloc - before.TotalAlloc, err
	}
	n, err := alloc(withParts(`<row>`+repeat(`<c/>`, 300_000)+`</row>`, nil))
	if !errors.Is(err, sheet.ErrTooLarge) || n > 8<<20 {
		t.Errorf("300,000 cells: %v, %d bytes allocated", err, n)
	}
	n, err = alloc(withParts(`<!--`+repeat("x", 8<<20)+`--><row r="1"><c t="inlineStr"><is><t>ok</t></is></c></row>`, nil))
	if err != nil || n > 4<<20 {
		t.Errorf("a comment of 8 MiB: %v, %d bytes allocated", err, n)
	}
}

// storedZip zips the parts without compression, so that their bytes can be
// changed in place.
func storedZip(t testing.TB, parts map[string]string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range sortStrings(keys(parts)) {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Store})
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, parts[name])
	}
	zw.Close()
	return buf.Bytes()
}

func keys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestDamagedPart: one byte changed in any part that gives data (a value in
// the sheet, past where scanning stops; a shared string; a style; the
// workbook) is a checksum error naming the part, never data read wrong.
func TestDamagedPart(t *testing.T) {
	parts := withParts(`<row r="1"><c t="s"><v>0</v></c><c s="1"><v>0.5</v></c></row>`, map[string]string{
		"xl/_rels/workbook.xml.rels": relsWithStyles,
		"xl/styles.xml":              `<styleSheet><cellXfs><xf numFmtId="0"/><xf numFmtId="9"/></cellXfs></styleSheet>`,
		"xl/sharedStrings.xml":       `<sst><si><t>External ID</t></si></sst>`,
	})
	parts["xl/worksheets/sheet1.xml"] += `<!-- padding after the data -->`
	good := storedZip(t, parts)
	if err := readAll(t, good, sheet.Limits{}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ part, from, to string }{
		{"xl/worksheets/sheet1.xml", "<v>0.5</v>", "<v>9.5</v>"},
		{"xl/worksheets/sheet1.xml", "padding", "pudding"},
		{"xl/sharedStrings.xml", "External", "Externul"},
		{"xl/styles.xml", `numFmtId="9"`, `numFmtId="8"`},
		{"xl/workbook.xml", `name="S"`, `name="T"`},
	} {
		bad := bytes.Replace(good, []byte(tc.from), []byte(tc.to), 1)
		if bytes.Equal(bad, good) {
			t.Fatalf("%s: nothing replaced", tc.part)
		}
		err := readAll(t, bad, sheet.Limits{})
		if !errors.Is(err, sheet.ErrMalformed) || !strings.Contains(err.Error(), "checksum mismatch") || !strings.Contains(err.Error(), tc.part) {
			t.Errorf("%s changed (%s): %v", tc.part, tc.to, err)
		}
	}
}

// TestSpillLeavesNothing: a workbook whose shared strings pass their
// memory budget leaves no temporary file behind, read to the end or
// interrupted while its strings are being read (on Unix the file is
// removed as soon as it is made; on Windows when it is closed).
func TestSpillLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("TMPDIR", dir)
	t.Setenv("TMP", dir)
	t.Setenv("TEMP", dir)
	var buf bytes.Buffer
	if err := trackergen.WriteHugeStrings(&buf, 20_000, 1000); err != nil {
		t.Fatal(err)
	}
	limits := sheet.Limits{StringsInMemory: 1 << 20}
	wb, err := Open(context.Background(), "huge.xlsx", bytes.NewReader(buf.Bytes()), int64(buf.Len()), Options{Limits: limits})
	if err != nil {
		t.Fatal(err)
	}
	if !wb.strings.Spilled() {
		t.Fatal("the shared strings did not spill")
	}
	if _, err := readSheet(wb, 0); err != nil {
		t.Fatal(err)
	}
	wb.Close()
	for _, after := range []time.Duration{0, time.Millisecond, 5 * time.Millisecond} {
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(after, cancel)
		wb, err := Open(ctx, "huge.xlsx", bytes.NewReader(buf.Bytes()), int64(buf.Len()), Options{Limits: limits})
		if err == nil {
			wb.Close()
		}
		cancel()
	}
	if entries, _ := os.ReadDir(dir); len(entries) > 0 {
		t.Errorf("left in the temporary directory: %v", entries)
	}
}
