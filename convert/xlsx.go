package convert

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"strconv"
	"strings"
	"unsafe"

	"github.com/aitkit/aitkit/internal/readahead"
	kflate "github.com/klauspost/compress/flate"
)

// workbook is the structure of an .xlsx file: its sheets, number formats,
// date system and shared strings. Rows are streamed from the sheet part.
type workbook struct {
	name     string
	zr       *zip.Reader
	limits   Limits
	sheets   []sheetInfo
	date1904 bool
	xfKinds  []CellKind // per cell style (s attribute): KindDate, KindPercent or KindNumber
	strings  sharedStrings
	ssPath   string
	ctx      context.Context
	oneCore  bool
	scratch  *Scratch       // lent for this workbook, or nil
	scanners [2]*xmlScanner // the last of each kind, whose buffer a Scratch gets back
}

type sheetInfo struct {
	Name   string
	Hidden bool
	Part   string // zip path of the worksheet
}

// openWorkbook opens the zip, reads its structure, and picks the sheet and
// header row.
func (r *Reader) openWorkbook(ctx context.Context, in io.Reader, br *bufio.Reader, m *HeaderMatcher, opts Options) error {
	ra, size, err := readerAt(in, br, r)
	if err != nil {
		return err
	}
	zr, err := zip.NewReader(ra, size)
	if err != nil {
		return fmt.Errorf("%w: not a complete zip archive (%v); is the file truncated?", ErrMalformed, err)
	}
	zr.RegisterDecompressor(zip.Deflate, inflater)
	wb := &workbook{name: r.name, zr: zr, limits: opts.Limits, ctx: ctx, oneCore: opts.OneCore}
	if opts.Scratch.take() {
		wb.scratch = opts.Scratch
		wb.strings = opts.Scratch.strings
		wb.strings.reset()
		r.addCloser(scratchLease{wb})
	}
	if err := wb.readStructure(); err != nil {
		return err
	}
	candidates, err := wb.candidateSheets(opts.Sheet)
	if err != nil {
		return err
	}
	var notes []string
	for _, sh := range candidates {
		src, err := wb.openSheet(sh)
		if err != nil {
			return err
		}
		cols, rest, seen, err := findHeader(src, m, opts.HeaderRow)
		if err == nil {
			r.src, r.cols = rest, cols
			r.stats.Sheet = sh.Name
			r.stats.HeaderRow = cols.row
			return nil
		}
		src.close()
		if !errors.Is(err, ErrNoHeader) {
			return fmt.Errorf("sheet %q: %w", sh.Name, err)
		}
		notes = append(notes, fmt.Sprintf("sheet %q: %s", sh.Name, describeHeaders(seen)))
	}
	if len(candidates) == 0 {
		return fmt.Errorf("%w: the workbook has no visible sheet", ErrNoHeader)
	}
	return fmt.Errorf("%w in the first %d rows (%s); name the ID column with --map 'COLUMN=externalId', or give --sheet and --header-row", ErrNoHeader, headerSearchRows, strings.Join(notes, "; "))
}

// readerAt gives random access to the input, spooling it to a temporary
// file when it is not a file (standard input).
func readerAt(in io.Reader, br *bufio.Reader, r *Reader) (io.ReaderAt, int64, error) {
	if f, ok := in.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode().IsRegular() {
			return f, st.Size(), nil
		}
	}
	tmp, err := os.CreateTemp("", "aitkit-stdin-*.xlsx")
	if err != nil {
		return nil, 0, err
	}
	r.addCloser(tempFile{tmp})
	n, err := io.Copy(tmp, br)
	if err != nil {
		return nil, 0, err
	}
	return tmp, n, nil
}

// tempFile removes itself on Close.
type tempFile struct{ *os.File }

func (t tempFile) Close() error {
	err := t.File.Close()
	os.Remove(t.File.Name())
	return err
}

