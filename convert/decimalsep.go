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
// numbers are read: --decimal-comma or --decimal-point, or the separator
// the column has shown (0,54 shows a decimal comma by itself). A number
// that reads both ways (1,234) waits, with every row after it, until the
// column shows its separator or the input ends; a dot that could be either
// (1.234) is a decimal point unless the column shows decimal commas.
type decimalSeps struct{ shown[Separator] }

// read reads a number typed as text. wait is true when it reads both ways
// and nothing has shown which: settle reads it later.
func (d *decimalSeps) read(t numberText, at sheet.Place) (dec decimal, wait bool, err error) {
	sep := d.get()
	switch {
	case t.shows != SepUnknown:
		if _, err := t.decimal(t.shows); err != nil {
			return decimal{}, false, err // not a number: it shows nothing
		}
		if d.flag != SepUnknown && t.shows != d.flag {
			return decimal{}, false, d.contradiction(t, fmt.Sprintf("the separator given is %s", d.flag))
		}
		if d.observe(t.shows, t.orig, at) || d.mixed && d.value != t.shows && d.flag == SepUnknown {
			return decimal{}, false, d.contradiction(t, fmt.Sprintf("the column shows %s (%s)", d.value, d.evidence()))
		}
		sep = t.shows
	case t.either == ',' && sep == SepUnknown && !d.mixed:
		return decimal{}, true, nil
	case t.either == ',' && sep == SepUnknown:
		return decimal{}, false, d.unsettled(t)
	case t.either != 0:
		if sep == SepUnknown {
			sep = SepPoint
		} else if d.flag == SepUnknown {
			d.used = true
		}
	}
	if sep == SepUnknown {
		sep = SepPoint
	}
	dec, err = t.decimal(sep)
	return dec, false, err
}

// settle reads a number that waited, with the separator the column showed.
func (d *decimalSeps) settle(t numberText) (decimal, error) {
	sep := d.get()
	if sep == SepUnknown {
		return decimal{}, d.unsettled(t)
	}
	d.used = true
	return t.decimal(sep)
}

func (d *decimalSeps) unsettled(t numberText) error {
	return decimalRefusal(&valueError{kind: ErrAmbiguousNumber, found: t.orig, expected: "a number whose decimal separator is plain",
		hint: fmt.Sprintf("it reads as %s, and nothing else in the column shows which", t.readings())}, &t)
}

func (d *decimalSeps) contradiction(t numberText, why string) error {
	return decimalRefusal(&valueError{kind: ErrAmbiguousNumber, found: t.orig, expected: "numbers written with one decimal separator",
		hint: fmt.Sprintf("it is written with %s, but %s", t.shows, why)}, nil)
}

func flagWord(s Separator) string {
	if s == SepComma {
		return "comma"
	}
	return "point"
}
