package main

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aitkit/aitkit/cmd/internal/clitest"
)

var update = flag.Bool("update", false, "rewrite the golden files")

const td = "../../testdata/"

func runWith(t *testing.T, stdin []byte, args ...string) clitest.Result {
	t.Helper()
	return clitest.Run(run, stdin, args...)
}

// TestScenarios runs ait-convert as a user would, one scenario per flag,
// and compares everything it printed with testdata/golden/cli/NAME.txt.
func TestScenarios(t *testing.T) {
	csv := func(s string) []byte { return []byte(s) }
	mustRead := func(p string) []byte { return clitest.ReadFile(t, p) }
	clitest.Golden(t, run, filepath.Join(td, "golden", "cli"), *update, []clitest.Scenario{
		clitest.Case("tracker-no-flags", nil, td+"xlsx/tracker.xlsx"),
		clitest.Case("tracker-csv", nil, "-f", "csv", td+"xlsx/tracker.xlsx"),
		clitest.Case("tracker-quiet", nil, "-q", td+"xlsx/tracker.xlsx"),
		clitest.Case("bad-values", nil, td+"xlsx/bad-values.xlsx"),
		clitest.Case("bad-values-skip-invalid", nil, "--skip-invalid", td+"xlsx/bad-values.xlsx"),
		clitest.Case("sheet-hidden-by-name", nil, "--sheet", "Old", td+"xlsx/tracker.xlsx"),
		clitest.Case("sheet-unknown", nil, "--sheet", "Plans", td+"xlsx/tracker.xlsx"),
		clitest.Case("header-row", nil, "--header-row", "3", "--sheet", "Updates", td+"xlsx/tracker.xlsx"),
		clitest.Case("map", csv("Key,Status,Score,Date\nK1,On Track,3,2025-07-03\n"), "--map", "Key=externalId", "--map", "Score=Metric Value", "-"),
		clitest.Case("map-bad-field", nil, "--map", "Key=owner", "-"),
		clitest.Case("status-map", csv("ID,Status,Date\nA,green,2025-07-03\nB,Red,2025-07-03\n"), "--status-map", "Green=On Track", "--status-map", "RED=off track", "-"),
		clitest.Case("status-map-bad-target", nil, "--status-map", "Green=Fine", "-"),
		clitest.Case("statuses", csv("ID,Status,Date\nA,underway,2025-07-03\nB,On Track,2025-07-03\n"), "--statuses", "Planned,Underway,Completed", "-"),
		clitest.Case("date-order-missing", csv("ID,Status,Date\nA,On Track,03/07/2025\n"), "-"),
		clitest.Case("date-order-dmy", csv("ID,Status,Date\nA,On Track,03/07/2025\n"), "--date-order", "dmy", "-"),
		clitest.Case("date-order-bad", nil, "--date-order", "ymd", "-"),
		clitest.Case("as-of", csv("ID,Status,Date\nA,On Track,\nB,On Track,2025-08-01\n"), "--as-of", "Jul 3, 2025", "-"),
		clitest.Case("as-of-bad", nil, "--as-of", "soon", "-"),
		clitest.Case("percent-points", csv("ID,Status,Progress,Date\nA,On Track,54,2025-07-03\nB,On Track,54.3%,2025-07-03\n"), "--percent-points", "-"),
		clitest.Case("stdin-workbook", mustRead(td+"xlsx/sheetjs-tracker.xlsx")),
		clitest.Case("stdin-json", csv(`[{"External ID":"A","Status":"achieved","asOfDate":"2025-07-03","comment":"ok"}]`), "-f", "csv"),
		clitest.Case("many-files-joined", nil, td+"xlsx/sheetjs-1904.xlsx", td+"xlsx/date1904.xlsx"),
		clitest.Case("many-files-one-bad", nil, td+"xlsx/date1904.xlsx", td+"xlsx/bad-values.xlsx", "missing.csv"),
		clitest.Case("xls", nil, td+"legacy/gnumeric-updates.xls"),
		clitest.Case("xls-on-stdin", mustRead(td+"legacy/gnumeric-updates.xls")),
		clitest.Case("xls-encrypted", nil, td+"legacy/lo-encrypted.xls"),
		clitest.Case("ods-on-stdin", mustRead(td+"legacy/lo-legacy.ods")),
		clitest.Case("ods-explain", nil, "--explain", td+"legacy/lo-legacy.ods"),
		clitest.Case("fods", nil, td+"legacy/lo-legacy.fods"),
		// SPEC "What spreadsheet programs write": the converter's side.
		clitest.Case("several-sheets", nil, td+"fidelity/openpyxl/sheets.xlsx"),
		clitest.Case("several-sheets-chosen", nil, "--sheet", "Q3", td+"fidelity/openpyxl/sheets.xlsx"),
		clitest.Case("hidden-rows-and-columns", nil, td+"fidelity/openpyxl/hidden.xlsx"),
		clitest.Case("visible-only", nil, "--visible-only", td+"fidelity/openpyxl/hidden.xlsx"),
		clitest.Case("status-codes", nil, "--status-map", "1=On Track,2=At Risk,3=Off Track", td+"fidelity/openpyxl/statuscodes.xlsx"),
		clitest.Case("status-codes-unmapped", nil, td+"fidelity/openpyxl/statuscodes.xlsx"),
		clitest.Case("percent-header-refused", csv("ID,Status,% Complete,Date\nA,On Track,54,2025-07-03\nB,On Track,0.5,2025-07-03\n"), "-"),
		clitest.Case("percent-header-points", csv("ID,Status,% Complete,Date\nA,On Track,54,2025-07-03\n"), "--percent-points", "-"),
		clitest.Case("percent-mixed", csv("ID,Status,Progress,Date\nA,On Track,54%,2025-07-03\nB,On Track,20,2025-07-03\nC,On Track,0.5,2025-07-03\n"), "-"),
		clitest.Case("header-notes", csv("External ID,Status,Metric Value (%),As Of Date (MM/DD/YYYY),Comment (optional)\nA,On Track,0.54,03/07/2025,hi\n"), "--explain", "-"),
		clitest.Case("missing-file", nil, "no-such.csv"),
		clitest.Case("empty-stdin", nil, "-"),
		clitest.Case("bad-flag", nil, "--bogus"),
		clitest.Case("version", nil, "--version"),
		clitest.Case("help", nil, "-h"),
	})
}

