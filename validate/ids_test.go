package validate

import (
	"context"
	"errors"
	"maps"
	"slices"
	"strings"
	"testing"
)

func TestReadIDs(t *testing.T) {
	tests := []struct {
		name, in, column string
		want             []string
		err              error
	}{
		{"header first", "External ID,Name\nA-1,x\n 00123 ,y\n,z\n", "", []string{"00123", "A-1"}, nil},
		{"header below a title, any spelling", "Plan export\n\nname;external_id\nGrow;A-1\n", "", []string{"A-1"}, nil},
		{"a column of its own name", "Item Key,Name\nK1,x\nK2,y\n", "item key", []string{"K1", "K2"}, nil},
		{"a column's letters, under its header", "Key,Name\nK1,x\n", "B", []string{"x"}, nil},
		{"no External ID column", "Item Key,Name\nK1,x\n", "", nil, ErrNoIDColumn},
		{"not the column asked for", "External ID\nA\n", "Item Key", nil, ErrNoIDColumn},
		{"header past the first 20 rows", strings.Repeat("x\n", 20) + "External ID\nA\n", "", nil, ErrNoIDColumn},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ids, err := ReadIDs(context.Background(), "ids.csv", strings.NewReader(tt.in), tt.column)
			if tt.err != nil {
				if !errors.Is(err, tt.err) || !strings.HasPrefix(err.Error(), "ids.csv: ") {
					t.Errorf("err = %v, want %v naming the file", err, tt.err)
				}
				return
			}
			if got := slices.Sorted(maps.Keys(ids)); err != nil || !slices.Equal(got, tt.want) {
				t.Errorf("ReadIDs = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}
