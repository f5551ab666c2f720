package xlsx

import (
	"fmt"

	"github.com/aitkit/aitkit/sheet"
	"github.com/aitkit/aitkit/sheet/internal/xmlscan"
)

// readSharedStrings streams the shared-strings part into the table. Rich
// text runs are joined; phonetic runs (rPh) are left out.
func (w *Workbook) readSharedStrings(part string) error {
	rc, err := w.parts.OpenStream(part)
	if err != nil || rc == nil {
		return err
	}
	defer rc.Close()
	sc := xmlscan.New(rc, xmlscan.GetBuffer(), w.limits.MaxCellBytes)
	defer func() { xmlscan.PutBuffer(sc.Buffer()) }()
	ss := w.strings
	var text []byte
	inSI, inT, inRPh := false, false, 0
	add := func(text []byte) error {
		if ss.Len() >= w.limits.MaxStrings {
			return sheet.TooLarge(fmt.Sprintf("more than %s shared strings", sheet.Count(int64(w.limits.MaxStrings))), "MaxStrings", int64(w.limits.MaxStrings))
		}
		return ss.Add(text)
	}
	for sc.Next() {
		switch sc.Kind {
		case xmlscan.Start:
			switch {
			case ml(sc, "sst"):
				// Size the index once; the count is a hint, not trusted far.
				if v, ok := sc.Attr("uniqueCount"); ok {
					if n, ok := atoiBytes(v); ok {
						ss.Reserve(n)
					}
				}
			case ml(sc, "si"):
				inSI = true
				text = text[:0]
			case ml(sc, "rPh"):
				inRPh++
			case ml(sc, "t"):
				inT = inSI && inRPh == 0
			}
		case xmlscan.End:
			switch {
			case ml(sc, "si"):
				inSI = false
				if err := add(text); err != nil {
					return &sheet.Error{Part: part, Err: err}
				}
			case ml(sc, "rPh"):
				inRPh--
			case ml(sc, "t"):
				inT = false
			}
		case xmlscan.SelfClose:
			if ml(sc, "si") {
				if err := add(nil); err != nil {
					return &sheet.Error{Part: part, Err: err}
				}
			}
		case xmlscan.Text:
			if inT {
				if text, err = sc.AppendText(text); err != nil {
					return &sheet.Error{Part: part, Err: sheet.Errorf(sheet.ErrMalformed, "%v", err)}
				}
				if len(text) > w.limits.MaxCellBytes {
					return &sheet.Error{Part: part, Err: sheet.TooLarge(fmt.Sprintf("a shared string is over %s bytes", sheet.Count(int64(w.limits.MaxCellBytes))), "MaxCellBytes", int64(w.limits.MaxCellBytes))}
				}
			}
		}
	}
	if sc.Err != nil {
		return partError(part, sc.Err)
	}
	return nil
}
