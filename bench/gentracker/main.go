// Command gentracker writes a large tracker for benchmarks:
//
//	go run ./bench/gentracker -rows 1000000 -o bench/out/tracker-1m.xlsx
//	go run ./bench/gentracker -rows 1000000 -o bench/out/tracker-1m.csv
//	go run ./bench/gentracker -rows 1000000 -inline -o bench/out/inline-1m.xlsx
package main

import (
	"flag"
	"log"
	"os"
	"path/filepath"
	"strings"

	"github.com/aitkit/aitkit/internal/trackergen"
)

func main() {
	rows := flag.Int("rows", 100000, "data rows")
	out := flag.String("o", "tracker.xlsx", "output file (.xlsx or .csv)")
	inline := flag.Bool("inline", false, "xlsx: each row's strings inline, not shared")
	flag.Parse()
	if err := os.MkdirAll(filepath.Dir(*out), 0o755); err != nil {
		log.Fatal(err)
	}
	f, err := os.Create(*out)
	if err != nil {
		log.Fatal(err)
	}
	write := trackergen.WriteXLSX
	if *inline {
		write = trackergen.WriteXLSXInline
	}
	if strings.HasSuffix(*out, ".csv") {
		write = trackergen.WriteCSV
	}
	if err := write(f, *rows); err != nil {
		log.Fatal(err)
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
}
