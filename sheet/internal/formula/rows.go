package formula

import (
	"fmt"
	"slices"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/aitkit/aitkit/sheet"
)

// A reader computes the formulas of a sheet saved without their values
// as the sheet streams: at the end of each row (a formula may refer to a
// cell after it in its row), from the cells of its row and of the rows
// kept for it: the first HeadRows of the sheet and the last rows, as many
// as the reader's limit (Limits.FormulaRows). Nothing else is held, so
// memory does not grow with the sheet.

// HeadRows are the first rows of a sheet, kept for formulas whatever its
// length: a tracker's title block holds the dates and totals its rows
// refer to ($B$1).
const HeadRows = 100

// KeptCols is how many columns of a kept row are kept; keptBytes bounds
// the text they hold.
const (
	KeptCols  = 256
	keptBytes = 64 << 20
)

// Row is a row as formulas see it: its cells as read, the numbers of its
// date cells (a date's value is its serial) and of the formulas computed
// in it, and which of its cells hold the text "" rather than nothing.
type Row struct {
	Num     int
	Cells   []sheet.Cell
	Nums    []ColNum
	Texts   []int // columns whose "" is text, not an empty cell
	dropped bool  // it held too much text to keep
}

// ColNum is the number of the cell in column Col.
type ColNum struct {
	Col int
	V   float64
}

// window holds the rows kept: the head and a ring of the last rows.
type window struct {
	head  []Row
	ring  []Row
	bytes int
}

