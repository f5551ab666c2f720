package convert

import (
	"fmt"
	"strings"

	"github.com/aitkit/aitkit/record"
	"github.com/aitkit/aitkit/sheet"
)

// DateOrder says how to read a numeric date whose day and month could be
// swapped, such as 03/07/2025.
type DateOrder int

// Date orders.
const (
	OrderUnknown DateOrder = iota // settle it from the column, or fail
	OrderMDY                      // month first (US)
	OrderDMY                      // day first (Europe)
)

// ParseDateOrder reads "mdy" or "dmy".
func ParseDateOrder(s string) (DateOrder, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "mdy":
		return OrderMDY, nil
	case "dmy":
		return OrderDMY, nil
	}
	return OrderUnknown, fmt.Errorf("date order %q: expected mdy or dmy", s)
}

func (o DateOrder) String() string {
	switch o {
	case OrderMDY:
		return "mdy"
	case OrderDMY:
		return "dmy"
	}
	return "unknown"
}

// NormalizeDate reads a date typed as text and returns it as YYYY-MM-DD.
// It takes ISO 8601 (2025-07-03, 20250703, 2025-07-03T23:30:00-05:00,
// 2025-W27-4, 2025-184), English month names (Jul 3, 2025; 3 July 2025) and
// numeric dates (07/31/2025, 31.07.2025). A time part is dropped and the date
// is never shifted to another zone. A numeric date whose day and month could
// be swapped is read in order; with OrderUnknown it fails with
// ErrAmbiguousDate.
func NormalizeDate(s string, order DateOrder) (string, error) {
	p, err := parseDate(s)
	if err != nil {
		return "", err
	}
	return p.resolve(s, order)
}

// parsedDate is a date read from text. When numeric is set, a and b are the
// first two numbers of a day/month pair whose order may still be open.
type parsedDate struct {
	y, m, d int
	numeric bool
	a, b    int
	dotted  bool // dd.mm.yyyy, read day-first
}

// evidence tells which order a numeric date shows by itself: OrderUnknown
// when both readings are possible (and differ).
func (p parsedDate) evidence() DateOrder {
	if !p.numeric || p.a == p.b {
		return OrderUnknown
	}
	switch {
	case p.a > 12 && p.b <= 12:
		return OrderDMY
	case p.b > 12 && p.a <= 12:
		return OrderMDY
	}
	return OrderUnknown
}

// resolve turns p into YYYY-MM-DD, using order for an open day/month pair.
func (p parsedDate) resolve(s string, order DateOrder) (string, error) {
	if p.numeric {
		ev := p.evidence()
		use := order
		if use == OrderUnknown {
			use = ev
		}
		switch {
		case p.a == p.b:
			p.m, p.d = p.a, p.b
		case use == OrderUnknown && p.a <= 12 && p.b <= 12:
			msg := fmt.Sprintf("%02d/%02d could be month/day or day/month and nothing else in the column settles it", p.a, p.b)
			return "", refuse(&valueError{kind: ErrAmbiguousDate, found: s, expected: "a date whose order is plain", hint: msg},
				&Refusal{Question: AskDateOrder, Message: msg, Choices: dateOrderChoices(strings.TrimSpace(s), p.a, p.b)})
		case use == OrderDMY:
			p.d, p.m = p.a, p.b
		default:
			p.m, p.d = p.a, p.b
		}
		if order != OrderUnknown && ev != OrderUnknown && ev != order {
			return "", dateError(s, fmt.Sprintf("not a date in %s order, the order given", orderWords(order)))
		}
	}
	if !sheet.ValidDate(p.y, p.m, p.d) {
		return "", dateError(s, "")
	}
	return sheet.FormatDate(p.y, p.m, p.d), nil
}

func orderWords(o DateOrder) string {
	if o == OrderDMY {
		return "day/month/year"
	}
	return "month/day/year"
}

func dateError(s, hint string) error {
	return &valueError{kind: ErrNotDate, found: s,
		expected: "a date such as 2025-07-03, Jul 3, 2025 or 07/03/2025", hint: hint}
}

// parseDate reads the forms NormalizeDate takes, leaving a numeric
// day/month pair open.
func parseDate(orig string) (parsedDate, error) {
	s := strings.TrimSpace(orig)
	if p, ok := plainISODate(s); ok {
		return p, nil
	}
	s = stripTime(s)
	if s == "" {
		return parsedDate{}, dateError(orig, "")
	}
	if p, ok := parseISO(s); ok {
		return p, nil
	}
	if p, ok, err := parseNumericDate(orig, s); ok || err != nil {
		return p, err
	}
	if p, ok := parseNamedMonth(s); ok {
		return p, nil
	}
	return parsedDate{}, dateError(orig, "")
}

// plainISODate is the fast path of parseDate: YYYY-MM-DD, what most files
// hold, read without looking for any other form.
func plainISODate(s string) (parsedDate, bool) {
	if len(s) == 10 && s[4] == '-' && s[7] == '-' && allDigits(s[:4]) && allDigits(s[5:7]) && allDigits(s[8:]) {
		return parsedDate{y: atoi(s[:4]), m: atoi(s[5:7]), d: atoi(s[8:])}, true
	}
	return parsedDate{}, false
}

// stripTime removes a trailing time of day ("T23:30:00-05:00", " 10:00",
// " 10:00 AM", "T10:00Z"): only the date as written is kept.
func stripTime(s string) string {
	colon := strings.IndexByte(s, ':')
	if colon < 0 {
		return s
	}
	// The time starts at the last 'T' or space before the first colon.
	start := strings.LastIndexAny(s[:colon], "T ")
	if start < 0 {
		return s
	}
	if !validTime(s[start+1:]) {
		return s
	}
	return strings.TrimSpace(s[:start])
}

