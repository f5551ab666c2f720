package convert

import (
	"fmt"
	"strings"

	"github.com/aitkit/aitkit/sheet"
)

// Separator is the decimal separator numbers are written with.
type Separator int

// Decimal separators.
const (
	SepUnknown Separator = iota // as the value, or its column, shows
	SepPoint                    // 1,234.5
	SepComma                    // 1.234,5
)

func (s Separator) String() string {
	switch s {
	case SepPoint:
		return "a decimal point"
	case SepComma:
		return "a decimal comma"
	}
	return "unknown"
}

// numberText is a number as someone typed it, before its separators are
// read: its sign, percent sign, and the digits with their separators.
type numberText struct {
	orig    string
	neg     bool
	percent bool
	core    string    // digits, separators and an exponent: "1.234,5"
	shows   Separator // the decimal separator the text shows by itself
	either  byte      // ',' or '.' when the text reads both ways ("1,234": 1234 or 1.234)
}

var currencySymbols = []string{"$", "€", "£", "¥", "US$", "USD", "EUR", "GBP"}

// splitNumberText reads a number as people type it: surrounding spaces, a
// currency symbol, a sign (+, -, or U+2212 minus), a trailing percent sign
// (54 %, 54,5 %), thousands separators in groups of three, and a decimal
// point or comma. It tells what the separators show: "12,5", "0,54" and
// "1.234,5" show a decimal comma; "12.5" and "1,234.5" a decimal point;
// "1,234" and "1.234" could be either.
func splitNumberText(orig string) (numberText, error) {
	t := numberText{orig: orig}
	s := strings.TrimSpace(orig)
	if r, ok := cutSuffixAny(s, "%", "％"); ok {
		t.percent = true
		s = strings.TrimSpace(r)
	}
	signSeen := false
	takeSign := func() {
		if signSeen {
			return
		}
		if r, ok := cutPrefixAny(s, "+"); ok {
			s, signSeen = strings.TrimSpace(r), true
		} else if r, ok := cutPrefixAny(s, "-", "\u2212"); ok {
			s, signSeen, t.neg = strings.TrimSpace(r), true, true
		}
	}
	takeSign()
	if r, ok := cutPrefixAny(s, currencySymbols...); ok {
		s = strings.TrimSpace(r)
	} else if r, ok := cutSuffixAny(s, currencySymbols...); ok {
		s = strings.TrimSpace(r)
	}
	takeSign()
	if s == "" || s[0] == '+' || s[0] == '-' {
		return t, numberError(orig)
	}
	t.core = s
	mant := s
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		mant = s[:i] // an exponent is read with the decimal point
	}
	dots, commas := strings.Count(mant, "."), strings.Count(mant, ",")
	lastDot, lastComma := strings.LastIndexByte(mant, '.'), strings.LastIndexByte(mant, ',')
	group := func(sep byte) bool { // one separator before exactly three digits
		a, b, _ := strings.Cut(mant, string(sep))
		return len(b) == 3 && len(a) >= 1 && len(a) <= 3 && a[0] != '0' && allDigits(a) && allDigits(b)
	}
	switch {
	case dots == 0 && commas == 0:
	case dots > 0 && commas > 0 && lastDot > lastComma:
		t.shows = SepPoint
	case dots > 0 && commas > 0:
		t.shows = SepComma
	case dots == 1 && group('.'):
		t.either = '.'
	case dots == 1:
		t.shows = SepPoint
	case dots > 1:
		t.shows = SepComma // 1.234.567: dots between thousands
	case commas == 1 && group(','):
		t.either = ','
	case commas == 1:
		t.shows = SepComma
	default:
		t.shows = SepPoint // 1,234,567
	}
	return t, nil
}

