package xlsx

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"

	"github.com/aitkit/aitkit/sheet"
	"github.com/aitkit/aitkit/sheet/internal/formula"
)

// A formula whose value the file does not hold (no <v>, an empty <v> on a
// cell without a text type, as openpyxl saves; or any formula of a
// workbook whose calcPr asks for a full calculation on load, where
// XlsxWriter saves 0 for every one) is computed here, as the sheet
// streams: at the end of its row, from the cells of its row and of the
// rows kept for it (the first headRows of the sheet and the last
// Limits.FormulaRows). What it cannot compute stays a sheet.Formula cell
// whose Shown says why.

// headRows are the first rows of a sheet, kept for formulas whatever its
// length: a tracker's title block holds the dates and totals its rows
// refer to ($B$1).
const headRows = 100

// keptCols is how many columns of a kept row are kept; keptBytes bounds
// the text they hold.
const (
	keptCols  = 256
	keptBytes = 64 << 20
)

// Bounds on the shared formulas a sheet keeps.
const (
	maxShared      = 1 << 16
	maxSharedBytes = 16 << 20
)

// keptRows are the rows a formula may refer to: the head and a ring of
// the last rows. The row being read is the reader's own (Rows.cur).
type keptRows struct {
	head  []keptRow
	ring  []keptRow
	bytes int // text held by the kept cells
}

// keptRow is a row as formulas see it: its cells as read, the numbers of
// its date cells (a date cell's value is its serial) and computed ones,
// and which of its cells hold the text "" rather than nothing.
type keptRow struct {
	num     int
	cells   []sheet.Cell
	nums    []keptNum
	texts   []int // columns of cells that hold "" as text
	dropped bool  // it held too much text to keep
}

type keptNum struct {
	col int
	v   float64
}

func (k *keptRows) init(last int) {
	k.head = make([]keptRow, 0, 8)
	k.ring = make([]keptRow, last)
}

// keep copies row cur into the kept rows, once it is read and computed.
func (k *keptRows) keep(cur *keptRow) {
	var row *keptRow
	switch {
	case cur.num <= headRows:
		k.head = append(k.head, keptRow{})
		row = &k.head[len(k.head)-1]
	default:
		row = &k.ring[cur.num%len(k.ring)]
		if !row.dropped {
			k.bytes -= textBytes(row.cells)
		}
	}
	row.num = cur.num
	cells := cur.cells[:min(len(cur.cells), keptCols)]
	n := textBytes(cells)
	if row.dropped = k.bytes+n > keptBytes; row.dropped {
		row.cells, row.nums, row.texts = row.cells[:0], row.nums[:0], row.texts[:0]
		return
	}
	k.bytes += n
	row.cells = append(row.cells[:0], cells...)
	row.nums = append(row.nums[:0], cur.nums...)
	row.texts = append(row.texts[:0], cur.texts...)
}

func textBytes(cells []sheet.Cell) int {
	n := 0
	for i := range cells {
		n += len(cells[i].Value)
	}
	return n
}

// row finds kept row num, before row current; ok is false when it is not
// kept (a row between the head and the ring's oldest, or a later row). A
// row kept but empty is nil.
func (k *keptRows) row(num, current int) (*keptRow, bool) {
	if num >= current {
		return nil, false
	}
	if num <= headRows {
		for i := range k.head {
			if k.head[i].num == num {
				return &k.head[i], true
			}
		}
		return nil, true
	}
	if num <= current-len(k.ring) {
		return nil, false
	}
	if row := &k.ring[num%len(k.ring)]; row.num == num {
		return row, true
	}
	return nil, true
}

// sharedFormula is the first cell of a shared formula: its text, parsed
// when a cell needs it, and its place.
type sharedFormula struct {
	text     string
	row, col int
	expr     *formula.Expr
	err      error
}

// pendingFormula is a formula of the row being read, to compute at its
// end.
type pendingFormula struct {
	col        int
	text       string // as written, for the cell and its messages
	shared     *sharedFormula
	style      int
	state      uint8 // 0 to do, 1 being computed, 2 done
	why        string
	array      bool
	sharedGone bool // a shared formula whose first cell was not kept
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
	p := pendingFormula{col: col, text: string(r.f), style: style, array: string(r.fType) == "array" || string(r.fType) == "dataTable"}
	if string(r.fType) == "shared" && r.fShared >= 0 {
		p.shared = r.shared[r.fShared]
		if p.shared == nil {
			p.sharedGone = true
		} else if p.text == "" {
			p.text = p.shared.text
		}
	}
	r.pending = append(r.pending, p)
	return sheet.Cell{Kind: sheet.Formula, Value: "=" + p.text}
}

// computeRow computes the formulas of row num, now that every cell of it
// is read, and puts their values in the row.
func (r *Rows) computeRow(num int) {
	for i := range r.pending {
		r.compute(num, i)
	}
	r.pending = r.pending[:0]
}

// compute computes pending formula i of row num (once; a formula of the
// row that it refers to first).
func (r *Rows) compute(num, i int) {
	p := &r.pending[i]
	switch p.state {
	case 1:
		p.why = "it refers to itself through other cells"
		return
	case 2:
		return
	}
	p.state = 1
	v, err := r.evaluate(num, p)
	p.state = 2
	if err != nil {
		p.why = err.Error()
		r.cells[p.col] = sheet.Cell{Kind: sheet.Formula, Value: "=" + p.text, Shown: p.why}
		return
	}
	r.computed.Add(1)
	c, n, hasN := r.valueCell(v, p.text, p.style)
	r.cells[p.col] = c
	if hasN {
		r.cur.nums = append(r.cur.nums, keptNum{p.col, n})
	} else if c.Kind == sheet.Text && c.Value == "" {
		r.cur.texts = append(r.cur.texts, p.col)
	}
}

