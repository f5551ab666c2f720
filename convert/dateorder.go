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
	dotted    int         // dotted dates read, day-first by their form
	dottedAt  sheet.Place // the first
	dottedRaw string
}

// read reads a date parsed from text (raw, found at at). wait is true when
// its order is open and nothing has shown it yet: settle reads it later.
func (o *dateOrder) read(p parsedDate, raw string, at sheet.Place) (date string, wait bool, err error) {
	if p.dotted {
		if o.dotted++; o.dotted == 1 {
			o.dottedAt, o.dottedRaw = at, raw
		}
	}
	ev := p.evidence()
	open := p.numeric && ev == OrderUnknown && p.a != p.b && o.flag == OrderUnknown
	switch {
	case open && o.mixed:
		return "", false, o.mixedError(p, raw, at)
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
		err = o.refusal(&valueError{kind: ErrAmbiguousDate, found: raw, expected: "dates in one order",
			hint: fmt.Sprintf("earlier dates were read as %s because of %s", orderWords(o.value), o.evidence())}, p, raw, at)
	}
	return date, false, err
}

// settle reads a date that waited (raw, at at), in the order the column
// showed.
func (o *dateOrder) settle(p parsedDate, raw string, at sheet.Place) (string, error) {
	if o.mixed {
		return "", o.mixedError(p, raw, at)
	}
	date, err := p.resolve(raw, o.get())
	if err == nil && o.decided() {
		o.used = true
	}
	if r, ok := AsRefusal(err); ok {
		// Nothing settled it: the question is asked at its cell.
		r.Place = at
	}
	return date, err
}

func (o *dateOrder) mixedError(p parsedDate, raw string, at sheet.Place) error {
	return o.refusal(&valueError{kind: ErrAmbiguousDate, found: raw, expected: "a date whose order is plain",
		hint: fmt.Sprintf("it reads two ways, and the column has both month-first dates (%s) and day-first dates (%s)", o.evidenceOf(OrderMDY), o.evidenceOf(OrderDMY))}, p, raw, at)
}

// refusal makes v, about the date raw at at, a refusal that asks for the
// order, each choice with the value that shows it in the column.
func (o *dateOrder) refusal(v *valueError, p parsedDate, raw string, at sheet.Place) error {
	a, b := p.a, p.b
	if !p.numeric {
		a, b = 0, 0
	}
	choices := dateOrderChoices(raw, a, b)
	for i := range choices {
		switch choices[i].Value {
		case OrderMDY.String():
			choices[i].Evidence = o.evidenceOf(OrderMDY)
		case OrderDMY.String():
			choices[i].Evidence = o.evidenceOf(OrderDMY)
		}
	}
	return refuse(v, &Refusal{Question: AskDateOrder, Place: at, Message: v.hint, Choices: choices})
}
