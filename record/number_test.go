package record

import (
	"errors"
	"testing"
)

func TestPlainNumber(t *testing.T) {
	for in, want := range map[string]string{
		"0.90": "0.9", "5e-1": "0.5", "1.5E+3": "1500", "-2": "-2", "+0.5": "0.5", " 7 ": "7", "-0.0": "0", "0e5": "0",
		"1e-7": "0.0000001", "1234567890123456": "1234567890123456", "100000000000000000000e-3": "100000000000000000",
		"1e20": "100000000000000000000", ".5": "0.5", "5.": "5",
	} {
		if got, err := PlainNumber(in); err != nil || got != want {
			t.Errorf("PlainNumber(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "abc", "1e", "--1", "0x10", "1,5", "NaN", "Inf", "12345678901234567", "9007199254740993", "0.54300000000000004", "1e400", "1e-400", "2e-310"} {
		if got, err := PlainNumber(bad); !errors.Is(err, ErrNotNumber) {
			t.Errorf("PlainNumber(%q) = %q, %v; want ErrNotNumber", bad, got, err)
		}
	}
}
