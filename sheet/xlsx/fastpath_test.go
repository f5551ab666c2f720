package xlsx

import (
	"bytes"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/aitkit/aitkit/internal/trackergen"
	"github.com/aitkit/aitkit/sheet"
)

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
	rows2.aheadOK = false // the test looks at the scanner's cache
	rows2.Next()          // the header
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

// TestRowsAhead shows rows scanned ahead on a goroutine and rows scanned
// by the caller giving the same rows and the same error, and a sheet
// closed while its rows are being scanned ahead letting go of everything.
func TestRowsAhead(t *testing.T) {
	var tracker bytes.Buffer
	if err := trackergen.Write(&tracker, "xlsx", trackergen.Options{Rows: 3000, Seed: 5}); err != nil {
		t.Fatal(err)
	}
	var broken strings.Builder
	for i := 1; i <= 1500; i++ {
		fmt.Fprintf(&broken, `<row r="%d"><c t="inlineStr"><is><t>row %d</t></is></c><c><v>%d.5</v></c></row>`, i, i, i)
	}
	broken.WriteString(`<row r="1501"><c t="s"><v>99</v></c></row>`) // no such shared string
	inputs := map[string][]byte{"tracker": tracker.Bytes(), "broken": ZipOf(t, MinimalWorkbook(broken.String()))}
	read := func(in []byte, ahead bool) (rows []string, err error) {
		wb, err := openBytes(t, "t.xlsx", in, Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer wb.Close()
		r, err := wb.Rows(0)
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		r.aheadOK = ahead
		for {
			row, err := r.Next()
			if err != nil {
				return rows, err
			}
			rows = append(rows, fmt.Sprintf("%d %d %q", row.Num, row.BlankBefore, row.Cells))
		}
	}
	for name, in := range inputs {
		want, werr := read(in, false)
		got, gerr := read(in, true)
		if fmt.Sprint(gerr) != fmt.Sprint(werr) || !slices.Equal(got, want) {
			t.Errorf("%s: ahead %d rows, %v; in step %d rows, %v", name, len(got), gerr, len(want), werr)
		}
		if len(want) < 1500 {
			t.Errorf("%s: only %d rows read", name, len(want))
		}
	}
	before := runtime.NumGoroutine()
	for range 20 {
		wb, err := openBytes(t, "t.xlsx", tracker.Bytes(), Options{ReadAhead: true})
		if err != nil {
			t.Fatal(err)
		}
		r, err := wb.Rows(0)
		if err != nil {
			t.Fatal(err)
		}
		r.aheadOK = true
		r.Next()
		r.Close()
		wb.Close()
	}
	// Close waits for the goroutines that read ahead to end their work
	// (Rows.Close stops the scanning goroutine, the part's Close its
	// inflating one, each waiting for it); any still counted are exiting.
	// Let them go by yielding, not by the clock: a goroutine left running
	// (a read ahead that Close did not stop) is still counted after the
	// yields.
	n := runtime.NumGoroutine()
	for yields := 0; n > before && yields < 100_000; yields++ {
		runtime.Gosched()
		n = runtime.NumGoroutine()
	}
	if n > before {
		t.Errorf("%d goroutines after closing 20 sheets read ahead, %d before", n, before)
	}
}