// validTime accepts H:MM[:SS[.fff]] with an optional AM/PM and zone.
func validTime(t string) bool {
	i := 0
	num := func(min, max int) bool {
		n := 0
		for i < len(t) && isDigit(t[i]) && n < max {
			i++
			n++
		}
		return n >= min
	}
	if !num(1, 2) || i >= len(t) || t[i] != ':' {
		return false
	}
	i++
	if !num(2, 2) {
		return false
	}
	if i < len(t) && t[i] == ':' {
		i++
		if !num(2, 2) {
			return false
		}
		if i < len(t) && (t[i] == '.' || t[i] == ',') {
			i++
			if !num(1, 9) {
				return false
			}
		}
	}
	rest := strings.TrimSpace(t[i:])
	if r, ok := cutPrefixFold(rest, "am"); ok {
		rest = strings.TrimSpace(r)
	} else if r, ok := cutPrefixFold(rest, "pm"); ok {
		rest = strings.TrimSpace(r)
	}
	switch {
	case rest == "" || rest == "Z" || rest == "z":
		return true
	case rest[0] == '+' || rest[0] == '-':
		z := strings.ReplaceAll(rest[1:], ":", "")
		return (len(z) == 2 || len(z) == 4) && allDigits(z)
	}
	return false
}

func cutPrefixFold(s, p string) (string, bool) {
	if len(s) >= len(p) && strings.EqualFold(s[:len(p)], p) {
		return s[len(p):], true
	}
	return s, false
}

// parseISO reads the ISO 8601 calendar, week and ordinal dates, extended
// (2025-07-03, 2025-W27-4, 2025-184) and basic (20250703, 2025W274, 2025184).
func parseISO(s string) (parsedDate, bool) {
	y, m, d, ok := record.ISODateParts(s)
	return parsedDate{y: y, m: m, d: d}, ok
}

// parseNumericDate reads a/b/yyyy and yyyy/mm/dd with /, . or - between.
// A two-digit year is refused rather than guessed.
func parseNumericDate(orig, s string) (parsedDate, bool, error) {
	sep := byte(0)
	for _, c := range []byte{'/', '.', '-'} {
		if strings.Count(s, string(c)) == 2 {
			sep = c
			break
		}
	}
	if sep == 0 {
		return parsedDate{}, false, nil
	}
	// Three parts, split without allocating (this runs for every date).
	var parts [3]string
	rest := strings.TrimSuffix(s, ".")
	for i := range parts {
		var found bool
		parts[i], rest, found = strings.Cut(rest, string(sep))
		if found != (i < 2) {
			return parsedDate{}, false, nil
		}
	}
	for _, p := range parts {
		if !allDigits(p) {
			return parsedDate{}, false, nil
		}
	}
	switch {
	case len(parts[0]) == 4 && len(parts[1]) <= 2 && len(parts[2]) <= 2:
		return parsedDate{y: atoi(parts[0]), m: atoi(parts[1]), d: atoi(parts[2])}, true, nil
	case sep == '.' && len(parts[0]) <= 2 && len(parts[1]) <= 2 && len(parts[2]) == 4:
		// Dotted dates are day-first in every locale that writes them.
		return parsedDate{y: atoi(parts[2]), m: atoi(parts[1]), d: atoi(parts[0]), dotted: true}, true, nil
	case len(parts[0]) <= 2 && len(parts[1]) <= 2 && len(parts[2]) == 4:
		return parsedDate{y: atoi(parts[2]), numeric: true, a: atoi(parts[0]), b: atoi(parts[1])}, true, nil
	case len(parts[0]) <= 2 && len(parts[1]) <= 2 && len(parts[2]) == 2:
		return parsedDate{}, true, dateError(orig, "a two-digit year is not read; write the year in full")
	}
	return parsedDate{}, false, nil
}

var monthNames = map[string]int{
	"jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3,
	"apr": 4, "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7,
	"aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9, "oct": 10,
	"october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}

var weekdayNames = map[string]bool{
	"mon": true, "monday": true, "tue": true, "tues": true, "tuesday": true,
	"wed": true, "wednesday": true, "thu": true, "thur": true, "thurs": true,
	"thursday": true, "fri": true, "friday": true, "sat": true, "saturday": true,
	"sun": true, "sunday": true,
}

// parseNamedMonth reads dates with an English month name: "Jul 3, 2025",
// "3 July 2025", "03-Jul-2025", "Thursday, July 3rd 2025", "2025 Jul 3".
func parseNamedMonth(s string) (parsedDate, bool) {
	fields := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return r == ' ' || r == ',' || r == '-' || r == '/' || r == '.' || r == '\t'
	})
	month, day, year := 0, 0, 0
	seenNum := 0
	for i, f := range fields {
		if m, ok := monthNames[f]; ok && month == 0 {
			month = m
			continue
		}
		if weekdayNames[f] && i == 0 {
			continue
		}
		f = trimOrdinal(f)
		if !allDigits(f) {
			return parsedDate{}, false
		}
		seenNum++
		switch {
		case len(f) == 4 && year == 0:
			year = atoi(f)
		case len(f) <= 2 && day == 0:
			day = atoi(f)
		default:
			return parsedDate{}, false
		}
	}
	if month == 0 || day == 0 || year == 0 || seenNum != 2 {
		return parsedDate{}, false
	}
	return parsedDate{y: year, m: month, d: day}, true
}

func trimOrdinal(f string) string {
	for _, suf := range []string{"st", "nd", "rd", "th"} {
		if t, ok := strings.CutSuffix(f, suf); ok && allDigits(t) {
			return t
		}
	}
	return f
}

func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}
