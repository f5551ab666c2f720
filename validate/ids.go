package validate

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/aitkit/aitkit/record"
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
// Options.KnownIDs; see ReadIDRows.
func ReadIDs(ctx context.Context, name string, in io.Reader, column string) (map[string]bool, error) {
	dr, err := delimited.NewReader(name, in, delimited.Options{TSV: strings.HasSuffix(strings.ToLower(name), ".tsv")})
	if err != nil {
		return nil, err
	}
	defer dr.Close()
	return ReadIDRows(ctx, name, dr, column)
}

// Rows are the rows of an export as the user sees them: a reader of
// delimited text, or a workbook's sheet as package convert opens one
// (convert.OpenIDRows).
type Rows interface {
	Next() (sheet.Row, error) // io.EOF at the end
}

// ReadIDRows reads the External IDs of an export's rows. Its ID column is
// found in the first 20 rows by record.IDColumn: External ID in any case
// and spacing, or column when it is not "" (a header, or a column's
// letters such as "B"). Each ID is its cell, trimmed; rows without one are
// left out. An export is a list of plan items: it is held in memory.
func ReadIDRows(ctx context.Context, name string, rows Rows, column string) (map[string]bool, error) {
	col := -1
	var seen []string
	for n := 0; col < 0; n++ {
		row, err := rows.Next()
		if err == io.EOF || err == nil && n == idHeaderRows {
			if column != "" {
				return nil, fmt.Errorf("%s: %w: no column %q in its first %d rows (rows seen: %s)", name, ErrNoIDColumn, column, idHeaderRows, strings.Join(seen, "; "))
			}
			return nil, fmt.Errorf("%s: %w in its first %d rows (rows seen: %s)", name, ErrNoIDColumn, idHeaderRows, strings.Join(seen, "; "))
		}
		if err != nil {
			return nil, err
		}
		col = record.IDColumn(row.Texts(), column)
		if col < 0 && !row.Blank() && len(seen) < 3 {
			seen = append(seen, strings.Join(row.Texts(), ", "))
		}
	}
	ids := map[string]bool{}
	for n := 0; ; n++ {
		if n&1023 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		row, err := rows.Next()
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
