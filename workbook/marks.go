package workbook

import (
	"encoding/binary"
	"errors"
	"io"

	"github.com/aitkit/aitkit/internal/extsort"
	"github.com/aitkit/aitkit/sheet"
)

// Marks are kept on disk, sorted by sheet, row, column and arrival, so
// that a million of them cost no memory: each is a record whose key sorts
// in that order (the sheet's name, a zero byte, then big-endian row,
// column and sequence number) followed by its text.

// mark is a Mark read back, with its cell's place.
type mark struct {
	Mark
	row, col int // 1-based row, 0-based column; row 0 when Cell is not a cell
}

func encodeMark(b []byte, m Mark, seq uint64) []byte {
	row, col := parseCell(m.Cell)
	b = append(b[:0], m.Sheet...)
	b = append(b, 0)
	b = binary.BigEndian.AppendUint32(b, uint32(row))
	b = binary.BigEndian.AppendUint32(b, uint32(col))
	b = binary.BigEndian.AppendUint64(b, seq)
	for _, s := range []string{m.Cell, m.Field, m.Value, m.Message} {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	return b
}

var errBadMark = errors.New("a kept mark is damaged")

func decodeMark(b []byte) (mark, error) {
	var m mark
	i := 0
	for i < len(b) && b[i] != 0 {
		i++
	}
	if len(b) < i+17 {
		return m, errBadMark
	}
	m.Sheet = string(b[:i])
	m.row = int(binary.BigEndian.Uint32(b[i+1:]))
	m.col = int(binary.BigEndian.Uint32(b[i+5:]))
	b = b[i+17:]
	for _, s := range []*string{&m.Cell, &m.Field, &m.Value, &m.Message} {
		n, k := binary.Uvarint(b)
		if k <= 0 || uint64(len(b)-k) < n {
			return m, errBadMark
		}
		*s = string(b[k : k+int(n)])
		b = b[k+int(n):]
	}
	return m, nil
}

// parseCell reads "C17" as row 17, column 2; anything else is row 0.
func parseCell(cell string) (row, col int) {
	i := 0
	for i < len(cell) && (cell[i] >= 'A' && cell[i] <= 'Z' || cell[i] >= 'a' && cell[i] <= 'z') {
		i++
	}
	if i == 0 || i > 3 || i == len(cell) {
		return 0, 0
	}
	c := 0
	for _, ch := range cell[:i] {
		c = c*26 + int(ch|0x20-'a'+1)
	}
	r := 0
	for _, ch := range cell[i:] {
		if ch < '0' || ch > '9' || r > sheet.DefaultLimits.MaxRows {
			return 0, 0
		}
		r = r*10 + int(ch-'0')
	}
	if r == 0 || c > 16384 {
		return 0, 0
	}
	return r, c - 1
}

// markStream reads sorted marks one at a time, with one to look ahead.
type markStream struct {
	it   *extsort.Iter
	cur  *mark
	next mark
	err  error
}

// peek is the next mark, or nil at the end (or on an error: see err).
func (s *markStream) peek() *mark {
	if s.cur != nil || s.err != nil {
		return s.cur
	}
	b, err := s.it.Next()
	if err == io.EOF {
		return nil
	}
	if err == nil {
		s.next, err = decodeMark(b)
	}
	if err != nil {
		s.err = err
		return nil
	}
	s.cur = &s.next
	return s.cur
}

// pop takes the mark peek gave.
func (s *markStream) pop() mark {
	m := *s.peek()
	s.cur = nil
	return m
}
