package convert

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/aitkit/aitkit/schema"
	"github.com/aitkit/aitkit/sheet"
)

// normalizer holds the per-input state of the one normalization every row
// goes through, whatever its format.
type normalizer struct {
	opts          Options
	storedDoubles bool // number cells are a workbook's doubles, not numbers someone wrote
	statuses      schema.Statuses
	statusMap     map[string]string      // folded from -> canonical
	statusCache   map[string]*StatusWord // spelling as found -> what it reads as, and how often
	otherWords    int                    // status words past maxStatusWords spellings
	dates         dateOrder
	seps          decimalSeps
	computed      int            // formulas saved without their values, computed
	metricKinds   map[string]int // metric cells by kind, for --explain
}

func newNormalizer(opts Options) (*normalizer, error) {
	n := &normalizer{opts: opts, statuses: opts.statuses(), statusMap: map[string]string{}, dates: dateOrder{shown: shown[DateOrder]{flag: opts.DateOrder}}, seps: decimalSeps{shown[Separator]{flag: opts.Decimal}}}
	for from, to := range opts.StatusMap {
		c, ok := n.statuses.Canonical(to)
		if !ok {
			return nil, fmt.Errorf("--status-map %s=%s: %q is not a status; expected one of %s", from, to, to, n.statuses)
		}
		n.statusMap[schema.FoldStatus(from)] = c
	}
	if err := opts.checkAsOf(); err != nil {
		return nil, err
	}
	return n, nil
}

// item is one converted row, with what is needed to settle its date later.
type item struct {
	rec        Record
	errs       []*FieldError
	skip       bool // no update in the row
	blank      bool // not a value in the row: skipped silently
	waitDate   bool // the date waits for its column's order
	date       parsedDate
	dateRaw    string
	datePlc    sheet.Place
	waitMetric bool // the metric waits for its column's decimal separator
	metric     numberText
	metricPlc  sheet.Place
}

