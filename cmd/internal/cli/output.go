package cli

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"syscall"

	"github.com/aitkit/aitkit/internal/tempfile"
)

// Output is where a run's records go. They are written to a temporary file
// first and reach their target only on Commit: a regular file by rename (in
// the same folder, so it is atomic), standard output or a device or pipe by
// copying. Abort (or an interrupted run) leaves nothing behind.
//
// The temporary file of standard output, a device or a pipe has no name
// (removed as soon as it is made, or delete-on-close on Windows): however
// the run ends, a closed pipe and kill -9 included, nothing is left. The
// one beside a regular target is created through the umask, as the target
// would be, so that the rename gives it the mode any new file gets.
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
	if path != "" && path != "-" {
		o.target = path
		st, err := os.Stat(path)
		switch {
		case err == nil && st.IsDir():
			return nil, fmt.Errorf("output %s is a directory", path)
		case err == nil && !st.Mode().IsRegular():
			o.direct = true // /dev/stdout, a named pipe, a device: never renamed over
		}
	}
	var err error
	if o.target != "" && !o.direct {
		o.tmp, err = createBeside(o.target)
	} else {
		o.tmp, err = tempfile.New("", "aitkit-*.tmp")
	}
	if err != nil {
		return nil, fmt.Errorf("output: %w", err)
	}
	return o, nil
}

// createBeside creates a new temporary file in target's folder, named
// after it, with mode 0666 less the umask.
func createBeside(target string) (*os.File, error) {
	dir, base := filepath.Split(target)
	for range 100 {
		name := filepath.Join(dir, "."+base+"."+strconv.FormatUint(rand.Uint64(), 36)+".tmp")
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o666)
		if !errors.Is(err, fs.ErrExist) {
			return f, err
		}
	}
	return nil, fmt.Errorf("no free temporary name beside %s", target)
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
	if o.target != "" && !o.direct {
		defer os.Remove(o.tmp.Name())
		// A replaced file keeps its mode; a new one has the umask's.
		if st, err := os.Stat(o.target); err == nil {
			if err := o.tmp.Chmod(st.Mode().Perm()); err != nil {
				o.tmp.Close()
				return err
			}
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
	if _, err := io.Copy(w, o.tmp); err != nil {
		if errors.Is(err, syscall.EPIPE) {
			return fmt.Errorf("%s was closed before the records were written (broken pipe)", o.Target())
		}
		return fmt.Errorf("%s: %w", o.Target(), err)
	}
	return nil
}

// Abort removes what was written. It is safe after Commit.
func (o *Output) Abort() {
	if o.done {
		return
	}
	o.done = true
	o.tmp.Close()
	if o.target != "" && !o.direct {
		os.Remove(o.tmp.Name())
	}
}

// Spool is a temporary file for data that waits for the end of a run. It
// has no name (see internal/tempfile): nothing of it is left however the run
// ends.
type Spool struct {
	f *os.File
	n int64
}

// NewSpool creates a spool in the temporary directory.
func NewSpool() (*Spool, error) {
	f, err := tempfile.New("", "aitkit-*.tmp")
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

// Section reads what was written, from any offset, while the spool is
// open: a body to send, and send again.
func (s *Spool) Section() *io.SectionReader { return io.NewSectionReader(s.f, 0, s.n) }

// Close removes the spool.
func (s *Spool) Close() error { return s.f.Close() }

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