func (wb *workbook) candidateSheets(want string) ([]sheetInfo, error) {
	if want == "" {
		var vis []sheetInfo
		for _, s := range wb.sheets {
			if !s.Hidden {
				vis = append(vis, s)
			}
		}
		return vis, nil
	}
	for _, s := range wb.sheets {
		if s.Name == want {
			return []sheetInfo{s}, nil
		}
	}
	for _, s := range wb.sheets {
		if strings.EqualFold(s.Name, want) {
			return []sheetInfo{s}, nil
		}
	}
	if n, err := strconv.Atoi(want); err == nil && n >= 1 && n <= len(wb.sheets) {
		return []sheetInfo{wb.sheets[n-1]}, nil
	}
	names := make([]string, len(wb.sheets))
	for i, s := range wb.sheets {
		names[i] = strconv.Quote(s.Name)
		if s.Hidden {
			names[i] += " (hidden)"
		}
	}
	return nil, fmt.Errorf("%w %q; the sheets are %s (or give a number 1-%d)", ErrNoSheet, want, strings.Join(names, ", "), len(wb.sheets))
}

// readStructure reads the workbook part, its relationships, the styles and
// the shared strings.
func (wb *workbook) readStructure() error {
	wbPart := "xl/workbook.xml"
	var rootRels xmlRels
	if ok, err := wb.readXML("_rels/.rels", &rootRels); err != nil {
		return err
	} else if ok {
		for _, rel := range rootRels.Rels {
			if strings.HasSuffix(rel.Type, "/officeDocument") {
				wbPart = resolvePart("", rel.Target)
			}
		}
	}
	var wbx xmlWorkbook
	ok, err := wb.readXML(wbPart, &wbx)
	if err != nil {
		return err
	}
	if !ok {
		if wb.file("[Content_Types].xml") == nil {
			return fmt.Errorf("%w: a zip archive but not a workbook (no %s)", ErrUnsupported, wbPart)
		}
		return fmt.Errorf("%w: the workbook has no %s", ErrMalformed, wbPart)
	}
	wb.date1904 = xmlBool(wbx.Pr.Date1904)
	var rels xmlRels
	relsPart := path.Join(path.Dir(wbPart), "_rels", path.Base(wbPart)+".rels")
	if _, err := wb.readXML(relsPart, &rels); err != nil {
		return err
	}
	targets := map[string]string{}
	stylesPart := ""
	for _, rel := range rels.Rels {
		t := resolvePart(path.Dir(wbPart), rel.Target)
		targets[rel.ID] = t
		switch {
		case strings.HasSuffix(rel.Type, "/sharedStrings"):
			wb.ssPath = t
		case strings.HasSuffix(rel.Type, "/styles"):
			stylesPart = t
		}
	}
	for _, s := range wbx.Sheets {
		part, ok := targets[s.RID]
		if !ok {
			continue // a chart sheet or a broken reference: nothing to read
		}
		wb.sheets = append(wb.sheets, sheetInfo{Name: s.Name, Hidden: s.State == "hidden" || s.State == "veryHidden", Part: part})
	}
	if stylesPart != "" {
		if err := wb.readStyles(stylesPart); err != nil {
			return err
		}
	}
	if wb.ssPath != "" {
		if err := wb.readSharedStrings(); err != nil {
			return err
		}
	}
	return nil
}

func resolvePart(dir, target string) string {
	if strings.HasPrefix(target, "/") {
		return strings.TrimPrefix(target, "/")
	}
	return path.Clean(path.Join(dir, target))
}

func (wb *workbook) file(name string) *zip.File {
	for _, f := range wb.zr.File {
		if strings.EqualFold(strings.ReplaceAll(f.Name, "\\", "/"), name) {
			return f
		}
	}
	return nil
}

// openPart opens a zip entry through the size and ratio limits.
func (wb *workbook) openPart(name string) (io.ReadCloser, error) {
	f := wb.file(name)
	if f == nil {
		return nil, nil
	}
	if f.UncompressedSize64 > uint64(wb.limits.MaxPartSize) {
		return nil, fmt.Errorf("%w: %s declares %d bytes uncompressed, over the limit of %d", ErrTooLarge, name, f.UncompressedSize64, wb.limits.MaxPartSize)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrMalformed, name, err)
	}
	max := wb.limits.MaxPartSize
	if byRatio := int64(f.CompressedSize64)*wb.limits.MaxRatio + 1<<20; byRatio < max {
		max = byRatio
	}
	return &limitedPart{rc: rc, name: name, left: max, max: max, ratio: wb.limits.MaxRatio, cap: wb.limits.MaxPartSize, ctx: wb.ctx}, nil
}

