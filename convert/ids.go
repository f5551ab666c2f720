package convert

import (
	"context"
	"io"
	"strings"

	"github.com/aitkit/aitkit/schema"
	"github.com/aitkit/aitkit/sheet"
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
// headers) as text. Rows without an External ID are left out. It holds
// every row: OpenTable reads one at a time.
func ReadTable(ctx context.Context, path string, opts Options) (*Table, error) {
	tr, err := OpenTable(ctx, path, opts)
	if err != nil {
		return nil, err
	}
	defer tr.Close()
	t := &Table{Header: tr.Header, IDCol: tr.IDCol}
	for {
		row, err := tr.Next()
		if err == io.EOF {
			return t, nil
		}
		if err != nil {
			return nil, err
		}
		t.Rows = append(t.Rows, row)
	}
}

// TableReader reads a table (see ReadTable) a row at a time, so that an
// export of a million items is never held in memory.
type TableReader struct {
	Header []string // the header row's cells
	IDCol  int      // the column of External IDs
	ctx    context.Context
	r      *Reader
	n      int
	num    int // the row last returned
}

// OpenTable opens a table for reading row by row; Close it.
func OpenTable(ctx context.Context, path string, opts Options) (*TableReader, error) {
	opts.View = ViewConvert
	r, err := openFile(ctx, path, opts, true)
	if err != nil {
		return nil, err
	}
	return &TableReader{Header: r.cols.header, IDCol: r.cols.index[schema.FieldExternalID], ctx: ctx, r: r}, nil
}

// Next returns the next row that has an External ID, as text (a new slice
// each time), or io.EOF after the last.
func (t *TableReader) Next() ([]string, error) {
	for {
		if t.n++; t.n&1023 == 0 && t.ctx.Err() != nil {
			return nil, t.ctx.Err()
		}
		row, err := t.r.src.Next()
		if err == io.EOF {
			return nil, io.EOF
		}
		if err != nil {
			return nil, t.r.inputError(err)
		}
		if t.IDCol >= len(row.Cells) {
			continue
		}
		cells := make([]string, len(row.Cells))
		for i, c := range row.Cells {
			cells[i] = strings.TrimSpace(c.Value)
			if c.Kind == sheet.Number && i == t.IDCol {
				if v, err := numericID(c.Value); err == nil {
					cells[i] = v
				}
			}
		}
		if cells[t.IDCol] != "" {
			t.num = row.Num
			return cells, nil
		}
	}
}

// Columns are the header row's cells and the column of External IDs.
func (t *TableReader) Columns() ([]string, int) { return t.Header, t.IDCol }

// Place is where column col of the row last returned is.
func (t *TableReader) Place(col int) sheet.Place { return t.r.src.Place(t.num, col) }

// Close closes the input.
func (t *TableReader) Close() error { return t.r.Close() }
