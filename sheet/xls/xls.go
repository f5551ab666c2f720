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
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
	"sync/atomic"
	"unicode/utf16"
	"unicode/utf8"

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

// records reads BIFF records from the Workbook stream.
type records struct {
	ctx   context.Context
	r     *bufio.Reader
	off   int64 // of the current record's header
	next  int64 // of the next record
	typ   uint16
	data  []byte
	buf   [maxRecord]byte
	read  *atomic.Int64
	calls int
}

// newRecords reads the stream of w from offset off.
func (w *Workbook) newRecords(off int64, read *atomic.Int64) (*records, error) {
	if _, err := w.file.Seek(off, io.SeekStart); err != nil {
		return nil, sheet.Errorf(sheet.ErrMalformed, "the Workbook stream cannot be read at byte %d (%v)", off, err)
	}
	return &records{ctx: w.ctx, r: bufio.NewReaderSize(streamReader{w.file}, 64<<10), off: off, next: off, read: read}, nil
}

// streamReader turns mscfb's errors into malformed-file errors, and a
// panic on a damaged chain into one.
type streamReader struct{ f *mscfb.File }

func (s streamReader) Read(b []byte) (n int, err error) {
	defer func() {
		if p := recover(); p != nil {
			n, err = 0, sheet.Errorf(sheet.ErrMalformed, "a damaged OLE2 sector chain (%v)", p)
		}
	}()
	n, err = s.f.Read(b)
	if err != nil && err != io.EOF {
		err = sheet.Errorf(sheet.ErrMalformed, "the Workbook stream: %v", err)
	}
	return n, err
}

// nextRecord reads the next record; io.EOF at the end of the stream.
func (rr *records) nextRecord() error {
	if rr.calls++; rr.calls&1023 == 0 {
		if err := rr.ctx.Err(); err != nil {
			return err
		}
	}
	var h [4]byte
	if _, err := io.ReadFull(rr.r, h[:]); err != nil {
		if err == io.EOF {
			return io.EOF
		}
		if err == io.ErrUnexpectedEOF {
			return sheet.Errorf(sheet.ErrMalformed, "the Workbook stream ends inside a record header at byte %d; is the file truncated?", rr.next)
		}
		return err
	}
	rr.off = rr.next
	rr.typ = binary.LittleEndian.Uint16(h[0:])
	n := int(binary.LittleEndian.Uint16(h[2:]))
	if n > maxRecord {
		return sheet.Errorf(sheet.ErrMalformed, "a record of %d bytes at byte %d, longer than BIFF8 allows (%d)", n, rr.off, maxRecord)
	}
	rr.data = rr.buf[:n]
	if _, err := io.ReadFull(rr.r, rr.data); err != nil {
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return sheet.Errorf(sheet.ErrMalformed, "the Workbook stream ends inside a record at byte %d; is the file truncated?", rr.off)
		}
		return err
	}
	rr.next = rr.off + 4 + int64(n)
	if rr.read != nil {
		rr.read.Store(rr.next)
	}
	return nil
}

// peekType is the type of the record after the current one, without
// reading it; 0 at the end.
func (rr *records) peekType() uint16 {
	h, err := rr.r.Peek(2)
	if err != nil {
		return 0
	}
	return binary.LittleEndian.Uint16(h)
}

func u16(b []byte, i int) int { return int(binary.LittleEndian.Uint16(b[i:])) }

// checkBOF reads a BOF record's version: BIFF8 is read, older versions are
// refused by name.
func checkBOF(rr *records) (dt int, err error) {
	if rr.typ != recBOF {
		switch rr.typ {
		case 0x0009, 0x0209, 0x0409:
			return 0, sheet.Errorf(sheet.ErrUnsupported, "an Excel 2.x-4.0 workbook (BIFF2-4), which is not read; open it in a spreadsheet program and save it as .xlsx")
		}
		return 0, sheet.Errorf(sheet.ErrMalformed, "the Workbook stream does not begin with a BOF record (found record 0x%04X)", rr.typ)
	}
	if len(rr.data) < 4 {
		return 0, sheet.Errorf(sheet.ErrMalformed, "a BOF record of %d bytes", len(rr.data))
	}
	switch v := u16(rr.data, 0); v {
	case 0x0600:
	case 0x0500:
		return 0, sheet.Errorf(sheet.ErrUnsupported, "an Excel 5.0/95 workbook (BIFF5), which is not read; open it in a spreadsheet program and save it as .xlsx")
	default:
		return 0, sheet.Errorf(sheet.ErrUnsupported, "a workbook in BIFF version 0x%04X, which is not read; open it in a spreadsheet program and save it as .xlsx", v)
	}
	return u16(rr.data, 2), nil
}