// inflater inflates a zip entry, reading the file 64 KiB at a time rather
// than the 4 KiB that flate's own buffer would (a *bufio.Reader is used as
// it is).
func inflater(r io.Reader) io.ReadCloser {
	return kflate.NewReader(bufio.NewReaderSize(r, 64<<10))
}

// openStream opens a part to be scanned from start to end (the shared
// strings, a sheet): unless the reader is to keep to one core, the part is
// inflated on a goroutine of its own while the caller scans.
func (wb *workbook) openStream(name string) (io.ReadCloser, error) {
	rc, err := wb.openPart(name)
	if err != nil || rc == nil || wb.oneCore {
		return rc, err
	}
	return aheadPart{readahead.New(wb.ctx, rc, 4, 256<<10), rc}, nil
}

// aheadPart is a part read ahead; Close stops the reading, then closes
// the part.
type aheadPart struct {
	*readahead.Reader
	part io.Closer
}

func (p aheadPart) Close() error {
	p.Stop()
	return p.part.Close()
}

// limitedPart stops a zip entry that inflates past its limit: a zip bomb is
// reported, not inflated.
type limitedPart struct {
	rc         io.ReadCloser
	name       string
	left, max  int64
	ratio, cap int64
	ctx        context.Context
	reads      int
}

func (l *limitedPart) Read(p []byte) (int, error) {
	if l.reads++; l.reads&63 == 0 && l.ctx != nil {
		if err := l.ctx.Err(); err != nil {
			return 0, err
		}
	}
	n, err := l.rc.Read(p)
	l.left -= int64(n)
	if l.left < 0 {
		return 0, fmt.Errorf("%w: %s inflates past %d bytes, the limit for a part of its compressed size (at most %d times it, and never over %d bytes); refusing a possible zip bomb", ErrTooLarge, l.name, l.max, l.ratio, l.cap)
	}
	if err != nil && err != io.EOF {
		err = fmt.Errorf("%w: %s: %v (is the file truncated?)", ErrMalformed, l.name, err)
	}
	return n, err
}

func (l *limitedPart) Close() error { return l.rc.Close() }

func (wb *workbook) readXML(name string, v any) (bool, error) {
	rc, err := wb.openPart(name)
	if err != nil || rc == nil {
		return false, err
	}
	defer rc.Close()
	if err := xml.NewDecoder(rc).Decode(v); err != nil {
		if errors.Is(err, ErrTooLarge) || errors.Is(err, ErrMalformed) {
			return false, err
		}
		return false, fmt.Errorf("%w: %s: %v", ErrMalformed, name, err)
	}
	return true, nil
}

type xmlRels struct {
	Rels []struct {
		ID     string `xml:"Id,attr"`
		Type   string `xml:"Type,attr"`
		Target string `xml:"Target,attr"`
	} `xml:"Relationship"`
}

type xmlWorkbook struct {
	Pr struct {
		Date1904 string `xml:"date1904,attr"`
	} `xml:"workbookPr"`
	Sheets []struct {
		Name  string `xml:"name,attr"`
		State string `xml:"state,attr"`
		RID   string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
	} `xml:"sheets>sheet"`
}

func xmlBool(s string) bool { return s == "1" || strings.EqualFold(s, "true") }

type xmlStyles struct {
	NumFmts []struct {
		ID   int    `xml:"numFmtId,attr"`
		Code string `xml:"formatCode,attr"`
	} `xml:"numFmts>numFmt"`
	CellXfs []struct {
		NumFmtID int `xml:"numFmtId,attr"`
	} `xml:"cellXfs>xf"`
}

func (wb *workbook) readStyles(part string) error {
	var st xmlStyles
	if _, err := wb.readXML(part, &st); err != nil {
		return err
	}
	codes := map[int]string{}
	for _, f := range st.NumFmts {
		codes[f.ID] = f.Code
	}
	wb.xfKinds = make([]CellKind, len(st.CellXfs))
	for i, xf := range st.CellXfs {
		wb.xfKinds[i] = numFmtKind(xf.NumFmtID, codes[xf.NumFmtID])
	}
	return nil
}

