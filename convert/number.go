package convert

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/aitkit/aitkit/sheet"
)

// NormalizeMetric reads a metric value typed as text ("54%", "$1,234.50",
// "−0.25", "1e-7") and returns it as canonical decimal text. Percentages
// become fractions by shifting the decimal point, never by float division, so
// "54.3%" gives "0.543". With percentPoints a bare number is taken as
// percentage points too ("54" gives "0.54"). Empty text gives "".
func NormalizeMetric(s string, percentPoints bool) (string, error) {
	return NormalizeMetricSep(s, percentPoints, SepUnknown)
}

// NormalizeMetricSep is NormalizeMetric with a decimal separator: a comma
// before three digits and nothing else ("1,234") is a thousands separator
// with SepPoint, a decimal comma with SepComma; SepUnknown reads a text by
// the separator it shows, and one that reads both ways ("1,234", "1.234")
// with a decimal point, as a column that shows nothing else does.
func NormalizeMetricSep(s string, percentPoints bool, sep Separator) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	t, err := splitNumberText(s)
	if err != nil {
		return "", err
	}
	seps := newDecimalSeps(sep)
	d, wait, err := seps.read(t, sheet.Place{})
	if wait {
		// Nothing else to look at: the value alone decides.
		d, err = seps.settle(t, sheet.Place{})
	}
	if err != nil {
		return "", err
	}
	return metricOf(d, percentPoints)
}

// metricOf formats a typed metric: percentage points shifted when asked,
// at most 16 significant digits that a double keeps.
func metricOf(d decimal, percentPoints bool) (string, error) {
	if percentPoints && !d.percent {
		d.exp -= 2
	}
	return d.format(true)
}

// NormalizeNumber formats a number as a workbook stores it: a double,
// written with as many digits as the program that saved it chose
// ("0.54300000000000004", "0.542999999999999999974", "1.2345E4"), in the
// shortest plain decimal that reads back as the same double ("0.543",
// "12345"), never with an exponent.
func NormalizeNumber(raw string) (string, error) {
	return formatShortest(raw, 0, false)
}

// NormalizeWrittenNumber is NormalizeNumber for a number someone wrote (a
// JSON number, text): one of 17 significant digits or more, or of 16 that
// a double does not keep, is refused, since the rest would change without
// a word.
func NormalizeWrittenNumber(raw string) (string, error) {
	return formatShortest(raw, 0, true)
}

// NormalizeMetricNumber is NormalizeNumber for the metric column, where
// percentPoints divides bare numbers by 100 (exactly, as a decimal shift),
// and written numbers are held to the digits a double keeps.
func NormalizeMetricNumber(raw string, percentPoints, written bool) (string, error) {
	exp := 0
	if percentPoints {
		exp = -2
	}
	return formatShortest(raw, exp, written)
}

// formatShortest parses a plain number (optional sign, digits, point,
// exponent; no NaN or Inf), shifts it by exp10 decimal places and formats
// it; limitDigits refuses 17 significant digits or more, and 16 that a
// double does not keep.
func formatShortest(raw string, exp10 int, limitDigits bool) (string, error) {
	raw = strings.TrimSpace(raw)
	if exp10 == 0 && alreadyShortest(raw) {
		return raw, nil
	}
	d, ok := parsePlainDecimal(raw)
	if !ok {
		return "", numberError(raw)
	}
	d.exp += exp10
	return d.format(limitDigits)
}

// decimal is a number as digits: (neg) mant × 10^exp.
type decimal struct {
	neg     bool
	mant    string // digits only, no leading sign
	exp     int
	percent bool
}

// maxDigits is the most significant digits a number someone wrote may
// have: a double holds 15 to 17, so any of 15 reads back as written, one
// of 16 only when the double happens to hold it, and one of 17 or more is
// refused (the SPEC's rule: no run of digits that long is kept for sure).
const maxDigits = 16

// Kinds of number errors that are ErrNotNumber, worded for what they are.
var (
	errPrecision = &numberKind{"more digits than a number keeps"}
	errRange     = &numberKind{"out of a number's range"}
)

type numberKind struct{ msg string }

