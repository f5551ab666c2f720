package convert

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/aitkit/aitkit/schema"
)

// Table is a sheet or file read as text: its header row, the column of
// External IDs in it, and the rows after it. Numeric External IDs are given
// as their digits; dates as YYYY-MM-DD.
type Table struct {
	Header []string
	IDCol  int
	Rows   [][]string
}

// ReadTable reads an External IDs export (or any workbook, delimited text
// or JSON with an External ID column, found the way ait-convert finds
// headers) as text. Rows without an External ID are left out. It is meant
// for exports, which fit in memory.
func ReadTable(ctx context.Context, path string, opts Options) (*Table, error) {
	f, err := os.Open(path)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, &InputError{File: path, Err: err}
	}
	r, err := openWith(ctx, path, f, opts, false)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	t := &Table{Header: r.cols.header, IDCol: r.cols.index[schema.FieldExternalID]}
	for n := 0; ; n++ {
		if n&1023 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		row, err := r.src.next()
		if err == io.EOF {
			return t, nil
		}
		if err != nil {
			return nil, &InputError{File: path, Err: err}
		}
		if t.IDCol >= len(row.cells) {
			continue
		}
		cells := make([]string, len(row.cells))
		for i, c := range row.cells {
			cells[i] = strings.TrimSpace(c.Value)
			if c.Kind == KindNumber && i == t.IDCol {
				if v, err := numericID(c.Value); err == nil {
					cells[i] = v
				}
			}
		}
		if cells[t.IDCol] != "" {
			t.Rows = append(t.Rows, cells)
		}
	}
}

// ReadExternalIDs reads the External ID column of an export (see
// ReadTable) as a set.
func ReadExternalIDs(ctx context.Context, path string, opts Options) (map[string]bool, error) {
	t, err := ReadTable(ctx, path, opts)
	if err != nil {
		return nil, err
	}
	ids := make(map[string]bool, len(t.Rows))
	for _, row := range t.Rows {
		ids[row[t.IDCol]] = true
	}
	return ids, nil
}

// DecodeText returns a reader of UTF-8 text from delimited or JSON input:
// a byte-order mark is dropped, UTF-16 decoded, Windows-1252 read when the
// text is not valid UTF-8.
func DecodeText(br interface {
	io.Reader
	Peek(int) ([]byte, error)
	Discard(int) (int, error)
}) io.Reader {
	return decodeText(br)
}

// DetectDelimiter picks the delimiter of delimited text from its first
// bytes: the one of , ; tab | whose count per line is most consistent.
func DetectDelimiter(head []byte, tsv bool) rune { return detectDelimiter(head, tsv) }

// NewCSVReader reads delimited text with delimiter delim, rows of any
// length, as every reader of delimited text here does.
func NewCSVReader(r io.Reader, delim rune) *csv.Reader {
	cr := csv.NewReader(r)
	cr.Comma = delim
	cr.FieldsPerRecord = -1
	return cr
}

// CSVError words an error of a CSV reader: a parse error is ErrMalformed,
// naming its line and column.
func CSVError(err error) error {
	if pe, ok := errors.AsType[*csv.ParseError](err); ok {
		return fmt.Errorf("%w: line %d, column %d: %v", ErrMalformed, pe.Line, pe.Column, pe.Err)
	}
	return err
}

// FoldHeader is the form headers and keys are compared in: lower case,
// letters, digits and % only.
func FoldHeader(s string) string { return foldHeader(s) }
