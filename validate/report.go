package validate

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"

	"github.com/aitkit/aitkit/record"
)

// Report is the verdict on a submission, in the shape of the API's 400
// body, with the source of each record added. Run fills in the counts
// only, so that a million errors are never held: the errors go to Run's
// callback, and a ReportWriter writes them as they come. Errors is filled
// by those who keep them (CheckBody, a decoded API answer).
type Report struct {
	// Errors comes first: the JSON report is written as the records are
	// checked, and the counts are known only at the end.
	Errors       []RecordErrors `json:"errors"`
	TotalRecords int            `json:"totalRecords"`
	ErrorRecords int            `json:"errorRecords"`
	ValidRecords int            `json:"validRecords"`
	// FieldErrors is the number of errors in all records.
	FieldErrors int `json:"-"`
	// Warnings found once the whole input was read (a second update of an
	// External ID for one date), in input order. The API has no warnings,
	// so the JSON report leaves them out.
	Warnings []Warning `json:"-"`
}

// RecordErrors holds every error of one record. In JSON each error is
// {"field", "value", "message"} in the API's words, with a "source" when
// the field's own cell differs from the record's (a converted workbook).
type RecordErrors struct {
	Position   int                  // 0-based index in what would be submitted
	ExternalID string               //
	Source     string               // tracker.xlsx!Updates!A2, updates.csv:3, updates.json[0]
	Errors     []*record.FieldError //
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
// message becomes a *record.APIError.
func (re *RecordErrors) UnmarshalJSON(b []byte) error {
	var in recordErrorsJSON
	if err := json.Unmarshal(b, &in); err != nil {
		return err
	}
	*re = RecordErrors{Position: in.Position, ExternalID: in.ExternalID, Source: in.Source, Errors: make([]*record.FieldError, len(in.Errors))}
	for i, fe := range in.Errors {
		re.Errors[i] = &record.FieldError{Field: fe.Field, Value: fe.Value, Err: &record.APIError{Message: fe.Message}}
		re.Errors[i].Place.Index = -1
	}
	return nil
}

// Line is an error as the commands print it: where (the field's own cell,
// else the record's source), the field ("record" for the record as a
// whole), the value found and the API-style message.
func Line(fe *record.FieldError, source string) string {
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
	r.FieldErrors += len(c.Errors)
}

// RecordErrors is a checked record's errors as the report lists them.
func (c *Checked) RecordErrors() RecordErrors {
	return RecordErrors{Position: c.Position, ExternalID: c.ExternalID, Source: c.Source, Errors: c.Errors}
}

// ReportWriter writes the JSON report as the records are checked: the
// errors of each record as it comes, then, at Close, the counts. It holds
// no more than its buffer: a report of a million errors streams.
//
//	rw := validate.NewReportWriter(out)
//	rep, err := v.Run(ctx, src, func(c *validate.Checked) error { return rw.Add(c) })
//	if err == nil { err = rw.Close(rep) }
//
// The output is what json.MarshalIndent(report, "", "  ") gives for a
// Report holding every error, byte for byte.
type ReportWriter struct {
	w   *bufio.Writer
	buf bytes.Buffer
	enc *json.Encoder
	n   int // records with errors written
	err error
}

// reportBuffer is the ReportWriter's buffer size.
const reportBuffer = 64 << 10

// NewReportWriter starts a report on w.
func NewReportWriter(w io.Writer) *ReportWriter {
	rw := &ReportWriter{w: bufio.NewWriterSize(w, reportBuffer)}
	rw.enc = json.NewEncoder(&rw.buf)
	rw.enc.SetEscapeHTML(false)
	rw.enc.SetIndent("    ", "  ")
	_, rw.err = rw.w.WriteString("{\n  \"errors\": [")
	return rw
}

// Add writes the record's errors, if it has any.
func (rw *ReportWriter) Add(c *Checked) error {
	if rw.err != nil || len(c.Errors) == 0 {
		return rw.err
	}
	return rw.AddErrors(c.RecordErrors())
}

// AddErrors writes one record's errors.
func (rw *ReportWriter) AddErrors(re RecordErrors) error {
	if rw.err != nil {
		return rw.err
	}
	rw.buf.Reset()
	if rw.err = rw.enc.Encode(re); rw.err != nil {
		return rw.err
	}
	sep := ",\n    "
	if rw.n == 0 {
		sep = "\n    "
	}
	rw.n++
	rw.w.WriteString(sep)
	_, rw.err = rw.w.Write(bytes.TrimSuffix(rw.buf.Bytes(), []byte("\n")))
	return rw.err
}

// Buffered is the number of bytes the writer holds, not yet written.
func (rw *ReportWriter) Buffered() int { return rw.w.Buffered() + rw.buf.Cap() }

// Close writes the counts of rep and flushes.
func (rw *ReportWriter) Close(rep *Report) error {
	if rw.err != nil {
		return rw.err
	}
	b := rw.buf.Bytes()[:0]
	if rw.n > 0 {
		b = append(b, "\n  "...)
	}
	b = append(b, "],\n  \"totalRecords\": "...)
	b = strconv.AppendInt(b, int64(rep.TotalRecords), 10)
	b = append(b, ",\n  \"errorRecords\": "...)
	b = strconv.AppendInt(b, int64(rep.ErrorRecords), 10)
	b = append(b, ",\n  \"validRecords\": "...)
	b = strconv.AppendInt(b, int64(rep.ValidRecords), 10)
	b = append(b, "\n}\n"...)
	if _, rw.err = rw.w.Write(b); rw.err != nil {
		return rw.err
	}
	rw.err = rw.w.Flush()
	return rw.err
}
