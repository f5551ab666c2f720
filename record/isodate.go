package record

import (
	"regexp"
	"strings"
	"time"

	"github.com/aitkit/aitkit/sheet"
)

// isoDate is the shape of an ISO 8601 date, as the import API takes one:
// a calendar, week or ordinal date, extended or basic, optionally with a
// time of day after T and a zone. The same pattern is the schema's.
var isoDate = regexp.MustCompile(`^(\d{4}-\d{2}-\d{2}|\d{8}|\d{4}-W\d{2}-\d|\d{4}W\d{3}|\d{4}-\d{3}|\d{7})(T\d{2}(:?\d{2}(:?\d{2}([.,]\d+)?)?)?(Z|[+-]\d{2}(:?\d{2})?)?)?$`)

// ISODatePattern is the shape of the dates ISODate reads, as a regular
// expression (the schema's asOfDate pattern is the same).
var ISODatePattern = isoDate.String()

// IsISODateShape tells whether s has the shape of an ISO 8601 date, be the
// day real or not.
func IsISODateShape(s string) bool { return isoShape(s) }

// isoShape is isoDate.MatchString written out, for speed: each optional
// part of the pattern starts with a character no other part can start
// with at that point, so one pass with no backtracking decides.
// FuzzISOShape holds it to the pattern.
func isoShape(s string) bool {
	digits := func(s string, n int) bool {
		if len(s) < n {
			return false
		}
		for i := 0; i < n; i++ {
			if !isDigit(s[i]) {
				return false
			}
		}
		return true
	}
	if !digits(s, 4) {
		return false
	}
	// The date: the forms after the year, each tried against the rest.
	for _, form := range [...]string{"-00-00", "0000", "-W00-0", "W000", "-000", "000"} {
		if len(s) < 4+len(form) {
			continue
		}
		ok := true
		for i := 0; i < len(form) && ok; i++ {
			c := s[4+i]
			if form[i] == '0' {
				ok = isDigit(c)
			} else {
				ok = c == form[i]
			}
		}
		if ok && isoTime(s[4+len(form):]) {
			return true
		}
	}
	return false
}

// isoTime matches the pattern's optional time: T hh(:?mm(:?ss([.,]f+)?)?)?
// and a zone Z, ±hh or ±hh:?mm.
func isoTime(t string) bool {
	if t == "" {
		return true
	}
	two := func(s string) bool { return len(s) >= 2 && isDigit(s[0]) && isDigit(s[1]) }
	if t[0] != 'T' || !two(t[1:]) {
		return false
	}
	t = t[3:]
	// Minutes, then seconds, then a fraction: each optional, each
	// starting with ':' or a digit ([.,] for the fraction).
	for part := 0; part < 2 && t != "" && (t[0] == ':' || isDigit(t[0])); part++ {
		if t[0] == ':' {
			t = t[1:]
		}
		if !two(t) {
			return false
		}
		t = t[2:]
		if part == 1 && t != "" && (t[0] == '.' || t[0] == ',') {
			n := 1
			for n < len(t) && isDigit(t[n]) {
				n++
			}
			if n == 1 {
				return false
			}
			t = t[n:]
		}
	}
	switch {
	case t == "" || t == "Z":
		return true
	case t[0] == '+' || t[0] == '-':
		if !two(t[1:]) {
			return false
		}
		t = t[3:]
		if t == "" {
			return true
		}
		if t[0] == ':' {
			t = t[1:]
		}
		return len(t) == 2 && two(t)
	}
	return false
}

// ISODate reads a date as the import API does: any ISO 8601 date
// (2025-07-12, 20250712, 2025-W28-6, 2025-193), with or without a time of
// day and zone (2025-07-12T23:30:00-05:00), of which only the date as
// written counts: never shifted to another zone. It returns YYYY-MM-DD,
// or ErrNotDate for anything else, or a day that does not exist.
func ISODate(s string) (string, error) {
	if !isoShape(s) {
		return "", &valueError{kind: ErrNotDate, found: s, expected: "an ISO 8601 date such as 2025-07-03 (a time after T is allowed and ignored)"}
	}
	date, clock, _ := strings.Cut(s, "T")
	if !validClock(clock) {
		return "", &valueError{kind: ErrNotDate, found: s, expected: "a time of day from 00:00 to 24:00 after the T"}
	}
	y, m, d, ok := ISODateParts(date)
	if !ok {
		return "", &valueError{kind: ErrNotDate, found: s, expected: "an ISO 8601 date such as 2025-07-03"}
	}
	if !sheet.ValidDate(y, m, d) {
		return "", &valueError{kind: ErrNotDate, found: s, expected: "a day that exists, such as 2025-07-03"}
	}
	return sheet.FormatDate(y, m, d), nil
}

