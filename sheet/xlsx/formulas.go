package xlsx

import (
	"bytes"
	"fmt"

	"github.com/aitkit/aitkit/sheet"
	"github.com/aitkit/aitkit/sheet/internal/formula"
)

// A formula whose value the file does not hold (no <v>, an empty <v> on a
// cell without a text type, as openpyxl saves; or any formula of a
// workbook whose calcPr asks for a full calculation on load, where
// XlsxWriter saves 0 for every one) is computed here, as the sheet
// streams (formula.Sheet): at the end of its row, from the cells of its
// row and of the rows kept for it (the first formula.HeadRows of the
// sheet and the last Limits.FormulaRows). What it cannot compute stays a
// sheet.Formula cell whose Shown says why; so does a number computed into
// a cell of the General format by a formula that calls DATE(), takes a
// percent or refers to a cell shown through a format (formula.Pending.Typed):
// Excel shows it as General, LibreOffice as a date or a percent.

// Bounds on the shared formulas a sheet keeps.
const (
	maxShared      = 1 << 16
	maxSharedBytes = 16 << 20
)

// sharedFormula is the first cell of a shared formula: its text, parsed
// when a cell needs it, and its place.
type sharedFormula struct {
	text     string
	row, col int
	expr     *formula.Expr
	err      error
}

// formulaAttrs reads the attributes of the <f> the scanner is at.
func (r *Rows) formulaAttrs() {
	r.fMaster = false
	r.sc.EachAttr(func(k, v []byte) {
		switch string(k) {
		case "t":
			r.fType = append(r.fType[:0], v...)
		case "si":
			if n, ok := atoiBytes(v); ok {
				r.fShared = n
			}
		case "ref":
			r.fMaster = true
		}
	})
}

// noCachedValue tells whether the formula just read has no value the
// file holds for sure.
func (r *Rows) noCachedValue(typ string, hasV bool) bool {
	switch {
	case r.wb.fullCalc, !hasV:
		return true
	case typ == "str" || typ == "inlineStr":
		return false // Excel's empty text result
	}
	return len(bytes.TrimSpace(r.v)) == 0
}

// noteShared keeps the text of the first cell of a shared formula, for
// the cells that share it.
func (r *Rows) noteShared(num, col int) error {
	if string(r.fType) != "shared" || r.fShared < 0 || !r.fMaster || len(r.f) == 0 {
		return nil
	}
	if r.shared == nil {
		r.shared = map[int]*sharedFormula{}
	}
	if old, ok := r.shared[r.fShared]; ok {
		r.sharedLen -= len(old.text)
	} else if len(r.shared) >= maxShared || r.sharedLen+len(r.f) > maxSharedBytes {
		return nil // its cells are refused when they need it
	}
	r.shared[r.fShared] = &sharedFormula{text: string(r.f), row: num, col: col}
	r.sharedLen += len(r.f)
	return nil
}

// pendingFormula notes a formula to compute at the end of its row; its
// cell stands for it meanwhile.
func (r *Rows) pendingFormula(num, col, style int) sheet.Cell {
	p := formula.Pending{Col: col, Text: string(r.f), Style: style}
	shared := string(r.fType) == "shared" && r.fShared >= 0
	switch {
	case string(r.fType) == "array" || string(r.fType) == "dataTable":
		p.Err = fmt.Errorf("it is an array formula")
	case shared && r.shared[r.fShared] == nil:
		p.Err = fmt.Errorf("it shares the formula of a cell aitkit did not keep")
	case shared:
		sf := r.shared[r.fShared]
		if p.Text == "" {
			p.Text = sf.text
		}
		if sf.expr == nil && sf.err == nil {
			sf.expr, sf.err = formula.Parse(sf.text, formula.Excel)
		}
		p.Expr, p.Err = sf.expr, sf.err
		p.DRow, p.DCol = num-sf.row, col-sf.col
	default:
		p.Expr, p.Err = formula.Parse(p.Text, formula.Excel)
	}
	return r.fs.Add(p)
}

// valueCell is a computed value as its cell shows it: a number takes the
// kind its cell's format gives (a date, a percent...).
func (r *Rows) valueCell(p *formula.Pending, v formula.Value) (c sheet.Cell, num float64, hasNum bool) {
	if v.Kind == formula.Number {
		format := r.wb.format(p.Style)
		if format == nil && p.Typed {
			// Excel shows the number as General; LibreOffice in the format
			// it takes from the formula (a date, a percent, the format of
			// the cell it refers to).
			return sheet.Cell{Kind: sheet.Formula, Value: "=" + p.Text, Shown: formula.TypedGeneral}, 0, false
		}
		raw := sheet.FormatNumber(v.Num)
		return sheet.NumberCell(v.Num, raw, format, r.wb.date1904), v.Num, true
	}
	return formula.ValueCell(p, v), 0, false
}

// Computed is how many formulas saved without their values the sheet's
// rows have had computed so far (rows scanned ahead included); safe to
// call from another goroutine.
func (r *Rows) Computed() int {
	if r.fs == nil {
		return 0
	}
	return r.fs.Computed()
}
