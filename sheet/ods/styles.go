package ods

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/aitkit/aitkit/sheet"
	"github.com/aitkit/aitkit/sheet/internal/xmlscan"
)

// An OpenDocument cell's number format is its data style: a cell's style
// (table:style-name, or its row's or column's default cell style) names
// it with style:data-style-name, and the data style (number:number-style,
// number:percentage-style, number:date-style...) says what the number is
// and how it shows. Each data style is turned into the format code Excel
// would write for it, and parsed as xlsx codes are, so that a number
// shows the same text in every format.

// dataStyle is a data style as read: its kind of element and its parts.
type dataStyle struct {
	kind  string // number-style, percentage-style, currency-style, date-style, time-style, text-style, boolean-style
	parts []stylePart
	maps  bool // conditional sub-styles (style:map): not shown here
	bad   bool // a part not shown here (a fraction, an embedded text out of range)
}

type stylePart struct {
	kind                                  string // number, scientific-number, text, currency-symbol, text-content, fraction
	text                                  string
	decimals, minDecimals, minInt, minExp int
	interval                              int // exponent-interval: 3 for engineering notation
	grouping, forcedSign, hasMinDecimals  bool
	factor                                float64
	embedded                              []embeddedText
}

type embeddedText struct {
	pos  int
	text string
}

// styles are a document's data styles and cell styles, read from
// styles.xml and content.xml.
type styles struct {
	data     map[string]*dataStyle
	cells    map[string]cellStyle
	formats  map[string]*sheet.Format // by cell style name, worked out once
	nullDate time.Time                // the day a date value 0 is (table:null-date)

	// while reading
	cur     *dataStyle
	part    *stylePart
	inText  bool
	inEmbed bool
	count   int
}

type cellStyle struct{ data, parent string }

func newStyles() *styles {
	return &styles{data: map[string]*dataStyle{}, cells: map[string]cellStyle{}, formats: map[string]*sheet.Format{},
		nullDate: time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)}
}

var dataStyleKinds = map[string]bool{"number-style": true, "percentage-style": true, "currency-style": true,
	"date-style": true, "time-style": true, "text-style": true, "boolean-style": true}

// token reads a token of styles.xml or of content.xml's head; false when
// there are more styles than limit.
func (st *styles) token(sc *xmlscan.Scanner, limit int) bool {
	switch sc.Kind {
	case xmlscan.Start, xmlscan.SelfClose:
		switch sp := sc.Space(); {
		case sp == xmlscan.ODFNumber && dataStyleKinds[string(sc.Name())]:
			name, _ := sc.AttrNS(xmlscan.ODFStyle, "name")
			if st.count++; st.count > limit {
				return false
			}
			st.cur = &dataStyle{kind: string(sc.Name())}
			st.data[xmlscan.AttrText(name)] = st.cur
			if sc.Kind == xmlscan.SelfClose {
				st.cur = nil
			}
		case sp == xmlscan.ODFStyle && sc.Is("style"):
			if fam, _ := sc.AttrNS(xmlscan.ODFStyle, "family"); string(fam) == "table-cell" {
				if st.count++; st.count > limit {
					return false
				}
				name, _ := sc.AttrNS(xmlscan.ODFStyle, "name")
				data, _ := sc.AttrNS(xmlscan.ODFStyle, "data-style-name")
				parent, _ := sc.AttrNS(xmlscan.ODFStyle, "parent-style-name")
				st.cells[xmlscan.AttrText(name)] = cellStyle{data: xmlscan.AttrText(data), parent: xmlscan.AttrText(parent)}
			}
		case sp == xmlscan.ODFStyle && sc.Is("map") && st.cur != nil:
			st.cur.maps = true
		case sp == xmlscan.ODFTable && sc.Is("null-date"):
			if v, ok := sc.AttrNS(xmlscan.ODFTable, "date-value"); ok {
				if d, err := time.Parse("2006-01-02", strings.TrimSpace(string(v))); err == nil {
					st.nullDate = d
				}
			}
		case sp == xmlscan.ODFNumber && st.cur != nil:
			st.partStart(sc)
		}
	case xmlscan.End:
		switch {
		case sc.Space() == xmlscan.ODFNumber && dataStyleKinds[string(sc.Name())]:
			st.cur = nil
		case sc.Space() == xmlscan.ODFNumber && (sc.Is("text") || sc.Is("currency-symbol")):
			st.inText = false
		case sc.Space() == xmlscan.ODFNumber && sc.Is("embedded-text"):
			st.inEmbed = false
		}
	case xmlscan.Text:
		if st.cur == nil {
			return true
		}
		b, err := sc.AppendText(nil)
		if err != nil {
			return true
		}
		switch {
		case st.inEmbed && st.part != nil && len(st.part.embedded) > 0:
			st.part.embedded[len(st.part.embedded)-1].text += string(b)
		case st.inText && st.part != nil:
			st.part.text += string(b)
		}
	}
	return true
}

