// Package ods reads OpenDocument spreadsheets: .ods (a zip whose
// content.xml holds the tables) and .fods (the same XML, flat). It streams
// content.xml with the scanner the xlsx reader uses, never building a
// document tree:
//
//   - a cell's office:value-type says what it holds: float and currency
//     are numbers, percentage a percent cell (its value a fraction), date
//     a date (office:date-value, its time dropped), boolean TRUE or FALSE,
//     string its text; LibreOffice's calcext:value-type="error" is a
//     formula error; a formula saved without a value is a sheet.Formula
//     cell, which the converter refuses rather than read as empty;
//   - the text of a cell is its text:p paragraphs joined by line breaks,
//     with text:s (spaces), text:tab, text:line-break, text:span and text:a
//     read, and annotations (office:annotation) left out;
//   - table:number-columns-repeated and table:number-rows-repeated repeat
//     a cell or a row that holds something; repeated empty cells and rows
//     (LibreOffice ends a sheet with a row repeated a million times) only
//     move the column or row number on, and cost nothing;
//   - a table whose style says table:display="false" is hidden.
//
// The tables are listed by a first pass over content.xml; Rows reads it
// again up to the table asked for.
package ods

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/aitkit/aitkit/sheet"
	"github.com/aitkit/aitkit/sheet/internal/xmlscan"
	"github.com/aitkit/aitkit/sheet/internal/zippart"
)

// Options are a reader's choices.
type Options struct {
	Limits sheet.Limits
	// ReadAhead inflates content.xml on a goroutine of its own, ahead of
	// the scan: worth it while a core would be idle (one input at a time).
	ReadAhead bool
}

// MimeType is what the mimetype entry of an .ods holds.
const MimeType = "application/vnd.oasis.opendocument.spreadsheet"

// Workbook is an open OpenDocument spreadsheet.
type Workbook struct {
	name   string
	limits sheet.Limits
	sheets []sheet.Info
	open   func() (io.ReadCloser, error) // content.xml from its start
	styles *styles
}

// Open reads the structure of the .ods in ra (size bytes), named name in
// errors. ctx ends a long read.
func Open(ctx context.Context, name string, ra io.ReaderAt, size int64, opts Options) (*Workbook, error) {
	limits := opts.Limits.OrDefault()
	parts, err := zippart.New(ctx, ra, size, limits, opts.ReadAhead)
	if err != nil {
		return nil, placed(name, err)
	}
	if parts.Find("content.xml") == nil {
		if parts.Find("mimetype") == nil {
			return nil, placed(name, sheet.Errorf(sheet.ErrUnsupported, "a zip archive but not an OpenDocument spreadsheet (no content.xml)"))
		}
		return nil, placed(name, sheet.Errorf(sheet.ErrMalformed, "the spreadsheet has no content.xml"))
	}
	w := &Workbook{name: name, limits: limits, open: func() (io.ReadCloser, error) { return parts.OpenStream("content.xml") }, styles: newStyles()}
	if err := w.readStyles(parts); err != nil {
		return nil, placed(name, err)
	}
	if err := w.readTables(); err != nil {
		return nil, placed(name, err)
	}
	return w, nil
}

// OpenFlat reads the structure of a flat OpenDocument spreadsheet (.fods)
// in ra (size bytes).
func OpenFlat(ctx context.Context, name string, ra io.ReaderAt, size int64, opts Options) (*Workbook, error) {
	limits := opts.Limits.OrDefault()
	if size > limits.MaxPartSize {
		return nil, placed(name, sheet.TooLarge(fmt.Sprintf("the file is %s bytes", sheet.Count(size)), "MaxPartSize", limits.MaxPartSize))
	}
	w := &Workbook{name: name, limits: limits, open: func() (io.ReadCloser, error) {
		return ctxReader{ctx: ctx, r: io.NewSectionReader(ra, 0, size)}, nil
	}, styles: newStyles()}
	if err := w.readTables(); err != nil {
		return nil, placed(name, err)
	}
	return w, nil
}

// ctxReader notices a cancelled context between reads.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(b []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(b)
}

func (ctxReader) Close() error { return nil }

// Sheets lists the tables, in the document's order, hidden ones included.
func (w *Workbook) Sheets() []sheet.Info { return w.sheets }

// Close releases the workbook.
func (w *Workbook) Close() error { return nil }

