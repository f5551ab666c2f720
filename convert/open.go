package convert

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/aitkit/aitkit/record"
	"github.com/aitkit/aitkit/schema"
	"github.com/aitkit/aitkit/sheet"
	"github.com/aitkit/aitkit/sheet/delimited"
)

// Open opens the file at path and returns a Reader of its records. Its
// format comes from its name and first bytes; a workbook is read in place.
func Open(ctx context.Context, path string, opts Options) (*Reader, error) {
	return openFile(ctx, path, opts, false)
}

// NewReader returns a Reader of the records in in, named name in messages
// ("-" or "<stdin>" for standard input, whose format its first bytes
// tell). A workbook needs random access: when in is not a regular file it
// is copied to a temporary file, removed on Close.
func NewReader(ctx context.Context, name string, in io.Reader, opts Options) (*Reader, error) {
	return open(ctx, name, in, opts, false)
}

func openFile(ctx context.Context, path string, opts Options, table bool) (*Reader, error) {
	f, err := os.Open(path)
	if err != nil {
		if pe, ok := errors.AsType[*os.PathError](err); ok {
			err = pe.Err // the path is already the InputError's
		}
		return nil, &InputError{File: path, Err: err}
	}
	r, err := open(ctx, path, f, opts, table)
	if err != nil {
		f.Close()
		return nil, err
	}
	r.closers = append([]io.Closer{f}, r.closers...)
	return r, nil
}

// open detects the format, opens its reader and finds the columns. table
// reads an export, which needs no Status or As Of Date column.
func open(ctx context.Context, name string, in io.Reader, opts Options, table bool) (*Reader, error) {
	if name == "-" {
		name = "<stdin>"
	}
	opts.Limits = opts.Limits.OrDefault()
	fail := func(err error) (*Reader, error) {
		if _, ok := err.(*InputError); ok {
			return nil, err
		}
		return nil, &InputError{File: name, Err: err}
	}
	norm, err := newNormalizer(opts)
	if err != nil {
		return nil, err
	}
	matcher, err := NewHeaderMatcher(opts.Columns)
	if err != nil {
		return nil, err
	}
	br := bufio.NewReaderSize(in, 64<<10)
	format, err := detect(name, br, opts.Format)
	if err != nil {
		return fail(err)
	}
	r := &Reader{name: name, format: format, opts: opts, norm: norm, ctx: ctx}
	if f, ok := in.(*os.File); ok && !format.Workbook() {
		if st, err := f.Stat(); err == nil && st.Mode().IsRegular() {
			c := &countingReader{r: br}
			br = bufio.NewReaderSize(c, 64<<10)
			size := st.Size()
			r.progress = func() (int64, int64) { return c.n.Load(), size }
		}
	}
	r.explain.Input, r.explain.Format = name, format.String()
	norm.storedDoubles = format.Workbook()
	switch format {
	case FormatXLSX, FormatODS, FormatFODS, FormatXLS:
		err = r.openWorkbook(ctx, in, br, matcher)
	case FormatJSON:
		err = r.openJSON(br, matcher)
	default:
		err = r.openDelimited(br, matcher)
	}
	if err != nil {
		r.Close()
		return fail(err)
	}
	if r.cols.candidates != nil {
		r.norm.useHeader(&r.cols, func(col int) sheet.Place { return r.src.Place(r.cols.row, col) })
	}
	if table || r.written != nil {
		return r, nil
	}
	for _, f := range []string{schema.FieldStatus, schema.FieldAsOfDate} {
		if _, ok := r.cols.index[f]; !ok && (f == schema.FieldStatus || opts.AsOf == "") {
			err := r.missingColumn(f)
			r.Close()
			return fail(err)
		}
	}
	return r, nil
}

// setHeaderWhy says in the explanation how the header row was found.
func (r *Reader) setHeaderWhy() {
	if r.opts.HeaderRow > 0 {
		r.explain.HeaderWhy, r.explain.HeaderGiven = "given", &Given{Option: OptHeaderRow, Value: strconv.Itoa(r.opts.HeaderRow)}
		return
	}
	r.explain.HeaderWhy = fmt.Sprintf("the first row, of the first %d, that names the External ID and another field", headerSearchRows)
}

// readerAt gives random access to the input, copying it to a temporary
// file when it is not a regular file (standard input).
func (r *Reader) readerAt(in io.Reader, br *bufio.Reader) (io.ReaderAt, int64, error) {
	if f, ok := in.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode().IsRegular() {
			return f, st.Size(), nil
		}
	}
	tmp, err := os.CreateTemp("", "aitkit-stdin-*")
	if err != nil {
		return nil, 0, err
	}
	r.closers = append(r.closers, tempFile{tmp})
	n, err := io.Copy(tmp, br)
	if err != nil {
		return nil, 0, err
	}
	return tmp, n, nil
}

