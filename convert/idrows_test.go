package convert

import (
	"context"
	"maps"
	"slices"
	"testing"

	"github.com/aitkit/aitkit/validate"
)

// readIDs reads an export as ait-validate --ids does.
func readIDs(t *testing.T, path, column string) []string {
	t.Helper()
	rows, err := OpenIDRows(context.Background(), path, column, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	ids, err := validate.ReadIDRows(context.Background(), path, rows, column)
	if err != nil {
		t.Fatal(err)
	}
	return slices.Sorted(maps.Keys(ids))
}

// TestIDsExport: an External IDs export gives the same IDs whatever it was
// saved as (a workbook, .xls, .ods, CSV), read by the one rule of
// record.IDColumn; numbers as their digits.
func TestIDsExport(t *testing.T) {
	tests := []struct {
		csv, column string
		same        []string // the same export, saved otherwise
	}{
		{"../testdata/validate/export.csv", "", []string{"../testdata/xlsx/export.xlsx"}},
		{"../testdata/validate/spec-example-ids.csv", "", []string{"../testdata/legacy/lo-ids.xls", "../testdata/legacy/lo-ids.ods"}},
		{"../testdata/validate/export-item-key.csv", "Item Key", nil},
	}
	for _, tt := range tests {
		want := readIDs(t, tt.csv, tt.column)
		if len(want) < 2 {
			t.Fatalf("%s: %q", tt.csv, want)
		}
		for _, f := range tt.same {
			if got := readIDs(t, f, tt.column); !slices.Equal(got, want) {
				t.Errorf("%s: %q; want %q, as %s gives", f, got, want, tt.csv)
			}
		}
	}
}
