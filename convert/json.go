package convert

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

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
	arr   *JSONArray
	m     *HeaderMatcher
	cells []Cell
	rank  []int
}

func (s *jsonSource) next() (row, error) {
	index := s.arr.Index()
	var obj map[string]json.RawMessage
	if err := s.arr.Next(&obj); err != nil {
		var ute *json.UnmarshalTypeError
		if errors.As(err, &ute) {
			return row{}, fmt.Errorf("%w: %s[%d] is a JSON %s, not an object", ErrMalformed, s.name, index, ute.Value)
		}
		return row{}, err
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
	return row{cells: s.cells, num: index}, nil
}

func (s *jsonSource) place(num, col int) Place { return Place{File: s.name, Index: num} }
func (s *jsonSource) close() error             { return nil }

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
	arr, err := NewJSONArray(decodeText(br), false)
	if err != nil {
		return err
	}
	r.src = &jsonSource{name: r.name, arr: arr, m: m}
	r.cols = columns{index: map[string]int{}, header: defaultOrderHeader()}
	for i, f := range schema.Fields {
		r.cols.index[f] = i
	}
	return nil
}
