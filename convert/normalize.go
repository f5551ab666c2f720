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
	computed      int                         // formulas saved without their values, computed
	metricKinds   map[string]int              // metric cells by kind, for --explain
	percent       percentColumn               // how bare metric numbers are read
	shown         [schema.NumFields]ShownNote // numbers read as the text their format shows, per field
	notes         []HeaderNote                // notes in the header's brackets, for --explain
}

func newNormalizer(opts Options) (*normalizer, error) {
	n := &normalizer{opts: opts, statuses: opts.statuses(), statusMap: map[string]string{}, dates: dateOrder{shown: shown[DateOrder]{flag: opts.DateOrder}}, seps: newDecimalSeps(opts.Decimal)}
	n.seps.dates = &n.dates
	for from, to := range opts.StatusMap {
		c, ok := n.statuses.Canonical(to)
		if !ok {
			return nil, fmt.Errorf("status map %s=%s: %q is not a status; expected one of %s", from, to, to, n.statuses)
		}
		n.statusMap[schema.FoldStatus(from)] = c
	}
	for from := range opts.StatusMap {
		// A word that differs from a mapped one only by spaces, - or _.
		if k := schema.LooseFold(from); n.statusMap[k] == "" {
			n.statusMap[k] = n.statusMap[schema.FoldStatus(from)]
		}
	}
	n.percent = newPercentColumn(opts.PercentPoints, "", 0, sheet.Place{})
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

// useHeader sets up what the header says of the values under it: a note
// that states the date order ("As Of Date (MM/DD/YYYY)"), a metric header
// that says percent or percentage points.
func (n *normalizer) useHeader(cols *columns, place func(col int) sheet.Place) {
	n.notes = nil
	for _, field := range schema.Fields {
		cand, ok := cols.chosen(field)
		if !ok {
			continue
		}
		_, note := splitNote(cand.Header)
		if note == "" {
			continue
		}
		hn := HeaderNote{Column: cand.Letter(), Header: cand.Header, Note: note}
		switch field {
		case schema.FieldAsOfDate:
			if o := noteDateOrder(note); o != OrderUnknown {
				hn.Evidence = orderWords(o)
				if n.opts.DateOrder == OrderUnknown {
					n.dates.observe(o, cand.Header, place(cand.Col))
				}
			}
		case schema.FieldMetricValue:
			switch {
			case notePoints(note):
				hn.Evidence = "percentage points"
			case saysPercent(note):
				hn.Evidence = "percent"
			}
		}
		n.notes = append(n.notes, hn)
	}
	header, col, at := "", 0, sheet.Place{}
	if cand, ok := cols.chosen(schema.FieldMetricValue); ok {
		header, col, at = cand.Header, cand.Col, place(cand.Col)
	}
	n.percent = newPercentColumn(n.opts.PercentPoints, header, col, at)
}

// convert normalizes one source row into an item: each field is read from
// its cell. A formula saved without its value comes computed by the
// reader, or as a formula cell saying why it was not.
func (n *normalizer) convert(src source, rw *sheet.Row, cols columns) item {
	r := rowReader{n: n, src: src, rw: rw, cols: &cols}
	if c, ok := src.(interface{ Computed() int }); ok {
		n.computed = c.Computed()
	}
	r.it.rec.Place = src.Place(rw.Num, r.col(schema.FieldExternalID))
	if r.noUpdate() {
		r.it.skip = true
		r.it.blank = rw.Blank()
		return r.it
	}
	r.readID()
	r.readStatus()
	r.readMetric()
	r.readDate()
	r.readComment()
	n.checkLengths(&r.it, src, rw, [schema.NumFields]int{r.col(schema.FieldExternalID), r.col(schema.FieldStatus),
		r.col(schema.FieldMetricValue), r.col(schema.FieldAsOfDate), r.col(schema.FieldComment)})
	return r.it
}

// rowReader reads the fields of one row into an item.
type rowReader struct {
	n    *normalizer
	src  source
	rw   *sheet.Row
	cols *columns
	it   item
}

// col is the column of field; -1 when the input has none.
func (r *rowReader) col(field string) int {
	if i, ok := r.cols.column(fieldIndex(field)); ok {
		return i
	}
	return -1
}

// cell is field's cell in the row (empty past its end or without a
// column) and its column.
func (r *rowReader) cell(field string) (sheet.Cell, int) {
	i := r.col(field)
	if i < 0 || i >= len(r.rw.Cells) {
		return sheet.Cell{}, i
	}
	c := r.rw.Cells[i]
	if c.Kind == sheet.ErrorValue && c.Shown != "" {
		c.Value = c.Shown + " computes to " + c.Value // a formula the reader computed
	}
	return c, i
}

// at is the place of column col of the row.
func (r *rowReader) at(col int) sheet.Place { return r.src.Place(r.rw.Num, col) }

// fail adds an error of field's cell c.
func (r *rowReader) fail(col int, field string, c sheet.Cell, err error) {
	r.it.errs = append(r.it.errs, &FieldError{Place: r.at(col), Field: field, Value: c.Value, Err: err})
}

// kindError is the error of a cell of the wrong kind.
func (r *rowReader) kindError(c sheet.Cell, expected string) error { return kindError(c, expected) }

// noUpdate tells whether the row has no status, metric or comment: an
// item the user did not update.
func (r *rowReader) noUpdate() bool {
	st, _ := r.cell(schema.FieldStatus)
	m, _ := r.cell(schema.FieldMetricValue)
	c, _ := r.cell(schema.FieldComment)
	return st.Empty() && m.Empty() && c.Empty()
}

// readID reads the External ID: text as it is, a number as its digits.
func (r *rowReader) readID() {
	c, col := r.cell(schema.FieldExternalID)
	u := &r.it.rec.Update
	switch {
	case c.Empty():
		r.fail(col, schema.FieldExternalID, c, &valueError{kind: ErrRequired, found: "", expected: "the plan item's External ID"})
	case c.Shown != "" && (c.Kind == sheet.Number || c.Kind == sheet.LiteralPercent):
		// The ID is the text the cell shows through its format (00123).
		u.ExternalID = strings.TrimSpace(c.Shown)
		r.n.noteShown(schema.FieldExternalID, r.at(col), c)
	case c.Kind == sheet.Number || c.Kind == sheet.Percent:
		id, err := numericID(c.Value)
		if err != nil {
			r.fail(col, schema.FieldExternalID, c, err)
		}
		u.ExternalID = id
	case c.Kind == sheet.Text:
		u.ExternalID = strings.TrimSpace(c.Value)
		if exponentID(u.ExternalID) {
			r.fail(col, schema.FieldExternalID, c, exponentIDError(u.ExternalID))
		}
	default:
		r.fail(col, schema.FieldExternalID, c, r.kindError(c, "text"))
	}
}

// readStatus reads the status: a status's name in any case and spacing,
// or a word or code of the tracker's own through the status map. A
// number (a status code, 1 2 3) is matched by the text it shows.
func (r *rowReader) readStatus() {
	c, col := r.cell(schema.FieldStatus)
	n := r.n
	word := c.Value
	switch {
	case c.Empty() || sheet.IsBlank(c.Value):
		r.fail(col, schema.FieldStatus, c, &valueError{kind: ErrRequired, found: "", expected: "one of " + n.statuses.String()})
		return
	case c.Kind == sheet.Number || c.Kind == sheet.LiteralPercent:
		word = shownText(c)
		r.n.noteShown(schema.FieldStatus, r.at(col), c)
	case c.Kind != sheet.Text:
		r.fail(col, schema.FieldStatus, c, r.kindError(c, "one of "+n.statuses.String()))
		return
	}
	if s, ok := n.status(word); ok {
		r.it.rec.Update.Status = s
	} else {
		r.fail(col, schema.FieldStatus, c, unknownStatus(word, n.statuses))
	}
}

// readMetric reads the metric value: a number cell as stored, a percent
// cell as its fraction, text as typed (54%, 1,234.5), bare numbers as
// fractions or percentage points as the column reads them.
func (r *rowReader) readMetric() {
	c, col := r.cell(schema.FieldMetricValue)
	if c.Empty() {
		return
	}
	n := r.n
	n.countMetric(c)
	var v string
	var err error
	switch c.Kind {
	case sheet.Text:
		var t numberText
		if t, err = splitNumberText(c.Value); err == nil {
			at := r.at(col)
			var d decimal
			var wait bool
			switch d, wait, err = n.seps.read(t, at); {
			case wait:
				r.it.waitMetric, r.it.metric, r.it.metricPlc = true, t, at
			case err == nil:
				v, err = n.metricOf(d, c.Value, at)
			}
		}
	case sheet.Number:
		if v, err = NormalizeMetricNumber(c.Value, n.percent.points, !n.storedDoubles); err == nil {
			shortest, _ := NormalizeNumber(c.Value)
			n.percent.check(classify(false, parseFloat(c.Value)), shortest, r.at(col))
		}
	case sheet.Percent:
		if v, err = NormalizeNumber(c.Value); err == nil {
			n.percent.check(kindPercent, c.Value, r.at(col))
		}
	case sheet.LiteralPercent:
		// 54 formatted 0"%" shows 54%: 0.54.
		if v, err = NormalizeMetricNumber(c.Value, true, !n.storedDoubles); err == nil {
			n.percent.check(kindPercent, c.Value, r.at(col))
			n.noteShown(schema.FieldMetricValue, r.at(col), c)
		}
	default:
		err = r.kindError(c, "a number")
	}
	if err != nil {
		r.fail(col, schema.FieldMetricValue, c, err)
	}
	r.it.rec.Update.MetricValue = v
}

// metricOf formats a metric typed as text (raw, at at), once the column's
// reading of bare numbers has checked it.
func (n *normalizer) metricOf(d decimal, raw string, at sheet.Place) (string, error) {
	v, err := metricOf(d, n.percent.points)
	if err == nil {
		n.percent.check(classify(d.percent, d.float()), raw, at)
	}
	return v, err
}

// readDate reads the As Of Date: a date cell, or a date typed as text,
// whose order waits for its column when it reads two ways.
func (r *rowReader) readDate() {
	c, col := r.cell(schema.FieldAsOfDate)
	n := r.n
	u := &r.it.rec.Update
	switch {
	case c.Empty() && n.opts.AsOf != "":
		u.AsOfDate = n.opts.AsOf
	case c.Empty():
		r.fail(col, schema.FieldAsOfDate, c, missingDate())
	case c.Kind == sheet.Date:
		u.AsOfDate = c.Value
	case c.Kind == sheet.Text || c.Kind == sheet.Number && len(c.Value) == 8 && allDigits(c.Value):
		p, err := parseDate(c.Value)
		if err != nil {
			r.fail(col, schema.FieldAsOfDate, c, err)
			return
		}
		at := r.at(col)
		d, wait, err := n.dates.read(p, c.Value, at)
		switch {
		case wait:
			r.it.waitDate, r.it.date, r.it.dateRaw, r.it.datePlc = true, p, c.Value, at
		case err != nil:
			r.fail(col, schema.FieldAsOfDate, c, err)
		default:
			u.AsOfDate = d
		}
	case c.Kind == sheet.Number:
		r.fail(col, schema.FieldAsOfDate, c, &valueError{kind: ErrNotDate, found: c.Value, expected: "a date",
			hint: "a number in a cell without a date format; format the cell as a date"})
	default:
		r.fail(col, schema.FieldAsOfDate, c, r.kindError(c, "a date"))
	}
}

// missingDate refuses a row without a date: a date for the rows without
// one can be given.
func missingDate() error {
	const msg = "rows without a date can be given one"
	return refuse(&valueError{kind: ErrRequired, found: "", expected: "a date", hint: msg},
		&Refusal{Question: AskAsOf, Message: msg, Choices: []Choice{{Option: OptAsOf, Label: "the date of every row without one, as YYYY-MM-DD"}}})
}

// readComment reads the comment: text trimmed, a number as it shows.
func (r *rowReader) readComment() {
	c, col := r.cell(schema.FieldComment)
	u := &r.it.rec.Update
	switch c.Kind {
	case sheet.Number, sheet.LiteralPercent:
		u.Comment = shownText(c)
		if c.Shown != "" {
			r.n.noteShown(schema.FieldComment, r.at(col), c)
		}
	case sheet.Percent:
		v, err := NormalizeNumber(c.Value)
		if err != nil {
			v = c.Value
		}
		u.Comment = v
	case sheet.ErrorValue, sheet.Formula, sheet.Nested:
		r.fail(col, schema.FieldComment, c, r.kindError(c, "text"))
	default:
		u.Comment = strings.TrimSpace(c.Value)
	}
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
				hint = "a longer limit can be given"
			}
			it.errs = append(it.errs, &FieldError{Place: src.Place(rw.Num, col), Field: field, Value: truncate(v, 40),
				Err: &valueError{kind: ErrTooLong, found: v, expected: fmt.Sprintf("at most %s characters (it has %s)", sheet.Count(int64(max)), sheet.Count(int64(c))), hint: hint}})
		}
	}
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

