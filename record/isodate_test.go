package record

import (
	"math/rand/v2"
	"testing"
)

// FuzzISOShape holds the written-out matcher to the pattern it stands for.
func FuzzISOShape(f *testing.F) {
	for _, s := range []string{"2025-07-03", "20250703", "2025-W27-4", "2025W274", "2025-184", "2025184",
		"2025-07-03T10", "2025-07-03T10:00", "2025-07-03T1000", "2025-07-03T10:00:00", "2025-07-03T10:00:00.5Z",
		"2025-07-03T10:00:00,25+05:30", "2025-07-03T10-05", "2025-07-03T10+05:", "2025-07-03T10:", "2025-07-03T10:0",
		"2025-07-03T10:00:00.", "2025-07-03 ", "2025-07-03\n", "2025-7-3", "２０２５-07-03", "2025-07-03Z", "2025-07-03T10Z0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := isoShape(s), isoDate.MatchString(s); got != want {
			t.Errorf("isoShape(%q) = %v, the pattern says %v", s, got, want)
		}
	})
}

// TestISOShapeAgrees compares the matcher with the pattern on strings
// drawn from the characters the pattern gives meaning to, in the shapes
// it takes (a date, then pieces of a time): far more of the near misses
// than random bytes reach.
func TestISOShapeAgrees(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	pieces := []string{"2025", "-", "07", "03", "0703", "W", "27", "4", "184", "T", "10", ":", "00", "0", ".", ",", "5", "Z", "+", "-", "05", "30", " ", "x"}
	n := 200000
	if testing.Short() {
		n = 20000
	}
	for i := 0; i < n; i++ {
		s := ""
		for k := r.IntN(9); k >= 0; k-- {
			s += pieces[r.IntN(len(pieces))]
		}
		if r.IntN(2) == 0 {
			s = "2025" + s
		}
		if got, want := isoShape(s), isoDate.MatchString(s); got != want {
			t.Fatalf("isoShape(%q) = %v, the pattern says %v", s, got, want)
		}
	}
}

// TestISODate: the import API's dates, as the article says: any ISO 8601
// date, the time and zone ignored.
func TestISODate(t *testing.T) {
	for in, want := range map[string]string{
		"2025-07-12": "2025-07-12", "20250712": "2025-07-12", "2025-07-12T10:00:00Z": "2025-07-12",
		"2025-07-12T23:30:00-05:00": "2025-07-12", "2025-07-12T00:30+0530": "2025-07-12", "2025-07-12T10": "2025-07-12",
		"20250712T103000.5Z": "2025-07-12", "2025-W28-6": "2025-07-12", "2025W286": "2025-07-12", "2025-193": "2025-07-12", "2025193": "2025-07-12",
	} {
		if got, err := ISODate(in); err != nil || got != want {
			t.Errorf("ISODate(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"2025-02-30", "07/12/2025", "2025-07-12 10:00", "2025-07", "2025", "Jul 12, 2025", "2025-W54-1", "2025-366", "2025-07-12T25", " 2025-07-12", ""} {
		if got, err := ISODate(bad); err == nil {
			t.Errorf("ISODate(%q) = %q; the API refuses it", bad, got)
		}
	}
	if ISODatePattern != `^(\d{4}-\d{2}-\d{2}|\d{8}|\d{4}-W\d{2}-\d|\d{4}W\d{3}|\d{4}-\d{3}|\d{7})(T\d{2}(:?\d{2}(:?\d{2}([.,]\d+)?)?)?(Z|[+-]\d{2}(:?\d{2})?)?)?$` {
		t.Error("the pattern differs from the schema's (schema.TestDatePattern)")
	}
}
