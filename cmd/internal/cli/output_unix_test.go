//go:build !windows

package cli

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestOutputUmask: a new output file has the mode any new file gets under
// the user's umask (0640 under 027, 0600 under 077), never a fixed 0644.
// Not parallel: the umask is the process's.
func TestOutputUmask(t *testing.T) {
	for umask, want := range map[int]os.FileMode{0o027: 0o640, 0o077: 0o600, 0o002: 0o664} {
		old := syscall.Umask(umask)
		target := filepath.Join(t.TempDir(), "out.csv")
		o, err := CreateOutput(target, nil)
		if err == nil {
			io.WriteString(o.Writer(), "x")
			err = o.Commit()
		}
		syscall.Umask(old)
		if err != nil {
			t.Fatal(err)
		}
		if st, _ := os.Stat(target); st.Mode().Perm() != want {
			t.Errorf("umask %03o: a new output has mode %v, want %v", umask, st.Mode().Perm(), want)
		}
	}
}

// TestTemporaryFilesHaveNoName: the temporary file behind standard output
// and a spool have no name in $TMPDIR while they are in use, so nothing of
// them can be left when the run ends, however it ends (a closed pipe,
// kill -9).
func TestTemporaryFilesHaveNoName(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	var stdout bytes.Buffer
	o, err := CreateOutput("-", &stdout)
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(o.Writer(), "records")
	s, err := NewSpool()
	if err != nil {
		t.Fatal(err)
	}
	s.Write([]byte("spooled"))
	if entries, _ := os.ReadDir(tmp); len(entries) != 0 {
		t.Errorf("in $TMPDIR while in use: %v", entries)
	}
	if b, _ := io.ReadAll(s.Section()); string(b) != "spooled" {
		t.Errorf("spool holds %q", b)
	}
	if err := o.Commit(); err != nil || stdout.String() != "records" {
		t.Errorf("Commit: %v, %q", err, stdout.String())
	}
	s.Close()
}

// TestClosedPipe: committing to a pipe whose reader has gone is an error
// that says so, not a death by SIGPIPE.
func TestClosedPipe(t *testing.T) {
	ignoreBrokenPipe()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	r.Close()
	o, _ := CreateOutput("-", w)
	io.WriteString(o.Writer(), "records")
	err = o.Commit()
	w.Close()
	if err == nil || !bytes.Contains([]byte(err.Error()), []byte("broken pipe")) {
		t.Errorf("Commit to a closed pipe: %v", err)
	}
}
