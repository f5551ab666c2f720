package xlsx

import (
	"fmt"

	"github.com/aitkit/aitkit/sheet"
)

// readSharedStrings streams the shared-strings part into the table. Rich
// text runs are joined; phonetic runs (rPh) are left out.
func (w *Workbook) readSharedStrings(part string) error {
	rc, err := w.parts.openStream(part)
	if err != nil || rc == nil {
		return err
	}
	defer rc.Close()
	sc := newXMLScanner(rc, getBuffer(), w.limits.MaxCellBytes)
	defer func() { putBuffer(sc.buf) }()
	ss := w.strings
	var text []byte
	inSI, inT, inRPh := false, false, 0
	add := func(text []byte) error {
		if ss.len() >= w.limits.MaxStrings {
			return sheet.TooLarge(fmt.Sprintf("more than %s shared strings", sheet.Count(int64(w.limits.MaxStrings))), "MaxStrings", int64(w.limits.MaxStrings))
		}
		return ss.add(text)
	}
	for sc.next() {
		switch sc.kind {
		case tokStart:
			switch {
			case sc.is("sst"):
				// Size the index once; the count is a hint, not trusted far.
				if v, ok := sc.attr("uniqueCount"); ok {
					if n, ok := atoiBytes(v); ok {
						ss.reserve(n)
					}
				}
			case sc.is("si"):
				inSI = true
				text = text[:0]
			case sc.is("rPh"):
				inRPh++
			case sc.is("t"):
				inT = inSI && inRPh == 0
			}
		case tokEnd:
			switch {
			case sc.is("si"):
				inSI = false
				if err := add(text); err != nil {
					return &sheet.Error{Part: part, Err: err}
				}
			case sc.is("rPh"):
				inRPh--
			case sc.is("t"):
				inT = false
			}
		case tokSelfClose:
			if sc.is("si") {
				if err := add(nil); err != nil {
					return &sheet.Error{Part: part, Err: err}
				}
			}
		case tokText:
			if inT {
				if text, err = sc.appendText(text); err != nil {
					return &sheet.Error{Part: part, Err: sheet.Errorf(sheet.ErrMalformed, "%v", err)}
				}
				if len(text) > w.limits.MaxCellBytes {
					return &sheet.Error{Part: part, Err: sheet.TooLarge(fmt.Sprintf("a shared string is over %s bytes", sheet.Count(int64(w.limits.MaxCellBytes))), "MaxCellBytes", int64(w.limits.MaxCellBytes))}
				}
			}
		}
	}
	if sc.err != nil {
		return partError(part, sc.err)
	}
	return nil
}
