package convert

import (
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/aitkit/aitkit/schema"
)

// Options are the choices of a conversion, as ait-convert's flags give them.
// The zero value reads with the defaults (AchieveIt's seven statuses).
type Options struct {
	Sheet         string            // worksheet name or 1-based number; "" finds it
	HeaderRow     int               // 1-based header row; 0 finds it
	Columns       map[string]string // source column -> field (--map)
	StatusMap     map[string]string // tracker status -> status (--status-map)
	Statuses      schema.Statuses   // the organization's statuses; zero means the default seven
	DateOrder     DateOrder         // how to read 03/07/2025
	AsOf          string            // YYYY-MM-DD for rows without a date
	PercentPoints bool              // bare metric numbers are percentage points
	Format        Format            // force a format; FormatAuto tells it from name and bytes
	Limits        Limits            // workbook size limits; zero means DefaultLimits
	// OneCore reads on the calling goroutine only. By default a second
	// goroutine inflates a workbook or parses delimited text ahead, which
	// pays when a core is idle; when every core has an input of its own
	// (several inputs at once) it is overhead.
	OneCore bool
	// Scratch, when set, lends a workbook's Reader memory that the one
	// before it used (see Scratch for how long its strings are valid).
	Scratch *Scratch
}

// Record is one converted update and the place of its row.
type Record struct {
	Update schema.Update
	Place  Place // the row's External ID cell, line or record
}

// Stats counts what a Reader has read so far.
type Stats struct {
	Rows      int // data rows read after the header, skipped ones included
	Records   int // records returned
	Skipped   int // rows without an update (an item the user did not fill)
	Invalid   int // rows with errors
	Sheet     string
	HeaderRow int
}

// Reader converts one input into records, one row at a time.
type Reader struct {
	name  string
	src   rowSource
	cols  columns
	norm  *normalizer
	stats Stats
	ext   io.Closer // what else to close (a spooled temporary file)

	// Numeric dates whose day/month order is not settled yet wait here, with
	// every row after them, until the column shows the order or input ends.
	queue   []item
	pending int // ambiguous items in queue
	done    bool
}

// item is one converted row, with what is needed to settle its date later.
type item struct {
	rec      Record
	errs     []*FieldError
	skip     bool // no update in the row
	blank    bool // not a value in the row: skipped silently
	date     parsedDate
	dateRaw  string
	datePlc  Place
	openDate bool // the date waits for the column's order
}

// Next returns the next record. A row with errors gives a *RowError; call
// Next again to go on. io.EOF ends the input; any other error is fatal.
func (r *Reader) Next() (Record, error) {
	for {
		if len(r.queue) > 0 && (r.pending == 0 || r.done || r.norm.colOrder != OrderUnknown) {
			it := r.queue[0]
			r.queue = r.queue[1:]
			if it.openDate {
				r.pending--
				r.settleDate(&it)
			}
			if rec, err, ok := r.emit(it); ok {
				return rec, err
			}
			continue
		}
		if r.done {
			return Record{}, io.EOF
		}
		row, err := r.src.next()
		if err == io.EOF {
			r.done = true
			continue
		}
		if err != nil {
			return Record{}, &InputError{File: r.name, Err: err}
		}
		r.stats.Rows++
		it := r.norm.convert(r.src, &row, r.cols)
		if it.skip {
			if !it.blank {
				r.stats.Skipped++
			}
			continue
		}
		if ev := it.date.evidence(); ev != OrderUnknown {
			r.norm.observeOrder(ev, &it)
		}
		if it.openDate {
			r.pending++
		}
		if it.openDate || len(r.queue) > 0 {
			r.queue = append(r.queue, it)
			continue
		}
		if rec, err, ok := r.emit(it); ok {
			return rec, err
		}
	}
}

// emit turns an item into what Next returns; ok is false for nothing.
func (r *Reader) emit(it item) (Record, error, bool) {
	if len(it.errs) > 0 {
		r.stats.Invalid++
		return Record{}, &RowError{Place: it.rec.Place, ExternalID: it.rec.Update.ExternalID, Errors: it.errs}, true
	}
	r.stats.Records++
	return it.rec, nil, true
}

// settleDate reads a waiting numeric date in the order the column showed.
func (r *Reader) settleDate(it *item) {
	it.openDate = false
	order := r.norm.colOrder
	if r.norm.colMixed {
		order = OrderUnknown
	}
	s, err := it.date.resolve(it.dateRaw, order)
	if err != nil {
		if r.norm.colMixed {
			err = &valueError{kind: ErrAmbiguousDate, found: it.dateRaw, expected: "a date whose order is plain",
				hint: "the column has both month-first and day-first dates: give --date-order mdy or --date-order dmy"}
		}
		it.errs = append(it.errs, &FieldError{Place: it.datePlc, Field: schema.FieldAsOfDate, Value: it.dateRaw, Err: err})
		return
	}
	if order != OrderUnknown {
		r.norm.usedColOrder = true
	}
	it.rec.Update.AsOfDate = s
}

