// Command gentracker writes large trackers for benchmarks, with data that
// looks like real trackers (see internal/trackergen):
//
//	go run ./bench/gentracker -rows 1000000 -o bench/out/tracker-1m.xlsx
//	go run ./bench/gentracker -rows 1000000 -o bench/out/tracker-1m.csv
//	go run ./bench/gentracker -rows 1000000 -inline -o bench/out/inline-1m.xlsx
//	go run ./bench/gentracker -rows 1000 -custom -o bench/out/custom.xlsx
//	go run ./bench/gentracker -rows 1000000 -items 100000 -o bench/out/items.csv
//	go run ./bench/gentracker -items 100000 -ids -o bench/out/ids.csv
//	go run ./bench/gentracker -rows 1000000 -unknown-statuses -o bench/out/unknown-1m.csv
//	go run ./bench/gentracker -rows 1000000 -dates-settled-last -o bench/out/dates-1m.csv
//
// and, for memory, a small workbook whose shared strings inflate to a lot:
//
//	go run ./bench/gentracker -huge-strings 2000000 -o bench/out/huge-sst.xlsx
package main

import (
	"flag"
	"fmt"
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
	custom := flag.Bool("custom", false, "the organization's own statuses ("+strings.Join(trackergen.CustomStatuses, ", ")+")")
	seed := flag.Uint64("seed", 1, "the generator's seed: a seed gives the same rows in every format")
	items := flag.Int("items", 0, "plan items the rows update, each row one at random (0: one item a row)")
	ids := flag.Bool("ids", false, "write the External IDs export of the items (.csv), not the tracker")
	unknown := flag.Bool("unknown-statuses", false, "every row a status word of its own, none of them a status")
	datesLast := flag.Bool("dates-settled-last", false, "every As Of Date typed D/M/YYYY with day and month 12 or less, until the last row settles the order")
	huge := flag.Int("huge-strings", 0, "write a workbook of two records whose shared strings are this many strings of 1,000 bytes")
	flag.Parse()
	if err := os.MkdirAll(filepath.Dir(*out), 0o755); err != nil {
		log.Fatal(err)
	}
	// Written beside its name and renamed when complete, so that an
	// interrupted run leaves no truncated tracker for the next to reuse.
	tmp := *out + ".partial"
	f, err := os.Create(tmp)
	if err != nil {
		log.Fatal(err)
	}
	switch {
	case *ids:
		err = trackergen.WriteIDs(f, trackergen.Options{Rows: *rows, Seed: *seed, Items: *items})
	case *huge > 0:
		err = trackergen.WriteHugeStrings(f, *huge, 1000)
	case strings.HasSuffix(*out, ".csv"):
		err = trackergen.Write(f, "csv", trackergen.Options{Rows: *rows, Seed: *seed, Custom: *custom, Items: *items, UnknownStatuses: *unknown, DatesSettledLast: *datesLast})
	case strings.HasSuffix(*out, ".xlsx"):
		err = trackergen.Write(f, "xlsx", trackergen.Options{Rows: *rows, Seed: *seed, Custom: *custom, Items: *items, Inline: *inline, UnknownStatuses: *unknown, DatesSettledLast: *datesLast})
	default:
		err = fmt.Errorf("%s: write .xlsx or .csv", *out)
	}
	if err != nil {
		os.Remove(tmp)
		log.Fatal(err)
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		log.Fatal(err)
	}
	if err := os.Rename(tmp, *out); err != nil {
		log.Fatal(err)
	}
}
