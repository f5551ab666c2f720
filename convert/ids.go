package convert

import (
	"context"
	"errors"
	"io"
	"os"
	"strings"

	"github.com/aitkit/aitkit/schema"
)

// ReadExternalIDs reads the External ID column of an External IDs export
// (or any workbook, delimited text or JSON with such a column), found the
// way ait-convert finds headers. Numeric cells give their digits; empty
// cells are left out.
func ReadExternalIDs(ctx context.Context, path string, opts Options) (map[string]bool, error) {
	f, err := os.Open(path)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, &InputError{File: path, Err: err}
	}
	r, err := openWith(ctx, path, f, opts, false)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	col := r.cols.index[schema.FieldExternalID]
	ids := map[string]bool{}
	for n := 0; ; n++ {
		if n&1023 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		row, err := r.src.next()
		if err == io.EOF {
			return ids, nil
		}
		if err != nil {
			return nil, &InputError{File: path, Err: err}
		}
		if col >= len(row.cells) {
			continue
		}
		c := row.cells[col]
		id := strings.TrimSpace(c.Value)
		if c.Kind == KindNumber || c.Kind == KindPercent {
			if v, err := numericID(c.Value); err == nil {
				id = v
			}
		}
		if id != "" {
			ids[id] = true
		}
	}
}

// DecodeText returns a reader of UTF-8 text from delimited or JSON input:
// a byte-order mark is dropped, UTF-16 decoded, Windows-1252 read when the
// text is not valid UTF-8.
func DecodeText(br interface {
	io.Reader
	Peek(int) ([]byte, error)
	Discard(int) (int, error)
}) io.Reader {
	return decodeText(br)
}

// DetectDelimiter picks the delimiter of delimited text from its first
// bytes: the one of , ; tab | whose count per line is most consistent.
func DetectDelimiter(head []byte, tsv bool) rune { return detectDelimiter(head, tsv) }

// FoldHeader is the form headers and keys are compared in: lower case,
// letters, digits and % only.
func FoldHeader(s string) string { return foldHeader(s) }
