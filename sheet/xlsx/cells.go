package xlsx

import (
	"bytes"
	"fmt"
	"strconv"

	"github.com/aitkit/aitkit/sheet"
	"github.com/aitkit/aitkit/sheet/internal/formula"
	"github.com/aitkit/aitkit/sheet/internal/xmlscan"
)

// readCells reads the cells of row num up to its </row>.
func (r *Rows) readCells(num int) error {
	col := 0
	sc := r.sc
	maxCols := r.wb.limits.MaxColumns
	for sc.Next() {
		if sc.Kind == xmlscan.Text || sc.Kind == xmlscan.End && !sc.Is("row") {
			continue
		}
		if !sc.InML() {
			return r.foreign()
		}
		switch {
		case sc.Kind == xmlscan.End && sc.Is("row"):
			return nil
		case (sc.Kind == xmlscan.Start || sc.Kind == xmlscan.SelfClose) && sc.Is("c"):
			// r, s and t in one pass; t is copied (it is short), since the
			// scanner's buffer moves on.
			style := -1
			var tbuf [16]byte
			var typ []byte
			badRef, otherRow, next, ref := false, false, col, ""
			sc.EachAttr(func(k, v []byte) {
				switch string(k) {
				case "r":
					c, row, ok := parseRef(v)
					switch {
					case ok:
						col, otherRow = c, row != num && row != 0
						if otherRow {
							ref = string(v)
						}
					case len(v) > 0:
						badRef = true
					}
				case "s":
					if n, ok := atoiBytes(v); ok {
						style = n
					}
				case "t":
					typ = tbuf[:copy(tbuf[:], v)]
				}
			})
			if badRef || col >= maxCols {
				return r.cellError(num, maxCols-1, sheet.TooLarge(fmt.Sprintf("row %d has a cell past column %s, the last a sheet has", num, sheet.ColumnName(maxCols-1)), "MaxColumns", int64(maxCols)))
			}
			switch {
			case otherRow:
				return r.cellError(num, col, sheet.Errorf(sheet.ErrAmbiguous, "a cell of row %d is not named for it (r=%q) in %s", num, ref, r.info.Part))
			case col < next && col == next-1:
				return r.cellError(num, col, sheet.Errorf(sheet.ErrAmbiguous, "cell %s comes twice in %s", sheet.ColumnName(col)+strconv.Itoa(num), r.info.Part))
			case col < next:
				return r.cellError(num, col, sheet.Errorf(sheet.ErrAmbiguous, "cell %s comes after column %s in %s", sheet.ColumnName(col)+strconv.Itoa(num), sheet.ColumnName(next-1), r.info.Part))
			}
			var cell sheet.Cell
			r.serial, r.hasSerial, r.isText = 0, false, false
			if sc.Kind == xmlscan.Start {
				var err error
				if cell, err = r.readCell(num, col, string(typ), style); err != nil {
					return err
				}
			}
			r.cells = sheet.PutCell(r.cells, col, cell)
			if r.hasSerial {
				r.fs.Cur.Nums = append(r.fs.Cur.Nums, formula.ColNum{Col: col, V: r.serial})
			} else if r.isText && cell.Value == "" {
				r.fs.Cur.Texts = append(r.fs.Cur.Texts, col)
			}
			col++
		}
	}
	return r.scanErr()
}

// readCell reads one <c> element: its value, or its cached formula result,
// as the cell type and style tell.
func (r *Rows) readCell(num, col int, typ string, style int) (sheet.Cell, error) {
	sc := r.sc
	r.v, r.is, r.f = r.v[:0], r.is[:0], r.f[:0]
	r.fType, r.fShared = r.fType[:0], -1
	hasV, hasF, inV, inT, inF, inRPh := false, false, false, false, false, 0
	var err error
	for sc.Next() {
		if (sc.Kind == xmlscan.Start || sc.Kind == xmlscan.SelfClose || sc.Kind == xmlscan.End && sc.Is("c")) && !sc.InML() {
			return sheet.Cell{}, r.foreign()
		}
		switch sc.Kind {
		case xmlscan.Start:
			switch {
			case sc.Is("v"):
				inV, hasV = true, true
			case sc.Is("f"):
				inF, hasF = true, true
				r.formulaAttrs()
			case sc.Is("t"):
				inT = inRPh == 0
			case sc.Is("rPh"):
				inRPh++
			}
		case xmlscan.SelfClose:
			switch {
			case sc.Is("f"):
				hasF = true
				r.formulaAttrs()
			case sc.Is("v"):
				hasV = true
			}
		case xmlscan.End:
			switch {
			case sc.Is("v"):
				inV = false
			case sc.Is("f"):
				inF = false
			case sc.Is("t"):
				inT = false
			case sc.Is("rPh"):
				inRPh--
			case sc.Is("c"):
				return r.cellValue(num, col, typ, style, hasV, hasF)
			}
		case xmlscan.Text:
			switch {
			case inV:
				r.v, err = sc.AppendText(r.v)
			case inT:
				r.is, err = sc.AppendText(r.is)
			case inF:
				r.f, err = sc.AppendText(r.f)
			}
			if err != nil {
				return sheet.Cell{}, r.fail(err)
			}
			if max := r.wb.limits.MaxCellBytes; len(r.v) > max || len(r.is) > max || len(r.f) > max {
				return sheet.Cell{}, r.cellError(num, col, sheet.TooLarge(fmt.Sprintf("the cell holds over %s bytes", sheet.Count(int64(max))), "MaxCellBytes", int64(max)))
			}
		}
	}
	return sheet.Cell{}, r.scanErr()
}

