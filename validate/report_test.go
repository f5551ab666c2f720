package validate

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/aitkit/aitkit/record"
)

// countingWriter counts what reached it.
type countingWriter struct{ n int }

func (w *countingWriter) Write(p []byte) (int, error) { w.n += len(p); return len(p), nil }

// TestReportStreams: a run with an error in every record holds no errors
// in its report, and the report writer passes the errors on as they come,
// holding no more than its buffer and one record.
func TestReportStreams(t *testing.T) {
	const n = 20000
	var in strings.Builder
	in.WriteString("[")
	for i := range n {
		if i > 0 {
			in.WriteString(",")
		}
		fmt.Fprintf(&in, `{"externalId":"A-%d","status":"Phase %d","asOfDate":"2025-07-03"}`, i, i)
	}
	in.WriteString("]")
	v := mustNew(t, Options{})
	src, err := record.NewJSONReader("u.json", strings.NewReader(in.String()), record.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	var out countingWriter
	rw := NewReportWriter(&out)
	records := 0
	rep, err := v.Run(context.Background(), src, func(c *Checked) error {
		if err := rw.Add(c); err != nil {
			return err
		}
		records++
		// What the writer holds stays within its buffer and one record.
		if b := rw.Buffered(); b > reportBuffer+4096 {
			t.Fatalf("after %d records the report writer holds %d bytes", records, b)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Errors) != 0 {
		t.Errorf("the report holds %d records' errors: Run must leave them to its callback", len(rep.Errors))
	}
	if rep.TotalRecords != n || rep.ErrorRecords != n || rep.FieldErrors != n {
		t.Errorf("counts %+v", rep)
	}
	if err := rw.Close(rep); err != nil {
		t.Fatal(err)
	}
	if out.n < n*100 {
		t.Errorf("only %d bytes written for %d errors", out.n, n)
	}
}

// TestReportWriterEmpty: a report without errors is the same as the whole
// report marshalled, and valid JSON.
func TestReportWriterEmpty(t *testing.T) {
	var b strings.Builder
	rw := NewReportWriter(&b)
	rep := &Report{TotalRecords: 3, ValidRecords: 3}
	if err := rw.Close(rep); err != nil {
		t.Fatal(err)
	}
	rep.Errors = []RecordErrors{}
	whole, _ := json.MarshalIndent(rep, "", "  ")
	if b.String() != string(whole)+"\n" {
		t.Errorf("streamed %q\nwhole %q", b.String(), whole)
	}
	var back Report
	if err := json.Unmarshal([]byte(b.String()), &back); err != nil || back.TotalRecords != 3 || back.Errors == nil {
		t.Errorf("%v %+v", err, back)
	}
}