// partStart reads a part of the data style being read.
func (st *styles) partStart(sc *xmlscan.Scanner) {
	n := string(sc.Name())
	switch n {
	case "embedded-text":
		if st.part != nil && st.part.kind == "number" {
			pos := attrInt(sc, "position", -1)
			st.part.embedded = append(st.part.embedded, embeddedText{pos: pos})
			st.inEmbed = sc.Kind == xmlscan.Start
		}
		return
	case "number", "scientific-number", "fraction", "text", "currency-symbol", "text-content",
		"day", "month", "year", "era", "day-of-week", "week-of-year", "quarter", "hours", "minutes", "seconds", "am-pm":
	default:
		return
	}
	p := stylePart{kind: n, minInt: attrInt(sc, "min-integer-digits", 1), decimals: attrInt(sc, "decimal-places", 0),
		minExp: attrInt(sc, "min-exponent-digits", 1), interval: attrInt(sc, "exponent-interval", 1), factor: 1}
	if v, ok := sc.AttrNS(xmlscan.ODFNumber, "min-decimal-places"); ok {
		p.minDecimals, _ = strconv.Atoi(strings.TrimSpace(string(v)))
		p.hasMinDecimals = true
	}
	if v, _ := sc.AttrNS(xmlscan.ODFNumber, "grouping"); string(v) == "true" {
		p.grouping = true
	}
	if v, _ := sc.AttrNS(xmlscan.ODFNumber, "forced-exponent-sign"); string(v) != "false" {
		p.forcedSign = true
	}
	if v, ok := sc.AttrNS(xmlscan.ODFNumber, "display-factor"); ok {
		if f, err := strconv.ParseFloat(strings.TrimSpace(string(v)), 64); err == nil && f > 0 {
			p.factor = f
		}
	}
	st.cur.parts = append(st.cur.parts, p)
	st.part = &st.cur.parts[len(st.cur.parts)-1]
	st.inText = sc.Kind == xmlscan.Start && (n == "text" || n == "currency-symbol")
}

func attrInt(sc *xmlscan.Scanner, name string, def int) int {
	v, ok := sc.AttrNS(xmlscan.ODFNumber, name)
	if !ok {
		return def
	}
	n, err := strconv.Atoi(strings.TrimSpace(string(v)))
	if err != nil || n < 0 || n > 64 {
		return def
	}
	return n
}

// format is the number format of a cell style (nil for none: General).
func (st *styles) format(cellStyleName string) *sheet.Format {
	if f, ok := st.formats[cellStyleName]; ok {
		return f
	}
	var f *sheet.Format
	name := cellStyleName
	for depth := 0; depth < 16 && name != ""; depth++ {
		cs, ok := st.cells[name]
		if !ok {
			break
		}
		if cs.data != "" {
			if ds, ok := st.data[cs.data]; ok {
				f = ds.format()
			}
			break
		}
		name = cs.parent
	}
	if len(st.formats) < 100_000 {
		st.formats[cellStyleName] = f
	}
	return f
}

