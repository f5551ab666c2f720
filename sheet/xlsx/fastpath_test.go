package xlsx

import (
	"fmt"
	"strings"
	"testing"

	"github.com/aitkit/aitkit/sheet"
)

// TestTagEnd shows the quick way to a tag's end taken and declined, and
// both giving the '>' outside quotes.
func TestTagEnd(t *testing.T) {
	tests := []struct {
		tag      string
		end      int
		fast     bool
		unclosed bool
	}{
		{`<c r="A1" s="2">`, 15, true, false},
		{`<row r="7"/>`, 11, true, false},
		{`<c a="x>y">`, 10, false, false},       // a '>' inside double quotes
		{`<c a='x>y' b="z">`, 16, false, false}, // single quotes
		{`<c a="x" b='y>z'>`, 16, false, false}, // single quotes after the first '>'
		{`<c a="unclosed`, -1, false, true},     // the rest is still to come
		{`<c a="x>y`, -1, false, true},          // the '>' is in quotes
	}
	for _, tt := range tests {
		end, fast := tagEnd([]byte(tt.tag))
		if end != tt.end || fast != tt.fast {
			t.Errorf("tagEnd(%q) = %d, %v; want %d, %v", tt.tag, end, fast, tt.end, tt.fast)
		}
	}
}

// TestDateCache shows a sheet's dates served from its cache, and the cache
// declining dates past its size, both giving the same dates.
func TestDateCache(t *testing.T) {
	var rows strings.Builder
	rows.WriteString(`<row r="1"><c t="inlineStr"><is><t>d</t></is></c></row>`)
	n := maxDatesKept + 50
	for i := 0; i < n; i++ {
		fmt.Fprintf(&rows, `<row r="%d"><c s="1"><v>%d</v></c></row>`, i+2, 40000+i%(maxDatesKept+10))
	}
	parts := MinimalWorkbook(rows.String())
	parts["xl/_rels/workbook.xml.rels"] = `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`
	parts["xl/styles.xml"] = `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>`
	wb, err := openBytes(t, "d.xlsx", ZipOf(t, parts), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	rows2, err := wb.Rows(0)
	if err != nil {
		t.Fatal(err)
	}
	defer rows2.Close()
	rows2.Next() // the header
	for i := 0; i < n; i++ {
		r, err := rows2.Next()
		if err != nil {
			t.Fatal(err)
		}
		serial := 40000 + i%(maxDatesKept+10)
		want, _ := sheet.SerialDate(float64(serial), false)
		if c := r.Cells[0]; c.Kind != sheet.Date || c.Value != want {
			t.Fatalf("row %d: %+v, want %s", r.Num, c, want)
		}
		_, cached := rows2.dates[fmt.Sprint(serial)]
		switch {
		case i < maxDatesKept && !cached:
			t.Fatalf("date %d was not kept", serial)
		case i >= maxDatesKept && i < maxDatesKept+10 && cached:
			t.Fatalf("date %d was kept past the cache's size", serial)
		}
	}
}
