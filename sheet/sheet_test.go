package sheet

import "testing"

func TestSerialDate(t *testing.T) {
	tests := []struct {
		serial float64
		d1904  bool
		want   string
	}{
		{45841, false, "2025-07-03"},
		{45841.75, false, "2025-07-03"}, // the time part is dropped
		{44379, true, "2025-07-03"},     // the same day in the 1904 system
		{1, false, "1900-01-01"},
		{59, false, "1900-02-28"},
		{61, false, "1900-03-01"},
		{0, true, "1904-01-01"},
		// Rounded to the millisecond before the day is taken, as Excel
		// and LibreOffice show them.
		{45841.999999999993, false, "2025-07-04"},
		{45841.999999995, false, "2025-07-04"},   // 0.43 ms before midnight
		{45841.99999999, false, "2025-07-03"},    // 0.86 ms before: 23:59:59.999
		{44379.999999999993, true, "2025-07-04"}, // the 1904 system too
	}
	for _, tt := range tests {
		got, err := SerialDate(tt.serial, tt.d1904)
		if err != nil || got != tt.want {
			t.Errorf("SerialDate(%v, %v) = %q, %v; want %q", tt.serial, tt.d1904, got, err, tt.want)
		}
	}
	for _, bad := range []float64{60, -1, 3e6} {
		if _, err := SerialDate(bad, false); err == nil {
			t.Errorf("SerialDate(%v) accepted", bad)
		}
	}
}

func TestColumnName(t *testing.T) {
	for i, want := range map[int]string{0: "A", 25: "Z", 26: "AA", 51: "AZ", 52: "BA", 701: "ZZ", 702: "AAA", 16383: "XFD"} {
		if got := ColumnName(i); got != want {
			t.Errorf("ColumnName(%d) = %q, want %q", i, got, want)
		}
		if back, ok := ColumnIndex(want + "7"); !ok || back != i {
			t.Errorf("ColumnIndex(%q) = %d, want %d", want+"7", back, i)
		}
	}
	for _, bad := range []string{"", "7", "XFE1", "AAAA1"} {
		if c, ok := ColumnIndex(bad); ok {
			t.Errorf("ColumnIndex(%q) = %d, want no column", bad, c)
		}
	}
}

func TestPlace(t *testing.T) {
	tests := []struct {
		p    Place
		want string
	}{
		{CellPlace("t.xlsx", "Updates", 17, 3), "t.xlsx!Updates!D17"},
		{CellPlace("t.xlsx", "My Sheet", 2, 0), "t.xlsx!'My Sheet'!A2"},
		{CellPlace("t.xlsx", "it's", 2, 0), "t.xlsx!'it''s'!A2"},
		{LinePlace("u.csv", 18), "u.csv:18"},
		{RecordPlace("u.json", 0), "u.json[0]"},
		{Place{File: "u.json", Index: -1}, "u.json"},
	}
	for _, tt := range tests {
		if got := tt.p.String(); got != tt.want {
			t.Errorf("%+v: %q, want %q", tt.p, got, tt.want)
		}
	}
}

func TestCount(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", 1048576: "1,048,576", -16384: "-16,384"} {
		if got := Count(n); got != want {
			t.Errorf("Count(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestColumnSet(t *testing.T) {
	var s ColumnSet
	if !s.Empty() || s.Has(0) {
		t.Fatal("the zero set is not empty")
	}
	s.Add(3, 5)
	s.Add(1, 1)
	s.Add(7, 9)
	s.Add(6, 6) // joins 3-5 and 7-9
	s.Add(20, 10)
	s.Add(16000, 1<<20)
	if got := s.String(); got != "B, D-J, WQK-"+ColumnName(1<<20) {
		t.Errorf("String() = %q", got)
	}
	for col, want := range map[int]bool{0: false, 1: true, 2: false, 3: true, 6: true, 9: true, 10: false, 15999: false, 16000: true, 1 << 20: true} {
		if s.Has(col) != want {
			t.Errorf("Has(%d) = %v", col, !want)
		}
	}
}

// TestDatePrefix: the date that starts an ISO date-time, rounded to the
// millisecond as SerialDate rounds serials.
func TestDatePrefix(t *testing.T) {
	for in, want := range map[string]string{
		"2025-07-03":                   "2025-07-03",
		"2025-07-03T10:30:00":          "2025-07-03",
		"2025-07-03 23:59:59.999":      "2025-07-03",
		"2025-07-03T23:59:59.9994999":  "2025-07-03",
		"2025-07-03T23:59:59.9995":     "2025-07-04",
		"2025-12-31T23:59:59.99999":    "2026-01-01",
		"2024-02-28T23:59:59.9999999Z": "2024-02-29",
		"2025-07-03T23:59:59.9x":       "2025-07-03",
		"9999-12-31T23:59:59.9999":     "",
		"2025-02-30":                   "",
		"2025-07-03X":                  "",
	} {
		got, ok := DatePrefix(in)
		if got != want || ok != (want != "") {
			t.Errorf("DatePrefix(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
}
