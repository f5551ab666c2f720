package validate

import (
	"encoding/json"
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

// RecordErrors holds every error of one record. In JSON each error is
// {"field", "value", "message"} in the API's words, with a "source" when
// the field's own cell differs from the record's (a converted workbook).
type RecordErrors struct {
	Position   int                   // 0-based index in what would be submitted
	ExternalID string                //
	Source     string                // tracker.xlsx!Updates!A2, updates.csv:3, updates.json[0]
	Errors     []*convert.FieldError //
}

type fieldErrorJSON struct {
	Field   string `json:"field"`
	Value   string `json:"value"`
	Message string `json:"message"`
	Source  string `json:"source,omitempty"`
}

type recordErrorsJSON struct {
	Position   int              `json:"position"`
	ExternalID string           `json:"externalId"`
	Source     string           `json:"source,omitempty"`
	Errors     []fieldErrorJSON `json:"errors"`
}

// MarshalJSON writes the record's errors as the API's report does.
func (re RecordErrors) MarshalJSON() ([]byte, error) {
	out := recordErrorsJSON{Position: re.Position, ExternalID: re.ExternalID, Source: re.Source, Errors: make([]fieldErrorJSON, len(re.Errors))}
	for i, fe := range re.Errors {
		out.Errors[i] = fieldErrorJSON{Field: fe.Field, Value: fe.Value, Message: fe.Message()}
		if src := fe.Place.String(); src != re.Source && src != "" {
			out.Errors[i].Source = src
		}
	}
	return json.Marshal(out)
}

// UnmarshalJSON reads a record's errors from an API's report: each
// message becomes a *convert.APIError.
func (re *RecordErrors) UnmarshalJSON(b []byte) error {
	var in recordErrorsJSON
	if err := json.Unmarshal(b, &in); err != nil {
		return err
	}
	*re = RecordErrors{Position: in.Position, ExternalID: in.ExternalID, Source: in.Source, Errors: make([]*convert.FieldError, len(in.Errors))}
	for i, fe := range in.Errors {
		re.Errors[i] = &convert.FieldError{Field: fe.Field, Value: fe.Value, Err: &convert.APIError{Message: fe.Message}}
		re.Errors[i].Place.Index = -1
	}
	return nil
}

// Line is an error as the commands print it: where (the field's own cell,
// else the record's source), the field ("record" for the record as a
// whole), the value found and the API-style message.
func Line(fe *convert.FieldError, source string) string {
	if p := fe.Place.String(); p != "" {
		source = p
	}
	field := fe.Field
	if field == "" {
		field = "record"
	}
	return fmt.Sprintf("%s: %s %q: %s", source, field, fe.Value, fe.Message())
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
