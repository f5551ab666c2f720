package ods

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/aitkit/aitkit/sheet"
	"github.com/aitkit/aitkit/sheet/internal/formula"
	"github.com/aitkit/aitkit/sheet/internal/xmlscan"
)

// readCells reads the cells of a table-row (repeated rowTimes times) up to
// its end.
func (r *Rows) readCells(num, rowTimes int) error {
	sc := r.sc
	r.cells = r.cells[:0]
	col := 0
	maxCols := r.wb.limits.MaxColumns
	for sc.Next() {
		switch {
		case sc.Kind == xmlscan.End && sc.IsIn(xmlscan.ODFTable, "table-row"):
			return nil
		case (sc.Kind == xmlscan.Start || sc.Kind == xmlscan.SelfClose) && (sc.IsIn(xmlscan.ODFTable, "table-cell") || sc.IsIn(xmlscan.ODFTable, "covered-table-cell")):
			times := repeated(sc, xmlscan.ODFTable, "number-columns-repeated")
			if int64(col)+int64(times) > int64(maxCols) {
				return r.cellError(num, maxCols-1, sheet.TooLarge(fmt.Sprintf("row %d has a cell past column %s, the last a sheet has", num, sheet.ColumnName(maxCols-1)), "MaxColumns", int64(maxCols)))
			}
			cell, err := r.readCell(num, col)
			if err != nil {
				return err
			}
			if r.formula != "" && (times > 1 || rowTimes > 1) {
				// LibreOffice reads a repeated formula cell once (the cells
				// after it move left), and opens no file with a formula in
				// a repeated row.
				what := fmt.Sprintf("a formula repeated in %s cells (table:number-columns-repeated), which LibreOffice reads as one cell", sheet.Count(int64(times)))
				if times == 1 {
					what = fmt.Sprintf("a formula in a row repeated %s times (table:number-rows-repeated), which LibreOffice does not open", sheet.Count(int64(rowTimes)))
				}
				return r.cellError(num, col, sheet.Errorf(sheet.ErrAmbiguous, "table %q has %s", r.name, what))
			}
			if cell.Kind == sheet.Formula {
				cell = r.pendingFormula(col, r.formula, r.style)
			}
			for k := col; k < min(col+times, formula.KeptCols); k++ {
				switch {
				case r.hasSerial:
					r.fs.Cur.Nums = append(r.fs.Cur.Nums, formula.ColNum{Col: k, V: r.serial})
				case r.isText:
					r.fs.Cur.Texts = append(r.fs.Cur.Texts, k)
				}
			}
			if cell.Empty() {
				col += times
				continue
			}
			for len(r.cells) < col {
				r.cells = append(r.cells, sheet.Cell{})
			}
			for range times {
				r.cells = append(r.cells, cell)
			}
			col += times
		}
	}
	if sc.Err != nil {
		return r.fail(sc.Err)
	}
	return r.fail(sheet.Errorf(sheet.ErrMalformed, "table %q ends inside a row", r.name))
}

// cellAttrs are the attributes of a table-cell that say its value.
type cellAttrs struct {
	valueType, calcType, value, dateValue, boolValue, stringValue, formula, style string
	hasString                                                                     bool
}

