package xlsx

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/aitkit/aitkit/sheet"
	"github.com/aitkit/aitkit/sheet/internal/formula"
	"github.com/aitkit/aitkit/sheet/internal/xmlscan"
	"github.com/aitkit/aitkit/sheet/internal/zippart"
)

// Rows streams the rows of one worksheet, in the order the part has them.
type Rows struct {
	wb    *Workbook
	info  Info
	rc    io.ReadCloser
	sc    *xmlscan.Scanner
	cells []sheet.Cell
	next0 int    // the row number to assume when <row> has no r
	count int    // rows read
	v, is []byte // a cell's value and inline text, reused
	f     []byte // a cell's formula
	done  bool
	err   error
	dates map[string]dateSerial // see dateCell

	hiddenCols sheet.ColumnSet

	// Formulas (formulas.go): the rows kept for them to refer to, the
	// shared formulas, and the formulas of the row being read that are
	// computed at its end.
	fs        *formula.Sheet // the formulas computed, and the rows kept for them
	serial    float64        // the number of the date cell just read
	hasSerial bool
	isText    bool   // the cell just read holds text
	fType     []byte // the t attribute of the cell's <f>
	fShared   int    // its si attribute, -1 for none
	fMaster   bool   // it has a ref attribute: the first cell of a shared formula
	shared    map[int]*sharedFormula
	sharedLen int // bytes of the shared formulas' text kept

	ahead   *rowsAhead // rows scanned on a goroutine of their own, when a core is free
	aheadOK bool       // Next may scan ahead
}

const maxDatesKept = 4096

// Rows opens sheet i (an index into Sheets) to read its rows.
func (w *Workbook) Rows(i int) (*Rows, error) {
	if i < 0 || i >= len(w.sheets) {
		return nil, fmt.Errorf("xlsx: no sheet %d", i)
	}
	info := w.sheets[i]
	if info.Kind != sheet.Worksheet {
		// A chart, dialog or macro sheet: no cells to read.
		return &Rows{wb: w, info: info, rc: io.NopCloser(nil), err: io.EOF}, nil
	}
	rc, err := w.parts.OpenStream(info.Part)
	if err != nil {
		return nil, w.placed(err)
	}
	if rc == nil {
		return nil, w.placed(&sheet.Error{Part: info.Part, Err: sheet.Errorf(sheet.ErrMalformed, "sheet %q has no part %s", info.Name, info.Part)})
	}
	rows := &Rows{wb: w, info: info, rc: rc, sc: xmlscan.New(rc, xmlscan.GetBuffer(), w.limits.MaxCellBytes), next0: 1, dates: map[string]dateSerial{}, aheadOK: w.ahead}
	rows.fs = formula.NewSheet(info.Name, w.limits.FormulaRows, w.date1904, rows.valueCell)
	if err := rows.readHead(); err != nil {
		rows.Close()
		return nil, err
	}
	return rows, nil
}

// parseRef reads a cell reference: its column (0-based) and its row (0
// when it has none: "D"; -1 when what follows the letters is not a row
// number). ok is false without letters or past the last column.
func parseRef(v []byte) (col, row int, ok bool) {
	col, ok = sheet.ColumnIndex(v)
	if !ok {
		return 0, 0, false
	}
	i := 0
	for i < len(v) && (v[i]|0x20) >= 'a' && (v[i]|0x20) <= 'z' {
		i++
	}
	if i == len(v) {
		return col, 0, true
	}
	if row, ok = atoiBytes(v[i:]); !ok || row < 1 {
		return col, -1, true
	}
	return col, row, true
}

