package main

import (
	"flag"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/aitkit/aitkit/cmd/internal/clitest"
	"github.com/xuri/excelize/v2"
)

var update = flag.Bool("update", false, "rewrite the golden files")

const td = "../../testdata/"

func TestScenarios(t *testing.T) {
	clitest.Golden(t, run, filepath.Join(td, "golden", "template"), *update, []clitest.Scenario{
		clitest.Case("help", nil, "-h"),
		clitest.Case("version", nil, "--version"),
		clitest.Case("no-export", nil, "-o", "x.xlsx"),
		clitest.Case("two-exports", nil, "a.xlsx", "b.xlsx", "-o", "x.xlsx"),
		clitest.Case("bad-metric-format", nil, "--metric-format", "ratio", td+"xlsx/export.xlsx", "-o", "x.xlsx"),
		clitest.Case("overwrite-export", nil, td+"xlsx/export.xlsx", "-o", td+"xlsx/export.xlsx"),
		clitest.Case("missing-export", nil, "no-such.xlsx", "-o", "x.xlsx"),
		clitest.Case("export-without-ids", nil, td+"xlsx/date1904.xlsx", "--map", "Status=comment", "--sheet", "Nope", "-o", "x.xlsx"),
		// Refusals name the flags that settle them.
		clitest.Case("several-sheets", nil, td+"fidelity/openpyxl/sheets.xlsx", "-o", "x.xlsx"),
		clitest.Case("sheet-unknown", nil, "--sheet", "Plans", td+"xlsx/tracker.xlsx", "-o", "x.xlsx"),
	})
}

func TestWritesATracker(t *testing.T) {
	out := filepath.Join(t.TempDir(), "q3.xlsx")
	r := clitest.Run(run, nil, "--as-of", "Sep 30, 2025", "--statuses", "Planned,Completed", "--metric-format", "number", td+"validate/spec-example-ids.csv", "-o", out)
	if r.Code != 0 || !strings.Contains(r.Stderr, "4 items to fill in") {
		t.Fatalf("%s", r)
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows("Tracker")
	// External ID, Name (carried), Status, Metric Value, As Of Date (prefilled), Comment.
	if len(rows) != 5 || rows[1][0] != "28e4c9a0-3840-4457-ade8-91e322eb84ea" || rows[1][1] != "Grow revenue" || rows[1][4] != "2025-09-30" {
		t.Errorf("rows %q", rows)
	}
	dvs, _ := f.GetDataValidations("Tracker")
	if len(dvs) == 0 || dvs[0].Formula1 != `"Planned,Completed"` {
		t.Errorf("status list %+v", dvs)
	}
	// Windows has no mode bits: Go reports 0666 for every writable file.
	if st, _ := os.Stat(out); runtime.GOOS != "windows" && st.Mode().Perm() != 0o644 {
		t.Errorf("mode %v", st.Mode().Perm())
	}
}

// TestLongCellRefused: a cell longer than a spreadsheet cell holds stops
// the run naming the item, and no tracker is written.
func TestLongCellRefused(t *testing.T) {
	dir := t.TempDir()
	export := filepath.Join(dir, "export.csv")
	os.WriteFile(export, []byte("External ID,Name\nA-1,short\nA-2,"+strings.Repeat("x", 40000)+"\n"), 0o644)
	out := filepath.Join(dir, "t.xlsx")
	r := clitest.Run(run, nil, export, "-o", out)
	if r.Code != 2 || !strings.Contains(r.Stderr, `export.csv:3: item "A-2": its "Name" holds 40,000 characters, more than a spreadsheet cell holds (32,767)`) {
		t.Errorf("%s", r)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a tracker was written")
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".*")); len(left) != 0 {
		t.Errorf("left behind: %v", left)
	}
}

// TestOnlyItsOwnFlags: ait-template reads no statuses, dates or metrics
// from the export, and takes none of the flags that say how to.
func TestOnlyItsOwnFlags(t *testing.T) {
	for _, flag := range []string{"--date-order=mdy", "--status-map=Green=On Track", "--percent-points", "--decimal-comma", "--decimal-point", "--max-comment=10", "--max-part-size=1GB"} {
		r := clitest.Run(run, nil, flag, td+"xlsx/export.xlsx", "-o", filepath.Join(t.TempDir(), "t.xlsx"))
		if r.Code != 2 || !strings.Contains(r.Stderr, " is not a flag") {
			t.Errorf("%s: %s", flag, r)
		}
	}
}