// readCell reads the table-cell the scanner is at: its value by its type.
func (r *Rows) readCell(num, col int) (sheet.Cell, error) {
	sc := r.sc
	var a cellAttrs
	sc.EachAttrNS(func(sp xmlscan.Space, k, v []byte) {
		switch {
		case sp == xmlscan.ODFOffice && string(k) == "value-type":
			a.valueType = string(v)
		case sp == xmlscan.ODFCalcExt && string(k) == "value-type":
			a.calcType = string(v)
		case sp == xmlscan.ODFOffice && string(k) == "value":
			a.value = string(v)
		case sp == xmlscan.ODFOffice && string(k) == "date-value":
			a.dateValue = string(v)
		case sp == xmlscan.ODFOffice && string(k) == "boolean-value":
			a.boolValue = string(v)
		case sp == xmlscan.ODFOffice && string(k) == "string-value":
			a.stringValue, a.hasString = xmlscan.AttrText(v), true
		case sp == xmlscan.ODFTable && string(k) == "formula":
			a.formula = xmlscan.AttrText(v)
		case sp == xmlscan.ODFTable && string(k) == "style-name":
			a.style = xmlscan.AttrText(v)
		}
	})
	text, paragraphs := "", 0
	if sc.Kind == xmlscan.Start {
		t, n, err := r.cellText(num, col)
		if err != nil {
			return sheet.Cell{}, err
		}
		text, paragraphs = t, n
	}
	r.formula, r.style, r.hasSerial, r.isText = a.formula, "", false, false
	if a.formula != "" {
		r.style = r.cellStyle(a.style, col)
	}
	if a.formula != "" && a.valueType == "" && a.calcType == "" && paragraphs == 0 {
		// A formula saved without its value (no value type and no
		// paragraph: a program that writes OpenDocument without
		// calculating): never read as empty. A formula whose result is
		// empty text has a paragraph, empty: LibreOffice writes it so,
		// without a value type.
		return sheet.Cell{Value: a.formula, Kind: sheet.Formula}, nil
	}
	cell := r.typedCell(&a, text, col)
	switch {
	case a.formula != "" && cell.Kind == sheet.Text && cell.Value == "" && a.valueType != "" && a.valueType != "string":
		// A number, a date or a truth value said and not given.
		return sheet.Cell{Value: a.formula, Kind: sheet.Formula}, nil
	case cell.Kind == sheet.Date && a.valueType == "date":
		r.serial, r.hasSerial = r.serialOf(a.dateValue)
	case cell.Kind == sheet.Date:
		f, err := strconv.ParseFloat(strings.TrimSpace(a.value), 64)
		r.serial, r.hasSerial = f, err == nil
	case cell.Kind == sheet.Text && cell.Value == "":
		// Empty text, not an empty cell, to a formula.
		r.isText = a.valueType == "string" || a.calcType == "string" || a.formula != "" && a.valueType == "" && paragraphs > 0
	}
	return cell, nil
}

// typedCell is a cell's value as its value type says; its text when the
// type is text, or when the typed value is missing.
func (r *Rows) typedCell(a *cellAttrs, text string, col int) sheet.Cell {
	switch {
	case a.calcType == "error":
		return sheet.Cell{Value: text, Kind: sheet.ErrorValue}
	case a.valueType == "float" || a.valueType == "currency":
		return r.number(a.value, text, r.cellStyle(a.style, col))
	case a.valueType == "percentage":
		return number(a.value, text, sheet.Percent)
	case a.valueType == "date":
		if d, ok := sheet.DatePrefix(strings.TrimSpace(a.dateValue)); ok {
			return sheet.Cell{Value: d, Kind: sheet.Date}
		}
		return sheet.Cell{Value: text}
	case a.valueType == "boolean":
		switch strings.ToLower(strings.TrimSpace(a.boolValue)) {
		case "true", "1":
			return sheet.Cell{Value: "TRUE", Kind: sheet.Bool}
		case "false", "0":
			return sheet.Cell{Value: "FALSE", Kind: sheet.Bool}
		}
		return sheet.Cell{Value: text}
	case a.hasString:
		return sheet.Cell{Value: a.stringValue}
	}
	return sheet.Cell{Value: text}
}

// cellStyle is the style of a cell: its own, else its row's default, else
// its column's.
func (r *Rows) cellStyle(own string, col int) string {
	switch {
	case own != "":
		return own
	case r.rowStyle != "":
		return r.rowStyle
	}
	for _, run := range r.colStyles {
		if col >= run.first && col <= run.last {
			return run.name
		}
	}
	return ""
}

// number is a float cell as its data style makes it: a date (days since
// the document's null date), a percent, a literal percent, or a number
// with the text it shows; its text when the value is missing.
func (r *Rows) number(value, text, style string) sheet.Cell {
	v := strings.TrimSpace(value)
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return sheet.Cell{Value: text}
	}
	format := r.wb.styles.format(style)
	switch {
	case format == nil:
		return sheet.Cell{Value: v, Kind: sheet.Number}
	case format.Kind() == sheet.Date:
		if d, ok := r.wb.styles.dateOf(f); ok {
			return sheet.Cell{Value: d, Kind: sheet.Date}
		}
		return sheet.Cell{Value: v + " (a date out of range)", Kind: sheet.ErrorValue}
	}
	return sheet.NumberCell(f, v, format, false)
}