// placed names the file in an error.
func placed(name string, err error) error {
	if errors.Is(err, xmlscan.ErrSyntax) {
		err = sheet.Errorf(sheet.ErrMalformed, "%v", err)
	}
	return sheet.InFile(name, "content.xml", err)
}

// readStyles reads the data styles and cell styles of styles.xml, the
// document's common styles.
func (w *Workbook) readStyles(parts *zippart.Parts) error {
	rc, err := parts.OpenStream("styles.xml")
	if err != nil || rc == nil {
		return err
	}
	defer rc.Close()
	sc := xmlscan.New(rc, xmlscan.GetBuffer(), w.limits.MaxCellBytes)
	defer func() { xmlscan.PutBuffer(sc.Buffer()) }()
	for sc.Next() {
		if !w.styles.token(sc, w.limits.MaxStyles) {
			return &sheet.Error{Part: "styles.xml", Err: sheet.TooLarge(fmt.Sprintf("more than %s styles", sheet.Count(int64(w.limits.MaxStyles))), "MaxStyles", int64(w.limits.MaxStyles))}
		}
	}
	if sc.Err != nil {
		if errors.Is(sc.Err, xmlscan.ErrSyntax) {
			return &sheet.Error{Part: "styles.xml", Err: sheet.Errorf(sheet.ErrMalformed, "%v", sc.Err)}
		}
		return sc.Err
	}
	return nil
}

// readTables lists the tables and whether each is hidden, from the table
// styles (table:display="false") and the tables' table:style-name.
func (w *Workbook) readTables() error {
	rc, err := w.open()
	if err != nil {
		return err
	}
	defer rc.Close()
	sc := xmlscan.New(rc, xmlscan.GetBuffer(), w.limits.MaxCellBytes)
	defer func() { xmlscan.PutBuffer(sc.Buffer()) }()
	hiddenStyles := map[string]bool{}
	type table struct{ name, style string }
	var tables []table
	style, inTable := "", 0
	styling := true // the styles and settings before the first table
	for sc.Next() {
		if styling {
			if sc.IsIn(xmlscan.ODFTable, "table") {
				styling = false
			} else if !w.styles.token(sc, w.limits.MaxStyles) {
				return sheet.TooLarge(fmt.Sprintf("more than %s styles", sheet.Count(int64(w.limits.MaxStyles))), "MaxStyles", int64(w.limits.MaxStyles))
			}
		}
		switch sc.Kind {
		case xmlscan.Start, xmlscan.SelfClose:
			switch {
			case sc.IsIn(xmlscan.ODFStyle, "style") && inTable == 0:
				style = ""
				if fam, _ := sc.AttrNS(xmlscan.ODFStyle, "family"); string(fam) == "table" {
					v, _ := sc.AttrNS(xmlscan.ODFStyle, "name")
					style = xmlscan.AttrText(v)
				}
			case sc.IsIn(xmlscan.ODFStyle, "table-properties") && style != "":
				if v, _ := sc.AttrNS(xmlscan.ODFTable, "display"); string(v) == "false" {
					hiddenStyles[style] = true
				}
			case sc.IsIn(xmlscan.ODFTable, "table"):
				nested := inTable > 0 // a table inside a table (a sub-table) is part of its cell
				if sc.Kind == xmlscan.Start {
					inTable++
				}
				if nested {
					break
				}
				if len(tables) >= w.limits.MaxSheets {
					return sheet.TooLarge(fmt.Sprintf("more than %s tables", sheet.Count(int64(w.limits.MaxSheets))), "MaxSheets", int64(w.limits.MaxSheets))
				}
				n, _ := sc.AttrNS(xmlscan.ODFTable, "name")
				s, _ := sc.AttrNS(xmlscan.ODFTable, "style-name")
				tables = append(tables, table{xmlscan.AttrText(n), xmlscan.AttrText(s)})
			}
		case xmlscan.End:
			if sc.IsIn(xmlscan.ODFTable, "table") && inTable > 0 {
				inTable--
			}
		}
	}
	if sc.Err != nil {
		return sc.Err
	}
	if len(tables) == 0 {
		return sheet.Errorf(sheet.ErrUnsupported, "an OpenDocument file with no spreadsheet tables (a text document or a drawing?)")
	}
	for _, t := range tables {
		w.sheets = append(w.sheets, sheet.Info{Name: t.name, Hidden: hiddenStyles[t.style]})
	}
	return nil
}