// Stats returns the counts so far.
func (r *Reader) Stats() Stats { return r.stats }

// Close releases the input.
func (r *Reader) Close() error {
	err := r.src.close()
	if r.ext != nil {
		if e := r.ext.Close(); err == nil {
			err = e
		}
	}
	return err
}

// normalizer holds the per-input state of the one normalization every row
// goes through, whatever its format.
type normalizer struct {
	opts        Options
	statuses    schema.Statuses
	statusMap   map[string]string // folded from -> canonical
	statusCache map[string]string // spelling as found -> canonical, "" for none

	colOrder     DateOrder // the order the date column has shown
	colEvidence  string    // the value and place that showed it
	colMixed     bool      // both orders shown
	usedColOrder bool      // an open date was read in colOrder
}

// Check reports options that cannot work, such as a --status-map whose
// target is not a status, before any input is read.
func (o Options) Check() error {
	_, err := newNormalizer(o)
	return err
}

func newNormalizer(opts Options) (*normalizer, error) {
	n := &normalizer{opts: opts, statuses: opts.Statuses, statusMap: map[string]string{}}
	if len(n.statuses.Names()) == 0 {
		n.statuses = schema.DefaultStatuses()
	}
	for from, to := range opts.StatusMap {
		c, ok := n.statuses.Canonical(to)
		if !ok {
			return nil, fmt.Errorf("--status-map %s=%s: %q is not a status; expected one of %s", from, to, to, n.statuses)
		}
		n.statusMap[schema.FoldStatus(from)] = c
	}
	if opts.AsOf != "" {
		if d, err := NormalizeDate(opts.AsOf, OrderUnknown); err != nil || d != opts.AsOf {
			return nil, fmt.Errorf("as-of date %q: expected YYYY-MM-DD", opts.AsOf)
		}
	}
	return n, nil
}

// observeOrder notes the order a date showed by itself, and flags a column
// that shows both.
func (n *normalizer) observeOrder(ev DateOrder, it *item) {
	if n.opts.DateOrder != OrderUnknown {
		return
	}
	switch {
	case n.colOrder == OrderUnknown:
		n.colOrder = ev
		n.colEvidence = fmt.Sprintf("%s: %s", it.datePlc, it.dateRaw)
	case n.colOrder != ev && !n.colMixed:
		n.colMixed = true
		if n.usedColOrder {
			it.errs = append(it.errs, &FieldError{Place: it.datePlc, Field: schema.FieldAsOfDate, Value: it.dateRaw,
				Err: &valueError{kind: ErrAmbiguousDate, found: it.dateRaw, expected: "dates in one order",
					hint: fmt.Sprintf("earlier dates were read as %s because of %s; give --date-order mdy or --date-order dmy", orderWords(n.colOrder), n.colEvidence)}})
		}
	}
}