// number is a numeric cell from its office:value, or its text when the
// value is missing.
func number(value, text string, kind sheet.Kind) sheet.Cell {
	v := strings.TrimSpace(value)
	if _, err := strconv.ParseFloat(v, 64); err != nil {
		return sheet.Cell{Value: text}
	}
	return sheet.Cell{Value: v, Kind: kind}
}

// cellText reads a cell's content up to its end tag: its paragraphs'
// text, joined by line breaks, and how many paragraphs it has (an empty
// <text:p/> is one). Annotations, and anything else that is not a
// paragraph, are passed over.
func (r *Rows) cellText(num, col int) (string, int, error) {
	sc := r.sc
	b := r.text[:0]
	paragraphs, inP, skip, depth := 0, 0, 0, 0
	space := true // the text so far in the paragraph ends in white space (or is none)
	max := r.wb.limits.MaxCellBytes
	for sc.Next() {
		switch sc.Kind {
		case xmlscan.Start:
			depth++
			switch {
			case skip > 0:
				skip++
			case sc.IsIn(xmlscan.ODFOffice, "annotation"):
				skip = 1
			case sc.IsIn(xmlscan.ODFText, "p") || sc.IsIn(xmlscan.ODFText, "h"):
				if inP == 0 {
					if paragraphs > 0 {
						b = append(b, '\n')
					}
					paragraphs++
					space = true
				}
				inP++
			}
		case xmlscan.SelfClose:
			if skip == 0 && inP == 0 && (sc.IsIn(xmlscan.ODFText, "p") || sc.IsIn(xmlscan.ODFText, "h")) {
				// An empty paragraph: a line of its own.
				if paragraphs > 0 {
					b = append(b, '\n')
				}
				paragraphs++
				continue
			}
			if skip > 0 || inP == 0 {
				continue
			}
			switch {
			case sc.IsIn(xmlscan.ODFText, "s"):
				n := repeated(sc, xmlscan.ODFText, "c")
				if len(b)+n > max {
					return "", 0, r.cellError(num, col, sheet.TooLarge(fmt.Sprintf("a cell's text is over %s bytes", sheet.Count(int64(max))), "MaxCellBytes", int64(max)))
				}
				for range n {
					b = append(b, ' ')
				}
			case sc.IsIn(xmlscan.ODFText, "tab"):
				b = append(b, '\t')
			case sc.IsIn(xmlscan.ODFText, "line-break"):
				b = append(b, '\n')
			}
			space = false
		case xmlscan.End:
			if depth == 0 {
				if sc.IsIn(xmlscan.ODFTable, "table-cell") || sc.IsIn(xmlscan.ODFTable, "covered-table-cell") {
					r.text = b
					return string(b), paragraphs, nil
				}
				return "", 0, r.fail(sheet.Errorf(sheet.ErrMalformed, "a cell ends with </%s>", sc.Name()))
			}
			depth--
			switch {
			case skip > 0:
				skip--
			case inP > 0 && (sc.IsIn(xmlscan.ODFText, "p") || sc.IsIn(xmlscan.ODFText, "h")):
				inP--
			}
		case xmlscan.Text:
			if skip == 0 && inP > 0 {
				from := len(b)
				var err error
				if b, err = sc.AppendText(b); err != nil {
					return "", 0, r.fail(err)
				}
				b, space = collapseSpace(b, from, space)
				if len(b) > max {
					return "", 0, r.cellError(num, col, sheet.TooLarge(fmt.Sprintf("a cell's text is over %s bytes", sheet.Count(int64(max))), "MaxCellBytes", int64(max)))
				}
			}
		}
	}
	if sc.Err != nil {
		return "", 0, r.fail(sc.Err)
	}
	return "", 0, r.fail(sheet.Errorf(sheet.ErrMalformed, "table %q ends inside a cell", r.name))
}

// collapseSpace collapses the white space of b[from:] as OpenDocument
// reads a paragraph's text: each run of spaces, tabs and line ends is one
// space, and none at the paragraph's start (space says the text before
// from ends in white space, or the paragraph has none yet). Spaces the
// document means are written as text:s, text:tab and text:line-break.
func collapseSpace(b []byte, from int, space bool) ([]byte, bool) {
	out := from
	for i := from; i < len(b); i++ {
		c := b[i]
		if c == ' ' || c == '\t' || c == '\n' || c == '\r' {
			if space {
				continue
			}
			c, space = ' ', true
		} else {
			space = false
		}
		b[out] = c
		out++
	}
	return b[:out], space
}
