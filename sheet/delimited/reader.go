package delimited

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/aitkit/aitkit/internal/readahead"
	"github.com/aitkit/aitkit/sheet"
)

// Options say how to read delimited text.
type Options struct {
	// Delimiter is the field delimiter; 0 detects it from the first lines
	// (one of , ; tab |), preferring tab when TSV is set (a .tsv name).
	Delimiter rune
	TSV       bool
	Limits    sheet.Limits // MaxRowBytes and MaxColumns; zero fields take their defaults
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
	slab     []sheet.Cell // cells for the rows to come, cut off a row at a time
	nextLine int          // the line after the last row read

	ahead   bool
	release func()
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
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
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
	cr := NewCSVReader(&rowGuard{r: src, max: limits.MaxRowBytes}, delim)
	cr.ReuseRecord = true // read copies the fields into cells at once
	ahead, release := readahead.Claim()
	return &Reader{name: name, cr: cr, delim: delim, encoding: enc, crOnly: crOnly, limits: limits, ahead: ahead, release: release}, nil
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
	r.release()
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

// rowGuard stops a row (a record, quoted line breaks and all) longer than
// max bytes before encoding/csv gathers it in memory: one huge field is an
// error, not gigabytes.
type rowGuard struct {
	r       io.Reader
	max     int
	n       int // bytes of the current row
	inQuote bool
	line    int // line ends read
	start   int // line ends before the current row
}

type rowTooLong struct{ max, line int }

func (e *rowTooLong) Error() string { return e.err().Error() }
func (e *rowTooLong) err() error {
	return sheet.TooLarge(fmt.Sprintf("a row is over %s bytes", sheet.Count(int64(e.max))), "MaxRowBytes", int64(e.max))
}

func (g *rowGuard) Read(p []byte) (int, error) {
	n, err := g.r.Read(p)
	b := p[:n]
	for len(b) > 0 {
		if g.inQuote {
			i := bytes.IndexByte(b, '"')
			if i < 0 {
				g.n += len(b)
				g.line += bytes.Count(b, []byte{'\n'})
				break
			}
			g.line += bytes.Count(b[:i], []byte{'\n'})
			g.n += i + 1
			b = b[i+1:]
			g.inQuote = false
			continue
		}
		q, nl := bytes.IndexByte(b, '"'), bytes.IndexByte(b, '\n')
		switch {
		case nl >= 0 && (q < 0 || nl < q):
			g.n = 0
			g.line++
			g.start = g.line
			b = b[nl+1:]
		case q >= 0:
			g.n += q + 1
			b = b[q+1:]
			g.inQuote = true
		default:
			g.n += len(b)
			b = nil
		}
		if g.n > g.max {
			break
		}
	}
	if g.n > g.max {
		return 0, &rowTooLong{g.max, g.start + 1}
	}
	return n, err
}
