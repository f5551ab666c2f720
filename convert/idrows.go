package convert

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/aitkit/aitkit/record"
	"github.com/aitkit/aitkit/sheet"
	"github.com/aitkit/aitkit/sheet/delimited"
)

// IDRows are the rows of an External IDs export, as the user sees them:
// for validate.ReadIDRows, which finds the ID column and reads the IDs by
// the one rule every binary uses (record.IDColumn). A number cell is
// given as the External ID it shows (00123 through its format; 12345,
// never 12345.0), as a tracker's ID cell is read.
type IDRows struct {
	src     source
	peek    []sheet.Row
	closers []io.Closer
}

// Next returns the next row; io.EOF after the last.
func (t *IDRows) Next() (sheet.Row, error) {
	var row sheet.Row
	if len(t.peek) > 0 {
		row, t.peek = t.peek[0], t.peek[1:]
	} else {
		var err error
		if row, err = t.src.Next(); err != nil {
			return row, err
		}
	}
	for i, c := range row.Cells {
		switch {
		case c.Shown != "" && (c.Kind == sheet.Number || c.Kind == sheet.LiteralPercent):
			row.Cells[i].Value = c.Shown // as its format shows it (00123), as readID reads an ID
		case c.Kind == sheet.Number || c.Kind == sheet.Percent:
			if id, err := numericID(c.Value); err == nil {
				row.Cells[i].Value = id
			}
		}
	}
	return row, nil
}

// Close closes the export.
func (t *IDRows) Close() error {
	var first error
	for i := len(t.closers) - 1; i >= 0; i-- {
		if err := t.closers[i].Close(); err != nil && first == nil {
			first = err
		}
	}
	t.closers = nil
	return first
}

// OpenIDRows opens the External IDs export at path: delimited text, or a
// workbook, of which it reads the sheet opts.Sheet names, else the first
// visible worksheet with an ID column (record.IDColumn with column) in its
// first rows. Only opts.Sheet, Limits and ReadAhead are used.
func OpenIDRows(ctx context.Context, path, column string, opts Options) (*IDRows, error) {
	f, err := os.Open(path)
	if err != nil {
		if pe, ok := errors.AsType[*os.PathError](err); ok {
			err = pe.Err
		}
		return nil, &InputError{File: path, Err: err}
	}
	t := &IDRows{closers: []io.Closer{f}}
	if err := t.open(ctx, path, f, column, opts); err != nil {
		t.Close()
		if _, ok := err.(*InputError); !ok {
			err = &InputError{File: path, Err: err}
		}
		return nil, err
	}
	return t, nil
}

func (t *IDRows) open(ctx context.Context, path string, f *os.File, column string, opts Options) error {
	opts.Limits = opts.Limits.OrDefault()
	br := bufio.NewReaderSize(f, 64<<10)
	format, err := detect(path, br, FormatAuto)
	if err != nil {
		return err
	}
	switch {
	case format == FormatJSON:
		return fmt.Errorf("%w: an External IDs export is a workbook or delimited text (CSV), not JSON", sheet.ErrUnsupported)
	case !format.Workbook():
		dr, err := delimited.NewReader(path, br, delimited.Options{TSV: strings.HasSuffix(strings.ToLower(path), ".tsv"), Limits: opts.Limits, ReadAhead: opts.ReadAhead})
		if err != nil {
			return err
		}
		t.src = dr
		t.closers = append(t.closers, dr)
		return nil
	}
	wb, err := openBook(ctx, format, path, f, sizeOf(f), opts.Limits, opts.ReadAhead)
	if err != nil {
		return err
	}
	t.closers = append(t.closers, wb)
	sheets := wb.Sheets()
	// read takes sheet i's rows whole.
	read := func(i int) error {
		rows, err := wb.Rows(i)
		if err != nil {
			return err
		}
		t.src = rows
		t.closers = append(t.closers, rows)
		return nil
	}
	if opts.Sheet != "" {
		i, err := chooseSheet(path, sheets, opts.Sheet)
		if err != nil {
			return err
		}
		return read(i)
	}
	for i, sh := range sheets {
		if passOver(sh) != "" {
			continue
		}
		rows, err := wb.Rows(i)
		if err != nil {
			return err
		}
		var peek []sheet.Row
		for len(peek) < headerSearchRows {
			row, err := rows.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				rows.Close()
				return err
			}
			peek = append(peek, row.Clone())
			if record.IDColumn(row.Texts(), column) >= 0 {
				t.src, t.peek = rows, peek
				t.closers = append(t.closers, rows)
				return nil
			}
		}
		rows.Close()
	}
	// No sheet has the column: the first visible worksheet is read, and
	// the reading of its IDs says what is missing.
	for i, sh := range sheets {
		if passOver(sh) == "" {
			return read(i)
		}
	}
	return fmt.Errorf("%w: the workbook has no visible worksheet", sheet.ErrUnsupported)
}

// sizeOf is the size of a file; 0 when it is not known.
func sizeOf(f *os.File) int64 {
	st, err := f.Stat()
	if err != nil {
		return 0
	}
	return st.Size()
}
