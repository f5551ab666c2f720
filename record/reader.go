package record

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strconv"

	"github.com/aitkit/aitkit/schema"
	"github.com/aitkit/aitkit/sheet"
	"github.com/aitkit/aitkit/sheet/delimited"
	"github.com/aitkit/aitkit/sheet/jsonarray"
)

// Options say how records as written are read.
type Options struct {
	Limits sheet.Limits // what the reader accepts; zero fields take their defaults
	// Keys tells which field a JSON key names (its index in
	// schema.Fields) and how well (a lower rank is a better name): for
	// JSON that is converted, whose keys may be aliases ("ID", "Notes").
	// Nil reads the import API's own names only, in any case (Field).
	Keys func(key string) (field, rank int, ok bool)
	// ReadAhead parses a CSV on a goroutine of its own, a batch of rows
	// ahead (delimited.Options.ReadAhead).
	ReadAhead bool
}

// Reader reads records as written, one at a time, from a JSON array or an
// import CSV. It is a Source.
type Reader struct {
	src   interface{ next() (*Written, error) }
	close func() error
}

var _ Source = (*Reader)(nil)

// Next returns the next record as written; io.EOF at the end. Any error
// ends the input: a record's own problems (a key given twice, an element
// that is not an object) are in its Written for a checker to judge. The
// Written is reused by the next call; its strings never change.
func (r *Reader) Next() (*Written, error) { return r.src.next() }

// Close releases what the reader holds; it does not close the input.
func (r *Reader) Close() error {
	if r.close != nil {
		return r.close()
	}
	return nil
}

// NewReader reads a request body as the import API does: a JSON array of
// records (f is JSON), or a CSV (f is CSV) whose header names the fields
// in any order and case, or that has no header and the columns in the
// article's order. An empty line of a CSV is an error, as it is to the
// API; a CSV that is neither is ErrNotRecords. name names the input in
// places ("body", "updates.json").
//
// f "" tells JSON from CSV by the first bytes (Detect), as the API does
// for a body sent as application/octet-stream.
func NewReader(name string, in io.Reader, f Format, opts Options) (*Reader, error) {
	br := bufio.NewReaderSize(in, 64<<10)
	head, err := br.Peek(512)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return nil, err
	}
	if f, err = checkFormat(f, head); err != nil {
		if _, ok := err.(*sheet.Error); !ok {
			err = &sheet.Error{Place: sheet.Place{File: name, Index: -1}, Err: err}
		}
		return nil, err
	}
	in = br
	if f == JSON {
		return NewJSONReader(name, in, opts)
	}
	// Literal: the API knows nothing of Excel's ="00123".
	dr, err := delimited.NewReader(name, in, delimited.Options{Limits: opts.Limits, ReadAhead: opts.ReadAhead, Literal: true})
	if err != nil {
		return nil, err
	}
	first, err := dr.Next()
	if err == io.EOF {
		err = &sheet.Error{Place: sheet.Place{File: name, Index: -1}, Err: sheet.ErrEmpty}
	}
	if err != nil {
		dr.Close()
		return nil, err
	}
	r, _, ok := NewCSVReader(name, first, dr)
	if !ok {
		dr.Close()
		return nil, &sheet.Error{Place: sheet.Place{File: name, Index: -1},
			Err: fmt.Errorf("%w: the CSV header must be External ID, Status, Metric Value, As Of Date, Comment (any order; Comment may be left out), or no header with the columns in that order", ErrNotRecords)}
	}
	r.close = dr.Close
	return r, nil
}

// NewJSONReader reads the elements of a JSON array as records as written.
func NewJSONReader(name string, in io.Reader, opts Options) (*Reader, error) {
	jr, err := jsonarray.NewReader(name, in, jsonarray.Options{Limits: opts.Limits})
	if err != nil {
		return nil, err
	}
	return &Reader{src: &jsonSource{jr: jr, name: name, keys: opts.Keys}}, nil
}

// Rows are rows of delimited text, as sheet/delimited's Reader gives them.
type Rows interface {
	Next() (sheet.Row, error) // io.EOF at the end
}

// NewCSVReader reads rows of delimited text as the records of an import
// CSV, when they are one: first is the first row, read already, and
// rest the rows after it. first is the import header (every cell a
// field's name, in any order and case, External ID among them), or the
// first record of a CSV without one (4 or 5 cells, none a field's name).
// ok is false otherwise, and nothing is read; header tells whether first
// was a header. An empty line is an error, as it is to the API: an import
// CSV has no empty rows.
func NewCSVReader(name string, first sheet.Row, rest Rows) (r *Reader, header, ok bool) {
	s := &csvSource{rows: rest, name: name}
	known, hasID := 0, false
	for _, c := range first.Cells {
		f, ok := Field(c.Value)
		if ok {
			known++
			hasID = hasID || f == schema.IndexExternalID
		}
		s.fields = append(s.fields, f)
		s.keys = append(s.keys, c.Value)
	}
	switch {
	case hasID && known == len(first.Cells):
		header = true
	case known == 0 && (len(first.Cells) == 4 || len(first.Cells) == 5):
		s.fields, s.keys = []int{0, 1, 2, 3, 4}, schema.CSVHeader
		row := first.Clone()
		s.pending = &row
	default:
		return nil, false, false
	}
	return &Reader{src: s}, header, true
}

