package convert

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Sentinel errors that callers branch on with errors.Is.
var (
	// ErrNoHeader: no row in the first rows looks like a header with an
	// External ID column.
	ErrNoHeader = errors.New("no header row with an External ID column")
	// ErrUnsupported: the input is not a format aitkit reads (an .xls or
	// encrypted workbook, a file that is not what its name says).
	ErrUnsupported = errors.New("unsupported input")
	// ErrEmpty: the input has no bytes or no rows.
	ErrEmpty = errors.New("empty input")
	// ErrTooLarge: a workbook part inflates past the configured limits.
	ErrTooLarge = errors.New("workbook too large")
	// ErrMalformed: the input is damaged (a truncated zip, broken XML or JSON).
	ErrMalformed = errors.New("malformed input")
	// ErrNoSheet: the --sheet asked for is not in the workbook.
	ErrNoSheet = errors.New("no such sheet")
	// ErrNotDate is wrapped by every error of the date normalizer.
	ErrNotDate = errors.New("not a date")
	// ErrAmbiguousDate: a numeric date such as 03/07/2025 whose order nothing settles.
	ErrAmbiguousDate = errors.New("ambiguous date")
	// ErrBadStatus: a status that is not in the list.
	ErrBadStatus = errors.New("unknown status")
	// ErrRequired: a required field is empty.
	ErrRequired = errors.New("required")
)

// Place is where a value sits in the user's input: a workbook cell
// (tracker.xlsx!Updates!D17), a line of delimited text (updates.csv:18) or a
// record of a JSON array (updates.json[16]).
type Place struct {
	File  string
	Sheet string // workbook sheet, with Cell
	Cell  string // "D17"
	Line  int    // 1-based line of delimited text; 0 when not a line
	Index int    // 0-based index in a JSON array; -1 when not a record
}

// String formats the place the way every message names it.
func (p Place) String() string {
	switch {
	case p.Sheet != "":
		return p.File + "!" + quoteSheet(p.Sheet) + "!" + p.Cell
	case p.Line > 0:
		return p.File + ":" + strconv.Itoa(p.Line)
	case p.Index >= 0:
		return p.File + "[" + strconv.Itoa(p.Index) + "]"
	}
	return p.File
}

// quoteSheet quotes a sheet name the way Excel references do when it holds
// anything but letters, digits and underscores.
func quoteSheet(s string) string {
	for _, r := range s {
		if !(r == '_' || r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r > 127) {
			return "'" + strings.ReplaceAll(s, "'", "''") + "'"
		}
	}
	return s
}

// FieldError is one problem with one value: where it is, which field, what
// was found and why it is wrong. It reads as
// `tracker.xlsx!Updates!D17: metricValue "abc": not a number (expected ...)`.
type FieldError struct {
	Place Place
	Field string // JSON key of the record field (schema.FieldStatus...)
	Value string
	Err   error
}

func (e *FieldError) Error() string {
	return fmt.Sprintf("%s: %s %q: %v", e.Place, e.Field, e.Value, e.Err)
}

func (e *FieldError) Unwrap() error { return e.Err }

// RowError holds every error of one row. The reader goes on after it.
type RowError struct {
	Place      Place  // the row (its External ID cell, line or record)
	ExternalID string // the row's External ID, as far as it was read
	Errors     []*FieldError
}

func (e *RowError) Error() string {
	msgs := make([]string, len(e.Errors))
	for i, fe := range e.Errors {
		msgs[i] = fe.Error()
	}
	return strings.Join(msgs, "\n")
}

// InputError is a problem with a whole input: it cannot be read at all.
type InputError struct {
	File string
	Err  error
}

func (e *InputError) Error() string { return e.File + ": " + e.Err.Error() }
func (e *InputError) Unwrap() error { return e.Err }

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

func (e *valueError) Unwrap() error { return e.kind }

// Expected returns what a value error says was expected, and its hint,
// for callers that word the rest of the message themselves.
func Expected(err error) (expected, hint string, ok bool) {
	var ve *valueError
	if errors.As(err, &ve) {
		return ve.expected, ve.hint, true
	}
	return "", "", false
}
