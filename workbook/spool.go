package workbook

import (
	"bufio"
	"io"
	"os"

	"github.com/aitkit/aitkit/internal/tempfile"
)

// spool is a temporary file without a name (internal/tempfile), written
// through a buffer and read back; close frees it, and so does the end of
// the process, however it ends.
type spool struct {
	f *os.File
	*bufio.Writer
}

func newSpool() (*spool, error) {
	f, err := tempfile.New("", "aitkit-annotate-*")
	if err != nil {
		return nil, err
	}
	return &spool{f: f, Writer: bufio.NewWriterSize(f, 64<<10)}, nil
}

// copyTo writes what was spooled to w.
func (s *spool) copyTo(w io.Writer) error {
	if err := s.Flush(); err != nil {
		return err
	}
	if _, err := s.f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	_, err := io.Copy(w, bufio.NewReaderSize(s.f, 64<<10))
	return err
}

// reader rewinds the spool for reading.
func (s *spool) reader() (*bufio.Reader, error) {
	if err := s.Flush(); err != nil {
		return nil, err
	}
	if _, err := s.f.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	return bufio.NewReaderSize(s.f, 64<<10), nil
}

func (s *spool) close() {
	if s != nil {
		s.f.Close()
	}
}