// Rows streams the rows of one table.
type Rows struct {
	wb     *Workbook
	name   string // the table's name
	rc     io.ReadCloser
	sc     *xmlscan.Scanner
	cells  []sheet.Cell
	num    int // the number of the last row read
	repeat int // times the last row is still to be given again
	last   sheet.Row
	done   bool
	err    error
	text   []byte
	atRow  bool // the scanner is at the table's first row, read by Rows
	hidden sheet.ColumnSet
	// The cell styles of the table's columns and of the row being read,
	// for cells without a style of their own.
	colStyles []styleRun
	rowStyle  string
}

// styleRun is a run of columns with one default cell style.
type styleRun struct {
	first, last int
	name        string
}

// Rows opens table i (an index into Sheets) to read its rows.
func (w *Workbook) Rows(i int) (*Rows, error) {
	if i < 0 || i >= len(w.sheets) {
		return nil, fmt.Errorf("ods: no table %d", i)
	}
	rc, err := w.open()
	if err != nil {
		return nil, placed(w.name, err)
	}
	r := &Rows{wb: w, name: w.sheets[i].Name, rc: rc, sc: xmlscan.New(rc, xmlscan.GetBuffer(), w.limits.MaxCellBytes)}
	// Pass over the tables before it.
	seen, depth := -1, 0
	for seen < i && r.sc.Next() {
		switch {
		case r.sc.Kind == xmlscan.Start && r.sc.IsIn(xmlscan.ODFTable, "table"):
			if depth == 0 {
				seen++
			}
			depth++
		case r.sc.Kind == xmlscan.SelfClose && r.sc.IsIn(xmlscan.ODFTable, "table") && depth == 0:
			seen++
			if seen == i {
				r.done = true // an empty table
			}
		case r.sc.Kind == xmlscan.End && r.sc.IsIn(xmlscan.ODFTable, "table"):
			depth--
		}
	}
	if seen < i {
		err := r.sc.Err
		r.Close()
		if err != nil {
			return nil, placed(w.name, err)
		}
		return nil, placed(w.name, sheet.Errorf(sheet.ErrMalformed, "table %q is not there on a second reading", r.name))
	}
	if !r.done {
		if err := r.readColumns(); err != nil {
			r.Close()
			return nil, err
		}
	}
	return r, nil
}

// readColumns reads the table's columns up to its first row: which are
// hidden (table:visibility "collapse" or "filter"). The scanner is left at
// that row, for Next.
func (r *Rows) readColumns() error {
	sc := r.sc
	col := 0
	maxCols := r.wb.limits.MaxColumns
	for sc.Next() {
		switch {
		case (sc.Kind == xmlscan.Start || sc.Kind == xmlscan.SelfClose) && sc.IsIn(xmlscan.ODFTable, "table-row"):
			r.atRow = true
			return nil
		case sc.Kind == xmlscan.End && sc.IsIn(xmlscan.ODFTable, "table"):
			r.done = true
			return nil
		case (sc.Kind == xmlscan.Start || sc.Kind == xmlscan.SelfClose) && sc.IsIn(xmlscan.ODFTable, "table-column"):
			times := repeated(sc, xmlscan.ODFTable, "number-columns-repeated")
			if int64(col)+int64(times) > int64(maxCols) {
				return r.cellError(1, maxCols-1, sheet.TooLarge(fmt.Sprintf("table %q repeats its columns past column %s, the last a sheet has", r.name, sheet.ColumnName(maxCols-1)), "MaxColumns", int64(maxCols)))
			}
			if v, _ := sc.AttrNS(xmlscan.ODFTable, "visibility"); string(v) == "collapse" || string(v) == "filter" {
				r.hidden.Add(col, col+times-1)
			}
			if v, ok := sc.AttrNS(xmlscan.ODFTable, "default-cell-style-name"); ok && len(r.colStyles) < maxCols {
				r.colStyles = append(r.colStyles, styleRun{col, col + times - 1, xmlscan.AttrText(v)})
			}
			col += times
		}
	}
	if sc.Err != nil {
		return r.fail(sc.Err)
	}
	return r.fail(sheet.Errorf(sheet.ErrMalformed, "table %q ends without </table:table>", r.name))
}

