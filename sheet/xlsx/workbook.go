package xlsx

import (
	"context"
	"errors"
	"io"

	"github.com/aitkit/aitkit/sheet"
	"github.com/aitkit/aitkit/sheet/internal/strtable"
	"github.com/aitkit/aitkit/sheet/internal/zippart"
)

// Options say how to read a workbook.
type Options struct {
	Limits sheet.Limits // zero fields take their defaults
	// ReadAhead inflates and scans a sheet on goroutines of their own, a
	// few batches ahead of the caller: worth it while a core would be idle
	// (one input at a time), overhead when every core reads an input of
	// its own.
	ReadAhead bool
}

// Workbook is an open .xlsx or .xlsm file: its sheets, its date system and
// its shared strings. Rows are streamed from one sheet at a time.
type Workbook struct {
	name      string
	parts     *zippart.Parts
	limits    sheet.Limits
	sheets    []Info
	date1904  bool
	fullCalc  bool            // calcPr asks for every formula to be computed on load: cached values are placeholders
	xfFormats []*sheet.Format // per cell style (the s attribute); nil for General
	strings   *strtable.Table
	ahead     bool // Options.ReadAhead: inflate and scan on goroutines of their own
}

// Open reads the structure of the workbook in ra (size bytes), named name
// in errors: its sheets, styles and shared strings. ctx ends a long read.
func Open(ctx context.Context, name string, ra io.ReaderAt, size int64, opts Options) (*Workbook, error) {
	limits := opts.Limits.OrDefault()
	w := &Workbook{name: name, limits: limits, ahead: opts.ReadAhead, strings: strtable.New(limits.StringsInMemory)}
	p, err := zippart.New(ctx, ra, size, limits, opts.ReadAhead)
	if err != nil {
		w.Close()
		return nil, w.placed(err)
	}
	w.parts = p
	if err := w.readStructure(); err != nil {
		w.Close()
		return nil, w.placed(err)
	}
	return w, nil
}

// Sheets lists the sheets, in the workbook's order, hidden ones included.
func (w *Workbook) Sheets() []sheet.Info {
	out := make([]sheet.Info, len(w.sheets))
	for i, s := range w.sheets {
		out[i] = s.Info
	}
	return out
}

// Date1904 tells whether the workbook counts dates from 1904.
func (w *Workbook) Date1904() bool { return w.date1904 }

// Close releases the workbook; its strings stay valid.
func (w *Workbook) Close() error {
	return w.strings.Close()
}

// placed sets the file of a reader's error.
func (w *Workbook) placed(err error) error { return sheet.InFile(w.name, "", err) }

func isContextErr(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}