func mustRead(t *testing.T, path string) []byte { return clitest.ReadFile(t, path) }

func TestOutputFile(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "updates.csv")
	r := runWith(t, nil, td+"xlsx/tracker.xlsx", "-o", out)
	if r.Code != 0 || r.Stdout != "" {
		t.Fatalf("exit %d, stdout %q, stderr %q", r.Code, r.Stdout, r.Stderr)
	}
	b := mustRead(t, out)
	if !strings.HasPrefix(string(b), "External ID,Status,Metric Value,As Of Date,Comment\nAA-001,On Track,0.54,2025-07-03,Ahead of plan\n") {
		t.Errorf("-o updates.csv did not write CSV:\n%s", b)
	}
	assertNoTemp(t, dir)
}

func TestFailedRunLeavesOldOutput(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "updates.json")
	os.WriteFile(out, []byte("previous\n"), 0o644)
	r := runWith(t, nil, td+"xlsx/bad-values.xlsx", "-o", out)
	if r.Code != 1 {
		t.Fatalf("exit %d, want 1", r.Code)
	}
	if b := mustRead(t, out); string(b) != "previous\n" {
		t.Errorf("a failed run changed the output: %q", b)
	}
	assertNoTemp(t, dir)
}

func TestOutputNeverOverwritesInput(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "u.json")
	orig := `[{"externalId":"A","status":"On Track","asOfDate":"2025-07-03"}]`
	os.WriteFile(in, []byte(orig), 0o644)
	r := runWith(t, nil, in, "-o", in)
	if r.Code != 2 || !strings.Contains(r.Stderr, "would overwrite the input") {
		t.Fatalf("exit %d, stderr %q", r.Code, r.Stderr)
	}
	if string(mustRead(t, in)) != orig {
		t.Error("the input was changed")
	}
}

func TestOutputDirectory(t *testing.T) {
	dir := t.TempDir()
	outDir := filepath.Join(dir, "out")
	r := runWith(t, nil, "-o", outDir+"/", "-f", "csv", td+"xlsx/tracker.xlsx", td+"xlsx/bad-values.xlsx", td+"xlsx/date1904.xlsx")
	if r.Code != 1 {
		t.Fatalf("exit %d, want 1 (the worst); stderr %s", r.Code, r.Stderr)
	}
	for name, want := range map[string]bool{"tracker.csv": true, "date1904.csv": true, "bad-values.csv": false} {
		_, err := os.Stat(filepath.Join(outDir, name))
		if (err == nil) != want {
			t.Errorf("%s exists: %v, want %v", name, err == nil, want)
		}
	}
	assertNoTemp(t, outDir)
	// Messages come in input order, each input's together, although the
	// outputs are committed beside the next conversion.
	order := []string{"tracker.xlsx", "bad-values.xlsx", "date1904.xlsx"}
	at := 0
	for _, line := range strings.Split(strings.TrimSpace(r.Stderr), "\n") {
		for at < len(order) && !strings.Contains(line, order[at]) {
			at++
		}
		if at == len(order) {
			t.Fatalf("line %q out of input order in:\n%s", line, r.Stderr)
		}
	}
	for _, in := range order {
		if !strings.Contains(r.Stderr, in+": sheet ") {
			t.Errorf("no summary of %s in:\n%s", in, r.Stderr)
		}
	}
	// Two inputs with one output name are refused before anything runs.
	r = runWith(t, nil, "-o", outDir, td+"xlsx/tracker.xlsx", td+"golden/../xlsx/tracker.xlsx")
	if r.Code != 2 || !strings.Contains(r.Stderr, "would both be written") {
		t.Errorf("exit %d, stderr %q", r.Code, r.Stderr)
	}
}

func TestInterrupted(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "u.json")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var o, e bytes.Buffer
	code := run(ctx, []string{td + "xlsx/tracker.xlsx", "-o", out}, nil, &o, &e)
	if code != 130 {
		t.Errorf("exit %d, want 130", code)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("an interrupted run wrote its output")
	}
	assertNoTemp(t, dir)
}

func assertNoTemp(t *testing.T, dir string) {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("temporary file left: %s", e.Name())
		}
	}
}