// readHead reads the worksheet up to its <sheetData>: the columns hidden
// (<col hidden="1">).
func (r *Rows) readHead() error {
	sc := r.sc
	maxCols := r.wb.limits.MaxColumns
	for sc.Next() {
		switch {
		case sc.Kind != xmlscan.Text && sc.Is("sheetData") && !ml(sc, "sheetData"):
			return r.foreign()
		case sc.Kind == xmlscan.Start && ml(sc, "sheetData"):
			return nil
		case sc.Kind == xmlscan.SelfClose && ml(sc, "sheetData"):
			r.done = true
			return nil
		case (sc.Kind == xmlscan.Start || sc.Kind == xmlscan.SelfClose) && ml(sc, "col"):
			first, last, hidden := 0, 0, false
			sc.EachAttr(func(k, v []byte) {
				switch string(k) {
				case "min":
					first, _ = atoiBytes(v)
				case "max":
					last, _ = atoiBytes(v)
				case "hidden":
					hidden = xmlBool(string(v))
				}
			})
			if hidden && first >= 1 {
				r.hiddenCols.Add(first-1, min(max(last, first), maxCols)-1)
			}
		}
	}
	if sc.Err != nil {
		return r.fail(sc.Err)
	}
	return r.fail(fmt.Errorf("the sheet has no <sheetData>"))
}

// HiddenColumns are the columns of the sheet that are hidden.
func (r *Rows) HiddenColumns() sheet.ColumnSet { return r.hiddenCols }

// Progress says how much of the sheet's part has been inflated, of what it
// declares; safe to call from another goroutine.
func (r *Rows) Progress() (done, total int64) { return zippart.Progress(r.rc) }

// Close releases the sheet's part.
func (r *Rows) Close() error {
	if r.ahead != nil {
		r.ahead.stop()
		r.ahead = nil
	}
	if r.sc != nil {
		xmlscan.PutBuffer(r.sc.Buffer())
		r.sc = nil
	}
	return r.rc.Close()
}

// Place is the cell of row num, column col (0-based).
func (r *Rows) Place(num, col int) sheet.Place {
	return sheet.CellPlace(r.wb.name, r.info.Name, num, col)
}

// fail stops the rows with err, placed in the file and naming the part.
func (r *Rows) fail(err error) error {
	if isContextErr(err) {
		return err
	}
	if !errors.As(err, new(*sheet.Error)) {
		if errors.Is(err, sheet.ErrTooLarge) || errors.Is(err, sheet.ErrMalformed) {
			err = &sheet.Error{Part: r.info.Part, Err: err}
		} else {
			err = &sheet.Error{Part: r.info.Part, Err: sheet.Errorf(sheet.ErrMalformed, "sheet %q: %v", r.info.Name, err)}
		}
	}
	r.err = r.wb.placed(err)
	return r.err
}

// cellError stops the rows at a cell that passes a limit.
func (r *Rows) cellError(num, col int, err error) error {
	r.err = &sheet.Error{Place: r.Place(num, col), Err: err}
	return r.err
}

// scanErr is the scanner's error, or an unexpected end of the part.
func (r *Rows) scanErr() error {
	if r.sc.Err != nil {
		return r.fail(r.sc.Err)
	}
	return r.fail(io.ErrUnexpectedEOF)
}

// Next returns the next row with its cells placed by their r attributes
// (or in order when a cell has none); a row's Cells are reused by the next
// call. After </sheetData> it reads the part to its end, so that a damaged
// part is an error rather than a short read, and returns io.EOF.
func (r *Rows) Next() (sheet.Row, error) {
	if r.aheadOK {
		if r.ahead == nil {
			r.startAhead()
		}
		return r.ahead.next()
	}
	return r.next()
}

