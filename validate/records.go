package validate

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/aitkit/aitkit/convert"
	"github.com/aitkit/aitkit/schema"
)

// Item is one record to check: decoded JSON read as it is (Record), or an
// Update converted from a workbook or tracker, or the conversion errors of
// a row that did not convert.
type Item struct {
	Source     string        // where it is: updates.json[3], updates.csv:4, tracker.xlsx!Updates!A5
	Place      convert.Place // the same, as a place, for converted rows
	Record     any
	Update     *schema.Update
	ExternalID string                // with ConvErrors: the row's External ID as read
	ConvErrors []*convert.FieldError // the row did not convert
}

// Source yields the records of one input, one at a time.
type Source interface {
	Next() (Item, error) // io.EOF at the end; other errors are about the whole input
	Format() convert.OutputFormat
	Close() error
}

// OpenOptions say how to read an input.
type OpenOptions struct {
	Convert convert.Options // for inputs that are converted first (workbooks, trackers)
	// Strict reads only what the API takes, a JSON array or an import CSV,
	// and converts nothing: an import server's view of a request body.
	Strict bool
}

// ErrNotRecords: with Strict, an input that is neither a JSON array of
// records nor an import CSV.
var ErrNotRecords = errors.New("not progress-update records")

// Open opens a file of records, or "-" for standard input (in).
//
// A JSON array is read as it is, each element a record, so that what the
// API would see is what is checked. Delimited text whose header row is the
// import header (External ID, Status, Metric Value, As Of Date, Comment, in
// any case and order), or that has no header and 4 or 5 columns, is read as
// it is too. Workbooks and other delimited text (a tracker) are converted
// first, and their conversion errors become record errors.
func Open(ctx context.Context, name string, in io.Reader, opts OpenOptions) (Source, error) {
	label := name
	var f *os.File
	if name == "-" {
		label = "<stdin>"
	} else {
		var err error
		if f, err = os.Open(name); err != nil {
			if pe, ok := errors.AsType[*os.PathError](err); ok {
				err = pe.Err
			}
			return nil, &convert.InputError{File: name, Err: err}
		}
		in = f
	}
	// The file is closed here unless a source that reads it is returned.
	kept := false
	defer func() {
		if f != nil && !kept {
			f.Close()
		}
	}()
	fail := func(err error) (Source, error) { return nil, &convert.InputError{File: label, Err: err} }
	br := bufio.NewReaderSize(in, 64<<10)
	format, err := convert.Detect(name, br, opts.Convert.Format)
	if err != nil {
		return fail(err)
	}
	switch format {
	case convert.FormatJSON:
		arr, err := convert.NewJSONArray(convert.DecodeText(br), true)
		if err != nil {
			return fail(err)
		}
		kept = true
		return &jsonRecords{name: label, arr: arr, f: f}, nil
	case convert.FormatDelimited:
		text := bufio.NewReaderSize(convert.DecodeText(br), 64<<10)
		head, _ := text.Peek(64 << 10)
		delim := convert.DetectDelimiter(head, strings.HasSuffix(strings.ToLower(name), ".tsv"))
		if cols, ok := importColumns(head, delim); ok {
			cr := convert.NewCSVReader(text, delim)
			if cols.header {
				if _, err := cr.Read(); err != nil {
					return fail(convert.CSVError(err))
				}
			}
			kept = true
			return &csvRecords{name: label, cr: cr, cols: cols, f: f}, nil
		}
		if opts.Strict {
			return fail(fmt.Errorf("%w: the CSV header must be External ID, Status, Metric Value, As Of Date, Comment (any order; Comment may be left out), or no header with the columns in that order", ErrNotRecords))
		}
		copts := opts.Convert
		copts.Format = convert.FormatDelimited
		r, err := convert.NewReader(ctx, label, text, copts)
		if err != nil {
			return nil, err
		}
		kept = true
		return &converted{r: r, f: f, format: convert.OutputCSV}, nil
	}
	if opts.Strict {
		return fail(fmt.Errorf("%w: a workbook; send JSON or CSV records", ErrNotRecords))
	}
	// A workbook: converted, from the file itself when there is one.
	var r *convert.Reader
	if f != nil {
		r, err = convert.Open(ctx, name, opts.Convert)
	} else {
		r, err = convert.NewReader(ctx, label, br, opts.Convert)
	}
	if err != nil {
		return nil, err
	}
	return &converted{r: r, format: convert.OutputJSON}, nil
}