// numFmtKind tells from a number format whether a number cell is a date, a
// percentage or a plain number. Built-in ids 14-22 and 45-47 (and the East
// Asian 27-36, 50-58) are dates and times; 9 and 10 are percentages. A custom
// code is a date when it has d, m or y outside quotes and brackets, a
// percentage when it has % there.
func numFmtKind(id int, code string) CellKind {
	switch {
	case id == 9 || id == 10:
		return KindPercent
	case id >= 14 && id <= 22, id >= 45 && id <= 47, id >= 27 && id <= 36, id >= 50 && id <= 58:
		if code == "" {
			return KindDate
		}
	}
	if code == "" {
		return KindNumber
	}
	date, percent := false, false
	inQuote := false
	depth := 0
	for i := 0; i < len(code); i++ {
		c := code[i]
		switch {
		case c == '"':
			inQuote = !inQuote
		case inQuote:
		case c == '\\' || c == '_' || c == '*':
			i++ // the next character is literal (or padding)
		case c == '[':
			depth++
		case c == ']':
			if depth > 0 {
				depth--
			}
		case depth > 0:
		case c == '%':
			percent = true
		case c == 'd' || c == 'D' || c == 'm' || c == 'M' || c == 'y' || c == 'Y':
			date = true
		}
	}
	switch {
	case date:
		return KindDate
	case percent:
		return KindPercent
	}
	return KindNumber
}

// sharedStrings is the shared-strings table: the text of every string in
// 1 MiB blocks that are never moved or copied, and a packed index. It costs
// 8 bytes a string beyond the text, holds no pointers for the garbage
// collector to scan, and cells get their strings without copying.
type sharedStrings struct {
	blocks  [][]byte
	index   []uint64 // per string, packed by packSS
	ownLast bool     // the last block holds one long string: start another
	spare   [][]byte // empty blocks of an earlier workbook (see Scratch)
}

const (
	ssBlock   = 1 << 20
	ssOwnMark = 1<<20 - 1 // the length field of a string that has a block of its own
	maxSpare  = 32        // blocks kept for the next table (see reset)
)

// packSS packs a string's place: block (24 bits), offset in the block (20
// bits), length (20 bits). A string of half a block or more gets a block of
// its own, and ssOwnMark for its length, which no other string can have.
func packSS(block, off, n int) uint64 { return uint64(block)<<40 | uint64(off)<<20 | uint64(n) }

func (ss *sharedStrings) len() int { return len(ss.index) }

func (ss *sharedStrings) get(i int) string {
	p := ss.index[i]
	b := ss.blocks[p>>40]
	off := int(p >> 20 & (1<<20 - 1))
	n := int(p & (1<<20 - 1))
	if n == ssOwnMark {
		n = len(b)
	}
	if n == 0 {
		return ""
	}
	return unsafe.String(&b[off], n)
}

// add appends a string's text; it is copied once, into a block.
func (ss *sharedStrings) add(text []byte) error {
	n := len(text)
	if len(ss.blocks) >= 1<<24-2 {
		return fmt.Errorf("%w: more than 16 TiB of shared strings", ErrTooLarge)
	}
	if n >= ssBlock/2 {
		ss.blocks = append(ss.blocks, append([]byte(nil), text...))
		ss.index = append(ss.index, packSS(len(ss.blocks)-1, 0, ssOwnMark))
		ss.ownLast = true
		return nil
	}
	last := len(ss.blocks) - 1
	if last < 0 || ss.ownLast || ssBlock-len(ss.blocks[last]) < n {
		ss.blocks = append(ss.blocks, ss.newBlock())
		ss.ownLast = false
		last++
	}
	b := ss.blocks[last]
	off := len(b)
	ss.blocks[last] = append(b, text...)
	ss.index = append(ss.index, packSS(last, off, n))
	return nil
}

// newBlock returns an empty block, a spare one when there is one.
func (ss *sharedStrings) newBlock() []byte {
	if n := len(ss.spare); n > 0 {
		b := ss.spare[n-1]
		ss.spare = ss.spare[:n-1]
		return b
	}
	return make([]byte, 0, ssBlock)
}