// csvSource yields the rows of an import CSV as written records.
type csvSource struct {
	rows    Rows
	pending *sheet.Row // the first record of a CSV without a header
	name    string
	fields  []int    // per column: the field's index, or -1
	keys    []string // per column: its header, as written
	w       Written
}

func (s *csvSource) next() (*Written, error) {
	var row sheet.Row
	if s.pending != nil {
		row, s.pending = *s.pending, nil
	} else {
		var err error
		if row, err = s.rows.Next(); err != nil {
			return nil, err
		}
	}
	if row.BlankBefore > 0 {
		return nil, &sheet.Error{Place: sheet.LinePlace(s.name, row.Num-row.BlankBefore),
			Err: fmt.Errorf("%w: an empty line; an import CSV has no empty rows", sheet.ErrMalformed)}
	}
	w := &s.w
	*w = Written{Place: sheet.LinePlace(s.name, row.Num), Unknown: w.Unknown[:0], Text: true}
	for i, c := range row.Cells {
		if i >= len(s.fields) || s.fields[i] < 0 {
			if c.Value != "" {
				w.Unknown = append(w.Unknown, jsonarray.Member{Key: columnKey(i), Value: jsonarray.Value{Kind: jsonarray.String, Text: c.Value}})
			}
			continue
		}
		f := &w.Fields[s.fields[i]]
		if f.Key != "" {
			w.Duplicate = s.keys[i]
			continue
		}
		if c.Value == "" {
			continue // an empty cell is a missing value
		}
		*f = jsonarray.Member{Key: s.keys[i], Value: jsonarray.Value{Kind: jsonarray.String, Text: c.Value}}
	}
	canonicalComment(w)
	return w, nil
}

// canonicalComment gives a record's comment its canonical line ends.
func canonicalComment(w *Written) {
	if c := &w.Fields[schema.IndexComment].Value; c.Kind == jsonarray.String {
		c.Text = CanonicalComment(c.Text)
	}
}

// columnKey names a CSV value past the last column.
func columnKey(i int) string { return "(column " + strconv.Itoa(i+1) + ")" }

// jsonSource yields the elements of a JSON array as written records.
type jsonSource struct {
	jr    *jsonarray.Reader
	name  string
	keys  func(key string) (field, rank int, ok bool) // nil: the API's names only
	w     Written
	ranks [schema.NumFields]int
}

func (s *jsonSource) next() (*Written, error) {
	el, err := s.jr.Next()
	if err != nil {
		return nil, err
	}
	w := &s.w
	*w = Written{Place: sheet.RecordPlace(s.name, el.Index), Unknown: w.Unknown[:0], Duplicate: el.Duplicate}
	if el.Value.Kind != jsonarray.Object {
		w.NotObject = el.Value
		return w, nil
	}
	for _, mb := range el.Members {
		fi, rank, ok := s.field(mb.Key)
		if !ok {
			w.Unknown = append(w.Unknown, mb)
			continue
		}
		f := &w.Fields[fi]
		switch {
		case f.Key == "":
		case s.keys != nil && rank < s.ranks[fi]:
			// A better name of the field ("External ID" over "ID").
		case s.keys != nil && rank == s.ranks[fi] && w.Ambiguous == "":
			w.Ambiguous = fmt.Sprintf("the keys %q and %q could both be %s, and neither is named %q; keep one, or name it %q", f.Key, mb.Key, schema.Fields[fi], schema.CSVHeader[fi], schema.Fields[fi])
			continue
		case s.keys != nil:
			continue
		default:
			if w.Duplicate == "" {
				w.Duplicate = mb.Key
			}
			continue
		}
		*f, s.ranks[fi] = mb, rank
	}
	canonicalComment(w)
	return w, nil
}

func (s *jsonSource) field(key string) (int, int, bool) {
	if s.keys != nil {
		return s.keys(key)
	}
	f, ok := Field(key)
	return f, 0, ok
}

// Detect tells JSON from CSV by the first bytes of an input: JSON when
// its first character (after a byte-order mark and white space) is [,
// else CSV. A JSON object ({) and a workbook (a zip or OLE2 file) are no
// records: an error says so.
func Detect(head []byte) (Format, error) { return checkFormat("", head) }

// checkFormat tells the format of an input from its first bytes, and
// whether they agree with f, the format it was sent as ("" for any).
func checkFormat(f Format, head []byte) (Format, error) {
	if bytes.HasPrefix(head, []byte("PK\x03\x04")) || bytes.HasPrefix(head, []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")) {
		return "", fmt.Errorf("%w: a workbook; send JSON or CSV records", ErrNotRecords)
	}
	sniffed := CSV
	t := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n")
	switch {
	case len(head) == 0:
		return "", sheet.ErrEmpty
	case bytes.HasPrefix(head, []byte("\xff\xfe[\x00")), bytes.HasPrefix(head, []byte("\xfe\xff\x00[")):
		sniffed = JSON // UTF-16 with a byte-order mark
	case len(t) > 0 && t[0] == '[':
		sniffed = JSON
	case len(t) > 0 && t[0] == '{':
		return "", fmt.Errorf("%w: JSON input must be an array of records, [ {...}, ... ]", sheet.ErrUnsupported)
	}
	switch {
	case f == "":
		return sniffed, nil
	case f == JSON && sniffed != JSON:
		return "", fmt.Errorf("%w: the file is not a JSON array; it starts with %q", sheet.ErrUnsupported, head[:min(len(head), 24)])
	}
	return f, nil // CSV that starts with [ is still text
}
