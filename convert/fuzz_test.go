package convert

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strconv"
	"strings"
	"testing"

	"github.com/aitkit/aitkit/schema"
	"github.com/aitkit/aitkit/sheet"
)

// FuzzNormalizeMetric: no panic; a result is plain decimal text (no
// exponent, no plus, no NaN) that reads back as a finite number.
func FuzzNormalizeMetric(f *testing.F) {
	for _, s := range []string{"54%", "54 %", "54.3%", "1,234.5", "$1,234.50", "+0.5", "\u22120.25", "1e-7", "abc", "12..5", "NaN", "Inf", "1e400", "-0", ".5", "%", "1,23", "€ 5", "1,000", "1.000,5", "12345678901234567", "9007199254740993", "0.54300000000000004"} {
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, s string, points bool) {
		got, err := NormalizeMetric(s, points)
		if err != nil {
			// Not a number, or one whose decimal separator only its
			// column could tell (1,000).
			if !errors.Is(err, ErrNotNumber) && !errors.Is(err, ErrAmbiguousNumber) {
				t.Fatalf("NormalizeMetric(%q): error %v wraps neither ErrNotNumber nor ErrAmbiguousNumber", s, err)
			}
			return
		}
		if got == "" {
			if strings.TrimSpace(s) != "" {
				t.Fatalf("NormalizeMetric(%q) = empty", s)
			}
			return
		}
		checkPlainDecimal(t, s, got)
		back, _ := strconv.ParseFloat(got, 64)
		if ref := shortestReference(back); ref != got {
			t.Fatalf("NormalizeMetric(%q) = %q, but the shortest form of its double is %q", s, got, ref)
		}
		// A number typed plainly keeps its value, digit for digit: one a
		// double does not hold is refused, never changed.
		if typed, ok := parsePlainDecimal(strings.TrimSpace(s)); ok && !points {
			if back, _ := parsePlainDecimal(got); !back.same(typed) {
				t.Fatalf("NormalizeMetric(%q) = %q, another number", s, got)
			}
		}
		// Normalizing the result again changes nothing.
		if again, err := NormalizeMetric(got, false); err != nil || again != got {
			t.Fatalf("NormalizeMetric(%q) = %q, but that gives %q, %v", s, got, again, err)
		}
	})
}

func checkPlainDecimal(t *testing.T, in, got string) {
	t.Helper()
	if strings.ContainsAny(got, "eE+") || strings.Contains(got, "NaN") || strings.Contains(got, "Inf") {
		t.Fatalf("%q gave %q, not a plain decimal", in, got)
	}
	if _, err := strconv.ParseFloat(got, 64); err != nil {
		t.Fatalf("%q gave %q, which does not read back: %v", in, got, err)
	}
}

// FuzzNormalizeNumber: a stored number gives the shortest text that reads
// back as the same double.
func FuzzNormalizeNumber(f *testing.F) {
	for _, s := range []string{"0.54300000000000004", "1.2345E4", "1E-7", "-2.5", "12345678901234567890"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := NormalizeNumber(s)
		if err != nil {
			return
		}
		checkPlainDecimal(t, s, got)
		want, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if err != nil {
			t.Fatalf("NormalizeNumber(%q) accepted what ParseFloat refuses: %v", s, err)
		}
		back, _ := strconv.ParseFloat(got, 64)
		if back != want && !(want == 0 && back == 0) {
			t.Fatalf("NormalizeNumber(%q) = %q reads back as %v, not %v", s, got, back, want)
		}
		// The fast paths give what strconv's round trip gives: the shortest.
		if ref := shortestReference(want); ref != got {
			t.Fatalf("NormalizeNumber(%q) = %q, but the shortest form is %q", s, got, ref)
		}
	})
}

// FuzzNormalizeDate: no panic; a result is a real calendar date in
// YYYY-MM-DD that reads back as itself.
func FuzzNormalizeDate(f *testing.F) {
	for _, s := range []string{"2025-07-03", "20250703", "2025-07-03T23:30:00-05:00", "2025-07-03 10:00", "2025-W27-4", "2025-184", "Jul 3, 2025", "3 July 2025", "07/31/2025", "31.07.2025", "03/07/2025", "2025-02-30", "13/13/2025", "soon", "7/3/25"} {
		f.Add(s, uint8(0))
	}
	f.Fuzz(func(t *testing.T, s string, o uint8) {
		order := DateOrder(o % 3)
		got, err := NormalizeDate(s, order)
		if err != nil {
			if !errors.Is(err, ErrNotDate) && !errors.Is(err, ErrAmbiguousDate) {
				t.Fatalf("NormalizeDate(%q): error %v wraps neither ErrNotDate nor ErrAmbiguousDate", s, err)
			}
			return
		}
		if len(got) != 10 || got[4] != '-' || got[7] != '-' || !sheet.ValidDate(atoi(got[:4]), atoi(got[5:7]), atoi(got[8:])) {
			t.Fatalf("NormalizeDate(%q) = %q, not a calendar date", s, got)
		}
		if again, err := NormalizeDate(got, OrderUnknown); err != nil || again != got {
			t.Fatalf("NormalizeDate(%q) = %q, which reads back as %q, %v", s, got, again, err)
		}
	})
}

