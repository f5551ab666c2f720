package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Output is where a run's records go. They are written to a temporary file
// first and reach their target only on Commit: a regular file by rename (in
// the same folder, so it is atomic), standard output or a device or pipe by
// copying. Abort (or an interrupted run) leaves nothing behind.
type Output struct {
	target string    // "" for standard output
	stdout io.Writer // used when target is ""
	direct bool      // target is not a regular file: copy into it
	tmp    *os.File
	done   bool
	ok     bool // committed
}

// CreateOutput prepares an output to path, or to stdout when path is "" or
// "-".
func CreateOutput(path string, stdout io.Writer) (*Output, error) {
	o := &Output{stdout: stdout}
	dir := ""
	if path != "" && path != "-" {
		o.target = path
		st, err := os.Stat(path)
		switch {
		case err == nil && st.IsDir():
			return nil, fmt.Errorf("output %s is a directory", path)
		case err == nil && !st.Mode().IsRegular():
			o.direct = true // /dev/stdout, a named pipe, a device: never renamed over
		default:
			dir = filepath.Dir(path)
		}
	}
	pattern := ".aitkit-*.tmp"
	if o.target != "" && !o.direct {
		pattern = "." + filepath.Base(o.target) + ".*.tmp"
	}
	tmp, err := os.CreateTemp(dir, pattern)
	if err != nil {
		return nil, fmt.Errorf("output: %w", err)
	}
	o.tmp = tmp
	return o, nil
}

// Writer is where to write the records.
func (o *Output) Writer() io.Writer { return o.tmp }

// Target names the output in messages.
func (o *Output) Target() string {
	if o.target == "" {
		return "standard output"
	}
	return o.target
}

// Commit moves what was written to the target.
func (o *Output) Commit() error {
	if o.done {
		return errors.New("output already finished")
	}
	o.done = true
	err := o.commit()
	o.ok = err == nil
	return err
}

// Committed tells whether Commit reached the target.
func (o *Output) Committed() bool { return o.ok }

func (o *Output) commit() error {
	defer os.Remove(o.tmp.Name())
	if o.target != "" && !o.direct {
		// A new file gets the usual mode; a replaced one keeps its own.
		mode := os.FileMode(0o644)
		if st, err := os.Stat(o.target); err == nil {
			mode = st.Mode().Perm()
		}
		if err := o.tmp.Chmod(mode); err != nil {
			o.tmp.Close()
			return err
		}
		if err := o.tmp.Sync(); err != nil {
			o.tmp.Close()
			return err
		}
		if err := o.tmp.Close(); err != nil {
			return err
		}
		return os.Rename(o.tmp.Name(), o.target)
	}
	defer o.tmp.Close()
	if _, err := o.tmp.Seek(0, io.SeekStart); err != nil {
		return err
	}
	w := o.stdout
	if o.direct {
		f, err := os.OpenFile(o.target, os.O_WRONLY, 0)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	_, err := io.Copy(w, o.tmp)
	return err
}

// Abort removes what was written. It is safe after Commit.
func (o *Output) Abort() {
	if o.done {
		return
	}
	o.done = true
	o.tmp.Close()
	os.Remove(o.tmp.Name())
}

// Spool is a temporary file for data that waits for the end of a run.
type Spool struct {
	f *os.File
	n int64
}

// NewSpool creates a spool in the temporary directory.
func NewSpool() (*Spool, error) {
	f, err := os.CreateTemp("", "aitkit-spool-*")
	if err != nil {
		return nil, err
	}
	return &Spool{f: f}, nil
}

func (s *Spool) Write(p []byte) (int, error) {
	n, err := s.f.Write(p)
	s.n += int64(n)
	return n, err
}

// Size is the number of bytes written.
func (s *Spool) Size() int64 { return s.n }

// Reader rewinds the spool for reading.
func (s *Spool) Reader() (io.Reader, error) {
	_, err := s.f.Seek(0, io.SeekStart)
	return s.f, err
}

// Close removes the spool.
func (s *Spool) Close() error {
	err := s.f.Close()
	os.Remove(s.f.Name())
	return err
}

// SameFile tells whether two paths name the same existing file.
func SameFile(a, b string) bool {
	sa, err := os.Stat(a)
	if err != nil {
		return false
	}
	sb, err := os.Stat(b)
	if err != nil {
		return false
	}
	return os.SameFile(sa, sb)
}
