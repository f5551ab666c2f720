package xlsx

import (
	"bytes"
	"context"
	"io"
	"testing"

	"github.com/aitkit/aitkit/internal/trackergen"
)

const benchRows = 50_000

// BenchmarkRows reads every row of a generated tracker (trackergen's, as
// convert's benchmarks use) and reports rows per second: overlapped (the
// sheet scanned ahead on a core of its own) and on one core.
func BenchmarkRows(b *testing.B) {
	var buf bytes.Buffer
	if err := trackergen.Write(&buf, "xlsx", trackergen.Options{Rows: benchRows, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	in := buf.Bytes()
	read := func(b *testing.B, ahead bool) {
		b.SetBytes(int64(len(in)))
		b.ReportAllocs()
		cpu0 := cpuTime()
		for b.Loop() {
			wb, err := Open(context.Background(), "t.xlsx", bytes.NewReader(in), int64(len(in)), Options{ReadAhead: ahead})
			if err != nil {
				b.Fatal(err)
			}
			rows, err := wb.Rows(0)
			if err != nil {
				b.Fatal(err)
			}
			n := 0
			for {
				_, err := rows.Next()
				if err == io.EOF {
					break
				}
				if err != nil {
					b.Fatal(err)
				}
				n++
			}
			rows.Close()
			wb.Close()
			if n != benchRows+1 {
				b.Fatalf("%d rows", n)
			}
		}
		b.ReportMetric(float64((benchRows+1)*b.N)/b.Elapsed().Seconds(), "rows/s")
		b.ReportMetric((cpuTime()-cpu0)*1000/float64(b.N), "cpu-ms/op")
	}
	b.Run("overlapped", func(b *testing.B) { read(b, true) })
	b.Run("one-core", func(b *testing.B) { read(b, false) })
}
