package convert

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/transform"

	"github.com/aitkit/aitkit/schema"
)

// FuzzNormalizeMetric: no panic; a result is plain decimal text (no
// exponent, no plus, no NaN) that reads back as a finite number.
func FuzzNormalizeMetric(f *testing.F) {
	for _, s := range []string{"54%", "54 %", "54.3%", "1,234.5", "$1,234.50", "+0.5", "\u22120.25", "1e-7", "abc", "12..5", "NaN", "Inf", "1e400", "-0", ".5", "%", "1,23", "€ 5"} {
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, s string, points bool) {
		got, err := NormalizeMetric(s, points)
		if err != nil {
			if !errors.Is(err, ErrNotNumber) {
				t.Fatalf("NormalizeMetric(%q): error %v does not wrap ErrNotNumber", s, err)
			}
			return
		}
		if got == "" {
			if strings.TrimSpace(s) != "" {
				t.Fatalf("NormalizeMetric(%q) = empty", s)
			}
			return
		}
		checkPlainDecimal(t, s, got)
		back, _ := strconv.ParseFloat(got, 64)
		if ref := shortestReference(back); ref != got {
			t.Fatalf("NormalizeMetric(%q) = %q, but the shortest form of its double is %q", s, got, ref)
		}
		// Normalizing the result again changes nothing.
		if again, err := NormalizeMetric(got, false); err != nil || again != got {
			t.Fatalf("NormalizeMetric(%q) = %q, but that gives %q, %v", s, got, again, err)
		}
	})
}

func checkPlainDecimal(t *testing.T, in, got string) {
	t.Helper()
	if strings.ContainsAny(got, "eE+") || strings.Contains(got, "NaN") || strings.Contains(got, "Inf") {
		t.Fatalf("%q gave %q, not a plain decimal", in, got)
	}
	if _, err := strconv.ParseFloat(got, 64); err != nil {
		t.Fatalf("%q gave %q, which does not read back: %v", in, got, err)
	}
}

// FuzzNormalizeNumber: a stored number gives the shortest text that reads
// back as the same double.
func FuzzNormalizeNumber(f *testing.F) {
	for _, s := range []string{"0.54300000000000004", "1.2345E4", "1E-7", "-2.5", "12345678901234567890"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := NormalizeNumber(s)
		if err != nil {
			return
		}
		checkPlainDecimal(t, s, got)
		want, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if err != nil {
			t.Fatalf("NormalizeNumber(%q) accepted what ParseFloat refuses: %v", s, err)
		}
		back, _ := strconv.ParseFloat(got, 64)
		if back != want && !(want == 0 && back == 0) {
			t.Fatalf("NormalizeNumber(%q) = %q reads back as %v, not %v", s, got, back, want)
		}
		// The fast paths give what strconv's round trip gives: the shortest.
		if ref := shortestReference(want); ref != got {
			t.Fatalf("NormalizeNumber(%q) = %q, but the shortest form is %q", s, got, ref)
		}
	})
}

// FuzzNormalizeDate: no panic; a result is a real calendar date in
// YYYY-MM-DD that reads back as itself.
func FuzzNormalizeDate(f *testing.F) {
	for _, s := range []string{"2025-07-03", "20250703", "2025-07-03T23:30:00-05:00", "2025-07-03 10:00", "2025-W27-4", "2025-184", "Jul 3, 2025", "3 July 2025", "07/31/2025", "31.07.2025", "03/07/2025", "2025-02-30", "13/13/2025", "soon", "7/3/25"} {
		f.Add(s, uint8(0))
	}
	f.Fuzz(func(t *testing.T, s string, o uint8) {
		order := DateOrder(o % 3)
		got, err := NormalizeDate(s, order)
		if err != nil {
			if !errors.Is(err, ErrNotDate) && !errors.Is(err, ErrAmbiguousDate) {
				t.Fatalf("NormalizeDate(%q): error %v wraps neither ErrNotDate nor ErrAmbiguousDate", s, err)
			}
			return
		}
		if len(got) != 10 || got[4] != '-' || got[7] != '-' || !validDate(atoi(got[:4]), atoi(got[5:7]), atoi(got[8:])) {
			t.Fatalf("NormalizeDate(%q) = %q, not a calendar date", s, got)
		}
		if again, err := NormalizeDate(got, OrderUnknown); err != nil || again != got {
			t.Fatalf("NormalizeDate(%q) = %q, which reads back as %q, %v", s, got, again, err)
		}
	})
}

