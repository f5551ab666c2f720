package validate

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/aitkit/aitkit/record"
	"github.com/aitkit/aitkit/schema"
	"github.com/aitkit/aitkit/sheet"
	"github.com/aitkit/aitkit/sheet/delimited"
)

// ErrNoIDColumn: an External IDs export with no External ID column (or
// none of the name asked for) in its first rows.
var ErrNoIDColumn = errors.New("no External ID column")

// idHeaderRows is how many rows of an export are searched for its header.
const idHeaderRows = 20

// ReadIDs reads the External IDs of an export in delimited text (CSV,
// TSV, semicolons...; any encoding sheet/delimited reads), for
// Options.KnownIDs. Its ID column is found by its header in the first 20
// rows: External ID in any case and spacing, or column when it is not ""
// (a header, or a column's letters such as "B"). Each ID is its cell,
// trimmed; rows without one are left out. An export is a list of plan
// items: it is held in memory.
func ReadIDs(ctx context.Context, name string, in io.Reader, column string) (map[string]bool, error) {
	dr, err := delimited.NewReader(name, in, delimited.Options{TSV: strings.HasSuffix(strings.ToLower(name), ".tsv")})
	if err != nil {
		return nil, err
	}
	defer dr.Close()
	col := -1
	var seen []string
	for n := 0; col < 0; n++ {
		row, err := dr.Next()
		if err == io.EOF || err == nil && n == idHeaderRows {
			what := "External ID"
			if column != "" {
				what = fmt.Sprintf("%q", column)
			}
			return nil, fmt.Errorf("%s: %w: no row in the first %d names a column %s (%s)", name, ErrNoIDColumn, idHeaderRows, what, strings.Join(seen, "; "))
		}
		if err != nil {
			return nil, err
		}
		col = idColumn(row, column)
		if col < 0 && !row.Blank() && len(seen) < 3 {
			seen = append(seen, strings.Join(row.Texts(), ", "))
		}
	}
	ids := map[string]bool{}
	for n := 0; ; n++ {
		if n&1023 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		row, err := dr.Next()
		if err == io.EOF {
			return ids, nil
		}
		if err != nil {
			return nil, err
		}
		if col < len(row.Cells) {
			if id := strings.TrimSpace(row.Cells[col].Value); id != "" {
				ids[id] = true
			}
		}
	}
}

// idColumn is the column of row whose header names the External ID (or
// column); -1 for none.
func idColumn(row sheet.Row, column string) int {
	for i, c := range row.Cells {
		if column == "" {
			if f, ok := record.Field(c.Value); ok && f == schema.IndexExternalID {
				return i
			}
		} else if record.Fold(c.Value) == record.Fold(column) && record.Fold(column) != "" {
			return i
		}
	}
	// A column's letters, when no header has that name.
	if len(column) <= 3 && strings.Trim(strings.ToUpper(column), "ABCDEFGHIJKLMNOPQRSTUVWXYZ") == "" && !row.Blank() {
		if i, ok := sheet.ColumnIndex(column); ok && i < len(row.Cells) {
			return i
		}
	}
	return -1
}