// jsonRecords reads the elements of a JSON array as they are.
type jsonRecords struct {
	name string
	arr  *convert.JSONArray
	f    *os.File
}

func (s *jsonRecords) Format() convert.OutputFormat { return convert.OutputJSON }

func (s *jsonRecords) Next() (Item, error) {
	index := s.arr.Index()
	var v any
	if err := s.arr.Next(&v); err != nil {
		if err == io.EOF {
			return Item{}, io.EOF
		}
		return Item{}, &convert.InputError{File: s.name, Err: err}
	}
	return Item{Source: s.name + "[" + strconv.Itoa(index) + "]", Record: v}, nil
}

func (s *jsonRecords) Close() error {
	if s.f != nil {
		return s.f.Close()
	}
	return nil
}

// csvColumns maps the columns of an import CSV to fields.
type csvColumns struct {
	fields []string // per column: the field, or "" for an unknown column
	header bool
}

// importColumns tells whether delimited text is an import CSV: a header
// row of record headers only (with External ID among them), or no header
// and 4 or 5 columns in the article's order.
func importColumns(head []byte, delim rune) (csvColumns, bool) {
	cr := convert.NewCSVReader(bytes.NewReader(head), delim)
	first, err := cr.Read()
	if err != nil {
		return csvColumns{}, false
	}
	byHeader := map[string]string{}
	for i, f := range schema.Fields {
		byHeader[convert.FoldHeader(schema.CSVHeader[i])] = f
	}
	cols := csvColumns{header: true}
	hasID, known := false, 0
	for _, h := range first {
		f := byHeader[convert.FoldHeader(h)]
		cols.fields = append(cols.fields, f)
		if f != "" {
			known++
		}
		hasID = hasID || f == schema.FieldExternalID
	}
	if hasID && known == len(first) {
		return cols, true
	}
	if known == 0 && (len(first) == 4 || len(first) == 5) {
		return csvColumns{fields: schema.Fields}, true // by position; the comment may be left out
	}
	return csvColumns{}, false
}

// csvRecords reads an import CSV as it is: every value is text, as the API
// receives it.
type csvRecords struct {
	name string
	cr   *csv.Reader
	cols csvColumns
	f    *os.File
}

func (s *csvRecords) Format() convert.OutputFormat { return convert.OutputCSV }

func (s *csvRecords) Next() (Item, error) {
	rec, err := s.cr.Read()
	if err == io.EOF {
		return Item{}, io.EOF
	}
	if err != nil {
		return Item{}, &convert.InputError{File: s.name, Err: convert.CSVError(err)}
	}
	line, _ := s.cr.FieldPos(0)
	obj := map[string]any{}
	extra := 0
	for i, v := range rec {
		if i >= len(s.cols.fields) {
			if v != "" {
				extra++
			}
			continue
		}
		f := s.cols.fields[i]
		if v == "" {
			continue // an empty cell is a missing value
		}
		if t := strings.TrimSpace(v); f == schema.FieldMetricValue && isJSONNumber(t) {
			obj[f] = json.Number(t)
		} else {
			obj[f] = v
		}
	}
	if extra > 0 {
		obj["(column "+strconv.Itoa(len(s.cols.fields)+1)+")"] = rec[len(s.cols.fields)]
	}
	return Item{Source: s.name + ":" + strconv.Itoa(line), Record: obj}, nil
}

func (s *csvRecords) Close() error {
	if s.f != nil {
		return s.f.Close()
	}
	return nil
}

// isJSONNumber tells whether s is a number as JSON writes one: a valid
// JSON value that starts as only a number can.
func isJSONNumber(s string) bool {
	return s != "" && (s[0] == '-' || s[0] >= '0' && s[0] <= '9') && json.Valid([]byte(s))
}

// converted yields the records of a workbook or tracker, converted.
type converted struct {
	r      *convert.Reader
	f      *os.File
	format convert.OutputFormat
}

func (s *converted) Format() convert.OutputFormat { return s.format }

func (s *converted) Next() (Item, error) {
	rec, err := s.r.Next()
	if err == nil {
		u := rec.Update
		return Item{Source: rec.Place.String(), Place: rec.Place, Update: &u}, nil
	}
	if re, ok := errors.AsType[*convert.RowError](err); ok {
		return Item{Source: re.Place.String(), Place: re.Place, ExternalID: re.ExternalID, ConvErrors: re.Errors}, nil
	}
	return Item{}, err
}

func (s *converted) Close() error {
	err := s.r.Close()
	if s.f != nil {
		s.f.Close()
	}
	return err
}
