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
func IsISODateShape(s string) bool { return isoDate.MatchString(s) }

// ISODate reads a date as the import API does: any ISO 8601 date
// (2025-07-12, 20250712, 2025-W28-6, 2025-193), with or without a time of
// day and zone (2025-07-12T23:30:00-05:00), of which only the date as
// written counts: never shifted to another zone. It returns YYYY-MM-DD,
// or ErrNotDate for anything else, or a day that does not exist.
func ISODate(s string) (string, error) {
	if !isoDate.MatchString(s) {
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