func (r *Rows) cellValue(num, col int, typ string, style int, hasV, hasF bool) (sheet.Cell, error) {
	if hasF {
		if err := r.noteShared(num, col); err != nil {
			return sheet.Cell{}, err
		}
		if r.noCachedValue(typ, hasV) {
			return r.pendingFormula(num, col, style), nil
		}
	}
	switch typ {
	case "s", "inlineStr", "str":
		r.isText = true
	}
	switch typ {
	case "s":
		// An index written with spaces around it (" 5 ") is read as 5.
		i, ok := atoiBytes(bytes.TrimSpace(r.v))
		if !ok || i < 0 || i >= r.wb.strings.Len() {
			return sheet.Cell{}, r.cellError(num, col, sheet.Errorf(sheet.ErrMalformed, "shared string index %q out of range (the table has %d)", r.v, r.wb.strings.Len()))
		}
		s, err := r.wb.strings.Get(i)
		if err != nil {
			return sheet.Cell{}, r.fail(err)
		}
		return sheet.Cell{Value: s}, nil
	case "inlineStr":
		return sheet.Cell{Value: string(r.is)}, nil
	case "str":
		return sheet.Cell{Value: string(r.v)}, nil
	case "b":
		if string(bytes.TrimSpace(r.v)) == "1" {
			return sheet.Cell{Value: "TRUE", Kind: sheet.Bool}, nil
		}
		return sheet.Cell{Value: "FALSE", Kind: sheet.Bool}, nil
	case "e":
		return sheet.Cell{Value: string(r.v), Kind: sheet.ErrorValue}, nil
	case "d":
		v := string(r.v)
		if d, ok := sheet.DatePrefix(v); ok {
			return sheet.Cell{Value: d, Kind: sheet.Date}, nil
		}
		return sheet.Cell{Value: v}, nil
	}
	if !hasV {
		return sheet.Cell{}, nil
	}
	return r.numberCell(bytes.TrimSpace(r.v), r.wb.format(style)), nil
}

// numberCell is a number as its format makes it (see sheet.NumberCell);
// a number in General format costs no parsing.
func (r *Rows) numberCell(raw []byte, f *sheet.Format) sheet.Cell {
	switch {
	case f == nil:
		return sheet.Cell{Value: string(raw), Kind: sheet.Number}
	case f.Kind() == sheet.Date:
		return r.dateCell(raw)
	case f.Kind() == sheet.Percent:
		return sheet.Cell{Value: string(raw), Kind: sheet.Percent}
	}
	v := string(raw)
	n, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return sheet.Cell{Value: v, Kind: sheet.Number}
	}
	return sheet.NumberCell(n, v, f, r.wb.date1904)
}

// dateCell reads a number in a date-formatted cell. The sheet keeps the
// dates it has read (serial as written -> YYYY-MM-DD, up to maxDatesKept):
// a column of dates repeats a few hundred days.
//
// Its serial is kept aside (r.serial) for the formulas that refer to it.
func (r *Rows) dateCell(raw []byte) sheet.Cell {
	if d, ok := r.dates[string(raw)]; ok {
		r.serial, r.hasSerial = d.serial, true
		return sheet.Cell{Value: d.date, Kind: sheet.Date}
	}
	v := string(raw)
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return sheet.Cell{Value: v, Kind: sheet.Number}
	}
	r.serial, r.hasSerial = f, true
	c := sheet.DateCell(f, v, r.wb.date1904)
	if c.Kind == sheet.Date && len(r.dates) < maxDatesKept {
		r.dates[v] = dateSerial{c.Value, f}
	}
	return c
}

// dateSerial is a date cell read: its date, and its serial.
type dateSerial struct {
	date   string
	serial float64
}
