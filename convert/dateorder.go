package convert

import (
	"fmt"

	"github.com/aitkit/aitkit/sheet"
)

// dateOrder is the one place that knows how the date column's numeric
// dates are read: the --date-order flag, or the order the column has shown
// (a date such as 31/07/2025 shows it by itself). A date whose order is
// open (03/07/2025) waits, with every row after it, until the column shows
// the order or the input ends.
type dateOrder struct {
	shown[DateOrder]
	dotted int // dotted dates read, day-first by their form
}

// read reads a date parsed from text (raw, found at at). wait is true when
// its order is open and nothing has shown it yet: settle reads it later.
func (o *dateOrder) read(p parsedDate, raw string, at sheet.Place) (date string, wait bool, err error) {
	if p.dotted {
		o.dotted++
	}
	ev := p.evidence()
	open := p.numeric && ev == OrderUnknown && p.a != p.b && o.flag == OrderUnknown
	switch {
	case open && o.mixed:
		return "", false, o.mixedError(raw)
	case open && !o.decided():
		return "", true, nil
	}
	// A date that shows its own order is read in it; an open one takes the
	// flag's order, else the column's.
	order := o.flag
	if order == OrderUnknown && ev == OrderUnknown {
		order = o.get()
	}
	date, err = p.resolve(raw, order)
	if err == nil && open {
		o.used = true
	}
	if ev != OrderUnknown && o.observe(ev, raw, at) && err == nil {
		err = orderRefusal(&valueError{kind: ErrAmbiguousDate, found: raw, expected: "dates in one order",
			hint: fmt.Sprintf("earlier dates were read as %s because of %s", orderWords(o.value), o.evidence())})
	}
	return date, false, err
}

// settle reads a date that waited, in the order the column showed.
func (o *dateOrder) settle(p parsedDate, raw string) (string, error) {
	if o.mixed {
		return "", o.mixedError(raw)
	}
	date, err := p.resolve(raw, o.get())
	if err == nil && o.decided() {
		o.used = true
	}
	return date, err
}

func (o *dateOrder) mixedError(raw string) error {
	return orderRefusal(&valueError{kind: ErrAmbiguousDate, found: raw, expected: "a date whose order is plain",
		hint: "the column has both month-first and day-first dates"})
}