func (k *numberKind) Error() string { return k.msg }
func (k *numberKind) Unwrap() error { return ErrNotNumber }

func (d decimal) format(limitDigits bool) (string, error) {
	if s, ok := d.formatExact(); ok {
		return s, nil
	}
	if n := d.significant(); limitDigits && n > maxDigits {
		return "", d.precisionError(fmt.Sprintf("it has %d; the rest would be changed without a word", n))
	}
	var b []byte
	if d.neg {
		b = append(b, '-')
	}
	b = append(b, d.mant...)
	if d.exp != 0 {
		b = append(b, 'e')
		b = strconv.AppendInt(b, int64(d.exp), 10)
	}
	f, err := strconv.ParseFloat(string(b), 64)
	switch {
	case err != nil && math.IsInf(f, 0):
		return "", &valueError{kind: errRange, found: d.text(), expected: "a number within ±1.8e308"}
	case err != nil, f != 0 && math.Abs(f) < 0x1p-1022, f == 0 && d.significant() > 0:
		// Below the smallest normal double a number loses digits, down to 0.
		return "", &valueError{kind: errRange, found: d.text(), expected: "a number of magnitude 2.2e-308 or more, or 0", hint: "too small to be kept exactly"}
	case f == 0:
		return "0", nil // never "-0"
	}
	out := strconv.FormatFloat(f, 'f', -1, 64)
	if limitDigits {
		// Sixteen digits: kept only when the double holds them.
		if back, _ := parsePlainDecimal(out); !back.same(d) {
			return "", d.precisionError(fmt.Sprintf("it has %d, and a number does not keep these: it would be written %s", d.significant(), out))
		}
	}
	return out, nil
}

func (d decimal) precisionError(hint string) error {
	return &valueError{kind: errPrecision, found: d.text(), expected: fmt.Sprintf("a number of at most %d significant digits", maxDigits), hint: hint}
}

// same tells whether d and e are the same number, however written
// ("1.50" and "15e-1"), their percent marks aside.
func (d decimal) same(e decimal) bool {
	dm, dx := d.normal()
	em, ex := e.normal()
	return dm == em && (dm == "" || dx == ex && d.neg == e.neg)
}

// normal is d's digits without leading or trailing zeros, and the power
// of ten of the last; "" for zero.
func (d decimal) normal() (string, int) {
	m := strings.TrimLeft(d.mant, "0")
	t := strings.TrimRight(m, "0")
	return t, d.exp + len(m) - len(t)
}

// significant counts the digits of the mantissa between its first and last
// non-zero digit.
func (d decimal) significant() int {
	m := strings.Trim(d.mant, "0")
	return len(m)
}

// text writes the number as parsed, for messages.
func (d decimal) text() string {
	s := d.mant
	if d.exp != 0 {
		s += "e" + strconv.Itoa(d.exp)
	}
	if d.neg {
		s = "-" + s
	}
	return s
}

// parsePlainDecimal reads [+-]digits[.digits][e[+-]digits], the way numbers
// are stored in workbooks and JSON. At least one digit is needed.
func parsePlainDecimal(s string) (decimal, bool) {
	var d decimal
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		d.neg = s[i] == '-'
		i++
	}
	var mant []byte
	digits := 0
	for i < len(s) && isDigit(s[i]) {
		mant = append(mant, s[i])
		i++
		digits++
	}
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && isDigit(s[i]) {
			mant = append(mant, s[i])
			d.exp--
			i++
			digits++
		}
	}
	if digits == 0 {
		return d, false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		eneg := false
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			eneg = s[i] == '-'
			i++
		}
		start := i
		e := 0
		for i < len(s) && isDigit(s[i]) {
			if e < 100000 {
				e = e*10 + int(s[i]-'0')
			}
			i++
		}
		if i == start {
			return d, false
		}
		if eneg {
			e = -e
		}
		d.exp += e
	}
	if i != len(s) {
		return d, false
	}
	d.mant = string(mant)
	return d, true
}

