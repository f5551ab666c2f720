package importapi

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"

	"github.com/aitkit/aitkit/schema"
)

// spool is a temporary file for what checking a body gives, so that a
// body's records (or its errors) wait on disk, not in memory, until it is
// known whether the body is accepted. On Unix it has no name from the
// start: nothing of it is left however the server ends.
type spool struct {
	f *os.File
	w *bufio.Writer
	n int // records or errors written
}

func newSpool() (*spool, error) {
	f, err := os.CreateTemp("", "ait-server-*.tmp")
	if err != nil {
		return nil, err
	}
	if runtime.GOOS != "windows" {
		os.Remove(f.Name())
	}
	return &spool{f: f, w: bufio.NewWriterSize(f, 64<<10)}, nil
}

// reader rewinds the spool for reading.
func (s *spool) reader() (*bufio.Reader, error) {
	if err := s.w.Flush(); err != nil {
		return nil, err
	}
	if _, err := s.f.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	return bufio.NewReaderSize(s.f, 64<<10), nil
}

// drop forgets what was written (the records of a body found invalid).
func (s *spool) drop() error {
	s.w.Reset(s.f)
	s.n = 0
	if _, err := s.f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	return s.f.Truncate(0)
}

func (s *spool) close() {
	s.f.Close()
	if runtime.GOOS == "windows" {
		os.Remove(s.f.Name())
	}
}

// addRecord appends a record in appendRecord's form.
func (s *spool) addRecord(u *schema.Update) error {
	s.n++
	_, err := s.w.Write(appendRecord(nil, u))
	return err
}

// records calls fn with each record of the spool, in order.
func (s *spool) records(fn func(schema.Update) error) error {
	br, err := s.reader()
	if err != nil {
		return err
	}
	var f [5]string
	for range s.n {
		for k := range f {
			l, err := binary.ReadUvarint(br)
			if err == nil && l > 1<<30 {
				err = errors.New("a field longer than a record holds")
			}
			if err != nil {
				return fmt.Errorf("a spooled record: %w", err)
			}
			b := make([]byte, l)
			if _, err := io.ReadFull(br, b); err != nil {
				return fmt.Errorf("a spooled record: %w", err)
			}
			f[k] = string(b)
		}
		if err := fn(schema.Update{ExternalID: f[0], Status: f[1], MetricValue: f[2], AsOfDate: f[3], Comment: f[4]}); err != nil {
			return err
		}
	}
	return nil
}
