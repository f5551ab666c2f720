package convert

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/aitkit/aitkit/record"
	"github.com/aitkit/aitkit/schema"
)

// FuzzPlainNumberAgrees holds record.PlainNumber, the import API's reading
// of a number as written, to the converter's own (NormalizeWrittenNumber):
// the same number, or both refuse it.
func FuzzPlainNumberAgrees(f *testing.F) {
	for _, s := range []string{"0.90", "5e-1", "-0", "+1.5E+3", "0.54300000000000004", "12345678901234567", "123456789012345678",
		"1e400", "1e-400", "2.2250738585072014e-308", "1e-310", ".5", "5.", "1e", "abc", " 3 ", "00012", "1e100000000"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, gerr := record.PlainNumber(s)
		want, werr := NormalizeWrittenNumber(s)
		if got != want || (gerr == nil) != (werr == nil) {
			t.Errorf("%q: record.PlainNumber = %q, %v; NormalizeWrittenNumber = %q, %v", s, got, gerr, want, werr)
		}
		if gerr != nil && !errors.Is(gerr, record.ErrNotNumber) {
			t.Errorf("%q: %v is not ErrNotNumber", s, gerr)
		}
	})
}

// TestWrittenSource: Reader.Written gives an input in the API's format as
// written, and any other as converted, a row that does not convert as
// its *record.RowError.
func TestWrittenSource(t *testing.T) {
	read := func(body string) (out []string) {
		r, err := NewReader(context.Background(), "in.csv", strings.NewReader(body), Options{View: ViewAsWritten})
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		src := r.Written()
		for {
			w, err := src.Next()
			if err == io.EOF {
				return out
			}
			if re, ok := errors.AsType[*record.RowError](err); ok {
				out = append(out, "error "+re.Place.String())
				continue
			}
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, w.Place.String()+" "+w.Fields[schema.IndexStatus].Key+"="+w.Fields[schema.IndexStatus].Value.Text+" "+w.Fields[schema.IndexMetricValue].Value.Text)
		}
	}
	if got := read("external id,STATUS,as of date,metric value\nA,on track,2025-07-03,54%\n"); strings.Join(got, ";") != "in.csv:2 STATUS=on track 54%" {
		t.Errorf("as written: %q", got)
	}
	if got := read("ID,Status,Progress,Date\nA,on track,54%,2025-07-03\nB,green,1,2025-07-03\n"); strings.Join(got, ";") != "in.csv:2 status=On Track 0.54;error in.csv:3" {
		t.Errorf("converted: %q", got)
	}
}
