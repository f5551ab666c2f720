package convert

import (
	"errors"

	"github.com/aitkit/aitkit/record"
	"github.com/aitkit/aitkit/sheet"
)

// Sentinel errors that callers branch on with errors.Is. The readers'
// own (sheet.ErrMalformed, sheet.ErrTooLarge, sheet.ErrUnsupported,
// sheet.ErrEmpty) and the record's (record.ErrNotDate, record.ErrBadStatus...)
// pass through convert's errors too.
var (
	// ErrNoHeader: no row in the first rows looks like a header with an
	// External ID column.
	ErrNoHeader = errors.New("no header row with an External ID column")
	// ErrNoSheet: the --sheet asked for is not in the workbook.
	ErrNoSheet = errors.New("no such sheet")
	// ErrFormula: a formula saved without its value that could not be
	// computed.
	ErrFormula = errors.New("a formula saved without its value")
)

// The record's errors, as convert makes them: a row that does not convert
// is a *record.RowError of *record.FieldErrors, each wrapping one of the
// record's sentinels. Their names here are the record's.
type (
	FieldError = record.FieldError
	RowError   = record.RowError
	APIError   = record.APIError
)

// The record's sentinels (see package record).
var (
	ErrNotDate         = record.ErrNotDate
	ErrAmbiguousDate   = record.ErrAmbiguousDate
	ErrNotNumber       = record.ErrNotNumber
	ErrAmbiguousNumber = record.ErrAmbiguousNumber
	ErrBadStatus       = record.ErrBadStatus
	ErrRequired        = record.ErrRequired
	ErrTooLong         = record.ErrTooLong
	ErrNotRecords      = record.ErrNotRecords
)

// InputError is a problem with a whole input: it cannot be read at all.
// It wraps the reader's *sheet.Error when the reader found it.
type InputError struct {
	File string
	Err  error
}

func (e *InputError) Error() string {
	// A reader's error already names the file.
	if se, ok := errors.AsType[*sheet.Error](e.Err); ok && se.Place.File == e.File {
		return e.Err.Error()
	}
	return e.File + ": " + e.Err.Error()
}

func (e *InputError) Unwrap() error { return e.Err }

// valueError says what was found and what was expected, and wraps a
// sentinel (ErrNotNumber, ErrNotDate...). record.FieldError's Message
// words it (record.Expectation).
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

var _ record.Expectation = (*valueError)(nil)