// keep copies row cur into the kept rows, once it is read and computed.
func (w *window) keep(cur *Row) {
	var row *Row
	switch {
	case cur.Num <= HeadRows:
		if len(w.head) > 0 && w.head[len(w.head)-1].Num == cur.Num {
			return // a row given again (an .ods row repeated)
		}
		w.head = append(w.head, Row{})
		row = &w.head[len(w.head)-1]
	default:
		row = &w.ring[cur.Num%len(w.ring)]
		if !row.dropped {
			w.bytes -= textBytes(row.Cells)
		}
	}
	row.Num = cur.Num
	cells := cur.Cells[:min(len(cur.Cells), KeptCols)]
	n := textBytes(cells)
	if row.dropped = w.bytes+n > keptBytes; row.dropped {
		row.Cells, row.Nums, row.Texts = row.Cells[:0], row.Nums[:0], row.Texts[:0]
		return
	}
	w.bytes += n
	row.Cells = append(row.Cells[:0], cells...)
	row.Nums = append(row.Nums[:0], cur.Nums...)
	row.Texts = append(row.Texts[:0], cur.Texts...)
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
func (w *window) row(num, current int) (*Row, bool) {
	if num >= current {
		return nil, false
	}
	if num <= HeadRows {
		for i := range w.head {
			if w.head[i].Num == num {
				return &w.head[i], true
			}
		}
		return nil, true
	}
	if num <= current-len(w.ring) {
		return nil, false
	}
	if row := &w.ring[num%len(w.ring)]; row.Num == num {
		return row, true
	}
	return nil, true
}

// value is cell col of a row as a formula sees it.
func (r *Row) value(col int, name string) (Value, error) {
	for _, n := range r.Nums {
		if n.Col == col {
			return Num(n.V), nil
		}
	}
	if col >= len(r.Cells) {
		if slices.Contains(r.Texts, col) {
			return Str(""), nil
		}
		return Value{}, nil
	}
	c := r.Cells[col]
	switch c.Kind {
	case sheet.Text:
		if c.Value == "" && !slices.Contains(r.Texts, col) {
			return Value{}, nil // an empty cell
		}
		return Str(c.Value), nil
	case sheet.Number, sheet.Percent, sheet.LiteralPercent:
		f, err := strconv.ParseFloat(c.Value, 64)
		if err != nil {
			return Value{}, fmt.Errorf("it refers to %s, whose number %q aitkit does not read", name, c.Value)
		}
		return Num(f), nil
	case sheet.Bool:
		return Bool(c.Value == "TRUE"), nil
	case sheet.ErrorValue:
		return Err(c.Value), nil
	case sheet.Formula:
		why := c.Shown
		if why == "" {
			why = "not computed"
		}
		return Value{}, fmt.Errorf("it refers to %s, a formula aitkit does not compute (%s)", name, why)
	case sheet.Date:
		return Value{}, fmt.Errorf("it refers to %s, a date aitkit did not keep as a number", name)
	}
	return Value{}, fmt.Errorf("it refers to %s, a %s cell", name, c.Kind)
}

// Pending is a formula of the row being read, computed at its end.
type Pending struct {
	Col  int
	Text string // as written, for its cell and messages
	// Expr is the formula, Err why it is not one this package computes;
	// DRow and DCol move its references (a shared formula written for
	// another cell).
	Expr       *Expr
	Err        error
	DRow, DCol int
	Style      int // the reader's, for Cell
	// Typed is set once the formula is computed when it calls DATE(),
	// takes a percent, or refers to a cell shown as a date, a percent or
	// through a number format: LibreOffice shows its number in that
	// format when its cell has none of its own.
	Typed bool
	state uint8
	why   string
}

// TypedGeneral says why a number computed into a cell without a number
// format of its own is not taken when the formula is Typed.
const TypedGeneral = "its cell has no number format of its own: LibreOffice shows the number in one it takes from the formula (a date, a percent, the format of a cell it refers to), Excel as a plain number"

// ValueCell is the cell of a computed value that is not a number: its
// text, TRUE or FALSE, or its error (shown as its formula).
func ValueCell(p *Pending, v Value) sheet.Cell {
	switch v.Kind {
	case Text:
		return sheet.Cell{Value: v.Str}
	case Boolean:
		if v.Num != 0 {
			return sheet.Cell{Value: "TRUE", Kind: sheet.Bool}
		}
		return sheet.Cell{Value: "FALSE", Kind: sheet.Bool}
	case Error:
		return sheet.Cell{Value: v.Str, Kind: sheet.ErrorValue, Shown: "=" + p.Text}
	}
	return sheet.Cell{}
}

// Sheet computes the formulas of a sheet's rows.
type Sheet struct {
	Name     string
	Date1904 bool
	// NullDate, when set, is the day serial 0 is (an OpenDocument
	// spreadsheet's): see Context.
	NullDate time.Time
	// Cell makes the cell of a computed value: a number takes the kind its
	// cell's format gives. It returns the number the formulas that refer
	// to the cell see, when it has one.
	Cell func(p *Pending, v Value) (c sheet.Cell, num float64, hasNum bool)

	// Cur is the row being read; a reader appends the numbers of its date
	// cells (Nums) and the columns of its "" texts (Texts).
	Cur      Row
	pending  []Pending
	w        window
	cells    []sheet.Cell
	computed atomic.Int64
	typed    bool // the formula being computed refers to a typed cell
}

// NewSheet keeps the first HeadRows rows and the last rows for the
// formulas of a sheet named name.
func NewSheet(name string, last int, date1904 bool, cell func(p *Pending, v Value) (sheet.Cell, float64, bool)) *Sheet {
	return &Sheet{Name: name, Date1904: date1904, Cell: cell, w: window{head: make([]Row, 0, 8), ring: make([]Row, max(last, 1))}}
}

// Begin starts row num.
func (s *Sheet) Begin(num int) {
	s.Cur.Num, s.Cur.Nums, s.Cur.Texts = num, s.Cur.Nums[:0], s.Cur.Texts[:0]
	s.pending = s.pending[:0]
}

// Add notes a formula of the row, to compute at its end; its cell stands
// for it meanwhile.
func (s *Sheet) Add(p Pending) sheet.Cell {
	s.pending = append(s.pending, p)
	return sheet.Cell{Kind: sheet.Formula, Value: "=" + p.Text}
}

// Finish computes the formulas of the row, now that every cell of it is
// read, puts their values in cells, and keeps the row.
func (s *Sheet) Finish(cells []sheet.Cell) {
	s.cells = cells
	for i := range s.pending {
		s.compute(i)
	}
	s.pending = s.pending[:0]
	s.Cur.Cells = cells
	s.w.keep(&s.Cur)
}

// Repeat keeps the row just finished again, as row num: a row that the
// file repeats (an OpenDocument table-row's number-rows-repeated), which
// holds no formula.
func (s *Sheet) Repeat(num int) {
	s.Cur.Num = num
	s.w.keep(&s.Cur)
}

// Computed is how many formulas have been computed so far; safe to call
// from another goroutine.
func (s *Sheet) Computed() int { return int(s.computed.Load()) }

// KeptRows is how many rows above a formula are kept (besides the head).
func (s *Sheet) KeptRows() int { return len(s.w.ring) }

// compute computes pending formula i (once; a formula of the row that it
// refers to first).
func (s *Sheet) compute(i int) {
	p := &s.pending[i]
	switch p.state {
	case 1:
		p.why = "it refers to itself through other cells"
		return
	case 2:
		return
	}
	p.state = 1
	outer := s.typed
	s.typed = false
	v, err := s.evaluate(p)
	p.Typed = s.typed || p.Expr != nil && p.Expr.Formats()
	s.typed = outer
	p.state = 2
	if err != nil {
		p.why = err.Error()
		s.cells[p.Col] = sheet.Cell{Kind: sheet.Formula, Value: "=" + p.Text, Shown: p.why}
		return
	}
	c, n, hasN := s.Cell(p, v)
	s.cells[p.Col] = c
	if c.Kind == sheet.Formula {
		p.why = c.Shown // the reader would not take the value
		return
	}
	s.computed.Add(1)
	if hasN {
		s.Cur.Nums = append(s.Cur.Nums, ColNum{p.Col, n})
	} else if c.Kind == sheet.Text && c.Value == "" {
		s.Cur.Texts = append(s.Cur.Texts, p.Col)
	}
}

func (s *Sheet) evaluate(p *Pending) (Value, error) {
	if p.Err != nil {
		if _, ok := p.Err.(*Refusal); ok {
			return Value{}, p.Err
		}
		if _, ok := p.Err.(*ParseError); ok {
			return Value{}, fmt.Errorf("aitkit does not read it (%v)", p.Err)
		}
		return Value{}, p.Err
	}
	return p.Expr.Eval(Context{Sheet: s.Name, Row: s.Cur.Num, Col: p.Col, DRow: p.DRow, DCol: p.DCol, Cells: rowCells{s}, Date1904: s.Date1904, NullDate: s.NullDate})
}

// rowCells gives a formula of the row being read the cells it refers to.
type rowCells struct{ s *Sheet }

func (rc rowCells) Value(row, col int) (Value, error) {
	s := rc.s
	cur := s.Cur.Num
	name := sheet.ColumnName(col) + strconv.Itoa(row)
	if row == cur {
		for i := range s.pending {
			if s.pending[i].Col == col {
				s.compute(i)
				if why := s.pending[i].why; why != "" {
					return Value{}, fmt.Errorf("it refers to %s, a formula aitkit does not compute (%s)", name, why)
				}
				break
			}
		}
		r := s.Cur
		r.Cells = s.cells
		s.noteTyped(r.Cells, col)
		return r.value(col, name)
	}
	kr, ok := s.w.row(row, cur)
	switch {
	case !ok && row > cur:
		return Value{}, fmt.Errorf("it refers to %s, in a later row", name)
	case !ok:
		return Value{}, fmt.Errorf("it refers to %s, more than %s rows above it (limit FormulaRows; see docs/limits.md)", name, sheet.Count(int64(len(s.w.ring))))
	case kr == nil:
		return Value{}, nil
	case kr.dropped:
		return Value{}, fmt.Errorf("it refers to %s, whose row held more text than is kept for formulas", name)
	case col >= KeptCols:
		return Value{}, fmt.Errorf("it refers to %s, past the %d columns kept for formulas", name, KeptCols)
	}
	s.noteTyped(kr.Cells, col)
	return kr.value(col, name)
}

// noteTyped notes that the formula being computed refers to a cell shown
// as a date, a percent, or through a number format.
func (s *Sheet) noteTyped(cells []sheet.Cell, col int) {
	if col < len(cells) {
		switch c := cells[col]; c.Kind {
		case sheet.Date, sheet.Percent, sheet.LiteralPercent:
			s.typed = true
		case sheet.Number:
			s.typed = s.typed || c.Shown != ""
		}
	}
}
