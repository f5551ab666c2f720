package convert

import (
	"regexp"
	"strings"
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
	p, ok := parseISO(date)
	if !ok {
		return "", &valueError{kind: ErrNotDate, found: s, expected: "an ISO 8601 date such as 2025-07-03"}
	}
	return p.resolve(s, OrderUnknown)
}

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