// FuzzStatus: a match is one of the list, and matching is blind to case
// and runs of white space.
func FuzzStatus(f *testing.F) {
	for _, s := range []string{"on track", "  ON  TRACK ", "Cancelled", "Green", ""} {
		f.Add(s)
	}
	st := schema.DefaultStatuses()
	names := map[string]bool{}
	for _, n := range st.Names() {
		names[n] = true
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := st.Canonical(s)
		if !ok {
			return
		}
		if !names[got] {
			t.Fatalf("Canonical(%q) = %q, not a status", s, got)
		}
		if again, ok := st.Canonical(strings.ToUpper(" " + s + " ")); !ok || again != got {
			t.Fatalf("Canonical(%q) = %q but the upper-case form gives %q, %v", s, got, again, ok)
		}
	})
}

// FuzzReadDelimited: any bytes read as delimited text give records, row
// errors with a line, or one input error; never a panic or a hang.
func FuzzReadDelimited(f *testing.F) {
	f.Add([]byte("External ID,Status,Metric Value,As Of Date,Comment\nA1,On Track,54%,2025-07-03,\"a,\nb\"\n"))
	f.Add([]byte("ID;Status;Date\nA;on track;03/07/2025\nB;x;31/07/2025\n"))
	f.Add([]byte("\xff\xfeI\x00D\x00"))
	f.Add([]byte("A1,On Track,0.5,2025-07-03\n"))
	f.Add([]byte("\"unterminated"))
	f.Fuzz(func(t *testing.T, in []byte) {
		checkReader(t, "f.csv", in, func(p Place) bool { return p.Line > 0 })
	})
}

// FuzzReadJSON: the same for JSON input; every row error has an index.
func FuzzReadJSON(f *testing.F) {
	f.Add([]byte(`[{"externalId":"A","status":"On Track","metricValue":0.5,"asOfDate":"2025-07-03"}]`))
	f.Add([]byte(`[{"External ID":1,"status":{"a":1},"metricValue":"abc","asOfDate":null}, 5]`))
	f.Add([]byte(`[`))
	f.Fuzz(func(t *testing.T, in []byte) {
		checkReader(t, "f.json", in, func(p Place) bool { return p.Index >= 0 })
	})
}

// FuzzReadWorkbook: bytes that may be a workbook (seeded with every
// fixture) never panic; every row error names a cell.
func FuzzReadWorkbook(f *testing.F) {
	files, _ := filepath.Glob("../testdata/xlsx/*.xlsx")
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		done := make(chan struct{})
		go func() {
			defer close(done)
			checkReader(t, "f.xlsx", in, func(p Place) bool { return p.Sheet != "" && p.Cell != "" })
		}()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			panic("the workbook reader hangs")
		}
	})
}

func checkReader(t *testing.T, name string, in []byte, placed func(Place) bool) {
	t.Helper()
	r, err := NewReader(context.Background(), name, bytes.NewReader(in), Options{Limits: Limits{MaxPartSize: 8 << 20, MaxRatio: 1000}})
	if err != nil {
		var ie *InputError
		if !errors.As(err, &ie) {
			t.Fatalf("open error %T is not an *InputError: %v", err, err)
		}
		return
	}
	defer r.Close()
	for i := 0; i < 1<<20; i++ {
		rec, err := r.Next()
		if err == io.EOF {
			return
		}
		var re *RowError
		switch {
		case errors.As(err, &re):
			if len(re.Errors) == 0 {
				t.Fatal("a row error with no errors")
			}
			for _, fe := range re.Errors {
				if !placed(fe.Place) {
					t.Fatalf("error without its place: %v", fe)
				}
			}
		case err != nil:
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("error %T is not an *InputError: %v", err, err)
			}
			return
		default:
			u := rec.Update
			if u.ExternalID == "" || u.Status == "" || len(u.AsOfDate) != 10 {
				t.Fatalf("an incomplete record: %+v", u)
			}
		}
	}
	t.Fatal("the reader did not end")
}

// FuzzWorkbookDifferential writes the same cells as a workbook in the ways
// spreadsheet programs do (shared strings, inline strings, rich text runs,
// numbers, missing r attributes, empty rows, entities, leading spaces) and
// checks that our scanner and excelize read every cell alike, and that a
// Scratch used by earlier workbooks changes nothing.
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
		if err := os.WriteFile(path, shapedWorkbook(texts, num, shape), 0o644); err != nil {
			t.Fatal(err)
		}
		compareWithExcelize(t, path)
		// The same on a Scratch that the inputs before this one filled.
		want := convertFile(t, path, Options{})
		if got := convertFile(t, path, Options{Scratch: &fuzzScratch}); got != want {
			t.Fatalf("on a used Scratch: %s, want %s", firstDiff(got, want), firstDiff(want, got))
		}
	})
}

