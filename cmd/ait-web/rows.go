package main

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/aitkit/aitkit/record"
	"github.com/aitkit/aitkit/schema"
	"github.com/aitkit/aitkit/sheet"
)

// rowStore holds a conversion's rows (each a record, or a row that did not
// convert with its errors) in a temporary file, in input order, with the
// byte offset of every indexEvery-th row: a page anywhere is one seek and a
// few rows read, and a million rows cost the process a few kilobytes.
type rowStore struct {
	f     *os.File
	w     *bufio.Writer
	size  int64   // bytes written
	index []int64 // offset of rows 0, indexEvery, 2*indexEvery...
	n     int
	buf   []byte
	// The records: the rows that converted, of the files that were read
	// (what ait-convert writes, with --skip-invalid when rows fail), found
	// by finish. recIndex holds the row and offset of records 0,
	// indexEvery, 2*indexEvery...
	records  int
	recIndex []rowAt
}

// rowAt is a row's number and where it starts in the file.
type rowAt struct {
	row int
	off int64
}

const indexEvery = 256

// row is one row of a conversion as the store keeps it.
type row struct {
	File   int           // the input it came from, in part order
	Place  sheet.Place   // its External ID cell, line or record
	Record schema.Update // a row that converted: its record; one that failed: its values (record.RowError.Values)
	Failed bool          // the row did not convert: Errors says why
	ID     string        // a row that failed: its External ID, as far as it was read
	Errors []byte        // a JSON array of its errors (fieldErrorJSON)
}

func newRowStore(dir string) (*rowStore, error) {
	f, err := os.CreateTemp(dir, "rows-*")
	if err != nil {
		return nil, err
	}
	return &rowStore{f: f, w: bufio.NewWriterSize(f, 64<<10)}, nil
}

// add appends a row.
func (s *rowStore) add(r *row) error {
	if s.n%indexEvery == 0 {
		s.index = append(s.index, s.size)
	}
	b := s.buf[:0]
	kind := byte(0)
	if r.Failed {
		kind = 1
	}
	b = append(b, kind)
	for _, n := range []int{r.File, r.Place.Line, r.Place.Index + 1} {
		b = binary.AppendUvarint(b, uint64(n))
	}
	for _, f := range [...]string{r.Place.File, r.Place.Sheet, r.Place.Cell, r.Record.ExternalID, r.Record.Status, r.Record.MetricValue, r.Record.AsOfDate, r.Record.Comment, r.ID, string(r.Errors)} {
		b = binary.AppendUvarint(b, uint64(len(f)))
		b = append(b, f...)
	}
	s.buf = b
	s.n++
	s.size += int64(len(b))
	_, err := s.w.Write(b)
	return err
}

// finish flushes what was added, so that it can be read, and indexes the
// records: the rows that converted, of the files include says.
func (s *rowStore) finish(include []bool) error {
	if err := s.w.Flush(); err != nil {
		return err
	}
	c, err := s.cursor(0)
	if err != nil {
		return err
	}
	for {
		_, at, err := c.nextRecord(include)
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if s.records%indexEvery == 0 {
			s.recIndex = append(s.recIndex, at)
		}
		s.records++
	}
}

// len is the number of rows.
func (s *rowStore) len() int { return s.n }

// rowCursor reads the rows from one on, in order.
type rowCursor struct {
	s   *rowStore
	br  *bufio.Reader
	i   int   // the next row's number
	off int64 // and its offset
	buf []byte
	r   row
}

// cursor returns a cursor at row offset.
func (s *rowStore) cursor(offset int) (*rowCursor, error) {
	if offset < 0 || offset >= s.n {
		return &rowCursor{s: s, i: s.n}, nil
	}
	c := s.cursorAt(rowAt{offset / indexEvery * indexEvery, s.index[offset/indexEvery]})
	for c.i < offset {
		if _, err := c.next(); err != nil {
			return nil, err
		}
	}
	return c, nil
}

func (s *rowStore) cursorAt(at rowAt) *rowCursor {
	return &rowCursor{s: s, i: at.row, off: at.off,
		br: bufio.NewReaderSize(io.NewSectionReader(s.f, at.off, s.size-at.off), 32<<10)}
}