// exponentID tells whether an External ID is a number in E-notation as a
// spreadsheet shows one too long for its cell (1.23457E+15, 1E+20,
// -2.5E-05): a mantissa of one digit before the point, an E, a sign and
// the exponent. Excel saves such a cell into a CSV as it shows it, and
// its other digits are lost.
func exponentID(s string) bool {
	s = strings.TrimPrefix(s, "-")
	mant, exp, ok := strings.Cut(s, "E")
	if !ok {
		mant, exp, ok = strings.Cut(s, "e")
	}
	if !ok || len(mant) == 0 || mant[0] < '1' || mant[0] > '9' || len(exp) < 2 || len(exp) > 4 || exp[0] != '+' && exp[0] != '-' || !allDigits(exp[1:]) {
		return false
	}
	if len(mant) > 1 && (mant[1] != '.' || !allDigits(mant[2:])) {
		return false
	}
	return true
}

// errExponentID: an External ID in E-notation has lost its digits.
var errExponentID = errors.New("an External ID in E-notation, its digits lost")

func exponentIDError(s string) error {
	return &valueError{kind: errExponentID, found: s, expected: "the External ID with all its digits",
		hint: "this is how a spreadsheet shows a number too long for its cell, and how Excel saved it: the other digits are gone; in Excel, format the ID column as Text, enter the IDs again, and save"}
}

func numberError(s string) error {
	return &valueError{kind: ErrNotNumber, found: s, expected: "a number such as 0.54, 54%, or 1,234.5"}
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return len(s) > 0
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func cutPrefixAny(s string, prefixes ...string) (string, bool) {
	for _, p := range prefixes {
		if t, ok := strings.CutPrefix(s, p); ok {
			return t, true
		}
	}
	return s, false
}

func cutSuffixAny(s string, suffixes ...string) (string, bool) {
	for _, p := range suffixes {
		if t, ok := strings.CutSuffix(s, p); ok {
			return t, true
		}
	}
	return s, false
}

// alreadyShortest tells whether a stored number is already what
// formatShortest would give: an optional minus, digits without a needless
// leading zero, an optional fraction without trailing zeros, and at most 15
// significant digits. Two decimals of 15 digits or fewer never round to one
// double, so such a text is the shortest that reads back as its double.
// Most numbers in a workbook are like this; they skip the float round trip.
func alreadyShortest(s string) bool {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	start := i
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	intDigits := i - start
	if intDigits == 0 || intDigits > 1 && s[start] == '0' {
		return false
	}
	sig := intDigits
	if s[start] == '0' {
		sig = 0
	}
	if i < len(s) {
		if s[i] != '.' || i+1 == len(s) {
			return false
		}
		i++
		fracStart := i
		for i < len(s) && isDigit(s[i]) {
			if sig > 0 || s[i] != '0' {
				sig++
			}
			i++
		}
		if i != len(s) || i == fracStart || s[i-1] == '0' {
			return false
		}
	}
	if sig > 15 {
		return false
	}
	// "-0" and "-0.0..." are not shortest: they are "0".
	return !(s[0] == '-' && sig == 0)
}

// formatExact writes d's digits as a plain decimal when that is already
// the shortest text of its double: at most 15 significant digits (no other
// decimal that short rounds to the same double) and a magnitude where
// doubles are normal. Percent text ("54.3%") and typed numbers take this
// path and skip the float round trip; ok is false otherwise.
func (d decimal) formatExact() (string, bool) {
	m := d.mant
	for len(m) > 0 && m[0] == '0' {
		m = m[1:]
	}
	if m == "" {
		return "0", true
	}
	exp := d.exp
	for m[len(m)-1] == '0' {
		m = m[:len(m)-1]
		exp++
	}
	point := len(m) + exp // digits before the decimal point
	if len(m) > 15 || point > 300 || point < -300 {
		return "", false
	}
	b := make([]byte, 0, len(m)+max(point, 0)+max(-point, 0)+3)
	if d.neg {
		b = append(b, '-')
	}
	switch {
	case exp >= 0:
		b = append(b, m...)
		for range exp {
			b = append(b, '0')
		}
	case point > 0:
		b = append(b, m[:point]...)
		b = append(b, '.')
		b = append(b, m[point:]...)
	default:
		b = append(b, '0', '.')
		for range -point {
			b = append(b, '0')
		}
		b = append(b, m...)
	}
	return string(b), true
}