// FuzzStatus: a match is one of the list, and matching is blind to case
// and runs of white space.
func FuzzStatus(f *testing.F) {
	for _, s := range []string{"on track", "  ON  TRACK ", "Cancelled", "Green", ""} {
		f.Add(s)
	}
	st := schema.DefaultStatuses()
	names := map[string]bool{}
	for _, n := range st.Names() {
		names[n] = true
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := st.Canonical(s)
		if !ok {
			return
		}
		if !names[got] {
			t.Fatalf("Canonical(%q) = %q, not a status", s, got)
		}
		if again, ok := st.Canonical(strings.ToUpper(" " + s + " ")); !ok || again != got {
			t.Fatalf("Canonical(%q) = %q but the upper-case form gives %q, %v", s, got, again, ok)
		}
	})
}

// FuzzReadDelimited: any bytes read as delimited text give records, row
// errors with a line, or one input error; never a panic or a hang.
func FuzzReadDelimited(f *testing.F) {
	f.Add([]byte("External ID,Status,Metric Value,As Of Date,Comment\nA1,On Track,54%,2025-07-03,\"a,\nb\"\n"))
	f.Add([]byte("ID;Status;Date\nA;on track;03/07/2025\nB;x;31/07/2025\n"))
	f.Add([]byte("\xff\xfeI\x00D\x00"))
	f.Add([]byte("A1,On Track,0.5,2025-07-03\n"))
	f.Add([]byte("\"unterminated"))
	f.Fuzz(func(t *testing.T, in []byte) {
		checkReader(t, "f.csv", in, func(p sheet.Place) bool { return p.Line > 0 })
	})
}

// FuzzReadJSON: the same for JSON input; every row error has an index.
func FuzzReadJSON(f *testing.F) {
	f.Add([]byte(`[{"externalId":"A","status":"On Track","metricValue":0.5,"asOfDate":"2025-07-03"}]`))
	f.Add([]byte(`[{"External ID":1,"status":{"a":1},"metricValue":"abc","asOfDate":null}, 5]`))
	f.Add([]byte(`[`))
	f.Fuzz(func(t *testing.T, in []byte) {
		checkReader(t, "f.json", in, func(p sheet.Place) bool { return p.Index >= 0 })
	})
}

func checkReader(t *testing.T, name string, in []byte, placed func(sheet.Place) bool) {
	t.Helper()
	r, err := NewReader(context.Background(), name, bytes.NewReader(in), Options{Limits: fuzzLimits})
	if err != nil {
		var ie *InputError
		if !errors.As(err, &ie) {
			t.Fatalf("open error %T is not an *InputError: %v", err, err)
		}
		return
	}
	defer r.Close()
	for i := 0; i < 1<<20; i++ {
		rec, err := r.Next()
		if err == io.EOF {
			return
		}
		var re *RowError
		switch {
		case errors.As(err, &re):
			if len(re.Errors) == 0 {
				t.Fatal("a row error with no errors")
			}
			for _, fe := range re.Errors {
				if !placed(fe.Place) {
					t.Fatalf("error without its place: %v", fe)
				}
			}
		case err != nil:
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("error %T is not an *InputError: %v", err, err)
			}
			return
		default:
			u := rec.Update
			if u.ExternalID == "" || u.Status == "" || len(u.AsOfDate) != 10 {
				t.Fatalf("an incomplete record: %+v", u)
			}
		}
	}
	t.Fatal("the reader did not end")
}

// shortestReference is strconv's shortest plain text of a double, the
// reference for the fast paths.
func shortestReference(f float64) string {
	if f == 0 {
		return "0"
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// fuzzLimits are caps low enough for fuzzed inputs to reach them.
var fuzzLimits = sheet.Limits{MaxPartSize: 8 << 20, MaxSmallPart: 1 << 20, MaxStrings: 1 << 14, MaxStyles: 1 << 10,
	MaxFormats: 1 << 8, MaxSheets: 32, MaxRows: 1 << 14, MaxColumns: 1 << 9, MaxCellBytes: 1 << 14, MaxRowBytes: 1 << 16, StringsInMemory: 1 << 16}
