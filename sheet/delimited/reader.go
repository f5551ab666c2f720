package delimited

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/aitkit/aitkit/sheet"
)

// Options say how to read delimited text.
type Options struct {
	// Delimiter is the field delimiter; 0 detects it from the first lines
	// (one of , ; tab |), preferring tab when TSV is set (a .tsv name).
	Delimiter rune
	TSV       bool
	Limits    sheet.Limits // MaxRowBytes and MaxColumns; zero fields take their defaults
	// ReadAhead parses on a goroutine of its own, a batch of rows ahead,
	// so that it and the caller's work use two cores: worth it while a
	// core would be idle (one input at a time), overhead when every core
	// reads an input of its own.
	ReadAhead bool
	// Literal reads every field as written: ="00123" is not Excel's text
	// formula (a field that starts =" is then a bare quote, as to any CSV
	// parser). For the import API's own view of a request body, which
	// knows nothing of Excel.
	Literal bool
}

// Reader reads rows of delimited text with encoding/csv. Unless every core
// is busy with an input of its own, parsing runs on a goroutine of its
// own, a batch of rows ahead, so that it and the caller's work use two
// cores.
type Reader struct {
	name     string
	cr       *csv.Reader
	delim    rune
	encoding func() Encoding
	crOnly   bool
	limits   sheet.Limits
	literal  bool
	slab     []sheet.Cell // cells for the rows to come, cut off a row at a time
	nextLine int          // the line after the last row read

	ahead   bool
	batches chan rowBatch
	quit    chan struct{}
	cur     rowBatch
	i       int
	started bool
	err     error
}

// rowBatch is a run of rows; err, after them, ends the input.
type rowBatch struct {
	rows []sheet.Row
	err  error
}

const rowBatchSize = 512

// NewReader returns a reader of the delimited text in r, named name in
// errors. Text with no bytes but white space is sheet.ErrEmpty.
func NewReader(name string, r io.Reader, opts Options) (*Reader, error) {
	limits := opts.Limits.OrDefault()
	br, ok := r.(*bufio.Reader)
	if !ok || br.Size() < 64<<10 {
		br = bufio.NewReaderSize(r, 64<<10)
	}
	dec, enc := Decode(br)
	text := bufio.NewReaderSize(dec, 64<<10)
	head, err := text.Peek(64 << 10)
	ee, badBytes := errors.AsType[*EncodingError](err)
	switch {
	case badBytes && len(bytes.TrimSpace(head)) == 0:
		return nil, &sheet.Error{Place: sheet.LinePlace(name, ee.Line), Err: ee}
	case badBytes:
		// Read on: the rows before the bytes are read, and the reading
		// stops at them with the same error.
	case err != nil && err != io.EOF && err != bufio.ErrBufferFull:
		return nil, &sheet.Error{Place: sheet.LinePlace(name, 0), Err: err}
	}
	if len(bytes.TrimSpace(head)) == 0 {
		return nil, &sheet.Error{Place: sheet.Place{File: name, Index: -1}, Err: sheet.ErrEmpty}
	}
	// Old Mac Excel ends lines with a lone CR ("CSV (Macintosh)"), which
	// encoding/csv does not take for a line end: such a text, with no LF,
	// has its CRs read as line ends.
	var src io.Reader = text
	crOnly := bytes.IndexByte(head, '\n') < 0 && bytes.IndexByte(head, '\r') >= 0
	if crOnly {
		src = crToLF{text}
		head = bytes.ReplaceAll(head, []byte{'\r'}, []byte{'\n'})
	}
	delim := opts.Delimiter
	if delim == 0 {
		delim = DetectDelimiter(head, opts.TSV)
	}
	guard := &rowGuard{r: src, max: limits.MaxRowBytes, last: '\n', literal: opts.Literal}
	if delim < utf8.RuneSelf {
		guard.delim = byte(delim)
	}
	cr := NewCSVReader(guard, delim)
	cr.ReuseRecord = true // read copies the fields into cells at once
	return &Reader{name: name, cr: cr, delim: delim, encoding: enc, crOnly: crOnly, limits: limits, literal: opts.Literal, ahead: opts.ReadAhead}, nil
}

// NewCSVReader is encoding/csv's reader as every reader of delimited text
// here sets it up: delimiter delim, rows of any length.
func NewCSVReader(r io.Reader, delim rune) *csv.Reader {
	cr := csv.NewReader(r)
	cr.Comma = delim
	cr.FieldsPerRecord = -1
	return cr
}

