package sheet

import (
	"fmt"
	"math"
	"time"
)

// SerialDate turns a spreadsheet's date serial into YYYY-MM-DD in the
// workbook's own date system (1900, or 1904 when date1904 is set). The
// serial is rounded to the millisecond first, as Excel and LibreOffice
// show it (45841.999999999993 is 2025-07-04 00:00:00.000), then its time
// part is dropped. Serial 60 of the 1900 system, Excel's fictional
// 1900-02-29, is an error.
func SerialDate(serial float64, date1904 bool) (string, error) {
	if math.IsNaN(serial) || math.IsInf(serial, 0) || serial < 0 || serial > 2958465 {
		return "", fmt.Errorf("date serial %v is out of range", serial)
	}
	const msPerDay = 86_400_000
	days := int(math.Floor(math.Round(serial*msPerDay) / msPerDay))
	var t time.Time
	switch {
	case date1904:
		t = time.Date(1904, 1, 1+days, 0, 0, 0, 0, time.UTC)
	case days == 60:
		return "", fmt.Errorf("date serial 60 is 1900-02-29, a day that never was")
	case days < 60:
		t = time.Date(1899, 12, 31+days, 0, 0, 0, 0, time.UTC)
	default:
		t = time.Date(1899, 12, 30+days, 0, 0, 0, 0, time.UTC)
	}
	return FormatDate(t.Year(), int(t.Month()), t.Day()), nil
}

// FormatDate writes YYYY-MM-DD.
func FormatDate(y, m, d int) string {
	b := make([]byte, 10)
	put := func(i, v, n int) {
		for k := n - 1; k >= 0; k-- {
			b[i+k] = byte('0' + v%10)
			v /= 10
		}
	}
	put(0, y, 4)
	b[4] = '-'
	put(5, m, 2)
	b[7] = '-'
	put(8, d, 2)
	return string(b)
}

// ValidDate tells whether y-m-d is a day of the Gregorian calendar in the
// years 1000 to 9999.
func ValidDate(y, m, d int) bool {
	if y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1 {
		return false
	}
	return d <= time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// DatePrefix reads the YYYY-MM-DD that starts an ISO 8601 date or
// date-time as spreadsheets store them ("2025-07-03T00:00:00"); ok is
// false when s does not start with a real date followed by nothing or a
// time.
func DatePrefix(s string) (string, bool) {
	if len(s) < 10 || s[4] != '-' || s[7] != '-' || len(s) > 10 && s[10] != 'T' && s[10] != ' ' {
		return "", false
	}
	n := func(a, b int) int {
		v := 0
		for i := a; i < b; i++ {
			if s[i] < '0' || s[i] > '9' {
				return -1
			}
			v = v*10 + int(s[i]-'0')
		}
		return v
	}
	y, m, d := n(0, 4), n(5, 7), n(8, 10)
	if !ValidDate(y, m, d) {
		return "", false
	}
	if len(s) > 19 && s[11:19] == "23:59:59" && s[19] == '.' && lastMillisecond(s[20:]) {
		// Shown to the millisecond, the time is midnight of the next day.
		t := time.Date(y, time.Month(m), d+1, 0, 0, 0, 0, time.UTC)
		if t.Year() > 9999 {
			return "", false
		}
		return FormatDate(t.Year(), int(t.Month()), t.Day()), true
	}
	return s[:10], true
}

// lastMillisecond tells whether the digits that start frac, a fraction of
// a second, round to a whole second at the millisecond: .9995 or more.
func lastMillisecond(frac string) bool {
	const at = "9995"
	for i := 0; i < len(at); i++ {
		if i >= len(frac) || frac[i] < '0' || frac[i] > '9' {
			return false
		}
		if frac[i] != at[i] {
			return frac[i] > at[i]
		}
	}
	return true
}
