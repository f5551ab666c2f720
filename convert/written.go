package convert

import (
	"fmt"
	"io"

	"github.com/aitkit/aitkit/record"
	"github.com/aitkit/aitkit/schema"
	"github.com/aitkit/aitkit/sheet"
	"github.com/aitkit/aitkit/sheet/jsonarray"
)

// AsWritten tells whether the input is read as written: records in the
// import API's own format (a JSON array, a CSV with the import header or
// none), opened with ViewAsWritten. NextWritten then gives them; Next
// still converts them.
func (r *Reader) AsWritten() bool { return r.written != nil && r.opts.View != ViewConvert }

// NextWritten returns the next record as written; io.EOF at the end. It is
// for inputs read as written (AsWritten); a caller uses either it or Next.
// The record.Written is reused by the next call; its strings never change.
func (r *Reader) NextWritten() (*record.Written, error) {
	w, err := r.written.Next()
	if err != nil && err != io.EOF {
		return nil, r.inputError(err)
	}
	if err == nil {
		r.stats.Rows++
	}
	return w, err
}

// Written returns r as a source of records as written, for a checker
// that judges records the way the import API does: an input read as
// written (AsWritten) gives its records as they are written; any other
// gives each record as converted, as the API's JSON writes it
// (record.WrittenOf), and each row that does not convert as its
// *record.RowError. A caller uses either it or Next.
func (r *Reader) Written() record.Source { return &converted{r: r} }

// converted is a Reader as a record.Source.
type converted struct {
	r *Reader
	w record.Written
}

func (c *converted) Next() (*record.Written, error) {
	if c.r.AsWritten() {
		return c.r.NextWritten()
	}
	rec, err := c.r.Next()
	if err != nil {
		return nil, err
	}
	c.w = record.WrittenOf(rec.Update)
	c.w.Place = rec.Place
	return &c.w, nil
}

// writtenRows makes records as written a source of rows in the article's
// column order, for Next.
type writtenRows struct {
	w     *record.Reader
	cells [schema.NumFields]sheet.Cell
	last  *record.Written
	close func() error
}

func (s *writtenRows) Next() (sheet.Row, error) {
	w, err := s.w.Next()
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

func (s *writtenRows) Place(num, col int) sheet.Place { return s.last.Place }

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

// exactField is the field a key or header names with no aliases: the
// import API's own names only (record.Field).
func exactField(key string) (string, bool) {
	i, ok := record.Field(key)
	if !ok {
		return "", false
	}
	return schema.Fields[i], true
}