// HiddenColumns are the columns of the table that are hidden or filtered
// out.
func (r *Rows) HiddenColumns() sheet.ColumnSet { return r.hidden }

// Progress says how much of content.xml has been inflated, of what it
// declares; safe to call from another goroutine.
func (r *Rows) Progress() (done, total int64) { return zippart.Progress(r.rc) }

// Place is the cell of row num, column col (0-based).
func (r *Rows) Place(num, col int) sheet.Place {
	return sheet.CellPlace(r.wb.name, r.name, num, col)
}

// Close releases the table's reading.
func (r *Rows) Close() error {
	if r.sc != nil {
		xmlscan.PutBuffer(r.sc.Buffer())
		r.sc = nil
	}
	return r.rc.Close()
}

// fail stops the rows with err.
func (r *Rows) fail(err error) error {
	r.err = placed(r.wb.name, err)
	return r.err
}

func (r *Rows) cellError(num, col int, err error) error {
	r.err = &sheet.Error{Place: r.Place(num, col), Err: err}
	return r.err
}

// Next returns the next row that holds something; a row's Cells are
// reused by the next call. At the end of the table it reads content.xml to
// its end, so that a damaged file is an error rather than a short read,
// and returns io.EOF.
func (r *Rows) Next() (sheet.Row, error) {
	if r.err != nil {
		return sheet.Row{}, r.err
	}
	if r.repeat > 0 {
		r.repeat--
		r.num++
		r.last.Num = r.num
		return r.last, nil
	}
	sc := r.sc
	for !r.done && (r.atRow || sc.Next()) {
		r.atRow = false
		switch {
		case sc.Kind == xmlscan.End && sc.IsIn(xmlscan.ODFTable, "table"):
			r.done = true
		case (sc.Kind == xmlscan.Start || sc.Kind == xmlscan.SelfClose) && sc.IsIn(xmlscan.ODFTable, "table-row"):
			times := repeated(sc, xmlscan.ODFTable, "number-rows-repeated")
			if int64(r.num)+int64(times) > int64(r.wb.limits.MaxRows) {
				return sheet.Row{}, r.cellError(min(r.num+1, r.wb.limits.MaxRows), 0, sheet.TooLarge(fmt.Sprintf("table %q repeats its rows past row %s, the last a sheet has", r.name, sheet.Count(int64(r.wb.limits.MaxRows))), "MaxRows", int64(r.wb.limits.MaxRows)))
			}
			v, _ := sc.AttrNS(xmlscan.ODFTable, "visibility")
			hidden := string(v) == "collapse" || string(v) == "filter"
			r.rowStyle = ""
			if v, ok := sc.AttrNS(xmlscan.ODFTable, "default-cell-style-name"); ok {
				r.rowStyle = xmlscan.AttrText(v)
			}
			if sc.Kind == xmlscan.SelfClose {
				r.num += times
				continue
			}
			first := r.num + 1
			if err := r.readCells(first); err != nil {
				return sheet.Row{}, err
			}
			if !hasValue(r.cells) {
				r.num += times
				continue
			}
			r.num = first
			r.repeat = times - 1
			r.last = sheet.Row{Num: first, Cells: r.cells, Hidden: hidden}
			return r.last, nil
		}
	}
	if sc.Err != nil {
		return sheet.Row{}, r.fail(sc.Err)
	}
	if !r.done {
		return sheet.Row{}, r.fail(sheet.Errorf(sheet.ErrMalformed, "table %q ends without </table:table>", r.name))
	}
	if err := zippart.Drain(r.rc); err != nil {
		return sheet.Row{}, r.fail(err)
	}
	r.err = io.EOF
	return sheet.Row{}, io.EOF
}

// repeated reads a repeat count: 1 when absent or not a positive number;
// a count too large for an int stays large (it is checked against the
// limits where it matters).
func repeated(sc *xmlscan.Scanner, sp xmlscan.Space, attr string) int {
	v, ok := sc.AttrNS(sp, attr)
	if !ok {
		return 1
	}
	n, err := strconv.ParseInt(strings.TrimSpace(string(v)), 10, 64)
	switch {
	case err != nil && errors.Is(err, strconv.ErrRange) && len(v) > 0 && v[0] != '-':
		return 1 << 40
	case err != nil || n < 1:
		return 1
	case n > 1<<40:
		return 1 << 40
	}
	return int(n)
}

