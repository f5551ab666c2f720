package sheet

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Format is a number format code, parsed: what kind of cell it makes of
// a number (a date, a percentage, a literal percent, a plain number), and
// the text it shows a number as, for the parts of format codes that
// trackers use: digit placeholders (0 # ?) with zero padding, decimals,
// thousands separators and scaling, percent, scientific notation, literal
// text ("..." and \x), the sections for positive, negative and zero
// numbers, and the brackets spreadsheet programs write ([Red], [$-409]
// locale tags, [$€-407] currency). A code it cannot show (fractions,
// conditions, dates and times) still gives its kind; Show says it cannot.
//
// The thousands separator and the decimal point are shown as "," and ".":
// the file does not say the user's locale.
type Format struct {
	kind     Kind
	general  bool // General: a number shows as itself
	showable bool
	sections []section
}

// section is one of a code's parts (positive;negative;zero;text).
type section struct {
	toks     []fmtToken
	point    bool // has a decimal point
	group    bool // a thousands separator between integer digits
	scale    int  // thousands the number is divided by (commas after the digits)
	percent  int  // % signs: times 100 each
	exp      int  // index of the exponent token, -1 for none
	digits   bool // has digit placeholders
	general  bool // holds the word General
	literals bool // literal text between integer digit placeholders
}

type fmtTokKind uint8

const (
	tokLit      fmtTokKind = iota
	tokInt                 // an integer digit placeholder: 0 # ?
	tokFrac                // a decimal digit placeholder
	tokPoint               // the decimal point
	tokExp                 // E+ or E-: the placeholders after it are the exponent's
	tokExpDigit            // an exponent digit placeholder
	tokGeneral             // General
)

type fmtToken struct {
	kind fmtTokKind
	ph   byte   // placeholder: '0', '#' or '?'
	lit  string // literal text; for tokExp, "+" or "-"
}

// builtinFormats are the codes of Excel's built-in number formats that a
// file names by id alone (ids 14-22 and 45-47 are dates and times, 5-8 and
// 41-44 currency and accounting in the user's own currency).
var builtinFormats = map[int]string{
	1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00",
	9: "0%", 10: "0.00%", 11: "0.00E+00", 12: "# ?/?", 13: "# ??/??",
	37: "#,##0 ;(#,##0)", 38: "#,##0 ;[Red](#,##0)", 39: "#,##0.00;(#,##0.00)", 40: "#,##0.00;[Red](#,##0.00)",
	48: "##0.0E+0", 49: "@",
}

// ParseFormat parses the number format of a cell style: its built-in id,
// and its code ("" for a built-in id without one).
func ParseFormat(id int, code string) *Format {
	switch {
	case id == 9 || id == 10:
		if code == "" {
			code = builtinFormats[id]
		}
	case id >= 14 && id <= 22, id >= 45 && id <= 47, id >= 27 && id <= 36, id >= 50 && id <= 58:
		if code == "" {
			return &Format{kind: Date}
		}
	case (id >= 5 && id <= 8 || id >= 41 && id <= 44) && code == "":
		return &Format{kind: Number} // the user's currency: not shown here
	}
	if code == "" {
		code = builtinFormats[id]
	}
	if code == "" || strings.EqualFold(code, "General") {
		return &Format{kind: Number, general: true, showable: true}
	}
	return parseCode(code)
}

// OpaqueFormat is a format of the kind given that shows nothing here: a
// number through it is read as it is (a reader's format it cannot write
// as a code).
func OpaqueFormat(kind Kind) *Format { return &Format{kind: kind} }

// NumFmtKind tells from a number format whether a number cell is a date, a
// percentage, a literal percent or a plain number (see ParseFormat).
func NumFmtKind(id int, code string) Kind { return ParseFormat(id, code).Kind() }

// Kind is the kind of cell the format makes of a number: Date, Percent,
// LiteralPercent or Number.
func (f *Format) Kind() Kind { return f.kind }

