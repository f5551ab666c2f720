package main

import (
	"flag"
	"os"
	"path/filepath"
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
	if st, _ := os.Stat(out); st.Mode().Perm() != 0o644 {
		t.Errorf("mode %v", st.Mode().Perm())
	}
}
