package convert

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/aitkit/aitkit/schema"
)

// defaultOrder is the article's CSV column order, used for headerless text
// and for the columns of JSON records.
func defaultOrder() []string {
	return []string{schema.FieldExternalID, schema.FieldStatus, schema.FieldMetricValue, schema.FieldAsOfDate, schema.FieldComment}
}

func defaultOrderHeader() []string { return append([]string(nil), schema.CSVHeader...) }

// jsonSource reads an array of objects, one at a time; each object's keys
// are matched to fields as headers are, so "External ID", "externalID" and
// "external_id" all work.
type jsonSource struct {
	name  string
	dec   *json.Decoder
	m     *HeaderMatcher
	index int
	cells []Cell
	rank  []int
}

func (s *jsonSource) next() (row, error) {
	if !s.dec.More() {
		if _, err := s.dec.Token(); err != nil { // the closing ]
			return row{}, s.syntax(err)
		}
		if _, err := s.dec.Token(); err != io.EOF {
			return row{}, fmt.Errorf("%w: data after the end of the JSON array", ErrMalformed)
		}
		return row{}, io.EOF
	}
	var obj map[string]json.RawMessage
	if err := s.dec.Decode(&obj); err != nil {
		var ute *json.UnmarshalTypeError
		if errors.As(err, &ute) {
			return row{}, fmt.Errorf("%w: %s[%d] is a JSON %s, not an object", ErrMalformed, s.name, s.index, ute.Value)
		}
		return row{}, s.syntax(err)
	}
	if s.cells == nil {
		s.cells = make([]Cell, len(schema.Fields))
		s.rank = make([]int, len(schema.Fields))
	}
	for i := range s.cells {
		s.cells[i] = Cell{}
		s.rank[i] = 1 << 30
	}
	for k, v := range obj {
		field, rank, ok := s.m.match(k)
		if !ok {
			continue
		}
		i := fieldIndex(field)
		if rank >= s.rank[i] {
			continue
		}
		s.rank[i] = rank
		s.cells[i] = jsonCell(v)
	}
	r := row{cells: s.cells, num: s.index}
	s.index++
	return r, nil
}

func (s *jsonSource) syntax(err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Errorf("%w: invalid JSON at byte %d (in or after record %d): %v", ErrMalformed, se.Offset, s.index, err)
	}
	if err == io.ErrUnexpectedEOF || err == io.EOF {
		return fmt.Errorf("%w: the JSON array ends early, after %d records (a truncated file?)", ErrMalformed, s.index)
	}
	return err
}

func (s *jsonSource) place(r *row, col int) Place { return Place{File: s.name, Index: r.num} }
func (s *jsonSource) close() error                { return nil }

func fieldIndex(field string) int {
	for i, f := range schema.Fields {
		if f == field {
			return i
		}
	}
	return -1
}

// jsonCell reads a JSON value as a cell: strings as text, numbers as stored.
func jsonCell(v json.RawMessage) Cell {
	v = bytes.TrimSpace(v)
	if len(v) == 0 {
		return Cell{}
	}
	switch v[0] {
	case '"':
		var s string
		if err := json.Unmarshal(v, &s); err != nil {
			return Cell{Value: string(v), Kind: KindError}
		}
		return Cell{Value: s}
	case 'n':
		return Cell{}
	case 't', 'f':
		return Cell{Value: string(v), Kind: KindBool}
	case '{', '[':
		return Cell{Value: truncate(string(v), 40), Kind: KindNested}
	}
	return Cell{Value: string(v), Kind: KindNumber}
}

func (r *Reader) openJSON(br *bufio.Reader, m *HeaderMatcher) error {
	dec := json.NewDecoder(decodeText(br))
	tok, err := dec.Token()
	if err != nil {
		if err == io.EOF {
			return ErrEmpty
		}
		return fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		return fmt.Errorf("%w: JSON input must be an array of records, [ {...}, ... ]", ErrUnsupported)
	}
	r.src = &jsonSource{name: r.name, dec: dec, m: m}
	r.cols = columns{index: map[string]int{}, header: defaultOrderHeader()}
	for i, f := range schema.Fields {
		r.cols.index[f] = i
	}
	return nil
}