func (r *Rows) evaluate(num int, p *pendingFormula) (formula.Value, error) {
	ctx := formula.Context{Sheet: r.info.Name, Row: num, Col: p.col, Cells: rowCells{r, num}, Date1904: r.wb.date1904}
	var expr *formula.Expr
	var err error
	switch {
	case p.array:
		return formula.Value{}, fmt.Errorf("it is an array formula")
	case p.sharedGone:
		return formula.Value{}, fmt.Errorf("it shares the formula of a cell aitkit did not keep")
	case p.shared != nil && (p.shared.row != num || p.shared.col != p.col):
		if p.shared.expr == nil && p.shared.err == nil {
			p.shared.expr, p.shared.err = formula.Parse(p.shared.text, formula.Excel)
		}
		expr, err = p.shared.expr, p.shared.err
		ctx.DRow, ctx.DCol = num-p.shared.row, p.col-p.shared.col
	default:
		expr, err = formula.Parse(p.text, formula.Excel)
	}
	if err != nil {
		if _, ok := err.(*formula.Refusal); ok {
			return formula.Value{}, err
		}
		return formula.Value{}, fmt.Errorf("aitkit does not read it (%v)", err)
	}
	return expr.Eval(ctx)
}

// valueCell is a computed value as its cell shows it: a number takes the
// kind its cell's format gives (a date, a percent...).
func (r *Rows) valueCell(v formula.Value, text string, style int) (c sheet.Cell, num float64, hasNum bool) {
	switch v.Kind {
	case formula.Number:
		raw := sheet.FormatNumber(v.Num)
		return sheet.NumberCell(v.Num, raw, r.wb.format(style), r.wb.date1904), v.Num, true
	case formula.Text:
		return sheet.Cell{Value: v.Str}, 0, false
	case formula.Boolean:
		if v.Num != 0 {
			return sheet.Cell{Value: "TRUE", Kind: sheet.Bool}, 0, false
		}
		return sheet.Cell{Value: "FALSE", Kind: sheet.Bool}, 0, false
	case formula.Error:
		return sheet.Cell{Value: v.Str, Kind: sheet.ErrorValue, Shown: "=" + text}, 0, false
	}
	return sheet.Cell{}, 0, false
}

// Computed is how many formulas saved without their values the sheet's
// rows have had computed so far (rows scanned ahead included); safe to
// call from another goroutine.
func (r *Rows) Computed() int { return int(r.computed.Load()) }

// rowCells gives a formula of row cur the cells it refers to.
type rowCells struct {
	r   *Rows
	cur int
}

func (rc rowCells) Value(row, col int) (formula.Value, error) {
	r := rc.r
	name := sheet.ColumnName(col) + strconv.Itoa(row)
	kr := &r.cur
	if row == rc.cur {
		kr.cells = r.cells
		for i := range r.pending {
			if r.pending[i].col == col {
				r.compute(rc.cur, i)
				if why := r.pending[i].why; why != "" {
					return formula.Value{}, fmt.Errorf("it refers to %s, a formula aitkit does not compute (%s)", name, why)
				}
				break
			}
		}
	} else {
		var ok bool
		kr, ok = r.kept.row(row, rc.cur)
		switch {
		case !ok && row > rc.cur:
			return formula.Value{}, fmt.Errorf("it refers to %s, in a later row", name)
		case !ok:
			return formula.Value{}, fmt.Errorf("it refers to %s, more than %s rows above it (limit FormulaRows; see docs/limits.md)", name, sheet.Count(int64(len(r.kept.ring))))
		case kr == nil:
			return formula.Value{}, nil
		case kr.dropped:
			return formula.Value{}, fmt.Errorf("it refers to %s, whose row held more text than is kept for formulas", name)
		case col >= keptCols:
			return formula.Value{}, fmt.Errorf("it refers to %s, past the %d columns kept for formulas", name, keptCols)
		}
	}
	if col >= len(kr.cells) {
		return formula.Value{}, nil
	}
	return kr.value(col, name)
}

// value is cell col of a row as a formula sees it.
func (kr *keptRow) value(col int, name string) (formula.Value, error) {
	for _, n := range kr.nums {
		if n.col == col {
			return formula.Num(n.v), nil
		}
	}
	c := kr.cells[col]
	switch c.Kind {
	case sheet.Text:
		if c.Value == "" && !slices.Contains(kr.texts, col) {
			return formula.Value{}, nil // an empty cell
		}
		return formula.Str(c.Value), nil
	case sheet.Number, sheet.Percent, sheet.LiteralPercent:
		f, err := strconv.ParseFloat(c.Value, 64)
		if err != nil {
			return formula.Value{}, fmt.Errorf("it refers to %s, whose number %q aitkit does not read", name, c.Value)
		}
		return formula.Num(f), nil
	case sheet.Bool:
		return formula.Bool(c.Value == "TRUE"), nil
	case sheet.ErrorValue:
		return formula.Err(c.Value), nil
	case sheet.Formula:
		why := c.Shown
		if why == "" {
			why = "not computed"
		}
		return formula.Value{}, fmt.Errorf("it refers to %s, a formula aitkit does not compute (%s)", name, why)
	case sheet.Date:
		return formula.Value{}, fmt.Errorf("it refers to %s, a date aitkit did not keep as a number", name)
	}
	return formula.Value{}, fmt.Errorf("it refers to %s, a %s cell", name, c.Kind)
}

var _ formula.Cells = rowCells{}
