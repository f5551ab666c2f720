package validate_test

// The checks of records converted from workbooks and trackers, as
// ait-validate runs them: converting is the caller's (package convert),
// never validate's, so these tests are outside the package.

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/aitkit/aitkit/convert"
	"github.com/aitkit/aitkit/internal/golden"
	"github.com/aitkit/aitkit/validate"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// runConverted validates a file as ait-validate reads it: records in the
// import API's format as written, anything else converted.
func runConverted(t *testing.T, path string, vopts validate.Options) (*validate.Report, []*validate.Checked) {
	t.Helper()
	v, err := validate.New(vopts)
	if err != nil {
		t.Fatal(err)
	}
	src, err := convert.Open(context.Background(), path, convert.Options{View: convert.ViewAsWritten})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	var all []*validate.Checked
	errs := []validate.RecordErrors{}
	rep, err := v.Run(context.Background(), src.Written(), func(c *validate.Checked) error {
		all = append(all, c)
		if len(c.Errors) > 0 {
			errs = append(errs, c.RecordErrors())
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	rep.Errors = errs
	return rep, all
}

// TestGoldenReports checks the reports of the fixtures under
// testdata/validate against their .report.json files.
func TestGoldenReports(t *testing.T) {
	f, err := os.Open("../testdata/validate/spec-example-ids.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ids, err := validate.ReadIDs(context.Background(), f.Name(), f, "")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, input string
		opts        validate.Options
	}{
		{"mistakes", "../testdata/validate/mistakes.json", validate.Options{}},
		{"fixed", "../testdata/validate/fixed.json", validate.Options{}},
		{"spec-example", "../testdata/validate/spec-example.json", validate.Options{KnownIDs: ids}},
		{"updates-csv", "../testdata/validate/updates.csv", validate.Options{}},
		{"bad-values-xlsx", "../testdata/xlsx/bad-values.xlsx", validate.Options{}},
		{"tracker-xlsx-ids", "../testdata/xlsx/tracker.xlsx", validate.Options{KnownIDs: map[string]bool{"AA-001": true, "00123": true}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep, all := runConverted(t, c.input, c.opts)
			// The report as ait-validate --report json streams it...
			var streamed bytes.Buffer
			rw := validate.NewReportWriter(&streamed)
			for _, c := range all {
				rw.Add(c)
			}
			if err := rw.Close(rep); err != nil {
				t.Fatal(err)
			}
			got := streamed.Bytes()
			// ... is the report marshalled whole.
			whole, _ := json.MarshalIndent(rep, "", "  ")
			if string(append(whole, '\n')) != string(got) {
				t.Errorf("streamed:\n%s\nmarshalled:\n%s", got, whole)
			}
			golden.Check(t, filepath.Join("..", "testdata", "validate", c.name+".report.json"), "the report of "+c.input, got, *update)
		})
	}
}

// TestConvertedTracker: a tracker CSV is converted, and the errors of a
// row that does not convert are on its lines.
func TestConvertedTracker(t *testing.T) {
	p := filepath.Join(t.TempDir(), "t.csv")
	os.WriteFile(p, []byte("ID,Status,Progress,Date\nA,green,54%,2025-07-03\nB,On Track,54%,2025-07-03\n"), 0o644)
	rep, all := runConverted(t, p, validate.Options{})
	if rep.ErrorRecords != 1 || all[0].Errors[0].Place.String() != p+":2" || all[1].Update.MetricValue != "0.54" {
		t.Errorf("report %+v, records %+v", rep, all[1])
	}
}
