//go:build !windows

package cli

import (
	"os"
	"os/signal"
	"syscall"
)

// anonymousTemp creates a temporary file and removes its name at once:
// the file lives while it is open, and the system frees it when the
// process ends, however it ends.
func anonymousTemp() (*os.File, error) {
	f, err := os.CreateTemp("", "aitkit-*.tmp")
	if err != nil {
		return nil, err
	}
	if err := os.Remove(f.Name()); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// ignoreBrokenPipe makes a write to a closed pipe (stdout into `head -1`)
// return EPIPE, an error the run handles, cleaning up as it ends, instead
// of killing the process with SIGPIPE.
func ignoreBrokenPipe() { signal.Ignore(syscall.SIGPIPE) }
