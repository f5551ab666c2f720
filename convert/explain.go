package convert

import (
	"fmt"
	"sort"
	"strings"

	"github.com/aitkit/aitkit/schema"
	"github.com/aitkit/aitkit/sheet"
)

// Explanation is every decision a Reader took reading its input: which
// sheet, header row and columns, how it reads dates, numbers and statuses,
// and what became of the rows. ait-convert --explain shows it. A decision
// that an option took is Given, so that each front end can name the
// option its own way (a flag, a control).
type Explanation struct {
	Input        string          `json:"input"`
	Format       string          `json:"format"`
	Encoding     string          `json:"encoding,omitempty"`
	Delimiter    string          `json:"delimiter,omitempty"`
	LineEnds     string          `json:"lineEnds,omitempty"`
	AsWritten    bool            `json:"asWritten,omitempty"` // records in the import API's own format, read as written
	Sheet        string          `json:"sheet,omitempty"`
	SheetWhy     string          `json:"sheetWhy,omitempty"`
	SheetGiven   *Given          `json:"sheetGiven,omitempty"`
	SheetsPassed []SheetNote     `json:"sheetsPassed,omitempty"`
	HeaderRow    int             `json:"headerRow"`
	HeaderWhy    string          `json:"headerWhy"`
	HeaderGiven  *Given          `json:"headerGiven,omitempty"`
	Fields       []FieldChoice   `json:"fields"`
	Ignored      []ColumnNote    `json:"ignored,omitempty"`
	Notes        []HeaderNote    `json:"headerNotes,omitempty"`
	Dates        Reading         `json:"dates"`
	Numbers      Reading         `json:"numbers"`
	Metric       Reading         `json:"metric"`
	MetricCells  map[string]int  `json:"metricCells,omitempty"` // how many metric cells of each kind
	Statuses     []StatusWord    `json:"statuses"`
	OtherWords   int             `json:"otherStatusWords,omitempty"`
	Formulas     int             `json:"formulasComputed"`
	Shown        []ShownNote     `json:"readAsShown,omitempty"` // numbers read as the text their format shows
	Rows         RowCounts       `json:"rows"`
	First        []schema.Update `json:"firstRecords"`
}

// Given is an option that took a decision, and its value: the commands
// show it as a flag (--date-order dmy), a web page as its control.
type Given struct {
	Option Option `json:"option"`
	Value  string `json:"value,omitempty"` // "true" for a switch
}

// SheetNote is a sheet passed over, and why.
type SheetNote struct {
	Name string `json:"name"`
	Why  string `json:"why"`
}

// FieldChoice is the column a field is read from, and the others that
// could have been.
type FieldChoice struct {
	Field      string       `json:"field"`
	Column     string       `json:"column,omitempty"` // its letter; "" when none
	Header     string       `json:"header,omitempty"`
	How        string       `json:"how"` // "its own name", "an alias", "given", "no column"...
	Given      *Given       `json:"given,omitempty"`
	Hidden     bool         `json:"hidden,omitempty"` // a hidden column, taken as the only one that can be the field
	PassedOver []ColumnNote `json:"passedOver,omitempty"`
}

// ColumnNote is a column, by letter and header, and what became of it.
type ColumnNote struct {
	Column string `json:"column"`
	Header string `json:"header"`
	Why    string `json:"why,omitempty"`
	Hidden bool   `json:"hidden,omitempty"`
}

// HeaderNote is a note in brackets in a header ("As Of Date
// (MM/DD/YYYY)"), set aside to match the field, and what it was read as
// evidence of, if anything.
type HeaderNote struct {
	Column   string `json:"column"`
	Header   string `json:"header"`
	Note     string `json:"note"`
	Evidence string `json:"evidence,omitempty"` // "month/day/year", "percentage points", "percent"; "" for none
}