// fuzzScratch carries one fuzzed workbook's table to the next.
var fuzzScratch Scratch

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
func shapedWorkbook(texts []string, num float64, shape uint8) []byte {
	esc := func(s string) string {
		var b strings.Builder
		xml.EscapeText(&b, []byte(s))
		return b.String()
	}
	var sst, sheet strings.Builder
	nShared := 0
	sheet.WriteString(`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
	for r := 1; r <= 4; r++ {
		if shape&(1<<(r+3)) != 0 && r > 1 {
			continue // an empty row: no <row> at all
		}
		withR := shape&1 == 0
		if withR {
			fmt.Fprintf(&sheet, `<row r="%d">`, r)
		} else {
			sheet.WriteString(`<row>`)
		}
		for c, txt := range texts {
			ref := ""
			if withR {
				ref = fmt.Sprintf(` r="%s%d"`, ColumnName(c), r)
			}
			switch (int(shape>>1) + c + r) % 4 {
			case 0:
				fmt.Fprintf(&sst, `<si><t xml:space="preserve">%s</t></si>`, esc(txt))
				fmt.Fprintf(&sheet, `<c%s t="s"><v>%d</v></c>`, ref, nShared)
				nShared++
			case 1:
				fmt.Fprintf(&sheet, `<c%s t="inlineStr"><is><t xml:space="preserve">%s</t></is></c>`, ref, esc(txt))
			case 2:
				half := len(txt) / 2
				for half > 0 && !utf8.RuneStart(txt[half]) {
					half--
				}
				fmt.Fprintf(&sst, `<si><r><rPr><b/></rPr><t xml:space="preserve">%s</t></r><r><t xml:space="preserve">%s</t></r></si>`, esc(txt[:half]), esc(txt[half:]))
				fmt.Fprintf(&sheet, `<c%s t="s"><v>%d</v></c>`, ref, nShared)
				nShared++
			default:
				fmt.Fprintf(&sheet, `<c%s><v>%s</v></c>`, ref, strconv.FormatFloat(num, 'g', -1, 64))
			}
		}
		sheet.WriteString(`</row>`)
	}
	sheet.WriteString(`</sheetData></worksheet>`)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	parts := map[string]string{
		"[Content_Types].xml":        `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`,
		"_rels/.rels":                `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
		"xl/workbook.xml":            `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
		"xl/worksheets/sheet1.xml":   sheet.String(),
		"xl/sharedStrings.xml":       fmt.Sprintf(`<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">%s</sst>`, nShared, nShared, sst.String()),
	}
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml"} {
		w, _ := zw.Create(name)
		io.WriteString(w, parts[name])
	}
	zw.Close()
	return buf.Bytes()
}

// shortestReference is strconv's shortest plain text of a double, the
// reference for the fast paths.
func shortestReference(f float64) string {
	if f == 0 {
		return "0"
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// FuzzDecodeText: the UTF-8-or-Windows-1252 decoder, fed and read in
// pieces of many sizes, gives what its rule says: the input as it is when its
// first non-ASCII sequence is valid UTF-8 (or there is none), else the
// ASCII before it and the rest decoded as Windows-1252.
func FuzzDecodeText(f *testing.F) {
	f.Add([]byte("plain ascii, long enough for a few words of eight"), uint8(3))
	f.Add([]byte("caf\xc3\xa9 then \xe9"), uint8(1))
	f.Add([]byte("caf\xe9 \x80 \xc3\xa9"), uint8(7))
	f.Add([]byte("abcdefgh\xef\xbf\xbd"), uint8(2))
	f.Add([]byte("abcdefg\xc3"), uint8(15))
	f.Add([]byte("abcdefghijklmno\xe9pqrstuvwxyz"), uint8(0xff))
	f.Fuzz(func(t *testing.T, in []byte, size uint8) {
		want := in
		if i := bytes.IndexFunc(in, func(r rune) bool { return r >= utf8.RuneSelf || r == utf8.RuneError }); i >= 0 {
			if r, _ := utf8.DecodeRune(in[i:]); r == utf8.RuneError {
				want = append([]byte(nil), in[:i]...)
				for _, c := range in[i:] {
					want = utf8.AppendRune(want, charmap.Windows1252.DecodeByte(c))
				}
			}
		}
		// Input in pieces of 1 to 16 bytes, output taken 1 to 16 at a time.
		r := transform.NewReader(&chunkReader{r: bytes.NewReader(in), n: int(size%16) + 1}, &utf8OrWindows1252{})
		got, err := io.ReadAll(&chunkReader{r: r, n: int(size/16) + 1})
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("decode(%q) = %q, %v; want %q", in, got, err, want)
		}
	})
}

// chunkReader reads at most n bytes a call.
type chunkReader struct {
	r io.Reader
	n int
}

func (c *chunkReader) Read(p []byte) (int, error) { return c.r.Read(p[:min(len(p), c.n)]) }
