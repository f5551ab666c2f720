package xlsx

import (
	"fmt"

	"github.com/aitkit/aitkit/sheet"
	"github.com/aitkit/aitkit/sheet/internal/xmlscan"
)

// readStyles reads the number format of each cell style (cellXfs), and
// tells from it whether a number cell of that style is a date, a
// percentage or a plain number.
func (w *Workbook) readStyles(part string) error {
	codes := map[int]string{}
	formats := 0
	var xfFormats []int
	inCellXfs := false
	_, err := w.scanSmall(part, func(sc *xmlscan.Scanner) error {
		switch {
		case sc.Is("cellXfs"):
			inCellXfs = sc.Kind == xmlscan.Start
		case sc.Kind == xmlscan.End:
		case sc.Is("numFmt"):
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
					code = attrText(v)
				}
			})
			if id >= 0 {
				codes[id] = code
			}
		case inCellXfs && sc.Is("xf"):
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
	w.xfKinds = make([]sheet.Kind, len(xfFormats))
	for i, id := range xfFormats {
		w.xfKinds[i] = NumFmtKind(id, codes[id])
	}
	return nil
}

// NumFmtKind tells from a number format whether a number cell is a date, a
// percentage or a plain number. Built-in ids 14-22 and 45-47 (and the East
// Asian 27-36, 50-58) are dates and times; 9 and 10 are percentages. A
// custom code is a date when it has d, m or y outside quotes and brackets,
// a percentage when it has % there.
func NumFmtKind(id int, code string) sheet.Kind {
	switch {
	case id == 9 || id == 10:
		return sheet.Percent
	case id >= 14 && id <= 22, id >= 45 && id <= 47, id >= 27 && id <= 36, id >= 50 && id <= 58:
		if code == "" {
			return sheet.Date
		}
	}
	if code == "" {
		return sheet.Number
	}
	date, percent := false, false
	inQuote := false
	depth := 0
	for i := 0; i < len(code); i++ {
		c := code[i]
		switch {
		case c == '"':
			inQuote = !inQuote
		case inQuote:
		case c == '\\' || c == '_' || c == '*':
			i++ // the next character is literal (or padding)
		case c == '[':
			depth++
		case c == ']':
			if depth > 0 {
				depth--
			}
		case depth > 0:
		case c == '%':
			percent = true
		case c == 'd' || c == 'D' || c == 'm' || c == 'M' || c == 'y' || c == 'Y':
			date = true
		}
	}
	switch {
	case date:
		return sheet.Date
	case percent:
		return sheet.Percent
	}
	return sheet.Number
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
