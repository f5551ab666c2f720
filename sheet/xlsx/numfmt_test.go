package xlsx

import (
	"encoding/csv"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/aitkit/aitkit/sheet"
)

// TestShownLikeLibreOffice reads openpyxl's workbook of numbers through
// format codes (sheet/testdata/gen/numfmt_openpyxl.py) and compares the
// text each cell shows with what LibreOffice shows (its CSV of the sheet,
// cells as shown): the reader gives it as Shown (or the number itself),
// or, for a code it does not show, nothing that differs from the number.
// It also holds the kinds: a literal percent (0"%", 0\%) is its own kind.
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
	b, err := os.ReadFile("../testdata/numfmt-openpyxl.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	got, err := openBytes(t, "numfmt.xlsx", b, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer got.Close()
	rows, err := readSheet(got, 0)
	if err != nil {
		t.Fatal(err)
	}
	shown, notShown := 0, map[string]bool{}
	for i, w := range want[1:] {
		cells := rows[i+2]
		if len(cells) < 3 || cells[1].Value != w[1] {
			t.Fatalf("row %d: %v, want the code %q", i+2, cells, w[1])
		}
		c, code := cells[2], w[1]
		text := c.Shown
		if text == "" {
			text = c.Value
		}
		wantKind := sheet.Number
		if strings.Contains(code, `"%"`) || strings.Contains(code, `\%`) || strings.Contains(code, `" %"`) {
			wantKind = sheet.LiteralPercent
		}
		if c.Kind != wantKind {
			t.Errorf("row %d (%s): kind %v, want %v", i+2, code, c.Kind, wantKind)
		}
		if f := got.format(styleOf(t, got, i+2)); f != nil {
			v, _ := strconv.ParseFloat(w[0], 64)
			if _, ok := f.Show(v); !ok {
				notShown[code] = true
				if c.Shown != "" {
					t.Errorf("row %d (%s): shown %q by a code not shown", i+2, code, c.Shown)
				}
				continue
			}
		}
		shown++
		if text != w[2] {
			t.Errorf("row %d: %s through %s shows %q here, %q in LibreOffice", i+2, w[0], code, text, w[2])
		}
	}
	// Not shown, where Excel and LibreOffice differ: a point with no
	// digit after it (#.## on 5), scientific with two integer zeros, and
	// no text at all (# on 0).
	delete(notShown, "#.##")
	delete(notShown, "00.0E+0")
	delete(notShown, "#")
	if shown < 400 || len(notShown) > 0 {
		t.Errorf("%d cells compared; other codes not shown: %v", shown, notShown)
	}
}

// styleOf is the style index of column C in row num of the first sheet,
// read from the part.
func styleOf(t *testing.T, wb *Workbook, num int) int {
	t.Helper()
	rc, err := wb.parts.OpenSmall(wb.sheets[0].Part)
	if err != nil || rc == nil {
		t.Fatal(err)
	}
	defer rc.Close()
	b := make([]byte, 0, 1<<20)
	for {
		n, err := rc.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err != nil {
			break
		}
	}
	ref := `r="C` + itoa(num) + `"`
	i := strings.Index(string(b), ref)
	if i < 0 {
		t.Fatalf("no cell C%d", num)
	}
	rest := string(b[i:])
	rest = rest[:strings.IndexByte(rest, '>')]
	j := strings.Index(rest, ` s="`)
	if j < 0 {
		return 0
	}
	n := 0
	for _, c := range rest[j+4:] {
		if c < '0' || c > '9' {
			break
		}
		n = n*10 + int(c-'0')
	}
	return n
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}
