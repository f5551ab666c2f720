package validate_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/aitkit/aitkit/convert"
	"github.com/aitkit/aitkit/internal/trackergen"
	"github.com/aitkit/aitkit/record"
	"github.com/aitkit/aitkit/validate"
)

// BenchmarkValidateJSON checks a file of JSON records and reports records
// per second. bench/validate.sh does the same on 1M records with the binary.
func BenchmarkValidateJSON(b *testing.B) {
	const n = 20000
	var csv bytes.Buffer
	if err := trackergen.Write(&csv, "csv", trackergen.Options{Rows: n}); err != nil {
		b.Fatal(err)
	}
	// The records as ait-convert writes them.
	r, err := convert.NewReader(context.Background(), "t.csv", &csv, convert.Options{})
	if err != nil {
		b.Fatal(err)
	}
	var js bytes.Buffer
	w := record.NewWriter(&js, record.JSON)
	for {
		rec, err := r.Next()
		if err != nil {
			break
		}
		w.Write(&rec.Update)
	}
	w.Close()
	path := filepath.Join(b.TempDir(), "r.json")
	os.WriteFile(path, js.Bytes(), 0o644)
	v, err := validate.New(validate.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		src, err := convert.Open(context.Background(), path, convert.Options{View: convert.ViewAsWritten})
		if err != nil {
			b.Fatal(err)
		}
		rep, err := v.Run(context.Background(), src.Written(), nil)
		if err != nil || rep.TotalRecords != n || !rep.OK() {
			b.Fatalf("%v %+v", err, rep.TotalRecords)
		}
		src.Close()
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "records/s")
}
