package record

import (
	"errors"
	"fmt"
	"strings"

	"github.com/aitkit/aitkit/schema"
	"github.com/aitkit/aitkit/sheet"
)

// Sentinel errors that callers branch on with errors.Is. They are the
// kinds of problem a value of a record can have, wherever it was found:
// converting a tracker, checking records as written, or in the API's own
// report.
var (
	// ErrNotRecords: an input read as the import API reads a request body
	// that is neither a JSON array of records nor an import CSV.
	ErrNotRecords = errors.New("not progress-update records")
	// ErrNotDate is wrapped by every error of a date that is not one.
	ErrNotDate = errors.New("not a date")
	// ErrAmbiguousDate: a numeric date such as 03/07/2025 whose order
	// nothing settles.
	ErrAmbiguousDate = errors.New("ambiguous date")
	// ErrNotNumber is wrapped by every error of a number that is not one.
	ErrNotNumber = errors.New("not a number")
	// ErrAmbiguousNumber: a number such as 1,234 whose decimal separator
	// nothing settles, or one written with the other separator than its
	// column's.
	ErrAmbiguousNumber = errors.New("ambiguous number")
	// ErrBadStatus: a status that is not in the list.
	ErrBadStatus = errors.New("unknown status")
	// ErrRequired: a required field is empty.
	ErrRequired = errors.New("required")
	// ErrTooLong: a value is longer than its field allows.
	ErrTooLong = errors.New("too long")
)

// FieldError is one problem with one value of one record: where it is,
// which field, what was found and why it is wrong. It reads as
// `tracker.xlsx!Updates!D17: metricValue "abc": not a number; expected ...`.
// ait-convert's conversion errors, ait-validate's checks and the API's
// own report all are FieldErrors.
type FieldError struct {
	Place sheet.Place
	Field string // the record's JSON key (schema.FieldStatus...); "" for the record as a whole
	Value string
	Err   error
}

func (e *FieldError) Error() string {
	field := e.Field
	if field == "" {
		field = "record"
	}
	return fmt.Sprintf("%s: %s %q: %v", e.Place, field, e.Value, e.Err)
}

func (e *FieldError) Unwrap() error { return e.Err }

// APIError is a problem worded as the import API words it ("Status is
// invalid."): its message is the whole message.
type APIError struct {
	Message string
	Kind    error // a sentinel to branch on, or nil
}

func (e *APIError) Error() string { return e.Message }
func (e *APIError) Unwrap() error { return e.Kind }

// Expectation is an error that says what was expected instead of the
// value found, and maybe a hint ("give --date-order"): Message words it
// after the API's sentence.
type Expectation interface {
	error
	Expectation() (expected, hint string)
}

// Message is the error worded as the API words its own: the API's message
// where it has one ("Status is invalid.", "AsOfDate is required."), and
// for any other error the same style followed by what was expected.
func (e *FieldError) Message() string {
	if ae, ok := errors.AsType[*APIError](e.Err); ok {
		return ae.Message
	}
	var api string
	switch {
	case errors.Is(e.Err, ErrRequired):
		return schema.MsgRequired(e.Field)
	case errors.Is(e.Err, ErrBadStatus):
		api = schema.MsgStatusInvalid
	case errors.Is(e.Err, ErrNotNumber):
		api = schema.APIName(e.Field) + " must be a number."
	case errors.Is(e.Err, ErrNotDate):
		api = schema.APIName(e.Field) + " must be a date."
	case errors.Is(e.Err, ErrAmbiguousDate), errors.Is(e.Err, ErrAmbiguousNumber):
		api = schema.APIName(e.Field) + " is ambiguous."
	case errors.Is(e.Err, ErrTooLong):
		api = schema.APIName(e.Field) + " is too long."
	default:
		api = schema.APIName(e.Field) + " is invalid."
	}
	ex, ok := errors.AsType[Expectation](e.Err)
	if !ok {
		detail := e.Err.Error()
		return api + " " + strings.ToUpper(detail[:1]) + detail[1:] + "."
	}
	expected, hint := ex.Expectation()
	msg := api + " Expected " + expected
	if hint != "" {
		msg += " (" + hint + ")"
	}
	return msg + "."
}

// RowError holds every error of one row or record. A reader goes on after
// it.
type RowError struct {
	Place      sheet.Place // the row (its External ID cell, line or record)
	ExternalID string      // the row's External ID, as far as it was read
	Errors     []*FieldError
	// Values are the row's values, indexed as schema.Fields
	// (schema.IndexStatus...), so that the row can be shown whole with its
	// failing cells marked: a field that converted holds its value as the
	// record writes it (the status's canonical name, the metric's decimal
	// text, the date as YYYY-MM-DD); a field that failed holds the Value
	// of its first FieldError, the cell's text as found; "" for a field
	// the row has no value of. Zero when the producer does not know them
	// (a record that is no object).
	Values [schema.NumFields]string
}

func (e *RowError) Error() string {
	msgs := make([]string, len(e.Errors))
	for i, fe := range e.Errors {
		msgs[i] = fe.Error()
	}
	return strings.Join(msgs, "\n")
}

// valueError says what was found and what was expected, and wraps a
// sentinel (ErrNotNumber, ErrNotDate...).
type valueError struct {
	kind     error
	found    string
	expected string
	hint     string
}

func (e *valueError) Error() string {
	msg := e.kind.Error() + "; expected " + e.expected
	if e.hint != "" {
		msg += " (" + e.hint + ")"
	}
	return msg
}

func (e *valueError) Unwrap() error                 { return e.kind }
func (e *valueError) Expectation() (string, string) { return e.expected, e.hint }
