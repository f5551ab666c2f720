package xlsx

import (
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/aitkit/aitkit/sheet"
	"github.com/aitkit/aitkit/sheet/internal/formula"
	"github.com/aitkit/aitkit/sheet/internal/sheettest"
)

// TestFormulasLikeLibreOffice reads the tracker of formulas that openpyxl
// saves without values and XlsxWriter with placeholder zeros
// (sheet/testdata/gen/formulas.py) and compares every cell with what
// LibreOffice shows once it has recalculated them (its CSV of the
// sheet): the same value, or a refusal naming why, only where one is
// due (TODAY(), another sheet, and what refers to them).
func TestFormulasLikeLibreOffice(t *testing.T) {
	f, err := os.Open("../testdata/formulas-openpyxl.shown.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	want, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	wantRefused := []string{"F9", "H10", "G11"}
	for _, name := range []string{"formulas-openpyxl.xlsx", "formulas-xlsxwriter.xlsx"} {
		t.Run(name, func(t *testing.T) {
			b, err := os.ReadFile("../testdata/" + name)
			if err != nil {
				t.Fatal(err)
			}
			got, rows := firstSheetCells(t, name, b, Options{})
			var refused []string
			for i, wrow := range want {
				for col, w := range wrow {
					ref := sheet.ColumnName(col) + strconv.Itoa(i+1)
					var c sheet.Cell
					if col < len(got[i+1]) {
						c = got[i+1][col]
					}
					if c.Kind == sheet.Formula {
						if c.Shown == "" {
							t.Errorf("%s: refused without a reason", ref)
						}
						refused = append(refused, ref)
						continue
					}
					if !shownAs(c, w) {
						t.Errorf("%s: %s %q, LibreOffice shows %q", ref, c.Kind, c.Value, w)
					}
				}
			}
			if !slices.Equal(refused, wantRefused) {
				t.Errorf("refused %v, want %v", refused, wantRefused)
			}
			if n := rows.Computed(); n != 6*5+3+3+7 {
				t.Errorf("%d formulas computed", n)
			}
		})
	}
}

// shownAs tells whether a cell is what LibreOffice shows as w: text and
// dates as they are, numbers by their value to the 15 digits shown.
func shownAs(c sheet.Cell, w string) bool {
	switch c.Kind {
	case sheet.Number, sheet.Percent:
		a, err1 := strconv.ParseFloat(c.Value, 64)
		b, err2 := strconv.ParseFloat(w, 64)
		a, _ = strconv.ParseFloat(strconv.FormatFloat(a, 'g', 15, 64), 64)
		return err1 == nil && err2 == nil && a == b
	}
	return c.Value == w
}

// firstSheetCells reads every row of a workbook's first sheet, each a
// copy, by number; the rows stay open for what they counted until the
// test ends.
func firstSheetCells(t *testing.T, name string, b []byte, opts Options) (map[int][]sheet.Cell, *Rows) {
	t.Helper()
	wb, err := openBytes(t, name, b, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { wb.Close() })
	rows, err := wb.Rows(0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { rows.Close() })
	got := map[int][]sheet.Cell{}
	for {
		r, err := rows.Next()
		if err == io.EOF {
			return got, rows
		}
		if err != nil {
			t.Fatal(err)
		}
		got[r.Num] = r.Clone().Cells
	}
}

// TestFormulaWindow: a formula may refer to the first rows of its sheet
// and to the last Limits.FormulaRows rows; a row in between is refused,
// naming the cell and the limit, and so is a later row. The refusal of a
// cell carries to the formulas that refer to it. Memory stays within the
// window: the rows between are not kept.
func TestFormulaWindow(t *testing.T) {
	var b strings.Builder
	b.WriteString(`<row r="1"><c r="A1"><v>1000</v></c></row>`)
	for r := 150; r <= 400; r++ {
		fmt.Fprintf(&b, `<row r="%d"><c r="A%d"><v>%d</v></c>`, r, r, r)
		switch r {
		case 300:
			b.WriteString(`<c r="B300"><f>A1+A299</f></c><c r="C300"><f>A290*2</f></c><c r="D300"><f>A150</f></c><c r="E300"><f>A301</f></c><c r="F300"><f>D300+1</f></c><c r="G300"><f>SUM(A290:A299)</f></c><c r="H300"><f>SUM(A150:A299)</f></c>`)
		}
		b.WriteString(`</row>`)
	}
	got, rows := firstSheetCells(t, "w.xlsx", ZipOf(t, MinimalWorkbook(b.String())), Options{Limits: sheet.Limits{FormulaRows: 20}})
	row := got[300]
	for _, tt := range []struct {
		col  int
		want string
	}{
		{1, "number:1299"},
		{2, "number:580"},
		{3, "refused:it refers to A150, more than 20 rows above it (limit FormulaRows"},
		{4, "refused:it refers to A301, in a later row"},
		{5, "refused:it refers to D300, a formula aitkit does not compute (it refers to A150"},
		{6, "number:2945"},
		{7, "refused:it refers to A150, more than 20 rows above it"},
	} {
		c := row[tt.col]
		s := c.Kind.String() + ":" + c.Value
		if c.Kind == sheet.Formula {
			s = "refused:" + c.Shown
		}
		if !strings.HasPrefix(s, tt.want) {
			t.Errorf("%s300: %s, want %s", sheet.ColumnName(tt.col), s, tt.want)
		}
	}
	if n := rows.fs.KeptRows(); n != 20 {
		t.Errorf("%d rows kept", n)
	}
}

// TestTypedGeneral: a number computed into a cell of the General format,
// by a formula that calls DATE(), takes a percent or refers to a cell
// shown through its format, is refused: LibreOffice shows it in a format
// it takes from the formula (its CSV, sheet/testdata/gen/typed_openpyxl.py),
// Excel as a bare number. In a cell with a format of its own, or from
// plain numbers, it is read (row 3, and D2, H2, J2).
func TestTypedGeneral(t *testing.T) {
	b, err := os.ReadFile("../testdata/typed-openpyxl.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	wb, err := openBytes(t, "typed.xlsx", b, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	got, err := readSheet(wb, 0)
	if err != nil {
		t.Fatal(err)
	}
	show := func(c sheet.Cell) string {
		if c.Kind == sheet.Formula {
			if c.Shown != formula.TypedGeneral {
				return "refused: " + c.Shown
			}
			return "refused"
		}
		return sheettest.Cell(c)
	}
	want := map[int][]string{
		2: {"refused", "refused", "refused", `number:"14"`, "refused", "refused", "refused", `text:"x7"`, "refused", `number:"1.75"`},
		3: {`date:"2025-07-03"`, `percent:"0.5"`, `number:"123"="00123"`, `number:"14"`, `date:"2025-07-03"`, `date:"2025-07-04"`, "refused", `text:"x7"`, "refused", `number:"1.75"`},
	}
	for num, cells := range want {
		for col, w := range cells {
			if g := show(got[num][col]); g != w {
				t.Errorf("%s%d: %s, want %s", sheet.ColumnName(col), num, g, w)
			}
		}
	}
}
