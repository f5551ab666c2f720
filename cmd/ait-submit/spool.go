package main

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"github.com/aitkit/aitkit/cmd/internal/cli"
	"github.com/aitkit/aitkit/record"
	"github.com/aitkit/aitkit/schema"
)

// records are the valid records of a run, in order, each with where it
// came from, kept in a temporary file (cli.Spool) rather than in memory:
// a million records cost the run nothing but disk.
type records struct {
	spool *cli.Spool
	w     *bufio.Writer
	n     int
	buf   []byte
}

func newRecords() (*records, error) {
	sp, err := cli.NewSpool()
	if err != nil {
		return nil, fmt.Errorf("a temporary file for the records: %w", err)
	}
	return &records{spool: sp, w: bufio.NewWriterSize(sp, 64<<10)}, nil
}

// add appends a record and its source.
func (r *records) add(u *schema.Update, source string) error {
	r.buf = r.buf[:0]
	for _, f := range [...]string{u.ExternalID, u.Status, u.MetricValue, u.AsOfDate, u.Comment, source} {
		r.buf = binary.AppendUvarint(r.buf, uint64(len(f)))
		r.buf = append(r.buf, f...)
	}
	r.n++
	_, err := r.w.Write(r.buf)
	return err
}

// each calls fn with every record, in order, with its position and source.
func (r *records) each(fn func(i int, u *schema.Update, source string) error) error {
	if err := r.w.Flush(); err != nil {
		return err
	}
	rd, err := r.spool.Reader()
	if err != nil {
		return err
	}
	br := bufio.NewReaderSize(rd, 64<<10)
	var f [6]string
	var buf []byte
	for i := range r.n {
		for k := range f {
			n, err := binary.ReadUvarint(br)
			if err == nil && n > 1<<30 {
				err = errors.New("a field longer than a record holds")
			}
			if err == nil {
				if uint64(cap(buf)) < n {
					buf = make([]byte, n)
				}
				buf = buf[:n]
				_, err = io.ReadFull(br, buf)
			}
			if err != nil {
				return fmt.Errorf("the temporary file of the records, record %d: %w", i, err)
			}
			f[k] = string(buf)
		}
		u := schema.Update{ExternalID: f[0], Status: f[1], MetricValue: f[2], AsOfDate: f[3], Comment: f[4]}
		if err := fn(i, &u, f[5]); err != nil {
			return err
		}
	}
	return nil
}

// writeBody writes the records in format f to w, through the record
// package's writer.
func (r *records) writeBody(w io.Writer, f record.Format) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	rw := record.NewWriter(bw, f)
	err := r.each(func(_ int, u *schema.Update, _ string) error { return rw.Write(u) })
	if err == nil {
		err = rw.Close()
	}
	if err == nil {
		err = bw.Flush()
	}
	return err
}

// sources returns where the records at the given positions came from.
func (r *records) sources(positions map[int]bool) map[int]string {
	out := map[int]string{}
	if len(positions) == 0 {
		return out
	}
	r.each(func(i int, _ *schema.Update, source string) error {
		if positions[i] {
			out[i] = source
		}
		return nil
	})
	return out
}

// filter keeps the records for which keep is true, in a new spool.
func (r *records) filter(keep func(i int) bool) (*records, error) {
	nr, err := newRecords()
	if err != nil {
		return nil, err
	}
	err = r.each(func(i int, u *schema.Update, source string) error {
		if keep(i) {
			return nr.add(u, source)
		}
		return nil
	})
	if err != nil {
		nr.close()
		return nil, err
	}
	return nr, nil
}

func (r *records) close() { r.spool.Close() }