func hasValue(cells []sheet.Cell) bool {
	for _, c := range cells {
		if !c.Empty() {
			return true
		}
	}
	return false
}

// readCells reads the cells of a table-row up to its end.
func (r *Rows) readCells(num int) error {
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

// readCell reads the table-cell the scanner is at: its value by its type.
func (r *Rows) readCell(num, col int) (sheet.Cell, error) {
	sc := r.sc
	var valueType, calcType, value, dateValue, boolValue, stringValue, formula, style string
	hasString := false
	sc.EachAttrNS(func(sp xmlscan.Space, k, v []byte) {
		switch {
		case sp == xmlscan.ODFOffice && string(k) == "value-type":
			valueType = string(v)
		case sp == xmlscan.ODFCalcExt && string(k) == "value-type":
			calcType = string(v)
		case sp == xmlscan.ODFOffice && string(k) == "value":
			value = string(v)
		case sp == xmlscan.ODFOffice && string(k) == "date-value":
			dateValue = string(v)
		case sp == xmlscan.ODFOffice && string(k) == "boolean-value":
			boolValue = string(v)
		case sp == xmlscan.ODFOffice && string(k) == "string-value":
			stringValue, hasString = xmlscan.AttrText(v), true
		case sp == xmlscan.ODFTable && string(k) == "formula":
			formula = xmlscan.AttrText(v)
		case sp == xmlscan.ODFTable && string(k) == "style-name":
			style = xmlscan.AttrText(v)
		}
	})
	text := ""
	if sc.Kind == xmlscan.Start {
		t, err := r.cellText(num, col)
		if err != nil {
			return sheet.Cell{}, err
		}
		text = t
	}
	switch {
	case calcType == "error":
		return sheet.Cell{Value: text, Kind: sheet.ErrorValue}, nil
	case valueType == "float" || valueType == "currency":
		return r.number(value, text, r.cellStyle(style, col)), nil
	case valueType == "percentage":
		return number(value, text, sheet.Percent), nil
	case valueType == "date":
		if d, ok := sheet.DatePrefix(strings.TrimSpace(dateValue)); ok {
			return sheet.Cell{Value: d, Kind: sheet.Date}, nil
		}
		return sheet.Cell{Value: text}, nil
	case valueType == "boolean":
		switch strings.ToLower(strings.TrimSpace(boolValue)) {
		case "true", "1":
			return sheet.Cell{Value: "TRUE", Kind: sheet.Bool}, nil
		case "false", "0":
			return sheet.Cell{Value: "FALSE", Kind: sheet.Bool}, nil
		}
		return sheet.Cell{Value: text}, nil
	case hasString:
		return sheet.Cell{Value: stringValue}, nil
	case valueType == "" && formula != "" && text == "":
		// A formula saved without its value (a program that writes
		// OpenDocument without calculating): never read as empty.
		return sheet.Cell{Value: formula, Kind: sheet.Formula}, nil
	}
	return sheet.Cell{Value: text}, nil
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
// text, joined by line breaks. Annotations, and anything else that is not
// a paragraph, are passed over.
func (r *Rows) cellText(num, col int) (string, error) {
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
			if skip > 0 || inP == 0 {
				continue
			}
			switch {
			case sc.IsIn(xmlscan.ODFText, "s"):
				n := repeated(sc, xmlscan.ODFText, "c")
				if len(b)+n > max {
					return "", r.cellError(num, col, sheet.TooLarge(fmt.Sprintf("a cell's text is over %s bytes", sheet.Count(int64(max))), "MaxCellBytes", int64(max)))
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
					return string(b), nil
				}
				return "", r.fail(sheet.Errorf(sheet.ErrMalformed, "a cell ends with </%s>", sc.Name()))
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
					return "", r.fail(err)
				}
				b, space = collapseSpace(b, from, space)
				if len(b) > max {
					return "", r.cellError(num, col, sheet.TooLarge(fmt.Sprintf("a cell's text is over %s bytes", sheet.Count(int64(max))), "MaxCellBytes", int64(max)))
				}
			}
		}
	}
	if sc.Err != nil {
		return "", r.fail(sc.Err)
	}
	return "", r.fail(sheet.Errorf(sheet.ErrMalformed, "table %q ends inside a cell", r.name))
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
