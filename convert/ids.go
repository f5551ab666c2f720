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
// headers) as text. Rows without an External ID are left out. It is meant
// for exports, which fit in memory.
func ReadTable(ctx context.Context, path string, opts Options) (*Table, error) {
	opts.View = ViewConvert
	r, err := openFile(ctx, path, opts, true)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	t := &Table{Header: r.cols.header, IDCol: r.cols.index[schema.FieldExternalID]}
	for n := 0; ; n++ {
		if n&1023 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		row, err := r.src.Next()
		if err == io.EOF {
			return t, nil
		}
		if err != nil {
			return nil, r.inputError(err)
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