// readGlobals reads the workbook globals, up to their EOF record.
func (w *Workbook) readGlobals() error {
	rr, err := w.newRecords(0, nil)
	if err != nil {
		return err
	}
	if err := rr.nextRecord(); err != nil {
		if err == io.EOF {
			return sheet.Errorf(sheet.ErrMalformed, "the Workbook stream is empty")
		}
		return err
	}
	if dt, err := checkBOF(rr); err != nil {
		return err
	} else if dt != 0x0005 {
		return sheet.Errorf(sheet.ErrMalformed, "the Workbook stream begins with a BOF of type 0x%04X, not the workbook globals", dt)
	}
	formats := map[int]string{}
	var xfFormats []int
	for {
		if err := rr.nextRecord(); err != nil {
			if err == io.EOF {
				return sheet.Errorf(sheet.ErrMalformed, "the workbook globals end without an EOF record; is the file truncated?")
			}
			return err
		}
		d := rr.data
		switch rr.typ {
		case recEOF:
			parsed := map[int]*sheet.Format{}
			w.xfFormats = make([]*sheet.Format, len(xfFormats))
			for i, id := range xfFormats {
				f, ok := parsed[id]
				if !ok {
					if f = sheet.ParseFormat(id, formats[id]); f.General() {
						f = nil
					}
					parsed[id] = f
				}
				w.xfFormats[i] = f
			}
			return w.kindsOfSheets()
		case recFILEPASS:
			return sheet.Errorf(sheet.ErrUnsupported, "a workbook encrypted with a password; open it, remove the password and save it")
		case recDATEMODE:
			w.date1904 = len(d) >= 2 && u16(d, 0) == 1
		case recFORMAT:
			if len(d) < 2 {
				continue
			}
			if len(formats) >= w.limits.MaxFormats {
				return sheet.TooLarge(fmt.Sprintf("more than %s number formats", sheet.Count(int64(w.limits.MaxFormats))), "MaxFormats", int64(w.limits.MaxFormats))
			}
			code, _, err := unicodeString(d[2:], 2)
			if err != nil {
				return fmt.Errorf("a FORMAT record at byte %d: %w", rr.off, err)
			}
			formats[u16(d, 0)] = code
		case recXF:
			if len(d) < 4 {
				return sheet.Errorf(sheet.ErrMalformed, "an XF record of %d bytes at byte %d", len(d), rr.off)
			}
			if len(xfFormats) >= w.limits.MaxStyles {
				return sheet.TooLarge(fmt.Sprintf("more than %s cell styles", sheet.Count(int64(w.limits.MaxStyles))), "MaxStyles", int64(w.limits.MaxStyles))
			}
			xfFormats = append(xfFormats, u16(d, 2))
		case recBOUNDSHEET:
			if len(d) < 8 {
				return sheet.Errorf(sheet.ErrMalformed, "a BOUNDSHEET record of %d bytes at byte %d", len(d), rr.off)
			}
			if len(w.sheets) >= w.limits.MaxSheets {
				return sheet.TooLarge(fmt.Sprintf("more than %s sheets", sheet.Count(int64(w.limits.MaxSheets))), "MaxSheets", int64(w.limits.MaxSheets))
			}
			var kind sheet.SheetKind
			switch d[5] {
			case 0:
				kind = sheet.Worksheet // or a dialog sheet: its WSBOOL says (kindsOfSheets)
			case 1:
				kind = sheet.MacroSheet
			case 2:
				kind = sheet.ChartSheet
			default:
				continue // a VBA module: not a sheet
			}
			name, _, err := unicodeString(d[6:], 1)
			if err != nil {
				return fmt.Errorf("a BOUNDSHEET record at byte %d: %w", rr.off, err)
			}
			w.sheets = append(w.sheets, sheet.Info{Name: name, Kind: kind, Hidden: d[4]&3 != 0, VeryHidden: d[4]&3 == 2})
			w.offsets = append(w.offsets, int64(binary.LittleEndian.Uint32(d)))
		case recSST:
			if err := w.readSST(rr); err != nil {
				return err
			}
		}
	}
}