// convert normalizes one source row into an item.
func (n *normalizer) convert(src source, rw *sheet.Row, cols columns) item {
	// A formula saved without its value is computed, when it can be.
	var formulaErrs [schema.NumFields]error
	for i := range schema.Fields {
		if col, ok := cols.column(i); ok && col < len(rw.Cells) && rw.Cells[col].Kind == sheet.Formula {
			formulaErrs[i] = n.compute(src, rw, col)
		}
	}
	get := func(field string) (sheet.Cell, int) {
		i, ok := cols.column(fieldIndex(field))
		if !ok {
			return sheet.Cell{}, -1
		}
		if i >= len(rw.Cells) {
			return sheet.Cell{}, i
		}
		return rw.Cells[i], i
	}
	kindError := func(c sheet.Cell, expected string) error {
		if c.Kind == sheet.Formula {
			for _, err := range formulaErrs {
				if err != nil {
					return &valueError{kind: ErrFormula, found: c.Value, expected: expected,
						hint: fmt.Sprintf("%v; the workbook was saved without its calculated values: open it in Excel or LibreOffice and save it", err)}
				}
			}
		}
		return kindError(c, expected)
	}
	idCell, idCol := get(schema.FieldExternalID)
	stCell, stCol := get(schema.FieldStatus)
	mCell, mCol := get(schema.FieldMetricValue)
	dCell, dCol := get(schema.FieldAsOfDate)
	cCell, cCol := get(schema.FieldComment)

	it := item{rec: Record{Place: src.Place(rw.Num, idCol)}}
	if stCell.Empty() && mCell.Empty() && cCell.Empty() {
		it.skip = true
		it.blank = rw.Blank()
		return it
	}
	fail := func(col int, field string, c sheet.Cell, err error) {
		it.errs = append(it.errs, &FieldError{Place: src.Place(rw.Num, col), Field: field, Value: c.Value, Err: err})
	}
	u := &it.rec.Update

	// External ID.
	switch {
	case idCell.Empty():
		fail(idCol, schema.FieldExternalID, idCell, &valueError{kind: ErrRequired, found: "", expected: "the plan item's External ID"})
	case idCell.Shown != "" && (idCell.Kind == sheet.Number || idCell.Kind == sheet.LiteralPercent):
		// The ID is the text the cell shows through its format (00123).
		u.ExternalID = strings.TrimSpace(idCell.Shown)
	case idCell.Kind == sheet.Number || idCell.Kind == sheet.Percent:
		id, err := numericID(idCell.Value)
		if err != nil {
			fail(idCol, schema.FieldExternalID, idCell, err)
		}
		u.ExternalID = id
	case idCell.Kind == sheet.Text:
		u.ExternalID = strings.TrimSpace(idCell.Value)
		if exponentID(u.ExternalID) {
			fail(idCol, schema.FieldExternalID, idCell, exponentIDError(u.ExternalID))
		}
	default:
		fail(idCol, schema.FieldExternalID, idCell, kindError(idCell, "text"))
	}

	// Status. A number (a status code, 1 2 3) is matched by the text it
	// shows.
	if stCell.Kind == sheet.Number || stCell.Kind == sheet.LiteralPercent {
		stCell = sheet.Cell{Value: shownText(stCell)}
	}
	if stCell.Kind != sheet.Text {
		fail(stCol, schema.FieldStatus, stCell, kindError(stCell, "one of "+n.statuses.String()))
	} else if stCell.Empty() {
		fail(stCol, schema.FieldStatus, stCell, &valueError{kind: ErrRequired, found: "", expected: "one of " + n.statuses.String()})
	} else if s, ok := n.status(stCell.Value); ok {
		u.Status = s
	} else {
		fail(stCol, schema.FieldStatus, stCell, &valueError{kind: ErrBadStatus, found: stCell.Value,
			expected: "one of " + n.statuses.String(), hint: "translate your own words with --status-map 'FROM=TO'"})
	}

	// Metric value.
	if !mCell.Empty() {
		n.countMetric(mCell)
		var v string
		var err error
		switch mCell.Kind {
		case sheet.Text:
			var t numberText
			if t, err = splitNumberText(mCell.Value); err == nil {
				at := src.Place(rw.Num, mCol)
				var d decimal
				var wait bool
				switch d, wait, err = n.seps.read(t, at); {
				case wait:
					it.waitMetric, it.metric, it.metricPlc = true, t, at
				case err == nil:
					v, err = metricOf(d, n.opts.PercentPoints)
				}
			}
		case sheet.Number:
			v, err = NormalizeMetricNumber(mCell.Value, n.opts.PercentPoints, !n.storedDoubles)
		case sheet.Percent:
			v, err = NormalizeNumber(mCell.Value)
		case sheet.LiteralPercent:
			// 54 formatted 0"%" shows 54%: 0.54.
			v, err = NormalizeMetricNumber(mCell.Value, true, !n.storedDoubles)
		default:
			err = kindError(mCell, "a number")
		}
		if err != nil {
			fail(mCol, schema.FieldMetricValue, mCell, err)
		}
		u.MetricValue = v
	}

	// As Of Date.
	switch {
	case dCell.Empty() && n.opts.AsOf != "":
		u.AsOfDate = n.opts.AsOf
	case dCell.Empty():
		fail(dCol, schema.FieldAsOfDate, dCell, &valueError{kind: ErrRequired, found: "", expected: "a date, or --as-of DATE for rows without one"})
	case dCell.Kind == sheet.Date:
		u.AsOfDate = dCell.Value
	case dCell.Kind == sheet.Text || dCell.Kind == sheet.Number && len(dCell.Value) == 8 && allDigits(dCell.Value):
		p, err := parseDate(dCell.Value)
		if err != nil {
			fail(dCol, schema.FieldAsOfDate, dCell, err)
			break
		}
		at := src.Place(rw.Num, dCol)
		d, wait, err := n.dates.read(p, dCell.Value, at)
		switch {
		case wait:
			it.waitDate, it.date, it.dateRaw, it.datePlc = true, p, dCell.Value, at
		case err != nil:
			fail(dCol, schema.FieldAsOfDate, dCell, err)
		default:
			u.AsOfDate = d
		}
	case dCell.Kind == sheet.Number:
		fail(dCol, schema.FieldAsOfDate, dCell, &valueError{kind: ErrNotDate, found: dCell.Value, expected: "a date",
			hint: "a number in a cell without a date format; format the cell as a date"})
	default:
		fail(dCol, schema.FieldAsOfDate, dCell, kindError(dCell, "a date"))
	}

	// Comment.
	switch cCell.Kind {
	case sheet.Number, sheet.LiteralPercent:
		u.Comment = shownText(cCell)
	case sheet.Percent:
		v, err := NormalizeNumber(cCell.Value)
		if err != nil {
			v = cCell.Value
		}
		u.Comment = v
	case sheet.ErrorValue, sheet.Formula, sheet.Nested:
		fail(cCol, schema.FieldComment, cCell, kindError(cCell, "text"))
	default:
		u.Comment = strings.TrimSpace(cCell.Value)
	}
	n.checkLengths(&it, src, rw, [schema.NumFields]int{idCol, stCol, mCol, dCol, cCol})
	return it
}

