package main

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/aitkit/aitkit/internal/trackergen"
)

// benchRows is the size of the workbook the benchmarks drop:
// AITKIT_WEB_BENCH_ROWS, else 100,000 rows.
func benchRows(b *testing.B) int {
	if v := os.Getenv("AITKIT_WEB_BENCH_ROWS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			b.Fatalf("AITKIT_WEB_BENCH_ROWS=%q: expected a number of rows", v)
		}
		return n
	}
	return 100000
}

// benchWorkbook writes a generated tracker of n rows.
func benchWorkbook(b *testing.B, n int) string {
	path := filepath.Join(b.TempDir(), "tracker-"+strconv.Itoa(n)+".xlsx")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	if err := trackergen.WriteXLSX(f, n); err != nil {
		b.Fatal(err)
	}
	return path
}

// BenchmarkConvertAnswer: POST /api/convert of a workbook of 100,000
// rows until its answer (the first page of records and rows) is read:
// the server's part of the time to the first rows.
//
//	go test -run '^$' -bench ConvertAnswer -benchtime 3x ./cmd/ait-web
func BenchmarkConvertAnswer(b *testing.B) {
	n := benchRows(b)
	path := benchWorkbook(b, n)
	s := start(b, nil)
	b.ResetTimer()
	for range b.N {
		a, status := s.convertFiles([]string{path})
		if status != 200 || a.Total != n {
			b.Fatalf("status %d, %d records: %s", status, a.Total, a.Error)
		}
	}
	b.ReportMetric(float64(n), "rows")
}

// BenchmarkFirstRows: in Chromium, the time from choosing a workbook of
// 100,000 rows to its first row shown in the grid (the upload, the
// conversion, the answer and the grid's first render).
//
//	go test -run '^$' -bench FirstRows -benchtime 3x ./cmd/ait-web
func BenchmarkFirstRows(b *testing.B) {
	n := benchRows(b)
	path := benchWorkbook(b, n)
	ctx := browser(b)
	s := start(b, nil)
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		if err := chromedp.Do(ctx, chromedp.Navigate(s.url), chromedp.WaitReady(chromedp.CSS("#files"))); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		err := chromedp.Do(ctx,
			chromedp.SetUploadFiles(chromedp.CSS("#files"), []string{path}),
			until(`document.querySelector("#row-0 .c-id")?.textContent`))
		if err != nil {
			b.Fatalf("%v\nstderr: %s", err, s.stderr)
		}
	}
	b.ReportMetric(float64(n), "rows")
}
