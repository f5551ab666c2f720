package sheet

import (
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

// StyleFormats parses the number format of each cell style, given by its
// format id, codes being the workbook's own format codes by id (xlsx's
// numFmts, .xls's FORMAT records): one parsed format per id, shared by
// the styles that use it; nil for General.
func StyleFormats(styleIDs []int, codes map[int]string) []*Format {
	parsed := map[int]*Format{}
	out := make([]*Format, len(styleIDs))
	for i, id := range styleIDs {
		f, ok := parsed[id]
		if !ok {
			if f = ParseFormat(id, codes[id]); f.General() {
				f = nil
			}
			parsed[id] = f
		}
		out[i] = f
	}
	return out
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
