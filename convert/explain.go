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
// and what became of the rows. ait-convert --explain shows it.
type Explanation struct {
	Input        string          `json:"input"`
	Format       string          `json:"format"`
	Encoding     string          `json:"encoding,omitempty"`
	Delimiter    string          `json:"delimiter,omitempty"`
	LineEnds     string          `json:"lineEnds,omitempty"`
	AsWritten    bool            `json:"asWritten,omitempty"` // records in the import API's own format, read as written
	Sheet        string          `json:"sheet,omitempty"`
	SheetWhy     string          `json:"sheetWhy,omitempty"`
	SheetsPassed []SheetNote     `json:"sheetsPassed,omitempty"`
	HeaderRow    int             `json:"headerRow"`
	HeaderWhy    string          `json:"headerWhy"`
	Fields       []FieldChoice   `json:"fields"`
	Ignored      []ColumnNote    `json:"ignored,omitempty"`
	Dates        Reading         `json:"dates"`
	Numbers      Reading         `json:"numbers"`
	Metric       string          `json:"metric"`
	MetricCells  map[string]int  `json:"metricCells,omitempty"` // how many metric cells of each kind
	Statuses     []StatusWord    `json:"statuses"`
	OtherWords   int             `json:"otherStatusWords,omitempty"`
	Formulas     int             `json:"formulasComputed"`
	Rows         RowCounts       `json:"rows"`
	First        []schema.Update `json:"firstRecords"`
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
	How        string       `json:"how"` // "its own name", "an alias", "--map", "--as-of 2025-07-03", "no column"...
	PassedOver []ColumnNote `json:"passedOver,omitempty"`
}

// ColumnNote is a column, by letter and header, and what became of it.
type ColumnNote struct {
	Column string `json:"column"`
	Header string `json:"header"`
	Why    string `json:"why,omitempty"`
}

// Reading says how a column's values that could be read two ways are
// read, and what settled it.
type Reading struct {
	As  string `json:"as"`
	Why string `json:"why"`
}

// StatusWord is a spelling found in the status column, how often, and
// what it reads as ("" for none).
type StatusWord struct {
	Word   string `json:"word"`
	Count  int    `json:"count"`
	Status string `json:"status"`
	How    string `json:"how"`
}

// RowCounts say what became of the rows.
type RowCounts struct {
	Read    int `json:"read"`
	Convert int `json:"convert"`
	Skipped int `json:"skipped"`
	Failed  int `json:"failed"`
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
	e.Rows = RowCounts{Read: r.stats.Rows, Convert: r.stats.Records, Skipped: r.stats.Skipped, Failed: r.stats.Invalid}
	e.Formulas = r.norm.computed
	e.Fields = r.fieldChoices()
	e.Ignored = r.ignoredColumns()
	e.Dates = r.norm.dates.explain()
	e.Numbers = r.norm.seps.explain()
	e.Metric = "bare numbers are fractions: 0.54 is 54% (--percent-points reads 54 as 54%)"
	if r.opts.PercentPoints {
		e.Metric = "bare numbers are percentage points: 54 is 54% (--percent-points)"
	}
	e.MetricCells = r.norm.metricKinds
	if big := r.norm.metricKinds[metricOverOne]; big > 0 && !r.opts.PercentPoints {
		e.Metric += fmt.Sprintf("; %d bare numbers are over 1, as percentage points would be: give --percent-points if they are", big)
	}
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
					fc.Column, fc.Header, fc.How = c.Letter(), c.Header, c.How()
				} else {
					fc.PassedOver = append(fc.PassedOver, ColumnNote{Column: c.Letter(), Header: c.Header, Why: "it is " + c.How() + " of " + field})
				}
			}
		case field == schema.FieldAsOfDate && r.opts.AsOf != "":
			fc.How = "--as-of " + r.opts.AsOf
		}
		out = append(out, fc)
	}
	return out
}

// ignoredColumns are the header's columns that are no field.
func (r *Reader) ignoredColumns() []ColumnNote {
	if r.cols.candidates == nil {
		return nil
	}
	used := map[int]bool{}
	for _, cands := range r.cols.candidates {
		for _, c := range cands {
			used[c.Col] = true
		}
	}
	var out []ColumnNote
	for i, h := range r.cols.header {
		if h = strings.TrimSpace(h); h != "" && !used[i] {
			out = append(out, ColumnNote{Column: sheet.ColumnName(i), Header: h, Why: "not a field's name or alias"})
		}
	}
	return out
}

// explain says how the column's numeric dates are read.
func (o *dateOrder) explain() Reading {
	switch {
	case o.flag != OrderUnknown:
		return Reading{As: orderWords(o.flag), Why: "--date-order " + o.flag.String()}
	case o.mixed:
		return Reading{As: "none", Why: fmt.Sprintf("the column shows both orders, first %s (%s): give --date-order", orderWords(o.value), o.evidence())}
	case o.value != OrderUnknown:
		return Reading{As: orderWords(o.value), Why: "shown by " + o.evidence()}
	}
	if o.dotted > 0 {
		return Reading{As: orderWords(OrderDMY), Why: "dotted dates (31.07.2025) are day-first in every locale that writes them"}
	}
	return Reading{As: "not needed", Why: "no date in the column reads two ways"}
}

// explain says how the metric column's typed numbers are read.
func (d *decimalSeps) explain() Reading {
	switch {
	case d.flag != SepUnknown:
		return Reading{As: d.flag.String(), Why: "--decimal-" + flagWord(d.flag)}
	case d.mixed:
		return Reading{As: "none", Why: fmt.Sprintf("the column shows both, first %s (%s): give --decimal-comma or --decimal-point", d.value, d.evidence())}
	case d.value != SepUnknown:
		return Reading{As: d.value.String(), Why: "shown by " + d.evidence()}
	}
	return Reading{As: SepPoint.String(), Why: "no typed number in the column shows a decimal comma"}
}
