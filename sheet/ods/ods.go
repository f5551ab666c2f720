// Package ods reads OpenDocument spreadsheets: .ods (a zip whose
// content.xml holds the tables) and .fods (the same XML, flat). It streams
// content.xml with the scanner the xlsx reader uses, never building a
// document tree:
//
//   - a cell's office:value-type says what it holds: float and currency
//     are numbers, percentage a percent cell (its value a fraction), date
//     a date (office:date-value, its time dropped), boolean TRUE or FALSE,
//     string its text; LibreOffice's calcext:value-type="error" is a
//     formula error; a formula's value is its value type's, or its
//     paragraphs' text when it has no type (an empty <text:p/> is
//     LibreOffice's empty text result); a formula with neither was saved
//     without a value and is computed as the table streams (formulas.go),
//     or is a sheet.Formula cell saying why, which the converter refuses
//     rather than read as empty; a formula cell repeated is refused;
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
