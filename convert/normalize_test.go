package convert

import (
	"errors"
	"strconv"
	"strings"
	"testing"
)

// TestNormalizeMetricSep: the separators a flag sets.
func TestNormalizeMetricSep(t *testing.T) {
	tests := []struct {
		in   string
		sep  Separator
		want string
		err  error
	}{
		{"1,234", SepComma, "1.234", nil},
		{"1,234", SepPoint, "1234", nil},
		{"1.234", SepComma, "1234", nil},
		{"0,54", SepComma, "0.54", nil},
		{"1.234,5", SepComma, "1234.5", nil},
		{"1,234.5", SepComma, "", ErrAmbiguousNumber},
		{"0,54", SepPoint, "", ErrAmbiguousNumber},
		{"12", SepComma, "12", nil},
	}
	for _, tt := range tests {
		got, err := NormalizeMetricSep(tt.in, false, tt.sep)
		if tt.err != nil && !errors.Is(err, tt.err) || tt.err == nil && (err != nil || got != tt.want) {
			t.Errorf("NormalizeMetricSep(%q, %v) = %q, %v; want %q, %v", tt.in, tt.sep, got, err, tt.want, tt.err)
		}
	}
}

// The SPEC's "Metric value" table, row for row, plus the edges around it.
func TestNormalizeMetric(t *testing.T) {
	tests := []struct {
		name, in string
		points   bool
		want     string
		err      error
	}{
		{"percent text", "54%", false, "0.54", nil},
		{"percent text with space", "54 %", false, "0.54", nil},
		{"percent text decimal shift", "54.3%", false, "0.543", nil},
		{"thousands", "1,234.5", false, "1234.5", nil},
		{"currency and thousands", "$1,234.50", false, "1234.5", nil},
		{"plus sign", "+0.5", false, "0.5", nil},
		{"unicode minus", "\u22120.25", false, "-0.25", nil},
		{"exponent", "1e-7", false, "0.0000001", nil},
		{"empty", "", false, "", nil},
		{"blank", "   ", false, "", nil},
		{"letters", "abc", false, "", ErrNotNumber},
		{"double point", "12..5", false, "", ErrNotNumber},
		{"NaN", "NaN", false, "", ErrNotNumber},
		{"Inf", "Inf", false, "", ErrNotNumber},
		{"a decimal comma it shows", "12,5", false, "12.5", nil},
		{"a comma before two digits is decimal", "1,23", false, "1.23", nil},
		{"decimal comma", "0,54", false, "0.54", nil},
		{"decimal comma percent", "54,5 %", false, "0.545", nil},
		{"dot thousands, decimal comma", "1.234,5", false, "1234.5", nil},
		{"dot thousands", "1.234.567", false, "1234567", nil},
		{"comma thousands", "1,234,567", false, "1234567", nil},
		{"a comma before three digits, nothing else shown: thousands", "1,234", false, "1234", nil},
		{"a dot before three digits is a decimal point", "1.234", false, "1.234", nil},
		{"separators in a wrong order", "1.234.5", false, "", ErrNotNumber},
		{"two decimal commas", "1,2,3", false, "", ErrNotNumber},
		{"percent points", "54", true, "0.54", nil},
		{"percent points leaves percent text", "54%", true, "0.54", nil},
		{"percent points decimal", "54.3", true, "0.543", nil},
		{"euro suffix", "12.5 €", false, "12.5", nil},
		{"negative currency", "-$3", false, "-3", nil},
		{"negative zero", "-0", false, "0", nil},
		{"huge exponent", "1e400", false, "", ErrNotNumber},
		{"two signs", "+-1", false, "", ErrNotNumber},
		{"only percent", "%", false, "", ErrNotNumber},
		{"integer", "100", false, "100", nil},
		{"trailing zeros", "0.90", false, "0.9", nil},
		{"leading point", ".5", false, "0.5", nil},
		{"17 digits are more than a number keeps", "0.54300000000000004", false, "", ErrNotNumber},
		{"17 digits of an integer", "12345678901234567", false, "", ErrNotNumber},
		{"16 digits a number keeps", "9007199254740992", false, "9007199254740992", nil},
		{"16 digits a number does not keep", "9007199254740993", false, "", ErrNotNumber},
		{"16 decimals a number keeps", "0.1234567890123456", false, "0.1234567890123456", nil},
		{"15 digits", "0.123456789012345", false, "0.123456789012345", nil},
		{"17 digits with a percent sign", "54.300000000000004%", false, "", ErrNotNumber},
		{"more digits than a number keeps", "12345678901234567890", false, "", ErrNotNumber},
		{"30 digits", "123456789012345678901234567890", false, "", ErrNotNumber},
		{"large but short", "1234567890123456000", false, "1234567890123456000", nil},
		{"large, 17 digits", "12345678901234567000", false, "", ErrNotNumber},
		{"underflow", "1e-400", false, "", ErrNotNumber},
		{"subnormal", "1e-310", false, "", ErrNotNumber},
		{"near the smallest normal", "2.225073858507202e-308", false, "0." + strings.Repeat("0", 307) + "2225073858507202", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := NormalizeMetric(tt.in, tt.points)
			if tt.err != nil {
				if !errors.Is(err, tt.err) {
					t.Fatalf("NormalizeMetric(%q) error = %v, want %v", tt.in, err, tt.err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("NormalizeMetric(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestNormalizeNumber(t *testing.T) {
	tests := []struct{ in, want string }{
		{"0.54300000000000004", "0.543"}, // the SPEC's stored double
		{"0.54", "0.54"},
		{"1.2345E4", "12345"},
		{"12345", "12345"},
		{"1E-7", "0.0000001"},
		{"-2.5", "-2.5"},
		{"0.1", "0.1"},
		{"3.0000000000000004", "3.0000000000000004"},
	}
	for _, tt := range tests {
		got, err := NormalizeNumber(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("NormalizeNumber(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"", "abc", "NaN", "Inf", "1,5", "0x10"} {
		if _, err := NormalizeNumber(bad); !errors.Is(err, ErrNotNumber) {
			t.Errorf("NormalizeNumber(%q) error = %v, want ErrNotNumber", bad, err)
		}
	}
}

// The SPEC's "Date" table, row for row.
func TestNormalizeDate(t *testing.T) {
	tests := []struct {
		name, in string
		order    DateOrder
		want     string
		err      error
	}{
		{"iso", "2025-07-03", OrderUnknown, "2025-07-03", nil},
		{"iso basic", "20250703", OrderUnknown, "2025-07-03", nil},
		{"timestamp with zone is not shifted", "2025-07-03T23:30:00-05:00", OrderUnknown, "2025-07-03", nil},
		{"date and time", "2025-07-03 10:00", OrderUnknown, "2025-07-03", nil},
		{"iso week", "2025-W27-4", OrderUnknown, "2025-07-03", nil},
		{"iso ordinal", "2025-184", OrderUnknown, "2025-07-03", nil},
		{"month name first", "Jul 3, 2025", OrderUnknown, "2025-07-03", nil},
		{"day first with month name", "3 July 2025", OrderUnknown, "2025-07-03", nil},
		{"us plain from numbers", "07/31/2025", OrderUnknown, "2025-07-31", nil},
		{"european plain from numbers", "31.07.2025", OrderUnknown, "2025-07-31", nil},
		{"dotted is day-first", "03.07.2025", OrderUnknown, "2025-07-03", nil},
		{"dotted is day-first whatever the flag", "03.07.2025", OrderMDY, "2025-07-03", nil},
		{"dotted month-first is no date", "07.31.2025", OrderUnknown, "", ErrNotDate},
		{"ambiguous without order", "03/07/2025", OrderUnknown, "", ErrAmbiguousDate},
		{"ambiguous mdy", "03/07/2025", OrderMDY, "2025-03-07", nil},
		{"ambiguous dmy", "03/07/2025", OrderDMY, "2025-07-03", nil},
		{"same day and month", "03/03/2025", OrderUnknown, "2025-03-03", nil},
		{"feb 30", "2025-02-30", OrderUnknown, "", ErrNotDate},
		{"month 13", "13/13/2025", OrderUnknown, "", ErrNotDate},
		{"word", "soon", OrderUnknown, "", ErrNotDate},
		{"order contradicts value", "31/07/2025", OrderMDY, "", ErrNotDate},
		{"two-digit year refused", "7/3/25", OrderMDY, "", ErrNotDate},
		{"utc zone", "2025-07-03T23:30:00Z", OrderUnknown, "2025-07-03", nil},
		{"us with time", "7/31/2025 10:00 AM", OrderUnknown, "2025-07-31", nil},
		{"iso week basic", "2025W274", OrderUnknown, "2025-07-03", nil},
		{"iso ordinal basic", "2025184", OrderUnknown, "2025-07-03", nil},
		{"weekday and ordinal suffix", "Thursday, July 3rd, 2025", OrderUnknown, "2025-07-03", nil},
		{"dash month name", "03-Jul-2025", OrderUnknown, "2025-07-03", nil},
		{"slashes ymd", "2025/07/03", OrderUnknown, "2025-07-03", nil},
		{"leap day", "2024-02-29", OrderUnknown, "2024-02-29", nil},
		{"not leap day", "2023-02-29", OrderUnknown, "", ErrNotDate},
		{"ordinal past year end", "2025-366", OrderUnknown, "", ErrNotDate},
		{"week 53 in a 52-week year", "2025-W53-1", OrderUnknown, "", ErrNotDate},
		{"empty", "", OrderUnknown, "", ErrNotDate},
		{"bad time", "2025-07-03T25", OrderUnknown, "", ErrNotDate},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := NormalizeDate(tt.in, tt.order)
			if tt.err != nil {
				if !errors.Is(err, tt.err) {
					t.Fatalf("NormalizeDate(%q) = %q, %v; want error %v", tt.in, got, err, tt.err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("NormalizeDate(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			}
		})
	}
}

// TestAlreadyShortest checks the fast path against the float round trip
// it stands for.
func TestAlreadyShortest(t *testing.T) {
	for _, s := range []string{"0", "1", "-1", "0.5", "0.54", "45841", "12345678901234.5", "0.000000000000001", "-2.5", "100",
		"123456789012345", "1234567890123456", "0.1000", "-0", "-0.0", "007", "1.", ".5", "1e5", "+1", "0.30000000000000004", "1.0", "10.50"} {
		got := alreadyShortest(s)
		d, ok := parsePlainDecimal(s)
		if !ok {
			if got {
				t.Errorf("alreadyShortest(%q) = true for what is not a number", s)
			}
			continue
		}
		f, _ := strconv.ParseFloat(s, 64)
		want := shortestReference(f)
		if _, ok := d.formatExact(); ok && func() bool { w, _ := d.formatExact(); return w != want }() {
			t.Errorf("formatExact(%q) differs from the shortest form %q", s, want)
		}
		if got && want != s {
			t.Errorf("alreadyShortest(%q) = true, but the shortest form is %q", s, want)
		}
	}
}
