package convert

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/aitkit/aitkit/sheet"
)

// percentColumn is the one place that knows whether the metric column's
// bare numbers are fractions (0.54 is 54%) or percentage points (54 is
// 54%): the option, or a note in the header that says points ("Progress
// (0-100)"). Without either, it refuses the column as a whole (the input
// stops there: no reading of its values can be trusted) when it reads two
// ways: a bare number over 1 under a header that says percent ("%
// Complete", "Metric Value (%)"), or percent cells, bare numbers over 1
// and fractions in one column.
type percentColumn struct {
	points bool   // bare numbers are percentage points
	given  bool   // by the option
	note   string // the header's note that says points, when that decided it
	header string // the header, when it says percent
	col    int    // the column, 0-based
	at     sheet.Place
	seen   [3]metricSample // the first cell of each kind: percent, over one, fraction

	refusal error // the column's refusal, once it is known
}

// ErrPercentColumn: the metric column reads two ways (a percent header
// over bare numbers above 1; percents, bare numbers above 1 and fractions
// mixed), and nothing says which.
var ErrPercentColumn = errors.New("a metric column that reads two ways")

// metricSample is a metric cell of one kind: where, and its value.
type metricSample struct {
	at  sheet.Place
	raw string
}

func (s metricSample) ok() bool { return s.at.File != "" || s.raw != "" }

// Kinds of metric values, by what they say of the column's reading.
const (
	kindPercent  = iota // a percent cell, or text with %
	kindOverOne         // a bare number over 1 (54: 54% only as percentage points)
	kindFraction        // a bare number above 0, up to 1 (0.54; 1)
	kindNeutral         // 0, or no number
)

var kindWords = [...]string{"percents", "bare numbers above 1", "fractions"}

// newPercentColumn reads the option and the metric column's header.
func newPercentColumn(points bool, header string, col int, at sheet.Place) percentColumn {
	p := percentColumn{points: points, given: points, col: col, at: at}
	if header == "" {
		return p
	}
	name, note := splitNote(header)
	if !points && notePoints(note) {
		p.points, p.note = true, note
	}
	if saysPercent(name) || saysPercent(note) {
		p.header = header
	}
	return p
}

// saysPercent tells whether a header names percent: "%", Percent, Pct.
func saysPercent(h string) bool {
	f := foldHeader(h)
	if strings.Contains(f, "%") {
		return true
	}
	for _, w := range strings.FieldsFunc(strings.ToLower(h), func(r rune) bool { return !(r >= 'a' && r <= 'z') }) {
		switch w {
		case "percent", "percentage", "pct", "perc":
			return true
		}
	}
	return false
}

// notePoints tells whether a header's note says its numbers are
// percentage points: "0-100", "% points", "percentage points", "pp".
func notePoints(note string) bool {
	switch strings.ReplaceAll(foldHeader(note), "to", "") {
	case "0100", "points", "%points", "percentpoints", "percentagepoints", "pp", "pts", "%pts", "in%points":
		return true
	}
	return false
}

// classify says what kind a metric value is: percent tells a percent cell
// or text; v is the bare number's value.
func classify(percent bool, v float64) int {
	switch a := math.Abs(v); {
	case percent:
		return kindPercent
	case a > 1:
		return kindOverOne
	case a > 0:
		return kindFraction // 1 too: 100% as a fraction, 1% as points
	}
	return kindNeutral
}

// check notes a metric value of kind k (raw, at at), and the column's
// refusal when the value shows that it reads two ways.
func (p *percentColumn) check(k int, raw string, at sheet.Place) {
	if k == kindNeutral || p.refusal != nil {
		return
	}
	if !p.seen[k].ok() {
		p.seen[k] = metricSample{at: at, raw: raw}
	}
	switch {
	case p.points:
	case k == kindOverOne && p.header != "":
		p.refusal = p.refusePoints(raw, at)
	case p.seen[kindPercent].ok() && p.seen[kindOverOne].ok() && p.seen[kindFraction].ok():
		p.refusal = p.mixed()
	}
}

func (p *percentColumn) sample(k int) string {
	s := p.seen[k]
	return fmt.Sprintf("%s: %s", shortPlace(s.at), s.raw)
}

// shortPlace names a place within the input an error is about: a cell by
// its reference (C7), a line or a record by its number.
func shortPlace(p sheet.Place) string {
	switch {
	case p.Cell != "":
		return p.Cell
	case p.Line > 0:
		return fmt.Sprintf("line %d", p.Line)
	case p.Index >= 0:
		return fmt.Sprintf("record %d", p.Index)
	}
	return p.String()
}

// onSheet names the sheet of a place, to begin a message about it:
// `sheet "Tracker": `; "" outside a workbook.
func onSheet(p sheet.Place) string {
	if p.Sheet == "" {
		return ""
	}
	return fmt.Sprintf("sheet %q: ", p.Sheet)
}

// refusePoints refuses a column whose header says percent over a bare
// number raw (at at) that is a percent as percentage points and a hundred
// times more as a fraction (12.5: 12.5% or 1250%).
func (p *percentColumn) refusePoints(raw string, at sheet.Place) error {
	why := fmt.Sprintf("the header %q says percent", p.header)
	msg := fmt.Sprintf("%sthe metric column %s holds a bare number above 1 (%s: %s), and %s: %s",
		onSheet(at), sheet.ColumnName(p.col), shortPlace(at), strings.TrimSpace(raw), why, twoReadings(raw))
	return refuse(ErrPercentColumn, &Refusal{Question: AskPercentPoints, Place: at, Message: msg, Choices: []Choice{pointsChoice(why)}})
}

// twoReadings says what a bare number is as percentage points and as a
// fraction: "12.5 is 12.5% as percentage points, 1250% as a fraction".
func twoReadings(raw string) string {
	s := strings.TrimSpace(raw)
	d, ok := parsePlainDecimal(s)
	if !ok {
		return fmt.Sprintf("%s is a bare number over 1, a percent only as percentage points", s)
	}
	d.exp += 2
	hundred, err := d.format(false)
	if err != nil {
		return fmt.Sprintf("%s is a bare number over 1, a percent only as percentage points", s)
	}
	return fmt.Sprintf("%s is %s%% as percentage points, %s%% as a fraction", s, s, hundred)
}

// mixed refuses a column of percent cells, bare numbers over 1 and
// fractions: no one reading makes sense of it, unless its bare numbers are
// said to be percentage points.
func (p *percentColumn) mixed() error {
	var cells []string
	for k := kindPercent; k <= kindFraction; k++ {
		cells = append(cells, fmt.Sprintf("%s (%s)", kindWords[k], p.sample(k)))
	}
	at := p.seen[kindOverOne].at
	msg := fmt.Sprintf("%sthe metric column mixes %s: write them one way", onSheet(at), strings.Join(cells, ", "))
	return refuse(ErrPercentColumn, &Refusal{Question: AskPercentPoints, Place: at, Message: msg,
		Choices: []Choice{pointsChoice("bare numbers over 1 beside percents")}})
}

// parseFloat reads a stored number; 0 when it is none.
func parseFloat(s string) float64 {
	f, _ := strconv.ParseFloat(strings.TrimSpace(s), 64)
	return f
}

// float is the decimal's value as a double, for its kind.
func (d decimal) float() float64 {
	s := d.mant
	if s == "" {
		return 0
	}
	f, _ := strconv.ParseFloat(s+"e"+strconv.Itoa(d.exp), 64)
	if d.neg {
		f = -f
	}
	return f
}
