package xls

import (
	"encoding/binary"
	"fmt"
	"io"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/aitkit/aitkit/sheet"
)

// readGlobals reads the workbook globals, up to their EOF record.
func (w *Workbook) readGlobals() error {
	rr, err := w.newRecords(0, nil)
	if err != nil {
		return err
	}
	if err := rr.nextRecord(); err != nil {
		if err == io.EOF {
			return sheet.Errorf(sheet.ErrMalformed, "the Workbook stream is empty")
		}
		return err
	}
	if dt, err := checkBOF(rr); err != nil {
		return err
	} else if dt != 0x0005 {
		return sheet.Errorf(sheet.ErrMalformed, "the Workbook stream begins with a BOF of type 0x%04X, not the workbook globals", dt)
	}
	formats := map[int]string{}
	var xfFormats []int
	for {
		if err := rr.nextRecord(); err != nil {
			if err == io.EOF {
				return sheet.Errorf(sheet.ErrMalformed, "the workbook globals end without an EOF record; is the file truncated?")
			}
			return err
		}
		d := rr.data
		switch rr.typ {
		case recEOF:
			w.xfFormats = sheet.StyleFormats(xfFormats, formats)
			return w.kindsOfSheets()
		case recFILEPASS:
			return sheet.Errorf(sheet.ErrUnsupported, "a workbook encrypted with a password; open it, remove the password and save it")
		case recDATEMODE:
			w.date1904 = len(d) >= 2 && u16(d, 0) == 1
		case recFORMAT:
			if len(d) < 2 {
				continue
			}
			if len(formats) >= w.limits.MaxFormats {
				return sheet.TooLarge(fmt.Sprintf("more than %s number formats", sheet.Count(int64(w.limits.MaxFormats))), "MaxFormats", int64(w.limits.MaxFormats))
			}
			code, _, err := unicodeString(d[2:], 2)
			if err != nil {
				return fmt.Errorf("a FORMAT record at byte %d: %w", rr.off, err)
			}
			formats[u16(d, 0)] = code
		case recXF:
			if len(d) < 4 {
				return sheet.Errorf(sheet.ErrMalformed, "an XF record of %d bytes at byte %d", len(d), rr.off)
			}
			if len(xfFormats) >= w.limits.MaxStyles {
				return sheet.TooLarge(fmt.Sprintf("more than %s cell styles", sheet.Count(int64(w.limits.MaxStyles))), "MaxStyles", int64(w.limits.MaxStyles))
			}
			xfFormats = append(xfFormats, u16(d, 2))
		case recBOUNDSHEET:
			if len(d) < 8 {
				return sheet.Errorf(sheet.ErrMalformed, "a BOUNDSHEET record of %d bytes at byte %d", len(d), rr.off)
			}
			if len(w.sheets) >= w.limits.MaxSheets {
				return sheet.TooLarge(fmt.Sprintf("more than %s sheets", sheet.Count(int64(w.limits.MaxSheets))), "MaxSheets", int64(w.limits.MaxSheets))
			}
			var kind sheet.SheetKind
			switch d[5] {
			case 0:
				kind = sheet.Worksheet // or a dialog sheet: its WSBOOL says (kindsOfSheets)
			case 1:
				kind = sheet.MacroSheet
			case 2:
				kind = sheet.ChartSheet
			default:
				continue // a VBA module: not a sheet
			}
			name, _, err := unicodeString(d[6:], 1)
			if err != nil {
				return fmt.Errorf("a BOUNDSHEET record at byte %d: %w", rr.off, err)
			}
			w.sheets = append(w.sheets, sheet.Info{Name: name, Kind: kind, Hidden: d[4]&3 != 0, VeryHidden: d[4]&3 == 2})
			w.offsets = append(w.offsets, int64(binary.LittleEndian.Uint32(d)))
		case recSST:
			if err := w.readSST(rr); err != nil {
				return err
			}
		}
	}
}

