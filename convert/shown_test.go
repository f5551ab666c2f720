package convert

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/aitkit/aitkit/schema"
)

// TestReadAsShown converts XlsxWriter's tracker whose numbers show
// otherwise than they are stored, and LibreOffice's .xls of it
// (sheet/testdata/gen/shown_xlsxwriter.py): an External ID is the text
// it shows (00123, PLAN-007, 42.00), a metric shown with a literal
// percent (54 formatted 0"%") is 0.54, status codes are matched by the
// text they show against the status map, and a date serial a hair before
// midnight is the next day, as both programs show it.
func TestReadAsShown(t *testing.T) {
	want := []schema.Update{
		u("00123", "On Track", "0.54", "2025-07-04", "literal %, midnight"),
		u("PLAN-007", "Off Track", "0.54", "2025-07-03", "escaped %"),
		u("42.00", "On Track", "0.54", "2025-07-04", "percent cell"),
		u("1001", "Off Track", "0.2", "2025-07-03", "just before midnight"),
	}
	for _, name := range []string{"shown-xlsxwriter.xlsx", "shown-lo.xls"} {
		in, err := os.ReadFile(filepath.Join("../sheet/testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		recs, errs, err := readAll(t, name, in, Options{StatusMap: map[string]string{"1": "On Track", "3": "Off Track"}})
		if err != nil || len(errs) > 0 || !reflect.DeepEqual(recs, want) {
			t.Errorf("%s: %v, %q, %v\nwant %v", name, recs, errs, err, want)
		}
	}
}