// General tells whether numbers show as themselves.
func (f *Format) General() bool { return f.general }

func parseCode(code string) *Format {
	f := &Format{kind: Number, showable: true}
	date, percent := false, false
	for _, part := range splitSections(code) {
		s, d, p, ok := parseSection(part)
		date, percent = date || d, percent || p
		f.showable = f.showable && ok
		f.sections = append(f.sections, s)
	}
	if len(f.sections) > 4 {
		f.showable = false
	}
	switch {
	case date:
		f.kind, f.showable = Date, false
	case percent:
		f.kind = Percent
	case len(f.sections) > 0 && literalPercent(f.sections[0]):
		f.kind = LiteralPercent
	}
	return f
}

// splitSections splits a code at its semicolons outside quotes, brackets
// and escapes.
func splitSections(code string) []string {
	var parts []string
	start, quote, bracket := 0, false, false
	for i := 0; i < len(code); i++ {
		c := code[i]
		switch {
		case quote:
			quote = c != '"'
		case bracket:
			bracket = c != ']'
		case c == '"':
			quote = true
		case c == '[':
			bracket = true
		case c == '\\' || c == '_' || c == '*':
			i++
		case c == ';':
			parts = append(parts, code[start:i])
			start = i + 1
		}
	}
	return append(parts, code[start:])
}

// parseSection reads one section: its tokens, whether it has date letters
// or a percent sign (outside quotes and brackets), and whether it can be
// shown here.
func parseSection(code string) (s section, date, percent, ok bool) {
	s.exp = -1
	ok = true
	lit := func(t string) {
		if n := len(s.toks); n > 0 && s.toks[n-1].kind == tokLit {
			s.toks[n-1].lit += t
			return
		}
		s.toks = append(s.toks, fmtToken{kind: tokLit, lit: t})
	}
	var commas []int // token index after which a comma came
	for i := 0; i < len(code); i++ {
		c := code[i]
		switch {
		case c == '"':
			j := strings.IndexByte(code[i+1:], '"')
			if j < 0 {
				j = len(code) - i - 1
			}
			lit(code[i+1 : i+1+j])
			i += j + 1
		case c == '\\':
			if i+1 < len(code) {
				_, n := utf8.DecodeRuneInString(code[i+1:])
				lit(code[i+1 : i+1+n])
				i += n
			}
		case c == '_':
			if i+1 < len(code) {
				_, n := utf8.DecodeRuneInString(code[i+1:])
				i += n
			}
			lit(" ")
		case c == '*':
			if i+1 < len(code) {
				_, n := utf8.DecodeRuneInString(code[i+1:])
				i += n
			}
		case c == '[':
			j := strings.IndexByte(code[i:], ']')
			if j < 0 {
				return s, date, percent, false
			}
			t, bok := bracketToken(code[i+1 : i+j])
			if !bok {
				ok = false
			}
			if t != "" {
				lit(t)
			}
			i += j
		case c == '0' || c == '#' || c == '?':
			s.digits = true
			switch {
			case s.exp >= 0:
				s.toks = append(s.toks, fmtToken{kind: tokExpDigit, ph: c})
			case s.point:
				s.toks = append(s.toks, fmtToken{kind: tokFrac, ph: c})
			default:
				s.toks = append(s.toks, fmtToken{kind: tokInt, ph: c})
			}
		case c == '.' && !s.point && s.exp < 0:
			s.point = true
			s.toks = append(s.toks, fmtToken{kind: tokPoint})
		case c == ',':
			commas = append(commas, len(s.toks))
		case c == '%':
			percent = true
			s.percent++
			lit("%")
		case (c == 'E' || c == 'e') && i+1 < len(code) && (code[i+1] == '+' || code[i+1] == '-') && s.digits && s.exp < 0:
			s.exp = len(s.toks)
			s.toks = append(s.toks, fmtToken{kind: tokExp, lit: code[i+1 : i+2]})
			i++
		case c == '/' && s.digits:
			ok = false // a fraction
			lit("/")
		case c == '@':
			ok = false // text in a number's section
		case c == 'G' || c == 'g':
			if len(code)-i >= 7 && strings.EqualFold(code[i:i+7], "General") {
				s.general = true
				s.toks = append(s.toks, fmtToken{kind: tokGeneral})
				i += 6
				continue
			}
			lit(code[i : i+1])
		case strings.IndexByte("dDmMyY", c) >= 0:
			date = true
			lit(code[i : i+1])
		case strings.IndexByte("hHsS", c) >= 0, (c == 'A' || c == 'a') && (strings.HasPrefix(strings.ToUpper(code[i:]), "AM/PM") || strings.HasPrefix(strings.ToUpper(code[i:]), "A/P")):
			ok = false // a time
			lit(code[i : i+1])
		default:
			_, n := utf8.DecodeRuneInString(code[i:])
			lit(code[i : i+n])
			i += n - 1
		}
	}
	// A comma between integer placeholders groups thousands; after the
	// last integer placeholder it divides by a thousand.
	lastInt, firstInt, lastDigit := -1, -1, -1
	for k, t := range s.toks {
		if t.kind == tokInt {
			lastInt = k
			if firstInt < 0 {
				firstInt = k
			}
		}
		if t.kind == tokInt || t.kind == tokFrac {
			lastDigit = k
		}
	}
	for _, at := range commas {
		switch {
		case lastInt >= 0 && at > firstInt && at <= lastInt:
			s.group = true
		case lastDigit >= 0 && at == lastDigit+1:
			s.scale++
		default:
			// A comma elsewhere is shown as it is; where it stood is
			// lost, so the section is not shown.
			ok = false
		}
	}
	for k := firstInt; k >= 0 && k < lastInt; k++ {
		if s.toks[k].kind == tokLit {
			s.literals = true
		}
	}
	if s.literals && s.group || s.general && s.digits {
		ok = false
	}
	if s.exp >= 0 {
		// Scientific with several integer zeros (00.0E+0): Excel moves
		// the exponent, LibreOffice pads the mantissa.
		zeros := 0
		for _, t := range s.toks {
			if t.kind == tokInt && t.ph == '0' {
				zeros++
			}
		}
		ok = ok && zeros <= 1
	}
	return s, date, percent, ok
}