// convert normalizes one source row into an item.
func (n *normalizer) convert(src rowSource, rw *row, cols columns) item {
	get := func(field string) (Cell, int) {
		i, ok := cols.index[field]
		if !ok || i >= len(rw.cells) {
			return Cell{}, i
		}
		return rw.cells[i], i
	}
	idCell, idCol := get(schema.FieldExternalID)
	stCell, stCol := get(schema.FieldStatus)
	mCell, mCol := get(schema.FieldMetricValue)
	dCell, dCol := get(schema.FieldAsOfDate)
	cCell, cCol := get(schema.FieldComment)

	it := item{rec: Record{Place: src.place(rw.num, idCol)}}
	if stCell.empty() && mCell.empty() && cCell.empty() {
		it.skip = true
		it.blank = rowBlank(rw)
		return it
	}
	fail := func(col int, field string, c Cell, err error) {
		it.errs = append(it.errs, &FieldError{Place: src.place(rw.num, col), Field: field, Value: c.Value, Err: err})
	}
	u := &it.rec.Update

	// External ID.
	switch {
	case idCell.empty():
		fail(idCol, schema.FieldExternalID, idCell, &valueError{kind: ErrRequired, found: "", expected: "the plan item's External ID"})
	case idCell.Kind == KindNumber || idCell.Kind == KindPercent:
		id, err := numericID(idCell.Value)
		if err != nil {
			fail(idCol, schema.FieldExternalID, idCell, err)
		}
		u.ExternalID = id
	case idCell.Kind == KindText:
		u.ExternalID = strings.TrimSpace(idCell.Value)
	default:
		fail(idCol, schema.FieldExternalID, idCell, kindError(idCell, "text"))
	}

	// Status.
	if stCell.empty() {
		fail(stCol, schema.FieldStatus, stCell, &valueError{kind: ErrRequired, found: "", expected: "one of " + n.statuses.String()})
	} else if s, ok := n.status(stCell.Value); ok {
		u.Status = s
	} else {
		fail(stCol, schema.FieldStatus, stCell, &valueError{kind: ErrBadStatus, found: stCell.Value,
			expected: "one of " + n.statuses.String(), hint: "translate your own words with --status-map 'FROM=TO'"})
	}

	// Metric value.
	if !mCell.empty() {
		var v string
		var err error
		switch mCell.Kind {
		case KindText:
			v, err = NormalizeMetric(mCell.Value, n.opts.PercentPoints)
		case KindNumber:
			v, err = NormalizeMetricNumber(mCell.Value, n.opts.PercentPoints)
		case KindPercent:
			v, err = NormalizeNumber(mCell.Value)
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
	case dCell.empty() && n.opts.AsOf != "":
		u.AsOfDate = n.opts.AsOf
	case dCell.empty():
		fail(dCol, schema.FieldAsOfDate, dCell, &valueError{kind: ErrRequired, found: "", expected: "a date, or --as-of DATE for rows without one"})
	case dCell.Kind == KindDate:
		u.AsOfDate = dCell.Value
	case dCell.Kind == KindText || dCell.Kind == KindNumber && len(dCell.Value) == 8 && allDigits(dCell.Value):
		p, err := parseDate(dCell.Value)
		if err != nil {
			fail(dCol, schema.FieldAsOfDate, dCell, err)
			break
		}
		it.date, it.dateRaw, it.datePlc = p, dCell.Value, src.place(rw.num, dCol)
		if p.numeric && p.evidence() == OrderUnknown && p.a != p.b && n.opts.DateOrder == OrderUnknown && n.colOrder == OrderUnknown {
			it.openDate = true
			break
		}
		// A date that shows its own order is read in it; an open one takes
		// the flag's order, else the column's.
		order := n.opts.DateOrder
		if order == OrderUnknown && p.evidence() == OrderUnknown && !n.colMixed {
			order = n.colOrder
		}
		s, err := p.resolve(dCell.Value, order)
		if err != nil {
			fail(dCol, schema.FieldAsOfDate, dCell, err)
			break
		}
		if p.numeric && p.evidence() == OrderUnknown && n.opts.DateOrder == OrderUnknown && p.a != p.b {
			n.usedColOrder = true
		}
		u.AsOfDate = s
	case dCell.Kind == KindNumber:
		fail(dCol, schema.FieldAsOfDate, dCell, &valueError{kind: ErrNotDate, found: dCell.Value, expected: "a date",
			hint: "a number in a cell without a date format; format the cell as a date"})
	default:
		fail(dCol, schema.FieldAsOfDate, dCell, kindError(dCell, "a date"))
	}

	// Comment.
	switch cCell.Kind {
	case KindNumber, KindPercent:
		v, err := NormalizeNumber(cCell.Value)
		if err != nil {
			v = cCell.Value
		}
		u.Comment = v
	case KindError, KindNoValue, KindNested:
		fail(cCol, schema.FieldComment, cCell, kindError(cCell, "text"))
	default:
		u.Comment = strings.TrimSpace(cCell.Value)
	}
	return it
}

func (n *normalizer) status(s string) (string, bool) {
	// A tracker repeats a few spellings: remember them (up to a bound).
	if c, ok := n.statusCache[s]; ok {
		return c, c != ""
	}
	c, ok := n.statusMap[schema.FoldStatus(s)]
	if !ok {
		c, ok = n.statuses.Canonical(s)
	}
	if len(n.statusCache) < 1024 {
		if n.statusCache == nil {
			n.statusCache = map[string]string{}
		}
		n.statusCache[strings.Clone(s)] = c
	}
	return c, ok
}

func rowBlank(rw *row) bool {
	for _, c := range rw.cells {
		if !c.empty() {
			return false
		}
	}
	return true
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

func kindError(c Cell, expected string) error {
	switch c.Kind {
	case KindError:
		return &valueError{kind: errors.New("the cell holds an error"), found: c.Value, expected: expected}
	case KindBool:
		return &valueError{kind: errors.New("a TRUE/FALSE cell"), found: c.Value, expected: expected}
	case KindDate:
		return &valueError{kind: errors.New("a date cell"), found: c.Value, expected: expected}
	case KindNoValue:
		return &valueError{kind: errors.New("a formula saved without its value"), found: c.Value, expected: expected,
			hint: "open the workbook in a spreadsheet program, let it recalculate, and save it"}
	case KindNested:
		return &valueError{kind: errors.New("a JSON object or array"), found: c.Value, expected: expected}
	}
	return &valueError{kind: errors.New("unexpected cell"), found: c.Value, expected: expected}
}
