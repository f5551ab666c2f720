package ods

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/aitkit/aitkit/sheet"
	"github.com/aitkit/aitkit/sheet/internal/formula"
	"github.com/aitkit/aitkit/sheet/internal/xmlscan"
	"github.com/aitkit/aitkit/sheet/internal/zippart"
)

// Rows streams the rows of one table.
type Rows struct {
	wb     *Workbook
	name   string // the table's name
	rc     io.ReadCloser
	sc     *xmlscan.Scanner
	cells  []sheet.Cell
	num    int // the number of the last row read
	repeat int // times the last row is still to be given again
	last   sheet.Row
	done   bool
	err    error
	text   []byte
	atRow  bool // the scanner is at the table's first row, read by Rows
	hidden sheet.ColumnSet
	// The cell styles of the table's columns and of the row being read,
	// for cells without a style of their own.
	colStyles []styleRun
	rowStyle  string

	// Formulas (formulas.go): the rows kept for them to refer to, and
	// what readCell says of the cell just read.
	fs         *formula.Sheet
	pendStyles []string // the cell styles of the row's formulas, by formula.Pending.Style
	formula    string   // the cell's table:formula
	style      string   // and its style, when it has a formula
	serial     float64  // the number of the date cell just read
	hasSerial  bool
	isText     bool // the cell holds empty text, not nothing
}

// styleRun is a run of columns with one default cell style.
type styleRun struct {
	first, last int
	name        string
}

// Rows opens table i (an index into Sheets) to read its rows.
func (w *Workbook) Rows(i int) (*Rows, error) {
	if i < 0 || i >= len(w.sheets) {
		return nil, fmt.Errorf("ods: no table %d", i)
	}
	rc, err := w.open()
	if err != nil {
		return nil, placed(w.name, err)
	}
	r := &Rows{wb: w, name: w.sheets[i].Name, rc: rc, sc: xmlscan.New(rc, xmlscan.GetBuffer(), w.limits.MaxCellBytes)}
	r.fs = formula.NewSheet(r.name, w.limits.FormulaRows, false, r.valueCell)
	r.fs.NullDate = w.styles.nullDate
	// Pass over the tables before it.
	seen, depth := -1, 0
	for seen < i && r.sc.Next() {
		switch {
		case r.sc.Kind == xmlscan.Start && r.sc.IsIn(xmlscan.ODFTable, "table"):
			if depth == 0 {
				seen++
			}
			depth++
		case r.sc.Kind == xmlscan.SelfClose && r.sc.IsIn(xmlscan.ODFTable, "table") && depth == 0:
			seen++
			if seen == i {
				r.done = true // an empty table
			}
		case r.sc.Kind == xmlscan.End && r.sc.IsIn(xmlscan.ODFTable, "table"):
			depth--
		}
	}
	if seen < i {
		err := r.sc.Err
		r.Close()
		if err != nil {
			return nil, placed(w.name, err)
		}
		return nil, placed(w.name, sheet.Errorf(sheet.ErrMalformed, "table %q is not there on a second reading", r.name))
	}
	if !r.done {
		if err := r.readColumns(); err != nil {
			r.Close()
			return nil, err
		}
	}
	return r, nil
}

// readColumns reads the table's columns up to its first row: which are
// hidden (table:visibility "collapse" or "filter"). The scanner is left at
// that row, for Next.
func (r *Rows) readColumns() error {
	sc := r.sc
	col := 0
	maxCols := r.wb.limits.MaxColumns
	for sc.Next() {
		switch {
		case (sc.Kind == xmlscan.Start || sc.Kind == xmlscan.SelfClose) && sc.IsIn(xmlscan.ODFTable, "table-row"):
			r.atRow = true
			return nil
		case sc.Kind == xmlscan.End && sc.IsIn(xmlscan.ODFTable, "table"):
			r.done = true
			return nil
		case (sc.Kind == xmlscan.Start || sc.Kind == xmlscan.SelfClose) && sc.IsIn(xmlscan.ODFTable, "table-column"):
			times := repeated(sc, xmlscan.ODFTable, "number-columns-repeated")
			if int64(col)+int64(times) > int64(maxCols) {
				return r.cellError(1, maxCols-1, sheet.TooLarge(fmt.Sprintf("table %q repeats its columns past column %s, the last a sheet has", r.name, sheet.ColumnName(maxCols-1)), "MaxColumns", int64(maxCols)))
			}
			if v, _ := sc.AttrNS(xmlscan.ODFTable, "visibility"); string(v) == "collapse" || string(v) == "filter" {
				r.hidden.Add(col, col+times-1)
			}
			if v, ok := sc.AttrNS(xmlscan.ODFTable, "default-cell-style-name"); ok && len(r.colStyles) < maxCols {
				r.colStyles = append(r.colStyles, styleRun{col, col + times - 1, xmlscan.AttrText(v)})
			}
			col += times
		}
	}
	if sc.Err != nil {
		return r.fail(sc.Err)
	}
	return r.fail(sheet.Errorf(sheet.ErrMalformed, "table %q ends without </table:table>", r.name))
}