// countingReader counts what was read through it, for progress.
type countingReader struct {
	r io.Reader
	n atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// tempFile removes itself on Close.
type tempFile struct{ *os.File }

func (t tempFile) Close() error {
	err := t.File.Close()
	os.Remove(t.File.Name())
	return err
}

// openDelimited opens delimited text: as written when it is an import CSV
// and the view asks for it, else as a tracker whose header it finds (or,
// with none, in the article's column order).
func (r *Reader) openDelimited(br *bufio.Reader, m *HeaderMatcher) error {
	dr, err := delimited.NewReader(r.name, br, delimited.Options{TSV: strings.HasSuffix(strings.ToLower(r.name), ".tsv"), Limits: r.opts.Limits, ReadAhead: r.opts.ReadAhead})
	if err != nil {
		return err
	}
	r.closers = append(r.closers, dr)
	r.dr = dr
	r.norm.seps.semicolon = dr.Delimiter() == ';' // a European habit, evidence for decimal commas
	if r.opts.View != ViewConvert && r.opts.HeaderRow <= 1 {
		ok, err := r.openImportCSV(dr)
		if ok || err != nil {
			return err
		}
	}
	cols, rest, search, err := findHeader(r.peeked(dr), m, r.opts.HeaderRow, nil)
	switch {
	case err == nil:
		r.cols, r.src = cols, rest
		r.stats.HeaderRow, r.explain.HeaderRow = cols.row, cols.row
		r.setHeaderWhy()
		return nil
	case errors.Is(err, ErrNoHeader) && r.opts.HeaderRow == 0 && r.headerless(rest.buf):
		r.cols = defaultColumns()
		r.src = rest
		r.explain.HeaderWhy = "none: the first line is a record in the article's column order (a status second, a date fourth)"
		return nil
	case errors.Is(err, ErrNoHeader) && search.idless != nil:
		return search.idColumnRefusal("")
	case errors.Is(err, ErrNoHeader):
		where := fmt.Sprintf("no line in the first %d", headerSearchRows)
		if r.opts.HeaderRow > 0 {
			where = fmt.Sprintf("line %d", r.opts.HeaderRow)
		}
		return refuse(ErrNoHeader, &Refusal{Question: AskHeaderRow, Place: sheet.LinePlace(r.name, max(r.opts.HeaderRow, 1)),
			Message: fmt.Sprintf("%s names an External ID column (%s), and the first line is not a record in the import's column order (%s: a status second, a date fourth)",
				where, describeHeaders(search.seen), strings.Join(schema.CSVHeader, ", ")),
			Choices: []Choice{headerRowChoice(r.opts.HeaderRow)}})
	}
	return err
}

// peeked is the delimited reader with the first row, read by
// openImportCSV, put back.
func (r *Reader) peeked(dr *delimited.Reader) source {
	if p, ok := r.src.(*peekSource); ok {
		r.src = nil
		return p
	}
	return dr
}

// openImportCSV reads the first row of delimited text and, when it is the
// import header (every cell a field's name, in any order and case) or the
// first record of a headerless import CSV (4 or 5 columns and no field's
// name), sets the input up to be read as written. ok is false otherwise,
// with the first row kept for the tracker reading.
func (r *Reader) openImportCSV(dr *delimited.Reader) (ok bool, err error) {
	first, err := dr.Next()
	if err == io.EOF {
		return false, sheet.ErrEmpty
	}
	if err != nil {
		return false, err
	}
	first = first.Clone()
	r.src = &peekSource{source: dr, buf: []sheet.Row{first}}
	if len(r.opts.Columns) > 0 {
		return false, nil // --map: the user reads columns of a tracker
	}
	w, header, ok := record.NewCSVReader(r.name, first, dr)
	if !ok {
		return false, nil
	}
	if header {
		r.stats.HeaderRow, r.explain.HeaderRow = first.Num, first.Num
		r.explain.HeaderWhy = "the import header: every column a field's name"
	} else {
		r.explain.HeaderWhy = "none: an import CSV without a header, in the article's column order"
	}
	r.explain.AsWritten = true
	r.setWritten(w, nil)
	return true, nil
}

// setWritten makes the input one read as written.
func (r *Reader) setWritten(w *record.Reader, closeFn func() error) {
	r.written = w
	r.src = &writtenRows{w: w, close: closeFn}
	r.cols = defaultColumns()
}

// defaultColumns are the article's column order, used for headerless text
// and for records read as written.
func defaultColumns() columns {
	c := columns{index: map[string]int{}, header: append([]string(nil), schema.CSVHeader...)}
	for i, f := range schema.Fields {
		c.set(f, i)
	}
	return c
}

// headerless tells whether rows without a header can be read in the
// article's column order: the first row with values is a record in it, 4
// or 5 columns with a status in the second and a date in the fourth. A
// header row that names no field never passes for data.
func (r *Reader) headerless(rows []sheet.Row) bool {
	for _, row := range rows {
		if row.Blank() {
			continue
		}
		n := len(row.Cells)
		for n > 0 && row.Cells[n-1].Empty() {
			n--
		}
		if n != 4 && n != 5 && len(row.Cells) != 4 && len(row.Cells) != 5 || n < 4 {
			return false
		}
		if w := r.norm.readStatus(row.Cells[1].Value); w.Status == "" {
			return false
		}
		_, err := parseDate(row.Cells[3].Value)
		return err == nil
	}
	return false
}

// openJSON opens a JSON array: read as written, or (ViewConvert) with its
// keys matched as headers are, aliases and all.
func (r *Reader) openJSON(br *bufio.Reader, m *HeaderMatcher) error {
	opts := record.Options{Limits: r.opts.Limits}
	if r.opts.View == ViewConvert {
		opts.Keys = func(key string) (int, int, bool) {
			f, rank, ok := m.match(key)
			return fieldIndex(f), rank, ok
		}
	}
	w, err := record.NewJSONReader(r.name, br, opts)
	if err != nil {
		return err
	}
	r.explain.HeaderWhy = "none: each record's keys name its fields"
	r.explain.AsWritten = r.opts.View != ViewConvert
	r.setWritten(w, nil)
	return nil
}
