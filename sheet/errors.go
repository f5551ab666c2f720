package sheet

import (
	"context"
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
	// ErrAmbiguous: the workbook can be read two ways (two zip entries
	// whose names differ only in case, a row number that comes twice, a
	// sheetData in a foreign namespace...), so that what one program
	// shows another may not. It is also ErrMalformed.
	ErrAmbiguous error = ambiguousError{}
)

type ambiguousError struct{}

func (ambiguousError) Error() string        { return "the workbook can be read two ways" }
func (ambiguousError) Is(target error) bool { return target == ErrMalformed }

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

// InFile names the file in a reader's error: an *Error gets the file (and
// keeps its sheet and cell); a context's error is left as it is; any other
// error becomes an *Error of the file, naming part (the zip part or stream
// it came from) when it is about the file's bytes (ErrMalformed,
// ErrTooLarge) and part is given.
func InFile(name, part string, err error) error {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	var se *Error
	if errors.As(err, &se) {
		if se.Place.File == "" {
			se.Place.File = name
			if se.Place.Sheet == "" {
				se.Place.Index = -1
			}
		}
		return err
	}
	if !errors.Is(err, ErrMalformed) && !errors.Is(err, ErrTooLarge) {
		part = ""
	}
	return &Error{Place: Place{File: name, Index: -1}, Part: part, Err: err}
}

// PutCell sets cells[col] to c, growing the row with empty cells to reach
// it, and returns the row.
func PutCell(cells []Cell, col int, c Cell) []Cell {
	for len(cells) < col {
		cells = append(cells, Cell{})
	}
	if col < len(cells) {
		cells[col] = c
		return cells
	}
	return append(cells, c)
}