// bracketToken reads what a [...] of a format code shows: a currency
// symbol ([$€-407] shows €), nothing (a colour, a locale tag [$-409]);
// ok is false for what is not shown here (a condition, elapsed time,
// another numbering system).
func bracketToken(b string) (string, bool) {
	switch {
	case strings.HasPrefix(b, "$"):
		sym := b[1:]
		if i := strings.IndexByte(sym, '-'); i >= 0 {
			sym = sym[:i]
		}
		return sym, true
	case b == "":
		return "", false
	case b[0] == '<' || b[0] == '>' || b[0] == '=':
		return "", false
	}
	switch strings.ToLower(b) {
	case "black", "blue", "cyan", "green", "magenta", "red", "white", "yellow":
		return "", true
	}
	if strings.HasPrefix(strings.ToLower(b), "color") {
		return "", true
	}
	return "", false
}

// literalPercent tells whether a section shows a literal percent sign
// after its number (0"%", 0\%, 0.0" %"): only literal text between its
// last digit and the sign, and no real percent.
func literalPercent(s section) bool {
	if s.percent > 0 || !s.digits {
		return false
	}
	last := -1
	for k, t := range s.toks {
		if t.kind == tokInt || t.kind == tokFrac || t.kind == tokExpDigit || t.kind == tokPoint {
			last = k
		}
	}
	for _, t := range s.toks[last+1:] {
		if t.kind == tokLit && strings.Contains(t.lit, "%") {
			return strings.TrimSpace(t.lit[:strings.IndexByte(t.lit, '%')]) == ""
		}
	}
	return false
}

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
