package main

import (
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

// TestScenarios runs ait-validate as a user would, one scenario per flag,
// and compares everything it printed with testdata/golden/validate/NAME.txt.
func TestScenarios(t *testing.T) {
	b := func(s string) []byte { return []byte(s) }
	fixed := clitest.ReadFile(t, td+"validate/fixed.json")
	clitest.Golden(t, run, filepath.Join(td, "golden", "validate"), *update, []clitest.Scenario{
		clitest.Case("seven-mistakes", nil, td+"validate/mistakes.json"),
		clitest.Case("seven-mistakes-report", nil, "--report", "json", td+"validate/mistakes.json"),
		clitest.Case("fixed-passes-through", fixed),
		clitest.Case("spec-example-ids", nil, "--report", "json", "--ids", td+"validate/spec-example-ids.csv", td+"validate/spec-example.json"),
		clitest.Case("ids-from-xlsx-export", nil, "--ids", td+"xlsx/export.xlsx", td+"xlsx/tracker.xlsx"),
		clitest.Case("ids-missing-file", nil, "--ids", "no-such.xlsx", td+"validate/fixed.json"),
		clitest.Case("import-csv", nil, td+"validate/updates.csv"),
		clitest.Case("workbook-errors-name-cells", nil, td+"xlsx/bad-values.xlsx"),
		clitest.Case("workbook-with-convert-flags", nil, "--sheet", "Old", td+"xlsx/tracker.xlsx"),
		clitest.Case("statuses", b(`[{"externalId":"A","status":"planned","asOfDate":"2025-07-03"},{"externalId":"B","status":"On Track","asOfDate":"2025-07-03"}]`), "--statuses", "Planned,Completed"),
		clitest.Case("warnings", b(`[{"externalId":"External-1","status":"On Track","asOfDate":"2025-07-03"},{"externalId":"External-1","status":"Achieved","asOfDate":"2025-07-03"}]`)),
		clitest.Case("warnings-quiet", b(`[{"externalId":"External-1","status":"On Track","asOfDate":"2025-07-03"},{"externalId":"External-1","status":"Achieved","asOfDate":"2025-07-03"}]`), "-q"),
		clitest.Case("hand-written-text-metric", b(`[{"externalId":"A","status":"On Track","metricValue":"abc","asOfDate":"2025-07-03"}]`)),
		clitest.Case("broken-json", b(`[{"externalId":"A",`)),
		clitest.Case("cr-only-csv", b("External ID,Status,Metric Value,As Of Date\rA-1,On Track,0.54,2025-07-03\rA-2,At Risk,0.1,2025-07-03\r")),
		clitest.Case("json-not-utf8", b("[{\"externalId\":\"AA-\xff1\",\"status\":\"On Track\",\"asOfDate\":\"2025-07-03\"}]")),
		clitest.Case("json-duplicate-key", b(`[{"externalId":"A-1","status":"On Track","status":"Achieved","asOfDate":"2025-07-03"}]`)),
		clitest.Case("json-too-precise", b(`[{"externalId":"A-1","status":"On Track","metricValue":123456789012345678901234567890,"asOfDate":"2025-07-03"},{"externalId":"A-2","status":"On Track","metricValue":1e-400,"asOfDate":"2025-07-03"}]`)),
		clitest.Case("no-records", b(`[]`)),
		clitest.Case("explain-records", nil, "--explain", td+"validate/mistakes.json"),
		clitest.Case("explain-workbook", nil, "--explain", td+"xlsx/bad-values.xlsx"),
		clitest.Case("ids-column", nil, "--ids", td+"validate/export-item-key.csv", "--ids-column", "Item Key", td+"validate/spec-example.json"),
		clitest.Case("ids-without-column", nil, "--ids", td+"validate/export-item-key.csv", td+"validate/spec-example.json"),
		clitest.Case("two-inputs", nil, "a.json", "b.json"),
		clitest.Case("report-bad", nil, "--report", "xml"),
		clitest.Case("print-schema", nil, "--print-schema"),
		clitest.Case("help", nil, "-h"),
		clitest.Case("version", nil, "--version"),
	})
}

func TestCustomSchema(t *testing.T) {
	dir := t.TempDir()
	s := filepath.Join(dir, "strict.json")
	// Comments required: a schema of the organization's own.
	os.WriteFile(s, []byte(`{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"array","items":{"type":"object","required":["externalId","status","asOfDate","comment"]}}`), 0o644)
	r := clitest.Run(run, []byte(`[{"externalId":"A","status":"On Track","asOfDate":"2025-07-03"}]`), "--schema", s)
	if r.Code != 1 || !strings.Contains(r.Stderr, `<stdin>[0]: comment "": Comment is required.`) {
		t.Errorf("--schema: %s", r)
	}
	r = clitest.Run(run, nil, "--schema", filepath.Join(dir, "none.json"))
	if r.Code != 2 || !strings.Contains(r.Stderr, "--schema") {
		t.Errorf("missing --schema file: %s", r)
	}
}

func TestInterrupted(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out, errb strings.Builder
	code := run(ctx, []string{td + "xlsx/tracker.xlsx"}, nil, &out, &errb)
	if code != 130 || out.Len() != 0 {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out.String(), errb.String())
	}
}
