package convert

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// Format is a kind of input.
type Format int

// Input formats.
const (
	FormatAuto      Format = iota // from the file name, else the first bytes
	FormatXLSX                    // .xlsx, .xlsm
	FormatDelimited               // .csv, .tsv, .txt
	FormatJSON                    // .json: an array of objects
)

func (f Format) String() string {
	switch f {
	case FormatXLSX:
		return "xlsx"
	case FormatDelimited:
		return "csv"
	case FormatJSON:
		return "json"
	}
	return "auto"
}

// Limits bound what a workbook may inflate to, against zip bombs.
type Limits struct {
	MaxPartSize int64 // bytes one worksheet or shared-strings part may inflate to
	MaxRatio    int64 // inflated bytes per compressed byte
}

// DefaultLimits allow a sheet of several million rows and refuse what only a
// zip bomb does.
var DefaultLimits = Limits{MaxPartSize: 4 << 30, MaxRatio: 1000}

var (
	magicZip  = []byte("PK\x03\x04")
	magicOLE2 = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
)

// FormatOf tells a format from a file name; FormatAuto when the name says
// nothing. An .xls name is an error: aitkit reads only .xlsx.
func FormatOf(name string) (Format, error) {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".xlsx", ".xlsm":
		return FormatXLSX, nil
	case ".csv", ".tsv", ".txt", ".tab":
		return FormatDelimited, nil
	case ".json":
		return FormatJSON, nil
	case ".xls", ".xlsb", ".ods", ".numbers":
		return FormatAuto, fmt.Errorf("%w: %s files are not read; open it in a spreadsheet program and save it as .xlsx", ErrUnsupported, filepath.Ext(name))
	}
	return FormatAuto, nil
}

// sniff tells a format from the first bytes of an input.
func sniff(head []byte) (Format, error) {
	switch {
	case len(head) == 0:
		return FormatAuto, ErrEmpty
	case bytes.HasPrefix(head, magicOLE2):
		return FormatAuto, fmt.Errorf("%w: this is an OLE2 file, an old .xls workbook or one encrypted with a password; save it as .xlsx without a password", ErrUnsupported)
	case bytes.HasPrefix(head, magicZip):
		return FormatXLSX, nil
	}
	t := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")), " \t\r\n")
	if len(t) > 0 && t[0] == '[' {
		return FormatJSON, nil
	}
	if len(t) > 0 && t[0] == '{' {
		return FormatAuto, fmt.Errorf("%w: JSON input must be an array of records, [ {...}, ... ]", ErrUnsupported)
	}
	return FormatDelimited, nil
}

// checkFormat tells whether the bytes agree with the format the name gives.
func checkFormat(named, sniffed Format, head []byte) error {
	if named == FormatAuto || named == sniffed {
		return nil
	}
	switch {
	case sniffed == FormatXLSX:
		return fmt.Errorf("%w: the file is a zip archive (a workbook?), not %s; rename it to .xlsx", ErrUnsupported, named)
	case named == FormatXLSX:
		return fmt.Errorf("%w: the file is not a workbook (no zip signature); it starts with %q", ErrUnsupported, truncate(string(head[:min(len(head), 24)]), 24))
	case named == FormatJSON:
		return fmt.Errorf("%w: the file is not a JSON array; it starts with %q", ErrUnsupported, truncate(string(head[:min(len(head), 24)]), 24))
	}
	return nil // delimited text that starts with '[' is still text
}

// Open opens a file and returns a Reader of its records.
func Open(ctx context.Context, path string, opts Options) (*Reader, error) {
	f, err := os.Open(path)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err // the path is already the InputError's
		}
		return nil, &InputError{File: path, Err: err}
	}
	return openWith(ctx, path, f, opts, true)
}

func openWith(ctx context.Context, path string, f *os.File, opts Options, needUpdateColumns bool) (*Reader, error) {
	r, err := newReader(ctx, path, f, opts, needUpdateColumns)
	if err != nil {
		f.Close()
		return nil, err
	}
	r.addCloser(f)
	return r, nil
}

// addCloser adds c to what the Reader closes after its source, in order.
func (r *Reader) addCloser(c io.Closer) {
	if r.ext == nil {
		r.ext = c
	} else {
		r.ext = multiCloser{r.ext, c}
	}
}

type multiCloser []io.Closer

func (m multiCloser) Close() error {
	var first error
	for _, c := range m {
		if err := c.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// NewReader returns a Reader of the records in in, named name in messages.
// A workbook needs random access: when in is not an *os.File it is spooled
// to a temporary file, removed on Close.
func NewReader(ctx context.Context, name string, in io.Reader, opts Options) (*Reader, error) {
	return newReader(ctx, name, in, opts, true)
}

// Detect tells the format of an input from its name (unless forced is set)
// and its first bytes, which it peeks from br without consuming them. The
// name "-" (standard input) says nothing.
func Detect(name string, br *bufio.Reader, forced Format) (Format, error) {
	named := forced
	if named == FormatAuto && name != "-" {
		var err error
		if named, err = FormatOf(name); err != nil {
			return FormatAuto, err
		}
	}
	head, err := br.Peek(512)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return FormatAuto, err
	}
	sniffed, err := sniff(head)
	if err != nil {
		return FormatAuto, err
	}
	if err := checkFormat(named, sniffed, head); err != nil {
		return FormatAuto, err
	}
	if named == FormatAuto {
		return sniffed, nil
	}
	return named, nil
}

func newReader(ctx context.Context, name string, in io.Reader, opts Options, needUpdateColumns bool) (*Reader, error) {
	fail := func(err error) (*Reader, error) { return nil, &InputError{File: name, Err: err} }
	if opts.Limits == (Limits{}) {
		opts.Limits = DefaultLimits
	}
	br := bufio.NewReaderSize(in, 64<<10)
	format, err := Detect(name, br, opts.Format)
	if err != nil {
		return fail(err)
	}
	norm, err := newNormalizer(opts)
	if err != nil {
		return nil, err
	}
	matcher, err := NewHeaderMatcher(opts.Columns)
	if err != nil {
		return nil, err
	}
	r := &Reader{name: name, norm: norm}
	switch format {
	case FormatXLSX:
		err = r.openWorkbook(ctx, in, br, matcher, opts)
	case FormatJSON:
		err = r.openJSON(br, matcher)
	default:
		err = r.openDelimited(br, matcher, opts)
	}
	if err != nil {
		if r.src != nil {
			r.src.close()
		}
		if r.ext != nil {
			r.ext.Close()
		}
		if _, ok := err.(*InputError); ok {
			return nil, err
		}
		return fail(err)
	}
	if !needUpdateColumns {
		return r, nil
	}
	if _, ok := r.cols.index["status"]; !ok && format != FormatJSON {
		r.Close()
		return fail(fmt.Errorf("the header row (%s) has no Status column; name one with --map 'COLUMN=status'", describeHeaders([][]string{r.cols.header})))
	}
	if _, ok := r.cols.index["asOfDate"]; !ok && format != FormatJSON && opts.AsOf == "" {
		r.Close()
		return fail(fmt.Errorf("the header row (%s) has no As Of Date column; give the date with --as-of YYYY-MM-DD or name a column with --map 'COLUMN=asOfDate'", describeHeaders([][]string{r.cols.header})))
	}
	return r, nil
}
