package record

import (
	"strings"

	"github.com/aitkit/aitkit/schema"
	"github.com/aitkit/aitkit/sheet"
)

// IDColumn is the column of a header row that holds External IDs, in an
// export of plan items: the one named External ID (in any case and
// spacing, as Field reads it), or, when column is not "", the one with
// that header (compared as Fold compares) or, when no header has that
// name, those letters ("B"). -1 when the row has none. It is the one rule
// by which every binary finds the ID column of an export (--ids,
// --ids-column).
func IDColumn(header []string, column string) int {
	blank := true
	for i, h := range header {
		blank = blank && strings.TrimSpace(h) == ""
		if column == "" {
			if f, ok := Field(h); ok && f == schema.IndexExternalID {
				return i
			}
		} else if Fold(h) != "" && Fold(h) == Fold(column) {
			return i
		}
	}
	if !blank && len(column) <= 3 && strings.Trim(strings.ToUpper(column), "ABCDEFGHIJKLMNOPQRSTUVWXYZ") == "" {
		if i, ok := sheet.ColumnIndex(column); ok && i < len(header) {
			return i
		}
	}
	return -1
}