// format turns a data style into the format code Excel writes for it,
// parsed. A date style is a date; a percentage style a percent; a style
// this package cannot write as a code keeps its kind and shows nothing.
func (ds *dataStyle) format() *sheet.Format {
	switch ds.kind {
	case "date-style":
		return sheet.ParseFormat(14, "")
	case "percentage-style":
		return sheet.ParseFormat(9, "")
	case "time-style", "boolean-style", "text-style":
		return nil
	}
	var b strings.Builder
	numbers := 0
	for _, p := range ds.parts {
		switch p.kind {
		case "text", "currency-symbol":
			for _, r := range p.text {
				b.WriteByte('\\')
				b.WriteRune(r)
			}
		case "number":
			numbers++
			b.WriteString(numberCode(p))
		case "scientific-number":
			numbers++
			if p.interval > max(p.minInt, 1) {
				b.WriteString(strings.Repeat("#", p.interval-max(p.minInt, 1)))
			}
			b.WriteString(strings.Repeat("0", max(p.minInt, 1)))
			if p.decimals > 0 {
				b.WriteString("." + strings.Repeat("0", p.decimals))
			}
			b.WriteString("E+")
			b.WriteString(strings.Repeat("0", max(p.minExp, 1)))
		default:
			return opaque()
		}
	}
	if numbers != 1 || ds.maps {
		return opaque()
	}
	return sheet.ParseFormat(-1, b.String())
}

// opaque is a number format this package does not show: the number is
// read as it is.
func opaque() *sheet.Format { return sheet.OpaqueFormat(sheet.Number) }

// numberCode writes a number:number element as a format code: its
// integer digits (zero padded), grouping, embedded texts, decimals
// (optional past the minimum) and display factor.
func numberCode(p stylePart) string {
	digits := []string{}
	n := max(p.minInt, 1)
	for i := 0; i < n; i++ {
		if i < n-p.minInt {
			digits = append(digits, "#")
		} else {
			digits = append(digits, "0")
		}
	}
	if p.grouping && n < 4 {
		for len(digits) < 4 {
			digits = append([]string{"#"}, digits...)
		}
	}
	// Embedded texts go after the digit that has pos digits to its right.
	for _, e := range p.embedded {
		if e.pos < 1 || e.pos >= len(digits) {
			continue
		}
		at := len(digits) - e.pos
		var lit strings.Builder
		for _, r := range e.text {
			lit.WriteByte('\\')
			lit.WriteRune(r)
		}
		digits[at-1] += lit.String()
	}
	code := strings.Join(digits, "")
	if p.grouping && len(p.embedded) == 0 {
		// A comma before the last three integer digits groups them all.
		code = code[:len(code)-3] + "," + code[len(code)-3:]
	}
	if p.decimals > 0 {
		minDec := p.decimals
		if p.hasMinDecimals {
			minDec = min(p.minDecimals, p.decimals)
		}
		code += "." + strings.Repeat("0", minDec) + strings.Repeat("#", p.decimals-minDec)
	}
	for f := p.factor; f >= 1000; f /= 1000 {
		code += ","
	}
	return code
}

// dateOf is the day a date value (days since the null date, 1899-12-30
// unless the document says otherwise) falls on, rounded to the
// millisecond first; ok is false outside the years 1000-9999.
func (st *styles) dateOf(v float64) (string, bool) {
	const msPerDay = 86_400_000
	if v != v || v > 1e7 || v < -1e7 {
		return "", false
	}
	days := int(math.Floor(math.Round(v*msPerDay) / msPerDay))
	t := st.nullDate.AddDate(0, 0, days)
	if t.Year() < 1000 || t.Year() > 9999 {
		return "", false
	}
	return sheet.FormatDate(t.Year(), int(t.Month()), t.Day()), true
}