// next scans the next row.
func (r *Rows) next() (sheet.Row, error) {
	if r.err != nil {
		return sheet.Row{}, r.err
	}
	for !r.done && r.sc.Next() {
		sc := r.sc
		if sc.Kind == xmlscan.Text || sc.Kind == xmlscan.End && !sc.Is("sheetData") {
			continue
		}
		if !sc.InML() {
			return sheet.Row{}, r.foreign()
		}
		if sc.Kind == xmlscan.End && sc.Is("sheetData") {
			r.done = true
			break
		}
		if sc.Kind != xmlscan.Start && sc.Kind != xmlscan.SelfClose || !sc.Is("row") {
			continue
		}
		num := r.next0
		hidden, tooLarge := false, []byte(nil)
		sc.EachAttr(func(k, v []byte) {
			switch string(k) {
			case "r":
				if n, ok := atoiBytes(v); ok && n > 0 {
					num = n
				} else if len(v) > 0 && len(bytes.TrimLeft(v, "0123456789")) == 0 {
					tooLarge = v
				}
			case "hidden":
				hidden = xmlBool(string(v))
			}
		})
		if tooLarge != nil {
			return sheet.Row{}, r.cellError(r.wb.limits.MaxRows, 0, sheet.TooLarge(fmt.Sprintf("row number %s is past the last row a sheet has", tooLarge), "MaxRows", int64(r.wb.limits.MaxRows)))
		}
		r.count++
		if num > r.wb.limits.MaxRows || r.count > r.wb.limits.MaxRows {
			return sheet.Row{}, r.cellError(min(num, r.wb.limits.MaxRows), 0, sheet.TooLarge(fmt.Sprintf("more than %s rows in the sheet", sheet.Count(int64(r.wb.limits.MaxRows))), "MaxRows", int64(r.wb.limits.MaxRows)))
		}
		if num < r.next0 {
			// A row number that comes again, or goes back: Excel refuses
			// the file, other programs keep the first or the last.
			what := fmt.Sprintf("row %d comes after row %d", num, r.next0-1)
			if num == r.next0-1 {
				what = fmt.Sprintf("row %d comes twice", num)
			}
			return sheet.Row{}, r.cellError(num, 0, sheet.Errorf(sheet.ErrAmbiguous, "%s in %s", what, r.info.Part))
		}
		r.next0 = num + 1
		r.cells = r.cells[:0]
		r.fs.Begin(num)
		if sc.Kind == xmlscan.Start {
			if err := r.readCells(num); err != nil {
				return sheet.Row{}, err
			}
		}
		r.fs.Finish(r.cells)
		return sheet.Row{Num: num, Cells: r.cells, Hidden: hidden}, nil
	}
	if r.sc.Err != nil {
		return sheet.Row{}, r.fail(r.sc.Err)
	}
	if !r.done {
		return sheet.Row{}, r.fail(fmt.Errorf("the sheet ends without </sheetData>"))
	}
	if err := r.readTail(); err != nil {
		return sheet.Row{}, err
	}
	r.err = io.EOF
	return sheet.Row{}, io.EOF
}

// readTail reads the part after </sheetData> to its end, so that its
// checksum is checked, and refuses a second sheetData (in any namespace):
// a workbook that shows other rows in other programs.
func (r *Rows) readTail() error {
	sc := r.sc
	for sc.Next() {
		if sc.Kind != xmlscan.Text && sc.Is("sheetData") {
			return r.foreign()
		}
	}
	if sc.Err != nil {
		return r.fail(sc.Err)
	}
	return nil
}

// foreign refuses a sheet whose rows could be read two ways: a sheetData
// (or a row, a cell) in a namespace other than SpreadsheetML's, or a
// second sheetData.
func (r *Rows) foreign() error {
	what := "a second <sheetData>"
	if ns := r.sc.SpaceName(); r.sc.Space() != xmlscan.SpreadsheetML {
		what = fmt.Sprintf("a <%s> in the namespace %q, not SpreadsheetML's", r.sc.Name(), ns)
	}
	return r.fail(&sheet.Error{Part: r.info.Part, Err: sheet.Errorf(sheet.ErrAmbiguous, "sheet %q has %s", r.info.Name, what)})
}

// ml tells whether the scanner is at the tag name of SpreadsheetML
// (Strict or transitional, or with no namespace at all).
func ml(sc *xmlscan.Scanner, name string) bool { return sc.IsIn(xmlscan.SpreadsheetML, name) }
