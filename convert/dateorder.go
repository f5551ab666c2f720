package convert

import (
	"fmt"

	"github.com/aitkit/aitkit/sheet"
)

// dateOrder is the one place that knows how the date column's numeric
// dates are read: the --date-order flag, the order the column has shown
// (a date such as 31/07/2025 shows it by itself), and whether it has shown
// both. A date whose order is open (03/07/2025) waits, with every row after
// it, until the column shows the order or the input ends.
type dateOrder struct {
	flag     DateOrder   // --date-order; OrderUnknown when not given
	shown    DateOrder   // the order the column has shown
	evidence sheet.Place // the cell or line that showed it
	raw      string      // and its value
	mixed    bool        // both orders shown
	used     bool        // an open date was read in the shown order
}

// decided tells whether a date that waits can be read now.
func (o *dateOrder) decided() bool { return o.shown != OrderUnknown }

// read reads a date parsed from text (raw, found at at). wait is true when
// its order is open and nothing has shown it yet: settle reads it later.
func (o *dateOrder) read(p parsedDate, raw string, at sheet.Place) (date string, wait bool, err error) {
	ev := p.evidence()
	open := p.numeric && ev == OrderUnknown && p.a != p.b && o.flag == OrderUnknown
	switch {
	case open && o.mixed:
		return "", false, o.mixedError(raw)
	case open && o.shown == OrderUnknown:
		return "", true, nil
	}
	// A date that shows its own order is read in it; an open one takes the
	// flag's order, else the column's.
	order := o.flag
	if order == OrderUnknown && ev == OrderUnknown {
		order = o.shown
	}
	date, err = p.resolve(raw, order)
	if err == nil && open {
		o.used = true
	}
	if ev != OrderUnknown {
		if cerr := o.observe(ev, raw, at); cerr != nil && err == nil {
			err = cerr
		}
	}
	return date, false, err
}

// observe notes the order a date showed by itself. A date that shows the
// other order after open dates were read in the first is an error.
func (o *dateOrder) observe(ev DateOrder, raw string, at sheet.Place) error {
	if o.flag != OrderUnknown {
		return nil
	}
	switch {
	case o.shown == OrderUnknown:
		o.shown, o.evidence, o.raw = ev, at, raw
	case o.shown != ev && !o.mixed:
		o.mixed = true
		if o.used {
			return &valueError{kind: ErrAmbiguousDate, found: raw, expected: "dates in one order",
				hint: fmt.Sprintf("earlier dates were read as %s because of %s: %s; give --date-order mdy or --date-order dmy", orderWords(o.shown), o.evidence, o.raw)}
		}
	}
	return nil
}

// settle reads a date that waited, in the order the column showed.
func (o *dateOrder) settle(p parsedDate, raw string) (string, error) {
	if o.mixed {
		return "", o.mixedError(raw)
	}
	date, err := p.resolve(raw, o.shown)
	if err == nil && o.shown != OrderUnknown {
		o.used = true
	}
	return date, err
}

func (o *dateOrder) mixedError(raw string) error {
	return &valueError{kind: ErrAmbiguousDate, found: raw, expected: "a date whose order is plain",
		hint: "the column has both month-first and day-first dates: give --date-order mdy or --date-order dmy"}
}
