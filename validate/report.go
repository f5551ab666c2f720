package validate

import (
	"fmt"

	"github.com/aitkit/aitkit/convert"
)

// Report is the verdict on a submission, in the shape of the API's 400
// body, with the source of each record added.
type Report struct {
	TotalRecords int            `json:"totalRecords"`
	ErrorRecords int            `json:"errorRecords"`
	ValidRecords int            `json:"validRecords"`
	Errors       []RecordErrors `json:"errors"`
	// Warnings found once the whole input was read (a second update of an
	// External ID for one date), in input order. The API has no warnings,
	// so the JSON report leaves them out.
	Warnings []Warning `json:"-"`
}

// RecordErrors holds every error of one record.
type RecordErrors struct {
	Position   int          `json:"position"` // 0-based index in what would be submitted
	ExternalID string       `json:"externalId"`
	Source     string       `json:"source,omitempty"` // tracker.xlsx!Updates!A2, updates.csv:3, updates.json[0]
	Errors     []FieldError `json:"errors"`
}

// FieldError is one problem with one field, worded as the API words it.
type FieldError struct {
	Field   string        `json:"field"` // the record's JSON key; "" for the record as a whole
	Value   string        `json:"value"`
	Message string        `json:"message"`
	Source  string        `json:"source,omitempty"` // the cell of this field, when it differs from the record's
	Place   convert.Place `json:"-"`                // Source, as a place (a converted workbook's cell)
}

// Line is the error as the commands print it: where (the field's own cell,
// else source, the record's), the field ("record" for the record as a
// whole), the value found and the message.
func (fe FieldError) Line(source string) string {
	if fe.Source != "" {
		source = fe.Source
	}
	field := fe.Field
	if field == "" {
		field = "record"
	}
	return fmt.Sprintf("%s: %s %q: %s", source, field, fe.Value, fe.Message)
}

// OK tells whether the report has no errors.
func (r *Report) OK() bool { return r.ErrorRecords == 0 }

// add counts one checked record.
func (r *Report) add(c *Checked) {
	r.TotalRecords++
	if len(c.Errors) == 0 {
		r.ValidRecords++
		return
	}
	r.ErrorRecords++
	r.Errors = append(r.Errors, RecordErrors{Position: c.Position, ExternalID: c.ExternalID, Source: c.Source, Errors: c.Errors})
}
