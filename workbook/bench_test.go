package workbook

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/aitkit/aitkit/internal/trackergen"
)

// BenchmarkAnnotate marks the status of every row of a generated 100,000-row
// tracker: go test ./workbook -bench Annotate -benchtime 1x.
func BenchmarkAnnotate(b *testing.B) {
	const rows = 100000
	path := filepath.Join(b.TempDir(), "tracker.xlsx")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	if err := trackergen.Write(f, "xlsx", trackergen.Options{Rows: rows, Seed: 1, UnknownStatuses: true}); err != nil {
		b.Fatal(err)
	}
	f.Close()
	b.ResetTimer()
	for range b.N {
		a := NewAnnotator()
		for r := 2; r <= rows+1; r++ {
			if err := a.Add(Mark{Sheet: "Tracker", Cell: fmt.Sprintf("C%d", r), Field: "status", Value: fmt.Sprintf("Phase %07d", r-2), Message: "Status is invalid."}); err != nil {
				b.Fatal(err)
			}
		}
		if err := a.Write(path, io.Discard, Counts{Total: rows, Invalid: rows}); err != nil {
			b.Fatal(err)
		}
		a.Close()
	}
}