// rowError is the error of an item that did not convert, with the row's
// values: each field's as converted, or, where it failed, its cell's text
// as its first error found it.
func (it *item) rowError() *RowError {
	u := &it.rec.Update
	re := &RowError{Place: it.rec.Place, ExternalID: u.ExternalID, Errors: it.errs,
		Values: [schema.NumFields]string{schema.IndexExternalID: u.ExternalID, schema.IndexStatus: u.Status,
			schema.IndexMetricValue: u.MetricValue, schema.IndexAsOfDate: u.AsOfDate, schema.IndexComment: u.Comment}}
	var failed [schema.NumFields]bool
	for _, fe := range it.errs {
		if i := fieldIndex(fe.Field); i >= 0 && !failed[i] {
			failed[i], re.Values[i] = true, fe.Value
		}
	}
	return re
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
		d, err := n.dates.settle(it.date, it.dateRaw, it.datePlc)
		if err != nil {
			it.errs = append(it.errs, &FieldError{Place: it.datePlc, Field: schema.FieldAsOfDate, Value: it.dateRaw, Err: err})
		} else {
			it.rec.Update.AsOfDate = d
		}
	}
	if it.waitMetric {
		it.waitMetric = false
		d, err := n.seps.settle(it.metric, it.metricPlc)
		var v string
		if err == nil {
			v, err = n.metricOf(d, it.metric.orig, it.metricPlc)
		}
		if err != nil {
			it.errs = append(it.errs, &FieldError{Place: it.metricPlc, Field: schema.FieldMetricValue, Value: it.metric.orig, Err: err})
		} else {
			it.rec.Update.MetricValue = v
		}
	}
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

// noteShown counts a number of field read as the text it shows, for the
// explanation, keeping the first as an example.
func (n *normalizer) noteShown(field string, at sheet.Place, c sheet.Cell) {
	s := &n.shown[fieldIndex(field)]
	if s.Count == 0 {
		shown := c.Shown
		if shown == "" {
			shown = shownText(c)
		}
		s.Field, s.Example = field, fmt.Sprintf("%s: %s shows %q", shortPlace(at), c.Value, shown)
	}
	s.Count++
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
		// A formula the reader did not compute: its Shown says why.
		hint := "open the workbook in a spreadsheet program, let it recalculate, and save it"
		if c.Shown != "" {
			hint = c.Shown + "; the workbook was saved without its calculated values: open it in Excel or LibreOffice and save it"
		}
		return &valueError{kind: ErrFormula, found: c.Value, expected: expected, hint: hint}
	case sheet.Nested:
		return &valueError{kind: errors.New("a JSON object or array"), found: c.Value, expected: expected}
	}
	return &valueError{kind: errors.New("unexpected cell"), found: c.Value, expected: expected}
}