// checkLengths refuses a value longer than its field allows (a hostile or
// broken input; no real tracker has one), naming the cell.
func (n *normalizer) checkLengths(it *item, src source, rw *sheet.Row, cols [schema.NumFields]int) {
	for i, field := range schema.Fields {
		col := cols[i]
		if col < 0 || col >= len(rw.Cells) {
			continue
		}
		v := rw.Cells[col].Value
		max := schema.MaxLen(field, n.opts.MaxComment)
		if len(v) <= max {
			continue // fewer bytes than the limit has characters
		}
		if c := utf8.RuneCountInString(v); c > max {
			hint := ""
			if field == schema.FieldComment {
				hint = "--max-comment N takes longer ones"
			}
			it.errs = append(it.errs, &FieldError{Place: src.Place(rw.Num, col), Field: field, Value: truncate(v, 40),
				Err: &valueError{kind: ErrTooLong, found: v, expected: fmt.Sprintf("at most %s characters (it has %s)", sheet.Count(int64(max)), sheet.Count(int64(c))), hint: hint}})
		}
	}
}

// calculator is a source that can compute a formula saved without its
// value (a workbook's sheet).
type calculator interface {
	Calc(num, col int) (sheet.Cell, error)
}

// compute replaces a formula cell saved without its value by what it
// computes to; the error says why it could not.
// errNoCalc: the input's formulas cannot be computed here.
var errNoCalc = errors.New("aitkit computes formulas only in .xlsx workbooks")

func (n *normalizer) compute(src source, rw *sheet.Row, col int) error {
	c, ok := src.(calculator)
	if !ok {
		return errNoCalc
	}
	v, err := c.Calc(rw.Num, col)
	if err != nil {
		return err
	}
	if v.Kind == sheet.ErrorValue {
		v.Value = rw.Cells[col].Value + " computes to " + v.Value
	}
	rw.Cells[col] = v
	n.computed++
	return nil
}

// Kinds of metric cells --explain counts.
const (
	metricPercentCell    = "percent cell"
	metricLiteralPercent = `number shown with a literal % (0"%": 54 is 0.54)`
	metricPercentText    = "text with %"
	metricNumber         = "bare number"
	metricOverOne        = "bare number over 1"
	metricText           = "number typed as text"
)

func (n *normalizer) countMetric(c sheet.Cell) {
	if n.metricKinds == nil {
		n.metricKinds = map[string]int{}
	}
	switch c.Kind {
	case sheet.Percent:
		n.metricKinds[metricPercentCell]++
	case sheet.LiteralPercent:
		n.metricKinds[metricLiteralPercent]++
	case sheet.Number:
		n.metricKinds[metricNumber]++
		if f, err := strconv.ParseFloat(strings.TrimSpace(c.Value), 64); err == nil && math.Abs(f) > 1 {
			n.metricKinds[metricOverOne]++
		}
	case sheet.Text:
		if strings.Contains(c.Value, "%") {
			n.metricKinds[metricPercentText]++
		} else {
			n.metricKinds[metricText]++
			if f, err := strconv.ParseFloat(strings.TrimSpace(c.Value), 64); err == nil && math.Abs(f) > 1 {
				n.metricKinds[metricOverOne]++
			}
		}
	}
}

// waits tells whether an item waits for what its columns will show.
func (it *item) waits() bool { return it.waitDate || it.waitMetric }

// ready tells whether what an item waits for is known, or will never be
// (done: the input has ended).
func (n *normalizer) ready(it *item, done bool) bool {
	return done || (!it.waitDate || n.dates.decided()) && (!it.waitMetric || n.seps.decided())
}