// Delimiter is the delimiter the text is read with.
func (r *Reader) Delimiter() rune { return r.delim }

// Encoding is how the text's bytes were read; known for sure once the
// text has been read to its end.
func (r *Reader) Encoding() Encoding { return r.encoding() }

// CROnly tells whether the text ends its lines with a lone CR.
func (r *Reader) CROnly() bool { return r.crOnly }

// Place is the line of row num.
func (r *Reader) Place(num, col int) sheet.Place { return sheet.LinePlace(r.name, num) }

// Next returns the next row; io.EOF after the last. Num is the line where
// the row starts.
func (r *Reader) Next() (sheet.Row, error) {
	if r.err != nil {
		return sheet.Row{}, r.err
	}
	if !r.ahead {
		row, err := r.read()
		r.err = err
		return row, err
	}
	if !r.started {
		r.start()
	}
	for r.i >= len(r.cur.rows) {
		if r.cur.err != nil {
			r.err = r.cur.err
			return sheet.Row{}, r.err
		}
		b, ok := <-r.batches
		if !ok {
			r.err = io.EOF
			return sheet.Row{}, io.EOF
		}
		r.cur, r.i = b, 0
	}
	row := r.cur.rows[r.i]
	r.cur.rows[r.i] = sheet.Row{}
	r.i++
	return row, nil
}

func (r *Reader) start() {
	r.started = true
	r.batches = make(chan rowBatch, 4)
	r.quit = make(chan struct{})
	go func() {
		defer close(r.batches)
		for {
			b := rowBatch{rows: make([]sheet.Row, 0, rowBatchSize)}
			for len(b.rows) < rowBatchSize {
				row, err := r.read()
				if err != nil {
					b.err = err
					break
				}
				b.rows = append(b.rows, row)
			}
			select {
			case r.batches <- b:
			case <-r.quit:
				return
			}
			if b.err != nil {
				return
			}
		}
	}()
}

// read parses one record into a row of its own.
func (r *Reader) read() (sheet.Row, error) {
	rec, err := r.cr.Read()
	if err != nil {
		return sheet.Row{}, r.readError(err)
	}
	line, _ := r.cr.FieldPos(0)
	blank := 0
	if r.nextLine > 0 || line > 1 {
		blank = line - max(r.nextLine, 1)
	}
	last, _ := r.cr.FieldPos(len(rec) - 1)
	r.nextLine = last + 1 + strings.Count(rec[len(rec)-1], "\n")
	if len(rec) > r.limits.MaxColumns {
		return sheet.Row{}, &sheet.Error{Place: sheet.LinePlace(r.name, line),
			Err: sheet.TooLarge(fmt.Sprintf("the row has %s fields, more than a sheet has columns", sheet.Count(int64(len(rec)))), "MaxColumns", int64(r.limits.MaxColumns))}
	}
	// One allocation for many rows' cells (each row keeps only its own
	// part, which nobody appends to).
	if cap(r.slab)-len(r.slab) < len(rec) {
		r.slab = make([]sheet.Cell, 0, max(256*len(rec), 1024))
	}
	n := len(r.slab)
	r.slab = r.slab[:n+len(rec)]
	cells := r.slab[n : n+len(rec) : n+len(rec)]
	for i, f := range rec {
		if len(f) >= 3 && f[0] == '=' && f[1] == '"' && !r.literal {
			f = excelText(f)
		}
		cells[i] = sheet.Cell{Value: f}
	}
	return sheet.Row{Num: line, Cells: cells, BlankBefore: blank}, nil
}

// readError places an error of the CSV reader: a parse error at its line,
// wrapped so that errors.As still finds the *csv.ParseError.
func (r *Reader) readError(err error) error {
	if err == io.EOF {
		return io.EOF
	}
	if pe, ok := errors.AsType[*csv.ParseError](err); ok {
		return &sheet.Error{Place: sheet.LinePlace(r.name, pe.Line), Err: fmt.Errorf("%w: %w", sheet.ErrMalformed, pe)}
	}
	if ee, ok := errors.AsType[*EncodingError](err); ok {
		return &sheet.Error{Place: sheet.LinePlace(r.name, ee.Line), Err: ee}
	}
	if ge, ok := errors.AsType[*rowTooLong](err); ok {
		return &sheet.Error{Place: sheet.LinePlace(r.name, ge.line), Err: ge.err()}
	}
	return &sheet.Error{Place: sheet.Place{File: r.name, Index: -1}, Err: err}
}

