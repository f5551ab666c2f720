package convert

import "github.com/aitkit/aitkit/sheet"

// shown is what a column has shown of how its values are written (the
// order of its numeric dates, the decimal separator of its numbers): the
// first value that showed it by itself, with its place, unless a flag
// said it. A value that cannot tell by itself (03/07/2025, 1,234) is read
// the way the column shows, and waits until it shows.
type shown[T comparable] struct {
	flag     T           // given by a flag; the column's values do not count
	value    T           // what the column showed
	at       sheet.Place // the cell or line that showed it
	raw      string      // and its value
	mixed    bool        // the column showed both
	otherAt  sheet.Place // the first cell that showed the other way
	otherRaw string      // and its value
	used     bool        // a value that could not tell was read by value
}

// get is how the column's values are read: the flag's, else what the
// column showed (nothing when it showed both).
func (s *shown[T]) get() T {
	var zero T
	switch {
	case s.flag != zero:
		return s.flag
	case s.mixed:
		return zero
	}
	return s.value
}

// decided tells whether a value that waits can be read now.
func (s *shown[T]) decided() bool {
	var zero T
	return s.flag != zero || s.value != zero
}

// observe notes what a value showed by itself. contradicts is true for a
// value that shows the other way after values that could not tell were
// read the first way (with a flag, a value showing the other way is the
// caller's to refuse).
func (s *shown[T]) observe(ev T, raw string, at sheet.Place) (contradicts bool) {
	var zero T
	switch {
	case s.flag != zero:
	case s.value == zero:
		s.value, s.at, s.raw = ev, at, raw
	case s.value != ev && !s.mixed:
		s.mixed = true
		s.otherAt, s.otherRaw = at, raw
		return s.used
	}
	return false
}

// evidence names the value that showed the column's way: "D7: 31/07/2025".
func (s *shown[T]) evidence() string { return s.at.String() + ": " + s.raw }

// evidenceOf names the first value that showed v, if one did.
func (s *shown[T]) evidenceOf(v T) string {
	var zero T
	switch {
	case v == zero:
	case s.value == v:
		return s.evidence()
	case s.mixed:
		return s.otherAt.String() + ": " + s.otherRaw
	}
	return ""
}