// settle reads the values of an item that waited.
func (n *normalizer) settle(it *item) {
	if it.waitDate {
		it.waitDate = false
		d, err := n.dates.settle(it.date, it.dateRaw)
		if err != nil {
			it.errs = append(it.errs, &FieldError{Place: it.datePlc, Field: schema.FieldAsOfDate, Value: it.dateRaw, Err: err})
		} else {
			it.rec.Update.AsOfDate = d
		}
	}
	if it.waitMetric {
		it.waitMetric = false
		d, err := n.seps.settle(it.metric)
		var v string
		if err == nil {
			v, err = metricOf(d, n.opts.PercentPoints)
		}
		if err != nil {
			it.errs = append(it.errs, &FieldError{Place: it.metricPlc, Field: schema.FieldMetricValue, Value: it.metric.orig, Err: err})
		} else {
			it.rec.Update.MetricValue = v
		}
	}
}

// status reads a status word of a row, and counts it.
func (n *normalizer) status(s string) (string, bool) {
	// A tracker repeats a few spellings: remember them (up to a bound),
	// with how often each came.
	if w, ok := n.statusCache[s]; ok {
		w.Count++
		return w.Status, w.Status != ""
	}
	w := n.readStatus(s)
	w.Count = 1
	if len(n.statusCache) < maxStatusWords {
		if n.statusCache == nil {
			n.statusCache = map[string]*StatusWord{}
		}
		w.Word = strings.Clone(s)
		n.statusCache[w.Word] = &w
	} else {
		n.otherWords++
	}
	return w.Status, w.Status != ""
}

// maxStatusWords is how many spellings of statuses a Reader keeps.
const maxStatusWords = 1024

// readStatus reads a status word: by --status-map, else as a status's
// name in any case, spacing or punctuation.
func (n *normalizer) readStatus(s string) StatusWord {
	if c, ok := n.statusMap[schema.FoldStatus(s)]; ok {
		return StatusWord{Status: c, How: "--status-map"}
	}
	c, ok := n.statuses.Canonical(s)
	switch {
	case !ok:
		return StatusWord{How: "unknown"}
	case c == s:
		return StatusWord{Status: c, How: "its name"}
	case strings.EqualFold(c, s):
		return StatusWord{Status: c, How: "its name, in another case"}
	}
	return StatusWord{Status: c, How: "another spelling"}
}

// numericID turns a number cell in the External ID column into text:
// 12345 gives "12345", never 12345.0 or 1.2345E+4. A number with more than
// 15 significant digits has already lost digits in the spreadsheet.
func numericID(raw string) (string, error) {
	f, err := strconv.ParseFloat(strings.TrimSpace(raw), 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return "", &valueError{kind: errors.New("not an External ID"), found: raw, expected: "text"}
	}
	if math.Abs(f) >= 1e15 {
		return "", &valueError{kind: errors.New("number too long to be exact"), found: raw, expected: "the External ID as text",
			hint: "spreadsheets keep only 15 digits of a number: format the column as text and paste the IDs again"}
	}
	return strconv.FormatFloat(f, 'f', -1, 64), nil
}

// shownText is the text a number cell shows: through its format (00123),
// or the number.
func shownText(c sheet.Cell) string {
	if c.Shown != "" {
		return strings.TrimSpace(c.Shown)
	}
	if v, err := NormalizeNumber(c.Value); err == nil {
		return v
	}
	return strings.TrimSpace(c.Value)
}

func kindError(c sheet.Cell, expected string) error {
	switch c.Kind {
	case sheet.ErrorValue:
		return &valueError{kind: errors.New("the cell holds an error"), found: c.Value, expected: expected}
	case sheet.Bool:
		return &valueError{kind: errors.New("a TRUE/FALSE cell"), found: c.Value, expected: expected}
	case sheet.Date:
		return &valueError{kind: errors.New("a date cell"), found: c.Value, expected: expected}
	case sheet.Formula:
		return &valueError{kind: ErrFormula, found: c.Value, expected: expected,
			hint: "open the workbook in a spreadsheet program, let it recalculate, and save it"}
	case sheet.Nested:
		return &valueError{kind: errors.New("a JSON object or array"), found: c.Value, expected: expected}
	}
	return &valueError{kind: errors.New("unexpected cell"), found: c.Value, expected: expected}
}
