package xls

import (
	"fmt"
	"io"
	"sync/atomic"

	"github.com/aitkit/aitkit/sheet"
)

// Rows streams the rows of one worksheet.
type Rows struct {
	wb    *Workbook
	name  string
	rr    *records
	cells []sheet.Cell
	// pending holds the cells of the record that began the row after the
	// one given, read before it was known to start a new row.
	pending []placedCell
	depth   int // BOF records open (a chart inside a sheet has its own)
	lastRow int
	done    bool
	err     error
	read    atomic.Int64
	size    int64
	str     []byte
	// hiddenRows has a bit set for each hidden row (0-based) its ROW
	// record marks, made at the first; hiddenCols the columns COLINFO
	// records hide.
	hiddenRows []uint64
	hiddenCols sheet.ColumnSet
}

// Rows opens sheet i (an index into Sheets) to read its rows. The rows of
// one sheet are read at a time (the stream has one position).
func (w *Workbook) Rows(i int) (*Rows, error) {
	if i < 0 || i >= len(w.sheets) {
		return nil, fmt.Errorf("xls: no sheet %d", i)
	}
	r := &Rows{wb: w, name: w.sheets[i].Name, lastRow: -1, size: w.file.Size}
	rr, err := w.newRecords(w.offsets[i], &r.read)
	if err == nil {
		if err = rr.nextRecord(); err == io.EOF {
			err = sheet.Errorf(sheet.ErrMalformed, "sheet %q begins past the end of the Workbook stream", r.name)
		}
	}
	if err == nil {
		var dt int
		if dt, err = checkBOF(rr); err == nil && dt != 0x0010 {
			err = sheet.Errorf(sheet.ErrMalformed, "sheet %q does not begin with a worksheet BOF (type 0x%04X)", r.name, dt)
		}
	}
	if err != nil {
		return nil, placed(w.name, err)
	}
	r.rr, r.depth = rr, 1
	if w.sheets[i].Kind != sheet.Worksheet {
		r.done = true // a chart, dialog or macro sheet: no cells to read
		return r, nil
	}
	if err := r.readHead(); err != nil {
		return nil, placed(w.name, err)
	}
	return r, nil
}

// readHead reads the records of the sheet before its rows and cells: the
// columns its COLINFO records hide.
func (r *Rows) readHead() error {
	for !isCellRecord(r.rr.peekType()) && r.rr.peekType() != 0 {
		if err := r.rr.nextRecord(); err != nil {
			if err == io.EOF {
				return nil // Next reports the sheet's missing end
			}
			return err
		}
		d := r.rr.data
		if r.rr.typ == recCOLINFO && len(d) >= 10 && d[8]&0x01 != 0 {
			first, last := u16(d, 0), u16(d, 2)
			r.hiddenCols.Add(first, min(last, r.wb.limits.MaxColumns-1))
		}
	}
	return nil
}

// HiddenColumns are the columns of the sheet that are hidden.
func (r *Rows) HiddenColumns() sheet.ColumnSet { return r.hiddenCols }

// noteRow reads a ROW record: whether its row is hidden (fDyZero).
func (r *Rows) noteRow() {
	d := r.rr.data
	if len(d) < 16 || d[12]&0x20 == 0 {
		return
	}
	row := u16(d, 0)
	if row >= r.wb.limits.MaxRows {
		return
	}
	if r.hiddenRows == nil {
		r.hiddenRows = make([]uint64, (r.wb.limits.MaxRows+63)/64)
	}
	r.hiddenRows[row/64] |= 1 << (row % 64)
}

// rowHidden tells whether row (0-based) is hidden.
func (r *Rows) rowHidden(row int) bool {
	return r.hiddenRows != nil && row/64 < len(r.hiddenRows) && r.hiddenRows[row/64]&(1<<(row%64)) != 0
}

// Progress says how far into the Workbook stream the reading is; safe to
// call from another goroutine.
func (r *Rows) Progress() (done, total int64) { return r.read.Load(), r.size }

// Place is the cell of row num, column col (0-based).
func (r *Rows) Place(num, col int) sheet.Place {
	return sheet.CellPlace(r.wb.name, r.name, num, col)
}

// Close ends the reading of the sheet.
func (r *Rows) Close() error { return nil }

func (r *Rows) fail(err error) error {
	r.err = placed(r.wb.name, err)
	return r.err
}

// Next returns the next row with cells; a row's Cells are reused by the
// next call. io.EOF at the sheet's EOF record.
func (r *Rows) Next() (sheet.Row, error) {
	if r.err != nil {
		return sheet.Row{}, r.err
	}
	r.cells = r.cells[:0]
	row := -1
	for _, c := range r.pending {
		row = c.row
		r.put(c.col, c.cell)
	}
	r.pending = r.pending[:0]
	for !r.done && len(r.pending) == 0 {
		if err := r.rr.nextRecord(); err != nil {
			if err == io.EOF {
				return sheet.Row{}, r.fail(sheet.Errorf(sheet.ErrMalformed, "sheet %q ends without an EOF record; is the file truncated?", r.name))
			}
			return sheet.Row{}, r.fail(err)
		}
		switch r.rr.typ {
		case recBOF:
			r.depth++
			continue
		case recEOF:
			if r.depth--; r.depth == 0 {
				r.done = true
			}
			continue
		}
		if r.depth != 1 {
			continue
		}
		if r.rr.typ == recROW {
			r.noteRow()
			continue
		}
		cells, err := r.cellsOf()
		if err != nil {
			return sheet.Row{}, r.fail(err)
		}
		if len(cells) == 0 {
			continue
		}
		// A record holds cells of one row.
		switch c := cells[0].row; {
		case c <= r.lastRow || c < row:
			return sheet.Row{}, r.fail(sheet.Errorf(sheet.ErrMalformed, "sheet %q has a cell of row %d after row %d; rows out of order are not read", r.name, c+1, max(r.lastRow, row)+1))
		case cells[len(cells)-1].col >= r.wb.limits.MaxColumns || c >= r.wb.limits.MaxRows:
			return sheet.Row{}, r.fail(sheet.TooLarge(fmt.Sprintf("sheet %q has a cell past row %s or column %s", r.name, sheet.Count(int64(r.wb.limits.MaxRows)), sheet.ColumnName(r.wb.limits.MaxColumns-1)), "MaxColumns", int64(r.wb.limits.MaxColumns)))
		case row < 0 || c == row:
			row = c
			for _, pc := range cells {
				r.put(pc.col, pc.cell)
			}
		default:
			// The first record of the next row: kept for the next call.
			r.pending = append(r.pending, cells...)
		}
	}
	if row < 0 {
		r.err = io.EOF
		return sheet.Row{}, io.EOF
	}
	r.lastRow = row
	return sheet.Row{Num: row + 1, Cells: r.cells, Hidden: r.rowHidden(row)}, nil
}

// put sets the cell in column col of the row being read.
func (r *Rows) put(col int, c sheet.Cell) { r.cells = sheet.PutCell(r.cells, col, c) }

type placedCell struct {
	row, col int
	cell     sheet.Cell
}