// reset empties the table for another workbook. Its blocks become spares,
// up to maxSpare of them (a long string's own block is let go, and so are
// the blocks of a huge table, rather than held through a run of small
// ones), so every string it gave out before is overwritten as the next
// table fills.
func (ss *sharedStrings) reset() {
	for _, b := range ss.blocks {
		if cap(b) == ssBlock && len(ss.spare) < maxSpare {
			ss.spare = append(ss.spare, b[:0])
		}
	}
	clear(ss.blocks)
	ss.blocks, ss.index, ss.ownLast = ss.blocks[:0], ss.index[:0], false
}

// scanner returns a scanner of rc, of the given kind (scanStrings or
// scanSheet), on the buffer of the last one of its kind, or the Scratch's.
// The buffer is safe to reuse: a cell's value is copied out of it.
func (wb *workbook) scanner(kind int, rc io.Reader) *xmlScanner {
	var buf []byte
	if prev := wb.scanners[kind]; prev != nil {
		buf = prev.buf
	} else if wb.scratch != nil {
		buf = wb.scratch.scan[kind]
	}
	sc := newXMLScanner(rc, buf)
	wb.scanners[kind] = sc
	return sc
}

// readSharedStrings streams the shared-strings part into the table. Rich
// text runs are joined; phonetic runs (rPh) are left out.
func (wb *workbook) readSharedStrings() error {
	rc, err := wb.openStream(wb.ssPath)
	if err != nil || rc == nil {
		return err
	}
	defer rc.Close()
	sc := wb.scanner(scanStrings, rc)
	ss := &wb.strings
	var text []byte
	inSI, inT, inRPh := false, false, 0
	for sc.next() {
		switch sc.kind {
		case tokStart:
			switch {
			case sc.is("sst"):
				// Size the index once; the count is a hint, not trusted far.
				if v, ok := sc.attr("uniqueCount"); ok {
					if n, ok := atoiBytes(v); ok && cap(ss.index) < min(n, 1<<24) {
						ss.index = make([]uint64, 0, min(n, 1<<24)) // else a Scratch's, kept
					}
				}
			case sc.is("si"):
				inSI = true
				text = text[:0]
			case sc.is("rPh"):
				inRPh++
			case sc.is("t"):
				inT = inSI && inRPh == 0
			}
		case tokEnd:
			switch {
			case sc.is("si"):
				inSI = false
				if err := ss.add(text); err != nil {
					return err
				}
			case sc.is("rPh"):
				inRPh--
			case sc.is("t"):
				inT = false
			}
		case tokSelfClose:
			if sc.is("si") {
				if err := ss.add(nil); err != nil {
					return err
				}
			}
		case tokText:
			if inT {
				if text, err = sc.appendText(text); err != nil {
					return fmt.Errorf("%w: %s: %v", ErrMalformed, wb.ssPath, err)
				}
			}
		}
	}
	if sc.err != nil {
		return wb.partError(wb.ssPath, sc.err)
	}
	return nil
}

// partError names a part in a scanner's error, keeping the sentinels of
// the size limits, damage and interruption.
func (wb *workbook) partError(part string, err error) error {
	if errors.Is(err, ErrTooLarge) || errors.Is(err, ErrMalformed) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return fmt.Errorf("%w: %s: %v", ErrMalformed, part, err)
}

// sheetSource streams the rows of one worksheet.
type sheetSource struct {
	wb    *workbook
	sheet sheetInfo
	rc    io.ReadCloser
	sc    *xmlScanner
	cells []Cell
	next0 int    // the row number to assume when <row> has no r
	v, is []byte // a cell's value and inline text, reused
	done  bool
	dates map[string]string // see dateCell
}

const maxDatesKept = 4096

func (wb *workbook) openSheet(sh sheetInfo) (*sheetSource, error) {
	rc, err := wb.openStream(sh.Part)
	if err != nil {
		return nil, err
	}
	if rc == nil {
		return nil, fmt.Errorf("%w: sheet %q has no part %s", ErrMalformed, sh.Name, sh.Part)
	}
	return &sheetSource{wb: wb, sheet: sh, rc: rc, sc: wb.scanner(scanSheet, rc), next0: 1, dates: map[string]string{}}, nil
}

