package convert

import (
	"fmt"
	"io"
	"strconv"

	"github.com/aitkit/aitkit/schema"
	"github.com/aitkit/aitkit/sheet"
	"github.com/aitkit/aitkit/sheet/jsonarray"
)

// Written is a record as an input in the import API's own format writes
// it, before any conversion: the keys or headers as spelled and each
// value with its JSON type (every value of a CSV is a string). It is what
// a checker that judges records the way the API does needs to see.
type Written struct {
	Place sheet.Place
	// NotObject is a JSON element that is not an object: its type and
	// first bytes. Its Kind is jsonarray.Missing for a record.
	NotObject jsonarray.Value
	// Fields are the record's fields in schema.Fields order, their keys as
	// written; a field that is not there has the key "" and Kind Missing.
	Fields [schema.NumFields]jsonarray.Member
	// Unknown are the keys that name no field, or the values of a CSV row
	// past its last column.
	Unknown []jsonarray.Member
	// Duplicate names a key given twice (or two spellings of one field).
	Duplicate string
	// Ambiguous says which keys could each be one field, none by its own
	// name (converted JSON, whose keys are matched with aliases).
	Ambiguous string
	// Text is set for a record of a CSV: every value is text, and the
	// metric is a number when its text reads as one.
	Text bool
}

// writtenSource yields records as written.
type writtenSource interface {
	nextWritten() (*Written, error) // io.EOF at the end
}

// AsWritten tells whether the input is read as written: records in the
// import API's own format (a JSON array, a CSV with the import header or
// none), opened with ViewAsWritten or ViewAPI. NextWritten then gives
// them; Next still converts them.
func (r *Reader) AsWritten() bool { return r.written != nil && r.opts.View != ViewConvert }

// NextWritten returns the next record as written; io.EOF at the end. It is
// for inputs read as written (AsWritten); a caller uses either it or Next.
// The Written is reused by the next call; its strings never change.
func (r *Reader) NextWritten() (*Written, error) {
	w, err := r.written.nextWritten()
	if err != nil && err != io.EOF {
		return nil, r.inputError(err)
	}
	if err == nil {
		r.stats.Rows++
	}
	return w, err
}

// writtenRows makes a written source a source of rows in the article's
// column order, for Next.
type writtenRows struct {
	w     writtenSource
	place func(i int) sheet.Place
	cells [schema.NumFields]sheet.Cell
	last  *Written
	close func() error
}

func (s *writtenRows) Next() (sheet.Row, error) {
	w, err := s.w.nextWritten()
	if err != nil {
		return sheet.Row{}, err
	}
	s.last = w
	for i, m := range w.Fields {
		s.cells[i] = cellOf(m.Value)
	}
	return sheet.Row{Num: rowNum(w.Place), Cells: s.cells[:]}, nil
}

// recordError is the error of the last record as a whole, if it has one:
// not an object, or a key given twice.
func (s *writtenRows) recordError() *FieldError {
	w := s.last
	switch {
	case w.NotObject.Kind != jsonarray.Missing:
		return &FieldError{Place: w.Place, Value: w.NotObject.Text, Err: fmt.Errorf("a JSON %s, not an object; expected a record {\"externalId\": ...}", w.NotObject.Kind)}
	case w.Duplicate != "":
		return &FieldError{Place: w.Place, Field: w.Duplicate, Err: fmt.Errorf("the key %q is given twice in the record; expected each field once", w.Duplicate)}
	case w.Ambiguous != "":
		return &FieldError{Place: w.Place, Err: fmt.Errorf("%w: %s", ErrAmbiguousColumns, w.Ambiguous)}
	}
	return nil
}

func (s *writtenRows) Place(num, col int) sheet.Place {
	if s.place != nil {
		return s.place(num)
	}
	return s.last.Place
}

func (s *writtenRows) Close() error {
	if s.close != nil {
		return s.close()
	}
	return nil
}

func rowNum(p sheet.Place) int {
	if p.Line > 0 {
		return p.Line
	}
	return p.Index
}

// cellOf reads a JSON value as a cell: strings as text, numbers as stored.
func cellOf(v jsonarray.Value) sheet.Cell {
	switch v.Kind {
	case jsonarray.String:
		return sheet.Cell{Value: v.Text}
	case jsonarray.Number:
		return sheet.Cell{Value: v.Text, Kind: sheet.Number}
	case jsonarray.Bool:
		return sheet.Cell{Value: v.Text, Kind: sheet.Bool}
	case jsonarray.Object, jsonarray.Array:
		return sheet.Cell{Value: v.Text, Kind: sheet.Nested}
	}
	return sheet.Cell{} // null, or missing
}

// fieldIndex is the position of a field in schema.Fields.
func fieldIndex(field string) int {
	for i, f := range schema.Fields {
		if f == field {
			return i
		}
	}
	return -1
}

// exactField is the field a key or header names, compared without regard
// to case, spaces and punctuation ("externalID", "External Id",
// "external_id"), with no aliases: the import API's own names only.
func exactField(key string) (string, bool) {
	for _, f := range schema.Fields {
		if key == f { // the common case, without folding
			return f, true
		}
	}
	k := foldHeader(key)
	for i, f := range schema.Fields {
		if k == foldedFields[i] || k == foldedHeaders[i] {
			return f, true
		}
	}
	return "", false
}

// foldedFields and foldedHeaders are the fields' keys and CSV headers
// after foldHeader.
var foldedFields, foldedHeaders = func() (f, h [schema.NumFields]string) {
	for i := range schema.Fields {
		f[i], h[i] = foldHeader(schema.Fields[i]), foldHeader(schema.CSVHeader[i])
	}
	return f, h
}()

// columnKey names a CSV value past the last column.
func columnKey(i int) string { return "(column " + strconv.Itoa(i+1) + ")" }