// Reading says how a column's values that could be read two ways are
// read (As, in words; Value, as an option takes it: "mdy", "comma",
// "points"), what settled it, and the choices that would read it
// otherwise when nothing in the input settles it for sure.
type Reading struct {
	As      string   `json:"as"`
	Value   string   `json:"value,omitempty"`
	Why     string   `json:"why"`
	Given   *Given   `json:"given,omitempty"`
	Choices []Choice `json:"choices,omitempty"`
}

// StatusWord is a spelling found in the status column, how often, and
// what it reads as ("" for none).
type StatusWord struct {
	Word   string `json:"word"`
	Count  int    `json:"count"`
	Status string `json:"status"`
	How    string `json:"how"`
	Given  *Given `json:"given,omitempty"`
}

// ShownNote counts the numbers of a field read as the text their number
// format shows (an ID 123 formatted 00000 is 00123; 54 formatted 0"%" is
// 54%; a status code 1 is the word "1"), with the first as an example.
type ShownNote struct {
	Field   string `json:"field"`
	Count   int    `json:"count"`
	Example string `json:"example"`
}

// RowCounts say what became of the rows.
type RowCounts struct {
	Read    int `json:"read"`
	Convert int `json:"convert"`
	Skipped int `json:"skipped"`
	Failed  int `json:"failed"`
	Hidden  int `json:"hidden,omitempty"`  // hidden or filtered out in the workbook, converted
	LeftOut int `json:"leftOut,omitempty"` // hidden or filtered out, left out as asked
}

// Explain returns what the Reader decided so far; read the input to its
// end first for the full counts. First is left for the caller, who sees
// the records.
func (r *Reader) Explain() *Explanation {
	e := r.explain
	if r.dr != nil {
		e.Encoding = string(r.dr.Encoding())
		e.Delimiter = map[rune]string{',': "comma", ';': "semicolon", '\t': "tab", '|': "pipe"}[r.dr.Delimiter()]
		if r.dr.CROnly() {
			e.LineEnds = "CR alone (old Mac)"
		}
	}
	e.Rows = RowCounts{Read: r.stats.Rows, Convert: r.stats.Records, Skipped: r.stats.Skipped, Failed: r.stats.Invalid,
		Hidden: r.stats.Hidden, LeftOut: r.stats.LeftOut}
	e.Formulas = r.norm.computed
	e.Shown = nil
	for _, s := range r.norm.shown {
		if s.Count > 0 {
			e.Shown = append(e.Shown, s)
		}
	}
	e.Fields = r.fieldChoices()
	e.Ignored = r.ignoredColumns()
	e.Notes = r.norm.notes
	e.Dates = r.norm.dates.explain()
	e.Numbers = r.norm.seps.explain()
	e.Metric = r.norm.percent.explain(r.norm.metricKinds[metricOverOne])
	e.MetricCells = r.norm.metricKinds
	e.Statuses = e.Statuses[:0]
	for _, w := range r.norm.statusCache {
		e.Statuses = append(e.Statuses, *w)
	}
	sort.Slice(e.Statuses, func(a, b int) bool {
		if e.Statuses[a].Count != e.Statuses[b].Count {
			return e.Statuses[a].Count > e.Statuses[b].Count
		}
		return e.Statuses[a].Word < e.Statuses[b].Word
	})
	e.OtherWords = r.norm.otherWords
	return &e
}