func (s *sheetSource) close() error { return s.rc.Close() }

func (s *sheetSource) place(num, col int) Place {
	if col < 0 {
		col = 0
	}
	var b [16]byte
	cell := strconv.AppendInt(append(b[:0], ColumnName(col)...), int64(num), 10)
	return Place{File: s.wb.name, Sheet: s.sheet.Name, Cell: string(cell), Index: -1}
}

func (s *sheetSource) fail(err error) error {
	if errors.Is(err, ErrTooLarge) || errors.Is(err, ErrMalformed) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return fmt.Errorf("%w: sheet %q: %v", ErrMalformed, s.sheet.Name, err)
}

// scanErr is the scanner's error, or an unexpected end of the part.
func (s *sheetSource) scanErr() error {
	if s.sc.err != nil {
		return s.fail(s.sc.err)
	}
	return s.fail(io.ErrUnexpectedEOF)
}

// next reads up to the next <row> and returns its cells, placed by their r
// attributes (or in order when a cell has none). It stops at </sheetData>.
func (s *sheetSource) next() (row, error) {
	for !s.done && s.sc.next() {
		sc := s.sc
		if sc.kind == tokEnd && sc.is("sheetData") {
			s.done = true
			break
		}
		if sc.kind != tokStart && sc.kind != tokSelfClose || !sc.is("row") {
			continue
		}
		num := s.next0
		if v, ok := sc.attr("r"); ok {
			if n, ok := atoiBytes(v); ok && n > 0 {
				num = n
			}
		}
		s.next0 = num + 1
		s.cells = s.cells[:0]
		if sc.kind == tokStart {
			if err := s.readCells(); err != nil {
				return row{}, err
			}
		}
		return row{cells: s.cells, num: num}, nil
	}
	if s.sc.err != nil {
		return row{}, s.fail(s.sc.err)
	}
	return row{}, io.EOF
}

func (s *sheetSource) readCells() error {
	col := 0
	sc := s.sc
	for sc.next() {
		switch {
		case sc.kind == tokEnd && sc.is("row"):
			return nil
		case (sc.kind == tokStart || sc.kind == tokSelfClose) && sc.is("c"):
			// r, s and t in one pass; t is copied (it is short), since the
			// scanner's buffer moves on.
			style := -1
			var tbuf [16]byte
			var typ []byte
			sc.eachAttr(func(k, v []byte) {
				switch string(k) {
				case "r":
					if c, ok := columnIndex(v); ok {
						col = c
					}
				case "s":
					if n, ok := atoiBytes(v); ok {
						style = n
					}
				case "t":
					typ = tbuf[:copy(tbuf[:], v)]
				}
			})
			var cell Cell
			if sc.kind == tokStart {
				var err error
				if cell, err = s.readCell(string(typ), style); err != nil {
					return err
				}
			}
			for len(s.cells) < col {
				s.cells = append(s.cells, Cell{})
			}
			if col < len(s.cells) {
				s.cells[col] = cell
			} else {
				s.cells = append(s.cells, cell)
			}
			col++
		}
	}
	return s.scanErr()
}

// readCell reads one <c> element: its value, or its cached formula result,
// as the cell type and style tell.
func (s *sheetSource) readCell(typ string, style int) (Cell, error) {
	sc := s.sc
	s.v, s.is = s.v[:0], s.is[:0]
	hasV, hasF, inV, inT, inRPh := false, false, false, false, 0
	var err error
	for sc.next() {
		switch sc.kind {
		case tokStart:
			switch {
			case sc.is("v"):
				inV, hasV = true, true
			case sc.is("f"):
				hasF = true
			case sc.is("t"):
				inT = inRPh == 0
			case sc.is("rPh"):
				inRPh++
			}
		case tokSelfClose:
			switch {
			case sc.is("f"):
				hasF = true
			case sc.is("v"):
				hasV = true
			}
		case tokEnd:
			switch {
			case sc.is("v"):
				inV = false
			case sc.is("t"):
				inT = false
			case sc.is("rPh"):
				inRPh--
			case sc.is("c"):
				return s.cellValue(typ, style, hasV, hasF)
			}
		case tokText:
			if inV {
				s.v, err = sc.appendText(s.v)
			} else if inT {
				s.is, err = sc.appendText(s.is)
			}
			if err != nil {
				return Cell{}, s.fail(err)
			}
		}
	}
	return Cell{}, s.scanErr()
}