// HiddenColumns are the columns of the table that are hidden or filtered
// out.
func (r *Rows) HiddenColumns() sheet.ColumnSet { return r.hidden }

// Progress says how much of content.xml has been inflated, of what it
// declares; safe to call from another goroutine.
func (r *Rows) Progress() (done, total int64) { return zippart.Progress(r.rc) }

// Place is the cell of row num, column col (0-based).
func (r *Rows) Place(num, col int) sheet.Place {
	return sheet.CellPlace(r.wb.name, r.name, num, col)
}

// Close releases the table's reading.
func (r *Rows) Close() error {
	if r.sc != nil {
		xmlscan.PutBuffer(r.sc.Buffer())
		r.sc = nil
	}
	return r.rc.Close()
}

// fail stops the rows with err.
func (r *Rows) fail(err error) error {
	r.err = placed(r.wb.name, err)
	return r.err
}

func (r *Rows) cellError(num, col int, err error) error {
	r.err = &sheet.Error{Place: r.Place(num, col), Err: err}
	return r.err
}

// Next returns the next row that holds something; a row's Cells are
// reused by the next call. At the end of the table it reads content.xml to
// its end, so that a damaged file is an error rather than a short read,
// and returns io.EOF.
func (r *Rows) Next() (sheet.Row, error) {
	if r.err != nil {
		return sheet.Row{}, r.err
	}
	if r.repeat > 0 {
		r.repeat--
		r.num++
		r.last.Num = r.num
		r.fs.Repeat(r.num)
		return r.last, nil
	}
	sc := r.sc
	for !r.done && (r.atRow || sc.Next()) {
		r.atRow = false
		switch {
		case sc.Kind == xmlscan.End && sc.IsIn(xmlscan.ODFTable, "table"):
			r.done = true
		case (sc.Kind == xmlscan.Start || sc.Kind == xmlscan.SelfClose) && sc.IsIn(xmlscan.ODFTable, "table-row"):
			times := repeated(sc, xmlscan.ODFTable, "number-rows-repeated")
			if int64(r.num)+int64(times) > int64(r.wb.limits.MaxRows) {
				return sheet.Row{}, r.cellError(min(r.num+1, r.wb.limits.MaxRows), 0, sheet.TooLarge(fmt.Sprintf("table %q repeats its rows past row %s, the last a sheet has", r.name, sheet.Count(int64(r.wb.limits.MaxRows))), "MaxRows", int64(r.wb.limits.MaxRows)))
			}
			v, _ := sc.AttrNS(xmlscan.ODFTable, "visibility")
			hidden := string(v) == "collapse" || string(v) == "filter"
			r.rowStyle = ""
			if v, ok := sc.AttrNS(xmlscan.ODFTable, "default-cell-style-name"); ok {
				r.rowStyle = xmlscan.AttrText(v)
			}
			if sc.Kind == xmlscan.SelfClose {
				r.num += times
				continue
			}
			first := r.num + 1
			r.fs.Begin(first)
			r.pendStyles = r.pendStyles[:0]
			if err := r.readCells(first, times); err != nil {
				return sheet.Row{}, err
			}
			r.fs.Finish(r.cells)
			if !hasValue(r.cells) {
				r.num += times
				continue
			}
			r.num = first
			r.repeat = times - 1
			r.last = sheet.Row{Num: first, Cells: r.cells, Hidden: hidden}
			return r.last, nil
		}
	}
	if sc.Err != nil {
		return sheet.Row{}, r.fail(sc.Err)
	}
	if !r.done {
		return sheet.Row{}, r.fail(sheet.Errorf(sheet.ErrMalformed, "table %q ends without </table:table>", r.name))
	}
	if err := zippart.Drain(r.rc); err != nil {
		return sheet.Row{}, r.fail(err)
	}
	r.err = io.EOF
	return sheet.Row{}, io.EOF
}

// repeated reads a repeat count: 1 when absent or not a positive number;
// a count too large for an int stays large (it is checked against the
// limits where it matters).
func repeated(sc *xmlscan.Scanner, sp xmlscan.Space, attr string) int {
	v, ok := sc.AttrNS(sp, attr)
	if !ok {
		return 1
	}
	n, err := strconv.ParseInt(strings.TrimSpace(string(v)), 10, 64)
	switch {
	case err != nil && errors.Is(err, strconv.ErrRange) && len(v) > 0 && v[0] != '-':
		return 1 << 40
	case err != nil || n < 1:
		return 1
	case n > 1<<40:
		return 1 << 40
	}
	return int(n)
}

func hasValue(cells []sheet.Cell) bool {
	for _, c := range cells {
		if !c.Empty() {
			return true
		}
	}
	return false
}