// fieldChoices says, for every field, where it is read from.
func (r *Reader) fieldChoices() []FieldChoice {
	var out []FieldChoice
	for _, field := range schema.Fields {
		fc := FieldChoice{Field: field, How: "no column"}
		col, ok := r.cols.index[field]
		switch {
		case ok && r.cols.candidates == nil:
			fc.Column = sheet.ColumnName(col)
			fc.Header = schema.CSVHeader[fieldIndex(field)]
			fc.How = "the article's column order (no header)"
			switch {
			case r.explain.AsWritten:
				fc.Column, fc.Header, fc.How = "", field, "its key or header, as the import API reads it"
			case r.format == FormatJSON:
				fc.Column, fc.Header, fc.How = "", field, "each record's key for it, in any case and spacing, or an alias"
			}
		case ok:
			for _, c := range r.cols.candidates[field] {
				if c.Col == col {
					fc.Column, fc.Header, fc.How, fc.Hidden = c.Letter(), c.Header, c.How(), c.Hidden
					if c.Rank == rankMapped {
						fc.Given = &Given{Option: OptMap, Value: mapKey(r.opts.Columns, c) + "=" + field}
					}
					if c.Hidden {
						fc.How += ", a hidden column: no visible one can be " + field
					}
					if field == schema.FieldAsOfDate && r.opts.AsOf != "" {
						fc.How += "; rows without a date take the one given"
						fc.Given = &Given{Option: OptAsOf, Value: r.opts.AsOf}
					}
					continue
				}
				why := "it is " + c.How() + " of " + field
				if c.Hidden {
					why = "it is hidden"
				}
				fc.PassedOver = append(fc.PassedOver, ColumnNote{Column: c.Letter(), Header: c.Header, Why: why, Hidden: c.Hidden})
			}
		case field == schema.FieldAsOfDate && r.opts.AsOf != "":
			fc.How, fc.Given = "given", &Given{Option: OptAsOf, Value: r.opts.AsOf}
		}
		out = append(out, fc)
	}
	return out
}

// mapKey is the map entry that named a column: its header or its letters.
func mapKey(explicit map[string]string, c Candidate) string {
	for k := range explicit {
		if foldHeader(k) == foldHeader(c.Header) {
			return k
		}
	}
	return c.Letter()
}

// ignoredColumns are the header's columns that are no field.
func (r *Reader) ignoredColumns() []ColumnNote {
	if r.cols.candidates == nil {
		return nil
	}
	var out []ColumnNote
	for _, i := range r.cols.unused() {
		hidden := r.cols.hidden != nil && r.cols.hidden(i)
		out = append(out, ColumnNote{Column: sheet.ColumnName(i), Header: strings.TrimSpace(r.cols.header[i]), Why: "not a field's name or alias", Hidden: hidden})
	}
	return out
}

// explain says how the column's numeric dates are read.
func (o *dateOrder) explain() Reading {
	switch {
	case o.flag != OrderUnknown:
		return Reading{As: orderWords(o.flag), Value: o.flag.String(), Why: "given", Given: &Given{Option: OptDateOrder, Value: o.flag.String()}}
	case o.mixed:
		return Reading{As: "none", Why: fmt.Sprintf("the column shows both orders, first %s (%s)", orderWords(o.value), o.evidence()),
			Choices: dateOrderChoices("", 0, 0)}
	case o.value != OrderUnknown:
		return Reading{As: orderWords(o.value), Value: o.value.String(), Why: "shown by " + o.evidence()}
	}
	if o.dotted > 0 {
		return Reading{As: orderWords(OrderDMY), Value: OrderDMY.String(), Why: "dotted dates (31.07.2025) are day-first in every locale that writes them"}
	}
	return Reading{As: "not needed", Why: "no date in the column reads two ways"}
}

// explain says how the metric column's bare numbers are read; overOne
// counts those over 1.
func (p *percentColumn) explain(overOne int) Reading {
	switch {
	case p.given:
		return Reading{As: "percentage points (54 is 54%)", Value: "points", Why: "given", Given: &Given{Option: OptPercentPoints, Value: "true"}}
	case p.points:
		return Reading{As: "percentage points (54 is 54%)", Value: "points", Why: fmt.Sprintf("the header's note %q says so", p.note)}
	}
	rd := Reading{As: "fractions (0.54 is 54%)", Value: "fractions", Why: "bare numbers are fractions unless the column is said to be percentage points"}
	if p.header != "" {
		rd.Why = fmt.Sprintf("the header %q says percent, so a bare number over 1 is refused", p.header)
	}
	if overOne > 0 {
		rd.Why += fmt.Sprintf("; %d bare %s over 1, as percentage points would be", overOne, pluralize(overOne, "number"))
		rd.Choices = []Choice{pointsChoice("")}
	}
	return rd
}