func (s *sheetSource) cellValue(typ string, style int, hasV, hasF bool) (Cell, error) {
	switch typ {
	case "s":
		i, ok := atoiBytes(bytes.TrimSpace(s.v))
		if !ok || i < 0 || i >= s.wb.strings.len() {
			return Cell{}, s.fail(fmt.Errorf("shared string index %q out of range", s.v))
		}
		return Cell{Value: s.wb.strings.get(i)}, nil
	case "inlineStr":
		return Cell{Value: string(s.is)}, nil
	case "str":
		if !hasV && hasF {
			return Cell{Kind: KindNoValue}, nil
		}
		return Cell{Value: string(s.v)}, nil
	case "b":
		if string(bytes.TrimSpace(s.v)) == "1" {
			return Cell{Value: "TRUE", Kind: KindBool}, nil
		}
		return Cell{Value: "FALSE", Kind: KindBool}, nil
	case "e":
		return Cell{Value: string(s.v), Kind: KindError}, nil
	case "d":
		v := string(s.v)
		if len(v) >= 10 {
			if p, err := parseDate(v); err == nil && !p.numeric && validDate(p.y, p.m, p.d) {
				return Cell{Value: formatDate(p.y, p.m, p.d), Kind: KindDate}, nil
			}
		}
		return Cell{Value: v}, nil
	}
	if !hasV {
		if hasF {
			return Cell{Kind: KindNoValue}, nil
		}
		return Cell{}, nil
	}
	raw := bytes.TrimSpace(s.v)
	kind := KindNumber
	if style >= 0 && style < len(s.wb.xfKinds) {
		kind = s.wb.xfKinds[style]
	}
	if kind == KindDate {
		return s.dateCell(raw), nil
	}
	return Cell{Value: string(raw), Kind: kind}, nil
}

// dateCell reads a number in a date-formatted cell. The sheet keeps the
// dates it has read (serial as written -> YYYY-MM-DD, up to maxDatesKept):
// a column of dates repeats a few hundred days.
func (s *sheetSource) dateCell(raw []byte) Cell {
	if d, ok := s.dates[string(raw)]; ok {
		return Cell{Value: d, Kind: KindDate}
	}
	v := string(raw)
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return Cell{Value: v, Kind: KindNumber}
	}
	if f < 1 && !s.wb.date1904 {
		return Cell{Value: v + " (a time of day without a date)", Kind: KindError}
	}
	d, err := SerialToDate(f, s.wb.date1904)
	if err != nil {
		return Cell{Value: v + " (" + err.Error() + ")", Kind: KindError}
	}
	if len(s.dates) < maxDatesKept {
		s.dates[v] = d
	}
	return Cell{Value: d, Kind: KindDate}
}

// atoiBytes reads a non-negative decimal integer.
func atoiBytes(b []byte) (int, bool) {
	if len(b) == 0 || len(b) > 9 {
		return 0, false
	}
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// ColumnName returns the letters of a 0-based column index: 0 is A, 26 is AA.
func ColumnName(i int) string {
	var b [8]byte
	n := len(b)
	for i++; i > 0; i = (i - 1) / 26 {
		n--
		b[n] = byte('A' + (i-1)%26)
	}
	return string(b[n:])
}

// columnIndex reads the column of a cell reference such as "D17".
func columnIndex[T string | []byte](ref T) (int, bool) {
	col := 0
	i := 0
	for i < len(ref) && (ref[i] >= 'A' && ref[i] <= 'Z' || ref[i] >= 'a' && ref[i] <= 'z') {
		c := ref[i] | 0x20
		col = col*26 + int(c-'a'+1)
		i++
		if col > 16384 {
			return 0, false
		}
	}
	if i == 0 {
		return 0, false
	}
	return col - 1, true
}
