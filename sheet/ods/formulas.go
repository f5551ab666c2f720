package ods

import (
	"fmt"
	"strings"
	"time"

	"github.com/aitkit/aitkit/sheet"
	"github.com/aitkit/aitkit/sheet/internal/formula"
)

// A formula saved without its value (no value type, no paragraph: a
// program that writes OpenDocument without calculating) is computed here
// as the table streams (formula.Sheet), from OpenFormula's syntax
// (of:=[.A2]*2, [.A2:.C2], ";" between arguments): at the end of its row,
// from the cells of its row and of the rows kept for it (the first
// formula.HeadRows of the table and the last Limits.FormulaRows). What it
// cannot compute stays a sheet.Formula cell whose Shown says why.
//
// A number computed into a cell without a number format of its own is
// shown by LibreOffice in a format it takes from the formula (a date for
// DATE(), the format of the cell a formula refers to): when the formula
// could take one (formula.Pending.Typed), it is refused rather than read
// as a bare number.

// pendingFormula notes a formula to compute at the end of its row, in a
// cell of style style; its cell stands for it meanwhile.
func (r *Rows) pendingFormula(col int, text, style string) sheet.Cell {
	p := formula.Pending{Col: col, Style: len(r.pendStyles)}
	r.pendStyles = append(r.pendStyles, style)
	prefix, body, ok := odfSyntax(text)
	p.Text = body
	switch {
	case !ok:
		p.Err = &formula.Refusal{Reason: fmt.Sprintf("it is written in the syntax %q, which aitkit does not read", prefix)}
	default:
		p.Expr, p.Err = formula.Parse(body, formula.OpenFormula)
	}
	return r.fs.Add(p)
}

// odfSyntax splits a table:formula into its namespace prefix and the
// formula after its "=": ok when the prefix is OpenFormula's (of:), old
// OpenOffice's (oooc:, the same syntax) or none.
func odfSyntax(text string) (prefix, body string, ok bool) {
	s := strings.TrimSpace(text)
	if i := strings.IndexByte(s, ':'); i > 0 && strings.IndexFunc(s[:i], func(c rune) bool { return !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') }) < 0 {
		prefix, s = s[:i], s[i+1:]
	}
	body = strings.TrimPrefix(s, "=")
	return prefix, body, prefix == "" || prefix == "of" || prefix == "oooc"
}

// valueCell is a computed value as its cell shows it: a number takes the
// kind its cell's data style gives (a date, a percent...).
func (r *Rows) valueCell(p *formula.Pending, v formula.Value) (sheet.Cell, float64, bool) {
	if v.Kind != formula.Number {
		return formula.ValueCell(p, v), 0, false
	}
	style := r.pendStyles[p.Style]
	if p.Typed && r.wb.styles.format(style) == nil {
		return sheet.Cell{Kind: sheet.Formula, Value: "=" + p.Text, Shown: formula.TypedGeneral}, 0, false
	}
	c := r.number(sheet.FormatNumber(v.Num), "", style)
	return c, v.Num, true
}

// serialOf is a date cell's number, as formulas see it: days since the
// null date, its time a fraction of a day.
func (r *Rows) serialOf(dateValue string) (float64, bool) {
	s := strings.TrimSpace(dateValue)
	var t time.Time
	var err error
	if len(s) > 10 {
		t, err = time.Parse("2006-01-02T15:04:05.999999999", s)
	} else {
		t, err = time.Parse("2006-01-02", s)
	}
	if err != nil {
		return 0, false
	}
	null := r.wb.styles.nullDate
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	days := (day.Unix() - null.Unix()) / 86400
	return float64(days) + float64(t.Sub(day))/float64(24*time.Hour), true
}

// Computed is how many formulas saved without their values the table's
// rows have had computed so far; safe to call from another goroutine.
func (r *Rows) Computed() int {
	if r.fs == nil {
		return 0
	}
	return r.fs.Computed()
}
