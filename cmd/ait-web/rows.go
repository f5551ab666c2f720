package main

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/aitkit/aitkit/schema"
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
}

const indexEvery = 256

// row is one row of a conversion as the store keeps it.
type row struct {
	File   int           // the input it came from, in part order
	Place  string        // its External ID cell, line or record
	Record schema.Update // for a row that converted
	Failed bool          // the row did not convert: Errors says why
	Errors []byte        // a JSON array of its errors (rowErrorJSON)
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
	b = binary.AppendUvarint(b, uint64(r.File))
	fields := []string{r.Place, r.Record.ExternalID, r.Record.Status, r.Record.MetricValue, r.Record.AsOfDate, r.Record.Comment, string(r.Errors)}
	for _, f := range fields {
		b = binary.AppendUvarint(b, uint64(len(f)))
		b = append(b, f...)
	}
	s.buf = b
	s.n++
	s.size += int64(len(b))
	_, err := s.w.Write(b)
	return err
}

// finish flushes what was added, so that it can be read.
func (s *rowStore) finish() error { return s.w.Flush() }

// len is the number of rows.
func (s *rowStore) len() int { return s.n }

// each calls fn with the rows from offset on, at most limit of them (all
// when limit < 0), in order. The row is reused by the next call.
func (s *rowStore) each(offset, limit int, fn func(i int, r *row) error) error {
	if offset < 0 || offset >= s.n || limit == 0 {
		return nil
	}
	start := s.index[offset/indexEvery]
	br := bufio.NewReaderSize(io.NewSectionReader(s.f, start, s.size-start), 32<<10)
	var r row
	var fields [7]string
	var buf []byte
	for i := offset / indexEvery * indexEvery; i < s.n; i++ {
		if limit >= 0 && i >= offset+limit {
			break
		}
		kind, err := br.ReadByte()
		var file uint64
		if err == nil {
			file, err = binary.ReadUvarint(br)
		}
		for k := 0; err == nil && k < len(fields); k++ {
			var n uint64
			if n, err = binary.ReadUvarint(br); err == nil {
				if n > 1<<30 {
					err = errors.New("a field longer than a row holds")
					break
				}
				if uint64(cap(buf)) < n {
					buf = make([]byte, n)
				}
				buf = buf[:n]
				_, err = io.ReadFull(br, buf)
				fields[k] = string(buf)
			}
		}
		if err != nil {
			return fmt.Errorf("the temporary file of the rows, row %d: %w", i, err)
		}
		if i < offset {
			continue
		}
		r = row{File: int(file), Place: fields[0], Failed: kind == 1,
			Record: schema.Update{ExternalID: fields[1], Status: fields[2], MetricValue: fields[3], AsOfDate: fields[4], Comment: fields[5]}}
		if fields[6] != "" {
			r.Errors = []byte(fields[6])
		}
		if err := fn(i, &r); err != nil {
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
