package sheet

import (
	"math"
	"strconv"
	"strings"
)

// Show returns the text the format shows for the number v; ok is false
// when the format is one this package does not show (a date, a fraction,
// a condition) or v is not a finite number.
func (f *Format) Show(v float64) (text string, ok bool) {
	if !f.showable || v != v || v > 1e308 || v < -1e308 {
		return "", false
	}
	if f.general {
		return FormatNumber(v), true
	}
	s, neg := f.sections[0], false
	switch n := len(f.sections); {
	case v < 0 && n >= 2:
		s, v = f.sections[1], -v
	case v < 0:
		neg, v = true, -v
	case v == 0 && n >= 3:
		s = f.sections[2]
	}
	text, ok = s.show(v)
	if neg && strings.ContainsAny(text, "123456789") {
		text = "-" + text
	}
	return text, ok
}

// FormatNumber writes a double as its shortest decimal that reads back
// as the same double, without an exponent unless it is very large or
// small: how a number shows without a format here.
func FormatNumber(f float64) string {
	if a := math.Abs(f); a != 0 && (a < 1e-6 || a >= 1e21) {
		return strconv.FormatFloat(f, 'g', -1, 64)
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// show writes v (not negative) through the section. ok is false where
// Excel and LibreOffice show it differently: a decimal point with no
// digit after it (Excel shows "5.", LibreOffice "5"), and no text at all
// (0 through #), which a cell's Shown cannot tell from "as the number".
func (s section) show(v float64) (string, bool) {
	if s.general {
		var b strings.Builder
		for _, t := range s.toks {
			if t.kind == tokGeneral {
				b.WriteString(FormatNumber(v))
			} else {
				b.WriteString(t.lit)
			}
		}
		return b.String(), true
	}
	if !s.digits {
		var b strings.Builder
		for _, t := range s.toks {
			b.WriteString(t.lit)
		}
		return b.String(), b.Len() > 0
	}
	d := decimalOf(v)
	d.shift(2*s.percent - 3*s.scale)
	var nInt, nFrac, nExp int
	for _, t := range s.toks {
		switch t.kind {
		case tokInt:
			nInt++
		case tokFrac:
			nFrac++
		case tokExpDigit:
			nExp++
		}
	}
	exp := 0
	if s.exp >= 0 && !d.zero() {
		// Scientific: as many integer digits as the format has, or, with
		// a # among them, an exponent that is a multiple of their count
		// (engineering notation: ##0.0E+0).
		e := d.exp - 1 // v = d.ddd × 10^e
		step := max(nInt, 1)
		engineering := false
		for _, t := range s.toks {
			engineering = engineering || t.kind == tokInt && t.ph == '#'
		}
		if engineering {
			exp = e - ((e%step)+step)%step
		} else {
			exp = e - (step - 1)
		}
		d.shift(-exp)
		d.round(nFrac)
		if d.exp > step { // rounding carried into a new digit: 9.99 -> 10.0
			if engineering {
				d.shift(-step)
				exp += step
			} else {
				d.shift(-1)
				exp++
			}
		}
	} else {
		d.round(nFrac)
	}
	intDigits := d.intDigits()
	fracDigits := d.fracDigits(nFrac)
	return s.assemble(intDigits, fracDigits, exp, nInt, nExp)
}

// assemble puts the digits in the section's placeholders and literals.
func (s section) assemble(intDigits, fracDigits string, exp, nInt, nExp int) (string, bool) {
	// The integer placeholders take the digits from the right; the first
	// takes all that are left.
	fill := make([]string, nInt)
	rest := intDigits
	for k := nInt - 1; k >= 0; k-- {
		var ph byte
		seen := 0
		for _, t := range s.toks {
			if t.kind == tokInt {
				if seen == k {
					ph = t.ph
				}
				seen++
			}
		}
		switch {
		case len(rest) > 0 && k == 0:
			fill[k], rest = rest, ""
		case len(rest) > 0:
			fill[k], rest = rest[len(rest)-1:], rest[:len(rest)-1]
		case ph == '0':
			fill[k] = "0"
		case ph == '?':
			fill[k] = " "
		}
	}
	if s.group {
		joined := strings.Join(fill, "")
		for k := range fill {
			fill[k] = ""
		}
		if nInt > 0 {
			fill[0] = groupThousands(joined)
		}
	}
	// Decimal placeholders: trailing zeros of # are dropped, of ? spaces.
	frac := []byte(fracDigits)
	var fracPh []byte
	for _, t := range s.toks {
		if t.kind == tokFrac {
			fracPh = append(fracPh, t.ph)
		}
	}
	cut := len(frac)
	for cut > 0 && frac[cut-1] == '0' && fracPh[cut-1] != '0' {
		if fracPh[cut-1] == '?' {
			frac[cut-1] = ' '
			cut--
			continue
		}
		cut--
		frac = frac[:cut]
	}
	var b strings.Builder
	ii, fi, ei := 0, 0, 0
	expText := strconv.Itoa(abs(exp))
	for len(expText) < nExp {
		expText = "0" + expText
	}
	for _, t := range s.toks {
		switch t.kind {
		case tokLit:
			b.WriteString(t.lit)
		case tokInt:
			b.WriteString(fill[ii])
			ii++
		case tokPoint:
			b.WriteByte('.')
		case tokFrac:
			if fi < len(frac) {
				b.WriteByte(frac[fi])
			}
			fi++
		case tokExp:
			b.WriteByte('E')
			if exp < 0 {
				b.WriteByte('-')
			} else if t.lit == "+" {
				b.WriteByte('+')
			}
		case tokExpDigit:
			// The first exponent placeholder takes the digits the others
			// do not.
			if ei == 0 {
				b.WriteString(expText[:len(expText)-(nExp-1)])
			} else {
				b.WriteByte(expText[len(expText)-(nExp-ei)])
			}
			ei++
		}
	}
	if s.point && len(frac) == 0 || b.Len() == 0 {
		return b.String(), false
	}
	return b.String(), true
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// groupThousands puts a comma between each three digits of a run of
// digits, from the right.
func groupThousands(s string) string {
	start := 0
	for start < len(s) && (s[start] < '0' || s[start] > '9') {
		start++
	}
	digits := s[start:]
	if len(digits) <= 3 {
		return s
	}
	var b strings.Builder
	b.WriteString(s[:start])
	for i := 0; i < len(digits); i++ {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteByte(digits[i])
	}
	return b.String()
}

// decimal is a number 0.d1d2d3... × 10^exp, its digits as text: a
// double read to the 15 significant digits that spreadsheets show, and
// rounded half away from zero as they round.
type decimal struct {
	digits []byte // no leading zeros; none for zero
	exp    int
}

func decimalOf(v float64) decimal {
	if v == 0 {
		return decimal{}
	}
	s := strconv.FormatFloat(v, 'e', 14, 64) // d.dddddddddddddde±XX
	e := strings.IndexByte(s, 'e')
	n, _ := strconv.Atoi(s[e+1:])
	digits := []byte(s[:1] + s[2:e])
	for len(digits) > 0 && digits[len(digits)-1] == '0' {
		digits = digits[:len(digits)-1]
	}
	return decimal{digits: digits, exp: n + 1}
}

func (d decimal) zero() bool { return len(d.digits) == 0 }

// shift multiplies by 10^n.
func (d *decimal) shift(n int) {
	if !d.zero() {
		d.exp += n
	}
}

// round keeps n decimal places, rounding half away from zero.
func (d *decimal) round(n int) {
	keep := d.exp + n // digits kept
	switch {
	case d.zero() || keep >= len(d.digits):
		return
	case keep < 0:
		*d = decimal{}
		return
	}
	up := d.digits[keep] >= '5'
	d.digits = d.digits[:keep]
	if up {
		i := keep - 1
		for i >= 0 && d.digits[i] == '9' {
			d.digits[i] = '0'
			i--
		}
		if i < 0 {
			d.digits = append([]byte{'1'}, d.digits...)
			d.exp++
		} else {
			d.digits[i]++
		}
	}
	for len(d.digits) > 0 && d.digits[len(d.digits)-1] == '0' {
		d.digits = d.digits[:len(d.digits)-1]
	}
	if len(d.digits) == 0 {
		*d = decimal{}
	}
}

// intDigits are the digits before the point, "" for none.
func (d decimal) intDigits() string {
	if d.zero() || d.exp <= 0 {
		return ""
	}
	if d.exp <= len(d.digits) {
		return string(d.digits[:d.exp])
	}
	return string(d.digits) + strings.Repeat("0", d.exp-len(d.digits))
}

// fracDigits are the first n digits after the point.
func (d decimal) fracDigits(n int) string {
	b := make([]byte, n)
	for i := range b {
		k := d.exp + i // index into digits
		if k >= 0 && k < len(d.digits) {
			b[i] = d.digits[k]
		} else {
			b[i] = '0'
		}
	}
	return string(b)
}

// DateCell is a number cell with a date format: its date in the 1900 or
// 1904 date system, the time of day dropped. A number below 1 in the 1900
// system (a time of day without a date) and one outside the dates a
// workbook can hold are errors, shown with the number as stored (raw).
func DateCell(serial float64, raw string, date1904 bool) Cell {
	if serial < 1 && !date1904 {
		return Cell{Value: raw + " (a time of day without a date)", Kind: ErrorValue}
	}
	d, err := SerialDate(serial, date1904)
	if err != nil {
		return Cell{Value: raw + " (" + err.Error() + ")", Kind: ErrorValue}
	}
	return Cell{Value: d, Kind: Date}
}

// NumberCell is a number cell as its format makes it: a date (in the
// workbook's date system), a percentage, a literal percent, or a plain
// number, with the text the format shows when it is not the number
// itself (00123 for 123 formatted 00000). raw is the number as stored.
func NumberCell(v float64, raw string, f *Format, date1904 bool) Cell {
	if f == nil {
		return Cell{Value: raw, Kind: Number}
	}
	switch f.kind {
	case Date:
		return DateCell(v, raw, date1904)
	case Percent:
		return Cell{Value: raw, Kind: Percent}
	}
	c := Cell{Value: raw, Kind: f.kind}
	if !f.general {
		if shown, ok := f.Show(v); ok && shown != FormatNumber(v) {
			c.Shown = shown
		}
	}
	return c
}
