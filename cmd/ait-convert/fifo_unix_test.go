//go:build unix

package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestNamedPipeOutput: -o a named pipe writes into it, never renames over it.
func TestNamedPipeOutput(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip(err)
	}
	got := make(chan []byte)
	go func() {
		b, _ := os.ReadFile(fifo)
		got <- b
	}()
	r := runWith(t, nil, td+"xlsx/date1904.xlsx", "-o", fifo)
	if r.Code != 0 {
		t.Fatalf("exit %d: %s", r.Code, r.Stderr)
	}
	if b := <-got; !strings.Contains(string(b), `"M-1"`) {
		t.Errorf("pipe got %q", b)
	}
	if st, err := os.Stat(fifo); err != nil || st.Mode()&os.ModeNamedPipe == 0 {
		t.Error("the named pipe was renamed over")
	}
}