// decimal reads the text with sep as its decimal separator and the other
// as thousands separators (groups of three).
func (t numberText) decimal(sep Separator) (decimal, error) {
	dec, thou := ".", ","
	if sep == SepComma {
		dec, thou = ",", "."
	}
	mant, exp := t.core, ""
	if i := strings.IndexAny(mant, "eE"); i >= 0 {
		mant, exp = mant[:i], mant[i:]
		if sep == SepComma || strings.Contains(mant, ",") {
			return decimal{}, numberError(t.orig)
		}
	}
	intPart, frac, hasFrac := strings.Cut(mant, dec)
	if strings.Contains(frac, dec) || strings.Contains(frac, thou) {
		return decimal{}, numberError(t.orig)
	}
	if strings.Contains(intPart, thou) {
		groups := strings.Split(intPart, thou)
		if len(groups[0]) < 1 || len(groups[0]) > 3 || !allDigits(groups[0]) {
			return decimal{}, numberError(t.orig)
		}
		for _, g := range groups[1:] {
			if len(g) != 3 || !allDigits(g) {
				return decimal{}, numberError(t.orig)
			}
		}
		intPart = strings.Join(groups, "")
	}
	plain := intPart
	if hasFrac {
		plain += "." + frac
	}
	d, ok := parsePlainDecimal(plain + exp)
	if !ok {
		return decimal{}, numberError(t.orig)
	}
	d.neg, d.percent = t.neg, t.percent
	if t.percent {
		d.exp -= 2
	}
	return d, nil
}

// readings says how a text that reads both ways reads each way.
func (t numberText) readings() string {
	p, _ := t.decimal(SepPoint)
	c, _ := t.decimal(SepComma)
	ps, _ := p.format(false)
	cs, _ := c.format(false)
	return fmt.Sprintf("%s with %s, %s with %s", ps, SepPoint, cs, SepComma)
}

// decimalSeps is the one place that knows how the metric column's typed
// numbers are read: --decimal-comma or --decimal-point, or what the
// column's numbers show, all of them. A number that shows its separator
// by itself (0,54; 1,234.5; 1.234,5) is read with it. One that reads both
// ways (1,234: 1234 or 1.234; 1.234: 1.234 or 1234) waits, with every row
// after it, for the whole column: it takes the separator the column's
// numbers show, so that the order of the rows never changes a value; when
// they show none, a decimal point, unless the input looks European (its
// fields separated by semicolons, its dates dotted), where it is refused;
// when they show both, it is refused naming one of each.
type decimalSeps struct {
	shown[Separator]            // the flag, and what the column's numbers showed
	waited           int        // numbers that read both ways, read so far
	semicolon        bool       // the input's fields are separated by semicolons
	dates            *dateOrder // the input's date column, whose dotted dates look European
}

func newDecimalSeps(flag Separator) decimalSeps {
	return decimalSeps{shown: shown[Separator]{flag: flag}}
}

// read reads a number typed as text, found at at. wait is true when it
// reads both ways and the column has not yet shown which: settle reads it
// once the column has.
func (d *decimalSeps) read(t numberText, at sheet.Place) (dec decimal, wait bool, err error) {
	switch {
	case t.shows != SepUnknown:
		if _, err := t.decimal(t.shows); err != nil {
			return decimal{}, false, err // not a number: it shows nothing
		}
		if d.flag != SepUnknown && t.shows != d.flag {
			return decimal{}, false, d.contradiction(t, at)
		}
		d.observe(t.shows, t.orig, at)
		dec, err = t.decimal(t.shows)
		return dec, false, err
	case t.either == 0 || d.flag != SepUnknown:
		// No separator (12, 54%, 1e-7), or the one given.
		sep := d.flag
		if sep == SepUnknown {
			sep = SepPoint
		}
		dec, err = t.decimal(sep)
		return dec, false, err
	}
	d.waited++
	if d.mixed {
		return decimal{}, false, d.unsettled(t, at)
	}
	return decimal{}, true, nil
}

// decided tells whether a number that reads both ways can be read now:
// a separator was given, or the column has shown both (and no number that
// comes later can change that).
func (d *decimalSeps) decided() bool { return d.flag != SepUnknown || d.mixed }

// settle reads a number that waited (at at), with the separator the whole
// column showed.
func (d *decimalSeps) settle(t numberText, at sheet.Place) (decimal, error) {
	switch {
	case d.flag != SepUnknown:
		return t.decimal(d.flag)
	case d.mixed, d.value == SepUnknown && d.european() != "":
		return decimal{}, d.unsettled(t, at)
	}
	d.used = true
	sep := d.value
	if sep == SepUnknown {
		sep = SepPoint
	}
	return t.decimal(sep)
}

