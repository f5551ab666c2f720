package xlsx

import (
	"fmt"

	"github.com/aitkit/aitkit/sheet"
	"github.com/aitkit/aitkit/sheet/internal/xmlscan"
)

// readStyles reads the number format of each cell style (cellXfs),
// parsed: whether a number cell of that style is a date, a percentage, a
// literal percent or a plain number, and the text it shows.
func (w *Workbook) readStyles(part string) error {
	codes := map[int]string{}
	formats := 0
	var xfFormats []int
	inCellXfs := false
	_, err := w.scanSmall(part, func(sc *xmlscan.Scanner) error {
		switch {
		case ml(sc, "cellXfs"):
			inCellXfs = sc.Kind == xmlscan.Start
		case sc.Kind == xmlscan.End:
		case ml(sc, "numFmt"):
			if formats++; formats > w.limits.MaxFormats {
				return sheet.TooLarge(fmt.Sprintf("more than %s number formats", sheet.Count(int64(w.limits.MaxFormats))), "MaxFormats", int64(w.limits.MaxFormats))
			}
			id, code := -1, ""
			sc.EachAttr(func(k, v []byte) {
				switch string(k) {
				case "numFmtId":
					if n, ok := atoiBytes(v); ok {
						id = n
					}
				case "formatCode":
					code = xmlscan.AttrText(v)
				}
			})
			if id >= 0 {
				codes[id] = code
			}
		case inCellXfs && ml(sc, "xf"):
			if len(xfFormats) >= w.limits.MaxStyles {
				return sheet.TooLarge(fmt.Sprintf("more than %s cell styles", sheet.Count(int64(w.limits.MaxStyles))), "MaxStyles", int64(w.limits.MaxStyles))
			}
			id := 0
			if v, ok := sc.Attr("numFmtId"); ok {
				id, _ = atoiBytes(v)
			}
			xfFormats = append(xfFormats, id)
		}
		return nil
	})
	if err != nil {
		return err
	}
	w.xfFormats = sheet.StyleFormats(xfFormats, codes)
	return nil
}

// format is the number format of cell style i (the s attribute); nil for
// General, or a style the workbook does not have.
func (w *Workbook) format(i int) *sheet.Format {
	if i >= 0 && i < len(w.xfFormats) {
		return w.xfFormats[i]
	}
	return nil
}

// atoiBytes reads a non-negative decimal integer of at most nine digits.
func atoiBytes(b []byte) (int, bool) {
	if len(b) == 0 || len(b) > 9 {
		return 0, false
	}
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}
