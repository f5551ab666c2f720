package convert

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/aitkit/aitkit/sheet"
)

// TestLegacyRefusals: a password, a BIFF5 workbook and a damaged file
// each get their own clear error.
func TestLegacyRefusals(t *testing.T) {
	enc, err := os.ReadFile("../testdata/legacy/lo-encrypted.xls")
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = readAll(t, "enc.xls", enc, Options{})
	if !errors.Is(err, sheet.ErrUnsupported) || !contains(err, "encrypted with a password") {
		t.Errorf("encrypted: %v", err)
	}
	good, err := os.ReadFile("../testdata/legacy/lo-legacy.xls")
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = readAll(t, "cut.xls", good[:len(good)/2], Options{})
	if !errors.Is(err, sheet.ErrMalformed) {
		t.Errorf("truncated: %v", err)
	}
	ods, err := os.ReadFile("../testdata/legacy/lo-legacy.ods")
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = readAll(t, "cut.ods", ods[:len(ods)-200], Options{})
	if !errors.Is(err, sheet.ErrMalformed) {
		t.Errorf("truncated ods: %v", err)
	}
}

func contains(err error, s string) bool {
	return err != nil && strings.Contains(err.Error(), s)
}

// TestODSFormulaWithoutValue: the hand-written source of the legacy
// fixtures has formulas without values (=0.25*2 in a percent cell,
// =DATE(2025;1;15) in a date cell); they are computed, never read as
// records without a metric or date.
func TestODSFormulaWithoutValue(t *testing.T) {
	in, err := os.ReadFile("../testdata/gen/legacy/legacy.fods")
	if err != nil {
		t.Fatal(err)
	}
	// Its % Complete column holds 12.5: percentage points, as the
	// percent rule asks to be told.
	recs, errs, err := readAll(t, "legacy.fods", in, Options{PercentPoints: true})
	if err != nil || len(recs) != 7 || len(errs) != 0 {
		t.Fatalf("%d records, errors %q, %v", len(recs), errs, err)
	}
	if recs[1].MetricValue != "0.5" || recs[2].AsOfDate != "2025-01-15" {
		t.Errorf("computed: %+v, %+v", recs[1], recs[2])
	}
}