// kindsOfSheets tells dialog sheets from worksheets: both are worksheet
// substreams, and a dialog sheet's WSBOOL record says it is one. The
// WSBOOL record is among the first of the substream, before any cell.
func (w *Workbook) kindsOfSheets() error {
	for i := range w.sheets {
		if w.sheets[i].Kind != sheet.Worksheet {
			continue
		}
		// A damaged substream is left to Rows to report.
		rr, err := w.newRecords(w.offsets[i], nil)
		if err != nil || rr.nextRecord() != nil || rr.typ != recBOF {
			continue
		}
		for range 64 {
			if err := rr.nextRecord(); err != nil {
				if isContextErr(err) {
					return err
				}
				break
			}
			if rr.typ == recWSBOOL {
				if len(rr.data) >= 1 && rr.data[0]&0x10 != 0 {
					w.sheets[i].Kind = sheet.DialogSheet
				}
				break
			}
			if isCellRecord(rr.typ) {
				break
			}
		}
	}
	return nil
}

// isCellRecord tells whether a record holds cells or rows, the records
// that follow a worksheet substream's head.
func isCellRecord(typ uint16) bool {
	switch typ {
	case recDIMENSIONS, recROW, recLABELSST, recLABEL, recRSTRING, recNUMBER, recRK, recMULRK, recBOOLERR, recFORMULA, recEOF, recBOF, 0x0201, 0x00BE: // BLANK, MULBLANK
		return true
	}
	return false
}

// unicodeString reads an XLUnicodeString (lenBytes 2) or a
// ShortXLUnicodeString (lenBytes 1) that lies whole in b: its text and the
// bytes it took.
func unicodeString(b []byte, lenBytes int) (string, int, error) {
	if len(b) < lenBytes+1 {
		return "", 0, sheet.Errorf(sheet.ErrMalformed, "a string cut short")
	}
	n := int(b[0])
	if lenBytes == 2 {
		n = u16(b, 0)
	}
	flags := b[lenBytes]
	p := lenBytes + 1
	runs, ext := 0, 0
	if flags&0x08 != 0 { // rich text: a count of formatting runs
		if len(b) < p+2 {
			return "", 0, sheet.Errorf(sheet.ErrMalformed, "a string cut short")
		}
		runs = u16(b, p)
		p += 2
	}
	if flags&0x04 != 0 { // phonetic data
		if len(b) < p+4 {
			return "", 0, sheet.Errorf(sheet.ErrMalformed, "a string cut short")
		}
		ext = int(binary.LittleEndian.Uint32(b[p:]))
		p += 4
	}
	size := n
	if flags&0x01 != 0 {
		size = 2 * n
	}
	if len(b) < p+size {
		return "", 0, sheet.Errorf(sheet.ErrMalformed, "a string of %d characters with %d bytes left", n, len(b)-p)
	}
	s := decodeChars(nil, b[p:p+size], flags&0x01 != 0)
	return string(s), p + size + 4*runs + ext, nil
}

// decodeChars appends characters as UTF-8: UTF-16LE when high, else the
// low bytes of UTF-16 (Latin-1).
func decodeChars(out []byte, b []byte, high bool) []byte {
	if !high {
		for _, c := range b {
			if c < utf8.RuneSelf {
				out = append(out, c)
			} else {
				out = utf8.AppendRune(out, rune(c))
			}
		}
		return out
	}
	for i := 0; i+1 < len(b); i += 2 {
		u := rune(binary.LittleEndian.Uint16(b[i:]))
		switch {
		case u < utf8.RuneSelf:
			out = append(out, byte(u))
		case utf16.IsSurrogate(u):
			r := utf8.RuneError
			if i+3 < len(b) {
				if r = utf16.DecodeRune(u, rune(binary.LittleEndian.Uint16(b[i+2:]))); r != utf8.RuneError {
					i += 2
				}
			}
			out = utf8.AppendRune(out, r)
		default:
			out = utf8.AppendRune(out, u)
		}
	}
	return out
}