// european says what in the input looks European, where a comma is the
// decimal separator: "" for nothing.
func (d *decimalSeps) european() string {
	var why []string
	if d.semicolon {
		why = append(why, "its fields are separated by semicolons")
	}
	if d.dates != nil && d.dates.dotted > 0 {
		why = append(why, fmt.Sprintf("its dates are dotted (%s: %s)", d.dates.dottedAt, d.dates.dottedRaw))
	}
	return strings.Join(why, " and ")
}

// unsettled refuses a number that reads both ways when the column does not
// say which: it shows both separators, or none in an input that looks
// European.
func (d *decimalSeps) unsettled(t numberText, at sheet.Place) error {
	why := "nothing else in the column shows which"
	ev := map[Separator]string{SepPoint: d.evidenceOf(SepPoint), SepComma: d.evidenceOf(SepComma)}
	switch {
	case d.mixed:
		why = fmt.Sprintf("the column shows both: %s (%s) and %s (%s)", d.value, d.evidence(), d.value.other(), d.evidenceOf(d.value.other()))
	case d.european() != "":
		why += ", and the file looks European: " + d.european()
		ev[SepComma] = "the file looks European: " + d.european()
	}
	return d.refusal(&valueError{kind: ErrAmbiguousNumber, found: t.orig, expected: "a number whose decimal separator is plain",
		hint: fmt.Sprintf("it reads as %s; %s", t.readings(), why)}, t, at, ev)
}

// contradiction refuses a number that shows the other separator than the
// one given.
func (d *decimalSeps) contradiction(t numberText, at sheet.Place) error {
	return d.refusal(&valueError{kind: ErrAmbiguousNumber, found: t.orig, expected: "numbers written with one decimal separator",
		hint: fmt.Sprintf("it is written with %s, but the separator given is %s", t.shows, d.flag)}, t, at,
		map[Separator]string{t.shows: at.String() + ": " + t.orig})
}

// refusal makes v, about the number t at at, a refusal that asks for the
// separator; evidence holds what points to each.
func (d *decimalSeps) refusal(v *valueError, t numberText, at sheet.Place, evidence map[Separator]string) error {
	choices := decimalChoices(&t)
	for i := range choices {
		switch choices[i].Option {
		case OptDecimalPoint:
			choices[i].Evidence = evidence[SepPoint]
		case OptDecimalComma:
			choices[i].Evidence = evidence[SepComma]
		}
	}
	return refuse(v, &Refusal{Question: AskDecimal, Place: at, Message: v.hint, Choices: choices})
}

// explain says how the metric column's typed numbers are read.
func (d *decimalSeps) explain() Reading {
	switch {
	case d.flag != SepUnknown:
		opt := OptDecimalPoint
		if d.flag == SepComma {
			opt = OptDecimalComma
		}
		return Reading{As: d.flag.String(), Value: flagWord(d.flag), Why: "given", Given: &Given{Option: opt, Value: "true"}}
	case d.mixed:
		return Reading{As: "none", Why: fmt.Sprintf("the column shows both: %s (%s) and %s (%s); numbers that read both ways are refused", d.value, d.evidence(), d.value.other(), d.evidenceOf(d.value.other())), Choices: decimalChoices(nil)}
	case d.value != SepUnknown:
		return Reading{As: d.value.String(), Value: flagWord(d.value), Why: "shown by " + d.evidence()}
	case d.european() != "" && d.waited > 0:
		return Reading{As: "none", Why: "no typed number in the column shows its separator, and the file looks European (" + d.european() + "): numbers that read both ways are refused", Choices: decimalChoices(nil)}
	case d.european() != "":
		return Reading{As: "not needed", Why: "no typed number in the column reads two ways"}
	}
	return Reading{As: SepPoint.String(), Value: flagWord(SepPoint), Why: "no typed number in the column shows a decimal comma"}
}

// other is the other separator.
func (s Separator) other() Separator {
	if s == SepComma {
		return SepPoint
	}
	return SepComma
}

func flagWord(s Separator) string {
	if s == SepComma {
		return "comma"
	}
	return "point"
}
