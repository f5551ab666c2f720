package record

import (
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/aitkit/aitkit/schema"
	"github.com/aitkit/aitkit/sheet"
	"github.com/aitkit/aitkit/sheet/jsonarray"
)

// readAll reads every record of a body, each as "place key=value|...",
// the fields in schema order, then the unknown keys and the record's own
// problems.
func readAll(t *testing.T, f Format, body string, opts Options) ([]string, error) {
	t.Helper()
	r, err := NewReader("in", strings.NewReader(body), f, opts)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	var out []string
	for {
		w, err := r.Next()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		s := w.Place.String()
		for _, m := range w.Fields {
			if m.Value.Kind != jsonarray.Missing {
				s += " " + m.Key + "=" + m.Value.Text
			}
		}
		for _, m := range w.Unknown {
			s += " ?" + m.Key + "=" + m.Value.Text
		}
		if w.Duplicate != "" {
			s += " dup:" + w.Duplicate
		}
		if w.Ambiguous != "" {
			s += " ambiguous"
		}
		if w.NotObject.Kind != jsonarray.Missing {
			s += " not-object:" + w.NotObject.Kind.String()
		}
		out = append(out, s)
	}
}

func TestReader(t *testing.T) {
	tests := []struct {
		name   string
		format Format
		body   string
		want   []string
		err    error
	}{
		{"json as written", JSON, `[{"ExternalID":"A","status":"On Track","metricValue":0.5,"asOfDate":"2025-07-03","x":1}]`,
			[]string{"in[0] ExternalID=A status=On Track metricValue=0.5 asOfDate=2025-07-03 ?x=1"}, nil},
		{"json: a key twice, an element not an object", JSON, `[{"externalId":"A","external_id":"B"}, 5]`,
			[]string{"in[0] externalId=A dup:external_id", "in[1] not-object:number"}, nil},
		{"csv with the import header, any order and case", CSV, "status,EXTERNAL ID,As Of Date\nOn Track,A,2025-07-03\n",
			[]string{"in:2 EXTERNAL ID=A status=On Track As Of Date=2025-07-03"}, nil},
		{"csv without a header", CSV, "A,On Track,0.5,2025-07-03\nB,Achieved,,2025-07-04,done,extra\n",
			[]string{"in:1 External ID=A Status=On Track Metric Value=0.5 As Of Date=2025-07-03",
				"in:2 External ID=B Status=Achieved As Of Date=2025-07-04 Comment=done ?(column 6)=extra"}, nil},
		{"csv: a column twice", CSV, "External ID,Status,Status\nA,x,y\n", []string{"in:2 External ID=A Status=x dup:Status"}, nil},
		{"csv: an empty line", CSV, "External ID,Status\nA,x\n\nB,y\n", []string{"in:2 External ID=A Status=x"}, sheet.ErrMalformed},
		{"csv of other columns", CSV, "External ID,Status,Owner\nA,x,Ann\n", nil, ErrNotRecords},
		{"json sent as csv is text", CSV, "[1]\n", nil, ErrNotRecords},
		{"csv sent as json", JSON, "A,On Track\n", nil, sheet.ErrUnsupported},
		{"a json object", "", `{"externalId":"A"}`, nil, sheet.ErrUnsupported},
		{"a workbook", "", "PK\x03\x04rest", nil, ErrNotRecords},
		{"told by its first byte: json", "", " \n[{\"externalId\":\"A\"}]", []string{"in[0] externalId=A"}, nil},
		{"told by its first byte: csv", "", "External ID\nA\n", []string{"in:2 External ID=A"}, nil},
		{"empty", "", " \n", nil, sheet.ErrEmpty},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := readAll(t, tt.format, tt.body, Options{})
			if tt.err == nil && err != nil || tt.err != nil && !errors.Is(err, tt.err) {
				t.Fatalf("err = %v, want %v", err, tt.err)
			}
			if _, ok := errors.AsType[*sheet.Error](err); err != nil && !ok {
				t.Errorf("error %v has no place", err)
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// TestReaderKeys: with Options.Keys a better name of a field wins, and two
// names as good are ambiguous.
func TestReaderKeys(t *testing.T) {
	aliases := map[string][2]int{"ID": {schema.IndexExternalID, 2}, "Item": {schema.IndexExternalID, 2}, "externalId": {schema.IndexExternalID, 1}}
	keys := func(k string) (int, int, bool) { a, ok := aliases[k]; return a[0], a[1], ok }
	got, err := readAll(t, JSON, `[{"ID":"1","externalId":"A"},{"ID":"1","Item":"2"}]`, Options{Keys: keys})
	want := "in[0] externalId=A\nin[1] ID=1 ambiguous"
	if err != nil || strings.Join(got, "\n") != want {
		t.Errorf("got %q, %v; want %q", got, err, want)
	}
}

func TestField(t *testing.T) {
	for key, want := range map[string]int{"externalId": 0, "External ID": 0, "external_id": 0, "EXTERNALID": 0, "Metric Value": 2, "as-of-date": 3, "comment": 4, "ID": -1, "Comments": -1, "": -1} {
		if got, ok := Field(key); got != want || ok != (want >= 0) {
			t.Errorf("Field(%q) = %d, %v; want %d", key, got, ok, want)
		}
	}
}

func TestWrittenOf(t *testing.T) {
	w := WrittenOf(schema.Update{ExternalID: "A", Status: "On Track", AsOfDate: "2025-07-03", MetricValue: "0.5"})
	if w.Fields[schema.IndexMetricValue].Value.Kind != jsonarray.Number || w.Fields[schema.IndexComment].Value.Kind != jsonarray.Missing ||
		w.Fields[schema.IndexStatus].Key != "status" {
		t.Errorf("WrittenOf = %+v", w)
	}
}

func TestIDColumn(t *testing.T) {
	tests := []struct {
		header []string
		column string
		want   int
	}{
		{[]string{"Name", "External ID"}, "", 1},
		{[]string{"name", "external_id"}, "", 1},
		{[]string{"ID", "Name"}, "", -1}, // no aliases: an export calls it External ID
		{[]string{"Item Key", "Name"}, "item key", 0},
		{[]string{"Key", "Name"}, "B", 1},
		{[]string{"B", "Name"}, "B", 0}, // a header of that name wins over the letters
		{[]string{"", ""}, "A", -1},     // a blank row is no header
		{[]string{"Key"}, "C", -1},
		{[]string{"External ID"}, "Item Key", -1},
	}
	for _, tt := range tests {
		if got := IDColumn(tt.header, tt.column); got != tt.want {
			t.Errorf("IDColumn(%q, %q) = %d, want %d", tt.header, tt.column, got, tt.want)
		}
	}
}
