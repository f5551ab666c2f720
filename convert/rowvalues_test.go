package convert

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/aitkit/aitkit/schema"
)

// TestRowErrorValues: a row that does not convert carries its values,
// each field's as the record writes it where it converted and its cell's
// text as found where it failed, whichever way it was read (a date or a
// metric that waited for its column, a record as written).
func TestRowErrorValues(t *testing.T) {
	long := strings.Repeat("x", 60)
	tests := []struct {
		name string
		file string
		in   string
		opts Options
		want [][schema.NumFields]string // per row that fails, in order
	}{
		{"the date fails, after waiting for its column", "a.csv",
			"External ID,Status,Metric Value,As Of Date,Comment\nA-1,on track,54%,03/07/2025,first\nA-2,At Risk,,05/09/2025,\n", Options{},
			[][schema.NumFields]string{{"A-1", "On Track", "0.54", "03/07/2025", "first"}, {"A-2", "At Risk", "", "05/09/2025", ""}}},
		{"the status fails", "a.csv",
			"External ID,Status,Metric Value,As Of Date,Comment\nA-1,Green,0.6,03/07/2025, a comment \n", Options{DateOrder: OrderMDY},
			[][schema.NumFields]string{{"A-1", "Green", "0.6", "2025-03-07", "a comment"}}},
		{"the metric fails, the date comes from --as-of", "a.csv",
			"External ID,Status,Metric Value,As Of Date,Comment\nA-1,Off Track,abc,,c\n", Options{AsOf: "2025-01-02"},
			[][schema.NumFields]string{{"A-1", "Off Track", "abc", "2025-01-02", "c"}}},
		{"two fields fail, one is missing", "a.csv",
			"External ID,Status,Metric Value,As Of Date,Comment\n,Green,0.5,,c\n", Options{},
			[][schema.NumFields]string{{"", "Green", "0.5", "", "c"}}},
		{"a comment too long is as its error quotes it", "a.csv",
			"External ID,Status,Metric Value,As Of Date,Comment\nA-1,Achieved,1,2025-01-02," + long + "\n", Options{MaxComment: 50},
			[][schema.NumFields]string{{"A-1", "Achieved", "1", "2025-01-02", long[:40] + "…"}}},
		{"records as written", "a.json",
			`[{"externalId":"J-1","status":"Done","metricValue":0.25,"asOfDate":"2025-02-03","comment":"j"}]`, Options{},
			[][schema.NumFields]string{{"J-1", "Done", "0.25", "2025-02-03", "j"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := NewReader(context.Background(), tc.file, bytes.NewReader([]byte(tc.in)), tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			var got [][schema.NumFields]string
			for {
				_, err := r.Next()
				if err == io.EOF {
					break
				}
				re, ok := errors.AsType[*RowError](err)
				if !ok {
					if err != nil {
						t.Fatal(err)
					}
					continue
				}
				got = append(got, re.Values)
			}
			if len(got) != len(tc.want) {
				t.Fatalf("%d rows failed, want %d: %q", len(got), len(tc.want), got)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Errorf("row %d: %q, want %q", i, got[i], tc.want[i])
				}
			}
		})
	}
}
