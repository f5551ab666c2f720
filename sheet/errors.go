package sheet

import (
	"errors"
	"fmt"
	"strings"
)

// Sentinel errors that callers branch on with errors.Is.
var (
	// ErrMalformed: the input is damaged (a truncated zip, a checksum that
	// does not match, broken XML or JSON).
	ErrMalformed = errors.New("malformed input")
	// ErrTooLarge: the input passes one of the [Limits].
	ErrTooLarge = errors.New("input too large")
	// ErrUnsupported: the input is not a format aitkit reads, or one it
	// cannot read this way (an encrypted workbook, BIFF5).
	ErrUnsupported = errors.New("unsupported input")
	// ErrEmpty: the input has no bytes or no rows.
	ErrEmpty = errors.New("empty input")
)

// Error is a reader's error with where it happened: a cell, a line, a
// record, or a part of a workbook. It wraps a sentinel (ErrMalformed,
// ErrTooLarge...) and reads as
// `tracker.xlsx: xl/worksheets/sheet1.xml: malformed input: checksum mismatch`.
type Error struct {
	Place Place  // the file, and the cell, line or record when known
	Part  string // the workbook part (xl/worksheets/sheet1.xml) when the problem is in one
	Err   error
}

func (e *Error) Error() string {
	var where []string
	if w := e.Place.String(); w != "" {
		where = append(where, w)
	}
	if e.Part != "" && e.Place.Sheet == "" {
		where = append(where, e.Part)
	}
	return strings.Join(append(where, e.Err.Error()), ": ")
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an error wrapping the sentinel kind with a message, for
// readers that give their place later (with [Error]).
func Errorf(kind error, format string, a ...any) error {
	return fmt.Errorf("%w: %s", kind, fmt.Sprintf(format, a...))
}