// kindsOfSheets tells dialog sheets from worksheets: both are worksheet
// substreams, and a dialog sheet's WSBOOL record says it is one. The
// WSBOOL record is among the first of the substream, before any cell.
func (w *Workbook) kindsOfSheets() error {
	for i := range w.sheets {
		if w.sheets[i].Kind != sheet.Worksheet {
			continue
		}
		// A damaged substream is left to Rows to report.
		rr, err := w.newRecords(w.offsets[i], nil)
		if err != nil || rr.nextRecord() != nil || rr.typ != recBOF {
			continue
		}
		for range 64 {
			if err := rr.nextRecord(); err != nil {
				if isContextErr(err) {
					return err
				}
				break
			}
			if rr.typ == recWSBOOL {
				if len(rr.data) >= 1 && rr.data[0]&0x10 != 0 {
					w.sheets[i].Kind = sheet.DialogSheet
				}
				break
			}
			if isCellRecord(rr.typ) {
				break
			}
		}
	}
	return nil
}

func isContextErr(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

// isCellRecord tells whether a record holds cells or rows, the records
// that follow a worksheet substream's head.
func isCellRecord(typ uint16) bool {
	switch typ {
	case recDIMENSIONS, recROW, recLABELSST, recLABEL, recRSTRING, recNUMBER, recRK, recMULRK, recBOOLERR, recFORMULA, recEOF, recBOF, 0x0201, 0x00BE: // BLANK, MULBLANK
		return true
	}
	return false
}

// unicodeString reads an XLUnicodeString (lenBytes 2) or a
// ShortXLUnicodeString (lenBytes 1) that lies whole in b: its text and the
// bytes it took.
func unicodeString(b []byte, lenBytes int) (string, int, error) {
	if len(b) < lenBytes+1 {
		return "", 0, sheet.Errorf(sheet.ErrMalformed, "a string cut short")
	}
	n := int(b[0])
	if lenBytes == 2 {
		n = u16(b, 0)
	}
	flags := b[lenBytes]
	p := lenBytes + 1
	runs, ext := 0, 0
	if flags&0x08 != 0 { // rich text: a count of formatting runs
		if len(b) < p+2 {
			return "", 0, sheet.Errorf(sheet.ErrMalformed, "a string cut short")
		}
		runs = u16(b, p)
		p += 2
	}
	if flags&0x04 != 0 { // phonetic data
		if len(b) < p+4 {
			return "", 0, sheet.Errorf(sheet.ErrMalformed, "a string cut short")
		}
		ext = int(binary.LittleEndian.Uint32(b[p:]))
		p += 4
	}
	size := n
	if flags&0x01 != 0 {
		size = 2 * n
	}
	if len(b) < p+size {
		return "", 0, sheet.Errorf(sheet.ErrMalformed, "a string of %d characters with %d bytes left", n, len(b)-p)
	}
	s := decodeChars(nil, b[p:p+size], flags&0x01 != 0)
	return string(s), p + size + 4*runs + ext, nil
}

// decodeChars appends characters as UTF-8: UTF-16LE when high, else the
// low bytes of UTF-16 (Latin-1).
func decodeChars(out []byte, b []byte, high bool) []byte {
	if !high {
		for _, c := range b {
			if c < utf8.RuneSelf {
				out = append(out, c)
			} else {
				out = utf8.AppendRune(out, rune(c))
			}
		}
		return out
	}
	for i := 0; i+1 < len(b); i += 2 {
		u := rune(binary.LittleEndian.Uint16(b[i:]))
		switch {
		case u < utf8.RuneSelf:
			out = append(out, byte(u))
		case utf16.IsSurrogate(u):
			r := utf8.RuneError
			if i+3 < len(b) {
				if r = utf16.DecodeRune(u, rune(binary.LittleEndian.Uint16(b[i+2:]))); r != utf8.RuneError {
					i += 2
				}
			}
			out = utf8.AppendRune(out, r)
		default:
			out = utf8.AppendRune(out, u)
		}
	}
	return out
}

// sstReader reads the shared-strings table across its CONTINUE records: a
// string's characters may go on in the next record, which then begins with
// a byte saying whether they are 8- or 16-bit.
type sstReader struct {
	rr  *records
	d   []byte
	pos int
	err error
}

// more moves to the next CONTINUE record; false when there is none.
func (s *sstReader) more() bool {
	if s.rr.peekType() != recCONTINUE {
		return false
	}
	if err := s.rr.nextRecord(); err != nil {
		s.err = err
		return false
	}
	s.d, s.pos = s.rr.data, 0
	return true
}

// bytes reads n bytes that may run over records (no flag byte between).
func (s *sstReader) bytes(dst []byte, n int) ([]byte, bool) {
	for n > 0 {
		if s.pos >= len(s.d) && !s.more() {
			return dst, false
		}
		k := min(n, len(s.d)-s.pos)
		dst = append(dst, s.d[s.pos:s.pos+k]...)
		s.pos += k
		n -= k
	}
	return dst, true
}

func (s *sstReader) skip(n int) bool {
	for n > 0 {
		if s.pos >= len(s.d) && !s.more() {
			return false
		}
		k := min(n, len(s.d)-s.pos)
		s.pos += k
		n -= k
	}
	return true
}

// readSST reads the SST record at rr and its CONTINUE records into the
// shared-strings table.
func (w *Workbook) readSST(rr *records) error {
	if len(rr.data) < 8 {
		return sheet.Errorf(sheet.ErrMalformed, "an SST record of %d bytes at byte %d", len(rr.data), rr.off)
	}
	unique := int(binary.LittleEndian.Uint32(rr.data[4:]))
	if unique < 0 || unique > w.limits.MaxStrings {
		return sheet.TooLarge(fmt.Sprintf("the shared strings declare %s strings", sheet.Count(int64(uint32(unique)))), "MaxStrings", int64(w.limits.MaxStrings))
	}
	w.strings.Reserve(unique)
	s := &sstReader{rr: rr, d: rr.data, pos: 8}
	var head, chars, text []byte
	for i := 0; i < unique; i++ {
		var ok bool
		if head, ok = s.bytes(head[:0], 3); !ok {
			break // fewer strings than the count says: those there are read
		}
		n, flags := u16(head, 0), head[2]
		runs, ext := 0, 0
		if flags&0x08 != 0 {
			if head, ok = s.bytes(head[:0], 2); !ok {
				return s.cut(i)
			}
			runs = u16(head, 0)
		}
		if flags&0x04 != 0 {
			if head, ok = s.bytes(head[:0], 4); !ok {
				return s.cut(i)
			}
			ext = int(binary.LittleEndian.Uint32(head))
		}
		high := flags&0x01 != 0
		text = text[:0]
		for left := n; left > 0; {
			if s.pos >= len(s.d) {
				if !s.more() {
					return s.cut(i)
				}
				// A string that goes on in a CONTINUE record: its first
				// byte says how the rest of the characters are stored.
				high = s.d[0]&0x01 != 0
				s.pos = 1
			}
			width := 1
			if high {
				width = 2
			}
			k := min(left, (len(s.d)-s.pos)/width)
			if k == 0 {
				return s.fail("a character split between records")
			}
			chars = s.d[s.pos : s.pos+k*width]
			text = decodeChars(text, chars, high)
			s.pos += k * width
			left -= k
			if len(text) > w.limits.MaxCellBytes {
				return sheet.TooLarge(fmt.Sprintf("shared string %d is over %s bytes", i, sheet.Count(int64(w.limits.MaxCellBytes))), "MaxCellBytes", int64(w.limits.MaxCellBytes))
			}
		}
		if !s.skip(4*runs + ext) {
			if i == unique-1 {
				break // the last string's formatting cut off: its text is whole
			}
			return s.cut(i)
		}
		if err := w.strings.Add(text); err != nil {
			return err
		}
	}
	if s.err != nil {
		return s.err
	}
	return nil
}

func (s *sstReader) cut(i int) error {
	if s.err != nil {
		return s.err
	}
	return s.fail(fmt.Sprintf("shared string %d is cut short", i))
}

func (s *sstReader) fail(what string) error {
	return sheet.Errorf(sheet.ErrMalformed, "the shared strings (SST at byte %d): %s", s.rr.off, what)
}

// Rows streams the rows of one worksheet.
type Rows struct {
	wb    *Workbook
	name  string
	rr    *records
	cells []sheet.Cell
	// pending holds the cells of the record that began the row after the
	// one given, read before it was known to start a new row.
	pending []placedCell
	depth   int // BOF records open (a chart inside a sheet has its own)
	lastRow int
	done    bool
	err     error
	read    atomic.Int64
	size    int64
	str     []byte
	// hiddenRows has a bit set for each hidden row (0-based) its ROW
	// record marks, made at the first; hiddenCols the columns COLINFO
	// records hide.
	hiddenRows []uint64
	hiddenCols sheet.ColumnSet
}

// Rows opens sheet i (an index into Sheets) to read its rows. The rows of
// one sheet are read at a time (the stream has one position).
func (w *Workbook) Rows(i int) (*Rows, error) {
	if i < 0 || i >= len(w.sheets) {
		return nil, fmt.Errorf("xls: no sheet %d", i)
	}
	r := &Rows{wb: w, name: w.sheets[i].Name, lastRow: -1, size: w.file.Size}
	rr, err := w.newRecords(w.offsets[i], &r.read)
	if err == nil {
		if err = rr.nextRecord(); err == io.EOF {
			err = sheet.Errorf(sheet.ErrMalformed, "sheet %q begins past the end of the Workbook stream", r.name)
		}
	}
	if err == nil {
		var dt int
		if dt, err = checkBOF(rr); err == nil && dt != 0x0010 {
			err = sheet.Errorf(sheet.ErrMalformed, "sheet %q does not begin with a worksheet BOF (type 0x%04X)", r.name, dt)
		}
	}
	if err != nil {
		return nil, placed(w.name, err)
	}
	r.rr, r.depth = rr, 1
	if w.sheets[i].Kind != sheet.Worksheet {
		r.done = true // a chart, dialog or macro sheet: no cells to read
		return r, nil
	}
	if err := r.readHead(); err != nil {
		return nil, placed(w.name, err)
	}
	return r, nil
}

// readHead reads the records of the sheet before its rows and cells: the
// columns its COLINFO records hide.
func (r *Rows) readHead() error {
	for !isCellRecord(r.rr.peekType()) && r.rr.peekType() != 0 {
		if err := r.rr.nextRecord(); err != nil {
			if err == io.EOF {
				return nil // Next reports the sheet's missing end
			}
			return err
		}
		d := r.rr.data
		if r.rr.typ == recCOLINFO && len(d) >= 10 && d[8]&0x01 != 0 {
			first, last := u16(d, 0), u16(d, 2)
			r.hiddenCols.Add(first, min(last, r.wb.limits.MaxColumns-1))
		}
	}
	return nil
}

// HiddenColumns are the columns of the sheet that are hidden.
func (r *Rows) HiddenColumns() sheet.ColumnSet { return r.hiddenCols }

// noteRow reads a ROW record: whether its row is hidden (fDyZero).
func (r *Rows) noteRow() {
	d := r.rr.data
	if len(d) < 16 || d[12]&0x20 == 0 {
		return
	}
	row := u16(d, 0)
	if row >= r.wb.limits.MaxRows {
		return
	}
	if r.hiddenRows == nil {
		r.hiddenRows = make([]uint64, (r.wb.limits.MaxRows+63)/64)
	}
	r.hiddenRows[row/64] |= 1 << (row % 64)
}

// rowHidden tells whether row (0-based) is hidden.
func (r *Rows) rowHidden(row int) bool {
	return r.hiddenRows != nil && row/64 < len(r.hiddenRows) && r.hiddenRows[row/64]&(1<<(row%64)) != 0
}

// Progress says how far into the Workbook stream the reading is; safe to
// call from another goroutine.
func (r *Rows) Progress() (done, total int64) { return r.read.Load(), r.size }

// Place is the cell of row num, column col (0-based).
func (r *Rows) Place(num, col int) sheet.Place {
	return sheet.CellPlace(r.wb.name, r.name, num, col)
}

// Close ends the reading of the sheet.
func (r *Rows) Close() error { return nil }

func (r *Rows) fail(err error) error {
	r.err = placed(r.wb.name, err)
	return r.err
}

// Next returns the next row with cells; a row's Cells are reused by the
// next call. io.EOF at the sheet's EOF record.
func (r *Rows) Next() (sheet.Row, error) {
	if r.err != nil {
		return sheet.Row{}, r.err
	}
	r.cells = r.cells[:0]
	row := -1
	for _, c := range r.pending {
		row = c.row
		r.put(c.col, c.cell)
	}
	r.pending = r.pending[:0]
	for !r.done && len(r.pending) == 0 {
		if err := r.rr.nextRecord(); err != nil {
			if err == io.EOF {
				return sheet.Row{}, r.fail(sheet.Errorf(sheet.ErrMalformed, "sheet %q ends without an EOF record; is the file truncated?", r.name))
			}
			return sheet.Row{}, r.fail(err)
		}
		switch r.rr.typ {
		case recBOF:
			r.depth++
			continue
		case recEOF:
			if r.depth--; r.depth == 0 {
				r.done = true
			}
			continue
		}
		if r.depth != 1 {
			continue
		}
		if r.rr.typ == recROW {
			r.noteRow()
			continue
		}
		cells, err := r.cellsOf()
		if err != nil {
			return sheet.Row{}, r.fail(err)
		}
		if len(cells) == 0 {
			continue
		}
		// A record holds cells of one row.
		switch c := cells[0].row; {
		case c <= r.lastRow || c < row:
			return sheet.Row{}, r.fail(sheet.Errorf(sheet.ErrMalformed, "sheet %q has a cell of row %d after row %d; rows out of order are not read", r.name, c+1, max(r.lastRow, row)+1))
		case cells[len(cells)-1].col >= r.wb.limits.MaxColumns || c >= r.wb.limits.MaxRows:
			return sheet.Row{}, r.fail(sheet.TooLarge(fmt.Sprintf("sheet %q has a cell past row %s or column %s", r.name, sheet.Count(int64(r.wb.limits.MaxRows)), sheet.ColumnName(r.wb.limits.MaxColumns-1)), "MaxColumns", int64(r.wb.limits.MaxColumns)))
		case row < 0 || c == row:
			row = c
			for _, pc := range cells {
				r.put(pc.col, pc.cell)
			}
		default:
			// The first record of the next row: kept for the next call.
			r.pending = append(r.pending, cells...)
		}
	}
	if row < 0 {
		r.err = io.EOF
		return sheet.Row{}, io.EOF
	}
	r.lastRow = row
	return sheet.Row{Num: row + 1, Cells: r.cells, Hidden: r.rowHidden(row)}, nil
}

// put sets the cell in column col of the row being read.
func (r *Rows) put(col int, c sheet.Cell) { r.cells = sheet.PutCell(r.cells, col, c) }

type placedCell struct {
	row, col int
	cell     sheet.Cell
}

// cellsOf reads the cells of the current record; none for a record that
// holds no value.
func (r *Rows) cellsOf() ([]placedCell, error) {
	rr := r.rr
	d := rr.data
	short := func() ([]placedCell, error) {
		return nil, sheet.Errorf(sheet.ErrMalformed, "a cell record (0x%04X) of %d bytes at byte %d", rr.typ, len(d), rr.off)
	}
	one := func(c sheet.Cell) ([]placedCell, error) {
		return []placedCell{{u16(d, 0), u16(d, 2), c}}, nil
	}
	switch rr.typ {
	case recLABELSST:
		if len(d) < 10 {
			return short()
		}
		i := int(binary.LittleEndian.Uint32(d[6:]))
		if i < 0 || i >= r.wb.strings.Len() {
			return nil, &sheet.Error{Place: r.Place(u16(d, 0)+1, u16(d, 2)), Err: sheet.Errorf(sheet.ErrMalformed, "shared string %d out of range (the table has %d)", i, r.wb.strings.Len())}
		}
		s, err := r.wb.strings.Get(i)
		if err != nil {
			return nil, err
		}
		return one(sheet.Cell{Value: s})
	case recLABEL, recRSTRING:
		if len(d) < 9 {
			return short()
		}
		s, _, err := unicodeString(d[6:], 2)
		if err != nil {
			return nil, err
		}
		return one(sheet.Cell{Value: s})
	case recNUMBER:
		if len(d) < 14 {
			return short()
		}
		return one(r.number(u16(d, 4), math.Float64frombits(binary.LittleEndian.Uint64(d[6:]))))
	case recRK:
		if len(d) < 10 {
			return short()
		}
		return one(r.number(u16(d, 4), rk(binary.LittleEndian.Uint32(d[6:]))))
	case recMULRK:
		if len(d) < 6 || (len(d)-6)%6 != 0 {
			return short()
		}
		row, first := u16(d, 0), u16(d, 2)
		n := (len(d) - 6) / 6
		cells := make([]placedCell, n)
		for k := range n {
			p := 4 + 6*k
			cells[k] = placedCell{row, first + k, r.number(u16(d, p), rk(binary.LittleEndian.Uint32(d[p+2:])))}
		}
		return cells, nil
	case recBOOLERR:
		if len(d) < 8 {
			return short()
		}
		if d[7] != 0 {
			return one(sheet.Cell{Value: errorCode(d[6]), Kind: sheet.ErrorValue})
		}
		return one(boolCell(d[6]))
	case recFORMULA:
		if len(d) < 20 {
			return short()
		}
		v := d[6:14]
		if v[6] != 0xFF || v[7] != 0xFF {
			return one(r.number(u16(d, 4), math.Float64frombits(binary.LittleEndian.Uint64(v))))
		}
		switch v[0] {
		case 0: // a string, in the STRING record that follows
			// The records after this one are read into the same buffer:
			// its row and column are taken first (the STRING record has
			// none of its own).
			row, col := u16(d, 0), u16(d, 2)
			s, err := r.formulaString()
			if err == errNoString {
				// The text is not in the file: an error in its cell, never
				// an empty one.
				return []placedCell{{row, col, sheet.Cell{Value: "a formula whose text result was not saved", Kind: sheet.ErrorValue}}}, nil
			}
			if err != nil {
				return nil, err
			}
			return []placedCell{{row, col, sheet.Cell{Value: s}}}, nil
		case 1:
			return one(boolCell(v[2]))
		case 2:
			return one(sheet.Cell{Value: errorCode(v[2]), Kind: sheet.ErrorValue})
		}
		return one(sheet.Cell{}) // an empty string
	}
	return nil, nil
}

// errNoString: a FORMULA whose result is text has no STRING record after
// it.
var errNoString = errors.New("no STRING record")

// formulaString reads the STRING record after a FORMULA whose result is
// text (a SHRFMLA or ARRAY record may come between).
func (r *Rows) formulaString() (string, error) {
	for {
		switch r.rr.peekType() {
		case 0x04BC, 0x0221: // SHRFMLA, ARRAY
			if err := r.rr.nextRecord(); err != nil {
				return "", err
			}
			continue
		case recSTRING:
		default:
			return "", errNoString
		}
		if err := r.rr.nextRecord(); err != nil {
			return "", err
		}
		d := r.rr.data
		if len(d) < 3 {
			return "", sheet.Errorf(sheet.ErrMalformed, "a STRING record of %d bytes at byte %d", len(d), r.rr.off)
		}
		n, high := u16(d, 0), d[2]&0x01 != 0
		text := r.str[:0]
		seg, left := d[3:], n
		for {
			width := 1
			if high {
				width = 2
			}
			k := min(left, len(seg)/width)
			text = decodeChars(text, seg[:k*width], high)
			if left -= k; left == 0 {
				break
			}
			if r.rr.peekType() != recCONTINUE {
				return "", sheet.Errorf(sheet.ErrMalformed, "a STRING record at byte %d is cut short", r.rr.off)
			}
			if err := r.rr.nextRecord(); err != nil {
				return "", err
			}
			if len(r.rr.data) == 0 {
				return "", sheet.Errorf(sheet.ErrMalformed, "an empty CONTINUE record at byte %d", r.rr.off)
			}
			high, seg = r.rr.data[0]&0x01 != 0, r.rr.data[1:]
			if len(text) > r.wb.limits.MaxCellBytes {
				return "", sheet.TooLarge(fmt.Sprintf("a formula's text is over %s bytes", sheet.Count(int64(r.wb.limits.MaxCellBytes))), "MaxCellBytes", int64(r.wb.limits.MaxCellBytes))
			}
		}
		r.str = text
		return string(text), nil
	}
}

// number is a number cell as its style's format makes it: a date, a
// percent or a plain number.
func (r *Rows) number(xf int, f float64) sheet.Cell {
	var format *sheet.Format
	if xf >= 0 && xf < len(r.wb.xfFormats) {
		format = r.wb.xfFormats[xf]
	}
	return sheet.NumberCell(f, sheet.FormatNumber(f), format, r.wb.date1904)
}

// rk decodes an RK number: a 30-bit integer or the top 30 bits of a
// double, divided by 100 when its low bit says so.
func rk(v uint32) float64 {
	var f float64
	if v&2 != 0 {
		f = float64(int32(v) >> 2)
	} else {
		f = math.Float64frombits(uint64(v&^3) << 32)
	}
	if v&1 != 0 {
		f /= 100
	}
	return f
}

func boolCell(b byte) sheet.Cell {
	if b != 0 {
		return sheet.Cell{Value: "TRUE", Kind: sheet.Bool}
	}
	return sheet.Cell{Value: "FALSE", Kind: sheet.Bool}
}

// errorCode names a cell error as Excel shows it.
func errorCode(b byte) string {
	switch b {
	case 0x00:
		return "#NULL!"
	case 0x07:
		return "#DIV/0!"
	case 0x0F:
		return "#VALUE!"
	case 0x17:
		return "#REF!"
	case 0x1D:
		return "#NAME?"
	case 0x24:
		return "#NUM!"
	case 0x2A:
		return "#N/A"
	case 0x2B:
		return "#GETTING_DATA"
	}
	return fmt.Sprintf("#ERROR(%d)", b)
}

// blockCache keeps the last few 64 KiB blocks of the file read, for
// mscfb, which reads a stream a 512-byte sector at a time and its chain 4
// bytes at a time: a system call each, without it.
type blockCache struct {
	ra     io.ReaderAt
	size   int64
	blocks [8]struct {
		off  int64
		data []byte
		used uint64
	}
	tick uint64
}

const cacheBlock = 64 << 10

func (c *blockCache) ReadAt(p []byte, off int64) (int, error) {
	n := 0
	for n < len(p) {
		if off >= c.size {
			return n, io.EOF
		}
		start := off - off%cacheBlock
		b, err := c.block(start)
		if err != nil {
			return n, err
		}
		k := copy(p[n:], b[off-start:])
		if k == 0 {
			return n, io.EOF
		}
		n += k
		off += int64(k)
	}
	return n, nil
}

// block returns the block at off, from the cache or read.
func (c *blockCache) block(off int64) ([]byte, error) {
	c.tick++
	oldest := 0
	for i := range c.blocks {
		b := &c.blocks[i]
		if b.data != nil && b.off == off {
			b.used = c.tick
			return b.data, nil
		}
		if b.used < c.blocks[oldest].used {
			oldest = i
		}
	}
	b := &c.blocks[oldest]
	if b.data == nil {
		b.data = make([]byte, cacheBlock)
	}
	n, err := c.ra.ReadAt(b.data[:cap(b.data)], off)
	if err != nil && err != io.EOF {
		b.data, b.used = nil, 0
		return nil, err
	}
	b.data, b.off, b.used = b.data[:n], off, c.tick
	return b.data, nil
}
