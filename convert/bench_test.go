package convert

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/aitkit/aitkit/internal/trackergen"
	"github.com/aitkit/aitkit/record"
)

func BenchmarkNormalizeMetric(b *testing.B) {
	in := []string{"54%", "54.3%", "$1,234.50", "0.54", "1e-7"}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, err := NormalizeMetric(in[i%len(in)], false); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkNormalizeNumber(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := NormalizeNumber("0.54300000000000004"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkNormalizeDate(b *testing.B) {
	in := []string{"2025-07-03", "07/31/2025", "Jul 3, 2025", "2025-07-03T23:30:00-05:00"}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, err := NormalizeDate(in[i%len(in)], OrderMDY); err != nil {
			b.Fatal(err)
		}
	}
}

const benchRows = 20000

// benchInput writes a generated tracker once per benchmark.
func benchInput(b *testing.B, name string, write func(io.Writer, int) error) string {
	b.Helper()
	path := filepath.Join(b.TempDir(), name)
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	if err := write(f, benchRows); err != nil {
		b.Fatal(err)
	}
	f.Close()
	return path
}

// benchConvert converts a file to JSON over and over and reports rows per
// second.
func benchConvert(b *testing.B, path string, opts Options) {
	b.ReportAllocs()
	for b.Loop() {
		r, err := Open(context.Background(), path, opts)
		if err != nil {
			b.Fatal(err)
		}
		w := record.NewWriter(io.Discard, record.JSON)
		n := 0
		var rec Record // once, as ait-convert does: it escapes into the writer
		for {
			rec, err = r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			w.Write(&rec.Update)
			n++
		}
		w.Close()
		r.Close()
		if n != benchRows {
			b.Fatalf("%d records, want %d", n, benchRows)
		}
	}
	b.ReportMetric(float64(benchRows*b.N)/b.Elapsed().Seconds(), "rows/s")
}

// The one-core variants are what each input gets when ait-convert has as
// many inputs as cores: every core busy with an input of its own, so that
// nothing is read ahead on another goroutine.
func BenchmarkConvertWorkbook(b *testing.B) {
	path := benchInput(b, "t.xlsx", trackergen.WriteXLSX)
	b.Run("overlapped", func(b *testing.B) { benchConvert(b, path, Options{ReadAhead: true}) })
	b.Run("one-core", func(b *testing.B) { benchConvert(b, path, Options{}) })
}

func BenchmarkConvertDelimited(b *testing.B) {
	path := benchInput(b, "t.csv", trackergen.WriteCSV)
	b.Run("overlapped", func(b *testing.B) { benchConvert(b, path, Options{ReadAhead: true}) })
	b.Run("one-core", func(b *testing.B) { benchConvert(b, path, Options{}) })
}

func BenchmarkWriteJSON(b *testing.B) {
	rec := u("AA-0000001", "On Track", "0.54", "2025-07-03", "Progress note 1: on schedule, within budget")
	var buf bytes.Buffer
	w := record.NewWriter(&buf, record.JSON)
	b.ReportAllocs()
	for b.Loop() {
		w.Write(&rec)
		if buf.Len() > 1<<20 {
			buf.Reset()
		}
	}
}
