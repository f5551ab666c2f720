package xls

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"

	"github.com/aitkit/aitkit/sheet"
)

// cellsOf reads the cells of the current record; none for a record that
// holds no value.
func (r *Rows) cellsOf() ([]placedCell, error) {
	rr := r.rr
	d := rr.data
	short := func() ([]placedCell, error) {
		return nil, sheet.Errorf(sheet.ErrMalformed, "a cell record (0x%04X) of %d bytes at byte %d", rr.typ, len(d), rr.off)
	}
	one := func(c sheet.Cell) ([]placedCell, error) {
		return []placedCell{{u16(d, 0), u16(d, 2), c}}, nil
	}
	switch rr.typ {
	case recLABELSST:
		if len(d) < 10 {
			return short()
		}
		i := int(binary.LittleEndian.Uint32(d[6:]))
		if i < 0 || i >= r.wb.strings.Len() {
			return nil, &sheet.Error{Place: r.Place(u16(d, 0)+1, u16(d, 2)), Err: sheet.Errorf(sheet.ErrMalformed, "shared string %d out of range (the table has %d)", i, r.wb.strings.Len())}
		}
		s, err := r.wb.strings.Get(i)
		if err != nil {
			return nil, err
		}
		return one(sheet.Cell{Value: s})
	case recLABEL, recRSTRING:
		if len(d) < 9 {
			return short()
		}
		s, _, err := unicodeString(d[6:], 2)
		if err != nil {
			return nil, err
		}
		return one(sheet.Cell{Value: s})
	case recNUMBER:
		if len(d) < 14 {
			return short()
		}
		return one(r.number(u16(d, 4), math.Float64frombits(binary.LittleEndian.Uint64(d[6:]))))
	case recRK:
		if len(d) < 10 {
			return short()
		}
		return one(r.number(u16(d, 4), rk(binary.LittleEndian.Uint32(d[6:]))))
	case recMULRK:
		if len(d) < 6 || (len(d)-6)%6 != 0 {
			return short()
		}
		row, first := u16(d, 0), u16(d, 2)
		n := (len(d) - 6) / 6
		cells := make([]placedCell, n)
		for k := range n {
			p := 4 + 6*k
			cells[k] = placedCell{row, first + k, r.number(u16(d, p), rk(binary.LittleEndian.Uint32(d[p+2:])))}
		}
		return cells, nil
	case recBOOLERR:
		if len(d) < 8 {
			return short()
		}
		if d[7] != 0 {
			return one(sheet.Cell{Value: errorCode(d[6]), Kind: sheet.ErrorValue})
		}
		return one(boolCell(d[6]))
	case recFORMULA:
		if len(d) < 20 {
			return short()
		}
		v := d[6:14]
		if v[6] != 0xFF || v[7] != 0xFF {
			return one(r.number(u16(d, 4), math.Float64frombits(binary.LittleEndian.Uint64(v))))
		}
		switch v[0] {
		case 0: // a string, in the STRING record that follows
			// The records after this one are read into the same buffer:
			// its row and column are taken first (the STRING record has
			// none of its own).
			row, col := u16(d, 0), u16(d, 2)
			s, err := r.formulaString()
			if err == errNoString {
				// The text is not in the file: an error in its cell, never
				// an empty one.
				return []placedCell{{row, col, sheet.Cell{Value: "a formula whose text result was not saved", Kind: sheet.ErrorValue}}}, nil
			}
			if err != nil {
				return nil, err
			}
			return []placedCell{{row, col, sheet.Cell{Value: s}}}, nil
		case 1:
			return one(boolCell(v[2]))
		case 2:
			return one(sheet.Cell{Value: errorCode(v[2]), Kind: sheet.ErrorValue})
		}
		return one(sheet.Cell{}) // an empty string
	}
	return nil, nil
}

// errNoString: a FORMULA whose result is text has no STRING record after
// it.
var errNoString = errors.New("no STRING record")

// formulaString reads the STRING record after a FORMULA whose result is
// text (a SHRFMLA or ARRAY record may come between).
func (r *Rows) formulaString() (string, error) {
	for {
		switch r.rr.peekType() {
		case 0x04BC, 0x0221: // SHRFMLA, ARRAY
			if err := r.rr.nextRecord(); err != nil {
				return "", err
			}
			continue
		case recSTRING:
		default:
			return "", errNoString
		}
		if err := r.rr.nextRecord(); err != nil {
			return "", err
		}
		d := r.rr.data
		if len(d) < 3 {
			return "", sheet.Errorf(sheet.ErrMalformed, "a STRING record of %d bytes at byte %d", len(d), r.rr.off)
		}
		n, high := u16(d, 0), d[2]&0x01 != 0
		text := r.str[:0]
		seg, left := d[3:], n
		for {
			width := 1
			if high {
				width = 2
			}
			k := min(left, len(seg)/width)
			text = decodeChars(text, seg[:k*width], high)
			if left -= k; left == 0 {
				break
			}
			if r.rr.peekType() != recCONTINUE {
				return "", sheet.Errorf(sheet.ErrMalformed, "a STRING record at byte %d is cut short", r.rr.off)
			}
			if err := r.rr.nextRecord(); err != nil {
				return "", err
			}
			if len(r.rr.data) == 0 {
				return "", sheet.Errorf(sheet.ErrMalformed, "an empty CONTINUE record at byte %d", r.rr.off)
			}
			high, seg = r.rr.data[0]&0x01 != 0, r.rr.data[1:]
			if len(text) > r.wb.limits.MaxCellBytes {
				return "", sheet.TooLarge(fmt.Sprintf("a formula's text is over %s bytes", sheet.Count(int64(r.wb.limits.MaxCellBytes))), "MaxCellBytes", int64(r.wb.limits.MaxCellBytes))
			}
		}
		r.str = text
		return string(text), nil
	}
}

// number is a number cell as its style's format makes it: a date, a
// percent or a plain number.
func (r *Rows) number(xf int, f float64) sheet.Cell {
	var format *sheet.Format
	if xf >= 0 && xf < len(r.wb.xfFormats) {
		format = r.wb.xfFormats[xf]
	}
	return sheet.NumberCell(f, sheet.FormatNumber(f), format, r.wb.date1904)
}

// rk decodes an RK number: a 30-bit integer or the top 30 bits of a
// double, divided by 100 when its low bit says so.
func rk(v uint32) float64 {
	var f float64
	if v&2 != 0 {
		f = float64(int32(v) >> 2)
	} else {
		f = math.Float64frombits(uint64(v&^3) << 32)
	}
	if v&1 != 0 {
		f /= 100
	}
	return f
}

func boolCell(b byte) sheet.Cell {
	if b != 0 {
		return sheet.Cell{Value: "TRUE", Kind: sheet.Bool}
	}
	return sheet.Cell{Value: "FALSE", Kind: sheet.Bool}
}

// errorCode names a cell error as Excel shows it.
func errorCode(b byte) string {
	switch b {
	case 0x00:
		return "#NULL!"
	case 0x07:
		return "#DIV/0!"
	case 0x0F:
		return "#VALUE!"
	case 0x17:
		return "#REF!"
	case 0x1D:
		return "#NAME?"
	case 0x24:
		return "#NUM!"
	case 0x2A:
		return "#N/A"
	case 0x2B:
		return "#GETTING_DATA"
	}
	return fmt.Sprintf("#ERROR(%d)", b)
}
