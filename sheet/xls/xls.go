// Package xls reads Excel 97-2003 workbooks (.xls, BIFF8): the Workbook
// stream of an OLE2 compound file, read with github.com/richardlehane/mscfb
// (kept up, and already in the module graph through excelize), and its
// BIFF records read here, streaming:
//
//   - the globals: sheets and their visibility (BOUNDSHEET8), the shared
//     strings (SST with its CONTINUE records, in the same bounded table as
//     an xlsx's), number formats and cell styles (FORMAT, XF) so that date
//     and percent cells are known as in xlsx, and the 1904 date system
//     (DATEMODE);
//   - a sheet's cells: LABELSST, LABEL and RSTRING, NUMBER, RK and MULRK,
//     BOOLERR, and FORMULA with its cached result (a string result in the
//     STRING record after it).
//
// BIFF8 writes each 8-bit string as Latin-1 (the low bytes of UTF-16);
// the CODEPAGE record is for BIFF5 and older, which are refused with the
// format's name, as is an encrypted workbook (FILEPASS).
package xls

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/aitkit/aitkit/sheet"
	"github.com/aitkit/aitkit/sheet/internal/strtable"
	"github.com/richardlehane/mscfb"
)

// Options are a reader's choices.
type Options struct {
	Limits sheet.Limits
}

// Record types read.
const (
	recFORMULA    = 0x0006
	recEOF        = 0x000A
	recDATEMODE   = 0x0022
	recFILEPASS   = 0x002F
	recCONTINUE   = 0x003C
	recCOLINFO    = 0x007D
	recWSBOOL     = 0x0081
	recBOUNDSHEET = 0x0085
	recMULRK      = 0x00BD
	recRSTRING    = 0x00D6
	recXF         = 0x00E0
	recSST        = 0x00FC
	recLABELSST   = 0x00FD
	recDIMENSIONS = 0x0200
	recNUMBER     = 0x0203
	recLABEL      = 0x0204
	recBOOLERR    = 0x0205
	recSTRING     = 0x0207
	recROW        = 0x0208
	recRK         = 0x027E
	recFORMAT     = 0x041E
	recBOF        = 0x0809
)

// maxRecord is the longest record BIFF8 has (8,224 bytes of data).
const maxRecord = 8224

// Workbook is an open .xls workbook.
type Workbook struct {
	ctx       context.Context
	name      string
	limits    sheet.Limits
	file      *mscfb.File
	sheets    []sheet.Info
	offsets   []int64 // each sheet's BOF in the stream
	date1904  bool
	xfFormats []*sheet.Format // per XF; nil for General
	strings   *strtable.Table
}

// Open reads the structure of the .xls in ra (size bytes), named name in
// errors: its sheets, styles and shared strings. ctx ends a long read.
func Open(ctx context.Context, name string, ra io.ReaderAt, size int64, opts Options) (w *Workbook, err error) {
	limits := opts.Limits.OrDefault()
	defer func() {
		// mscfb reads a hostile container's chains and directory; a panic
		// there is a damaged file, not a crash.
		if p := recover(); p != nil {
			w, err = nil, placed(name, sheet.Errorf(sheet.ErrMalformed, "a damaged OLE2 container (%v)", p))
		}
	}()
	doc, err := mscfb.New(&blockCache{ra: ra, size: size})
	if err != nil {
		return nil, placed(name, sheet.Errorf(sheet.ErrMalformed, "not a readable OLE2 compound file (%v); is the file truncated?", err))
	}
	var book, old, encrypted *mscfb.File
	for _, f := range doc.File {
		switch strings.ToLower(f.Name) {
		case "workbook":
			book = f
		case "book":
			old = f
		case "encryptedpackage":
			encrypted = f
		}
	}
	switch {
	case book == nil && encrypted != nil:
		return nil, placed(name, sheet.Errorf(sheet.ErrUnsupported, "a workbook encrypted with a password; open it, remove the password and save it"))
	case book == nil && old != nil:
		return nil, placed(name, sheet.Errorf(sheet.ErrUnsupported, "an Excel 5.0/95 workbook (BIFF5), which is not read; open it in a spreadsheet program and save it as .xlsx"))
	case book == nil:
		return nil, placed(name, sheet.Errorf(sheet.ErrUnsupported, "an OLE2 file but not an Excel workbook (no Workbook stream; a Word document?)"))
	case book.Size > size:
		return nil, placed(name, sheet.Errorf(sheet.ErrMalformed, "the Workbook stream claims %s bytes, more than the file's %s", sheet.Count(book.Size), sheet.Count(size)))
	case book.Size > limits.MaxPartSize:
		return nil, placed(name, sheet.TooLarge(fmt.Sprintf("the Workbook stream is %s bytes", sheet.Count(book.Size)), "MaxPartSize", limits.MaxPartSize))
	}
	w = &Workbook{ctx: ctx, name: name, limits: limits, file: book, strings: strtable.New(limits.StringsInMemory)}
	if err := w.readGlobals(); err != nil {
		w.Close()
		return nil, placed(name, err)
	}
	return w, nil
}

// Sheets lists the worksheets, in the workbook's order, hidden ones
// included (chart sheets and macro sheets are left out).
func (w *Workbook) Sheets() []sheet.Info { return w.sheets }

// Date1904 tells whether the workbook counts dates from 1904.
func (w *Workbook) Date1904() bool { return w.date1904 }

// Close releases the workbook; its strings stay valid.
func (w *Workbook) Close() error { return w.strings.Close() }

// placed names the file in an error.
func placed(name string, err error) error { return sheet.InFile(name, "Workbook stream", err) }

func isContextErr(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}