// ISODateParts reads an ISO 8601 calendar, week or ordinal date without a
// time, extended (2025-07-03, 2025-W27-4, 2025-184) or basic (20250703,
// 2025W274, 2025184). ok is false when s has none of those forms; a
// well-formed date of a day that does not exist (2025-02-30, 2025-W54-1,
// 2025-366) is ok with a day that sheet.ValidDate refuses.
func ISODateParts(s string) (y, m, d int, ok bool) {
	if len(s) < 7 || !allDigits(s[:4]) {
		return 0, 0, 0, false
	}
	y = atoi(s[:4])
	rest := s[4:]
	ext := rest[0] == '-'
	if ext {
		rest = rest[1:]
	}
	switch {
	case len(rest) > 0 && (rest[0] == 'W' || rest[0] == 'w'):
		w := rest[1:]
		var wk, wd string
		if ext {
			a, b, ok := strings.Cut(w, "-")
			if !ok {
				return 0, 0, 0, false
			}
			wk, wd = a, b
		} else if len(w) == 3 {
			wk, wd = w[:2], w[2:]
		}
		if len(wk) != 2 || len(wd) != 1 || !allDigits(wk) || !allDigits(wd) {
			return 0, 0, 0, false
		}
		y, m, d = fromISOWeek(y, atoi(wk), atoi(wd))
		return y, m, d, true
	case len(rest) == 3 && allDigits(rest):
		n := atoi(rest)
		if n < 1 || n > 365+boolInt(isLeap(y)) {
			return y, 0, 0, true // a well-formed ordinal past the year's end: no such day
		}
		t := time.Date(y, 1, n, 0, 0, 0, 0, time.UTC)
		return t.Year(), int(t.Month()), t.Day(), true
	case ext && len(rest) == 5 && rest[2] == '-' && allDigits(rest[:2]) && allDigits(rest[3:]):
		return y, atoi(rest[:2]), atoi(rest[3:]), true
	case !ext && len(rest) == 4 && allDigits(rest):
		return y, atoi(rest[:2]), atoi(rest[2:]), true
	}
	return 0, 0, 0, false
}

// fromISOWeek is the day of an ISO week date; 0, 0, 0 for a week or day
// that does not exist.
func fromISOWeek(y, w, wd int) (int, int, int) {
	if w < 1 || w > 53 || wd < 1 || wd > 7 {
		return 0, 0, 0
	}
	// Week 1 holds January 4th.
	jan4 := time.Date(y, 1, 4, 0, 0, 0, 0, time.UTC)
	monday := jan4.AddDate(0, 0, -((int(jan4.Weekday()) + 6) % 7))
	t := monday.AddDate(0, 0, (w-1)*7+wd-1)
	if w == 53 {
		if _, lastWeek := time.Date(y, 12, 28, 0, 0, 0, 0, time.UTC).ISOWeek(); lastWeek != 53 {
			return 0, 0, 0
		}
	}
	return t.Year(), int(t.Month()), t.Day()
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return len(s) > 0
}

// atoi reads a run of ASCII digits.
func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func isLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

// validClock checks the hours, minutes and seconds of a time the pattern
// let through (hh, hh:mm, hhmm, hh:mm:ss, hhmmss, then a fraction or
// zone).
func validClock(t string) bool {
	if t == "" {
		return true
	}
	var nums []int
	for i := 0; i < len(t) && len(nums) < 3; {
		if t[i] == ':' {
			i++
			continue
		}
		if i+2 > len(t) || !isDigit(t[i]) || !isDigit(t[i+1]) {
			break
		}
		nums = append(nums, atoi(t[i:i+2]))
		i += 2
	}
	max := []int{24, 59, 60}
	for i, n := range nums {
		if n > max[i] {
			return false
		}
	}
	return len(nums) == 0 || nums[0] < 24 || len(nums) == 1 || nums[1] == 0 && (len(nums) < 3 || nums[2] == 0)
}