// Close stops the parsing goroutine. It does not wait: the goroutine may
// be blocked reading a terminal or a pipe that has not ended, and only it
// touches its reader, so it ends at its next read or send.
func (r *Reader) Close() error {
	if r.started {
		close(r.quit)
		r.started = false
	}
	return nil
}

// crToLF reads every CR as an LF.
type crToLF struct{ r io.Reader }

func (c crToLF) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	for i := range p[:n] {
		if p[i] == '\r' {
			p[i] = '\n'
		}
	}
	return n, err
}

// excelText reads a field written as Excel's text formula ="00123" (the
// way to keep leading zeros that Excel opens as the text 00123), quotes
// doubled inside, as its text; any other field is returned as it is.
func excelText(f string) string {
	inner, ok := strings.CutPrefix(f, `="`)
	if !ok {
		return f
	}
	if inner, ok = strings.CutSuffix(inner, `"`); !ok || strings.Contains(strings.ReplaceAll(inner, `""`, ""), `"`) {
		return f
	}
	return strings.ReplaceAll(inner, `""`, `"`)
}

// rowGuard stops a row (a record, quoted line breaks and all) longer than
// max bytes before encoding/csv gathers it in memory: one huge field is an
// error, not gigabytes. It also drops the = of a field written ="00123"
// (Excel's text formula, which encoding/csv would refuse for its bare
// quote), so that the field reads as the quoted text "00123".
type rowGuard struct {
	r       io.Reader
	max     int
	delim   byte // the delimiter, 0 for one of more than a byte
	n       int  // bytes of the current row
	inQuote bool
	line    int  // line ends read
	start   int  // line ends before the current row
	last    byte // the last byte given out; a line end before the first
	held    bool // a = at the end of the last read, kept back
	literal bool // Options.Literal: drop no =
	drop    []int
}

type rowTooLong struct{ max, line int }

func (e *rowTooLong) Error() string { return e.err().Error() }
func (e *rowTooLong) err() error {
	return sheet.TooLarge(fmt.Sprintf("a row is over %s bytes", sheet.Count(int64(e.max))), "MaxRowBytes", int64(e.max))
}

func (g *rowGuard) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	off := 0
	if g.held {
		p[0], off, g.held = '=', 1, false
	}
	n, err := g.r.Read(p[off:])
	n += off
	buf := p[:n]
	g.drop = g.drop[:0]
	for i := 0; i < len(buf) && g.n <= g.max; {
		b := buf[i:]
		if g.inQuote {
			j := bytes.IndexByte(b, '"')
			if j < 0 {
				g.n += len(b)
				g.line += bytes.Count(b, []byte{'\n'})
				break
			}
			g.line += bytes.Count(b[:j], []byte{'\n'})
			g.n += j + 1
			i += j + 1
			g.inQuote = false
			continue
		}
		q, nl := bytes.IndexByte(b, '"'), bytes.IndexByte(b, '\n')
		switch {
		case nl >= 0 && (q < 0 || nl < q):
			g.n = 0
			g.line++
			g.start = g.line
			i += nl + 1
		case q >= 0:
			if at := i + q; at > 0 && buf[at-1] == '=' && !g.literal && g.fieldStart(buf, at-1) {
				g.drop = append(g.drop, at-1)
			}
			g.n += q + 1
			i += q + 1
			g.inQuote = true
		default:
			g.n += len(b)
			i = len(buf)
		}
	}
	if g.n > g.max {
		return 0, &rowTooLong{g.max, g.start + 1}
	}
	// A = that ends the read may start ="..." with the next one's quote.
	if err == nil && n > 1 && !g.inQuote && !g.literal && buf[n-1] == '=' && g.fieldStart(buf, n-1) {
		g.held = true
		g.n--
		n--
	}
	if len(g.drop) > 0 {
		n = dropBytes(p[:n], g.drop)
	}
	if n > 0 {
		g.last = p[n-1]
	}
	return n, err
}

// fieldStart tells whether buf[i] starts a field: it follows a delimiter
// or a line end, or starts the text.
func (g *rowGuard) fieldStart(buf []byte, i int) bool {
	c := g.last
	if i > 0 {
		c = buf[i-1]
	}
	return c == '\n' || c == '\r' || c == g.delim && g.delim != 0
}

// dropBytes removes the bytes at the increasing indexes drop from b and
// returns the length left.
func dropBytes(b []byte, drop []int) int {
	w := drop[0]
	for k, d := range drop {
		end := len(b)
		if k+1 < len(drop) {
			end = drop[k+1]
		}
		w += copy(b[w:], b[d+1:end])
	}
	return w
}