// next returns the next row and its number, or io.EOF after the last. The
// row is reused by the next call.
func (c *rowCursor) next() (*row, error) {
	if c.i >= c.s.n {
		return nil, io.EOF
	}
	kind, err := c.br.ReadByte()
	size := int64(1)
	var nums [3]uint64
	for k := 0; err == nil && k < len(nums); k++ {
		nums[k], err = binary.ReadUvarint(c.br)
		size += uvarintLen(nums[k])
	}
	var fields [10]string
	for k := 0; err == nil && k < len(fields); k++ {
		var n uint64
		if n, err = binary.ReadUvarint(c.br); err == nil {
			if n > 1<<30 {
				err = errors.New("a field longer than a row holds")
				break
			}
			if uint64(cap(c.buf)) < n {
				c.buf = make([]byte, n)
			}
			c.buf = c.buf[:n]
			_, err = io.ReadFull(c.br, c.buf)
			fields[k] = string(c.buf)
			size += uvarintLen(n) + int64(n)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("the temporary file of the rows, row %d: %w", c.i, err)
	}
	c.r = row{File: int(nums[0]), Failed: kind == 1,
		Place:  sheet.Place{File: fields[0], Sheet: fields[1], Cell: fields[2], Line: int(nums[1]), Index: int(nums[2]) - 1},
		Record: schema.Update{ExternalID: fields[3], Status: fields[4], MetricValue: fields[5], AsOfDate: fields[6], Comment: fields[7]},
		ID:     fields[8]}
	if fields[9] != "" {
		c.r.Errors = []byte(fields[9])
	}
	c.i++
	c.off += size
	return &c.r, nil
}

// nextRecord returns the next row that is a record (a row that
// converted, of a file include says), and where it starts.
func (c *rowCursor) nextRecord(include []bool) (*row, rowAt, error) {
	for {
		at := rowAt{c.i, c.off}
		r, err := c.next()
		if err != nil {
			return nil, at, err
		}
		if !r.Failed && include[r.File] {
			return r, at, nil
		}
	}
}

// uvarintLen is how many bytes binary.AppendUvarint writes for x.
func uvarintLen(x uint64) int64 {
	n := int64(1)
	for ; x >= 0x80; x >>= 7 {
		n++
	}
	return n
}

// eachRecord calls fn with the records from record offset on, at most
// limit of them (all when limit < 0), in order. The row is reused by the
// next call.
func (s *rowStore) eachRecord(include []bool, offset, limit int, fn func(r *row) error) error {
	if offset < 0 || offset >= s.records || limit == 0 {
		return nil
	}
	k := offset / indexEvery * indexEvery
	c := s.cursorAt(s.recIndex[offset/indexEvery])
	for n := 0; limit < 0 || n < limit; {
		r, _, err := c.nextRecord(include)
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if k++; k <= offset {
			continue
		}
		if err := fn(r); err != nil {
			return err
		}
		n++
	}
	return nil
}

// each calls fn with the rows from offset on, at most limit of them (all
// when limit < 0), in order. The row is reused by the next call.
func (s *rowStore) each(offset, limit int, fn func(i int, r *row) error) error {
	c, err := s.cursor(offset)
	if err != nil {
		return err
	}
	for n := 0; limit < 0 || n < limit; n++ {
		i := c.i
		r, err := c.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if err := fn(i, r); err != nil {
			return err
		}
	}
	return nil
}

// close removes the file.
func (s *rowStore) close() {
	s.f.Close()
	os.Remove(s.f.Name())
}

// recordSource is the records of a conversion that ait-convert writes
// (the rows that converted, of the files it writes), as records as
// written, each at its place in the user's file: what ait-validate and
// ait-submit read from ait-convert's output in a pipe.
type recordSource struct {
	c       *rowCursor
	include []bool
	w       record.Written
}

var _ record.Source = (*recordSource)(nil)

func (s *recordSource) Next() (*record.Written, error) {
	r, _, err := s.c.nextRecord(s.include)
	if err != nil {
		return nil, err
	}
	s.w = record.WrittenOf(r.Record)
	s.w.Place = r.Place
	return &s.w, nil
}
